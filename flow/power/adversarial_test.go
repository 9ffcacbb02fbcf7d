package power

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/lifeline-sim/lifeline/flow/flowtest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
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
	return buildWithWater(t, b)
}

// buildWithWater adds a small water sector (whose elements the tests list
// in Changes where they do not belong) and builds.
func buildWithWater(t *testing.T, b *network.Builder) *network.Network {
	t.Helper()
	b.AddComponent(network.Component{ID: "R", Sector: network.Water, Kind: network.KindReservoir, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "J", Sector: network.Water, Kind: network.KindJunction, Role: network.RoleConsumer, Demand: 1})
	b.AddLink(network.Link{ID: "RJ", Kind: network.KindPipe, From: "R", To: "J"})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// drivePower runs flowtest.Drive on n's power sector, with its water
// sector as the foreign one, for 1,500 steps.
func drivePower(t *testing.T, n *network.Network, seed uint64) {
	t.Helper()
	s := flowtest.Sector(t, n, network.Power)
	w := flowtest.Sector(t, n, network.Water)
	flowtest.Drive(t, n, s, w, seed, 1500, Options{}.Factory)
}

// TestAdversarialSequences drives the model through 1,500 random steps on
// island grids (flowtest.Drive): outages and restorations one at a time,
// every member down and every member back, capacity factors of 0 on
// generators, Changes.All in the middle, and Changes listing unchanged
// and foreign elements; every verdict must equal a fresh model's.
func TestAdversarialSequences(t *testing.T) {
	for seed := range uint64(8) {
		drivePower(t, islandGrid(t, seed), seed)
	}
}

// feederGrid builds a power sector shaped like a distribution system: a
// meshed ring of substations (with chords) and, from each, radial feeders
// of random branching, so that most buses hang in trees off a small core.
// The feeders carry loads, buses that inject (negative demand) with
// shunts, phase shifters, parallel spans (which belong to the core),
// normally open ties between feeder ends (out of service), generators on
// connections at substations and at feeder buses (some at zero or almost
// no capacity, some must-run), generators joined by a line of their own
// (a source with a branch) and a switch between two sections of one bus.
// The angle reference (type 3) is a feeder bus on some seeds, a
// substation on others. A water sector supplies foreign elements.
func feederGrid(t *testing.T, seed uint64) *network.Network {
	rng := rand.New(rand.NewPCG(seed, 43))
	b := network.NewBuilder()
	b.SetAttr(network.ParamBaseMVA, 100)
	bus := func(id string, params map[network.Param]float64) {
		c := network.Component{ID: id, Sector: network.Power, Kind: network.KindBus, Params: params}
		switch rng.IntN(6) {
		case 0, 1, 2, 3:
			c.Role, c.Demand = network.RoleConsumer, float64(1+rng.IntN(12))
		case 4:
			if c.Params == nil {
				c.Params = map[network.Param]float64{}
			}
			c.Params[network.ParamPdMW], c.Params[network.ParamGsMW] = -float64(1+rng.IntN(5)), 1
		}
		b.AddComponent(c)
	}
	nl := 0
	line := func(kind network.Kind, from, to string, x, shift float64, off bool) {
		b.AddLink(network.Link{ID: fmt.Sprintf("l%d", nl), Kind: kind, From: from, To: to, Reactance: x, Shift: shift,
			Rating: float64(10 + rng.IntN(60)), OutOfService: off})
		nl++
	}
	ng := 0
	gen := func(at string) {
		id := fmt.Sprintf("g%d", ng)
		ng++
		pmax := float64(10 + rng.IntN(80))
		params := map[network.Param]float64{}
		pmin := 0.0
		switch rng.IntN(6) {
		case 0:
			pmax = 0
			params[network.ParamGenRow] = float64(ng)
		case 1:
			pmax = 1e-3
		case 2:
			pmin = pmax / 3
		}
		params[network.ParamPgMW], params[network.ParamPmaxMW], params[network.ParamPminMW] = pmax/2, pmax, pmin
		b.AddComponent(network.Component{ID: id, Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource, Params: params})
		if rng.IntN(4) == 0 { // a source with a line of its own
			line(network.KindLine, id, at, 0.05, 0, false)
		} else {
			line(network.KindConnection, id, at, 0, 0, false)
		}
	}
	refInTree := seed%2 == 0
	nsub := 3 + rng.IntN(4)
	subs := make([]string, nsub)
	for k := range subs {
		subs[k] = fmt.Sprintf("s%d", k)
		var p map[network.Param]float64
		if k == 0 && !refInTree {
			p = map[network.Param]float64{network.ParamBusType: 3}
		}
		bus(subs[k], p)
		if rng.IntN(2) == 0 {
			gen(subs[k])
		}
	}
	for k := range subs {
		line(network.KindLine, subs[k], subs[(k+1)%nsub], 0.01+0.02*rng.Float64(), 0, false)
	}
	if nsub > 3 {
		line(network.KindLine, subs[0], subs[nsub/2], 0.02, 0, false)
	}
	// A switch between two sections of substation 1.
	bus("s1b", nil)
	line(network.KindSwitch, subs[1], "s1b", 0, 0, false)
	line(network.KindLine, "s1b", subs[2], 0.03, 0, false)
	var ends []string
	refDone := !refInTree
	for k, s := range subs {
		for f := range 1 + rng.IntN(3) {
			fb := []string{s}
			for j := range 3 + rng.IntN(8) {
				id := fmt.Sprintf("f%d.%d.%d", k, f, j)
				var p map[network.Param]float64
				if !refDone && j == 2 {
					p, refDone = map[network.Param]float64{network.ParamBusType: 3}, true
				}
				bus(id, p)
				up := fb[rng.IntN(len(fb))]
				switch rng.IntN(10) {
				case 0: // a phase shifter
					line(network.KindTransformer, up, id, 0.1, float64(rng.IntN(7)-3), false)
				case 1: // a parallel span: a cycle in the core
					line(network.KindLine, up, id, 0.2, 0, false)
					line(network.KindLine, up, id, 0.3, 0, false)
				default:
					line(network.KindLine, up, id, 0.1+0.3*rng.Float64(), 0, false)
				}
				fb = append(fb, id)
				if rng.IntN(5) == 0 || p != nil {
					gen(id)
				}
			}
			ends = append(ends, fb[len(fb)-1])
		}
	}
	for k := 1; k < len(ends); k += 2 { // normally open ties
		line(network.KindLine, ends[k-1], ends[k], 0.2, 0, true)
	}
	return buildWithWater(t, b)
}

// TestAdversarialFeeders drives the model through long random sequences
// (flowtest.Drive) on feeder grids, where most changes land in hanging
// trees — buses and lines of feeders lost and restored, generators in
// feeders and at substations, pieces of feeder with generators of their
// own, the reference bus in a feeder — and on a synthetic city: every
// verdict must equal a fresh model's.
func TestAdversarialFeeders(t *testing.T) {
	for seed := range uint64(8) {
		drivePower(t, feederGrid(t, seed), seed)
	}
	city, err := synth.City(synth.CityParams{Seed: 3, Components: 2000})
	if err != nil {
		t.Fatal(err)
	}
	drivePower(t, city, 3)
}
