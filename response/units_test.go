package response_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/response"
	"github.com/lifeline-sim/lifeline/sim"
)

// siteNet: substation S (power source, access D) feeds site X (sector
// sector, kind kind, 1000 people, gate G) through a requirement with a
// buffer of buffer; the depot D is 30 min from G.
func siteNet(t *testing.T, sector network.Sector, kind network.Kind, buffer sim.Time) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "S", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource, Access: "D"})
	b.AddComponent(network.Component{ID: "X", Sector: sector, Kind: kind, Role: network.RoleConsumer, Access: "G", Population: 1000, Demand: 1})
	b.AddRequirement(network.Requirement{Dependent: "X", Providers: []string{"S"}, Buffer: buffer})
	b.AddComponent(network.Component{ID: "D", Sector: network.Transport, Kind: network.KindIntersection})
	b.AddComponent(network.Component{ID: "G", Sector: network.Transport, Kind: network.KindIntersection})
	b.AddLink(network.Link{ID: "DG", Kind: network.KindRoad, From: "D", To: "G", FreeFlow: 30 * sim.Minute})
	n, err := b.Build()
	require.NoError(t, err)
	return n
}

func runFor(t *testing.T, n *network.Network, plan response.Plan, horizon sim.Time, impacts ...hazard.Impact) *cascade.Result {
	t.Helper()
	r, err := response.New(n, plan)
	require.NoError(t, err)
	e, err := cascade.New(n, cascade.Options{Responder: r, Horizon: horizon})
	require.NoError(t, err)
	res, err := e.Run(context.Background(), cascade.Input{Impacts: impacts, Seed: 1})
	require.NoError(t, err)
	return res
}

// TestGenerator, by hand: S fails for good at 1 h and the hospital X goes
// on its 4 h battery. The generator leaves the depot at 1 h, arrives at
// 1h30 (the battery has 3h30 left) and supplies X for its 10 h of fuel,
// until 11h30: X never goes down before the 11 h horizon. Without it, X
// goes down when the battery is empty, at 5 h.
func TestGenerator(t *testing.T) {
	n := siteNet(t, "health", network.KindHospital, 4*sim.Hour)
	gen := response.Plan{Teams: []response.Team{{Name: "gen", Work: response.Generate, Count: 1, Depot: "D", Autonomy: 10 * sim.Hour}}}
	hit := damage(sim.Hour, 0)
	without := runFor(t, n, response.Plan{}, 11*sim.Hour, hit...)
	require.Equal(t, [][2]sim.Time{{5 * sim.Hour, -1}}, without.Outages(1))
	with := runFor(t, n, gen, 11*sim.Hour, hit...)
	require.Empty(t, with.Outages(1))
	require.Equal(t, []cascade.Activity{
		{Actor: "gen-1", Kind: response.KindIdle, Target: 2, Start: 0, End: sim.Hour},
		{Actor: "gen-1", Kind: response.KindTravel, Target: 1, Start: sim.Hour, End: hm(1, 30)},
		{Actor: "gen-1", Kind: "generate", Target: 1, Start: hm(1, 30), End: hm(11, 30)},
	}, with.Activities)
}

// TestGeneratorStays, by hand: S fails for good at 1 h and the pump X,
// without storage, goes down at once. The generator arrives at 1h30 and
// supplies X for its 4 h of fuel; at 5h30 and 9h30 X still needs power and
// the generator, being there, goes on supplying it at the same instant: X
// has one outage, 1 h to 1h30, none of zero length at the handovers, and
// nothing else changes at those instants.
func TestGeneratorStays(t *testing.T) {
	n := siteNet(t, network.Water, network.KindPump, 0)
	gen := response.Plan{Teams: []response.Team{{Name: "gen", Work: response.Generate, Count: 1, Depot: "D", Autonomy: 4 * sim.Hour}}}
	res := runFor(t, n, gen, 12*sim.Hour, damage(sim.Hour, 0)...)
	for _, ch := range res.Changes {
		require.True(t, ch.Time <= hm(1, 30), "a change at a handover: %+v", ch)
	}
	require.Equal(t, [][2]sim.Time{{sim.Hour, hm(1, 30)}}, res.Outages(1))
	var stays [][2]sim.Time
	for _, a := range res.Activities {
		if a.Kind == "generate" {
			stays = append(stays, [2]sim.Time{a.Start, a.End})
		}
	}
	require.Equal(t, [][2]sim.Time{{hm(1, 30), hm(5, 30)}, {hm(5, 30), hm(9, 30)}, {hm(9, 30), hm(13, 30)}}, stays)
}

// TestCellsOnWheels, by hand: S fails at 1 h and the tower X (no battery)
// goes down; cells on wheels arrive at 1h30 and serve half of it, so
// telecom population service is 0 from 1 h, 0.5 from 1h30. S is repaired
// at 5 h, the tower delivers on its own and the unit leaves: its stay is
// recorded 1h30 → 5h.
func TestCellsOnWheels(t *testing.T) {
	n := siteNet(t, network.Telecom, network.KindCellTower, 0)
	cow := response.Plan{Teams: []response.Team{{Name: "cow", Work: response.Substitute, Count: 1, Depot: "D",
		Kinds: []network.Kind{network.KindCellTower}, Fraction: 0.5}}}
	res := runFor(t, n, cow, 0, append(damage(sim.Hour, 0), hazard.Impact{Time: 5 * sim.Hour, Kind: hazard.Repair, Target: 0})...)
	tel, _ := res.Sector(network.Telecom)
	for _, p := range []struct {
		at   sim.Time
		want float64
	}{{hm(1, 0), 0}, {hm(1, 29), 0}, {hm(1, 30), 0.5}, {hm(4, 59), 0.5}, {hm(5, 0), 1}} {
		require.Equal(t, p.want, tel.Series.QPopulation(p.at), "telecom at %v", p.at)
	}
	require.Equal(t, cascade.Activity{Actor: "cow-1", Kind: "substitute", Target: 1, Start: hm(1, 30), End: hm(5, 0)},
		res.Activities[len(res.Activities)-1])
}

// TestRefuel, by hand: S fails for good at 1 h and the tower X runs on
// its 4 h battery. The fuel truck arrives at 1h30 and fills it (4 h
// again); half a battery later, at 3h30, X is still on backup and the
// truck, still there, fills it again; so every 2 h: X never goes down
// before the 12 h horizon, and the truck's visits start at 1h30, 3h30,
// 5h30, 7h30, 9h30 and 11h30, 10 min each.
func TestRefuel(t *testing.T) {
	n := siteNet(t, network.Telecom, network.KindCellTower, 4*sim.Hour)
	fuel := response.Plan{Teams: []response.Team{{Name: "fuel", Work: response.Refuel, Count: 1, Depot: "D", OnSite: 10 * sim.Minute}}}
	res := runFor(t, n, fuel, 12*sim.Hour, damage(sim.Hour, 0)...)
	require.Empty(t, res.Outages(1))
	var visits []sim.Time
	for _, a := range res.Activities {
		if a.Kind == "refuel" {
			visits = append(visits, a.Start)
			require.Equal(t, 10*sim.Minute, a.End-a.Start)
		}
	}
	require.Equal(t, []sim.Time{hm(1, 30), hm(3, 30), hm(5, 30), hm(7, 30), hm(9, 30), hm(11, 30)}, visits)
}

// TestWaterTruck, by hand: the pumping station S feeds the junction X
// (water, 1000 people, no buffer); S fails at 1 h. A water truck serving
// a quarter of a junction's demand arrives at 1h30 and stays 6 h (its
// Autonomy); at 7h30 the junction still needs it, a new job is filed and
// the truck, being there, serves it again at once. Water population
// service is 0 from 1 h and 0.25 from 1h30 on; the first stay is
// recorded 1h30 → 7h30.
func TestWaterTruck(t *testing.T) {
	n := siteNet(t, network.Water, network.KindJunction, 0)
	truck := response.Plan{Teams: []response.Team{{Name: "truck", Work: response.Substitute, Count: 1, Depot: "D",
		Kinds: []network.Kind{network.KindJunction}, Fraction: 0.25, Autonomy: 6 * sim.Hour}}}
	res := runFor(t, n, truck, 8*sim.Hour, damage(sim.Hour, 0)...)
	w, _ := res.Sector(network.Water)
	for _, p := range []struct {
		at   sim.Time
		want float64
	}{{hm(1, 0), 0}, {hm(1, 30), 0.25}, {hm(7, 29), 0.25}, {hm(7, 30), 0.25}, {hm(8, 0), 0.25}} {
		require.Equal(t, p.want, w.Series.QPopulation(p.at), "water at %v", p.at)
	}
	require.Contains(t, res.Activities, cascadeActivity("truck-1", "substitute", 1, hm(1, 30), hm(7, 30)))
}

// TestSpellsAtTheEnd, by hand: the pump X is damaged at 1 h; the crew
// leaves the depot D at once, reaches X's gate G at 1h30 and repairs it
// in 2 h, until 3h30, then waits at G. With a 6 h horizon its wait at G
// is recorded, cut at the end: 3h30 → 6h. With a 1h15 horizon it is on
// the road at the end: its trip is recorded 1 h → 1h15.
func TestSpellsAtTheEnd(t *testing.T) {
	n := siteNet(t, network.Water, network.KindPump, 0)
	crew := response.Plan{Repair: response.Fixed(2 * sim.Hour),
		Teams: []response.Team{{Name: "crew", Work: response.Repair, Count: 1, Depot: "D", Sector: network.Water}}}
	x, g, d := int32(1), int32(3), int32(2)
	res := runFor(t, n, crew, 6*sim.Hour, damage(sim.Hour, x)...)
	require.Equal(t, []cascade.Activity{
		cascadeActivity("crew-1", response.KindIdle, d, 0, sim.Hour),
		cascadeActivity("crew-1", response.KindTravel, x, sim.Hour, hm(1, 30)),
		cascadeActivity("crew-1", "repair", x, hm(1, 30), hm(3, 30)),
		cascadeActivity("crew-1", response.KindIdle, g, hm(3, 30), 6*sim.Hour),
	}, res.Activities)
	res = runFor(t, n, crew, hm(1, 15), damage(sim.Hour, x)...)
	require.Equal(t, []cascade.Activity{
		cascadeActivity("crew-1", response.KindIdle, d, 0, sim.Hour),
		cascadeActivity("crew-1", response.KindTravel, x, sim.Hour, hm(1, 15)),
	}, res.Activities)
}
