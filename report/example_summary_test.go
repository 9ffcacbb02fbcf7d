package report_test

import (
	"context"
	"fmt"
	"os"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/report"
	"github.com/lifeline-sim/lifeline/sim"
)

// A substation feeds a cell tower with a 4 h battery; the substation is
// down from 1 h to 8 h, so the tower goes dark from 5 h to 8 h. The
// summary shows the telecom service at a glance and the chain behind the
// tower's outage.
func ExampleSummarize() {
	b := network.NewBuilder()
	b.SetName("one-tower")
	b.AddComponent(network.Component{ID: "sub", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "tower", Sector: network.Telecom, Kind: network.KindCellTower, Role: network.RoleConsumer, Population: 2500})
	b.AddRequirement(network.Requirement{Dependent: "tower", Providers: []string{"sub"}, Buffer: 4 * sim.Hour})
	net, err := b.Build()
	if err != nil {
		panic(err)
	}
	e, err := cascade.New(net, cascade.Options{Horizon: sim.Day})
	if err != nil {
		panic(err)
	}
	res, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Damage, Target: 0, State: network.DamageComplete},
		{Time: 8 * sim.Hour, Kind: hazard.Repair, Target: 0},
	}})
	if err != nil {
		panic(err)
	}
	s := report.Summarize("battery", []string{"input"}, []*cascade.Result{res})
	fmt.Println(s.Sectors[1].Sector, s.Sectors[1].Q, s.Sectors[1].MinAtNS)
	if err := s.WriteText(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// telecom [1 1 0 1] 5h
	// battery on one-tower: 2 components, 0 links, 1 requirements
	// hazards: input; ran to 1d (complete)
	//
	// what failed: 1 components and links directly, 1 more through the chain (amplification 2.00), 5 changes
	//
	// service at a glance (share served)
	//                  0s      1h      6h      1d   lowest (at)
	// power         1.000   0.000   0.000   1.000   0.000 (1h)  by members
	// telecom       1.000   1.000   0.000   1.000   0.000 (5h)  by population
	//
	// outages (components that stopped delivering at least once / down at the end / members)
	//   power            1 / 0 / 1
	//   telecom          1 / 0 / 1
	//
	// longest chains (effect first, back to the first cause)
	// 1. tower down at 5h, 2 steps
	//    5h      tower (telecom cell_tower) down [unsupplied|unserved]: backup buffer ran empty (requirement on sub, physical)
	//      ← 1h      sub (power substation): damage (input impact)
}
