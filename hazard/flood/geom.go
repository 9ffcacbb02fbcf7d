package flood

import "github.com/lifeline-sim/lifeline/network"

// Polygon is an area: its first ring is the outer boundary, the others are
// holes. A ring is a closed sequence of at least three distinct corners;
// repeating the first corner at the end (as GeoJSON does) is allowed. Points
// are in the network's CRS.
type Polygon [][]network.Point

// Contains reports whether p lies inside the polygon (inside the outer
// ring and outside every hole); a point on a boundary counts as inside.
func (pg Polygon) Contains(p network.Point) bool {
	if len(pg) == 0 || !ringContains(pg[0], p) {
		return false
	}
	for _, hole := range pg[1:] {
		if ringContains(hole, p) && !onRing(hole, p) {
			return false
		}
	}
	return true
}

// ringContains is the even–odd rule, with points on the ring inside.
func ringContains(r []network.Point, p network.Point) bool {
	if onRing(r, p) {
		return true
	}
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a.Y > p.Y) != (b.Y > p.Y) && p.X < (b.X-a.X)*(p.Y-a.Y)/(b.Y-a.Y)+a.X {
			in = !in
		}
	}
	return in
}

func onRing(r []network.Point, p network.Point) bool {
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		if onSegment(r[j], r[i], p) {
			return true
		}
	}
	return false
}

// cross returns the z component of (b − a) × (c − a).
func cross(a, b, c network.Point) float64 { return (b.X-a.X)*(c.Y-a.Y) - (b.Y-a.Y)*(c.X-a.X) }

func onSegment(a, b, p network.Point) bool {
	return cross(a, b, p) == 0 && min(a.X, b.X) <= p.X && p.X <= max(a.X, b.X) && min(a.Y, b.Y) <= p.Y && p.Y <= max(a.Y, b.Y)
}

// segmentsMeet reports whether segments ab and cd share a point.
func segmentsMeet(a, b, c, d network.Point) bool {
	d1, d2 := cross(c, d, a), cross(c, d, b)
	d3, d4 := cross(a, b, c), cross(a, b, d)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		return true
	}
	return onSegment(c, d, a) || onSegment(c, d, b) || onSegment(a, b, c) || onSegment(a, b, d)
}

// Touches reports whether the segment ab shares a point with the polygon's
// area (an end inside, or a crossing of any ring).
func (pg Polygon) Touches(a, b network.Point) bool {
	if pg.Contains(a) || pg.Contains(b) {
		return true
	}
	for _, r := range pg {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			if segmentsMeet(a, b, r[j], r[i]) {
				// Crossing a hole's ring from outside the outer ring is
				// impossible: a hole lies inside the outer ring.
				return true
			}
		}
	}
	return false
}

// bounds is an axis-aligned box.
type bounds struct{ minX, minY, maxX, maxY float64 }

func boundsOf(pts []network.Point) bounds {
	b := bounds{pts[0].X, pts[0].Y, pts[0].X, pts[0].Y}
	for _, p := range pts[1:] {
		b.minX, b.minY = min(b.minX, p.X), min(b.minY, p.Y)
		b.maxX, b.maxY = max(b.maxX, p.X), max(b.maxY, p.Y)
	}
	return b
}

func (b bounds) overlaps(o bounds) bool {
	return b.minX <= o.maxX && o.minX <= b.maxX && b.minY <= o.maxY && o.minY <= b.maxY
}

// linkPath returns the polyline of link l: its Geometry, or the segment
// between its ends' locations; nil when an end has no location.
func linkPath(n *network.Network, l int32) []network.Point {
	if g := n.Geometry(l); len(g) >= 2 {
		return g
	}
	from, to := n.Ends(l)
	a, okA := n.Location(from)
	b, okB := n.Location(to)
	if !okA || !okB {
		return nil
	}
	return []network.Point{a, b}
}
