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
	m, err := flow.NewConnectivity(n, 0)
	if err != nil {
		panic(err)
	}
	ab, _ := n.LinkIndex("AB")
	st.SetLink(ab, network.Damaged)
	v, err := flow.Evaluate(m, st)
	if err != nil {
		panic(err)
	}
	for i := range n.Components() {
		fmt.Printf("%s %.0f\n", n.ComponentID(i), v.Served[i])
	}
	// Output:
	// G 1
	// A 1
	// B 0
}

// The engine calls a model with what changed since its last call, and the
// model reports only what its verdict changes.
func ExampleChanges() {
	n := feeder()
	st := network.NewState(n)
	m, _ := flow.NewConnectivity(n, 0)
	out := &flow.Output{}
	_ = m.Serve(st, &flow.Changes{All: true}, out)
	fmt.Println("from scratch:", len(out.Served), "members")
	a, _ := n.ComponentIndex("A")
	st.Set(a, network.Damaged)
	out.Reset()
	_ = m.Serve(st, &flow.Changes{Components: []int32{a}}, out)
	for _, e := range out.Served {
		fmt.Printf("%s now %.0f\n", n.ComponentID(e.I), e.V)
	}
	// Output:
	// from scratch: 3 members
	// A now 0
	// B now 0
}

// A model names, for each member that lost service, the elements that cut
// it off (Output.Cut): here G feeds A and, through B, C; A and B fail
// together, and only B cut C off (A and B themselves failed: their own
// failure explains them). With NoCut the model skips the search.
func ExampleOutput_cut() {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "G", Sector: network.Power, Role: network.RoleSource})
	for _, id := range []string{"A", "B", "C"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Power, Role: network.RoleConsumer})
	}
	for _, l := range [][2]string{{"G", "A"}, {"G", "B"}, {"B", "C"}} {
		b.AddLink(network.Link{ID: l[0] + l[1], From: l[0], To: l[1]})
	}
	n, _ := b.Build()
	st := network.NewState(n)
	m, _ := flow.NewConnectivity(n, 0)
	out := &flow.Output{}
	_ = m.Serve(st, &flow.Changes{All: true}, out)
	a, _ := n.ComponentIndex("A")
	bb, _ := n.ComponentIndex("B")
	st.Set(a, network.Damaged)
	st.Set(bb, network.Damaged)
	out.Reset()
	_ = m.Serve(st, &flow.Changes{Components: []int32{a, bb}}, out)
	for _, c := range out.Cut {
		for _, x := range out.CutElements[c.Start:c.End] {
			fmt.Printf("%s cut off by %s\n", n.ComponentID(c.I), n.ComponentID(x)) // x ≥ 0: a component
		}
	}
	st.Clear(a, network.Damaged)
	st.Clear(bb, network.Damaged)
	out.Reset()
	_ = m.Serve(st, &flow.Changes{Components: []int32{a, bb}, NoCut: true}, out)
	st.Set(bb, network.Damaged)
	out.Reset()
	_ = m.Serve(st, &flow.Changes{Components: []int32{bb}, NoCut: true}, out)
	fmt.Println("lost:", len(out.Served), "members; cuts with NoCut:", len(out.Cut))
	// Output:
	// C cut off by B
	// lost: 2 members; cuts with NoCut: 0
}

// capped is a user-written sector model: the sector's sources share their
// capacity over the connected demand, so every connected consumer gets the
// same fraction (here 10 MW for 12 MW of demand: 5/6), and when the demand
// exceeds the supply every source is reported overloaded at demand ÷
// supply (the engine trips it after its protection delay). It computes its
// verdict whole (flow.Whole) on top of Connectivity's, and flow.FromWhole
// makes it a Model that reports only what changed.
type capped struct{ conn *flow.Connectivity }

func (capped) Name() string { return "capped" }

func (c capped) Verdict(st *network.State, v *flow.Verdict) error {
	conn, err := flow.Evaluate(c.conn, st)
	if err != nil {
		return err
	}
	n := st.Network()
	var supply, demand float64
	for _, i := range n.SectorMembers(0) {
		if conn.Served[i] == 0 {
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
	for _, i := range n.SectorMembers(0) {
		v.Served[i] = conn.Served[i]
		switch {
		case n.Role(i) == network.RoleConsumer:
			v.Served[i] *= share
		case n.Role(i) == network.RoleSource && share < 1 && conn.Served[i] > 0 && n.Capacity(i)*st.Factor(i) > 0:
			v.ComponentLoading[i] = demand / supply
		}
	}
	return nil
}

// A custom sector model: write its whole verdict (flow.Whole) and let
// flow.FromWhole report the changes (flow/flowtest checks the contract).
func Example_customModel() {
	n := feeder()
	conn, _ := flow.NewConnectivity(n, 0)
	m, err := flow.FromWhole(n, 0, capped{conn: conn})
	if err != nil {
		panic(err)
	}
	st := network.NewState(n)
	v, err := flow.Evaluate(m, st)
	if err != nil {
		panic(err)
	}
	for i := range n.Components() {
		fmt.Printf("%s %.3f\n", n.ComponentID(i), v.Served[i])
	}
	for _, i := range v.Overloaded(n, 0, st) {
		fmt.Printf("%s overloaded at %.1f\n", n.ComponentID(i), v.ComponentLoading[i])
	}
	// Output:
	// G 1.000
	// A 0.833
	// B 0.833
	// G overloaded at 1.2
}

// A Reach keeps what its sources reach as links and members fail and come
// back, and names the elements that cut a lost member off.
func ExampleReach() {
	n := feeder()
	st := network.NewState(n)
	r := flow.NewReach(n, 0, n.Sources(0))
	r.Reset(st)
	ga, _ := n.LinkIndex("GA")
	st.SetLink(ga, network.Damaged)
	var lost, gained []int32
	r.Update(st, nil, []int32{ga}, &lost, &gained)
	for _, i := range lost {
		for _, x := range r.Cut(i, nil) {
			fmt.Printf("%s lost, cut by link %s\n", n.ComponentID(i), n.LinkID(^x))
		}
	}
	st.ClearLink(ga, network.Damaged)
	lost, gained = lost[:0], gained[:0]
	r.Update(st, nil, []int32{ga}, &lost, &gained)
	fmt.Println("back:", len(gained), "members; B served:", r.Served(2))
	// Output:
	// A lost, cut by link GA
	// B lost, cut by link GA
	// back: 2 members; B served: true
}
