package sim

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// recorder records the events it handles as "time/priority/arg".
type recorder struct {
	got []string
}

func (r *recorder) Handle(s *Scheduler, ev Event) {
	if s.Now() != ev.Time {
		panic("handler called with Now() != ev.Time")
	}
	r.got = append(r.got, fmt.Sprintf("%d/%d/%d", ev.Time, ev.Priority, ev.Arg))
}

func (r *recorder) check(t *testing.T, want ...string) {
	t.Helper()
	if !slices.Equal(r.got, want) {
		t.Errorf("executed\n  %v\nwant\n  %v", r.got, want)
	}
}

func runAll(t *testing.T, s *Scheduler) {
	t.Helper()
	if err := s.Run(context.Background(), MaxTime); err != nil {
		t.Fatal(err)
	}
}

func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Errorf("no panic, want %q", want)
			return
		}
		if msg := fmt.Sprint(r); !strings.Contains(msg, want) {
			t.Errorf("panic %q, want %q", msg, want)
		}
	}()
	f()
}

func TestOrderTimePriorityFIFO(t *testing.T) {
	s := NewScheduler()
	r := &recorder{}
	// Scheduled out of order; expected order is by time, then priority,
	// then scheduling order (Arg numbers the scheduling order).
	for i, ev := range []Event{
		{Time: 20, Priority: PriorityAction},
		{Time: 10, Priority: PriorityExpiry},
		{Time: 10, Priority: PriorityImpact},
		{Time: 10, Priority: PriorityExpiry},
		{Time: 5, Priority: PriorityExpiry},
		{Time: 10, Priority: PriorityTrip},
		{Time: 10, Priority: PrioritySuspend},
		{Time: 10, Priority: PriorityImpact},
	} {
		ev.Arg = int64(i)
		s.Schedule(ev, r)
	}
	runAll(t, s)
	r.check(t, "5/50/4", "10/10/2", "10/10/7", "10/20/6", "10/30/5", "10/50/1", "10/50/3", "20/40/0")
	if s.Executed() != 8 || s.Len() != 0 || s.Now() != 20 {
		t.Errorf("Executed %d Len %d Now %d", s.Executed(), s.Len(), s.Now())
	}
}

func TestPriorityConstantsOrder(t *testing.T) {
	// The documented order: impact < suspend/resume < trip/reclose < action < expiry.
	p := []Priority{PriorityImpact, PrioritySuspend, PriorityTrip, PriorityAction, PriorityExpiry}
	if !slices.IsSorted(p) || len(slices.Compact(slices.Clone(p))) != len(p) {
		t.Errorf("priorities not strictly increasing: %v", p)
	}
}

func TestScheduleFromHandlerAtNow(t *testing.T) {
	s := NewScheduler()
	r := &recorder{}
	spawn := HandlerFunc(func(s *Scheduler, ev Event) {
		r.Handle(s, ev)
		if ev.Arg == 0 {
			// Same instant: an impact runs before the pending action (10/40/1)
			// although scheduled later; an action runs after it (FIFO); an
			// expiry runs last.
			s.After(0, Event{Priority: PriorityExpiry, Arg: 100}, r)
			s.After(0, Event{Priority: PriorityAction, Arg: 101}, r)
			s.Schedule(Event{Time: 10, Priority: PriorityImpact, Arg: 102}, r)
		}
	})
	s.Schedule(Event{Time: 10, Priority: PrioritySuspend, Arg: 0}, spawn)
	s.Schedule(Event{Time: 10, Priority: PriorityAction, Arg: 1}, r)
	s.Schedule(Event{Time: 11, Priority: PriorityImpact, Arg: 2}, r)
	runAll(t, s)
	r.check(t, "10/20/0", "10/10/102", "10/40/1", "10/40/101", "10/50/100", "11/10/2")
}

func TestCancelRescheduleStale(t *testing.T) {
	s := NewScheduler()
	r := &recorder{}
	a := s.Schedule(Event{Time: 10, Arg: 1}, r)
	b := s.Schedule(Event{Time: 20, Arg: 2}, r)
	c := s.Schedule(Event{Time: 30, Arg: 3}, r)
	if a == 0 || a == b || b == c {
		t.Fatalf("ids %v %v %v", a, b, c)
	}
	if !s.Pending(b) || s.Len() != 3 {
		t.Fatal("b not pending")
	}
	if !s.Cancel(b) {
		t.Fatal("Cancel(b) = false")
	}
	if s.Cancel(b) || s.Pending(b) || s.Len() != 2 {
		t.Fatal("b still pending after Cancel")
	}
	if _, ok := s.When(b); ok {
		t.Fatal("When(b) ok after Cancel")
	}
	// Move c before a; then a to the same instant as c: FIFO puts the
	// later reschedule last.
	if !s.Reschedule(c, 5) || !s.Reschedule(a, 5) {
		t.Fatal("Reschedule failed")
	}
	if at, ok := s.When(a); !ok || at != 5 {
		t.Fatalf("When(a) = %v, %v", at, ok)
	}
	if ev, ok := s.Peek(); !ok || ev.Arg != 3 {
		t.Fatalf("Peek = %+v, %v", ev, ok)
	}
	runAll(t, s)
	r.check(t, "5/0/3", "5/0/1")
	// Fired ids are stale; a new event reuses a slot with a new generation.
	d := s.Schedule(Event{Time: 7, Arg: 4}, r)
	for _, id := range []EventID{a, b, c, 0, EventID(1 << 40), ^EventID(0)} {
		if s.Pending(id) || s.Cancel(id) || s.Reschedule(id, 9) {
			t.Errorf("stale id %x acts", id)
		}
	}
	if !s.Pending(d) || s.Len() != 1 {
		t.Error("a stale id touched another event")
	}
	mustPanic(t, "sim: schedule in the past", func() { s.Reschedule(d, 4) })
}

func TestPanics(t *testing.T) {
	s := NewScheduler()
	r := &recorder{}
	s.Schedule(Event{Time: 10}, r)
	s.Step()
	mustPanic(t, "sim: schedule in the past", func() { s.Schedule(Event{Time: 9}, r) })
	mustPanic(t, "sim: nil handler", func() { s.Schedule(Event{Time: 10}, nil) })
	mustPanic(t, "sim: nil handler", func() { s.After(1, Event{}, nil) })
	mustPanic(t, "sim: negative delay", func() { s.After(-1, Event{}, r) })
	mustPanic(t, "sim: nil observer", func() { s.Observe(nil) })
}

func TestRunUntil(t *testing.T) {
	s := NewScheduler()
	r := &recorder{}
	for _, at := range []Time{5, 10, 10, 15, 30} {
		s.Schedule(Event{Time: at, Arg: int64(at)}, r)
	}
	if err := s.Run(context.Background(), 10); err != nil {
		t.Fatal(err)
	}
	r.check(t, "5/0/5", "10/0/10", "10/0/10")
	if s.Now() != 10 || s.Len() != 2 {
		t.Errorf("Now %d Len %d", s.Now(), s.Len())
	}
	// The clock moves to until even with no event there.
	if err := s.Run(context.Background(), 20); err != nil {
		t.Fatal(err)
	}
	if s.Now() != 20 {
		t.Errorf("Now %d, want 20", s.Now())
	}
	// until in the past: nothing runs, the clock stays.
	if err := s.Run(context.Background(), 1); err != nil || s.Now() != 20 {
		t.Errorf("Run(1): %v, Now %d", err, s.Now())
	}
	runAll(t, s)
	if s.Now() != 30 {
		t.Errorf("Run(MaxTime) leaves Now %d, want 30 (the last event)", s.Now())
	}
}

// chain schedules the next event 1 ns later, forever.
type chain struct{ n int }

func (c *chain) Handle(s *Scheduler, ev Event) {
	c.n++
	s.After(1, ev, c)
}

func TestRunContextCancelled(t *testing.T) {
	s := NewScheduler()
	c := &chain{}
	s.Schedule(Event{}, c)
	ctx, cancel := context.WithCancel(context.Background())
	stopAt := HandlerFunc(func(s *Scheduler, ev Event) { cancel() })
	s.Schedule(Event{Time: 5000}, stopAt)
	err := s.Run(ctx, MaxTime)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
	// Checked every 1024 events: the run stops within 1024 events after
	// the cancellation at t = 5000 (c.n counts events at 0..Now).
	if s.Now() < 5000 || s.Now() > 5000+ctxCheckEvery {
		t.Errorf("stopped at %d, want within [5000, %d]", s.Now(), 5000+ctxCheckEvery)
	}
	// Partial progress is kept: the chain is still pending and continues.
	if s.Len() != 1 || c.n == 0 {
		t.Fatalf("Len %d n %d", s.Len(), c.n)
	}
	n := c.n
	if err := s.Run(context.Background(), s.Now()+10); err != nil {
		t.Fatal(err)
	}
	if c.n != n+10 {
		t.Errorf("resumed run executed %d events, want 10", c.n-n)
	}
	// An already-cancelled context returns at once.
	before := s.Executed()
	if err := s.Run(ctx, MaxTime); !errors.Is(err, context.Canceled) || s.Executed() != before {
		t.Errorf("Run(cancelled) = %v after %d events", err, s.Executed()-before)
	}
}

func TestStop(t *testing.T) {
	s := NewScheduler()
	r := &recorder{}
	s.Schedule(Event{Time: 1, Arg: 1}, r)
	s.Schedule(Event{Time: 2}, HandlerFunc(func(s *Scheduler, ev Event) { s.Stop() }))
	s.Schedule(Event{Time: 3, Arg: 3}, r)
	if err := s.Run(context.Background(), 100); err != nil {
		t.Fatal(err)
	}
	r.check(t, "1/0/1")
	if s.Now() != 2 || s.Len() != 1 {
		t.Errorf("after Stop: Now %d Len %d", s.Now(), s.Len())
	}
	// Stop outside Run has no effect on the next Run.
	s.Stop()
	runAll(t, s)
	r.check(t, "1/0/1", "3/0/3")
}

type countObs struct{ evs []Event }

func (o *countObs) ObserveEvent(ev Event) { o.evs = append(o.evs, ev) }

func TestObserveAndReset(t *testing.T) {
	s := NewScheduler()
	o := &countObs{}
	s.Observe(o)
	r := &recorder{}
	id := s.Schedule(Event{Time: 3, Kind: 7, Entity: 2, Arg: 9}, r)
	s.Schedule(Event{Time: 4}, r)
	s.Step()
	if len(o.evs) != 1 || o.evs[0] != (Event{Time: 3, Kind: 7, Entity: 2, Arg: 9}) {
		t.Fatalf("observed %+v", o.evs)
	}
	s.Reset()
	if s.Now() != 0 || s.Len() != 0 || s.Executed() != 0 {
		t.Fatalf("Reset: Now %d Len %d Executed %d", s.Now(), s.Len(), s.Executed())
	}
	if s.Step() {
		t.Fatal("Step after Reset ran an event")
	}
	// IDs from before Reset are stale even when their slot is reused.
	id2 := s.Schedule(Event{Time: 1}, r)
	if s.Pending(id) || s.Cancel(id) || !s.Pending(id2) {
		t.Error("an ID from before Reset is live")
	}
	for _, sl := range s.slots {
		if sl.h != nil && sl.key == 0 {
			t.Error("Reset left a handler reference in a free slot")
		}
	}
	s.Step()
	if len(o.evs) != 2 {
		t.Errorf("observer lost across Reset: %d events", len(o.evs))
	}
}

func TestEmptyScheduler(t *testing.T) {
	s := NewScheduler()
	if s.Step() || s.Len() != 0 {
		t.Error("empty scheduler stepped")
	}
	if _, ok := s.Peek(); ok {
		t.Error("Peek on empty")
	}
	runAll(t, s)
	if s.Now() != 0 {
		t.Errorf("Now %d", s.Now())
	}
}

// TestCancelledSlotsCleared checks that cancellation drops the handler at
// once and that stale heap entries are compacted away, so cancelled events
// do not leak.
func TestCancelledSlotsCleared(t *testing.T) {
	s := NewScheduler()
	r := &recorder{}
	const n = 1000
	ids := make([]EventID, n)
	for i := range ids {
		ids[i] = s.Schedule(Event{Time: Time(i)}, r)
	}
	for _, id := range ids[:n-1] {
		s.Cancel(id)
	}
	if s.Len() != 1 {
		t.Fatalf("Len %d", s.Len())
	}
	if len(s.heap) > 2*s.Len()+1 {
		t.Errorf("heap holds %d entries for %d pending: stale entries leak", len(s.heap), s.Len())
	}
	held := 0
	for _, sl := range s.slots {
		if sl.h != nil {
			held++
		}
	}
	if held != 1 {
		t.Errorf("%d slots hold a handler, want 1", held)
	}
	// Rescheduling repeatedly does not grow the heap either.
	for i := range 10 * n {
		s.Reschedule(ids[n-1], Time(n+i))
	}
	if len(s.heap) > 3 {
		t.Errorf("heap holds %d entries after reschedules", len(s.heap))
	}
	runAll(t, s)
	r.check(t, fmt.Sprintf("%d/0/0", 11*n-1))
}

// TestRenumber drives the FIFO sequence to its 28-bit limit and checks
// that renumbering keeps the order.
func TestRenumber(t *testing.T) {
	s := NewScheduler()
	r := &recorder{}
	for i := range 20 {
		s.Schedule(Event{Time: Time(i % 3), Arg: int64(i)}, r)
	}
	want := []string{}
	for at := range 3 {
		for i := range 20 {
			if i%3 == at {
				want = append(want, fmt.Sprintf("%d/0/%d", at, i))
			}
		}
	}
	s.seq = seqLimit - 5 // the next few schedules wrap
	for i := 20; i < 40; i++ {
		s.Schedule(Event{Time: 3, Arg: int64(i)}, r)
		want = append(want, fmt.Sprintf("3/0/%d", i))
	}
	if s.seq >= seqLimit-5 {
		t.Fatalf("no renumbering happened (seq %d)", s.seq)
	}
	runAll(t, s)
	r.check(t, want...)
}

// TestNeverIsNotQueued: MaxTime means "never", so an event there is not
// queued (Schedule and After return the zero ID), moving an event there
// cancels it, and a run to MaxTime ends at the last real event.
func TestNeverIsNotQueued(t *testing.T) {
	s := NewScheduler()
	r := &recorder{}
	s.Schedule(Event{Time: 10}, r)
	s.Step()
	if id := s.After(MaxTime, Event{}, r); id != 0 || s.Len() != 0 {
		t.Errorf("After(MaxTime) = %d, Len %d; want no event", id, s.Len())
	}
	if id := s.Schedule(Event{Time: MaxTime}, r); id != 0 || s.Len() != 0 {
		t.Errorf("Schedule at MaxTime = %d, Len %d; want no event", id, s.Len())
	}
	id := s.Schedule(Event{Time: 20}, r)
	if !s.Reschedule(id, MaxTime) || s.Pending(id) || s.Len() != 0 {
		t.Errorf("Reschedule to MaxTime left the event pending")
	}
	if err := s.Run(context.Background(), MaxTime); err != nil || s.Now() != 10 {
		t.Errorf("Run: %v, Now %d; want the last real event's time 10", err, s.Now())
	}
}
