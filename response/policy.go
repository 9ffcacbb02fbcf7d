package response

import (
	"iter"
	"math"
	"slices"

	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Unreachable is the travel time of a job no open road leads to.
const Unreachable = roads.Unreachable

// Job is one piece of work waiting for a team: a damaged component or link
// to repair, a site to power, serve or refuel.
type Job struct {
	// ID numbers the run's jobs in the order they were reported.
	ID int32
	// Work is the kind of work.
	Work Work
	// Entity is the component (or link, when Link) concerned.
	Entity int32
	Link   bool
	// Since is when the job was reported.
	Since sim.Time
}

// Policy chooses the next job of an idle crew or unit. Choose returns one
// of the pending jobs of the deciding team (Decision.Pending) that the
// member can reach, or false to leave it waiting: it is asked again once
// a job has been filed for its team or a road has opened (see the package
// documentation: a member is asked only when a pending job may be within
// its reach, and within one round of decisions, members standing where
// another member of the team was just left waiting wait too). A policy sees the live
// state through the Decision and never the future (durations are drawn
// when the work starts). Choose must be deterministic; it must not keep
// state between runs that changes its choices.
//
// Returning a job that is not pending for the team panics with a
// "response:" message; returning one the member cannot reach leaves the
// member waiting.
type Policy interface {
	Choose(d *Decision) (Job, bool)
}

// Rerouter is implemented by policies that opt into rerouting: when the
// roads change while a member of the team travels, it finishes the road
// it is on and goes on by the fastest route from the next node under the
// new travel times (a later or earlier arrival); when no open road leads
// on, it stops at that node and its job is pending again. Without it a
// route is fixed at departure: its arrival does not move.
type Rerouter interface {
	Reroute() bool
}

// Rerouting wraps a policy to opt into rerouting.
type Rerouting struct{ Policy }

// Reroute returns true.
func (Rerouting) Reroute() bool { return true }

// PolicyFunc adapts a function to Policy: a user's own rule.
type PolicyFunc func(d *Decision) (Job, bool)

// Choose calls f.
func (f PolicyFunc) Choose(d *Decision) (Job, bool) { return f(d) }

// NearestFirst takes the job with the shortest travel time from where the
// member stands (ties: the earlier report). Its search stops at the
// nearest job: it costs the ball of roads around the member that holds
// it, not the city.
type NearestFirst struct{}

// Choose returns the nearest reachable job.
func (NearestFirst) Choose(d *Decision) (Job, bool) {
	var best Job
	found := false
	d.Walk(func(j Job, _ sim.Time) bool {
		best, found = j, true
		return false
	})
	return best, found
}

// CriticalFirst takes the nearest job at a critical site (Decision.Critical:
// a critical facility and everything its supply depends on in the intact
// network — its providers, their paths to their sectors' sources, the
// providers those need, and so on) while one is reachable, and otherwise
// the nearest job.
type CriticalFirst struct{}

// Choose returns the nearest critical job, or else the nearest job.
func (CriticalFirst) Choose(d *Decision) (Job, bool) {
	if d.r.teams[d.team()].critical == 0 {
		return NearestFirst{}.Choose(d)
	}
	var first, crit Job
	var any, found bool
	d.Walk(func(j Job, _ sim.Time) bool {
		if !any {
			first, any = j, true
		}
		if d.Critical(j) {
			crit, found = j, true
			return false
		}
		return true
	})
	if found {
		return crit, true
	}
	return first, any
}

// MostPopulation takes the job that restores the most population per
// crew-hour: Population ÷ (travel time + Expected time on site), the
// highest first (ties: the shorter travel, then the earlier report). A job
// with nothing to gain (population 0) is taken only when no other is
// reachable, nearest first. The search stops once no farther job could
// score higher: travel t bounds every farther job's score by
// (largest pending population) ÷ (t + least expected time).
type MostPopulation struct{}

// Choose returns the reachable job of highest population per hour.
func (MostPopulation) Choose(d *Decision) (Job, bool) {
	var maxPop int64
	minOn := Unreachable
	for j := range d.Pending() {
		maxPop = max(maxPop, d.Population(j))
		minOn = min(minOn, d.Expected(j))
	}
	var best Job
	bestScore, found := -1.0, false
	d.Walk(func(j Job, t sim.Time) bool {
		if found && bestScore > 0 && float64(maxPop)/(t+minOn).Hours() <= bestScore {
			return false
		}
		s := 0.0
		if p := d.Population(j); p > 0 {
			s = float64(p) / (t + d.Expected(j)).Hours() // +Inf for no time at all
		}
		if s > bestScore {
			best, bestScore, found = j, s, true
		}
		return true
	})
	return best, found
}

// HighestBetweenness takes the reachable job of highest betweenness
// (Decision.Betweenness; ties: the nearer, then the earlier report). It
// walks every road the member can reach: O(R log R) per decision for R
// road nodes.
type HighestBetweenness struct{}

// Choose returns the reachable job of highest betweenness.
func (HighestBetweenness) Choose(d *Decision) (Job, bool) {
	var best Job
	bestB, found := -1.0, false
	d.Walk(func(j Job, _ sim.Time) bool {
		if b := d.Betweenness(j); b > bestB {
			best, bestB, found = j, b, true
		}
		return true
	})
	return best, found
}

// FirstCome takes the earliest reported job the member can reach.
type FirstCome struct{}

// Choose returns the earliest reachable job.
func (FirstCome) Choose(d *Decision) (Job, bool) {
	for j := range d.Pending() {
		if d.Travel(j) != Unreachable {
			return j, true
		}
	}
	return Job{}, false
}

// Decision is what a policy sees when a member of a team is free: where it
// stands, the team's pending jobs, travel times over the current roads,
// and the live state. It is valid during the Choose call only.
type Decision struct {
	r     *Responder
	agent int32
}

func (d *Decision) team() int32 { return d.r.agents[d.agent].team }

// Now returns the current time.
func (d *Decision) Now() sim.Time { return d.r.c.Now() }

// State returns the run's live state.
func (d *Decision) State() network.View { return d.r.c.State() }

// Network returns the run's network.
func (d *Decision) Network() *network.Network { return d.r.n }

// Actor returns the deciding member's name (Team.Name-k).
func (d *Decision) Actor() string { return d.r.agents[d.agent].name }

// Node returns the road node where the member stands (−1 without roads).
func (d *Decision) Node() int32 { return d.r.agents[d.agent].node }

// Pending returns the team's pending jobs in report order.
func (d *Decision) Pending() iter.Seq[Job] {
	return func(yield func(Job) bool) {
		r := d.r
		for j := r.teams[d.team()].ofirst; j >= 0; j = r.jobs[j].onext {
			if !yield(r.jobs[j].Job) {
				return
			}
		}
	}
}

// Walk calls visit with the team's pending jobs that the member can reach,
// each once, in nondecreasing order of travel time (ties: the earlier
// report first), until visit returns false. A job is reached when the
// member reaches its road node over open roads; a damaged road link or
// road component, when the member reaches a node next to it (the crew
// works from there); a job without a road node, at once. Cost: the roads
// within the travel time of the last job visited (Router.Walk), plus the
// pending jobs without a road node.
func (d *Decision) Walk(visit func(j Job, travel sim.Time) bool) {
	d.r.walk(d.agent, visit)
}

// Travel returns the travel time from the member to job j over the
// current roads: Unreachable when no open road leads there or j is not
// pending for the team. Cost: a Walk up to j, nothing when a Walk of this
// decision has already passed it.
func (d *Decision) Travel(j Job) sim.Time {
	t, _ := d.r.travel(d.agent, j.ID)
	return t
}

// Expected returns the expected time on site: the repair model's mean for
// the entity's current damage state, a generator's autonomy, a substitute
// unit's Autonomy (0 when it stays until the site is back), a refuel's
// OnSite.
func (d *Decision) Expected(j Job) sim.Time { return d.r.expected(j) }

// Population returns the population a job's site serves, directly or
// through its dependents one requirement away: Population(i) plus the
// Population of every dependent of a requirement i provides; for a link,
// the larger figure of its two ends. Static, computed once per network.
func (d *Decision) Population(j Job) int64 {
	w := d.r.weights()
	if j.Link {
		a, b := d.r.n.Ends(j.Entity)
		return max(w[a], w[b])
	}
	return w[j.Entity]
}

// Critical reports whether a job's site is critical: one of the sites a
// critical component's (network.Component.Critical) service depends on
// in the intact network. They are the closure of the critical components
// under two rules, applied to every site added until nothing is added:
//
//   - the providers of its requirements are critical (a hospital's
//     distribution substation, a substation's SCADA fiber node, that
//     node's power provider);
//   - in a sector with sources, the members and links of one shortest
//     path from it to a nearest source of its sector over the links in
//     service (fewest hops, a directed link followed from its From end;
//     at each step back from the site, the neighbour of lowest index)
//     are critical (the transmission substations and lines behind a
//     distribution substation). A site no source reaches adds no path.
//
// A link is critical when it lies on one of those paths. The set is
// static: New builds it once, in O(C + L + R) (one breadth-first search
// per sector holding a critical site, from all its sources at once).
func (d *Decision) Critical(j Job) bool { return d.r.critical(j.Entity, j.Link) }

// Betweenness returns the shortest-path betweenness of a job's site in
// its sector's intact graph (network.Brandes, links undirected and
// unweighted); for a link, the larger figure of its two ends. It is
// computed once per sector on first use: O(V·E) for the sector.
func (d *Decision) Betweenness(j Job) float64 {
	r := d.r
	i := j.Entity
	if j.Link {
		a, b := r.n.Ends(j.Entity)
		bt := r.betweenness(r.n.ComponentSector(a))
		return math.Max(bt[a], bt[b])
	}
	return r.betweenness(r.n.ComponentSector(i))[i]
}

// cand is a job found by a walk: its travel time and the node the member
// stops at.
type cand struct {
	job    int32
	travel sim.Time
	at     int32
}

// walk implements Decision.Walk.
func (r *Responder) walk(a int32, visit func(Job, sim.Time) bool) {
	r.flushRoads()
	r.walkStamp++
	ag := &r.agents[a]
	tm := &r.teams[ag.team]
	buf := r.buf[:0]
	defer func() { r.buf = buf[:0] }()
	// flush offers the jobs found at one travel time in report order.
	flush := func() bool {
		slices.SortFunc(buf, func(x, y cand) int { return int(x.job - y.job) })
		for _, c := range buf {
			r.note(c)
			if !visit(r.jobs[c.job].Job, c.travel) {
				return false
			}
		}
		buf = buf[:0]
		return true
	}
	for j := tm.loose; j >= 0; j = r.jobs[j].next {
		buf = append(buf, cand{j, 0, ag.node})
		r.walked[j] = r.walkStamp
	}
	if r.router == nil || ag.node < 0 {
		flush()
		return
	}
	if r.fullTree {
		r.walkTree(ag, tm, buf, visit)
		return
	}
	cur, stopped := sim.Time(0), false
	r.router.Walk(ag.node, func(u int32, t sim.Time) bool {
		if t > cur {
			if !flush() {
				stopped = true
				return false
			}
			cur = t
		}
		buf = r.jobsAt(tm, u, t, buf)
		return true
	})
	if !stopped {
		flush()
	}
}

// jobsAt appends the team's jobs a member reaching node u at time t
// reaches there: those at u, and for road teams the damaged road links at
// u and the damaged road components next to it.
func (r *Responder) jobsAt(tm *team, u int32, t sim.Time, buf []cand) []cand {
	add := func(j int32) {
		if r.walked[j] != r.walkStamp {
			r.walked[j] = r.walkStamp
			buf = append(buf, cand{j, t, u})
		}
	}
	for j := tm.head[u]; j >= 0; j = r.jobs[j].next {
		add(j)
	}
	if !tm.roadJobs {
		return buf
	}
	for _, in := range [2]bool{false, true} {
		nb, ls := r.n.Out(u)
		if in {
			if !r.n.HasDirected() {
				break
			}
			nb, ls = r.n.In(u)
		}
		for k, l := range ls {
			if j := r.linkJob[l]; j >= 0 && r.jobs[j].state == jobPending && r.jobs[j].team == tm.index {
				add(j)
			}
			if v := nb[k]; v != u {
				for j := tm.head[v]; j >= 0; j = r.jobs[j].next {
					if e := &r.jobs[j]; !e.Link && e.Entity == v {
						add(j)
					}
				}
			}
		}
	}
	return buf
}

// walkTree is the baseline search that Walk replaces: one full shortest
// travel-time tree from the member, then every pending job of the team
// timed on it and sorted.
func (r *Responder) walkTree(ag *agent, tm *team, buf []cand, visit func(Job, sim.Time) bool) {
	tree := r.router.Tree(ag.node)
	for j := tm.ofirst; j >= 0; j = r.jobs[j].onext {
		if r.walked[j] == r.walkStamp {
			continue
		}
		if t, at := r.treeTime(tree, tm, j); t != Unreachable {
			buf = append(buf, cand{j, t, at})
		}
	}
	slices.SortFunc(buf, func(x, y cand) int {
		if x.travel != y.travel {
			return cmpTime(x.travel, y.travel)
		}
		return int(x.job - y.job)
	})
	for _, c := range buf {
		r.note(c)
		if !visit(r.jobs[c.job].Job, c.travel) {
			return
		}
	}
}

func cmpTime(a, b sim.Time) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// treeTime times job j on a full tree, with the rules of jobsAt.
func (r *Responder) treeTime(tree roads.Tree, tm *team, j int32) (sim.Time, int32) {
	e := &r.jobs[j]
	best, at := Unreachable, int32(-1)
	try := func(u int32) {
		if t := tree.Time(u); t < best || (t == best && t != Unreachable && u < at) {
			best, at = t, u
		}
	}
	switch {
	case e.node >= 0:
		try(e.node)
		if tm.roadJobs && !e.Link && e.Entity == e.node {
			for _, in := range [2]bool{false, true} {
				nb, _ := r.n.Out(e.node)
				if in {
					if !r.n.HasDirected() {
						break
					}
					nb, _ = r.n.In(e.node)
				}
				for _, u := range nb {
					try(u)
				}
			}
		}
	case e.node == nodeRoadLink:
		a, b := r.n.Ends(e.Entity)
		try(a)
		try(b)
	}
	return best, at
}

// note keeps a job's travel time and stop for the current decision.
func (r *Responder) note(c cand) {
	r.travelStamp[c.job] = r.decision
	r.travelTime[c.job], r.travelAt[c.job] = c.travel, c.at
}

// travel returns member a's travel time to job j and the node it stops
// at, walking up to j unless this decision has already passed it.
func (r *Responder) travel(a, j int32) (sim.Time, int32) {
	if j < 0 || int(j) >= len(r.jobs) || r.jobs[j].state != jobPending || r.jobs[j].team != r.agents[a].team {
		return Unreachable, -1
	}
	if r.travelStamp[j] == r.decision {
		return r.travelTime[j], r.travelAt[j]
	}
	r.walk(a, func(x Job, _ sim.Time) bool { return x.ID != j })
	if r.travelStamp[j] == r.decision {
		return r.travelTime[j], r.travelAt[j]
	}
	return Unreachable, -1
}
