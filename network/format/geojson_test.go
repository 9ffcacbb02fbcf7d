package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
)

func writeGeoJSONBytes(t testing.TB, n *network.Network) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteGeoJSON(&buf, n); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGeoJSONRoundTrip(t *testing.T) {
	for _, n := range []*network.Network{richNetwork(t), projectedNetwork(t), emptyNetwork(t)} {
		first := writeGeoJSONBytes(t, n)
		got, err := ReadGeoJSON(parsetest.File("rich.geojson", first), "rich.geojson")
		if err != nil {
			t.Fatalf("%v\n%s", err, first)
		}
		requireSameNetwork(t, n, got)
		if second := writeGeoJSONBytes(t, got); !bytes.Equal(first, second) {
			t.Fatalf("write→read→write differs:\n%s\n---\n%s", first, second)
		}
	}
}

// TestGeoJSONIsRFC7946 checks the structure a GIS tool relies on: a
// FeatureCollection of Features with Point and LineString geometries (or
// null), positions of two numbers, the id on the feature, and the
// network-level fields in the "lifeline" foreign member.
func TestGeoJSONIsRFC7946(t *testing.T) {
	n := richNetwork(t)
	var doc struct {
		Type     string `json:"type"`
		Lifeline struct {
			Version      int               `json:"version"`
			CRS          string            `json:"crs"`
			Requirements []json.RawMessage `json:"requirements"`
		} `json:"lifeline"`
		Features []struct {
			Type     string `json:"type"`
			ID       string `json:"id"`
			Geometry *struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(writeGeoJSONBytes(t, n), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Type != "FeatureCollection" || doc.Lifeline.Version != NativeVersion || doc.Lifeline.CRS != "EPSG:4326" ||
		len(doc.Lifeline.Requirements) != n.NumRequirements() || len(doc.Features) != n.NumComponents()+n.NumLinks() {
		t.Fatalf("collection: %+v", doc)
	}
	for i, f := range doc.Features {
		isComp := i < n.NumComponents()
		want := map[bool]string{true: "component", false: "link"}[isComp]
		if f.Type != "Feature" || f.Properties["feature"] != want || f.Properties["id"] != f.ID {
			t.Errorf("feature %d: type %q feature %v id %q/%v", i, f.Type, f.Properties["feature"], f.ID, f.Properties["id"])
		}
		switch {
		case f.Geometry == nil:
			if isComp {
				if _, ok := n.Location(int32(i)); ok {
					t.Errorf("feature %d: located component without geometry", i)
				}
			}
		case isComp:
			var p []float64
			if f.Geometry.Type != "Point" || json.Unmarshal(f.Geometry.Coordinates, &p) != nil || len(p) != 2 {
				t.Errorf("feature %d: component geometry %s %s", i, f.Geometry.Type, f.Geometry.Coordinates)
			}
		default:
			var line [][]float64
			if f.Geometry.Type != "LineString" || json.Unmarshal(f.Geometry.Coordinates, &line) != nil || len(line) < 2 {
				t.Errorf("feature %d: link geometry %s %s", i, f.Geometry.Type, f.Geometry.Coordinates)
			}
		}
	}
	// L1 has no Geometry but located ends: a drawn segment, marked as such.
	l1 := doc.Features[n.NumComponents()]
	if l1.ID != "L1" || l1.Geometry == nil || l1.Properties["explicit_geometry"] != false {
		t.Errorf("L1: %+v", l1)
	}
}

// TestGeoJSONFromGISTool reads what a GIS user might hand-write: a link
// without explicit_geometry (its LineString becomes its Geometry), a numeric
// feature id standing in for the id property, null properties, altitudes,
// bbox and other foreign members.
func TestGeoJSONFromGISTool(t *testing.T) {
	in := `{"type":"FeatureCollection","name":"layer","bbox":[0,0,1,1],
	"lifeline":{"version":1,"requirements":[{"dependent":"7","providers":["a"],"lag":"1d"}]},
	"features":[
	{"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[1,2,30]},"properties":{"feature":"component","sector":"power","zone":null}},
	{"type":"Feature","id":7,"geometry":null,"properties":{"feature":"component","sector":"power","role":"consumer"}},
	{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[1.5,2.5],[1,3]]},"bbox":[1,2,1.5,3],
	 "properties":{"feature":"link","id":"l","kind":"line","from":"a","to":"7"}}]}`
	n, err := ReadGeoJSON(parsetest.File("gis.geojson", in), "gis.geojson")
	if err != nil {
		t.Fatal(err)
	}
	if got := n.Component(1).ID; got != "7" {
		t.Errorf("numeric feature id read as %q", got)
	}
	if p, ok := n.Location(0); !ok || p != (network.Point{X: 1, Y: 2}) {
		t.Errorf("location %v %v", p, ok)
	}
	if g := n.Geometry(0); len(g) != 3 || g[1] != (network.Point{X: 1.5, Y: 2.5}) {
		t.Errorf("geometry %v", g)
	}
	if n.Lag(0).Hours() != 24 || n.CRS().Code() != 4326 {
		t.Errorf("lag %v crs %v", n.Lag(0), n.CRS())
	}
}

const geoBase = `{
  "type": "FeatureCollection",
  "lifeline": {
    "version": 1,
    "name": "t",
    "crs": "EPSG:4326",
    "requirements": [
      {"dependent":"b","providers":["a"],"lag":"1m"}
    ]
  },
  "features": [
    {"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"feature":"component","id":"a","sector":"power","role":"source"}},
    {"type":"Feature","id":"b","geometry":null,"properties":{"feature":"component","id":"b","sector":"power","role":"consumer"}},
    {"type":"Feature","id":"l","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]},"properties":{"feature":"link","id":"l","kind":"line","from":"a","to":"b","explicit_geometry":true}}
  ]
}`

func TestGeoJSONErrors(t *testing.T) {
	if _, err := ReadGeoJSON(parsetest.File("t.geojson", geoBase), "t.geojson"); err != nil {
		t.Fatalf("base input: %v", err)
	}
	cases := []struct {
		errorCase
		old, new, at string
	}{
		{errorCase{name: "bad version", line: 4, col: 16, field: "lifeline.version", want: network.ErrVersion},
			`"version": 1`, `"version": 3`, ""},
		{errorCase{name: "no lifeline member", line: 1, col: 1, field: "lifeline", want: network.ErrVersion},
			`"lifeline"`, `"other"`, ""},
		{errorCase{name: "not a FeatureCollection", field: "type", want: network.ErrInvalid},
			`"FeatureCollection"`, `"Feature"`, `"Feature"`},
		{errorCase{name: "unknown role", field: "features[1].properties.role", want: network.ErrInvalid},
			`"role":"consumer"`, `"role":"sink"`, `"sink"`},
		{errorCase{name: "malformed duration", field: "lifeline.requirements[0].lag", want: network.ErrSyntax},
			`"lag":"1m"`, `"lag":"a minute"`, `"a minute"`},
		{errorCase{name: "negative lag", field: "lifeline.requirements[0].lag", want: network.ErrNegative},
			`"lag":"1m"`, `"lag":"-1m"`, `"-1m"`},
		{errorCase{name: "unknown provider", field: "lifeline.requirements[0].providers[0]", want: network.ErrUnknownID},
			`["a"]`, `["q"]`, `"q"`},
		{errorCase{name: "unknown feature kind", field: "features[0].properties.feature", want: network.ErrInvalid},
			`"feature":"component","id":"a"`, `"feature":"node","id":"a"`, `"node"`},
		{errorCase{name: "component as a line", field: "features[0].geometry.type", want: network.ErrInvalid},
			`"Point"`, `"LineString"`, `"LineString","coordinates":[1`},
		{errorCase{name: "bad position", field: "features[2].geometry.coordinates[1]", want: network.ErrInvalid},
			`[3,4]`, `[3]`, `[3]`},
		{errorCase{name: "explicit geometry missing", field: "features[2].properties.explicit_geometry", want: network.ErrInvalid},
			`"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}`, `"geometry":null`, `true}`},
		{errorCase{name: "id mismatch", field: "features[1].id", want: network.ErrInvalid},
			`"id":"b","geometry"`, `"id":"c","geometry"`, `"c"`},
		{errorCase{name: "location in properties", field: "features[0].properties.location", want: network.ErrInvalid},
			`"role":"source"`, `"role":"source","location":{"x":1,"y":2}`, `{"x"`},
		{errorCase{name: "wrong type", field: "features[2].properties.reactance", want: network.ErrInvalid},
			`"to":"b"`, `"to":"b","reactance":"x"`, `"x"`},
		{errorCase{name: "unknown property", field: "features[0].properties.colour", want: network.ErrInvalid},
			`"role":"source"`, `"role":"source","colour":"red"`, `"red"`},
		{errorCase{name: "latitude out of range", field: "features[0].geometry", want: network.ErrOutOfRange},
			`[1,2]},"properties":{"feature":"component"`, `[1,95]},"properties":{"feature":"component"`, `{"type":"Point"`},
		{errorCase{name: "truncated", line: 13, col: 51, want: network.ErrSyntax},
			geoBase[strings.Index(geoBase, `"geometry":null`):], `"geometry":null,"pr`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := strings.Replace(geoBase, c.old, c.new, 1)
			if in == geoBase {
				t.Fatalf("%q not in the base input", c.old)
			}
			if c.at != "" {
				c.line, c.col = posOf(t, in, c.at)
			}
			_, err := ReadGeoJSON(parsetest.File("t.geojson", in), "t.geojson")
			parsetest.Check(t, err, "t.geojson", c.line, c.col, c.field, c.want)
		})
	}
}

func TestGeoJSONWriteRejectsInvalidUTF8(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "a", Sector: network.Power, Tags: map[string]string{"k": "\xff"}})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteGeoJSON(&bytes.Buffer{}, n); !errors.Is(err, network.ErrInvalid) {
		t.Fatalf("WriteGeoJSON: %v, want ErrInvalid", err)
	}
}
