package cascade

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/flow/telecom"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// BenchmarkCity runs a synthetic city (synth.City, seed 1) through a
// damage-and-repair scenario and reports ns per executed event, events
// per run and allocations per run (a small constant: the Result and its
// series, whatever the number of events).
//
//   - models=default: the default sector models, the change log off;
//     10 % of components damaged at 1 h, each repaired at a uniformly
//     random time within 3 days.
//   - models=all: the sector models and scenario of examples/city: DC
//     power flow, water supply with tanks, roads with hospital access,
//     telecom backhaul; 5 % of components damaged at 1 h (a named
//     RandomFraction), repairs uniform over 72 h from the response
//     stream, change log on, horizon 8 days.
//
// components=1000000 runs under LIFELINE_LONG=1 only (use -timeout 0).
func BenchmarkCity(b *testing.B) {
	sizes := []int{10000, 100000}
	if os.Getenv("LIFELINE_LONG") != "" {
		sizes = append(sizes, 1000000)
	}
	for _, all := range []bool{false, true} {
		name := "default"
		if all {
			name = "all"
		}
		for _, n := range sizes {
			if n > 100000 && !all {
				continue
			}
			b.Run(fmt.Sprintf("models=%s/components=%d", name, n), func(b *testing.B) {
				net, err := synth.City(synth.CityParams{Components: n, Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
				e, in := defaultCity(b, net)
				if all {
					e, in = allCity(b, net)
				}
				benchRuns(b, e, in)
			})
		}
	}
}

// defaultCity is the models=default workload.
func defaultCity(b *testing.B, net *network.Network) (*Engine, Input) {
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
	return e, Input{Impacts: im}
}

// allModels returns examples/city's sector models.
func allModels() map[network.Sector]flow.Factory {
	return map[network.Sector]flow.Factory{
		network.Power:     power.Options{}.Factory,
		network.Water:     water.Options{}.Factory,
		network.Transport: roads.Options{}.Factory,
		network.Telecom:   telecom.Options{}.Factory,
	}
}

// allCity is the models=all workload, examples/city's.
func allCity(b *testing.B, net *network.Network) (*Engine, Input) {
	e, err := New(net, Options{Horizon: 8 * sim.Day, Models: allModels()})
	if err != nil {
		b.Fatal(err)
	}
	rs := sim.ReplicationSeed(1, 0)
	quake := &hazard.RandomFraction{Label: "quake", Fraction: 0.05, Effect: hazard.Damage, At: sim.Hour}
	hits, err := quake.Impacts(net, hazard.NewRand(rs, quake.Name()))
	if err != nil {
		b.Fatal(err)
	}
	var im []hazard.Impact
	for _, h := range hits {
		st := sim.NewStream(rs, sim.StreamResponse, int64(h.Target))
		im = append(im, h, hazard.Impact{Time: h.Time + sim.Time(st.Float64()*float64(72*sim.Hour)), Kind: hazard.Repair, Target: h.Target})
	}
	return e, Input{Impacts: im, Seed: rs}
}

// benchRuns runs in once untimed (the engine settles the intact city and
// keeps it), then times runs.
func benchRuns(b *testing.B, e *Engine, in Input) {
	if _, err := e.Run(context.Background(), in); err != nil {
		b.Fatal(err)
	}
	events := e.sched.Executed()
	var before, after runtime.MemStats
	b.ReportAllocs()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Run(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(events), "ns/event")
	b.ReportMetric(float64(events), "events/run")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N), "allocs/run")
}
