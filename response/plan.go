package response

import (
	"errors"
	"fmt"
	"slices"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// ErrPlan is wrapped by every error Plan.Validate and New return.
var ErrPlan = errors.New("response: invalid plan")

// Work is what a team does on site.
type Work uint8

// Kinds of work.
const (
	// Repair: a crew repairs a damaged or tripped component or link of its
	// sector (hazard.Repair) after a duration drawn from the plan's
	// RepairModel.
	Repair Work = iota
	// Generate: a mobile generator supplies the power requirements of a
	// site that has lost power or runs on its backup (Control.Supply) for
	// its fuel autonomy.
	Generate
	// Substitute: a mobile unit (cells on wheels at a tower, a water truck
	// at a junction) makes a site that does not deliver deliver a fraction
	// of its service (Control.Substitute) until the site delivers again on
	// its own, or for Autonomy when set.
	Substitute
	// Refuel: a fuel truck refills the buffers of a site on backup
	// (Control.TopUp).
	Refuel
	numWork
)

var workNames = [...]string{"repair", "generate", "substitute", "refuel"}

// String returns the work's name, which is also the Kind of its
// activities.
func (w Work) String() string {
	if w < numWork {
		return workNames[w]
	}
	return fmt.Sprintf("work(%d)", w)
}

// Activity kinds recorded besides the work's own (Work.String).
const (
	// KindTravel: on the road from Start to End.
	KindTravel = "travel"
	// KindIdle: waiting from Start to End at road node Target (or −1).
	KindIdle = "idle"
)

// Team is a group of identical crews or mobile units that share a depot,
// a kind of work and a policy. Their actors are named Name-1, Name-2, ….
type Team struct {
	// Name names the team (unique in the plan, not empty).
	Name string
	// Work is what its members do on site; the zero value is Repair.
	Work Work
	// Count is the number of crews or units, ≥ 1.
	Count int
	// Depot is the ID of the component where every member starts: a road
	// node, or any component, placed on the roads as Locator places it.
	// With a transport sector it must be placed; without one it may be
	// empty (travel then takes no time).
	Depot string
	// Sector restricts the sites served to one sector; for Repair it is
	// required (the sector whose damage the crews repair), otherwise ""
	// means every sector.
	Sector network.Sector
	// Kinds restricts the sites served (the crews' skills) to these
	// component or link kinds; nil means every kind. Substitute teams
	// need it (network.KindCellTower, network.KindJunction, …).
	Kinds []network.Kind
	// Fraction is the share of its service a Substitute unit restores, in
	// (0, 1]; 0 means 1.
	Fraction float64
	// Autonomy is how long a Generate unit supplies a site (its fuel, > 0)
	// and how long at most a Substitute unit stays (0: until the site
	// delivers on its own).
	Autonomy sim.Time
	// Amount is the autonomy a Refuel visit adds to each buffer of the
	// site (capped at the buffer's size); 0 means a full refill.
	Amount sim.Time
	// OnSite is how long a Refuel visit takes, ≥ 0.
	OnSite sim.Time
	// Policy chooses the team's next job; nil means the plan's.
	Policy Policy
}

// Plan configures a Responder: the teams, the policy they share unless
// they name their own, the repair-time model and the scripted actions.
// The zero value responds to nothing.
type Plan struct {
	// Teams are the crews and mobile units, in order: a job goes to the
	// first team whose work, sector and kinds fit it.
	Teams []Team
	// Policy is the teams' default policy; nil means NearestFirst.
	Policy Policy
	// Repair draws repair durations; nil means HazusRepair (the Hazus
	// restoration functions by fragility class and damage state,
	// DefaultRepair where they have nothing).
	Repair RepairModel
	// Script lists actions done at a time or when a condition holds.
	Script []Action
}

// Validate reports fields out of their documented ranges (the repair
// model's too, when it has a Validate method), a policy or effect with
// nothing to call (a nil PolicyFunc or EffectFunc, Rerouting around no
// policy), wrapping ErrPlan. IDs and sectors are checked against the network by New.
func (p *Plan) Validate() error {
	var errs []error
	bad := func(format string, a ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrPlan}, a...)...))
	}
	var names []string
	for k, t := range p.Teams {
		switch {
		case t.Name == "":
			bad("team %d has no name", k)
		case slices.Contains(names, t.Name):
			bad("team name %q used twice", t.Name)
		}
		names = append(names, t.Name)
		if t.Work >= numWork {
			bad("team %q: unknown work %d", t.Name, t.Work)
		}
		if t.Count < 1 {
			bad("team %q: count %d (want ≥ 1)", t.Name, t.Count)
		}
		if t.Work == Repair && t.Sector == "" {
			bad("team %q: a repair team needs a sector", t.Name)
		}
		if t.Work == Substitute && len(t.Kinds) == 0 {
			bad("team %q: a substitute team needs the kinds it serves", t.Name)
		}
		if !(t.Fraction >= 0 && t.Fraction <= 1) {
			bad("team %q: fraction %v outside (0, 1]", t.Name, t.Fraction)
		}
		if t.Autonomy < 0 || t.Amount < 0 || t.OnSite < 0 {
			bad("team %q: negative autonomy, amount or time on site", t.Name)
		}
		if t.Work == Generate && t.Autonomy == 0 {
			bad("team %q: a generator needs its fuel autonomy", t.Name)
		}
		if t.Policy != nil && emptyPolicy(t.Policy) {
			bad("team %q: policy %T without a function", t.Name, t.Policy)
		}
	}
	if p.Policy != nil && emptyPolicy(p.Policy) {
		bad("policy %T without a function", p.Policy)
	}
	if v, ok := p.Repair.(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	if f, ok := p.Repair.(Fixed); ok && f < 0 {
		bad("fixed repair time %v", sim.Time(f))
	}
	for k, a := range p.Script {
		if f, isFunc := a.Do.(EffectFunc); a.Do == nil || isFunc && f == nil {
			bad("action %d (%q) does nothing", k, a.Name)
		}
		if a.At < 0 {
			bad("action %d (%q) at a negative time", k, a.Name)
		}
	}
	return errors.Join(errs...)
}

// emptyPolicy reports whether a non-nil policy has nothing to call: a nil
// PolicyFunc, or Rerouting around no policy or an empty one.
func emptyPolicy(p Policy) bool {
	switch p := p.(type) {
	case PolicyFunc:
		return p == nil
	case Rerouting:
		return p.Policy == nil || emptyPolicy(p.Policy)
	}
	return false
}
