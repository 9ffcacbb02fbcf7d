package flood_test

import (
	"context"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/flood"
	"github.com/lifeline-sim/lifeline/hazard/hazardtest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// hand is the hand-made hydrograph of the tests (testdata/areas.geojson,
// feature "river"): dry at 0, rising linearly to 0.6 m at 2 h (0.3 m/h),
// holding until 5 h, falling linearly to dry at 9 h (0.15 m/h). A level ℓ
// is crossed up at ℓ/0.3 h and down at 5 h + (0.6 − ℓ)/0.15 h.
var hand = flood.Hydrograph{{T: 0, Depth: 0}, {T: 2 * sim.Hour, Depth: 0.6}, {T: 5 * sim.Hour, Depth: 0.6}, {T: 9 * sim.Hour, Depth: 0}}

// river is the area of hand: lon −90.01 … −89.99, lat 35.09 … 35.11.
func river() []flood.Area {
	return []flood.Area{{ID: "river", Depth: hand, Polygons: []flood.Polygon{{{
		{X: -90.01, Y: 35.09}, {X: -89.99, Y: 35.09}, {X: -89.99, Y: 35.11}, {X: -90.01, Y: 35.11}}}}}}
}

// town is a small city around the river area: power from a generator
// outside it through a substation inside it (equipment 0.45 m up) to a
// consumer outside; a pump inside (equipment at ground level); a road
// across the river between two dry intersections, and an intersection in
// the water.
func town(t testing.TB) *network.Network {
	b := network.NewBuilder()
	at := func(x, y float64) *network.Point { return &network.Point{X: x, Y: y} }
	b.AddComponent(network.Component{ID: "gen", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource, Location: at(-90.05, 35.1)})
	b.AddComponent(network.Component{ID: "sub", Sector: network.Power, Kind: network.KindSubstation, Location: at(-90.0, 35.1),
		Params: map[network.Param]float64{network.ParamEquipmentHeightM: 0.45}})
	b.AddComponent(network.Component{ID: "load", Sector: network.Power, Kind: network.KindBus, Role: network.RoleConsumer, Population: 100, Location: at(-90.05, 35.12)})
	b.AddComponent(network.Component{ID: "pump", Sector: network.Water, Kind: network.KindPump, Location: at(-89.995, 35.105)})
	b.AddComponent(network.Component{ID: "i1", Sector: network.Transport, Kind: network.KindIntersection, Location: at(-90.02, 35.1)})
	b.AddComponent(network.Component{ID: "i2", Sector: network.Transport, Kind: network.KindIntersection, Location: at(-89.98, 35.1)})
	b.AddComponent(network.Component{ID: "i3", Sector: network.Transport, Kind: network.KindIntersection, Location: at(-90.0, 35.095)})
	b.AddLink(network.Link{ID: "l1", Kind: network.KindLine, From: "gen", To: "sub"})
	b.AddLink(network.Link{ID: "l2", Kind: network.KindLine, From: "sub", To: "load"})
	b.AddLink(network.Link{ID: "r", Kind: network.KindRoad, From: "i1", To: "i2", Length: 3640, FreeFlow: 218 * sim.Second,
		Params: map[network.Param]float64{network.ParamSpeedKmh: 60}})
	b.AddLink(network.Link{ID: "r3", Kind: network.KindRoad, From: "i1", To: "i3", Length: 1000, FreeFlow: 60 * sim.Second,
		Params: map[network.Param]float64{network.ParamSpeedKmh: 60}})
	n, err := b.Build()
	require.NoError(t, err)
	return n
}

// roadFactors are the travel-time factors of road r (60 km/h) under hand,
// worked by hand from Pregnolato et al. (2017), v = 0.0009·w² − 0.5529·w
// + 86.9448 km/h (w in mm), at the deepest water of each 0.05 m step,
// over 60 km/h: 0.05 m → 61.5498 km/h (factor 1), 0.10 m → 40.6548,
// 0.15 m → 24.2598, 0.20 m → 12.3648, 0.25 m → 4.9698, 0.30 m → 2.0748.
var roadFactors = []struct {
	t sim.Time
	f float64
}{
	// Rising at 0.3 m/h: a step's upper depth ℓ is exceeded at ℓ/0.3 h.
	{10 * sim.Minute, 40.6548 / 60}, {20 * sim.Minute, 24.2598 / 60}, {30 * sim.Minute, 12.3648 / 60},
	{40 * sim.Minute, 4.9698 / 60}, {50 * sim.Minute, 2.0748 / 60},
	// Closed from 1 h to 7 h; falling at 0.15 m/h: below ℓ at 5 h + (0.6 − ℓ)/0.15 h.
	{7*sim.Hour + 20*sim.Minute, 4.9698 / 60}, {7*sim.Hour + 40*sim.Minute, 12.3648 / 60}, {8 * sim.Hour, 24.2598 / 60},
	{8*sim.Hour + 20*sim.Minute, 40.6548 / 60}, {8*sim.Hour + 40*sim.Minute, 1},
}

func TestImpactsByHand(t *testing.T) {
	n := town(t)
	f := &flood.Flood{Areas: river(), Rules: noDamage}
	got, err := f.Impacts(n, hazard.NewRand(1, f.Name()))
	require.NoError(t, err)
	comp := func(id string) int32 { i, ok := n.ComponentIndex(id); require.True(t, ok); return i }
	link := func(id string) int32 { l, ok := n.LinkIndex(id); require.True(t, ok); return l }
	sus := func(at sim.Time, i int32, l bool) hazard.Impact {
		return hazard.Impact{Time: at, Kind: hazard.Suspend, Target: i, Link: l}
	}
	res := func(at sim.Time, i int32, l bool) hazard.Impact {
		return hazard.Impact{Time: at, Kind: hazard.Resume, Target: i, Link: l}
	}
	want := []hazard.Impact{
		sus(0, comp("pump"), false), res(9*sim.Hour, comp("pump"), false), // equipment at ground level
		sus(90*sim.Minute, comp("sub"), false), res(6*sim.Hour, comp("sub"), false), // 0.45 m
		sus(sim.Hour, comp("i3"), false), res(7*sim.Hour, comp("i3"), false), // road closure 0.3 m
		sus(sim.Hour, link("r"), true), res(7*sim.Hour, link("r"), true),
		sus(sim.Hour, link("r3"), true), res(7*sim.Hour, link("r3"), true),
	}
	for _, rl := range []string{"r", "r3"} {
		for _, rf := range roadFactors {
			want = append(want, hazard.Impact{Time: rf.t, Kind: hazard.SetFactor, Param: hazard.TravelTime, Target: link(rl), Link: true, Factor: rf.f})
		}
	}
	hazard.Sort(want)
	require.Len(t, got, len(want))
	for k := range want {
		assert.Equal(t, want[k].Time, got[k].Time, "impact %d", k)
		assert.Equal(t, []any{want[k].Kind, want[k].Target, want[k].Link, want[k].Param}, []any{got[k].Kind, got[k].Target, got[k].Link, got[k].Param}, "impact %d at %v", k, want[k].Time)
		assert.InDelta(t, want[k].Factor, got[k].Factor, 1e-12, "impact %d at %v", k, want[k].Time)
	}
	hazardtest.Run(t, n, f)
}

// TestEngineByHand runs the hand-made flood through the engine: the
// substation and the consumer it feeds go down at 1.5 h and come back at
// 6 h, the road closes at 1 h and reopens at 7 h, and both the failures
// and the recoveries are in the change log, cited to the flood. No
// depth–damage curves: nothing is damaged.
func TestEngineByHand(t *testing.T) {
	n := town(t)
	areas, err := flood.Reader{}.ReadAreas(os.DirFS("testdata"), "areas.geojson")
	require.NoError(t, err)
	f := &flood.Flood{Label: "rain", Areas: areas, Rules: noDamage}
	e, err := cascade.New(n, cascade.Options{})
	require.NoError(t, err)
	r, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{f}, Seed: 1})
	require.NoError(t, err)
	comp := func(id string) int32 { i, _ := n.ComponentIndex(id); return i }
	link := func(id string) int32 { l, _ := n.LinkIndex(id); return l }
	assert.Equal(t, [][2]sim.Time{{90 * sim.Minute, 6 * sim.Hour}}, r.Outages(comp("sub")))
	assert.Equal(t, [][2]sim.Time{{90 * sim.Minute, 6 * sim.Hour}}, r.Outages(comp("load")))
	assert.Equal(t, [][2]sim.Time{{0, 9 * sim.Hour}}, r.Outages(comp("pump")))
	assert.Equal(t, [][2]sim.Time{{sim.Hour, 7 * sim.Hour}}, r.Outages(comp("i3")))
	assert.Equal(t, [][2]sim.Time{{sim.Hour, 7 * sim.Hour}}, r.LinkOutages(link("r")))
	pw, _ := r.Sector(network.Power)
	assert.Equal(t, 1.0, pw.Series.QPopulation(89*sim.Minute))
	assert.Equal(t, 0.0, pw.Series.QPopulation(3*sim.Hour))
	assert.Equal(t, 1.0, pw.Series.QPopulation(6*sim.Hour))
	// The road's factors as the engine applied them.
	var factors []sim.Time
	for _, c := range r.Changes {
		if c.Link && c.Entity == link("r") && c.OldFactor != c.NewFactor {
			factors = append(factors, c.Time)
		}
	}
	var want []sim.Time
	for _, rf := range roadFactors {
		want = append(want, rf.t)
	}
	assert.Equal(t, want, factors)
	// The consumer's outage traces back to the flood.
	ch, ok := r.Explain(comp("load"), 2*sim.Hour)
	require.True(t, ok)
	assert.Contains(t, ch.String(), `"rain"`)
}

// TestDamage: with a depth–damage curve that is certain above 0.1 m over
// the equipment, the substation (peak 0.15 m over its 0.45 m) is damaged
// when the water reaches its equipment and stays down after the water
// recedes; with a curve that never damages below 0.2 m it recovers.
func TestDamage(t *testing.T) {
	n := town(t)
	sub, _ := n.ComponentIndex("sub")
	for _, c := range []struct {
		curve   flood.DamageCurve
		damaged bool
	}{
		{flood.DamageCurve{Points: []flood.CurvePoint{{Depth: 0.1, P: 1}}, State: network.DamageExtensive}, true},
		{flood.DamageCurve{Points: []flood.CurvePoint{{Depth: 0.2, P: 0}, {Depth: 1, P: 1}}}, false},
	} {
		f := &flood.Flood{Areas: river(), Rules: flood.Rules{Damage: map[network.Kind]flood.DamageCurve{network.KindSubstation: c.curve}}}
		im, err := f.Impacts(n, hazard.NewRand(3, f.Name()))
		require.NoError(t, err)
		k := slices.IndexFunc(im, func(x hazard.Impact) bool { return x.Kind == hazard.Damage })
		if !c.damaged {
			assert.Equal(t, -1, k)
			continue
		}
		require.GreaterOrEqual(t, k, 0)
		assert.Equal(t, hazard.Impact{Time: 90 * sim.Minute, Kind: hazard.Damage, Target: sub, State: network.DamageExtensive}, im[k])
		e, err := cascade.New(n, cascade.Options{})
		require.NoError(t, err)
		r, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{f}, Seed: 3})
		require.NoError(t, err)
		assert.Equal(t, [][2]sim.Time{{90 * sim.Minute, -1}}, r.Outages(sub), "damaged: down until repaired")
	}
}

// TestWebMercator: the town projected to Web Mercator (EPSG:3857, written
// here from the projection's formulas x = R·λ, y = R·ln tan(π/4 + φ/2),
// R = 6378137 m) with the areas in WGS84 (Flood.WGS84) floods exactly as
// the lon/lat town does.
func TestWebMercator(t *testing.T) {
	geo := town(t)
	b := network.NewBuilder()
	b.SetCRS(network.CRS{EPSG: 3857})
	const r = 6378137.0
	for i := range geo.Components() {
		c := geo.Component(i)
		p := *c.Location
		lam, phi := p.X*math.Pi/180, p.Y*math.Pi/180
		c.Location = &network.Point{X: r * lam, Y: r * math.Log(math.Tan(math.Pi/4+phi/2))}
		b.AddComponent(c)
	}
	for l := range geo.Links() {
		b.AddLink(geo.Link(l))
	}
	merc, err := b.Build()
	require.NoError(t, err)
	f := &flood.Flood{Areas: river(), WGS84: true}
	want, err := f.Impacts(geo, hazard.NewRand(1, f.Name()))
	require.NoError(t, err)
	got, err := f.Impacts(merc, hazard.NewRand(1, f.Name()))
	require.NoError(t, err)
	assert.Equal(t, want, got)
	hazardtest.Run(t, merc, f)
	// Without the flag the Mercator metres fall in no lon/lat area.
	dry, err := (&flood.Flood{Areas: river()}).Impacts(merc, hazard.NewRand(1, "flood"))
	require.NoError(t, err)
	assert.Empty(t, dry)
	// A network in a CRS without an exact inverse is refused.
	b = network.NewBuilder()
	b.SetCRS(network.CRS{EPSG: 32616})
	b.AddComponent(network.Component{ID: "x", Sector: network.Power, Location: &network.Point{X: 500000, Y: 3880000}})
	utm, err := b.Build()
	require.NoError(t, err)
	_, err = f.Impacts(utm, hazard.NewRand(1, f.Name()))
	assert.ErrorIs(t, err, network.ErrReproject)
}

// TestIntensityAt: the depth at a place is the hydrograph of the area
// holding it (hand: 0.3 m at 1 h, rising 0.3 m/h; 0.6 m at 3 h; 0.3 m at
// 7 h, falling 0.15 m/h), and 0 outside every area.
func TestIntensityAt(t *testing.T) {
	n := town(t)
	f := &flood.Flood{Areas: river()}
	r := hazard.NewRand(1, f.Name())
	in := network.Point{X: -90.0, Y: 35.1}
	for _, c := range []struct {
		at   sim.Time
		want float64
	}{{0, 0}, {sim.Hour, 0.3}, {3 * sim.Hour, 0.6}, {7 * sim.Hour, 0.3}, {10 * sim.Hour, 0}} {
		d, err := f.IntensityAt(n, in, c.at, r)
		require.NoError(t, err)
		assert.InDelta(t, c.want, d, 1e-12, "at %v", c.at)
	}
	d, err := f.IntensityAt(n, network.Point{X: -90.05, Y: 35.1}, 3*sim.Hour, r)
	require.NoError(t, err)
	assert.Zero(t, d)
	_, err = (&flood.Flood{}).IntensityAt(n, in, 0, r)
	assert.ErrorIs(t, err, hazard.ErrInvalid)
}

// TestExtent: the river area spans lon −90.01 … −89.99, lat 35.09 …
// 35.11; a grid of 2 × 3 cells of 0.01° from (−90.1, 35.0) reaches
// (−90.07, 35.02). Together they span both; without either, nothing.
func TestExtent(t *testing.T) {
	grid := &flood.Grid{Cols: 3, Rows: 2, X0: -90.1, Y0: 35.0, Cell: 0.01, Depth: make([]float64, 6)}
	for _, tc := range []struct {
		name   string
		f      flood.Flood
		lo, hi network.Point
		ok     bool
	}{
		{"areas", flood.Flood{Areas: river()}, network.Point{X: -90.01, Y: 35.09}, network.Point{X: -89.99, Y: 35.11}, true},
		{"grid", flood.Flood{Frames: []flood.Frame{{Grid: grid}}}, network.Point{X: -90.1, Y: 35.0}, network.Point{X: -90.07, Y: 35.02}, true},
		{"both", flood.Flood{Areas: river(), Frames: []flood.Frame{{Grid: grid}}}, network.Point{X: -90.1, Y: 35.0}, network.Point{X: -89.99, Y: 35.11}, true},
		{"no water", flood.Flood{}, network.Point{}, network.Point{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi, ok := tc.f.Extent()
			require.Equal(t, tc.ok, ok)
			assert.InDelta(t, tc.lo.X, lo.X, 1e-12)
			assert.InDelta(t, tc.lo.Y, lo.Y, 1e-12)
			assert.InDelta(t, tc.hi.X, hi.X, 1e-12)
			assert.InDelta(t, tc.hi.Y, hi.Y, 1e-12)
		})
	}
}
