package flood_test

import (
	"fmt"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/flood"
	"github.com/lifeline-sim/lifeline/internal/testenv"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// BenchmarkImpacts times Impacts on a synthetic city of 10⁵ components
// (about 20 km square around 90° W, 35.1° N): areas = the hand-made
// hydrograph over a 9 km × 9 km box and eight smaller boxes; grids = six
// frames of 200 × 200 cells of 0.0012° over the whole city.
func BenchmarkImpacts(b *testing.B) {
	n, err := synth.City(synth.CityParams{Seed: 1, Components: 100000})
	if err != nil {
		b.Fatal(err)
	}
	box := func(x0, y0, x1, y1 float64) flood.Polygon {
		return flood.Polygon{{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}}
	}
	areas := []flood.Area{{ID: "big", Depth: hand, Polygons: []flood.Polygon{box(-90.05, 35.06, -89.95, 35.14)}}}
	for k := range 8 {
		x, y := -90.1+0.025*float64(k), 35.02+0.02*float64(k)
		areas = append(areas, flood.Area{ID: fmt.Sprint("a", k), Depth: hand, Polygons: []flood.Polygon{box(x, y, x+0.02, y+0.02)}})
	}
	const cells = 200
	var frames []flood.Frame
	for k := range 6 {
		g := &flood.Grid{Cols: cells, Rows: cells, X0: -90.12, Y0: 34.98, Cell: 0.0012, Depth: make([]float64, cells*cells)}
		for c := range g.Depth {
			row, col := c/cells, c%cells
			g.Depth[c] = 0.1 * float64(k%3) * float64((row+col)%7) // 0 … 1.2 m, rising and falling
		}
		frames = append(frames, flood.Frame{T: sim.Time(k) * sim.Hour, Grid: g})
	}
	for _, c := range []struct {
		name string
		f    *flood.Flood
	}{
		{"source=areas", &flood.Flood{Areas: areas}},
		{"source=grids", &flood.Flood{Frames: frames}},
	} {
		b.Run(fmt.Sprintf("components=%d/%s", n.NumComponents(), c.name), func(b *testing.B) {
			b.ReportAllocs()
			var count int
			c0 := testenv.ProcessCPU()
			for b.Loop() {
				im, err := c.f.Impacts(n, hazard.NewRand(1, c.f.Name()))
				if err != nil {
					b.Fatal(err)
				}
				count = len(im)
			}
			b.ReportMetric(float64(count), "impacts")
			b.ReportMetric(float64(testenv.ProcessCPU()-c0)/float64(b.N), "cpu-ns/op")
		})
	}
}
