package cli

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/scenarios"
	"github.com/lifeline-sim/lifeline/sim"
)

// runExplain is lifeline explain SCENARIO COMPONENT [--at TIME]
// [--replication K] [--dot]: it runs the scenario's replication K (default
// 1; a scenario of several replications says which it explains on stderr
// unless --quiet or --json) and prints the chain of causes
// behind the component's (or link's) state at TIME (default: when its
// first outage began, or the end of the run when it had none; a TIME
// after the scenario's horizon is refused), back to the hazard that
// started it.
func runExplain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const name = "explain"
	fs, o := newFlags(name, explainArgs, "Explain a component's or link's state: its last change by TIME and the chain of causes behind it.", stderr)
	var at sim.Time = -1
	fs.Func("at", "the instant to explain, a duration such as 3h or 1d12h (default: the start of its first outage, else the end of the run)", func(s string) error {
		t, err := sim.ParseDuration(s)
		at = t
		return err
	})
	rep := fs.Int("replication", 1, "the replication to explain, from 1")
	dot := fs.Bool("dot", false, "print the chain as a Graphviz digraph")
	pos, code, ok := o.parse(args)
	if !ok {
		return code
	}
	if len(pos) != 2 {
		return o.usageError("want a scenario and a component ID, got %d arguments", len(pos))
	}
	sc, err := loadScenario(pos[0])
	if err != nil {
		return o.fail(err)
	}
	reps := max(sc.Replications, 1)
	repGiven := false
	fs.Visit(func(f *flag.Flag) { repGiven = repGiven || f.Name == "replication" })
	if *rep < 1 || *rep > reps {
		return o.usageError("--replication %d is not one of the %d replications of %s (from 1)", *rep, reps, sc.Name)
	}
	if sc.Horizon > 0 && at > sc.Horizon {
		return o.usageError("--at %v is after the horizon %v of %s: the run ends before it", at, sc.Horizon, sc.Name)
	}
	id := pos[1]
	net := sc.Network
	comp, isComp := net.ComponentIndex(id)
	link, isLink := net.LinkIndex(id)
	if !isComp && !isLink {
		var ids []string
		for i := range net.Components() {
			ids = append(ids, net.ComponentID(i))
		}
		for l := range net.Links() {
			ids = append(ids, net.LinkID(l))
		}
		return o.fail(fmt.Errorf("%w: no component or link %q in %s%s", scenarios.ErrUnknownName, id, net.Name(), closest(id, ids)))
	}
	k := *rep
	if reps > 1 && !repGiven && !o.quiet && !o.json {
		fmt.Fprintf(stderr, "explaining replication 1 of %d (--replication picks another)\n", reps)
	}
	// Each replication draws from its own streams: running the first k
	// gives replication k as a full run would.
	one := *sc
	one.Replications = k
	results, err := run(ctx, &one, o, stderr, scenarios.RunOptions{})
	if err != nil {
		return o.fail(err)
	}
	res := results[k-1]
	if at < 0 {
		at = defaultAt(res, comp, link, isComp)
	}
	var chain cascade.Chain
	if isComp {
		chain, ok = res.Explain(comp, at)
	} else {
		chain, ok = res.ExplainLink(link, at)
	}
	switch {
	case o.quiet:
	case !ok && o.json:
		err = writeJSON(stdout, []any{})
	case !ok:
		_, err = fmt.Fprintf(stdout, "%s did not change by %v: it kept its initial state\n", id, at)
	case *dot:
		err = chain.WriteDOT(stdout)
	case o.json:
		err = chain.WriteJSON(stdout)
	default:
		err = chain.WriteText(stdout)
	}
	if err != nil {
		return o.fail(err)
	}
	return ExitOK
}

// defaultAt is the instant explain tells about without --at: the start of
// the entity's first outage, the story a user asks for (at the end of the
// run a component brought back is explained by its repair), or the end of
// the run when it never went out.
func defaultAt(res *cascade.Result, comp, link int32, isComp bool) sim.Time {
	o := res.OutageOf
	i := comp
	if !isComp {
		o, i = res.LinkOutageOf, link
	}
	if first := o(i).First; first >= 0 {
		return first
	}
	return res.End
}
