package cascade_test

import (
	"context"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/sim"
)

// fanout schedules n events of its own at 1 h at the start (one per
// customer to call back, say); each records an activity.
type fanout struct{ n int }

func (f fanout) Start(c *cascade.Control) {
	for k := range f.n {
		c.At(sim.Hour, f, int64(k))
	}
}

func (fanout) OnChange(*cascade.Control, cascade.Change) {}

func (fanout) OnEvent(c *cascade.Control, w cascade.Wakeup) {
	c.Record(cascade.Activity{Actor: "caller", Kind: "call", Start: w.Time, End: w.Time})
}

// TestManyEventsAtOneInstant: events a responder scheduled before an
// instant began are finite work, however many: 5,000 of them at 1 h on a
// two-component network all run, and the run completes (only events
// scheduled at the instant by the instant itself can spin).
func TestManyEventsAtOneInstant(t *testing.T) {
	const n = 5000
	e, err := cascade.New(oneSubstation(t), cascade.Options{Responder: fanout{n}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Activities) != n {
		t.Errorf("%d activities, want %d", len(r.Activities), n)
	}
}
