package water_test

import (
	"context"
	"fmt"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// A main break cuts a 7200 m³ tank off from its reservoir. The tank alone
// serves the town's 0.5 m³/s and the engine, from the outflow the model
// reports, has it run dry 7200 ÷ 0.5 s = 4 h later.
func Example() {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "reservoir", Sector: network.Water, Kind: network.KindReservoir, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "tank", Sector: network.Water, Kind: network.KindTank, Role: network.RoleSource, Storage: 7200})
	b.AddComponent(network.Component{ID: "town", Sector: network.Water, Kind: network.KindJunction, Role: network.RoleConsumer, Demand: 0.5})
	b.AddLink(network.Link{ID: "main", Kind: network.KindPipe, From: "reservoir", To: "tank"})
	b.AddLink(network.Link{ID: "feed", Kind: network.KindPipe, From: "tank", To: "town"})
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	e, err := cascade.New(n, cascade.Options{Models: map[network.Sector]flow.Factory{network.Water: water.Options{}.Factory}})
	if err != nil {
		panic(err)
	}
	main, _ := n.LinkIndex("main")
	res, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Damage, Target: main, Link: true},
	}})
	if err != nil {
		panic(err)
	}
	town, _ := n.ComponentIndex("town")
	ch, _ := res.Explain(town, 6*sim.Hour)
	fmt.Print(ch)
	// Output:
	// 5h      town (water junction) down [unserved]: sector service changed (cut off from, or rejoined to, its sources)
	//   ← 5h      tank (water tank) ran dry
	//   ← 1h      link main: damage (input impact)
}
