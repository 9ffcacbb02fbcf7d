package cascade

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Responder is the hook through which crews, emergency resources and
// policies act on a run. Start is called once after the intact network has
// settled at time 0; OnChange after every recorded change of a settled
// instant, in record order. A Responder acts through the Control it is
// given.
type Responder interface {
	Start(c *Control)
	OnChange(c *Control, ch Change)
}

// NopResponder does nothing.
type NopResponder struct{}

// Start does nothing.
func (NopResponder) Start(*Control) {}

// OnChange does nothing.
func (NopResponder) OnChange(*Control, Change) {}

// ResponderAction is the Cause.Hazard of a responder's actions (Apply,
// Supply, TopUp); no hazard may take this name.
const ResponderAction = "responder"

// Control is what a Responder may do to the run.
type Control struct{ e *Engine }

// Now returns the current time.
func (c *Control) Now() sim.Time { return c.e.sched.Now() }

// Network returns the run's network.
func (c *Control) Network() *network.Network { return c.e.net }

// State returns the run's state, read-only: write only through Control.
func (c *Control) State() *network.State { return c.e.st }

// Scheduler returns the kernel, for a responder's own events.
func (c *Control) Scheduler() *sim.Scheduler { return c.e.sched }

// Stream returns the responder's random stream for entity (−1 for the
// stream as a whole), keyed by the replication seed.
func (c *Control) Stream(entity int64) sim.Stream {
	s := sim.NewStream(c.e.seed, sim.StreamResponse, entity)
	if c.e.opts.Observer != nil {
		s.SetObserver(c.e.opts.Observer)
	}
	return s
}

// Apply schedules an action on a component or link at time at (≥ Now):
// Repair, Restore, Resume, or any other impact kind. It returns the event,
// cancellable through the Scheduler.
func (c *Control) Apply(at sim.Time, im hazard.Impact) sim.EventID {
	im.Time = at
	c.e.impacts = append(c.e.impacts, im)
	c.e.impactParent = append(c.e.impactParent, -1)
	c.e.impactHazard = append(c.e.impactHazard, responderImpact)
	return c.e.schedule(im, int32(len(c.e.impacts)-1))
}

// TopUp adds autonomy to requirement r's buffer (a fuel delivery), capped
// at its size (however large d is). A dependent down because the buffer ran empty comes back at
// the current instant if the rest of its supply allows, its clocks starting
// again as after a repair (the requirement's lag, then the buffer); its
// return cites the top-up.
func (c *Control) TopUp(r int32, d sim.Time) {
	e := c.e
	now := e.sched.Now()
	e.settleLevel(r, now)
	e.level[r] = min(sim.Time(e.net.Buffer(r)), e.level[r].Add(d))
	switch {
	case e.mode[r] == -1:
		e.setMode(r, -1, now)
	case e.ph[r] == expired && e.level[r] > 0:
		e.ph[r] = pending
		dep := e.net.Dependent(r)
		id := e.newCause(Cause{Time: now, Mechanism: ByImpact, Entity: dep, Parent: -1, Hazard: ResponderAction, Req: r})
		e.loosen(dep, ref{id: id, req: r, mech: ByRequirement})
	}
}

// Supply brings requirement r an extra provider from time from until time
// until (a mobile generator at a pumping station, a satellite link at a
// tower): while it lasts the requirement counts one more delivering
// provider. It panics with a "cascade:" message when from < Now or until ≤
// from.
func (c *Control) Supply(r int32, from, until sim.Time) {
	if from < c.Now() || until <= from {
		panic(fmt.Sprintf("cascade: supply of requirement %d from %v until %v at %v", r, from, until, c.Now()))
	}
	c.e.sched.Schedule(sim.Event{Time: from, Priority: sim.PriorityAction, Kind: KindSupply, Entity: r}, supplyHandler{c.e})
	c.e.sched.Schedule(sim.Event{Time: until, Priority: sim.PriorityAction, Kind: KindUnsupply, Entity: r}, supplyHandler{c.e})
}

type supplyHandler struct{ e *Engine }

// Handle starts or ends a responder's supply.
func (h supplyHandler) Handle(_ *sim.Scheduler, ev sim.Event) {
	e, r := h.e, ev.Entity
	d := e.net.Dependent(r)
	e.noteReq(r)
	e.touch(d)
	if ev.Kind == KindSupply {
		e.extra[r]++
		id := e.newCause(Cause{Time: ev.Time, Mechanism: ByImpact, Entity: d, Parent: -1, Hazard: ResponderAction, Req: r})
		e.setCause(d, ref{id: id, mech: ByRequirement, req: r})
		e.loosen(d, ref{id: id, mech: ByRequirement, req: r})
		return
	}
	e.extra[r]--
	if !e.met(r) {
		id := e.newCause(Cause{Time: ev.Time, Mechanism: ByImpact, Entity: d, Parent: -1, Hazard: ResponderAction, Req: r})
		e.lossCause[r] = ref{id: id, req: -1}
	}
	e.pushCheck(r)
}

// Record appends an activity to the result.
func (c *Control) Record(a Activity) { c.e.res.Activities = append(c.e.res.Activities, a) }
