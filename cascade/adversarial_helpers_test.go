package cascade

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// toy is a small hand-built network for the adversarial tests: every
// component has demand 1 and population 1 unless set otherwise, links are
// undirected, and components, links and requirements are named.
type toy struct {
	t *testing.T
	b *network.Builder
	n *network.Network
}

func newToy(t *testing.T) *toy {
	t.Helper()
	return &toy{t: t, b: network.NewBuilder()}
}

// source and consumer add a sector source or consumer.
func (c *toy) source(id string, s network.Sector) {
	c.b.AddComponent(network.Component{ID: id, Sector: s, Role: network.RoleSource, Demand: 1, Population: 1})
}

func (c *toy) consumer(id string, s network.Sector) {
	c.b.AddComponent(network.Component{ID: id, Sector: s, Role: network.RoleConsumer, Demand: 1, Population: 1})
}

func (c *toy) add(comp network.Component) { c.b.AddComponent(comp) }

func (c *toy) link(id, from, to string) {
	c.b.AddLink(network.Link{ID: id, From: from, To: to})
}

func (c *toy) need(r network.Requirement) { c.b.AddRequirement(r) }

func (c *toy) build() *network.Network {
	c.t.Helper()
	n, err := c.b.Build()
	if err != nil {
		c.t.Fatal(err)
	}
	c.n = n
	return n
}

// i returns component id's index.
func (c *toy) i(id string) int32 {
	c.t.Helper()
	i, ok := c.n.ComponentIndex(id)
	if !ok {
		c.t.Fatalf("no component %q", id)
	}
	return i
}

// l returns link id's index.
func (c *toy) l(id string) int32 {
	c.t.Helper()
	l, ok := c.n.LinkIndex(id)
	if !ok {
		c.t.Fatalf("no link %q", id)
	}
	return l
}

func (c *toy) imp(at sim.Time, k hazard.ImpactKind, id string) hazard.Impact {
	return hazard.Impact{Time: at, Kind: k, Target: c.i(id)}
}

func (c *toy) limp(at sim.Time, k hazard.ImpactKind, id string) hazard.Impact {
	return hazard.Impact{Time: at, Kind: k, Target: c.l(id), Link: true}
}

// run runs the impacts on a fresh engine with opts and, as a cross-check,
// on the same engine a second time (the restored intact state) and with
// the change log off: the three must agree on everything the log does not
// hold.
func (c *toy) run(opts Options, im ...hazard.Impact) *Result {
	c.t.Helper()
	e, err := New(c.n, opts)
	if err != nil {
		c.t.Fatal(err)
	}
	r, err := e.Run(context.Background(), Input{Impacts: im})
	if err != nil {
		c.t.Fatal(err)
	}
	again, err := e.Run(context.Background(), Input{Impacts: im})
	if err != nil {
		c.t.Fatal(err)
	}
	if d := diffResults(r, again, true); d != "" {
		c.t.Fatalf("a reused engine differs from a fresh one: %s", d)
	}
	opts.NoChangeLog = true
	off, err := New(c.n, opts)
	if err != nil {
		c.t.Fatal(err)
	}
	q, err := off.Run(context.Background(), Input{Impacts: im})
	if err != nil {
		c.t.Fatal(err)
	}
	if d := diffResults(r, q, false); d != "" {
		c.t.Fatalf("NoChangeLog changes the run: %s", d)
	}
	return r
}

// diffResults describes the first difference between two results, "" when
// they agree (on the change log and causes too when log is set).
func diffResults(a, b *Result, log bool) string {
	switch {
	case a.Complete != b.Complete || a.End != b.End:
		return fmt.Sprintf("complete/end %v %v vs %v %v", a.Complete, a.End, b.Complete, b.End)
	case a.Direct != b.Direct || a.Induced != b.Induced:
		return fmt.Sprintf("direct/induced %d/%d vs %d/%d", a.Direct, a.Induced, b.Direct, b.Induced)
	case !slices.Equal(a.Final, b.Final):
		return "final flags"
	case !slices.EqualFunc(a.Series, b.Series, func(x, y Series) bool {
		return x.Sector == y.Sector && x.TotalDemand == y.TotalDemand && x.TotalPopulation == y.TotalPopulation && slices.Equal(x.Points, y.Points)
	}):
		return "series"
	case !slices.EqualFunc(a.Reasons, b.Reasons, func(x, y ReasonSeries) bool { return x.Sector == y.Sector && slices.Equal(x.Points, y.Points) }):
		return "reasons"
	case !slices.Equal(a.Supply, b.Supply):
		return fmt.Sprintf("supply %v vs %v", a.Supply, b.Supply)
	case !slices.Equal(a.Levels, b.Levels):
		return "levels"
	case !slices.Equal(a.Outage, b.Outage) || !slices.Equal(a.LinkOutage, b.LinkOutage):
		return "outage summaries"
	case a.Ignored != b.Ignored:
		return "ignored impacts"
	}
	if !log {
		return ""
	}
	// The summaries agree with the change log (read through both results'
	// indexes, so that they stay alike for reflect.DeepEqual).
	for i := range int32(len(a.Outage)) {
		if d := outageSummary(a.Outages(i), a.End); d != a.Outage[i] || len(b.Outages(i)) != int(d.Count) {
			return fmt.Sprintf("component %d's summary %+v, log says %+v", i, a.Outage[i], d)
		}
	}
	for l := range int32(len(a.LinkOutage)) {
		if d := outageSummary(a.LinkOutages(l), a.End); d != a.LinkOutage[l] || len(b.LinkOutages(l)) != int(d.Count) {
			return fmt.Sprintf("link %d's summary %+v, log says %+v", l, a.LinkOutage[l], d)
		}
	}
	if !slices.Equal(a.Changes, b.Changes) {
		return fmt.Sprintf("changes\n%v\nvs\n%v", a.Changes, b.Changes)
	}
	if !slices.Equal(a.Causes, b.Causes) {
		return fmt.Sprintf("causes\n%v\nvs\n%v", a.Causes, b.Causes)
	}
	return ""
}

// wantOutages checks component id's [down, up) intervals (up −1: still
// down at the end).
func (c *toy) wantOutages(r *Result, id string, want ...[2]sim.Time) {
	c.t.Helper()
	if got := r.Outages(c.i(id)); !slices.Equal(got, want) {
		c.t.Errorf("%s down %v, want %v", id, got, want)
	}
}

// at returns component id's flags and factor in force at time t, from the
// change log.
func (c *toy) at(r *Result, id string, t sim.Time) (network.Flags, float64) {
	i := c.i(id)
	f, x := network.Flags(0), 1.0
	for _, ch := range r.Changes {
		if ch.Time > t {
			break
		}
		if !ch.Link && ch.Entity == i {
			f, x = ch.New, ch.NewFactor
		}
	}
	return f, x
}

// checkChains walks every recorded change's causes back to a root: the
// walk ends, every parent is no later than its child, and every root is an
// impact, a reclose, the intact state's settling or a trip of an overload
// present in the intact state.
func checkChains(t *testing.T, r *Result) {
	t.Helper()
	for k, ch := range r.Changes {
		id, steps := ch.Cause, 0
		if id < 0 {
			t.Errorf("change %d (%+v) has no cause", k, ch)
			continue
		}
		if r.Causes[id].Time != ch.Time {
			t.Errorf("change %d at %v cites cause %d at %v", k, ch.Time, id, r.Causes[id].Time)
		}
		for r.Causes[id].Parent >= 0 {
			p := r.Causes[id].Parent
			if r.Causes[p].Time > r.Causes[id].Time {
				t.Errorf("change %d: cause %d at %v has parent %d at %v, later", k, id, r.Causes[id].Time, p, r.Causes[p].Time)
			}
			if steps++; steps > len(r.Causes) {
				t.Fatalf("change %d: cause chain does not end", k)
			}
			id = p
		}
		switch root := r.Causes[id]; root.Mechanism {
		case ByImpact, ByReclose:
		case Initial:
			if root.Time != 0 {
				t.Errorf("change %d: initial root at %v", k, root.Time)
			}
		case ByTrip:
			// A trip armed by the intact state's overload (above its
			// rating since time 0) has no event to cite.
			if root.Time != root.Above {
				t.Errorf("change %d: chain ends at a trip armed at %v", k, root.Time-root.Above)
			}
		default:
			t.Errorf("change %d (%+v): chain ends at a %s cause (%+v), not at an impact", k, ch, root.Mechanism, root)
		}
	}
}

// outageSummary summarises outage intervals (up = −1: open at end).
func outageSummary(iv [][2]sim.Time, end sim.Time) OutageStats {
	o := OutageStats{First: -1}
	for _, x := range iv {
		if o.First < 0 {
			o.First = x[0]
		}
		o.Count++
		if x[1] < 0 {
			x[1] = end
		}
		o.Total += x[1] - x[0]
	}
	return o
}
