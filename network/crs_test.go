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
	// Distances: haversine for lon/lat and Web Mercator, Euclidean otherwise.
	if d := WGS84.Distance(Point{0, 0}, Point{1, 0}); math.Abs(d-111195) > 1 {
		t.Errorf("one degree of longitude at the equator: %v m", d)
	}
	if d := Local.Distance(Point{0, 0}, Point{3, 4}); d != 5 {
		t.Errorf("local distance %v, want 5", d)
	}
	// At the equator Web Mercator's scale is 1 on its sphere of 6378137 m:
	// 5 m there is 5 × 6371008.8 / 6378137 m on the mean sphere.
	if d, want := WebMercator.Distance(Point{0, 0}, Point{3, 4}), 5*earthRadius/6378137; math.Abs(d-want) > 1e-9 {
		t.Errorf("Web Mercator distance %v, want %v", d, want)
	}
}

// FuzzParseCRS checks that every CRS ParseCRS accepts is written by String
// in a form ParseCRS reads back as the same CRS.
func FuzzParseCRS(f *testing.F) {
	for _, s := range []string{"", "EPSG:4326", "epsg:3857", "4326", "local", "EPSG:32616", "EPSG:0", "EPSG:-1", "EPSG:12x", " 3857", "+3857"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCRS(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseCRS(%q): %v does not wrap ErrInvalid", s, err)
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("ParseCRS(%q) = %v, which fails Validate: %v", s, c, err)
		}
		back, err := ParseCRS(c.String())
		if err != nil || !back.Equal(c) || back != c {
			t.Fatalf("ParseCRS(%q) = %#v, String %q reads back as %#v, %v", s, c, c.String(), back, err)
		}
	})
}

// TestCheckPoint: lon/lat out of range is refused in a geographic CRS only,
// and the error tells a user who read metres under the default WGS84 what
// to do.
func TestCheckPoint(t *testing.T) {
	err := WGS84.CheckPoint(Point{0, 700})
	if !errors.Is(err, ErrOutOfRange) || !strings.Contains(err.Error(), "(0, 700)") || !strings.Contains(err.Error(), "CRS") {
		t.Errorf("WGS84 (0, 700): %v", err)
	}
	for _, c := range []CRS{Local, WebMercator} {
		if err := c.CheckPoint(Point{0, 700}); err != nil {
			t.Errorf("%v (0, 700): %v", c, err)
		}
	}
	if err := Local.CheckPoint(Point{math.Inf(1), 0}); !errors.Is(err, ErrNotFinite) {
		t.Errorf("Local (+Inf, 0): %v", err)
	}
}
