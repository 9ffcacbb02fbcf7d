package cascade

import (
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// towerToy is towerCity as a toy: substation S (power source) and tower T
// (telecom) needing S with the given lag, buffer and recharge rate.
func towerToy(t *testing.T, lag, buffer sim.Time, recharge float64) *toy {
	c := newToy(t)
	c.source("S", network.Power)
	c.consumer("T", network.Telecom)
	c.need(network.Requirement{Dependent: "T", Providers: []string{"S"}, Lag: lag, Buffer: buffer, Recharge: recharge})
	c.build()
	return c
}

// TestBufferRechargeAcrossOutages, by hand: a 4 h battery recharging at
// 0.5 h/h (levels in autonomy-hours):
//
//	outage 1 [1h, 3h):   drains 4 → 2
//	[3h, 5h) met:        charges 2 → 3
//	outage 2 [5h, 6h):   drains 3 → 2
//	[6h, 8h) met:        charges 2 → 3
//	outage 3 [8h, 20h):  drains 3 → 0 at 11h: T down [11h, 20h)
//	[20h, 30h) met:      charges 0 → 4 by 28h, then stays full (cap)
//	outage 4 [30h, 40h): drains 4 → 0 at 34h: T down [34h, 40h)
func TestBufferRechargeAcrossOutages(t *testing.T) {
	c := towerToy(t, 0, 4*sim.Hour, 0.5)
	var im []hazard.Impact
	for _, o := range [][2]sim.Time{{1, 3}, {5, 6}, {8, 20}, {30, 40}} {
		im = append(im, c.imp(o[0]*hour, hazard.Damage, "S"), c.imp(o[1]*hour, hazard.Repair, "S"))
	}
	r := c.run(Options{}, im...)
	c.wantOutages(r, "T", [2]sim.Time{11 * hour, 20 * hour}, [2]sim.Time{34 * hour, 40 * hour})
	checkChains(t, r)
}

// TestBufferPausedWhileDamaged: the battery neither drains nor charges
// while the tower is down for another reason (package doc, Requirements).
//
// Drain paused: 4 h battery, no recharge. S lost [1h, 9h). T damaged at
// 2 h with 3 h left, repaired at 5 h: drains again from 5 h, empty at 8 h.
// T down [2h, 5h) (damage) and [8h, 9h) (battery). Had the battery kept
// draining while T was damaged it would have been empty at 5 h.
//
// Charge paused: 4 h battery, 0.5 h/h. S lost [1h, 3h): 2 h left. Charges
// [3h, 4h) to 2.5 h; T damaged [4h, 10h): no charging. At 10 h S is lost
// again (an impact, before the repair at the same instant) and T is
// repaired while supply is missing: the battery, 2.5 h, runs from 10 h and
// is empty at 12h30. Had it charged while T was damaged it would have been
// full (4 h) and lasted until 14 h.
func TestBufferPausedWhileDamaged(t *testing.T) {
	c := towerToy(t, 0, 4*sim.Hour, 0)
	r := c.run(Options{}, c.imp(hour, hazard.Damage, "S"), c.imp(9*hour, hazard.Repair, "S"),
		c.imp(2*hour, hazard.Damage, "T"), c.imp(5*hour, hazard.Repair, "T"))
	c.wantOutages(r, "T", [2]sim.Time{2 * hour, 5 * hour}, [2]sim.Time{8 * hour, 9 * hour})
	checkChains(t, r)

	c = towerToy(t, 0, 4*sim.Hour, 0.5)
	r = c.run(Options{}, c.imp(hour, hazard.Damage, "S"), c.imp(3*hour, hazard.Repair, "S"),
		c.imp(4*hour, hazard.Damage, "T"), c.imp(10*hour, hazard.Damage, "S"), c.imp(10*hour, hazard.Repair, "T"),
		c.imp(15*hour, hazard.Repair, "S"))
	c.wantOutages(r, "T", [2]sim.Time{4 * hour, 10 * hour}, [2]sim.Time{12*hour + 30*sim.Minute, 15 * hour})
	checkChains(t, r)
}

// TestClocksStartAtRepair: "a component repaired while supply is missing
// starts its clocks at the repair time" (package doc, Requirements).
//
// Lag 1 h: S lost at 1 h, T damaged at 1h30 (the lag is dropped), repaired
// at 3 h: the lag runs 3 h → 4 h. T down [1h30, 3h) and [4h, 6h) (S back
// at 6 h). Counting the lag from 1 h would leave no gap at 3 h.
//
// Lag 1 h then a 2 h battery: S lost at 1 h (lag to 2 h, battery from
// 2 h), T damaged at 3 h with 1 h of battery left, repaired at 5 h: the
// lag again (5 h → 6 h), then the hour left (6 h → 7 h). T down [3h, 5h)
// and [7h, 8h).
//
// T damaged first (0 h30), S lost while T is down (1 h): T is repaired at
// 2 h with no clock started; the lag runs 2 h → 3 h: down [30m, 2h),
// [3h, 4h).
func TestClocksStartAtRepair(t *testing.T) {
	c := towerToy(t, sim.Hour, 0, 0)
	r := c.run(Options{}, c.imp(hour, hazard.Damage, "S"), c.imp(6*hour, hazard.Repair, "S"),
		c.imp(hour+30*sim.Minute, hazard.Damage, "T"), c.imp(3*hour, hazard.Repair, "T"))
	c.wantOutages(r, "T", [2]sim.Time{hour + 30*sim.Minute, 3 * hour}, [2]sim.Time{4 * hour, 6 * hour})
	checkChains(t, r)

	c = towerToy(t, sim.Hour, 2*sim.Hour, 0)
	r = c.run(Options{}, c.imp(hour, hazard.Damage, "S"), c.imp(8*hour, hazard.Repair, "S"),
		c.imp(3*hour, hazard.Damage, "T"), c.imp(5*hour, hazard.Repair, "T"))
	c.wantOutages(r, "T", [2]sim.Time{3 * hour, 5 * hour}, [2]sim.Time{7 * hour, 8 * hour})
	checkChains(t, r)

	c = towerToy(t, sim.Hour, 0, 0)
	r = c.run(Options{}, c.imp(30*sim.Minute, hazard.Damage, "T"), c.imp(hour, hazard.Damage, "S"),
		c.imp(2*hour, hazard.Repair, "T"), c.imp(4*hour, hazard.Repair, "S"))
	c.wantOutages(r, "T", [2]sim.Time{30 * sim.Minute, 2 * hour}, [2]sim.Time{3 * hour, 4 * hour})
	checkChains(t, r)
}

// TestClocksPausedByOtherRequirement: tower T needs S1 (lag 1 h) and S2 (no
// lag). S2 lost at 1 h: T down (unsupplied). S1 lost at 1h30 while T is
// down for S2: no clock. S2 back at 3 h: T is otherwise functional again,
// S1's lag runs 3 h → 4 h. T down [1h, 3h) and [4h, 5h) (S1 back at 5 h).
func TestClocksPausedByOtherRequirement(t *testing.T) {
	c := newToy(t)
	c.source("S1", network.Power)
	c.source("S2", network.Power)
	c.consumer("T", network.Telecom)
	c.need(network.Requirement{Dependent: "T", Providers: []string{"S1"}, Lag: sim.Hour})
	c.need(network.Requirement{Dependent: "T", Providers: []string{"S2"}})
	c.build()
	r := c.run(Options{}, c.imp(hour, hazard.Damage, "S2"), c.imp(hour+30*sim.Minute, hazard.Damage, "S1"),
		c.imp(3*hour, hazard.Repair, "S2"), c.imp(5*hour, hazard.Repair, "S1"))
	c.wantOutages(r, "T", [2]sim.Time{hour, 3 * hour}, [2]sim.Time{4 * hour, 5 * hour})
	checkChains(t, r)
}

// TestTopUpFail: tower T on a 1 h battery (no recharge). S lost at 1 h:
// empty at 2 h, T down. A responder tops the battery up by 1 h at 3 h: T
// is back at 3 h, on backup, down again at 4 h; S back at 6 h. T's return
// at 3 h cites the top-up, a responder action.
//
// With a 30 min lag before the battery: empty at 2h30; back at 3 h, the
// dependent's clocks start again as after a repair — the lag (3 h →
// 3h30), then the hour topped up (→ 4h30).
func TestTopUpFail(t *testing.T) {
	c := towerToy(t, 0, sim.Hour, 0)
	r := c.run(Options{Responder: topUp{}}, c.imp(hour, hazard.Damage, "S"), c.imp(6*hour, hazard.Repair, "S"))
	c.wantOutages(r, "T", [2]sim.Time{2 * hour, 3 * hour}, [2]sim.Time{4 * hour, 6 * hour})
	checkChains(t, r)
	ch, ok := r.Explain(c.i("T"), 3*hour)
	if root := ch.Causes[len(ch.Causes)-1]; !ok || root.Mechanism != ByImpact || root.Hazard != ResponderAction || root.Time != 3*hour {
		t.Errorf("T's return should cite the top-up:\n%s", ch)
	}

	c = towerToy(t, 30*sim.Minute, sim.Hour, 0)
	r = c.run(Options{Responder: topUp{}}, c.imp(hour, hazard.Damage, "S"), c.imp(6*hour, hazard.Repair, "S"))
	c.wantOutages(r, "T", [2]sim.Time{2*hour + 30*sim.Minute, 3 * hour}, [2]sim.Time{4*hour + 30*sim.Minute, 6 * hour})
	checkChains(t, r)
}

// TestBufferChargeIgnoresChecks: a charging buffer's level is a closed
// form of the instant its charge began (package doc, Requirements), so the
// instants at which the engine looks at it change nothing. By hand, a 4 h
// battery recharging at 0.25 h/h: S lost [1h, 3h+1ns) leaves 2h − 1 ns;
// charging for 4h + 3 ns adds 0.25 × (4h + 3 ns) = 1h + 0.75 ns, rounded
// once to 1h + 1 ns: 3 h exactly when S is lost again at 7h + 4 ns, so T
// goes down at 10h + 4 ns, until S is back at 12 h. Demand-factor changes
// of T at 3h + 2 ns … 3h + 6 ns make the engine check the buffer five times
// one nanosecond apart; a level rounded at each check would gain
// round(0.25 ns) = 0 five times and end 1 ns short.
func TestBufferChargeIgnoresChecks(t *testing.T) {
	c := towerToy(t, 0, 4*sim.Hour, 0.25)
	t1, t2 := 3*hour+1, 7*hour+4
	im := []hazard.Impact{c.imp(hour, hazard.Damage, "S"), c.imp(t1, hazard.Repair, "S"),
		c.imp(t2, hazard.Damage, "S"), c.imp(12*hour, hazard.Repair, "S")}
	want := [2]sim.Time{10*hour + 4, 12 * hour}
	c.wantOutages(c.run(Options{}, im...), "T", want)
	for k := range sim.Time(5) {
		f := c.imp(t1+1+k, hazard.SetFactor, "T")
		f.Param, f.Factor = hazard.Demand, 1-float64(k+1)/10
		im = append(im, f)
	}
	hazard.Sort(im)
	r := c.run(Options{}, im...)
	c.wantOutages(r, "T", want)
	checkChains(t, r)
}
