package network

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/sim"
	"gonum.org/v1/gonum/graph"
	gnetwork "gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/testgraph"
	"gonum.org/v1/gonum/graph/topo"
)

// gridCity is a 3×3 road grid: node nRC at row R, column C has index
// 3R+C. Horizontal roads hRC join nRC and nR(C+1): 100 m, 10 s free flow.
// Vertical roads vRC join nRC and n(R+1)C: 150 m, 20 s. An out-of-service
// shortcut "cut" joins n00 and n22: 10 m, 1 s. A power bus "pw" sits in
// another sector.
func gridCity() *Builder {
	b := NewBuilder()
	for r := range 3 {
		for c := range 3 {
			b.AddComponent(Component{ID: fmt.Sprintf("n%d%d", r, c), Sector: Transport, Kind: KindIntersection})
		}
	}
	b.AddComponent(Component{ID: "pw", Sector: Power})
	for r := range 3 {
		for c := range 3 {
			if c < 2 {
				b.AddLink(Link{ID: fmt.Sprintf("h%d%d", r, c), Kind: KindRoad, From: fmt.Sprintf("n%d%d", r, c),
					To: fmt.Sprintf("n%d%d", r, c+1), Length: 100, FreeFlow: 10 * sim.Second})
			}
			if r < 2 {
				b.AddLink(Link{ID: fmt.Sprintf("v%d%d", r, c), Kind: KindRoad, From: fmt.Sprintf("n%d%d", r, c),
					To: fmt.Sprintf("n%d%d", r+1, c), Length: 150, FreeFlow: 20 * sim.Second})
			}
		}
	}
	b.AddLink(Link{ID: "cut", Kind: KindRoad, From: "n00", To: "n22", Length: 10, FreeFlow: sim.Second, OutOfService: true})
	return b
}

// dijkstraGrid returns the distances from n00 to the nine grid nodes.
func dijkstraGrid(g graph.Graph) [9]float64 {
	sp := path.DijkstraFrom(GraphNode(0), g.(graph.Weighted))
	var d [9]float64
	for i := range d {
		d[i] = sp.WeightTo(int64(i))
	}
	return d
}

func TestSectorGraphDijkstraGrid(t *testing.T) {
	n := mustBuild(t, gridCity())
	tr, _ := n.SectorIndexOf(Transport)
	st := NewState(n)
	h00, _ := n.LinkIndex("h00")
	v10, _ := n.LinkIndex("v10")
	st.SetLink(h00, Damaged)
	st.SetLinkFactor(v10, 0.5)
	travel := func(l int32) float64 {
		if !st.LinkWorking(l) {
			return math.Inf(1)
		}
		return n.FreeFlow(l).Duration().Seconds() / st.LinkFactor(l)
	}
	tests := []struct {
		name string
		opts GraphOptions
		want [9]float64
	}{{
		// Manhattan distance r + c.
		name: "hops",
		want: [9]float64{0, 1, 2, 1, 2, 3, 2, 3, 4},
	}, {
		// 100c + 150r metres.
		name: "length",
		opts: GraphOptions{Weight: WeightLength},
		want: [9]float64{0, 100, 200, 150, 250, 350, 300, 400, 500},
	}, {
		// 10c + 20r seconds.
		name: "free flow",
		opts: GraphOptions{Weight: WeightFreeFlow},
		want: [9]float64{0, 10, 20, 20, 30, 40, 40, 50, 60},
	}, {
		// min(100c + 150r, 10 + 100(2−c) + 150(2−r)) through the shortcut.
		name: "length with out-of-service links",
		opts: GraphOptions{Weight: WeightLength, IncludeOutOfService: true},
		want: [9]float64{0, 100, 200, 150, 250, 160, 210, 110, 10},
	}, {
		// h00 closed, v10 at half speed (40 s): n00 leaves through n10 (20);
		// n11 30, n01 50, n02 60, n12 40, n21 50, n20 min(20+40, 50+10) = 60,
		// n22 min(50+10, 40+20) = 60.
		name: "travel time under a state",
		opts: GraphOptions{WeightFunc: travel},
		want: [9]float64{0, 50, 60, 20, 30, 40, 60, 50, 60},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := n.Graph(tr, tt.opts)
			if got := dijkstraGrid(g); got != tt.want {
				t.Errorf("directed view: distances %v, want %v", got, tt.want)
			}
			u, ok := g.Undirected()
			if !ok {
				t.Fatal("grid of undirected roads: no undirected view")
			}
			if got := dijkstraGrid(u); got != tt.want {
				t.Errorf("undirected view: distances %v, want %v", got, tt.want)
			}
		})
	}
}

// TestSectorGraphPath checks that the shortest path's edges name the links
// used.
func TestSectorGraphPath(t *testing.T) {
	n := mustBuild(t, gridCity())
	tr, _ := n.SectorIndexOf(Transport)
	g := n.Graph(tr, GraphOptions{Weight: WeightLength, IncludeOutOfService: true})
	p, w := path.DijkstraFrom(GraphNode(0), g).To(7) // n21 via the shortcut and h21
	var links []string
	for i := 1; i < len(p); i++ {
		e := g.WeightedEdge(p[i-1].ID(), p[i].ID()).(GraphEdge)
		links = append(links, n.LinkID(e.Link()))
	}
	if w != 110 || !slices.Equal(links, []string{"cut", "h21"}) {
		t.Errorf("path to n21: %v (links %v), weight %v; want [cut h21], 110", p, links, w)
	}
}

// pathCity is a 3-path a – b – c plus d – e in one sector, and the same
// shape with directed links a → b → c in a second sector.
func pathCity(bcOutOfService bool) *Builder {
	b := NewBuilder()
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		b.AddComponent(Component{ID: id, Sector: Telecom})
	}
	for _, id := range []string{"A", "B", "C"} {
		b.AddComponent(Component{ID: id, Sector: Water})
	}
	b.AddLink(Link{ID: "ab", From: "a", To: "b"})
	b.AddLink(Link{ID: "bc", From: "b", To: "c", OutOfService: bcOutOfService})
	b.AddLink(Link{ID: "de", From: "d", To: "e"})
	b.AddLink(Link{ID: "AB", From: "A", To: "B", Directed: true})
	b.AddLink(Link{ID: "BC", From: "B", To: "C", Directed: true})
	return b
}

// TestSectorGraphBetweenness checks gonum's betweenness on the adapter.
// gonum defines C_B(v) = Σ_{s≠v≠t} σ_st(v)/σ_st over ordered pairs (s, t)
// and does not halve it for undirected graphs. On the undirected path
// a – b – c the pairs (a, c) and (c, a) each have one shortest path, through
// b, so C_B(b) = 2 (the halved textbook value is 1); the directed view of
// the same undirected links sees both directions, also 2. On the directed
// path A → B → C only (A, C) has a path: C_B(B) = 1. End nodes lie inside
// no path and gonum omits zeros.
func TestSectorGraphBetweenness(t *testing.T) {
	n := mustBuild(t, pathCity(false))
	tel, _ := n.SectorIndexOf(Telecom)
	wat, _ := n.SectorIndexOf(Water)
	b, _ := n.ComponentIndex("b")
	B, _ := n.ComponentIndex("B")
	g := n.Graph(tel, GraphOptions{})
	u, ok := g.Undirected()
	if !ok {
		t.Fatal("telecom: no undirected view")
	}
	dg := n.Graph(wat, GraphOptions{})
	if _, ok := dg.Undirected(); ok {
		t.Error("water has directed links but got an undirected view")
	}
	for _, tt := range []struct {
		name string
		g    graph.Weighted
		want map[int64]float64
	}{
		{"undirected", u, map[int64]float64{int64(b): 2}},
		{"directed view of undirected links", g, map[int64]float64{int64(b): 2}},
		{"directed links", dg, map[int64]float64{int64(B): 1}},
	} {
		if got := gnetwork.Betweenness(tt.g); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Betweenness = %v, want %v", tt.name, got, tt.want)
		}
		if got := gnetwork.BetweennessWeighted(tt.g, path.DijkstraAllPaths(tt.g)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: BetweennessWeighted = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func componentSets(n *Network, cc [][]graph.Node) [][]string {
	var out [][]string
	for _, c := range cc {
		var ids []string
		for _, v := range c {
			ids = append(ids, n.ComponentID(int32(v.ID())))
		}
		slices.Sort(ids)
		out = append(out, ids)
	}
	slices.SortFunc(out, func(a, b []string) int { return slices.Compare(a, b) })
	return out
}

func TestSectorGraphConnectedComponents(t *testing.T) {
	n := mustBuild(t, pathCity(true))
	tel, _ := n.SectorIndexOf(Telecom)
	for _, tt := range []struct {
		include bool
		want    [][]string
	}{
		{false, [][]string{{"a", "b"}, {"c"}, {"d", "e"}}},
		{true, [][]string{{"a", "b", "c"}, {"d", "e"}}},
	} {
		u, ok := n.Graph(tel, GraphOptions{IncludeOutOfService: tt.include}).Undirected()
		if !ok {
			t.Fatal("no undirected view")
		}
		if got := componentSets(n, topo.ConnectedComponents(u)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("IncludeOutOfService=%v: components %v, want %v", tt.include, got, tt.want)
		}
	}
}

// TestSectorGraphParallelLinks: two lines join a and b (300 m and 200 m);
// the graph shows one edge of the least weight over a usable link.
func TestSectorGraphParallelLinks(t *testing.T) {
	build := func(shortOff bool) (*Network, *SectorGraph) {
		b := NewBuilder()
		for _, id := range []string{"a", "b", "c"} {
			b.AddComponent(Component{ID: id, Sector: Power})
		}
		b.AddLink(Link{ID: "long", From: "a", To: "b", Length: 300})
		b.AddLink(Link{ID: "ac", From: "a", To: "c", Length: 50})
		b.AddLink(Link{ID: "short", From: "b", To: "a", Length: 200, OutOfService: shortOff})
		n := mustBuild(t, b)
		return n, n.Graph(0, GraphOptions{Weight: WeightLength})
	}
	for _, tt := range []struct {
		shortOff bool
		weight   float64
		link     string
	}{{false, 200, "short"}, {true, 300, "long"}} {
		n, g := build(tt.shortOff)
		it := g.From(0)
		if it.Len() != 2 {
			t.Errorf("From(a).Len() = %d, want 2", it.Len())
		}
		var got []int64
		for it.Next() {
			got = append(got, it.Node().ID())
			if it.Len() != 2-len(got) {
				t.Errorf("Len after %d steps = %d", len(got), it.Len())
			}
		}
		if !slices.Equal(got, []int64{1, 2}) {
			t.Errorf("From(a) = %v, want [1 2]", got)
		}
		if w, ok := g.Weight(0, 1); !ok || w != tt.weight {
			t.Errorf("Weight(a, b) = %v, %v; want %v", w, ok, tt.weight)
		}
		for _, e := range []graph.WeightedEdge{g.WeightedEdge(0, 1), g.WeightedEdge(1, 0)} {
			ge := e.(GraphEdge)
			if n.LinkID(ge.Link()) != tt.link || ge.Weight() != tt.weight {
				t.Errorf("edge %v–%v: link %s weight %v, want %s %v", ge.From().ID(), ge.To().ID(),
					n.LinkID(ge.Link()), ge.Weight(), tt.link, tt.weight)
			}
		}
	}
}

func TestSectorGraphContract(t *testing.T) {
	n := mustBuild(t, gridCity())
	tr, _ := n.SectorIndexOf(Transport)
	pw, _ := n.ComponentIndex("pw")
	g := n.Graph(tr, GraphOptions{})
	if g.Node(int64(pw)) != nil || g.Node(-1) != nil || g.Node(1<<40) != nil {
		t.Error("Node returns a component outside the sector")
	}
	if g.From(int64(pw)) != graph.Empty || g.To(-1) != graph.Empty {
		t.Error("From/To of a non-member is not graph.Empty")
	}
	if w, ok := g.Weight(4, 4); w != 0 || !ok {
		t.Errorf("self weight %v %v", w, ok)
	}
	if w, ok := g.Weight(0, 8); !math.IsInf(w, 1) || ok {
		t.Errorf("absent weight (out of service) %v %v", w, ok)
	}
	if g.Edge(0, 8) != nil || g.HasEdgeBetween(0, 8) {
		t.Error("out-of-service link visible")
	}
	nodes := graph.NodesOf(g.Nodes())
	if len(nodes) != 9 || nodes[8].ID() != 8 {
		t.Errorf("Nodes = %v", nodes)
	}
	it := g.Nodes()
	if it.Node() != nil || it.Len() != 9 {
		t.Error("fresh Nodes iterator")
	}
	for it.Next() {
	}
	if it.Len() != 0 || it.Node() != nil || it.Next() {
		t.Error("exhausted Nodes iterator")
	}
	it.Reset()
	if !it.Next() || it.Node().ID() != 0 || it.Len() != 8 {
		t.Error("reset Nodes iterator")
	}
	// n11 (index 4) has four neighbours; To equals From for undirected roads.
	from, to := graph.NodesOf(g.From(4)), graph.NodesOf(g.To(4))
	if len(from) != 4 || !reflect.DeepEqual(from, to) {
		t.Errorf("From(n11) = %v, To(n11) = %v", from, to)
	}

	for _, f := range []func(){
		func() { n.Graph(SectorIndex(n.NumSectors()), GraphOptions{}) },
		func() { n.Graph(tr, GraphOptions{Weight: WeightFreeFlow + 1}) },
	} {
		func() {
			defer func() {
				if r := recover(); r == nil {
					t.Error("no panic")
				} else if s, _ := r.(string); len(s) < 9 || s[:9] != "network: " {
					t.Errorf("panic %v lacks the network: prefix", r)
				}
			}()
			f()
		}()
	}
}

func TestSectorGraphDirected(t *testing.T) {
	n := mustBuild(t, pathCity(false))
	wat, _ := n.SectorIndexOf(Water)
	A, _ := n.ComponentIndex("A")
	B, _ := n.ComponentIndex("B")
	g := n.Graph(wat, GraphOptions{})
	if !g.HasEdgeFromTo(int64(A), int64(B)) || g.HasEdgeFromTo(int64(B), int64(A)) || !g.HasEdgeBetween(int64(B), int64(A)) {
		t.Error("direction of A → B")
	}
	if g.Edge(int64(B), int64(A)) != nil {
		t.Error("Edge(B, A) exists")
	}
	if to := graph.NodesOf(g.To(int64(B))); len(to) != 1 || to[0].ID() != int64(A) {
		t.Errorf("To(B) = %v", to)
	}
	e := g.Edge(int64(A), int64(B))
	if r := e.ReversedEdge(); r.From().ID() != int64(B) || r.To().ID() != int64(A) || r.(GraphEdge).Link() != e.(GraphEdge).Link() {
		t.Errorf("ReversedEdge %v", r)
	}
	if sp := path.DijkstraFrom(GraphNode(B), g); !math.IsInf(sp.WeightTo(int64(A)), 1) {
		t.Error("A reachable from B against the link direction")
	}
}

// TestSectorGraphAllocs pins the documented allocations: From allocates
// its iterator only, stepping it allocates nothing (indices below 256),
// and a component without neighbours gets graph.Empty.
func TestSectorGraphAllocs(t *testing.T) {
	n := mustBuild(t, gridCity())
	tr, _ := n.SectorIndexOf(Transport)
	pw, _ := n.ComponentIndex("pw")
	g := n.Graph(tr, GraphOptions{Weight: WeightLength})
	sink := int64(0)
	if a := testing.AllocsPerRun(100, func() {
		it := g.From(4)
		for it.Next() {
			sink += it.Node().ID()
		}
	}); a != 1 {
		t.Errorf("From + iteration: %v allocations, want 1", a)
	}
	if a := testing.AllocsPerRun(100, func() { _, _ = g.Weight(4, 5) }); a != 0 {
		t.Errorf("Weight: %v allocations, want 0", a)
	}
	pg := n.Graph(0, GraphOptions{})
	if a := testing.AllocsPerRun(100, func() { pg.From(int64(pw)) }); a != 0 {
		t.Errorf("From of an isolated component: %v allocations, want 0", a)
	}
	_ = sink
}

// sectorBuilder adapts gonum's testgraph conformance cases: nodes become
// components of sector "x" whose indices are the node IDs (other indices
// are padded with components of sector "pad"); each edge becomes a link of
// the case's weight. Cases with negative or large IDs, and self-loops,
// which a Network cannot hold, are skipped; parallel edges collapse.
func sectorBuilder(directed bool) testgraph.Builder {
	return func(nodes []graph.Node, edges []testgraph.WeightedLine, _, _ float64) (graph.Graph, []graph.Node, []testgraph.Edge, float64, float64, bool) {
		ids := map[int64]bool{}
		for _, v := range nodes {
			ids[v.ID()] = true
		}
		type pair struct{ f, t int64 }
		seen := map[pair]bool{}
		var kept []testgraph.WeightedLine
		for _, e := range edges {
			f, t := e.From().ID(), e.To().ID()
			if f == t {
				continue
			}
			ids[f], ids[t] = true, true
			k := pair{f, t}
			if !directed && f > t {
				k = pair{t, f}
			}
			if !seen[k] {
				seen[k] = true
				kept = append(kept, e)
			}
		}
		if len(ids) == 0 || (len(kept) == 0 && len(edges) != 0) {
			return nil, nil, nil, 0, 0, false
		}
		var top int64
		for id := range ids {
			if id < 0 || id > 1000 {
				return nil, nil, nil, 0, 0, false
			}
			top = max(top, id)
		}
		b := NewBuilder()
		for i := range top + 1 {
			s := Sector("pad")
			if ids[i] {
				s = "x"
			}
			b.AddComponent(Component{ID: fmt.Sprint(i), Sector: s})
		}
		weights := make([]float64, len(kept))
		out := make([]testgraph.Edge, len(kept))
		for l, e := range kept {
			b.AddLink(Link{ID: fmt.Sprint(l), From: fmt.Sprint(e.From().ID()), To: fmt.Sprint(e.To().ID()), Directed: directed})
			weights[l] = e.Weight()
			out[l] = e
		}
		n, err := b.Build()
		if err != nil {
			panic(err)
		}
		x, _ := n.SectorIndexOf("x")
		var g graph.Graph = n.Graph(x, GraphOptions{WeightFunc: func(l int32) float64 { return weights[l] }})
		if !directed {
			u, ok := g.(*SectorGraph).Undirected()
			if !ok {
				panic("undirected links without an undirected view")
			}
			g = u
		}
		var ns []graph.Node
		for id := range ids {
			ns = append(ns, GraphNode(id))
		}
		return g, ns, out, 0, math.Inf(1), true
	}
}

// TestSectorGraphConformance runs gonum's testgraph suite for simple
// graphs (the suite used by gonum's own graph/simple package) on both views.
func TestSectorGraphConformance(t *testing.T) {
	const useEmpty, reversesEdges = true, true
	for _, directed := range []bool{true, false} {
		b := sectorBuilder(directed)
		t.Run(fmt.Sprintf("directed=%v", directed), func(t *testing.T) {
			t.Run("NodeExistence", func(t *testing.T) { testgraph.NodeExistence(t, b) })
			t.Run("ReturnAllNodes", func(t *testing.T) { testgraph.ReturnAllNodes(t, b, useEmpty) })
			t.Run("EdgeExistence", func(t *testing.T) { testgraph.EdgeExistence(t, b, reversesEdges) })
			t.Run("ReturnAdjacentNodes", func(t *testing.T) { testgraph.ReturnAdjacentNodes(t, b, useEmpty, reversesEdges) })
			t.Run("Weight", func(t *testing.T) { testgraph.Weight(t, b) })
		})
	}
}
