package quake_test

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/hazardtest"
	"github.com/lifeline-sim/lifeline/hazard/quake"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestGMFInterpolation: on a lattice with a node missing, a bilinear
// function is reproduced exactly inside complete cells, and the nearest
// node's value is taken in the cell that lacks a corner; nothing outside
// the bounding box.
func TestGMFInterpolation(t *testing.T) {
	f := func(x, y float64) float64 { return 0.1 + 0.01*x + 0.02*y + 0.001*x*y }
	var pts []network.Point
	var vals []quake.Intensity
	for j := range 4 {
		for i := range 5 {
			if i == 4 && j == 3 {
				continue // missing node (40, 30)
			}
			x, y := float64(10*i), float64(10*j)
			pts = append(pts, network.Point{X: x, Y: y})
			vals = append(vals, quake.Intensity{PGA: f(x, y), PGV: 2 * f(x, y)})
		}
	}
	g, err := quake.NewGMF(network.Local, pts, vals, fragility.PGA, fragility.PGV)
	require.NoError(t, err)
	for _, p := range []network.Point{{X: 5, Y: 5}, {X: 12.5, Y: 27}, {X: 0, Y: 0}, {X: 39.9, Y: 19.9}, {X: 40, Y: 0}} {
		in, ok := g.At(p)
		require.True(t, ok)
		assert.InDelta(t, f(p.X, p.Y), in.PGA, 1e-12, "%v", p)
		assert.InDelta(t, 2*f(p.X, p.Y), in.PGV, 1e-12, "%v", p)
	}
	// In the cell (30..40, 20..30), missing (40, 30): nearest node.
	in, ok := g.At(network.Point{X: 38, Y: 22})
	require.True(t, ok)
	assert.Equal(t, f(40, 20), in.PGA)
	_, ok = g.At(network.Point{X: 41, Y: 5})
	assert.False(t, ok)
	// Scattered points: nearest, ties to the lower index.
	s, err := quake.NewGMF(network.Local, []network.Point{{X: 0, Y: 0}, {X: 3, Y: 1}, {X: 1, Y: 3}},
		[]quake.Intensity{{PGA: 1}, {PGA: 2}, {PGA: 3}}, fragility.PGA)
	require.NoError(t, err)
	for _, tc := range []struct {
		p    network.Point
		want float64
	}{{network.Point{X: 0.2, Y: 0.1}, 1}, {network.Point{X: 2.9, Y: 1.2}, 2}, {network.Point{X: 1, Y: 2.5}, 3}, {network.Point{X: 2, Y: 2}, 2}} {
		in, ok := s.At(tc.p)
		require.True(t, ok)
		assert.Equal(t, tc.want, in.PGA, "%v", tc.p)
	}
}

func TestReadGMFShelbyHead(t *testing.T) {
	f, err := os.Open("testdata/shelby_203078_head.csv")
	require.NoError(t, err)
	defer f.Close()
	g, err := quake.ReadGMF(f, "shelby.csv", network.WebMercator, quake.GMFUnits{})
	require.NoError(t, err)
	require.Len(t, g.Points, 60)
	// First row: -10051482.10, 4167279.06, PGA 0.5492 g, PGV 60.94 cm/s,
	// PGD 281.98 cm.
	in, ok := g.At(network.Point{X: -10051482.101687843, Y: 4167279.0634099655})
	require.True(t, ok)
	assert.InDelta(t, 0.5491624917691372, in.PGA, 1e-12)
	assert.InDelta(t, 0.6094468846428167, in.PGV, 1e-12)
	assert.InDelta(t, 2.819805158944393, in.PGD, 1e-12)
	// A network in WGS84 reaches the same node through the exact inverse
	// of Web Mercator.
	ll := network.MercatorToLonLat(network.Point{X: -10051482.101687843, Y: 4167279.0634099655})
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "s", Sector: network.Power, Kind: network.KindSubstation, Fragility: "ESS1", Location: &ll})
	n, err := b.Build()
	require.NoError(t, err)
	eq := &quake.Earthquake{Label: "file", Field: g}
	comps, _, err := eq.Intensities(n, hazard.NewRand(1, "file"))
	require.NoError(t, err)
	assert.InDelta(t, 0.5491624917691372, comps[0].PGA, 1e-9)
	hazardtest.Run(t, n, eq)
}

func TestReadOpenQuake(t *testing.T) {
	read := func(event int64) (*quake.GMF, error) {
		g, err := os.Open("testdata/oq_gmf_data.csv")
		require.NoError(t, err)
		defer g.Close()
		s, err := os.Open("testdata/oq_sitemesh.csv")
		require.NoError(t, err)
		defer s.Close()
		return quake.ReadOpenQuake(g, "gmf.csv", s, "sites.csv", event)
	}
	g, err := read(1)
	require.NoError(t, err)
	assert.True(t, g.Has[fragility.SA10])
	assert.False(t, g.Has[fragility.PGD])
	// The four sites form one lattice cell: its centre is the mean.
	in, ok := g.At(network.Point{X: -89.995, Y: 35.105})
	require.True(t, ok)
	assert.InDelta(t, 0.65, in.PGA, 1e-9)
	assert.InDelta(t, 0.65, in.PGV, 1e-9) // 65 cm/s
	assert.InDelta(t, 0.325, in.SA10, 1e-9)
	_, err = read(7)
	assert.ErrorIs(t, err, network.ErrInvalid)
}

func TestGMFErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in  string
		line, col int
		field     string
		sentinel  error
	}{
		{"empty", "", 1, 0, "", network.ErrSyntax},
		{"no y", "x,pga\n1,0.1\n", 1, 0, "y", network.ErrSyntax},
		{"no measure", "x,y\n1,2\n", 1, 0, "PGA", network.ErrSyntax},
		{"number", "x,y,pga\n1,2,abc\n", 2, 5, "pga", network.ErrSyntax},
		{"negative", "x,y,pga\n1,2,-0.1\n", 2, 5, "pga", network.ErrNegative},
		{"inf", "x,y,pga\n1,+Inf,0.1\n", 2, 3, "y", network.ErrNotFinite},
		{"lon range", "lon,lat,pga\n200,2,0.1\n", 2, 1, "lon", network.ErrOutOfRange},
		{"no sites", "x,y,pga\n", 0, 0, "", network.ErrInvalid},
		{"quote", "x,y,pga\n\"1,2,3\n", 2, 0, "", network.ErrSyntax},
		{"duplicate column", "x,X,pga\n", 1, 3, "x", network.ErrInvalid},
	} {
		crs := network.Local
		if strings.HasPrefix(tc.in, "lon") {
			crs = network.WGS84
		}
		_, err := quake.ReadGMF(strings.NewReader(tc.in), "g.csv", crs, quake.GMFUnits{})
		var pe *network.ParseError
		require.ErrorAs(t, err, &pe, tc.name)
		assert.ErrorIs(t, err, tc.sentinel, tc.name)
		assert.Equal(t, tc.line, pe.Line, tc.name)
		if tc.col > 0 {
			assert.Equal(t, tc.col, pe.Col, tc.name)
		}
		assert.Equal(t, tc.field, pe.Field, tc.name)
	}
	sites := "site_id,lon,lat\n0,1,1\n1,2,2\n"
	for _, tc := range []struct {
		name, gmf, sites string
		line             int
		sentinel         error
	}{
		{"unknown site", "event_id,site_id,gmv_PGA\n0,5,0.1\n", sites, 2, network.ErrUnknownID},
		{"twice", "event_id,site_id,gmv_PGA\n0,1,0.1\n0,1,0.2\n", sites, 3, network.ErrDuplicateID},
		{"mesh twice", "event_id,site_id,gmv_PGA\n0,1,0.1\n", sites + "1,3,3\n", 4, network.ErrDuplicateID},
		{"bad id", "event_id,site_id,gmv_PGA\nx,1,0.1\n", sites, 2, network.ErrSyntax},
		{"no gmv", "event_id,site_id,PGA\n0,1,0.1\n", sites, 1, network.ErrSyntax},
	} {
		_, err := quake.ReadOpenQuake(strings.NewReader(tc.gmf), "g.csv", strings.NewReader(tc.sites), "s.csv", 0)
		var pe *network.ParseError
		require.ErrorAs(t, err, &pe, tc.name)
		assert.ErrorIs(t, err, tc.sentinel, tc.name)
		assert.Equal(t, tc.line, pe.Line, tc.name)
	}
	_, err := quake.NewGMF(network.Local, []network.Point{{X: 1}}, []quake.Intensity{{PGA: math.NaN()}})
	assert.ErrorIs(t, err, quake.ErrInvalid)
	g, err := quake.NewGMF(network.Local, []network.Point{{X: 1}}, []quake.Intensity{{PGA: 1}}, fragility.PGA)
	require.NoError(t, err)
	eq := &quake.Earthquake{Field: g}
	_, err = eq.Impacts(single(t, "ESS1", network.Point{X: -90, Y: 35}, 1), hazard.NewRand(1, "x"))
	assert.ErrorIs(t, err, network.ErrReproject)
}

func FuzzReadGMF(f *testing.F) {
	for _, p := range []string{"testdata/shelby_203078_head.csv", "testdata/oq_sitemesh.csv"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("x,y,pga,pgv\n0,0,0.1,1\n1,0,0.2,2\n0,1,0.3,3\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := quake.ReadGMF(bytes.NewReader(b), "fuzz.csv", network.Local, quake.GMFUnits{})
		if err != nil {
			var pe *network.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("not a ParseError: %v", err)
			}
			return
		}
		for _, p := range g.Points {
			in, ok := g.At(p)
			if !ok || math.IsNaN(in.PGA) || in.PGA < 0 {
				t.Fatalf("At(%v) = %v, %v", p, in, ok)
			}
		}
	})
}

func FuzzReadOpenQuake(f *testing.F) {
	gmf, err := os.ReadFile("testdata/oq_gmf_data.csv")
	if err != nil {
		f.Fatal(err)
	}
	sites, err := os.ReadFile("testdata/oq_sitemesh.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(gmf, sites, int64(0))
	f.Fuzz(func(t *testing.T, gmf, sites []byte, event int64) {
		g, err := quake.ReadOpenQuake(bytes.NewReader(gmf), "g.csv", bytes.NewReader(sites), "s.csv", event)
		if err != nil {
			var pe *network.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("not a ParseError: %v", err)
			}
			return
		}
		if len(g.Points) == 0 {
			t.Fatal("no points accepted")
		}
	})
}

// TestShelbyFields reads the five InfraRisk Shelby County fields (the
// bundled city's copy, scenarios/cities/shelby) and runs each through a
// synthetic city laid over Shelby County.
func TestShelbyFields(t *testing.T) {
	dir := "../../scenarios/cities/shelby/hazards_gmfs_2475"
	files, err := filepath.Glob(filepath.Join(dir, "*_gms.csv"))
	require.NoError(t, err)
	require.Len(t, files, 5)
	n, err := synth.City(synth.CityParams{Seed: 2, Components: 4000, Origin: network.Point{X: -89.9, Y: 35.15}})
	require.NoError(t, err)
	for _, p := range files {
		f, err := os.Open(p)
		require.NoError(t, err)
		g, err := quake.ReadGMF(f, filepath.Base(p), network.WebMercator, quake.GMFUnits{})
		f.Close()
		require.NoError(t, err, p)
		assert.Greater(t, len(g.Points), 700)
		eq := &quake.Earthquake{Label: filepath.Base(p), Field: g, Library: fragility.Hazus()}
		ims, err := eq.Impacts(n, hazard.NewRand(sim.ReplicationSeed(1, 0), eq.Name()))
		require.NoError(t, err)
		assert.NotEmpty(t, ims, p)
	}
}

// TestGMFUnitsChecked: a unit factor that is negative, NaN or infinite
// would turn every PGV or PGD of the file into a wrong value; it is an
// error wrapping ErrInvalid, as a zero (the default) is not.
func TestGMFUnitsChecked(t *testing.T) {
	const csv = "x,y,pgv,pgd\n0,0,10,20\n"
	for _, u := range []quake.GMFUnits{{PGV: -1}, {PGV: math.NaN()}, {PGD: math.Inf(1)}, {PGD: -0.01}} {
		_, err := quake.ReadGMF(strings.NewReader(csv), "g.csv", network.Local, u)
		assert.ErrorIs(t, err, quake.ErrInvalid, "%+v", u)
	}
	g, err := quake.ReadGMF(strings.NewReader(csv), "g.csv", network.Local, quake.GMFUnits{PGV: 0.0254})
	require.NoError(t, err)
	in, ok := g.At(network.Point{})
	require.True(t, ok)
	assert.InDelta(t, 0.254, in.PGV, 1e-12) // 10 in/s
	assert.InDelta(t, 0.2, in.PGD, 1e-12)   // 20 cm, the default unit
}

// TestFieldMustCover: a ground-motion file that covers none of the sites
// (a field in the wrong place or CRS, here a field around 10° E given to
// a city at 90° W) is an error, not a quake that damages nothing.
func TestFieldMustCover(t *testing.T) {
	n := single(t, "ESS1", centre, 1000)
	square := func(x, y float64) []network.Point {
		return []network.Point{{X: x - 0.01, Y: y - 0.01}, {X: x + 0.01, Y: y - 0.01}, {X: x - 0.01, Y: y + 0.01}, {X: x + 0.01, Y: y + 0.01}}
	}
	vals := []quake.Intensity{{PGA: 0.3, PGV: 0.3}, {PGA: 0.3, PGV: 0.3}, {PGA: 0.3, PGV: 0.3}, {PGA: 0.3, PGV: 0.3}}
	impacts := func(pts []network.Point) error {
		g, err := quake.NewGMF(network.WGS84, pts, vals, fragility.PGA, fragility.PGV)
		require.NoError(t, err)
		_, err = (&quake.Earthquake{Field: g}).Impacts(n, hazard.NewRand(1, "x"))
		return err
	}
	require.NoError(t, impacts(square(centre.X, centre.Y)))
	err := impacts(square(10, 50))
	assert.ErrorIs(t, err, quake.ErrInvalid)
	assert.ErrorContains(t, err, "covers none")
}
