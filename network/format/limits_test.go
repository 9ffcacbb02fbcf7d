package format

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
)

// smallJSON is a one-component network in the native JSON format.
const smallJSON = `{"version": 1, "crs": "EPSG:4326", "components": [{"id": "a", "sector": "power", "role": "source"}]}`

// TestErrorsQuoteExcerpts feeds each native reader a huge offending text
// (a column name, a key, a number, a feature kind) and checks that the
// error quotes an excerpt of it only.
func TestErrorsQuoteExcerpts(t *testing.T) {
	h := parsetest.Huge
	csvDir := func(components string) fstest.MapFS {
		return fstest.MapFS{
			"network.csv":    {Data: []byte("key,value\nversion,1\n")},
			"components.csv": {Data: []byte(components)},
		}
	}
	for _, tc := range []struct {
		name string
		read func() error
	}{
		{"CSV header cell", func() error {
			_, err := ReadCSV(csvDir("id,sector,role,"+h+"\na,power,source,1\n"), ".")
			return err
		}},
		{"CSV number", func() error {
			_, err := ReadCSV(csvDir("id,sector,role,demand\na,power,source,1"+h+"\n"), ".")
			return err
		}},
		{"JSON key", func() error {
			_, err := ReadJSON(parsetest.File("n.json", `{"version": 1, "`+h+`": 1}`), "n.json")
			return err
		}},
		{"JSON number", func() error {
			_, err := ReadJSON(parsetest.File("n.json", `{"version": 1, "components": [{"id": "a", "sector": 1`+strings.Repeat("0", 1<<20)+`}]}`), "n.json")
			return err
		}},
		{"JSON version", func() error {
			_, err := ReadJSON(parsetest.File("n.json", `{"version": 1.`+strings.Repeat("5", 1<<20)+`}`), "n.json")
			return err
		}},
		{"GeoJSON feature", func() error {
			_, err := ReadGeoJSON(parsetest.File("n.geojson", `{"type": "FeatureCollection", "lifeline": {"version": 1, "crs": "EPSG:4326"},
				"features": [{"type": "Feature", "properties": {"feature": "`+h+`"}}]}`), "n.geojson")
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { parsetest.Short(t, tc.read()) })
	}
}

// TestReaderMaxBytes checks that every native reader honours its size cap.
func TestReaderMaxBytes(t *testing.T) {
	parsetest.CheckCap(t, "n.json", int64(len(smallJSON)), func(max int64) error {
		_, err := Reader{MaxBytes: max}.ReadJSON(parsetest.File("n.json", smallJSON), "n.json")
		return err
	})
	const geo = `{"type": "FeatureCollection", "lifeline": {"version": 1, "crs": "EPSG:4326"}, "features": []}`
	parsetest.CheckCap(t, "n.geojson", int64(len(geo)), func(max int64) error {
		_, err := Reader{MaxBytes: max}.ReadGeoJSON(parsetest.File("n.geojson", geo), "n.geojson")
		return err
	})
	const comps = "id,sector,role\na,power,source\n"
	fsys := fstest.MapFS{
		"d/network.csv":    {Data: []byte("key,value\nversion,1\n")},
		"d/components.csv": {Data: []byte(comps)},
	}
	parsetest.CheckCap(t, "d/components.csv", int64(len(comps)), func(max int64) error {
		_, err := Reader{MaxBytes: max}.ReadCSV(fsys, "d")
		return err
	})
}
