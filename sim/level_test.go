package sim

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// bounds records "time:kind" for each empty (Kind 1) or full (Kind 2) event.
type bounds struct{ got []string }

func (b *bounds) Handle(s *Scheduler, ev Event) {
	b.got = append(b.got, fmt.Sprintf("%d:%d", ev.Time, ev.Kind))
}

func newTestLevel(s *Scheduler, capacity, initial float64) (*Level, *bounds) {
	b := &bounds{}
	return NewLevel(s, capacity, initial, Event{Priority: PriorityExpiry, Kind: 1}, Event{Priority: PriorityExpiry, Kind: 2}, b), b
}

// at runs f at instant t.
func at(s *Scheduler, t Time, f func()) {
	s.Schedule(Event{Time: t, Priority: PriorityAction}, HandlerFunc(func(*Scheduler, Event) { f() }))
}

func TestLevelDrainExact(t *testing.T) {
	// 4 units at 1 unit/h empty after exactly 4 h = 14 400 000 000 000 ns.
	s := NewScheduler()
	l, b := newTestLevel(s, 10, 4)
	l.SetRate(1)
	s.Run(context.Background(), MaxTime)
	if want := []string{"14400000000000:1"}; !slices.Equal(b.got, want) {
		t.Fatalf("events %v, want %v", b.got, want)
	}
	if !l.Empty() || l.Amount() != 0 {
		t.Errorf("Amount %v", l.Amount())
	}
	// 1 unit at 3 units/h: 20 min exactly (3.6e12/3 = 1.2e12 ns).
	s2 := NewScheduler()
	l2, b2 := newTestLevel(s2, 1, 1)
	l2.SetRate(3)
	s2.Run(context.Background(), MaxTime)
	if want := []string{fmt.Sprint(int64(20*Minute)) + ":1"}; !slices.Equal(b2.got, want) {
		t.Errorf("events %v, want %v", b2.got, want)
	}
	// 1 unit at 7 units/h: 3.6e12/7 = 514285714285.71 ns, rounded up to
	// ...286 so the event is never early.
	s3 := NewScheduler()
	l3, b3 := newTestLevel(s3, 1, 1)
	l3.SetRate(7)
	s3.Run(context.Background(), MaxTime)
	if want := []string{"514285714286:1"}; !slices.Equal(b3.got, want) {
		t.Errorf("events %v, want %v", b3.got, want)
	}
}

func TestLevelRateChangeMidway(t *testing.T) {
	// Start 6 at 1/h. At 2 h (4 left) the rate doubles: empty 4/2 = 2 h
	// later, at 4 h.
	s := NewScheduler()
	l, b := newTestLevel(s, 6, 6)
	l.SetRate(1)
	at(s, 2*Hour, func() {
		if got := l.Amount(); got != 4 {
			t.Errorf("amount at 2h = %v, want 4", got)
		}
		l.SetRate(2)
	})
	s.Run(context.Background(), MaxTime)
	if want := []string{fmt.Sprint(int64(4*Hour)) + ":1"}; !slices.Equal(b.got, want) {
		t.Errorf("events %v, want %v", b.got, want)
	}
	// Drain 6 at 1/h for 3 h (3 left), fill at 1.5/h: full after 2 h at 5 h;
	// then drain at 3/h: empty 6/3 = 2 h later, at 7 h. The rate change at
	// 5 h runs before the full event of the same instant (action <
	// expiry), which must still be delivered and then plan the drain.
	s = NewScheduler()
	l, b = newTestLevel(s, 6, 6)
	l.SetRate(1)
	at(s, 3*Hour, func() { l.SetRate(-1.5) })
	at(s, 5*Hour, func() {
		if !l.Full() {
			t.Errorf("not full at 5h: %v", l.Amount())
		}
		l.SetRate(3)
	})
	s.Run(context.Background(), MaxTime)
	want := []string{fmt.Sprint(int64(5*Hour)) + ":2", fmt.Sprint(int64(7*Hour)) + ":1"}
	if !slices.Equal(b.got, want) {
		t.Errorf("events %v, want %v", b.got, want)
	}
}

func TestLevelRateZeroAndAlreadyEmpty(t *testing.T) {
	s := NewScheduler()
	l, b := newTestLevel(s, 5, 3)
	l.SetRate(1)
	at(s, Hour, func() { l.SetRate(0) }) // 2 left, no event
	s.Run(context.Background(), 100*Hour)
	if len(b.got) != 0 || l.Amount() != 2 || l.Rate() != 0 || s.Len() != 0 {
		t.Errorf("rate 0: events %v amount %v pending %d", b.got, l.Amount(), s.Len())
	}
	// An empty level that starts draining did not become empty: no event.
	l2, b2 := newTestLevel(s, 5, 0)
	l2.SetRate(2)
	s.Run(context.Background(), MaxTime)
	if len(b2.got) != 0 || !l2.Empty() {
		t.Errorf("already empty: events %v", b2.got)
	}
	// Add that reaches a bound delivers at once.
	l2.SetRate(0)
	l2.Add(10) // clamped to 5: full
	l2.Add(-5) // empty again, at the same instant: the full event is replaced
	s.Run(context.Background(), MaxTime)
	now := fmt.Sprint(int64(s.Now()))
	if want := []string{now + ":1"}; !slices.Equal(b2.got, want) {
		t.Errorf("Add: events %v, want %v", b2.got, want)
	}
}

func TestLevelBoundAtNowKept(t *testing.T) {
	// The empty event is due at 2 h; a handler of higher priority at the
	// same instant changes the rate. The level did become empty, so the
	// event is still delivered.
	s := NewScheduler()
	l, b := newTestLevel(s, 2, 2)
	l.SetRate(1)
	s.Schedule(Event{Time: 2 * Hour, Priority: PriorityImpact}, HandlerFunc(func(*Scheduler, Event) {
		l.SetRate(5)
	}))
	s.Run(context.Background(), MaxTime)
	if want := []string{fmt.Sprint(int64(2*Hour)) + ":1"}; !slices.Equal(b.got, want) {
		t.Errorf("events %v, want %v", b.got, want)
	}
}

func TestLevelRefillToFull(t *testing.T) {
	// 1 of 4 filling at 0.25/h: full after 12 h; Add(1) at 4 h (2 in
	// stock) moves it to 8 h.
	s := NewScheduler()
	l, b := newTestLevel(s, 4, 1)
	l.SetRate(-0.25)
	at(s, 4*Hour, func() {
		l.Add(1)
		if l.Amount() != 3 {
			t.Errorf("amount %v, want 3", l.Amount())
		}
	})
	s.Run(context.Background(), MaxTime)
	if want := []string{fmt.Sprint(int64(8*Hour)) + ":2"}; !slices.Equal(b.got, want) {
		t.Errorf("events %v, want %v", b.got, want)
	}
	if !l.Full() || l.Amount() != 4 {
		t.Errorf("amount %v", l.Amount())
	}
}

func TestLevelNever(t *testing.T) {
	// A rate so small that emptying is beyond MaxTime schedules nothing.
	s := NewScheduler()
	l, _ := newTestLevel(s, 1e9, 1e9)
	l.SetRate(1e-9)
	if s.Len() != 0 {
		t.Errorf("%d events pending for an effectively infinite drain", s.Len())
	}
}

func TestLevelPanics(t *testing.T) {
	s := NewScheduler()
	h := &bounds{}
	mustPanic(t, "sim: invalid level capacity", func() { NewLevel(s, -1, 0, Event{}, Event{}, h) })
	mustPanic(t, "sim: level initial amount out of range", func() { NewLevel(s, 1, 2, Event{}, Event{}, h) })
	mustPanic(t, "sim: nil handler", func() { NewLevel(s, 1, 1, Event{}, Event{}, nil) })
	l, _ := newTestLevel(s, 1, 1)
	nan := 0.0
	nan /= nan
	mustPanic(t, "sim: invalid level rate", func() { l.SetRate(nan) })
	mustPanic(t, "sim: invalid level amount", func() { l.Add(nan) })
}
