package response_test

import (
	"context"
	"fmt"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/response"
	"github.com/lifeline-sim/lifeline/sim"
)

// exampleCity: a depot D, 10 min from A and 25 min from B (via A), power
// sites pB (500 people, gate B) and pA (100 people, gate A).
func exampleCity() *network.Network {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "pB", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource, Access: "B", Population: 500})
	b.AddComponent(network.Component{ID: "pA", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource, Access: "A", Population: 100})
	for _, id := range []string{"D", "A", "B"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Transport, Kind: network.KindIntersection})
	}
	b.AddLink(network.Link{ID: "DA", Kind: network.KindRoad, From: "D", To: "A", FreeFlow: 10 * sim.Minute})
	b.AddLink(network.Link{ID: "AB", Kind: network.KindRoad, From: "A", To: "B", FreeFlow: 15 * sim.Minute})
	b.AddLink(network.Link{ID: "DB", Kind: network.KindRoad, From: "D", To: "B", FreeFlow: 30 * sim.Minute})
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	return n
}

func runPlan(n *network.Network, plan response.Plan, impacts []hazard.Impact) *cascade.Result {
	r, err := response.New(n, plan)
	if err != nil {
		panic(err)
	}
	e, err := cascade.New(n, cascade.Options{Responder: r})
	if err != nil {
		panic(err)
	}
	res, err := e.Run(context.Background(), cascade.Input{Impacts: impacts, Seed: 1})
	if err != nil {
		panic(err)
	}
	return res
}

// One crew, two damaged substations: comparing policies is a one-line
// change. Nearest first repairs pA (10 min away) first; most population
// per crew-hour goes to pB (500 people) first. The activities are the
// crew's Gantt chart.
func Example() {
	n := exampleCity()
	quake := []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Damage, Target: 0, State: network.DamageComplete},
		{Time: sim.Hour, Kind: hazard.Damage, Target: 1, State: network.DamageComplete},
	}
	for _, policy := range []response.Policy{response.NearestFirst{}, response.MostPopulation{}} {
		plan := response.Plan{
			Teams:  []response.Team{{Name: "crew", Sector: network.Power, Count: 1, Depot: "D"}},
			Policy: policy,
			Repair: response.Fixed(2 * sim.Hour),
		}
		res := runPlan(n, plan, quake)
		fmt.Printf("%T:\n", policy)
		for _, a := range res.Activities {
			fmt.Printf("  %s %-6s %-2s %v-%v\n", a.Actor, a.Kind, n.ComponentID(a.Target), a.Start, a.End)
		}
	}
	// Output:
	// response.NearestFirst:
	//   crew-1 idle   D  0s-1h
	//   crew-1 travel pA 1h-1h10m
	//   crew-1 repair pA 1h10m-3h10m
	//   crew-1 travel pB 3h10m-3h25m
	//   crew-1 repair pB 3h25m-5h25m
	// response.MostPopulation:
	//   crew-1 idle   D  0s-1h
	//   crew-1 travel pB 1h-1h25m
	//   crew-1 repair pB 1h25m-3h25m
	//   crew-1 travel pA 3h25m-3h40m
	//   crew-1 repair pA 3h40m-5h40m
}

// A user's own policy: the substation serving the most people, wherever
// it is (a Decision gives the live state, the pending jobs and travel
// times).
func ExamplePolicyFunc() {
	n := exampleCity()
	largest := response.PolicyFunc(func(d *response.Decision) (response.Job, bool) {
		var best response.Job
		found := false
		for j := range d.Pending() {
			if d.Travel(j) != response.Unreachable && (!found || d.Population(j) > d.Population(best)) {
				best, found = j, true
			}
		}
		return best, found
	})
	plan := response.Plan{
		Teams:  []response.Team{{Name: "crew", Sector: network.Power, Count: 1, Depot: "D", Policy: largest}},
		Repair: response.Fixed(2 * sim.Hour),
	}
	res := runPlan(n, plan, []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Damage, Target: 1, State: network.DamageComplete},
		{Time: sim.Hour, Kind: hazard.Damage, Target: 0, State: network.DamageComplete},
	})
	for i := range int32(2) {
		fmt.Println(n.ComponentID(i), "restored at", res.Outages(i)[0][1])
	}
	// Output:
	// pB restored at 3h25m
	// pA restored at 5h40m
}

// A hospital on a 4 h battery loses its substation from 1 h to 20 h. A
// mobile generator with 10 h of fuel reaches it in 30 min and powers it
// until 11h30; the hospital, back on its battery, needs it again and it
// stays another 10 h (a fuel truck would instead top the battery up: Work
// Refuel; cells on wheels and water trucks serve a share of a site:
// Substitute). The hospital never goes down.
func ExampleTeam_generator() {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "S", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "H", Sector: "health", Kind: network.KindHospital, Critical: true, Access: "gate"})
	b.AddRequirement(network.Requirement{Dependent: "H", Providers: []string{"S"}, Buffer: 4 * sim.Hour})
	b.AddComponent(network.Component{ID: "depot", Sector: network.Transport, Kind: network.KindIntersection})
	b.AddComponent(network.Component{ID: "gate", Sector: network.Transport, Kind: network.KindIntersection})
	b.AddLink(network.Link{ID: "road", Kind: network.KindRoad, From: "depot", To: "gate", FreeFlow: 30 * sim.Minute})
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	plan := response.Plan{Teams: []response.Team{{Name: "generator", Work: response.Generate, Count: 1, Depot: "depot", Autonomy: 10 * sim.Hour}}}
	res := runPlan(n, plan, []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Damage, Target: 0, State: network.DamageComplete},
		{Time: 20 * sim.Hour, Kind: hazard.Repair, Target: 0},
	})
	for _, a := range res.Activities[1:] {
		fmt.Printf("%s %-8s %s %v-%v\n", a.Actor, a.Kind, n.ComponentID(a.Target), a.Start, a.End)
	}
	fmt.Println("hospital outages:", len(res.Outages(1)))
	// Output:
	// generator-1 travel   H 1h-1h30m
	// generator-1 generate H 1h30m-11h30m
	// generator-1 generate H 11h30m-21h30m
	// hospital outages: 0
}

// A what-if: switch the hospital to its own generator as soon as it
// stops delivering, for 3 h.
func ExampleAction() {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "S", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "H", Sector: "health", Kind: network.KindHospital, Critical: true})
	b.AddRequirement(network.Requirement{Dependent: "H", Providers: []string{"S"}})
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	plan := response.Plan{Script: []response.Action{{
		Name: "hospital generator",
		When: func(_ sim.Time, v network.View) bool { return !v.Delivering(1) },
		Do:   response.Backup{Facility: "H", For: 3 * sim.Hour},
	}}}
	res := runPlan(n, plan, []hazard.Impact{{Time: sim.Hour, Kind: hazard.Damage, Target: 0, State: network.DamageComplete}})
	fmt.Println("hospital outages:", res.Outages(1))
	// Output:
	// hospital outages: [[1h 1h] [4h -1ns]]
}

// byKind is a repair model of one's own: lines take 3 h, everything else
// a day. A Hazus-backed model keyed by network.Network.Fragility and the
// damage state is written the same way.
type byKind struct{}

func (byKind) Duration(n *network.Network, e int32, link bool, state uint8, _ *sim.Stream) sim.Time {
	return byKind{}.Mean(n, e, link, state)
}

func (byKind) Mean(n *network.Network, e int32, link bool, _ uint8) sim.Time {
	if link && n.LinkKind(e) == network.KindLine {
		return 3 * sim.Hour
	}
	return sim.Day
}

// A custom RepairModel: the crew repairs the line first (nearest), then
// the substation.
func ExampleRepairModel() {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "gen", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource, Access: "depot"})
	b.AddComponent(network.Component{ID: "sub", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Access: "town", Demand: 5})
	b.AddLink(network.Link{ID: "line", Kind: network.KindLine, From: "gen", To: "sub"})
	b.AddComponent(network.Component{ID: "depot", Sector: network.Transport, Kind: network.KindIntersection})
	b.AddComponent(network.Component{ID: "town", Sector: network.Transport, Kind: network.KindIntersection})
	b.AddLink(network.Link{ID: "road", Kind: network.KindRoad, From: "depot", To: "town", FreeFlow: 20 * sim.Minute})
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	plan := response.Plan{
		Teams:  []response.Team{{Name: "crew", Sector: network.Power, Count: 1, Depot: "depot"}},
		Repair: byKind{},
	}
	res := runPlan(n, plan, []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Damage, Target: 0, Link: true, State: network.DamageModerate},
		{Time: sim.Hour, Kind: hazard.Damage, Target: 1, State: network.DamageModerate},
	})
	for _, a := range res.Activities[1:] {
		what := n.ComponentID(a.Target)
		if a.Link {
			what = n.LinkID(a.Target)
		}
		fmt.Printf("%-6s %-4s %v-%v\n", a.Kind, what, a.Start, a.End)
	}
	// Output:
	// repair line 1h-4h
	// travel sub  4h-4h20m
	// repair sub  4h20m-1d4h20m
}
