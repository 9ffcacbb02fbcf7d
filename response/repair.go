package response

import (
	"fmt"
	"math"
	"reflect"

	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// RepairModel gives the duration of a repair. Duration draws it for one
// job from the job's own stream (keyed by the entity's ID, so the same
// component takes the same time in every variant of a scenario); Mean is
// its expectation, which policies may use (they never see the draw).
// state is the entity's damage state when the crew arrives
// (network.DamageNone for a tripped line or a damage without a state).
// Implementations must be deterministic functions of their arguments and
// the draws, and return durations ≥ 0.
type RepairModel interface {
	Duration(n *network.Network, entity int32, link bool, state uint8, s *sim.Stream) sim.Time
	Mean(n *network.Network, entity int32, link bool, state uint8) sim.Time
}

// Normal draws repair durations from a normal distribution per damage
// state, truncated below at Floor × the mean: the shape of the Hazus
// restoration functions (a normal CDF of the time to restore, mean and σ
// by class and damage state). Normal itself has one mean and σ per damage
// state for every class; a class-aware model (Hazus tables keyed by
// network.Network.Fragility) implements RepairModel the same way.
type Normal struct {
	// Means and Sigmas are the mean and standard deviation per damage
	// state (index network.DamageNone … DamageComplete; DamageNone is a
	// trip or a damage without a state), ≥ 0.
	Means, Sigmas [5]sim.Time
	// Floor is the least duration as a fraction of the mean, in [0, 1].
	Floor float64
}

// DefaultRepair returns the simple repair model, the same for every class:
// what HazusRepair uses where the Hazus library has no restoration time
// (no class, a class the library lacks, a trip), and a documented
// placeholder, not a Hazus table. Means by damage state: none (a trip)
// 1 h, slight 4 h, moderate 12 h, extensive 2 d, complete 4 d; σ half the
// mean (none for a trip); at least a tenth of the mean.
func DefaultRepair() Normal {
	return Normal{
		Means:  [5]sim.Time{sim.Hour, 4 * sim.Hour, 12 * sim.Hour, 2 * sim.Day, 4 * sim.Day},
		Sigmas: [5]sim.Time{0, 2 * sim.Hour, 6 * sim.Hour, sim.Day, 2 * sim.Day},
		Floor:  0.1,
	}
}

// Validate reports a negative mean or σ, or a floor outside [0, 1].
func (m Normal) Validate() error {
	for k := range m.Means {
		if m.Means[k] < 0 || m.Sigmas[k] < 0 {
			return fmt.Errorf("%w: repair time of damage state %d: mean %v, σ %v", ErrPlan, k, m.Means[k], m.Sigmas[k])
		}
	}
	if !(m.Floor >= 0 && m.Floor <= 1) {
		return fmt.Errorf("%w: repair floor %v outside [0, 1]", ErrPlan, m.Floor)
	}
	return nil
}

// Duration draws mean + σ·z (one normal draw z from s), at least Floor ×
// mean, rounded to the nanosecond. With σ = 0 it draws nothing.
func (m Normal) Duration(_ *network.Network, _ int32, _ bool, state uint8, s *sim.Stream) sim.Time {
	k := min(int(state), len(m.Means)-1)
	mean, sd := float64(m.Means[k]), float64(m.Sigmas[k])
	if sd == 0 {
		return m.Means[k]
	}
	x := math.Max(mean+sd*s.NormFloat64(), m.Floor*mean)
	return sim.Time(math.Round(x))
}

// Mean returns the mean of the state (the truncation ignored).
func (m Normal) Mean(_ *network.Network, _ int32, _ bool, state uint8) sim.Time {
	return m.Means[min(int(state), len(m.Means)-1)]
}

// Fixed is a repair model in which every repair takes the same time
// (≥ 0).
type Fixed sim.Time

// Duration returns the fixed time and draws nothing.
func (f Fixed) Duration(*network.Network, int32, bool, uint8, *sim.Stream) sim.Time {
	return sim.Time(f)
}

// Mean returns the fixed time.
func (f Fixed) Mean(*network.Network, int32, bool, uint8) sim.Time { return sim.Time(f) }

// RestorationTable gives restoration times by fragility class and damage
// state, as hazard/fragility's Library does (Hazus restoration functions):
// Restoration the mean and σ, RepairTime one draw from s; ok is false
// when the table has nothing for the class and state (then nothing is
// drawn).
type RestorationTable interface {
	Restoration(class string, state uint8) (mean, sigma sim.Time, ok bool)
	RepairTime(class string, state uint8, s *sim.Stream) (t sim.Time, ok bool)
}

// ByClass is a repair model that looks each entity's fragility class
// (network.Network.Fragility, LinkFragility) and damage state up in Table,
// and falls back to Fallback (DefaultRepair when nil) where the table has
// nothing: a component without a class, a trip (DamageNone). With the
// Hazus library of hazard/fragility as Table it draws Hazus restoration
// times.
type ByClass struct {
	Table    RestorationTable
	Fallback RepairModel
}

func (m ByClass) class(n *network.Network, e int32, link bool) string {
	if link {
		return n.LinkFragility(e)
	}
	return n.Fragility(e)
}

func (m ByClass) fallback() RepairModel {
	if m.Fallback == nil {
		return DefaultRepair()
	}
	return m.Fallback
}

// Duration draws from the table, or from the fallback.
func (m ByClass) Duration(n *network.Network, e int32, link bool, state uint8, s *sim.Stream) sim.Time {
	if c := m.class(n, e, link); c != "" {
		if t, ok := m.Table.RepairTime(c, state, s); ok {
			return t
		}
	}
	return m.fallback().Duration(n, e, link, state, s)
}

// Mean returns the table's mean, or the fallback's.
func (m ByClass) Mean(n *network.Network, e int32, link bool, state uint8) sim.Time {
	if c := m.class(n, e, link); c != "" {
		if mean, _, ok := m.Table.Restoration(c, state); ok {
			return mean
		}
	}
	return m.fallback().Mean(n, e, link, state)
}

// HazusRepair returns the repair model a Plan without one uses: ByClass
// with the Hazus restoration functions of hazard/fragility's bundled
// library (fragility.Hazus) as Table and DefaultRepair as Fallback. An
// entity whose fragility class has a restoration function for its damage
// state takes a draw of it — a normal law of mean and σ by class family
// and state (a substation damaged moderate: 3 d ± 1.5 d), truncated at
// zero, one uniform u of the entity's stream giving
// mean + σ·Φ⁻¹(Φ(−mean/σ) + u·(1 − Φ(−mean/σ))) — and every other repair
// (no class, a class the library lacks, such as the bundled city's
// hospitals, cell towers and central offices; a trip; a damage without a
// state) takes DefaultRepair's. Each call loads a fresh copy of the
// library.
//
// Hazus restoration functions give the elapsed time to restore a
// component after the event, with the utility's whole workforce behind
// it; here each draw is one crew's time on site, so a plan with few crews
// restores a heavily damaged city far more slowly than Hazus's curves
// (an M6 under the bundled synthetic city of 3,000 components, five crews
// per sector, takes over a year). Give a plan its own RepairModel to
// model crew work times.
func HazusRepair() ByClass {
	return ByClass{Table: fragility.Hazus(), Fallback: DefaultRepair()}
}

// Validate checks that there is a table: a Table that is nil, or holds a
// nil pointer, map or function (a nil *fragility.Library), is none, and
// would fail at the first repair.
func (m ByClass) Validate() error {
	if m.Table == nil {
		return fmt.Errorf("%w: ByClass without a table", ErrPlan)
	}
	if isNil(m.Table) {
		return fmt.Errorf("%w: ByClass with a nil %T as its table", ErrPlan, m.Table)
	}
	if v, ok := m.Fallback.(interface{ Validate() error }); ok {
		return v.Validate()
	}
	return nil
}

// isNil reports whether an interface is nil or holds a nil pointer, map,
// slice, channel or function.
func isNil(x any) bool {
	if x == nil {
		return true
	}
	switch v := reflect.ValueOf(x); v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Chan, reflect.Func, reflect.Interface:
		return v.IsNil()
	}
	return false
}
