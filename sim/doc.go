// Package sim is the discrete-event kernel of lifeline: integer time, a
// scheduler of typed value events with cancellation, deterministic random
// streams, whole-run fingerprints, counted resources and continuous levels.
// It imports the standard library only and never logs; observation goes
// through Observer and DrawObserver.
//
// # Time
//
// Time is int64 nanoseconds since the scenario start; float time is banned
// (Hours exists for output only). The units are those of time.Duration plus
// Day = 24 h, and MaxTime means "never": Time.Add and Scheduler.After
// saturate there instead of wrapping around, and an event at MaxTime is
// never queued (Schedule returns the zero EventID, Reschedule to MaxTime
// cancels), so a run without a horizon ends at its last real event.
// Time is the one type for instants and durations in every lifeline API;
// FromDuration and Time.Duration convert to and from time.Duration.
// ParseDuration is the one duration parser, used by every file format: Go
// duration syntax extended with "d" = 24 h ("90s", "1d12h", "1.5d"),
// non-negative only (a leading "+" is ignored, a "-" refused), with exactly
// time.ParseDuration's value for every input that both accept;
// FormatDuration writes a Time that it reads back exactly. Errors wrap
// ErrDuration.
//
// # Ordering contract
//
// Events run in increasing (Time, Priority, scheduling order): at one
// instant a lower Priority runs first, and events of equal time and
// priority run first-in first-out. The priorities are
//
//	PriorityImpact < PrioritySuspend < PriorityTrip < PriorityAction < PriorityExpiry
//
// An event scheduled by a handler at the current instant runs in the same
// instant, after every pending event that orders before it. Reschedule gives
// an event a fresh FIFO position at its new time. The order depends on
// nothing else (not on IDs, slots, heap layout or cancellations), so a
// simulation that schedules the same events runs them in the same order.
//
// # Handlers and observers
//
// A Handler (or a HandlerFunc) is called with the scheduler and the event;
// Event carries an integer payload (Kind, Entity, Arg) so that scheduling
// never allocates. Observers see every executed event just before its
// handler, in order; a Fingerprint is an Observer (and a DrawObserver).
//
// # Panics
//
// Programmer misuse panics with a "sim: " message, documented on each
// method: scheduling in the past, a nil handler or observer, a negative
// delay, rescheduling into the past, releasing a free resource unit, an
// invalid level capacity, rate or amount, a negative replication index, more
// than 2²⁸ pending events.
//
// # Cost
//
// The queue is a 4-ary heap of 16-byte entries keyed by the 128-bit number
// (time, priority<<56 | seq<<28 | slot), with the payloads in a slot array.
// For n pending events Schedule, After, Cancel, Reschedule and Step cost
// O(log n) (Cancel and Reschedule amortised: cancelled entries are dropped
// lazily and the heap is compacted in O(n) when they outnumber live ones);
// Pending, When and Len cost O(1); Peek costs O(1) amortised. Once the
// queue outgrows a core's cache, Step and the sifts issue software
// prefetches (amd64 and arm64) for the next events' payloads and the heap
// level below; this changes speed only, never order.
//
// Zero allocations: once a Scheduler has grown to its working size,
// Schedule, After, Step, Run, Cancel and Reschedule allocate nothing, with
// no closure or boxing per event (a Handler that is a pointer, or a
// HandlerFunc of a top-level function, converts to the interface for free).
// Reset keeps the memory, so one scheduler per worker serves any number of
// replications. Streams are values and allocate nothing either; nor do
// Fingerprint, and Resource and Level once their queues have grown.
//
// # Determinism
//
// The kernel has no global state, no wall clock and no goroutines. Random
// numbers come from math/rand/v2's PCG through Stream, keyed by
// (replication seed, stream, entity): ReplicationSeed derives replication
// i's seed from the scenario seed alone, so results do not depend on how
// replications are spread over workers, and per-entity streams give common
// random numbers across the variants of a scenario. The same scenario,
// seed and code give the same Fingerprint; golden fingerprints are pinned
// on amd64.
//
// A Scheduler, Stream, Resource or Level is not safe for concurrent use:
// a replication runs on one goroutine.
package sim
