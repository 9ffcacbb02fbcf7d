package cascade

import (
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// neverToy: telecom site T needs power from substation S through req.
func neverToy(t *testing.T, req network.Requirement) *toy {
	c := newToy(t)
	c.source("S", network.Power)
	c.source("T", network.Telecom)
	req.Dependent, req.Providers = "T", []string{"S"}
	c.need(req)
	c.build()
	return c
}

// TestNeverSaturates: sums of an instant and a delay saturate at MaxTime,
// "never", and an event at MaxTime is not queued. A lag or a buffer of
// 2,562,047 h (106,751 d 23 h, the largest whole hour below MaxTime's
// 2,562,047.79 h) started at 1 h would end past MaxTime, so it never ends:
// T stays up, and the run without a horizon ends at its last event (the
// damage at 1 h). An impact at MaxTime never happens, so its 1 h lag never
// starts and the run ends at 0.
func TestNeverSaturates(t *testing.T) {
	const longest = 2562047 * sim.Hour
	if longest != 106751*24*sim.Hour+23*sim.Hour || sim.MaxTime-sim.Time(longest) >= sim.Hour {
		t.Fatal("2562047h is not the last whole hour below MaxTime")
	}
	for _, tc := range []struct {
		name string
		req  network.Requirement
		at   sim.Time
		end  sim.Time
	}{
		{"lag", network.Requirement{Lag: longest}, sim.Hour, sim.Hour},
		{"buffer", network.Requirement{Buffer: longest}, sim.Hour, sim.Hour},
		{"lag after an impact at MaxTime", network.Requirement{Lag: sim.Hour}, sim.MaxTime, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := neverToy(t, tc.req)
			r := c.run(Options{}, c.imp(tc.at, hazard.Damage, "S"))
			if r.End != tc.end {
				t.Errorf("run ends at %v, want %v", r.End, tc.end)
			}
			if !r.Delivering(c.i("T")) {
				t.Errorf("T down at the end: %v", r.Final[c.i("T")])
			}
		})
	}
}

// topUpAtStart tops up requirement 0's buffer by D when the run starts.
type topUpAtStart struct{ D sim.Time }

func (u topUpAtStart) Start(c *Control)        { c.TopUp(0, u.D) }
func (topUpAtStart) OnChange(*Control, Change) {}

// TestBufferCapsAtSize: a buffer never holds more than its size, however
// large the recharge rate or a top-up. T has a 4 h buffer recharging at
// 2·10⁵ autonomy-hours per hour. S fails at 1 h (3 h left at 2 h), is
// repaired at 2 h (the buffer refills within 54 ms) and fails again at
// 26 h: a full buffer keeps T up until 30 h (a day of charging at that
// rate, 1.7·10¹⁹ ns, does not fit in a Time). A top-up by MaxTime at the
// start leaves the buffer at 4 h: T goes down at 5 h after a loss at 1 h.
func TestBufferCapsAtSize(t *testing.T) {
	c := neverToy(t, network.Requirement{Buffer: 4 * sim.Hour, Recharge: 2e5})
	r := c.run(Options{}, c.imp(sim.Hour, hazard.Damage, "S"), c.imp(2*sim.Hour, hazard.Repair, "S"), c.imp(26*sim.Hour, hazard.Damage, "S"))
	if got := r.Outages(c.i("T")); len(got) != 1 || got[0] != [2]sim.Time{30 * sim.Hour, -1} {
		t.Errorf("recharge: T's outages %v, want [[30h -1]]", got)
	}
	c = neverToy(t, network.Requirement{Buffer: 4 * sim.Hour})
	r = c.run(Options{Responder: topUpAtStart{D: sim.MaxTime}}, c.imp(sim.Hour, hazard.Damage, "S"))
	if got := r.Outages(c.i("T")); len(got) != 1 || got[0] != [2]sim.Time{5 * sim.Hour, -1} {
		t.Errorf("top-up: T's outages %v, want [[5h -1]]", got)
	}
}
