package sim

import "math"

// Level is a stock in [0, Capacity] that changes at a constant rate between
// changes of rate: a battery, a fuel tank, a water tank, a buffer of
// autonomy-hours. It is never stepped in time: it stores the amount at the
// instant of its last change and the rate, computes the amount at Now() on
// demand, and keeps at most one scheduled event for the instant it will
// become empty (draining) or full (filling).
//
// Units: the amount and the capacity are in the user's unit (kWh, m³,
// autonomy-hours); the rate is in that unit per hour, positive when draining
// and negative when filling.
//
// The analytic rule: after a change at instant t0 with amount a and rate
// r > 0, the empty event is scheduled at
//
//	t0 + ceil(a · Hour / r) ns
//
// and with r < 0 the full event at t0 + ceil((Capacity − a) · Hour / −r) ns.
// Rounding up makes the event never early: at that instant the amount
// computed by Amount has reached the bound (and is clamped to it), and the
// handler sees exactly 0 or Capacity. For example 4 units at 1 per hour
// empty exactly 4 h (14 400 000 000 000 ns) later. A time beyond MaxTime
// means no event. With rate 0 nothing is scheduled.
//
// The empty event is delivered when the amount reaches 0 from above, by
// draining or by Add; the full event when it reaches Capacity from below. A
// level that is already empty when it starts draining delivers nothing (it
// did not become empty). Each event is delivered to the handler given to
// NewLevel with Time set to the instant; its Priority orders it among the
// events of that instant. SetRate and Add cancel or move the pending event;
// an event already due at Now() whose bound still holds is kept (and the
// next one is planned when it is delivered).
type Level struct {
	s        *Scheduler
	capacity float64 // in the user's unit
	amount   float64 // at since
	since    Time
	rate     float64 // user units per hour; > 0 drains, < 0 fills
	onEmpty  Event
	onFull   Event
	h        Handler
	id       EventID // the pending empty or full event, or 0
	toFull   bool    // the pending event is the full event
}

// NewLevel returns a level of the given capacity holding initial, with rate
// 0, whose empty and full events (onEmpty, onFull) are delivered to h
// through s. It panics with "sim: ..." if s or h is nil, if capacity is
// negative, infinite or NaN, or if initial is not in [0, capacity].
func NewLevel(s *Scheduler, capacity, initial float64, onEmpty, onFull Event, h Handler) *Level {
	switch {
	case s == nil:
		panic("sim: nil scheduler")
	case h == nil:
		panic("sim: nil handler")
	case !(capacity >= 0) || math.IsInf(capacity, 1):
		panic("sim: invalid level capacity")
	case !(initial >= 0 && initial <= capacity):
		panic("sim: level initial amount out of range")
	}
	return &Level{
		s:        s,
		capacity: capacity,
		amount:   initial,
		since:    s.Now(),
		onEmpty:  onEmpty,
		onFull:   onFull,
		h:        h,
	}
}

// Capacity returns the level's capacity.
func (l *Level) Capacity() float64 { return l.capacity }

// Rate returns the current rate in units per hour (> 0 draining).
func (l *Level) Rate() float64 { return l.rate }

// Amount returns the amount at Now(), clamped to [0, Capacity].
func (l *Level) Amount() float64 {
	now := l.s.Now()
	if now == l.since || l.rate == 0 {
		return l.amount
	}
	a := l.amount - l.rate*(float64(now-l.since)/float64(Hour))
	return min(max(a, 0), l.capacity)
}

// Empty reports whether the amount at Now() is 0.
func (l *Level) Empty() bool { return l.Amount() == 0 }

// Full reports whether the amount at Now() equals the capacity.
func (l *Level) Full() bool { return l.Amount() == l.capacity }

// settle records the amount at Now().
func (l *Level) settle() {
	l.amount = l.Amount()
	l.since = l.s.Now()
}

// SetRate changes the rate (units per hour, > 0 drains, < 0 fills) from
// Now() on: it settles the amount up to Now() and then schedules the empty
// or full event by the analytic rule, cancelling or moving the previous
// one. It panics with "sim: invalid level rate" if perHour is NaN or
// infinite.
func (l *Level) SetRate(perHour float64) {
	if math.IsNaN(perHour) || math.IsInf(perHour, 0) {
		panic("sim: invalid level rate")
	}
	l.settle()
	l.rate = perHour
	l.plan(false, false)
}

// Add changes the amount at once by amount (negative to draw down),
// clamping the result to [0, Capacity], and reschedules. Reaching a bound
// this way delivers its event at Now(). It panics with "sim: invalid level
// amount" if amount is NaN.
func (l *Level) Add(amount float64) {
	if math.IsNaN(amount) {
		panic("sim: invalid level amount")
	}
	l.settle()
	before := l.amount
	l.amount = min(max(before+amount, 0), l.capacity)
	l.plan(before > 0 && l.amount == 0, before < l.capacity && l.amount == l.capacity)
}

// after returns the instant at which qty units are consumed at perHour > 0
// units per hour from now: now + ceil(qty·Hour/perHour) ns, multiplied
// before dividing so that exact cases (4 units at 1/h, 1 unit at 3/h) stay
// exact; false if that is beyond MaxTime.
func after(now Time, qty, perHour float64) (Time, bool) {
	ns := math.Ceil(qty * float64(Hour) / perHour)
	if !(ns >= 0 && ns < float64(MaxTime)) { // float64(MaxTime) is 2⁶³
		return 0, false
	}
	d := Time(ns)
	if d > MaxTime-now {
		return 0, false
	}
	return now + d, true
}

// plan (re)schedules the pending event after a change at Now().
func (l *Level) plan(emptied, filled bool) {
	now := l.s.Now()
	if t, ok := l.s.When(l.id); ok && t == now {
		if l.toFull && l.amount == l.capacity || !l.toFull && l.amount == 0 {
			return // a bound reached at this instant stays delivered
		}
	}
	var (
		at     Time
		toFull bool
		ok     bool
	)
	switch {
	case emptied:
		at, ok = now, true
	case filled:
		at, toFull, ok = now, true, true
	case l.rate > 0 && l.amount > 0:
		at, ok = after(now, l.amount, l.rate)
	case l.rate < 0 && l.amount < l.capacity:
		at, ok = after(now, l.capacity-l.amount, -l.rate)
		toFull = true
	}
	if !ok {
		l.s.Cancel(l.id)
		l.id = 0
		return
	}
	if toFull == l.toFull && l.s.Reschedule(l.id, at) {
		return
	}
	l.s.Cancel(l.id)
	ev := l.onEmpty
	if toFull {
		ev = l.onFull
	}
	ev.Time = at
	l.toFull = toFull
	l.id = l.s.push(ev, (*levelBound)(l))
}

// levelBound delivers the empty and full events.
type levelBound Level

func (b *levelBound) Handle(s *Scheduler, ev Event) {
	l := (*Level)(b)
	l.id = 0
	l.since = s.Now()
	if l.toFull {
		l.amount = l.capacity
	} else {
		l.amount = 0
	}
	// A rate changed at this instant before the bound was delivered may
	// already lead away from it.
	l.plan(false, false)
	l.h.Handle(s, ev)
}
