package raster

import (
	"math"
	"testing"
)

// A bilinear function a + bx + cy + dxy is reproduced exactly.
func TestBilinearExact(t *testing.T) {
	f := func(x, y float64) float64 { return 2 + 0.5*x - 0.25*y + 0.125*x*y }
	g := Grid{X0: -10, Y0: 5, DX: 2, DY: 3, NX: 6, NY: 4}
	for j := range g.NY {
		for i := range g.NX {
			g.V = append(g.V, f(g.X0+float64(i)*g.DX, g.Y0+float64(j)*g.DY))
		}
	}
	for _, p := range [][2]float64{{-10, 5}, {0, 14}, {-3.3, 7.7}, {-9.99, 13.9}, {-0.0001, 5.0001}} {
		v, ok := g.At(p[0], p[1])
		if !ok || math.Abs(v-f(p[0], p[1])) > 1e-12 {
			t.Errorf("At(%v) = %v, %v; want %v", p, v, ok, f(p[0], p[1]))
		}
	}
	for _, p := range [][2]float64{{-10.01, 6}, {0.01, 6}, {-5, 4.99}, {-5, 14.01}, {math.NaN(), 6}} {
		if _, ok := g.At(p[0], p[1]); ok {
			t.Errorf("At(%v) inside, want outside", p)
		}
	}
}

func TestDegenerate(t *testing.T) {
	g := Grid{X0: 1, Y0: 1, DX: 1, DY: 1, NX: 1, NY: 2, V: []float64{3, 5}}
	if v, ok := g.At(1, 1.5); !ok || v != 4 {
		t.Errorf("At = %v, %v; want 4", v, ok)
	}
	if _, ok := g.At(1.5, 1.5); ok {
		t.Error("off the single column must be outside")
	}
}
