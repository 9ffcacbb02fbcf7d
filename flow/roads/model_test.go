package roads_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/flowtest"
	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

func roadModel(t *testing.T, n *network.Network, opts roads.Options) (*roads.Model, network.SectorIndex) {
	t.Helper()
	s := flowtest.Sector(t, n, network.Transport)
	m, err := roads.New(n, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	return m, s
}

// TestAccess judges riverGrid's two zones. Hand derivation:
//   - representatives: zone W's only population (houses-W, 300 people) is
//     at (0, −1 km), nearest road member d; zone E's (houses-E, 100) at
//     (2 km, −2 km), nearest i. Zone populations 300 and 100 (Q's
//     denominator 400).
//   - normal times to the hospital's gate f: d → f = 7 min (d–a–b–c–f and
//     d–g–h–i–f tie), i → f = 2 min; the threshold is 2 × 7 = 14 min for W.
//   - north bridge closed: d → f = 7 via the south bridge: Q = 1;
//     and the south bridge flooded to factor 0.125 (8 min):
//     d → f = 1 + 3 + 8 + 2 = 14, exactly 2×, still reached: Q = 1;
//     factor 0.1 (10 min): 16 > 14, W loses access: Q = 100/400 = 0.25
//     and its representative d is unserved; with Threshold 3 (21 min) W
//     keeps it;
//   - the gate f damaged: nobody reaches the hospital: Q = 0.
func TestAccess(t *testing.T) {
	n := riverGrid(t)
	m, s := roadModel(t, n, roads.Options{})
	if zones, reps := m.Zones(); len(zones) != 2 || !slices.Equal(flowtest.IDs(n, reps), []string{"d", "i"}) {
		t.Fatalf("representatives %v, want [d i]", flowtest.IDs(n, reps))
	}
	if got := flowtest.IDs(n, m.Facilities()); !slices.Equal(got, []string{"H"}) {
		t.Fatalf("facilities %v", got)
	}
	if d, i := m.NormalTime(0, 0), m.NormalTime(1, 0); d != mins(7) || i != mins(2) {
		t.Fatalf("normal times %v, %v; want 7m, 2m", d, i)
	}
	north, south := flowtest.Link(t, n, "north"), flowtest.Link(t, n, "south")
	st := network.NewState(n)
	used := flowtest.NewSession(m, n, s)
	var out *flow.Verdict
	for _, tc := range []struct {
		name      string
		setup     func()
		threshold float64
		q         float64
		reached   int64
		unserved  []string
	}{
		{"intact", func() {}, 0, 1, 400, nil},
		{"north closed", func() { st.SetLink(north, network.Damaged) }, 0, 1, 400, nil},
		{"south at 0.125", func() { st.SetLinkFactor(south, 0.125) }, 0, 1, 400, nil},
		{"south at 0.1", func() { st.SetLinkFactor(south, 0.1) }, 0, 0.25, 100, []string{"d"}},
		{"south at 0.1, threshold 3", func() {}, 3, 1, 400, nil},
		{"both closed", func() { st.SetLink(south, network.Suspended) }, 0, 0.25, 100, []string{"d"}},
		{"gate damaged", func() { st.Reset(); st.Set(flowtest.Component(t, n, "f"), network.Damaged) }, 0, 0, 0, []string{"d", "f", "i"}},
	} {
		tc.setup()
		mm := m
		if tc.threshold != 0 {
			mm, _ = roadModel(t, n, roads.Options{Threshold: tc.threshold})
		}
		out = serveUsed(t, used, mm, st)
		reached, total := mm.Service()
		if mm.Q() != tc.q || reached != tc.reached || total != 400 {
			t.Errorf("%s: Q = %v (%d of %d), want %v (%d of 400)", tc.name, mm.Q(), reached, total, tc.q, tc.reached)
		}
		if r, _ := mm.Access(0); r != tc.reached {
			t.Errorf("%s: access to H %d, want %d", tc.name, r, tc.reached)
		}
		if got := flowtest.Unserved(n, s, out); !slices.Equal(got, tc.unserved) {
			t.Errorf("%s: unserved %v, want %v", tc.name, got, tc.unserved)
		}
	}
}

// TestAccessClosedGate: zone E represented by the hospital's gate f
// itself (Centroids), so its normal time is 0 and it reaches H intact.
// With f damaged, or suspended by a flood, or at factor 0, no route
// enters, crosses or leaves f: nobody reaches the hospital, zone E
// included (as in TestAccess, where E is represented by i): Q = 0 of 400,
// and f, a non-functional or closed representative, is unserved. (The
// model counted E's 100 people as reaching H: the reverse tree's root has
// time 0 whatever its state.)
func TestAccessClosedGate(t *testing.T) {
	n := riverGrid(t)
	m, s := roadModel(t, n, roads.Options{Centroids: map[string]string{"E": "f"}})
	f := flowtest.Component(t, n, "f")
	st := network.NewState(n)
	flowtest.Evaluate(t, m, st)
	if r, tot := m.Service(); r != 400 || tot != 400 {
		t.Fatalf("intact: %d of %d reach H, want 400 of 400", r, tot)
	}
	for _, tc := range []struct {
		name     string
		close    func()
		unserved []string
	}{
		{"damaged", func() { st.Set(f, network.Damaged) }, []string{"d", "f"}},
		{"suspended", func() { st.Set(f, network.Suspended) }, []string{"d", "f"}},
		{"factor 0", func() { st.SetFactor(f, 0) }, []string{"d", "f"}},
	} {
		st.Reset()
		tc.close()
		out := flowtest.Evaluate(t, m, st)
		if r, tot := m.Service(); r != 0 || tot != 400 {
			t.Errorf("gate %s: %d of %d reach H, want 0 of 400", tc.name, r, tot)
		}
		if r, _ := m.Access(0); r != 0 {
			t.Errorf("gate %s: access to H %d, want 0", tc.name, r)
		}
		if got := flowtest.Unserved(n, s, out); !slices.Equal(got, tc.unserved) {
			t.Errorf("gate %s: unserved %v, want %v", tc.name, got, tc.unserved)
		}
	}
}

func TestAccessOptions(t *testing.T) {
	n := riverGrid(t)
	// Centroid a for W: normal a → f = 6 min (a–b–c–f); north closed,
	// a–d–g–h–i–f = 8 ≤ 12.
	m, s := roadModel(t, n, roads.Options{Centroids: map[string]string{"W": "a"}})
	if _, reps := m.Zones(); !slices.Equal(flowtest.IDs(n, reps), []string{"a", "i"}) {
		t.Fatalf("representatives %v", flowtest.IDs(n, reps))
	}
	if d := m.NormalTime(0, 0); d != mins(6) {
		t.Fatalf("normal a → f %v, want 6m", d)
	}
	st := network.NewState(n)
	st.SetLink(flowtest.Link(t, n, "north"), network.Damaged)
	flowtest.Evaluate(t, m, st)
	if m.Q() != 1 {
		t.Errorf("Q = %v, want 1", m.Q())
	}
	// Shelters only: the hospital is tracked but not counted.
	m, _ = roadModel(t, n, roads.Options{Kinds: []network.Kind{network.KindShelter}})
	flowtest.Evaluate(t, m, st)
	if r, tot := m.Service(); r != 0 || tot != 400 {
		t.Errorf("shelters: %d of %d, want 0 of 400", r, tot)
	}
	if r, _ := m.Access(0); r != 400 {
		t.Errorf("shelters: access to H %d, want 400", r)
	}
	for _, o := range []roads.Options{{Threshold: 0.5}, {Threshold: -1}, {Centroids: map[string]string{"W": "H"}},
		{Centroids: map[string]string{"nowhere": "a"}}} {
		if _, err := roads.New(n, s, o); !errors.Is(err, roads.ErrOptions) {
			t.Errorf("%+v: %v, want ErrOptions", o, err)
		}
	}
}

func TestConformance(t *testing.T) {
	city, err := synth.City(synth.CityParams{Seed: 3, Components: 400})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []*network.Network{riverGrid(t), city} {
		flowtest.Run(t, n, map[string]flow.Factory{"roads": roads.Options{}.Factory})
	}
}

// TestNearestFacility adds two hospitals to riverGrid: H2 with its gate
// at g and H3 at a (facilities H, H2, H3 in that order). Hand derivation
// (times in minutes, from TestAccess's grid):
//   - intact: zone W (representative d) has d → g = d → a = 1, d → f = 7,
//     so its nearest time is 1 and its limit 2; zone E (i) has i → f = 2
//     (i → g = i–h–g = 4, i → a = 6), nearest 2, limit 4. Q = 400/400.
//   - g damaged (H2's gate closes): W's nearest open hospital is H3,
//     d → a = 1 ≤ 2: W still reaches care, Q = 1.
//   - and link a–d damaged: from d only d–e (3) leads on; then e–b (2)
//     gives a at 8 and c at 6, f at 8; e–h (2) gives i at 6, f at 8. The
//     nearest hospital is 8 > 2 away: W loses care, d is unserved, Q =
//     100/400. Per facility (Access) W still reaches H (8 ≤ 2 × 7) but
//     not H3 (8 > 2 × 1); E reaches H (2 ≤ 4) and H3 (i–h–e–b–a = 8 ≤
//     2 × 6): Access = 400, 0 (H2's gate is closed), 100.
//   - a–d repaired (a reopening that shortens): d → a = 1 again, Q = 1.
//   - g repaired: nothing moves, Q = 1.
//
// Each state is judged by the model that served the ones before it and
// by a fresh model; both must give the hand values.
func TestNearestFacility(t *testing.T) {
	b := riverGridBuilder()
	for _, h := range [][2]string{{"H2", "g"}, {"H3", "a"}} {
		b.AddComponent(network.Component{ID: h[0], Sector: "health", Kind: network.KindHospital, Critical: true, Access: h[1], Zone: "W"})
	}
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	m, s := roadModel(t, n, roads.Options{})
	if got := flowtest.IDs(n, m.Facilities()); !slices.Equal(got, []string{"H", "H2", "H3"}) {
		t.Fatalf("facilities %v", got)
	}
	g, ad := flowtest.Component(t, n, "g"), flowtest.Link(t, n, "ad")
	st := network.NewState(n)
	used := flowtest.NewSession(m, n, s)
	for _, tc := range []struct {
		name     string
		change   func()
		reached  int64
		nearestW sim.Time
		access   [3]int64
		unserved []string
	}{
		{"intact", func() {}, 400, mins(1), [3]int64{400, 400, 400}, nil},
		{"g damaged", func() { st.Set(g, network.Damaged) }, 400, mins(1), [3]int64{400, 0, 400}, []string{"g"}},
		{"a-d damaged", func() { st.SetLink(ad, network.Damaged) }, 100, mins(8), [3]int64{400, 0, 100}, []string{"d", "g"}},
		{"a-d repaired", func() { st.ClearLink(ad, network.Damaged) }, 400, mins(1), [3]int64{400, 0, 400}, []string{"g"}},
		{"g repaired", func() { st.Clear(g, network.Damaged) }, 400, mins(1), [3]int64{400, 400, 400}, nil},
	} {
		tc.change()
		fresh, _ := roadModel(t, n, roads.Options{})
		for _, mm := range []*roads.Model{m, fresh} {
			out := serveUsed(t, used, mm, st)
			if r, tot := mm.Service(); r != tc.reached || tot != 400 {
				t.Errorf("%s: %d of %d reach care, want %d of 400", tc.name, r, tot, tc.reached)
			}
			if now, normal := mm.Nearest(0); now != tc.nearestW || normal != mins(1) {
				t.Errorf("%s: W's nearest hospital %v (intact %v), want %v (1m)", tc.name, now, normal, tc.nearestW)
			}
			for k, want := range tc.access {
				if r, _ := mm.Access(k); r != want {
					t.Errorf("%s: access to facility %d %d, want %d", tc.name, k, r, want)
				}
			}
			if got := flowtest.Unserved(n, s, out); !slices.Equal(got, tc.unserved) {
				t.Errorf("%s: unserved %v, want %v", tc.name, got, tc.unserved)
			}
		}
	}
}

// TestNearestClosedRepresentative: zone W represented by H2's gate g
// itself (Centroids), so its nearest time is 0 and its limit 0. Closing
// g (factor 0, functional but impassable) closes the root: W reaches no
// care even though it sits at a hospital's gate, and nothing else
// within 0 min, so Q = 100/400 and g is unserved. Slowing g (factor 0.5)
// leaves the root open at time 0: Q = 1. Reopening g restores Q = 1.
func TestNearestClosedRepresentative(t *testing.T) {
	b := riverGridBuilder()
	b.AddComponent(network.Component{ID: "H2", Sector: "health", Kind: network.KindHospital, Critical: true, Access: "g", Zone: "W"})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	m, s := roadModel(t, n, roads.Options{Centroids: map[string]string{"W": "g"}})
	g := flowtest.Component(t, n, "g")
	st := network.NewState(n)
	used := flowtest.NewSession(m, n, s)
	for _, tc := range []struct {
		name     string
		factor   float64
		reached  int64
		unserved []string
	}{
		{"intact", 1, 400, nil},
		{"g closed", 0, 100, []string{"g"}},
		{"g slowed", 0.5, 400, nil},
		{"g closed again", 0, 100, []string{"g"}},
		{"g reopened", 1, 400, nil},
	} {
		st.SetFactor(g, tc.factor)
		fresh, _ := roadModel(t, n, roads.Options{Centroids: map[string]string{"W": "g"}})
		for _, mm := range []*roads.Model{m, fresh} {
			out := serveUsed(t, used, mm, st)
			if r, _ := mm.Service(); r != tc.reached {
				t.Errorf("%s: %d reach care, want %d", tc.name, r, tc.reached)
			}
			if got := flowtest.Unserved(n, s, out); !slices.Equal(got, tc.unserved) {
				t.Errorf("%s: unserved %v, want %v", tc.name, got, tc.unserved)
			}
		}
	}
}

// TestServeAfterRouterLoad: a caller that loads the model's Router with
// a state of its own must not leave the model judging from stale times.
// Serve the intact riverGrid (Q = 1), load the Router with the north
// bridge closed and the south one at factor 0.1, then Serve that state:
// by TestAccess's derivation, Q = 100/400.
func TestServeAfterRouterLoad(t *testing.T) {
	n := riverGrid(t)
	m, s := roadModel(t, n, roads.Options{})
	st := network.NewState(n)
	sess := flowtest.NewSession(m, n, s)
	if _, _, err := sess.Step(st); err != nil {
		t.Fatal(err)
	}
	st.SetLink(flowtest.Link(t, n, "north"), network.Damaged)
	st.SetLinkFactor(flowtest.Link(t, n, "south"), 0.1)
	m.Router().Load(st)
	if _, _, err := sess.Step(st); err != nil {
		t.Fatal(err)
	}
	if r, tot := m.Service(); r != 100 || tot != 400 {
		t.Errorf("%d of %d reach care, want 100 of 400", r, tot)
	}
}

// serveUsed serves mm on st: incrementally through used (with the changes
// since its last step) when mm is used's model, from scratch otherwise.
func serveUsed(t *testing.T, used *flowtest.Session, mm *roads.Model, st *network.State) *flow.Verdict {
	t.Helper()
	if used.Model() != flow.Model(mm) {
		return flowtest.Evaluate(t, mm, st)
	}
	v, _, err := used.Step(st)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
