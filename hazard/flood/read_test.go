package flood

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/hazard/internal/parse"
	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

func file(name, data string) fs.FS { return fstest.MapFS{name: &fstest.MapFile{Data: []byte(data)}} }

func TestReadAreas(t *testing.T) {
	areas, err := Reader{}.ReadAreas(os.DirFS("testdata"), "areas.geojson")
	require.NoError(t, err)
	require.Len(t, areas, 2)
	assert.Equal(t, "river", areas[0].ID)
	assert.Equal(t, hand, areas[0].Depth)
	assert.Equal(t, Polygon{{{X: -90.01, Y: 35.09}, {X: -89.99, Y: 35.09}, {X: -89.99, Y: 35.11}, {X: -90.01, Y: 35.11}}}, areas[0].Polygons[0])
	assert.Equal(t, "feature 1", areas[1].ID)
	assert.Equal(t, Hydrograph{{sim.Hour, 0.2}, {sim.Day, 0.2}}, areas[1].Depth)
	require.Len(t, areas[1].Polygons, 2)
	assert.Len(t, areas[1].Polygons[1], 2) // a ring and a hole
	assert.True(t, areas[1].Polygons[1].Contains(network.Point{X: 2.95, Y: 2.5}))
	assert.False(t, areas[1].Polygons[1].Contains(network.Point{X: 2.5, Y: 2.3}))
	for _, a := range areas {
		require.NoError(t, a.Validate())
	}
}

// position returns the 1-based line and column of the first occurrence of
// at in data, which a test names as the expected place of an error.
func position(t *testing.T, data, at string) (line, col int) {
	t.Helper()
	k := strings.Index(data, at)
	require.GreaterOrEqual(t, k, 0, "%q not in the input", at)
	line = 1 + strings.Count(data[:k], "\n")
	return line, k - strings.LastIndex(data[:k], "\n")
}

func TestReadAreasErrors(t *testing.T) {
	feature := func(props, geom string) string {
		return `{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": ` + props + `,
 "geometry": ` + geom + `}]}`
	}
	square := `{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}`
	hg := `{"hydrograph": [["0s", 0], ["1h", 1]]}`
	// at is the text at which the error is expected: its first occurrence.
	for _, c := range []struct {
		name, data, at string
		field          string
		want           error
	}{
		{"syntax", `{"type": "FeatureCollection", "features": [}`, "}", "", network.ErrSyntax},
		{"not a collection", `{"type": "Feature"}`, "{", "type", network.ErrInvalid},
		{"no features", `{"type": "FeatureCollection"}`, "{", "features", network.ErrInvalid},
		{"features not an array", `{"type": "FeatureCollection", "features": 3}`, "3", "features", network.ErrInvalid},
		{"no hydrograph", feature(`{"id": "a"}`, square), `{"id"`, "features[0].properties.hydrograph", network.ErrInvalid},
		{"bad time", feature(`{"hydrograph": [["soon", 0]]}`, square), `"soon"`, "features[0].properties.hydrograph[0][0]", network.ErrInvalid},
		{"time going back", feature(`{"hydrograph": [["1h", 0], ["30m", 1]]}`, square), `"30m"`, "features[0].properties.hydrograph[1][0]", network.ErrInvalid},
		{"negative depth", feature(`{"hydrograph": [["0s", -1]]}`, square), "-1", "features[0].properties.hydrograph[0][1]", network.ErrNegative},
		{"huge depth", feature(`{"hydrograph": [["0s", 1e999]]}`, square), "1e999", "features[0].properties.hydrograph[0][1]", network.ErrNotFinite},
		{"depth a string", feature(`{"hydrograph": [["0s", "1"]]}`, square), `"1"`, "features[0].properties.hydrograph[0][1]", network.ErrInvalid},
		{"pair of three", feature(`{"hydrograph": [["0s", 1, 2]]}`, square), `["0s"`, "features[0].properties.hydrograph[0]", network.ErrInvalid},
		{"id a number", feature(`{"id": 3, "hydrograph": []}`, square), "3,", "features[0].properties.id", network.ErrInvalid},
		{"line string", feature(hg, `{"type": "LineString", "coordinates": [[0, 0], [1, 1]]}`), `{"type": "Line`, "features[0].geometry.type", network.ErrInvalid},
		{"open ring", feature(hg, `{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}`), "[0, 1]", "features[0].geometry.coordinates[0][3]", network.ErrInvalid},
		{"short ring", feature(hg, `{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}`), "[[0, 0]", "features[0].geometry.coordinates[0]", network.ErrInvalid},
		{"position of one", feature(hg, `{"type": "Polygon", "coordinates": [[[0], [1, 0], [1, 1], [0, 0]]]}`), "[0]", "features[0].geometry.coordinates[0][0]", network.ErrInvalid},
		{"null coordinate", feature(hg, `{"type": "Polygon", "coordinates": [[[0, null], [1, 0], [1, 1], [0, 0]]]}`), "null", "features[0].geometry.coordinates[0][0][1]", network.ErrInvalid},
		{"no geometry", `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": ` + hg + `}]}`, `{"type": "Feature"`, "features[0].geometry", network.ErrInvalid},
		{"multi not nested", feature(hg, `{"type": "MultiPolygon", "coordinates": 1}`), "1}", "features[0].geometry.coordinates", network.ErrInvalid},
		{"empty multipolygon", feature(hg, `{"type": "MultiPolygon", "coordinates": []}`), "[]}", "features[0].geometry.coordinates", network.ErrInvalid},
		{"deep", strings.Repeat("[", 40) + strings.Repeat("]", 40), strings.Repeat("[", 7), "", network.ErrSyntax},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := c.data
			line, col := position(t, data, c.at)
			if c.name == "deep" { // the 34th bracket is the first too deep (depth 33 > 32)
				col = 34
			}
			_, err := Reader{}.ReadAreas(file("a.geojson", data), "a.geojson")
			parsetest.Check(t, err, "a.geojson", line, col, c.field, c.want)
		})
	}
}

func TestReadGrid(t *testing.T) {
	g, err := Reader{}.ReadGrid(os.DirFS("testdata/series"), "d0.asc")
	require.NoError(t, err)
	assert.Equal(t, []any{3, 2, 100.0, 200.0, 10.0}, []any{g.Cols, g.Rows, g.X0, g.Y0, g.Cell})
	assert.Equal(t, []float64{0, 0, 0, 0, 0}, g.Depth[:5])
	assert.True(t, g.Depth[5] != g.Depth[5], "NODATA reads as NaN")
	// Centre coordinates name the lower-left cell's centre.
	g2, err := Reader{}.ReadGrid(os.DirFS("testdata/series"), "d2.asc")
	require.NoError(t, err)
	assert.Equal(t, []any{100.0, 200.0}, []any{g2.X0, g2.Y0})
}

func TestReadGridErrors(t *testing.T) {
	head := "ncols 2\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n"
	parsetest.Run(t, "g.asc", func(data string) error {
		_, err := Reader{}.ReadGrid(file("g.asc", data), "g.asc")
		return err
	}, []parsetest.Case{
		{"unknown key", "ncols 2\nwidth 3\n", 2, 1, "width", network.ErrSyntax},
		{"twice", "ncols 2\nncols 3\n", 2, 1, "ncols", network.ErrSyntax},
		{"no value", "ncols", 1, 6, "ncols", network.ErrSyntax},
		{"not a number", "ncols two\n", 1, 7, "ncols", network.ErrNotFinite},
		{"fraction", "ncols 2.5\n", 1, 7, "ncols", network.ErrInvalid},
		{"too many cells", "ncols 6\nnrows 6\nxllcorner 0\nyllcorner 0\ncellsize 1\n1", 2, 7, "nrows", network.ErrInvalid},
		{"no cellsize", "ncols 2\nnrows 2\nxllcorner 0\nyllcorner 0\n1 2 3 4", 5, 1, "cellsize", network.ErrSyntax},
		{"zero cellsize", "cellsize 0\n", 1, 10, "cellsize", network.ErrInvalid},
		{"both corners", "ncols 1\nnrows 1\nxllcorner 0\nxllcenter 0\nyllcorner 0\ncellsize 1\n0", 7, 1, "xllcorner", network.ErrSyntax},
		{"short", head + "1 2\n3", 7, 2, "row 2 col 2", network.ErrSyntax},
		{"long", head + "1 2\n3 4 5", 7, 5, "", network.ErrSyntax},
		{"negative", head + "1 2\n-3 4", 7, 1, "row 2 col 1", network.ErrNegative},
		{"text", head + "1 x\n3 4", 6, 3, "row 1 col 2", network.ErrSyntax},
		{"infinite", head + "1 2\n3 1e999", 7, 3, "row 2 col 2", network.ErrNotFinite},
		{"nan", head + "1 2\nNaN 4", 7, 1, "row 2 col 1", network.ErrNotFinite},
	})
}

func TestReadSeries(t *testing.T) {
	frames, err := Reader{}.ReadSeries(os.DirFS("testdata"), "series/manifest.csv")
	require.NoError(t, err)
	require.Len(t, frames, 4)
	var times []sim.Time
	for _, f := range frames {
		times = append(times, f.T)
	}
	assert.Equal(t, []sim.Time{0, 2 * sim.Hour, 5 * sim.Hour, 9 * sim.Hour}, times)
	// The grids are 0.6 m deep at 2 h and 5 h and dry at 0 and 9 h: inside
	// them the depth follows the hand-made hydrograph.
	fl := Flood{Frames: frames}
	h := fl.depthAt(network.Point{X: 112, Y: 207})
	for _, at := range []sim.Time{0, sim.Hour, 3 * sim.Hour, 6 * sim.Hour, 9 * sim.Hour} {
		assert.InDelta(t, hand.At(at), h.At(at), 1e-12, "at %v", at)
	}
}

func TestReadSeriesErrors(t *testing.T) {
	grid := "ncols 1\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n0\n"
	for _, c := range []struct {
		name, data string
		file       string
		line, col  int
		field      string
		want       error
	}{
		{"header", "when,what\n", "m.csv", 1, 1, "when", network.ErrSyntax},
		{"missing column", "time\n0s\n", "m.csv", 1, 0, "file", network.ErrSyntax},
		{"quote", "time,file\n0s,\"g\"x.asc\n", "m.csv", 2, 6, "", network.ErrSyntax}, // the quote followed by text
		{"empty", "", "m.csv", 1, 0, "", network.ErrSyntax},
		{"cells", "time,file\n0s,g.asc,x\n", "m.csv", 2, 1, "", network.ErrSyntax},
		{"time", "time,file\nlater,g.asc\n", "m.csv", 2, 1, "time", network.ErrInvalid},
		{"order", "time,file\n1h,g.asc\n1h,g.asc\n", "m.csv", 3, 1, "time", network.ErrInvalid},
		{"escape", "time,file\n0s,../g.asc\n", "m.csv", 2, 4, "file", network.ErrInvalid},
		{"missing grid", "time,file\n0s,h.asc\n", "h.asc", 0, 0, "", fs.ErrNotExist},
		{"bad grid", "time,file\n0s,bad.asc\n", "bad.asc", 1, 1, "oops", network.ErrSyntax},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{"m.csv": {Data: []byte(c.data)}, "g.asc": {Data: []byte(grid)}, "bad.asc": {Data: []byte("oops 1\n")}}
			_, err := Reader{}.ReadSeries(fsys, "m.csv")
			parsetest.Check(t, err, c.file, c.line, c.col, c.field, c.want)
		})
	}
}

func TestReaderMaxBytes(t *testing.T) {
	data, err := os.ReadFile("testdata/areas.geojson")
	require.NoError(t, err)
	fsys := file("a.geojson", string(data))
	_, err = Reader{MaxBytes: int64(len(data))}.ReadAreas(fsys, "a.geojson")
	require.NoError(t, err)
	_, err = Reader{MaxBytes: int64(len(data)) - 1}.ReadAreas(fsys, "a.geojson")
	parsetest.Check(t, err, "a.geojson", 0, 0, "", network.ErrTooLarge)
	_, err = Reader{MaxBytes: 10}.ReadGrid(fsys, "a.geojson")
	parsetest.Check(t, err, "a.geojson", 0, 0, "", network.ErrTooLarge)
}

func FuzzReadAreas(f *testing.F) {
	data, err := os.ReadFile("testdata/areas.geojson")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"type": "FeatureCollection", "features": []}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		areas, err := parseAreas(&parse.File{Name: "f.geojson", Data: data})
		if err != nil {
			parsetest.Require(t, err)
			return
		}
		for _, a := range areas {
			if err := a.Validate(); err != nil {
				t.Fatalf("areas read without error do not validate: %v", err)
			}
		}
	})
}

func FuzzReadGrid(f *testing.F) {
	for _, name := range []string{"d0.asc", "d2.asc"} {
		data, err := os.ReadFile("testdata/series/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := parseGrid(&parse.File{Name: "f.asc", Data: data})
		if err != nil {
			parsetest.Require(t, err)
			return
		}
		if err := g.Validate(); err != nil {
			t.Fatalf("a grid read without error does not validate: %v", err)
		}
	})
}

func FuzzReadManifest(f *testing.F) {
	data, err := os.ReadFile("testdata/series/manifest.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := parseManifest(&parse.File{Name: "m.csv", Data: data}); err != nil {
			parsetest.Require(t, err)
		}
	})
}
