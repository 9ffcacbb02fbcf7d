package response_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/response"
	"github.com/lifeline-sim/lifeline/sim"
)

// BenchmarkRestoration runs an earthquake's damage (an M6 under the
// centre at 1 h, hazard/quake with the Hazus fragilities: earthquake) on
// a synthetic city to full restoration with every sector model, 20 crews
// per sector, nearest first, Hazus repair times. search=walk is the shipped search
// (a walk from the crew that stops at the nearest job); search=tree
// builds one full shortest travel-time tree per decision and times every
// pending job on it. It reports runs per second, decisions per run and
// the time spent choosing per decision (ns/dispatch).
func BenchmarkRestoration(b *testing.B) {
	for _, size := range []int{10000, 100000} {
		var q *quakeCity // built by the first sub-benchmark that runs
		for _, search := range []string{"walk", "tree"} {
			b.Run(fmt.Sprintf("components=%d/search=%s", size, search), func(b *testing.B) {
				if q == nil {
					q = newEarthquakeCity(b, size, 6, 1)
				}
				var spent time.Duration
				timed := response.PolicyFunc(func(d *response.Decision) (response.Job, bool) {
					t0 := time.Now()
					j, ok := response.NearestFirst{}.Choose(d)
					spent += time.Since(t0)
					return j, ok
				})
				e, r := q.engine(b, q.plan(20, timed))
				response.SetFullTree(r, search == "tree")
				b.ReportAllocs()
				b.ResetTimer()
				decisions := 0
				var end sim.Time
				for b.Loop() {
					res := q.run(b, e)
					decisions += r.Decisions()
					end = res.End
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
				b.ReportMetric(float64(decisions)/float64(b.N), "dispatches/run")
				b.ReportMetric(float64(spent.Nanoseconds())/float64(decisions), "ns/dispatch")
				b.ReportMetric(end.Hours()/24, "days")
				b.ReportMetric(float64(len(q.impacts)), "damaged")
			})
		}
	}
}

// BenchmarkCriticalSites builds the critical sites (Decision.Critical) of
// a synthetic city, the part of New that CriticalFirst needs, and New as
// a whole for a plan of 20 crews per sector (the Locator included). It
// reports the critical components (of them critical facilities) and links.
func BenchmarkCriticalSites(b *testing.B) {
	const size = 100000
	n, err := synth.City(synth.CityParams{Components: size, Seed: 1})
	require.NoError(b, err)
	b.Run(fmt.Sprintf("components=%d/sites", size), func(b *testing.B) {
		b.ReportAllocs()
		var comp, link []bool
		for b.Loop() {
			comp, link = response.CriticalSites(n)
		}
		facilities := 0
		for i := range n.Components() {
			if n.Critical(i) {
				facilities++
			}
		}
		b.ReportMetric(float64(count(comp)), "sites")
		b.ReportMetric(float64(facilities), "facilities")
		b.ReportMetric(float64(count(link)), "links")
	})
	b.Run(fmt.Sprintf("components=%d/New", size), func(b *testing.B) {
		q := &quakeCity{n: n, depot: centre(n)}
		plan := q.plan(20, response.CriticalFirst{})
		b.ReportAllocs()
		for b.Loop() {
			_, err := response.New(n, plan)
			require.NoError(b, err)
		}
	})
}

func count(s []bool) int {
	k := 0
	for _, v := range s {
		if v {
			k++
		}
	}
	return k
}
