package flood

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
