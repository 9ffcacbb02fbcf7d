package roads_test

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// A crew at the depot needs the fastest route to the hospital after the
// bridge on the direct road floods: half speed first, then closed.
func ExampleRouter_Route() {
	b := network.NewBuilder()
	for _, id := range []string{"depot", "west", "east", "ring", "hospital"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Transport, Kind: network.KindIntersection})
	}
	for _, l := range []network.Link{
		{ID: "main", From: "depot", To: "west", FreeFlow: 2 * sim.Minute},
		{ID: "bridge", From: "west", To: "east", FreeFlow: sim.Minute},
		{ID: "last", From: "east", To: "hospital", FreeFlow: 2 * sim.Minute},
		{ID: "ring-1", From: "depot", To: "ring", FreeFlow: 4 * sim.Minute},
		{ID: "ring-2", From: "ring", To: "hospital", FreeFlow: 3 * sim.Minute},
	} {
		l.Kind = network.KindRoad
		b.AddLink(l)
	}
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	s, _ := n.SectorIndexOf(network.Transport)
	depot, _ := n.ComponentIndex("depot")
	hospital, _ := n.ComponentIndex("hospital")
	bridge, _ := n.LinkIndex("bridge")
	st := network.NewState(n)
	r := roads.NewRouter(n, s)
	show := func(what string) {
		r.Load(st)
		d, path := r.Route(depot, hospital)
		fmt.Printf("%-13s %v via", what, d)
		for _, i := range path {
			fmt.Print(" ", n.ComponentID(i))
		}
		fmt.Println()
	}
	show("intact:")
	st.SetLinkFactor(bridge, 0.5)
	show("bridge slow:")
	st.SetLink(bridge, network.Suspended)
	show("bridge shut:")
	// Output:
	// intact:       5m via depot west east hospital
	// bridge slow:  6m via depot west east hospital
	// bridge shut:  7m via depot ring hospital
}

// A district's residents live at home, two minutes from the gate of one
// hospital and three from another's. They reach care while the nearest
// open hospital is at most twice as far as the nearest one is normally
// (2 × 2 min): still so when the near road closes (3 min), no longer
// when the far road floods to half speed as well (6 min). Access, the
// per-facility figure for reports, judges the far hospital against its
// own normal 3 min and still counts them (6 ≤ 2 × 3).
func ExampleModel() {
	b := network.NewBuilder()
	b.SetCRS(network.WebMercator)
	for _, c := range []struct {
		id string
		x  float64
	}{{"home", 0}, {"near-gate", 1000}, {"far-gate", -1500}} {
		b.AddComponent(network.Component{ID: c.id, Sector: network.Transport, Kind: network.KindIntersection,
			Zone: "district", Location: &network.Point{X: c.x}})
	}
	b.AddLink(network.Link{ID: "near-road", Kind: network.KindRoad, From: "home", To: "near-gate", FreeFlow: 2 * sim.Minute})
	b.AddLink(network.Link{ID: "far-road", Kind: network.KindRoad, From: "home", To: "far-gate", FreeFlow: 3 * sim.Minute})
	b.AddComponent(network.Component{ID: "houses", Sector: network.Power, Role: network.RoleConsumer, Zone: "district",
		Population: 1000, Location: &network.Point{}})
	for _, h := range [][2]string{{"near-hospital", "near-gate"}, {"far-hospital", "far-gate"}} {
		b.AddComponent(network.Component{ID: h[0], Sector: "health", Kind: network.KindHospital, Critical: true, Access: h[1]})
	}
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	s, _ := n.SectorIndexOf(network.Transport)
	m, err := roads.New(n, s, roads.Options{})
	if err != nil {
		panic(err)
	}
	st := network.NewState(n)
	show := func(what string) {
		if _, err := flow.Evaluate(m, st); err != nil {
			panic(err)
		}
		now, normal := m.Nearest(0)
		reached, total := m.Service()
		far, _ := m.Access(1)
		fmt.Printf("%-17s nearest %v (normally %v): %d of %d reach care; %d reach the far hospital\n",
			what, now, normal, reached, total, far)
	}
	show("intact:")
	near, _ := n.LinkIndex("near-road")
	st.SetLink(near, network.Damaged)
	show("near road closed:")
	far, _ := n.LinkIndex("far-road")
	st.SetLinkFactor(far, 0.5)
	show("far road flooded:")
	// Output:
	// intact:           nearest 2m (normally 2m): 1000 of 1000 reach care; 1000 reach the far hospital
	// near road closed: nearest 3m (normally 2m): 1000 of 1000 reach care; 1000 reach the far hospital
	// far road flooded: nearest 6m (normally 2m): 0 of 1000 reach care; 1000 reach the far hospital
}
