package cascade

import (
	"context"
	"reflect"
	"sync"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// cityScenario: a 2,000-component synthetic city (seed 3); 8 % of its
// components damaged at 1 h by a random-fraction hazard, every damaged one
// repaired 6 h to 3 days later (times drawn from the replication's stream),
// a 5 day horizon.
func cityScenario(t *testing.T) (*network.Network, func(rep int) Input) {
	t.Helper()
	net, err := synth.City(synth.CityParams{Components: 2000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	in := func(rep int) Input {
		seed := sim.ReplicationSeed(21, rep)
		h := &hazard.RandomFraction{Fraction: 0.08, Effect: hazard.Damage, At: sim.Hour}
		hits, err := h.Impacts(net, hazard.NewRand(seed, h.Name()))
		if err != nil {
			t.Fatal(err)
		}
		rng := sim.NewStream(seed, sim.StreamResponse, -1)
		var im []hazard.Impact
		for _, x := range hits {
			im = append(im, x, hazard.Impact{Time: x.Time + 6*sim.Hour + sim.Time(rng.Float64()*float64(66*sim.Hour)), Kind: hazard.Repair, Target: x.Target})
		}
		return Input{Impacts: im, Seed: seed}
	}
	return net, in
}

// TestFingerprintPinned pins the event-and-draw fingerprint of the city
// scenario's replication 0 (amd64). A change means the engine's behaviour
// changed: explain it in the commit and update the constant.
func TestFingerprintPinned(t *testing.T) {
	net, in := cityScenario(t)
	var fp sim.Fingerprint
	e, err := New(net, Options{Horizon: 5 * sim.Day, Observer: &fp})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), in(0))
	if err != nil {
		t.Fatal(err)
	}
	const want = uint64(0xa22faf8dc02eee1b)
	t.Logf("fingerprint %#016x: %d events, %d draws, %d changes, direct %d, induced %d",
		fp.Sum(), fp.Events(), fp.Draws(), len(r.Changes), r.Direct, r.Induced)
	if fp.Sum() != want {
		t.Errorf("fingerprint %#016x, want %#016x", fp.Sum(), want)
	}
}

// TestWorkersAgree runs 12 replications sequentially on one engine and
// concurrently on 4 engines (workers) sharing the network, and requires
// identical results for every replication.
func TestWorkersAgree(t *testing.T) {
	net, in := cityScenario(t)
	const reps, workers = 12, 4
	seq := make([]*Result, reps)
	e, err := New(net, Options{Horizon: 5 * sim.Day})
	if err != nil {
		t.Fatal(err)
	}
	for i := range reps {
		if seq[i], err = e.Run(context.Background(), in(i)); err != nil {
			t.Fatal(err)
		}
	}
	par := make([]*Result, reps)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			e, err := New(net, Options{Horizon: 5 * sim.Day})
			if err != nil {
				t.Error(err)
				return
			}
			for i := w; i < reps; i += workers {
				r, err := e.Run(context.Background(), in(i))
				if err != nil {
					t.Error(err)
					return
				}
				par[i] = r
			}
		})
	}
	wg.Wait()
	for i := range reps {
		if !reflect.DeepEqual(seq[i], par[i]) {
			t.Fatalf("replication %d differs between 1 worker and %d", i, workers)
		}
	}
}
