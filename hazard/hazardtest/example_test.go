package hazardtest_test

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/hazardtest"
	"github.com/lifeline-sim/lifeline/network"
)

// A hazard's tests call hazardtest.Run(t, n, h); Check gives the verdict
// as an error. RandomFraction draws from each component's own stream and
// passes; a hazard hitting components by their position in the network
// fails the keyed-draw check, because the variant network with extra
// components in front moves every index.
func ExampleCheck() {
	b := network.NewBuilder()
	for _, id := range []string{"a", "b", "c"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Power})
	}
	n, _ := b.Build()

	fmt.Println(hazardtest.Check(n, &hazard.RandomFraction{Fraction: 0.5}, hazardtest.Options{}))
	second := &hazard.List{Label: "second", Items: []hazard.Impact{{Kind: hazard.Damage, Target: 1}}}
	fmt.Println(hazardtest.Check(n, second, hazardtest.Options{}) != nil)
	fmt.Println(hazardtest.Check(n, second, hazardtest.Options{Unkeyed: "targets are indices"}))
	// Output:
	// <nil>
	// true
	// <nil>
}
