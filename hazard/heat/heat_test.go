package heat_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/hazardtest"
	"github.com/lifeline-sim/lifeline/hazard/heat"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

func TestTemperatureAndInstants(t *testing.T) {
	w := &heat.Wave{Series: []heat.Sample{{Time: 90 * sim.Minute, Celsius: 20}, {Time: 210 * sim.Minute, Celsius: 32}}}
	// Held before the first sample, linear to 32 °C over 2 h (6 °C/h),
	// held after.
	for _, tc := range []struct {
		t    sim.Time
		want float64
	}{{0, 20}, {90 * sim.Minute, 20}, {2 * sim.Hour, 23}, {3 * sim.Hour, 29}, {210 * sim.Minute, 32}, {sim.Day, 32}} {
		if got := w.Temperature(tc.t); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("T(%v) = %v, want %v", tc.t, got, tc.want)
		}
	}
	// 0, the samples at 1h30m and 3h30m, and the hours between.
	want := []sim.Time{0, 90 * sim.Minute, 2 * sim.Hour, 3 * sim.Hour, 210 * sim.Minute}
	if got := w.Instants(); !slices.Equal(got, want) {
		t.Fatalf("instants %v, want %v", got, want)
	}
}

func TestFactors(t *testing.T) {
	// IEEE 738 simplified: √((75 − 40)/(75 − 25)) = √0.7.
	if got := (heat.Derating{}).RatingFactor(40); math.Abs(got-math.Sqrt(0.7)) > 1e-15 {
		t.Errorf("rating factor at 40 °C: %v", got)
	}
	if got := (heat.Derating{}).RatingFactor(20); got != 1 {
		t.Errorf("rating factor below the rating ambient: %v", got)
	}
	// 1 + 0.025 × (35 − 19.4) = 1.39.
	r := heat.Response{ThresholdC: heat.DefaultPowerThresholdC, PerDegree: heat.DefaultPowerPerDegree}
	if got := r.DemandFactor(35); math.Abs(got-1.39) > 1e-12 {
		t.Errorf("demand factor at 35 °C: %v", got)
	}
}

func grid(t *testing.T) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "G", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "L", Sector: network.Power, Kind: network.KindSubstation, Demand: 90})
	b.AddComponent(network.Component{ID: "J", Sector: network.Water, Kind: network.KindJunction, Demand: 0.1})
	b.AddComponent(network.Component{ID: "W", Sector: network.Water, Kind: network.KindTreatmentPlant, Role: network.RoleSource})
	b.AddLink(network.Link{ID: "GL", From: "G", To: "L", Reactance: 0.1, Rating: 100})
	b.AddLink(network.Link{ID: "WJ", From: "W", To: "J"})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestImpacts: a day at 30 °C between two days at 18 °C: power demand
// 1 + 0.025 × (30 − 19.4) = 1.265, water 1 + 0.01 × (30 − 20) = 1.1, the
// line √((75 − 30)/50) = √0.9; each is set when it changes and set back
// to 1 when the temperature is 18 °C again.
func TestImpacts(t *testing.T) {
	n := grid(t)
	w := &heat.Wave{Step: sim.Day, Series: []heat.Sample{{Time: 0, Celsius: 18}, {Time: sim.Day, Celsius: 30}, {Time: 2 * sim.Day, Celsius: 18}}}
	im, err := w.Impacts(n, hazard.Rand{})
	if err != nil {
		t.Fatal(err)
	}
	want := []hazard.Impact{
		{Time: sim.Day, Kind: hazard.SetFactor, Param: hazard.Demand, Target: 1, Factor: 1.265},
		{Time: sim.Day, Kind: hazard.SetFactor, Param: hazard.Demand, Target: 2, Factor: 1.1},
		{Time: sim.Day, Kind: hazard.SetFactor, Param: hazard.Rating, Target: 0, Link: true, Factor: math.Sqrt(0.9)},
		{Time: 2 * sim.Day, Kind: hazard.SetFactor, Param: hazard.Demand, Target: 1, Factor: 1},
		{Time: 2 * sim.Day, Kind: hazard.SetFactor, Param: hazard.Demand, Target: 2, Factor: 1},
		{Time: 2 * sim.Day, Kind: hazard.SetFactor, Param: hazard.Rating, Target: 0, Link: true, Factor: 1},
	}
	if len(im) != len(want) {
		t.Fatalf("impacts %+v", im)
	}
	for k := range want {
		g := im[k]
		if g.Time != want[k].Time || g.Target != want[k].Target || g.Link != want[k].Link || g.Param != want[k].Param ||
			math.Abs(g.Factor-want[k].Factor) > 1e-12 {
			t.Errorf("impact %d: %+v, want %+v", k, g, want[k])
		}
	}
	hazardtest.Run(t, n, w)
	off := &heat.Wave{Series: w.Series, Step: sim.Day, Water: heat.Response{Off: true}, Lines: heat.Derating{Off: true}}
	if im, _ := off.Impacts(n, hazard.Rand{}); len(im) != 2 {
		t.Fatalf("power only: %+v", im)
	}
}

func TestValidate(t *testing.T) {
	for _, w := range []*heat.Wave{
		{},
		{Series: []heat.Sample{{Time: sim.Hour, Celsius: 20}, {Time: sim.Hour, Celsius: 21}}},
		{Series: []heat.Sample{{Time: -1, Celsius: 20}}},
		{Series: []heat.Sample{{Celsius: math.NaN()}}},
		{Series: []heat.Sample{{Celsius: -300}}}, // below absolute zero: a unit mistake
		{Series: []heat.Sample{{Celsius: 80}}},
		{Series: []heat.Sample{{Celsius: 20}}, Power: heat.Response{PerDegree: -1}},
		{Series: []heat.Sample{{Celsius: 20}}, Lines: heat.Derating{ConductorMaxC: 50, RatingAmbientC: 60}},
		{Series: []heat.Sample{{Celsius: 20}, {Time: 100 * sim.Day, Celsius: 20}}, Step: sim.Second},
	} {
		if err := w.Validate(); !errors.Is(err, hazard.ErrInvalid) {
			t.Errorf("%+v: %v, want ErrInvalid", w, err)
		}
	}
}

// TestConformanceOnCity: a four-day heat wave on a synthetic city passes
// the conformance suite.
func TestConformanceOnCity(t *testing.T) {
	n, err := synth.City(synth.CityParams{Components: 500, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	hazardtest.RunAll(t, func() hazard.Hazard { return fourDays() }, n)
}

// fourDays is a heat wave peaking at 41 °C in the afternoons of days 2
// and 3, between 22 °C nights.
func fourDays() *heat.Wave {
	var s []heat.Sample
	for d := range sim.Time(4) {
		peak := 33.0
		if d == 1 || d == 2 {
			peak = 41
		}
		s = append(s, heat.Sample{Time: d*sim.Day + 5*sim.Hour, Celsius: 22}, heat.Sample{Time: d*sim.Day + 15*sim.Hour, Celsius: peak})
	}
	return &heat.Wave{Label: "heat", Series: append(s, heat.Sample{Time: 4*sim.Day + 5*sim.Hour, Celsius: 22})}
}
