package quake_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/hazardtest"
	"github.com/lifeline-sim/lifeline/hazard/quake"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

func city(t testing.TB, components int) *network.Network {
	t.Helper()
	n, err := synth.City(synth.CityParams{Seed: 11, Components: components})
	require.NoError(t, err)
	return n
}

// centre is the synthetic city's default centre.
var centre = network.Point{X: -90.0, Y: 35.1}

func TestConformance(t *testing.T) {
	n := city(t, 2000)
	for _, eq := range []*quake.Earthquake{
		{Source: quake.Source{Epicentre: centre, Magnitude: 6.8, DepthKm: 10}, Correlation: quake.Correlation{RadiusKm: 10}},
		{Label: "kawashima", At: sim.Hour, Source: quake.Source{Epicentre: network.Point{X: -90.02, Y: 35.08}, Magnitude: 6.5},
			Model: quake.Kawashima1984{Tau: 0.3, Phi: 0.5}, Correlation: quake.Correlation{Off: true}},
	} {
		hazardtest.Run(t, n, eq)
	}
}

// TestEndToEnd runs an earthquake through the engine on a synthetic city:
// the hazard damages components and links, and the changes it causes
// trace back to it by name.
func TestEndToEnd(t *testing.T) {
	n := city(t, 3000)
	eq := &quake.Earthquake{Label: "M7", At: 10 * sim.Minute, Source: quake.Source{Epicentre: centre, Magnitude: 7, Fault: quake.StrikeSlip},
		Correlation: quake.Correlation{RadiusKm: 10}}
	e, err := cascade.New(n, cascade.Options{})
	require.NoError(t, err)
	res, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{eq}, Seed: sim.ReplicationSeed(1, 0)})
	require.NoError(t, err)
	damaged, fromQuake := 0, 0
	for _, c := range res.Changes {
		if c.Down() {
			damaged++
			if res.Causes[c.Cause].Hazard == "M7" {
				fromQuake++
			}
		}
	}
	assert.Positive(t, damaged)
	assert.Equal(t, damaged, fromQuake, "every outage traces back to the earthquake")
	ims, err := eq.Impacts(n, hazard.NewRand(sim.ReplicationSeed(1, 0), "M7"))
	require.NoError(t, err)
	links := 0
	for _, im := range ims {
		if im.Link {
			links++
		}
	}
	assert.Positive(t, links, "pipes or lines damaged")
	assert.Less(t, links, len(ims))
}

// single builds a network of one located component of class class at p,
// plus a pipe of length lengthM between two junctions at p.
func single(t *testing.T, class string, p network.Point, lengthM float64) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "s", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource, Fragility: class, Location: &p})
	q := network.Point{X: p.X + 1e-5, Y: p.Y}
	b.AddComponent(network.Component{ID: "a", Sector: network.Water, Kind: network.KindJunction, Role: network.RoleSource, Location: &p})
	b.AddComponent(network.Component{ID: "b", Sector: network.Water, Kind: network.KindJunction, Role: network.RoleConsumer, Location: &q})
	b.AddLink(network.Link{ID: "p", Kind: network.KindPipe, From: "a", To: "b", Length: lengthM, Fragility: "CI"})
	n, err := b.Build()
	require.NoError(t, err)
	return n
}

// TestDamageFrequencies checks, with a deterministic relation (τ = φ =
// 0), that over many replications an ESS1 substation is damaged as often
// as its curve says at the Kawashima PGA of its site, and that a pipe
// breaks and leaks as often as the ALA repair rate and the Poisson law
// say, all computed independently here.
func TestDamageFrequencies(t *testing.T) {
	const m, rKm = 6.5, 20.0
	// 20 km due north of the epicentre on the WGS84 sphere.
	epi := network.Point{X: 139.7, Y: 35.6}
	site := network.Point{X: epi.X, Y: epi.Y + rKm/(6371.0088*math.Pi/180)}
	n := single(t, "ESS1", site, 5000)
	eq := &quake.Earthquake{Label: "q", Source: quake.Source{Epicentre: epi, Magnitude: m}, Model: quake.Kawashima1984{},
		PipeK1: map[string]float64{"CI": 1.5}, Library: fragility.Hazus()}
	pga := 403.8 * math.Pow(10, 0.265*m) * math.Pow(rKm+30, -1.218) / 980.665
	ess1 := func(med, beta float64) float64 { return 0.5 * math.Erfc(-math.Log(pga/med)/beta/math.Sqrt2) }
	wantSlight := ess1(0.15, 0.7) // the other ESS1 curves are below it at this PGA
	wantMod := ess1(0.29, 0.55)
	// PGV at the pipe's midpoint (≈ the same 20 km), Yu & Jin mean, m/s.
	pgv := (math.Pow(10, -0.848+0.775*m-1.834*math.Log10(rKm+17)) + math.Pow(10, -0.285+0.711*m-1.851*math.Log10(rKm+17))) / 200
	lambda := 1.5 * 0.00187 * (pgv / 0.0254) / 304.8 * 5000
	wantBreak := 1 - math.Exp(-0.2*lambda)
	wantLeak := (1 - wantBreak) * (1 - math.Exp(-0.8*lambda))

	const runs = 20000
	var slight, moderate, breaks, leaks int
	for seed := range uint64(runs) {
		ims, err := eq.Impacts(n, hazard.NewRand(seed, "q"))
		require.NoError(t, err)
		for _, im := range ims {
			switch {
			case !im.Link && im.State >= network.DamageSlight:
				slight++
				if im.State >= network.DamageModerate {
					moderate++
				}
			case im.Link && im.State == network.DamageComplete:
				breaks++
				assert.Equal(t, 0.0, im.Factor)
			case im.Link && im.State == network.DamageModerate:
				leaks++
				assert.Equal(t, 1.0, im.Factor)
			}
		}
	}
	se := func(p float64) float64 { return 4 * math.Sqrt(p*(1-p)/runs) }
	assert.InDelta(t, wantSlight, float64(slight)/runs, se(wantSlight))
	assert.InDelta(t, wantMod, float64(moderate)/runs, se(wantMod))
	assert.InDelta(t, wantBreak, float64(breaks)/runs, se(wantBreak))
	assert.InDelta(t, wantLeak, float64(leaks)/runs, se(wantLeak))
	comps, _, err := eq.Intensities(n, hazard.NewRand(0, "q"))
	require.NoError(t, err)
	assert.InEpsilon(t, pga, comps[0].PGA, 1e-3) // plane vs sphere distance
}

// TestAddingSiteChangesNothing: with the correlated field on, adding a
// component (and a link) leaves every other entity's intensity and impact
// unchanged.
func TestAddingSiteChangesNothing(t *testing.T) {
	b, err := synth.CityBuilder(synth.CityParams{Seed: 5, Components: 1500})
	require.NoError(t, err)
	base, err := b.Build()
	require.NoError(t, err)
	b2, err := synth.CityBuilder(synth.CityParams{Seed: 5, Components: 1500})
	require.NoError(t, err)
	p := network.Point{X: -90.01, Y: 35.11}
	b2.AddComponent(network.Component{ID: "extra", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Fragility: "ESS2", Location: &p})
	more, err := b2.Build()
	require.NoError(t, err)
	eq := &quake.Earthquake{Source: quake.Source{Epicentre: centre, Magnitude: 6.9}, Correlation: quake.Correlation{RadiusKm: 8}}
	r := hazard.NewRand(sim.ReplicationSeed(3, 0), eq.Name())
	ca, la, err := eq.Intensities(base, r)
	require.NoError(t, err)
	cb, lb, err := eq.Intensities(more, r)
	require.NoError(t, err)
	for i := range base.Components() {
		j, ok := more.ComponentIndex(base.ComponentID(i))
		require.True(t, ok)
		require.Equal(t, ca[i], cb[j], base.ComponentID(i))
	}
	for l := range base.Links() {
		k, ok := more.LinkIndex(base.LinkID(l))
		require.True(t, ok)
		require.Equal(t, la[l], lb[k])
	}
	ia, err := eq.Impacts(base, r)
	require.NoError(t, err)
	ib, err := eq.Impacts(more, r)
	require.NoError(t, err)
	key := func(n *network.Network, im hazard.Impact) string {
		if im.Link {
			return "l:" + n.LinkID(im.Target)
		}
		return "c:" + n.ComponentID(im.Target)
	}
	var ka, kb []string
	for _, im := range ia {
		ka = append(ka, key(base, im))
	}
	for _, im := range ib {
		if k := key(more, im); k != "c:extra" {
			kb = append(kb, k)
		}
	}
	slices.Sort(ka)
	slices.Sort(kb)
	assert.Equal(t, ka, kb)
}

// TestResidualsCorrelated: with the field on, the PGA residuals of nearby
// components are strongly correlated across replications; with it off,
// not.
func TestResidualsCorrelated(t *testing.T) {
	p, q := network.Point{X: -90.0, Y: 35.2}, network.Point{X: -90.0, Y: 35.2009} // 100 m apart
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "p", Sector: network.Power, Kind: network.KindSubstation, Location: &p})
	b.AddComponent(network.Component{ID: "q", Sector: network.Power, Kind: network.KindSubstation, Location: &q})
	n, err := b.Build()
	require.NoError(t, err)
	// Centred correlation computed directly:
	centred := func(off bool) float64 {
		eq := &quake.Earthquake{Source: quake.Source{Epicentre: network.Point{X: -90.0, Y: 35.19}, Magnitude: 6}, Model: quake.Kawashima1984{Phi: 1},
			Correlation: quake.Correlation{Off: off, RadiusKm: 3}}
		med, _, err := (&quake.Earthquake{Source: eq.Source, Model: quake.Kawashima1984{}}).Intensities(n, hazard.NewRand(0, "x"))
		require.NoError(t, err)
		var sxy, sxx, syy float64
		for seed := range uint64(400) {
			c, _, err := eq.Intensities(n, hazard.NewRand(seed, "earthquake"))
			require.NoError(t, err)
			x, y := math.Log(c[0].PGA/med[0].PGA), math.Log(c[1].PGA/med[1].PGA)
			sxy, sxx, syy = sxy+x*y, sxx+x*x, syy+y*y
		}
		return sxy / math.Sqrt(sxx*syy)
	}
	// ρ(100 m) = exp(−3·0.1/8.5) = 0.965.
	assert.InDelta(t, 0.965, centred(false), 0.07)
	assert.InDelta(t, 0, centred(true), 0.2)
}

func TestValidate(t *testing.T) {
	ok := quake.Earthquake{Source: quake.Source{Epicentre: centre, Magnitude: 6}, Correlation: quake.Correlation{RadiusKm: 2}}
	require.NoError(t, ok.Validate())
	for name, mod := range map[string]func(e *quake.Earthquake){
		"time":      func(e *quake.Earthquake) { e.At = -1 },
		"magnitude": func(e *quake.Earthquake) { e.Source.Magnitude = 0 },
		"NaN":       func(e *quake.Earthquake) { e.Source.Epicentre.X = math.NaN() },
		"depth":     func(e *quake.Earthquake) { e.Source.DepthKm = -1 },
		"fault":     func(e *quake.Earthquake) { e.Source.Fault = 9 },
		"vs30":      func(e *quake.Earthquake) { e.Vs30 = 50 },
		"spacing":   func(e *quake.Earthquake) { e.Correlation.SpacingM = 1 },
		"grid":      func(e *quake.Earthquake) { e.Correlation.SpacingM, e.Correlation.RadiusKm = 10, 500 },
		"k1":        func(e *quake.Earthquake) { e.PipeK1 = map[string]float64{"x": -1} },
		"share":     func(e *quake.Earthquake) { e.BreakShare = 2 },
		"sigma":     func(e *quake.Earthquake) { e.Model = quake.Kawashima1984{Tau: -1} },
	} {
		e := ok
		mod(&e)
		assert.ErrorIs(t, e.Validate(), quake.ErrInvalid, name)
		_, err := e.Impacts(single(t, "ESS1", centre, 10), hazard.NewRand(1, "x"))
		assert.ErrorIs(t, err, quake.ErrInvalid, name)
	}
	_, err := ok.Impacts(single(t, "no-such-class", centre, 10), hazard.NewRand(1, "x"))
	assert.ErrorIs(t, err, fragility.ErrUnknownClass)
}

// TestEpicentreOutsideCRS: an epicentre that is no place in the network's
// CRS (a latitude of 95°, a longitude of 500°, metres given to a WGS84
// city) is an error naming it, never an earthquake that shakes nothing.
func TestEpicentreOutsideCRS(t *testing.T) {
	n := single(t, "ESS1", centre, 10)
	for _, p := range []network.Point{{X: -90, Y: 95}, {X: 500, Y: 35}, {X: 500000, Y: 3880000}} {
		e := quake.Earthquake{Source: quake.Source{Epicentre: p, Magnitude: 6}, Correlation: quake.Correlation{RadiusKm: 2}}
		_, err := e.Impacts(n, hazard.NewRand(1, "x"))
		require.ErrorIs(t, err, quake.ErrInvalid, "%v", p)
		assert.ErrorContains(t, err, "epicentre", "%v", p)
		_, _, err = e.Intensities(n, hazard.NewRand(1, "x"))
		assert.ErrorIs(t, err, quake.ErrInvalid, "%v", p)
	}
}

// TestExposed counts by hand what an earthquake can damage on a network
// of: substation s (ESS1, PGA) located, substation x (ESS1) without a
// location, bridge br (HWB1, SA(1.0)) located, road r (HRD1, PGD) between
// located intersections, pipe p between located junctions (PGV repair
// rate) and line l without a class.
func TestExposed(t *testing.T) {
	p := network.Point{X: -90, Y: 35}
	at := func(dx float64) *network.Point { return &network.Point{X: p.X + dx, Y: p.Y} }
	build := func(bridgeClass string) *network.Network {
		b := network.NewBuilder()
		b.AddComponent(network.Component{ID: "s", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource, Fragility: "ESS1", Location: at(0)})
		b.AddComponent(network.Component{ID: "x", Sector: network.Power, Kind: network.KindSubstation, Fragility: "ESS1"})
		b.AddComponent(network.Component{ID: "i1", Sector: network.Transport, Kind: network.KindIntersection, Location: at(0.01)})
		b.AddComponent(network.Component{ID: "i2", Sector: network.Transport, Kind: network.KindIntersection, Location: at(0.02)})
		b.AddComponent(network.Component{ID: "br", Sector: network.Transport, Kind: network.KindBridge, Fragility: bridgeClass, Location: at(0.03)})
		b.AddComponent(network.Component{ID: "j1", Sector: network.Water, Kind: network.KindJunction, Role: network.RoleSource, Location: at(0.04)})
		b.AddComponent(network.Component{ID: "j2", Sector: network.Water, Kind: network.KindJunction, Location: at(0.05)})
		b.AddLink(network.Link{ID: "r", Kind: network.KindRoad, From: "i1", To: "i2", Fragility: "HRD1", FreeFlow: sim.Minute})
		b.AddLink(network.Link{ID: "p", Kind: network.KindPipe, From: "j1", To: "j2"})
		b.AddLink(network.Link{ID: "l", Kind: network.KindLine, From: "s", To: "x"})
		n, err := b.Build()
		require.NoError(t, err)
		return n
	}
	n := build("HWB1")
	src := quake.Source{Epicentre: p, Magnitude: 7}
	field := func(has ...fragility.Measure) *quake.GMF {
		g, err := quake.NewGMF(network.WGS84, []network.Point{p}, []quake.Intensity{{PGA: 1, PGV: 1, PGD: 1, SA10: 1}}, has...)
		require.NoError(t, err)
		return g
	}
	for _, tc := range []struct {
		name string
		eq   *quake.Earthquake
		want int
	}{
		{"ba08: PGA, PGV, SA(1.0): s, br, p", &quake.Earthquake{Source: src}, 3},
		{"kawashima: PGA, PGV: s, p", &quake.Earthquake{Source: src, Model: quake.Kawashima1984{}}, 2},
		{"a field of PGD: r", &quake.Earthquake{Field: field(fragility.PGD)}, 1},
		{"a field of PGA: s", &quake.Earthquake{Field: field(fragility.PGA)}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.eq.Exposed(n)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}

	// Nothing exposed means nothing damaged: a field of SA(1.0) alone over
	// a lone ESS1 substation (measured in PGA) damages nothing.
	eq := &quake.Earthquake{Field: field(fragility.SA10)}
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "s", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource, Fragility: "ESS1", Location: at(0)})
	only, err := b.Build()
	require.NoError(t, err)
	got, err := eq.Exposed(only)
	require.NoError(t, err)
	assert.Zero(t, got)
	hits, err := eq.Impacts(only, hazard.NewRand(1, "q"))
	require.NoError(t, err)
	assert.Empty(t, hits)

	_, err = (&quake.Earthquake{Source: src}).Exposed(build("NO-SUCH-CLASS"))
	assert.ErrorIs(t, err, fragility.ErrUnknownClass)
}
