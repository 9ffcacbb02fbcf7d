package cascade

import (
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// failAndDegrade: generation G feeds P1 and P2; D (telecom, standalone)
// needs P1 with effect Fail after a 1 h lag, and P2 with effect Degrade
// (factor 0.5) at once.
func failAndDegrade(t *testing.T) *toy {
	c := newToy(t)
	c.source("G", network.Power)
	c.consumer("P1", network.Power)
	c.consumer("P2", network.Power)
	c.link("G1", "G", "P1")
	c.link("G2", "G", "P2")
	c.consumer("D", network.Telecom)
	c.need(network.Requirement{Dependent: "D", Providers: []string{"P1"}, Lag: sim.Hour})
	c.need(network.Requirement{Dependent: "D", Providers: []string{"P2"}, Effect: network.Degrade, Factor: 0.5})
	c.build()
	return c
}

// TestFailAndDegrade, by hand. D's demand is 1 (10⁶ fixed-point), so the
// telecom series is 10⁶ × D's factor while D delivers, 0 while it is down.
//
// Order A: P2 lost at 1 h → factor 0.5 at once. P1 lost at 2 h → lag to
// 3 h → D down (factor still 0.5: min of the expired Degrade factors).
// P1 back at 4 h → D up at 0.5; P2 back at 5 h → 1. P2 lost again at 6 h
// → 0.5; D damaged partly (factor 0.3) at 6h30 → min(0.3, 0.5) = 0.3; P2
// back at 7 h → 0.3 (the damage remains); D repaired at 8 h → 1.
//
// Order B: the same losses; P2 back first, at 4 h, while D is down: its
// factor is 1 again, D stays down until P1 returns at 5 h.
func TestFailAndDegrade(t *testing.T) {
	c := failAndDegrade(t)
	dmg := func(at sim.Time, id string) hazard.Impact { return c.imp(at, hazard.Damage, id) }
	rep := func(at sim.Time, id string) hazard.Impact { return c.imp(at, hazard.Repair, id) }
	type pt struct {
		at     sim.Time
		demand int64
	}
	check := func(r *Result, want []pt) {
		t.Helper()
		tel := r.Series[c.n.ComponentSector(c.i("D"))]
		got := make([]pt, 0, len(tel.Points))
		for _, p := range tel.Points {
			got = append(got, pt{p.Time, p.Demand})
		}
		if len(got) != len(want) {
			t.Fatalf("telecom series %v, want %v", got, want)
		}
		for k := range want {
			if got[k] != want[k] {
				t.Fatalf("telecom series %v, want %v", got, want)
			}
		}
		checkChains(t, r)
	}
	partial := hazard.Impact{Time: 6*hour + 30*sim.Minute, Kind: hazard.Damage, Target: c.i("D"), State: network.DamageModerate, Factor: 0.3}
	r := c.run(Options{}, dmg(hour, "P2"), dmg(2*hour, "P1"), rep(4*hour, "P1"), rep(5*hour, "P2"),
		dmg(6*hour, "P2"), partial, rep(7*hour, "P2"), rep(8*hour, "D"))
	check(r, []pt{{0, 1e6}, {hour, 5e5}, {3 * hour, 0}, {4 * hour, 5e5}, {5 * hour, 1e6}, {6 * hour, 5e5},
		{6*hour + 30*sim.Minute, 3e5}, {8 * hour, 1e6}})
	if f, x := c.at(r, "D", 3*hour); f&network.Unsupplied == 0 || x != 0.5 {
		t.Errorf("D at 3h: %v factor %v, want unsupplied at 0.5", f, x)
	}

	r = c.run(Options{}, dmg(hour, "P2"), dmg(2*hour, "P1"), rep(4*hour, "P2"), rep(5*hour, "P1"))
	check(r, []pt{{0, 1e6}, {hour, 5e5}, {3 * hour, 0}, {5 * hour, 1e6}})
	if f, x := c.at(r, "D", 4*hour); f&network.Unsupplied == 0 || x != 1 {
		t.Errorf("D at 4h: %v factor %v, want unsupplied at 1", f, x)
	}
}

// gate is a toy power model that reads capacity factors: every functional
// member is served while the sector's first source is functional with a
// capacity factor of at least 0.6 (a plant below 60 % cannot hold the
// frequency: the whole island goes dark).
type gate struct{}

func (gate) Name() string { return "gate" }

func (gate) Verdict(n *network.Network, s network.SectorIndex, st *network.State, out *flow.Verdict) {
	g := n.Sources(s)[0]
	on := st.Functional(g) && st.Factor(g) >= 0.6
	for _, i := range n.SectorMembers(s) {
		out.Served[i] = 0
		if on && st.Functional(i) {
			out.Served[i] = 1
		}
	}
}

// gateCity: plant G (power source) feeds P; G needs water W with effect
// Degrade (factor 0.5, no lag); tower T (telecom) needs P. With loop, P
// also needs T (zero lag both ways: SCADA ↔ power).
func gateCity(t *testing.T, loop bool) (*toy, Options) {
	c := newToy(t)
	c.source("G", network.Power)
	c.consumer("P", network.Power)
	c.link("GP", "G", "P")
	c.consumer("W", network.Water)
	c.consumer("T", network.Telecom)
	c.need(network.Requirement{Dependent: "G", Providers: []string{"W"}, Effect: network.Degrade, Factor: 0.5})
	c.need(network.Requirement{Dependent: "T", Providers: []string{"P"}})
	if loop {
		c.need(network.Requirement{Dependent: "P", Providers: []string{"T"}})
	}
	c.build()
	return c, Options{Models: map[network.Sector]flow.Factory{
		network.Power: toyFactory(gate{}),
	}}
}

// TestFactorSeenAtOnce: factors reach the sector models at the instant they
// change, and a factor going back up restores what it took down.
//
// W lost at 1 h: G's factor drops to 0.5 at once, the gate model sees it
// at the same instant, P goes dark and T (no lag) with it, both at 1 h.
// W back at 2 h: G at 1, P served, T supplied again: both up at 2 h.
// The same with a SetFactor impact on G (0.5 at 1 h, 1 at 2 h), and with
// the P ↔ T loop, which comes back only if the engine re-admits it (the
// greatest fixpoint).
func TestFactorSeenAtOnce(t *testing.T) {
	for _, loop := range []bool{false, true} {
		c, opts := gateCity(t, loop)
		r := c.run(opts, c.imp(hour, hazard.Damage, "W"), c.imp(2*hour, hazard.Repair, "W"))
		c.wantOutages(r, "P", [2]sim.Time{hour, 2 * hour})
		c.wantOutages(r, "T", [2]sim.Time{hour, 2 * hour})
		if _, x := c.at(r, "G", hour); x != 0.5 {
			t.Errorf("loop %v: G's factor at 1h %v, want 0.5", loop, x)
		}
		checkChains(t, r)

		set := func(at sim.Time, f float64) hazard.Impact {
			return hazard.Impact{Time: at, Kind: hazard.SetFactor, Param: hazard.Capacity, Target: c.i("G"), Factor: f}
		}
		r = c.run(opts, set(hour, 0.5), set(2*hour, 1))
		c.wantOutages(r, "P", [2]sim.Time{hour, 2 * hour})
		c.wantOutages(r, "T", [2]sim.Time{hour, 2 * hour})
		checkChains(t, r)
	}
}

// TestIntactDegrade: plant G needs water W (Degrade 0.5, no lag) and W has
// no source to be served from: in the intact state G runs at 0.5, below
// the gate model's 0.6, so P and T are dark from time 0 — not from the
// first event (an unrelated damage of X at 5 h), and the same on a reused
// engine (toy.run).
func TestIntactDegrade(t *testing.T) {
	c := newToy(t)
	c.source("G", network.Power)
	c.consumer("P", network.Power)
	c.link("GP", "G", "P")
	c.source("WS", network.Water)
	c.consumer("W", network.Water)
	c.consumer("T", network.Telecom)
	c.consumer("X", network.Telecom)
	c.need(network.Requirement{Dependent: "G", Providers: []string{"W"}, Effect: network.Degrade, Factor: 0.5})
	c.need(network.Requirement{Dependent: "T", Providers: []string{"P"}})
	c.build()
	_, opts := gateCity(t, false)
	r := c.run(opts, c.imp(5*hour, hazard.Damage, "X"))
	for _, id := range []string{"P", "T"} {
		if f, _ := c.at(r, id, 0); delivering(f) || r.Delivering(c.i(id)) {
			t.Errorf("%s at 0: %v, at the end %v: want dark from the start", id, f, r.Final[c.i(id)])
		}
		c.wantOutages(r, id, [2]sim.Time{0, -1}) // the intact state's change, recorded as Initial
	}
	if r.Direct != 1 || r.Induced != 0 {
		t.Errorf("direct %d induced %d, want 1 (X) and 0: the intact state is no loss", r.Direct, r.Induced)
	}
	if q := r.Series[c.n.ComponentSector(c.i("P"))].Q(0); q != 0 {
		t.Errorf("power Q at 0 = %v, want 0 (G unserved below 0.6, P dark)", q)
	}
	checkChains(t, r)
}

// topUp tops up requirement 0's buffer by one hour at 3 h.
type topUp struct{}

func (u topUp) Start(c *Control) { c.At(3*hour, u, 0) }

func (topUp) OnEvent(c *Control, _ Wakeup) { c.TopUp(0, hour) }

func (topUp) OnChange(*Control, Change) {}

// TestTopUpDegrade: G needs W with effect Degrade (0.5) after a 1 h buffer
// (no recharge). W lost at 1 h: on backup, empty at 2 h, G at 0.5, P (gate
// model) and T dark at 2 h. A responder tops the buffer up by 1 h at 3 h:
// G is back at 1 and the gate model must see it at once, P and T up at
// 3 h; empty again at 4 h: dark until W is repaired at 6 h.
func TestTopUpDegrade(t *testing.T) {
	c := newToy(t)
	c.source("G", network.Power)
	c.consumer("P", network.Power)
	c.link("GP", "G", "P")
	c.consumer("W", network.Water)
	c.consumer("T", network.Telecom)
	c.need(network.Requirement{Dependent: "G", Providers: []string{"W"}, Effect: network.Degrade, Factor: 0.5, Buffer: sim.Hour})
	c.need(network.Requirement{Dependent: "T", Providers: []string{"P"}})
	c.build()
	_, opts := gateCity(t, false)
	opts.Responder = topUp{}
	r := c.run(opts, c.imp(hour, hazard.Damage, "W"), c.imp(6*hour, hazard.Repair, "W"))
	for _, id := range []string{"P", "T"} {
		c.wantOutages(r, id, [2]sim.Time{2 * hour, 3 * hour}, [2]sim.Time{4 * hour, 6 * hour})
	}
	checkChains(t, r)
}
