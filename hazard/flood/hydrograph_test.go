package flood

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// hand is the hand-made hydrograph of the tests: dry at 0, rising
// linearly to 0.6 m at 2 h, holding until 5 h, dry again at 9 h.
var hand = Hydrograph{{0, 0}, {2 * sim.Hour, 0.6}, {5 * sim.Hour, 0.6}, {9 * sim.Hour, 0}}

func TestCrossingsByHand(t *testing.T) {
	// Rising at 0.3 m/h until 2 h, falling at 0.15 m/h from 5 h: a level
	// ℓ is crossed up at ℓ/0.3 h and down at 5 h + (0.6 − ℓ)/0.15 h.
	for _, c := range []struct {
		level    float64
		up, down sim.Time
	}{
		{0.3, 1 * sim.Hour, 7 * sim.Hour},
		{0.45, 90 * sim.Minute, 6 * sim.Hour},
		{0.15, 30 * sim.Minute, 8 * sim.Hour},
		{0, 0, 9 * sim.Hour},
	} {
		got := hand.Crossings(c.level)
		assert.Equal(t, []Crossing{{c.up, true}, {c.down, false}}, got, "level %v", c.level)
	}
	// Water that only reaches a level does not cross it.
	assert.Empty(t, hand.Crossings(0.6))
	assert.Empty(t, hand.Crossings(0.7))
}

func TestCrossingsEdges(t *testing.T) {
	// Wet from the start and never dry: one Up at 0.
	wet := Hydrograph{{sim.Hour, 1}, {2 * sim.Hour, 2}}
	assert.Equal(t, []Crossing{{0, true}}, wet.Crossings(0.5))
	// Two floods: up, down, up, down.
	two := Hydrograph{{0, 0}, {sim.Hour, 1}, {2 * sim.Hour, 0}, {3 * sim.Hour, 1}, {4 * sim.Hour, 0}}
	assert.Equal(t, []Crossing{{30 * sim.Minute, true}, {90 * sim.Minute, false}, {150 * sim.Minute, true}, {210 * sim.Minute, false}},
		two.Crossings(0.5))
	// An excursion shorter than a nanosecond rounds away.
	blip := Hydrograph{{0, 0}, {1, 1}, {2, 0}}
	assert.Empty(t, blip.Crossings(0.99))
	// Rounding to the nearest nanosecond: a third of 1 ns rounds to 0,
	// two thirds to 1.
	ramp := Hydrograph{{0, 0}, {1, 3}}
	assert.Equal(t, sim.Time(0), ramp.Crossings(1)[0].T)
	assert.Equal(t, sim.Time(1), ramp.Crossings(2)[0].T)
	assert.Empty(t, Hydrograph{}.Crossings(0))
}

func TestAtAndMax(t *testing.T) {
	assert.Equal(t, 0.3, hand.At(sim.Hour))
	assert.Equal(t, 0.0, hand.At(10*sim.Hour))
	assert.InDelta(t, 0.45, hand.At(6*sim.Hour), 1e-15)
	b := Hydrograph{{sim.Hour, 0}, {2*sim.Hour + 30*sim.Minute, 0.9}, {3 * sim.Hour, 0}}
	m := Max(hand, b)
	require.NoError(t, m.Validate())
	// b rises at 0.6 m/h from 1 h: it passes hand's 0.3·t at
	// 0.3·t = 0.6·(t − 1), t = 2 h (on hand's plateau corner); b falls at
	// 1.8 m/h from 2.5 h and meets the 0.6 m plateau at 2.5 h + 0.3/1.8 h
	// = 2 h 40 min.
	for _, c := range []struct {
		t    sim.Time
		want float64
	}{
		{sim.Hour, 0.3}, {90 * sim.Minute, 0.45}, {2 * sim.Hour, 0.6},
		{150 * sim.Minute, 0.9}, {160 * sim.Minute, 0.6}, {4 * sim.Hour, 0.6}, {7 * sim.Hour, 0.3},
	} {
		assert.InDelta(t, c.want, m.At(c.t), 1e-12, "at %v", c.t)
	}
	assert.Contains(t, m, Step{T: 160 * sim.Minute, Depth: m.At(160 * sim.Minute)})
	// Crossing segments: a rises, c falls; they meet half way.
	a := Hydrograph{{0, 0}, {sim.Hour, 1}}
	c := Hydrograph{{0, 1}, {sim.Hour, 0}}
	mc := Max(a, c)
	assert.Equal(t, Hydrograph{{0, 1}, {30 * sim.Minute, 0.5}, {sim.Hour, 1}}, mc)
	assert.Equal(t, a, Max(a, nil))
}

func TestHydrographValidate(t *testing.T) {
	require.NoError(t, hand.Validate())
	for _, h := range []Hydrograph{
		{{-1, 0}},
		{{0, 0}, {0, 1}},
		{{0, -0.1}},
		{{0, math.NaN()}},
		{{0, math.Inf(1)}},
	} {
		assert.ErrorIs(t, h.Validate(), errInvalid, "%v", h)
	}
}

func TestPolygon(t *testing.T) {
	sq := func(x0, y0, x1, y1 float64) []network.Point {
		return []network.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
	}
	pg := Polygon{sq(0, 0, 10, 10), sq(4, 4, 6, 6)}
	for _, c := range []struct {
		p    network.Point
		want bool
	}{
		{network.Point{X: 1, Y: 1}, true},
		{network.Point{X: 5, Y: 5}, false}, // in the hole
		{network.Point{X: 4, Y: 5}, true},  // on the hole's ring
		{network.Point{X: 0, Y: 5}, true},  // on the outer ring
		{network.Point{X: 11, Y: 5}, false},
		{network.Point{X: -1, Y: -1}, false},
	} {
		assert.Equal(t, c.want, pg.Contains(c.p), "%v", c.p)
	}
	// A segment crossing the polygon with both ends outside touches it; one
	// passing by does not; one inside the hole does not.
	assert.True(t, pg.Touches(network.Point{X: -5, Y: 2}, network.Point{X: 15, Y: 2}))
	assert.False(t, pg.Touches(network.Point{X: -5, Y: -2}, network.Point{X: 15, Y: -2}))
	assert.False(t, pg.Touches(network.Point{X: 4.5, Y: 4.5}, network.Point{X: 5.5, Y: 5.5}))
	assert.True(t, pg.Touches(network.Point{X: 5, Y: 5}, network.Point{X: 5, Y: 15}))
}

func TestGridSample(t *testing.T) {
	// 2 × 3 cells of 10 m from (100, 200); rows from the top.
	g := &Grid{Cols: 3, Rows: 2, X0: 100, Y0: 200, Cell: 10, Depth: []float64{
		1, 2, 3,
		4, 5, math.NaN(),
	}}
	require.NoError(t, g.Validate())
	// Cell centres: bottom row y = 205 (4, 5, dry), top row y = 215 (1, 2, 3),
	// columns x = 105, 115, 125.
	for _, c := range []struct {
		x, y, want float64
	}{
		{105, 205, 4}, {115, 215, 2}, {125, 205, 0},
		{110, 205, 4.5},                            // half way between 4 and 5
		{110, 210, (4 + 5 + 1 + 2) / 4.0},          // centre of four cells
		{101, 219, 1},                              // clamped to the corner centre
		{130, 220, 3},                              // the grid's corner
		{99, 210, 0}, {131, 210, 0}, {110, 221, 0}, // outside
	} {
		assert.InDelta(t, c.want, g.Sample(network.Point{X: c.x, Y: c.y}), 1e-12, "(%v, %v)", c.x, c.y)
	}
	bad := *g
	bad.Depth = []float64{1}
	assert.ErrorIs(t, bad.Validate(), errInvalid)
}

func TestDamageCurve(t *testing.T) {
	c := DamageCurve{Points: []CurvePoint{{0.2, 0}, {1.2, 0.8}}}
	require.NoError(t, c.Validate())
	assert.Equal(t, 0.0, c.At(0))
	assert.InDelta(t, 0.4, c.At(0.7), 1e-15)
	assert.Equal(t, 0.8, c.At(5))
	for _, bad := range []DamageCurve{{}, {Points: []CurvePoint{{0, 0.5}, {1, 0.4}}}, {Points: []CurvePoint{{1, 0}, {1, 1}}},
		{Points: []CurvePoint{{0, 1.5}}}, {Points: []CurvePoint{{0, 1}}, State: 9}} {
		assert.ErrorIs(t, bad.Validate(), errInvalid, "%v", bad)
	}
}

func TestPregnolatoSpeed(t *testing.T) {
	// v = 0.0009·w² − 0.5529·w + 86.9448 km/h, w in mm, worked by hand.
	for _, c := range []struct{ depth, want float64 }{
		{0, 86.9448}, {0.1, 40.6548}, {0.2, 12.3648}, {0.3, 2.0748}, {1, 2.0748},
	} {
		assert.InDelta(t, c.want, PregnolatoSpeed(c.depth), 1e-9, "%v m", c.depth)
	}
}
