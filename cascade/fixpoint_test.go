package cascade

import (
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// scadaLoop: generation G feeds substation P (power); tower T (telecom)
// needs P, and P needs T (SCADA), with lag pLag on P's side and tLag on
// T's.
func scadaLoop(t *testing.T, pLag, tLag sim.Time) *toy {
	c := newToy(t)
	c.source("G", network.Power)
	c.consumer("P", network.Power)
	c.link("GP", "G", "P")
	c.consumer("T", network.Telecom)
	c.need(network.Requirement{Dependent: "P", Providers: []string{"T"}, Lag: pLag, Kind: network.Cyber})
	c.need(network.Requirement{Dependent: "T", Providers: []string{"P"}, Lag: tLag})
	c.build()
	return c
}

// TestLoopLagOnOneSide, by hand.
//
// Lag 1 h on P's side only. G lost at 1 h: P unserved at once, T (no lag)
// unsupplied at once, P's SCADA lag runs to 2 h, when P is also
// unsupplied. G back at 3 h: the loop is re-admitted and both are up at
// 3 h. G back at 1h30 instead: P's lag is cancelled, both up at 1h30.
//
// Lag 1 h on T's side only. G lost at 1 h: P unserved; T's lag to 2 h,
// then T unsupplied and P (no lag) unsupplied with it. G back at 3 h: both
// up at 3 h. G back at 1h30: T never goes down, P is back at 1h30.
func TestLoopLagOnOneSide(t *testing.T) {
	c := scadaLoop(t, sim.Hour, 0)
	r := c.run(Options{}, c.imp(hour, hazard.Damage, "G"), c.imp(3*hour, hazard.Repair, "G"))
	c.wantOutages(r, "P", [2]sim.Time{hour, 3 * hour})
	c.wantOutages(r, "T", [2]sim.Time{hour, 3 * hour})
	if f, _ := c.at(r, "P", 2*hour); f&network.Unsupplied == 0 {
		t.Errorf("P at 2h: %v, want unsupplied (its lag ran out)", f)
	}
	checkChains(t, r)
	r = c.run(Options{}, c.imp(hour, hazard.Damage, "G"), c.imp(hour+30*sim.Minute, hazard.Repair, "G"))
	c.wantOutages(r, "P", [2]sim.Time{hour, hour + 30*sim.Minute})
	c.wantOutages(r, "T", [2]sim.Time{hour, hour + 30*sim.Minute})
	if f, _ := c.at(r, "P", 2*hour); f != 0 {
		t.Errorf("P at 2h: %v, want up", f)
	}

	c = scadaLoop(t, 0, sim.Hour)
	r = c.run(Options{}, c.imp(hour, hazard.Damage, "G"), c.imp(3*hour, hazard.Repair, "G"))
	c.wantOutages(r, "P", [2]sim.Time{hour, 3 * hour})
	c.wantOutages(r, "T", [2]sim.Time{2 * hour, 3 * hour})
	checkChains(t, r)
	r = c.run(Options{}, c.imp(hour, hazard.Damage, "G"), c.imp(hour+30*sim.Minute, hazard.Repair, "G"))
	c.wantOutages(r, "P", [2]sim.Time{hour, hour + 30*sim.Minute})
	c.wantOutages(r, "T")
}

// TestThreeCycle: A (power, fed by G) needs C (water), B (telecom) needs A,
// C needs B, no lags. G lost at 1 h takes A, B, C down at 1 h; G back at
// 2 h brings the whole cycle back at 2 h. Direct 1 (G), induced 3.
func TestThreeCycle(t *testing.T) {
	c := newToy(t)
	c.source("G", network.Power)
	c.consumer("A", network.Power)
	c.link("GA", "G", "A")
	c.consumer("B", network.Telecom)
	c.consumer("C", network.Water)
	c.need(network.Requirement{Dependent: "A", Providers: []string{"C"}})
	c.need(network.Requirement{Dependent: "B", Providers: []string{"A"}})
	c.need(network.Requirement{Dependent: "C", Providers: []string{"B"}})
	c.build()
	r := c.run(Options{}, c.imp(hour, hazard.Damage, "G"), c.imp(2*hour, hazard.Repair, "G"))
	for _, id := range []string{"A", "B", "C"} {
		c.wantOutages(r, id, [2]sim.Time{hour, 2 * hour})
	}
	if r.Direct != 1 || r.Induced != 3 {
		t.Errorf("direct %d induced %d, want 1 and 3", r.Direct, r.Induced)
	}
	for s := range r.Series {
		if p := r.Series[s].Points[len(r.Series[s].Points)-1]; p.Demand != r.Series[s].TotalDemand {
			t.Errorf("%s ends at %d of %d", r.Series[s].Sector, p.Demand, r.Series[s].TotalDemand)
		}
	}
	checkChains(t, r)
}

// twoIslands: power islands G1–P1 and G2–P2 (no line between them), towers
// T1, T2; the loop P1 → T2 → P2 → T1 → P1 (each needs the next, no lag)
// spans both islands. H (health) needs both P1 and P2 (logic all).
func twoIslands(t *testing.T) *toy {
	c := newToy(t)
	c.source("G1", network.Power)
	c.consumer("P1", network.Power)
	c.link("L1", "G1", "P1")
	c.source("G2", network.Power)
	c.consumer("P2", network.Power)
	c.link("L2", "G2", "P2")
	c.consumer("T1", network.Telecom)
	c.consumer("T2", network.Telecom)
	c.need(network.Requirement{Dependent: "P1", Providers: []string{"T2"}})
	c.need(network.Requirement{Dependent: "T2", Providers: []string{"P2"}})
	c.need(network.Requirement{Dependent: "P2", Providers: []string{"T1"}})
	c.need(network.Requirement{Dependent: "T1", Providers: []string{"P1"}})
	c.consumer("H", health)
	c.need(network.Requirement{Dependent: "H", Providers: []string{"P1", "P2"}})
	c.build()
	return c
}

// TestLoopAcrossIslands, by hand.
//
// G1 lost at 1 h: P1 unserved → T1 → P2 → T2 down, all at 1 h (G2 stays
// up, with nothing to feed); H too. G1 back at 2 h: the whole loop is
// re-admitted, all up at 2 h.
//
// Only one of two: G1 lost at 1 h and P2 damaged at 1h30. G1 back at 2 h:
// P1 is served again but needs T2, which needs the damaged P2: nothing
// comes back. P2 repaired at 3 h: all up at 3 h. H, needing both, follows.
func TestLoopAcrossIslands(t *testing.T) {
	c := twoIslands(t)
	r := c.run(Options{}, c.imp(hour, hazard.Damage, "G1"), c.imp(2*hour, hazard.Repair, "G1"))
	for _, id := range []string{"P1", "T1", "P2", "T2", "H"} {
		c.wantOutages(r, id, [2]sim.Time{hour, 2 * hour})
	}
	c.wantOutages(r, "G2")
	checkChains(t, r)

	r = c.run(Options{}, c.imp(hour, hazard.Damage, "G1"), c.imp(hour+30*sim.Minute, hazard.Damage, "P2"),
		c.imp(2*hour, hazard.Repair, "G1"), c.imp(3*hour, hazard.Repair, "P2"))
	for _, id := range []string{"P1", "T1", "P2", "T2", "H"} {
		c.wantOutages(r, id, [2]sim.Time{hour, 3 * hour})
	}
	checkChains(t, r)
}

// TestOneOfTwoProviders: H needs P1 and P2 (logic all, lag 1 h). Both lost
// at 1 h (lag to 2 h). P1 back at 3 h: one of two, H stays down; P2 back at
// 4 h: H up. With P1 back at 1h30 the count is still 1 of 2: the lag keeps
// running and H is down at 2 h until 4 h.
func TestOneOfTwoProviders(t *testing.T) {
	c := newToy(t)
	c.source("P1", network.Power)
	c.source("P2", network.Power)
	c.consumer("H", health)
	c.need(network.Requirement{Dependent: "H", Providers: []string{"P1", "P2"}, Lag: sim.Hour})
	c.build()
	for _, back := range []sim.Time{3 * hour, hour + 30*sim.Minute} {
		r := c.run(Options{}, c.imp(hour, hazard.Damage, "P1"), c.imp(hour, hazard.Damage, "P2"),
			c.imp(back, hazard.Repair, "P1"), c.imp(4*hour, hazard.Repair, "P2"))
		c.wantOutages(r, "H", [2]sim.Time{2 * hour, 4 * hour})
		checkChains(t, r)
	}
}

// share is a toy power model that serves every functional member the
// fraction of the sector's sources that are functional (two sources, one
// lost: everyone gets half), and nothing without a source.
type share struct{}

func (share) Name() string { return "share" }

func (share) Verdict(n *network.Network, s network.SectorIndex, st *network.State, out *flow.Verdict) {
	up := 0
	for _, g := range n.Sources(s) {
		if st.Functional(g) {
			up++
		}
	}
	for _, i := range n.SectorMembers(s) {
		out.Served[i] = 0
		if st.Functional(i) {
			out.Served[i] = float64(up) / float64(len(n.Sources(s)))
		}
	}
}

// TestCauseOrderWithinInstant: a change that cites another change of the
// same instant cites it even when that change is settled later.
//
// Power (share model): sources G1, G2 and consumer C. Water W needs G1,
// and G2 needs W (no lags). G1 damaged at 1 h. The instant settles in
// rounds: C's share drops to 1/2 (C is touched, still served); W loses G1
// and is unsupplied; G2 loses W and is unsupplied; C's share drops to 0
// and C is unserved, citing G2's change — which the engine meets after
// C's. C's loss must cite G2's unsupplied change, which cites W's, which
// cites G1's damage: every chain ends at the impact.
func TestCauseOrderWithinInstant(t *testing.T) {
	c := newToy(t)
	c.source("G1", network.Power)
	c.source("G2", network.Power)
	c.consumer("C", network.Power)
	c.link("L1", "G1", "C")
	c.link("L2", "G2", "C")
	c.consumer("W", network.Water)
	c.need(network.Requirement{Dependent: "W", Providers: []string{"G1"}})
	c.need(network.Requirement{Dependent: "G2", Providers: []string{"W"}})
	c.build()
	opts := Options{Models: map[network.Sector]flow.Factory{
		network.Power: toyFactory(share{}),
	}}
	r := c.run(opts, c.imp(hour, hazard.Damage, "G1"), c.imp(2*hour, hazard.Repair, "G1"))
	for _, id := range []string{"G2", "C", "W"} {
		c.wantOutages(r, id, [2]sim.Time{hour, 2 * hour})
	}
	checkChains(t, r)
	ch, ok := r.Explain(c.i("C"), hour)
	var path []string
	for _, x := range ch.Causes {
		path = append(path, c.n.ComponentID(x.Entity))
	}
	if !ok || strings.Join(path, " ← ") != "C ← G2 ← W ← G1" {
		t.Errorf("C's loss: %s, want C ← G2 ← W ← G1\n%s", strings.Join(path, " ← "), ch)
	}
}

// TestReadmitCitesItsOwnRepair: two repairs at one instant, of X (water,
// nothing depends on it) and of S (power, tower T needs it, no lag). Both
// damaged at 1 h, both repaired at 2 h, X's repair first (lower index). T
// comes back because of S's repair and its return must cite it, not the
// instant's first repair.
func TestReadmitCitesItsOwnRepair(t *testing.T) {
	c := newToy(t)
	c.consumer("X", network.Water)
	c.source("S", network.Power)
	c.consumer("T", network.Telecom)
	c.need(network.Requirement{Dependent: "T", Providers: []string{"S"}})
	c.build()
	r := c.run(Options{}, c.imp(hour, hazard.Damage, "X"), c.imp(hour, hazard.Damage, "S"),
		c.imp(2*hour, hazard.Repair, "X"), c.imp(2*hour, hazard.Repair, "S"))
	c.wantOutages(r, "T", [2]sim.Time{hour, 2 * hour})
	ch, ok := r.Explain(c.i("T"), 2*hour)
	if root := ch.Causes[len(ch.Causes)-1]; !ok || root.Entity != c.i("S") || root.Time != 2*hour {
		t.Errorf("T's return should trace back to S's repair:\n%s", ch)
	}
	// The P ↔ T loop of scadaLoop, with an unrelated repair first: both
	// come back citing G's repair.
	c = newToy(t)
	c.consumer("X", network.Water)
	c.source("G", network.Power)
	c.consumer("P", network.Power)
	c.link("GP", "G", "P")
	c.consumer("T", network.Telecom)
	c.need(network.Requirement{Dependent: "P", Providers: []string{"T"}})
	c.need(network.Requirement{Dependent: "T", Providers: []string{"P"}})
	c.build()
	r = c.run(Options{}, c.imp(hour, hazard.Damage, "X"), c.imp(hour, hazard.Damage, "G"),
		c.imp(2*hour, hazard.Repair, "X"), c.imp(2*hour, hazard.Repair, "G"))
	for _, id := range []string{"P", "T"} {
		c.wantOutages(r, id, [2]sim.Time{hour, 2 * hour})
		ch, ok := r.Explain(c.i(id), 2*hour)
		if root := ch.Causes[len(ch.Causes)-1]; !ok || root.Entity != c.i("G") || root.Time != 2*hour {
			t.Errorf("%s's return should trace back to G's repair:\n%s", id, ch)
		}
	}
	checkChains(t, r)
}
