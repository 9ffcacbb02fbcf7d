package format

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
)

// The fuzz targets check that a reader never panics, that every error is a
// *ParseError, and that whatever it accepts survives write → read → write
// unchanged.

func sampleBytes(f *testing.F, name string) []byte {
	f.Helper()
	data, err := os.ReadFile(filepath.Join(sampleDir, name))
	if err != nil {
		f.Fatal(err)
	}
	return data
}

func FuzzReadJSON(f *testing.F) {
	f.Add(sampleBytes(f, sampleJSON))
	f.Add([]byte(jsonBase))
	f.Add([]byte(`{"version":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := ReadJSON(parsetest.File("fuzz.json", data), "fuzz.json")
		if err != nil {
			parsetest.Require(t, err)
			return
		}
		first := writeJSONBytes(t, n)
		again, err := ReadJSON(parsetest.File("again.json", first), "again.json")
		if err != nil {
			t.Fatalf("reading what WriteJSON wrote: %v\n%s", err, first)
		}
		if d := diffNetworks(n, again); len(d) > 0 {
			t.Fatalf("round trip differs: %v", d)
		}
		if second := writeJSONBytes(t, again); !bytes.Equal(first, second) {
			t.Fatalf("write→read→write differs:\n%s\n---\n%s", first, second)
		}
	})
}

func FuzzReadGeoJSON(f *testing.F) {
	f.Add(sampleBytes(f, sampleGeoJSON))
	f.Add([]byte(geoBase))
	f.Add([]byte(`{"type":"FeatureCollection","lifeline":{"version":1},"features":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := ReadGeoJSON(parsetest.File("fuzz.geojson", data), "fuzz.geojson")
		if err != nil {
			parsetest.Require(t, err)
			return
		}
		first := writeGeoJSONBytes(t, n)
		again, err := ReadGeoJSON(parsetest.File("again.geojson", first), "again.geojson")
		if err != nil {
			t.Fatalf("reading what WriteGeoJSON wrote: %v\n%s", err, first)
		}
		if d := diffNetworks(n, again); len(d) > 0 {
			t.Fatalf("round trip differs: %v", d)
		}
		if second := writeGeoJSONBytes(t, again); !bytes.Equal(first, second) {
			t.Fatalf("write→read→write differs:\n%s\n---\n%s", first, second)
		}
	})
}

// csvInMemory lays n out as CSV tables in memory (WriteCSV without the
// disk and its fsyncs, which would slow the fuzzer a hundredfold).
func csvInMemory(n *network.Network) (map[string][]byte, error) {
	files, err := csvTables(n)
	if err != nil {
		return nil, err
	}
	m := map[string][]byte{}
	for _, f := range files {
		if m[f.name], err = f.encode(); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// readCSVInMemory reads the tables of m from the directory "mem" of an
// in-memory file system.
func readCSVInMemory(m map[string][]byte) (*network.Network, error) {
	fsys := fstest.MapFS{}
	for name, data := range m {
		fsys["mem/"+name] = &fstest.MapFile{Data: data}
	}
	return ReadCSV(fsys, "mem")
}

// FuzzReadCSV fuzzes the components, links and requirements tables, read
// beside the sample city's network.csv by ReadCSV's reader (in memory:
// TestCSV* cover the files on disk).
func FuzzReadCSV(f *testing.F) {
	sample := filepath.Join(sampleDir, sampleCSV)
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(sample, name))
		if err != nil {
			f.Fatal(err)
		}
		return string(data)
	}
	meta := read(csvNetworkFile)
	f.Add(read(csvComponentsFile), read(csvLinksFile), read(csvRequirementsFile))
	f.Add(csvBase[csvComponentsFile], csvBase[csvLinksFile], csvBase[csvRequirementsFile])
	f.Fuzz(func(t *testing.T, comps, links, reqs string) {
		n, err := readCSVInMemory(map[string][]byte{csvNetworkFile: []byte(meta), csvComponentsFile: []byte(comps),
			csvLinksFile: []byte(links), csvRequirementsFile: []byte(reqs)})
		if err != nil {
			parsetest.Require(t, err)
			return
		}
		first, err := csvInMemory(n)
		if errors.Is(err, network.ErrInvalid) {
			return // a value CSV cannot hold, refused as documented
		} else if err != nil {
			t.Fatal(err)
		}
		again, err := readCSVInMemory(first)
		if err != nil {
			t.Fatalf("reading what WriteCSV writes: %v", err)
		}
		if d := diffNetworks(n, again); len(d) > 0 {
			t.Fatalf("round trip differs: %v", d)
		}
		second, err := csvInMemory(again)
		if err != nil {
			t.Fatal(err)
		}
		for name := range first {
			if !bytes.Equal(first[name], second[name]) {
				t.Fatalf("%s: write→read→write differs:\n%s\n---\n%s", name, first[name], second[name])
			}
		}
	})
}

// FuzzParseWKT checks that every polyline parseWKT accepts is written by
// formatWKT in a form it reads back exactly.
func FuzzParseWKT(f *testing.F) {
	for _, s := range []string{"LINESTRING(1 2, 3 4)", "linestring (1 2,3 4,5 6)", "LINESTRING EMPTY", "LINESTRING(1 2)",
		"LINESTRING(1e-300 -2.5, 3 4)", "LINESTRING(1 2 3, 4 5 6)", "POINT(1 2)", "LINESTRING(NaN 1, 2 3)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pts, err := parseWKT(s)
		if err != nil {
			if !errors.Is(err, network.ErrSyntax) && !errors.Is(err, network.ErrNotFinite) && !errors.Is(err, network.ErrOutOfRange) {
				t.Fatalf("parseWKT(%q): %v wraps no documented sentinel", s, err)
			}
			return
		}
		if len(pts) == 0 {
			return // written as an empty cell, which the reader never parses
		}
		back, err := parseWKT(formatWKT(pts))
		if err != nil || !slices.Equal(back, pts) {
			t.Fatalf("parseWKT(%q) = %v; formatWKT %q reads back as %v, %v", s, pts, formatWKT(pts), back, err)
		}
	})
}
