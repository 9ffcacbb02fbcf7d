package quake_test

import (
	"context"
	"fmt"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/quake"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// An M6.5 earthquake 10 km under the centre of a synthetic city of about
// 1,000 components, run through the engine with the power and water
// models and no repairs. The city spans about 4 km, so every place is
// within 3 km of the epicentre, where Boore–Atkinson (2008) gives a
// median PGA of 0.26–0.47 g on rock; the substations' Hazus classes
// (ESS1, ESS2) reach slight damage at a median 0.15 or 0.13 g, so most of
// the city's 200 substations are damaged (130 here; the other 3
// components are 2 generators and a tank), and lines and pipes with them.
// Power is lowest not at once but at 9h30m: the telecom nodes fed by dead
// substations run their 8 h batteries empty at 9 h, and substations whose
// control needs them follow 30 min later, as the outage printed shows. Water falls as the tanks drain without their pumps and
// is lowest at the end of the run.
func ExampleEarthquake_synthCity() {
	n, err := synth.City(synth.CityParams{Components: 1000, Seed: 1})
	if err != nil {
		panic(err)
	}
	eq := &quake.Earthquake{Label: "M6.5", At: sim.Hour,
		Source: quake.Source{Epicentre: synth.DefaultOrigin, Magnitude: 6.5, DepthKm: 10}}
	models := map[network.Sector]flow.Factory{network.Power: power.Options{}.Factory, network.Water: water.Options{}.Factory}
	e, err := cascade.New(n, cascade.Options{Models: models})
	if err != nil {
		panic(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{eq}, Seed: sim.ReplicationSeed(1, 0)})
	if err != nil {
		panic(err)
	}
	comps, links := 0, 0
	for _, c := range r.Causes {
		switch {
		case c.Mechanism != cascade.ByImpact || c.Hazard != eq.Name():
		case c.Link:
			links++
		default:
			comps++
		}
	}
	fmt.Printf("%s hit %d of %d components and %d links at %v\n", eq.Name(), comps, n.NumComponents(), links, eq.At)
	var worst sim.Time
	for _, sector := range []network.Sector{network.Power, network.Water} {
		s, _ := r.Sector(sector)
		low, at := 1.0, sim.Time(0)
		for _, p := range s.Series.Points {
			if q := s.Series.Q(p.Time); q < low {
				low, at = q, p.Time
			}
		}
		fmt.Printf("%s: lowest Q %.3f at %v\n", sector, low, at)
		if sector == network.Power {
			worst = at
		}
	}
	for _, ch := range r.Changes {
		if ch.Time == worst && ch.Down() && !ch.Link {
			x, _ := r.Explain(ch.Entity, ch.Time)
			fmt.Print(x)
			break
		}
	}
	// Output:
	// M6.5 hit 133 of 996 components and 57 links at 1h
	// power: lowest Q 0.553 at 9h30m
	// water: lowest Q 0.750 at 2d1h
	// 9h30m   ts3 (power substation) down [unsupplied|unserved]: lag ran out (requirement on fn3, cyber)
	//   ← 9h      fn3 (telecom fiber_node) down [unsupplied|unserved]: backup buffer ran empty (requirement on ds115, physical)
	//   ← 1h      ds115 (power substation): damage by hazard "M6.5"
}
