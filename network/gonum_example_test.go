package network_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/graph/path"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Travel times from a depot on a small road network whose bridge is
// damaged, with gonum's Dijkstra running on the compiled adjacency.
func ExampleNetwork_Graph() {
	b := network.NewBuilder()
	for _, id := range []string{"depot", "bridge-west", "bridge-east", "ring", "hospital"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Transport, Kind: network.KindIntersection})
	}
	for _, l := range []network.Link{
		{ID: "main", From: "depot", To: "bridge-west", FreeFlow: 2 * sim.Minute},
		{ID: "bridge", From: "bridge-west", To: "bridge-east", FreeFlow: sim.Minute},
		{ID: "last", From: "bridge-east", To: "hospital", FreeFlow: 2 * sim.Minute},
		{ID: "ring-1", From: "depot", To: "ring", FreeFlow: 6 * sim.Minute},
		{ID: "ring-2", From: "ring", To: "hospital", FreeFlow: 7 * sim.Minute},
	} {
		l.Kind = network.KindRoad
		b.AddLink(l)
	}
	n, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	roads, _ := n.SectorIndexOf(network.Transport)
	st := network.NewState(n)
	bridge, _ := n.LinkIndex("bridge")
	st.SetLink(bridge, network.Damaged)

	// Travel time in minutes under the state; a closed link weighs +Inf.
	minutes := func(l int32) float64 {
		if !st.LinkWorking(l) {
			return math.Inf(1)
		}
		return n.FreeFlow(l).Duration().Minutes() / st.LinkFactor(l)
	}
	depot, _ := n.ComponentIndex("depot")
	hospital, _ := n.ComponentIndex("hospital")
	for _, c := range []struct {
		name, unit string
		opts       network.GraphOptions
	}{
		{"free flow", "s", network.GraphOptions{Weight: network.WeightFreeFlow}},
		{"bridge down", "min", network.GraphOptions{WeightFunc: minutes}},
	} {
		g := n.Graph(roads, c.opts)
		route, w := path.DijkstraFrom(network.GraphNode(depot), g).To(int64(hospital))
		fmt.Printf("%s: %g %s via", c.name, w, c.unit)
		for i := 1; i < len(route); i++ {
			e := g.WeightedEdge(route[i-1].ID(), route[i].ID()).(network.GraphEdge)
			fmt.Print(" ", n.LinkID(e.Link()))
		}
		fmt.Println()
	}
	// Output:
	// free flow: 300 s via main bridge last
	// bridge down: 13 min via ring-1 ring-2
}
