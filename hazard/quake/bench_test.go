package quake_test

import (
	"fmt"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/quake"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// BenchmarkEarthquake times Impacts (intensities with the correlated
// field, fragility draws and impacts) on synthetic cities; generating the
// city is not timed.
func BenchmarkEarthquake(b *testing.B) {
	for _, size := range []int{100000, 1000000} {
		b.Run(fmt.Sprintf("components=%d", size), func(b *testing.B) {
			n, err := synth.City(synth.CityParams{Seed: 1, Components: size})
			if err != nil {
				b.Fatal(err)
			}
			eq := &quake.Earthquake{Source: quake.Source{Epicentre: centre, Magnitude: 7, Fault: quake.StrikeSlip},
				Library: fragility.Hazus()}
			b.ReportAllocs()
			var ims []hazard.Impact
			cpu0, k := processCPU(), 0
			for ; b.Loop(); k++ {
				ims, err = eq.Impacts(n, hazard.NewRand(sim.ReplicationSeed(1, k), eq.Name()))
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/float64(k), "cpu-ns/op")
			b.ReportMetric(float64(len(ims)), "impacts")
		})
	}
}
