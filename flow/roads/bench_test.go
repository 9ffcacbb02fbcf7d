package roads_test

import (
	"testing"

	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/network"
)

// BenchmarkTree: one shortest travel-time tree from the centre of a
// 400 × 250 grid (100000 intersections), router warm.
func BenchmarkTree(b *testing.B) {
	n := randomGrid(b, 400, 250, 0, 1)
	s, _ := n.SectorIndexOf(network.Transport)
	r := roads.NewRouter(n, s)
	r.Load(network.NewState(n))
	root := int32(125*400 + 200)
	r.Tree(root)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r.Tree(root)
	}
}

// BenchmarkTreeTo is BenchmarkTree backwards (many-to-one over In).
func BenchmarkTreeTo(b *testing.B) {
	n := randomGrid(b, 400, 250, 0, 1)
	s, _ := n.SectorIndexOf(network.Transport)
	r := roads.NewRouter(n, s)
	r.Load(network.NewState(n))
	root := int32(125*400 + 200)
	r.TreeTo(root)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r.TreeTo(root)
	}
}
