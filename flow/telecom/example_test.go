package telecom_test

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/flow/telecom"
	"github.com/lifeline-sim/lifeline/network"
)

// Classifying three cell sites the way outage reports do.
func ExampleClassifyFlags() {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "grid", Sector: network.Power, Role: network.RoleSource})
	for _, id := range []string{"north", "south", "east"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Telecom, Kind: network.KindCellTower})
		b.AddRequirement(network.Requirement{Dependent: id, Providers: []string{"grid"}})
	}
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	flags := []network.Flags{
		network.Damaged | network.Unserved,    // grid
		network.Unsupplied | network.Unserved, // north: its feed is down
		network.Unserved,                      // south: functional, cut from the core
		network.Damaged | network.Unserved,    // east: the tower itself
	}
	for i := int32(1); i < 4; i++ {
		fmt.Println(n.ComponentID(i), telecom.ClassifyFlags(n, flags, i))
	}
	tel, _ := n.SectorIndexOf(network.Telecom)
	fmt.Println(telecom.Count(n, tel, flags))
	// Output:
	// north no-power
	// south backhaul
	// east damaged
	// damaged 1, no-power 1, backhaul 1
}
