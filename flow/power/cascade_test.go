package power_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/flowtest"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format/matpower"
	"github.com/lifeline-sim/lifeline/sim"
)

// The cascade scenario on case118 (network/format/matpower/testdata/case118.m,
// which has no ratings: RATE_A = 0 everywhere). Three lines get reduced
// ratings, every other line stays unrated:
//
//	br62 (45-46) 55 MW     the line that picks up br68's flow
//	br60 (34-43) 35 MW     the last feeder of the load pocket 43-44-45
//	br63 (46-47) 40 MW     protection delay 120 s (link param)
//
// Buses 43, 44 and 45 (18 + 16 + 53 = 87 MW of load, no generator) are fed
// by br68 (45-49), br62 (45-46) and br60 (34-43) only. The loadings at each
// stage come from MATPOWER's DC power flow of that stage (SolveMatpower,
// validated against MATPOWER's published solutions) and are checked by
// stages below:
//
//	stage 0, intact:           br62 33.80 MW (0.61), br60 4.37 (0.12), br63 28.24 (0.71)
//	stage 1, br68 out (1h):    br62 69.06 MW (1.26 > 1: trips after 60 s),
//	                           br60 17.94 (0.51), br63 48.20 (1.21 > 1: armed for 120 s)
//	stage 2, br62 out (1h1m):  br60 carries the whole pocket, 87 MW (2.49 ≥ 2:
//	                           trips at once); br63 7.93 (0.20: its trip is cancelled)
//	stage 3, br60 out (1h1m):  buses 43, 44, 45 are a dark island; the rest sheds
//	                           87 MW of generation by footroom, br63 stays below 1.
var cascadeRatings = map[int]float64{62: 55, 60: 35, 63: 40}

func loadCase118(t *testing.T) *matpower.Case {
	t.Helper()
	c, err := matpower.Parse(os.DirFS("../../network/format/matpower/testdata"), "case118.m")
	if err != nil {
		t.Fatal(err)
	}
	for row, r := range cascadeRatings {
		c.Branch[row-1].RateA = r
	}
	return c
}

// cascadeNetwork converts the rated case and gives br63 its 120 s delay
// (rebuilt through a Builder: the MATPOWER conversion sets no such param).
func cascadeNetwork(t *testing.T, c *matpower.Case) *network.Network {
	t.Helper()
	n, err := c.Network(matpower.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := network.NewBuilder()
	b.SetName(n.Name())
	for k, v := range n.Attrs() {
		b.SetAttr(k, v)
	}
	for i := range n.Components() {
		b.AddComponent(n.Component(i))
	}
	for l := range n.Links() {
		k := n.Link(l)
		if k.ID == "br63" {
			k.Params[network.ParamProtectionDelayS] = 120
		}
		b.AddLink(k)
	}
	nn, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return nn
}

// stageLoadings returns the loading of each rated branch (by 1-based row)
// with the given rows out, from SolveMatpower.
func stageLoadings(t *testing.T, c *matpower.Case, out ...int) map[int]float64 {
	t.Helper()
	cc := *c
	cc.Branch = slices.Clone(c.Branch)
	for _, row := range out {
		cc.Branch[row-1].Status = 0
	}
	sol, err := power.SolveMatpower(&cc)
	if err != nil {
		t.Fatal(err)
	}
	ld := map[int]float64{}
	for row, r := range cascadeRatings {
		ld[row] = math.Abs(sol.Pf[row-1]) / r
	}
	return ld
}

// linkTrips lists the link trips of r as "time link loading".
func linkTrips(r *cascade.Result) []string {
	var trips []string
	for _, ch := range r.Changes {
		if cause := r.Causes[ch.Cause]; ch.Link && cause.Mechanism == cascade.ByTrip {
			trips = append(trips, fmt.Sprintf("%v %s %.4f", ch.Time, r.Network.LinkID(ch.Entity), cause.Loading))
		}
	}
	return trips
}

// TestCascadeCase118 runs the scenario above through the engine's loading
// hook (cascade.Protection defaults: 60 s delay, hard limit 2) with the DC
// power-flow model, and checks the trip sequence, the recorded loadings,
// the dark pocket, the served-demand series and the provenance chain.
func TestCascadeCase118(t *testing.T) {
	c := loadCase118(t)
	// The stage loadings that make the expected sequence (see above).
	s0, s1, s2 := stageLoadings(t, c), stageLoadings(t, c, 68), stageLoadings(t, c, 68, 62)
	for row := range cascadeRatings {
		if s0[row] >= 1 {
			t.Fatalf("stage 0: br%d already at %.3f", row, s0[row])
		}
	}
	if !(s1[62] > 1 && s1[62] < 2 && s1[63] > 1 && s1[63] < 2 && s1[60] < 1) {
		t.Fatalf("stage 1 loadings %v", s1)
	}
	if !(s2[60] >= 2 && s2[63] < 1) || math.Abs(s2[60]*35-87) > 1e-9 {
		t.Fatalf("stage 2 loadings %v (br60 must carry the pocket's 87 MW)", s2)
	}

	n := cascadeNetwork(t, c)
	e, err := cascade.New(n, cascade.Options{Models: map[network.Sector]flow.Factory{network.Power: power.Options{}.Factory}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Damage, Target: flowtest.Link(t, n, "br68"), Link: true}}})
	if err != nil {
		t.Fatal(err)
	}
	trips := linkTrips(r)
	want := []string{
		fmt.Sprintf("1h1m br62 %.4f", s1[62]),
		fmt.Sprintf("1h1m br60 %.4f", s2[60]),
	}
	if !slices.Equal(trips, want) {
		t.Fatalf("trips %v, want %v", trips, want)
	}
	// The pocket is dark, everything else delivers.
	for i := range n.Components() {
		id := n.ComponentID(i)
		dark := id == "bus43" || id == "bus44" || id == "bus45"
		if r.Delivering(i) == dark {
			t.Errorf("%s delivering = %v at the end", id, r.Delivering(i))
		}
	}
	// Served power demand: all of it until 1h1m, then 87 MW less.
	var series *cascade.Series
	for k := range r.Series {
		if r.Series[k].Sector == network.Power {
			series = &r.Series[k]
		}
	}
	last := series.Points[len(series.Points)-1]
	if lost := float64(series.TotalDemand-last.Demand) / network.DemandScale; last.Time != sim.Hour+sim.Minute || math.Abs(lost-87) > 1e-6 {
		t.Errorf("last point %+v: %.6f MW lost at %v, want 87 MW at 1h1m", last, lost, last.Time)
	}
	// The chain of bus 44 reads back to the damage, trip by trip.
	ch, ok := r.Explain(flowtest.Component(t, n, "bus44"), 2*sim.Hour)
	if !ok {
		t.Fatal("no chain for bus44")
	}
	text := ch.String()
	order := []string{"bus44", "link br60 tripped at once at 249% of its rating", "link br62 tripped at 126% of its rating", "link br68: damage"}
	pos := 0
	for _, s := range order {
		k := strings.Index(text[pos:], s)
		if k < 0 {
			t.Fatalf("chain lacks %q after position %d:\n%s", s, pos, text)
		}
		pos += k + len(s)
	}
	t.Logf("chain of bus44:\n%s", text)
}

// TestCascadeHeatWave: heat-wave derating is a SetFactor impact on a
// line's rating (its link capacity factor). Halving br62's 55 MW rating
// puts its 33.80 MW intact flow at 33.80 / 27.5 = 1.23 (stage 0 above):
// it trips after the 60 s delay; without it (stageLoadings) br60 and br63
// stay below their ratings, so nothing else trips and every bus is served.
func TestCascadeHeatWave(t *testing.T) {
	c := loadCase118(t)
	s0, after := stageLoadings(t, c), stageLoadings(t, c, 62)
	if after[60] >= 1 || after[63] >= 1 {
		t.Fatalf("loadings without br62: %v", after)
	}
	n := cascadeNetwork(t, c)
	e, err := cascade.New(n, cascade.Options{Models: map[network.Sector]flow.Factory{network.Power: power.Options{}.Factory}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.SetFactor, Param: hazard.Rating, Factor: 0.5, Target: flowtest.Link(t, n, "br62"), Link: true}}})
	if err != nil {
		t.Fatal(err)
	}
	trips := linkTrips(r)
	if want := []string{fmt.Sprintf("1h1m br62 %.4f", s0[62]*2)}; !slices.Equal(trips, want) {
		t.Fatalf("trips %v, want %v", trips, want)
	}
	for i := range n.Components() {
		if !r.Delivering(i) {
			t.Errorf("%s not delivering", n.ComponentID(i))
		}
	}
}

// TestSingularIslandEndsTheRun: buses a and z joined by three lines of
// reactance 0.1, −0.1 and 0.2 p.u. have a susceptance of 10 − 10 + 5 = 5
// p.u. intact, so the model builds; with the 0.2 line damaged at 1 h the
// two others cancel (10 − 10 = 0), the island's matrix is singular, and
// the engine ends the run with the model's error, the result incomplete.
func TestSingularIslandEndsTheRun(t *testing.T) {
	b := power.CancellingBuilder(network.Link{ID: "l3", Kind: network.KindLine, From: "a", To: "z", Reactance: 0.2})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	e, err := cascade.New(n, cascade.Options{Models: map[network.Sector]flow.Factory{network.Power: power.Options{}.Factory}})
	if err != nil {
		t.Fatal(err)
	}
	l3 := flowtest.Link(t, n, "l3")
	r, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{{Time: sim.Hour, Kind: hazard.Damage, Target: l3, Link: true}}})
	if !errors.Is(err, power.ErrSingular) || !strings.Contains(err.Error(), "sector power") {
		t.Fatalf("error %v, want one wrapping power.ErrSingular naming the sector", err)
	}
	if r == nil || r.Complete || r.End != sim.Hour {
		t.Fatalf("result %+v, want the partial result up to 1h", r)
	}
}
