package power

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/flowtest"
	"github.com/lifeline-sim/lifeline/internal/testenv"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format/matpower"
	"github.com/lifeline-sim/lifeline/network/synth"
)

// caseModel converts c to a network and builds the model of its power
// sector.
func caseModel(t testing.TB, c *matpower.Case) (*network.Network, network.SectorIndex, *Model) {
	t.Helper()
	n, err := c.Network(matpower.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, m := powerModel(t, n)
	return n, s, m
}

// powerModel builds the model of n's power sector with default options.
func powerModel(t testing.TB, n *network.Network) (network.SectorIndex, *Model) {
	t.Helper()
	s := flowtest.Sector(t, n, network.Power)
	m, err := New(n, s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s, m
}

// checkIntact serves the intact network and compares the model with
// SolveMatpower (itself checked against the references): angles, flows,
// dispatch, full service and loadings = |Pf| ÷ RATE_A. It returns the
// largest differences.
func checkIntact(t *testing.T, c *matpower.Case) (dVa, dPf, dPg float64) {
	t.Helper()
	sol, err := SolveMatpower(c)
	if err != nil {
		t.Fatal(err)
	}
	n, _, m := caseModel(t, c)
	out := flowtest.Evaluate(t, m, network.NewState(n))
	for i, bus := range c.Bus {
		b := flowtest.Component(t, n, fmt.Sprintf("bus%d", bus.BusI))
		va, ok := m.Angle(b)
		if !ok {
			t.Fatalf("bus %d has no angle", bus.BusI)
		}
		dVa = max(dVa, math.Abs(va-sol.Va[i]))
		if out.Served[b] != 1 {
			t.Fatalf("bus %d served %v in the intact network", bus.BusI, out.Served[b])
		}
	}
	for k, br := range c.Branch {
		l := flowtest.Link(t, n, fmt.Sprintf("br%d", k+1))
		dPf = max(dPf, math.Abs(m.Flow(l)-sol.Pf[k]))
		want := 0.0
		if br.RateA > 0 && br.InService() {
			want = math.Abs(sol.Pf[k]) / br.RateA
		}
		if math.Abs(out.Loading[l]-want) > 1e-9 {
			t.Fatalf("branch %d: loading %v, want %v", k+1, out.Loading[l], want)
		}
	}
	for k := range c.Gen {
		dPg = max(dPg, math.Abs(m.Dispatch(flowtest.Component(t, n, fmt.Sprintf("gen%d", k+1)))-sol.Pg[k]))
	}
	return dVa, dPf, dPg
}

// TestModelIntactIsMatpower: on every reference case, the sector model of
// the imported network, intact, reproduces MATPOWER's single-slack DC
// power flow (SolveMatpower, which matches the reference CSVs of
// testdata/reference to 5e-11) to round-off.
func TestModelIntactIsMatpower(t *testing.T) {
	for _, name := range referenceCases {
		t.Run(name, func(t *testing.T) {
			dVa, dPf, dPg := checkIntact(t, loadCase(t, name))
			t.Logf("model vs SolveMatpower: |dVa| %.2g deg, |dPf| %.2g MW, |dPg| %.2g MW", dVa, dPf, dPg)
			if dVa > 1e-9 || dPf > 1e-9 || dPg > 1e-9 {
				t.Errorf("|dVa| %g deg, |dPf| %g MW, |dPg| %g MW", dVa, dPf, dPg)
			}
		})
	}
}

// TestSharedModelIntact: the same on case300 and case_ACTIVSg2000 (shared
// data; SolveMatpower is cross-checked there by TestSharedDense).
func TestSharedModelIntact(t *testing.T) {
	for _, name := range []string{"case300", "case_ACTIVSg2000"} {
		t.Run(name, func(t *testing.T) {
			dVa, dPf, dPg := checkIntact(t, parseCase(t, testenv.SharedFile(t, "power/"+name+".m")))
			t.Logf("model vs SolveMatpower: |dVa| %.2g deg, |dPf| %.2g MW, |dPg| %.2g MW", dVa, dPf, dPg)
			if dVa > 1e-9 || dPf > 1e-9 || dPg > 1e-9 {
				t.Errorf("|dVa| %g deg, |dPf| %g MW, |dPg| %g MW", dVa, dPf, dPg)
			}
		})
	}
}

// TestModelConformance runs flowtest's suite on imported cases: case30,
// case118 (parallel branches, 54 generators), and JuliaGrid's stress cases
// (phase shifters, taps, branches out of service).
func TestModelConformance(t *testing.T) {
	for _, name := range []string{"case30", "case118", "juliagrid_case14test", "juliagrid_case30test"} {
		n, err := loadCase(t, name).Network(matpower.Options{})
		if err != nil {
			t.Fatal(err)
		}
		flowtest.Run(t, n, map[string]flow.Factory{"dc": Options{}.Factory})
	}
}

// triangle builds the hand-checked 3-bus network of the model tests: buses
// b1 (reference, type 3), b2 and b3 (100 MW load) joined pairwise by lines
// of x = 0.1 pu (100 MVA base) rated 100 MW (param rate_b 200 MW);
// generator g1 at b1 (PG 60, PMAX 100) and g2 at b2 (PG 40, PMAX 50),
// both PMIN 0, on zero-impedance connections.
func triangle(t testing.TB) (*network.Network, network.SectorIndex) {
	t.Helper()
	b := network.NewBuilder()
	b.SetAttr(network.ParamBaseMVA, 100)
	b.AddComponent(network.Component{ID: "b1", Sector: network.Power, Kind: network.KindBus, Params: map[network.Param]float64{network.ParamBusType: 3}})
	b.AddComponent(network.Component{ID: "b2", Sector: network.Power, Kind: network.KindBus})
	b.AddComponent(network.Component{ID: "b3", Sector: network.Power, Kind: network.KindBus, Role: network.RoleConsumer, Demand: 100})
	for _, g := range []struct {
		id, bus  string
		pg, pmax float64
	}{{"g1", "b1", 60, 100}, {"g2", "b2", 40, 50}} {
		b.AddComponent(network.Component{ID: g.id, Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource,
			Capacity: g.pmax, Params: map[network.Param]float64{network.ParamPgMW: g.pg, network.ParamPmaxMW: g.pmax}})
		b.AddLink(network.Link{ID: g.id + ":" + g.bus, Kind: network.KindConnection, From: g.id, To: g.bus})
	}
	for _, l := range [][2]string{{"b1", "b2"}, {"b2", "b3"}, {"b1", "b3"}} {
		b.AddLink(network.Link{ID: l[0] + "-" + l[1], Kind: network.KindLine, From: l[0], To: l[1], Reactance: 0.1,
			Rating: 100, Params: map[network.Param]float64{"rate_b": 200}})
	}
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	s, _ := n.SectorIndexOf(network.Power)
	return n, s
}

// TestModelTriangle checks islands, balancing and shedding on the
// triangle against values derived by hand (the comments give the
// derivation; b = 1/x = 10 pu on every line).
func TestModelTriangle(t *testing.T) {
	n, s := triangle(t)
	_, m := powerModel(t, n)
	st := network.NewState(n)
	var out *flow.Verdict
	c := func(id string) int32 { return flowtest.Component(t, n, id) }
	l := func(id string) int32 { return flowtest.Link(t, n, id) }
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %.12g, want %.12g", what, got, want)
		}
	}
	run := func(name string, edit func(), check func()) {
		t.Run(name, func(t *testing.T) {
			st.Reset()
			edit()
			out = flowtest.Evaluate(t, m, st)
			check()
		})
	}
	// Intact: injections +0.6, +0.4, −1 pu with θ1 = 0 give θ3 = −0.8/15,
	// θ2 = −0.1/15: flows 1→2 = 100/15 = 6.667, 1→3 = 800/15 = 53.333,
	// 2→3 = 700/15 = 46.667 MW.
	run("intact", func() {}, func() {
		near("flow b1-b2", m.Flow(l("b1-b2")), 100.0/15)
		near("flow b1-b3", m.Flow(l("b1-b3")), 800.0/15)
		near("flow b2-b3", m.Flow(l("b2-b3")), 700.0/15)
		near("loading b1-b3", out.Loading[l("b1-b3")], 800.0/15/100)
		near("g1", m.Dispatch(c("g1")), 60)
		near("g1 connection flow", m.Flow(l("g1:b1")), 60)
	})
	// g1 lost: g2 alone, at most 50 MW for 100 MW of load: b3 is served
	// 50 %. g2 becomes the reference (b1 has no generator left); 50 MW from
	// b2 to b3 split 2:1 between the direct line (x) and the path through b1
	// (2x): 2→3 = 33.333, 1→3 = 16.667, 1→2 = −16.667 MW.
	run("generator lost", func() { st.Set(c("g1"), network.Damaged) }, func() {
		near("served b3", out.Served[c("b3")], 0.5)
		near("served b1", out.Served[c("b1")], 1)
		near("served g1", out.Served[c("g1")], 0)
		near("g2", m.Dispatch(c("g2")), 50)
		near("flow b2-b3", m.Flow(l("b2-b3")), 100.0/3)
		near("flow b1-b3", m.Flow(l("b1-b3")), 50.0/3)
		near("flow b1-b2", m.Flow(l("b1-b2")), -50.0/3)
		if va, _ := m.Angle(c("b2")); va != 0 {
			t.Errorf("angle of the new reference b2 = %v, want its case angle 0", va)
		}
	})
	// b3 at half capacity draws 50 MW: 50 MW surplus shared by footroom
	// (60 and 40 MW above PMIN 0): g1 60 − 30 = 30, g2 40 − 20 = 20 MW.
	run("demand halved", func() { st.SetFactor(c("b3"), 0.5) }, func() {
		near("g1", m.Dispatch(c("g1")), 30)
		near("g2", m.Dispatch(c("g2")), 20)
		near("served b3", out.Served[c("b3")], 1)
	})
	// A heat wave raises b3's demand to 120 MW: 20 MW short, shared by
	// headroom (40 MW on g1, 10 on g2): g1 60 + 16 = 76, g2 40 + 4 = 44.
	run("demand raised", func() { st.SetDemandFactor(c("b3"), 1.2) }, func() {
		near("g1", m.Dispatch(c("g1")), 76)
		near("g2", m.Dispatch(c("g2")), 44)
		near("served b3", out.Served[c("b3")], 1)
	})
	// Doubled to 200 MW, beyond the 150 MW of both generators at PMAX:
	// b3 is served 150/200 = 0.75.
	run("demand beyond generation", func() { st.SetDemandFactor(c("b3"), 2) }, func() {
		near("g1", m.Dispatch(c("g1")), 100)
		near("g2", m.Dispatch(c("g2")), 50)
		near("served b3", out.Served[c("b3")], 0.75)
		near("flow b1-b3 + b2-b3", m.Flow(l("b1-b3"))+m.Flow(l("b2-b3")), 150)
	})
	// g1 derated to half: 50 MW at most, 10 MW short, taken by headroom:
	// g1 has none left, g2 has 10 MW: g2 = 50 MW.
	run("generator derated", func() { st.SetFactor(c("g1"), 0.5) }, func() {
		near("g1", m.Dispatch(c("g1")), 50)
		near("g2", m.Dispatch(c("g2")), 50)
		near("served b3", out.Served[c("b3")], 1)
	})
	// b3 cut off: dark (served 0); the rest has no load, so both
	// generators go to PMIN 0 and no line carries flow.
	run("load bus islanded", func() {
		st.SetLink(l("b1-b3"), network.Damaged)
		st.SetLink(l("b2-b3"), network.Damaged)
	}, func() {
		near("served b3", out.Served[c("b3")], 0)
		near("served b2", out.Served[c("b2")], 1)
		near("g1", m.Dispatch(c("g1")), 0)
		near("g2", m.Dispatch(c("g2")), 0)
		near("flow b1-b2", m.Flow(l("b1-b2")), 0)
		near("loading b1-b3", out.Loading[l("b1-b3")], 0)
	})
	// Heat-wave derating: the link factor halves the rating of b1-b3.
	run("link derated", func() { st.SetLinkFactor(l("b1-b3"), 0.5) }, func() {
		near("loading b1-b3", out.Loading[l("b1-b3")], 800.0/15/50)
	})
	// A non-functional bus takes its branches with it: b2 damaged leaves
	// b1-b3 alone; g2 is cut off (its own island, no load: 0 MW) and g1
	// serves the 100 MW through b1-b3.
	run("bus damaged", func() { st.Set(c("b2"), network.Damaged) }, func() {
		near("flow b1-b3", m.Flow(l("b1-b3")), 100)
		near("flow b2-b3", m.Flow(l("b2-b3")), 0)
		near("g1", m.Dispatch(c("g1")), 100)
		near("g2", m.Dispatch(c("g2")), 0)
		near("served b3", out.Served[c("b3")], 1)
		near("served b2", out.Served[c("b2")], 0)
		if _, ok := m.Angle(c("b2")); ok {
			t.Error("a damaged bus has an angle")
		}
	})
	// Rating from a parameter.
	mb, err := New(n, s, Options{RatingParam: "rate_b"})
	if err != nil {
		t.Fatal(err)
	}
	st.Reset()
	out = flowtest.Evaluate(t, mb, st)
	near("loading b1-b3 on rate_b", out.Loading[l("b1-b3")], 800.0/15/200)
}

// TestModelSwitch: a switch (zero-impedance link) between two buses merges
// them; opening it splits the node and the model re-analyses the pattern.
// Hand check: g (100 MW) at s1, load 100 MW at x, lines s1-x and s2-x of
// equal reactance. Closed: s1 and s2 are one bus, 50 MW per line. Open:
// s2 is a dead end, all 100 MW on s1-x. Closed again: 50/50.
func TestModelSwitch(t *testing.T) {
	b := network.NewBuilder()
	for _, id := range []string{"s1", "s2", "x"} {
		c := network.Component{ID: id, Sector: network.Power, Kind: network.KindBus}
		if id == "x" {
			c.Role, c.Demand = network.RoleConsumer, 100
		}
		b.AddComponent(c)
	}
	b.AddComponent(network.Component{ID: "g", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource,
		Params: map[network.Param]float64{network.ParamPgMW: 100}})
	b.AddLink(network.Link{ID: "g:s1", Kind: network.KindConnection, From: "g", To: "s1"})
	b.AddLink(network.Link{ID: "sw", Kind: network.KindSwitch, From: "s1", To: "s2"})
	b.AddLink(network.Link{ID: "s1-x", Kind: network.KindLine, From: "s1", To: "x", Reactance: 0.05})
	b.AddLink(network.Link{ID: "s2-x", Kind: network.KindLine, From: "s2", To: "x", Reactance: 0.05})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	_, m := powerModel(t, n)
	st, out := network.NewState(n), (*flow.Verdict)(nil)
	sw, a, bb := flowtest.Link(t, n, "sw"), flowtest.Link(t, n, "s1-x"), flowtest.Link(t, n, "s2-x")
	for _, tc := range []struct {
		open   bool
		fa, fb float64
	}{{false, 50, 50}, {true, 100, 0}, {false, 50, 50}} {
		if tc.open {
			st.SetLink(sw, network.Damaged)
		} else {
			st.ClearLink(sw, network.Damaged)
		}
		out = flowtest.Evaluate(t, m, st)
		if math.Abs(m.Flow(a)-tc.fa) > 1e-9 || math.Abs(m.Flow(bb)-tc.fb) > 1e-9 {
			t.Errorf("switch open=%v: flows %v, %v; want %v, %v", tc.open, m.Flow(a), m.Flow(bb), tc.fa, tc.fb)
		}
		if out.Served[flowtest.Component(t, n, "x")] != 1 {
			t.Errorf("switch open=%v: x not served", tc.open)
		}
	}
}

// matpowerIslanded returns a copy of c with the given branches out, the
// given buses isolated (type 4) and every generator's PG set to the
// model's dispatch: MATPOWER's statement of the islanded state the model
// solved.
func matpowerIslanded(t *testing.T, c *matpower.Case, n *network.Network, m *Model, out []int, cut map[int]bool) *matpower.Case {
	t.Helper()
	cc := *c
	cc.Bus, cc.Branch, cc.Gen = slices.Clone(c.Bus), slices.Clone(c.Branch), slices.Clone(c.Gen)
	for _, k := range out {
		cc.Branch[k].Status = 0
	}
	for i := range cc.Bus {
		if cut[cc.Bus[i].BusI] {
			cc.Bus[i].Type = 4
		}
	}
	for k := range cc.Gen {
		cc.Gen[k].Pg = m.Dispatch(flowtest.Component(t, n, fmt.Sprintf("gen%d", k+1)))
	}
	return &cc
}

// TestModelIslandsCase118 takes out case118 branches that island part of
// the grid (found by the N-1 screening: branch 7, 8-9, cuts off generator
// bus 10 with 450 MW and no load; and the branch of a radial load bus
// without a generator) and checks the model
// against MATPOWER's statement of the same state (matpowerIslanded): the
// cut buses isolated, the generators at the model's dispatch. The flows
// and angles must match, the slack must need no correction (each island
// balanced), the cut generation must be dispatched to 0, the main island
// must still serve all its load, and a cut load must be dark.
func TestModelIslandsCase118(t *testing.T) {
	c := loadCase(t, "case118")
	res, err := ScreenN1(c)
	if err != nil {
		t.Fatal(err)
	}
	// A radial load bus: a one-bus islanding outage whose bus has load and
	// no generator at all.
	deg, hasGen := map[int]int{}, map[int]bool{}
	for _, br := range c.Branch {
		deg[br.FBus]++
		deg[br.TBus]++
	}
	for _, g := range c.Gen {
		hasGen[g.Bus] = true
	}
	radial, far := -1, 0
	for _, is := range res.Islanding {
		br := c.Branch[is.Branch]
		end := br.TBus
		if deg[end] != 1 {
			end = br.FBus
		}
		if is.Buses == 1 && is.LoadMW > 0 && !hasGen[end] && radial < 0 {
			radial, far = is.Branch, end
		}
	}
	if radial < 0 {
		t.Fatal("no radial load bus in case118")
	}
	n, _, m := caseModel(t, c)
	st, out := network.NewState(n), (*flow.Verdict)(nil)
	for _, k := range []int{6, radial} {
		st.SetLink(flowtest.Link(t, n, fmt.Sprintf("br%d", k+1)), network.Damaged)
	}
	out = flowtest.Evaluate(t, m, st)
	cut := map[int]bool{9: true, 10: true, far: true}
	for bus := range cut {
		want := 1.0
		if bus == far {
			want = 0
		}
		if got := out.Served[flowtest.Component(t, n, fmt.Sprintf("bus%d", bus))]; got != want {
			t.Errorf("bus %d served %v, want %v", bus, got, want)
		}
	}
	g10 := -1
	for k, g := range c.Gen {
		if g.Bus == 10 {
			g10 = k
		}
	}
	if d := m.Dispatch(flowtest.Component(t, n, fmt.Sprintf("gen%d", g10+1))); d != 0 {
		t.Errorf("generator at bus 10 dispatched %v MW in an island without load", d)
	}
	sol, err := SolveMatpower(matpowerIslanded(t, c, n, m, []int{6, radial}, cut))
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for k := range c.Branch {
		worst = max(worst, math.Abs(m.Flow(flowtest.Link(t, n, fmt.Sprintf("br%d", k+1)))-sol.Pf[k]))
	}
	for i, bus := range c.Bus {
		if cut[bus.BusI] {
			continue
		}
		if out.Served[flowtest.Component(t, n, fmt.Sprintf("bus%d", bus.BusI))] != 1 {
			t.Errorf("bus %d of the main island not fully served", bus.BusI)
		}
		va, _ := m.Angle(flowtest.Component(t, n, fmt.Sprintf("bus%d", bus.BusI)))
		worst = max(worst, math.Abs(va-sol.Va[i]))
	}
	slack := sol.Slack[0]
	corr := math.Abs(sol.Pg[slack] - m.Dispatch(flowtest.Component(t, n, fmt.Sprintf("gen%d", slack+1))))
	t.Logf("branches 7 and %d out: max difference to MATPOWER %.2g, slack correction %.2g MW", radial+1, worst, corr)
	if worst > 1e-9 || corr > 1e-6 {
		t.Errorf("max difference %g, slack correction %g MW", worst, corr)
	}
}

// TestModelErrors: bad options and unsolvable networks are errors, not
// panics; a model asked about another network reports it through Err.
func TestModelErrors(t *testing.T) {
	n, s := triangle(t)
	if _, err := New(n, s, Options{RatingParam: " rate_b"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("spaced rating param: %v", err)
	}
	if _, err := New(n, s, Options{RatingParam: "rate_x"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown rating param: %v", err)
	}
	if _, err := New(n, 9, Options{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("missing sector: %v", err)
	}
	// Two lines of opposite reactance in parallel cancel: B is singular.
	b := cancellingBuilder()
	bad, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	bs, _ := bad.SectorIndexOf(network.Power)
	if _, err := New(bad, bs, Options{}); !errors.Is(err, ErrSingular) {
		t.Errorf("cancelling reactances: %v", err)
	}
	m, err := New(n, s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	other, _ := triangle(t)
	if err := m.Serve(network.NewState(other), &flow.Changes{All: true}, &flow.Output{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("Serve on another network: %v", err)
	}
}

// TestModelSyntheticCity runs the model on a synthetic city's grid, a
// network not imported from MATPOWER (network/synth: substations,
// generators on rated zero-impedance connections, radial feeders with
// normally-open ties). Its doc states that every line is rated RatingMargin
// (2) × its base-case DC flow, at least 1 MW, with Σ pg_mw equal to the
// load: so intact, every consumer is served and no loading exceeds 1/2. The
// conformance suite then runs on every sector of the city (the model must
// not misbehave on a sector without reactances or sources).
func TestModelSyntheticCity(t *testing.T) {
	n, err := synth.City(synth.CityParams{Seed: 4, Components: 1500})
	if err != nil {
		t.Fatal(err)
	}
	s, m := powerModel(t, n)
	out := flowtest.Evaluate(t, m, network.NewState(n))
	for _, i := range n.SectorMembers(s) {
		if out.Served[i] != 1 {
			t.Fatalf("%s served %v", n.ComponentID(i), out.Served[i])
		}
	}
	worst, rated := 0.0, 0
	for l := range n.Links() {
		if n.LinkSector(l) == s && n.Rating(l) > 1 && !n.OutOfService(l) {
			worst = max(worst, out.Loading[l])
			rated++
		}
	}
	t.Logf("%d rated links, max loading %.9f", rated, worst)
	if worst > 0.5+1e-6 || worst < 0.5-1e-6 {
		t.Errorf("max loading %v, want 1/RatingMargin = 0.5 (radial feeders are rated at exactly twice their flow)", worst)
	}
	flowtest.Run(t, n, map[string]flow.Factory{"dc": Options{}.Factory})
}

// twoAreas builds two areas joined by a tie line, every line of x = 0.1 pu
// (b = 10 pu on a 100 MVA base) and the generators on zero-impedance
// connections:
//
//	gA — a1 (type 3) — a2 (40 MW) — tie — b1 — b2 (60 MW)
//	                                        |
//	                                        gB
//
// gA: PG 80, PMIN 20, PMAX 120 MW; gB: PG 20, PMIN 0, PMAX 30 MW. The
// case balances (100 MW each way), so the base dispatch is PG. Ratings:
// a1–a2 100, tie 50, b1–b2 100 MW.
func twoAreas(t *testing.T) (*network.Network, network.SectorIndex) {
	t.Helper()
	b := network.NewBuilder()
	b.SetAttr(network.ParamBaseMVA, 100)
	b.AddComponent(network.Component{ID: "a1", Sector: network.Power, Kind: network.KindBus, Params: map[network.Param]float64{network.ParamBusType: 3}})
	b.AddComponent(network.Component{ID: "a2", Sector: network.Power, Kind: network.KindBus, Role: network.RoleConsumer, Demand: 40})
	b.AddComponent(network.Component{ID: "b1", Sector: network.Power, Kind: network.KindBus})
	b.AddComponent(network.Component{ID: "b2", Sector: network.Power, Kind: network.KindBus, Role: network.RoleConsumer, Demand: 60})
	for _, g := range []struct {
		id, bus        string
		pg, pmin, pmax float64
	}{{"gA", "a1", 80, 20, 120}, {"gB", "b1", 20, 0, 30}} {
		b.AddComponent(network.Component{ID: g.id, Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource,
			Params: map[network.Param]float64{network.ParamPgMW: g.pg, network.ParamPminMW: g.pmin, network.ParamPmaxMW: g.pmax}})
		b.AddLink(network.Link{ID: g.id + ":" + g.bus, Kind: network.KindConnection, From: g.id, To: g.bus})
	}
	for _, l := range []struct {
		id, from, to string
		rating       float64
	}{{"a1-a2", "a1", "a2", 100}, {"tie", "a2", "b1", 50}, {"b1-b2", "b1", "b2", 100}} {
		b.AddLink(network.Link{ID: l.id, Kind: network.KindLine, From: l.from, To: l.to, Reactance: 0.1, Rating: l.rating})
	}
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n, flowtest.Sector(t, n, network.Power)
}

// TestModelTwoAreas checks islanding, rebalancing within the generator
// limits and shedding on twoAreas against hand derivations (in the
// comments; the network is radial, so each flow is the power beyond it).
func TestModelTwoAreas(t *testing.T) {
	n, s := twoAreas(t)
	_, m := powerModel(t, n)
	c := func(id string) int32 { return flowtest.Component(t, n, id) }
	l := func(id string) int32 { return flowtest.Link(t, n, id) }
	st, out := network.NewState(n), (*flow.Verdict)(nil)
	for _, tc := range []struct {
		name   string
		edit   func()
		served map[string]float64 // members not listed are served 1
		disp   [2]float64         // gA, gB (MW)
		flows  [3]float64         // a1-a2, tie, b1-b2 (MW)
	}{
		// Balanced: a1→a2 carries a2's and b's 100 − 20 = 80 MW, the tie
		// the 40 MW b lacks, b1→b2 the 60 MW of b2.
		{"intact", func() {}, nil, [2]float64{80, 20}, [3]float64{80, 40, 60}},
		// Tie cut. Area A: 40 MW of load for gA's 80, a 40 MW surplus
		// within gA's footroom 80 − 20: gA = 40. Area B: 60 MW for gB's 20,
		// 40 MW short with 10 of headroom: gB at PMAX 30, b2 served
		// 30/60 = 0.5.
		{"tie cut", func() { st.SetLink(l("tie"), network.Damaged) },
			map[string]float64{"b2": 0.5}, [2]float64{40, 30}, [3]float64{40, 0, 30}},
		// And a2 at factor 0.1 (4 MW): the surplus 76 exceeds gA's footroom
		// 60; at PMIN 20 the surplus left, 20 − 4 = 16, curtails gA's
		// output proportionally: 20 − 16 = 4 MW.
		{"tie cut, a2 at 0.1", func() { st.SetLink(l("tie"), network.Damaged); st.SetFactor(c("a2"), 0.1) },
			map[string]float64{"b2": 0.5}, [2]float64{4, 30}, [3]float64{4, 0, 30}},
		// And gB derated to half: PMAX 15, b2 served 15/60 = 0.25.
		{"tie cut, gB at 0.5", func() { st.SetLink(l("tie"), network.Damaged); st.SetFactor(c("gB"), 0.5) },
			map[string]float64{"b2": 0.25}, [2]float64{40, 15}, [3]float64{40, 0, 15}},
		// gA lost: gB alone for 100 MW, at PMAX 30: every load served 0.3
		// (a2 draws 12 MW over the tie from b1, b2 18).
		{"gA lost", func() { st.Set(c("gA"), network.Damaged) },
			map[string]float64{"gA": 0, "a2": 0.3, "b2": 0.3}, [2]float64{0, 30}, [3]float64{0, -12, 18}},
		// b1 damaged: b2 is a dark island (no generator); gB hangs alone
		// on its connection, an island without load: 0 MW. Area A as with
		// the tie cut.
		{"b1 damaged", func() { st.Set(c("b1"), network.Damaged) },
			map[string]float64{"b1": 0, "b2": 0}, [2]float64{40, 0}, [3]float64{40, 0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st.Reset()
			tc.edit()
			out = flowtest.Evaluate(t, m, st)
			for _, i := range n.SectorMembers(s) {
				want, ok := tc.served[n.ComponentID(i)]
				if !ok {
					want = 1
				}
				if math.Abs(out.Served[i]-want) > 1e-12 {
					t.Errorf("%s served %v, want %v", n.ComponentID(i), out.Served[i], want)
				}
			}
			for k, g := range []string{"gA", "gB"} {
				if d := m.Dispatch(c(g)); math.Abs(d-tc.disp[k]) > 1e-9 {
					t.Errorf("%s dispatched %v MW, want %v", g, d, tc.disp[k])
				}
			}
			for k, id := range []string{"a1-a2", "tie", "b1-b2"} {
				if f := m.Flow(l(id)); math.Abs(f-tc.flows[k]) > 1e-9 {
					t.Errorf("flow %s = %v MW, want %v", id, f, tc.flows[k])
				}
			}
		})
	}
	// Angles with the tie cut: area B has no type-3 bus, so its reference
	// is gB's bus b1, held at its case angle 0; 30 MW over b1–b2 (b = 10
	// pu) put b2 at −0.3/10 rad = −0.03 · 180/π deg. Loading of b1–b2:
	// 30/100.
	st.Reset()
	st.SetLink(l("tie"), network.Damaged)
	out = flowtest.Evaluate(t, m, st)
	if va, ok := m.Angle(c("b1")); !ok || va != 0 {
		t.Errorf("angle of b1 %v (%v), want its case angle 0", va, ok)
	}
	if va, _ := m.Angle(c("b2")); math.Abs(va-(-0.03*180/math.Pi)) > 1e-9 {
		t.Errorf("angle of b2 %v deg, want %v", va, -0.03*180/math.Pi)
	}
	if ld := out.Loading[l("b1-b2")]; math.Abs(ld-0.3) > 1e-12 || out.Loading[l("tie")] != 0 {
		t.Errorf("loadings b1-b2 %v, tie %v; want 0.3 and 0", ld, out.Loading[l("tie")])
	}
}
