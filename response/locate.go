package response

import (
	"math"

	"github.com/lifeline-sim/lifeline/network"
)

// Locator places components and links on the road network: the road node
// a crew drives to. It is computed once per network (NewLocator) and is
// read-only afterwards, so workers may share it.
//
// A transport component is its own node. Another component goes to its
// Access node when it has one in the transport sector, or else to the
// nearest located road node by the network's CRS distance (ties: the lower
// index); a component without a location and without access has none
// (−1). A link goes to the node of its From end (for a road link, that
// end itself). Without a transport sector nothing is placed.
type Locator struct {
	road  network.SectorIndex
	roads bool
	node  []int32
}

// NewLocator places every component of n. Cost: O(C + R) for C
// components and R road nodes, plus, for the components placed by
// distance, a search of a uniform grid of the road nodes (about R cells)
// that widens ring by ring until no closer node can remain: O(1) cells
// per component when road nodes cover the city evenly.
func NewLocator(n *network.Network) *Locator {
	l := &Locator{}
	s, ok := n.SectorIndexOf(network.Transport)
	if !ok {
		return l
	}
	l.road, l.roads = s, true
	l.node = make([]int32, n.NumComponents())
	var g *grid
	for i := range n.Components() {
		switch a := n.Access(i); {
		case n.ComponentSector(i) == s:
			l.node[i] = i
		case a >= 0 && n.ComponentSector(a) == s:
			l.node[i] = a
		default:
			l.node[i] = -1
			if p, ok := n.Location(i); ok {
				if g == nil {
					g = newGrid(n, s)
				}
				l.node[i] = g.nearest(p)
			}
		}
	}
	return l
}

// Roads reports whether the network has a transport sector, and which.
func (l *Locator) Roads() (network.SectorIndex, bool) { return l.road, l.roads }

// Node returns component i's road node, −1 when it has none.
func (l *Locator) Node(i int32) int32 {
	if !l.roads {
		return -1
	}
	return l.node[i]
}

// LinkNode returns link k's road node: that of its From end.
func (l *Locator) LinkNode(n *network.Network, k int32) int32 {
	from, _ := n.Ends(k)
	return l.Node(from)
}

// grid buckets the located road nodes by coordinates.
type grid struct {
	crs        network.CRS
	x0, y0     float64
	cw, ch     float64 // cell size in coordinate units
	nx, ny     int
	off, nodes []int32
	pts        []network.Point
	minCell    float64 // a lower bound, in metres, of the distance across one cell
}

func newGrid(n *network.Network, s network.SectorIndex) *grid {
	g := &grid{crs: n.CRS()}
	var ids []int32
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, i := range n.SectorMembers(s) {
		if p, ok := n.Location(i); ok {
			ids = append(ids, i)
			g.pts = append(g.pts, p)
			x0, y0, x1, y1 = min(x0, p.X), min(y0, p.Y), max(x1, p.X), max(y1, p.Y)
		}
	}
	if len(ids) == 0 {
		return g
	}
	side := max(1, int(math.Sqrt(float64(len(ids)))))
	g.x0, g.y0, g.nx, g.ny = x0, y0, side, side
	g.cw, g.ch = max((x1-x0)/float64(side), 1e-9), max((y1-y0)/float64(side), 1e-9)
	g.off = make([]int32, side*side+1)
	cell := make([]int, len(ids))
	for k, p := range g.pts {
		cell[k] = g.cell(p)
		g.off[cell[k]+1]++
	}
	for c := range side * side {
		g.off[c+1] += g.off[c]
	}
	g.nodes = make([]int32, len(ids))
	pos := make([]int32, len(ids))
	next := append([]int32(nil), g.off[:side*side]...)
	for k := range ids {
		c := cell[k]
		g.nodes[next[c]], pos[next[c]] = ids[k], int32(k)
		next[c]++
	}
	pts := make([]network.Point, len(ids))
	for j, k := range pos {
		pts[j] = g.pts[k]
	}
	g.pts = pts
	// A lower bound of the ground distance across one cell (with 1 %
	// to spare for the curvature within a cell): along the meridian for
	// the height, along the parallel nearest a pole for the width; Web
	// Mercator scales its plane by cos(latitude).
	const m = math.Pi / 180 * 6371008.8
	switch {
	case g.crs.Geographic():
		lat := max(math.Abs(y0), math.Abs(y1))
		g.minCell = 0.99 * min(g.ch*m, g.cw*m*math.Cos(lat*math.Pi/180))
	case g.crs.Code() == 3857:
		lat := math.Abs(network.MercatorToLonLat(network.Point{Y: max(math.Abs(y0), math.Abs(y1))}).Y)
		g.minCell = 0.99 * min(g.cw, g.ch) * math.Cos(lat*math.Pi/180)
	default:
		g.minCell = min(g.cw, g.ch)
	}
	return g
}

func (g *grid) cell(p network.Point) int {
	cx := min(max(int((p.X-g.x0)/g.cw), 0), g.nx-1)
	cy := min(max(int((p.Y-g.y0)/g.ch), 0), g.ny-1)
	return cy*g.nx + cx
}

// nearest returns the located road node nearest to p (−1 when none is
// located): rings of cells around p's cell, until the next ring lies
// farther than the best node found.
func (g *grid) nearest(p network.Point) int32 {
	if len(g.nodes) == 0 {
		return -1
	}
	c := g.cell(p)
	cx, cy := c%g.nx, c/g.nx
	best, bestD := int32(-1), math.Inf(1)
	for ring := 0; ; ring++ {
		if ring > g.nx && ring > g.ny {
			return best
		}
		// Anything in ring r+1 or beyond is at least r cells away.
		if best >= 0 && float64(ring-1)*g.minCell > bestD {
			return best
		}
		for y := cy - ring; y <= cy+ring; y++ {
			if y < 0 || y >= g.ny {
				continue
			}
			step := 2 * ring
			if y == cy-ring || y == cy+ring || ring == 0 {
				step = 1
			}
			for x := cx - ring; x <= cx+ring; x += max(step, 1) {
				if x < 0 || x >= g.nx {
					continue
				}
				k := y*g.nx + x
				for j := g.off[k]; j < g.off[k+1]; j++ {
					d := g.crs.Distance(p, g.pts[j])
					if d < bestD || (d == bestD && g.nodes[j] < best) {
						best, bestD = g.nodes[j], d
					}
				}
			}
		}
	}
}
