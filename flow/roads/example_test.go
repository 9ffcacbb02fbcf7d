package roads_test

import (
	"fmt"
	"time"

	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/network"
)

// A crew at the depot needs the fastest route to the hospital after the
// bridge on the direct road floods: half speed first, then closed.
func ExampleRouter_Route() {
	b := network.NewBuilder()
	for _, id := range []string{"depot", "west", "east", "ring", "hospital"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Transport, Kind: network.KindIntersection})
	}
	for _, l := range []network.Link{
		{ID: "main", From: "depot", To: "west", FreeFlow: 2 * time.Minute},
		{ID: "bridge", From: "west", To: "east", FreeFlow: time.Minute},
		{ID: "last", From: "east", To: "hospital", FreeFlow: 2 * time.Minute},
		{ID: "ring-1", From: "depot", To: "ring", FreeFlow: 4 * time.Minute},
		{ID: "ring-2", From: "ring", To: "hospital", FreeFlow: 3 * time.Minute},
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
	// intact:       5m0s via depot west east hospital
	// bridge slow:  6m0s via depot west east hospital
	// bridge shut:  7m0s via depot ring hospital
}
