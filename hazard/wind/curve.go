package wind

import (
	"cmp"
	"embed"
	"fmt"
	"maps"
	"math"

	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/internal/parse"
	"github.com/lifeline-sim/lifeline/network"
)

// Form is the functional form of a wind fragility curve.
type Form uint8

// Forms of Curve. The zero value is Lognormal.
const (
	// Lognormal is P = Φ(ln(gust/Median)/Beta), Median in m/s.
	Lognormal Form = iota
	// Exponential is P = (min(1, A·exp(B·v)) − A)/(1 − A), v the gust in
	// Curve.Unit: the published A·exp(B·v) less its value in calm air
	// (see Curve).
	Exponential
	// Power is P = min(1, A·v^B), v the gust in Curve.Unit.
	Power
)

var formNames = [...]string{"lognormal", "exponential", "power"}

// String returns the form's name.
func (f Form) String() string {
	if int(f) < len(formNames) {
		return formNames[f]
	}
	return fmt.Sprintf("form(%d)", f)
}

// MPH is the speed of one mile per hour in m/s (exactly 1609.344 m per
// 3600 s): the Curve.Unit of curves published in mph.
const MPH = 0.44704

// Curve is a fragility curve against the peak 3-s gust and the damage state
// it leads to. Published curves come in several forms (Form): a lognormal,
// kept as its median in m/s and β; or an exponential or power law in the
// source's own speed unit (Unit), kept with the source's coefficients.
//
// An exponential A·exp(B·v) is A > 0 in calm air, a failure rate that has
// nothing to do with the storm; lifeline removes it, P = (min(1,
// A·exp(B·v)) − A)/(1 − A), which moves the curve by less than A
// everywhere and makes it 0 at v = 0.
//
// A curve with a Span is for one structure (a pole, a tower) of a link: a
// link of Length L carries k = ⌈L/Span⌉ of them (at least 1), failing
// independently, and fails when any does: P_link = 1 − (1 − P)^k.
// Components are one structure each.
type Curve struct {
	// Curve is the lognormal curve (Form Lognormal): P(damage | gust) =
	// Φ(ln(gust/Median)/Beta), Median in m/s.
	fragility.Curve
	// Form is the curve's functional form; the zero value is Lognormal.
	Form Form
	// A and B are the coefficients of an Exponential or Power curve, for
	// gusts in Unit: A in (0, 1) for Exponential, > 0 for Power; B > 0.
	A, B float64
	// Unit is the speed unit of A and B in m/s (MPH for a curve published
	// in miles per hour); 0 means 1 (m/s). Lognormal curves ignore it:
	// their Median is in m/s.
	Unit float64
	// Span is the spacing in metres of the structures a link's curve is
	// for (poles, towers); 0 means the curve is for the whole link.
	// Components ignore it.
	Span float64
	// State is the damage state of a damaged entity
	// (network.DamageSlight … DamageComplete); 0 means DamageComplete.
	// The entity's capacity factor after it is fragility.DefaultFactor.
	State uint8
}

// P returns the probability that one structure (or the whole link, Span
// 0) is damaged by a peak 3-s gust of gust m/s; 0 for gust ≤ 0 or NaN.
func (c Curve) P(gust float64) float64 {
	if !(gust > 0) {
		return 0
	}
	v := gust / cmp.Or(c.Unit, 1)
	switch c.Form {
	case Exponential:
		return (min(1, c.A*math.Exp(c.B*v)) - c.A) / (1 - c.A)
	case Power:
		return min(1, c.A*math.Pow(v, c.B))
	default:
		return c.Curve.P(gust)
	}
}

// Quantile returns the gust in m/s at which P reaches p in [0, 1): the
// inverse of P, so P(Quantile(p)) = p up to rounding.
func (c Curve) Quantile(p float64) float64 {
	unit := cmp.Or(c.Unit, 1)
	switch c.Form {
	case Exponential:
		// (A·exp(B·v) − A)/(1 − A) = p  ⇔  v = ln(1 + p·(1 − A)/A)/B.
		return unit * math.Log1p(p*(1-c.A)/c.A) / c.B
	case Power:
		return unit * math.Pow(p/c.A, 1/c.B)
	default:
		return c.Median * math.Exp(c.Beta*math.Sqrt2*math.Erfinv(2*p-1))
	}
}

// structures returns how many structures a link of length metres carries
// for the curve: ⌈length/Span⌉, at least 1 (1 without a Span or a length).
func (c Curve) structures(length float64) int {
	if !(c.Span > 0) || !(length > c.Span) {
		return 1
	}
	return int(math.Min(math.Ceil(length/c.Span), 1<<30))
}

// capacity returns the gust at which an entity of k structures with
// uniform draw u fails: the gust at which 1 − (1 − P)^k reaches u, so that
// it fails exactly when u < P_k(gust), and a stronger storm fails a
// superset.
func (c Curve) capacity(u float64, k int) float64 {
	p := u
	if k > 1 {
		p = -math.Expm1(math.Log1p(-u) / float64(k))
	}
	return c.Quantile(p)
}

func (c Curve) validate() error {
	ok := c.State <= network.DamageComplete && c.Unit >= 0 && finite(c.Unit) && c.Span >= 0 && finite(c.Span)
	switch c.Form {
	case Lognormal:
		ok = ok && c.Median > 0 && finite(c.Median) && c.Beta > 0 && finite(c.Beta)
	case Exponential:
		ok = ok && c.A > 0 && c.A < 1 && c.B > 0 && finite(c.B)
	case Power:
		ok = ok && c.A > 0 && finite(c.A) && c.B > 0 && finite(c.B)
	default:
		ok = false
	}
	if !ok {
		return fmt.Errorf("%w: %v curve: median %v m/s, beta %v, A %v, B %v, unit %v m/s, span %v m, state %d",
			errInvalid, c.Form, c.Median, c.Beta, c.A, c.B, c.Unit, c.Span, c.State)
	}
	return nil
}

//go:embed data/wind_fragility.csv
var data embed.FS

// bundled parses the embedded curves once; the result is never modified
// (the Default functions hand out copies).
var bundled = parse.Embedded("wind", data, "data/wind_fragility.csv", parseCurves)

type defaults struct {
	classes map[string]Curve
	kinds   map[network.Kind]Curve
}

// DefaultClasses returns the bundled curves by class name (a fresh map):
//
//   - WIND-DP, distribution poles, 1e-4·exp(0.0421·v), per pole, 50 m span;
//   - WIND-DC, distribution conductors, 8e-12·v^5.1731, per 50 m span;
//   - WIND-TT, transmission towers, 2e-7·exp(0.0834·v), per tower, 300 m
//     span;
//
// with v in mph, from Quanta Technology (2009), as used by Ouyang &
// Dueñas-Osorio (2014) and Watson (2018), failure taken as complete
// damage; and HAZUS-SUB-K1 … K5, electric substations, the Hazus hurricane
// model's severe-damage lognormals for terrains k1 … k5 as documented by
// Watson (2018), severe taken as extensive. The spans are lifeline's
// assumptions. See the package documentation and data/SOURCE.md.
func DefaultClasses() map[string]Curve { return maps.Clone(bundled().classes) }

// DefaultKinds returns the bundled curves by kind (a fresh map): overhead
// lines (network.KindLine) take WIND-DP, the distribution pole curve per
// 50 m span. No other kind has a default.
func DefaultKinds() map[network.Kind]Curve { return maps.Clone(bundled().kinds) }

// parseCurves reads a curve table: one row per class with its form, the
// published parameters and speed unit, the span, the damage state and the
// source (see data/SOURCE.md for the columns).
func parseCurves(f *parse.File) (*defaults, error) {
	t, err := f.Table()
	if err != nil {
		return nil, err
	}
	if err := t.Columns([]string{"class", "kind", "form", "param1", "param2", "speed_unit", "span_m", "state"},
		[]string{"description", "source", "source_repo", "source_path", "source_commit", "notes"}); err != nil {
		return nil, err
	}
	d := &defaults{classes: map[string]Curve{}, kinds: map[network.Kind]Curve{}}
	err = t.Each(func() error {
		name := t.Str("class")
		if name == "" {
			return t.ErrAt("class", fmt.Errorf("%w: empty class", network.ErrInvalid))
		}
		if _, dup := d.classes[name]; dup {
			return t.ErrAt("class", fmt.Errorf("%w: class %q twice", network.ErrInvalid, name))
		}
		p1, err := t.Float("param1")
		if err != nil {
			return err
		}
		p2, err := t.Float("param2")
		if err != nil {
			return err
		}
		var c Curve
		switch u := t.Str("speed_unit"); u {
		case "mph":
			c.Unit = MPH
		case "m/s":
			c.Unit = 1
		default:
			return t.ErrAt("speed_unit", fmt.Errorf("%w: speed unit %q (want mph or m/s)", network.ErrInvalid, u))
		}
		switch form := t.Str("form"); form {
		case "lognormal_ln":
			// ln v ~ N(param1, param2²), v in the unit: the median is
			// exp(param1) in that unit, β = param2 whatever the unit.
			c.Form, c.Median, c.Beta = Lognormal, math.Exp(p1)*c.Unit, p2
		case "lognormal":
			c.Form, c.Median, c.Beta = Lognormal, p1*c.Unit, p2
		case "exponential":
			c.Form, c.A, c.B = Exponential, p1, p2
		case "power":
			c.Form, c.A, c.B = Power, p1, p2
		default:
			return t.ErrAt("form", fmt.Errorf("%w: form %q (want lognormal, lognormal_ln, exponential or power)", network.ErrInvalid, form))
		}
		if s := t.Str("span_m"); s != "" {
			if c.Span, err = t.Float("span_m"); err != nil {
				return err
			}
		}
		if c.State, err = fragility.ParseState(t.Str("state")); err != nil {
			return t.ErrAt("state", fmt.Errorf("%w: %w", network.ErrInvalid, err))
		}
		if err := c.validate(); err != nil {
			return t.ErrAt("class", fmt.Errorf("%w: class %s: %w", network.ErrInvalid, name, err))
		}
		d.classes[name] = c
		if k := network.Kind(t.Str("kind")); k != "" {
			if _, dup := d.kinds[k]; dup {
				return t.ErrAt("kind", fmt.Errorf("%w: kind %q has two default curves", network.ErrInvalid, k))
			}
			d.kinds[k] = c
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}
