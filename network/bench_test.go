package network_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/dominikbraun/graph"
	"github.com/lifeline-sim/lifeline/internal/testenv"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
)

// Benchmark sizes: the 10⁶ city is the target of the compile and traverse
// budgets; 10⁵ is a quicker check and the size of the dominikbraun/graph
// comparison. See benchmarks/README.md for figures and how to run them.
var benchSizes = []int{100000, 1000000}

var (
	cityMu    sync.Mutex
	cityCache = map[int]*network.Network{}
)

// benchCity returns the seeded synthetic city of about n components, built
// once per size and shared by the traversal benchmarks.
func benchCity(b *testing.B, n int) *network.Network {
	b.Helper()
	cityMu.Lock()
	defer cityMu.Unlock()
	if net, ok := cityCache[n]; ok {
		return net
	}
	net, err := synth.City(synth.CityParams{Seed: 1, Components: n})
	if err != nil {
		b.Fatal(err)
	}
	cityCache[n] = net
	return net
}

// largestSector returns the sector with the most components (transport in
// a synthetic city).
func largestSector(net *network.Network) network.SectorIndex {
	var best network.SectorIndex
	for s := range net.Sectors() {
		if len(net.SectorMembers(s)) > len(net.SectorMembers(best)) {
			best = s
		}
	}
	return best
}

// BenchmarkCompile times generating a synthetic city (synth.CityBuilder)
// and compiling it (Builder.Build), reported together as ns/op and apart as
// gen-ns/op and build-ns/op; cpu-ns/op is the process CPU time (user +
// system, Unix only) of the same span, a steadier figure on a shared
// machine. B/component is the heap the compiled network
// holds (HeapAlloc after runtime.GC with the network alive, minus the
// baseline before generation, with the builder released) per component;
// B/link is the links' share of that heap (split by Network.MemoryBytes)
// per link; MemoryBytes/heap compares the two totals (below 1 by what
// MemoryBytes leaves out: tags, parameter maps, interned names, slice
// headers and allocator rounding).
func BenchmarkCompile(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var gen, build, cpu time.Duration
			var heap uint64
			var nc, nl, memC, memL int
			for range b.N {
				b.StopTimer()
				var m0, m1 runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&m0)
				b.StartTimer()
				c0 := testenv.ProcessCPU()
				t0 := time.Now()
				bld, err := synth.CityBuilder(synth.CityParams{Seed: 1, Components: n})
				if err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				net, err := bld.Build()
				if err != nil {
					b.Fatal(err)
				}
				t2 := time.Now()
				cpu += testenv.ProcessCPU() - c0
				b.StopTimer()
				gen += t1.Sub(t0)
				build += t2.Sub(t1)
				bld = nil
				runtime.GC()
				runtime.ReadMemStats(&m1)
				heap = m1.HeapAlloc - m0.HeapAlloc
				nc, nl = net.NumComponents(), net.NumLinks()
				memC, memL = net.MemoryBytes()
				runtime.KeepAlive(net)
				b.StartTimer()
			}
			b.ReportMetric(float64(gen.Nanoseconds())/float64(b.N), "gen-ns/op")
			b.ReportMetric(float64(build.Nanoseconds())/float64(b.N), "build-ns/op")
			if cpu > 0 {
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
			}
			b.ReportMetric(float64(heap)/float64(nc), "B/component")
			b.ReportMetric(float64(heap)*float64(memL)/float64(memC+memL)/float64(nl), "B/link")
			b.ReportMetric(float64(memC+memL)/float64(heap), "MemoryBytes/heap")
		})
	}
}

// bfsOut visits every member of a sector breadth-first through
// Network.Out, starting a new search from each member not yet reached, and
// returns the number visited. visited[i] == epoch marks a visit, so no
// clearing is needed between runs.
func bfsOut(net *network.Network, members []int32, visited []uint32, epoch uint32, queue []int32) int {
	count := 0
	for _, s := range members {
		if visited[s] == epoch {
			continue
		}
		visited[s] = epoch
		queue = append(queue[:0], s)
		for h := 0; h < len(queue); h++ {
			nbrs, _ := net.Out(queue[h])
			for _, v := range nbrs {
				if visited[v] != epoch {
					visited[v] = epoch
					queue = append(queue, v)
				}
			}
		}
		count += len(queue)
	}
	return count
}

// bfsCSR is bfsOut over the raw CSR arrays of Network.CSR.
func bfsCSR(off, nbr []int32, members []int32, visited []uint32, epoch uint32, queue []int32) int {
	count := 0
	for _, s := range members {
		if visited[s] == epoch {
			continue
		}
		visited[s] = epoch
		queue = append(queue[:0], s)
		for h := 0; h < len(queue); h++ {
			u := queue[h]
			for e := off[u]; e < off[u+1]; e++ {
				if v := nbr[e]; visited[v] != epoch {
					visited[v] = epoch
					queue = append(queue, v)
				}
			}
		}
		count += len(queue)
	}
	return count
}

// BenchmarkTraverse is a full breadth-first traversal of the largest sector
// through Network.Out; BenchmarkTraverseRef is the same over the raw CSR.
// Queue and marks are allocated outside the loop: 0 allocs/op.
func BenchmarkTraverse(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			net := benchCity(b, n)
			members := net.SectorMembers(largestSector(net))
			visited := make([]uint32, net.NumComponents())
			queue := make([]int32, 0, len(members))
			epoch := uint32(0)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				epoch++
				if bfsOut(net, members, visited, epoch, queue) != len(members) {
					b.Fatal("traversal missed members")
				}
			}
			b.ReportMetric(float64(len(members)), "nodes")
		})
	}
}

// BenchmarkTraverseRef: see BenchmarkTraverse.
func BenchmarkTraverseRef(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			net := benchCity(b, n)
			members := net.SectorMembers(largestSector(net))
			off, nbr, _ := net.CSR()
			visited := make([]uint32, net.NumComponents())
			queue := make([]int32, 0, len(members))
			epoch := uint32(0)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				epoch++
				if bfsCSR(off, nbr, members, visited, epoch, queue) != len(members) {
					b.Fatal("traversal missed members")
				}
			}
			b.ReportMetric(float64(len(members)), "nodes")
		})
	}
}

// dominikbraunGraph builds the largest sector of net as an undirected
// github.com/dominikbraun/graph graph keyed by component index.
func dominikbraunGraph(b *testing.B, net *network.Network) (graph.Graph[int, int], []int32) {
	s := largestSector(net)
	members := net.SectorMembers(s)
	g := graph.New(graph.IntHash)
	for _, i := range members {
		if err := g.AddVertex(int(i)); err != nil {
			b.Fatal(err)
		}
	}
	for l := range net.Links() {
		if net.LinkSector(l) != s {
			continue
		}
		f, t := net.Ends(l)
		if err := g.AddEdge(int(f), int(t)); err != nil {
			b.Fatal(err)
		}
	}
	return g, members
}

// dominikbraunSizes are the sizes of the dominikbraun/graph comparison
// (10⁶ takes a few seconds per operation).
var dominikbraunSizes = []int{100000, 1000000}

// BenchmarkDominikbraunBuild builds the sector graph of BenchmarkTraverse
// with github.com/dominikbraun/graph (AddVertex, AddEdge).
func BenchmarkDominikbraunBuild(b *testing.B) {
	for _, n := range dominikbraunSizes {
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			net := benchCity(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				dominikbraunGraph(b, net)
			}
		})
	}
}

// BenchmarkDominikbraunBFS runs graph.BFS over the same sector graph (it is
// connected, so one search from its first member reaches every node).
func BenchmarkDominikbraunBFS(b *testing.B) {
	for _, n := range dominikbraunSizes {
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			g, members := dominikbraunGraph(b, benchCity(b, n))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				count := 0
				if err := graph.BFS(g, int(members[0]), func(int) bool { count++; return false }); err != nil {
					b.Fatal(err)
				}
				if count != len(members) {
					b.Fatalf("BFS reached %d of %d", count, len(members))
				}
			}
		})
	}
}
