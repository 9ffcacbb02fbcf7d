package cascade

import (
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestRepairBeatsLagExpiry: every event of an instant runs before it
// settles, repairs (priority action) before lag and buffer expiries.
//
//   - Lag 1 h: S lost at 1 h and repaired at 2 h, the instant the lag
//     runs out: T never goes down.
//   - The provider comes back through its sector: G –L1– X –L2– P, T needs
//     P (lag 1 h); L1 broken at 1 h (X and P unserved), repaired at 2 h:
//     T never goes down.
//   - A Degrade requirement (factor 0.5, lag 1 h) whose lag runs out when
//     the provider is repaired: the instant settles with D at factor 1,
//     no factor change of D is recorded and telecom Q ends at 1.
//   - The same with a Degrade buffer (1 h) and no lag: the buffer empties
//     at 2 h, when S is repaired.
func TestRepairBeatsLagExpiry(t *testing.T) {
	c := towerToy(t, sim.Hour, 0, 0)
	r := c.run(Options{}, c.imp(hour, hazard.Damage, "S"), c.imp(2*hour, hazard.Repair, "S"))
	c.wantOutages(r, "T")

	c = newToy(t)
	c.source("G", network.Power)
	c.consumer("X", network.Power)
	c.consumer("P", network.Power)
	c.link("L1", "G", "X")
	c.link("L2", "X", "P")
	c.consumer("T", network.Telecom)
	c.need(network.Requirement{Dependent: "T", Providers: []string{"P"}, Lag: sim.Hour})
	c.build()
	r = c.run(Options{}, c.limp(hour, hazard.Damage, "L1"), c.limp(2*hour, hazard.Repair, "L1"))
	c.wantOutages(r, "P", [2]sim.Time{hour, 2 * hour})
	c.wantOutages(r, "T")
	checkChains(t, r)

	for _, req := range []network.Requirement{
		{Dependent: "D", Providers: []string{"S"}, Lag: sim.Hour, Effect: network.Degrade, Factor: 0.5},
		{Dependent: "D", Providers: []string{"S"}, Buffer: sim.Hour, Effect: network.Degrade, Factor: 0.5},
	} {
		c = newToy(t)
		c.source("S", network.Power)
		c.consumer("D", network.Telecom)
		c.need(req)
		c.build()
		r = c.run(Options{}, c.imp(hour, hazard.Damage, "S"), c.imp(2*hour, hazard.Repair, "S"))
		for _, ch := range r.Changes {
			if !ch.Link && ch.Entity == c.i("D") && ch.NewFactor != ch.OldFactor {
				t.Errorf("lag %v buffer %v: D's factor changed: %+v", req.Lag, req.Buffer, ch)
			}
		}
		if q := r.Series[c.n.ComponentSector(c.i("D"))].Q(r.End); q != 1 {
			t.Errorf("telecom Q at the end %v", q)
		}
	}
}

// TestSuspendAndDamage: a flooded component that is also damaged stays down
// until both end; a flooded line likewise.
//
//   - P (fed by G, feeding T with no lag) suspended at 1 h, damaged at 2 h,
//     resumed at 3 h (still damaged), repaired at 4 h: P and T down
//     [1h, 4h). Direct 1 (P, by suspension), induced 1 (T).
//   - Damaged at 1 h, suspended at 2 h, repaired at 3 h (still suspended),
//     resumed at 4 h: the same.
//   - Damage and Resume at one instant (2 h, on P suspended at 1 h): the
//     impact first, P is never up between; repaired at 4 h.
//   - Line GP suspended at 1 h, damaged at 2 h, resumed at 3 h, repaired at
//     4 h: P and T down [1h, 4h); four link changes.
func TestSuspendAndDamage(t *testing.T) {
	c := newToy(t)
	c.source("G", network.Power)
	c.consumer("P", network.Power)
	c.link("GP", "G", "P")
	c.consumer("T", network.Telecom)
	c.need(network.Requirement{Dependent: "T", Providers: []string{"P"}})
	c.build()
	seqs := [][]hazard.ImpactKind{
		{hazard.Suspend, hazard.Damage, hazard.Resume, hazard.Repair},
		{hazard.Damage, hazard.Suspend, hazard.Repair, hazard.Resume},
	}
	for _, seq := range seqs {
		var im []hazard.Impact
		for k, kind := range seq {
			im = append(im, c.imp(sim.Time(k+1)*hour, kind, "P"))
		}
		r := c.run(Options{}, im...)
		c.wantOutages(r, "P", [2]sim.Time{hour, 4 * hour})
		c.wantOutages(r, "T", [2]sim.Time{hour, 4 * hour})
		if r.Direct != 1 || r.Induced != 1 {
			t.Errorf("%v: direct %d induced %d, want 1 and 1", seq, r.Direct, r.Induced)
		}
		if f, _ := c.at(r, "P", 3*hour); f&(network.Damaged|network.Suspended) == 0 || f&(network.Damaged|network.Suspended) == network.Damaged|network.Suspended {
			t.Errorf("%v: P at 3h %v, want one of damaged, suspended", seq, f)
		}
		checkChains(t, r)
	}
	r := c.run(Options{}, c.imp(hour, hazard.Suspend, "P"), c.imp(2*hour, hazard.Resume, "P"), c.imp(2*hour, hazard.Damage, "P"),
		c.imp(4*hour, hazard.Repair, "P"))
	c.wantOutages(r, "P", [2]sim.Time{hour, 4 * hour})

	var im []hazard.Impact
	for k, kind := range seqs[0] {
		im = append(im, c.limp(sim.Time(k+1)*hour, kind, "GP"))
	}
	r = c.run(Options{}, im...)
	c.wantOutages(r, "P", [2]sim.Time{hour, 4 * hour})
	c.wantOutages(r, "T", [2]sim.Time{hour, 4 * hour})
	links := 0
	for _, ch := range r.Changes {
		if ch.Link {
			links++
		}
	}
	if links != 4 {
		t.Errorf("%d link changes, want 4", links)
	}
	checkChains(t, r)
}

// TestSuspendedDependentClocks: a flooded tower neither runs its lag nor
// drains its battery.
//
//   - Lag 1 h: T suspended at 1 h, S lost at 1h30, T resumed at 3 h: the
//     lag runs 3 h → 4 h; S back at 6 h. T down [1h, 3h), [4h, 6h).
//   - Battery 4 h: S lost at 1 h (on battery), T suspended at 2 h with 3 h
//     left, resumed at 4 h: empty at 7 h; S back at 8 h. T down [2h, 4h),
//     [7h, 8h).
func TestSuspendedDependentClocks(t *testing.T) {
	c := towerToy(t, sim.Hour, 0, 0)
	r := c.run(Options{}, c.imp(hour, hazard.Suspend, "T"), c.imp(hour+30*sim.Minute, hazard.Damage, "S"),
		c.imp(3*hour, hazard.Resume, "T"), c.imp(6*hour, hazard.Repair, "S"))
	c.wantOutages(r, "T", [2]sim.Time{hour, 3 * hour}, [2]sim.Time{4 * hour, 6 * hour})
	checkChains(t, r)

	c = towerToy(t, 0, 4*sim.Hour, 0)
	r = c.run(Options{}, c.imp(hour, hazard.Damage, "S"), c.imp(2*hour, hazard.Suspend, "T"),
		c.imp(4*hour, hazard.Resume, "T"), c.imp(8*hour, hazard.Repair, "S"))
	c.wantOutages(r, "T", [2]sim.Time{2 * hour, 4 * hour}, [2]sim.Time{7 * hour, 8 * hour})
}

// TestNoOpImpactIsNoCause: an impact that changes nothing is no one's
// cause. Power: G feeds P; Q (lower index than G, undamaged) gets a
// repair at 2 h, the instant G, damaged at 1 h, is repaired. P's return
// is G's doing.
func TestNoOpImpactIsNoCause(t *testing.T) {
	c := newToy(t)
	c.consumer("Q", network.Power)
	c.source("G", network.Power)
	c.consumer("P", network.Power)
	c.link("GP", "G", "P")
	c.link("GQ", "G", "Q")
	c.build()
	r := c.run(Options{}, c.imp(hour, hazard.Damage, "G"), c.imp(2*hour, hazard.Repair, "Q"), c.imp(2*hour, hazard.Repair, "G"))
	c.wantOutages(r, "P", [2]sim.Time{hour, 2 * hour})
	ch, ok := r.Explain(c.i("P"), 2*hour)
	if root := ch.Causes[len(ch.Causes)-1]; !ok || root.Entity != c.i("G") || root.Time != 2*hour {
		t.Errorf("P's return should trace back to G's repair:\n%s", ch)
	}
	checkChains(t, r)
}

// generatorAt supplies requirement 0 from At until Until (a mobile
// generator booked in advance).
type generatorAt struct{ At, Until sim.Time }

func (g generatorAt) Start(c *Control) { c.Supply(0, g.At, g.Until) }

func (generatorAt) OnChange(*Control, Change) {}

// TestSupplyAtDepletion: a responder's supply starting the instant a buffer
// runs empty wins (priority action before expiry). Tower T on a 4 h
// battery (no recharge); S lost at 1 h: empty at 5 h, when a generator
// arrives (5 h to 11 h): T never goes down then. The generator leaves at
// 11 h with the battery empty: T down [11h, 12h), S back at 12 h.
//
// With k-of-n: H needs 2 of F1, F2, F3 (lag 1 h); F1, F2 lost at 1 h, the
// lag ends at 2 h, when a generator counts as one more provider: 2 of 3,
// H stays up until it leaves at 3 h; the lag then runs again (no memory)
// to 4 h; F1 back at 5 h.
func TestSupplyAtDepletion(t *testing.T) {
	c := towerToy(t, 0, 4*sim.Hour, 0)
	r := c.run(Options{Responder: generatorAt{5 * hour, 11 * hour}}, c.imp(hour, hazard.Damage, "S"), c.imp(12*hour, hazard.Repair, "S"))
	c.wantOutages(r, "T", [2]sim.Time{11 * hour, 12 * hour})
	checkChains(t, r)

	c = hospital2of3(t)
	r = c.run(Options{Responder: generatorAt{2 * hour, 3 * hour}}, c.imp(hour, hazard.Damage, "F1"), c.imp(hour, hazard.Damage, "F2"),
		c.imp(5*hour, hazard.Repair, "F1"), c.imp(6*hour, hazard.Repair, "F2"))
	c.wantOutages(r, "H", [2]sim.Time{4 * hour, 5 * hour})
	checkChains(t, r)
}
