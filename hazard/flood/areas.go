package flood

import (
	"fmt"
	"io/fs"

	"github.com/lifeline-sim/lifeline/hazard/internal/parse"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Area is a flooded area: one or more polygons sharing one depth
// hydrograph (the depth everywhere inside them).
type Area struct {
	// ID names the area in errors.
	ID string
	// Polygons are the area's parts, in the network's CRS.
	Polygons []Polygon
	// Depth is the water depth inside the area over time.
	Depth Hydrograph
}

// Validate checks the area: at least one polygon, rings of at least three
// corners with finite coordinates, a valid hydrograph. Errors wrap hazard.ErrInvalid.
func (a *Area) Validate() error {
	if len(a.Polygons) == 0 {
		return fmt.Errorf("%w: area %q has no polygon", errInvalid, a.ID)
	}
	for p, pg := range a.Polygons {
		if len(pg) == 0 {
			return fmt.Errorf("%w: area %q: polygon %d has no ring", errInvalid, a.ID, p)
		}
		for r, ring := range pg {
			if len(ring) < 3 {
				return fmt.Errorf("%w: area %q: polygon %d ring %d has %d corners (at least 3)", errInvalid, a.ID, p, r, len(ring))
			}
			for _, q := range ring {
				if !finite(q.X) || !finite(q.Y) {
					return fmt.Errorf("%w: area %q: polygon %d ring %d: corner (%v, %v) not finite", errInvalid, a.ID, p, r, q.X, q.Y)
				}
			}
		}
	}
	if err := a.Depth.Validate(); err != nil {
		return fmt.Errorf("area %q: %w", a.ID, err)
	}
	return nil
}

// ReadAreas reads flooded areas from a GeoJSON FeatureCollection (RFC
// 7946). Each feature is an Area:
//
//   - geometry: a Polygon or a MultiPolygon. Positions are [x, y] or
//     [x, y, z] (z is ignored) in the network's CRS (RFC 7946 GeoJSON is
//     WGS84 longitude/latitude, which is the network's default CRS); each
//     ring has at least four positions and ends where it starts.
//   - properties.hydrograph: the depth hydrograph, an array of [time,
//     depth] pairs with time a duration since the scenario start in the
//     syntax of sim.ParseDuration ("0s", "90m", "1d6h") and depth in
//     metres (a finite number ≥ 0); times strictly increase. Required.
//   - properties.id: the area's ID, a string (optional; "feature <k>", k
//     counting from 0, when absent).
//
// Other members are ignored, as RFC 7946 allows. Errors are
// *network.ParseError values naming the file, line, column and field
// (a JSON path such as features[2].properties.hydrograph[1][0]) and
// wrapping network.ErrSyntax, ErrInvalid, ErrNotFinite, ErrNegative or
// ErrTooLarge; nothing here panics on bad input.
func (r Reader) ReadAreas(fsys fs.FS, name string) ([]Area, error) {
	f, err := parse.Read(fsys, name, r.MaxBytes)
	if err != nil {
		return nil, err
	}
	return parseAreas(f)
}

func parseAreas(f *parse.File) ([]Area, error) {
	d := &doc{f}
	root, err := d.parseJSON()
	if err != nil {
		return nil, err
	}
	if err := d.want(root, jobject, ""); err != nil {
		return nil, err
	}
	typ, ok := root.member("type")
	if !ok || typ.kind != jstring || typ.str != "FeatureCollection" {
		return nil, d.errAt(root.off, "type", fmt.Errorf("%w: want a FeatureCollection", network.ErrInvalid))
	}
	feats, ok := root.member("features")
	if !ok {
		return nil, d.errAt(root.off, "features", fmt.Errorf("%w: missing", network.ErrInvalid))
	}
	if err := d.want(feats, jarray, "features"); err != nil {
		return nil, err
	}
	areas := make([]Area, 0, len(feats.elems))
	for k := range feats.elems {
		a, err := d.area(&feats.elems[k], fmt.Sprintf("features[%d]", k), k)
		if err != nil {
			return nil, err
		}
		areas = append(areas, a)
	}
	return areas, nil
}

// area reads one feature.
func (d *doc) area(f *jvalue, path string, k int) (Area, error) {
	a := Area{ID: fmt.Sprintf("feature %d", k)}
	if err := d.want(f, jobject, path); err != nil {
		return a, err
	}
	if typ, ok := f.member("type"); !ok || typ.kind != jstring || typ.str != "Feature" {
		return a, d.errAt(f.off, path+".type", fmt.Errorf("%w: want a Feature", network.ErrInvalid))
	}
	props, err := d.object(f, "properties", path, "an object with a hydrograph")
	if err != nil {
		return a, err
	}
	if id, ok := props.member("id"); ok {
		if err := d.want(id, jstring, path+".properties.id"); err != nil {
			return a, err
		}
		a.ID = id.str
	}
	hg, ok := props.member("hydrograph")
	if !ok {
		return a, d.errAt(props.off, path+".properties.hydrograph", fmt.Errorf("%w: missing", network.ErrInvalid))
	}
	if a.Depth, err = d.hydrograph(hg, path+".properties.hydrograph"); err != nil {
		return a, err
	}
	geom, err := d.object(f, "geometry", path, "a Polygon or MultiPolygon object")
	if err != nil {
		return a, err
	}
	gpath := path + ".geometry"
	typ, ok := geom.member("type")
	coords, okC := geom.member("coordinates")
	if !ok || typ.kind != jstring || (typ.str != "Polygon" && typ.str != "MultiPolygon") {
		return a, d.errAt(geom.off, gpath+".type", fmt.Errorf("%w: want Polygon or MultiPolygon", network.ErrInvalid))
	}
	if !okC {
		return a, d.errAt(geom.off, gpath+".coordinates", fmt.Errorf("%w: missing", network.ErrInvalid))
	}
	cpath := gpath + ".coordinates"
	if typ.str == "Polygon" {
		pg, err := d.polygon(coords, cpath)
		if err != nil {
			return a, err
		}
		a.Polygons = []Polygon{pg}
		return a, nil
	}
	if err := d.want(coords, jarray, cpath); err != nil {
		return a, err
	}
	if len(coords.elems) == 0 {
		return a, d.errAt(coords.off, cpath, fmt.Errorf("%w: a MultiPolygon needs a polygon", network.ErrInvalid))
	}
	for p := range coords.elems {
		pg, err := d.polygon(&coords.elems[p], fmt.Sprintf("%s[%d]", cpath, p))
		if err != nil {
			return a, err
		}
		a.Polygons = append(a.Polygons, pg)
	}
	return a, nil
}

// object returns member key of object v, which must be an object (what
// says what it should hold); a missing member is placed at v.
func (d *doc) object(v *jvalue, key, path, what string) (*jvalue, error) {
	m, ok := v.member(key)
	switch {
	case !ok:
		return nil, d.errAt(v.off, path+"."+key, fmt.Errorf("%w: missing, want %s", network.ErrInvalid, what))
	case m.kind != jobject:
		return nil, d.errAt(m.off, path+"."+key, fmt.Errorf("%w: want %s, got %s", network.ErrInvalid, what, jkindNames[m.kind]))
	}
	return m, nil
}

// polygon reads the rings of a Polygon's coordinates.
func (d *doc) polygon(v *jvalue, path string) (Polygon, error) {
	if err := d.want(v, jarray, path); err != nil {
		return nil, err
	}
	if len(v.elems) == 0 {
		return nil, d.errAt(v.off, path, fmt.Errorf("%w: a polygon needs an outer ring", network.ErrInvalid))
	}
	pg := make(Polygon, 0, len(v.elems))
	for r := range v.elems {
		rv, rpath := &v.elems[r], fmt.Sprintf("%s[%d]", path, r)
		if err := d.want(rv, jarray, rpath); err != nil {
			return nil, err
		}
		if len(rv.elems) < 4 {
			return nil, d.errAt(rv.off, rpath, fmt.Errorf("%w: a ring needs at least 4 positions, got %d", network.ErrInvalid, len(rv.elems)))
		}
		ring := make([]network.Point, len(rv.elems))
		for q := range rv.elems {
			pv, ppath := &rv.elems[q], fmt.Sprintf("%s[%d]", rpath, q)
			if err := d.want(pv, jarray, ppath); err != nil {
				return nil, err
			}
			if len(pv.elems) < 2 || len(pv.elems) > 3 {
				return nil, d.errAt(pv.off, ppath, fmt.Errorf("%w: a position has 2 or 3 numbers, got %d", network.ErrInvalid, len(pv.elems)))
			}
			var xy [3]float64
			for c := range pv.elems {
				x, err := d.number(&pv.elems[c], fmt.Sprintf("%s[%d]", ppath, c))
				if err != nil {
					return nil, err
				}
				xy[c] = x
			}
			ring[q] = network.Point{X: xy[0], Y: xy[1]}
		}
		if ring[0] != ring[len(ring)-1] {
			last := &rv.elems[len(rv.elems)-1]
			return nil, d.errAt(last.off, fmt.Sprintf("%s[%d]", rpath, len(rv.elems)-1), fmt.Errorf("%w: a ring ends where it starts", network.ErrInvalid))
		}
		pg = append(pg, ring[:len(ring)-1])
	}
	return pg, nil
}

// hydrograph reads an array of [time, depth] pairs.
func (d *doc) hydrograph(v *jvalue, path string) (Hydrograph, error) {
	if err := d.want(v, jarray, path); err != nil {
		return nil, err
	}
	h := make(Hydrograph, 0, len(v.elems))
	for k := range v.elems {
		sv, spath := &v.elems[k], fmt.Sprintf("%s[%d]", path, k)
		if err := d.want(sv, jarray, spath); err != nil {
			return nil, err
		}
		if len(sv.elems) != 2 {
			return nil, d.errAt(sv.off, spath, fmt.Errorf("%w: want [time, depth], got %d values", network.ErrInvalid, len(sv.elems)))
		}
		tv, dv := &sv.elems[0], &sv.elems[1]
		if err := d.want(tv, jstring, spath+"[0]"); err != nil {
			return nil, err
		}
		t, err := sim.ParseDuration(tv.str)
		if err != nil {
			return nil, d.errAt(tv.off, spath+"[0]", fmt.Errorf("%w: %w", network.ErrInvalid, err))
		}
		if k > 0 && t <= h[k-1].T {
			return nil, d.errAt(tv.off, spath+"[0]", fmt.Errorf("%w: time %v not after %v", network.ErrInvalid, t, h[k-1].T))
		}
		depth, err := d.number(dv, spath+"[1]")
		if err != nil {
			return nil, err
		}
		if depth < 0 {
			return nil, d.errAt(dv.off, spath+"[1]", fmt.Errorf("%w: depth %v m", network.ErrNegative, depth))
		}
		h = append(h, Step{T: t, Depth: depth})
	}
	return h, nil
}
