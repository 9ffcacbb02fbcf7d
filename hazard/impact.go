package hazard

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// ImpactKind says what an impact does.
type ImpactKind uint8

// Impact kinds.
const (
	// Damage sets a damage state and a capacity factor; factor 0 takes the
	// target down (latched until repaired).
	Damage ImpactKind = iota + 1
	// Remove takes the target out until Restore (research removals, attacks).
	Remove
	// Suspend takes the target down while a hazard lasts (flooded, closed).
	// Suspensions nest: the target comes back with the last Resume.
	Suspend
	// Resume ends a suspension.
	Resume
	// SetFactor sets a named parameter's factor (Param, Factor). A capacity
	// factor (a derating) is separate from damage: a repair keeps it.
	SetFactor
	// Repair clears damage: the damage factor is back to 1.
	Repair
	// Restore ends a removal.
	Restore
)

var kindNames = [...]string{"", "damage", "remove", "suspend", "resume", "set-factor", "repair", "restore"}

// String returns the kind's name.
func (k ImpactKind) String() string {
	if int(k) < len(kindNames) && k > 0 {
		return kindNames[k]
	}
	return fmt.Sprintf("impact(%d)", k)
}

// ParseImpactKind reads an impact kind name.
func ParseImpactKind(s string) (ImpactKind, error) {
	for i, n := range kindNames {
		if i > 0 && n == s {
			return ImpactKind(i), nil
		}
	}
	return 0, fmt.Errorf("%w: impact kind %q", ErrInvalid, s)
}

// Loosens reports whether the kind can only restore service.
func (k ImpactKind) Loosens() bool { return k == Resume || k == Repair || k == Restore }

// Param names the parameter a SetFactor impact scales.
type Param uint8

// Parameters.
const (
	// Capacity scales the target's capacity factor.
	Capacity Param = iota
	// Demand scales a consumer's demand.
	Demand
	// Rating scales a line's rating (heat-wave derating).
	Rating
	// TravelTime multiplies a road's travel time (factor = 1/multiplier).
	TravelTime
)

var paramNames = [...]string{"capacity", "demand", "rating", "travel_time"}

// String returns the parameter's name.
func (p Param) String() string {
	if int(p) < len(paramNames) {
		return paramNames[p]
	}
	return fmt.Sprintf("param(%d)", p)
}

// Impact is one hazard effect on one component or link at one instant.
type Impact struct {
	// Time of the impact.
	Time sim.Time
	// Kind of the impact.
	Kind ImpactKind
	// Target is a component index, or a link index when Link is set.
	Target int32
	// Link says Target is a link.
	Link bool
	// State is the damage state (network.DamageSlight … DamageComplete) of a
	// Damage impact.
	State uint8
	// Factor is the capacity factor after a Damage impact (0: down) or the
	// factor of a SetFactor impact: in [0, 1], except a Demand factor, which
	// may exceed 1 (a heat wave raising load). On a link every parameter
	// scales its one capacity factor (rating, capacity, and travel time as
	// FreeFlow ÷ factor).
	Factor float64
	// Param is the parameter a SetFactor impact scales.
	Param Param
}

// Errors.
var (
	ErrInvalid = errors.New("hazard: invalid")
)

// Validate checks the impact against n: a target that exists, a known kind,
// damage state (network.DamageNone … DamageComplete) and parameter, a time
// ≥ 0 and a factor in range (see Factor). Errors wrap ErrInvalid.
func (im *Impact) Validate(n *network.Network) error {
	limit := n.NumComponents()
	what := "component"
	if im.Link {
		limit, what = n.NumLinks(), "link"
	}
	if im.Target < 0 || int(im.Target) >= limit {
		return fmt.Errorf("%w: impact on %s %d of %d", ErrInvalid, what, im.Target, limit)
	}
	if im.Kind < Damage || im.Kind > Restore {
		return fmt.Errorf("%w: impact kind %d", ErrInvalid, im.Kind)
	}
	if im.Time < 0 {
		return fmt.Errorf("%w: impact at negative time %v", ErrInvalid, im.Time)
	}
	if im.State > network.DamageComplete {
		return fmt.Errorf("%w: damage state %d (0 none … %d complete)", ErrInvalid, im.State, network.DamageComplete)
	}
	if im.Param > TravelTime {
		return fmt.Errorf("%w: impact parameter %v", ErrInvalid, im.Param)
	}
	demand := im.Kind == SetFactor && im.Param == Demand && !im.Link
	if !(im.Factor >= 0 && (im.Factor <= 1 || demand && !math.IsInf(im.Factor, 1))) {
		return fmt.Errorf("%w: impact factor %v outside [0, 1]", ErrInvalid, im.Factor)
	}
	return nil
}

// Compare orders impacts by time, then components before links, then index,
// then kind.
func Compare(a, b Impact) int {
	return cmp.Or(cmp.Compare(a.Time, b.Time), cmp.Compare(b2i(a.Link), b2i(b.Link)),
		cmp.Compare(a.Target, b.Target), cmp.Compare(a.Kind, b.Kind))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Sort sorts impacts in the order hazards must return them (stable).
func Sort(im []Impact) { slices.SortStableFunc(im, Compare) }

// Rand gives a hazard its random numbers: the replication seed, the
// hazard's stream and, for a Trigger call, a scope. Draws are keyed by
// entity through Component and Link, which key by the stable hash of the
// entity's ID (network.ComponentKey, LinkKey), never its index: a
// component gets the same numbers in every variant of a scenario (common
// random numbers), whatever other hazards or components the variant has.
type Rand struct {
	// Seed is the replication seed (sim.ReplicationSeed).
	Seed uint64
	// ID is the hazard's stream: StreamOf(name) for a hazard's impacts,
	// TriggerStreamOf(name) for its triggers.
	ID sim.StreamID
	// Scope separates the numbers of one Trigger call from another's: the
	// key of the component whose change fired it (0 for a hazard's own
	// impacts). It is mixed into the seed of every stream drawn.
	Scope uint64
	// Observer, when set, sees every raw draw (fingerprints).
	Observer sim.DrawObserver
}

// NewRand returns the random numbers of the hazard named name in the
// replication seeded seed: its stream StreamOf(name), no scope. The engine
// gives a hazard exactly this; tests and examples use it to draw the same.
func NewRand(seed uint64, name string) Rand { return Rand{Seed: seed, ID: StreamOf(name)} }

// StreamOf returns the stream of the hazard named name:
// sim.StreamOf("hazard/" + name). It depends on the name alone, never on
// the hazard's position in a list.
func StreamOf(name string) sim.StreamID { return sim.StreamOf("hazard/" + name) }

// TriggerStreamOf returns the stream of the triggers of the hazard named
// name: sim.StreamOf("hazard/" + name + "/trigger"). A Trigger call draws
// from it scoped by the changed component's key, so its numbers are keyed
// by (hazard name, trigger, component ID).
func TriggerStreamOf(name string) sim.StreamID { return sim.StreamOf("hazard/" + name + "/trigger") }

// Stream returns the hazard's stream as a whole.
func (r Rand) Stream() sim.Stream { return r.Entity(-1) }

// Component returns the sub-stream of component i of n, keyed by
// n.ComponentKey(i).
func (r Rand) Component(n *network.Network, i int32) sim.Stream {
	return r.Entity(int64(n.ComponentKey(i)))
}

// Link returns the sub-stream of link l of n, keyed by n.LinkKey(l).
func (r Rand) Link(n *network.Network, l int32) sim.Stream { return r.Entity(int64(n.LinkKey(l))) }

// Entity returns the sub-stream of an entity key: −1 for the stream as a
// whole, otherwise a key that does not depend on list positions (Component
// and Link use the entities' ID hashes; a spatial field would key grid
// cells by their coordinates).
func (r Rand) Entity(key int64) sim.Stream {
	s := sim.NewStream(r.Seed^r.Scope, r.ID, key)
	s.SetObserver(r.Observer)
	return s
}

// Hazard produces impacts. Implementations must be pure: the same network
// and Rand give the same impacts, returned sorted (Sort).
type Hazard interface {
	// Name identifies the hazard instance in results and keys its random
	// stream: every hazard of a run needs its own non-empty name (two of
	// one kind need two names; the engine refuses a duplicate), so
	// implementations make it configurable (a Label field).
	Name() string
	// Impacts returns the hazard's impacts on n.
	Impacts(n *network.Network, r Rand) ([]Impact, error)
}

// Trigger is an optional interface of hazards that start secondary
// impacts when a component's status changes (a dam fails → a flood). The
// engine calls it after each settled instant for every changed component;
// returned impacts must not be earlier than t. Its Rand draws from the
// hazard's trigger stream (TriggerStreamOf) scoped by the changed
// component's key, so its numbers are keyed by (hazard name, trigger,
// component ID).
type Trigger interface {
	Trigger(n *network.Network, t sim.Time, component int32, old, new network.Flags, r Rand) []Impact
}

// Intensity is an optional interface of hazards that can say how strong
// they are at a place and an instant: peak ground acceleration, flood
// depth, gust speed, air temperature. Chained hazards read it to decide
// whether a secondary hazard starts (hazard/chain), and hazardtest checks
// it.
type Intensity interface {
	// IntensityAt returns the hazard's intensity at p (in n's CRS) at time
	// t, in the unit the hazard documents; r is the Rand its Impacts takes,
	// so the intensity is the one its impacts were drawn from. It is finite
	// (it may be negative for a temperature) and deterministic, like
	// Impacts; an error says the hazard cannot be evaluated (an invalid
	// configuration).
	IntensityAt(n *network.Network, p network.Point, t sim.Time, r Rand) (float64, error)
}
