package metrics

import (
	"errors"
	"fmt"
	"iter"
	"math"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Errors. Every error the package returns wraps one of these.
var (
	// ErrNoSector: the result's network has no sector of that name.
	ErrNoSector = errors.New("metrics: no such sector")
	// ErrInvalidCurve: NewCurve was given steps that are no service curve.
	ErrInvalidCurve = errors.New("metrics: invalid curve")
	// ErrNoChangeLog: the metric reads the change log, and the run kept
	// none (cascade.Options.NoChangeLog) although entities changed.
	ErrNoChangeLog = errors.New("metrics: the run kept no change log")
	// ErrNotRecorded: the result holds no record the metric can read
	// (no series for the sector, an unknown class split).
	ErrNotRecorded = errors.New("metrics: not recorded")
	// ErrInvalidWeight: a sector weight (WeightedOutageHours) is negative,
	// NaN or infinite.
	ErrInvalidWeight = errors.New("metrics: invalid weight")
)

// Weight says what a service curve weighs a sector's members by.
type Weight uint8

// Weights.
const (
	// ByDemand weighs members by their demand (fixed point: one unit is
	// 1/network.DemandScale of the sector's demand unit, MW for power).
	ByDemand Weight = iota
	// ByPopulation weighs members by the people they serve.
	ByPopulation
)

// String returns "demand" or "population".
func (w Weight) String() string {
	switch w {
	case ByDemand:
		return "demand"
	case ByPopulation:
		return "population"
	}
	return fmt.Sprintf("weight(%d)", uint8(w))
}

// scale returns the weight's units per unit of what it measures.
func (w Weight) scale() int64 {
	if w == ByDemand {
		return network.DemandScale
	}
	return 1
}

// Step is one step of a Curve: from Time on, Served of the curve's total
// was served (fixed-point demand or people, by the curve's Weight).
type Step struct {
	Time   sim.Time
	Served int64
}

// Curve is one sector's service Q(t) as an exact step function:
//
//	Q(t) = Served_k ÷ Total   for Steps[k].Time ≤ t < Steps[k+1].Time
//
// with integer Served and Total, so Q is exact at every step and equals 1
// exactly when everything is served. Q(t) = 1 when Total is 0 (nothing to
// serve) and for t < 0 (before the scenario). The last step lasts to
// End, the instant the run reached, and is held after it: a run without a
// horizon ends at its last event, so nothing changes after End; a run cut
// short by a horizon or a cancelled context says nothing about later, and
// the curve assumes the state it reached lasts. A Curve is immutable;
// its zero value is not valid (use Service or NewCurve).
type Curve struct {
	sector network.Sector
	weight Weight
	total  int64
	end    sim.Time
	steps  []Step
}

// NewCurve returns a curve with the given steps: the first at time 0, times
// strictly increasing and at most end, every Served in [0, total]. It
// keeps a copy of steps. An error wrapping ErrInvalidCurve says which rule a
// step breaks.
func NewCurve(sector network.Sector, w Weight, total int64, end sim.Time, steps []Step) (Curve, error) {
	switch {
	case w > ByPopulation:
		return Curve{}, fmt.Errorf("%w: unknown weight %d", ErrInvalidCurve, uint8(w))
	case total < 0:
		return Curve{}, fmt.Errorf("%w: negative total %d", ErrInvalidCurve, total)
	case len(steps) == 0 || steps[0].Time != 0:
		return Curve{}, fmt.Errorf("%w: the first step must be at time 0", ErrInvalidCurve)
	}
	for k, s := range steps {
		if k > 0 && s.Time <= steps[k-1].Time {
			return Curve{}, fmt.Errorf("%w: step %d at %v does not follow step %d at %v", ErrInvalidCurve, k, s.Time, k-1, steps[k-1].Time)
		}
		if s.Served < 0 || s.Served > total {
			return Curve{}, fmt.Errorf("%w: step %d serves %d, outside [0, %d]", ErrInvalidCurve, k, s.Served, total)
		}
	}
	if last := steps[len(steps)-1].Time; end < last {
		return Curve{}, fmt.Errorf("%w: end %v before the last step at %v", ErrInvalidCurve, end, last)
	}
	return Curve{sector: sector, weight: w, total: total, end: end, steps: append([]Step(nil), steps...)}, nil
}

// Service returns the service curve of the named sector, weighted by
// demand or population, from the result's exact step series
// (cascade.Series). Cost: O(steps of the series).
func Service(r *cascade.Result, sector network.Sector, w Weight) (Curve, error) {
	s, ok := r.Sector(sector)
	if !ok {
		return Curve{}, fmt.Errorf("%w: %q", ErrNoSector, sector)
	}
	return curveOf(s.Series, w, r.End)
}

// Curves returns the service curve of every sector of the result's
// network, in sector order, weighted by w. Cost: O(steps of all series).
// It panics on a series the engine cannot have recorded (empty, or
// serving more than its total: a Result built by hand); Service returns
// that as an error.
func Curves(r *cascade.Result, w Weight) iter.Seq[Curve] {
	return func(yield func(Curve) bool) {
		for k := range r.Series {
			c, err := curveOf(&r.Series[k], w, r.End)
			if err != nil {
				panic(err) // a series the engine recorded is always a curve
			}
			if !yield(c) {
				return
			}
		}
	}
}

func curveOf(s *cascade.Series, w Weight, end sim.Time) (Curve, error) {
	total := s.TotalDemand
	if w == ByPopulation {
		total = s.TotalPopulation
	}
	steps := make([]Step, len(s.Points))
	for k, p := range s.Points {
		steps[k] = Step{Time: p.Time, Served: p.Demand}
		if w == ByPopulation {
			steps[k].Served = p.Population
		}
	}
	if len(steps) == 0 {
		return Curve{}, fmt.Errorf("%w: sector %q has an empty series", ErrNotRecorded, s.Sector)
	}
	c, err := NewCurve(s.Sector, w, total, max(end, steps[len(steps)-1].Time), steps)
	if err != nil {
		return Curve{}, fmt.Errorf("sector %q: %w", s.Sector, err)
	}
	return c, nil
}

// Sector returns the curve's sector.
func (c Curve) Sector() network.Sector { return c.sector }

// Weight returns what the curve weighs members by.
func (c Curve) Weight() Weight { return c.weight }

// Total returns the intact total: the sector's whole demand (fixed point)
// or population.
func (c Curve) Total() int64 { return c.total }

// End returns the instant the run reached.
func (c Curve) End() sim.Time { return c.end }

// Len returns the number of steps.
func (c Curve) Len() int { return len(c.steps) }

// Steps returns the steps in time order.
func (c Curve) Steps() iter.Seq[Step] {
	return func(yield func(Step) bool) {
		for _, s := range c.steps {
			if !yield(s) {
				return
			}
		}
	}
}

// q returns Served ÷ Total (1 when Total is 0).
func (c Curve) q(served int64) float64 {
	if c.total == 0 {
		return 1
	}
	return float64(served) / float64(c.total)
}

// index returns the step in force at t (0 ≤ t), O(log steps).
func (c Curve) index(t sim.Time) int { return stepIndex(len(c.steps), c.at, t) }

func (c Curve) at(k int) sim.Time { return c.steps[k].Time }

// ServedAt returns what was served at instant t: the last step at or before
// t, the total for t < 0. O(log steps).
func (c Curve) ServedAt(t sim.Time) int64 {
	if t < 0 {
		return c.total
	}
	return c.steps[c.index(t)].Served
}

// At returns Q(t) = ServedAt(t) ÷ Total, in [0, 1]. O(log steps).
func (c Curve) At(t sim.Time) float64 { return c.q(c.ServedAt(t)) }

// Sample returns Q at every instant of grid, paired with the instant. A
// grid that never goes back in time (Grid's) is walked beside the steps
// in O(steps + grid points); an instant earlier than its predecessor costs
// a binary search. Instants after End get the value at End.
func (c Curve) Sample(grid iter.Seq[sim.Time]) iter.Seq2[sim.Time, float64] {
	return func(yield func(sim.Time, float64) bool) {
		k, prev := 0, sim.Time(0)
		for t := range grid {
			if t < 0 {
				if !yield(t, 1) {
					return
				}
				continue
			}
			if t < prev {
				k = c.index(t)
			}
			for k+1 < len(c.steps) && c.steps[k+1].Time <= t {
				k++
			}
			prev = t
			if !yield(t, c.q(c.steps[k].Served)) {
				return
			}
		}
	}
}

// Grid returns the instants from, from+step, from+2·step, … up to and
// including to. It panics when step ≤ 0.
func Grid(from, to, step sim.Time) iter.Seq[sim.Time] {
	if step <= 0 {
		panic(fmt.Sprintf("metrics: grid step %d ≤ 0", step))
	}
	return func(yield func(sim.Time) bool) {
		for t := from; t <= to; t += step {
			if !yield(t) || t > to-step {
				return
			}
		}
	}
}

// checkWindow panics on a window that is not [from, to) with 0 ≤ from ≤ to.
func checkWindow(from, to sim.Time) {
	if from < 0 || to < from {
		panic(fmt.Sprintf("metrics: window [%d, %d) is not 0 ≤ from ≤ to", from, to))
	}
}

// Deficit returns the exact integral of the unserved weight over the window
// [from, to):
//
//	D = ∫_from^to (Total − Served(t)) dt = Σ_k (Total − Served_k) · |[t_k, t_k+1) ∩ [from, to)|
//
// in weight units × nanoseconds (person-ns, fixed-point demand-ns), summed
// in 128-bit integers so that it never overflows (Total and the window
// are each below 2⁶³). A window past End holds the value at End. It
// panics unless 0 ≤ from ≤ to. Cost: O(log steps + steps in the window).
func (c Curve) Deficit(from, to sim.Time) Area {
	checkWindow(from, to)
	var a Area
	for k, d := range overlaps(len(c.steps), c.at, from, to) {
		a = a.addProduct(uint64(c.total-c.steps[k].Served), d)
	}
	return a
}

// UnservedHours returns Deficit(from, to) in the unit of the weight times
// hours: person-hours (customer-hours) without service for a
// population-weighted curve; for a demand-weighted one the sector's demand
// unit times hours (MWh of energy not served for power, m³·h/s for
// water). It is the exact 128-bit integral divided once, correctly
// rounded, by 3.6·10¹² ns/h and, for demand, network.DemandScale. It
// panics unless 0 ≤ from ≤ to.
func (c Curve) UnservedHours(from, to sim.Time) float64 {
	return c.Deficit(from, to).ratio(uint64(c.weight.scale()), uint64(sim.Hour))
}

// ResilienceLoss returns the resilience loss of Bruneau et al. (2003) over
// the window [from, to), in hours:
//
//	R = ∫_from^to (1 − Q(t)) dt = Deficit(from, to) ÷ Total
//
// (Bruneau et al. write Q in percent, ∫[100 − Q(t)]dt; with Q a fraction
// this is their figure ÷ 100.) R lies in [0, to − from]: 0 when nothing was
// lost, and when Total is 0. It is the exact integral divided once,
// correctly rounded. A window past End holds the value at End, so a
// sector that never recovers keeps adding loss. It panics unless
// 0 ≤ from ≤ to.
func (c Curve) ResilienceLoss(from, to sim.Time) float64 {
	if c.total == 0 {
		checkWindow(from, to)
		return 0
	}
	return c.Deficit(from, to).ratio(uint64(c.total), uint64(sim.Hour))
}

// Min returns the least Q over the window [from, to) and the first instant
// in the window at which it holds (the value at from for an empty
// window). Robustness in the sense of Bruneau et al. is Min over the
// run, Robustness. It panics unless 0 ≤ from ≤ to. Cost: O(log steps +
// steps in the window).
func (c Curve) Min(from, to sim.Time) (q float64, at sim.Time) {
	checkWindow(from, to)
	k := c.index(from)
	least, at := c.steps[k].Served, from
	for k++; k < len(c.steps) && c.steps[k].Time < to; k++ {
		if c.steps[k].Served < least {
			least, at = c.steps[k].Served, c.steps[k].Time
		}
	}
	return c.q(least), at
}

// Robustness returns the least Q the curve ever takes (over [0, ∞): the
// value at End is held) and the first instant it takes it; (1, 0) for a
// sector never hit. Cost: O(steps).
func (c Curve) Robustness() (q float64, at sim.Time) {
	return c.Min(0, sim.MaxTime)
}

// Recovery is when a curve recovered to a level of service; see
// Curve.Recovery.
type Recovery struct {
	// Level is the service fraction asked for, in [0, 1].
	Level float64
	// Lost is the first instant Q fell below Level, −1 when it never did.
	Lost sim.Time
	// At is the instant from which Q stays at or above Level for good: 0
	// when Q never fell below it, sim.MaxTime ("never") when Q is below it
	// at End.
	At sim.Time
	// Recovered is false when Q is below Level at End.
	Recovered bool
}

// Duration returns the time to recover, At − Lost: 0 when Q never fell
// below the level, sim.MaxTime when it did not recover by End.
func (r Recovery) Duration() sim.Time {
	switch {
	case !r.Recovered:
		return sim.MaxTime
	case r.Lost < 0:
		return 0
	}
	return r.At - r.Lost
}

// Recovery returns when the curve recovered to level: the earliest instant
// At such that Q(t) ≥ level for every t ≥ At (the value at End being
// held), together with the first instant Lost at which Q fell below level.
// After a dip below level and a return above it, a later dip moves At
// past it: recovery is for good. (Equivalently, At is the end of the
// curve's last step below level.) The level refers to Q itself, not to
// its value at time 0 (a sector not fully served when intact never
// recovers to 1). Q ≥ level is judged as Q is computed, on the float64
// quotient Served ÷ Total, except that level 1 means Served = Total
// exactly. Edge cases: a sector never hit has Lost −1 and At 0; a
// sector below level at End has Recovered false and At sim.MaxTime;
// a sector with Total 0 always has Q = 1. It panics unless 0 ≤ level ≤ 1.
// Cost: O(steps).
func (c Curve) Recovery(level float64) Recovery {
	if !(level >= 0 && level <= 1) {
		panic(fmt.Sprintf("metrics: recovery level %v outside [0, 1]", level))
	}
	meets := func(served int64) bool {
		if level == 1 {
			return served >= c.total
		}
		return c.q(served) >= level
	}
	r := Recovery{Level: level, Lost: -1, At: 0, Recovered: true}
	last := -1
	for k, s := range c.steps {
		if !meets(s.Served) {
			if r.Lost < 0 {
				r.Lost = s.Time
			}
			last = k
		}
	}
	switch {
	case last < 0:
	case last == len(c.steps)-1:
		r.At, r.Recovered = sim.MaxTime, false
	default:
		r.At = c.steps[last+1].Time
	}
	return r
}

// RecoveryLevels are the levels Figures reports the time to recover to:
// 90, 95 and 100 % of service.
func RecoveryLevels() [3]float64 { return [3]float64{0.90, 0.95, 1} }

// ReportingDays are the instants of the IN-CORE reporting grid at which
// Figures gives the functionality: days 1, 3, 7, 30 and 90 after the
// scenario start.
func ReportingDays() [5]sim.Time {
	return [5]sim.Time{1 * sim.Day, 3 * sim.Day, 7 * sim.Day, 30 * sim.Day, 90 * sim.Day}
}

// Figures are a curve's resilience figures over the run.
type Figures struct {
	Sector network.Sector
	Weight Weight
	// Robustness is the least Q, first reached at RobustAt (Curve.Robustness).
	Robustness float64
	RobustAt   sim.Time
	// Loss is the resilience loss ∫(1 − Q)dt over [0, End], in hours
	// (Curve.ResilienceLoss).
	Loss float64
	// Unserved is the unserved weight over [0, End] in its unit times
	// hours: customer-hours for population (Curve.UnservedHours).
	Unserved float64
	// Recovery to each of RecoveryLevels.
	Recovery [3]Recovery
	// Functionality is Q at each of ReportingDays (the value at End held
	// after it).
	Functionality [5]float64
}

// Figures returns the curve's figures. Cost: O(steps).
func (c Curve) Figures() Figures {
	f := Figures{Sector: c.sector, Weight: c.weight, Loss: c.ResilienceLoss(0, c.end), Unserved: c.UnservedHours(0, c.end)}
	f.Robustness, f.RobustAt = c.Robustness()
	for k, l := range RecoveryLevels() {
		f.Recovery[k] = c.Recovery(l)
	}
	for k, d := range ReportingDays() {
		f.Functionality[k] = c.At(d)
	}
	return f
}

// EquivalentOutageHours returns the equivalent outage hours (EOH) of the
// named sector as InfraRisk defines them (S. Balakrishnan and B.
// Cassottana, "InfraRisk: an open-source simulation platform for
// resilience analysis in interconnected power–water–transport networks",
// Sustainable Cities and Society 83, 2022; docs/model.rst of
// github.com/srijithbalakrishnan/dreaminsg-integrated-model):
//
//	γ = (1/3600 s/h) ∫_t0^tmax [1 − PCS(t)] dt
//
// where PCS, the prioritised consumer serviceability, is the served share
// of the demand of the consumers served under normal conditions,
// Σ s_i(t) ÷ Σ S_i, and tmax the end of the simulation: the duration of
// a full outage of the sector that would cut consumption by as much. Here
// PCS is the demand-weighted Q and the integral runs over [0, End] (before
// the hazard's onset t0, Q = 1 adds nothing), so γ =
// Service(r, sector, ByDemand).ResilienceLoss(0, r.End). Two
// departures, both in favour of exactness: InfraRisk integrates PCS
// sampled on its simulation grid with the trapezoidal rule, while the
// curve here is an exact step function integrated exactly; and PCS
// divides by the served demand of the intact network, Q by the sector's
// whole demand, which is the same when the intact network serves every
// consumer (a member unserved when intact adds its share of 1 − Q for the
// whole run here). InfraRisk's other figures, the equal-weight consumer
// serviceability (ECS) and the EOH of each consumer, need every
// consumer's served fraction over time, which the Result does not record
// (its outage intervals, Outages, are the nearest per-consumer figure).
func EquivalentOutageHours(r *cascade.Result, sector network.Sector) (float64, error) {
	c, err := Service(r, sector, ByDemand)
	if err != nil {
		return 0, err
	}
	return c.ResilienceLoss(0, r.End), nil
}

// WeightedOutageHours returns InfraRisk's weighted EOH of an
// interdependent network, γ̄ = Σ_K w_K γ_K over the sectors named in
// weights (InfraRisk weighs power and water ½ each by default), summed in
// sector order so that the result does not depend on the map's order.
// A weight that is negative, NaN or infinite is an error wrapping
// ErrInvalidWeight; one that names no sector, ErrNoSector.
func WeightedOutageHours(r *cascade.Result, weights map[network.Sector]float64) (float64, error) {
	for s, w := range weights {
		if _, ok := r.Network.SectorIndexOf(s); !ok {
			return 0, fmt.Errorf("%w: %q", ErrNoSector, s)
		}
		if !(w >= 0) || math.IsInf(w, 0) {
			return 0, fmt.Errorf("%w: weight %v of sector %q is not a finite non-negative number", ErrInvalidWeight, w, s)
		}
	}
	sum := 0.0
	for _, name := range r.Network.Sectors() {
		w, ok := weights[name]
		if !ok {
			continue
		}
		g, err := EquivalentOutageHours(r, name)
		if err != nil {
			return 0, err
		}
		sum += w * g
	}
	return sum, nil
}
