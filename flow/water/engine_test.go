package water_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

func runWater(t *testing.T, n *network.Network, impacts ...hazard.Impact) *cascade.Result {
	t.Helper()
	e, err := cascade.New(n, cascade.Options{Models: map[network.Sector]flow.Factory{network.Water: water.Options{}.Factory}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Run(context.Background(), cascade.Input{Impacts: impacts})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func linkImpact(at sim.Time, k hazard.ImpactKind, l int32) hazard.Impact {
	return hazard.Impact{Time: at, Kind: k, Target: l, Link: true, State: network.DamageComplete}
}

// TestTankEmptiesAtVolumeOverDemand runs tankLine through the engine. Hand
// derivation: pipe A–T breaks at 1 h; T alone serves B and C, draining
// 0.125 + 0.125 = 0.25 m³/s, so its 9000 m³ last 9000 ÷ 0.25 = 36000 s =
// 10 h: B and C are dry from exactly 11 h until the repair at 12 h, when T
// starts refilling. A stays on the reservoir throughout.
func TestTankEmptiesAtVolumeOverDemand(t *testing.T) {
	w := tankLine(t)
	at := w.l("AT")
	res := runWater(t, w.built, linkImpact(sim.Hour, hazard.Damage, at), linkImpact(12*sim.Hour, hazard.Repair, at))
	for _, id := range []string{"B", "C"} {
		if got := res.Outages(w.c(id)); !slices.Equal(got, [][2]sim.Time{{11 * sim.Hour, 12 * sim.Hour}}) {
			t.Errorf("%s dry %v, want [[11h 12h]]", id, got)
		}
	}
	if got := res.Outages(w.c("A")); got != nil {
		t.Errorf("A dry %v, want never", got)
	}
	if f := res.Final[w.c("T")]; f&network.Depleted != 0 {
		t.Errorf("T still depleted after the repair: %v", f)
	}
	ch, _ := res.Explain(w.c("B"), 11*sim.Hour)
	t.Logf("B at 11h:\n%s", ch)
	if s := ch.String(); !strings.Contains(s, "T (water tank) ran dry") || !strings.Contains(s, "link AT: damage") {
		t.Errorf("B's chain does not lead through the dry tank to the break:\n%s", s)
	}
}

// TestEmptyTimeMoves: shareNet with the check valve (T1 reaches B; T2
// reaches B and C), both tanks 1000 m³, the main RM broken at 1 h. Hand
// derivation (TestTanksShareDemand's rates): T1 drains 0.125, T2 0.25;
// T2 is dry after 1000 ÷ 0.25 = 4000 s, so C is dry from 1 h + 4000 s.
// T1 has 1000 − 0.125 × 4000 = 500 m³ left and now serves B alone at
// 0.25: dry 2000 s later, B from 1 h + 6000 s.
func TestEmptyTimeMoves(t *testing.T) {
	w := shareNet(t, true)
	res := runWater(t, w.built, linkImpact(sim.Hour, hazard.Damage, w.l("RM")))
	for _, x := range []struct {
		id  string
		dry sim.Time
	}{{"C", sim.Hour + 4000*sim.Second}, {"B", sim.Hour + 6000*sim.Second}} {
		if got := res.Outages(w.c(x.id)); !slices.Equal(got, [][2]sim.Time{{x.dry, -1}}) {
			t.Errorf("%s dry %v, want from %v", x.id, got, x.dry)
		}
	}
	for _, id := range []string{"T1", "T2"} {
		if l := res.StockLevel(w.c(id)); l != 0 {
			t.Errorf("%s holds %v m³ at the end, want 0", id, l)
		}
	}
}

// twoZones: reservoir R feeds junction J0 (low zone); pump PA lifts water
// from J0 into zone A (A1, A2, no storage), pump PB into zone B (B1, B2
// and a 3600 m³ tank TB). Pumps are components between directed
// connection links, as epanet.Import builds them, and both need power
// from substation S (no lag, no buffer). Every junction demands
// 0.1 m³/s.
func twoZones(t *testing.T) *net {
	w := newNet(t)
	w.b.AddComponent(network.Component{ID: "S", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource})
	w.comp("R", network.KindReservoir, 0, 0).comp("J0", network.KindJunction, 0.1, 0).
		comp("PA", network.KindPump, 0, 0).comp("A1", network.KindJunction, 0.1, 0).comp("A2", network.KindJunction, 0.1, 0).
		comp("PB", network.KindPump, 0, 0).comp("B1", network.KindJunction, 0.1, 0).comp("B2", network.KindJunction, 0.1, 0).
		comp("TB", network.KindTank, 0, 3600)
	w.pipe("RJ0", "R", "J0", false).pipe("A1A2", "A1", "A2", false).pipe("B1B2", "B1", "B2", false).pipe("B2TB", "B2", "TB", false)
	for _, p := range [][3]string{{"PA", "J0", "A1"}, {"PB", "J0", "B1"}} {
		w.b.AddLink(network.Link{ID: p[0] + ":in", Kind: network.KindConnection, From: p[1], To: p[0], Directed: true})
		w.b.AddLink(network.Link{ID: p[0] + ":out", Kind: network.KindConnection, From: p[0], To: p[2], Directed: true})
		w.b.AddRequirement(network.Requirement{Dependent: p[0], Providers: []string{"S"}})
	}
	w.build()
	return w
}

// TestPumpLosesPower: S fails at 1 h and both pumps lose power at once.
// Zone A has no storage and is dry from 1 h; zone B stays on its tank,
// which serves B1 and B2 (0.2 m³/s) for 3600 ÷ 0.2 = 18000 s = 5 h, so
// zone B is dry from 6 h; J0 stays on the reservoir. Served demand is
// 0.5 m³/s intact, 0.3 from 1 h (J0, B1, B2), 0.1 from 6 h. The
// explanations lead from A2 and B1 back to the substation.
func TestPumpLosesPower(t *testing.T) {
	w := twoZones(t)
	n := w.built
	res := runWater(t, n, hazard.Impact{Time: sim.Hour, Kind: hazard.Damage, Target: w.c("S"), State: network.DamageComplete})
	for _, x := range []struct {
		ids []string
		dry [][2]sim.Time
	}{
		{[]string{"J0"}, nil},
		{[]string{"A1", "A2"}, [][2]sim.Time{{sim.Hour, -1}}},
		{[]string{"B1", "B2"}, [][2]sim.Time{{6 * sim.Hour, -1}}},
	} {
		for _, id := range x.ids {
			if got := res.Outages(w.c(id)); !slices.Equal(got, x.dry) {
				t.Errorf("%s dry %v, want %v", id, got, x.dry)
			}
		}
	}
	for _, id := range []string{"PA", "PB"} {
		if f := res.Final[w.c(id)]; f&network.Unsupplied == 0 {
			t.Errorf("pump %s: flags %v, want unsupplied", id, f)
		}
	}
	ws, _ := n.SectorIndexOf(network.Water)
	for _, q := range []struct {
		at   sim.Time
		want float64
	}{{0, 1}, {2 * sim.Hour, 0.6}, {7 * sim.Hour, 0.2}} {
		if got := res.Series[ws].Q(q.at); got != q.want {
			t.Errorf("water Q at %v = %v, want %v", q.at, got, q.want)
		}
	}
	for _, x := range []struct {
		id   string
		at   sim.Time
		want []string
	}{
		{"A2", 2 * sim.Hour, []string{"A2 (water junction) down", "PA (water pump) down [unsupplied|unserved]: supply (requirement on S", "S (power substation): damage"}},
		{"B1", 7 * sim.Hour, []string{"B1 (water junction) down", "TB (water tank) ran dry", "S (power substation): damage"}},
	} {
		ch, ok := res.Explain(w.c(x.id), x.at)
		if !ok {
			t.Fatalf("no explanation for %s", x.id)
		}
		text := ch.String()
		t.Logf("%s's outage:\n%s", x.id, text)
		for _, want := range x.want {
			if !strings.Contains(text, want) {
				t.Errorf("%s's explanation lacks %q", x.id, want)
			}
		}
	}
}
