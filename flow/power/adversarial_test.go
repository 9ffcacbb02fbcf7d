package power

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/lifeline-sim/lifeline/flow/flowtest"
	"github.com/lifeline-sim/lifeline/network"
)

// islandGrid builds a power sector the conformance suite does not
// generate: several disconnected islands, some without a generator, some
// whose generators have no capacity (a MATPOWER generator with PMAX 0) or
// almost none, must-run generators (PMIN) and injecting buses, parallel
// lines, pairs of lines whose reactances cancel (a singular island once
// the rest of its path is gone: both the incremental and a fresh model must
// fail), phase shifters, and switches between bus sections and beside
// generator connections (zero-reactance couplers, in loops); plus a water
// sector whose elements the test lists in Changes where they do not
// belong.
func islandGrid(t *testing.T, seed uint64) *network.Network {
	rng := rand.New(rand.NewPCG(seed, 41))
	b := network.NewBuilder()
	b.SetAttr(network.ParamBaseMVA, 100)
	for k := range 3 + rng.IntN(3) {
		var buses []string
		for j := range 3 + rng.IntN(6) {
			id := fmt.Sprintf("b%d.%d", k, j)
			c := network.Component{ID: id, Sector: network.Power, Kind: network.KindBus}
			if j == 0 {
				c.Params = map[network.Param]float64{network.ParamBusType: 3}
			}
			switch rng.IntN(5) {
			case 0, 1, 2:
				c.Role, c.Demand = network.RoleConsumer, float64(5+rng.IntN(30))
			case 3: // a bus that injects (negative demand) with a shunt
				c.Params = map[network.Param]float64{network.ParamPdMW: -float64(1 + rng.IntN(10)), network.ParamGsMW: 2}
			}
			b.AddComponent(c)
			buses = append(buses, id)
		}
		line := 0
		add := func(kind network.Kind, from, to string, x, shift float64) {
			b.AddLink(network.Link{ID: fmt.Sprintf("l%d.%d", k, line), Kind: kind, From: from, To: to, Reactance: x, Shift: shift, Rating: 40})
			line++
		}
		for j := range buses {
			add(network.KindLine, buses[j], buses[(j+1)%len(buses)], 0.05+0.1*rng.Float64(), 0)
		}
		for range len(buses) / 2 {
			a, c := buses[rng.IntN(len(buses))], buses[rng.IntN(len(buses))]
			if a == c {
				continue
			}
			switch rng.IntN(5) {
			case 4: // a parallel pair whose reactances cancel: singular once the rest of the path is gone
				add(network.KindLine, a, c, 0.1, 0)
				add(network.KindLine, a, c, -0.1, 0)
			case 0: // parallel lines
				x := 0.1 + 0.1*rng.Float64()
				add(network.KindLine, a, c, x, 0)
				add(network.KindLine, a, c, x, 0)
			case 1: // a phase shifter
				add(network.KindTransformer, a, c, 0.2, float64(rng.IntN(11)-5))
			case 2: // a switch between bus sections
				add(network.KindSwitch, a, c, 0, 0)
			default: // sometimes series-compensated: a negative reactance
				add(network.KindLine, a, c, float64(rng.IntN(5)-1)*0.05+0.01, 0)
			}
		}
		for g := range rng.IntN(4) { // island k may have no generator
			id := fmt.Sprintf("g%d.%d", k, g)
			pmax := float64(20 + rng.IntN(120))
			pmin := 0.0
			params := map[network.Param]float64{}
			switch rng.IntN(5) {
			case 4: // a MATPOWER generator at zero capacity (PMAX 0 means 0)
				pmax = 0
				params[network.ParamGenRow] = float64(g + 1)
			case 0:
				pmax = 1e-3 // nearly no capacity
			case 1:
				pmin = pmax / 3 // must run: a surplus curtails
			}
			params[network.ParamPgMW], params[network.ParamPmaxMW], params[network.ParamPminMW] = pmax/2, pmax, pmin
			b.AddComponent(network.Component{ID: id, Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource, Params: params})
			bus := buses[rng.IntN(len(buses))]
			add(network.KindConnection, id, bus, 0, 0)
			if rng.IntN(3) == 0 { // a second connection in parallel: a switch loop
				add(network.KindSwitch, id, bus, 0, 0)
			}
		}
	}
	b.AddComponent(network.Component{ID: "R", Sector: network.Water, Kind: network.KindReservoir, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "J", Sector: network.Water, Kind: network.KindJunction, Role: network.RoleConsumer, Demand: 1})
	b.AddLink(network.Link{ID: "RJ", Kind: network.KindPipe, From: "R", To: "J"})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAdversarialSequences drives the model through 1,500 random steps on
// island grids (flowtest.Drive): outages and restorations one at a time,
// every member down and every member back, capacity factors of 0 on
// generators, Changes.All in the middle, and Changes listing unchanged
// and foreign elements; every verdict must equal a fresh model's.
func TestAdversarialSequences(t *testing.T) {
	for seed := range uint64(8) {
		n := islandGrid(t, seed)
		s := flowtest.Sector(t, n, network.Power)
		w := flowtest.Sector(t, n, network.Water)
		flowtest.Drive(t, n, s, w, seed, 1500, Options{}.Factory)
	}
}
