package water_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// twoZones: reservoir R feeds junction J0 (low zone); pump PA lifts water
// from J0 into zone A (A1, A2, no storage), pump PB into zone B (B1, B2
// and a 3600 m³ tank TB). Pumps are components between directed
// connection links, as ImportEPANET builds them, and both need power
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

// TestPumpLosesPower runs the engine with the water model: S fails at 1 h,
// both pumps lose power at once (no lag). Zone A has no storage and goes
// dry; zone B keeps water from its tank; J0 stays on the reservoir. The
// outage of A2 is explained back to the substation's damage.
func TestPumpLosesPower(t *testing.T) {
	w := twoZones(t)
	n := w.built
	e, err := cascade.New(n, cascade.Options{Models: map[network.Sector]flow.Factory{network.Water: water.Factory(water.Options{})}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Damage, Target: w.c("S"), State: network.DamageComplete},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var dry, wet []string
	for _, id := range []string{"J0", "A1", "A2", "B1", "B2", "TB"} {
		if res.Delivering(w.c(id)) {
			wet = append(wet, id)
		} else {
			dry = append(dry, id)
		}
	}
	if !slices.Equal(dry, []string{"A1", "A2"}) || !slices.Equal(wet, []string{"J0", "B1", "B2", "TB"}) {
		t.Fatalf("dry %v, wet %v; want dry [A1 A2], wet [J0 B1 B2 TB]", dry, wet)
	}
	for _, id := range []string{"PA", "PB"} {
		if f := res.Final[w.c(id)]; f&network.Unsupplied == 0 {
			t.Errorf("pump %s: flags %v, want unsupplied", id, f)
		}
	}
	// Served demand: J0, B1 and B2 of the five junctions (3 × 0.1 of 0.5).
	ws, _ := n.SectorIndexOf(network.Water)
	if q := res.Series[ws].Q(2 * sim.Hour); q != 0.6 {
		t.Errorf("water Q at 2h = %v, want 0.6", q)
	}
	ch, ok := res.Explain(w.c("A2"), 2*sim.Hour)
	if !ok {
		t.Fatal("no explanation for A2")
	}
	text := ch.String()
	t.Logf("A2's outage:\n%s", text)
	for _, want := range []string{"A2 (water junction) down", "PA (water pump) down [unsupplied|unserved]: supply (requirement on S", "S (power substation): damage"} {
		if !strings.Contains(text, want) {
			t.Errorf("explanation lacks %q", want)
		}
	}

	// The drain the engine would schedule (package doc, step 3): from the
	// final flags, TB alone serves B1 and B2, 0.2 m³/s, so its 3600 m³
	// last 3600 ÷ 0.2 = 18000 s = 5 h, and zone B would go dry at
	// 1 h + 5 h = 6 h.
	m, _ := waterModel(t, n, water.Options{})
	st := network.NewState(n)
	for i := range n.Components() {
		st.Set(i, res.Final[i]&network.DownFlags)
	}
	m.Serve(n, ws, st, flow.NewOutput(n))
	d, ok := water.TimeToEmpty(m.Level(0), m.Outflow(0))
	if m.Outflow(0) != 0.2 || !ok || d != 5*time.Hour {
		t.Errorf("TB drains %v m³/s, empty after %v, %v; want 0.2, 5h", m.Outflow(0), d, ok)
	}
}
