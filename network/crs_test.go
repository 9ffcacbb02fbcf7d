package network

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseCRSStrict(t *testing.T) {
	for s, want := range map[string]CRS{
		"": {}, "EPSG:4326": {}, "epsg:4326": {}, "4326": {}, "EPSG:3857": WebMercator, "Epsg:32616": {EPSG: 32616},
		"local": Local,
	} {
		if c, err := ParseCRS(s); err != nil || c != want {
			t.Errorf("ParseCRS(%q) = %#v, %v; want %#v", s, c, err, want)
		}
	}
	// ParseCRS used fmt.Sscanf, which read "EPSG:3857x" as EPSG:3857 and
	// skipped spaces and signs.
	for _, s := range []string{"EPSG:3857x", " 3857", "3857 ", "+3857", "EPSG: 3857", "EPSG:0", "EPSG:-1", "-1",
		"EPSG:", "EPSG", "Local", "x", "99999999999999999999"} {
		if c, err := ParseCRS(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseCRS(%q) = %#v, %v; want ErrInvalid", s, c, err)
		}
	}
}

func TestCRSEqualAndValidate(t *testing.T) {
	for _, tc := range []struct {
		a, b  CRS
		equal bool
	}{
		{CRS{}, WGS84, true}, {WGS84, CRS{EPSG: 4326}, true}, {CRS{}, WebMercator, false},
		{Local, CRS{}, false}, {Local, CRS{EPSG: -1}, true}, {WebMercator, CRS{EPSG: 3857}, true},
		{CRS{EPSG: 32616}, CRS{EPSG: 32617}, false},
	} {
		if got := tc.a.Equal(tc.b); got != tc.equal || tc.b.Equal(tc.a) != got {
			t.Errorf("%#v.Equal(%#v) = %v, want %v both ways", tc.a, tc.b, got, tc.equal)
		}
	}
	for _, c := range []CRS{{}, WGS84, WebMercator, Local, {EPSG: 32616}} {
		if err := c.Validate(); err != nil {
			t.Errorf("%#v.Validate() = %v", c, err)
		}
		if back, err := ParseCRS(c.String()); err != nil || !back.Equal(c) {
			t.Errorf("ParseCRS(%q) = %#v, %v", c.String(), back, err)
		}
	}
	if err := (CRS{EPSG: -2}).Validate(); !errors.Is(err, ErrInvalid) {
		t.Errorf("CRS{-2}.Validate() = %v, want ErrInvalid", err)
	}
	if !WGS84.Geographic() || (CRS{}).Geographic() != true || WebMercator.Geographic() || Local.Geographic() {
		t.Error("Geographic wrong")
	}
	// Distances: haversine for lon/lat, Euclidean otherwise.
	if d := WGS84.Distance(Point{0, 0}, Point{1, 0}); math.Abs(d-111195) > 1 {
		t.Errorf("one degree of longitude at the equator: %v m", d)
	}
	if d := Local.Distance(Point{0, 0}, Point{3, 4}); d != 5 {
		t.Errorf("local distance %v, want 5", d)
	}
	if d := WebMercator.Distance(Point{0, 0}, Point{3, 4}); d != 5 {
		t.Errorf("Web Mercator distance %v, want 5", d)
	}
}

// TestImportersCRS checks every importer that reads coordinates: the CRS
// of its options ends up on the network, lon/lat are range-checked only in
// a geographic CRS, and an invalid CRS is refused by Validate.
func TestImportersCRS(t *testing.T) {
	const inp = "[JUNCTIONS]\n J1 0 1\n[RESERVOIRS]\n R 10\n[PIPES]\n P1 R J1 100 100 100\n[COORDINATES]\n J1 500000 4000000\n R 500100 4000000\n"
	const nodes = "Node X Y\n1 500000 4000000\n2 500100 4000000\n3 500200 4000000\n"
	tables := ppSmall()
	geo := tables["bus_geodata"]
	geo.data = [][]any{{500000.0, 4000000.0, nil}, {500100.0, 4000000.0, nil}, {nil, nil, nil}}
	tables["bus_geodata"] = geo
	pp := ppNet(t, nil, tables)
	imports := []struct {
		name string
		run  func(crs CRS) (*Network, error)
	}{
		{"epanet", func(crs CRS) (*Network, error) {
			return ImportEPANET(strings.NewReader(inp), "t.inp", EPANETOptions{CRS: crs})
		}},
		{"tntp", func(crs CRS) (*Network, error) {
			return ImportTNTP(strings.NewReader(tntpSmall), "t.tntp", strings.NewReader(nodes), "n.tntp", TNTPOptions{CRS: crs})
		}},
		{"pandapower", func(crs CRS) (*Network, error) {
			return ImportPandapower(strings.NewReader(pp), "t.json", PandapowerOptions{CRS: crs})
		}},
	}
	utm := CRS{EPSG: 32616}
	for _, im := range imports {
		t.Run(im.name, func(t *testing.T) {
			for _, crs := range []CRS{utm, WebMercator, Local} {
				n, err := im.run(crs)
				if err != nil {
					t.Fatalf("%v: %v", crs, err)
				}
				if !n.CRS().Equal(crs) || n.CRS() != crs {
					t.Errorf("network CRS %#v, want %#v", n.CRS(), crs)
				}
			}
			_, err := im.run(WGS84)
			var pe *ParseError
			if !errors.Is(err, ErrOutOfRange) || !errors.As(err, &pe) || pe.Line == 0 {
				t.Errorf("metres read as lon/lat: %v, want a located ErrOutOfRange", err)
			}
			if _, err := im.run(CRS{EPSG: -7}); !errors.Is(err, ErrInvalid) {
				t.Errorf("invalid CRS: %v, want ErrInvalid", err)
			}
		})
	}
}
