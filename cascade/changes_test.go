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

// recorder serves every functional member, trips member b once it sees a
// damaged at 1 h (with Again), and records the changes of every call.
type recorder struct {
	n     *network.Network
	s     network.SectorIndex
	a, b  int32
	calls []flow.Changes
}

func (*recorder) Name() string { return "recorder" }

func (m *recorder) Serve(st *network.State, ch *flow.Changes, out *flow.Output) error {
	m.calls = append(m.calls, flow.Changes{All: ch.All, Components: slices.Clone(ch.Components), Links: slices.Clone(ch.Links)})
	list := ch.Components
	if ch.All {
		list = m.n.SectorMembers(m.s)
	}
	for _, i := range list {
		v := 0.0
		if st.Functional(i) {
			v = 1
		}
		out.Served = append(out.Served, flow.Value{I: i, V: v})
	}
	if !st.Functional(m.a) && st.Functional(m.b) {
		out.Trip, out.Again = append(out.Trip, m.b), true
	}
	return nil
}

// TestChangesListWrites: the engine hands a model every member it wrote
// since the model's last call, the trips it latched for the model
// included, and nothing else: a from-scratch call first (All), then a
// (damaged at 1 h), then b (tripped by the model at 1 h, again), then a
// and b (repaired at 2 h).
func TestChangesListWrites(t *testing.T) {
	c := newToy(t)
	c.source("G", network.Power)
	c.consumer("a", network.Power)
	c.consumer("b", network.Power)
	c.consumer("x", network.Water)
	n := c.build()
	s, _ := n.SectorIndexOf(network.Power)
	id := func(name string) int32 { i, _ := n.ComponentIndex(name); return i }
	m := &recorder{n: n, s: s, a: id("a"), b: id("b")}
	e, err := New(n, Options{Models: map[network.Sector]flow.Factory{network.Power: func(*network.Network, network.SectorIndex) (flow.Model, error) { return m, nil }}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Run(context.Background(), Input{Impacts: []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Damage, Target: id("a")},
		{Time: 2 * sim.Hour, Kind: hazard.Repair, Target: id("a")},
		{Time: 2 * sim.Hour, Kind: hazard.Repair, Target: id("b")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]int32{nil, {id("a")}, {id("b")}, {id("a"), id("b")}}
	if len(m.calls) != len(want) || !m.calls[0].All {
		t.Fatalf("calls %+v, want %d, the first with All", m.calls, len(want))
	}
	for k, w := range want[1:] {
		got := m.calls[k+1]
		if got.All || !slices.Equal(slices.Sorted(slices.Values(got.Components)), w) || len(got.Links) != 0 {
			t.Errorf("call %d: %+v, want components %v", k+1, got, w)
		}
	}
}
