package heat_test

import (
	"context"
	"math"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/heat"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

func runPower(t *testing.T, n *network.Network, hs ...hazard.Hazard) *cascade.Result {
	t.Helper()
	e, err := cascade.New(n, cascade.Options{Models: map[network.Sector]flow.Factory{network.Power: power.Options{}.Factory}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Hazards: hs})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestHeatTripsLine: generator G feeds the 90 MW load L over line GL,
// rated 100 MW. The temperature climbs from 25 °C at 0 h by 2.5 °C/h to
// 40 °C at 6 h; with demand +2 % per °C above 25 °C, at h hours the load
// is 90 (1 + 0.05 h) MW and the rating 100 √((50 − 2.5 h)/50) MW
// (conductors at most 75 °C, rated at 25 °C). The line's loading is then
//
//	h = 1: 94.5 / 97.468 = 0.970   (below 1)
//	h = 2: 99.0 / 94.868 = 1.044   (above 1, below the hard limit 2)
//
// so the line is overloaded from the 2 h update and trips after the
// default protection delay of 1 min, at 2h01m; L, cut off from G, is
// unserved from then on. The trip cites the heat wave.
func TestHeatTripsLine(t *testing.T) {
	n := grid(t)
	w := &heat.Wave{Series: []heat.Sample{{Time: 0, Celsius: 25}, {Time: 6 * sim.Hour, Celsius: 40}},
		Power: heat.Response{ThresholdC: 25, PerDegree: 0.02}, Water: heat.Response{Off: true},
		Lines: heat.Derating{ConductorMaxC: 75, RatingAmbientC: 25}}
	// The hand-derived loadings, computed again from the formulas.
	for h, want := range map[float64]float64{1: 0.970, 2: 1.044} {
		got := 90 * (1 + 0.05*h) / (100 * math.Sqrt((50-2.5*h)/50))
		if math.Abs(got-want) > 5e-4 {
			t.Fatalf("loading at %v h: %v, want %v", h, got, want)
		}
	}
	r := runPower(t, n, w)
	gl, _ := n.LinkIndex("GL")
	l, _ := n.ComponentIndex("L")
	trip := 2*sim.Hour + cascade.DefaultProtectionDelay
	if r.LinkOutage[gl].First != trip || r.Outage[l].First != trip {
		t.Fatalf("line first down %v, load first down %v; want %v", r.LinkOutage[gl].First, r.Outage[l].First, trip)
	}
	ch, ok := r.ExplainLink(gl, trip)
	if !ok || ch.Causes[0].Mechanism != cascade.ByTrip || ch.Causes[0].Hazard != "heat" || math.Abs(ch.Causes[0].Loading-99/(100*math.Sqrt(0.9))) > 1e-9 {
		t.Fatalf("trip:\n%s", ch)
	}

	// With the derating off only demand counts: the line is overloaded
	// once 90 (1 + 0.02 ΔT) > 100, ΔT > 5.56 °C: at 2 h ΔT = 5 (loading
	// 0.99), at 3 h ΔT = 7.5 (1.035), so it trips at 3h01m.
	w.Lines.Off = true
	r = runPower(t, n, w)
	if got := r.LinkOutage[gl].First; got != 3*sim.Hour+cascade.DefaultProtectionDelay {
		t.Fatalf("demand alone: line first down %v, want 3h01m", got)
	}
}

// TestHeatWaveOnCity: the four-day heat wave on a synthetic city whose
// lines are rated 1.5 × their base flow and whose generation can cover
// twice the load, with the power and water models. On the hottest
// afternoons (41 °C) demand is ×1 + 0.025 × 21.6 = ×1.54 and ratings
// ×√(34/50) = ×0.82, so a line carrying its share of the grown load runs
// at about 1.54 / (1.5 × 0.82) = 1.25 of its derated rating: lines trip.
// Every trip descends from the heat wave, and none happens without it.
func TestHeatWaveOnCity(t *testing.T) {
	n, err := synth.City(synth.CityParams{Components: 3000, Seed: 2, RatingMargin: 1.5, ReserveMargin: 1})
	if err != nil {
		t.Fatal(err)
	}
	models := map[network.Sector]flow.Factory{network.Power: power.Options{}.Factory, network.Water: water.Options{}.Factory}
	e, err := cascade.New(n, cascade.Options{Models: models})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{fourDays()}})
	if err != nil {
		t.Fatal(err)
	}
	trips := 0
	for _, c := range r.Causes {
		if c.Mechanism == cascade.ByTrip {
			trips++
			if c.Hazard != "heat" {
				t.Errorf("trip of %d cites hazard %q", c.Entity, c.Hazard)
			}
		}
	}
	if trips == 0 {
		t.Fatal("no line tripped")
	}
	quiet, err := e.Run(context.Background(), cascade.Input{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range quiet.Causes {
		if c.Mechanism == cascade.ByTrip {
			t.Fatalf("a trip without the heat wave: %+v", c)
		}
	}
	t.Logf("%d trips, %d changes", trips, len(r.Changes))
}
