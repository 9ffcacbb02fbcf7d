package quake

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestEmbeddingExact checks that the circulant embedding reproduces the
// grid covariance exactly: transforming the eigenvalues back gives the
// embedded covariance, which must equal ρ(h) = exp(−3h/b) at every lag of
// the grid.
func TestEmbeddingExact(t *testing.T) {
	for _, tc := range []struct {
		n    int
		s, b float64
	}{{41, 500, 8500}, {481, 250, 8500}, {241, 500, 40700}} {
		rho := func(h float64) float64 { return math.Exp(-3 * h / tc.b) }
		m, lam, neg := embedding(tc.n, tc.s, rho)
		require.Greater(t, neg, -1e-9, "embedding not non-negative definite")
		half := m/2 + 1
		c := make([]complex128, m*m)
		for q := range m {
			for p := range m {
				c[q*m+p] = complex(lam[min(q, m-q)*half+min(p, m-p)], 0)
			}
		}
		fft2(c, m)
		worst := 0.0
		for q := range tc.n {
			for p := range tc.n {
				want := rho(tc.s * math.Hypot(float64(p), float64(q)))
				worst = max(worst, math.Abs(real(c[q*m+p])-want))
			}
		}
		assert.Less(t, worst, 1e-12, "n=%d: grid covariance off by %g", tc.n, worst)
	}
}

// sitesCovariance returns the covariance of the interpolated, rescaled
// field between points, computed exactly from the bilinear weights and ρ
// between grid nodes, and the exact covariance ρ(|x_i − x_j|).
func sitesCovariance(f *field, xs, ys []float64) (approx, exact *mat.SymDense) {
	k := len(xs)
	type corner struct{ x, y, w float64 }
	cs := make([][4]corner, k)
	for a := range k {
		i, j, fx, fy, ok := f.g.Weights(xs[a], ys[a])
		if !ok {
			panic("site outside the grid")
		}
		w := weights(fx, fy)
		s := math.Sqrt(f.variance(fx, fy))
		x0, y0 := f.g.X0+float64(i)*f.g.DX, f.g.Y0+float64(j)*f.g.DY
		cs[a] = [4]corner{{x0, y0, w[0] / s}, {x0 + f.g.DX, y0, w[1] / s}, {x0, y0 + f.g.DY, w[2] / s}, {x0 + f.g.DX, y0 + f.g.DY, w[3] / s}}
	}
	approx, exact = mat.NewSymDense(k, nil), mat.NewSymDense(k, nil)
	for a := range k {
		for b := a; b < k; b++ {
			v := 0.0
			for _, p := range cs[a] {
				for _, q := range cs[b] {
					v += p.w * q.w * f.rho(math.Hypot(p.x-q.x, p.y-q.y))
				}
			}
			approx.SetSym(a, b, v)
			exact.SetSym(a, b, f.rho(math.Hypot(xs[a]-xs[b], ys[a]-ys[b])))
		}
	}
	return approx, exact
}

// TestInterpolatedCovariance compares the covariance of the interpolated
// field at 200 random sites with the exact covariance (positive definite:
// its Cholesky factor exists, the reference sampler below uses it): unit
// variances exactly, off-diagonal error bounded.
func TestInterpolatedCovariance(t *testing.T) {
	st := sim.NewStream(1, 1, -1)
	f := newField(Correlation{RadiusKm: 10}, &st)
	rng := rand.New(rand.NewPCG(1, 2))
	var xs, ys []float64
	for range 200 {
		xs = append(xs, (rng.Float64()-0.5)*16000)
		ys = append(ys, (rng.Float64()-0.5)*16000)
	}
	approx, exact := sitesCovariance(f, xs, ys)
	var ch mat.Cholesky
	require.True(t, ch.Factorize(exact), "exact covariance not positive definite")
	worst := 0.0
	for a := range xs {
		assert.InDelta(t, 1, approx.At(a, a), 1e-12)
		for b := range a {
			worst = max(worst, math.Abs(approx.At(a, b)-exact.At(a, b)))
		}
	}
	t.Logf("250 m grid, b = 8.5 km: max |interpolated − exact| covariance over 200 sites = %.4f", worst)
	assert.Less(t, worst, 0.07)
}

// TestFieldEmpirical draws many fields and compares their sample
// covariance at a few sites with the covariance the interpolated field
// should have (sitesCovariance), and samples drawn by the Cholesky factor
// of the exact covariance with the exact one: the sampler realises its
// covariance, and the Cholesky reference its own.
func TestFieldEmpirical(t *testing.T) {
	xs := []float64{0, 300, 1000, 2500, 3700, -4000}
	ys := []float64{0, 0, 200, -1500, 2000, 4000}
	const runs = 1000
	k := len(xs)
	sum := mat.NewDense(k, k, nil)
	chol := mat.NewDense(k, k, nil)
	approx, exact := sitesCovariance(newField(Correlation{RadiusKm: 5, SpacingM: 500}, ptr(sim.NewStream(0, 1, -1))), xs, ys)
	var ch mat.Cholesky
	require.True(t, ch.Factorize(exact))
	var l mat.TriDense
	ch.LTo(&l)
	rng := rand.New(rand.NewPCG(3, 4))
	v := make([]float64, k)
	for run := range runs {
		st := sim.NewStream(uint64(run), 7, -1)
		f := newField(Correlation{RadiusKm: 5, SpacingM: 500}, &st)
		for a := range k {
			v[a], _ = f.at(xs[a], ys[a])
		}
		z := mat.NewVecDense(k, nil)
		for a := range k {
			z.SetVec(a, rng.NormFloat64())
		}
		var y mat.VecDense
		y.MulVec(&l, z)
		for a := range k {
			for b := range k {
				sum.Set(a, b, sum.At(a, b)+v[a]*v[b])
				chol.Set(a, b, chol.At(a, b)+y.AtVec(a)*y.AtVec(b))
			}
		}
	}
	// Standard error of a sample covariance of unit normals ≈ √((1+ρ²)/n).
	tol := 4 * math.Sqrt(2.0/runs)
	for a := range k {
		for b := range k {
			assert.InDelta(t, approx.At(a, b), sum.At(a, b)/runs, tol, "field (%d,%d)", a, b)
			assert.InDelta(t, exact.At(a, b), chol.At(a, b)/runs, tol, "cholesky (%d,%d)", a, b)
		}
	}
}

func ptr(s sim.Stream) *sim.Stream { return &s }

// TestFrameDistances: within 100 km of an epicentre at 35° N the plane's
// distances differ from the great-circle ones (network.CRS.Distance) by
// under 0.5 %, for WGS84 and Web Mercator coordinates alike.
func TestFrameDistances(t *testing.T) {
	epi := network.Point{X: -90, Y: 35}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, crs := range []network.CRS{network.WGS84, network.WebMercator} {
		conv := func(p network.Point) network.Point { return p }
		if crs.Equal(network.WebMercator) {
			conv = network.LonLatToMercator
		}
		f := newFrame(crs, conv(epi))
		worst := 0.0
		for range 2000 {
			p := network.Point{X: epi.X + (rng.Float64()-0.5)*2.2, Y: epi.Y + (rng.Float64()-0.5)*1.8}
			want := crs.Distance(conv(epi), conv(p))
			if want > 100e3 || want < 1e3 {
				continue
			}
			x, y := f.xy(conv(p))
			worst = max(worst, math.Abs(math.Hypot(x, y)-want)/want)
		}
		t.Logf("%v: worst relative distance error within 100 km: %.2g", crs, worst)
		assert.Less(t, worst, 0.005)
	}
}

// TestIntensitiesFinite: every intensity on a synthetic city is finite
// and ≥ 0, with the field on, for both relations.
func TestIntensitiesFinite(t *testing.T) {
	n, err := synth.City(synth.CityParams{Seed: 4, Components: 3000})
	require.NoError(t, err)
	for _, m := range []Attenuation{BooreAtkinson2008{}, Kawashima1984{Tau: 0.3, Phi: 0.6}} {
		eq := &Earthquake{Source: Source{Epicentre: network.Point{X: -90.0, Y: 35.1}, Magnitude: 7.5}, Model: m, Vs30: 270,
			Correlation: Correlation{RadiusKm: 4}}
		cs, ls, err := eq.Intensities(n, hazard.NewRand(9, "earthquake"))
		require.NoError(t, err)
		for _, in := range append(cs, ls...) {
			for _, v := range []float64{in.PGA, in.PGV, in.PGD, in.SA10} {
				require.False(t, math.IsNaN(v) || math.IsInf(v, 0) || v < 0, "%v", in)
			}
		}
	}
}
