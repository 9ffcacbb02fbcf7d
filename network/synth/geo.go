package synth

import (
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/lifeline-sim/lifeline/network"
)

// earthRadius is the mean Earth radius in metres (IUGG), the one
// network.CRS.Distance uses.
const earthRadius = 6371008.8

// frame maps local metres (x east, y north of the city centre) to WGS84
// longitude/latitude on an equirectangular approximation, accurate to well
// under 0.1 % over a city.
type frame struct {
	lon0, lat0 float64
	degX, degY float64 // degrees per metre east and north
}

func newFrame(origin network.Point) frame {
	degY := 180 / (math.Pi * earthRadius)
	return frame{lon0: origin.X, lat0: origin.Y, degY: degY, degX: degY / math.Cos(origin.Y*math.Pi/180)}
}

func (f frame) lonLat(x, y float64) network.Point {
	return network.Point{X: f.lon0 + x*f.degX, Y: f.lat0 + y*f.degY}
}

// pointSlab hands out *network.Point values carved from large arrays, so a
// million locations cost a few hundred allocations instead of a million.
type pointSlab struct{ buf []network.Point }

const slabSize = 4096

func (s *pointSlab) one(p network.Point) *network.Point {
	if len(s.buf) == 0 {
		s.buf = make([]network.Point, slabSize)
	}
	q := &s.buf[0]
	*q = p
	s.buf = s.buf[1:]
	return q
}

// two returns a two-point polyline with its capacity clipped, so that an
// append by a caller cannot overwrite its neighbour.
func (s *pointSlab) two(a, b network.Point) []network.Point {
	if len(s.buf) < 2 {
		s.buf = make([]network.Point, slabSize)
	}
	g := s.buf[0:2:2]
	g[0], g[1] = a, b
	s.buf = s.buf[2:]
	return g
}

// namer builds IDs "prefix<k>" with one allocation each.
type namer struct{ buf []byte }

func (n *namer) id(prefix string, k int) string {
	n.buf = strconv.AppendInt(append(n.buf[:0], prefix...), int64(k), 10)
	return string(n.buf)
}

// unionFind is a disjoint-set forest with path halving and union by size.
type unionFind struct{ parent, size []int32 }

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int32, n), size: make([]int32, n)}
	for i := range u.parent {
		u.parent[i], u.size[i] = int32(i), 1
	}
	return u
}

func (u *unionFind) find(x int32) int32 {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

// union joins the sets of a and b and reports whether they were apart.
func (u *unionFind) union(a, b int32) bool {
	a, b = u.find(a), u.find(b)
	if a == b {
		return false
	}
	if u.size[a] < u.size[b] {
		a, b = b, a
	}
	u.parent[b] = a
	u.size[a] += u.size[b]
	return true
}

// sparseGrid chooses which edges of an nx×ny lattice to keep: every edge
// marked required, then the other edges in random order, each kept when it
// joins two parts (a random spanning tree) or otherwise with probability
// loops. The kept edges connect the lattice. Edge e < nh := (nx-1)·ny is
// horizontal, joining node e%(nx-1) + (e/(nx-1))·nx to its east neighbour;
// edge nh + k is vertical, joining node k to node k + nx. Nodes are numbered
// i + j·nx. skip marks edges that do not exist (a river without a bridge).
func sparseGrid(nx, ny int, loops float64, required, skip func(e int) bool, rng *rand.Rand) []bool {
	nh := (nx - 1) * ny
	ne := nh + nx*(ny-1)
	keep := make([]bool, ne)
	uf := newUnionFind(nx * ny)
	var free []int32
	for e := range ne {
		if skip != nil && skip(e) {
			continue
		}
		if required != nil && required(e) {
			a, b := gridEnds(nx, nh, e)
			uf.union(a, b)
			keep[e] = true
			continue
		}
		free = append(free, int32(e))
	}
	rng.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
	for _, e := range free {
		a, b := gridEnds(nx, nh, int(e))
		if uf.union(a, b) || rng.Float64() < loops {
			keep[e] = true
		}
	}
	return keep
}

// gridEnds returns the nodes of lattice edge e (see sparseGrid).
func gridEnds(nx, nh, e int) (a, b int32) {
	if e < nh {
		i, j := e%(nx-1), e/(nx-1)
		a = int32(i + j*nx)
		return a, a + 1
	}
	a = int32(e - nh)
	return a, a + int32(nx)
}

// lattice is an nx×ny arrangement of elements in a district square.
type lattice struct{ nx, ny int }

func (l lattice) n() int { return l.nx * l.ny }

// shape returns the most nearly square lattice of about n elements (at least one).
func shape(n int) lattice {
	n = max(n, 1)
	nx := max(1, int(math.Round(math.Sqrt(float64(n)))))
	ny := max(1, int(math.Round(float64(n)/float64(nx))))
	return lattice{nx, ny}
}

// cell returns the element of the cell holding fractional position
// (fx, fy) in [0, 1)² of the district.
func (l lattice) cell(fx, fy float64) int {
	i := min(max(int(fx*float64(l.nx)), 0), l.nx-1)
	j := min(max(int(fy*float64(l.ny)), 0), l.ny-1)
	return i + j*l.nx
}
