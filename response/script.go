package response

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Action is a scripted step of a what-if study: do Do at time At, or,
// when When is set, at the first settled instant from At on at which When
// holds. Each action runs once per run.
type Action struct {
	// Name labels the action in messages.
	Name string
	// At is the time of the action, or the time from which When is
	// watched; ≥ 0.
	At sim.Time
	// When, if set, is the condition: it is asked after every instant
	// with a change (and at At), and the action runs at the first instant
	// it holds. It sees the live state only.
	When func(now sim.Time, v network.View) bool
	// Do is what the action does.
	Do Effect
}

// Effect is what a scripted action does, through an Act. An Effect that
// also implements Checker is checked against the network by New.
type Effect interface {
	Do(a *Act)
}

// Checker is implemented by effects that name things in the network: New
// calls Check and fails with its error.
type Checker interface {
	Check(n *network.Network) error
}

// EffectFunc adapts a function to Effect.
type EffectFunc func(a *Act)

// Do calls f.
func (f EffectFunc) Do(a *Act) { f(a) }

// Act is what an effect acts through: the run's Control, and the plan's
// teams.
type Act struct{ r *Responder }

// Control returns the run's Control (Apply, Supply, Substitute, TopUp …).
func (a *Act) Control() *cascade.Control { return a.r.c }

// Move sends every idle member of the team named team to road node node
// (pre-positioning): they travel there over the current roads, wait, and
// take jobs from there; members that cannot reach it stay. It reports
// how many left. It panics with a "response:" message for an unknown team
// or a node that is not on the roads.
func (a *Act) Move(team string, node int32) int {
	r := a.r
	k := r.teamIndex(team)
	if k < 0 || r.router == nil || node < 0 || int(node) >= r.n.NumComponents() || r.n.ComponentSector(node) != r.road {
		panic(fmt.Sprintf("response: move of team %q to %d", team, node))
	}
	r.flushRoads()
	tm := &r.teams[k]
	moved := 0
	for m := tm.first; m < tm.first+int32(tm.Count); m++ {
		ag := &r.agents[m]
		if ag.state != idle {
			continue
		}
		t, _ := r.router.Route(ag.node, node)
		if t == Unreachable {
			continue
		}
		r.depart(m, node, t, node, false)
		moved++
	}
	return moved
}

func (r *Responder) teamIndex(name string) int {
	for k := range r.teams {
		if r.teams[k].Name == name {
			return k
		}
	}
	return -1
}

// script is the run state of a scripted action.
type script struct {
	done bool
}

func (r *Responder) bindScript() error {
	for k, a := range r.plan.Script {
		if ch, ok := a.Do.(Checker); ok {
			if err := ch.Check(r.n); err != nil {
				return fmt.Errorf("%w: action %d (%q): %w", ErrPlan, k, a.Name, err)
			}
		}
		if p, ok := a.Do.(Preposition); ok && r.teamIndex(p.Team) < 0 {
			return fmt.Errorf("%w: action %d (%q): no team %q", ErrPlan, k, a.Name, p.Team)
		}
	}
	r.scripts = make([]script, len(r.plan.Script))
	return nil
}

// startScript arms the actions: timed ones at their time, conditions
// checked from theirs.
func (r *Responder) startScript() {
	for k, a := range r.plan.Script {
		r.scripts[k].done = false
		at := max(a.At, r.c.Now())
		if a.When == nil {
			r.c.At(at, r, evScript<<32|int64(k))
		} else {
			r.c.At(at, r, evCheck<<32)
		}
	}
}

// wantCheck schedules one check of the conditions at the current instant
// when some conditional action is armed.
func (r *Responder) wantCheck() {
	now := r.c.Now()
	if r.checkAt == now {
		return
	}
	for k, a := range r.plan.Script {
		if a.When != nil && !r.scripts[k].done && a.At <= now {
			r.checkAt = now
			r.c.At(now, r, evCheck<<32)
			return
		}
	}
}

// checkConditions runs the armed actions whose condition holds.
func (r *Responder) checkConditions() {
	now := r.c.Now()
	for k, a := range r.plan.Script {
		if a.When != nil && !r.scripts[k].done && a.At <= now && a.When(now, r.c.State()) {
			r.runAction(k)
		}
	}
}

func (r *Responder) runAction(k int) {
	if r.scripts[k].done {
		return
	}
	r.scripts[k].done = true
	r.plan.Script[k].Do.Do(&Act{r: r})
}

// ShedLoad scales the demand of every component of Sector in Zone by
// Factor (a hazard.SetFactor impact on demand), at once: load shedding in
// a district.
type ShedLoad struct {
	Zone   string
	Sector network.Sector
	// Factor is the new demand factor, in [0, 1] (0 sheds everything).
	Factor float64
}

// Check checks the zone, the sector and the factor.
func (s ShedLoad) Check(n *network.Network) error {
	if err := checkZoneSector(n, s.Zone, s.Sector); err != nil {
		return err
	}
	if !(s.Factor >= 0 && s.Factor <= 1) {
		return fmt.Errorf("demand factor %v outside [0, 1]", s.Factor)
	}
	return nil
}

// Do applies the demand factors.
func (s ShedLoad) Do(a *Act) {
	n, c := a.r.n, a.r.c
	z, _ := zoneIndex(n, s.Zone)
	sec, _ := n.SectorIndexOf(s.Sector)
	for _, i := range n.SectorMembers(sec) {
		if n.Zone(i) == z && n.Demand(i) > 0 {
			c.Apply(c.Now(), hazard.Impact{Kind: hazard.SetFactor, Param: hazard.Demand, Target: i, Factor: s.Factor})
		}
	}
}

// Isolate closes every link of Sector with exactly one end in Zone (a
// hazard.Suspend impact; a Resume reopens it), at once: isolating a
// pressure zone of the water network.
type Isolate struct {
	Zone   string
	Sector network.Sector
}

// Check checks the zone and the sector.
func (s Isolate) Check(n *network.Network) error { return checkZoneSector(n, s.Zone, s.Sector) }

// checkZoneSector reports a zone or a sector that n does not have.
func checkZoneSector(n *network.Network, zone string, sector network.Sector) error {
	if _, ok := zoneIndex(n, zone); !ok {
		return fmt.Errorf("no zone %q", zone)
	}
	if _, ok := n.SectorIndexOf(sector); !ok {
		return fmt.Errorf("no sector %q", sector)
	}
	return nil
}

// Do suspends the boundary links.
func (s Isolate) Do(a *Act) {
	n, c := a.r.n, a.r.c
	z, _ := zoneIndex(n, s.Zone)
	sec, _ := n.SectorIndexOf(s.Sector)
	for l := range n.Links() {
		from, to := n.Ends(l)
		if n.LinkSector(l) == sec && (n.Zone(from) == z) != (n.Zone(to) == z) {
			c.Apply(c.Now(), hazard.Impact{Kind: hazard.Suspend, Target: l, Link: true})
		}
	}
}

// Backup switches Facility to its own generator: every power requirement
// of the facility gets an extra provider (Control.Supply) from now for
// For (0: for good).
type Backup struct {
	Facility string
	For      sim.Time
}

// Check checks that the facility exists and has a power requirement.
func (s Backup) Check(n *network.Network) error {
	i, ok := n.ComponentIndex(s.Facility)
	if !ok {
		return fmt.Errorf("no component %q", s.Facility)
	}
	if s.For < 0 {
		return fmt.Errorf("negative duration %v", s.For)
	}
	p, ok := n.SectorIndexOf(network.Power)
	if ok {
		for _, q := range n.RequirementsOf(i) {
			if powered(n, q, p) {
				return nil
			}
		}
	}
	return fmt.Errorf("%q has no requirement on power", s.Facility)
}

// Do starts the supply.
func (s Backup) Do(a *Act) {
	n, c := a.r.n, a.r.c
	i, _ := n.ComponentIndex(s.Facility)
	p, _ := n.SectorIndexOf(network.Power)
	until := sim.MaxTime
	if s.For > 0 {
		until = c.Now().Add(s.For)
	}
	for _, q := range n.RequirementsOf(i) {
		if powered(n, q, p) {
			c.Supply(q, c.Now(), until)
		}
	}
}

// Preposition sends the idle members of Team to the road node of
// component At (Act.Move).
type Preposition struct {
	Team string
	At   string
}

// Check checks that the place exists (the team is checked by New).
func (s Preposition) Check(n *network.Network) error {
	if _, ok := n.ComponentIndex(s.At); !ok {
		return fmt.Errorf("no component %q", s.At)
	}
	return nil
}

// Do moves the team.
func (s Preposition) Do(a *Act) {
	i, _ := a.r.n.ComponentIndex(s.At)
	if node := a.r.loc.Node(i); node >= 0 {
		a.Move(s.Team, node)
	}
}

func zoneIndex(n *network.Network, name string) (int32, bool) {
	for z := range int32(n.NumZones()) {
		if n.ZoneName(z) == name {
			return z, true
		}
	}
	return -1, false
}
