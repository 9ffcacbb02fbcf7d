package heat

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Defaults (see the package documentation for their sources and which are
// assumptions).
const (
	// DefaultPowerThresholdC is the temperature above which power demand
	// grows: 67 °F, the best-fitting cooling-degree-day set point of
	// Brown, Cox, Staver and Baer.
	DefaultPowerThresholdC = 19.4
	// DefaultPowerPerDegree is the growth of power demand per °C above the
	// threshold: 2.5 %, within the 0.45–4.6 % per °C of peak load
	// reviewed by Santamouris et al. (2015).
	DefaultPowerPerDegree = 0.025
	// DefaultWaterThresholdC is the temperature above which water demand
	// grows: an assumption, to be set for the system studied.
	DefaultWaterThresholdC = 20
	// DefaultWaterPerDegree is the growth of water demand per °C above
	// the threshold: an assumption (1 %), to be fitted to the system's
	// records.
	DefaultWaterPerDegree = 0.01
	// DefaultConductorMaxC is the conductor's maximum operating
	// temperature (75 °C, common for ACSR at its normal rating; an
	// assumption).
	DefaultConductorMaxC = 75
	// DefaultRatingAmbientC is the ambient temperature the static rating
	// was computed for (25 °C; an assumption).
	DefaultRatingAmbientC = 25
	// DefaultStep is the update interval of the factors.
	DefaultStep = sim.Hour
	// MaxUpdates bounds the update instants of one heat wave.
	MaxUpdates = 1_000_000
)

// Sample is the air temperature at one instant.
type Sample struct {
	// Time of the sample, ≥ 0.
	Time sim.Time
	// Celsius is the temperature in °C, finite and above absolute zero
	// (−273.15 °C).
	Celsius float64
}

// Response is how a sector's demand follows the temperature:
// factor = 1 + PerDegree × max(0, T − ThresholdC).
type Response struct {
	// ThresholdC in °C; with PerDegree 0 the sector's default applies.
	ThresholdC float64
	// PerDegree is the relative growth per °C above the threshold, ≥ 0
	// (0.025: 2.5 % per °C); 0 means the sector's default.
	PerDegree float64
	// Off leaves the sector's demand alone.
	Off bool
}

// Derating is how line ratings follow the temperature (see the package
// documentation): factor = √((ConductorMaxC − T) ÷ (ConductorMaxC −
// RatingAmbientC)), at most 1.
type Derating struct {
	// ConductorMaxC is the conductor's maximum temperature in °C; 0 means
	// DefaultConductorMaxC.
	ConductorMaxC float64
	// RatingAmbientC is the ambient temperature of the static rating in
	// °C, below ConductorMaxC; 0 with ConductorMaxC 0 means
	// DefaultRatingAmbientC.
	RatingAmbientC float64
	// Off leaves the ratings alone.
	Off bool
}

// Wave is a heat wave: a temperature series, uniform over the city, that
// scales the demand of power and water consumers and derates power lines.
type Wave struct {
	// Label names the hazard ("heat" when empty).
	Label string
	// Series is the temperature, times strictly increasing: linear between
	// samples, held at the first before it and at the last after it.
	Series []Sample
	// Step is the update interval of the factors between samples; 0 means
	// DefaultStep.
	Step sim.Time
	// Power and Water are the demand responses of the power and water
	// sectors; zero values take the defaults.
	Power, Water Response
	// Lines derates the rated links (Rating > 0) of the power sector.
	Lines Derating
}

// Name returns the label, or "heat".
func (w *Wave) Name() string { return cmp.Or(w.Label, "heat") }

func (w *Wave) step() sim.Time { return cmp.Or(w.Step, DefaultStep) }

func (r Response) with(threshold, perDegree float64) Response {
	if r.PerDegree == 0 {
		r.ThresholdC, r.PerDegree = threshold, perDegree
	}
	return r
}

func (d Derating) resolved() Derating {
	if d.ConductorMaxC == 0 && d.RatingAmbientC == 0 {
		d.ConductorMaxC, d.RatingAmbientC = DefaultConductorMaxC, DefaultRatingAmbientC
	} else if d.ConductorMaxC == 0 {
		d.ConductorMaxC = DefaultConductorMaxC
	}
	return d
}

// Validate checks the configuration. Errors wrap hazard.ErrInvalid.
func (w *Wave) Validate() error {
	if len(w.Series) == 0 {
		return fmt.Errorf("%w: heat wave %q has no temperature series", hazard.ErrInvalid, w.Name())
	}
	d := w.Lines.resolved()
	for k, s := range w.Series {
		switch {
		case s.Time < 0 || k > 0 && s.Time <= w.Series[k-1].Time:
			return fmt.Errorf("%w: heat wave %q: sample %d at %v (times ≥ 0, strictly increasing)", hazard.ErrInvalid, w.Name(), k, s.Time)
		case !finite(s.Celsius) || s.Celsius <= -273.15:
			return fmt.Errorf("%w: heat wave %q: sample %d: temperature %v", hazard.ErrInvalid, w.Name(), k, s.Celsius)
		case !d.Off && s.Celsius >= d.ConductorMaxC:
			return fmt.Errorf("%w: heat wave %q: sample %d: %v °C reaches the conductors' maximum %v °C", hazard.ErrInvalid, w.Name(), k, s.Celsius, d.ConductorMaxC)
		}
	}
	for _, r := range []Response{w.Power, w.Water} {
		if !finite(r.ThresholdC) || !(r.PerDegree >= 0) || math.IsInf(r.PerDegree, 1) {
			return fmt.Errorf("%w: heat wave %q: demand response %+v", hazard.ErrInvalid, w.Name(), r)
		}
	}
	if !d.Off && !(finite(d.ConductorMaxC) && finite(d.RatingAmbientC) && d.RatingAmbientC < d.ConductorMaxC) {
		return fmt.Errorf("%w: heat wave %q: derating %+v (the rating ambient must lie below the conductor maximum)", hazard.ErrInvalid, w.Name(), d)
	}
	if w.Step < 0 {
		return fmt.Errorf("%w: heat wave %q: negative step", hazard.ErrInvalid, w.Name())
	}
	span := w.Series[len(w.Series)-1].Time - w.Series[0].Time
	if span/w.step() > MaxUpdates {
		return fmt.Errorf("%w: heat wave %q: more than %d updates (a longer Step)", hazard.ErrInvalid, w.Name(), MaxUpdates)
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Temperature returns the temperature at t in °C (linear between samples,
// held outside them), in O(log samples). It panics with a "heat:" prefix
// on an empty series.
func (w *Wave) Temperature(t sim.Time) float64 {
	s := w.Series
	if len(s) == 0 {
		panic("heat: Temperature of an empty series")
	}
	// The first sample at or after t.
	k, _ := slices.BinarySearchFunc(s, t, func(x Sample, t sim.Time) int { return cmp.Compare(x.Time, t) })
	switch {
	case k == 0:
		return s[0].Celsius
	case k == len(s):
		return s[len(s)-1].Celsius
	}
	a, b := s[k-1], s[k]
	f := float64(t-a.Time) / float64(b.Time-a.Time)
	return a.Celsius + f*(b.Celsius-a.Celsius)
}

// DemandFactor returns the demand factor of response r, as given (the
// sector defaults apply in Wave.Impacts), at temperature c in °C.
func (r Response) DemandFactor(c float64) float64 {
	if r.Off {
		return 1
	}
	return 1 + r.PerDegree*max(0, c-r.ThresholdC)
}

// RatingFactor returns the rating factor of derating d at ambient
// temperature c: 1 at or below the rating ambient, 0 at or above the
// conductor maximum.
func (d Derating) RatingFactor(c float64) float64 {
	d = d.resolved()
	if d.Off || c <= d.RatingAmbientC {
		return 1
	}
	return math.Sqrt(max(0, d.ConductorMaxC-c) / (d.ConductorMaxC - d.RatingAmbientC))
}

// IntensityAt returns the air temperature at t in °C, the same at every
// place (hazard.Intensity).
func (w *Wave) IntensityAt(_ *network.Network, _ network.Point, t sim.Time, _ hazard.Rand) (float64, error) {
	if err := w.Validate(); err != nil {
		return 0, err
	}
	return w.Temperature(t), nil
}

// Instants returns the update instants: 0, every sample time, and every
// multiple of Step between the first and the last sample, increasing.
func (w *Wave) Instants() []sim.Time {
	step := w.step()
	first, last := w.Series[0].Time, w.Series[len(w.Series)-1].Time
	out := []sim.Time{0}
	for _, s := range w.Series {
		out = append(out, s.Time)
	}
	for t := (first + step - 1) / step * step; t <= last; t += step {
		out = append(out, t)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Impacts returns, at each update instant (Instants) at which a factor
// changes, a SetFactor Demand on every consumer (a component with positive
// demand or ParamPdMW) of the power and water sectors and a SetFactor
// Rating on every rated link (Rating > 0) of the power sector, with the
// factors of the temperature at that instant. It draws nothing.
func (w *Wave) Impacts(n *network.Network, _ hazard.Rand) ([]hazard.Impact, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	power := w.Power.with(DefaultPowerThresholdC, DefaultPowerPerDegree)
	water := w.Water.with(DefaultWaterThresholdC, DefaultWaterPerDegree)
	ps, hasPower := n.SectorIndexOf(network.Power)
	ws, hasWater := n.SectorIndexOf(network.Water)
	var pc, wc, lines []int32
	if hasPower && !power.Off {
		pc = consumers(n, ps)
	}
	if hasWater && !water.Off {
		wc = consumers(n, ws)
	}
	if hasPower && !w.Lines.Off {
		for l := range n.Links() {
			if n.LinkSector(l) == ps && n.Rating(l) > 0 {
				lines = append(lines, l)
			}
		}
	}
	var out []hazard.Impact
	lastP, lastW, lastR := 1.0, 1.0, 1.0
	for _, t := range w.Instants() {
		c := w.Temperature(t)
		fp, fw, fr := power.DemandFactor(c), water.DemandFactor(c), w.Lines.RatingFactor(c)
		// Components before links, each list in index order: sorted.
		var comp []hazard.Impact
		if fp != lastP {
			for _, i := range pc {
				comp = append(comp, hazard.Impact{Time: t, Kind: hazard.SetFactor, Param: hazard.Demand, Target: i, Factor: fp})
			}
		}
		if fw != lastW {
			for _, i := range wc {
				comp = append(comp, hazard.Impact{Time: t, Kind: hazard.SetFactor, Param: hazard.Demand, Target: i, Factor: fw})
			}
		}
		hazard.Sort(comp)
		out = append(out, comp...)
		if fr != lastR {
			for _, l := range lines {
				out = append(out, hazard.Impact{Time: t, Kind: hazard.SetFactor, Param: hazard.Rating, Target: l, Link: true, Factor: fr})
			}
		}
		lastP, lastW, lastR = fp, fw, fr
	}
	return out, nil
}

// consumers returns the members of sector s with positive demand.
func consumers(n *network.Network, s network.SectorIndex) []int32 {
	var out []int32
	for _, i := range n.SectorMembers(s) {
		if n.Demand(i) > 0 || n.ComponentParam(i, network.ParamPdMW) > 0 {
			out = append(out, i)
		}
	}
	return out
}
