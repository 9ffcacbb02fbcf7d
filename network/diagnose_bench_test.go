package network

import (
	"fmt"
	"testing"
)

// benchRequirementCity has k substations in a power ↔ telecom 2-cycle with
// k central offices, 4k pumps each needing a substation, and 4k hospitals
// each needing a pump and a substation: 10k components in requirements,
// 2k strongly connected components of size two and 8k singletons.
func benchRequirementCity(k int) *Network {
	b := NewBuilder()
	for i := range k {
		b.AddComponent(Component{ID: fmt.Sprint("s", i), Sector: Power})
		b.AddComponent(Component{ID: fmt.Sprint("c", i), Sector: Telecom})
		b.AddRequirement(Requirement{Dependent: fmt.Sprint("s", i), Providers: []string{fmt.Sprint("c", i)}, Kind: Cyber})
		b.AddRequirement(Requirement{Dependent: fmt.Sprint("c", i), Providers: []string{fmt.Sprint("s", i)}})
	}
	for i := range 4 * k {
		b.AddComponent(Component{ID: fmt.Sprint("p", i), Sector: Water})
		b.AddComponent(Component{ID: fmt.Sprint("h", i), Sector: "health"})
		b.AddRequirement(Requirement{Dependent: fmt.Sprint("p", i), Providers: []string{fmt.Sprint("s", i%k)}})
		b.AddRequirement(Requirement{Dependent: fmt.Sprint("h", i), Providers: []string{fmt.Sprint("p", i), fmt.Sprint("s", (i+1)%k)}})
	}
	n, err := b.Build()
	if err != nil {
		panic(err)
	}
	return n
}

func BenchmarkDiagnose(b *testing.B) {
	for _, k := range []int{100, 1000} {
		n := benchRequirementCity(k)
		b.Run(fmt.Sprintf("components=%d", n.NumComponents()), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := n.Diagnose(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSectorGraphFrom iterates over the neighbours of every grid
// intersection.
func BenchmarkSectorGraphFrom(b *testing.B) {
	n, err := gridCity().Build()
	if err != nil {
		b.Fatal(err)
	}
	tr, _ := n.SectorIndexOf(Transport)
	g := n.Graph(tr, GraphOptions{Weight: WeightLength})
	b.ReportAllocs()
	sink := int64(0)
	for b.Loop() {
		for id := range int64(9) {
			it := g.From(id)
			for it.Next() {
				sink += it.Node().ID()
			}
		}
	}
	_ = sink
}
