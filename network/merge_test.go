package network

import (
	"github.com/lifeline-sim/lifeline/sim"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// system builds a two-component, one-link network of sector s in crs, with
// IDs "a", "b" and link "ab", a at pa, an attribute and an own requirement
// of b on a when withReq.
func system(t *testing.T, name string, s Sector, crs CRS, pa Point, withReq bool) *Network {
	t.Helper()
	b := NewBuilder()
	b.SetName(name)
	b.SetCRS(crs)
	b.AddComponent(Component{ID: "a", Sector: s, Role: RoleSource, Location: &pa})
	b.AddComponent(Component{ID: "b", Sector: s, Role: RoleConsumer, Demand: 1})
	b.AddLink(Link{ID: "ab", From: "a", To: "b", Length: 10, Geometry: []Point{pa, pa}})
	if withReq {
		b.AddRequirement(Requirement{Dependent: "b", Providers: []string{"a"}, Lag: sim.Hour})
	}
	n, err := b.Build()
	require.NoError(t, err)
	return n
}

func TestMergeClashNamesBothParts(t *testing.T) {
	pw := system(t, "grid.json", Power, Local, Point{1, 2}, false)
	wa := system(t, "water.inp", Water, Local, Point{3, 4}, false)
	_, err := Merge([]Part{{Network: pw}, {Network: wa}}, MergeOptions{})
	var be *BuildError
	require.ErrorAs(t, err, &be)
	require.ErrorIs(t, err, ErrDuplicateID)
	// a, b (components) and ab (link) clash.
	require.Len(t, be.Problems, 3)
	for _, e := range be.Problems {
		assert.Contains(t, e.Error(), "grid.json")
		assert.Contains(t, e.Error(), "water.inp")
	}
	assert.Contains(t, be.Problems[2].Error(), `link "ab"`)

	// Part names default to the network's name, then to the position.
	_, err = Merge([]Part{{Network: pw, Name: "P"}, {Network: system(t, "", Water, Local, Point{}, false)}}, MergeOptions{})
	require.ErrorContains(t, err, "in P and in part #1")
}

func TestMergePrefixes(t *testing.T) {
	pw := system(t, "grid", Power, Local, Point{1, 2}, true)
	wa := system(t, "water", Water, Local, Point{3, 4}, true)
	rb := NewBuilder()
	rb.SetCRS(Local)
	rb.AddComponent(Component{ID: "a", Sector: Transport})
	roads, err := rb.Build()
	require.NoError(t, err)
	n, err := Merge([]Part{{Network: pw, Prefix: "p/"}, {Network: wa, Prefix: "w/"}, {Network: roads, Prefix: "t/"}}, MergeOptions{
		Name:         "city",
		Requirements: []Requirement{{Dependent: "w/a", Providers: []string{"p/b"}, Buffer: 4 * sim.Hour}},
		Access:       map[string]string{"w/a": "t/a", "p/a": "t/a"},
	})
	require.NoError(t, err)
	assert.Equal(t, "city", n.Name())
	assert.True(t, n.CRS().Equal(Local), "Local parts stay Local together")
	var ids []string
	for i := range n.Components() {
		ids = append(ids, n.ComponentID(i))
	}
	assert.Equal(t, []string{"p/a", "p/b", "w/a", "w/b", "t/a"}, ids)
	// Links are renamed with their ends.
	l := n.Link(1)
	assert.Equal(t, Link{ID: "w/ab", From: "w/a", To: "w/b", Length: 10, Geometry: []Point{{3, 4}, {3, 4}}}, l)
	// The parts' requirements, then the cross-system one.
	require.Equal(t, 3, n.NumRequirements())
	assert.Equal(t, Requirement{Dependent: "p/b", Providers: []string{"p/a"}, Lag: sim.Hour}, n.Requirement(0))
	assert.Equal(t, Requirement{Dependent: "w/b", Providers: []string{"w/a"}, Lag: sim.Hour}, n.Requirement(1))
	assert.Equal(t, Requirement{Dependent: "w/a", Providers: []string{"p/b"}, Buffer: 4 * sim.Hour}, n.Requirement(2))
	ta, _ := n.ComponentIndex("t/a")
	for _, id := range []string{"w/a", "p/a"} {
		i, _ := n.ComponentIndex(id)
		assert.Equal(t, ta, n.Access(i), id)
	}
	pb, _ := n.ComponentIndex("p/b")
	assert.Equal(t, int32(-1), n.Access(pb))
	// The inputs are unchanged.
	assert.Equal(t, "a", pw.ComponentID(0))
	assert.Equal(t, Point{3, 4}, wa.Link(0).Geometry[0])
}

func TestMergeCrossSystemProblemsComeFromBuild(t *testing.T) {
	pw := system(t, "grid", Power, Local, Point{1, 2}, false)
	wa := system(t, "water", Water, Local, Point{3, 4}, false)
	_, err := Merge([]Part{{Network: pw, Prefix: "p/"}, {Network: wa, Prefix: "w/"}}, MergeOptions{
		Requirements: []Requirement{{Dependent: "w/a", Providers: []string{"p/zz"}}},
		Access:       map[string]string{"w/a": "p/a"},
	})
	var be *BuildError
	require.ErrorAs(t, err, &be)
	require.ErrorIs(t, err, ErrUnknownID)
	require.ErrorIs(t, err, ErrInvalid) // p/a is no transport component
	assert.Contains(t, err.Error(), `"p/zz"`)

	_, err = Merge([]Part{{Network: pw}}, MergeOptions{Access: map[string]string{"nope": "a"}})
	require.ErrorIs(t, err, ErrUnknownID)
	assert.Contains(t, err.Error(), `"nope"`)
}

func TestMergeAttributes(t *testing.T) {
	grid := func(name string, base float64) *Network {
		b := NewBuilder()
		b.SetName(name)
		b.SetAttr(ParamBaseMVA, base)
		b.AddComponent(Component{ID: name, Sector: Power})
		n, err := b.Build()
		require.NoError(t, err)
		return n
	}
	n, err := Merge([]Part{{Network: grid("g1", 100)}, {Network: grid("g2", 100)}}, MergeOptions{})
	require.NoError(t, err)
	assert.Equal(t, 100.0, n.Attr(ParamBaseMVA))
	_, err = Merge([]Part{{Network: grid("g1", 100)}, {Network: grid("g2", 1)}}, MergeOptions{})
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "100 in g1, 1 in g2")
}

// epsgExample is the Popular Visualisation Pseudo-Mercator (EPSG:3857)
// example of IOGP Geomatics Guidance Note 7-2 (publication 373-7-2,
// section 1.3.3.2): latitude 24°22'54.433"N, longitude 100°20'00.000"W is
// easting −11 169 055.58 m, northing 2 800 000.00 m.
var epsgExample = struct{ mercator, lonLat Point }{
	Point{-11169055.58, 2800000.00},
	Point{-(100 + 20.0/60), 24 + 22.0/60 + 54.433/3600},
}

func TestToWGS84(t *testing.T) {
	f, err := WebMercator.ToWGS84()
	require.NoError(t, err)
	got := f(epsgExample.mercator)
	// The example's easting and northing are rounded to the centimetre,
	// about 1e-7° here.
	assert.InDelta(t, epsgExample.lonLat.X, got.X, 1e-7)
	assert.InDelta(t, epsgExample.lonLat.Y, got.Y, 1e-7)
	id, err := CRS{}.ToWGS84()
	require.NoError(t, err)
	assert.Equal(t, Point{1, 2}, id(Point{1, 2}))
	for _, tc := range []struct {
		crs  CRS
		says string
	}{
		{Local, "no georeference"}, {CRS{EPSG: 32616}, "Krüger"}, {CRS{EPSG: 32716}, "UTM"},
		{CRS{EPSG: 26916}, "UTM"}, {CRS{EPSG: 25832}, "UTM"}, {CRS{EPSG: 2274}, "no exact inverse"},
	} {
		_, err := tc.crs.ToWGS84()
		require.ErrorIs(t, err, ErrReproject, "%v", tc.crs)
		assert.Contains(t, err.Error(), tc.says)
	}
}

func TestMergeReprojects(t *testing.T) {
	merc := system(t, "roads", Transport, WebMercator, epsgExample.mercator, false)
	geo := system(t, "grid", Power, WGS84, Point{-100, 24}, false)
	n, err := Merge([]Part{{Network: merc, Prefix: "t/"}, {Network: geo, Prefix: "p/"}}, MergeOptions{})
	require.NoError(t, err)
	assert.True(t, n.CRS().Geographic())
	p, ok := n.Location(0)
	require.True(t, ok)
	assert.InDelta(t, epsgExample.lonLat.X, p.X, 1e-7)
	assert.InDelta(t, epsgExample.lonLat.Y, p.Y, 1e-7)
	g := n.Geometry(0)
	require.Len(t, g, 2)
	assert.InDelta(t, epsgExample.lonLat.Y, g[1].Y, 1e-7)
	q, _ := n.Location(2)
	assert.Equal(t, Point{-100, 24}, q, "WGS84 parts are copied as they are")
	assert.Equal(t, 10.0, n.Length(0), "lengths are copied, not recomputed")

	// Both in Web Mercator: kept, unless WGS84 is asked for.
	merc2 := system(t, "grid", Power, WebMercator, Point{0, 0}, false)
	n, err = Merge([]Part{{Network: merc, Prefix: "t/"}, {Network: merc2, Prefix: "p/"}}, MergeOptions{})
	require.NoError(t, err)
	assert.Equal(t, 3857, n.CRS().Code())
	n, err = Merge([]Part{{Network: merc, Prefix: "t/"}, {Network: merc2, Prefix: "p/"}}, MergeOptions{WGS84: true})
	require.NoError(t, err)
	assert.True(t, n.CRS().Geographic())
	q, _ = n.Location(2)
	assert.Equal(t, Point{0, 0}, q)

	// A Local or UTM part cannot join a referenced one.
	utm := system(t, "utm.inp", Water, CRS{EPSG: 32616}, Point{500000, 3900000}, false)
	loc := system(t, "drawing.inp", Telecom, Local, Point{1, 1}, false)
	_, err = Merge([]Part{{Network: geo}, {Network: utm, Prefix: "u/"}, {Network: loc, Prefix: "l/"}}, MergeOptions{})
	var be *BuildError
	require.ErrorAs(t, err, &be)
	require.ErrorIs(t, err, ErrReproject)
	require.Len(t, be.Problems, 2)
	assert.True(t, strings.HasPrefix(be.Problems[0].Error(), "utm.inp: "), be.Problems[0].Error())
	assert.True(t, strings.HasPrefix(be.Problems[1].Error(), "drawing.inp: "), be.Problems[1].Error())
}

// A part without coordinates (a MATPOWER case: no bus is located, and its
// CRS is the default WGS84) has nothing to reproject: it joins a Local or
// UTM city, whose CRS the merged network keeps.
func TestMergeUnlocatedPartTakesAnyCRS(t *testing.T) {
	b := NewBuilder()
	b.SetName("case2")
	b.AddComponent(Component{ID: "bus1", Sector: Power, Role: RoleSource})
	b.AddComponent(Component{ID: "bus2", Sector: Power, Role: RoleConsumer, Demand: 1})
	b.AddLink(Link{ID: "br1", From: "bus1", To: "bus2", Reactance: 0.1})
	grid, err := b.Build()
	require.NoError(t, err)
	require.True(t, grid.CRS().Geographic())

	for _, crs := range []CRS{Local, {EPSG: 32616}} {
		water := system(t, "water.inp", Water, crs, Point{500000, 3900000}, false)
		n, err := Merge([]Part{{Network: grid}, {Network: water}}, MergeOptions{})
		require.NoError(t, err, "%v", crs)
		assert.True(t, n.CRS().Equal(crs), "merged CRS %v, want %v", n.CRS(), crs)
		i, _ := n.ComponentIndex("a")
		p, ok := n.Location(i)
		require.True(t, ok)
		assert.Equal(t, Point{500000, 3900000}, p, "coordinates kept")
		// Asked for WGS84, the located part must still be reprojected.
		_, err = Merge([]Part{{Network: grid}, {Network: water}}, MergeOptions{WGS84: true})
		require.ErrorIs(t, err, ErrReproject)
		assert.Contains(t, err.Error(), "water.inp: ")
	}

	// Parts none of which is located, in different CRSs: nothing to
	// reproject, and the merged network takes the default, WGS84.
	b = NewBuilder()
	b.SetCRS(Local)
	b.AddComponent(Component{ID: "w1", Sector: Water, Role: RoleSource})
	water, err := b.Build()
	require.NoError(t, err)
	n, err := Merge([]Part{{Network: water}, {Network: grid}}, MergeOptions{})
	require.NoError(t, err)
	assert.True(t, n.CRS().Geographic())
}

func TestMergeNilPanics(t *testing.T) {
	assert.PanicsWithValue(t, "network: Merge: part #0 has a nil Network", func() { _, _ = Merge([]Part{{}}, MergeOptions{}) })
	n, err := Merge(nil, MergeOptions{Name: "empty"})
	require.NoError(t, err)
	assert.Equal(t, 0, n.NumComponents())
}

func TestWebMercatorDistance(t *testing.T) {
	// 1000 m apart along the parallel of 35°N on the Web Mercator plane:
	// the ground distance on the mean sphere is 1000 × cos 35° ×
	// 6371008.8 / 6378137 = 818.2366 m (the haversine of two points on a
	// parallel differs from R cos φ Δλ by a relative (Δλ)² ≈ 1e-8).
	y := LonLatToMercator(Point{0, 35}).Y
	d := WebMercator.Distance(Point{0, y}, Point{1000, y})
	want := 1000 * math.Cos(35*math.Pi/180) * earthRadius / 6378137
	assert.InDelta(t, want, d, want*1e-7)
	assert.InDelta(t, 818.2366, d, 1e-3)
}
