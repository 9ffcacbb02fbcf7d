package cascade

import (
	"context"
	"errors"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestIntactClocks: the intact network already has an unmet requirement,
// so a clock runs from time 0; toy.run checks that a reused engine (which
// restores the saved intact state) equals a fresh one.
//
//   - P (power) has no line to G: unserved from the start. D needs P with a
//     2 h lag: D is down at 2 h for good, and its loss traces back to P's
//     initial state, not to nothing.
//   - D needs P with a 3 h battery instead: on backup from 0. D damaged at
//     1 h (2 h left, paused), repaired at 2 h: empty at 4 h. D down
//     [1h, 2h) and from 4 h.
func TestIntactClocks(t *testing.T) {
	for _, req := range []network.Requirement{
		{Dependent: "D", Providers: []string{"P"}, Lag: 2 * sim.Hour},
		{Dependent: "D", Providers: []string{"P"}, Buffer: 3 * sim.Hour},
	} {
		c := newToy(t)
		c.source("G", network.Power)
		c.consumer("P", network.Power)
		c.consumer("D", network.Telecom)
		c.consumer("X", network.Telecom)
		c.need(req)
		c.build()
		if req.Lag > 0 {
			r := c.run(Options{}, c.imp(hour, hazard.Damage, "X"))
			c.wantOutages(r, "D", [2]sim.Time{2 * hour, -1})
			checkChains(t, r)
			ch, ok := r.Explain(c.i("D"), 2*hour)
			if !ok || ch.Causes[0].Mechanism != ByLag || ch.Causes[len(ch.Causes)-1].Entity != c.i("P") {
				t.Errorf("D's loss should trace back to P:\n%s", ch)
			}
			continue
		}
		r := c.run(Options{}, c.imp(hour, hazard.Damage, "D"), c.imp(2*hour, hazard.Repair, "D"))
		c.wantOutages(r, "D", [2]sim.Time{hour, 2 * hour}, [2]sim.Time{4 * hour, -1})
		checkChains(t, r)
	}
}

// overModel serves every functional member of its sector, reports each of
// the sector's links at its "load" parameter (÷ rating) and each member
// whose "load" parameter is above 1 as overloaded: a static base-case
// overload.
type overModel struct{}

func (overModel) Name() string { return "over" }

func (overModel) Verdict(n *network.Network, s network.SectorIndex, st *network.State, out *flow.Verdict) {
	for _, i := range n.SectorMembers(s) {
		out.Served[i] = 0
		if st.Functional(i) {
			out.Served[i] = 1
		}
		if ld := n.ComponentParam(i, "load"); ld > 1 && st.Functional(i) {
			out.ComponentLoading[i] = ld
		}
	}
	for l := range n.Links() {
		if n.LinkSector(l) == s {
			out.Loading[l] = 0
			out.Rate(l, 0)
			if st.LinkWorking(l) {
				out.Loading[l] = n.LinkParam(l, "load")
			}
		}
	}
}

// overCity: two sectors under overModel. Sector "a": source GA and bus BA
// at 150 % of its capacity. Sector "b": source GB, bus BB and line LB at
// 150 % of its rating. Both are overloaded in the intact state.
func overCity(t *testing.T) (*toy, Options) {
	c := newToy(t)
	c.source("GA", "a")
	c.add(network.Component{ID: "BA", Sector: "a", Role: network.RoleConsumer, Demand: 1, Params: map[network.Param]float64{"load": 1.5}})
	c.source("GB", "b")
	c.consumer("BB", "b")
	c.b.AddLink(network.Link{ID: "LB", From: "GB", To: "BB", Rating: 1, Params: map[network.Param]float64{"load": 1.5}})
	c.build()
	m := toyFactory(overModel{})
	return c, Options{Models: map[network.Sector]flow.Factory{"a": m, "b": m}}
}

// TestIntactOverload: BA and LB are above their ratings from time 0, so
// both trips are armed by the intact state and fire at 1 min (the default
// delay), each cause saying it was above its rating for 1 min.
//
// Repaired at 1 h, both are still overloaded and trip again at 1h01: the
// second run on the same engine must not inherit the time the first run
// armed them (1 h), and must fire the intact state's trips in the order a
// fresh engine schedules them (sector a's bus before sector b's line).
func TestIntactOverload(t *testing.T) {
	c, opts := overCity(t)
	r := c.run(opts, c.imp(hour, hazard.Repair, "BA"), c.limp(hour, hazard.Repair, "LB"))
	trips := 0
	for _, cause := range r.Causes {
		if cause.Mechanism != ByTrip {
			continue
		}
		trips++
		if cause.Above != sim.Minute || cause.Loading != 1.5 {
			t.Errorf("trip %+v, want 150 %% for 1 min", cause)
		}
	}
	if trips != 4 {
		t.Errorf("%d trips, want 4 (two at 1 min, two at 1h01)", trips)
	}
	checkChains(t, r)
}

// flip is a toy power model that breaks the contract's spirit without
// breaking its letter: X is served while Y works, or while source G runs
// below full capacity — so with Y down, G's Degrade requirement on X
// oscillates (X unserved → G at 0.5 → X served → G at 1 → …). W is served
// while Z works.
type flip struct{}

func (flip) Name() string { return "flip" }

func (flip) Verdict(n *network.Network, s network.SectorIndex, st *network.State, out *flow.Verdict) {
	g, x, y, z, w := int32(0), int32(1), int32(2), int32(3), int32(4)
	for _, i := range n.SectorMembers(s) {
		out.Served[i] = 0
		if st.Functional(i) {
			out.Served[i] = 1
		}
	}
	if !(st.Functional(y) || st.Factor(g) < 1) {
		out.Served[x] = 0
	}
	if !st.Functional(z) {
		out.Served[w] = 0
	}
}

// TestReuseAfterNotSettling: an instant that does not settle (ErrNotSettling
// from inside the settling rounds) leaves the engine reusable: the next run
// on it equals a fresh engine's. Y damaged at 1 h makes flip oscillate;
// the next run only damages Z at 2 h, which cuts off W: W's loss must cite
// Z's damage, not the oscillating instant's leftovers.
func TestReuseAfterNotSettling(t *testing.T) {
	c := newToy(t)
	c.source("G", network.Power)
	c.consumer("X", network.Power)
	c.consumer("Y", network.Power)
	c.consumer("Z", network.Power)
	c.consumer("W", network.Power)
	c.need(network.Requirement{Dependent: "G", Providers: []string{"X"}, Effect: network.Degrade, Factor: 0.5})
	c.build()
	opts := Options{Models: map[network.Sector]flow.Factory{
		network.Power: toyFactory(flip{}),
	}}
	e, err := New(c.n, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Run(context.Background(), Input{Impacts: []hazard.Impact{c.imp(hour, hazard.Damage, "Y")}}); !errors.Is(err, ErrNotSettling) {
		t.Fatalf("error %v, want ErrNotSettling", err)
	}
	in := Input{Impacts: []hazard.Impact{c.imp(2*hour, hazard.Damage, "Z")}}
	got, err := e.Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := New(c.n, opts)
	if err != nil {
		t.Fatal(err)
	}
	want, err := fresh.Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffResults(want, got, true); d != "" {
		t.Fatalf("the engine reused after ErrNotSettling differs from a fresh one: %s", d)
	}
}
