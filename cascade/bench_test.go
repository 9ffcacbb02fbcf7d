package cascade

import (
	"context"
	"fmt"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// BenchmarkCity runs a synthetic city through a damage-and-repair scenario
// with the change log off: 10 % of components damaged at 1 h, each
// repaired at a uniformly random time within 3 days. It reports ns per
// executed event and allocations per run, which stay a small constant
// (the Result and its series) whatever the number of events.
func BenchmarkCity(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			net, err := synth.City(synth.CityParams{Components: n, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			var im []hazard.Impact
			rng := sim.NewStream(1, sim.StreamOf("bench"), -1)
			for i := range net.Components() {
				if rng.Float64() < 0.1 {
					im = append(im, hazard.Impact{Time: sim.Hour, Kind: hazard.Damage, Target: i},
						hazard.Impact{Time: sim.Hour + sim.Time(rng.Float64()*float64(3*sim.Day)), Kind: hazard.Repair, Target: i})
				}
			}
			e, err := New(net, Options{NoChangeLog: true})
			if err != nil {
				b.Fatal(err)
			}
			in := Input{Impacts: im}
			if _, err := e.Run(context.Background(), in); err != nil {
				b.Fatal(err)
			}
			events := e.sched.Executed()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := e.Run(context.Background(), in); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(events), "ns/event")
			b.ReportMetric(float64(events), "events/run")
		})
	}
}
