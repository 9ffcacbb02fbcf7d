package quake

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/internal/parse"
	"github.com/lifeline-sim/lifeline/hazard/internal/raster"
	"github.com/lifeline-sim/lifeline/network"
)

// MaxBytes caps the size of a ground-motion file the readers accept; a
// larger input is an error wrapping network.ErrTooLarge.
const MaxBytes = 256 << 20

// GMF is a ground-motion field read from a file: intensities at points.
// At interpolates it: when the points lie on a regular lattice (evenly
// spaced columns and rows, possibly with nodes missing, as the InfraRisk
// fields clipped to a county are), bilinearly inside every lattice cell
// whose four corners are points; anywhere else the nearest point's
// values. A place outside the points' bounding box gets no intensity
// (zero: nothing recorded there). Build one with ReadGMF, ReadOpenQuake or
// NewGMF.
type GMF struct {
	// CRS of the points.
	CRS network.CRS
	// Points are the sites of the field.
	Points []network.Point
	// Values holds each site's intensities.
	Values []Intensity
	// Has reports which measures the file gives.
	Has map[fragility.Measure]bool

	grids  map[fragility.Measure]*raster.Grid
	minX   float64
	minY   float64
	maxX   float64
	maxY   float64
	bucket buckets
}

// GMFUnits gives the units of a ground-motion CSV file's columns as
// factors to the canonical units; zero fields mean the defaults.
type GMFUnits struct {
	// PGV converts the PGV column to m/s, finite and ≥ 0; 0 means 0.01
	// (cm/s).
	PGV float64
	// PGD converts the PGD column to m, finite and ≥ 0; 0 means 0.01 (cm).
	PGD float64
}

// validate refuses a factor that would turn every value of its column
// into a wrong one. Errors wrap ErrInvalid.
func (u GMFUnits) validate() error {
	if !(u.PGV >= 0 && finite(u.PGV) && u.PGD >= 0 && finite(u.PGD)) {
		return fmt.Errorf("%w: ground-motion units PGV × %v, PGD × %v (finite, ≥ 0; 0 for the default)", ErrInvalid, u.PGV, u.PGD)
	}
	return nil
}

// gmfColumns maps a measure to the header names that hold it.
var gmfColumns = []struct {
	m     fragility.Measure
	names []string
}{
	{fragility.PGA, []string{"pga", "gmv_pga"}},
	{fragility.PGV, []string{"pgv", "gmv_pgv"}},
	{fragility.PGD, []string{"pgd", "gmv_pgd"}},
	{fragility.SA10, []string{"sa(1.0)", "gmv_sa(1.0)"}},
}

// ReadGMF reads a ground-motion CSV file ('#' lines are comments) with a
// header row: two coordinate
// columns (x, lon, longitude or lon_UTM; y, lat, latitude or lat_UTM, in
// any case) in crs, and one or more of PGA (g), PGV, PGD and SA(1.0) (g)
// (names in any case, optionally prefixed gmv_). PGV and PGD are scaled by
// units (cm/s and cm by default: the InfraRisk Shelby County fields,
// whose coordinates are Web Mercator metres despite their "_UTM" column
// names and whose PGV and PGD units are not stated); a unit factor that is
// negative or not finite is an error wrapping ErrInvalid. Values must be
// finite and ≥ 0; at least one site. Every problem is a *network.ParseError
// naming file, line, column and field; input beyond MaxBytes is refused.
func ReadGMF(r io.Reader, file string, crs network.CRS, units GMFUnits) (*GMF, error) {
	if err := units.validate(); err != nil {
		return nil, err
	}
	t, err := parse.NewTable(r, file, MaxBytes)
	if err != nil {
		return nil, err
	}
	xc, err := t.Column("x", "lon", "longitude", "lon_utm")
	if err != nil {
		return nil, err
	}
	yc, err := t.Column("y", "lat", "latitude", "lat_utm")
	if err != nil {
		return nil, err
	}
	scale := map[fragility.Measure]float64{fragility.PGA: 1, fragility.SA10: 1,
		fragility.PGV: cmp.Or(units.PGV, 0.01), fragility.PGD: cmp.Or(units.PGD, 0.01)}
	g := &GMF{CRS: crs}
	cols, err := g.measureColumns(t, false)
	if err != nil {
		return nil, err
	}
	err = t.Each(func() error {
		p, err := point(t, xc, yc, crs)
		if err != nil {
			return err
		}
		return g.add(t, p, cols, scale)
	})
	if err != nil {
		return nil, err
	}
	if len(g.Points) == 0 {
		return nil, &network.ParseError{File: file, Err: fmt.Errorf("%w: no sites", network.ErrInvalid)}
	}
	g.index()
	return g, nil
}

// ReadOpenQuake reads one event of an OpenQuake ground-motion export: the
// gmf-data CSV (columns event_id or eid, site_id or sid, and gmv_PGA,
// gmv_PGV, gmv_PGD, gmv_SA(1.0) as present, in g, cm/s, cm and g) and the
// sitemesh CSV (site_id, lon, lat in WGS84). Lines starting with '#'
// (OpenQuake's provenance line) are skipped. Every site of the event must
// be in the mesh, and at most once in the event. Errors as ReadGMF.
func ReadOpenQuake(gmf io.Reader, gmfFile string, sites io.Reader, sitesFile string, event int64) (*GMF, error) {
	st, err := parse.NewTable(sites, sitesFile, MaxBytes)
	if err != nil {
		return nil, err
	}
	sid, err := st.Column("site_id", "sid")
	if err != nil {
		return nil, err
	}
	lonc, err := st.Column("lon")
	if err != nil {
		return nil, err
	}
	latc, err := st.Column("lat")
	if err != nil {
		return nil, err
	}
	mesh := map[int64]network.Point{}
	err = st.Each(func() error {
		id, err := st.Int(sid)
		if err != nil {
			return err
		}
		p, err := point(st, lonc, latc, network.WGS84)
		if err != nil {
			return err
		}
		if _, dup := mesh[id]; dup {
			return st.ErrAt(sid, fmt.Errorf("%w: site %d", network.ErrDuplicateID, id))
		}
		mesh[id] = p
		return nil
	})
	if err != nil {
		return nil, err
	}
	t, err := parse.NewTable(gmf, gmfFile, MaxBytes)
	if err != nil {
		return nil, err
	}
	ec, err := t.Column("event_id", "eid")
	if err != nil {
		return nil, err
	}
	sc, err := t.Column("site_id", "sid")
	if err != nil {
		return nil, err
	}
	g := &GMF{CRS: network.WGS84}
	cols, err := g.measureColumns(t, true)
	if err != nil {
		return nil, err
	}
	scale := map[fragility.Measure]float64{fragility.PGA: 1, fragility.SA10: 1, fragility.PGV: 0.01, fragility.PGD: 0.01}
	seen := map[int64]bool{}
	err = t.Each(func() error {
		ev, err := t.Int(ec)
		if err != nil {
			return err
		}
		if ev != event {
			return nil
		}
		id, err := t.Int(sc)
		if err != nil {
			return err
		}
		p, ok := mesh[id]
		if !ok {
			return t.ErrAt(sc, fmt.Errorf("%w: site %d is not in %s", network.ErrUnknownID, id, sitesFile))
		}
		if seen[id] {
			return t.ErrAt(sc, fmt.Errorf("%w: site %d twice in event %d", network.ErrDuplicateID, id, event))
		}
		seen[id] = true
		return g.add(t, p, cols, scale)
	})
	if err != nil {
		return nil, err
	}
	if len(g.Points) == 0 {
		return nil, &network.ParseError{File: gmfFile, Err: fmt.Errorf("%w: no sites for event %d", network.ErrInvalid, event)}
	}
	g.index()
	return g, nil
}

// measureColumns returns the columns of the measures table t gives, by
// any of their names (only the gmv_ ones in an OpenQuake export), and
// notes them in g.Has; a table with none lacks its PGA column.
func (g *GMF) measureColumns(t *parse.Table, openQuake bool) (map[fragility.Measure]string, error) {
	g.Has = map[fragility.Measure]bool{}
	cols := map[fragility.Measure]string{}
	for _, gc := range gmfColumns {
		names := gc.names
		if openQuake {
			names = names[1:]
		}
		if c, ok := t.Find(names...); ok {
			cols[gc.m] = c
			g.Has[gc.m] = true
		}
	}
	if len(cols) == 0 {
		if openQuake {
			return nil, t.Missing("gmv_PGA")
		}
		return nil, t.Missing("PGA")
	}
	return cols, nil
}

// add reads the intensities of t's current record (intensity) and adds
// them at p.
func (g *GMF) add(t *parse.Table, p network.Point, cols map[fragility.Measure]string, scale map[fragility.Measure]float64) error {
	in, err := intensity(t, cols, scale)
	if err != nil {
		return err
	}
	g.Points = append(g.Points, p)
	g.Values = append(g.Values, in)
	return nil
}

// converter returns the map from points of crs to points of the field's
// CRS: the identity for the same CRS, otherwise through WGS84 (exact for
// WGS84 and Web Mercator; other CRSs are refused with an error wrapping
// network.ErrReproject).
func (g *GMF) converter(crs network.CRS) (func(network.Point) network.Point, error) {
	if crs.Equal(g.CRS) {
		return func(p network.Point) network.Point { return p }, nil
	}
	in, err := crs.ToWGS84()
	if err != nil {
		return nil, err
	}
	switch {
	case g.CRS.Geographic():
		return in, nil
	case g.CRS.Equal(network.WebMercator):
		return func(p network.Point) network.Point { return network.LonLatToMercator(in(p)) }, nil
	}
	return nil, fmt.Errorf("%w: ground-motion field in %v", network.ErrReproject, g.CRS)
}

// At returns the intensity at p (in the field's CRS), and false outside
// the points' bounding box. O(1) for a regular grid; for scattered points
// a bucket search, O(1) on average for evenly spread points.
func (g *GMF) At(p network.Point) (Intensity, bool) {
	if !(p.X >= g.minX && p.X <= g.maxX && p.Y >= g.minY && p.Y <= g.maxY) {
		return Intensity{}, false
	}
	if g.grids != nil {
		var in Intensity
		whole := true
		for m, gr := range g.grids {
			v, _ := gr.At(p.X, p.Y)
			whole = whole && !math.IsNaN(v)
			in.set(m, v)
		}
		if whole {
			return in, true
		}
	}
	return g.Values[g.bucket.nearest(g.Points, p)], true
}

// index prepares interpolation: the bounding box, buckets for the
// nearest point, and a raster per measure when the points lie on a
// regular lattice (missing nodes NaN).
func (g *GMF) index() {
	g.minX, g.minY = math.Inf(1), math.Inf(1)
	g.maxX, g.maxY = math.Inf(-1), math.Inf(-1)
	for _, p := range g.Points {
		g.minX, g.maxX = min(g.minX, p.X), max(g.maxX, p.X)
		g.minY, g.maxY = min(g.minY, p.Y), max(g.maxY, p.Y)
	}
	g.bucket = newBuckets(g.Points, g.minX, g.minY, g.maxX, g.maxY)
	gx, gy, ok := lattice(g.Points)
	if !ok {
		return
	}
	g.grids = map[fragility.Measure]*raster.Grid{}
	for m, has := range g.Has {
		if !has {
			continue
		}
		gr := &raster.Grid{X0: gx.t0, Y0: gy.t0, DX: gx.d, DY: gy.d, NX: gx.n, NY: gy.n, V: make([]float64, gx.n*gy.n)}
		for k := range gr.V {
			gr.V[k] = math.NaN()
		}
		for k, p := range g.Points {
			gr.V[gy.index(p.Y)*gx.n+gx.index(p.X)] = g.Values[k].Of(m)
		}
		g.grids[m] = gr
	}
}

// axis is one axis of a lattice: n nodes from t0 spaced d.
type axis struct {
	t0, d float64
	n     int
}

func (a axis) index(t float64) int { return int(math.Round((t - a.t0) / a.d)) }

// latticeAxis finds the evenly spaced axis that holds every value of v
// (within 10⁻⁶ of a step), the step being the smallest gap.
func latticeAxis(v []float64) (axis, bool) {
	v = slices.Compact(slices.Sorted(slices.Values(v)))
	if len(v) < 2 {
		return axis{t0: v[0], d: 1, n: 1}, true
	}
	d := math.Inf(1)
	for k := 1; k < len(v); k++ {
		d = min(d, v[k]-v[k-1])
	}
	span := (v[len(v)-1] - v[0]) / d
	if !(span <= 1<<24) {
		return axis{}, false
	}
	a := axis{t0: v[0], d: d, n: int(math.Round(span)) + 1}
	for _, t := range v {
		if math.Abs(float64(a.index(t))*d+a.t0-t) > 1e-6*d {
			return axis{}, false
		}
	}
	return a, true
}

// lattice reports whether pts lie on a regular lattice, each node at most
// once, of at most 4·len(pts) + 16 nodes (a sparser set is left to the
// nearest-point search).
func lattice(pts []network.Point) (ax, ay axis, ok bool) {
	xs, ys := make([]float64, len(pts)), make([]float64, len(pts))
	for k, p := range pts {
		xs[k], ys[k] = p.X, p.Y
	}
	if ax, ok = latticeAxis(xs); !ok {
		return
	}
	if ay, ok = latticeAxis(ys); !ok {
		return
	}
	if ax.n*ay.n > 4*len(pts)+16 {
		return axis{}, axis{}, false
	}
	seen := make([]bool, ax.n*ay.n)
	for _, p := range pts {
		k := ay.index(p.Y)*ax.n + ax.index(p.X)
		if seen[k] {
			return axis{}, axis{}, false
		}
		seen[k] = true
	}
	return ax, ay, true
}

// buckets is a uniform grid of point lists for nearest-point search.
type buckets struct {
	x0, y0, size float64
	nx, ny       int
	start        []int32 // CSR offsets, len nx·ny + 1
	items        []int32
}

func newBuckets(pts []network.Point, minX, minY, maxX, maxY float64) buckets {
	side := math.Sqrt(float64(len(pts)))
	w, h := maxX-minX, maxY-minY
	size := max(w, h) / max(side, 1)
	if !(size > 0) {
		size = 1
	}
	b := buckets{x0: minX, y0: minY, size: size}
	b.nx, b.ny = int(w/size)+1, int(h/size)+1
	b.start = make([]int32, b.nx*b.ny+1)
	cell := make([]int32, len(pts))
	for k, p := range pts {
		c := b.cell(p)
		cell[k] = int32(c)
		b.start[c+1]++
	}
	for c := range b.nx * b.ny {
		b.start[c+1] += b.start[c]
	}
	b.items = make([]int32, len(pts))
	fill := slices.Clone(b.start[:len(b.start)-1])
	for k := range pts {
		b.items[fill[cell[k]]] = int32(k)
		fill[cell[k]]++
	}
	return b
}

func (b *buckets) cell(p network.Point) int {
	i := min(max(int((p.X-b.x0)/b.size), 0), b.nx-1)
	j := min(max(int((p.Y-b.y0)/b.size), 0), b.ny-1)
	return j*b.nx + i
}

// nearest returns the index of the point nearest p (ties to the lower
// index), searching rings of buckets outwards until no closer point can
// remain.
func (b *buckets) nearest(pts []network.Point, p network.Point) int {
	ci := min(max(int((p.X-b.x0)/b.size), 0), b.nx-1)
	cj := min(max(int((p.Y-b.y0)/b.size), 0), b.ny-1)
	best, bestD := -1, math.Inf(1)
	for ring := 0; ring <= max(b.nx, b.ny); ring++ {
		if best >= 0 && float64(ring-1)*b.size > math.Sqrt(bestD) {
			break
		}
		for j := cj - ring; j <= cj+ring; j++ {
			for i := ci - ring; i <= ci+ring; i++ {
				if i < 0 || j < 0 || i >= b.nx || j >= b.ny || (max(abs(i-ci), abs(j-cj)) != ring) {
					continue
				}
				c := j*b.nx + i
				for _, k := range b.items[b.start[c]:b.start[c+1]] {
					q := pts[k]
					d := (q.X-p.X)*(q.X-p.X) + (q.Y-p.Y)*(q.Y-p.Y)
					if d < bestD || d == bestD && int(k) < best {
						best, bestD = int(k), d
					}
				}
			}
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// point reads the coordinates in columns xc and yc, valid in crs.
func point(t *parse.Table, xc, yc string, crs network.CRS) (network.Point, error) {
	x, err := t.Float(xc)
	if err != nil {
		return network.Point{}, err
	}
	y, err := t.Float(yc)
	if err != nil {
		return network.Point{}, err
	}
	p := network.Point{X: x, Y: y}
	if err := crs.CheckPoint(p); err != nil {
		return network.Point{}, t.ErrAt(xc, err)
	}
	return p, nil
}

// intensity reads the measures in columns cols, each finite and ≥ 0,
// times its scale to the canonical unit.
func intensity(t *parse.Table, cols map[fragility.Measure]string, scale map[fragility.Measure]float64) (Intensity, error) {
	var in Intensity
	for _, gc := range gmfColumns {
		c, ok := cols[gc.m]
		if !ok {
			continue
		}
		v, err := t.Float(c)
		if err != nil {
			return in, err
		}
		if v < 0 {
			return in, t.ErrAt(c, fmt.Errorf("%w: intensity %v", network.ErrNegative, v))
		}
		in.set(gc.m, v*scale[gc.m])
	}
	return in, nil
}

// NewGMF returns the field of values at points in crs, giving the measures
// listed in has; points must be valid in crs and values finite and ≥ 0.
// Errors wrap ErrInvalid.
func NewGMF(crs network.CRS, points []network.Point, values []Intensity, has ...fragility.Measure) (*GMF, error) {
	if len(points) == 0 || len(points) != len(values) {
		return nil, fmt.Errorf("%w: %d points, %d values", ErrInvalid, len(points), len(values))
	}
	g := &GMF{CRS: crs, Points: slices.Clone(points), Values: slices.Clone(values), Has: map[fragility.Measure]bool{}}
	for _, m := range has {
		g.Has[m] = true
	}
	for k, p := range points {
		if err := crs.CheckPoint(p); err != nil {
			return nil, fmt.Errorf("%w: point %d: %w", ErrInvalid, k, err)
		}
		for _, m := range shakingMeasures {
			if v := values[k].Of(m); !(v >= 0) || math.IsInf(v, 1) {
				return nil, fmt.Errorf("%w: point %d: %v = %v", ErrInvalid, k, m, v)
			}
		}
		if v := values[k].PGD; !(v >= 0) || math.IsInf(v, 1) {
			return nil, fmt.Errorf("%w: point %d: PGD = %v", ErrInvalid, k, v)
		}
	}
	g.index()
	return g, nil
}
