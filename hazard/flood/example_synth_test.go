package flood_test

import (
	"context"
	"fmt"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/flood"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// A river flood over the middle of a synthetic city of about 1,000
// components, run through the engine with the power and road models. The
// water covers lon −90.01…−89.99, lat 35.09…35.11 (about 1.8 × 2.2 km of
// the city's 3.9 × 3.9 km), rising to 0.6 m at 2 h and gone at 9 h. A
// quarter of the city lies in it: 48 substations, a pump, 109
// intersections and 2 bridges, suspended while wet (equipment at ground
// level from the first water, road nodes above 0.3 m), 160 components, and
// the 155 roads between them. The rest there (cell towers, pipes,
// shelters) does not take water. Power is lowest at 8h30m: the telecom
// nodes behind wet substations run their 8 h batteries empty, and the
// substations whose control needs them follow 30 min later; everything
// returns when the water is gone. The share of people who can reach a
// hospital drops from 1 to 0.715 once the roads close.
func ExampleFlood_synthCity() {
	n, err := synth.City(synth.CityParams{Components: 1000, Seed: 1})
	if err != nil {
		panic(err)
	}
	river := flood.Polygon{{{X: -90.01, Y: 35.09}, {X: -89.99, Y: 35.09}, {X: -89.99, Y: 35.11}, {X: -90.01, Y: 35.11}}}
	f := &flood.Flood{Label: "river", Areas: []flood.Area{{ID: "centre", Polygons: []flood.Polygon{river},
		Depth: flood.Hydrograph{{T: 0, Depth: 0}, {T: 2 * sim.Hour, Depth: 0.6}, {T: 5 * sim.Hour, Depth: 0.6}, {T: 9 * sim.Hour, Depth: 0}}}}}
	models := map[network.Sector]flow.Factory{network.Power: power.Options{}.Factory, network.Transport: roads.Options{}.Factory}
	e, err := cascade.New(n, cascade.Options{Models: models})
	if err != nil {
		panic(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{f}, Seed: sim.ReplicationSeed(1, 0)})
	if err != nil {
		panic(err)
	}
	comps, links := 0, 0
	for _, c := range r.Causes {
		switch {
		case c.Mechanism != cascade.ByImpact || c.Hazard != f.Name() || c.Impact != uint8(hazard.Suspend):
		case c.Link:
			links++
		default:
			comps++
		}
	}
	fmt.Printf("%s suspended %d of %d components and %d links\n", f.Name(), comps, n.NumComponents(), links)
	pw, _ := r.Sector(network.Power)
	q, at := 1.0, sim.Time(0)
	for _, p := range pw.Series.Points {
		if v := pw.Series.Q(p.Time); v < q {
			q, at = v, p.Time
		}
	}
	fmt.Printf("power: lowest Q %.3f at %v, %.3f at the end\n", q, at, pw.Series.Q(r.End))
	tr, _ := r.Sector(network.Transport)
	reach := 1.0
	for _, p := range tr.Access.Points {
		reach = min(reach, float64(p.Reached)/float64(p.Total))
	}
	fmt.Printf("hospitals: lowest share of people reaching one %.3f\n", reach)
	for _, ch := range r.Changes {
		if ch.Time == at && ch.Down() && !ch.Link {
			x, _ := r.Explain(ch.Entity, ch.Time)
			fmt.Print(x)
			break
		}
	}
	// Output:
	// river suspended 160 of 996 components and 155 links
	// power: lowest Q 0.555 at 8h30m, 1.000 at the end
	// hospitals: lowest share of people reaching one 0.715
	// 8h30m   ts4 (power substation) down [unsupplied|unserved]: lag ran out (requirement on fn4, cyber)
	//   ← 8h      fn4 (telecom fiber_node) down [unsupplied|unserved]: backup buffer ran empty (requirement on ds164, physical)
	//   ← 0s      ds164 (power substation): suspend by hazard "river"
}
