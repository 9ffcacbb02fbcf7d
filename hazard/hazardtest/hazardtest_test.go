package hazardtest

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// broken is a hazard with one fault: it hits component 0 and link 0 at
// 1 h, then applies edit.
type broken struct {
	name  string
	calls int
	edit  func(b *broken, n *network.Network, im []hazard.Impact) []hazard.Impact
}

func (b *broken) Name() string { return b.name }

func (b *broken) Impacts(n *network.Network, _ hazard.Rand) ([]hazard.Impact, error) {
	b.calls++
	im := []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Suspend, Target: 0},
		{Time: sim.Hour, Kind: hazard.Suspend, Target: 0, Link: true},
	}
	return b.edit(b, n, im), nil
}

func line(t *testing.T) *network.Network {
	b := network.NewBuilder()
	for _, id := range []string{"a", "b"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Power, Location: &network.Point{X: 1, Y: 2}})
	}
	b.AddLink(network.Link{ID: "l", From: "a", To: "b", Geometry: []network.Point{{X: 1, Y: 2}, {X: 1, Y: 2.5}, {X: 1, Y: 2}}})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCheckCatches runs the suite on hazards broken on purpose: each must
// fail for its fault, and the correct one must pass.
func TestCheckCatches(t *testing.T) {
	same := func(_ *broken, _ *network.Network, im []hazard.Impact) []hazard.Impact { return im }
	for _, tc := range []struct {
		name, label, want string
		edit              func(b *broken, n *network.Network, im []hazard.Impact) []hazard.Impact
	}{
		{"correct", "h", "", same},
		{"unnamed", "", "empty name", same},
		{"unsorted", "h", "not sorted", func(_ *broken, _ *network.Network, im []hazard.Impact) []hazard.Impact {
			im[0], im[1] = im[1], im[0]
			return im
		}},
		{"nondeterministic", "h", "differ", func(b *broken, _ *network.Network, im []hazard.Impact) []hazard.Impact {
			im[0].Time += sim.Time(b.calls)
			return im
		}},
		{"NaN factor", "h", "factor", func(_ *broken, _ *network.Network, im []hazard.Impact) []hazard.Impact {
			im[0].Kind, im[0].Factor = hazard.SetFactor, math.NaN()
			return im
		}},
		{"unknown target", "h", "impact on component", func(_ *broken, _ *network.Network, im []hazard.Impact) []hazard.Impact {
			im[0].Target = 7
			return im
		}},
		{"writes a geometry", "h", "changed", func(_ *broken, n *network.Network, im []hazard.Impact) []hazard.Impact {
			n.Geometry(0)[1].X += 1
			return im
		}},
		{"writes the adjacency", "h", "changed", func(_ *broken, n *network.Network, im []hazard.Impact) []hazard.Impact {
			_, _, link := n.CSR()
			link[0]++
			return im
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := check(line(t), &broken{name: tc.label, edit: tc.edit})
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("a correct hazard fails: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want one saying %q", err, tc.want)
			}
			if tc.name == "writes a geometry" && !errors.Is(err, errMutated) {
				t.Fatalf("error %v does not wrap errMutated", err)
			}
		})
	}
}
