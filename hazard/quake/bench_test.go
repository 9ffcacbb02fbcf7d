package quake

import (
	"fmt"
	"math"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/internal/testenv"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// BenchmarkEarthquake times Impacts (intensities with the correlated
// field on, fragility draws, pipe breaks and impacts) for an M7 at the
// centre of a synthetic city; generating the city is not timed. cpu-ns/op
// is the process's CPU time per operation (the machine is shared). At
// 10⁵ components it also compares the interpolated field with the exact
// model on a subset of 1000 component sites: cov-err-max and
// cov-err-mean are the largest and mean |covariance − ρ(h)| over their
// pairs (computed exactly from the bilinear weights, no sampling), and
// chol-ns the time to factorise the exact 1000 × 1000 covariance and draw
// one sample from it, the cost the grid avoids.
func BenchmarkEarthquake(b *testing.B) {
	for _, size := range []int{100000, 1000000} {
		b.Run(fmt.Sprintf("components=%d", size), func(b *testing.B) {
			n, err := synth.City(synth.CityParams{Seed: 1, Components: size})
			if err != nil {
				b.Fatal(err)
			}
			eq := &Earthquake{Source: Source{Epicentre: network.Point{X: -90.0, Y: 35.1}, Magnitude: 7, Fault: StrikeSlip},
				Library: fragility.Hazus()}
			b.ReportAllocs()
			var ims []hazard.Impact
			cpu0, k := testenv.ProcessCPU(), 0
			for ; b.Loop(); k++ {
				ims, err = eq.Impacts(n, hazard.NewRand(sim.ReplicationSeed(1, k), eq.Name()))
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((testenv.ProcessCPU()-cpu0).Nanoseconds())/float64(k), "cpu-ns/op")
			b.ReportMetric(float64(len(ims)), "impacts")
			if size == 100000 {
				compareCholesky(b, n, eq)
			}
		})
	}
}

func compareCholesky(b *testing.B, n *network.Network, eq *Earthquake) {
	s, err := eq.newSampler(n, hazard.NewRand(1, eq.Name()))
	if err != nil {
		b.Fatal(err)
	}
	var xs, ys []float64
	step := n.NumComponents() / 1000
	for i := int32(0); int(i) < n.NumComponents() && len(xs) < 1000; i += int32(step) {
		p, ok := n.Location(i)
		if !ok {
			continue
		}
		x, y := s.f.xy(p)
		if _, ok := s.field.at(x, y); ok {
			xs, ys = append(xs, x), append(ys, y)
		}
	}
	approx, exact := sitesCovariance(s.field, xs, ys)
	worst, sum, pairs := 0.0, 0.0, 0
	for a := range xs {
		for c := range a {
			d := math.Abs(approx.At(a, c) - exact.At(a, c))
			worst, sum, pairs = max(worst, d), sum+d, pairs+1
		}
	}
	t0 := time.Now()
	var ch mat.Cholesky
	if !ch.Factorize(exact) {
		b.Fatal("exact covariance not positive definite")
	}
	var l mat.TriDense
	ch.LTo(&l)
	z := mat.NewVecDense(len(xs), nil)
	st := sim.NewStream(1, 1, -1)
	for k := range len(xs) {
		z.SetVec(k, st.NormFloat64())
	}
	var y mat.VecDense
	y.MulVec(&l, z)
	b.ReportMetric(float64(time.Since(t0).Nanoseconds()), "chol-ns")
	b.ReportMetric(worst, "cov-err-max")
	b.ReportMetric(sum/float64(pairs), "cov-err-mean")
}
