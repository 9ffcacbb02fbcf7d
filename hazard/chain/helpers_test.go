package chain_test

import (
	"cmp"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// rise is a hand-written parent hazard: an intensity rising at Rate per
// hour from time 0 everywhere (rain in mm/h, a river in m), with no
// impacts of its own.
type rise struct {
	Label string
	Rate  float64
}

func (r *rise) Name() string { return cmp.Or(r.Label, "rise") }

func (r *rise) Impacts(*network.Network, hazard.Rand) ([]hazard.Impact, error) { return nil, nil }

func (r *rise) IntensityAt(_ *network.Network, _ network.Point, t sim.Time, _ hazard.Rand) (float64, error) {
	return r.Rate * t.Hours(), nil
}

// pool is a hand-written child: water Depth m deep within Radius m of
// Centre from time 0 for Duration, suspending every located component
// there meanwhile.
type pool struct {
	Label    string
	Centre   network.Point
	Radius   float64
	Depth    float64
	Duration sim.Time
}

func (p *pool) Name() string { return cmp.Or(p.Label, "pool") }

func (p *pool) Impacts(n *network.Network, _ hazard.Rand) ([]hazard.Impact, error) {
	var out []hazard.Impact
	for i := range n.Components() {
		if q, ok := n.Location(i); ok && n.CRS().Distance(p.Centre, q) <= p.Radius {
			out = append(out, hazard.Impact{Kind: hazard.Suspend, Target: i},
				hazard.Impact{Time: p.Duration, Kind: hazard.Resume, Target: i})
		}
	}
	hazard.Sort(out)
	return out, nil
}

func (p *pool) IntensityAt(n *network.Network, q network.Point, t sim.Time, _ hazard.Rand) (float64, error) {
	if t < 0 || t >= p.Duration || !(n.CRS().Distance(p.Centre, q) <= p.Radius) {
		return 0, nil
	}
	return p.Depth, nil
}

// roadNode returns the first road intersection of n with a link, and that
// link.
func roadNode(t *testing.T, n *network.Network) (node, road int32) {
	t.Helper()
	for i := range n.Components() {
		if _, links := n.Out(i); n.ComponentKind(i) == network.KindIntersection && len(links) > 0 {
			return i, links[0]
		}
	}
	t.Fatal("no road intersection with a link")
	return -1, -1
}

// cause is what a test expects of one cause of an explanation.
type cause struct {
	hazard string
	mech   cascade.Mechanism
	time   sim.Time
	entity int32
}

// checkCauses compares the causes of ch with want, in order.
func checkCauses(t *testing.T, ch cascade.Chain, want []cause) {
	t.Helper()
	if len(ch.Causes) != len(want) {
		t.Fatalf("%d causes, want %d:\n%s", len(ch.Causes), len(want), ch)
	}
	for k, w := range want {
		if c := ch.Causes[k]; (cause{c.Hazard, c.Mechanism, c.Time, c.Entity}) != w {
			t.Errorf("cause %d: %+v, want %+v\n%s", k, c, w, ch)
		}
	}
}
