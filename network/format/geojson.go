package format

import (
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strconv"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/internal/parse"
)

// geoFeature is a GeoJSON Feature as the writer lays it out.
type geoFeature struct {
	Type       string       `json:"type"`
	ID         string       `json:"id"`
	Geometry   *geoGeometry `json:"geometry"`
	Properties any          `json:"properties"`
}

// geoGeometry is a Point ([x, y]) or a LineString ([[x, y], …]).
type geoGeometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

// geoComponent is the properties object of a component feature; its
// location is the feature's geometry.
type geoComponent struct {
	Feature string `json:"feature"`
	componentRecord
}

// geoLink is the properties object of a link feature; its geometry is the
// feature's, and ExplicitGeometry says whether that is the link's own
// Geometry (true) or the segment between its ends drawn for display (false).
type geoLink struct {
	Feature string `json:"feature"`
	linkRecord
	ExplicitGeometry *bool `json:"explicit_geometry,omitempty"`
}

const (
	featureComponent = "component"
	featureLink      = "link"
)

// WriteGeoJSON writes n as an RFC 7946 GeoJSON FeatureCollection for GIS
// tools:
//
//	{
//	  "type": "FeatureCollection",
//	  "lifeline": {
//	    "version": 1,
//	    "name": "small",
//	    "crs": "EPSG:4326",
//	    "attrs": {},
//	    "requirements": [
//	      {"dependent":"p1","providers":["b1"],"logic":"all","lag":"1m","effect":"fail","kind":"physical"}
//	    ]
//	  },
//	  "features": [
//	    {"type":"Feature","id":"g1","geometry":{"type":"Point","coordinates":[-90,35]},"properties":{"feature":"component","id":"g1",…}},
//	    {"type":"Feature","id":"L1","geometry":{"type":"LineString","coordinates":[[-90,35],[-90.1,35.1]]},"properties":{"feature":"link","id":"L1",…,"explicit_geometry":false}}
//	  ]
//	}
//
// Components come first, as Point features (geometry null when unlocated),
// then links as LineString features: their Geometry when they have one,
// otherwise the straight segment between their ends when both are located,
// otherwise null; the property "explicit_geometry" tells a Geometry from a
// drawn segment. Properties hold every other field under the same keys as
// WriteJSON (params and tags as nested objects), with "feature" naming the
// entity type; the ID is also the feature's "id" (components and links have
// separate ID spaces, so two features may share one). The network-level
// fields and the requirements live in the foreign member "lifeline"
// (RFC 7946 §6.1).
//
// Departure from RFC 7946: coordinates are written in the network's CRS as
// they are. RFC 7946 wants WGS84 longitude/latitude; for a projected or
// local CRS the "crs" of the "lifeline" member names it, and GIS tools must
// be told the layer's CRS by hand.
//
// The output is deterministic (one feature per line, sorted map keys), and
// ReadGeoJSON gives back a Network equal to n in every accessor. Strings
// that are not valid UTF-8 fail with ErrInvalid.
func WriteGeoJSON(w io.Writer, n *network.Network) error {
	if err := checkUTF8(n); err != nil {
		return err
	}
	h := headerOf(n)
	nc, nl := int32(n.NumComponents()), int32(n.NumLinks())
	o := newJSONOut(w)
	o.raw("{\n")
	o.member("  ", "type", "FeatureCollection", ",\n")
	o.raw(`  "lifeline": {` + "\n")
	o.member("    ", "version", NativeVersion, ",\n")
	o.member("    ", "name", h.Name, ",\n")
	o.member("    ", "crs", h.CRS, ",\n")
	o.member("    ", "attrs", h.Attrs, ",\n")
	o.list("    ", "requirements", n.NumRequirements(), func(i int32) any { return requirementRecordOf(n, i) }, "\n")
	o.raw("  },\n")
	o.list("  ", "features", int(nc+nl), func(i int32) any {
		if i < nc {
			return componentFeature(n, i)
		}
		return linkFeature(n, i-nc)
	}, "\n")
	o.raw("}\n")
	return o.flush()
}

func componentFeature(n *network.Network, i int32) geoFeature {
	rec := componentRecordOf(n, i)
	f := geoFeature{Type: "Feature", ID: rec.ID}
	if p := rec.Location; p != nil {
		f.Geometry = &geoGeometry{Type: "Point", Coordinates: [2]float64{p.X, p.Y}}
	}
	rec.Location = nil
	f.Properties = geoComponent{Feature: featureComponent, componentRecord: rec}
	return f
}

func linkFeature(n *network.Network, l int32) geoFeature {
	rec := linkRecordOf(n, l)
	f := geoFeature{Type: "Feature", ID: rec.ID}
	line := rec.Geometry
	explicit := line != nil
	if !explicit {
		from, to := n.Ends(l)
		a, okA := n.Location(from)
		b, okB := n.Location(to)
		if okA && okB {
			line = []network.Point{a, b}
		}
	}
	if line != nil {
		coords := make([][2]float64, len(line))
		for j, p := range line {
			coords[j] = [2]float64{p.X, p.Y}
		}
		f.Geometry = &geoGeometry{Type: "LineString", Coordinates: coords}
	}
	rec.Geometry = nil
	f.Properties = geoLink{Feature: featureLink, linkRecord: rec, ExplicitGeometry: &explicit}
	return f
}

// ReadGeoJSON reads a network written by WriteGeoJSON, or edited in a GIS
// tool, from the file name of fsys, which also names it in errors. The FeatureCollection must carry the
// "lifeline" foreign member with the version; other foreign members and
// bbox are ignored. A feature's "feature" property says what it is; its ID
// is the "id" property, or the feature's id when the property is absent (a
// numeric id is taken as its decimal text). A component takes its location
// from a Point geometry. A link takes its Geometry from a LineString unless
// "explicit_geometry" is false; without that property, any LineString is
// taken as the link's Geometry. A third coordinate (altitude) is dropped.
// Properties with a null value are absent; unknown properties are errors.
// Errors are as for ReadJSON, with Field paths such as
// "features[4].properties.role" and "lifeline.requirements[0].lag".
//
// The features are read as a stream, one at a time, so that reading takes
// about the memory of the network built (when "lifeline" comes before
// "features", as WriteGeoJSON writes it; otherwise the features are held
// until the end). A file above 4 GiB is refused (see Reader).
func ReadGeoJSON(fsys fs.FS, name string) (*network.Network, error) {
	return Reader{}.ReadGeoJSON(fsys, name)
}

// ReadGeoJSON reads a network in GeoJSON as the function ReadGeoJSON does,
// under r's size cap.
func (r Reader) ReadGeoJSON(fsys fs.FS, name string) (*network.Network, error) {
	s, err := openJSON(r.source(fsys, name))
	if err != nil {
		return nil, err
	}
	defer s.close()
	n, err := s.readGeoJSON()
	if err != nil {
		return nil, s.settle(err)
	}
	return n, nil
}

// readGeoJSON reads a GeoJSON FeatureCollection.
func (s *jsonStream) readGeoJSON() (*network.Network, error) {
	var (
		typ, ls parse.Span
		life    *jsonMembers
		a       *assembler
		held    []parse.Span // features read before "lifeline"
		feats   bool
	)
	loc := func(t table, i int, at int64, field string) *network.ParseError {
		switch t {
		case tableHeader:
			return s.at(life.get(field), "lifeline."+field, "")
		case tableRequirements:
			return s.at(s.src.ValueAt(at), fmt.Sprintf("lifeline.requirements[%d]", i), field)
		}
		g, _ := s.feature(s.src.ValueAt(at), i)
		return g.at(&s.jsonDoc, field)
	}
	lifeline := func() error {
		var err error
		if life, err = s.members(ls, "lifeline"); err != nil {
			return err
		}
		life.ms = slices.Clone(life.ms) // kept past the features, which reuse the arena
		if err := s.version(life, "lifeline.version", ls); err != nil {
			return err
		}
		if err := s.onlyKeys(life, "lifeline", "version", "name", "crs", "attrs", "requirements"); err != nil {
			return err
		}
		h, err := s.header(life, "lifeline")
		if err != nil {
			return err
		}
		a, err = newAssembler(s.File, h, loc)
		return err
	}
	err := s.object("", func(key string) error {
		switch key {
		case "features":
			feats = true
			if a != nil {
				return s.array("features", func(i int, v parse.Span) error { return s.addFeature(a, i, v) })
			}
			return s.array("features", func(_ int, v parse.Span) error {
				held = append(held, v)
				return nil
			})
		}
		v, err := s.value()
		if err != nil {
			return err
		}
		switch key {
		case "type":
			typ = v
			return s.geoTypeAt(v, "", "FeatureCollection")
		case "lifeline":
			ls = v
			return lifeline()
		}
		return nil // bbox and foreign members
	})
	if err != nil {
		return nil, err
	}
	if err := s.end(); err != nil {
		return nil, err
	}
	if typ.Val == nil {
		return nil, s.geoTypeAt(parse.Span{}, "", "FeatureCollection")
	}
	if ls.Val == nil {
		return nil, s.ErrAt(0, "lifeline", versionError(`missing "lifeline" member with the version`))
	}
	if !feats {
		return nil, s.ErrAt(0, "features", fmt.Errorf("%w: want an array, got nothing", network.ErrInvalid))
	}
	for i, v := range held {
		if err := s.addFeature(a, i, v); err != nil {
			return nil, err
		}
	}
	if rs, ok := life.lookup("requirements"); ok {
		spans, err := s.elements(rs, "lifeline.requirements")
		if err != nil {
			return nil, err
		}
		for i, v := range spans {
			if err := s.addRequirement(a, "lifeline.requirements", i, v); err != nil {
				return nil, err
			}
		}
	}
	return a.finish()
}

// addFeature reads feature i, whose value is v, into the assembler.
func (d *jsonDoc) addFeature(a *assembler, i int, v parse.Span) error {
	d.arena = d.arena[:0]
	g, err := d.feature(v, i)
	if err != nil {
		return err
	}
	if g.kind == featureComponent {
		c, err := d.componentOf(g)
		if err != nil {
			return err
		}
		return a.component(&c, i, int64(v.Off))
	}
	l, err := d.linkOf(g)
	if err != nil {
		return err
	}
	return a.link(&l, i, int64(v.Off))
}

// geoSpans locates the parts of one feature.
type geoSpans struct {
	index    int // in the features array
	kind     string
	feature  parse.Span
	id       parse.Span
	geometry parse.Span
	props    parse.Span
}

// at places a record field: location and geometry at the geometry, others
// among the properties.
func (g *geoSpans) at(d *jsonDoc, field string) *network.ParseError {
	name := fmt.Sprintf("features[%d]", g.index)
	switch field {
	case "":
		return d.at(g.feature, name, "")
	case "location", "geometry":
		return d.at(g.geometry, name+".geometry", "")
	}
	return d.at(g.props, name+".properties", field)
}

// geoType checks the "type" member of m.
func (d *jsonDoc) geoType(m *jsonMembers, field, want string) error {
	return d.geoTypeAt(m.get("type"), field, want)
}

// geoTypeAt checks the value s of a "type" member (Val nil when absent).
func (d *jsonDoc) geoTypeAt(s parse.Span, field, want string) error {
	var t string
	if s.Val != nil {
		if err := d.decode(s, joinPath(field, "type"), &t); err != nil {
			return err
		}
	}
	if t != want {
		return d.ErrAt(s.Off, joinPath(field, "type"), fmt.Errorf("%w: type %s (want %s)", network.ErrInvalid, parse.Quote(t), parse.Quote(want)))
	}
	return nil
}

// feature splits feature i into its parts and reads its "feature" property.
func (d *jsonDoc) feature(fs parse.Span, i int) (geoSpans, error) {
	name := fmt.Sprintf("features[%d]", i)
	g := geoSpans{index: i, feature: fs}
	m, err := d.members(fs, name)
	if err != nil {
		return g, err
	}
	if err := d.geoType(m, name, "Feature"); err != nil {
		return g, err
	}
	g.id, g.geometry, g.props = m.get("id"), m.get("geometry"), m.get("properties")
	if g.props.Val == nil || isNull(g.props.Val) {
		return g, d.ErrAt(g.props.Off, name+".properties", fmt.Errorf("%w: a feature needs properties with \"feature\" and \"id\"", network.ErrInvalid))
	}
	pm, err := d.members(g.props, name+".properties")
	if err != nil {
		return g, err
	}
	ks := pm.get("feature")
	if ks.Val != nil {
		if err := d.decode(ks, name+".properties.feature", &g.kind); err != nil {
			return g, err
		}
	}
	if g.kind != featureComponent && g.kind != featureLink {
		return g, d.ErrAt(ks.Off, name+".properties.feature",
			fmt.Errorf("%w: feature %s (want %s or %s)", network.ErrInvalid, parse.Quote(g.kind), parse.Quote(featureComponent), parse.Quote(featureLink)))
	}
	return g, nil
}

// featureID reconciles the id property with the feature's id.
func (d *jsonDoc) featureID(g geoSpans, prop string) (string, error) {
	if g.id.Val == nil || isNull(g.id.Val) {
		return prop, nil
	}
	field := fmt.Sprintf("features[%d].id", g.index)
	var id string
	if len(g.id.Val) > 0 && g.id.Val[0] != '"' {
		if _, err := strconv.ParseFloat(string(g.id.Val), 64); err != nil {
			return "", d.ErrAt(g.id.Off, field, fmt.Errorf("%w: want a string or a number, got %s", network.ErrInvalid, parse.JSONKind(g.id.Val)))
		}
		id = string(g.id.Val)
	} else if err := d.decode(g.id, field, &id); err != nil {
		return "", err
	}
	if prop != "" && prop != id {
		return "", d.ErrAt(g.id.Off, field, fmt.Errorf("%w: feature id %s differs from the id property %s", network.ErrInvalid, parse.Quote(id), parse.Quote(prop)))
	}
	return id, nil
}

// geometry decodes a geometry of type want ("Point" or "LineString"); null
// or absent gives nil.
func (d *jsonDoc) geometry(g geoSpans, want string) ([]network.Point, error) {
	s := g.geometry
	if s.Val == nil || isNull(s.Val) {
		return nil, nil
	}
	field := fmt.Sprintf("features[%d].geometry", g.index)
	m, err := d.members(s, field)
	if err != nil {
		return nil, err
	}
	if err := d.geoType(m, field, want); err != nil {
		return nil, err
	}
	cs := m.get("coordinates")
	var pos [][]float64
	if want == "Point" {
		var p []float64
		if cs.Val != nil {
			if err := d.decode(cs, field+".coordinates", &p); err != nil {
				return nil, err
			}
		}
		pos = [][]float64{p}
	} else if cs.Val != nil {
		if err := d.decode(cs, field+".coordinates", &pos); err != nil {
			return nil, err
		}
	}
	if len(pos) == 0 {
		return nil, d.ErrAt(cs.Off, field+".coordinates", fmt.Errorf("%w: a %s needs coordinates", network.ErrInvalid, want))
	}
	pts := make([]network.Point, len(pos))
	for j, p := range pos {
		if len(p) != 2 && len(p) != 3 {
			path := ""
			if want != "Point" {
				path = fmt.Sprintf("[%d]", j)
			}
			return nil, parse.WithErr(d.at(cs, field+".coordinates", path),
				fmt.Errorf("%w: a position has 2 or 3 numbers, not %d", network.ErrInvalid, len(p)))
		}
		pts[j] = network.Point{X: p[0], Y: p[1]}
	}
	return pts, nil
}

func (d *jsonDoc) componentOf(g geoSpans) (componentRecord, error) {
	var p geoComponent
	name := fmt.Sprintf("features[%d].properties", g.index)
	if err := d.decode(g.props, name, &p); err != nil {
		return p.componentRecord, err
	}
	if p.Location != nil {
		return p.componentRecord, parse.WithErr(d.at(g.props, name, "location"),
			fmt.Errorf("%w: a component's location is its Point geometry", network.ErrInvalid))
	}
	id, err := d.featureID(g, p.ID)
	if err != nil {
		return p.componentRecord, err
	}
	p.ID = id
	pts, err := d.geometry(g, "Point")
	if err != nil {
		return p.componentRecord, err
	}
	if pts != nil {
		p.Location = &pts[0]
	}
	return p.componentRecord, nil
}

func (d *jsonDoc) linkOf(g geoSpans) (linkRecord, error) {
	var p geoLink
	name := fmt.Sprintf("features[%d].properties", g.index)
	if err := d.decode(g.props, name, &p); err != nil {
		return p.linkRecord, err
	}
	if p.Geometry != nil {
		return p.linkRecord, parse.WithErr(d.at(g.props, name, "geometry"),
			fmt.Errorf("%w: a link's geometry is its LineString geometry", network.ErrInvalid))
	}
	id, err := d.featureID(g, p.ID)
	if err != nil {
		return p.linkRecord, err
	}
	p.ID = id
	pts, err := d.geometry(g, "LineString")
	if err != nil {
		return p.linkRecord, err
	}
	if p.ExplicitGeometry == nil || *p.ExplicitGeometry {
		p.Geometry = pts
	}
	if p.ExplicitGeometry != nil && *p.ExplicitGeometry && pts == nil {
		return p.linkRecord, parse.WithErr(d.at(g.props, name, "explicit_geometry"),
			fmt.Errorf("%w: explicit_geometry is true but the geometry is null", network.ErrInvalid))
	}
	return p.linkRecord, nil
}
