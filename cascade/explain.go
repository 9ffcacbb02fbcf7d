package cascade

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Chain is the provenance of one change: its cause first, then each parent
// up to the root (a hazard impact or a responder action). A cause with
// co-parents (Cause.CoFrom) lists them beside its parent in every form;
// the chain itself follows parents only. Writing it in any form costs, per
// cause and co-parent, the changes of its entity (it looks up the status
// the cause set), not the whole change log.
type Chain struct {
	net    *network.Network
	res    *Result
	Causes []Cause
}

// Explain returns the chain of causes behind the state of component i at
// time t: the last change of i at or before t, back to the impacts that
// started it. ok is false when i did not change by t or the change log is
// off. Cost: O(log changes of i + chain length), after an index of the log
// built on the first call (O(changes)).
func (r *Result) Explain(i int32, t sim.Time) (Chain, bool) { return r.explain(i, false, t) }

// ExplainLink is Explain for link l.
func (r *Result) ExplainLink(l int32, t sim.Time) (Chain, bool) { return r.explain(l, true, t) }

func (r *Result) explain(i int32, link bool, t sim.Time) (Chain, bool) {
	mine := r.changesOf(i, link)
	n := sort.Search(len(mine), func(k int) bool { return r.Changes[mine[k]].Time > t })
	if n == 0 {
		return Chain{}, false
	}
	last := mine[n-1]
	if r.Changes[last].Cause < 0 {
		return Chain{}, false
	}
	ch := Chain{net: r.Network, res: r}
	for id := r.Changes[last].Cause; id >= 0 && len(ch.Causes) <= len(r.Causes); id = r.Causes[id].Parent {
		ch.Causes = append(ch.Causes, r.Causes[id])
	}
	return ch, true
}

func (ch Chain) entity(c Cause) string {
	if c.Entity < 0 {
		return "(no component)"
	}
	if c.Link {
		return "link " + ch.net.LinkID(c.Entity)
	}
	id, sector := ch.net.ComponentID(c.Entity), ch.net.SectorName(ch.net.ComponentSector(c.Entity))
	if kind := ch.net.ComponentKind(c.Entity); kind != "" {
		return fmt.Sprintf("%s (%s %s)", id, sector, kind)
	}
	return fmt.Sprintf("%s (%s)", id, sector)
}

// describe says what a cause did in words.
func (ch Chain) describe(c Cause) string {
	if c.Mechanism == ByTrigger { // no change of its own, perhaps no entity
		if c.Entity < 0 {
			return fmt.Sprintf("hazard %q started a secondary hazard", c.Hazard)
		}
		return fmt.Sprintf("%s: hazard %q started a secondary hazard here", ch.entity(c), c.Hazard)
	}
	state := ""
	for _, k := range ch.res.changesOf(c.Entity, c.Link) { // the entity's changes, not the whole log
		if x := ch.res.Changes[k]; x.Cause == c.ID {
			state = statusWord(x.New)
			break
		}
	}
	req := func() string {
		if c.Req < 0 {
			return ""
		}
		var ids []string
		for _, p := range ch.net.Providers(c.Req) {
			ids = append(ids, ch.net.ComponentID(p))
		}
		return fmt.Sprintf(" (requirement on %s, %s)", strings.Join(ids, ", "), ch.net.DepKind(c.Req))
	}
	switch c.Mechanism {
	case ByImpact:
		who := "(input impact)"
		switch {
		case c.Hazard == ResponderAction && c.Impact == 0: // a supply, substitution or top-up
			what := "a responder's action"
			if a, ok := ch.activity(c); ok {
				what = fmt.Sprintf("%s by %s from %v to %v", a.Kind, a.Actor, toSecond(a.Start), toSecond(a.End))
			}
			return strings.TrimSuffix(ch.entity(c)+" "+state, " ") + ": " + what + req()
		case c.Hazard == ResponderAction:
			who = "by a responder"
			if a, ok := ch.activity(c); ok {
				who = fmt.Sprintf("by %s (on site from %v)", a.Actor, toSecond(a.Start))
			}
		case c.Hazard != "":
			who = fmt.Sprintf("by hazard %q", c.Hazard)
		}
		return fmt.Sprintf("%s: %s %s", ch.entity(c), hazard.ImpactKind(c.Impact), who)
	case ByService:
		return fmt.Sprintf("%s %s: sector service changed (cut off from, or rejoined to, its sources)", ch.entity(c), state)
	case ByRequirement:
		return fmt.Sprintf("%s %s: supply%s changed", ch.entity(c), state, req())
	case ByLag:
		return fmt.Sprintf("%s %s: lag ran out%s", ch.entity(c), state, req())
	case ByBuffer:
		return fmt.Sprintf("%s %s: backup buffer ran empty%s", ch.entity(c), state, req())
	case ByTrip:
		what := "capacity"
		if c.Link {
			what = "rating"
		}
		switch {
		case c.Loading > 0 && c.Above == 0:
			return fmt.Sprintf("%s tripped at once at %.0f%% of its %s (at or above the hard limit)", ch.entity(c), 100*c.Loading, what)
		case c.Loading > 0:
			return fmt.Sprintf("%s tripped at %.0f%% of its %s after %v above it", ch.entity(c), 100*c.Loading, what, toSecond(c.Above))
		}
		return fmt.Sprintf("%s %s: tripped (latched)", ch.entity(c), state)
	case ByStock:
		return fmt.Sprintf("%s ran dry", ch.entity(c))
	case ByReclose:
		return fmt.Sprintf("%s reclosed", ch.entity(c))
	}
	return fmt.Sprintf("%s %s: %s", ch.entity(c), state, c.Mechanism)
}

func statusWord(f network.Flags) string {
	switch {
	case !delivering(f):
		return "down [" + f.String() + "]"
	case f&network.OnBackup != 0:
		return "on backup"
	}
	return "up"
}

// toSecond rounds t to the nearest second (halves up) for text output;
// MaxTime ("never") stays.
// activity returns the responder's recorded activity behind root cause c
// on c's entity: for an impact, the last one of the impact's kind
// ("repair") ending at c's time; for a supply, substitution or top-up
// (no impact), the last one starting at c's time, else the last one
// ending then. O(activities).
func (ch Chain) activity(c Cause) (Activity, bool) {
	kind := hazard.ImpactKind(c.Impact).String()
	var ended Activity
	found := false
	for k := len(ch.res.Activities) - 1; k >= 0; k-- {
		a := ch.res.Activities[k]
		if a.Target != c.Entity || a.Link != c.Link {
			continue
		}
		switch {
		case c.Impact != 0:
			if a.Kind == kind && a.End == c.Time {
				return a, true
			}
		case a.Start == c.Time:
			return a, true
		case a.End == c.Time && !found:
			ended, found = a, true
		}
	}
	return ended, found
}

func toSecond(t sim.Time) sim.Time {
	if t >= sim.MaxTime-sim.Second/2 || t < 0 {
		return t
	}
	return (t + sim.Second/2) / sim.Second * sim.Second
}

// WriteText prints the chain one cause per line, effect first, times
// rounded to the second (WriteJSON keeps them exact); the co-parents of a
// cause follow its parent's line, marked "&":
//
//	5h      T (telecom cell_tower) down [unsupplied|unserved]: backup buffer ran empty (requirement on S, physical)
//	  ← 1h      S (power substation): damage by hazard "earthquake"
//	1h      C (power consumer) down [unserved]: sector service changed (cut off from, or rejoined to, its sources)
//	  ← 1h      A (power bus): damage by hazard "quake"
//	  & 1h      B (power bus): damage by hazard "quake"
func (ch Chain) WriteText(w io.Writer) error {
	for k, c := range ch.Causes {
		prefix := ""
		if k > 0 {
			prefix = "  ← "
		}
		if _, err := fmt.Fprintf(w, "%s%-7v %s\n", prefix, toSecond(c.Time), ch.describe(c)); err != nil {
			return err
		}
		if k == 0 {
			continue
		}
		for _, id := range ch.res.CoParentsOf(ch.Causes[k-1].ID) {
			co := ch.res.Causes[id]
			if _, err := fmt.Fprintf(w, "  & %-7v %s\n", toSecond(co.Time), ch.describe(co)); err != nil {
				return err
			}
		}
	}
	return nil
}

// String returns the text form.
func (ch Chain) String() string {
	var b strings.Builder
	_ = ch.WriteText(&b)
	return b.String()
}

type jsonCause struct {
	ID        int32   `json:"id"`
	TimeNS    int64   `json:"time_ns"`
	TimeH     float64 `json:"time_h"`
	Entity    string  `json:"entity"`
	Link      bool    `json:"link,omitempty"`
	Mechanism string  `json:"mechanism"`
	Parent    int32   `json:"parent"`
	CoParents []int32 `json:"co_parents,omitempty"`
	Hazard    string  `json:"hazard,omitempty"`
	Text      string  `json:"text"`
	// CoCauses describes the co-parents, so that the chain reads alone.
	CoCauses []jsonCause `json:"co_parent_causes,omitempty"`
}

// json returns cause c in JSON form, without its co-parents' descriptions.
func (ch Chain) json(c Cause) jsonCause {
	id := ""
	switch {
	case c.Entity < 0:
	case c.Link:
		id = ch.net.LinkID(c.Entity)
	default:
		id = ch.net.ComponentID(c.Entity)
	}
	return jsonCause{ID: c.ID, TimeNS: int64(c.Time), TimeH: c.Time.Hours(), Entity: id, Link: c.Link,
		Mechanism: c.Mechanism.String(), Parent: c.Parent, CoParents: ch.res.CoParentsOf(c.ID), Hazard: c.Hazard, Text: ch.describe(c)}
}

// WriteJSON writes the chain as a JSON array, effect first; times in
// integer nanoseconds and in hours. A cause's co-parents are listed by id
// (co_parents) and described beside it (co_parent_causes, each with the
// fields of a chain entry); the chain's entries are its parents only.
func (ch Chain) WriteJSON(w io.Writer) error {
	out := make([]jsonCause, 0, len(ch.Causes))
	for _, c := range ch.Causes {
		j := ch.json(c)
		for _, id := range j.CoParents {
			j.CoCauses = append(j.CoCauses, ch.json(ch.res.Causes[id]))
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteDOT writes the chain as a Graphviz digraph, root at the top, arrows
// from cause to effect; times rounded to the second. Co-parents are
// drawn as nodes with dashed arrows.
func (ch Chain) WriteDOT(w io.Writer) error {
	var b strings.Builder
	b.WriteString("digraph chain {\n  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\"];\n")
	for k := len(ch.Causes) - 1; k >= 0; k-- {
		c := ch.Causes[k]
		fmt.Fprintf(&b, "  c%d [label=%q];\n", c.ID, fmt.Sprintf("%v\n%s", toSecond(c.Time), ch.describe(c)))
		if c.Parent >= 0 {
			fmt.Fprintf(&b, "  c%d -> c%d [label=%q];\n", c.Parent, c.ID, c.Mechanism.String())
		}
		for _, id := range ch.res.CoParentsOf(c.ID) {
			co := ch.res.Causes[id]
			fmt.Fprintf(&b, "  c%d [label=%q];\n", co.ID, fmt.Sprintf("%v\n%s", toSecond(co.Time), ch.describe(co)))
			fmt.Fprintf(&b, "  c%d -> c%d [label=%q, style=dashed];\n", co.ID, c.ID, c.Mechanism.String())
		}
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}
