package fragility

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// ErrInvalid is wrapped by every error about a curve, class or library
// that cannot be used.
var ErrInvalid = errors.New("fragility: invalid")

// Measure is the intensity measure a curve is a function of.
type Measure uint8

// Intensity measures, each in one canonical unit: every curve's median is
// stored in it, whatever unit its source used.
const (
	// PGA is peak ground acceleration in g.
	PGA Measure = iota + 1
	// PGV is peak ground velocity in m/s.
	PGV
	// PGD is permanent ground deformation in metres.
	PGD
	// SA10 is 5 %-damped spectral acceleration at 1.0 s in g.
	SA10
	// RepairRate is pipe repairs per km (the InfraRisk pipe curves, whose
	// source does not state the unit).
	RepairRate
)

var measureNames = [...]string{"", "PGA", "PGV", "PGD", "SA(1.0)", "RR"}

// Units of each measure, for messages and output.
var measureUnits = [...]string{"", "g", "m/s", "m", "g", "repairs/km"}

// String returns the measure's name.
func (m Measure) String() string {
	if m > 0 && int(m) < len(measureNames) {
		return measureNames[m]
	}
	return fmt.Sprintf("measure(%d)", m)
}

// Unit returns the canonical unit of the measure.
func (m Measure) Unit() string {
	if m > 0 && int(m) < len(measureUnits) {
		return measureUnits[m]
	}
	return ""
}

// NumStates is the number of damage states above none: slight, moderate,
// extensive, complete (network.DamageSlight … network.DamageComplete).
const NumStates = int(network.DamageComplete)

var stateNames = [...]string{"none", "slight", "moderate", "extensive", "complete"}

// StateName returns the Hazus name of damage state ds ("none" … "complete").
func StateName(ds uint8) string {
	if int(ds) < len(stateNames) {
		return stateNames[ds]
	}
	return fmt.Sprintf("state(%d)", ds)
}

// ParseState reads a damage state name ("slight" … "complete").
func ParseState(s string) (uint8, error) {
	for i, n := range stateNames {
		if i > 0 && n == s {
			return uint8(i), nil
		}
	}
	return 0, fmt.Errorf("%w: damage state %q (want slight, moderate, extensive or complete)", ErrInvalid, s)
}

// Curve is one lognormal fragility curve: P(DS ≥ ds | IM) =
// Φ(ln(IM/Median)/Beta).
type Curve struct {
	// Median is the intensity at which the state is reached with
	// probability ½, in the measure's canonical unit; finite, > 0.
	Median float64
	// Beta is the lognormal standard deviation; finite, > 0.
	Beta float64
}

// P returns the probability of reaching or exceeding the curve's state at
// intensity im (0 for im ≤ 0 or NaN).
func (c Curve) P(im float64) float64 {
	if !(im > 0) {
		return 0
	}
	return distuv.UnitNormal.CDF(math.Log(im/c.Median) / c.Beta)
}

func (c Curve) validate() error {
	if !(c.Median > 0 && !math.IsInf(c.Median, 1)) || !(c.Beta > 0 && !math.IsInf(c.Beta, 1)) {
		return fmt.Errorf("%w: curve median %v, beta %v (both finite and > 0)", ErrInvalid, c.Median, c.Beta)
	}
	return nil
}

// Restoration is a HAZUS restoration function: the time to restore a
// component from one damage state is normally distributed with mean Mean
// and standard deviation Sigma, truncated at zero. The zero value means
// unknown.
type Restoration struct {
	// Mean time to restore, ≥ 0.
	Mean sim.Time
	// Sigma is the standard deviation, ≥ 0 (0: always Mean).
	Sigma sim.Time
}

// Known reports whether the restoration is set (non-zero).
func (r Restoration) Known() bool { return r.Mean > 0 || r.Sigma > 0 }

// Quantile returns the u-quantile (u in [0, 1)) of the restoration time:
// the inverse CDF of the normal distribution N(Mean, Sigma²) truncated to
// [0, ∞), so a draw is never negative and one uniform gives one time,
// monotone in u. Sigma 0 gives Mean.
func (r Restoration) Quantile(u float64) sim.Time {
	if r.Sigma <= 0 {
		return r.Mean
	}
	mu, sd := float64(r.Mean), float64(r.Sigma)
	lo := distuv.UnitNormal.CDF(-mu / sd) // P(T < 0) of the untruncated law
	p := lo + min(max(u, 0), 1)*(1-lo)
	if p >= 1 {
		p = math.Nextafter(1, 0)
	}
	t := mu + sd*distuv.UnitNormal.Quantile(p)
	if !(t > 0) {
		return 0
	}
	if t >= float64(sim.MaxTime) {
		return sim.MaxTime
	}
	return sim.Time(math.Round(t))
}

// Draw returns a restoration time drawn with one uniform of s.
func (r Restoration) Draw(s *sim.Stream) sim.Time { return r.Quantile(s.Float64()) }

func (r Restoration) validate() error {
	if r.Mean < 0 || r.Sigma < 0 {
		return fmt.Errorf("%w: restoration mean %v, sigma %v (both ≥ 0)", ErrInvalid, r.Mean, r.Sigma)
	}
	return nil
}

// defaultFactors backs DefaultFactor.
var defaultFactors = [NumStates + 1]float64{1, 1, 0.5, 0, 0}

// DefaultFactor returns the capacity factor after damage state ds that a
// class gets unless it sets its own: none and slight 1 (working, needs
// inspection or repair), moderate 0.5, extensive and complete 0 (down
// until repaired). HAZUS describes damage states in words (for a
// substation, moderate is about 40 % of its disconnect switches or
// breakers failed) and gives restoration times, not capacities: these
// factors are lifeline's assumption. Set a class's Factors to replace
// them. 0 for a state beyond complete.
func DefaultFactor(ds uint8) float64 {
	if int(ds) > NumStates {
		return 0
	}
	return defaultFactors[ds]
}

// Class is a fragility class: its curves, what each damage state does to
// function (the capacity factor after it), and how long restoration takes
// from each state.
type Class struct {
	// Name is the key components and links name in their Fragility field
	// (a Hazus class such as "ESS1").
	Name string
	// Description says what the class is.
	Description string
	// Measure is the intensity measure of the curves.
	Measure Measure
	// Curves are the curves of each damage state (index
	// network.DamageSlight … DamageComplete; index 0 unused). A zero
	// Curve means the class has no curve for that state: Hazus roads stop
	// at extensive, InfraRisk's pipe curves start at moderate. At least one
	// is set, and the medians of the set ones do not decrease with the
	// state.
	Curves [NumStates + 1]Curve
	// Factors are the capacity factors after each damage state (index
	// network.DamageNone … DamageComplete), each in [0, 1]; Factors[0] is
	// 1. The zero value means DefaultFactor for every state.
	Factors [NumStates + 1]float64
	// Restore is the restoration function from each damage state (index
	// 0 unused); a zero entry means unknown.
	Restore [NumStates + 1]Restoration
	// Source says where the numbers come from.
	Source string
}

// Validate checks the class: a name, a known measure, at least one
// valid curve, medians non-decreasing with the state, factors in [0, 1]
// and non-negative restoration times. Errors wrap ErrInvalid.
func (c *Class) Validate() error {
	if c.Name == "" {
		return fmt.Errorf("%w: class without a name", ErrInvalid)
	}
	if c.Measure < PGA || c.Measure > RepairRate {
		return fmt.Errorf("%w: class %s: unknown measure %d", ErrInvalid, c.Name, c.Measure)
	}
	if c.Curves[0] != (Curve{}) {
		return fmt.Errorf("%w: class %s: a curve for damage state none", ErrInvalid, c.Name)
	}
	prev, n := 0.0, 0
	for ds := 1; ds <= NumStates; ds++ {
		cv := c.Curves[ds]
		if cv == (Curve{}) {
			continue
		}
		n++
		if err := cv.validate(); err != nil {
			return fmt.Errorf("class %s, %s: %w", c.Name, StateName(uint8(ds)), err)
		}
		if cv.Median < prev {
			return fmt.Errorf("%w: class %s: median of %s (%v) below a lower state's (%v)", ErrInvalid,
				c.Name, StateName(uint8(ds)), cv.Median, prev)
		}
		prev = cv.Median
	}
	if n == 0 {
		return fmt.Errorf("%w: class %s has no curve", ErrInvalid, c.Name)
	}
	if c.Factors != ([NumStates + 1]float64{}) {
		for ds, f := range c.Factors {
			if !(f >= 0 && f <= 1) || ds == 0 && f != 1 {
				return fmt.Errorf("%w: class %s: factor %v after %s (want [0, 1], and 1 for none)", ErrInvalid, c.Name, f, StateName(uint8(ds)))
			}
		}
	}
	for ds, r := range c.Restore {
		if err := r.validate(); err != nil {
			return fmt.Errorf("class %s, %s: %w", c.Name, StateName(uint8(ds)), err)
		}
	}
	return nil
}

// Has reports whether the class has a curve for damage state ds.
func (c *Class) Has(ds uint8) bool {
	return ds >= 1 && int(ds) <= NumStates && c.Curves[ds] != (Curve{})
}

// Exceed returns P(DS ≥ ds | im) as Draw realises it: the largest
// probability of the curves of ds and above (the Hazus curves of one class
// can cross at intensities far above their medians; taking the maximum
// keeps the states ordered). 1 for ds = DamageNone, 0 beyond the class's
// curves.
func (c *Class) Exceed(im float64, ds uint8) float64 {
	if ds == network.DamageNone {
		return 1
	}
	p := 0.0
	for k := int(ds); k <= NumStates; k++ {
		if c.Curves[k] != (Curve{}) {
			p = max(p, c.Curves[k].P(im))
		}
	}
	return p
}

// Draw maps one uniform u in [0, 1) to a damage state at intensity im: the
// highest state ds with a curve for which u < P(DS ≥ ds | im), else
// DamageNone. One uniform per entity serves every state, so the states are
// consistent (DS ≥ ds exactly when u < Exceed(im, ds)) and a stronger
// shaking never gives a lighter state for the same u. O(number of
// states).
func (c *Class) Draw(im, u float64) uint8 {
	if !(im > 0) {
		return network.DamageNone
	}
	for k := NumStates; k >= 1; k-- {
		if cv := c.Curves[k]; cv != (Curve{}) && u < cv.P(im) {
			return uint8(k)
		}
	}
	return network.DamageNone
}

// Factor returns the capacity factor after damage state ds: the class's
// Factors, or DefaultFactor when they are unset; 0 beyond complete.
func (c *Class) Factor(ds uint8) float64 {
	if int(ds) > NumStates {
		return 0
	}
	if c.Factors == ([NumStates + 1]float64{}) {
		return DefaultFactor(ds)
	}
	return c.Factors[ds]
}
