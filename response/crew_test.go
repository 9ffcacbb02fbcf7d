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

// twoSites is the hand-timed city of the policy tests. Roads (minutes):
//
//	D —10— A
//	 \     |
//	  30   15
//	   \   |
//	    `— B
//
// so from the depot D, A is 10 min away and B 25 min (via A; the direct
// road takes 30). Power sites pB (index 0, access B, 500 people) and pA
// (index 1, access A, 100 people, critical) and pC (index 2, access D) are
// joined by lines pA — pB — pC, so pB lies between the other two (intact
// betweenness 2, pA 0). All three are sources: a damaged site cuts no
// one else off.
func twoSites(t *testing.T) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "pB", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource, Access: "B", Population: 500})
	b.AddComponent(network.Component{ID: "pA", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource, Access: "A", Population: 100, Critical: true})
	b.AddComponent(network.Component{ID: "pC", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource, Access: "D"})
	for _, id := range []string{"D", "A", "B"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Transport, Kind: network.KindIntersection})
	}
	for _, l := range []struct {
		id, from, to string
		min          sim.Time
	}{{"DA", "D", "A", 10}, {"AB", "A", "B", 15}, {"DB", "D", "B", 30}} {
		b.AddLink(network.Link{ID: l.id, Kind: network.KindRoad, From: l.from, To: l.to, FreeFlow: l.min * sim.Minute})
	}
	b.AddLink(network.Link{ID: "ab", Kind: network.KindLine, From: "pA", To: "pB"})
	b.AddLink(network.Link{ID: "bc", Kind: network.KindLine, From: "pB", To: "pC"})
	n, err := b.Build()
	require.NoError(t, err)
	return n
}

// oneCrew is one power crew at the depot whose repairs take 2 h.
func oneCrew(p response.Policy) response.Plan {
	return response.Plan{
		Teams:  []response.Team{{Name: "crew", Sector: network.Power, Count: 1, Depot: "D"}},
		Policy: p,
		Repair: response.Fixed(2 * sim.Hour),
	}
}

func run(t *testing.T, n *network.Network, plan response.Plan, impacts ...hazard.Impact) *cascade.Result {
	t.Helper()
	r, err := response.New(n, plan)
	require.NoError(t, err)
	e, err := cascade.New(n, cascade.Options{Responder: r})
	require.NoError(t, err)
	res, err := e.Run(context.Background(), cascade.Input{Impacts: impacts, Seed: 1})
	require.NoError(t, err)
	return res
}

func damage(at sim.Time, targets ...int32) []hazard.Impact {
	var im []hazard.Impact
	for _, i := range targets {
		im = append(im, hazard.Impact{Time: at, Kind: hazard.Damage, Target: i, State: network.DamageComplete})
	}
	return im
}

func hm(h, m sim.Time) sim.Time { return h*sim.Hour + m*sim.Minute }

// TestPolicies, by hand: pB and pA are damaged at 1 h; the crew leaves the
// depot at once and each repair takes 2 h. A first: travel 10 min, pA up
// at 3h10; A → B 15 min, pB up at 3h10 + 15 min + 2 h = 5h25. B first:
// travel 25 min, pB up at 3h25; B → A 15 min, pA up at 5h40.
//
//   - NearestFirst: A (10 min < 25 min).
//   - CriticalFirst: A (pA is critical).
//   - FirstCome: B (both reported at 1 h; pB's change is recorded first,
//     its index being lower).
//   - MostPopulation: B (500 ÷ (25 min + 2 h) = 206.9 per hour against
//     100 ÷ (10 min + 2 h) = 46.2).
//   - HighestBetweenness: B (2 against 0).
//   - a user function, farthest first: B.
func TestPolicies(t *testing.T) {
	n := twoSites(t)
	farthest := response.PolicyFunc(func(d *response.Decision) (response.Job, bool) {
		var best response.Job
		var bestT sim.Time = -1
		d.Walk(func(j response.Job, t sim.Time) bool {
			if t > bestT {
				best, bestT = j, t
			}
			return true
		})
		return best, bestT >= 0
	})
	aFirst := [2][2]sim.Time{{hm(1, 0), hm(5, 25)}, {hm(1, 0), hm(3, 10)}} // pB, pA outages
	bFirst := [2][2]sim.Time{{hm(1, 0), hm(3, 25)}, {hm(1, 0), hm(5, 40)}}
	for _, tc := range []struct {
		name   string
		policy response.Policy
		want   [2][2]sim.Time
	}{
		{"nearest", response.NearestFirst{}, aFirst},
		{"critical", response.CriticalFirst{}, aFirst},
		{"first-come", response.FirstCome{}, bFirst},
		{"population", response.MostPopulation{}, bFirst},
		{"betweenness", response.HighestBetweenness{}, bFirst},
		{"farthest", farthest, bFirst},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := run(t, n, oneCrew(tc.policy), damage(sim.Hour, 0, 1)...)
			for i := range int32(2) {
				require.Equal(t, [][2]sim.Time{tc.want[i]}, res.Outages(i), "outages of %s", n.ComponentID(i))
			}
		})
	}
}

// TestGantt, by hand (NearestFirst, as in TestPolicies): the crew idles
// at the depot 0 → 1 h, travels 1h → 1h10, repairs pA 1h10 → 3h10,
// travels 3h10 → 3h25, repairs pB 3h25 → 5h25.
func TestGantt(t *testing.T) {
	n := twoSites(t)
	res := run(t, n, oneCrew(nil), damage(sim.Hour, 0, 1)...)
	d, _ := n.ComponentIndex("D")
	want := []cascade.Activity{
		{Actor: "crew-1", Kind: response.KindIdle, Target: d, Start: 0, End: hm(1, 0)},
		{Actor: "crew-1", Kind: response.KindTravel, Target: 1, Start: hm(1, 0), End: hm(1, 10)},
		{Actor: "crew-1", Kind: "repair", Target: 1, Start: hm(1, 10), End: hm(3, 10)},
		{Actor: "crew-1", Kind: response.KindTravel, Target: 0, Start: hm(3, 10), End: hm(3, 25)},
		{Actor: "crew-1", Kind: "repair", Target: 0, Start: hm(3, 25), End: hm(5, 25)},
	}
	require.Equal(t, want, res.Activities)
}

// TestDetour, by hand: pA alone is damaged at 1 h. Intact, the crew
// reaches it in 10 min and it is up at 3h10. With the road D–A closed at
// 30 min, the route is D → B → A, 30 + 15 = 45 min: up at 3h45, later by
// exactly the detour, 35 min. With A–B closed as well, A cannot be
// reached: the crew waits until D–A is repaired at 5 h, arrives at 5h10,
// and pA is up at 7h10.
func TestDetour(t *testing.T) {
	n := twoSites(t)
	da, _ := n.LinkIndex("DA")
	ab, _ := n.LinkIndex("AB")
	closeRoad := func(l int32) hazard.Impact {
		return hazard.Impact{Time: 30 * sim.Minute, Kind: hazard.Damage, Target: l, Link: true, State: network.DamageComplete}
	}
	intact := run(t, n, oneCrew(nil), damage(sim.Hour, 1)...)
	detour := run(t, n, oneCrew(nil), append(damage(sim.Hour, 1), closeRoad(da))...)
	require.Equal(t, [][2]sim.Time{{hm(1, 0), hm(3, 10)}}, intact.Outages(1))
	require.Equal(t, [][2]sim.Time{{hm(1, 0), hm(3, 45)}}, detour.Outages(1))
	require.Equal(t, 35*sim.Minute, detour.Outages(1)[0][1]-intact.Outages(1)[0][1])

	cut := run(t, n, oneCrew(nil), append(damage(sim.Hour, 1), closeRoad(da), closeRoad(ab),
		hazard.Impact{Time: 5 * sim.Hour, Kind: hazard.Repair, Target: da, Link: true})...)
	require.Equal(t, [][2]sim.Time{{hm(1, 0), hm(7, 10)}}, cut.Outages(1))
}

// TestRoadCrewOpensTheWay, by hand: the road D–A and pA are damaged at
// 1 h, and A–B is closed for good. A road crew at D repairs D–A from D
// (it works from the end it reaches: no travel) in 2 h, until 3 h; the
// power crew, which cannot reach A before, leaves at 3 h, arrives at
// 3h10 and has pA up at 5h10.
func TestRoadCrewOpensTheWay(t *testing.T) {
	n := twoSites(t)
	da, _ := n.LinkIndex("DA")
	ab, _ := n.LinkIndex("AB")
	plan := oneCrew(nil)
	plan.Teams = append(plan.Teams, response.Team{Name: "roads", Sector: network.Transport, Count: 1, Depot: "D"})
	res := run(t, n, plan, append(damage(sim.Hour, 1),
		hazard.Impact{Time: sim.Hour, Kind: hazard.Damage, Target: da, Link: true, State: network.DamageComplete},
		hazard.Impact{Time: sim.Hour, Kind: hazard.Remove, Target: ab, Link: true})...)
	require.Equal(t, [][2]sim.Time{{hm(1, 0), hm(3, 0)}}, res.LinkOutages(da))
	require.Equal(t, [][2]sim.Time{{hm(1, 0), hm(5, 10)}}, res.Outages(1))
}

func cascadeActivity(actor, kind string, target int32, start, end sim.Time) cascade.Activity {
	return cascade.Activity{Actor: actor, Kind: kind, Target: target, Start: start, End: end}
}

// TestDamagedIntersection, by hand: the intersection A itself is damaged
// at 1 h, together with pA behind it. No route enters a closed
// intersection, so the power crew waits; the road crew works on A from
// the depot D next to it (no travel) and has it open at 3 h. The power
// crew then leaves, arrives at 3h10 and has pA up at 5h10.
func TestDamagedIntersection(t *testing.T) {
	n := twoSites(t)
	a, _ := n.ComponentIndex("A")
	plan := oneCrew(nil)
	plan.Teams = append(plan.Teams, response.Team{Name: "roads", Sector: network.Transport, Count: 1, Depot: "D"})
	res := run(t, n, plan, damage(sim.Hour, 1, a)...)
	require.Equal(t, [][2]sim.Time{{hm(1, 0), hm(3, 0)}}, res.Outages(a))
	require.Equal(t, [][2]sim.Time{{hm(1, 0), hm(5, 10)}}, res.Outages(1))
}

// TestReroute, by hand: pB alone is damaged at 1 h; the crew leaves D at
// 1 h for B by D → A → B (10 + 15 = 25 min) and is on D–A when A–B closes
// at 1h05.
//
//   - Route fixed at departure: it arrives at 1h25 as planned and pB is
//     up at 3h25.
//   - Rerouting: it reaches A at 1h10, then goes A → D → B (10 + 30 min),
//     arriving at 1h50: pB is up at 3h50.
//   - Rerouting with D–B closed too: from A no road leads to B; it stops
//     at A at 1h10 and waits; A–B is repaired at 2 h, it leaves A then,
//     arrives at 2h15 and pB is up at 4h15.
func TestReroute(t *testing.T) {
	n := twoSites(t)
	ab, _ := n.LinkIndex("AB")
	db, _ := n.LinkIndex("DB")
	shut := func(l int32) hazard.Impact {
		return hazard.Impact{Time: hm(1, 5), Kind: hazard.Damage, Target: l, Link: true, State: network.DamageComplete}
	}
	fixed := run(t, n, oneCrew(nil), append(damage(sim.Hour, 0), shut(ab))...)
	require.Equal(t, [][2]sim.Time{{hm(1, 0), hm(3, 25)}}, fixed.Outages(0))

	rerouting := oneCrew(response.Rerouting{Policy: response.NearestFirst{}})
	res := run(t, n, rerouting, append(damage(sim.Hour, 0), shut(ab))...)
	require.Equal(t, [][2]sim.Time{{hm(1, 0), hm(3, 50)}}, res.Outages(0))
	require.Contains(t, res.Activities, cascadeActivity("crew-1", response.KindTravel, 0, hm(1, 0), hm(1, 50)))

	res = run(t, n, rerouting, append(damage(sim.Hour, 0), shut(ab), shut(db),
		hazard.Impact{Time: 2 * sim.Hour, Kind: hazard.Repair, Target: ab, Link: true})...)
	require.Equal(t, [][2]sim.Time{{hm(1, 0), hm(4, 15)}}, res.Outages(0))
	a, _ := n.ComponentIndex("A")
	require.Equal(t, []cascade.Activity{
		cascadeActivity("crew-1", response.KindIdle, 3, 0, hm(1, 0)),
		cascadeActivity("crew-1", response.KindTravel, 0, hm(1, 0), hm(1, 10)),
		cascadeActivity("crew-1", response.KindIdle, a, hm(1, 10), hm(2, 0)),
		cascadeActivity("crew-1", response.KindTravel, 0, hm(2, 0), hm(2, 15)),
		cascadeActivity("crew-1", "repair", 0, hm(2, 15), hm(4, 15)),
	}, res.Activities)
}

// TestWorkingDamageRepaired: damage that leaves an element working — a
// slight damage of a substation, a leak in a line (factor 1) — changes no
// flag and no factor, yet it is damage to repair. By hand, with the crew
// at D and 2 h repairs, nearest first: at 1 h pA (10 min away) and the
// line ab (from pA's node A, also 10 min) are damaged slight; the crew
// repairs pA 1h10 → 3h10 (reported first), then ab from where it stands
// 3h10 → 5h10.
func TestWorkingDamageRepaired(t *testing.T) {
	n := twoSites(t)
	ab, _ := n.LinkIndex("ab")
	res := run(t, n, oneCrew(nil),
		hazard.Impact{Time: sim.Hour, Kind: hazard.Damage, Target: 1, State: network.DamageSlight, Factor: 1},
		hazard.Impact{Time: sim.Hour, Kind: hazard.Damage, Target: ab, Link: true, State: network.DamageSlight, Factor: 1})
	require.Contains(t, res.Activities, cascadeActivity("crew-1", "repair", 1, hm(1, 10), hm(3, 10)))
	require.Contains(t, res.Activities, cascade.Activity{Actor: "crew-1", Kind: "repair", Target: ab, Link: true,
		Start: hm(3, 10), End: hm(5, 10)})
}

// TestShadowed: a job goes to the first team that fits it. On twoSites
// (power: three substations and two lines), "lines" (kinds line) and then
// "all" (the whole sector) share the work: lines takes ab and bc, all the
// substations. A later "subs" (kinds substation) fits only substations,
// which all took first: it never works, shadowed by all alone. "spare",
// a second whole-sector team, is shadowed by lines and all.
func TestShadowed(t *testing.T) {
	n := twoSites(t)
	lines := response.Team{Name: "lines", Sector: network.Power, Kinds: []network.Kind{network.KindLine}, Count: 1, Depot: "D"}
	all := response.Team{Name: "all", Sector: network.Power, Count: 1, Depot: "D"}
	subs := response.Team{Name: "subs", Sector: network.Power, Kinds: []network.Kind{network.KindSubstation}, Count: 1, Depot: "D"}
	spare := response.Team{Name: "spare", Sector: network.Power, Count: 1, Depot: "D"}
	for _, tc := range []struct {
		teams []response.Team
		want  []response.Shadowed
	}{
		{[]response.Team{lines, all, subs, spare}, []response.Shadowed{{Team: "subs", By: []string{"all"}}, {Team: "spare", By: []string{"lines", "all"}}}},
		{[]response.Team{lines, all}, nil},
		// Narrow teams that cover the sector between them leave the wide
		// one after them nothing.
		{[]response.Team{subs, lines, all}, []response.Shadowed{{Team: "all", By: []string{"subs", "lines"}}}},
	} {
		r, err := response.New(n, response.Plan{Teams: tc.teams})
		require.NoError(t, err)
		require.Equal(t, tc.want, r.Shadowed())
	}
}
