package sim

import (
	"context"
	"testing"
)

// The zero-allocation contract of doc.go: once grown, the hot paths
// allocate nothing.

func TestAllocsScheduleStep(t *testing.T) {
	s := NewScheduler()
	h := &holdHandler{}
	for range 1000 {
		s.Schedule(Event{Time: holdDelays[h.next&holdMask]}, h)
		h.next++
	}
	if n := testing.AllocsPerRun(1000, func() { s.Step() }); n != 0 {
		t.Errorf("Step (with a handler that reschedules): %v allocs", n)
	}
	// Schedule then Step, from outside any handler, with a HandlerFunc of a
	// top-level function.
	f := HandlerFunc(nopHandler)
	if n := testing.AllocsPerRun(1000, func() {
		s.Schedule(Event{Time: s.Now() + 1}, f)
		s.Step()
	}); n != 0 {
		t.Errorf("Schedule+Step: %v allocs", n)
	}
	ctx := context.Background()
	if n := testing.AllocsPerRun(100, func() { s.Run(ctx, s.Now()+Second) }); n != 0 {
		t.Errorf("Run: %v allocs", n)
	}
}

func nopHandler(*Scheduler, Event) {}

func TestAllocsCancel(t *testing.T) {
	s := NewScheduler()
	h := &cancelHandler{}
	for range 1000 {
		s.Schedule(Event{Time: holdDelays[h.next&holdMask]}, h)
		h.next++
	}
	// Warm up past a few compactions so that the heap has its full size.
	for range 10000 {
		s.Step()
	}
	if n := testing.AllocsPerRun(10000, func() { s.Step() }); n != 0 {
		t.Errorf("Step+2×Schedule+Cancel: %v allocs", n)
	}
	id := s.After(Hour, Event{}, h)
	if n := testing.AllocsPerRun(1000, func() {
		s.Reschedule(id, s.Now()+2*Hour)
		s.Cancel(id)
		id = s.After(Hour, Event{}, h)
	}); n != 0 {
		t.Errorf("Reschedule+Cancel+After: %v allocs", n)
	}
}

func TestAllocsStreamFingerprint(t *testing.T) {
	var fp Fingerprint
	if n := testing.AllocsPerRun(1000, func() {
		st := NewStream(1, StreamHazard, 7) // a local value: stays on the stack
		st.SetObserver(&fp)
		_ = st.Float64() + st.ExpFloat64() + st.NormFloat64() + float64(st.IntN(10))
		fp.ObserveEvent(Event{})
	}); n != 0 {
		t.Errorf("Stream and Fingerprint: %v allocs", n)
	}
}

func TestAllocsResourceLevel(t *testing.T) {
	s := NewScheduler()
	r := NewResource(s, 1)
	l, _ := newTestLevel(s, 10, 10)
	h := HandlerFunc(nopHandler)
	// Warm up.
	for range 10 {
		r.Request(0, Event{}, h)
		r.Request(0, Event{}, h)
		s.Step()
		r.Release(0)
		s.Step()
		r.Release(0)
	}
	if n := testing.AllocsPerRun(1000, func() {
		r.Request(0, Event{}, h)
		id := r.Request(1, Event{}, h)
		s.Step()
		r.CancelRequest(id)
		r.Release(0)
		l.SetRate(1)
		l.Add(-1)
		l.SetRate(-1)
		l.Add(1)
	}); n != 0 {
		t.Errorf("Resource and Level: %v allocs", n)
	}
}
