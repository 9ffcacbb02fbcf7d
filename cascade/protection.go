package cascade

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Protection configures the loading hook: overload trips of rated links.
// A sector model reports each link's loading (flow ÷ rating × factor, see
// flow.Output.Loading) and the engine, after the instant settles, schedules
// a trip for every working link above 1 after its protection delay,
// cancels it if the loading drops back to 1 or below first, and trips at
// once at or above the hard limit. Tripped links are latched until reclosed
// or repaired.
type Protection struct {
	// Delay is how long a link may stay above its rating before it trips;
	// a link's "protection_delay_s" parameter overrides it; 0 means 1 min.
	Delay sim.Time
	// HardLimit is the loading at which a link trips at once; 0 means 2
	// (Grid2Op's HARD_OVERFLOW_THRESHOLD); it must be above 1.
	HardLimit float64
	// Reclose turns on automatic reclosing RecloseDelay after a trip; a
	// zero RecloseDelay with Reclose set is a configuration error.
	Reclose      bool
	RecloseDelay sim.Time
}

// DefaultProtectionDelay is the protection delay when none is configured.
const DefaultProtectionDelay = sim.Minute

func (p Protection) withDefaults() Protection {
	if p.Delay == 0 {
		p.Delay = DefaultProtectionDelay
	}
	if p.HardLimit == 0 {
		p.HardLimit = 2
	}
	return p
}

// Validate checks the configuration.
func (p Protection) Validate() error {
	q := p.withDefaults()
	switch {
	case q.Delay < 0:
		return fmt.Errorf("cascade: protection delay %v is negative", q.Delay)
	case !(q.HardLimit > 1):
		return fmt.Errorf("cascade: protection hard limit %v must be above 1", q.HardLimit)
	case p.Reclose && p.RecloseDelay <= 0:
		return fmt.Errorf("cascade: reclosing needs a positive reclose delay (got %v)", p.RecloseDelay)
	}
	return nil
}

type tripHandler struct{ e *Engine }

func (h tripHandler) Handle(_ *sim.Scheduler, ev sim.Event) {
	if ev.Kind == KindReclose {
		h.e.reclose(ev.Entity, ev.Time)
		return
	}
	h.e.trip(ev.Entity, ev.Time)
}

// delay returns link l's protection delay.
func (e *Engine) delay(l int32) sim.Time {
	if d := e.net.LinkParam(l, "protection_delay_s"); d > 0 {
		return sim.Time(d * float64(sim.Second))
	}
	return e.prot.Delay
}

// watchLoadings arms, moves or cancels the trip timers of sector s's links
// from the loadings of its last recompute.
func (e *Engine) watchLoadings(s network.SectorIndex, t sim.Time) {
	sc := e.sectorCause[s]
	for _, l := range e.sectorLinks[s] {
		ld := e.out.Loading[l]
		id := e.linkEv[l]
		switch {
		case !e.st.LinkWorking(l) || ld <= 1:
			if id != 0 {
				e.sched.Cancel(id)
				e.linkEv[l] = 0
			}
			continue
		case id == 0:
			e.linkCause[l] = e.resolve(sc)
			at := t + e.delay(l)
			if ld >= e.prot.HardLimit {
				at = t
			}
			e.linkEv[l] = e.sched.Schedule(sim.Event{Time: at, Priority: sim.PriorityTrip, Kind: KindTrip, Entity: l}, tripHandler{e})
		case ld >= e.prot.HardLimit:
			if at, _ := e.sched.When(id); at > t {
				e.sched.Reschedule(id, t)
			}
		}
		e.linkLoad[l] = ld
	}
}

// trip latches link l down.
func (e *Engine) trip(l int32, t sim.Time) {
	e.linkEv[l] = 0
	if !e.st.LinkWorking(l) {
		return
	}
	old := e.st.LinkFlags(l)
	e.st.SetLink(l, network.Tripped)
	id := e.newCause(Cause{Time: t, Mechanism: ByTrip, Entity: l, Link: true, Parent: e.linkCause[l],
		Hazard: e.hazardOf(e.linkCause[l]), Req: -1, Loading: e.linkLoad[l]})
	e.recordLink(l, t, old, id)
	e.markSector(e.net.LinkSector(l), ref{id: id, mech: ByService, req: -1})
	if e.prot.Reclose {
		e.sched.Schedule(sim.Event{Time: t + e.prot.RecloseDelay, Priority: sim.PriorityTrip, Kind: KindReclose, Entity: l}, tripHandler{e})
	}
}

// reclose ends link l's trip.
func (e *Engine) reclose(l int32, t sim.Time) {
	old := e.st.LinkFlags(l)
	if old&network.Tripped == 0 {
		return
	}
	e.st.ClearLink(l, network.Tripped)
	id := e.newCause(Cause{Time: t, Mechanism: ByReclose, Entity: l, Link: true, Parent: -1, Hazard: -1, Req: -1})
	e.recordLink(l, t, old, id)
	c := ref{id: id, mech: ByService, req: -1}
	e.markSector(e.net.LinkSector(l), c)
	a, b := e.net.Ends(l)
	e.loosen(a, c)
	e.loosen(b, c)
}

// recordLink appends link l's change to the log.
func (e *Engine) recordLink(l int32, t sim.Time, old network.Flags, cause int32) {
	e.record(Change{Time: t, Entity: l, Link: true, Old: old, New: e.st.LinkFlags(l),
		OldFactor: e.st.LinkFactor(l), NewFactor: e.st.LinkFactor(l), Cause: cause})
}
