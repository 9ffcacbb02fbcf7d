package hazardtest

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Run checks h on n for a few seeds: a non-empty name, the same impacts
// from two calls with the same Rand (keyed as the engine keys it,
// hazard.NewRand with the hazard's name), sorted and valid (which makes
// every factor finite), and the network unchanged by the calls (everything
// its accessors show, slices they alias included).
func Run(t *testing.T, n *network.Network, h hazard.Hazard) {
	t.Helper()
	if err := check(n, h); err != nil {
		t.Fatal(err)
	}
}

// check is Run's verdict.
func check(n *network.Network, h hazard.Hazard) error {
	if h.Name() == "" {
		return fmt.Errorf("%T: empty name (it keys the hazard's random numbers)", h)
	}
	before := fingerprint(n)
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
		for k := range a {
			if err := a[k].Validate(n); err != nil {
				return fmt.Errorf("%s: impact %d: %w", h.Name(), k, err)
			}
		}
		if !slices.Equal(a, b) {
			return fmt.Errorf("%s: impacts differ between two calls with the same Rand", h.Name())
		}
		if !slices.IsSortedFunc(a, hazard.Compare) {
			return fmt.Errorf("%s: impacts not sorted", h.Name())
		}
		if fingerprint(n) != before {
			return fmt.Errorf("%s: %w", h.Name(), errMutated)
		}
	}
	return nil
}

var errMutated = errors.New("the network changed during Impacts (a hazard must not modify it)")

// fingerprint hashes everything n's accessors show: sectors, zones,
// attributes, every component, link and requirement in input form, and
// the adjacency.
func fingerprint(n *network.Network) uint64 {
	h := fnv.New64a()
	for s, name := range n.Sectors() {
		fmt.Fprint(h, s, name, n.SectorMembers(s), n.Sources(s))
	}
	for z := range int32(n.NumZones()) {
		io.WriteString(h, n.ZoneName(z))
	}
	for k, v := range n.Attrs() {
		fmt.Fprint(h, k, math.Float64bits(v))
	}
	fmt.Fprint(h, n.Name(), n.CRS())
	for i := range n.Components() {
		c := n.Component(i)
		if c.Location != nil {
			fmt.Fprint(h, math.Float64bits(c.Location.X), math.Float64bits(c.Location.Y))
			c.Location = nil
		}
		fmt.Fprintf(h, "%v", c)
	}
	for l := range n.Links() {
		fmt.Fprintf(h, "%v", n.Link(l))
	}
	for r := range n.Requirements() {
		fmt.Fprintf(h, "%v", n.Requirement(r))
	}
	off, nbr, link := n.CSR()
	fmt.Fprint(h, off, nbr, link)
	return h.Sum64()
}
