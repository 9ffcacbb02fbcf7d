package wind

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestProfileMaximum: without the Coriolis term Holland's wind peaks at
// r = Rmax exactly, at √(B·Δp/(ρ·e)) (d/dr of x·e^(−x) with x =
// (Rmax/r)^B vanishes at x = 1). For Δp = 50 hPa, B = 1.5, ρ = 1.15:
// √(7500/(1.15·e)) = 48.98177… m/s (computed apart).
func TestProfileMaximum(t *testing.T) {
	p := Profile{DeltaP: 5000, Rmax: 30000, B: 1.5, Rho: 1.15}
	vmax := math.Sqrt(1.5 * 5000 / (1.15 * math.E))
	assert.InDelta(t, 48.98177, vmax, 5e-6)
	assert.InDelta(t, vmax, p.Speed(30000), 1e-12)
	best, at := 0.0, 0.0
	for r := 1000.0; r <= 200000; r += 10 {
		if v := p.Speed(r); v > best {
			best, at = v, r
		}
	}
	assert.Equal(t, 30000.0, at, "the maximum on a 10 m grid")
	// With the Coriolis term the maximum moves inwards, and only slightly.
	pf := p
	pf.F = 2 * Omega * math.Sin(25*math.Pi/180)
	best, at = 0, 0
	for r := 1000.0; r <= 200000; r += 10 {
		if v := pf.Speed(r); v > best {
			best, at = v, r
		}
	}
	assert.Less(t, at, 30000.0)
	assert.Greater(t, at, 29000.0)
	assert.Equal(t, 0.0, p.Speed(0))
}

// TestProfileBalance checks Speed against an independent computation: the
// gradient-wind balance V²/r + f·V = (1/ρ)·dp/dr of Holland's pressure
// profile p(r) = pc + Δp·exp(−(Rmax/r)^B), with dp/dr by a central
// difference.
func TestProfileBalance(t *testing.T) {
	p := Profile{DeltaP: 6000, Rmax: 40000, B: 1.3, Rho: 1.15, F: 2 * Omega * math.Sin(30*math.Pi/180)}
	pressure := func(r float64) float64 { return 95000 + p.DeltaP*math.Exp(-math.Pow(p.Rmax/r, p.B)) }
	for _, r := range []float64{5000, 20000, 40000, 80000, 250000} {
		h := r * 1e-4
		dpdr := (pressure(r+h) - pressure(r-h)) / (2 * h)
		// V² + f·r·V − (r/ρ)·dp/dr = 0, the positive root:
		c := -r / p.Rho * dpdr
		v := (-p.F*r + math.Sqrt(p.F*p.F*r*r-4*c)) / 2
		assert.InEpsilon(t, v, p.Speed(r), 1e-6, "r = %v m", r)
	}
	// Computed apart at r = 2·Rmax, f = 0: x = 2^−1.3 = 0.406126, e^−x = 0.666226,
	// V² = (1.3·6000/1.15)·x·e^−x = 6782.609 × 0.270572 = 1835.18,
	// V = 42.8390 m/s.
	p.F = 0
	assert.InDelta(t, 42.8390, p.Speed(80000), 5e-4)
}

func TestHollandB(t *testing.T) {
	// 1.881 − 0.00557·30 − 0.01295·25 = 1.39015 (by hand).
	assert.InDelta(t, 1.39015, HollandB(30000, 25), 1e-12)
	assert.InDelta(t, 1.39015, HollandB(30000, -25), 1e-12, "latitude by its magnitude")
	assert.Equal(t, 1.0, HollandB(200000, 60), "clamped below at 1")
	// ln Rmax = 3.015 − 6.291e−5·50² + 0.0337·25 = 3.700225: 40.456 km.
	assert.InDelta(t, 1000*math.Exp(3.700225), RmaxVW08(50, 25), 1e-6)
	assert.InDelta(t, 40456, RmaxVW08(50, 25), 1)
	assert.Equal(t, 0.5, Jelesnianski(30000, 30000))
	assert.Equal(t, 0.0, Jelesnianski(0, 30000))
}

// TestCapacity: an entity with draw u fails exactly when u < P(gust): the
// capacity is the gust at which the curve (fragility.Curve.P) reaches u.
func TestCapacity(t *testing.T) {
	c := Curve{Curve: fragility.Curve{Median: 45, Beta: 0.25}}
	for _, u := range []float64{0.01, 0.2, 0.5, 0.77, 0.999} {
		g := c.capacity(u, 1)
		assert.InDelta(t, u, c.P(g), 1e-12, "u = %v", u)
	}
	assert.Equal(t, 45.0, c.capacity(0.5, 1))
}

// track moves north at 0.5° of latitude per 6 h from (−90, 34.5): about
// 2.57 m/s.
func track() Track {
	return Track{
		{T: 0, Lon: -90, Lat: 34.5, Pressure: 950, Rmax: 30000},
		{T: 6 * sim.Hour, Lon: -90, Lat: 35, Pressure: 960, Rmax: 40000},
		{T: 12 * sim.Hour, Lon: -90, Lat: 35.5, Pressure: 980, Rmax: 40000},
	}
}

func TestTrackAt(t *testing.T) {
	f, ve, vn := track().at(3 * sim.Hour)
	assert.InDelta(t, 34.75, f.Lat, 1e-12)
	assert.InDelta(t, 955, f.Pressure, 1e-12)
	assert.InDelta(t, 35000, f.Rmax, 1e-9)
	assert.InDelta(t, 0, ve, 1e-12)
	// 0.5° of latitude on the 6371.0088 km sphere in 6 h.
	assert.InDelta(t, 6371008.8*0.5*math.Pi/180/(6*3600), vn, 1e-9)
	f, _, _ = track().at(6 * sim.Hour)
	assert.Equal(t, 35.0, f.Lat)
}

// TestSymmetry: a storm without asymmetry blows equally at four sites at
// one distance north, east, south and west of its centre; with it, the
// east (right of a northward track) is stronger than the west by twice
// Jelesnianski's share of the forward speed, and north and south equal
// (the forward velocity there is across the wind, adding in quadrature).
func TestSymmetry(t *testing.T) {
	w := &Wind{Track: track(), Kinds: map[network.Kind]Curve{network.KindLine: {Curve: fragility.Curve{Median: 40, Beta: 0.2}}}}
	require.NoError(t, w.Validate())
	at := 6 * sim.Hour // centre (−90, 35)
	d := 0.45          // degrees of latitude, about 50 km
	dlon := d / math.Cos(35*math.Pi/180)
	sites := []network.Point{{X: -90, Y: 35 + d}, {X: -90 + dlon, Y: 35}, {X: -90, Y: 35 - d}, {X: -90 - dlon, Y: 35}}
	sym := *w
	sym.NoAsymmetry = true
	var v [4]float64
	for k, p := range sites {
		v[k], _ = sym.At(p, at)
	}
	// The sites are about as far from the centre (haversine differs from
	// the plane by well under 0.1 %): speeds agree to that.
	for k := 1; k < 4; k++ {
		assert.InEpsilon(t, v[0], v[k], 2e-3, "site %d", k)
	}
	s := w.stormAt(at)
	var a [4]float64
	for k, p := range sites {
		a[k], _ = w.At(p, at)
	}
	r := network.WGS84.Distance(s.centre, sites[1])
	j := Jelesnianski(r, s.profile.Rmax)
	assert.InDelta(t, 2*j*s.vn, a[1]-a[3], 1e-9)
	assert.InDelta(t, a[0], a[2], 0.05*a[0]) // N and S: v² + (j·vn)², up to the profile's change with distance
	assert.Greater(t, a[1], v[1])
	// The gust is the gust factor times the sustained wind.
	sus, gust := w.At(sites[1], at)
	assert.InDelta(t, DefaultGustFactor*sus, gust, 1e-12)
	// Outside the track's span there is no wind.
	sus, gust = w.At(sites[1], 13*sim.Hour)
	assert.Equal(t, [2]float64{0, 0}, [2]float64{sus, gust})
	// In the southern hemisphere the storm turns clockwise: the stronger
	// side is to the left of the track, the east of a southward one.
	south := *w
	south.Track = Track{{T: 0, Lon: 150, Lat: -20, Pressure: 950, Rmax: 30000}, {T: 6 * sim.Hour, Lon: 150, Lat: -20.5, Pressure: 950, Rmax: 30000}}
	c := 3 * sim.Hour // centre (150, −20.25)
	dl := d / math.Cos(20.25*math.Pi/180)
	east, _ := south.At(network.Point{X: 150 + dl, Y: -20.25}, c)
	west, _ := south.At(network.Point{X: 150 - dl, Y: -20.25}, c)
	assert.Greater(t, east, west)
}

func TestWindValidate(t *testing.T) {
	good := func() *Wind {
		return &Wind{Track: track(), Kinds: map[network.Kind]Curve{network.KindLine: {Curve: fragility.Curve{Median: 40, Beta: 0.2}}}}
	}
	require.NoError(t, good().Validate())
	require.NoError(t, (&Wind{Track: track()}).Validate(), "no curves: the bundled ones")
	for name, mod := range map[string]func(w *Wind){
		"one fix":    func(w *Wind) { w.Track = w.Track[:1] },
		"time order": func(w *Wind) { w.Track[1].T = 0 },
		"latitude":   func(w *Wind) { w.Track[0].Lat = 85 },
		"pressure":   func(w *Wind) { w.Track[0].Pressure = 1020 },
		"radius":     func(w *Wind) { w.Track[0].Rmax = math.NaN() },
		"median":     func(w *Wind) { w.Kinds[network.KindLine] = Curve{Curve: fragility.Curve{Median: 0, Beta: 0.2}} },
		"form":       func(w *Wind) { w.Kinds[network.KindLine] = Curve{Form: 9, A: 0.1, B: 1} },
		"exp A":      func(w *Wind) { w.Kinds[network.KindLine] = Curve{Form: Exponential, A: 1, B: 0.1} },
		"power B":    func(w *Wind) { w.Kinds[network.KindLine] = Curve{Form: Power, A: 1e-9, B: 0} },
		"span":       func(w *Wind) { w.Kinds[network.KindLine] = Curve{Form: Power, A: 1e-9, B: 4, Span: -1} },
		"unit":       func(w *Wind) { w.Kinds[network.KindLine] = Curve{Form: Power, A: 1e-9, B: 4, Unit: math.NaN()} },
		"state": func(w *Wind) {
			w.Classes = map[string]Curve{"EDC1": {Curve: fragility.Curve{Median: 1, Beta: 1}, State: 7}}
		},
		"B":             func(w *Wind) { w.B = 3 },
		"surface":       func(w *Wind) { w.SurfaceFactor = 1.2 },
		"gust":          func(w *Wind) { w.GustFactor = 0.9 },
		"step":          func(w *Wind) { w.Step = -1 },
		"density":       func(w *Wind) { w.AirDensity = math.Inf(1) },
		"ambient":       func(w *Wind) { w.AmbientPressure = 2000 },
		"negative time": func(w *Wind) { w.Track[0].T = -1 },
		"antimeridian":  func(w *Wind) { w.Track[0].Lon, w.Track[1].Lon = 179, -179 },
	} {
		w := good()
		mod(w)
		assert.ErrorIs(t, w.Validate(), errInvalid, name)
	}
}

// TestWindMaxSteps: a track of hours in steps of a nanosecond is refused
// (more than MaxSteps steps); one step per MaxSteps-th of the span is not.
func TestWindMaxSteps(t *testing.T) {
	w := &Wind{Track: track(), Kinds: map[network.Kind]Curve{network.KindLine: {Curve: fragility.Curve{Median: 40, Beta: 0.2}}}}
	w.Step = sim.Nanosecond
	assert.ErrorIs(t, w.Validate(), errInvalid)
	w.Step = (w.Track[len(w.Track)-1].T - w.Track[0].T) / MaxSteps
	assert.NoError(t, w.Validate())
}
