package wind_test

import (
	"fmt"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/internal/testenv"
	"github.com/lifeline-sim/lifeline/network/synth"
)

// BenchmarkImpacts times Impacts on a synthetic city of 10⁵ components
// (about 20 km square): the test storm (12 h, 10-min steps: 73 steps)
// over every overhead line and cell tower.
func BenchmarkImpacts(b *testing.B) {
	n, err := synth.City(synth.CityParams{Seed: 1, Components: 100000})
	if err != nil {
		b.Fatal(err)
	}
	w := storm(945)
	b.Run(fmt.Sprintf("components=%d", n.NumComponents()), func(b *testing.B) {
		b.ReportAllocs()
		var count int
		c0 := testenv.ProcessCPU()
		for b.Loop() {
			im, err := w.Impacts(n, hazard.NewRand(1, w.Name()))
			if err != nil {
				b.Fatal(err)
			}
			count = len(im)
		}
		b.ReportMetric(float64(count), "impacts")
		b.ReportMetric(float64(testenv.ProcessCPU()-c0)/float64(b.N), "cpu-ns/op")
	})
}
