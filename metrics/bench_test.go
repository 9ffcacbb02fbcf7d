package metrics_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/metrics"
)

// BenchmarkMetrics computes every metric over the Result of a synthetic
// city's run (cityRun: 10 % of components damaged at 1 h, repaired within
// 72 h, the default models and the telecom model, change log on) and
// reports, beside ns/op, ns per recorded change: constant from 10⁴ to
// 10⁵ components when a metric costs O(changes). components=1000000 runs
// under LIFELINE_LONG=1 only.
//
//   - curves: every sector's curve by demand and by population, and its
//     Figures;
//   - chains: ChainStats;
//   - outages: Outages, iterated to the end;
//   - facilities: Facilities, iterated to the end;
//   - telecom: TelecomCauses and its site-hours.
func BenchmarkMetrics(b *testing.B) {
	sizes := []int{10000, 100000}
	if os.Getenv("LIFELINE_LONG") != "" {
		sizes = append(sizes, 1000000)
	}
	for _, n := range sizes {
		res := cityRun(b, n, 0.1, false)
		for _, m := range []struct {
			name string
			run  func(*cascade.Result)
		}{
			{"curves", func(r *cascade.Result) {
				for _, w := range []metrics.Weight{metrics.ByDemand, metrics.ByPopulation} {
					for c := range metrics.Curves(r, w) {
						_ = c.Figures()
					}
				}
			}},
			{"chains", func(r *cascade.Result) {
				if _, err := metrics.ChainStats(r); err != nil {
					b.Fatal(err)
				}
			}},
			{"outages", func(r *cascade.Result) {
				outs, err := metrics.Outages(r)
				if err != nil {
					b.Fatal(err)
				}
				for range outs {
				}
			}},
			{"facilities", func(r *cascade.Result) {
				for range metrics.Facilities(r) {
				}
			}},
			{"telecom", func(r *cascade.Result) {
				ts, err := metrics.TelecomCauses(r)
				if err != nil {
					b.Fatal(err)
				}
				_ = ts.Hours(0, r.End)
			}},
		} {
			b.Run(fmt.Sprintf("metric=%s/components=%d", m.name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					m.run(res)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(res.Changes)), "ns/change")
				b.ReportMetric(float64(len(res.Changes)), "changes")
			})
		}
	}
}
