// Package raster holds the regular grids of the hazards and their one
// sampling rule, bilinear interpolation, in two layouts:
//
//   - Grid, a lattice of nodes anchored to a coordinate frame: node (i, j)
//     lies at (X0 + i·DX, Y0 + j·DY), values stored row by row from the
//     south (index j·NX + i); defined between the outermost nodes, where a
//     NaN node makes the value NaN. The earthquake hazard draws its
//     correlated residuals on one and reads gridded ground-motion files
//     into one (a NaN node is a missing site there).
//   - Cells, a raster of square cells as ESRI ASCII grids and images hold
//     them: the lower-left corner of the grid at (X0, Y0), values row by
//     row from the north (the first row is the top one), each the value at
//     its cell's centre; defined on the whole extent of the cells, edges
//     included, the point clamped to the outermost centres (so that the
//     outer half of an edge cell holds its value across, and a corner
//     quarter its value alone), a cell without data (NaN) read as a value
//     the caller gives. The flood hazard samples its depth grids so, a
//     cell without data being dry.
//
// Both interpolate the same way: (1−fy)·((1−fx)·v00 + fx·v10) +
// fy·((1−fx)·v01 + fx·v11) over the four nodes or cell centres around the
// point, fx and fy the fractions of the way across. Sampling costs O(1)
// and allocates nothing; nothing here panics on a point, whatever its
// coordinates (NaN included), only on a grid whose V is shorter than its
// size says.
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
	// On a one-node axis the far corner is the near one (its fraction is 0).
	i1, j1 := min(i+1, g.NX-1), min(j+1, g.NY-1)
	r0, r1 := j*g.NX, j1*g.NX
	return lerp2(g.V[r0+i], g.V[r0+i1], g.V[r1+i], g.V[r1+i1], fx, fy), true
}

// Cells is a raster of NX × NY square cells of side Size, the lower-left
// corner of its lower-left cell at (X0, Y0), values row by row from the
// north.
type Cells struct {
	// X0, Y0 locate the lower-left corner of the grid.
	X0, Y0 float64
	// Size is the side of a cell, > 0.
	Size float64
	// NX, NY are the numbers of columns and rows, ≥ 1.
	NX, NY int
	// V holds the values, index r·NX + c for row r from the top and
	// column c from the west; len NX·NY. NaN marks a cell without data.
	V []float64
}

// At returns the value at (x, y): bilinear between the centres of the four
// cells around it, (x, y) clamped to the outermost centres, a cell
// without data read as missing; false (and 0) outside the extent
// [X0, X0 + NX·Size] × [Y0, Y0 + NY·Size], whose edges are inside, and for
// NaN coordinates.
func (c *Cells) At(x, y, missing float64) (float64, bool) {
	fx, fy := (x-c.X0)/c.Size, (y-c.Y0)/c.Size
	if !(fx >= 0 && fx <= float64(c.NX) && fy >= 0 && fy <= float64(c.NY)) {
		return 0, false
	}
	c0, c1, tx := centres(fx, c.NX)
	s0, s1, ty := centres(fy, c.NY) // rows counted from the south
	at := func(col, south int) float64 {
		v := c.V[(c.NY-1-south)*c.NX+col]
		if math.IsNaN(v) {
			return missing
		}
		return v
	}
	return lerp2(at(c0, s0), at(c1, s0), at(c0, s1), at(c1, s1), tx, ty), true
}

// centres locates u, a coordinate in cell sides from the grid's edge, in
// [0, n], between the centres of cells k0 and k1 = min(k0+1, n−1), the
// fraction f of the way from k0's, clamped to the outermost centres.
func centres(u float64, n int) (k0, k1 int, f float64) {
	t := min(max(u-0.5, 0), float64(n-1))
	k0 = min(int(t), n-1)
	return k0, min(k0+1, n-1), t - float64(k0)
}

// lerp2 is the bilinear value of corners v00 (lower left), v10 (lower
// right), v01 (upper left) and v11 (upper right) at fractions fx, fy.
func lerp2(v00, v10, v01, v11, fx, fy float64) float64 {
	return (1-fy)*((1-fx)*v00+fx*v10) + fy*((1-fx)*v01+fx*v11)
}
