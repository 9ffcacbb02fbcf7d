package heat_test

import (
	"context"
	"fmt"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/heat"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// A heat wave on a two-bus grid: the afternoon's demand and the derated
// line overload it, the protection trips it a minute later, and the load
// goes dark. At the 11 h update (32 °C) the 70 MW load draws
// 70 × 1.315 = 92.1 MW on a line derated to 92.7 MW; at 12 h (34 °C),
// 95.6 MW on 90.6 MW: 106 %. The trip is explained back to the heat wave.
func ExampleWave() {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "plant", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "town", Sector: network.Power, Kind: network.KindSubstation, Demand: 70})
	b.AddLink(network.Link{ID: "line", From: "plant", To: "town", Reactance: 0.1, Rating: 100})
	n, _ := b.Build()

	// 22 °C at 6 h, 40 °C at 15 h, back to 22 °C at 23 h; default
	// responses (power +2.5 %/°C above 19.4 °C; 75 °C conductors rated
	// at 25 °C).
	w := &heat.Wave{Series: []heat.Sample{{Time: 6 * sim.Hour, Celsius: 22}, {Time: 15 * sim.Hour, Celsius: 40}, {Time: 23 * sim.Hour, Celsius: 22}}}
	for _, h := range []sim.Time{6, 12, 15} {
		c := w.Temperature(h * sim.Hour)
		fmt.Printf("%2dh %.0f °C: demand ×%.3f, rating ×%.3f\n", h, c,
			heat.Response{ThresholdC: heat.DefaultPowerThresholdC, PerDegree: heat.DefaultPowerPerDegree}.DemandFactor(c),
			w.Lines.RatingFactor(c))
	}

	e, _ := cascade.New(n, cascade.Options{Models: map[network.Sector]flow.Factory{network.Power: power.Options{}.Factory}})
	r, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{w}})
	if err != nil {
		fmt.Println(err)
		return
	}
	ch, _ := r.Explain(1, sim.Day)
	fmt.Print(ch)
	// Output:
	//  6h 22 °C: demand ×1.065, rating ×1.000
	// 12h 34 °C: demand ×1.365, rating ×0.906
	// 15h 40 °C: demand ×1.515, rating ×0.837
	// 12h1m   town (power substation) down [unserved]: sector service changed (cut off from, or rejoined to, its sources)
	//   ← 12h1m   link line tripped at 106% of its rating after 1m above it
	//   ← 12h     town (power substation): set-factor by hazard "heat"
}
