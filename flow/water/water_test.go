package water_test

import (
	"context"
	"errors"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/flowtest"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format/epanet"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// net is a small water network built from compact descriptions.
type net struct {
	t     *testing.T
	b     *network.Builder
	built *network.Network
}

func newNet(t *testing.T) *net { return &net{t: t, b: network.NewBuilder()} }

func (w *net) comp(id string, kind network.Kind, demand, storage float64) *net {
	role := network.RoleTransit
	switch {
	case kind == network.KindReservoir || kind == network.KindTank || kind == network.KindTreatmentPlant:
		role = network.RoleSource
	case demand > 0:
		role = network.RoleConsumer
	}
	w.b.AddComponent(network.Component{ID: id, Sector: network.Water, Kind: kind, Role: role, Demand: demand, Storage: storage})
	return w
}

func (w *net) pipe(id, from, to string, directed bool) *net {
	kind := network.KindPipe
	if directed {
		kind = network.KindValve
	}
	w.b.AddLink(network.Link{ID: id, Kind: kind, From: from, To: to, Directed: directed})
	return w
}

func (w *net) build() *network.Network {
	w.t.Helper()
	n, err := w.b.Build()
	if err != nil {
		w.t.Fatal(err)
	}
	w.built = n
	return n
}

func (w *net) c(id string) int32 { w.t.Helper(); return flowtest.Component(w.t, w.built, id) }

func (w *net) l(id string) int32 { w.t.Helper(); return flowtest.Link(w.t, w.built, id) }

func waterModel(t *testing.T, n *network.Network, opts water.Options) (*water.Model, network.SectorIndex) {
	t.Helper()
	s := flowtest.Sector(t, n, network.Water)
	m, err := water.New(n, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	return m, s
}

// tankLine: reservoir R – A – T – B – C, with a 9000 m³ tank T; A, B and C
// demand 0.25, 0.125 and 0.125 m³/s (dyadic numbers: every sum below is
// exact in binary floating point).
func tankLine(t *testing.T) *net {
	w := newNet(t).
		comp("R", network.KindReservoir, 0, 0).
		comp("A", network.KindJunction, 0.25, 0).
		comp("T", network.KindTank, 0, 9000).
		comp("B", network.KindJunction, 0.125, 0).
		comp("C", network.KindJunction, 0.125, 0).
		pipe("RA", "R", "A", false).pipe("AT", "A", "T", false).pipe("TB", "T", "B", false).pipe("BC", "B", "C", false)
	w.build()
	return w
}

func flowOf(w *net, out *flow.Verdict, id string) float64 { return out.StockFlow[w.c(id)] }

// TestTankOutflows: the outflows tankLine's model reports to the engine.
// Intact, T is connected and refills at its 9000 m³ over DefaultRefill
// (24 h): −9000/86400 m³/s. Pipe A–T broken: T alone serves B and C and
// drains 0.125 + 0.125 = 0.25 m³/s. Run dry (the engine's Depleted flag):
// B and C go unserved and T's outflow is 0. Repaired while dry: T refills
// again and everything is served.
func TestTankOutflows(t *testing.T) {
	w := tankLine(t)
	n := w.built
	m, s := waterModel(t, n, water.Options{})
	if got := m.Tanks(); !slices.Equal(got, []int32{w.c("T")}) {
		t.Fatalf("tanks %v", got)
	}
	st := network.NewState(n)
	var out *flow.Verdict
	serve := func() {
		out = flowtest.Evaluate(t, m, st)
		if !slices.Equal(out.Stocks, []int32{w.c("T")}) {
			t.Fatalf("stocks %v, want [T]", out.Stocks)
		}
	}
	refill := -9000.0 / 86400
	for _, tc := range []struct {
		name   string
		setup  func()
		served []string
		q      float64
	}{
		{"intact", func() {}, []string{"R", "A", "T", "B", "C"}, refill},
		{"cut off", func() { st.SetLink(w.l("AT"), network.Damaged) }, []string{"R", "A", "T", "B", "C"}, 0.25},
		{"dry", func() { st.Set(w.c("T"), network.Depleted) }, []string{"R", "A"}, 0},
		{"repaired while dry", func() { st.ClearLink(w.l("AT"), network.Damaged) }, []string{"R", "A", "T", "B", "C"}, refill},
		{"tank damaged", func() { st.Reset(); st.Set(w.c("T"), network.Damaged) }, []string{"R", "A"}, 0},
	} {
		tc.setup()
		serve()
		if got := flowtest.Served(n, s, out); !slices.Equal(got, tc.served) {
			t.Errorf("%s: served %v, want %v", tc.name, got, tc.served)
		}
		if q := flowOf(w, out, "T"); q != tc.q {
			t.Errorf("%s: outflow %v m³/s, want %v", tc.name, q, tc.q)
		}
	}
	// The demand factor (a heat wave) raises what the tank must give.
	st.Reset()
	st.SetLink(w.l("AT"), network.Damaged)
	st.SetDemandFactor(w.c("B"), 1.5)
	serve()
	if q := flowOf(w, out, "T"); q != 0.125*1.5+0.125 {
		t.Errorf("heat wave: outflow %v, want 0.3125", q)
	}
}

// TestTanksShareDemand: two tanks T1 and T2 (shareNet) cut from the
// reservoir by a break of the main, serving B (0.25 m³/s) and C
// (0.125 m³/s) on the line T1 – B – T2 – C. Hand derivations:
//   - all pipes open both ways: each tank reaches B and C, so each drains
//     (0.25 + 0.125)/2 = 0.1875; when T2 runs dry, T1 alone drains 0.375
//     and still serves C, because water passes the dry tank's node;
//   - B–T2 a check valve T2 → B: T1 reaches B only, T2 reaches B and C;
//     T1 drains 0.25/2 = 0.125, T2 drains 0.25/2 + 0.125 = 0.25 (the sum
//     0.375 is the demand served); when T2 runs dry, T1 drains 0.25 and C
//     goes dry.
func TestTanksShareDemand(t *testing.T) {
	for _, tc := range []struct {
		name             string
		checkValve       bool
		q1, q2, q1Alone  float64
		servedAfterEmpty []string
	}{
		{"open", false, 0.1875, 0.1875, 0.375, []string{"R", "T1", "B", "T2", "C"}},
		{"check valve", true, 0.125, 0.25, 0.25, []string{"R", "T1", "B"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := shareNet(t, tc.checkValve)
			n := w.built
			m, s := waterModel(t, n, water.Options{})
			st := network.NewState(n)
			var out *flow.Verdict
			out = flowtest.Evaluate(t, m, st)
			if q1, q2 := flowOf(w, out, "T1"), flowOf(w, out, "T2"); q1 != -1000.0/86400 || q2 != q1 {
				t.Fatalf("intact: outflows %v, %v; want both refilling at 1000/86400", q1, q2)
			}
			st.SetLink(w.l("RM"), network.Damaged)
			out = flowtest.Evaluate(t, m, st)
			if q1, q2 := flowOf(w, out, "T1"), flowOf(w, out, "T2"); q1 != tc.q1 || q2 != tc.q2 {
				t.Fatalf("outflows %v, %v; want %v, %v", q1, q2, tc.q1, tc.q2)
			}
			st.Set(w.c("T2"), network.Depleted)
			out = flowtest.Evaluate(t, m, st)
			if q1, q2 := flowOf(w, out, "T1"), flowOf(w, out, "T2"); q1 != tc.q1Alone || q2 != 0 {
				t.Fatalf("after T2 dry: outflows %v, %v; want %v, 0", q1, q2, tc.q1Alone)
			}
			if got := flowtest.Served(n, s, out); !slices.Equal(got, tc.servedAfterEmpty) {
				t.Fatalf("served %v, want %v", got, tc.servedAfterEmpty)
			}
		})
	}
}

// shareNet: reservoir R feeds junction M through the main RM; fill lines
// (check valves M → T1 and M → T2) fill two 1000 m³ tanks, which serve B
// and C on the line T1 – B – T2 – C; B–T2 is a check valve T2 → B when
// checkValve is set.
func shareNet(t *testing.T, checkValve bool) *net {
	w := newNet(t).
		comp("R", network.KindReservoir, 0, 0).
		comp("M", network.KindJunction, 0, 0).
		comp("T1", network.KindTank, 0, 1000).
		comp("B", network.KindJunction, 0.25, 0).
		comp("T2", network.KindTank, 0, 1000).
		comp("C", network.KindJunction, 0.125, 0).
		pipe("RM", "R", "M", false).pipe("fill1", "M", "T1", true).pipe("fill2", "M", "T2", true).
		pipe("T1B", "T1", "B", false).pipe("T2C", "T2", "C", false)
	if checkValve {
		w.pipe("T2B", "T2", "B", true)
	} else {
		w.pipe("BT2", "B", "T2", false)
	}
	w.build()
	return w
}

// TestPressureZones: a high zone H fed by reservoir R drops through a PRV
// (directed H→L) into a low zone L with tank T. Cutting R's main leaves H
// dry even though T still holds water: a PRV passes water downhill only.
// Cutting the PRV instead leaves L on its tank.
func TestPressureZones(t *testing.T) {
	w := newNet(t).
		comp("R", network.KindReservoir, 0, 0).
		comp("H", network.KindJunction, 0.1, 0).
		comp("L", network.KindJunction, 0.1, 0).
		comp("T", network.KindTank, 0, 500).
		pipe("RH", "R", "H", false).pipe("PRV", "H", "L", true).pipe("LT", "L", "T", false)
	w.build()
	n := w.built
	m, s := waterModel(t, n, water.Options{})
	st := network.NewState(n)
	var out *flow.Verdict
	st.SetLink(w.l("RH"), network.Damaged)
	out = flowtest.Evaluate(t, m, st)
	if got := flowtest.Served(n, s, out); !slices.Equal(got, []string{"R", "L", "T"}) {
		t.Fatalf("main cut: served %v, want [R L T] (the reservoir serves itself)", got)
	}
	if q := flowOf(w, out, "T"); q != 0.1 {
		t.Fatalf("tank outflow %v, want 0.1 (L only)", q)
	}
	st.Reset()
	st.SetLink(w.l("PRV"), network.Damaged)
	out = flowtest.Evaluate(t, m, st)
	if got := flowtest.Served(n, s, out); !slices.Equal(got, []string{"R", "H", "L", "T"}) {
		t.Fatalf("PRV cut: served %v", got)
	}
}

// TestNet1 imports EPANET's Net1 (testdata copy) and checks the element
// counts of the file: 9 junctions, 1 reservoir, 1 tank and 1 pump
// (12 components); 12 pipes and the pump's two connection links (14 links).
// With pump 9 down, tank 2 alone serves the 9 junctions; through the
// engine they run dry together. Hand derivation from the file: the demands
// add up to 150·4 + 100·3 + 200 = 1100 GPM = 1100 × 6.30901964e-5 =
// 0.06939921604 m³/s; the usable volume is
// π/4 · (50.5 ft)² · (120 − 100 ft) = 40059.23 ft³ = 1134.351 m³; the
// tank runs dry after 1134.351 ÷ 0.0693992 = 16345.3 s ≈ 4 h 32 min.
func TestNet1(t *testing.T) {
	n, err := epanet.Import(os.DirFS("../../network/format/epanet/testdata"), "Net1.inp", epanet.Options{})
	if err != nil {
		t.Fatal(err)
	}
	count := map[network.Kind]int{}
	for i := range n.Components() {
		count[n.ComponentKind(i)]++
	}
	for l := range n.Links() {
		count[n.LinkKind(l)]++
	}
	want := map[network.Kind]int{network.KindJunction: 9, network.KindReservoir: 1, network.KindTank: 1,
		network.KindPump: 1, network.KindPipe: 12, network.KindConnection: 2}
	for k, v := range want {
		if count[k] != v {
			t.Errorf("%s: %d, want %d", k, count[k], v)
		}
	}
	if n.NumComponents() != 12 || n.NumLinks() != 14 {
		t.Errorf("%d components, %d links; want 12, 14", n.NumComponents(), n.NumLinks())
	}

	m, s := waterModel(t, n, water.Options{})
	st := network.NewState(n)
	var out *flow.Verdict
	out = flowtest.Evaluate(t, m, st)
	if got := flowtest.Served(n, s, out); len(got) != 12 {
		t.Fatalf("intact: served %v", got)
	}
	pump := flowtest.Component(t, n, "9:pump")
	st.Set(pump, network.Unsupplied)
	out = flowtest.Evaluate(t, m, st)
	served := flowtest.Served(n, s, out)
	if want := []string{"10", "11", "12", "13", "21", "22", "23", "31", "32", "9", "2"}; !slices.Equal(served, want) {
		t.Fatalf("pump down: served %v, want %v", served, want)
	}
	tank := flowtest.Component(t, n, "2")
	if q, want := out.StockFlow[tank], 1100*6.30901964e-5; math.Abs(q-want) > 1e-12 {
		t.Fatalf("tank 2 outflow %v m³/s, want %v", q, want)
	}
	if v, want := n.Storage(tank), 1134.351; math.Abs(v-want) > 0.001 {
		t.Fatalf("tank 2 volume %v m³, want %v", v, want)
	}

	// Through the engine: pump 9 damaged at 1 h, every junction is dry
	// 16345.3 s later.
	e, err := cascade.New(n, cascade.Options{Models: map[network.Sector]flow.Factory{network.Water: water.Options{}.Factory}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Damage, Target: pump, State: network.DamageComplete}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"10", "11", "12", "13", "21", "22", "23", "31", "32"} {
		dry := res.Outages(flowtest.Component(t, n, id))
		if len(dry) != 1 || dry[0][1] != -1 || math.Abs(float64(dry[0][0]-sim.Hour-16345300*sim.Millisecond)) > float64(50*sim.Millisecond) {
			t.Fatalf("junction %s dry %v, want from 1h + 16345.3 s on", id, dry)
		}
	}
	if l := res.StockLevel(tank); l != 0 {
		t.Errorf("tank 2 holds %v m³ at the end, want 0", l)
	}
}

func TestOptions(t *testing.T) {
	for _, o := range []water.Options{{Refill: -1}, {Refill: -sim.Hour}, {Refill: 2e6 * sim.Hour}} {
		if err := o.Validate(); !errors.Is(err, water.ErrOptions) {
			t.Errorf("%+v: %v, want ErrOptions", o, err)
		}
		if _, err := o.Factory(tankLine(t).built, 0); !errors.Is(err, water.ErrOptions) {
			t.Errorf("factory %+v: %v", o, err)
		}
	}
	w := tankLine(t)
	m, _ := waterModel(t, w.built, water.Options{Refill: 2 * sim.Hour})
	if got := m.Refill(0); got != 9000.0/7200 {
		t.Errorf("refill %v, want 1.25 m³/s", got)
	}
	w = newNet(t).comp("T", network.KindTank, 0, 100)
	w.b.AddComponent(network.Component{ID: "T2", Sector: network.Water, Kind: network.KindTank, Storage: 100,
		Params: map[network.Param]float64{network.ParamRefillM3s: 0.5}})
	w.build()
	m, _ = waterModel(t, w.built, water.Options{})
	if a, b := m.Refill(0), m.Refill(1); a != 100.0/86400 || b != 0.5 {
		t.Errorf("refill %v, %v; want 100/86400 and the parameter's 0.5", a, b)
	}
}

func TestConformance(t *testing.T) {
	city, err := synth.City(synth.CityParams{Seed: 3, Components: 400})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []*network.Network{tankLine(t).built, city} {
		flowtest.Run(t, n, map[string]flow.Factory{"water": water.Options{}.Factory})
	}
}

// TestPumpZones: the model on twoZones (engine_test.go): reservoir R feeds
// J0, pump PA lifts into zone A (A1, A2), pump PB into zone B (B1, B2 and
// the 3600 m³ tank TB); pumps are one-way (directed connections in and
// out), every junction demands 0.1 m³/s. Hand derivations:
//   - intact: everything served; TB refills at 3600/86400 m³/s;
//   - PA without power (Unsupplied): zone A dry, PA itself unserved;
//   - PB damaged: zone B on TB, which drains B1 + B2 = 0.2 m³/s;
//   - the main R–J0 cut with both pumps working: TB cannot feed J0
//     backwards through PB, so J0 and zone A are dry and TB drains only
//     zone B's 0.2 m³/s; R serves itself;
//   - and TB dry (Depleted): only R is left.
func TestPumpZones(t *testing.T) {
	w := twoZones(t)
	n := w.built
	m, s := waterModel(t, n, water.Options{})
	st := network.NewState(n)
	var out *flow.Verdict
	all := []string{"R", "J0", "PA", "A1", "A2", "PB", "B1", "B2", "TB"}
	for _, tc := range []struct {
		name   string
		edit   func()
		served []string
		q      float64
	}{
		{"intact", func() {}, all, -3600.0 / 86400},
		{"PA without power", func() { st.Set(w.c("PA"), network.Unsupplied) },
			[]string{"R", "J0", "PB", "B1", "B2", "TB"}, -3600.0 / 86400},
		{"PB damaged", func() { st.Set(w.c("PB"), network.Damaged) },
			[]string{"R", "J0", "PA", "A1", "A2", "B1", "B2", "TB"}, 0.2},
		{"main cut", func() { st.SetLink(w.l("RJ0"), network.Damaged) },
			[]string{"R", "B1", "B2", "TB"}, 0.2},
		{"main cut, TB dry", func() { st.SetLink(w.l("RJ0"), network.Damaged); st.Set(w.c("TB"), network.Depleted) },
			[]string{"R"}, 0},
	} {
		st.Reset()
		tc.edit()
		out = flowtest.Evaluate(t, m, st)
		if got := flowtest.Served(n, s, out); !slices.Equal(got, tc.served) {
			t.Errorf("%s: served %v, want %v", tc.name, got, tc.served)
		}
		if q := flowOf(w, out, "TB"); math.Abs(q-tc.q) > 1e-15 {
			t.Errorf("%s: TB outflow %v m³/s, want %v", tc.name, q, tc.q)
		}
	}
}

// TestCuts: which elements the model names for a lost member, on
// tankLine (R – A – T – B – C, T holding water). Pipe T–B broken: B and C
// lose water; their region {B, C} holds no tank, and T–B, the only arc
// into it, failed with its tail T fed from R: both cite link T–B. T–B
// repaired and R–A broken: T serves A, B and C, so nothing is lost and
// nothing is cited. T run dry: A, B, C and T itself (a dry tank cut off
// from R) lose water, but they were served by the tank alone, so the
// model names no cut (the engine cites the sector's cause).
func TestCuts(t *testing.T) {
	w := tankLine(t)
	n := w.built
	m, _ := waterModel(t, n, water.Options{})
	st := network.NewState(n)
	out := &flow.Output{}
	if err := m.Serve(st, &flow.Changes{All: true}, out); err != nil {
		t.Fatal(err)
	}
	step := func(comps, links []int32) (lost []string, cuts map[string][]string) {
		t.Helper()
		out.Reset()
		if err := m.Serve(st, &flow.Changes{Components: comps, Links: links}, out); err != nil {
			t.Fatal(err)
		}
		for _, v := range out.Served {
			if v.V == 0 {
				lost = append(lost, n.ComponentID(v.I))
			}
		}
		cuts = map[string][]string{}
		for _, c := range out.Cut {
			for _, x := range out.CutElements[c.Start:c.End] {
				name := "link " + n.LinkID(^x)
				if x >= 0 {
					name = n.ComponentID(x)
				}
				cuts[n.ComponentID(c.I)] = append(cuts[n.ComponentID(c.I)], name)
			}
		}
		slices.Sort(lost)
		return lost, cuts
	}
	tb, ra, tk := w.l("TB"), w.l("RA"), w.c("T")
	st.SetLink(tb, network.Damaged)
	lost, cuts := step(nil, []int32{tb})
	want := map[string][]string{"B": {"link TB"}, "C": {"link TB"}}
	if !slices.Equal(lost, []string{"B", "C"}) || len(cuts) != 2 || !slices.Equal(cuts["B"], want["B"]) || !slices.Equal(cuts["C"], want["C"]) {
		t.Errorf("T–B broken: lost %v, cuts %v; want [B C] and %v", lost, cuts, want)
	}
	st.ClearLink(tb, network.Damaged)
	st.SetLink(ra, network.Damaged)
	if lost, cuts := step(nil, []int32{tb, ra}); len(lost) != 0 || len(cuts) != 0 {
		t.Errorf("R–A broken, T full: lost %v, cuts %v; want none", lost, cuts)
	}
	st.Set(tk, network.Depleted)
	if lost, cuts := step([]int32{tk}, nil); !slices.Equal(lost, []string{"A", "B", "C", "T"}) || len(cuts) != 0 {
		t.Errorf("T run dry: lost %v, cuts %v; want [A B C T] and no cut", lost, cuts)
	}
}
