// Package flowtest is the conformance suite every sector model runs: purity
// (the network and the state are not modified), determinism (the same
// inputs give the same output, also from a fresh model), served ⊆
// functional, fractions in [0, 1], and trips only of functional members.
// It depends only on testing and the packages it checks.
package flowtest

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
)

// Run checks every model built by the factories on every sector of n,
// under the intact state and under 20 random damage states (a seeded
// stream: the same states every run).
func Run(t *testing.T, n *network.Network, factories map[string]flow.Factory) {
	t.Helper()
	names := make([]string, 0, len(factories))
	for k := range factories {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			for s := range n.Sectors() {
				check(t, n, s, factories[name])
			}
		})
	}
}

func check(t *testing.T, n *network.Network, s network.SectorIndex, f flow.Factory) {
	t.Helper()
	m1, err := f(n, s)
	if err != nil {
		t.Fatalf("factory: %v", err)
	}
	m2, _ := f(n, s)
	rng := rand.New(rand.NewPCG(1, uint64(s)))
	st := network.NewState(n)
	for trial := range 21 {
		st.Reset()
		if trial > 0 {
			for i := range n.Components() {
				if rng.Float64() < 0.2 {
					st.Set(i, network.Damaged)
				}
			}
			for l := range n.Links() {
				if rng.Float64() < 0.2 {
					st.SetLink(l, network.Damaged)
				}
			}
		}
		before := snapshot(n, st)
		o1, o2 := flow.NewOutput(n), flow.NewOutput(n)
		m1.Serve(n, s, st, o1)
		o1.Trip = o1.Trip[:0]
		m1.Serve(n, s, st, o1) // a second call on a used model
		m2.Serve(n, s, st, o2)
		if after := snapshot(n, st); !slices.Equal(before, after) {
			t.Fatalf("%s: Serve modified the state", m1.Name())
		}
		for _, i := range n.SectorMembers(s) {
			v := o1.Served[i]
			if !(v >= 0 && v <= 1) {
				t.Fatalf("%s: served[%s] = %v outside [0, 1]", m1.Name(), n.ComponentID(i), v)
			}
			if v > 0 && !st.Functional(i) {
				t.Fatalf("%s: served[%s] = %v but it is not functional", m1.Name(), n.ComponentID(i), v)
			}
			if v != o2.Served[i] {
				t.Fatalf("%s: not deterministic at %s: %v vs %v", m1.Name(), n.ComponentID(i), v, o2.Served[i])
			}
		}
		if !slices.Equal(o1.Trip, o2.Trip) {
			t.Fatalf("%s: trips not deterministic: %v vs %v", m1.Name(), o1.Trip, o2.Trip)
		}
		for _, i := range o2.Trip {
			if !st.Functional(i) || n.ComponentSector(i) != s {
				t.Fatalf("%s: trip of %s, which is not a functional member", m1.Name(), n.ComponentID(i))
			}
		}
	}
}

func snapshot(n *network.Network, st *network.State) []float64 {
	var v []float64
	for i := range n.Components() {
		v = append(v, float64(st.Flags(i)), st.Factor(i))
	}
	for l := range n.Links() {
		v = append(v, float64(st.LinkFlags(l)), st.LinkFactor(l))
	}
	return v
}
