package flood_test

import (
	"context"
	"fmt"
	"os"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/flood"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// exampleTown is a substation inside the flooded area feeding a consumer
// outside it, and a road node in the water.
func exampleTown() *network.Network {
	b := network.NewBuilder()
	at := func(x, y float64) *network.Point { return &network.Point{X: x, Y: y} }
	b.AddComponent(network.Component{ID: "gen", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource, Location: at(-90.05, 35.1)})
	b.AddComponent(network.Component{ID: "sub", Sector: network.Power, Kind: network.KindSubstation, Location: at(-90.0, 35.1),
		Params: map[network.Param]float64{network.ParamEquipmentHeightM: 0.45}})
	b.AddComponent(network.Component{ID: "homes", Sector: network.Power, Kind: network.KindBus, Role: network.RoleConsumer, Population: 800, Location: at(-90.05, 35.12)})
	b.AddComponent(network.Component{ID: "x1", Sector: network.Transport, Kind: network.KindIntersection, Location: at(-90.0, 35.095)})
	b.AddLink(network.Link{ID: "l1", Kind: network.KindLine, From: "gen", To: "sub"})
	b.AddLink(network.Link{ID: "l2", Kind: network.KindLine, From: "sub", To: "homes"})
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	return n
}

// A flood read from GeoJSON: the area's water rises to 0.6 m at 2 h and is
// gone at 9 h. The substation's equipment (0.45 m) is under water from
// 1.5 h to 6 h, the road node (closed above 0.3 m) from 1 h to 7 h; the
// engine sees both the failures and the recoveries. The bundled Hazus
// curve gives the substation, its peak water 0.15 m (0.49 ft) above its
// equipment, a 0.49·2 % ≈ 1 % chance of damage, which its draw spares.
func Example() {
	areas, err := flood.Reader{}.ReadAreas(os.DirFS("testdata"), "areas.geojson")
	if err != nil {
		panic(err)
	}
	n := exampleTown()
	f := &flood.Flood{Label: "river", Areas: areas}
	im, _ := f.Impacts(n, hazard.NewRand(1, f.Name()))
	for _, x := range im {
		fmt.Println(x.Time, x.Kind, n.ComponentID(x.Target))
	}
	e, _ := cascade.New(n, cascade.Options{})
	r, _ := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{f}})
	homes, _ := n.ComponentIndex("homes")
	fmt.Println("homes without power:", r.Outages(homes))
	// Output:
	// 1h suspend x1
	// 1h30m suspend sub
	// 6h resume sub
	// 7h resume x1
	// homes without power: [[1h30m 6h]]
}

// A gridded depth series: two ESRI ASCII grids (here built in code; see
// Reader.ReadSeries for files), dry at 0 and 1 m deep over the east half
// at 4 h. Between grids the depth at a place changes linearly, so the
// road into the east half and the intersection at its end close when the
// water there passes 0.3 m, at 0.3 × 4 h = 1 h 12 min, and stay closed
// (the last grid holds).
func ExampleFrame() {
	b := network.NewBuilder()
	b.SetCRS(network.CRS{EPSG: 32616}) // UTM 16N, metres
	for i, x := range []float64{50, 350} {
		b.AddComponent(network.Component{ID: fmt.Sprint("i", i), Sector: network.Transport, Kind: network.KindIntersection,
			Location: &network.Point{X: 500000 + x, Y: 3880050}})
	}
	b.AddLink(network.Link{ID: "road", Kind: network.KindRoad, From: "i0", To: "i1", Length: 300, FreeFlow: 27 * sim.Second})
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	grid := func(east float64) *flood.Grid { // 4 × 1 cells of 100 m
		return &flood.Grid{Cols: 4, Rows: 1, X0: 500000, Y0: 3880000, Cell: 100, Depth: []float64{0, 0, east, east}}
	}
	f := &flood.Flood{Frames: []flood.Frame{{T: 0, Grid: grid(0)}, {T: 4 * sim.Hour, Grid: grid(1)}},
		Rules: flood.Rules{NoSlowdown: true}}
	im, _ := f.Impacts(n, hazard.NewRand(1, f.Name()))
	for _, x := range im {
		id := n.ComponentID
		if x.Link {
			id = n.LinkID
		}
		fmt.Println(x.Time, x.Kind, id(x.Target))
	}
	// Output:
	// 1h12m suspend i1
	// 1h12m suspend road
}

// A hydrograph's crossings of a level are exact: rising 0.3 m/h to 0.6 m
// at 2 h, holding, falling 0.15 m/h from 5 h, it passes 0.45 m at
// 0.45/0.3 = 1.5 h and falls back to it at 5 h + 0.15/0.15 h = 6 h.
func ExampleHydrograph_Crossings() {
	h := flood.Hydrograph{{T: 0, Depth: 0}, {T: 2 * sim.Hour, Depth: 0.6}, {T: 5 * sim.Hour, Depth: 0.6}, {T: 9 * sim.Hour, Depth: 0}}
	for _, c := range h.Crossings(0.45) {
		fmt.Println(c.T, c.Up)
	}
	fmt.Println(h.At(4*sim.Hour), h.Peak())
	// Output:
	// 1h30m true
	// 6h false
	// 0.6 0.6
}

// The bundled Hazus curves: a substation or pump whose equipment is at
// ground level, under 1 m (3.28 ft) of water, is damaged with probability
// 6 + 0.28·(7 − 6) ≈ 6.3 % (substation) or 5 + 0.28·(15 − 5) ≈ 7.8 %
// (pumping plant above grade).
func ExampleDefaultDamage() {
	d := flood.DefaultDamage()
	sub, pump := d[network.KindSubstation], d[network.KindPump]
	fmt.Printf("substation %.3f, pump %.3f\n", sub.At(1), pump.At(1))
	// Output: substation 0.063, pump 0.078
}
