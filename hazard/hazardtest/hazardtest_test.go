package hazardtest_test

import (
	"math"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/hazardtest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

func line(t *testing.T) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	for _, id := range []string{"a", "b", "c", "d"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Power, Kind: network.KindSubstation,
			Location: &network.Point{X: -90, Y: 35}, Demand: 1})
	}
	b.AddLink(network.Link{ID: "ab", From: "a", To: "b"})
	b.AddLink(network.Link{ID: "bc", From: "b", To: "c"})
	b.AddLink(network.Link{ID: "cd", From: "c", To: "d"})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// broken is a hazard that breaks one rule of the contract at a time.
type broken struct {
	name  string
	calls *int
	edit  func(n *network.Network, r hazard.Rand, calls int) []hazard.Impact
	temp  float64 // reported intensity
}

func (b *broken) Name() string { return b.name }

func (b *broken) Impacts(n *network.Network, r hazard.Rand) ([]hazard.Impact, error) {
	*b.calls++
	return b.edit(n, r, *b.calls), nil
}

func (b *broken) IntensityAt(*network.Network, network.Point, sim.Time, hazard.Rand) (float64, error) {
	return b.temp, nil
}

// TestCheckCatches: each way of breaking the contract is reported with a
// message naming it; a correct keyed hazard passes.
func TestCheckCatches(t *testing.T) {
	keyedHits := func(n *network.Network, r hazard.Rand, _ int) []hazard.Impact {
		var out []hazard.Impact
		for i := range n.Components() {
			if s := r.Component(n, i); s.Float64() < 0.5 {
				out = append(out, hazard.Impact{Kind: hazard.Damage, Target: i})
			}
		}
		for l := range n.Links() {
			if s := r.Link(n, l); s.Float64() < 0.5 {
				out = append(out, hazard.Impact{Kind: hazard.Damage, Target: l, Link: true})
			}
		}
		return out
	}
	for _, tc := range []struct {
		name, want string
		temp       float64
		edit       func(n *network.Network, r hazard.Rand, calls int) []hazard.Impact
	}{
		{"correct", "", 30, keyedHits},
		{"", "empty name", 0, keyedHits},
		{"unsorted", "not sorted", 0, func(*network.Network, hazard.Rand, int) []hazard.Impact {
			return []hazard.Impact{{Time: 2, Kind: hazard.Damage, Target: 0}, {Time: 1, Kind: hazard.Damage, Target: 1}}
		}},
		{"stateful", "differ between two calls", 0, func(_ *network.Network, _ hazard.Rand, calls int) []hazard.Impact {
			return []hazard.Impact{{Time: sim.Time(calls), Kind: hazard.Damage, Target: 0}}
		}},
		{"invalid", "impact 0", 0, func(*network.Network, hazard.Rand, int) []hazard.Impact {
			return []hazard.Impact{{Kind: hazard.Damage, Target: 9}}
		}},
		{"infinite demand", "not finite", 0, func(*network.Network, hazard.Rand, int) []hazard.Impact {
			return []hazard.Impact{{Kind: hazard.SetFactor, Param: hazard.Demand, Target: 0, Factor: math.Inf(1)}}
		}},
		{"nan intensity", "intensity NaN", math.NaN(), keyedHits},
		{"sequential draws", "keyed by entity ID", 0, func(n *network.Network, r hazard.Rand, _ int) []hazard.Impact {
			s := r.Stream()
			var out []hazard.Impact
			for i := range n.Components() {
				if s.Float64() < 0.5 {
					out = append(out, hazard.Impact{Kind: hazard.Damage, Target: i})
				}
			}
			return out
		}},
		{"indexed", "keyed by entity ID", 0, func(*network.Network, hazard.Rand, int) []hazard.Impact {
			return []hazard.Impact{{Kind: hazard.Damage, Target: 1}}
		}},
		{"mutates", "network changed", 0, func(n *network.Network, _ hazard.Rand, _ int) []hazard.Impact {
			s, _ := n.SectorIndexOf(network.Power)
			m := n.SectorMembers(s)
			m[0] = m[1]
			return nil
		}},
	} {
		calls := 0
		err := hazardtest.Check(line(t), &broken{name: tc.name, calls: &calls, edit: tc.edit, temp: tc.temp}, hazardtest.Options{})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

// TestVariant: the extra entities come first and every entity of n keeps
// its ID and attributes.
func TestVariant(t *testing.T) {
	n := line(t)
	v, err := hazardtest.Variant(n)
	if err != nil {
		t.Fatal(err)
	}
	if v.NumComponents() != n.NumComponents()+2 || v.NumLinks() != n.NumLinks()+1 {
		t.Fatalf("variant has %d components, %d links", v.NumComponents(), v.NumLinks())
	}
	if v.ComponentID(0) != hazardtest.ExtraPrefix+"-from" || v.LinkID(0) != hazardtest.ExtraPrefix {
		t.Fatalf("extras not first: %s, %s", v.ComponentID(0), v.LinkID(0))
	}
	for i := range n.Components() {
		j, ok := v.ComponentIndex(n.ComponentID(i))
		if !ok || v.Demand(j) != n.Demand(i) || j == i {
			t.Fatalf("component %s: index %d → %d, demand %v → %v", n.ComponentID(i), i, j, n.Demand(i), v.Demand(j))
		}
	}
}

// lossy is a compound whose Impacts leave out its second part.
type lossy struct{}

func (lossy) Name() string { return "lossy" }

func (lossy) Parts(*network.Network, hazard.Rand) ([]hazard.Part, error) {
	return []hazard.Part{
		{Name: "lossy", Parent: -1, Impacts: []hazard.Impact{{Kind: hazard.Damage, Target: 0}}},
		{Name: "second", Parent: 0, Site: -1, Impacts: []hazard.Impact{{Kind: hazard.Damage, Target: 1}}},
	}, nil
}

func (l lossy) Impacts(n *network.Network, r hazard.Rand) ([]hazard.Impact, error) {
	p, _ := l.Parts(n, r)
	return p[0].Impacts, nil
}

func TestCheckCatchesCompound(t *testing.T) {
	err := hazardtest.Check(line(t), lossy{}, hazardtest.Options{Unkeyed: "targets are indices"})
	if err == nil || !strings.Contains(err.Error(), "Flatten") {
		t.Fatalf("got %v, want the parts' impacts compared", err)
	}
}

// early is a trigger that answers a failure with an impact before it.
type early struct{}

func (early) Name() string { return "early" }

func (early) Impacts(*network.Network, hazard.Rand) ([]hazard.Impact, error) { return nil, nil }

func (early) Trigger(_ *network.Network, t sim.Time, i int32, _, _ network.Flags, _ hazard.Rand) []hazard.Impact {
	return []hazard.Impact{{Time: t - 1, Kind: hazard.Suspend, Target: i}}
}

func TestCheckCatchesEarlyTrigger(t *testing.T) {
	err := hazardtest.Check(line(t), early{}, hazardtest.Options{})
	if err == nil || !strings.Contains(err.Error(), "started by") {
		t.Fatalf("got %v, want the early impact reported", err)
	}
}
