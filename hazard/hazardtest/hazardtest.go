package hazardtest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Run checks h on n with Check and fails t with its error.
func Run(t *testing.T, n *network.Network, h hazard.Hazard) {
	t.Helper()
	if err := Check(n, h); err != nil {
		t.Fatal(err)
	}
}

// Check checks h on n for a few seeds: a non-empty name, the same impacts
// from two calls with the same Rand (keyed as the engine keys it,
// hazard.NewRand with the hazard's name), sorted and valid, and every
// component and link of n as it was before (the input form of each
// compared in depth), so a hazard that wrote through a slice the network
// shares (a link's Geometry) is caught.
func Check(n *network.Network, h hazard.Hazard) error {
	if h.Name() == "" {
		return fmt.Errorf("%T: empty name (it keys the hazard's random numbers)", h)
	}
	before := snapshot(n)
	for seed := range uint64(5) {
		r := hazard.NewRand(sim.ReplicationSeed(seed, 0), h.Name())
		a, err := h.Impacts(n, r)
		if err != nil {
			return fmt.Errorf("%s: %w", h.Name(), err)
		}
		b, err := h.Impacts(n, r)
		if err != nil {
			return fmt.Errorf("%s: second call: %w", h.Name(), err)
		}
		if !slices.Equal(a, b) {
			return fmt.Errorf("%s: impacts differ between two calls with the same Rand", h.Name())
		}
		if !slices.IsSortedFunc(a, hazard.Compare) {
			return fmt.Errorf("%s: impacts not sorted", h.Name())
		}
		for k := range a {
			if err := a[k].Validate(n); err != nil {
				return fmt.Errorf("%s: impact %d: %w", h.Name(), k, err)
			}
		}
	}
	if !reflect.DeepEqual(before, snapshot(n)) {
		return errors.New(h.Name() + ": the network changed")
	}
	return nil
}

// state is the input form of every entity of a network.
type state struct {
	components []network.Component
	links      []network.Link
	crs        network.CRS
}

func snapshot(n *network.Network) state {
	s := state{crs: n.CRS()}
	for i := range n.Components() {
		s.components = append(s.components, n.Component(i))
	}
	for l := range n.Links() {
		s.links = append(s.links, n.Link(l))
	}
	return s
}
