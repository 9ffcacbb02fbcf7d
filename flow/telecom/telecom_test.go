package telecom_test

import (
	"context"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/flowtest"
	"github.com/lifeline-sim/lifeline/flow/telecom"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// region: a central office CO (telecom source, on utility power PCO with a
// 24 h generator) and cell towers A, B and C, each on fiber to CO and on
// its own utility feed (PA, PB, PC: power sources) with a 4 h battery.
// A cooling plant K (sector "cooling") feeds tower C's shelter: a
// non-power requirement, without lag or buffer.
func region(t *testing.T) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	for _, p := range []string{"PCO", "PA", "PB", "PC"} {
		b.AddComponent(network.Component{ID: p, Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource})
	}
	b.AddComponent(network.Component{ID: "K", Sector: "cooling", Kind: network.KindNode})
	b.AddComponent(network.Component{ID: "CO", Sector: network.Telecom, Kind: network.KindCentralOffice, Role: network.RoleSource})
	b.AddRequirement(network.Requirement{Dependent: "CO", Providers: []string{"PCO"}, Buffer: 24 * sim.Hour})
	for _, id := range []string{"A", "B", "C"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Telecom, Kind: network.KindCellTower, Role: network.RoleConsumer,
			Demand: 1, Population: 1000})
		b.AddLink(network.Link{ID: "CO-" + id, Kind: network.KindFiber, From: "CO", To: id})
		b.AddRequirement(network.Requirement{Dependent: id, Providers: []string{"P" + id}, Buffer: 4 * sim.Hour})
	}
	b.AddRequirement(network.Requirement{Dependent: "C", Providers: []string{"K"}})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// flagsAt replays the change log up to and including time t.
func flagsAt(res *cascade.Result, t sim.Time) []network.Flags {
	f := make([]network.Flags, res.Network.NumComponents())
	for _, c := range res.Changes {
		if c.Time > t {
			break
		}
		if !c.Link {
			f[c.Entity] = c.New
		}
	}
	return f
}

// TestRegionSplit runs the region through the engine with the telecom
// model: PB fails at 1 h (B on its 4 h battery), tower A is damaged at
// 2 h, fiber CO–C is cut at 3 h (C loses backhaul), B's battery runs out
// at 1 h + 4 h = 5 h (no power); PB is repaired at 8 h, the fiber at 9 h,
// A at 10 h. Hand derivation of the split of the four sites (CO, A, B, C)
// on each interval, checked at its start and just before its end, by
// replaying Result.Changes and classifying:
func TestRegionSplit(t *testing.T) {
	n := region(t)
	tel, _ := n.SectorIndexOf(network.Telecom)
	fiberC := flowtest.Link(t, n, "CO-C")
	e, err := cascade.New(n, cascade.Options{Models: map[network.Sector]flow.Factory{network.Telecom: telecom.Options{}.Factory}})
	if err != nil {
		t.Fatal(err)
	}
	h := sim.Hour
	res, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: 1 * h, Kind: hazard.Damage, Target: flowtest.Component(t, n, "PB")},
		{Time: 2 * h, Kind: hazard.Damage, Target: flowtest.Component(t, n, "A")},
		{Time: 3 * h, Kind: hazard.Damage, Target: fiberC, Link: true},
		{Time: 8 * h, Kind: hazard.Repair, Target: flowtest.Component(t, n, "PB")},
		{Time: 9 * h, Kind: hazard.Repair, Target: fiberC, Link: true},
		{Time: 10 * h, Kind: hazard.Repair, Target: flowtest.Component(t, n, "A")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	split := func(up, backup, damaged, noPower, backhaul int) telecom.Split {
		var s telecom.Split
		s[telecom.Up], s[telecom.OnBackup], s[telecom.Damaged], s[telecom.NoPower], s[telecom.Backhaul] = up, backup, damaged, noPower, backhaul
		return s
	}
	for _, iv := range []struct {
		from, to sim.Time
		want     telecom.Split
	}{
		{0, 1 * h, split(4, 0, 0, 0, 0)},
		{1 * h, 2 * h, split(3, 1, 0, 0, 0)},   // B on battery
		{2 * h, 3 * h, split(2, 1, 1, 0, 0)},   // A damaged
		{3 * h, 5 * h, split(1, 1, 1, 0, 1)},   // C without backhaul
		{5 * h, 8 * h, split(1, 0, 1, 1, 1)},   // B's battery empty
		{8 * h, 9 * h, split(2, 0, 1, 0, 1)},   // PB repaired
		{9 * h, 10 * h, split(3, 0, 1, 0, 0)},  // fiber repaired
		{10 * h, 12 * h, split(4, 0, 0, 0, 0)}, // A repaired
	} {
		for _, at := range []sim.Time{iv.from, iv.to - 1} {
			flags := flagsAt(res, at)
			if got := telecom.Count(n, tel, flags); got != iv.want {
				t.Errorf("at %v: %v, want %v", at, got, iv.want)
			}
			// The engine's generic reason split agrees (unsupplied = no power here).
			r := res.Reasons[tel].At(at)
			w := iv.want
			if int(r.Count[cascade.ReasonDamaged]) != w[telecom.Damaged] || int(r.Count[cascade.ReasonUnsupplied]) != w[telecom.NoPower] ||
				int(r.Count[cascade.ReasonUnserved]) != w[telecom.Backhaul] || int(r.Count[cascade.ReasonOnBackup]) != w[telecom.OnBackup] {
				t.Errorf("at %v: engine reasons %v, want %v", at, r.Count, w)
			}
			// The engine records the model's own classes (flow.Classifier).
			cs := res.Classes[0].At(at)
			for c := range telecom.NumCauses {
				if int(cs.Count[c]) != w[c] {
					t.Errorf("at %v: engine class split %v, want %v", at, cs.Count, w)
					break
				}
			}
		}
	}
	if len(res.Classes) != 1 || res.Classes[0].Sector != network.Telecom || res.Classes[0].Classes[telecom.NoPower] != "no-power" {
		t.Errorf("class series %+v", res.Classes)
	}
	if got := telecom.ClassifyFlags(n, flagsAt(res, 6*h), flowtest.Component(t, n, "B")); got != telecom.NoPower {
		t.Errorf("B at 6h: %v, want no-power", got)
	}
	ch, _ := res.Explain(flowtest.Component(t, n, "B"), 6*h)
	t.Logf("B at 6h:\n%s", ch)
}

// TestClassify covers the order of the rules on hand-set flags, including
// an unsupplied site whose unmet requirement is not on power.
func TestClassify(t *testing.T) {
	n := region(t)
	st := network.NewState(n)
	a, c, k, pc := flowtest.Component(t, n, "A"), flowtest.Component(t, n, "C"), flowtest.Component(t, n, "K"), flowtest.Component(t, n, "PC")
	check := func(i int32, want telecom.Cause) {
		t.Helper()
		if got := telecom.Classify(n, st, i); got != want {
			t.Errorf("%s with %v: %v, want %v", n.ComponentID(i), st.Flags(i), got, want)
		}
	}
	check(a, telecom.Up)
	st.Set(a, network.OnBackup)
	check(a, telecom.OnBackup)
	st.Set(a, network.Unserved)
	check(a, telecom.Backhaul)
	st.Set(a, network.Unsupplied) // PA delivers: the unmet requirement is not on power (none is)
	check(a, telecom.OtherSupply)
	st.Set(a, network.Suspended)
	check(a, telecom.Damaged)
	// C unsupplied with K down: other supply; with PC down too: no power.
	st.Set(k, network.Damaged)
	st.Set(c, network.Unsupplied|network.Unserved)
	check(c, telecom.OtherSupply)
	st.Set(pc, network.Damaged)
	check(c, telecom.NoPower)
	tel, _ := n.SectorIndexOf(network.Telecom)
	if s := telecom.Count(n, tel, st.RawFlags()); s.Out() != 2 || s.String() != "up 2, damaged 1, no-power 1" {
		t.Errorf("count %v (out %d)", s, s.Out())
	}
	if !telecom.NoPower.Out() || telecom.OnBackup.Out() || telecom.Cause(99).String() != "cause(99)" {
		t.Error("Cause methods")
	}
}

// TestClassifyPrecedence: the rules of the package documentation, first
// match wins, on flag combinations set by hand on towers of a small
// network: P1, P2, P3 power substations; K a cooling plant; tower "any"
// needs any of P1, P2 (Fail) and K; tower "two" needs 2 of P1, P2, P3;
// tower "soft" needs P1 with effect Degrade and K. Expected classes,
// from the rule list:
//   - any damage-like flag wins over everything else (Damaged);
//   - Unsupplied: NoPower when a Fail requirement with a power provider
//     has fewer delivering providers than it needs (a provider that is
//     Unserved does not deliver), else OtherSupply — a Degrade
//     requirement on power never makes it NoPower;
//   - Unserved (no backhaul) wins over OnBackup;
//   - Depleted and the engine's internal bits are ignored.
func TestClassifyPrecedence(t *testing.T) {
	b := network.NewBuilder()
	for _, p := range []string{"P1", "P2", "P3"} {
		b.AddComponent(network.Component{ID: p, Sector: network.Power, Role: network.RoleSource})
	}
	b.AddComponent(network.Component{ID: "K", Sector: "cooling"})
	for _, id := range []string{"any", "two", "soft"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Telecom, Kind: network.KindCellTower})
	}
	b.AddRequirement(network.Requirement{Dependent: "any", Providers: []string{"P1", "P2"}, Logic: network.Any})
	b.AddRequirement(network.Requirement{Dependent: "any", Providers: []string{"K"}})
	b.AddRequirement(network.Requirement{Dependent: "two", Providers: []string{"P1", "P2", "P3"}, Logic: network.KOfN, K: 2})
	b.AddRequirement(network.Requirement{Dependent: "soft", Providers: []string{"P1"}, Effect: network.Degrade, Factor: 0.5})
	b.AddRequirement(network.Requirement{Dependent: "soft", Providers: []string{"K"}})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	const (
		dmg, rem, sus, trip = network.Damaged, network.Removed, network.Suspended, network.Tripped
		uns, unserved, bak  = network.Unsupplied, network.Unserved, network.OnBackup
	)
	for _, tc := range []struct {
		site  string
		flags network.Flags
		down  map[string]network.Flags // providers' flags
		want  telecom.Cause
	}{
		{"any", dmg | uns | unserved | bak, map[string]network.Flags{"P1": dmg, "P2": dmg}, telecom.Damaged},
		{"any", rem, nil, telecom.Damaged},
		{"any", sus | uns, nil, telecom.Damaged},
		{"any", trip | bak, nil, telecom.Damaged},
		{"any", uns | unserved | bak, map[string]network.Flags{"P1": dmg, "P2": dmg}, telecom.NoPower},
		{"any", uns | unserved, map[string]network.Flags{"P1": dmg}, telecom.OtherSupply},             // P2 delivers: any met
		{"any", uns | unserved, map[string]network.Flags{"P1": dmg, "P2": unserved}, telecom.NoPower}, // P2 cut off
		{"two", uns, map[string]network.Flags{"P3": dmg}, telecom.OtherSupply},                        // 2 of 3 deliver
		{"two", uns, map[string]network.Flags{"P1": uns, "P3": dmg}, telecom.NoPower},                 // 1 of 3
		{"soft", uns, map[string]network.Flags{"P1": dmg, "K": dmg}, telecom.OtherSupply},             // Degrade on power
		{"any", unserved | bak, nil, telecom.Backhaul},
		{"any", bak | network.Depleted, nil, telecom.OnBackup},
		{"any", network.Depleted, nil, telecom.Up},
	} {
		flags := make([]network.Flags, n.NumComponents())
		for id, f := range tc.down {
			flags[flowtest.Component(t, n, id)] = f
		}
		site := flowtest.Component(t, n, tc.site)
		flags[site] = tc.flags
		if got := telecom.ClassifyFlags(n, flags, site); got != tc.want {
			t.Errorf("%s with %v, providers %v: %v, want %v", tc.site, tc.flags, tc.down, got, tc.want)
		}
		flags[site] |= ^(network.Damaged | network.Removed | network.Suspended | network.Tripped | network.Unsupplied |
			network.Unserved | network.OnBackup | network.Depleted) // internal bits
		if got := telecom.ClassifyFlags(n, flags, site); got != tc.want {
			t.Errorf("%s with internal bits: %v, want %v", tc.site, got, tc.want)
		}
	}
}

func TestConformance(t *testing.T) {
	city, err := synth.City(synth.CityParams{Seed: 3, Components: 400})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []*network.Network{region(t), city} {
		flowtest.Run(t, n, map[string]flow.Factory{"telecom": telecom.Options{}.Factory})
	}
}

// TestClassFollowsProviders: core C needs power P and water W (Fail, no
// lag). Both damaged at 1 h: C is unsupplied with an unmet power
// requirement, no-power. P repaired at 2 h: C stays unsupplied (its own
// flags do not change) but only water is missing now, other-supply. W
// repaired at 3 h: up. The engine classifies C again when a provider
// changes, not only when C does.
func TestClassFollowsProviders(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "P", Sector: network.Power, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "W", Sector: network.Water, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "C", Sector: network.Telecom, Role: network.RoleSource})
	b.AddRequirement(network.Requirement{Dependent: "C", Providers: []string{"P"}})
	b.AddRequirement(network.Requirement{Dependent: "C", Providers: []string{"W"}})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	e, err := cascade.New(n, cascade.Options{Models: map[network.Sector]flow.Factory{network.Telecom: telecom.Options{}.Factory}})
	if err != nil {
		t.Fatal(err)
	}
	p, w := flowtest.Component(t, n, "P"), flowtest.Component(t, n, "W")
	h := sim.Hour
	res, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: h, Kind: hazard.Damage, Target: p}, {Time: h, Kind: hazard.Damage, Target: w},
		{Time: 2 * h, Kind: hazard.Repair, Target: p}, {Time: 3 * h, Kind: hazard.Repair, Target: w},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		at   sim.Time
		want telecom.Cause
	}{{0, telecom.Up}, {h, telecom.NoPower}, {2 * h, telecom.OtherSupply}, {3 * h, telecom.Up}} {
		if got := res.Classes[0].At(tc.at).Count[tc.want]; got != 1 {
			t.Errorf("at %v: split %v, want C %v", tc.at, res.Classes[0].At(tc.at).Count, tc.want)
		}
	}
}
