package wind_test

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/hazardtest"
	"github.com/lifeline-sim/lifeline/hazard/wind"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestBundledCurves checks the bundled curves at points computed by hand
// from the published parameters, in the sources' own unit (mph), against
// the curves' P of the gust in m/s (1 mph = 0.44704 m/s).
func TestBundledCurves(t *testing.T) {
	classes := wind.DefaultClasses()
	mph := func(v float64) float64 { return v * 0.44704 }
	// Exponential curves lose their calm-air value A: (p − A)/(1 − A).
	floor := func(p, a float64) float64 { return (p - a) / (1 - a) }
	for _, c := range []struct {
		class    string
		gust     float64 // m/s
		want     float64 // by hand from the published form
		approx   float64 // the hand value rounded, as a second check
		appxDelt float64
	}{
		// Quanta Technology (2009) transmission tower: 2e-7·exp(0.0834·150)
		// = 2e-7·e^12.51 ≈ 0.054207.
		{"WIND-TT", mph(150), floor(2e-7*math.Exp(0.0834*150), 2e-7), 0.054207, 1e-6},
		// Quanta Technology (2009) distribution pole: 1e-4·exp(0.0421·120)
		// = 1e-4·e^5.052 ≈ 0.015633; less the floor ≈ 0.015535.
		{"WIND-DP", mph(120), floor(1e-4*math.Exp(0.0421*120), 1e-4), 0.015535, 1e-6},
		// Saturates where 1e-4·exp(0.0421·v) = 1: v = ln(1e4)/0.0421 ≈ 218.8 mph.
		{"WIND-DP", mph(219), 1, 1, 0},
		{"WIND-DP", 0, 0, 0, 0},
		// Quanta Technology (2009) distribution conductor:
		// 8e-12·100^5.1731 = 8e-12·10^10.3462 ≈ 0.17754.
		{"WIND-DC", mph(100), 8e-12 * math.Pow(100, 5.1731), 0.17754, 1e-5},
		{"WIND-DC", mph(150), 1, 1, 0}, // 8e-12·150^5.1731 ≈ 1.45, capped
		// Hazus substation, severe damage, terrain k3 (Watson 2018): ln v ~
		// N(5.141, 0.132²): ½ at v = e^5.141 ≈ 170.89 mph; at 150 mph
		// z = (ln 150 − 5.141)/0.132 ≈ −0.9876, Φ(z) ≈ 0.16167.
		{"HAZUS-SUB-K3", mph(math.Exp(5.141)), 0.5, 0.5, 1e-12},
		{"HAZUS-SUB-K3", mph(150), phi((math.Log(150) - 5.141) / 0.132), 0.16167, 1e-5},
		// k1: N(5.060, 0.15²), at 150 mph z = (5.010635 − 5.060)/0.15 ≈ −0.3291.
		{"HAZUS-SUB-K1", mph(150), phi((math.Log(150) - 5.060) / 0.15), 0.37104, 1e-5},
	} {
		cv, ok := classes[c.class]
		require.True(t, ok, c.class)
		got := cv.P(c.gust)
		assert.InDelta(t, c.want, got, 1e-12, "%s at %v m/s", c.class, c.gust)
		assert.InDelta(t, c.approx, got, c.appxDelt, "%s at %v m/s", c.class, c.gust)
		if c.want > 0 && c.want < 1 {
			assert.InDelta(t, c.gust, cv.Quantile(c.want), 1e-9*c.gust, "%s quantile", c.class)
		}
	}
	assert.InDelta(t, 76.3931, classes["HAZUS-SUB-K3"].Median, 1e-4, "e^5.141 mph in m/s")
	assert.Equal(t, network.DamageComplete, classes["WIND-DP"].State)
	assert.Equal(t, network.DamageExtensive, classes["HAZUS-SUB-K3"].State)
	assert.Equal(t, 50.0, classes["WIND-DP"].Span)
	kinds := wind.DefaultKinds()
	assert.Equal(t, map[network.Kind]wind.Curve{network.KindLine: classes["WIND-DP"]}, kinds)
	// The maps are copies.
	delete(classes, "WIND-DP")
	assert.Contains(t, wind.DefaultClasses(), "WIND-DP")
}

func phi(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }

// TestDefaultCurves runs a typhoon with no curves of its own through the
// engine on a synthetic city: the bundled line curve (Quanta's distribution
// pole, per 50 m span) decides which lines fail, checked against an
// independent walk of the wind with the published formula, P_line = 1 −
// (1 − p)^k for k = ⌈length/50 m⌉ poles and p = (1e-4·exp(0.0421·v) −
// 1e-4)/(1 − 1e-4), v the gust in mph; and the engine keeps them down.
func TestDefaultCurves(t *testing.T) {
	n, err := synth.City(synth.CityParams{Seed: 3, Components: 2000})
	require.NoError(t, err)
	w := storm(935)
	w.Kinds = nil
	im, err := w.Impacts(n, hazard.NewRand(4, w.Name()))
	require.NoError(t, err)
	rng := hazard.NewRand(4, w.Name())
	damaged := map[int32]hazard.Impact{}
	for _, x := range im {
		require.True(t, x.Link, "only lines have a default curve")
		require.Equal(t, network.KindLine, n.LinkKind(x.Target))
		damaged[x.Target] = x
	}
	lines := 0
	for l := range n.Links() {
		if n.LinkKind(l) != network.KindLine {
			continue
		}
		lines++
		k := math.Max(1, math.Ceil(n.Length(l)/50))
		pLine := func(gust float64) float64 {
			v := gust / 0.44704
			p := (math.Min(1, 1e-4*math.Exp(0.0421*v)) - 1e-4) / (1 - 1e-4)
			return 1 - math.Pow(1-p, k)
		}
		s := rng.Link(n, l)
		want := firstDamage(w, straightLine(t, n, l), pLine, s.Float64())
		x, ok := damaged[l]
		if want < 0 {
			assert.False(t, ok, "line %s damaged at %v", n.LinkID(l), x.Time)
			continue
		}
		require.True(t, ok, "line %s not damaged (due at %v)", n.LinkID(l), want)
		assert.Equal(t, want, x.Time, n.LinkID(l))
		assert.Equal(t, network.DamageComplete, x.State)
	}
	require.NotEmpty(t, damaged)
	require.Less(t, len(damaged), lines, "some lines survive")

	e, err := cascade.New(n, cascade.Options{})
	require.NoError(t, err)
	r, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{w}, Seed: 4})
	require.NoError(t, err)
	for l, x := range damaged {
		if n.OutOfService(l) { // a normally-open tie never works
			continue
		}
		out := r.LinkOutages(l)
		require.NotEmpty(t, out, n.LinkID(l))
		assert.Equal(t, [2]sim.Time{x.Time, -1}, out[len(out)-1], "line %s down from its damage to the end", n.LinkID(l))
	}
	hazardtest.Run(t, n, w)
}
