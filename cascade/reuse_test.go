package cascade

import (
	"context"
	"reflect"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestReusedEngineMatchesFresh: an engine restores its settled intact state
// on later runs instead of settling again; every run must equal the same
// run on a fresh engine, change log and series included, on a synthetic
// city with lags, buffers and power ↔ telecom loops.
func TestReusedEngineMatchesFresh(t *testing.T) {
	net, err := synth.City(synth.CityParams{Components: 3000, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	damage := func(f float64) Input {
		return Input{Seed: sim.ReplicationSeed(9, int(f*100)), Hazards: []hazard.Hazard{
			&hazard.RandomFraction{Fraction: f, Effect: hazard.Damage, At: sim.Hour},
		}}
	}
	reused, err := New(net, Options{Horizon: 10 * sim.Day})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []float64{0.02, 0.1, 0.3, 0.02} {
		fresh, err := New(net, Options{Horizon: 10 * sim.Day})
		if err != nil {
			t.Fatal(err)
		}
		want, err := fresh.Run(context.Background(), damage(f))
		if err != nil {
			t.Fatal(err)
		}
		got, err := reused.Run(context.Background(), damage(f))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("fraction %v: reused engine differs from a fresh one (%d vs %d changes)", f, len(got.Changes), len(want.Changes))
		}
		t.Logf("fraction %v: %d changes, direct %d, induced %d, end %v", f, len(want.Changes), want.Direct, want.Induced, want.End)
		if len(want.Changes) == 0 || want.Direct == 0 || want.Induced == 0 {
			t.Fatalf("fraction %v: the run should cascade (changes %d, direct %d, induced %d)", f, len(want.Changes), want.Direct, want.Induced)
		}
	}
}
