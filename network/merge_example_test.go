package network_test

import (
	"errors"
	"fmt"
	"github.com/lifeline-sim/lifeline/sim"

	"github.com/lifeline-sim/lifeline/network"
)

// Two systems built apart both name their first component "1". Prefixes keep
// them apart in the merged city, the power part's Web Mercator coordinates
// are reprojected to the water part's WGS84, and a requirement joins them: the
// pump needs the substation, with a 30-minute lag.
func ExampleMerge() {
	pb := network.NewBuilder()
	pb.SetName("grid")
	pb.SetCRS(network.WebMercator)
	pb.AddComponent(network.Component{ID: "1", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource,
		Location: &network.Point{X: -10018754.17, Y: 4163881.14}})
	grid, err := pb.Build()
	if err != nil {
		panic(err)
	}
	wb := network.NewBuilder()
	wb.SetName("water")
	wb.AddComponent(network.Component{ID: "1", Sector: network.Water, Kind: network.KindPump, Location: &network.Point{X: -90, Y: 35}})
	water, err := wb.Build()
	if err != nil {
		panic(err)
	}

	_, err = network.Merge([]network.Part{{Network: grid}, {Network: water}}, network.MergeOptions{})
	var be *network.BuildError
	if errors.As(err, &be) {
		fmt.Println(be.Problems[0])
	}

	city, err := network.Merge([]network.Part{{Network: grid, Prefix: "P_"}, {Network: water, Prefix: "W_"}}, network.MergeOptions{
		Name:         "city",
		Requirements: []network.Requirement{{Dependent: "W_1", Providers: []string{"P_1"}, Lag: 30 * sim.Minute}},
	})
	if err != nil {
		panic(err)
	}
	for i := range city.Components() {
		p, _ := city.Location(i)
		fmt.Printf("%s %s (%.4f, %.4f)\n", city.ComponentID(i), city.ComponentKind(i), p.X, p.Y)
	}
	r := city.Requirement(0)
	fmt.Println(city.CRS(), r.Dependent, "needs", r.Providers, "after", r.Lag)
	// Output:
	// component "1": duplicate ID: in grid and in water (a Prefix on one of them keeps them apart)
	// P_1 substation (-90.0000, 35.0000)
	// W_1 pump (-90.0000, 35.0000)
	// EPSG:4326 W_1 needs [P_1] after 30m
}
