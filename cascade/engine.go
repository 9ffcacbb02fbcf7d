package cascade

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Event kinds the engine schedules (part of the fingerprint).
const (
	KindImpact sim.Kind = iota + 1
	KindLag
	KindBuffer
	KindTrip
	KindReclose
	KindSupply
	KindUnsupply
	KindComponentTrip
	KindStock
	KindSubstitute
	KindUnsubstitute
	KindResponder // a responder's own event (Control.At, After)
	KindGrant     // a resource grant to a responder
)

// ErrNotSettling is returned when an instant does not settle: it needs more
// settling rounds than there are components (an oscillating set, named),
// or more events in one batch than were pending when the batch began plus
// four per component, link and requirement (an event rescheduling itself at
// the same instant; the error names who scheduled the last one).
var ErrNotSettling = errors.New("cascade: instant does not settle")

// Options configure an Engine. The zero value runs the default sector
// models until no event remains, with the change log on.
type Options struct {
	// Horizon is the last instant simulated; 0 (or sim.MaxTime, "never")
	// runs until no event remains.
	Horizon sim.Time
	// Models chooses a sector's model by sector name; sectors not listed use
	// flow.Default, and so does a sector listed with a nil factory. A name
	// that is not a sector of the network is an error (New refuses it
	// rather than run the default model), and so is a factory's error or
	// a nil model.
	Models map[network.Sector]flow.Factory
	// Responder is notified of changes and may act; nil for none.
	Responder Responder
	// NoChangeLog switches off Changes and Causes (large ensembles); the
	// series and counts are still recorded.
	NoChangeLog bool
	// Protection configures overload trips of rated links.
	Protection Protection
	// FacilityAccess records, beside each access series (Result.Access),
	// the access to every tracked facility alone (AccessSeries.Facility)
	// at every instant the model's sector changes. It costs one search per
	// facility and instant (flow.AccessReporter.Access), so it is off by
	// default and Facility is then nil.
	FacilityAccess bool
	// Observer, when set, sees every executed event and every random draw
	// (a *sim.Fingerprint, for regression tests).
	Observer interface {
		sim.Observer
		sim.DrawObserver
	}
}

// requirement phases
type phase uint8

const (
	met     phase = iota // supply met (or not yet judged)
	pending              // unmet, clocks stopped: the dependent is down for another reason
	lagging              // unmet, lag running
	backup               // unmet, buffer draining
	expired              // unmet, effect applied
)

// Input is what one replication runs: hazards, explicit impacts and the
// replication seed.
type Input struct {
	Hazards []hazard.Hazard
	Impacts []hazard.Impact
	Seed    uint64
}

// Engine runs replications of one network. It owns the scheduler, the
// state and every per-run buffer, and reuses them across runs: one Engine
// per worker, not safe for concurrent use.
type Engine struct {
	net    *network.Network
	opts   Options
	sched  *sim.Scheduler
	st     *network.State
	models []flow.Model
	out    *flow.Output
	seed   uint64

	// per requirement
	cnt       []int32
	extra     []int32 // supplies brought by responders
	ph        []phase
	ev        []sim.EventID
	level     []sim.Time // buffer autonomy left
	levelAt   []sim.Time
	chargeLv  []sim.Time // a charging buffer's level when its charge began
	chargeAt  []sim.Time // and that instant
	mode      []int8     // -1 draining, +1 charging, 0 idle
	lossCause []ref
	reqMark   []uint32
	reqList   []int32
	check     []int32
	inCheck   []bool

	// per component
	frac          []float64
	dmgFactor     []float64
	contribD      []int64
	contribP      []int64
	demandFP      []int64
	pop           []int64
	lost          []bool // lost service at least once (direct/induced counting)
	lostLink      []bool
	capFactor     []float64 // set by SetFactor(Capacity); repairs keep it
	suspended     []int32   // nested suspensions per component
	linkSuspended []int32
	lastCause     []int32
	mark          []uint32
	oldFlags      []network.Flags
	oldFactor     []float64
	tcause        []ref
	touched       []int32
	epoch         uint32
	nowCause      []int32     // cause id created for component this instant
	done          []uint32    // epoch at which commitComponent ran
	cuts          cuts        // the cuts models named at this instant
	report        reportCheck // marks for verify

	// per sector
	dirty       []bool
	dirtyList   []network.SectorIndex
	sectorCause []ref
	sumD, sumP  []int64

	// what changed per sector since its model's last call (flow.Changes),
	// and whether a component or link is listed there
	chg     []flow.Changes
	pendC   []bool
	pendL   []bool
	cand    []int32   // recompute's members to judge, scratch
	candAt  []uint32  // per component: candEpoch when in cand
	candEp  uint32    //
	newFrac []float64 // per component: the model's new served fraction

	// per link
	linkEv     []sim.EventID // pending trip
	linkCause  []int32       // cause of the overload a pending trip answers
	linkLoad   []float64     // loading when last watched
	linkSince  []sim.Time    // when the pending trip was armed
	recloseEv  []sim.EventID // pending reclose
	loads      reported      // per link: loadings
	prot       Protection
	recomputed []bool
	recompList []network.SectorIndex
	// per component, for overload trips
	compEv    []sim.EventID
	compCause []int32
	compLoad  []float64
	compSince []sim.Time
	armed     [][]int32 // per sector, members with a pending trip
	compLoads reported  // per component: loadings
	stocks    []stock   // per component
	access    []accessWatch
	classify  []classWatch
	classOf   []int32  // per sector: index in classify, −1
	cls       []int32  // per component of a classified sector: its class
	clsDirty  []int32  // components to classify again at the next record
	clsMark   []bool   //
	outflows  reported // per component: store outflows

	counted      []bool // counted as delivering in cnt
	qmark        []uint32
	qepoch       uint32
	spareSectors []network.SectorIndex
	spareCheck   []int32

	impacts      []hazard.Impact
	impactParent []int32 // cause a triggered impact descends from, -1, or −2 − its started record
	impactHazard []int32 // hazard index of each impact, or inputImpact, responderImpact
	hazards      []runHazard
	started      []startedPart // parts of compound hazards that other parts started
	triggers     []trigger
	nowChanges   []Change
	quietState   []Change // impacts that changed a damage state alone (responder only)
	lastChanged  []int32  // components changed at the last commit
	loosened     []int32
	looseCauses  []ref   // the restoration behind each loosened component
	qcause       []ref   // per component: the restoration readmit reached it from
	vwork        []int32 // readmit's scratch: components whose viability to check
	vcand        []int32 // readmit's scratch: the closure's unsupplied members
	moving       []bool  // per sector: its model's verdict may change at readmit's first round
	bound        []bool  // per sector: it has sources and its model follows flow's source rule
	rg           regions // readmit's regions of source-bound sectors
	dk           dark    // readmit's dark regions, kept between instants
	sides        int     // adjacency passes of an undirected walk: Out, and In when a link is directed (else In is Out)
	instants     int
	rounds       int
	reasonNow    [][numReasons]int32 // per sector, current split
	reasonDirty  bool
	supplyOpen   []int32 // per requirement: open Supply interval index + 1
	snap         intact
	totD, totP   []int64 // intact totals per sector
	res          *Result
	err          error
	ctx          context.Context // of the run in progress
	warnings     []string        // configuration doubts, copied to every Result
	ctl          Control         // the responder's view, one per engine
	actions      []action        // the responder's actions and events, per run
	subst        []float64       // per component: fraction a mobile unit serves
	substN       []int32         // per component: substitutions in progress
	downSince    []sim.Time      // per component, then link: start of the open outage, −1
}

// ref is a tentative cause: a cause id (kind 0) or a component whose change
// at this instant is the cause (kind 1), with the mechanism and requirement
// of the change it explains. own marks a cause node created for this very
// change by its event (an impact, a trip): the change cites it directly.
type ref struct {
	id   int32
	comp bool
	own  bool
	mech Mechanism
	req  int32
	cut  bool // the changing member's model named its cut (cuts); id and comp are the sector's cause
}

// noMech marks a tentative cause not yet set.
const noMech Mechanism = 255

var noRef = ref{id: -1, req: -1, mech: noMech}

// New returns an engine for n, building one sector model per sector.
func New(n *network.Network, opts Options) (*Engine, error) {
	if opts.Horizon < 0 {
		return nil, fmt.Errorf("cascade: negative horizon %v", opts.Horizon)
	}
	if opts.Horizon == sim.MaxTime {
		opts.Horizon = 0 // "never" is no horizon
	}
	if err := opts.Protection.Validate(); err != nil {
		return nil, err
	}
	if opts.Protection.Reclose && opts.Horizon == 0 {
		// Lines reclosed into an overloaded grid trip again for ever.
		return nil, fmt.Errorf("cascade: automatic reclosing needs a horizon")
	}
	nc, nr, ns, nl := n.NumComponents(), n.NumRequirements(), n.NumSectors(), n.NumLinks()
	e := &Engine{
		net: n, opts: opts, sched: sim.NewScheduler(), st: network.NewState(n), out: &flow.Output{},
		cnt: make([]int32, nr), extra: make([]int32, nr), ph: make([]phase, nr), ev: make([]sim.EventID, nr), level: make([]sim.Time, nr),
		levelAt: make([]sim.Time, nr), chargeLv: make([]sim.Time, nr), chargeAt: make([]sim.Time, nr), mode: make([]int8, nr), lossCause: make([]ref, nr), reqMark: make([]uint32, nr),
		inCheck: make([]bool, nr),
		frac:    make([]float64, nc), dmgFactor: make([]float64, nc), capFactor: make([]float64, nc), suspended: make([]int32, nc), contribD: make([]int64, nc), contribP: make([]int64, nc),
		demandFP: make([]int64, nc), pop: make([]int64, nc), lost: make([]bool, nc), lastCause: make([]int32, nc),
		mark: make([]uint32, nc), oldFlags: make([]network.Flags, nc), oldFactor: make([]float64, nc), tcause: make([]ref, nc),
		nowCause: make([]int32, nc), counted: make([]bool, nc), qmark: make([]uint32, nc),
		dirty: make([]bool, ns), sectorCause: make([]ref, ns), sumD: make([]int64, ns), sumP: make([]int64, ns),
		lostLink: make([]bool, nl), linkSuspended: make([]int32, nl),
		linkEv: make([]sim.EventID, nl), linkCause: make([]int32, nl), linkLoad: make([]float64, nl), linkSince: make([]sim.Time, nl),
		prot: opts.Protection.withDefaults(), recomputed: make([]bool, ns),
	}
	e.ctl = Control{e: e}
	e.downSince = make([]sim.Time, nc+nl)
	e.subst, e.substN = make([]float64, nc), make([]int32, nc)
	e.reasonNow = make([][numReasons]int32, ns)
	e.supplyOpen = make([]int32, nr)
	e.recloseEv = make([]sim.EventID, nl)
	e.done = make([]uint32, nc)
	e.qcause = make([]ref, nc)
	e.moving, e.bound = make([]bool, ns), make([]bool, ns)
	e.rg = regions{of: make([]int32, nc), at: make([]uint32, nc)}
	e.sides = 1
	if n.HasDirected() {
		e.sides = 2
	}
	e.compEv, e.compCause, e.compLoad = make([]sim.EventID, nc), make([]int32, nc), make([]float64, nc)
	e.compSince = make([]sim.Time, nc)
	e.armed = make([][]int32, ns)
	e.stocks = make([]stock, nc)
	e.chg, e.pendC, e.pendL = make([]flow.Changes, ns), make([]bool, nc), make([]bool, nl)
	for s := range e.chg {
		e.chg[s].NoCut = opts.NoChangeLog // no causes to cite
	}
	e.candAt, e.newFrac = make([]uint32, nc), make([]float64, nc)
	e.loads, e.compLoads, e.outflows = newReported(nl, ns), newReported(nc, ns), newReported(nc, ns)
	if opts.Observer != nil {
		e.sched.Observe(opts.Observer)
	}
	for name := range opts.Models {
		if _, ok := n.SectorIndexOf(name); !ok {
			return nil, fmt.Errorf("cascade: a model for %q, which is not a sector of network %q (sectors: %v)", name, n.Name(), sectorNames(n))
		}
	}
	if err := e.checkProtectionParams(); err != nil {
		return nil, err
	}
	for s, name := range n.Sectors() {
		f := flow.Factory(flow.Default)
		if g, ok := opts.Models[name]; ok && g != nil {
			f = g
		}
		m, err := f(n, s)
		if err != nil {
			return nil, fmt.Errorf("cascade: sector %s: %w", name, err)
		}
		if m == nil {
			return nil, fmt.Errorf("cascade: sector %s: the factory returned neither a model nor an error", name)
		}
		e.models = append(e.models, m)
		_, unbound := m.(flow.Unbound)
		e.bound[s] = !unbound && len(n.Sources(s)) > 0
		if u := n.UnmarkedSources(s); len(u) > 0 && opts.Models[name] == nil {
			ids := make([]string, 0, min(len(u), 5))
			for _, i := range u[:min(len(u), 5)] {
				ids = append(ids, n.ComponentID(i))
			}
			e.warnings = append(e.warnings, fmt.Sprintf("sector %s has no component with RoleSource, so it counts as standalone (served ⇔ functional), yet %d of its members are of a source kind (%s): set their Role to source, or choose flow.StandaloneFactory for it explicitly",
				name, len(u), strings.Join(ids, ", ")))
		}
	}
	e.dk = newDark(n, e.bound)
	e.watchReports()
	e.totD, e.totP = make([]int64, ns), make([]int64, ns)
	for i := range n.Components() {
		e.demandFP[i] = n.FixedDemand(i)
		e.pop[i] = n.Population(i)
		s := n.ComponentSector(i)
		e.totD[s] += e.demandFP[i]
		e.totP[s] += e.pop[i]
	}
	return e, nil
}

// fill sets every element of v to x and returns v.
func fill[T any](v []T, x T) []T {
	for k := range v {
		v[k] = x
	}
	return v
}

func sectorNames(n *network.Network) []network.Sector {
	var out []network.Sector
	for _, name := range n.Sectors() {
		out = append(out, name)
	}
	return out
}

// Network returns the engine's network.
func (e *Engine) Network() *network.Network { return e.net }

// reset prepares the per-run state in O(size).
func (e *Engine) reset(seed uint64) {
	e.sched.Reset()
	e.st.Reset()
	e.seed = seed
	for r := range e.ph {
		e.ph[r], e.ev[r], e.mode[r], e.cnt[r] = met, 0, 0, 0
		e.level[r], e.levelAt[r] = e.net.Buffer(int32(r)), 0
		e.lossCause[r] = noRef
	}
	for i := range e.frac {
		e.frac[i], e.dmgFactor[i], e.contribD[i], e.contribP[i] = 0, 1, 0, 0
		e.lost[i], e.lastCause[i] = false, -1
		e.capFactor[i], e.suspended[i] = 1, 0
	}
	clear(e.linkSuspended)
	clear(e.lostLink)
	clear(e.sumD)
	clear(e.sumP)
	clear(e.counted)
	clear(e.extra)
	clear(e.linkEv)
	clear(e.recloseEv)
	clear(e.compEv)
	for s := range e.armed {
		e.armed[s] = e.armed[s][:0]
	}
	for i := range e.stocks {
		e.stocks[i] = stock{level: e.net.Storage(int32(i)), cause: -1}
	}
	clear(e.loads.now)
	clear(e.compLoads.now)
	clear(e.outflows.now)
	// Every model evaluates the reset state from scratch.
	for s := range e.chg {
		e.forget(network.SectorIndex(s))
		e.chg[s].All = true
		e.clearDirty(network.SectorIndex(s))
	}
	// Work an aborted instant left (ErrNotSettling stops between rounds).
	for _, sec := range e.dirtyList {
		e.dirty[sec] = false
	}
	for _, r := range e.check {
		e.inCheck[r] = false
	}
	for _, sec := range e.recompList {
		e.recomputed[sec] = false
	}
	e.dirtyList, e.check, e.recompList = e.dirtyList[:0], e.check[:0], e.recompList[:0]
	e.touched, e.reqList = e.touched[:0], e.reqList[:0]
	e.epoch++
	e.impacts = e.impacts[:0]
	e.impactParent = e.impactParent[:0]
	e.impactHazard = e.impactHazard[:0]
	e.started = e.started[:0]
	e.actions = e.actions[:0]
	clear(e.subst)
	clear(e.substN)
	e.triggers = e.triggers[:0]
	e.nowChanges = e.nowChanges[:0]
	e.quietState = e.quietState[:0]
	e.loosened = e.loosened[:0]
	e.looseCauses = e.looseCauses[:0]
	e.dk.reset()
	e.instants = 0
	e.err = nil
	e.res = &Result{Network: e.net, Warnings: slices.Clip(e.warnings),
		Outage: make([]OutageStats, e.net.NumComponents()), LinkOutage: make([]OutageStats, e.net.NumLinks())}
	for _, o := range [2][]OutageStats{e.res.Outage, e.res.LinkOutage} {
		for k := range o {
			o[k].First = -1
		}
	}
	for k := range e.downSince {
		e.downSince[k] = -1
	}
	for s, name := range e.net.Sectors() {
		e.res.Series = append(e.res.Series, Series{Sector: name, TotalDemand: e.totD[s], TotalPopulation: e.totP[s], Points: []Point{{}}})
		e.res.Reasons = append(e.res.Reasons, ReasonSeries{Sector: name, Points: []ReasonPoint{{}}})
	}
	clear(e.reasonNow)
	clear(e.supplyOpen)
	e.newReports()
}

// Run simulates one replication: it applies the impacts of in.Hazards and
// in.Impacts, spreads failures to the fixpoint at every instant, runs lags,
// buffers and responder actions, and returns the Result. Every run ends: on
// a cancelled context (checked between instants and inside long ones) it
// returns what was computed so far, marked incomplete, with an error
// wrapping ctx.Err(); an instant that does not settle returns
// ErrNotSettling, also with the partial result.
func (e *Engine) Run(ctx context.Context, in Input) (*Result, error) {
	e.reset(in.Seed)
	e.ctx = ctx
	defer func() { e.ctx = nil }()
	if err := e.nameHazards(in.Hazards); err != nil {
		return nil, err
	}
	e.impacts = append(e.impacts, in.Impacts...)
	for range in.Impacts {
		e.impactHazard = append(e.impactHazard, inputImpact)
		e.impactParent = append(e.impactParent, -1)
	}
	for h, hz := range in.Hazards {
		pt, _ := hz.(hazard.PartTrigger)
		if tr, ok := hz.(hazard.Trigger); ok || pt != nil {
			e.triggers = append(e.triggers, trigger{h: int32(h), t: tr, pt: pt})
		}
		if c, ok := hz.(hazard.Compound); ok {
			parts, err := c.Parts(e.net, e.hazardRand(int32(h)))
			if err == nil {
				err = hazard.CheckParts(e.net, parts)
			}
			if err == nil {
				err = e.addParts(int32(h), parts, -1, true)
			}
			if err != nil {
				return nil, fmt.Errorf("cascade: hazard %q: %w", e.hazards[h].name, err)
			}
			continue
		}
		ims, err := hz.Impacts(e.net, e.hazardRand(int32(h)))
		if err != nil {
			return nil, fmt.Errorf("cascade: hazard %q: %w", e.hazards[h].name, err)
		}
		for _, im := range ims {
			e.impacts = append(e.impacts, im)
			e.impactHazard = append(e.impactHazard, int32(h))
			e.impactParent = append(e.impactParent, -1)
		}
	}
	for k := range e.impacts {
		im := &e.impacts[k]
		if err := im.Validate(e.net); err != nil {
			return nil, fmt.Errorf("cascade: impact %d: %w", k, err)
		}
		e.schedule(*im, int32(k))
	}
	if e.snap.ok {
		e.restore()
		if err := e.warm(); err != nil {
			return e.abort(err)
		}
	} else {
		e.initial()
		if e.err != nil {
			return e.abort(e.err)
		}
		e.save()
	}
	if e.opts.Responder != nil {
		e.opts.Responder.Start(&e.ctl)
	}
	e.res.Complete = true
	last, same := sim.Time(-1), 0
	for {
		if e.instants&255 == 0 {
			if err := e.stopped(); err != nil {
				return e.abort(err)
			}
		}
		ev, ok := e.sched.Peek()
		if !ok || (e.opts.Horizon > 0 && ev.Time > e.opts.Horizon) {
			break
		}
		e.instants++
		if ev.Time == last {
			// Events keep arriving at one instant (a responder undoing
			// what it just did): it never settles.
			if same++; same > e.net.NumComponents()+e.net.NumLinks()+2 {
				return e.abort(e.oscillation())
			}
		} else {
			last, same = ev.Time, 0
		}
		// The events due now, bounded: an event that schedules itself
		// again at the same instant would otherwise spin for ever. Events
		// already pending are finite work, however many.
		limit := e.eventLimit(e.sched.Len())
		for n, t := 0, ev.Time; ok && ev.Time == t; ev, ok = e.sched.Peek() {
			if n++; n&1023 == 0 {
				if n > limit {
					return e.abort(fmt.Errorf("%w at %v: more than %d events, the last by %s", ErrNotSettling, t, limit, e.actor(ev)))
				}
				if err := e.stopped(); err != nil {
					return e.abort(err)
				}
			}
			e.sched.Step()
		}
		err := e.settle(e.sched.Now())
		if err == nil {
			err = e.err
		}
		if err != nil {
			return e.abort(err)
		}
	}
	end := e.sched.Now()
	if e.opts.Horizon > 0 {
		end = e.opts.Horizon
	}
	e.finish(end)
	return e.res, nil
}

// stopped returns an error wrapping the run's context error once it is
// done, nil before. The engine checks it between instants and inside long
// ones (every 1024 events, every 64 settling rounds).
func (e *Engine) stopped() error {
	if e.ctx == nil {
		return nil
	}
	if err := e.ctx.Err(); err != nil {
		return fmt.Errorf("cascade: run stopped at %v: %w", e.sched.Now(), err)
	}
	return nil
}

// abort ends a run early: the result so far, marked incomplete, and err.
func (e *Engine) abort(err error) (*Result, error) {
	e.res.Complete = false
	e.finish(e.sched.Now())
	return e.res, err
}

// eventLimit bounds the events of one batch at one instant: the events
// pending when it began, and a few clocks per component, link and
// requirement. More is an event rescheduling itself at the same instant.
func (e *Engine) eventLimit(pending int) int {
	return pending + 4*(e.net.NumComponents()+e.net.NumLinks()+e.net.NumRequirements()) + 1024
}

// actor names who scheduled ev, for errors.
func (e *Engine) actor(ev sim.Event) string {
	switch ev.Kind {
	case KindImpact:
		return e.impactSource(ev.Entity)
	case KindLag, KindBuffer:
		return "the clock of a requirement of " + e.net.ComponentID(e.net.Dependent(ev.Entity))
	case KindTrip, KindReclose:
		return "the protection of link " + e.net.LinkID(ev.Entity)
	case KindComponentTrip:
		return "the protection of " + e.net.ComponentID(ev.Entity)
	case KindStock:
		return "the store " + e.net.ComponentID(ev.Entity)
	case KindSupply, KindUnsupply, KindSubstitute, KindUnsubstitute:
		return "the responder (a supply or substitution)"
	case KindResponder, KindGrant:
		return "the responder (its own event)"
	}
	return fmt.Sprintf("an event of kind %d", ev.Kind)
}

// impactSource names who produced impact k.
func (e *Engine) impactSource(k int32) string {
	switch h := e.impactHazard[k]; {
	case h == responderImpact:
		return "the responder (an action)"
	case h >= 0:
		return fmt.Sprintf("hazard %q", e.hazards[h].name)
	}
	return "an input impact"
}

func priorityOf(k hazard.ImpactKind) sim.Priority {
	switch k {
	case hazard.Suspend, hazard.Resume:
		return sim.PrioritySuspend
	case hazard.Repair, hazard.Restore:
		return sim.PriorityAction
	}
	return sim.PriorityImpact
}

func (e *Engine) schedule(im hazard.Impact, k int32) sim.EventID {
	return e.sched.Schedule(sim.Event{Time: im.Time, Priority: priorityOf(im.Kind), Kind: KindImpact, Entity: k}, impactHandler{e})
}

type trigger struct {
	h  int32
	t  hazard.Trigger
	pt hazard.PartTrigger // asked instead of t when set
}

// startedPart is a part of a compound hazard that another part started:
// the trigger cause its impacts descend from, made when the first of them
// applies.
type startedPart struct {
	by    int32 // hazard index of the part whose trigger fired
	site  int32 // component, or -1
	at    sim.Time
	up    int32 // started record of the parent part, or -1
	root  int32 // cause the parent part descends from when up is -1
	cause int32
	made  bool
}

// addParts appends the impacts of a compound hazard's parts (hazard h's,
// checked by hazard.CheckParts): a part with no parent descends from root
// (-1 for a hazard's own parts, the changed component's cause for a
// trigger's), a started part from a trigger cause made when its first
// impact applies. Part names join the run's hazard names; at the start of
// a run (static) a name another hazard has is an error, a trigger's parts
// reuse names (a flood started twice).
func (e *Engine) addParts(h int32, parts []hazard.Part, root int32, static bool) error {
	var rec []int32 // per part: its started record, or -1; allocated only for chains
	idx := make([]int32, len(parts))
	for k, p := range parts {
		idx[k] = e.partIndex(h, p.Name)
		if idx[k] < 0 {
			if static {
				return fmt.Errorf("cascade: part %q has the name of another hazard of the run; give each its own name", p.Name)
			}
			idx[k] = -2 - idx[k]
		}
		parent := root
		if p.Parent >= 0 {
			if rec == nil {
				rec = make([]int32, len(parts))
				for j := range rec {
					rec[j] = -1
				}
			}
			rec[k] = int32(len(e.started))
			e.started = append(e.started, startedPart{by: idx[p.Parent], site: p.Site, at: p.At, up: rec[p.Parent], root: root, cause: -1})
			parent = -2 - rec[k]
		}
		for _, im := range p.Impacts {
			e.impacts = append(e.impacts, im)
			e.impactHazard = append(e.impactHazard, idx[k])
			e.impactParent = append(e.impactParent, parent)
		}
	}
	return nil
}

// partIndex returns the hazard index of the part named name of hazard h,
// adding the name to the run's hazards when it is new. A name that another
// hazard of the run has gives −2 − its index (the same as h's own name,
// h).
func (e *Engine) partIndex(h int32, name string) int32 {
	if e.hazards[h].name == name {
		return h
	}
	for k := range e.hazards {
		if e.hazards[k].name == name {
			return -2 - int32(k)
		}
	}
	e.hazards = append(e.hazards, runHazard{name: name, stream: hazard.StreamOf(name), trig: hazard.TriggerStreamOf(name)})
	return int32(len(e.hazards) - 1)
}

// startedCause returns the trigger cause of started record s, making it
// (and its parent's) on first use.
func (e *Engine) startedCause(s int32) int32 {
	if r := e.started[s]; !r.made {
		up := r.root
		if r.up >= 0 {
			up = e.startedCause(r.up)
		}
		e.started[s].cause = e.newCause(Cause{Time: r.at, Mechanism: ByTrigger, Entity: r.site, Parent: up,
			Hazard: e.hazards[r.by].name, Req: -1})
		e.started[s].made = true
	}
	return e.started[s].cause
}

// Origins of an impact besides a hazard's index (Engine.impactHazard).
const (
	inputImpact     int32 = -1 // Input.Impacts
	responderImpact int32 = -2 // Control.Apply
)

// runHazard is a hazard of the run in progress: its name and streams,
// derived once per run.
type runHazard struct {
	name         string
	stream, trig sim.StreamID
}

// nameHazards checks that every hazard has its own non-empty name (which
// keys its random numbers) and derives its streams.
func (e *Engine) nameHazards(hs []hazard.Hazard) error {
	e.hazards = e.hazards[:0]
	for h, hz := range hs {
		if hz == nil {
			return fmt.Errorf("cascade: hazard %d is nil", h)
		}
		name := hz.Name()
		if name == "" || name == ResponderAction {
			return fmt.Errorf("cascade: hazard %d is named %q; every hazard needs its own name", h, name)
		}
		for _, o := range e.hazards {
			if o.name == name {
				return fmt.Errorf("cascade: two hazards are named %q; give each its own name (a Label), which keys its random numbers", name)
			}
		}
		e.hazards = append(e.hazards, runHazard{name: name, stream: hazard.StreamOf(name), trig: hazard.TriggerStreamOf(name)})
	}
	return nil
}

// hazardRand returns hazard h's random numbers for the current run.
func (e *Engine) hazardRand(h int32) hazard.Rand {
	return hazard.Rand{Seed: e.seed, ID: e.hazards[h].stream, Observer: e.drawObserver()}
}

// drawObserver returns the observer of random draws, nil for none.
func (e *Engine) drawObserver() sim.DrawObserver {
	if e.opts.Observer == nil {
		return nil
	}
	return e.opts.Observer
}

// hazardName returns the name a cause records for an impact's origin h.
func (e *Engine) hazardName(h int32) string {
	switch {
	case h >= 0:
		return e.hazards[h].name
	case h == responderImpact:
		return ResponderAction
	}
	return ""
}

type impactHandler struct{ e *Engine }

func (h impactHandler) Handle(_ *sim.Scheduler, ev sim.Event) { h.e.apply(ev.Entity, ev.Time) }

type clockHandler struct{ e *Engine }

func (h clockHandler) Handle(_ *sim.Scheduler, ev sim.Event) { h.e.expire(ev.Entity, ev.Kind, ev.Time) }

// finish closes the series and snapshots the final flags.
func (e *Engine) finish(end sim.Time) {
	e.res.End = end
	if f, ok := e.opts.Responder.(Finisher); ok {
		f.Finish(&e.ctl, end)
	}
	if e.outflows.tracked() {
		e.res.Levels = make([]float64, len(e.stocks))
		for i := range e.stocks {
			e.settleStock(int32(i), end)
			e.res.Levels[i] = e.stocks[i].level
		}
	}
	for k := range e.res.Supply {
		if iv := &e.res.Supply[k]; iv.Open {
			iv.End = end
		}
	}
	e.closeOutages(end)
	e.res.Final = make([]network.Flags, e.net.NumComponents())
	for i := range e.res.Final {
		e.res.Final[i] = e.st.Flags(int32(i))
	}
}
