package cascade_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// spinner's event at 1 h schedules itself again at the same instant, for
// ever.
type spinner struct{}

func (s spinner) Start(c *cascade.Control) { c.At(sim.Hour, s, 0) }

func (s spinner) OnEvent(c *cascade.Control, _ cascade.Wakeup) { c.At(c.Now(), s, 0) }

func (spinner) OnChange(*cascade.Control, cascade.Change) {}

// TestSpinningEventEnds: an instant whose events never run out ends the run
// with ErrNotSettling naming the responder, an incomplete result at that
// instant, whatever the context.
func TestSpinningEventEnds(t *testing.T) {
	e, err := cascade.New(oneSubstation(t), cascade.Options{Responder: spinner{}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{})
	if !errors.Is(err, cascade.ErrNotSettling) || !strings.Contains(err.Error(), "responder") {
		t.Fatalf("error %v, want ErrNotSettling naming the responder", err)
	}
	if r == nil || r.Complete || r.End != sim.Hour {
		t.Fatalf("partial result %+v", r)
	}
}

// TestDeadlineInsideAnInstant: a chain of 20,000 components, each needing
// the one before it without lag, falls one settling round per component
// when the first is damaged; its sector model sleeps 200 µs per call, so
// the instant takes about 4 s. With a 1 s deadline the run returns the
// context's error soon after it, incomplete.
func TestDeadlineInsideAnInstant(t *testing.T) {
	const n = 20000
	b := network.NewBuilder()
	for i := range n {
		b.AddComponent(network.Component{ID: fmt.Sprint("c", i), Sector: "health", Role: network.RoleConsumer, Demand: 1})
		if i > 0 {
			b.AddRequirement(network.Requirement{Dependent: fmt.Sprint("c", i), Providers: []string{fmt.Sprint("c", i-1)}})
		}
	}
	net, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	e, err := cascade.New(net, cascade.Options{NoChangeLog: true, Models: map[network.Sector]flow.Factory{"health": slowFactory}})
	if err != nil {
		t.Fatal(err)
	}
	const deadline = time.Second
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	start := time.Now()
	r, err := e.Run(ctx, cascade.Input{Impacts: []hazard.Impact{{Time: sim.Hour, Kind: hazard.Damage, Target: 0}}})
	took := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) || r == nil || r.Complete {
		t.Fatalf("after %v: error %v, complete %v; want the deadline, incomplete", took, err, r != nil && r.Complete)
	}
	// Promptly: the engine checks the context every 64 settling rounds
	// (about a millisecond here); a second of slack for a loaded machine.
	if took > deadline+time.Second {
		t.Errorf("returned %v after the %v deadline", took-deadline, deadline)
	}
}

// slow is a Standalone model that sleeps 200 µs per call.
type slow struct{ flow.Model }

func (m slow) Serve(st *network.State, ch *flow.Changes, out *flow.Output) error {
	time.Sleep(200 * time.Microsecond)
	return m.Model.Serve(st, ch, out)
}

func slowFactory(n *network.Network, s network.SectorIndex) (flow.Model, error) {
	m, err := flow.NewStandalone(n, s)
	return slow{m}, err
}
