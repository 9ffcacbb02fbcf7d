package sim

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// grants records "time:arg@unit" for each delivered grant.
type grants struct{ got []string }

func (g *grants) Handle(s *Scheduler, ev Event) {
	g.got = append(g.got, fmt.Sprintf("%d:%d@%d", ev.Time, ev.Arg, ev.Entity))
}

func (g *grants) check(t *testing.T, want ...string) {
	t.Helper()
	if !slices.Equal(g.got, want) {
		t.Errorf("grants %v, want %v", g.got, want)
	}
}

func TestResourcePriorityFIFOAndUnits(t *testing.T) {
	s := NewScheduler()
	r := NewResource(s, 2)
	g := &grants{}
	// Two free units: granted at Now() = 0, lowest unit first, but only
	// delivered through the scheduler (nothing yet).
	r.Request(5, Event{Arg: 1, Entity: 99}, g)
	r.Request(5, Event{Arg: 2}, g)
	if r.InUse() != 2 || len(g.got) != 0 {
		t.Fatalf("InUse %d, delivered %v before the scheduler ran", r.InUse(), g.got)
	}
	// Waiting: priorities 3, 1, 3, 1 arrive in this order; expected grant
	// order is 1 (arg 4), 1 (arg 6), 3 (arg 3), 3 (arg 5).
	r.Request(3, Event{Arg: 3}, g)
	r.Request(1, Event{Arg: 4}, g)
	r.Request(3, Event{Arg: 5}, g)
	r.Request(1, Event{Arg: 6}, g)
	if r.Queued() != 4 || r.Capacity() != 2 {
		t.Fatalf("Queued %d", r.Queued())
	}
	s.Run(context.Background(), 0)
	g.check(t, "0:1@0", "0:2@1") // Entity 99 overwritten by the unit
	// Release unit 1 at t = 10 and unit 0 at t = 20, then both at 30.
	rel := func(at Time, units ...int) {
		s.Schedule(Event{Time: at}, HandlerFunc(func(s *Scheduler, ev Event) {
			for _, u := range units {
				r.Release(u)
			}
		}))
	}
	rel(10, 1)
	rel(20, 0)
	rel(30, 1, 0)
	s.Run(context.Background(), MaxTime)
	// Each release hands over at the same instant.
	g.check(t, "0:1@0", "0:2@1", "10:4@1", "20:6@0", "30:3@1", "30:5@0")
	if r.InUse() != 2 || r.Queued() != 0 {
		t.Errorf("InUse %d Queued %d", r.InUse(), r.Queued())
	}
}

func TestResourceGrantOrderedWithinInstant(t *testing.T) {
	// A grant at a release instant is an event of its own priority: an
	// expiry scheduled before it at the same instant still runs after a
	// grant with action priority.
	s := NewScheduler()
	r := NewResource(s, 1)
	var order []string
	rec := func(name string) Handler {
		return HandlerFunc(func(*Scheduler, Event) { order = append(order, name) })
	}
	r.Request(0, Event{Priority: PriorityAction}, rec("first"))
	s.Step()
	s.Schedule(Event{Time: 5, Priority: PriorityImpact}, HandlerFunc(func(s *Scheduler, ev Event) {
		r.Request(0, Event{Priority: PriorityAction}, rec("grant"))
		r.Release(0)
		s.After(0, Event{Priority: PriorityExpiry}, rec("expiry"))
	}))
	s.Schedule(Event{Time: 5, Priority: PriorityExpiry}, rec("old expiry"))
	s.Run(context.Background(), MaxTime)
	want := []string{"first", "grant", "old expiry", "expiry"}
	if !slices.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
}

func TestResourceCancelRequest(t *testing.T) {
	s := NewScheduler()
	r := NewResource(s, 1)
	g := &grants{}
	a := r.Request(0, Event{Arg: 1}, g) // granted, not delivered
	b := r.Request(0, Event{Arg: 2}, g) // queued
	c := r.Request(0, Event{Arg: 3}, g) // queued
	if !r.CancelRequest(b) || r.CancelRequest(b) || r.Queued() != 1 {
		t.Fatal("cancelling a queued request")
	}
	// Cancelling an undelivered grant passes the unit to c at once.
	if !r.CancelRequest(a) || r.InUse() != 1 || r.Queued() != 0 {
		t.Fatalf("cancelling a granted request: InUse %d Queued %d", r.InUse(), r.Queued())
	}
	s.Run(context.Background(), MaxTime)
	g.check(t, "0:3@0")
	if r.CancelRequest(c) || r.CancelRequest(0) || r.CancelRequest(RequestID(1<<40)) {
		t.Error("a delivered, zero or stale request was cancelled")
	}
	mustPanic(t, "sim: release of a free unit", func() { r.Release(1) })
	mustPanic(t, "sim: release of a free unit", func() { r.Release(-1) })
	r.Release(0)
	mustPanic(t, "sim: release of a free unit", func() { r.Release(0) })
	r.Request(0, Event{}, g)
	mustPanic(t, "sim: release of an undelivered unit", func() { r.Release(0) })
	mustPanic(t, "sim: nil handler", func() { r.Request(0, Event{}, nil) })
	mustPanic(t, "sim: negative resource capacity", func() { NewResource(s, -1) })
}

func TestResourceManyUnits(t *testing.T) {
	// 130 units span three bitset words; they are granted 0..129 in order
	// and a released unit in the middle is reused first.
	s := NewScheduler()
	r := NewResource(s, 130)
	g := &grants{}
	for range 131 {
		r.Request(0, Event{}, g)
	}
	s.Run(context.Background(), MaxTime)
	if len(g.got) != 130 || g.got[129] != "0:0@129" || r.Queued() != 1 {
		t.Fatalf("%d grants, last %s, queued %d", len(g.got), g.got[len(g.got)-1], r.Queued())
	}
	r.Release(70)
	s.Run(context.Background(), MaxTime)
	if g.got[130] != "0:0@70" {
		t.Errorf("got %s, want unit 70", g.got[130])
	}
}
