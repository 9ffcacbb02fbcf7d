package water_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/lifeline-sim/lifeline/flow/flowtest"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/network"
)

// islands builds a water sector the conformance suite does not generate:
// several disconnected islands (some with no non-tank source at all),
// parallel pipes, directed loops through tanks that feed each other, and
// tanks without storage; plus a power sector whose members and links the
// test lists in Changes where they do not belong.
func islands(t *testing.T, seed uint64) *network.Network {
	rng := rand.New(rand.NewPCG(seed, 31))
	b := network.NewBuilder()
	for k := range 4 + rng.IntN(3) {
		var ids []string
		add := func(kind network.Kind, demand, storage float64) string {
			id := fmt.Sprintf("i%d.%d", k, len(ids))
			role := network.RoleTransit
			switch {
			case kind == network.KindReservoir || kind == network.KindTank:
				role = network.RoleSource
			case demand > 0:
				role = network.RoleConsumer
			}
			b.AddComponent(network.Component{ID: id, Sector: network.Water, Kind: kind, Role: role, Demand: demand, Storage: storage})
			ids = append(ids, id)
			return id
		}
		for range rng.IntN(2) { // island k%3 == 0 may have no reservoir
			add(network.KindReservoir, 0, 0)
		}
		for range 3 + rng.IntN(6) {
			add(network.KindJunction, float64(rng.IntN(4))/8, 0)
		}
		for range 1 + rng.IntN(3) {
			add(network.KindTank, 0, float64(500*rng.IntN(3)))
		}
		pipe := 0
		link := func(a, c string, directed bool) {
			kind := network.KindPipe
			if directed {
				kind = network.KindValve
			}
			b.AddLink(network.Link{ID: fmt.Sprintf("p%d.%d", k, pipe), Kind: kind, From: a, To: c, Directed: directed})
			pipe++
		}
		for i := range ids {
			link(ids[i], ids[(i+1)%len(ids)], rng.IntN(2) == 0)
		}
		for range len(ids) {
			a, c := ids[rng.IntN(len(ids))], ids[rng.IntN(len(ids))]
			if a == c {
				continue
			}
			d := rng.IntN(2) == 0
			link(a, c, d)
			if rng.IntN(3) == 0 { // a parallel pipe
				link(a, c, d)
			}
			if rng.IntN(3) == 0 { // and a pipe back: a directed loop
				link(c, a, true)
			}
		}
	}
	b.AddComponent(network.Component{ID: "G", Sector: network.Power, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "L", Sector: network.Power, Role: network.RoleConsumer, Demand: 1})
	b.AddLink(network.Link{ID: "GL", From: "G", To: "L"})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAdversarialSequences drives the model through 1,500 random steps on
// island networks: damage and repair, every member down then every member
// back, tanks running dry and refilling, pipe breaks, factor changes,
// Changes.All in the middle, and Changes that also list unchanged members
// and links, and elements of another sector. After every Serve the
// verdict the reports add up to must equal a fresh model's from scratch.
func TestAdversarialSequences(t *testing.T) {
	for seed := range uint64(8) {
		n := islands(t, seed)
		s, _ := n.SectorIndexOf(network.Water)
		p, _ := n.SectorIndexOf(network.Power)
		flowtest.Drive(t, n, s, p, seed, 1500, water.Options{}.Factory)
	}
}
