package cascade

import (
	"context"
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// listing is a sector model that serves by source connectivity and keeps
// every component the engine hands it as changed.
type listing struct {
	flow.Model
	seen []int32
}

func (m *listing) Serve(st *network.State, ch *flow.Changes, out *flow.Output) error {
	m.seen = append(m.seen, ch.Components...)
	return m.Model.Serve(st, ch, out)
}

// TestReadmitLeavesUnsuppliableDown: water source S feeds J through pipe
// SJ and the pump P through J (pipe JP); P needs power from B (no lag, no
// buffer), fed by G. B and SJ are damaged at 1 h: J and P lose service, P
// its supply too. SJ repaired at 2 h brings J back, and P with it into
// the re-admission closure, but P's provider B is still damaged: P cannot
// come back, so the water model is never handed P after 1 h (it would see
// P re-admitted, then taken out again: a loss, and a search of the sector
// from its sources). B repaired at 3 h brings P back. By hand: J down
// [1 h, 2 h), P down [1 h, 3 h).
func TestReadmitLeavesUnsuppliableDown(t *testing.T) {
	c := newToy(t)
	c.source("G", network.Power)
	c.consumer("B", network.Power)
	c.link("GB", "G", "B")
	n, opts := pumpToy(c)
	im := []hazard.Impact{c.imp(hour, hazard.Damage, "B"), c.limp(hour, hazard.Damage, "SJ"),
		c.limp(2*hour, hazard.Repair, "SJ"), c.imp(3*hour, hazard.Repair, "B")}
	r := c.run(opts, im...)
	c.wantOutages(r, "J", [2]sim.Time{hour, 2 * hour})
	c.wantOutages(r, "P", [2]sim.Time{hour, 3 * hour})
	checkChains(t, r)

	// Up to 2 h: the water model is handed P once, when P loses its supply
	// at 1 h.
	if got := handed(t, n, im[:3], c.i("P")); got != 1 {
		t.Errorf("the water model was handed P %d times, want once", got)
	}
}

// pumpToy adds to c the water sector of the tests above (S feeds J through
// SJ and P through J, P needs power from B, no lag, no buffer), builds it
// and returns the options that serve water by Connectivity.
func pumpToy(c *toy) (*network.Network, Options) {
	c.source("S", network.Water)
	c.consumer("J", network.Water)
	c.consumer("P", network.Water)
	c.link("SJ", "S", "J")
	c.link("JP", "J", "P")
	c.need(network.Requirement{Dependent: "P", Providers: []string{"B"}})
	return c.build(), Options{Models: map[network.Sector]flow.Factory{network.Water: flow.ConnectivityFactory}}
}

// handed runs the impacts im on a fresh engine whose water model
// (Connectivity) lists what the engine hands it, and returns how many
// times it was handed component i.
func handed(t *testing.T, n *network.Network, im []hazard.Impact, i int32) int {
	t.Helper()
	var m *listing
	water := func(n *network.Network, s network.SectorIndex) (flow.Model, error) {
		c, err := flow.ConnectivityFactory(n, s)
		m = &listing{Model: c}
		return m, err
	}
	e, err := New(n, Options{Models: map[network.Sector]flow.Factory{network.Water: water}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Run(context.Background(), Input{Impacts: im}); err != nil {
		t.Fatal(err)
	}
	return len(slices.DeleteFunc(slices.Clone(m.seen), func(j int32) bool { return j != i }))
}

// TestReadmitLeavesCutOffProvidersOut: as above, but P's provider B is
// functional, cut off from generation: G feeds B through A (lines GA, AB)
// and X through GX. GA, SJ and X are damaged at 1 h: A and B lose
// service, J and P too, P its supply. SJ and X repaired at 2 h bring J
// back, P into the closure and the power sector into the recompute (X
// comes back), yet B's region {A, B} holds no source and touches no
// delivering member through a working line: B cannot deliver, P cannot
// come back, and the water model is never handed P after 1 h. GA
// repaired at 3 h brings A, B and P back. By hand: A, B and P down
// [1 h, 3 h), J and X down [1 h, 2 h).
func TestReadmitLeavesCutOffProvidersOut(t *testing.T) {
	c := newToy(t)
	c.source("G", network.Power)
	c.consumer("A", network.Power)
	c.consumer("B", network.Power)
	c.consumer("X", network.Power)
	c.link("GA", "G", "A")
	c.link("AB", "A", "B")
	c.link("GX", "G", "X")
	n, opts := pumpToy(c)
	im := []hazard.Impact{c.limp(hour, hazard.Damage, "GA"), c.limp(hour, hazard.Damage, "SJ"), c.imp(hour, hazard.Damage, "X"),
		c.limp(2*hour, hazard.Repair, "SJ"), c.imp(2*hour, hazard.Repair, "X"), c.limp(3*hour, hazard.Repair, "GA")}
	r := c.run(opts, im...)
	for _, id := range []string{"A", "B", "P"} {
		c.wantOutages(r, id, [2]sim.Time{hour, 3 * hour})
	}
	for _, id := range []string{"J", "X"} {
		c.wantOutages(r, id, [2]sim.Time{hour, 2 * hour})
	}
	checkChains(t, r)

	// Up to 2 h: the water model is handed P once, when P loses its supply
	// at 1 h.
	if got := handed(t, n, im[:5], c.i("P")); got != 1 {
		t.Errorf("the water model was handed P %d times, want once", got)
	}
}
