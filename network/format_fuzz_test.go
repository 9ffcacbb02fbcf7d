package network

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
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
		n, err := ReadJSON(bytes.NewReader(data), "fuzz.json")
		if err != nil {
			requireParseError(t, err)
			return
		}
		first := writeJSONBytes(t, n)
		again, err := ReadJSON(bytes.NewReader(first), "again.json")
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
		n, err := ReadGeoJSON(bytes.NewReader(data), "fuzz.geojson")
		if err != nil {
			requireParseError(t, err)
			return
		}
		first := writeGeoJSONBytes(t, n)
		again, err := ReadGeoJSON(bytes.NewReader(first), "again.geojson")
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
func csvInMemory(n *Network) (map[string][]byte, error) {
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

func readCSVInMemory(m map[string][]byte) (*Network, error) {
	return readCSV("mem", func(name string) ([]byte, error) {
		if data, ok := m[name]; ok {
			return data, nil
		}
		return nil, fs.ErrNotExist
	})
}

// FuzzReadCSV fuzzes the components, links and requirements tables, written
// into a folder beside the sample city's network.csv and read by ReadCSV.
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
	dir := f.TempDir() // reused: the fuzz function runs one input at a time
	f.Fuzz(func(t *testing.T, comps, links, reqs string) {
		for name, s := range map[string]string{csvNetworkFile: meta, csvComponentsFile: comps,
			csvLinksFile: links, csvRequirementsFile: reqs} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		n, err := ReadCSV(dir)
		if err != nil {
			requireParseError(t, err)
			return
		}
		first, err := csvInMemory(n)
		if errors.Is(err, ErrInvalid) {
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
