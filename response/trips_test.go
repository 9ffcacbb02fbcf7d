package response_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/response"
	"github.com/lifeline-sim/lifeline/sim"
)

// corridor is a toy power model: the load L is served while a line to G
// works, and the working lines share 1.5 times one line's rating (0.75
// each with both, 1.5 on a line alone).
type corridor struct{ g, l int32 }

func (corridor) Name() string { return "corridor" }

func (c corridor) Verdict(st *network.State, v *flow.Verdict) error {
	var up []int32
	for l := range int32(2) {
		if st.LinkWorking(l) {
			up = append(up, l)
		}
	}
	for _, l := range up {
		v.Rate(l, 1.5/float64(len(up)))
	}
	if st.Functional(c.g) {
		v.Served[c.g] = 1
		if len(up) > 0 && st.Functional(c.l) {
			v.Served[c.l] = 1
		}
	}
	return nil
}

// TestTripsReclosed, by hand: l1 is damaged at 1 h, so l2 alone carries
// 1.5 times its rating and trips after the 1 min protection delay, at
// 1h01, cutting L off. The trip is no crew job: of the two crews at D
// (G's gate, no travel), one repairs l1 in 2 h, until 3 h, and the other
// does nothing. At 3 h no repair of the sector is open, so l2 is reclosed
// at once: l2 is out 1h01 → 3h, L too.
func TestTripsReclosed(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "G", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource, Access: "D"})
	b.AddComponent(network.Component{ID: "L", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Demand: 1})
	b.AddComponent(network.Component{ID: "D", Sector: network.Transport, Kind: network.KindIntersection})
	b.AddLink(network.Link{ID: "l1", Kind: network.KindLine, From: "G", To: "L"})
	b.AddLink(network.Link{ID: "l2", Kind: network.KindLine, From: "G", To: "L"})
	n, err := b.Build()
	require.NoError(t, err)
	r, err := response.New(n, response.Plan{
		Teams:  []response.Team{{Name: "crew", Sector: network.Power, Count: 2, Depot: "D"}},
		Repair: response.Fixed(2 * sim.Hour),
	})
	require.NoError(t, err)
	model := func(n *network.Network, s network.SectorIndex) (flow.Model, error) {
		return flow.FromWhole(n, s, corridor{g: 0, l: 1})
	}
	e, err := cascade.New(n, cascade.Options{Responder: r, Models: map[network.Sector]flow.Factory{network.Power: model}})
	require.NoError(t, err)
	res, err := e.Run(context.Background(), cascade.Input{Seed: 1, Impacts: []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Damage, Target: 0, Link: true, State: network.DamageComplete}}})
	require.NoError(t, err)
	require.Equal(t, [][2]sim.Time{{hm(1, 0), hm(3, 0)}}, res.LinkOutages(0))
	require.Equal(t, [][2]sim.Time{{hm(1, 1), hm(3, 0)}}, res.LinkOutages(1))
	require.Equal(t, [][2]sim.Time{{hm(1, 1), hm(3, 0)}}, res.Outages(1))
	for _, a := range res.Activities {
		require.False(t, a.Link && a.Target == 1, "a crew worked on the tripped line: %+v", a)
	}
}
