package hazardtest_test

import (
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/hazardtest"
	"github.com/lifeline-sim/lifeline/network"
)

// broken is a hazard whose Impacts misbehaves as told.
type broken struct {
	name  string
	calls int
	fn    func(b *broken, n *network.Network) []hazard.Impact
}

func (b *broken) Name() string { return b.name }

func (b *broken) Impacts(n *network.Network, _ hazard.Rand) ([]hazard.Impact, error) {
	b.calls++
	return b.fn(b, n), nil
}

// TestCheckCatches runs Check on hazards that break each rule.
func TestCheckCatches(t *testing.T) {
	bld := network.NewBuilder()
	bld.AddComponent(network.Component{ID: "a", Sector: network.Power, Role: network.RoleSource})
	bld.AddComponent(network.Component{ID: "b", Sector: network.Power})
	bld.AddLink(network.Link{ID: "ab", From: "a", To: "b", Geometry: []network.Point{{X: 0, Y: 0}, {X: 0.01, Y: 0}}})
	n, err := bld.Build()
	if err != nil {
		t.Fatal(err)
	}
	dmg := func(i int32) hazard.Impact {
		return hazard.Impact{Kind: hazard.Damage, Target: i, State: network.DamageComplete}
	}
	for _, tc := range []struct {
		name, want string
		fn         func(b *broken, n *network.Network) []hazard.Impact
	}{
		{"correct", "", func(*broken, *network.Network) []hazard.Impact { return []hazard.Impact{dmg(0), dmg(1)} }},
		{"", "empty name", func(*broken, *network.Network) []hazard.Impact { return nil }},
		{"unsorted", "not sorted", func(*broken, *network.Network) []hazard.Impact { return []hazard.Impact{dmg(1), dmg(0)} }},
		{"invalid", "impact 0", func(*broken, *network.Network) []hazard.Impact { return []hazard.Impact{dmg(7)} }},
		{"impure", "differ", func(b *broken, _ *network.Network) []hazard.Impact { return []hazard.Impact{dmg(int32(b.calls % 2))} }},
		{"writes the network", "network changed", func(_ *broken, n *network.Network) []hazard.Impact {
			n.Geometry(0)[1].X += 1
			return nil
		}},
	} {
		err := hazardtest.Check(n, &broken{name: tc.name, fn: tc.fn})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}
