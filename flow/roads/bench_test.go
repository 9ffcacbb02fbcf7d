package roads_test

import (
	"testing"

	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/network"
)

// BenchmarkTree: one shortest travel-time tree from the centre of a
// 400 × 250 grid (100000 intersections), router warm.
func BenchmarkTree(b *testing.B) { benchTree(b, (*roads.Router).Tree) }

// BenchmarkTreeTo is BenchmarkTree backwards (many-to-one over In).
func BenchmarkTreeTo(b *testing.B) { benchTree(b, (*roads.Router).TreeTo) }

// BenchmarkTreeRadix is BenchmarkTree on the radix heap (the queue for
// spread or zero link times) instead of Dial's buckets.
func BenchmarkTreeRadix(b *testing.B) {
	benchTree(b, func(r *roads.Router, root int32) roads.Tree { r.ForceRadix(); return r.Tree(root) })
}

func benchTree(b *testing.B, tree func(*roads.Router, int32) roads.Tree) {
	n := randomGrid(b, 400, 250, 0, 1)
	s, _ := n.SectorIndexOf(network.Transport)
	r := roads.NewRouter(n, s)
	r.Load(network.NewState(n))
	root := int32(125*400 + 200)
	tree(r, root)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		tree(r, root)
	}
}
