// Package raster is a regular grid of values anchored to a coordinate
// frame, with bilinear sampling. Node (i, j) lies at (X0 + i·DX,
// Y0 + j·DY); values are stored row by row (index j·NX + i). The earthquake
// hazard draws its correlated residuals on such a grid and reads gridded
// ground-motion files into one.
package raster

import "math"

// Grid is a regular grid of NX × NY nodes.
type Grid struct {
	// X0, Y0 locate node (0, 0).
	X0, Y0 float64
	// DX, DY are the node spacings, > 0.
	DX, DY float64
	// NX, NY are the numbers of nodes along x and y, ≥ 1.
	NX, NY int
	// V holds the values, index j·NX + i; len NX·NY.
	V []float64
}

// Weights returns the node (i, j) at the lower-left corner of the cell
// holding (x, y) and the fractions fx, fy of the way across it, so that the
// bilinear value is (1−fx)(1−fy)·v(i,j) + fx(1−fy)·v(i+1,j) +
// (1−fx)fy·v(i,j+1) + fx·fy·v(i+1,j+1). Points on the last row or column
// use the cell before it (fractions 1); ok is false outside the grid (or
// for NaN), and for a grid of one node along an axis only that line is
// inside.
func (g *Grid) Weights(x, y float64) (i, j int, fx, fy float64, ok bool) {
	i, fx, ok = axis(x, g.X0, g.DX, g.NX)
	if !ok {
		return 0, 0, 0, 0, false
	}
	j, fy, ok = axis(y, g.Y0, g.DY, g.NY)
	return i, j, fx, fy, ok
}

// axis locates t on one axis of n nodes from t0 spaced d.
func axis(t, t0, d float64, n int) (int, float64, bool) {
	u := (t - t0) / d
	if !(u >= 0 && u <= float64(n-1)) {
		if n == 1 && u == 0 {
			return 0, 0, true
		}
		return 0, 0, false
	}
	if n == 1 {
		return 0, 0, true
	}
	k := int(math.Floor(u))
	if k >= n-1 {
		k = n - 2
	}
	return k, u - float64(k), true
}

// At returns the bilinear value at (x, y), and false outside the grid.
func (g *Grid) At(x, y float64) (float64, bool) {
	i, j, fx, fy, ok := g.Weights(x, y)
	if !ok {
		return 0, false
	}
	k := j*g.NX + i
	v00 := g.V[k]
	v10, v01, v11 := v00, v00, v00
	if g.NX > 1 {
		v10 = g.V[k+1]
	}
	if g.NY > 1 {
		v01 = g.V[k+g.NX]
		v11 = v01
		if g.NX > 1 {
			v11 = g.V[k+g.NX+1]
		}
	}
	return (1-fy)*((1-fx)*v00+fx*v10) + fy*((1-fx)*v01+fx*v11), true
}
