package cascade_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestHorizonNever: a horizon of sim.MaxTime ("never") is no horizon. On
// oneSubstation with S damaged at 1 h, T (no lag) falls at 1 h, the last
// event: the run ends there, T's open outage counts 0 h (not 10⁵ days),
// and automatic reclosing, which needs a horizon, is refused as it is
// without one.
func TestHorizonNever(t *testing.T) {
	e, err := cascade.New(oneSubstation(t), cascade.Options{Horizon: sim.MaxTime})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{{Time: sim.Hour, Kind: hazard.Damage, Target: 0}}})
	if err != nil {
		t.Fatal(err)
	}
	if r.End != sim.Hour || r.OutageOf(1).Total != 0 {
		t.Errorf("end %v, T's outage %v in all; want 1h and 0s", r.End, r.OutageOf(1).Total)
	}
	if _, err := cascade.New(oneSubstation(t), cascade.Options{Horizon: sim.MaxTime, Protection: cascade.Protection{Reclose: true, RecloseDelay: sim.Minute}}); err == nil {
		t.Error("reclosing without a finite horizon accepted")
	}
}

// TestNilHazardRefused: a nil entry in Input.Hazards is an error naming
// its position, not a nil dereference.
func TestNilHazardRefused(t *testing.T) {
	e, err := cascade.New(oneSubstation(t), cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{&hazard.List{Label: "a"}, nil}})
	if err == nil {
		t.Fatal("nil hazard accepted")
	}
}

// TestCancelledIntactSettle: a chain of 1,000 components, each needing
// the one before it without lag, whose first needs a power consumer cut
// off from every source: the intact network falls one settling round per
// component at time 0. With the context already cancelled, the run stops
// inside that settle and, as documented, still returns an incomplete
// result with the context's error; the engine then runs normally.
func TestCancelledIntactSettle(t *testing.T) {
	const n = 1000
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "src", Sector: network.Power, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "x", Sector: network.Power, Role: network.RoleConsumer})
	for i := range n {
		b.AddComponent(network.Component{ID: fmt.Sprint("c", i), Sector: "health", Role: network.RoleConsumer})
		p := "x"
		if i > 0 {
			p = fmt.Sprint("c", i-1)
		}
		b.AddRequirement(network.Requirement{Dependent: fmt.Sprint("c", i), Providers: []string{p}})
	}
	net, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	e, err := cascade.New(net, cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := e.Run(ctx, cascade.Input{})
	if !errors.Is(err, context.Canceled) || r == nil || r.Complete {
		t.Fatalf("error %v, result %v; want the context's error and an incomplete result", err, r != nil)
	}
	last, _ := net.ComponentIndex("c999")
	r, err = e.Run(context.Background(), cascade.Input{})
	if err != nil || !r.Complete || r.Delivering(last) {
		t.Fatalf("next run: %v, complete %v; want c999 down from the start", err, r != nil && r.Complete)
	}
}
