package flood_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/flood"
	"github.com/lifeline-sim/lifeline/hazard/hazardtest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// noDamage are the default rules without depth–damage curves: wet
// equipment recovers when the water recedes.
var noDamage = flood.Rules{Damage: map[network.Kind]flood.DamageCurve{}}

// inBox is the river area of the tests written as plain comparisons, an
// independent check of the polygon test.
func inBox(p network.Point) bool { return p.X > -90.01 && p.X < -89.99 && p.Y > 35.09 && p.Y < 35.11 }

// suspensions returns, from the change log, the intervals during which
// entity e carried the Suspended flag (up = −1 if still at the end).
func suspensions(r *cascade.Result, e int32, link bool) [][2]sim.Time {
	var out [][2]sim.Time
	for _, c := range r.Changes {
		if c.Entity != e || c.Link != link {
			continue
		}
		was, is := c.Old&network.Suspended != 0, c.New&network.Suspended != 0
		switch {
		case is && !was:
			out = append(out, [2]sim.Time{c.Time, -1})
		case was && !is:
			out[len(out)-1][1] = c.Time
		}
	}
	return out
}

// TestSynthCity floods the middle of a synthetic city with the hand-made
// hydrograph: every substation, pump and central office in the water is
// suspended from 0 to 9 h (equipment at ground level), every road node and
// road lying in it from 1 h to 7 h (0.3 m), nothing outside the area is
// suspended, and every sector is fully served again once the water is
// gone. Its rules have no depth–damage curves (an empty map turns the
// bundled Hazus curves off), so everything recovers.
func TestSynthCity(t *testing.T) {
	n, err := synth.City(synth.CityParams{Seed: 3, Components: 2000})
	require.NoError(t, err)
	f := &flood.Flood{Label: "river", Areas: river(), Rules: noDamage}
	hazardtest.Run(t, n, f)
	e, err := cascade.New(n, cascade.Options{})
	require.NoError(t, err)
	r, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{f}, Seed: 7})
	require.NoError(t, err)
	equipment, roadNodes := 0, 0
	for i := range n.Components() {
		p, _ := n.Location(i)
		got := suspensions(r, i, false)
		switch kind := n.ComponentKind(i); {
		case !inBox(p):
			assert.Empty(t, got, "%s outside the area", n.ComponentID(i))
		case kind == network.KindSubstation || kind == network.KindPump || kind == network.KindCentralOffice:
			equipment++
			assert.Equal(t, [][2]sim.Time{{0, 9 * sim.Hour}}, got, n.ComponentID(i))
		case kind == network.KindIntersection || kind == network.KindBridge:
			roadNodes++
			assert.Equal(t, [][2]sim.Time{{sim.Hour, 7 * sim.Hour}}, got, n.ComponentID(i))
		default:
			assert.Empty(t, got, "%s (%s) is not affected by water", n.ComponentID(i), kind)
		}
	}
	roads := 0
	for l := range n.Links() {
		from, to := n.Ends(l)
		a, _ := n.Location(from)
		b, _ := n.Location(to)
		if n.LinkKind(l) == network.KindRoad && inBox(a) && inBox(b) {
			roads++
			assert.Equal(t, [][2]sim.Time{{sim.Hour, 7 * sim.Hour}}, suspensions(r, l, true), n.LinkID(l))
		}
		if n.LinkKind(l) != network.KindRoad {
			assert.Empty(t, suspensions(r, l, true), n.LinkID(l))
		}
	}
	require.Positive(t, equipment)
	require.Positive(t, roadNodes)
	require.Positive(t, roads)
	for s, name := range n.Sectors() {
		assert.Equal(t, 1.0, r.Series[s].Q(9*sim.Hour), "sector %s served again", name)
		assert.Equal(t, 1.0, r.Series[s].QPopulation(9*sim.Hour), "sector %s served again", name)
	}
	pw, _ := r.Sector(network.Power)
	assert.Less(t, pw.Series.QPopulation(3*sim.Hour), 1.0, "the flood cut power")
}

// TestDamageSuperset: with one uniform draw per component, a curve that
// damages more often damages a superset, whatever the seed.
func TestDamageSuperset(t *testing.T) {
	n, err := synth.City(synth.CityParams{Seed: 4, Components: 2000})
	require.NoError(t, err)
	damaged := func(p float64) map[int32]bool {
		f := &flood.Flood{Areas: river(), Rules: flood.Rules{Damage: map[network.Kind]flood.DamageCurve{
			network.KindSubstation: {Points: []flood.CurvePoint{{Depth: 0, P: p}}},
			network.KindPump:       {Points: []flood.CurvePoint{{Depth: 0, P: p}}},
		}}}
		im, err := f.Impacts(n, hazard.NewRand(11, f.Name()))
		require.NoError(t, err)
		out := map[int32]bool{}
		for _, x := range im {
			if x.Kind == hazard.Damage {
				out[x.Target] = true
			}
		}
		return out
	}
	low, high := damaged(0.3), damaged(0.7)
	require.NotEmpty(t, low)
	require.Greater(t, len(high), len(low))
	for i := range low {
		assert.True(t, high[i], "%s damaged at 0.3 but not at 0.7", n.ComponentID(i))
	}
}

// TestSynthCityGrids floods the same city from a gridded series instead:
// 0.001° cells, the hand-made depths in every cell of a block in the
// middle and dry elsewhere, at the hydrograph's four instants. Components
// more than a cell inside the block (where the bilinear sample is the
// block's depth) are suspended at the hand-made times; components more than
// a cell outside it are never suspended. No depth–damage curves, as in
// TestSynthCity.
func TestSynthCityGrids(t *testing.T) {
	n, err := synth.City(synth.CityParams{Seed: 3, Components: 2000})
	require.NoError(t, err)
	// The grid spans lon −90.05 … −89.95, lat 35.05 … 35.15; the wet block
	// is the cells whose centres lie in lon −90.01 … −89.99, lat 35.09 … 35.11.
	const cell = 0.001
	grid := func(depth float64) *flood.Grid {
		g := &flood.Grid{Cols: 100, Rows: 100, X0: -90.05, Y0: 35.05, Cell: cell, Depth: make([]float64, 100*100)}
		for k := range g.Depth {
			row, col := k/100, k%100
			x := -90.05 + (float64(col)+0.5)*cell
			y := 35.15 - (float64(row)+0.5)*cell
			if inBox(network.Point{X: x, Y: y}) {
				g.Depth[k] = depth
			}
		}
		return g
	}
	var frames []flood.Frame
	for _, s := range hand {
		frames = append(frames, flood.Frame{T: s.T, Grid: grid(s.Depth)})
	}
	f := &flood.Flood{Label: "rain", Frames: frames, Rules: noDamage}
	hazardtest.Run(t, n, f)
	e, err := cascade.New(n, cascade.Options{})
	require.NoError(t, err)
	r, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{f}, Seed: 7})
	require.NoError(t, err)
	inner := func(p network.Point) bool {
		return p.X > -90.01+cell && p.X < -89.99-cell && p.Y > 35.09+cell && p.Y < 35.11-cell
	}
	outer := func(p network.Point) bool {
		return p.X < -90.01-2*cell || p.X > -89.99+2*cell || p.Y < 35.09-2*cell || p.Y > 35.11+2*cell
	}
	checked := 0
	for i := range n.Components() {
		p, _ := n.Location(i)
		got := suspensions(r, i, false)
		switch kind := n.ComponentKind(i); {
		case outer(p):
			assert.Empty(t, got, n.ComponentID(i))
		case !inner(p):
		case kind == network.KindSubstation || kind == network.KindPump || kind == network.KindCentralOffice:
			checked++
			assert.Equal(t, [][2]sim.Time{{0, 9 * sim.Hour}}, got, n.ComponentID(i))
		case kind == network.KindIntersection || kind == network.KindBridge:
			checked++
			assert.Equal(t, [][2]sim.Time{{sim.Hour, 7 * sim.Hour}}, got, n.ComponentID(i))
		}
	}
	require.Positive(t, checked)
	for s := range n.Sectors() {
		assert.Equal(t, 1.0, r.Series[s].Q(9*sim.Hour))
	}
}
