package flood

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
)

func TestFloodValidate(t *testing.T) {
	area := Area{ID: "a", Depth: hand, Polygons: []Polygon{{{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}}}}}
	good := func() *Flood { return &Flood{Areas: []Area{area}} }
	require.NoError(t, good().Validate())
	for name, mod := range map[string]func(f *Flood){
		"no water":       func(f *Flood) { f.Areas = nil },
		"no polygon":     func(f *Flood) { f.Areas[0].Polygons = nil },
		"short ring":     func(f *Flood) { f.Areas[0].Polygons = []Polygon{{{{X: 0, Y: 0}, {X: 1, Y: 0}}}} },
		"bad hydrograph": func(f *Flood) { f.Areas[0].Depth = Hydrograph{{T: 0, Depth: -1}} },
		"closure":        func(f *Flood) { f.Rules.RoadClosure = -0.1 },
		"step":           func(f *Flood) { f.Rules.DepthStep = -1 },
		"height":         func(f *Flood) { f.Rules.Equipment = map[network.Kind]float64{network.KindPump: -1} },
		"curve":          func(f *Flood) { f.Rules.Damage = map[network.Kind]DamageCurve{network.KindPump: {}} },
		"curve, no height": func(f *Flood) {
			f.Rules.Damage = map[network.Kind]DamageCurve{network.KindTank: {Points: []CurvePoint{{0, 1}}}}
		},
		"frame order": func(f *Flood) {
			g := &Grid{Cols: 1, Rows: 1, Cell: 1, Depth: []float64{0}}
			f.Frames = []Frame{{T: 1, Grid: g}, {T: 1, Grid: g}}
		},
		"frame grid": func(f *Flood) { f.Frames = []Frame{{T: 0}} },
	} {
		f := good()
		f.Areas = []Area{area}
		mod(f)
		assert.ErrorIs(t, f.Validate(), errInvalid, name)
	}
}

// TestCoordinatesOutsideCRS: an area or a grid in metres (UTM) given to a
// city in WGS84 longitude/latitude, or to a flood marked WGS84, would
// flood nothing; it is an error naming the area or frame instead.
func TestCoordinatesOutsideCRS(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "x", Sector: network.Transport, Kind: network.KindIntersection, Location: &network.Point{X: -90, Y: 35.1}})
	wgs, err := b.Build()
	require.NoError(t, err)
	b = network.NewBuilder()
	b.SetCRS(network.WebMercator)
	b.AddComponent(network.Component{ID: "x", Sector: network.Transport, Kind: network.KindIntersection, Location: &network.Point{X: -10018754, Y: 4177000}})
	merc, err := b.Build()
	require.NoError(t, err)
	metres := Area{ID: "utm", Depth: hand, Polygons: []Polygon{{{{X: 500000, Y: 3880000}, {X: 600000, Y: 3880000}, {X: 600000, Y: 3980000}}}}}
	grid := &Grid{Cols: 2, Rows: 2, X0: 500000, Y0: 3880000, Cell: 100, Depth: []float64{1, 1, 1, 1}}
	for name, tc := range map[string]struct {
		n *network.Network
		f *Flood
	}{
		"area on WGS84":      {wgs, &Flood{Areas: []Area{metres}}},
		"grid on WGS84":      {wgs, &Flood{Frames: []Frame{{Grid: grid}}}},
		"area marked WGS84":  {merc, &Flood{Areas: []Area{metres}, WGS84: true}},
		"degrees, cell in m": {wgs, &Flood{Frames: []Frame{{Grid: &Grid{Cols: 2, Rows: 2, X0: -90, Y0: 35, Cell: 100, Depth: []float64{1, 1, 1, 1}}}}}},
	} {
		_, err := tc.f.Impacts(tc.n, hazard.NewRand(1, "f"))
		assert.ErrorIs(t, err, errInvalid, name)
		assert.ErrorIs(t, err, network.ErrOutOfRange, name)
	}
	_, err = (&Flood{Areas: []Area{metres}}).Impacts(merc, hazard.NewRand(1, "f"))
	assert.NoError(t, err, "metres on a projected city")
}
