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

// hazusPct interpolates a Hazus utility depth–damage function, given as
// published (percent damage at 0, 1, …, 10 ft above grade), at depth
// metres, by hand: 1 ft = 0.3048 m, linear between whole feet, the 10 ft
// value beyond.
func hazusPct(pct [11]float64, depth float64) float64 {
	ft := depth / 0.3048
	if ft >= 10 {
		return pct[10] / 100
	}
	k := int(ft)
	return (pct[k] + (ft-float64(k))*(pct[k+1]-pct[k])) / 100
}

// The published rows of Hazus 6.1's flUtilFltyDmgFn, as in the bundled
// table: substations (IDs 64–66) and pumping plants above grade (20–22).
var (
	hazusESS = [11]float64{0, 2, 4, 6, 7, 8, 9, 10, 12, 14, 15}
	hazusPPP = [11]float64{0, 1, 2, 5, 15, 30, 40, 40, 40, 40, 40}
)

// TestHazusCurves checks the bundled curves at depths converted by hand:
// a substation under 0.6 m (1.9685 ft) of water is damaged with
// probability 2 % + 0.9685·(4 − 2) % ≈ 3.937 %; a pump under 1.5 m
// (4.9213 ft) 15 % + 0.9213·(30 − 15) % ≈ 28.82 %; both hold their 10 ft
// value beyond 3.048 m.
func TestHazusCurves(t *testing.T) {
	d := flood.DefaultDamage()
	require.Len(t, d, 2)
	ess, ppp := d[network.KindSubstation], d[network.KindPump]
	assert.InDelta(t, 0.03937, ess.At(0.6), 1e-5)
	assert.InDelta(t, 0.2882, ppp.At(1.5), 1e-4)
	for _, depth := range []float64{0, 0.1, 0.3048, 0.6, 1.2, 2.5, 3.048, 4} {
		assert.InDelta(t, hazusPct(hazusESS, depth), ess.At(depth), 1e-12, "substation at %v m", depth)
		assert.InDelta(t, hazusPct(hazusPPP, depth), ppp.At(depth), 1e-12, "pump at %v m", depth)
	}
	assert.Equal(t, uint8(0), ess.State, "down until repaired (complete)")
	h := flood.HazusDamage()
	assert.Equal(t, ess, h["ESS"])
	assert.Equal(t, ppp, h["PPP-above"])
	// Below grade the pumps are dry until the water reaches the entrance,
	// 3 ft up, then 40 %: at 3.5 ft, 20 %.
	below := h["PPP-below"]
	assert.InDelta(t, 0.2, below.At(3.5*0.3048), 1e-12)
	for name, c := range h {
		require.NoError(t, c.Validate(), name)
	}
}

// TestDefaultDamage floods a synthetic city 3 m deep (9.84 ft) with the
// default rules only: each substation and pump in the water is damaged
// exactly when its first uniform is below the Hazus value at 3 m (by hand,
// 14 + 0.8425·(15 − 14) = 14.84 % for substations, 40 % for pumps);
// through the engine the damaged ones stay down after the water has gone,
// the others come back.
func TestDefaultDamage(t *testing.T) {
	n, err := synth.City(synth.CityParams{Seed: 3, Components: 2000})
	require.NoError(t, err)
	box := func(p network.Point) bool { return p.X > -90.03 && p.X < -89.97 && p.Y > 35.07 && p.Y < 35.13 }
	f := &flood.Flood{Label: "surge", Areas: []flood.Area{{ID: "coast",
		Depth:    flood.Hydrograph{{T: 0, Depth: 0}, {T: 2 * sim.Hour, Depth: 3}, {T: 10 * sim.Hour, Depth: 0}},
		Polygons: []flood.Polygon{{{{X: -90.03, Y: 35.07}, {X: -89.97, Y: 35.07}, {X: -89.97, Y: 35.13}, {X: -90.03, Y: 35.13}}}}}}}
	im, err := f.Impacts(n, hazard.NewRand(7, f.Name()))
	require.NoError(t, err)
	damaged := map[int32]hazard.Impact{}
	for _, x := range im {
		if x.Kind == hazard.Damage {
			damaged[x.Target] = x
		}
	}
	rng := hazard.NewRand(7, f.Name())
	exposed := 0
	for i := range n.Components() {
		p, _ := n.Location(i)
		kind := n.ComponentKind(i)
		var want float64
		switch {
		case !box(p):
			assert.NotContains(t, damaged, i, n.ComponentID(i))
			continue
		case kind == network.KindSubstation:
			want = hazusPct(hazusESS, 3)
		case kind == network.KindPump:
			want = hazusPct(hazusPPP, 3)
		default:
			assert.NotContains(t, damaged, i, "%s (%s) has no depth–damage curve", n.ComponentID(i), kind)
			continue
		}
		exposed++
		s := rng.Component(n, i)
		if s.Float64() < want {
			require.Contains(t, damaged, i, n.ComponentID(i))
			// The water reaches ground-level equipment at once.
			assert.Equal(t, hazard.Impact{Time: 0, Kind: hazard.Damage, Target: i, State: network.DamageComplete}, damaged[i])
		} else {
			assert.NotContains(t, damaged, i, n.ComponentID(i))
		}
	}
	require.Positive(t, exposed)
	require.NotEmpty(t, damaged)
	require.Less(t, len(damaged), exposed, "some survive")
	t.Logf("%d of %d exposed substations and pumps damaged", len(damaged), exposed)
	assert.InDelta(t, 0.1484, hazusPct(hazusESS, 3), 1e-4)

	e, err := cascade.New(n, cascade.Options{})
	require.NoError(t, err)
	r, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{f}, Seed: 7})
	require.NoError(t, err)
	for i := range n.Components() {
		p, _ := n.Location(i)
		kind := n.ComponentKind(i)
		if !box(p) || kind != network.KindSubstation && kind != network.KindPump {
			continue
		}
		out := r.Outages(i)
		require.NotEmpty(t, out, n.ComponentID(i))
		if _, ok := damaged[i]; ok {
			assert.Equal(t, sim.Time(-1), out[len(out)-1][1], "%s down until repaired", n.ComponentID(i))
		} else {
			assert.Equal(t, [][2]sim.Time{{0, 10 * sim.Hour}}, suspensions(r, i, false), "%s back when the water has gone", n.ComponentID(i))
		}
	}
	hazardtest.Run(t, n, f)
}
