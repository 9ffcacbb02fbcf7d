package sim

import (
	"context"
	"fmt"
)

// noSlot ends the free list of slots.
const noSlot = ^uint32(0)

// Scheduler is the discrete-event kernel: a clock and a queue of pending
// events ordered by (time, priority, scheduling order). See the package
// documentation for the ordering contract, the panics and the cost of each
// operation.
//
// A Scheduler is not safe for concurrent use; run one per replication (or
// reuse one per worker with Reset).
type Scheduler struct {
	now       Time
	heap      []entry // 4-ary min-heap of (time, priority<<56|seq, slot)
	slots     []slot  // payload of each event; free slots form a list
	free      uint32  // head of the free list, or noSlot
	seq       uint64  // last FIFO sequence handed out (56 bits used)
	stale     int     // heap entries whose event was cancelled or moved
	executed  uint64
	observers []Observer
	stopped   bool
	hole      bool // heap[0] is vacant: popped, not yet refilled
}

// NewScheduler returns an empty scheduler with its clock at 0.
func NewScheduler() *Scheduler {
	return &Scheduler{free: noSlot}
}

// Now returns the current simulation time: the time of the event being (or
// last) executed, or the until argument of the last completed Run.
func (s *Scheduler) Now() Time { return s.now }

// Executed returns the number of events executed since the scheduler was
// created or last Reset.
func (s *Scheduler) Executed() uint64 { return s.executed }

// Observe adds an observer, called for every executed event just before its
// handler, in the order observers were added. It panics if o is nil.
func (s *Scheduler) Observe(o Observer) {
	if o == nil {
		panic("sim: nil observer")
	}
	s.observers = append(s.observers, o)
}

// Schedule schedules ev at the absolute instant ev.Time, to be handled by h,
// and returns its ID. An event at MaxTime would never run: it is not queued
// and Schedule returns the zero EventID (which Cancel, Pending and When
// treat as no event).
//
// Schedule panics with "sim: schedule in the past" if ev.Time < Now() and
// with "sim: nil handler" if h is nil. It runs in O(log n) time for n pending
// events and does not allocate once the scheduler has grown to its working
// size.
func (s *Scheduler) Schedule(ev Event, h Handler) EventID {
	if ev.Time < s.now {
		panic("sim: schedule in the past")
	}
	if h == nil {
		panic("sim: nil handler")
	}
	if ev.Time == MaxTime {
		return 0
	}
	return s.push(ev, h)
}

// After schedules ev at Now().Add(d) (overwriting ev.Time) and returns its
// ID. An instant at or beyond MaxTime saturates to MaxTime, "never": nothing
// is queued and After returns the zero EventID. After panics with
// "sim: negative delay" if d < 0, and as Schedule does if h is nil.
func (s *Scheduler) After(d Time, ev Event, h Handler) EventID {
	if d < 0 {
		panic("sim: negative delay")
	}
	ev.Time = s.now.Add(d)
	return s.Schedule(ev, h)
}

// lookup returns the slot of a pending event.
func (s *Scheduler) lookup(id EventID) (uint32, bool) {
	i, gen, ok := id.split()
	if !ok || uint64(i) >= uint64(len(s.slots)) {
		return 0, false
	}
	sl := &s.slots[i]
	return i, sl.gen == gen && sl.h != nil
}

// Pending reports whether id is a scheduled event that has not yet fired or
// been cancelled.
func (s *Scheduler) Pending(id EventID) bool {
	_, ok := s.lookup(id)
	return ok
}

// When returns the instant of the pending event id, or false if id is not
// pending.
func (s *Scheduler) When(id EventID) (Time, bool) {
	i, ok := s.lookup(id)
	if !ok {
		return 0, false
	}
	return s.slots[i].ev.Time, true
}

// Cancel removes the pending event id and reports whether it was pending. A
// fired, cancelled, stale or zero id returns false and changes nothing. The
// event's handler reference is dropped at once. Amortised O(log n).
func (s *Scheduler) Cancel(id EventID) bool {
	i, ok := s.lookup(id)
	if !ok {
		return false
	}
	s.remove(i)
	return true
}

// Reschedule moves the pending event id to the instant at, keeping its ID,
// and reports whether it was pending. The event takes a fresh FIFO position:
// it runs after the events already scheduled at (at, its priority).
// Moving an event to MaxTime ("never") cancels it. Reschedule panics with
// "sim: schedule in the past" if at < Now(). Amortised O(log n).
func (s *Scheduler) Reschedule(id EventID, at Time) bool {
	if at < s.now {
		panic("sim: schedule in the past")
	}
	i, ok := s.lookup(id)
	if !ok {
		return false
	}
	if at == MaxTime {
		s.remove(i)
		return true
	}
	s.move(i, at)
	return true
}

// Len returns the number of pending events (cancelled events excluded).
func (s *Scheduler) Len() int { return s.live() }

// Peek returns the earliest pending event without executing it, or false if
// none is pending.
func (s *Scheduler) Peek() (Event, bool) {
	i, ok := s.min()
	if !ok {
		return Event{}, false
	}
	return s.slots[i].ev, true
}

// Step executes the earliest pending event: it advances the clock to the
// event's time, calls the observers and then the handler. It returns false if
// no event is pending. O(log n).
func (s *Scheduler) Step() bool {
	i, ok := s.pop()
	if !ok {
		return false
	}
	sl := &s.slots[i]
	ev, h := sl.ev, sl.h
	s.release(i)
	s.now = ev.Time
	s.executed++
	for _, o := range s.observers {
		o.ObserveEvent(ev)
	}
	h.Handle(s, ev)
	return true
}

// ctxCheckEvery is how many events Run executes between two checks of its
// context.
const ctxCheckEvery = 1024

// Run executes, in order, every pending event with Time <= until, including
// events scheduled by handlers while it runs; then, unless until is MaxTime,
// it advances the clock to until (never backwards).
//
// Run checks ctx when it starts and then every 1024 events or so, not per
// event. When ctx is done, Run returns an error wrapping ctx.Err() and leaves
// the clock and the queue as they are, so the caller can report partial
// results and even continue. Stop, called from a handler, makes Run return
// nil after that handler, also without advancing the clock to until.
func (s *Scheduler) Run(ctx context.Context, until Time) error {
	s.stopped = false
	done := ctx.Done()
	if done != nil {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("sim: run interrupted at %v: %w", s.now, err)
		}
	}
	n := 0
	for {
		i, ok := s.min()
		if !ok || s.slots[i].ev.Time > until {
			break
		}
		if done != nil {
			n++
			if n%ctxCheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					return fmt.Errorf("sim: run interrupted at %v: %w", s.now, err)
				}
			}
		}
		s.Step()
		if s.stopped {
			s.stopped = false
			return nil
		}
	}
	if until != MaxTime && until > s.now {
		s.now = until
	}
	return nil
}

// Stop makes the Run in progress return nil once the current handler
// returns. Outside Run it has no effect.
func (s *Scheduler) Stop() { s.stopped = true }

// Reset empties the queue, sets the clock and Executed to 0, and keeps the
// observers and the memory already grown, so that one scheduler serves many
// replications without allocating. IDs issued before Reset become stale.
func (s *Scheduler) Reset() {
	s.heap = s.heap[:0]
	s.hole = false
	s.stale = 0
	s.seq = 0
	s.now = 0
	s.executed = 0
	s.stopped = false
	s.clearSlots()
}

// alloc takes a slot from the free list (the most recently freed first, which
// keeps a handler's reschedule in a warm cache line) or grows the array.
func (s *Scheduler) alloc() uint32 {
	i := s.free
	if i == noSlot {
		if len(s.slots) > slotMask {
			panic("sim: too many pending events")
		}
		s.slots = append(s.slots, slot{next: noSlot})
		return uint32(len(s.slots) - 1)
	}
	s.free = s.slots[i].next
	return i
}
