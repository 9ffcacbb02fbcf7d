package chain_test

import (
	"context"
	"fmt"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/chain"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// An earthquake damages a dam at 2 h; the dam's failure breaches it, and
// half an hour later the flood it releases suspends the power plant
// downstream for a day. The plant's outage is explained back to the
// earthquake through the dam breach.
func ExampleChain() {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "dam", Sector: network.Water, Kind: network.KindReservoir, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "plant", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource})
	n, _ := b.Build()
	plant, _ := n.ComponentIndex("plant")

	quake := &hazard.List{Label: "earthquake", Items: []hazard.Impact{{Time: 2 * sim.Hour, Kind: hazard.Damage, Target: 0}}}
	flood := &hazard.List{Label: "dam-breach", Items: []hazard.Impact{
		{Kind: hazard.Suspend, Target: plant}, {Time: sim.Day, Kind: hazard.Resume, Target: plant}}}
	c := &chain.Chain{Parent: quake, Triggers: []chain.Trigger{{
		Name: "breach", When: chain.Fails{Component: "dam"}, Probability: 1, Delay: 30 * sim.Minute, Then: flood}}}

	e, _ := cascade.New(n, cascade.Options{})
	r, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{c}})
	if err != nil {
		fmt.Println(err)
		return
	}
	ch, _ := r.Explain(plant, 3*sim.Hour)
	fmt.Print(ch)
	// Output:
	// 2h30m   plant (power generator): suspend by hazard "dam-breach"
	//   ← 2h      dam (water reservoir): damage by hazard "earthquake"
}

// A main shock and an aftershock two days later, each damaging a share of
// the substations from its own stream: the sequence's parts keep their
// names.
func ExampleSequence() {
	b := network.NewBuilder()
	for _, id := range []string{"s1", "s2", "s3", "s4", "s5", "s6"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Power, Kind: network.KindSubstation})
	}
	n, _ := b.Build()
	s := &chain.Sequence{Label: "quakes", Steps: []chain.Step{
		{Hazard: &hazard.RandomFraction{Label: "mainshock", Fraction: 0.5}},
		{Offset: 2 * sim.Day, Hazard: &hazard.RandomFraction{Label: "aftershock", Fraction: 0.5}},
	}}
	parts, _ := s.Parts(n, hazard.NewRand(1, s.Name()))
	for _, p := range parts {
		for _, im := range p.Impacts {
			fmt.Println(p.Name, im.Time, n.ComponentID(im.Target))
		}
	}
	// Output:
	// mainshock 0s s3
	// aftershock 2d s3
	// aftershock 2d s5
}
