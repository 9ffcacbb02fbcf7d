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
	out := flow.NewOutput(n)
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
		mm.Serve(n, s, st, out)
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
	out := flow.NewOutput(n)
	m.Serve(n, s, st, out)
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
		m.Serve(n, s, st, out)
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
	m.Serve(n, s, st, flow.NewOutput(n))
	if m.Q() != 1 {
		t.Errorf("Q = %v, want 1", m.Q())
	}
	// Shelters only: the hospital is tracked but not counted.
	m, _ = roadModel(t, n, roads.Options{Kinds: []network.Kind{network.KindShelter}})
	m.Serve(n, s, st, flow.NewOutput(n))
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
		flowtest.Run(t, n, map[string]flow.Factory{"roads": roads.Factory(roads.Options{})})
	}
}
