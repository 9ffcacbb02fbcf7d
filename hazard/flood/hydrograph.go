package flood

import (
	"fmt"
	"math"
	"slices"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/sim"
)

// Step is one fix of a hydrograph: the water depth at an instant.
type Step struct {
	// T is the instant, ≥ 0.
	T sim.Time
	// Depth is the water depth above ground in metres, finite and ≥ 0.
	Depth float64
}

// Hydrograph is a depth series: piecewise linear between its steps, whose
// times strictly increase; before the first step the depth is the first
// step's, after the last the last step's (a hydrograph that should end dry
// ends with a zero depth). An empty hydrograph is dry throughout.
type Hydrograph []Step

// Validate checks the steps: times ≥ 0 and strictly increasing, depths
// finite and ≥ 0. Errors wrap hazard.ErrInvalid.
func (h Hydrograph) Validate() error {
	for k, s := range h {
		if s.T < 0 {
			return fmt.Errorf("%w: hydrograph step %d at negative time %v", hazard.ErrInvalid, k, s.T)
		}
		if k > 0 && s.T <= h[k-1].T {
			return fmt.Errorf("%w: hydrograph step %d at %v, not after step %d at %v", hazard.ErrInvalid, k, s.T, k-1, h[k-1].T)
		}
		if !(s.Depth >= 0 && s.Depth <= math.MaxFloat64) {
			return fmt.Errorf("%w: hydrograph step %d: depth %v is not a finite non-negative number of metres", hazard.ErrInvalid, k, s.Depth)
		}
	}
	return nil
}

// At returns the depth at t (linear interpolation between steps).
func (h Hydrograph) At(t sim.Time) float64 {
	if len(h) == 0 {
		return 0
	}
	k, found := slices.BinarySearchFunc(h, t, func(s Step, t sim.Time) int {
		switch {
		case s.T < t:
			return -1
		case s.T > t:
			return 1
		}
		return 0
	})
	switch {
	case found:
		return h[k].Depth
	case k == 0:
		return h[0].Depth
	case k == len(h):
		return h[len(h)-1].Depth
	}
	return lerp(h[k-1], h[k], t)
}

// lerp returns the depth at t on the segment from a to b.
func lerp(a, b Step, t sim.Time) float64 {
	f := float64(t-a.T) / float64(b.T-a.T)
	return a.Depth + f*(b.Depth-a.Depth)
}

// Peak returns the greatest depth.
func (h Hydrograph) Peak() float64 {
	p := 0.0
	for _, s := range h {
		p = max(p, s.Depth)
	}
	return p
}

// Crossing is an instant at which the depth passes a level.
type Crossing struct {
	// T is the instant (see Crossings for its rounding).
	T sim.Time
	// Up is true when the depth rises above the level, false when it
	// falls back to it or below.
	Up bool
}

// Crossings returns the instants at which the depth rises above level
// (Up) and falls back to level or below, alternating and starting with an
// Up. "Above" is strict: a depth that only touches the level does not
// cross it. A hydrograph above the level at its first step is above it
// from time 0 (its first crossing is at 0); one above the level at its
// last step never falls back.
//
// On a segment from (t0, d0) to (t1, d1) the depth reaches the level ℓ at
// t0 + (ℓ − d0)/(d1 − d0)·(t1 − t0), computed in float64 and rounded to the
// nearest nanosecond (halves away from zero); the float64 error of the
// fraction is far below a nanosecond for segments shorter than about 100
// days. An excursion that rounding shrinks to nothing (an Up and a Down at
// one instant) is dropped. O(len(h)).
func (h Hydrograph) Crossings(level float64) []Crossing { return h.appendCrossings(nil, level) }

// appendCrossings appends the crossings of level to out.
func (h Hydrograph) appendCrossings(out []Crossing, level float64) []Crossing {
	if len(h) == 0 {
		return out
	}
	start := len(out)
	add := func(t sim.Time, up bool) {
		if n := len(out); n > start && out[n-1].T == t {
			out = out[:n-1] // the excursion rounded away
			return
		}
		out = append(out, Crossing{T: t, Up: up})
	}
	above := h[0].Depth > level
	if above {
		add(0, true)
	}
	for k := 1; k < len(h); k++ {
		a, b := h[k-1], h[k]
		switch {
		case !above && b.Depth > level:
			add(crossAt(a, b, level), true)
			above = true
		case above && b.Depth <= level:
			add(crossAt(a, b, level), false)
			above = false
		}
	}
	return out
}

// crossAt returns the instant, rounded to the nanosecond, at which the
// segment from a to b (whose depths lie on either side of level, or one
// on it) reaches level.
func crossAt(a, b Step, level float64) sim.Time {
	f := (level - a.Depth) / (b.Depth - a.Depth)
	f = min(max(f, 0), 1)
	return a.T + sim.Time(math.Round(f*float64(b.T-a.T)))
}

// Max returns the upper envelope of a and b: at every instant the greater
// of their depths, again piecewise linear, with a step wherever the two
// cross between their own steps (at an instant rounded to the nanosecond).
// O(m log m) for m = len(a) + len(b).
func Max(a, b Hydrograph) Hydrograph {
	switch {
	case len(a) == 0:
		return b
	case len(b) == 0:
		return a
	}
	times := make([]sim.Time, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i].T < b[j].T:
			times = append(times, a[i].T)
			i++
		case i == len(a) || b[j].T < a[i].T:
			times = append(times, b[j].T)
			j++
		default:
			times = append(times, a[i].T)
			i++
			j++
		}
	}
	out := make(Hydrograph, 0, len(times)+4)
	for k, t := range times {
		if k > 0 {
			// Both are linear on (times[k-1], t): a crossing inside adds a step.
			t0 := times[k-1]
			da0, db0, da1, db1 := a.At(t0), b.At(t0), a.At(t), b.At(t)
			if (da0-db0)*(da1-db1) < 0 {
				f := (da0 - db0) / ((da0 - db0) - (da1 - db1))
				tc := t0 + sim.Time(math.Round(f*float64(t-t0)))
				if tc > t0 && tc < t {
					out = append(out, Step{T: tc, Depth: max(a.At(tc), b.At(tc))})
				}
			}
		}
		out = append(out, Step{T: t, Depth: max(a.At(t), b.At(t))})
	}
	return out
}
