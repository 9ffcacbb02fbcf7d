package quake_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/quake"
)

// TestKawashima1984 checks the relation against an independent
// computation of WNTR's formula in logarithms: PGA = 403.8·10^(0.265 M)·
// (R + 30)^−1.218 cm/s², M 6.5 at 20 km = 1.8168 m/s² = 0.18527 g; and
// Yu & Jin's PGV mean of rock and soil.
func TestKawashima1984(t *testing.T) {
	k := quake.Kawashima1984{}
	for _, tc := range []struct{ m, r float64 }{{6.5, 20}, {5, 0}, {7.5, 120}} {
		lnPGA := math.Log(403.8) + 0.265*tc.m*math.Ln10 - 1.218*math.Log(tc.r+30)
		want := math.Exp(lnPGA) / 100 / 9.80665
		got, ok := k.Median(fragility.PGA, quake.Event{Magnitude: tc.m}, quake.Site{DistanceKm: tc.r})
		assert.True(t, ok)
		assert.InEpsilon(t, want, got, 1e-12)
		rock := math.Exp(math.Ln10 * (-0.848 + 0.775*tc.m - 1.834*math.Log10(tc.r+17)))
		soil := math.Exp(math.Ln10 * (-0.285 + 0.711*tc.m - 1.851*math.Log10(tc.r+17)))
		pgv, ok := k.Median(fragility.PGV, quake.Event{Magnitude: tc.m}, quake.Site{DistanceKm: tc.r})
		assert.True(t, ok)
		assert.InEpsilon(t, (rock+soil)/200, pgv, 1e-12)
	}
	got, _ := k.Median(fragility.PGA, quake.Event{Magnitude: 6.5}, quake.Site{DistanceKm: 20})
	assert.InDelta(t, 0.18527, got, 1e-5)
	_, ok := k.Median(fragility.SA10, quake.Event{Magnitude: 6}, quake.Site{})
	assert.False(t, ok)
}

// ba08Rock is an independent transcription of Boore & Atkinson (2008)
// equations 3–5 for a strike-slip event on rock (Vs30 = 760 m/s, where
// the site term is zero), with the coefficients of their tables 6–7 given
// per call.
func ba08Rock(m, rjb, c1, c2, c3, h, eSS, e5, e6, e7, mh float64) float64 {
	r := math.Sqrt(rjb*rjb + h*h)
	fd := (c1+c2*(m-4.5))*math.Log(r) + c3*(r-1)
	var fm float64
	if m <= mh {
		fm = eSS + e5*(m-mh) + e6*(m-mh)*(m-mh)
	} else {
		fm = eSS + e7*(m-mh)
	}
	return math.Exp(fm + fd)
}

func TestBooreAtkinson2008(t *testing.T) {
	ba := quake.BooreAtkinson2008{}
	ss := func(m float64) quake.Event { return quake.Event{Magnitude: m, Fault: quake.StrikeSlip} }
	for _, tc := range []struct{ m, r float64 }{{6.5, 10}, {7, 10}, {5.5, 30}, {7.5, 150}} {
		pga, _ := ba.Median(fragility.PGA, ss(tc.m), quake.Site{DistanceKm: tc.r, Vs30: 760})
		assert.InEpsilon(t, ba08Rock(tc.m, tc.r, -0.66050, 0.11970, -0.01151, 1.35, -0.50350, 0.28805, -0.10164, 0, 6.75), pga, 1e-12)
		pgv, _ := ba.Median(fragility.PGV, ss(tc.m), quake.Site{DistanceKm: tc.r, Vs30: 760})
		assert.InEpsilon(t, ba08Rock(tc.m, tc.r, -0.87370, 0.10060, -0.00334, 2.54, 5.04727, 0.18322, -0.12736, 0, 8.5)/100, pgv, 1e-12)
		sa, _ := ba.Median(fragility.SA10, ss(tc.m), quake.Site{DistanceKm: tc.r, Vs30: 760})
		assert.InEpsilon(t, ba08Rock(tc.m, tc.r, -0.81830, 0.10270, -0.00334, 2.54, -0.43443, 0.67880, -0.18257, 0.05393, 6.75), sa, 1e-12)
	}
	// M 7 strike-slip at 10 km on rock: 0.2362 g and 20.14 cm/s by the
	// transcription above; BA08's figure 10 shows about 0.2–0.3 g there.
	pga, _ := ba.Median(fragility.PGA, ss(7), quake.Site{DistanceKm: 10, Vs30: 760})
	assert.InDelta(t, 0.2362, pga, 1e-4)

	// Soil: Vs30 = 300 m/s gives bnl = b2 (equation 13c) and, with the rock
	// PGA above 0.09 g, F_NL = b2·ln(pga4nl/0.1) (8c); F_lin = blin·ln(300/760).
	rock := ba08Rock(7, 10, -0.66050, 0.11970, -0.01151, 1.35, -0.50350, 0.28805, -0.10164, 0, 6.75)
	want := rock * math.Exp(-0.36*math.Log(300.0/760)-0.14*math.Log(rock/0.1))
	soil, _ := ba.Median(fragility.PGA, ss(7), quake.Site{DistanceKm: 10, Vs30: 300})
	assert.InEpsilon(t, want, soil, 1e-12)
	// Very soft soil at small rock PGA (≤ 0.03 g): bnl = b1, F_NL = b1·ln(0.06/0.1).
	far := ba08Rock(5, 100, -0.66050, 0.11970, -0.01151, 1.35, -0.50350, 0.28805, -0.10164, 0, 6.75)
	assert.Less(t, far, 0.03)
	want = far * math.Exp(-0.36*math.Log(150.0/760)-0.64*math.Log(0.6))
	got, _ := ba.Median(fragility.PGA, ss(5), quake.Site{DistanceKm: 100, Vs30: 150})
	assert.InEpsilon(t, want, got, 1e-12)
	tau, phi := ba.Sigma(fragility.PGA)
	assert.Equal(t, [2]float64{0.260, 0.502}, [2]float64{tau, phi})
	// The transition (8b) is continuous with (8a) and (8c).
	for _, m := range []float64{5.6, 5.8, 6.0, 6.2} {
		a, _ := ba.Median(fragility.PGA, ss(m), quake.Site{DistanceKm: 30, Vs30: 250})
		b, _ := ba.Median(fragility.PGA, ss(m+1e-9), quake.Site{DistanceKm: 30, Vs30: 250})
		assert.InEpsilon(t, a, b, 1e-6)
	}
}

// TestALARepairRate: PGV 0.5 m/s = 19.685 in/s, C = 1 → 0.00187 × 19.685
// = 0.036811 repairs per 1,000 ft.
func TestALARepairRate(t *testing.T) {
	assert.InDelta(t, 0.036811, quake.ALARepairRate(0.5, 1), 5e-7)
	assert.InDelta(t, 2*0.036811, quake.ALARepairRate(0.5, 2), 1e-6)
}
