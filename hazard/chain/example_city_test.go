package chain_test

import (
	"context"
	"fmt"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/chain"
	"github.com/lifeline-sim/lifeline/hazard/flood"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/quake"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// The real hazards on a synthetic city: an M6.5 earthquake under a dam
// north of the centre breaches it, and the flood it releases fills the
// valley below for half a day. The dam's class is illustrative (complete
// damage at a median 0.2 g); the city's own components keep their Hazus
// classes, so the earthquake damages some of them too. The flood starts
// 30 min after the dam fails at 1 h; a road node in the valley closes when
// the water passes 0.3 m, 0.3/1.5 h = 12 min later (1h42m), and its
// closure is explained back through "dam-breach" to the earthquake.
func ExampleChain_synthCity() {
	b, err := synth.CityBuilder(synth.CityParams{Components: 400, Seed: 1})
	if err != nil {
		panic(err)
	}
	dam := network.Point{X: -90.0, Y: 35.115}
	b.AddComponent(network.Component{ID: "dam", Sector: network.Water, Kind: network.KindReservoir, Role: network.RoleSource,
		Fragility: "DAM", Location: &dam})
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	lib := fragility.Hazus()
	var dc fragility.Class
	dc.Name, dc.Measure, dc.Source = "DAM", fragility.PGA, "illustrative"
	dc.Curves[network.DamageComplete] = fragility.Curve{Median: 0.2, Beta: 0.1}
	if err := lib.Add(dc); err != nil {
		panic(err)
	}
	eq := &quake.Earthquake{At: sim.Hour, Library: lib, Model: quake.Kawashima1984{},
		Source: quake.Source{Epicentre: dam, Magnitude: 6.5, DepthKm: 10}}
	valley := flood.Polygon{{{X: -90.01, Y: 35.09}, {X: -89.99, Y: 35.09}, {X: -89.99, Y: 35.11}, {X: -90.01, Y: 35.11}}}
	breach := &flood.Flood{Label: "dam-breach", Areas: []flood.Area{{ID: "valley", Polygons: []flood.Polygon{valley},
		Depth: flood.Hydrograph{{T: 0, Depth: 0}, {T: sim.Hour, Depth: 1.5}, {T: 12 * sim.Hour, Depth: 0}}}}}
	c := &chain.Chain{Parent: eq, Triggers: []chain.Trigger{{Name: "breach", Probability: 1, Delay: 30 * sim.Minute,
		When: chain.Fails{Component: "dam"}, Then: breach}}}

	e, err := cascade.New(n, cascade.Options{})
	if err != nil {
		panic(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{c}, Seed: sim.ReplicationSeed(1, 0)})
	if err != nil {
		panic(err)
	}
	for _, ch := range r.Changes {
		if !ch.Link && r.Causes[ch.Cause].Hazard == "dam-breach" && n.ComponentKind(ch.Entity) == network.KindIntersection {
			x, _ := r.Explain(ch.Entity, ch.Time)
			fmt.Print(x)
			break
		}
	}
	// Output:
	// 1h42m   i40 (transport intersection): suspend by hazard "dam-breach"
	//   ← 1h      dam (water reservoir): damage by hazard "earthquake"
}
