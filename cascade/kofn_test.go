package cascade

import (
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

const health network.Sector = "health"

// hospital2of3: generation G feeds feeders F1, F2, F3 (one line each); the
// hospital H (critical, a sector of its own) needs 2 of the 3 feeders, with
// a 1 h lag.
func hospital2of3(t *testing.T) *toy {
	c := newToy(t)
	c.source("G", network.Power)
	for _, f := range []string{"F1", "F2", "F3"} {
		c.consumer(f, network.Power)
		c.link("G"+f, "G", f)
	}
	c.add(network.Component{ID: "H", Sector: health, Role: network.RoleConsumer, Demand: 1, Population: 1, Critical: true})
	c.need(network.Requirement{Dependent: "H", Providers: []string{"F1", "F2", "F3"}, Logic: network.KOfN, K: 2, Lag: sim.Hour})
	c.build()
	return c
}

// TestKOfNLagStartsBelowK, by hand (k = 2 of 3, lag 1 h):
//
//   - F1 lost at 1 h leaves 2 of 3: still met, no clock. F2 lost at 2 h
//     leaves 1: the lag runs from 2 h (not from 1 h), H is down at 3 h and
//     back when F2 returns at 10 h (2 of 3 again).
//   - The same, with F1 back at 2h30: 2 delivering, the lag is cancelled.
//     F3 lost at 2h45 drops the count to 1 again: a new lag (no memory)
//     from 2h45 to 3h45. F2 back at 4 h: H down [3h45, 4h).
//   - F1 lost at 1 h; at 2 h F2 is lost and F1 repaired at the same
//     instant: the count the instant settles to is 2, so no lag ever
//     starts and no supply interval opens.
func TestKOfNLagStartsBelowK(t *testing.T) {
	c := hospital2of3(t)
	dmg := func(at sim.Time, id string) hazard.Impact { return c.imp(at, hazard.Damage, id) }
	rep := func(at sim.Time, id string) hazard.Impact { return c.imp(at, hazard.Repair, id) }

	r := c.run(Options{}, dmg(hour, "F1"), dmg(2*hour, "F2"), rep(10*hour, "F2"), rep(12*hour, "F1"))
	c.wantOutages(r, "H", [2]sim.Time{3 * hour, 10 * hour})
	if len(r.Supply) != 1 || r.Supply[0] != (SupplyInterval{Req: 0, Start: 2 * hour, End: 10 * hour}) {
		t.Errorf("supply %+v, want one interval [2h, 10h)", r.Supply)
	}
	// The loss cites F2, the provider that took the count below k, not F1.
	ch, ok := r.Explain(c.i("H"), 3*hour)
	if !ok || len(ch.Causes) != 2 || ch.Causes[0].Mechanism != ByLag || ch.Causes[1].Entity != c.i("F2") {
		t.Errorf("H's loss should cite its lag and F2's damage:\n%s", ch)
	}
	checkChains(t, r)

	r = c.run(Options{}, dmg(hour, "F1"), dmg(2*hour, "F2"), rep(2*hour+30*sim.Minute, "F1"),
		dmg(2*hour+45*sim.Minute, "F3"), rep(4*hour, "F2"), rep(5*hour, "F3"))
	c.wantOutages(r, "H", [2]sim.Time{3*hour + 45*sim.Minute, 4 * hour})
	want := []SupplyInterval{{Req: 0, Start: 2 * hour, End: 2*hour + 30*sim.Minute}, {Req: 0, Start: 2*hour + 45*sim.Minute, End: 4 * hour}}
	if len(r.Supply) != 2 || r.Supply[0] != want[0] || r.Supply[1] != want[1] {
		t.Errorf("supply %+v, want %+v", r.Supply, want)
	}
	checkChains(t, r)

	r = c.run(Options{}, dmg(hour, "F1"), dmg(2*hour, "F2"), rep(2*hour, "F1"), rep(10*hour, "F2"))
	c.wantOutages(r, "H")
	if len(r.Supply) != 0 {
		t.Errorf("supply %+v, want none", r.Supply)
	}
}

// TestKOfNBuffer: the same hospital with a 2 h battery instead of the lag
// (recharge 1 h/h). F1, F2 lost at 1 h: on battery, empty at 3 h. F2 back
// at 2 h (count 2): 1 h used, the battery recharges to full by 3 h. F3 lost
// at 4 h: the count drops to 1 again and the battery, full, lasts until
// 6 h; F1 back at 7 h ends the outage.
func TestKOfNBuffer(t *testing.T) {
	c := newToy(t)
	c.source("G", network.Power)
	for _, f := range []string{"F1", "F2", "F3"} {
		c.consumer(f, network.Power)
		c.link("G"+f, "G", f)
	}
	c.consumer("H", health)
	c.need(network.Requirement{Dependent: "H", Providers: []string{"F1", "F2", "F3"}, Logic: network.KOfN, K: 2,
		Buffer: 2 * sim.Hour, Recharge: 1})
	c.build()
	r := c.run(Options{}, c.imp(hour, hazard.Damage, "F1"), c.imp(hour, hazard.Damage, "F2"), c.imp(2*hour, hazard.Repair, "F2"),
		c.imp(4*hour, hazard.Damage, "F3"), c.imp(7*hour, hazard.Repair, "F1"), c.imp(8*hour, hazard.Repair, "F3"))
	c.wantOutages(r, "H", [2]sim.Time{6 * hour, 7 * hour})
	if f, _ := c.at(r, "H", hour+sim.Minute); f&network.OnBackup == 0 {
		t.Errorf("H at 1h01: %v, want on backup", f)
	}
	checkChains(t, r)
}
