package benchmarks

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"gonum.org/v1/gonum/graph/path"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// roadGrid is a synthetic road grid of nodes intersections (nx = 400
// columns for 100000), free-flow times 20–120 s drawn from a seeded
// stream, and its root: the intersection at the grid's centre.
func roadGrid(tb testing.TB, nodes int) (*network.Network, network.SectorIndex, int32) {
	tb.Helper()
	nx := 400
	ny := nodes / nx
	rng := rand.New(rand.NewPCG(uint64(nodes), 17))
	b := network.NewBuilder()
	b.Grow(nx*ny, 2*nx*ny, 0)
	id := func(x, y int) string { return "n" + strconv.Itoa(y*nx+x) }
	for y := range ny {
		for x := range nx {
			b.AddComponent(network.Component{ID: id(x, y), Sector: network.Transport, Kind: network.KindIntersection})
		}
	}
	k := 0
	road := func(a, c string) {
		k++
		b.AddLink(network.Link{ID: "r" + strconv.Itoa(k), Kind: network.KindRoad, From: a, To: c,
			FreeFlow: sim.Time(20e9 + rng.Int64N(100e9))})
	}
	for y := range ny {
		for x := range nx {
			if x+1 < nx {
				road(id(x, y), id(x+1, y))
			}
			if y+1 < ny {
				road(id(x, y), id(x, y+1))
			}
		}
	}
	n, err := b.Build()
	if err != nil {
		tb.Fatal(err)
	}
	s, _ := n.SectorIndexOf(network.Transport)
	return n, s, int32(ny/2*nx + nx/2)
}

// BenchmarkRoute: one shortest travel-time tree from the centre of a
// 400 × 250 road grid (roads.Router.Tree: radix-heap Dijkstra on the CSR,
// router warm). BenchmarkRouteGonum runs gonum's path.DijkstraFrom on the
// same graph through network's gonum adapter, with the same free-flow
// weights.
func BenchmarkRoute(b *testing.B) {
	for _, nodes := range []int{100000} {
		b.Run(fmt.Sprintf("nodes=%d", nodes), func(b *testing.B) {
			n, s, root := roadGrid(b, nodes)
			r := roads.NewRouter(n, s)
			r.Load(network.NewState(n))
			r.Tree(root)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				r.Tree(root)
			}
		})
	}
}

func BenchmarkRouteGonum(b *testing.B) {
	for _, nodes := range []int{100000} {
		b.Run(fmt.Sprintf("nodes=%d", nodes), func(b *testing.B) {
			n, s, root := roadGrid(b, nodes)
			g := n.Graph(s, network.GraphOptions{Weight: network.WeightFreeFlow})
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				path.DijkstraFrom(network.GraphNode(root), g)
			}
		})
	}
}

// TestRouteSpeedup checks the router's target: one tree at least 5× faster
// than gonum's DijkstraFrom on the same graph, in the same run, with no
// allocation. It also checks that both find the same times. Opt-in
// (LIFELINE_LONG=1): it runs both benchmarks.
func TestRouteSpeedup(t *testing.T) {
	if os.Getenv("LIFELINE_LONG") == "" {
		t.Skip("set LIFELINE_LONG=1 to time the router against gonum")
	}
	n, s, root := roadGrid(t, 100000)
	r := roads.NewRouter(n, s)
	r.Load(network.NewState(n))
	tree := r.Tree(root)
	sp := path.DijkstraFrom(network.GraphNode(root), n.Graph(s, network.GraphOptions{Weight: network.WeightFreeFlow}))
	for i := range n.Components() {
		if d, w := tree.Time(i).Duration().Seconds(), sp.WeightTo(int64(i)); d-w > 1e-6 || w-d > 1e-6 {
			t.Fatalf("time to %d: %v s, gonum %v s", i, d, w)
		}
	}
	ours := testing.Benchmark(func(b *testing.B) { BenchmarkRoute(b) })
	theirs := testing.Benchmark(func(b *testing.B) { BenchmarkRouteGonum(b) })
	t.Logf("router %v/op %d allocs/op; gonum %v/op: %.1f×", time.Duration(ours.NsPerOp()), ours.AllocsPerOp(),
		time.Duration(theirs.NsPerOp()), float64(theirs.NsPerOp())/float64(ours.NsPerOp()))
	if ours.AllocsPerOp() != 0 {
		t.Errorf("%d allocs/op, want 0", ours.AllocsPerOp())
	}
	if 5*ours.NsPerOp() > theirs.NsPerOp() {
		t.Errorf("router %d ns/op is not 5× faster than gonum's %d ns/op", ours.NsPerOp(), theirs.NsPerOp())
	}
}

// waterCase returns a synthetic city of about components components, its
// water sector and a state in which one distribution pipe (the middle
// one of the sector's pipes) is broken.
func waterCase(tb testing.TB, components int) (*network.Network, network.SectorIndex, *network.State) {
	tb.Helper()
	n, err := synth.City(synth.CityParams{Seed: 1, Components: components})
	if err != nil {
		tb.Fatal(err)
	}
	s, _ := n.SectorIndexOf(network.Water)
	var pipes []int32
	for l := range n.Links() {
		if n.LinkSector(l) == s && n.LinkKind(l) == network.KindPipe {
			pipes = append(pipes, l)
		}
	}
	st := network.NewState(n)
	st.SetLink(pipes[len(pipes)/2], network.Damaged)
	return n, s, st
}

// BenchmarkWaterServe: the water model's service recompute from scratch
// (flow.Changes.All) after one
// pipe break on a synthetic city (synth.City, seed 1), reporting ns per
// city component and per water component. BenchmarkWaterServeConnectivity
// runs flow.Connectivity, the breadth-first reference, on the same state.
func BenchmarkWaterServe(b *testing.B) {
	for _, size := range []int{100000} {
		b.Run(fmt.Sprintf("components=%d", size), func(b *testing.B) {
			n, s, st := waterCase(b, size)
			m, err := water.New(n, s, water.Options{})
			if err != nil {
				b.Fatal(err)
			}
			benchServe(b, n, s, st, m)
		})
	}
}

func BenchmarkWaterServeConnectivity(b *testing.B) {
	for _, size := range []int{100000} {
		b.Run(fmt.Sprintf("components=%d", size), func(b *testing.B) {
			n, s, st := waterCase(b, size)
			m, err := flow.NewConnectivity(n, s)
			if err != nil {
				b.Fatal(err)
			}
			benchServe(b, n, s, st, m)
		})
	}
}

func benchServe(b *testing.B, n *network.Network, s network.SectorIndex, st *network.State, m flow.Model) {
	out, all := &flow.Output{}, &flow.Changes{All: true}
	if err := m.Serve(st, all, out); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		out.Reset()
		if err := m.Serve(st, all, out); err != nil {
			b.Fatal(err)
		}
	}
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(ns/float64(n.NumComponents()), "ns/component")
	b.ReportMetric(ns/float64(len(n.SectorMembers(s))), "ns/water-component")
}
