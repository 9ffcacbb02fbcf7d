package sim

// Priority orders events due at the same instant: a lower value runs first,
// and events of equal time and priority run in the order they were
// scheduled (FIFO).
type Priority uint8

// The same-instant order of the package documentation. The gaps leave room for finer levels
// (for example PriorityTrip+1) without renumbering.
const (
	// PriorityImpact: hazard impacts (damage, removal) apply first.
	PriorityImpact Priority = 10
	// PrioritySuspend: suspensions and resumptions (a flooded site).
	PrioritySuspend Priority = 20
	// PriorityTrip: protection trips and reclosing.
	PriorityTrip Priority = 30
	// PriorityAction: repairs and responder actions.
	PriorityAction Priority = 40
	// PriorityExpiry: lag and buffer expiry run last, so that anything that
	// restores supply at the same instant wins the race.
	PriorityExpiry Priority = 50
)

// Kind is a user-defined event code. The kernel does not interpret it; it is
// part of the fingerprint.
type Kind uint16

// Event is a typed value event. Its payload is integer only (Entity, Arg), so
// scheduling an event never allocates.
type Event struct {
	Time     Time     // absolute instant, ns since the scenario start
	Priority Priority // same-instant order, lower first
	Kind     Kind     // user-defined event code
	Entity   int32    // payload: usually a component, link or unit index
	Arg      int64    // payload: anything else (a cause id, a count)
}

// Handler handles an event when the scheduler executes it. Handle runs with
// s.Now() == ev.Time and may schedule, cancel and reschedule events,
// including new events at the current instant (they run after every pending
// event of the same instant and lower-or-equal priority that was scheduled
// before them).
type Handler interface {
	Handle(s *Scheduler, ev Event)
}

// HandlerFunc adapts an ordinary function to Handler. A func value that
// captures nothing (a top-level function or a method expression) costs no
// allocation to convert; a closure allocates once when created, not per event.
type HandlerFunc func(s *Scheduler, ev Event)

// Handle calls f(s, ev).
func (f HandlerFunc) Handle(s *Scheduler, ev Event) { f(s, ev) }

// Observer sees every executed event, in execution order, just before its
// handler runs. Observers are for tracing, recording and fingerprints; they
// must not schedule or cancel events.
type Observer interface {
	ObserveEvent(ev Event)
}

// EventID identifies a scheduled event. The zero EventID is no event. An ID
// holds a slot index and that slot's generation, so an ID whose event has
// fired, was cancelled, or belongs to an earlier Reset is recognised as stale:
// Cancel, Reschedule, Pending and When report false for it and never touch
// another event. (A generation wraps after 2³² reuses of one slot.)
type EventID uint64

func makeID(slot, gen uint32) EventID { return EventID(uint64(gen)<<32 | uint64(slot+1)) }

func (id EventID) split() (slot, gen uint32, ok bool) {
	lo := uint32(id)
	return lo - 1, uint32(id >> 32), lo != 0
}
