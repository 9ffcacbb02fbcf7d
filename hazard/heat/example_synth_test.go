package heat_test

import (
	"context"
	"fmt"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/heat"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// One hot day on a synthetic city of about 1,000 components whose lines
// are rated 1.5 × their base flow, run through the engine with the power
// and water models: 22 °C at 5 h, 41 °C at 15 h, 22 °C again at 29 h,
// with the default responses. The wave raises the demand of every
// consumer of power and water. At the 11 h update (33.4 °C) demand is
// ×1.350 and ratings ×0.912, a loading of 1.350 / (1.5 × 0.912) = 0.99;
// at 12 h (35.3 °C) ×1.398 on ×0.891, 1.05. A synthetic city rates every
// line by the same margin over its base flow (70 of its 224 lines sit at
// the 1 MW floor instead, with more room), and the heat scales every load
// alike, so most lines reach 105 % at the same update and trip a minute
// later: 132 of them, with the first printed below. The grid goes dark at
// 12h1m and, with neither reclosing nor crews, stays dark; water keeps
// flowing from the tanks until they drain without their pumps.
func ExampleWave_synthCity() {
	n, err := synth.City(synth.CityParams{Components: 1000, Seed: 1, RatingMargin: 1.5, ReserveMargin: 1})
	if err != nil {
		panic(err)
	}
	w := &heat.Wave{Series: []heat.Sample{{Time: 5 * sim.Hour, Celsius: 22}, {Time: 15 * sim.Hour, Celsius: 41}, {Time: 29 * sim.Hour, Celsius: 22}}}
	models := map[network.Sector]flow.Factory{network.Power: power.Options{}.Factory, network.Water: water.Options{}.Factory}
	e, err := cascade.New(n, cascade.Options{Models: models})
	if err != nil {
		panic(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{w}, Seed: sim.ReplicationSeed(1, 0)})
	if err != nil {
		panic(err)
	}
	raised := map[int32]bool{}
	var trips []cascade.Cause
	for _, c := range r.Causes {
		switch {
		case c.Mechanism == cascade.ByImpact && c.Hazard == w.Name():
			raised[c.Entity] = true
		case c.Mechanism == cascade.ByTrip:
			trips = append(trips, c)
		}
	}
	fmt.Printf("%s changed the demand of %d of %d components; %d lines tripped\n", w.Name(), len(raised), n.NumComponents(), len(trips))
	for _, sector := range []network.Sector{network.Power, network.Water} {
		s, _ := r.Sector(sector)
		fmt.Printf("%s: Q %.3f at 12h, %.3f at 1d\n", sector, s.Series.Q(12*sim.Hour), s.Series.Q(sim.Day))
	}
	x, _ := r.ExplainLink(trips[0].Entity, trips[0].Time)
	fmt.Print(x)
	// Output:
	// heat changed the demand of 492 of 996 components; 132 lines tripped
	// power: Q 1.000 at 12h, 0.000 at 1d
	// water: Q 1.000 at 12h, 0.500 at 1d
	// 12h1m   link pl520 tripped at 105% of its rating after 1m above it
	//   ← 12h     ds1 (power substation): set-factor by hazard "heat"
}
