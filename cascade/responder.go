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
// instant, in record order, and then after every impact of the instant
// that changed an entity's damage state alone — a slight damage or a
// pipe's leak that leaves it working, or the repair of one — with a Change
// whose Old and New flags and factors are equal, which is not in the
// change log (there is damage to repair, though nothing changed state). A
// Responder acts through the Control it is given; the same Control serves
// the whole run.
type Responder interface {
	Start(c *Control)
	OnChange(c *Control, ch Change)
}

// Finisher is implemented by a Responder that records what is still under
// way when a run ends (a crew waiting, a trip, a stay): Finish is called
// once at the end of every run, complete or stopped, with the instant the
// run ended (its horizon, or its last instant), after the last instant has
// settled and before the Result is returned. It may Record activities and
// read the state; what it schedules or applies never happens.
type Finisher interface {
	Finish(c *Control, end sim.Time)
}

// NopResponder does nothing.
type NopResponder struct{}

// Start does nothing.
func (NopResponder) Start(*Control) {}

// OnChange does nothing.
func (NopResponder) OnChange(*Control, Change) {}

// ResponderAction is the Cause.Hazard of a responder's actions (Apply,
// Supply, Substitute, TopUp); no hazard may take this name.
const ResponderAction = "responder"

// Wakeup is what a responder's own event or a resource grant delivers.
type Wakeup struct {
	// Time is the instant of the event.
	Time sim.Time
	// Arg is the argument given to At, After or Resource.Request.
	Arg int64
	// Unit is the unit a resource granted, −1 for an event.
	Unit int32
}

// EventHandler receives a responder's own events (Control.At, After) and
// its resource grants (Resource.Request). A pointer to the responder that
// implements it converts to the interface without allocating.
type EventHandler interface {
	OnEvent(c *Control, w Wakeup)
}

// ActionID identifies an action or an event of a responder (Apply, Supply,
// Substitute, At, After) for Control.Cancel; the zero ID is none. IDs are
// valid for the run that issued them.
type ActionID int32

// Control is what a Responder may do to the run: read its state (View),
// act on it (Apply, Supply, Substitute, TopUp), schedule its own events
// (At, After, Cancel), draw from its random stream, use counted resources
// bound to the run's kernel, and record activities. It gives no write
// access to the state and no access to the kernel itself.
type Control struct{ e *Engine }

// Now returns the current time.
func (c *Control) Now() sim.Time { return c.e.sched.Now() }

// Network returns the run's network.
func (c *Control) Network() *network.Network { return c.e.net }

// State returns a read-only view of the run's state.
func (c *Control) State() network.View { return c.e.st.View() }

// Stream returns the responder's random stream for entity (−1 for the
// stream as a whole), keyed by the replication seed. For common random
// numbers across variants of a scenario, key an entity by its ID, not its
// index: int64(network.Network.ComponentKey(i)) or LinkKey(l).
func (c *Control) Stream(entity int64) sim.Stream {
	s := sim.NewStream(c.e.seed, sim.StreamResponse, entity)
	s.SetObserver(c.e.drawObserver())
	return s
}

// action is one responder action or event: the events that start and
// end it, and what it does.
type action struct {
	start, end sim.EventID
	h          EventHandler // At, After, Resource.Request
	arg        int64        // Resource.Request
	target     int32        // requirement (Supply) or component (Substitute)
	fraction   float64      // Substitute
	off        sim.Kind     // the kind that ends a Supply or Substitute, 0 otherwise
	active     bool         // a Supply or Substitute has begun and not ended
}

// newAction appends an action and returns its index.
func (e *Engine) newAction(a action) int32 {
	e.actions = append(e.actions, a)
	return int32(len(e.actions) - 1)
}

// Apply schedules an action on a component or link at time at (≥ Now):
// Repair, Restore, Resume, or any other impact kind. Cancel withdraws it
// until it runs. It panics with a "cascade:" message when at < Now or the
// impact is invalid for the network (hazard.Impact.Validate).
func (c *Control) Apply(at sim.Time, im hazard.Impact) ActionID {
	e := c.e
	if at < e.sched.Now() {
		panic(fmt.Sprintf("cascade: action at %v before now (%v)", at, e.sched.Now()))
	}
	im.Time = at
	if err := im.Validate(e.net); err != nil {
		panic(fmt.Sprintf("cascade: action %+v: %v", im, err))
	}
	e.impacts = append(e.impacts, im)
	e.impactParent = append(e.impactParent, -1)
	e.impactHazard = append(e.impactHazard, responderImpact)
	k := e.newAction(action{})
	e.actions[k].start = e.schedule(im, int32(len(e.impacts)-1))
	return ActionID(k + 1)
}

// TopUp adds autonomy to requirement r's buffer (a fuel delivery), capped
// at its size (however large d is). A dependent down because the buffer
// ran empty comes back at the current instant if the rest of its supply
// allows, its clocks starting again as after a repair (the requirement's
// lag, then the buffer); its return cites the top-up. So does an
// unsupplied dependent down for another reason (another requirement, maybe
// in a loop through this one) that the new level now bridges: it is
// re-admitted at the current instant as after a repair. It panics with a
// "cascade:" message when d < 0 or r is no requirement of the network.
func (c *Control) TopUp(r int32, d sim.Time) {
	e := c.e
	if d < 0 || r < 0 || int(r) >= e.net.NumRequirements() {
		panic(fmt.Sprintf("cascade: top-up of requirement %d (of %d) by %v", r, e.net.NumRequirements(), d))
	}
	now := e.sched.Now()
	dep := e.net.Dependent(r)
	was := e.bridged(r)
	e.settleLevel(r, now)
	e.level[r] = min(e.net.Buffer(r), e.level[r].Add(d))
	if e.mode[r] == 1 { // a charge goes on from the new level
		e.chargeLv[r], e.chargeAt[r] = e.level[r], now
	}
	switch {
	case e.mode[r] == -1:
		e.setMode(r, -1, now)
	case e.ph[r] == expired && e.level[r] > 0,
		// Waiting while its unsupplied dependent is down for another
		// reason, and bridged now: that reason may be a loop of
		// requirements through this one, which the greatest fixpoint
		// brings back.
		e.ph[r] == pending && !was && e.level[r] > 0 && e.net.Effect(r) == network.Fail &&
			e.st.Flags(dep)&network.Unsupplied != 0 && e.st.Flags(dep)&network.OwnDownFlags == 0:
		e.ph[r] = pending
		id := e.newCause(Cause{Time: now, Mechanism: ByImpact, Entity: dep, Parent: -1, Hazard: ResponderAction, Req: r})
		e.loosen(dep, ref{id: id, req: r, mech: ByRequirement})
	}
}

// Supply brings requirement r an extra provider from time from until time
// until (a mobile generator at a pumping station, a satellite link at a
// tower): while it lasts the requirement counts one more delivering
// provider; until sim.MaxTime lasts for good. Cancel withdraws it before
// it starts, or ends it at once. It panics with a "cascade:" message when
// from < Now, until ≤ from or r is no requirement of the network.
func (c *Control) Supply(r int32, from, until sim.Time) ActionID {
	if from < c.Now() || until <= from || r < 0 || int(r) >= c.e.net.NumRequirements() {
		panic(fmt.Sprintf("cascade: supply of requirement %d (of %d) from %v until %v at %v", r, c.e.net.NumRequirements(), from, until, c.Now()))
	}
	return c.e.span(action{target: r, off: KindUnsupply}, KindSupply, from, until)
}

// Substitute makes component i deliver at least fraction (in (0, 1]) of
// its service from time from until time until while a mobile unit serves
// it (cells on wheels at a tower, water trucks at a junction, a generator
// at a site): it counts as a delivering provider for the requirements it
// provides, and its sector's series count at least fraction of its demand
// and population, whatever its own state. Its flags are its own: a damaged
// site stays damaged. Overlapping substitutions of one component keep the
// largest fraction until the last ends; until sim.MaxTime lasts for good.
// Cancel withdraws it before it starts, or ends it at once. It panics with
// a "cascade:" message when from < Now, until ≤ from, fraction is outside
// (0, 1] or i is no component of the network.
func (c *Control) Substitute(i int32, fraction float64, from, until sim.Time) ActionID {
	if from < c.Now() || until <= from || !(fraction > 0 && fraction <= 1) || i < 0 || int(i) >= c.e.net.NumComponents() {
		panic(fmt.Sprintf("cascade: substitute of %d (of %d) at %v from %v until %v at %v", i, c.e.net.NumComponents(), fraction, from, until, c.Now()))
	}
	return c.e.span(action{target: i, fraction: fraction, off: KindUnsubstitute}, KindSubstitute, from, until)
}

// span schedules an action that lasts from from until until (its end is
// not queued when until is sim.MaxTime).
func (e *Engine) span(a action, on sim.Kind, from, until sim.Time) ActionID {
	k := e.newAction(a)
	e.actions[k].start = e.sched.Schedule(sim.Event{Time: from, Priority: sim.PriorityAction, Kind: on, Entity: k}, actionHandler{e})
	e.actions[k].end = e.scheduleEnd(k, until)
	return ActionID(k + 1)
}

// scheduleEnd schedules the event that ends span action k at time t.
func (e *Engine) scheduleEnd(k int32, t sim.Time) sim.EventID {
	return e.sched.Schedule(sim.Event{Time: t, Priority: sim.PriorityAction, Kind: e.actions[k].off, Entity: k}, actionHandler{e})
}

// At schedules the responder's own event at time at (≥ Now), delivered to
// h with arg. Cancel withdraws it. It panics with a "cascade:" message when
// at < Now or h is nil. An event at sim.MaxTime never happens.
func (c *Control) At(at sim.Time, h EventHandler, arg int64) ActionID {
	e := c.e
	if at < e.sched.Now() || h == nil {
		panic(fmt.Sprintf("cascade: responder event at %v (now %v), handler %v", at, e.sched.Now(), h))
	}
	k := e.newAction(action{h: h})
	e.actions[k].start = e.sched.Schedule(sim.Event{Time: at, Priority: sim.PriorityAction, Kind: KindResponder, Entity: k, Arg: arg}, actionHandler{e})
	return ActionID(k + 1)
}

// After schedules the responder's own event d (≥ 0) from now, saturating
// at sim.MaxTime, like At.
func (c *Control) After(d sim.Time, h EventHandler, arg int64) ActionID {
	if d < 0 {
		panic(fmt.Sprintf("cascade: responder event after a negative delay %v", d))
	}
	return c.At(c.Now().Add(d), h, arg)
}

// Cancel withdraws an action or event that has not started (an Apply not
// yet applied, a Supply or Substitute not yet begun, an event not yet
// delivered), or ends a Supply or Substitute in progress at the current
// instant. It reports whether there was anything to cancel.
func (c *Control) Cancel(id ActionID) bool {
	e := c.e
	k := int(id) - 1
	if k < 0 || k >= len(e.actions) {
		return false
	}
	a := &e.actions[k]
	if e.sched.Cancel(a.start) {
		e.sched.Cancel(a.end)
		return true
	}
	if !a.active {
		return false // done, or no Supply or Substitute
	}
	now := e.sched.Now()
	if t, ok := e.sched.When(a.end); ok {
		// Ending already at this instant: nothing left to cancel.
		return t != now && e.sched.Reschedule(a.end, now)
	}
	// Open-ended (until sim.MaxTime): its end was never queued.
	a.end = e.scheduleEnd(int32(k), now)
	return true
}

// Record appends an activity to the result.
func (c *Control) Record(a Activity) { c.e.res.Activities = append(c.e.res.Activities, a) }

// Resource is a counted resource (repair crews, trucks, generators) bound
// to the run's kernel: sim.Resource with its grants delivered to an
// EventHandler. Create resources in Start; they live for the run.
type Resource struct {
	r *sim.Resource
	e *Engine
}

// NewResource returns a resource of capacity units, all free. It panics
// with a "sim:" message when capacity is negative.
func (c *Control) NewResource(capacity int) *Resource {
	return &Resource{r: sim.NewResource(c.e.sched, capacity), e: c.e}
}

// Request asks for a unit: requests wait by priority (lower first), then
// in arrival order, and the grant is delivered to h with arg and the unit
// (at the instant a unit is free, at responder-action priority). It panics
// with a "cascade:" message when h is nil.
func (r *Resource) Request(priority int, h EventHandler, arg int64) sim.RequestID {
	if h == nil {
		panic("cascade: resource request without a handler")
	}
	k := r.e.newAction(action{h: h, arg: arg})
	return r.r.Request(priority, sim.Event{Priority: sim.PriorityAction, Kind: KindGrant, Arg: int64(k)}, grantHandler{r.e})
}

// CancelRequest withdraws a request not yet delivered (sim.Resource).
func (r *Resource) CancelRequest(id sim.RequestID) bool { return r.r.CancelRequest(id) }

// Release returns a delivered unit (sim.Resource.Release, whose panics it
// shares).
func (r *Resource) Release(unit int32) { r.r.Release(int(unit)) }

// Capacity returns the number of units.
func (r *Resource) Capacity() int { return r.r.Capacity() }

// InUse returns the number of units assigned.
func (r *Resource) InUse() int { return r.r.InUse() }

// Queued returns the number of waiting requests.
func (r *Resource) Queued() int { return r.r.Queued() }

type grantHandler struct{ e *Engine }

// Handle delivers a grant to its request's handler.
func (h grantHandler) Handle(_ *sim.Scheduler, ev sim.Event) {
	a := h.e.actions[ev.Arg]
	a.h.OnEvent(&h.e.ctl, Wakeup{Time: ev.Time, Arg: a.arg, Unit: ev.Entity})
}

type actionHandler struct{ e *Engine }

// Handle starts or ends a supply or a substitution, or delivers a
// responder's own event.
func (h actionHandler) Handle(_ *sim.Scheduler, ev sim.Event) {
	e := h.e
	a := &e.actions[ev.Entity]
	switch ev.Kind {
	case KindResponder:
		a.h.OnEvent(&e.ctl, Wakeup{Time: ev.Time, Arg: ev.Arg, Unit: -1})
	case KindSupply, KindUnsupply:
		a.active = ev.Kind == KindSupply
		e.supply(a.target, a.active, ev.Time)
	case KindSubstitute, KindUnsubstitute:
		a.active = ev.Kind == KindSubstitute
		e.substitute(a.target, a.fraction, a.active, ev.Time)
	}
}

// supply starts or ends a responder's supply of requirement r.
func (e *Engine) supply(r int32, on bool, t sim.Time) {
	d := e.net.Dependent(r)
	e.noteReq(r)
	e.touch(d)
	if on {
		e.extra[r]++
		id := e.newCause(Cause{Time: t, Mechanism: ByImpact, Entity: d, Parent: -1, Hazard: ResponderAction, Req: r})
		e.setCause(d, ref{id: id, mech: ByRequirement, req: r})
		e.loosen(d, ref{id: id, mech: ByRequirement, req: r})
		return
	}
	e.extra[r]--
	if !e.met(r) {
		id := e.newCause(Cause{Time: t, Mechanism: ByImpact, Entity: d, Parent: -1, Hazard: ResponderAction, Req: r})
		e.lossCause[r] = ref{id: id, req: -1}
	}
	e.pushCheck(r)
}

// substitute starts or ends a mobile unit's service at component i. Its
// sector is recomputed (the provider count of what i supplies may change)
// and the change is i's latest cause, which dependents cite.
func (e *Engine) substitute(i int32, fraction float64, on bool, t sim.Time) {
	if on {
		e.substN[i]++
		e.subst[i] = max(e.subst[i], fraction)
	} else if e.substN[i]--; e.substN[i] == 0 {
		e.subst[i] = 0
	}
	e.touch(i)
	id := e.newCause(Cause{Time: t, Mechanism: ByImpact, Entity: i, Parent: -1, Hazard: ResponderAction, Req: -1})
	e.lastCause[i] = id
	c := ref{id: id, mech: ByService, req: -1}
	e.markSector(e.net.ComponentSector(i), c)
	if on {
		e.loosen(i, c)
	}
}
