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

// Cells of 2 m from (10, 20), two rows of three, the top row first:
//
//	y 22…24:  1  2  3
//	y 20…22:  4  5  NaN
//
// Centres lie at x = 11, 13, 15 and y = 21 (bottom), 23 (top). The
// expectations are hand interpolations between them.
func TestCells(t *testing.T) {
	c := Cells{X0: 10, Y0: 20, Size: 2, NX: 3, NY: 2, V: []float64{1, 2, 3, 4, 5, math.NaN()}}
	for _, tc := range []struct {
		x, y, missing, want float64
	}{
		{11, 21, 0, 4}, {13, 23, 0, 2}, // centres
		{12, 21, 0, 4.5}, // between 4 and 5
		{12, 22, 0, (4 + 5 + 1 + 2) / 4.0},
		{14, 21, 0, 2.5},   // between 5 and a cell without data read as 0
		{14, 21, 1, 3},     // … read as 1
		{15, 21, 7, 7},     // the cell without data itself
		{10, 24, 0, 1},     // the top-left corner: clamped to its centre
		{10.5, 22, 0, 2.5}, // the west edge: between the centres of 4 and 1
		{16, 23.5, 0, 3},   // the north-east quarter of the corner cell
		{12, 20, 0, 4.5},   // the south edge, between 4 and 5
		{13, 24, 0, 2},     // the north edge above a centre
		{16, 20, 0, 0},     // the corner of the cell without data
		{16, 20, -2, -2},
	} {
		v, ok := c.At(tc.x, tc.y, tc.missing)
		if !ok || math.Abs(v-tc.want) > 1e-12 {
			t.Errorf("At(%v, %v, %v) = %v, %v; want %v", tc.x, tc.y, tc.missing, v, ok, tc.want)
		}
	}
	for _, p := range [][2]float64{{9.99, 21}, {16.01, 21}, {12, 19.99}, {12, 24.01}, {math.NaN(), 21}, {12, math.Inf(1)}} {
		if v, ok := c.At(p[0], p[1], 0); ok || v != 0 {
			t.Errorf("At(%v) = %v, %v; want outside", p, v, ok)
		}
	}
	one := Cells{X0: 0, Y0: 0, Size: 1, NX: 1, NY: 1, V: []float64{3}}
	for _, p := range [][2]float64{{0, 0}, {0.5, 0.5}, {1, 0.2}} {
		if v, ok := one.At(p[0], p[1], 0); !ok || v != 3 {
			t.Errorf("one cell: At(%v) = %v, %v; want 3", p, v, ok)
		}
	}
}

func TestSampleAllocs(t *testing.T) {
	g := Grid{X0: 0, Y0: 0, DX: 1, DY: 1, NX: 2, NY: 2, V: []float64{1, 2, 3, 4}}
	c := Cells{X0: 0, Y0: 0, Size: 1, NX: 2, NY: 2, V: []float64{1, 2, 3, 4}}
	if n := testing.AllocsPerRun(100, func() { g.At(0.5, 0.5); c.At(0.5, 0.5, 0) }); n != 0 {
		t.Errorf("%v allocations per sample, want 0", n)
	}
}
