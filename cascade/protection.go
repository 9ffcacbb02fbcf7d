package cascade

import (
	"fmt"
	"math"
	"slices"

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
	// a link's network.ParamProtectionDelayS parameter, when positive,
	// overrides it; 0 means 1 min (DefaultProtectionDelay), sim.MaxTime
	// never trips (short of the hard limit).
	Delay sim.Time
	// HardLimit is the loading at which a link trips at once; 0 means 2
	// (Grid2Op's HARD_OVERFLOW_THRESHOLD); it must be above 1.
	HardLimit float64
	// Reclose turns on automatic reclosing RecloseDelay after a trip; a
	// zero RecloseDelay with Reclose set is a configuration error.
	Reclose      bool
	RecloseDelay sim.Time
	// Off switches overload protection off: nothing trips, however loaded
	// (the other fields must still be valid).
	Off bool
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

// Validate checks the configuration: no negative delay, a hard limit
// above 1 (not NaN, possibly +Inf: never at once), and a positive reclose
// delay when reclosing.
func (p Protection) Validate() error {
	q := p.withDefaults()
	switch {
	case q.Delay < 0:
		return fmt.Errorf("cascade: protection delay %v is negative", q.Delay)
	case !(q.HardLimit > 1):
		return fmt.Errorf("cascade: protection hard limit %v must be above 1", q.HardLimit)
	case p.RecloseDelay < 0:
		return fmt.Errorf("cascade: reclose delay %v is negative", p.RecloseDelay)
	case p.Reclose && p.RecloseDelay == 0:
		return fmt.Errorf("cascade: reclosing needs a positive reclose delay (got %v)", p.RecloseDelay)
	}
	return nil
}

// checkProtectionParams refuses a negative or NaN "protection_delay_s" of
// any component or link, which the engine would otherwise read as unset.
func (e *Engine) checkProtectionParams() error {
	bad := func(v float64) bool { return v < 0 || math.IsNaN(v) }
	for i := range e.net.Components() {
		if v := e.net.ComponentParam(i, network.ParamProtectionDelayS); bad(v) {
			return fmt.Errorf("cascade: component %s: %s = %v must be ≥ 0", e.net.ComponentID(i), network.ParamProtectionDelayS, v)
		}
	}
	for l := range e.net.Links() {
		if v := e.net.LinkParam(l, network.ParamProtectionDelayS); bad(v) {
			return fmt.Errorf("cascade: link %s: %s = %v must be ≥ 0", e.net.LinkID(l), network.ParamProtectionDelayS, v)
		}
	}
	return nil
}

type tripHandler struct{ e *Engine }

func (h tripHandler) Handle(_ *sim.Scheduler, ev sim.Event) {
	switch ev.Kind {
	case KindReclose:
		h.e.reclose(ev.Entity, ev.Time)
	case KindComponentTrip:
		h.e.tripComponent(ev.Entity, ev.Time)
	default:
		h.e.trip(ev.Entity, ev.Time)
	}
}

// delayOf turns a network.ParamProtectionDelayS parameter into a delay, the
// configured one when it is unset.
func (e *Engine) delayOf(seconds float64) sim.Time {
	if seconds > 0 {
		if ns := seconds * float64(sim.Second); ns < float64(sim.MaxTime) {
			return sim.Time(ns)
		}
		return sim.MaxTime
	}
	return e.prot.Delay
}

// arm schedules, moves or keeps a trip for an entity at loading ld.
func (e *Engine) arm(id sim.EventID, ld float64, t, delay sim.Time, kind sim.Kind, entity int32) sim.EventID {
	if id == 0 {
		at := t.Add(delay)
		if ld >= e.prot.HardLimit {
			at = t
		}
		return e.sched.Schedule(sim.Event{Time: at, Priority: sim.PriorityTrip, Kind: kind, Entity: entity}, tripHandler{e})
	}
	if at, _ := e.sched.When(id); ld >= e.prot.HardLimit && at > t {
		e.sched.Reschedule(id, t)
	}
	return id
}

// watchComponents arms, keeps or cancels the trips of the members of
// sector s whose loading its model reported since the last commit, in
// index order: a functional member above 1 is overloaded.
func (e *Engine) watchComponents(s network.SectorIndex, t sim.Time) {
	sc := e.sectorCause[s]
	list := e.compLoads.dirty[s]
	slices.Sort(list)
	cancelled := false
	for _, i := range list {
		ld := e.compLoads.now[i]
		if !(ld > 1) || !e.st.Functional(i) {
			if e.compEv[i] != 0 {
				e.sched.Cancel(e.compEv[i])
				e.compEv[i] = 0
				cancelled = true
			}
			continue
		}
		if e.compEv[i] == 0 {
			e.compCause[i] = e.resolve(sc)
			e.compSince[i] = t
			e.armed[s] = append(e.armed[s], i)
		}
		e.compLoad[i] = ld
		e.compEv[i] = e.arm(e.compEv[i], ld, t, e.delayOf(e.net.ComponentParam(i, network.ParamProtectionDelayS)), KindComponentTrip, i)
	}
	if cancelled || len(e.armed[s]) > 2*len(list)+8 {
		e.pruneArmed(s)
	}
}

// pruneArmed drops the members of sector s whose trip is no longer
// pending (cancelled or fired) from its armed list, keeping its order.
func (e *Engine) pruneArmed(s network.SectorIndex) {
	kept := e.armed[s][:0]
	for _, i := range e.armed[s] {
		if e.compEv[i] != 0 && !slices.Contains(kept, i) {
			kept = append(kept, i)
		}
	}
	e.armed[s] = kept
}

// tripComponent latches an overloaded component down.
func (e *Engine) tripComponent(i int32, t sim.Time) {
	e.compEv[i] = 0
	if !e.st.Functional(i) {
		return
	}
	e.touch(i)
	e.st.Set(i, network.Tripped)
	id := e.newCause(Cause{Time: t, Mechanism: ByTrip, Entity: i, Parent: e.compCause[i],
		Hazard: e.hazardOf(e.compCause[i]), Req: -1, Loading: e.compLoad[i], Above: t - e.compSince[i]})
	e.setCause(i, ref{id: id, own: true, mech: ByTrip, req: -1})
	e.markSector(e.net.ComponentSector(i), ref{id: i, comp: true, mech: ByService, req: -1})
}

// watchLoadings arms, moves or cancels the trip timers of the links of
// sector s whose loading its model reported since the last commit, in the
// order the model first rated them.
func (e *Engine) watchLoadings(s network.SectorIndex, t sim.Time) {
	sc := e.sectorCause[s]
	for _, l := range e.loads.changed(s) {
		ld := e.loads.now[l]
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
			e.linkSince[l] = t
		}
		e.linkEv[l] = e.arm(id, ld, t, e.delayOf(e.net.LinkParam(l, network.ParamProtectionDelayS)), KindTrip, l)
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
	e.pendLink(l)
	e.linkLost(l, false)
	id := e.newCause(Cause{Time: t, Mechanism: ByTrip, Entity: l, Link: true, Parent: e.linkCause[l],
		Hazard: e.hazardOf(e.linkCause[l]), Req: -1, Loading: e.linkLoad[l], Above: t - e.linkSince[l]})
	e.recordLink(l, t, old, id)
	e.markSector(e.net.LinkSector(l), ref{id: id, mech: ByService, req: -1})
	if e.prot.Reclose {
		// A reclose still pending answers an earlier trip that a repair
		// ended: this trip recloses RecloseDelay from now, not then.
		if e.recloseEv[l] != 0 {
			e.sched.Cancel(e.recloseEv[l])
		}
		e.recloseEv[l] = e.sched.Schedule(sim.Event{Time: t.Add(e.prot.RecloseDelay), Priority: sim.PriorityTrip, Kind: KindReclose, Entity: l}, tripHandler{e})
	}
}

// reclose ends link l's trip.
func (e *Engine) reclose(l int32, t sim.Time) {
	e.recloseEv[l] = 0
	old := e.st.LinkFlags(l)
	if old&network.Tripped == 0 {
		return
	}
	e.st.ClearLink(l, network.Tripped)
	e.pendLink(l)
	id := e.newCause(Cause{Time: t, Mechanism: ByReclose, Entity: l, Link: true, Parent: -1, Req: -1})
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
