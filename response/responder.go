package response

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Job states.
const (
	jobPending uint8 = iota
	jobAssigned
	jobClosed
)

// nodeRoadLink marks a road link's job: it has no node of its own and is
// found through the links at the nodes a walk reaches.
const nodeRoadLink = -2

// Member states.
const (
	idle uint8 = iota
	travelling
	working
)

// Event codes (the high half of a responder event's argument).
const (
	evDispatch int64 = iota
	evArrive
	evDone
	evRecheck
	evScript
	evCheck
)

type job struct {
	Job
	team         int32
	node         int32 // road node, −1 none, nodeRoadLink
	agent        int32 // the member assigned, −1
	state        uint8
	handover     bool  // a generator's job filed as its supply there ends
	next, prev   int32 // in the team's list at node (or its loose list)
	onext, oprev int32 // in the team's report order
}

type team struct {
	Team
	index    int32
	sector   network.SectorIndex
	depot    int32 // road node, −1
	policy   Policy
	first    int32 // agents first … first+Count−1
	roadJobs bool  // repairs the roads themselves
	reroute  bool  // its policy opts into rerouting (Rerouter)

	head          []int32 // per road node: the first pending job there
	loose         int32   // pending jobs without a road node
	ofirst, olast int32   // pending jobs in report order
	pending       int
	critical      int     // pending jobs at critical sites
	filed         uint64  // jobs filed for the team in the run
	stalledAt     []int32 // nodes where a member was left waiting in this dispatch
}

type agent struct {
	team   int32
	name   string
	node   int32 // where it stands or is heading
	state  uint8
	job    int32 // −1 when none (idle, or pre-positioning)
	since  sim.Time
	action cascade.ActionID // a Substitute in progress
	// waited: left waiting, with the team's filing count, the road
	// openings and the last job ID seen then (reach.go).
	waited    bool
	jobsSeen  uint64
	roadsSeen uint64
	lastJob   int32
	// The trip under way: where and when it left, what it goes to, its
	// arrival event, and (rerouting teams) its route with the travel time
	// to each node of it.
	from       int32
	left       sim.Time
	target     int32
	targetLink bool
	arrival    cascade.ActionID
	arriveAt   sim.Time
	path       []int32
	cum        []sim.Time
}

// Responder carries out a Plan in a run: a cascade.Responder. Build one
// per engine (per worker) with New; it is reused across the engine's runs
// (Start resets it). It is not safe for concurrent use.
type Responder struct {
	n      *network.Network
	plan   Plan
	loc    *Locator
	router *roads.Router // nil without a transport sector
	road   network.SectorIndex
	repair RepairModel
	teams  []team
	agents []agent
	// teamOf[w][i]: the team that takes work w at component i, −1 none
	// (nil when no team does w); linkTeam likewise for link repairs.
	teamOf   [numWork][]int32
	linkTeam []int32
	crit     []bool // critical sites (criticalSites)
	critLink []bool
	hasPower []bool // a requirement on the power sector
	hasBuf   []bool // a buffered requirement
	scripts  []script
	shadowed []Shadowed // teams that never get a job
	fullTree bool       // the baseline search (benchmarks)

	// Lazily computed statics.
	weight []int64
	betw   map[network.SectorIndex][]float64

	// Per run.
	c            *cascade.Control
	jobs         []job
	active       [numWork][]int32 // per component: its open job of work w, −1
	linkJob      []int32
	walked       []uint32
	travelStamp  []uint32
	travelTime   []sim.Time
	travelAt     []int32
	walkStamp    uint32
	decision     uint32
	buf          []cand
	dirtyC       []int32
	dirtyL       []int32
	dispatchAt   sim.Time
	checkAt      sim.Time
	decisions    int
	roadsOpened  uint64 // road changes that opened a road element
	roadsChanged uint64 // road changes that opened or closed one
	directed     bool   // some road link is one-way
	reroutes     bool   // some team reroutes
	rerouteAt    sim.Time
	lab          roadLabels
	trips        []tripState // per sector
}

var (
	_ cascade.Responder    = (*Responder)(nil)
	_ cascade.EventHandler = (*Responder)(nil)
)

// New binds plan to n: it checks the plan (Plan.Validate, then every team's
// sector, kinds and depot, and every action's effect against n; a team
// whose sector, kinds and work fit no component or link of n, and so
// would never work, is an error naming it), places
// the network on its roads (NewLocator) and works out, per component and
// link, the team that takes each kind of work and whether it is a
// critical site (Decision.Critical). Errors wrap ErrPlan.
// Cost: O(C + L + R) for C components, L links and R requirements, plus
// the Locator's.
func New(n *network.Network, plan Plan) (*Responder, error) {
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	r := &Responder{n: n, plan: plan, loc: NewLocator(n), repair: plan.Repair, betw: map[network.SectorIndex][]float64{}}
	if r.repair == nil {
		r.repair = HazusRepair()
	}
	if s, ok := r.loc.Roads(); ok {
		r.road, r.router = s, roads.NewRouter(n, s)
		for l := range n.Links() {
			r.directed = r.directed || (n.LinkSector(l) == s && n.Directed(l))
		}
	}
	nc := n.NumComponents()
	r.crit, r.critLink = criticalSites(n)
	r.hasPower, r.hasBuf = make([]bool, nc), make([]bool, nc)
	power, hasPowerSector := n.SectorIndexOf(network.Power)
	for q := range n.Requirements() {
		d := n.Dependent(q)
		if n.Buffer(q) > 0 {
			r.hasBuf[d] = true
		}
		if hasPowerSector && powered(n, q, power) {
			r.hasPower[d] = true
		}
	}
	for k, t := range plan.Teams {
		tm := team{Team: t, index: int32(k), depot: -1, policy: t.Policy, first: int32(len(r.agents))}
		if tm.policy == nil {
			tm.policy = plan.Policy
		}
		if tm.policy == nil {
			tm.policy = NearestFirst{}
		}
		if rr, ok := tm.policy.(Rerouter); ok && rr.Reroute() {
			tm.reroute = true
			r.reroutes = true
		}
		if t.Sector != "" {
			s, ok := n.SectorIndexOf(t.Sector)
			if !ok {
				return nil, fmt.Errorf("%w: team %q: no sector %q", ErrPlan, t.Name, t.Sector)
			}
			tm.sector = s
		}
		tm.roadJobs = t.Work == Repair && r.router != nil && tm.sector == r.road
		if t.Depot != "" {
			i, ok := n.ComponentIndex(t.Depot)
			if !ok {
				return nil, fmt.Errorf("%w: team %q: no depot %q", ErrPlan, t.Name, t.Depot)
			}
			tm.depot = r.loc.Node(i)
		}
		if r.router != nil && tm.depot < 0 {
			return nil, fmt.Errorf("%w: team %q: depot %q is not on the roads (give a road node, or a component with a location or an access node)",
				ErrPlan, t.Name, t.Depot)
		}
		for m := range t.Count {
			r.agents = append(r.agents, agent{team: int32(k), name: fmt.Sprintf("%s-%d", t.Name, m+1)})
		}
		r.teams = append(r.teams, tm)
	}
	for k := range r.teams {
		tm := &r.teams[k]
		w := tm.Work
		if r.teamOf[w] == nil {
			r.teamOf[w] = filled(nc, -1)
		}
		fits, owns := false, false
		for i := range n.Components() {
			if r.takes(tm, i, false) {
				fits = true
				if r.teamOf[w][i] < 0 {
					r.teamOf[w][i], owns = tm.index, true
				}
			}
		}
		if w == Repair {
			if r.linkTeam == nil {
				r.linkTeam = filled(n.NumLinks(), -1)
			}
			for l := range n.Links() {
				if r.takes(tm, l, true) {
					fits = true
					if r.linkTeam[l] < 0 {
						r.linkTeam[l], owns = tm.index, true
					}
				}
			}
		}
		if !fits {
			return nil, fmt.Errorf("%w: team %q: %s", ErrPlan, tm.Name, r.fitsNothing(tm))
		}
		if !owns {
			r.shadowed = append(r.shadowed, r.shadowOf(tm))
		}
		if r.router != nil {
			tm.head = filled(nc, -1)
		}
	}
	if err := r.bindScript(); err != nil {
		return nil, err
	}
	return r, nil
}

// powered reports whether requirement q is on the power sector.
func powered(n *network.Network, q int32, power network.SectorIndex) bool {
	for _, p := range n.Providers(q) {
		if n.ComponentSector(p) == power {
			return true
		}
	}
	return false
}

func filled(n int, v int32) []int32 {
	s := make([]int32, n)
	for k := range s {
		s[k] = v
	}
	return s
}

// takes reports whether team tm takes its work at component (or link) e.
func (r *Responder) takes(tm *team, e int32, link bool) bool {
	n := r.n
	var s network.SectorIndex
	var kind network.Kind
	if link {
		if tm.Work != Repair {
			return false
		}
		s, kind = n.LinkSector(e), n.LinkKind(e)
	} else {
		s, kind = n.ComponentSector(e), n.ComponentKind(e)
	}
	if tm.Sector != "" && s != tm.sector {
		return false
	}
	if tm.Kinds != nil && !slices.Contains(tm.Kinds, kind) {
		return false
	}
	switch tm.Work {
	case Generate:
		return r.hasPower[e]
	case Refuel:
		return r.hasBuf[e]
	}
	return true
}

// Shadowed is a team of a plan that never gets a job: every component
// and link its work, sector and kinds fit goes to an earlier team, since a
// job goes to the first team of the plan that fits it.
type Shadowed struct {
	// Team is the shadowed team's name.
	Team string
	// By names the earlier teams that take all its work, in plan order.
	By []string
}

// Shadowed returns the teams of the plan that never get a job (see
// Shadowed), in plan order; New works them out. Such a team is not an
// error: a plan may keep a reserve that another network would use, but
// most likely it is not what its author meant (give the earlier team
// kinds, or move the wider team after the narrower one).
func (r *Responder) Shadowed() []Shadowed { return slices.Clone(r.shadowed) }

// shadowOf returns team tm as shadowed by the teams that take what it fits.
func (r *Responder) shadowOf(tm *team) Shadowed {
	var by []int32
	for i := range r.n.Components() {
		if r.takes(tm, i, false) {
			by = append(by, r.teamOf[tm.Work][i])
		}
	}
	if tm.Work == Repair {
		for l := range r.n.Links() {
			if r.takes(tm, l, true) {
				by = append(by, r.linkTeam[l])
			}
		}
	}
	slices.Sort(by)
	s := Shadowed{Team: tm.Name}
	for _, k := range slices.Compact(by) {
		s.By = append(s.By, r.teams[k].Name)
	}
	return s
}

// fitsNothing says why team tm takes its work nowhere in the network.
func (r *Responder) fitsNothing(tm *team) string {
	what := "no component"
	if tm.Work == Repair {
		what = "no component or link"
	}
	if tm.Sector != "" {
		what += " of sector " + strconv.Quote(string(tm.Sector))
	}
	if tm.Kinds != nil {
		what += fmt.Sprintf(" of kinds %q", tm.Kinds)
	}
	switch tm.Work {
	case Generate:
		what += " has a requirement on the power sector"
	case Refuel:
		what += " has a buffered requirement"
	default:
		what += " in the network"
	}
	return what + ": the team would do nothing"
}

// Decisions returns the number of policy decisions of the last run (a
// free member offered the pending jobs).
func (r *Responder) Decisions() int { return r.decisions }

// Locator returns the placement of the network on its roads.
func (r *Responder) Locator() *Locator { return r.loc }

// Start resets the run state: every member idle at its depot, no job,
// the roads loaded from the state, the scripted actions armed.
func (r *Responder) Start(c *cascade.Control) {
	r.c = c
	r.jobs = r.jobs[:0]
	for w := range r.active {
		if r.teamOf[w] != nil {
			r.active[w] = refill(r.active[w], r.n.NumComponents())
		}
	}
	if r.linkTeam != nil {
		r.linkJob = refill(r.linkJob, r.n.NumLinks())
	}
	r.walked, r.travelStamp = r.walked[:0], r.travelStamp[:0]
	r.travelTime, r.travelAt = r.travelTime[:0], r.travelAt[:0]
	r.walkStamp, r.decision, r.decisions, r.roadsOpened, r.roadsChanged = 0, 0, 0, 0, 0
	r.lab.version = 0
	r.dirtyC, r.dirtyL = r.dirtyC[:0], r.dirtyL[:0]
	r.dispatchAt, r.checkAt, r.rerouteAt = -1, -1, -1
	if r.trips == nil {
		r.trips = make([]tripState, r.n.NumSectors())
	}
	for s := range r.trips {
		ts := &r.trips[s]
		ts.open, ts.repairs, ts.reset, ts.comps, ts.links = 0, 0, 0, ts.comps[:0], ts.links[:0]
	}
	for k := range r.teams {
		tm := &r.teams[k]
		for u := range tm.head {
			tm.head[u] = -1
		}
		tm.loose, tm.ofirst, tm.olast, tm.pending, tm.critical, tm.filed = -1, -1, -1, 0, 0, 0
	}
	for a := range r.agents {
		ag := &r.agents[a]
		ag.node, ag.state, ag.job, ag.since, ag.action = r.teams[ag.team].depot, idle, -1, c.Now(), 0
		ag.waited = false
	}
	if r.router != nil {
		r.router.LoadView(c.State())
	}
	r.startScript()
}

func refill(s []int32, n int) []int32 {
	if cap(s) < n {
		s = make([]int32, n)
	}
	s = s[:n]
	for k := range s {
		s[k] = -1
	}
	return s
}

// OnChange files the jobs a change creates or settles and notes road
// changes for the router.
func (r *Responder) OnChange(c *cascade.Control, ch cascade.Change) {
	n := r.n
	if ch.Link {
		l := ch.Entity
		if r.router != nil && n.LinkSector(l) == r.road {
			r.dirtyL = append(r.dirtyL, l)
			r.roadChange(ch)
		}
		if r.linkTeam != nil && r.linkTeam[l] >= 0 {
			r.consider(Repair, l, true)
		}
	} else {
		i := ch.Entity
		if r.router != nil && n.ComponentSector(i) == r.road {
			r.dirtyC = append(r.dirtyC, i)
			r.roadChange(ch)
		}
		for w := range numWork {
			if r.teamOf[w] != nil && r.teamOf[w][i] >= 0 {
				r.consider(w, i, false)
			}
		}
		if r.active[Substitute] != nil && ch.Up() {
			if j := r.active[Substitute][i]; j >= 0 && r.jobs[j].state == jobAssigned {
				if a := r.jobs[j].agent; r.agents[a].state == working {
					r.finish(a) // the site delivers on its own: the unit leaves
				}
			}
		}
	}
	r.wantCheck()
}

// roadChange counts a road element's change that opens or closes it, and
// asks for a dispatch when one opens (a waiting member may now reach its
// job).
func (r *Responder) roadChange(ch cascade.Change) {
	if r.reroutes && r.rerouteAt != r.c.Now() {
		r.rerouteAt = r.c.Now()
		r.wantDispatch()
	}
	open := func(f network.Flags, x float64) bool { return f&network.DownFlags == 0 && x > 0 }
	was, is := open(ch.Old, ch.OldFactor), open(ch.New, ch.NewFactor)
	if was != is {
		r.roadsChanged++
	}
	if is && !was {
		r.roadsOpened++
		r.wantDispatch()
	}
}

// needs reports whether work w is (still) wanted at entity e.
func (r *Responder) needs(w Work, e int32, link bool) bool {
	v := r.c.State()
	if link {
		return v.LinkFlags(e)&(network.Damaged|network.Tripped) != 0 || v.LinkDamageState(e) > 0
	}
	f := v.Flags(e)
	switch w {
	case Repair:
		return f&(network.Damaged|network.Tripped) != 0 || v.DamageState(e) > 0
	case Generate:
		return f&network.OwnDownFlags == 0 && f&(network.Unsupplied|network.OnBackup) != 0
	case Substitute:
		return !v.Delivering(e)
	case Refuel:
		return f&network.OwnDownFlags == 0 && f&network.OnBackup != 0
	}
	return false
}

// consider opens a job for work w at e when it is wanted and none is
// open, and withdraws a pending one that is no longer wanted.
func (r *Responder) consider(w Work, e int32, link bool) {
	open := r.openJob(w, e, link)
	need := r.needs(w, e, link)
	switch {
	case need && open < 0 && w == Repair && r.tripped(e, link):
		r.noteTrip(e, link)
	case need && open < 0:
		r.newJob(w, e, link)
	case !need && open >= 0 && r.jobs[open].state == jobPending:
		r.unlist(open)
		r.close(open)
	}
}

func (r *Responder) openJob(w Work, e int32, link bool) int32 {
	if link {
		return r.linkJob[e]
	}
	return r.active[w][e]
}

// newJob files a pending job and asks for a dispatch.
func (r *Responder) newJob(w Work, e int32, link bool) {
	id := int32(len(r.jobs))
	var tm *team
	node := int32(-1)
	if link {
		tm = &r.teams[r.linkTeam[e]]
		r.linkJob[e] = id
		if r.router != nil {
			node = r.loc.LinkNode(r.n, e)
			if r.n.LinkSector(e) == r.road {
				node = nodeRoadLink
			}
		}
	} else {
		tm = &r.teams[r.teamOf[w][e]]
		r.active[w][e] = id
		node = r.loc.Node(e)
	}
	r.jobs = append(r.jobs, job{Job: Job{ID: id, Work: w, Entity: e, Link: link, Since: r.c.Now()},
		team: tm.index, node: node, agent: -1, next: -1, prev: -1, onext: -1, oprev: -1})
	r.walked = append(r.walked, 0)
	r.travelStamp = append(r.travelStamp, 0)
	r.travelTime = append(r.travelTime, 0)
	r.travelAt = append(r.travelAt, -1)
	r.list(id)
	tm.filed++
	if w == Repair {
		r.trips[r.sectorOf(e, link)].open++
	}
	r.wantDispatch()
}

// list puts pending job j on its team's lists.
func (r *Responder) list(j int32) {
	e := &r.jobs[j]
	tm := &r.teams[e.team]
	switch {
	case e.node >= 0:
		e.next = tm.head[e.node]
		if e.next >= 0 {
			r.jobs[e.next].prev = j
		}
		tm.head[e.node] = j
	case e.node == -1:
		e.next = tm.loose
		if e.next >= 0 {
			r.jobs[e.next].prev = j
		}
		tm.loose = j
	}
	e.oprev = tm.olast
	if tm.olast >= 0 {
		r.jobs[tm.olast].onext = j
	} else {
		tm.ofirst = j
	}
	tm.olast = j
	tm.pending++
	if r.isCritical(e) {
		tm.critical++
	}
}

func (r *Responder) isCritical(e *job) bool { return r.critical(e.Entity, e.Link) }

// critical reports whether component (or link) i is a critical site.
func (r *Responder) critical(i int32, link bool) bool {
	if link {
		return r.critLink[i]
	}
	return r.crit[i]
}

// unlist takes pending job j off its team's lists.
func (r *Responder) unlist(j int32) {
	e := &r.jobs[j]
	tm := &r.teams[e.team]
	if e.node != nodeRoadLink {
		if e.prev >= 0 {
			r.jobs[e.prev].next = e.next
		} else if e.node >= 0 {
			tm.head[e.node] = e.next
		} else {
			tm.loose = e.next
		}
		if e.next >= 0 {
			r.jobs[e.next].prev = e.prev
		}
	}
	if e.oprev >= 0 {
		r.jobs[e.oprev].onext = e.onext
	} else {
		tm.ofirst = e.onext
	}
	if e.onext >= 0 {
		r.jobs[e.onext].oprev = e.oprev
	} else {
		tm.olast = e.oprev
	}
	e.next, e.prev, e.onext, e.oprev = -1, -1, -1, -1
	tm.pending--
	if r.isCritical(e) {
		tm.critical--
	}
}

// close ends job j: the entity may get a new job.
func (r *Responder) close(j int32) {
	e := &r.jobs[j]
	e.state = jobClosed
	if e.Work == Repair {
		r.trips[r.sectorOf(e.Entity, e.Link)].open--
	}
	if e.Link {
		r.linkJob[e.Entity] = -1
	} else {
		r.active[e.Work][e.Entity] = -1
	}
}

// wantDispatch schedules one dispatch at the current instant.
func (r *Responder) wantDispatch() {
	if now := r.c.Now(); r.dispatchAt != now {
		r.dispatchAt = now
		r.c.At(now, r, evDispatch<<32)
	}
}

// OnEvent runs the responder's own events.
func (r *Responder) OnEvent(c *cascade.Control, w cascade.Wakeup) {
	k := int32(w.Arg)
	switch w.Arg >> 32 {
	case evDispatch:
		r.dispatchAt = -1
		r.dispatch()
	case evArrive:
		r.arrive(k)
	case evDone:
		r.done(k)
	case evRecheck:
		if r.teamOf[Refuel] != nil && r.teamOf[Refuel][k] >= 0 {
			r.consider(Refuel, k, false)
		}
	case evScript:
		r.runAction(int(k))
	case evCheck:
		r.checkAt = -1
		r.checkConditions()
	}
}

// flushRoads gives the router the road changes seen since its last query.
func (r *Responder) flushRoads() {
	if r.router != nil && len(r.dirtyC)+len(r.dirtyL) > 0 {
		r.router.Update(r.c.State(), r.dirtyC, r.dirtyL)
		r.dirtyC, r.dirtyL = r.dirtyC[:0], r.dirtyL[:0]
	}
}

// dispatch offers every idle member, team by team in plan order and in
// member order, its team's pending jobs. A member left waiting is asked
// again only once a job has been filed for its team or a road has opened
// or got faster since; members standing where another of the team was
// just left waiting wait too.
func (r *Responder) dispatch() {
	if r.rerouteAt == r.c.Now() {
		r.reroute()
	}
	r.reclose()
	for k := range r.teams {
		tm := &r.teams[k]
		tm.stalledAt = tm.stalledAt[:0]
		for a := tm.first; a < tm.first+int32(tm.Count) && tm.pending > 0; a++ {
			ag := &r.agents[a]
			if ag.state != idle {
				continue
			}
			if !r.worthAsking(a) {
				ag.waited = true
				continue
			}
			if !slices.Contains(tm.stalledAt, ag.node) && r.decide(a) {
				continue
			}
			ag.waited, ag.jobsSeen, ag.roadsSeen, ag.lastJob = true, tm.filed, r.roadsOpened, int32(len(r.jobs))-1
			tm.stalledAt = append(tm.stalledAt, ag.node)
		}
	}
}

// decide asks member a's policy for a job and sends it there; false when
// it is left waiting.
func (r *Responder) decide(a int32) bool {
	r.decision++
	r.decisions++
	tm := &r.teams[r.agents[a].team]
	j, ok := tm.policy.Choose(&Decision{r: r, agent: a})
	if !ok {
		return false
	}
	if j.ID < 0 || int(j.ID) >= len(r.jobs) || r.jobs[j.ID].state != jobPending || r.jobs[j.ID].team != tm.index {
		panic(fmt.Sprintf("response: policy %T of team %q chose job %+v, which is not pending for the team", tm.policy, tm.Name, j))
	}
	t, at := r.travel(a, j.ID)
	if t == Unreachable {
		return false
	}
	r.unlist(j.ID)
	r.jobs[j.ID].state, r.jobs[j.ID].agent = jobAssigned, a
	r.agents[a].job = j.ID
	r.agents[a].waited = false
	r.depart(a, at, t, j.Entity, j.Link)
	return true
}

// depart sends member a to node at, t away, recording its idle spell and
// the trip (target: the job's entity, or the node for a move).
func (r *Responder) depart(a, at int32, t sim.Time, target int32, link bool) {
	ag := &r.agents[a]
	now := r.c.Now()
	if now > ag.since {
		r.c.Record(cascade.Activity{Actor: ag.name, Kind: KindIdle, Target: ag.node, Start: ag.since, End: now})
	}
	ag.state, ag.from, ag.node, ag.left, ag.target, ag.targetLink = travelling, ag.node, at, now, target, link
	ag.arrival, ag.arriveAt = r.c.At(now+t, r, evArrive<<32|int64(a)), now+t
	ag.path, ag.cum = ag.path[:0], ag.cum[:0]
	if r.teams[ag.team].reroute && t > 0 {
		ag.path, ag.cum = r.route(ag.from, at, ag.path, ag.cum, 0)
	}
}

// route appends to path and cum the fastest route from node from to node
// to and the travel time to each of its nodes plus offset.
func (r *Responder) route(from, to int32, path []int32, cum []sim.Time, offset sim.Time) ([]int32, []sim.Time) {
	r.flushRoads()
	tree := r.router.Walk(from, func(u int32, _ sim.Time) bool { return u != to })
	if tree.Time(to) == Unreachable {
		return path, cum
	}
	k := len(path)
	path = tree.Path(to, path)
	for _, u := range path[k:] {
		cum = append(cum, offset+tree.Time(u))
	}
	return path, cum
}

// reroute moves the arrival of every travelling member of a rerouting
// team to what the current roads allow: it finishes the road it is on,
// then takes the fastest route from the next node. When no open road
// leads on from there, it stops at that node and its job is pending
// again.
func (r *Responder) reroute() {
	now := r.c.Now()
	for a := range r.agents {
		ag := &r.agents[a]
		if ag.state != travelling || len(ag.path) < 2 {
			continue
		}
		m := 1
		for m < len(ag.path) && ag.left+ag.cum[m] <= now {
			m++
		}
		if m == len(ag.path) {
			continue // arriving now
		}
		next, reach := ag.path[m], ag.left+ag.cum[m]
		ag.path, ag.cum = ag.path[:m], ag.cum[:m]
		ag.path, ag.cum = r.route(next, ag.node, ag.path, ag.cum, reach-ag.left)
		arrive := reach
		if len(ag.path) > m {
			arrive = ag.left + ag.cum[len(ag.cum)-1]
		} else {
			// Nothing leads on: stop at next, the job waits again.
			ag.node = next
			if ag.job >= 0 {
				r.jobs[ag.job].state, r.jobs[ag.job].agent = jobPending, -1
				r.list(ag.job)
				r.teams[ag.team].filed++
				ag.job = -1
			}
		}
		if arrive != ag.arriveAt {
			r.c.Cancel(ag.arrival)
			ag.arrival, ag.arriveAt = r.c.At(arrive, r, evArrive<<32|int64(a)), arrive
		}
	}
}

// arrive starts member a's work, or leaves it idle when the job is gone.
func (r *Responder) arrive(a int32) {
	ag := &r.agents[a]
	now := r.c.Now()
	if now > ag.left {
		r.c.Record(cascade.Activity{Actor: ag.name, Kind: KindTravel, Target: ag.target, Link: ag.targetLink, Start: ag.left, End: now})
	}
	if ag.job < 0 { // a move
		ag.state, ag.since = idle, now
		r.wantDispatch()
		return
	}
	e := &r.jobs[ag.job]
	if !r.needs(e.Work, e.Entity, e.Link) && !(e.handover && r.unpowered(e.Entity)) {
		r.close(ag.job)
		ag.state, ag.job, ag.since = idle, -1, now
		r.wantDispatch()
		return
	}
	ag.state, ag.since = working, now
	tm := &r.teams[ag.team]
	c, n := r.c, r.n
	switch e.Work {
	case Repair:
		var key int64
		if e.Link {
			key = int64(n.LinkKey(e.Entity))
		} else {
			key = int64(n.ComponentKey(e.Entity))
		}
		state := r.damageState(e.Entity, e.Link)
		s := c.Stream(key)
		d := r.repair.Duration(n, e.Entity, e.Link, state, &s)
		if d < 0 {
			panic(fmt.Sprintf("response: repair model %T returned a negative duration %v", r.repair, d))
		}
		c.Apply(now+d, hazard.Impact{Kind: hazard.Repair, Target: e.Entity, Link: e.Link})
		r.workFor(a, d, Repair)
	case Generate:
		for _, q := range n.RequirementsOf(e.Entity) {
			if p, ok := n.SectorIndexOf(network.Power); ok && powered(n, q, p) {
				c.Supply(q, now, now.Add(tm.Autonomy))
			}
		}
		r.workFor(a, tm.Autonomy, Generate)
	case Substitute:
		until := sim.MaxTime
		if tm.Autonomy > 0 {
			until = now.Add(tm.Autonomy)
			c.At(until, r, evDone<<32|int64(a))
		}
		f := tm.Fraction
		if f == 0 {
			f = 1
		}
		ag.action = c.Substitute(e.Entity, f, now, until)
	case Refuel:
		least := sim.MaxTime
		for _, q := range n.RequirementsOf(e.Entity) {
			if b := n.Buffer(q); b > 0 {
				amount := tm.Amount
				if amount == 0 {
					amount = b
				}
				c.TopUp(q, amount)
				least = min(least, b)
			}
		}
		// Still on backup half a buffer later: the site needs fuel again.
		c.At(now.Add(max(least/2, 1)), r, evRecheck<<32|int64(e.Entity))
		r.workFor(a, tm.OnSite, Refuel)
	}
}

// workFor records member a's work of d from now and schedules its end.
func (r *Responder) workFor(a int32, d sim.Time, w Work) {
	ag := &r.agents[a]
	e := &r.jobs[ag.job]
	now := r.c.Now()
	r.c.Record(cascade.Activity{Actor: ag.name, Kind: w.String(), Target: e.Entity, Link: e.Link, Start: now, End: now.Add(d)})
	r.c.At(now.Add(d), r, evDone<<32|int64(a))
}

// done ends member a's work at its job: the member is free where it
// stands.
func (r *Responder) done(a int32) {
	ag := &r.agents[a]
	if ag.state != working {
		return // a Substitute already ended by the site's return
	}
	e := &r.jobs[ag.job]
	if e.Work == Substitute {
		r.finish(a)
		return
	}
	if e.Work == Repair {
		r.trips[r.sectorOf(e.Entity, e.Link)].repairs++
	}
	if r.router != nil && e.Work == Repair {
		// The repair was applied at this instant: the roads it opens
		// count for the next trips at once.
		if e.Link && r.n.LinkSector(e.Entity) == r.road {
			r.dirtyL = append(r.dirtyL, e.Entity)
			r.roadsOpened++
			r.roadsChanged++
		} else if !e.Link && r.n.ComponentSector(e.Entity) == r.road {
			r.dirtyC = append(r.dirtyC, e.Entity)
			r.roadsOpened++
			r.roadsChanged++
		}
	}
	r.close(ag.job)
	ag.state, ag.job, ag.since = idle, -1, r.c.Now()
	if e.Work == Generate {
		// A site that still needs the generator gets a new job (the
		// unit, being there, is usually the nearest). Its supply ends at
		// this instant but the site's flags do not show it until the
		// instant settles, so the need is judged on the providers, here
		// and when a member arrives at this handover job in the same
		// instant: a unit that stays goes on supplying the site before
		// the instant settles, and leaves no zero-length outage (and no
		// cascade of them) behind. A refuelled site is looked at again
		// half a buffer later (arrive).
		if r.open(Generate, e.Entity) < 0 && r.unpowered(e.Entity) {
			r.newJob(Generate, e.Entity, false)
			r.jobs[len(r.jobs)-1].handover = true
		} else {
			r.consider(e.Work, e.Entity, false)
		}
	}
	r.wantDispatch()
}

// open returns the open job of work w at component i, or -1.
func (r *Responder) open(w Work, i int32) int32 { return r.openJob(w, i, false) }

// unpowered reports whether component i, not down for its own sake, has
// a requirement on the power sector that its providers alone, without a
// generator's supply, leave unmet: fewer than k of them deliver.
func (r *Responder) unpowered(i int32) bool {
	n, v := r.n, r.c.State()
	p, ok := n.SectorIndexOf(network.Power)
	if !ok || v.Flags(i)&network.OwnDownFlags != 0 {
		return false
	}
	for _, q := range n.RequirementsOf(i) {
		if !powered(n, q, p) {
			continue
		}
		k := 0
		for _, pr := range n.Providers(q) {
			if v.Delivering(pr) {
				k++
			}
		}
		if k < n.Need(q) {
			return true
		}
	}
	return false
}

// finish ends a Substitute unit's stay now and records it.
func (r *Responder) finish(a int32) {
	ag := &r.agents[a]
	e := &r.jobs[ag.job]
	now := r.c.Now()
	r.c.Cancel(ag.action)
	r.c.Record(cascade.Activity{Actor: ag.name, Kind: Substitute.String(), Target: e.Entity, Start: ag.since, End: now})
	r.close(ag.job)
	ag.state, ag.job, ag.since, ag.action = idle, -1, now, 0
	r.consider(Substitute, e.Entity, false)
	r.wantDispatch()
}

// Finish implements cascade.Finisher: it records, cut at the end of the
// run, the spells still under way then, which are otherwise recorded only
// when they end: a member waiting (KindIdle), on the road (KindTravel) or
// on a Substitute stay. Work recorded when it began (repair, generate,
// refuel) is already there.
func (r *Responder) Finish(c *cascade.Control, end sim.Time) {
	for a := range r.agents {
		ag := &r.agents[a]
		switch {
		case ag.state == idle && end > ag.since:
			c.Record(cascade.Activity{Actor: ag.name, Kind: KindIdle, Target: ag.node, Start: ag.since, End: end})
		case ag.state == travelling && end > ag.left:
			c.Record(cascade.Activity{Actor: ag.name, Kind: KindTravel, Target: ag.target, Link: ag.targetLink, Start: ag.left, End: end})
		case ag.state == working && r.jobs[ag.job].Work == Substitute && end > ag.since:
			e := &r.jobs[ag.job]
			c.Record(cascade.Activity{Actor: ag.name, Kind: Substitute.String(), Target: e.Entity, Start: ag.since, End: end})
		}
	}
}

// expected implements Decision.Expected.
func (r *Responder) expected(j Job) sim.Time {
	tm := &r.teams[r.jobs[j.ID].team]
	switch j.Work {
	case Repair:
		return r.repair.Mean(r.n, j.Entity, j.Link, r.damageState(j.Entity, j.Link))
	case Refuel:
		return tm.OnSite
	}
	return tm.Autonomy
}

// damageState returns the current damage state of component or link e.
func (r *Responder) damageState(e int32, link bool) uint8 {
	if link {
		return r.c.State().LinkDamageState(e)
	}
	return r.c.State().DamageState(e)
}

// weights returns, per component, its population plus its dependents'
// (one requirement away), computed on first use.
func (r *Responder) weights() []int64 {
	if r.weight == nil {
		n := r.n
		r.weight = make([]int64, n.NumComponents())
		for i := range n.Components() {
			w := n.Population(i)
			for _, q := range n.ProvidedBy(i) {
				w += n.Population(n.Dependent(q))
			}
			r.weight[i] = w
		}
	}
	return r.weight
}

// betweenness returns the intact betweenness of sector s's members,
// computed on first use.
func (r *Responder) betweenness(s network.SectorIndex) []float64 {
	if b, ok := r.betw[s]; ok {
		return b
	}
	b := make([]float64, r.n.NumComponents())
	network.NewBrandes(r.n).Sector(s, network.NewState(r.n), b)
	r.betw[s] = b
	return b
}
