package water_test

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/network"
)

// The engine's side of the Storage protocol, by hand: a main break cuts a
// 7200 m³ tank off from its reservoir; the tank alone serves 0.5 m³/s and
// runs dry 4 hours later, when the engine sets its level to 0.
func ExampleStorage() {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "reservoir", Sector: network.Water, Kind: network.KindReservoir, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "tank", Sector: network.Water, Kind: network.KindTank, Role: network.RoleSource, Storage: 7200})
	b.AddComponent(network.Component{ID: "town", Sector: network.Water, Kind: network.KindJunction, Role: network.RoleConsumer, Demand: 0.5})
	b.AddLink(network.Link{ID: "main", Kind: network.KindPipe, From: "reservoir", To: "tank"})
	b.AddLink(network.Link{ID: "feed", Kind: network.KindPipe, From: "tank", To: "town"})
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	s, _ := n.SectorIndexOf(network.Water)
	m, _ := water.New(n, s, water.Options{})
	var store water.Storage = m
	st, out := network.NewState(n), flow.NewOutput(n)
	town, _ := n.ComponentIndex("town")
	main, _ := n.LinkIndex("main")

	st.SetLink(main, network.Damaged)
	m.Serve(n, s, st, out)
	q := store.Outflow(0)
	empty, _ := water.TimeToEmpty(7200, q)
	fmt.Printf("cut off: town served %v, tank drains %v m³/s, dry after %v\n", out.Served[town], q, empty)

	store.SetLevel(0, 0) // the engine's empty event
	m.Serve(n, s, st, out)
	fmt.Printf("dry: town served %v, tank drains %v m³/s\n", out.Served[town], store.Outflow(0))

	st.ClearLink(main, network.Damaged)
	m.Serve(n, s, st, out)
	fmt.Printf("repaired: town served %v, tank refills at %.4f m³/s\n", out.Served[town], -store.Outflow(0))
	// Output:
	// cut off: town served 1, tank drains 0.5 m³/s, dry after 4h0m0s
	// dry: town served 0, tank drains 0 m³/s
	// repaired: town served 1, tank refills at 0.0833 m³/s
}
