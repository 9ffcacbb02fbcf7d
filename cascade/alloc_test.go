package cascade

import (
	"context"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// quietTrigger is a hazard that watches every change and never answers.
type quietTrigger struct{}

func (quietTrigger) Name() string { return "quiet" }

func (quietTrigger) Impacts(*network.Network, hazard.Rand) ([]hazard.Impact, error) { return nil, nil }

func (quietTrigger) Trigger(*network.Network, sim.Time, int32, network.Flags, network.Flags, hazard.Rand) []hazard.Impact {
	return nil
}

// runAllocs returns the allocations of one run of the city scenario's
// replication 0 on a warmed-up engine.
func runAllocs(t *testing.T, opts Options, hazards ...hazard.Hazard) (float64, *Result) {
	net, in := cityScenario(t)
	e, err := New(net, opts)
	if err != nil {
		t.Fatal(err)
	}
	input := in(0)
	input.Hazards = hazards
	var r *Result
	run := func() {
		if r, err = e.Run(context.Background(), input); err != nil {
			t.Fatal(err)
		}
	}
	run() // the first run settles and saves the intact state
	return testing.AllocsPerRun(5, run), r
}

// TestAllocationsPerRun guards the engine's allocations per run on the
// 2,000-component city (8 % damaged and repaired, about 1,400 changes).
//
// A run allocates its Result and the slices it grows: the result itself,
// its per-sector series and splits (a handful per sector), Final, and the
// change log and causes, which grow by doubling (about log₂ of their
// length each). That is well under 150 with the log on and under 100 with
// it off, whatever the number of changes; one allocation per change would
// be more than 1,000. A trigger watching every change and a responder
// told of every change add nothing per change: only the trigger hazard's
// two stream names per run (at most 4 more allocations).
func TestAllocationsPerRun(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("allocation counts differ under coverage")
	}
	for _, log := range []bool{true, false} {
		opts := Options{Horizon: 5 * sim.Day, NoChangeLog: !log}
		base, r := runAllocs(t, opts)
		bound := 150.0
		if !log {
			bound = 100
		}
		t.Logf("log %v: %v allocations per run, %d direct and %d induced losses", log, base, r.Direct, r.Induced)
		if base > bound {
			t.Errorf("log %v: %v allocations per run, want at most %v", log, base, bound)
		}
		opts.Responder = NopResponder{}
		watched, _ := runAllocs(t, opts, quietTrigger{})
		if watched > base+4 {
			t.Errorf("log %v: a quiet trigger and responder raise allocations per run from %v to %v", log, base, watched)
		}
	}
}
