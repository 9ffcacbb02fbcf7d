package hazardtest

import (
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Run checks h on n for a few seeds: a non-empty name, the same impacts
// from two calls with the same Rand (keyed as the engine keys it,
// hazard.NewRand with the hazard's name), sorted and valid.
func Run(t *testing.T, n *network.Network, h hazard.Hazard) {
	t.Helper()
	if h.Name() == "" {
		t.Fatalf("%T: empty name (it keys the hazard's random numbers)", h)
	}
	for seed := range uint64(5) {
		r := hazard.NewRand(sim.ReplicationSeed(seed, 0), h.Name())
		a, err := h.Impacts(n, r)
		if err != nil {
			t.Fatalf("%s: %v", h.Name(), err)
		}
		b, err := h.Impacts(n, r)
		if err != nil {
			t.Fatalf("%s: second call: %v", h.Name(), err)
		}
		if !slices.Equal(a, b) {
			t.Fatalf("%s: impacts differ between two calls with the same Rand", h.Name())
		}
		if !slices.IsSortedFunc(a, hazard.Compare) {
			t.Fatalf("%s: impacts not sorted", h.Name())
		}
		for k := range a {
			if err := a[k].Validate(n); err != nil {
				t.Fatalf("%s: impact %d: %v", h.Name(), k, err)
			}
		}
	}
}
