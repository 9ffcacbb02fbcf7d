package metrics_test

import (
	"context"
	"fmt"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/metrics"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// smallCity is a small city run through the engine. A plant feeds two
// substations: north (3000 people, 6 MW) and, over line "south", south
// (1000 people, 2 MW). A pump powered by south lifts water from a
// reservoir to a junction serving 4000 people. A central office (8 h
// generator, on north) serves a cell tower (4000 people) with a 4 h
// battery on south. An earthquake breaks line "south" at 1 h; a crew
// repairs it at 36 h. So, by hand: south, the pump and the junction are
// out from 1 h to 36 h; the tower runs on its battery until 5 h and is
// out from 5 h to 36 h; the run ends with the repair, at 36 h.
func smallCity() *cascade.Result {
	b := network.NewBuilder()
	for _, c := range []network.Component{
		{ID: "plant", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource},
		{ID: "north", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Population: 3000, Demand: 6},
		{ID: "south", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Population: 1000, Demand: 2},
		{ID: "reservoir", Sector: network.Water, Kind: network.KindReservoir, Role: network.RoleSource},
		{ID: "pump", Sector: network.Water, Kind: network.KindPump},
		{ID: "junction", Sector: network.Water, Kind: network.KindJunction, Role: network.RoleConsumer, Population: 4000, Demand: 0.05},
		{ID: "office", Sector: network.Telecom, Kind: network.KindCentralOffice, Role: network.RoleSource},
		{ID: "tower", Sector: network.Telecom, Kind: network.KindCellTower, Role: network.RoleConsumer, Population: 4000},
	} {
		b.AddComponent(c)
	}
	b.AddLink(network.Link{ID: "north", Kind: network.KindLine, From: "plant", To: "north"})
	b.AddLink(network.Link{ID: "south", Kind: network.KindLine, From: "plant", To: "south"})
	b.AddLink(network.Link{ID: "intake", Kind: network.KindPipe, From: "reservoir", To: "pump"})
	b.AddLink(network.Link{ID: "main", Kind: network.KindPipe, From: "pump", To: "junction"})
	b.AddLink(network.Link{ID: "fiber", Kind: network.KindFiber, From: "office", To: "tower"})
	b.AddRequirement(network.Requirement{Dependent: "pump", Providers: []string{"south"}})
	b.AddRequirement(network.Requirement{Dependent: "office", Providers: []string{"north"}, Buffer: 8 * sim.Hour})
	b.AddRequirement(network.Requirement{Dependent: "tower", Providers: []string{"south"}, Buffer: 4 * sim.Hour})
	net, err := b.Build()
	if err != nil {
		panic(err)
	}
	e, err := cascade.New(net, cascade.Options{})
	if err != nil {
		panic(err)
	}
	line, _ := net.LinkIndex("south")
	res, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Damage, Target: line, Link: true, State: network.DamageComplete},
		{Time: 36 * sim.Hour, Kind: hazard.Repair, Target: line, Link: true},
	}})
	if err != nil {
		panic(err)
	}
	return res
}

// The resilience figures of smallCity by population, by hand: power loses
// a quarter of its people for 35 h (loss 0.25 × 35 = 8.75 h, 1000 × 35 =
// 35000 customer-hours), water all of them for 35 h (1d11h), telecom all
// of them for 31 h (1d7h); each is back in full at 36 h, a day and a half
// in, so day 1 still sees the loss and day 3 none. EOH
// weighs by demand: power loses 2 of 8 MW for 35 h, 8.75 h.
func Example() {
	res := smallCity()
	fmt.Println("sector   loss_h  customer_h  min_Q  to_100%  day1  day3")
	for c := range metrics.Curves(res, metrics.ByPopulation) {
		f := c.Figures()
		fmt.Printf("%-7s %7.2f %11.0f %6.2f %8v %5.2f %5.2f\n", f.Sector, f.Loss, f.Unserved,
			f.Robustness, f.Recovery[2].Duration(), f.Functionality[0], f.Functionality[1])
	}
	eoh, _ := metrics.EquivalentOutageHours(res, network.Power)
	fmt.Printf("power EOH: %.2f h\n", eoh)
	// Output:
	// sector   loss_h  customer_h  min_Q  to_100%  day1  day3
	// power      8.75       35000   0.75    1d11h  0.75  1.00
	// water     35.00      140000   0.00    1d11h  0.00  1.00
	// telecom   31.00      124000   0.00     1d7h  0.00  1.00
	// power EOH: 8.75 h
}

// The chain statistics of smallCity, by hand: the broken line is the one
// direct loss; south, the pump, the junction and the tower are induced.
// The junction's chain is the longest: junction ← pump ← south ← line.
func ExampleChainStats() {
	res := smallCity()
	ch, err := metrics.ChainStats(res)
	if err != nil {
		panic(err)
	}
	fmt.Printf("direct %d, induced %d, amplification %.0f\n", ch.Direct, ch.Induced, ch.Amplification)
	for _, m := range ch.ByMechanism {
		fmt.Printf("%-12s %d\n", m.Mechanism, m.Count)
	}
	for _, p := range ch.Paths {
		fmt.Printf("%-14s %d\n", p.Path, p.Count)
	}
	fmt.Printf("longest: %d causes, ending at %s\n", ch.Longest.Length, res.Network.ComponentID(ch.Longest.Entity))
	// Output:
	// direct 1, induced 4, amplification 5
	// impact       1
	// service      2
	// requirement  1
	// buffer       1
	// power          2
	// power→water    2
	// power→telecom  1
	// longest: 4 causes, ending at junction
}

// Sampling the telecom curve of smallCity every 12 hours: the tower's
// battery holds to 5 h, then nothing until the repair at 36 h.
func ExampleCurve_Sample() {
	c, err := metrics.Service(smallCity(), network.Telecom, metrics.ByPopulation)
	if err != nil {
		panic(err)
	}
	for t, q := range c.Sample(metrics.Grid(0, 48*sim.Hour, 12*sim.Hour)) {
		fmt.Printf("%v %.0f%%\n", t, 100*q)
	}
	// Output:
	// 0s 100%
	// 12h 0%
	// 1d 0%
	// 1d12h 100%
	// 2d 100%
}

// The telecom outage split of smallCity, by hand: the tower on its
// battery from 1 h, out for lack of power from 5 h to the repair at 36 h;
// the office draws on north, which stays up. Site-hours over the run: 4
// on backup, 31 without power.
func ExampleTelecomCauses() {
	res := smallCity()
	ts, err := metrics.TelecomCauses(res)
	if err != nil {
		panic(err)
	}
	for _, p := range ts.Points {
		fmt.Printf("%-5v out %d (no power %d), on backup %d\n", p.Time, p.Out(), p.NoPower, p.OnBackup)
	}
	hrs := ts.Hours(0, res.End)
	fmt.Printf("site-hours: no power %.0f, on backup %.0f\n", hrs.NoPower, hrs.OnBackup)
	// Output:
	// 0s    out 0 (no power 0), on backup 0
	// 1h    out 0 (no power 0), on backup 1
	// 5h    out 1 (no power 1), on backup 0
	// 1d12h out 0 (no power 0), on backup 0
	// site-hours: no power 31, on backup 4
}
