package synth_test

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/network/synth"
)

// A small seeded city: the numbers of components, links and sources per
// sector are the same on every run.
func Example() {
	n, err := synth.City(synth.CityParams{Seed: 1, Components: 300})
	if err != nil {
		panic(err)
	}
	links := make([]int, n.NumSectors())
	for l := range n.Links() {
		links[n.LinkSector(l)]++
	}
	for s, name := range n.Sectors() {
		fmt.Printf("%-10s %3d components %3d links %d sources\n", name, len(n.SectorMembers(s)), links[s], len(n.Sources(s)))
	}
	fmt.Println("requirements:", n.NumRequirements())
	// Output:
	// power       70 components  82 links 2 sources
	// water       91 components  94 links 3 sources
	// transport  103 components 116 links 0 sources
	// telecom     29 components  28 links 1 sources
	// facilities   5 components   0 links 0 sources
	// requirements: 64
}

// Two Erdős–Rényi layers of 1000 nodes with mean degree 4, coupled one to
// one in both directions (Buldyrev et al. 2010).
func ExampleCoupledLayers() {
	n, err := synth.CoupledLayers(synth.CoupledParams{Layers: 2, N: 1000, MeanDegree: 4, Seed: 1})
	if err != nil {
		panic(err)
	}
	for s, name := range n.Sectors() {
		fmt.Println(name, len(n.SectorMembers(s)))
	}
	fmt.Println("links:", n.NumLinks(), "requirements:", n.NumRequirements())
	// Output:
	// layer0 1000
	// layer1 1000
	// links: 4000 requirements: 2000
}
