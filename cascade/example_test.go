package cascade_test

import (
	"context"
	"fmt"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// A substation feeds a cell tower with a 4 h battery. The substation fails
// at 1 h and is repaired at 8 h: the tower runs on its battery from 1 h and
// goes down at 5 h. Explain traces the outage back to the damage.
func Example() {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "sub", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "tower", Sector: network.Telecom, Kind: network.KindCellTower, Role: network.RoleConsumer, Population: 2500})
	b.AddRequirement(network.Requirement{Dependent: "tower", Providers: []string{"sub"}, Buffer: 4 * sim.Hour})
	net, err := b.Build()
	if err != nil {
		panic(err)
	}
	e, err := cascade.New(net, cascade.Options{})
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
	for _, c := range res.Changes {
		fmt.Printf("%-3v %-5s %s -> %s\n", c.Time, net.ComponentID(c.Entity), c.Old, c.New)
	}
	tel, _ := res.Sector(network.Telecom)
	fmt.Printf("telecom population served at 6h: %.0f%%\n", 100*tel.Series.QPopulation(6*sim.Hour))
	o := res.OutageOf(1)
	fmt.Printf("tower: %d outage from %v, %v in all\n", o.Count, o.First, o.Total)
	ch, _ := res.Explain(1, 6*sim.Hour)
	fmt.Print(ch)
	// Output:
	// 1h  sub   up -> damaged|unserved
	// 1h  tower up -> on-backup
	// 5h  tower on-backup -> unsupplied|unserved
	// 8h  sub   damaged|unserved -> up
	// 8h  tower unsupplied|unserved -> up
	// telecom population served at 6h: 0%
	// tower: 1 outage from 5h, 3h in all
	// 5h      tower (telecom cell_tower) down [unsupplied|unserved]: backup buffer ran empty (requirement on sub, physical)
	//   ← 1h      sub (power substation): damage (input impact)
}
