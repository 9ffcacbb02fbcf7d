package wind_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestIntensityAt: a wind reports its 3-s gust at a place of the
// network's CRS, the gust Wind.At gives at the same place in WGS84. On a
// Web Mercator network the place is written here by the forward
// projection (x = Rλ, y = R·ln tan(π/4 + φ/2), R = 6378137 m), apart from
// the CRS's inverse the wind uses; outside the track's span the gust is 0.
// A network in a CRS that does not convert to WGS84 is an error.
func TestIntensityAtPlaces(t *testing.T) {
	w := storm(945)
	build := func(crs network.CRS, p network.Point) *network.Network {
		b := network.NewBuilder()
		b.SetCRS(crs)
		b.AddComponent(network.Component{ID: "c", Sector: network.Power, Kind: network.KindSubstation, Location: &p})
		n, err := b.Build()
		require.NoError(t, err)
		return n
	}
	lon, lat := -90.0, 35.1
	const R = 6378137.0
	merc := network.Point{X: R * lon * math.Pi / 180, Y: R * math.Log(math.Tan(math.Pi/4+lat*math.Pi/360))}
	r := hazard.NewRand(1, w.Name())
	for _, tc := range []struct {
		crs network.CRS
		p   network.Point
	}{{network.WGS84, network.Point{X: lon, Y: lat}}, {network.WebMercator, merc}} {
		n := build(tc.crs, tc.p)
		for _, at := range []sim.Time{3 * sim.Hour, 6 * sim.Hour, 7*sim.Hour + 20*sim.Minute} {
			_, want := w.At(network.Point{X: lon, Y: lat}, at)
			require.Greater(t, want, 0.0)
			got, err := w.IntensityAt(n, tc.p, at, r)
			require.NoError(t, err)
			assert.InDelta(t, want, got, 1e-9*want, "%v at %v", tc.crs, at)
		}
		got, err := w.IntensityAt(n, tc.p, 13*sim.Hour, r)
		require.NoError(t, err)
		assert.Zero(t, got, "after the last fix")
	}
	_, err := w.IntensityAt(build(network.Local, network.Point{}), network.Point{}, sim.Hour, r)
	assert.ErrorIs(t, err, network.ErrReproject)
	bad := storm(945)
	bad.Track = bad.Track[:1]
	_, err = bad.IntensityAt(build(network.WGS84, network.Point{X: lon, Y: lat}), network.Point{X: lon, Y: lat}, sim.Hour, r)
	assert.ErrorIs(t, err, hazard.ErrInvalid)
}
