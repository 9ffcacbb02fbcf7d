package wind_test

import (
	"context"
	"maps"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/flood"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/hazardtest"
	"github.com/lifeline-sim/lifeline/hazard/wind"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// The curves of these tests are illustrative, not taken from a source.
var (
	lineCurve  = wind.Curve{Curve: fragility.Curve{Median: 45, Beta: 0.3}}
	towerCurve = wind.Curve{Curve: fragility.Curve{Median: 55, Beta: 0.25}, State: network.DamageExtensive}
)

// storm moves north-north-east over the default synthetic city's centre
// (90° W, 35.1° N), deepening then filling.
func storm(pressure float64) *wind.Wind {
	return &wind.Wind{
		Label: "typhoon",
		Track: wind.Track{
			{T: 0, Lon: -90.2, Lat: 34.6, Pressure: pressure + 10, Rmax: 25000},
			{T: 6 * sim.Hour, Lon: -90.05, Lat: 35.1, Pressure: pressure, Rmax: 30000},
			{T: 12 * sim.Hour, Lon: -89.9, Lat: 35.6, Pressure: pressure + 20, Rmax: 35000},
		},
		Kinds: map[network.Kind]wind.Curve{network.KindLine: lineCurve, network.KindCellTower: towerCurve},
	}
}

// TestFirstExceedance checks Impacts against an independent walk of the
// wind: for each line and tower, the first step at which its curve's
// probability at the gust (fragility.Curve.P, the strongest of its points)
// passes its uniform draw, taken from the stream the engine gives it.
func TestFirstExceedance(t *testing.T) {
	n, err := synth.City(synth.CityParams{Seed: 2, Components: 1000})
	require.NoError(t, err)
	w := storm(950)
	rng := hazard.NewRand(5, w.Name())
	got, err := w.Impacts(n, rng)
	require.NoError(t, err)
	type key struct {
		target int32
		link   bool
	}
	at := map[key]hazard.Impact{}
	for _, im := range got {
		at[key{im.Target, im.Link}] = im
	}
	check := func(k key, pts []network.Point, c wind.Curve, s sim.Stream) {
		want := firstDamage(w, pts, c.P, s.Float64())
		im, ok := at[k]
		if want < 0 {
			assert.False(t, ok, "entity %v damaged at %v", k, im.Time)
			return
		}
		require.True(t, ok, "entity %v not damaged (due at %v)", k, want)
		assert.Equal(t, want, im.Time, "entity %v", k)
		assert.Equal(t, cmpOr(c.State, network.DamageComplete), im.State)
		delete(at, k)
	}
	lines, towers := 0, 0
	for l := range n.Links() {
		if n.LinkKind(l) != network.KindLine {
			continue
		}
		lines++
		check(key{l, true}, straightLine(t, n, l), lineCurve, rng.Link(n, l))
	}
	for i := range n.Components() {
		if n.ComponentKind(i) == network.KindCellTower {
			towers++
			p, _ := n.Location(i)
			check(key{i, false}, []network.Point{p}, towerCurve, rng.Component(n, i))
		}
	}
	assert.Empty(t, at, "impacts on entities without a curve")
	require.Positive(t, lines)
	require.Positive(t, towers)
	require.NotEmpty(t, got)
	require.Less(t, len(got), lines+towers, "some entities survive")
	hazardtest.Run(t, n, w)
}

// firstDamage walks the wind of w (a storm of the tests, from 0 to 12 h)
// every 10 minutes, the strongest gust of pts counting, and returns the
// first step at which p(gust) exceeds u; −1 if none does.
func firstDamage(w *wind.Wind, pts []network.Point, p func(gust float64) float64, u float64) sim.Time {
	for t := sim.Time(0); t <= 12*sim.Hour; t += 10 * sim.Minute {
		gust := 0.0
		for _, pt := range pts {
			_, g := w.At(pt, t)
			gust = max(gust, g)
		}
		if p(gust) > u {
			return t
		}
	}
	return -1
}

// straightLine returns the points at which line l feels the wind: its
// ends and midpoint (the test's synthetic lines are straight).
func straightLine(t *testing.T, n *network.Network, l int32) []network.Point {
	t.Helper()
	if g := n.Geometry(l); len(g) > 2 {
		t.Fatalf("line %s has a bent geometry; the test samples straight lines only", n.LinkID(l))
	}
	a, b := n.Ends(l)
	pa, _ := n.Location(a)
	pb, _ := n.Location(b)
	return []network.Point{pa, {X: (pa.X + pb.X) / 2, Y: (pa.Y + pb.Y) / 2}, pb}
}

func cmpOr(a, b uint8) uint8 {
	if a != 0 {
		return a
	}
	return b
}

// TestStrongerStorm: the same draws and a deeper storm on the same track
// with the same radii, whose gusts are stronger wherever its own wind
// outweighs the forward-speed share (everywhere that matters here): a
// superset damaged, each no later.
func TestStrongerStorm(t *testing.T) {
	n, err := synth.City(synth.CityParams{Seed: 2, Components: 1000})
	require.NoError(t, err)
	when := func(p float64) map[[2]int32]sim.Time {
		w := storm(p)
		im, err := w.Impacts(n, hazard.NewRand(9, w.Name()))
		require.NoError(t, err)
		out := map[[2]int32]sim.Time{}
		for _, x := range im {
			out[[2]int32{x.Target, int32(map[bool]int{false: 0, true: 1}[x.Link])}] = x.Time
		}
		return out
	}
	weak, strong := when(970), when(940)
	require.NotEmpty(t, weak)
	require.Greater(t, len(strong), len(weak))
	for k, t0 := range weak {
		t1, ok := strong[k]
		if assert.True(t, ok, "%v damaged by the weak storm only", k) {
			assert.LessOrEqual(t, t1, t0)
		}
	}
}

// TestWindAndFlood runs a typhoon and its storm surge together through the
// engine on a synthetic city: lines and towers the wind damages stay down
// from their impact (damage is latched), components in the surge come
// back when it recedes, and the causes name both hazards.
func TestWindAndFlood(t *testing.T) {
	n, err := synth.City(synth.CityParams{Seed: 3, Components: 2000})
	require.NoError(t, err)
	w := storm(945)
	surge := &flood.Flood{Label: "surge", Areas: []flood.Area{{ID: "coast",
		Depth:    flood.Hydrograph{{T: 4 * sim.Hour, Depth: 0}, {T: 6 * sim.Hour, Depth: 1.2}, {T: 10 * sim.Hour, Depth: 0}},
		Polygons: []flood.Polygon{{{{X: -90.02, Y: 35.08}, {X: -90.0, Y: 35.08}, {X: -90.0, Y: 35.12}, {X: -90.02, Y: 35.12}}}}}}}
	e, err := cascade.New(n, cascade.Options{})
	require.NoError(t, err)
	r, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{w, surge}, Seed: 4})
	require.NoError(t, err)
	// The engine keys the hazard's numbers by its name and the run's seed.
	im, err := w.Impacts(n, hazard.NewRand(4, w.Name()))
	require.NoError(t, err)
	require.NotEmpty(t, im)
	for _, x := range im {
		if x.Link && !n.OutOfService(x.Target) { // a normally-open tie never works
			out := r.LinkOutages(x.Target)
			require.NotEmpty(t, out, n.LinkID(x.Target))
			assert.Equal(t, [2]sim.Time{x.Time, -1}, out[len(out)-1], "link %s down from its damage to the end", n.LinkID(x.Target))
		}
	}
	names := map[string]bool{}
	for _, c := range r.Causes {
		names[c.Hazard] = true
	}
	assert.True(t, names["typhoon"] && names["surge"], "causes name %v", slices.Sorted(maps.Keys(names)))
	// A substation in the surge (equipment at ground level) is suspended
	// while it is wet, from 4 h.
	found := false
	for i := range n.Components() {
		p, _ := n.Location(i)
		if n.ComponentKind(i) == network.KindSubstation && p.X > -90.02 && p.X < -90.0 && p.Y > 35.08 && p.Y < 35.12 {
			found = true
			wet := false
			for _, c := range r.Changes {
				if !c.Link && c.Entity == i && c.New&network.Suspended != 0 && c.Old&network.Suspended == 0 {
					assert.Equal(t, 4*sim.Hour, c.Time)
					wet = true
				}
			}
			assert.True(t, wet, n.ComponentID(i))
		}
	}
	require.True(t, found)
}

// TestIntensityAt: the intensity at a place of a WGS84 network is the gust
// that At returns there; at the eye's passage over the city centre it is
// weaker than one radius of maximum wind to the east (Holland's profile
// is 0 at the centre and peaks at Rmax); before the track it is 0.
func TestIntensityAt(t *testing.T) {
	n, err := synth.City(synth.CityParams{Seed: 1, Components: 2000})
	require.NoError(t, err)
	w := storm(950)
	r := hazard.NewRand(1, w.Name())
	centre := network.Point{X: -90.05, Y: 35.1}
	east := network.Point{X: -90.05 + 30000/(111195*0.8181), Y: 35.1} // 30 km east: cos 35.1° ≈ 0.8181
	g, err := w.IntensityAt(n, centre, 6*sim.Hour, r)
	require.NoError(t, err)
	_, want := w.At(centre, 6*sim.Hour)
	assert.Equal(t, want, g)
	ge, err := w.IntensityAt(n, east, 6*sim.Hour, r)
	require.NoError(t, err)
	assert.Greater(t, ge, g)
	g, err = w.IntensityAt(n, centre, -sim.Hour, r)
	require.NoError(t, err)
	assert.Zero(t, g)
}

// TestApproach: the box is lon 0 … 0.1, lat 0 … 0.1. A track due north
// along lon 1 from lat −5 to 5 passes 0.9° of longitude east of the box
// at the equator: 0.9 · π/180 · 6371008.8 m = 100 075 m (its points every
// 10°/112 of latitude include lat 0, where the box's edge is nearest). A
// track that crosses the box comes to 0; a lone fix at (0.1, 1.1), 1°
// of latitude north of the box's corner, 111 195 m; no fix, never.
func TestApproach(t *testing.T) {
	lo, hi := network.Point{X: 0, Y: 0}, network.Point{X: 0.1, Y: 0.1}
	north := wind.Track{{Lon: 1, Lat: -5}, {T: sim.Day, Lon: 1, Lat: 5}}
	assert.InDelta(t, 100075, north.Approach(lo, hi), 1)
	across := wind.Track{{Lon: -1, Lat: -1}, {T: sim.Day, Lon: 1, Lat: 1}}
	assert.Zero(t, across.Approach(lo, hi))
	assert.InDelta(t, 111195, wind.Track{{Lon: 0.1, Lat: 1.1}}.Approach(lo, hi), 1)
	assert.True(t, math.IsInf(wind.Track{}.Approach(lo, hi), 1))
}
