package wind_test

import (
	"context"
	"fmt"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/wind"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// A stationary storm, symmetric: the gradient wind peaks at the radius of
// maximum wind, √(B·Δp/(ρ·e)) = √(1.5 · 5000 Pa / (1.15 kg/m³ · e)) ≈ 49
// m/s without the Coriolis term (on the equator); the sustained wind is
// 0.8 of it and the gust 1.52/1.25 of that.
func ExampleWind_At() {
	w := &wind.Wind{
		Track: wind.Track{
			{T: 0, Lon: 100, Lat: 0, Pressure: 963, Rmax: 30000},
			{T: sim.Hour, Lon: 100, Lat: 0, Pressure: 963, Rmax: 30000},
		},
		B:           1.5,
		NoAsymmetry: true,
	}
	for _, km := range []float64{10, 30, 100} {
		p := network.Point{X: 100 + km/111.195, Y: 0} // km east along the equator
		v, g := w.At(p, 0)
		fmt.Printf("%3.0f km: sustained %4.1f m/s, gust %4.1f m/s\n", km, v, g)
	}
	// Output:
	//  10 km: sustained 11.0 m/s, gust 13.3 m/s
	//  30 km: sustained 39.2 m/s, gust 47.6 m/s
	// 100 km: sustained 24.1 m/s, gust 29.3 m/s
}

// A typhoon passes a feeder and a cell tower; the curves (illustrative,
// not from a source) give each a capacity from its own random draw, and
// the engine takes down what the gusts break. Here the feeder fails and
// the homes behind it lose power until it is repaired (the run has no
// crews); the tower rides the storm out.
func Example() {
	b := network.NewBuilder()
	at := func(x, y float64) *network.Point { return &network.Point{X: x, Y: y} }
	b.AddComponent(network.Component{ID: "sub", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource, Location: at(125.05, 14.0)})
	b.AddComponent(network.Component{ID: "homes", Sector: network.Power, Kind: network.KindBus, Role: network.RoleConsumer, Population: 500, Location: at(125.1, 14.0)})
	b.AddComponent(network.Component{ID: "tower", Sector: network.Telecom, Kind: network.KindCellTower, Role: network.RoleConsumer, Location: at(125.2, 14.05)})
	b.AddLink(network.Link{ID: "feeder", Kind: network.KindLine, From: "sub", To: "homes"})
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	w := &wind.Wind{
		Label: "typhoon",
		Track: wind.Track{
			{T: 0, Lon: 126.5, Lat: 13.2, Pressure: 935, Rmax: 25000},
			{T: 12 * sim.Hour, Lon: 124.0, Lat: 14.6, Pressure: 945, Rmax: 30000},
		},
		Kinds: map[network.Kind]wind.Curve{
			network.KindLine:      {Curve: fragility.Curve{Median: 40, Beta: 0.3}},
			network.KindCellTower: {Curve: fragility.Curve{Median: 45, Beta: 0.3}},
		},
	}
	im, _ := w.Impacts(n, hazard.NewRand(1, w.Name()))
	for _, x := range im {
		id := n.ComponentID
		if x.Link {
			id = n.LinkID
		}
		fmt.Println(x.Time, x.Kind, id(x.Target))
	}
	e, _ := cascade.New(n, cascade.Options{})
	r, _ := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{w}, Seed: 1})
	homes, _ := n.ComponentIndex("homes")
	out := r.Outages(homes)
	fmt.Println("homes without power from", out[0][0], "still out at the end:", out[0][1] < 0)
	// Output:
	// 4h10m damage feeder
	// homes without power from 4h10m still out at the end: true
}

// The bundled curves keep their published form: Quanta Technology's (2009)
// transmission tower curve is 2e-7·exp(0.0834·v) with v in mph, less its
// calm-air value; at a 150 mph (67.056 m/s) gust it is about 5.4 %.
func ExampleDefaultClasses() {
	tt := wind.DefaultClasses()["WIND-TT"]
	fmt.Printf("%v, per tower every %v m: P(150 mph) = %.4f\n", tt.Form, tt.Span, tt.P(150*wind.MPH))
	// Output: exponential, per tower every 300 m: P(150 mph) = 0.0542
}
