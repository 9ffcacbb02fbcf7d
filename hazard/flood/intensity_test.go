package flood_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/flood"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestIntensityAt: a flood reports the depth at a place and instant. The
// area's water rises linearly from 0 to 2 m over the first hour and holds:
// 1 m at 30 min, 2 m from 1 h. A 1 × 1 grid of 0.5 m at 0 h and 3 m at 2 h
// covers the area's east half: there the grid's 1.75 m at 1 h is less than
// the area's 2 m, its 3 m at 2 h more. Outside both it is dry. A flood
// given in WGS84 on a Web Mercator network reads the place converted
// (written here by the forward projection, R = 6378137 m).
func TestIntensityAtPlaces(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "c", Sector: network.Power, Kind: network.KindSubstation, Location: &network.Point{X: -90, Y: 35.1}})
	n, err := b.Build()
	require.NoError(t, err)
	grid := func(d float64) *flood.Grid {
		return &flood.Grid{Cols: 1, Rows: 1, X0: -90.0, Y0: 35.09, Cell: 0.02, Depth: []float64{d}}
	}
	f := &flood.Flood{
		Areas: []flood.Area{{ID: "a", Depth: flood.Hydrograph{{T: 0, Depth: 0}, {T: sim.Hour, Depth: 2}},
			Polygons: []flood.Polygon{{{{X: -90.02, Y: 35.09}, {X: -89.98, Y: 35.09}, {X: -89.98, Y: 35.11}, {X: -90.02, Y: 35.11}}}}}},
		Frames: []flood.Frame{{T: 0, Grid: grid(0.5)}, {T: 2 * sim.Hour, Grid: grid(3)}},
	}
	r := hazard.NewRand(1, f.Name())
	west, east, dry := network.Point{X: -90.01, Y: 35.1}, network.Point{X: -89.99, Y: 35.1}, network.Point{X: -90.1, Y: 35.1}
	for _, tc := range []struct {
		p    network.Point
		t    sim.Time
		want float64
	}{
		{west, 30 * sim.Minute, 1}, {west, 3 * sim.Hour, 2},
		{east, 0, 0.5}, {east, sim.Hour, 2}, {east, 2 * sim.Hour, 3},
		{dry, sim.Hour, 0},
	} {
		got, err := f.IntensityAt(n, tc.p, tc.t, r)
		require.NoError(t, err)
		assert.InDelta(t, tc.want, got, 1e-12, "%v at %v", tc.p, tc.t)
	}

	b = network.NewBuilder()
	b.SetCRS(network.WebMercator)
	const R = 6378137.0
	merc := func(lon, lat float64) network.Point {
		return network.Point{X: R * lon * math.Pi / 180, Y: R * math.Log(math.Tan(math.Pi/4+lat*math.Pi/360))}
	}
	b.AddComponent(network.Component{ID: "c", Sector: network.Power, Kind: network.KindSubstation, Location: ptr(merc(-90, 35.1))})
	m, err := b.Build()
	require.NoError(t, err)
	g := &flood.Flood{WGS84: true, Areas: f.Areas}
	got, err := g.IntensityAt(m, merc(-90.01, 35.1), 30*sim.Minute, r)
	require.NoError(t, err)
	assert.InDelta(t, 1, got, 1e-12)
	got, err = g.IntensityAt(m, merc(-90.1, 35.1), 30*sim.Minute, r)
	require.NoError(t, err)
	assert.Zero(t, got)

	_, err = (&flood.Flood{}).IntensityAt(n, west, 0, r)
	assert.ErrorIs(t, err, hazard.ErrInvalid)
}

func ptr(p network.Point) *network.Point { return &p }
