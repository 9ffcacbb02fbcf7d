package flow_test

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
)

// feeder builds a power source G feeding A and B in a chain G–A–B.
func feeder() *network.Network {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "G", Sector: network.Power, Role: network.RoleSource, Capacity: 10})
	b.AddComponent(network.Component{ID: "A", Sector: network.Power, Role: network.RoleConsumer, Demand: 6})
	b.AddComponent(network.Component{ID: "B", Sector: network.Power, Role: network.RoleConsumer, Demand: 6})
	b.AddLink(network.Link{ID: "GA", From: "G", To: "A"})
	b.AddLink(network.Link{ID: "AB", From: "A", To: "B"})
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	return n
}

// Connectivity serves what a working path joins to a working source.
func ExampleConnectivity() {
	n := feeder()
	st := network.NewState(n)
	m := flow.NewConnectivity(n)
	out := flow.NewOutput(n)
	ab, _ := n.LinkIndex("AB")
	st.SetLink(ab, network.Damaged)
	m.Serve(n, 0, st, out)
	for i := range n.Components() {
		fmt.Printf("%s %.0f\n", n.ComponentID(i), out.Served[i])
	}
	// Output:
	// G 1
	// A 1
	// B 0
}

// capped is a user-written sector model: the sector's sources share their
// capacity over the connected demand, so every connected consumer gets the
// same fraction (here 10 MW for 12 MW of demand: 5/6), and when the demand
// exceeds the supply every source is reported overloaded at demand ÷
// supply (the engine trips it after its protection delay). It implements
// flow.Model by wrapping Connectivity.
type capped struct{ conn *flow.Connectivity }

func (capped) Name() string { return "capped" }

func (c capped) Serve(n *network.Network, s network.SectorIndex, st *network.State, out *flow.Output) {
	c.conn.Serve(n, s, st, out)
	var supply, demand float64
	for _, i := range n.SectorMembers(s) {
		if out.Served[i] == 0 {
			continue
		}
		if n.Role(i) == network.RoleSource {
			supply += n.Capacity(i) * st.Factor(i)
		}
		demand += n.Demand(i) * st.DemandFactor(i)
	}
	share := 1.0
	if demand > supply {
		share = supply / demand
	}
	for _, i := range n.SectorMembers(s) {
		switch {
		case n.Role(i) == network.RoleConsumer:
			out.Served[i] *= share
		case n.Role(i) == network.RoleSource && share < 1 && out.Served[i] > 0 && n.Capacity(i)*st.Factor(i) > 0:
			out.Overloaded = append(out.Overloaded, i)
			out.ComponentLoading[i] = demand / supply
		}
	}
}

// A custom sector model: implement Name and Serve, writing only the
// Output (flow/flowtest checks the contract).
func Example_customModel() {
	n := feeder()
	m := capped{conn: flow.NewConnectivity(n)}
	out := flow.NewOutput(n)
	m.Serve(n, 0, network.NewState(n), out)
	for i := range n.Components() {
		fmt.Printf("%s %.3f\n", n.ComponentID(i), out.Served[i])
	}
	for _, i := range out.Overloaded {
		fmt.Printf("%s overloaded at %.1f\n", n.ComponentID(i), out.ComponentLoading[i])
	}
	// Output:
	// G 1.000
	// A 0.833
	// B 0.833
	// G overloaded at 1.2
}
