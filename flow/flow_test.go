package flow_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/flowtest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
)

// line builds a power chain G–a–b–c with an isolated island d–e (no source)
// and a directed spur a→f.
func line(t *testing.T) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	for _, id := range []string{"G", "a", "b", "c", "d", "e", "f"} {
		role := network.RoleConsumer
		if id == "G" {
			role = network.RoleSource
		}
		b.AddComponent(network.Component{ID: id, Sector: network.Power, Role: role, Demand: 1})
	}
	for _, l := range [][2]string{{"G", "a"}, {"a", "b"}, {"b", "c"}, {"d", "e"}} {
		b.AddLink(network.Link{ID: l[0] + l[1], From: l[0], To: l[1]})
	}
	b.AddLink(network.Link{ID: "af", From: "a", To: "f", Directed: true})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func served(_ *network.Network, m flow.Model, st *network.State) []float64 {
	v, err := flow.Evaluate(m, st)
	if err != nil {
		panic(err)
	}
	return v.Served
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestConnectivity(t *testing.T) {
	n := line(t)
	st := network.NewState(n)
	m := must(flow.NewConnectivity(n, 0))
	// Intact: G, a, b, c and the spur f are served; the island d–e is dark.
	if got := served(n, m, st); !slices.Equal(got, []float64{1, 1, 1, 1, 0, 0, 1}) {
		t.Fatalf("intact %v", got)
	}
	// Link a–b fails: b and c are cut off.
	st.SetLink(1, network.Damaged)
	if got := served(n, m, st); !slices.Equal(got, []float64{1, 1, 0, 0, 0, 0, 1}) {
		t.Fatalf("a–b down %v", got)
	}
	st.Reset()
	// a fails: it is unserved, and so is everything behind it, f included.
	st.Set(1, network.Damaged)
	if got := served(n, m, st); !slices.Equal(got, []float64{1, 0, 0, 0, 0, 0, 0}) {
		t.Fatalf("a down %v", got)
	}
}

func TestDirectedLinkCarriesOneWay(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "x", Sector: network.Water})
	b.AddComponent(network.Component{ID: "R", Sector: network.Water, Role: network.RoleSource})
	b.AddLink(network.Link{ID: "xR", From: "x", To: "R", Directed: true})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if got := served(n, must(flow.NewConnectivity(n, 0)), network.NewState(n)); got[0] != 0 {
		t.Fatalf("x is upstream of the source and must not be served: %v", got)
	}
}

func TestGiantComponent(t *testing.T) {
	n := line(t)
	st := network.NewState(n)
	out := must(flow.Evaluate(must(flow.NewGiantComponent(n, 0)), st))
	// Clusters: {G,a,b,c,f} (5) and {d,e} (2).
	if !slices.Equal(out.Served, []float64{1, 1, 1, 1, 0, 0, 1}) || !slices.Equal(out.Trip, []int32{4, 5}) {
		t.Fatalf("served %v trip %v", out.Served, out.Trip)
	}
}

func TestBetweennessPath(t *testing.T) {
	// Path a–b–c: b lies on the shortest paths (a,c) and (c,a): load 2.
	// Star centre with 3 leaves: 3·2 = 6 ordered pairs.
	b := network.NewBuilder()
	for _, id := range []string{"a", "b", "c", "h", "l1", "l2", "l3"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Power})
	}
	for _, l := range [][2]string{{"a", "b"}, {"b", "c"}, {"h", "l1"}, {"h", "l2"}, {"h", "l3"}} {
		b.AddLink(network.Link{ID: l[0] + l[1], From: l[0], To: l[1]})
	}
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	load := make([]float64, n.NumComponents())
	network.NewBrandes(n).Sector(0, network.NewState(n), load)
	if !slices.Equal(load, []float64{0, 2, 0, 6, 0, 0, 0}) {
		t.Fatalf("loads %v", load)
	}
}

// TestConformance runs flowtest's suite on the package's models, on the
// small line, on a synthetic city of 400 components (every sector: power,
// water, roads, telecom, facilities) and on an Erdős–Rényi graph of 300
// nodes with mean degree 1.5, just above the percolation threshold: many
// clusters, no directed link, so GiantComponent takes its decremental
// path whenever only components are damaged.
func TestConformance(t *testing.T) {
	city, err := synth.City(synth.CityParams{Seed: 3, Components: 400})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []*network.Network{line(t), city, erGraph(t, 300, 1.5, 1)} {
		flowtest.Run(t, n, map[string]flow.Factory{
			"connectivity": flow.ConnectivityFactory,
			"giant":        flow.GiantComponentFactory,
			"overload":     flow.OverloadFactory(0.2),
			"standalone":   flow.StandaloneFactory,
		})
	}
}

// path3 builds the path a–b–c in one sector.
func path3(t *testing.T) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	for _, id := range []string{"a", "b", "c"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Power})
	}
	b.AddLink(network.Link{ID: "ab", From: "a", To: "b"})
	b.AddLink(network.Link{ID: "bc", From: "b", To: "c"})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBetweennessEndpoints(t *testing.T) {
	// Path a–b–c with endpoints counted: a starts 2 paths and ends 2 (4);
	// b starts 2, ends 2 and carries (a,c),(c,a) (6).
	n := path3(t)
	load := make([]float64, 3)
	br := network.NewBrandes(n)
	br.Endpoints = true
	br.Sector(0, network.NewState(n), load)
	if !slices.Equal(load, []float64{4, 6, 4}) {
		t.Fatalf("loads %v", load)
	}
}

// TestGiantDecrementalEqualsFull removes random components step by step
// from Erdős–Rényi graphs near and above the percolation threshold and
// checks that a model updating its verdict decrementally agrees with a
// fresh model computing it from scratch, served fractions and trips alike.
func TestGiantDecrementalEqualsFull(t *testing.T) {
	for _, k := range []float64{1.2, 2, 4} {
		for seed := range uint64(4) {
			n := erGraph(t, 3000, k, seed)
			st := network.NewState(n)
			kept := flowtest.NewSession(must(flow.NewGiantComponent(n, 0)), n, 0)
			rng := rand.New(rand.NewPCG(seed, 7))
			for step := range 40 {
				for range 1 + rng.IntN(60) {
					st.Set(int32(rng.IntN(n.NumComponents())), network.Removed)
				}
				a, _ := must3(kept.Step(st))
				b := must(flow.Evaluate(must(flow.NewGiantComponent(n, 0)), st))
				if !slices.Equal(a.Served, b.Served) || !slices.Equal(a.Trip, b.Trip) {
					t.Fatalf("k=%v seed=%d step %d: decremental verdict differs from a full search", k, seed, step)
				}
				for _, i := range a.Trip { // the engine latches the trips
					st.Set(i, network.Tripped)
				}
			}
		}
	}
}

func erGraph(t *testing.T, n int, k float64, seed uint64) *network.Network {
	t.Helper()
	l := synth.ErdosRenyi(n, k, seed)
	b := network.NewBuilder()
	for i := range n {
		b.AddComponent(network.Component{ID: fmt.Sprint(i), Sector: "layer"})
	}
	for e := range l.From {
		b.AddLink(network.Link{ID: fmt.Sprint("e", e), From: fmt.Sprint(l.From[e]), To: fmt.Sprint(l.To[e])})
	}
	net, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return net
}

func TestCustomModelConformance(t *testing.T) {
	n := feeder()
	flowtest.Run(t, n, map[string]flow.Factory{
		"capped": func(n *network.Network, s network.SectorIndex) (flow.Model, error) {
			conn, err := flow.NewConnectivity(n, s)
			if err != nil {
				return nil, err
			}
			return flow.FromWhole(n, s, capped{conn: conn})
		},
	})
}

// TestGiantUnlatchedCluster: a path g1–g2–g3–g4–g5 and a path c1–c2–c3–c4.
// Intact, the 5-path is the giant and the model asks to trip c1…c4; the
// caller does not latch them. With g3 removed the 5-path falls into two
// pairs, so the giant is the 4-path: c1…c4 served, g1, g2, g4, g5 tripped,
// from a used model as from a fresh one. (A decremental update of the
// last verdict, which assumed the trips latched, kept g1–g2.)
func TestGiantUnlatchedCluster(t *testing.T) {
	b := network.NewBuilder()
	for _, id := range []string{"g1", "g2", "g3", "g4", "g5", "c1", "c2", "c3", "c4"} {
		b.AddComponent(network.Component{ID: id, Sector: "layer"})
	}
	for _, l := range [][2]string{{"g1", "g2"}, {"g2", "g3"}, {"g3", "g4"}, {"g4", "g5"}, {"c1", "c2"}, {"c2", "c3"}, {"c3", "c4"}} {
		b.AddLink(network.Link{ID: l[0] + l[1], From: l[0], To: l[1]})
	}
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	st := network.NewState(n)
	used := flowtest.NewSession(must(flow.NewGiantComponent(n, 0)), n, 0)
	out, _ := must3(used.Step(st))
	if !slices.Equal(out.Trip, []int32{5, 6, 7, 8}) {
		t.Fatalf("intact: trips %v, want c1…c4", out.Trip)
	}
	st.Set(flowtest.Component(t, n, "g3"), network.Removed)
	for name, m := range map[string]*flowtest.Session{"used": used, "fresh": flowtest.NewSession(must(flow.NewGiantComponent(n, 0)), n, 0)} {
		out, _ := must3(m.Step(st))
		if want := []float64{0, 0, 0, 0, 0, 1, 1, 1, 1}; !slices.Equal(out.Served, want) || !slices.Equal(out.Trip, []int32{0, 1, 3, 4}) {
			t.Errorf("%s model: served %v, trips %v; want %v and g1, g2, g4, g5", name, out.Served, out.Trip, want)
		}
	}
}

// TestOverloadTolerance: α must be finite and ≥ 0 (NewOverload's doc);
// with α = 0.5 the capacities are 1.5 × the intact loads, which on the
// path a–b–c with endpoints counted are 4, 6, 4 (TestBetweennessEndpoints).
func TestOverloadTolerance(t *testing.T) {
	n := line(t)
	for _, alpha := range []float64{-1, math.NaN(), math.Inf(1)} {
		if _, err := flow.NewOverload(n, 0, alpha); err == nil {
			t.Errorf("alpha %v accepted", alpha)
		}
	}
	path := path3(t)
	o, err := flow.NewOverload(path, 0, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{6, 9, 6} {
		if got := o.Capacity(int32(i)); got != want {
			t.Errorf("capacity of %s %v, want %v", path.ComponentID(int32(i)), got, want)
		}
	}
}

// TestConnectivityGrowthEqualsFull damages and repairs random components and
// links of a synthetic city step by step (repairs alone in half the steps,
// so restorations run on their own) and checks that a model updating its
// forest agrees with a fresh model's full search in every sector.
func TestConnectivityGrowthEqualsFull(t *testing.T) {
	n, err := synth.City(synth.CityParams{Components: 1500, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	st := network.NewState(n)
	kept := map[network.SectorIndex]*flowtest.Session{}
	for s := range n.Sectors() {
		kept[s] = flowtest.NewSession(must(flow.NewConnectivity(n, s)), n, s)
	}
	rng := rand.New(rand.NewPCG(3, 3))
	var downC, downL []int32
	for step := range 200 {
		if step%2 == 0 { // damage a few
			for range 1 + rng.IntN(8) {
				i := int32(rng.IntN(n.NumComponents()))
				st.Set(i, network.Damaged)
				downC = append(downC, i)
				l := int32(rng.IntN(n.NumLinks()))
				st.SetLink(l, network.Damaged)
				downL = append(downL, l)
			}
		} else { // repair some: growth only
			for range 1 + rng.IntN(8) {
				if len(downC) > 0 {
					k := rng.IntN(len(downC))
					st.Clear(downC[k], network.Damaged)
					downC = append(downC[:k], downC[k+1:]...)
				}
				if len(downL) > 0 {
					k := rng.IntN(len(downL))
					st.ClearLink(downL[k], network.Damaged)
					downL = append(downL[:k], downL[k+1:]...)
				}
			}
		}
		for s := range n.Sectors() {
			a, _ := must3(kept[s].Step(st))
			b := must(flow.Evaluate(must(flow.NewConnectivity(n, s)), st))
			for _, i := range n.SectorMembers(s) {
				if a.Served[i] != b.Served[i] {
					t.Fatalf("step %d sector %d: %s served %v, a full search says %v", step, s, n.ComponentID(i), a.Served[i], b.Served[i])
				}
			}
		}
	}
}

func must3[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

// outOfRange reports a component the network does not have.
type outOfRange struct{}

func (outOfRange) Name() string { return "outOfRange" }

func (outOfRange) Serve(_ *network.State, _ *flow.Changes, out *flow.Output) error {
	out.Served = append(out.Served, flow.Value{I: 1 << 20, V: 1})
	return nil
}

// TestEvaluateOutOfRange: Evaluate returns an error, not a panic, for a
// report naming a component the network does not have.
func TestEvaluateOutOfRange(t *testing.T) {
	n := network.NewBuilder()
	n.AddComponent(network.Component{ID: "G", Sector: network.Power, Role: network.RoleSource})
	net, err := n.Build()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := flow.Evaluate(outOfRange{}, network.NewState(net)); err == nil || !strings.Contains(err.Error(), "flow: Evaluate of outOfRange: Served lists index 1048576, out of range") {
		t.Errorf("err = %v", err)
	}
}
