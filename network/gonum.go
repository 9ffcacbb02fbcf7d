package network

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/graph"
)

// LinkWeight selects the edge weight of a SectorGraph.
type LinkWeight uint8

// Link weights.
const (
	// WeightHops gives every link weight 1 (the zero value).
	WeightHops LinkWeight = iota
	// WeightLength weighs a link by its Length in metres.
	WeightLength
	// WeightFreeFlow weighs a link by its FreeFlow travel time in seconds.
	WeightFreeFlow
)

var linkWeightNames = [...]string{"hops", "length", "free-flow"}

// String returns the weight's name.
func (w LinkWeight) String() string {
	if int(w) < len(linkWeightNames) {
		return linkWeightNames[w]
	}
	return fmt.Sprintf("linkweight(%d)", w)
}

// GraphOptions select the edges and weights of a SectorGraph. The zero value
// counts hops over the links in service in the base case.
type GraphOptions struct {
	// Weight selects a built-in weight; ignored when WeightFunc is set.
	Weight LinkWeight
	// WeightFunc, when non-nil, gives the weight of a link by index, for
	// example a travel time in seconds under a State. +Inf or NaN leaves
	// the link out. gonum's shortest-path functions panic on negative
	// weights. It is called during graph queries, so it must be cheap and
	// safe for the caller's concurrency.
	WeightFunc func(link int32) float64
	// IncludeOutOfService keeps links that are switched off in the base
	// case (Link.OutOfService); by default they are left out before
	// WeightFunc is consulted.
	IncludeOutOfService bool
}

// Validate reports an unknown Weight.
func (o GraphOptions) Validate() error {
	if o.WeightFunc == nil && o.Weight > WeightFreeFlow {
		return fmt.Errorf("%w: link weight %v", ErrInvalid, o.Weight)
	}
	return nil
}

// GraphNode is a component seen as a gonum graph node; its ID is the
// component index.
type GraphNode int64

// ID returns the component index.
func (v GraphNode) ID() int64 { return int64(v) }

// GraphEdge is a link seen as a gonum weighted edge. Between two components
// joined by parallel links it is the usable link of least weight (the
// lowest link index on ties).
type GraphEdge struct {
	from, to GraphNode
	weight   float64
	link     int32
}

// From returns the node the edge leaves.
func (e GraphEdge) From() graph.Node { return e.from }

// To returns the node the edge enters.
func (e GraphEdge) To() graph.Node { return e.to }

// ReversedEdge returns the edge with its ends swapped, over the same link.
func (e GraphEdge) ReversedEdge() graph.Edge {
	e.from, e.to = e.to, e.from
	return e
}

// Weight returns the edge's weight.
func (e GraphEdge) Weight() float64 { return e.weight }

// Link returns the index of the link the edge stands for.
func (e GraphEdge) Link() int32 { return e.link }

// view is the state shared by the directed and undirected adapters.
type view struct {
	n       *Network
	s       SectorIndex
	weight  func(l int32) float64
	skipOff bool
}

// SectorGraph is a read-only gonum view of one sector's links over the
// compiled CSR adjacency; nothing is copied. It implements
// graph.WeightedDirected: node IDs are component indices, From follows Out
// (both ways along undirected links, forward along directed ones), To
// follows In. A pair of components joined by parallel links is one edge of
// the least weight. Links left out by GraphOptions are invisible.
//
// Let d be the degree of a component (its CSR row length). Node takes O(1)
// time; HasEdgeFromTo, Edge and Weight take O(d). From and To return an
// iterator over the CSR row without copying it: one small allocation per
// call, none at all (graph.Empty) for a component without neighbours or
// outside the sector. Each Next compares the current neighbour with the
// earlier ones of the row to hide parallel links, O(d) integer comparisons,
// so a full pass costs O(d²), and calls the weight once per link (again for
// an earlier parallel link). Next and Reset do not allocate; Node returns a
// GraphNode in an interface, which Go stores without allocating only for
// indices below 256. Len takes O(d²) time. A SectorGraph is safe for
// concurrent readers when its WeightFunc is.
type SectorGraph struct{ v view }

// UndirectedSectorGraph is the graph.WeightedUndirected view of a sector
// whose links are all undirected; see SectorGraph for its contract and
// costs.
type UndirectedSectorGraph struct{ v view }

var (
	_ graph.WeightedDirected   = (*SectorGraph)(nil)
	_ graph.WeightedUndirected = (*UndirectedSectorGraph)(nil)
	_ graph.WeightedEdge       = GraphEdge{}
)

// Graph returns a gonum view of sector s. It panics with a "network:"
// message when s is not a sector of n or opts is invalid.
func (n *Network) Graph(s SectorIndex, opts GraphOptions) *SectorGraph {
	if int(s) >= n.NumSectors() {
		panic(fmt.Sprintf("network: sector index %d out of range [0, %d)", s, n.NumSectors()))
	}
	if err := opts.Validate(); err != nil {
		panic("network: " + err.Error())
	}
	v := view{n: n, s: s, weight: opts.WeightFunc, skipOff: !opts.IncludeOutOfService}
	if v.weight == nil {
		switch opts.Weight {
		case WeightLength:
			v.weight = n.Length
		case WeightFreeFlow:
			v.weight = func(l int32) float64 { return n.FreeFlow(l).Duration().Seconds() }
		default:
			v.weight = func(int32) float64 { return 1 }
		}
	}
	return &SectorGraph{v: v}
}

// Undirected returns the undirected view of the same sector and options,
// and whether every link of the sector is undirected (when one is
// directed, the view is nil). It takes O(number of the sector's links)
// time.
func (g *SectorGraph) Undirected() (*UndirectedSectorGraph, bool) {
	for _, i := range g.v.n.SectorMembers(g.v.s) {
		_, links := g.v.n.Out(i)
		for _, l := range links {
			if g.v.n.Directed(l) {
				return nil, false
			}
		}
	}
	return &UndirectedSectorGraph{v: g.v}, true
}

// Sector returns the index of the sector viewed.
func (g *SectorGraph) Sector() SectorIndex { return g.v.s }

// Node returns the node with the given ID if it is a component of the
// sector, and nil otherwise.
func (g *SectorGraph) Node(id int64) graph.Node { return g.v.node(id) }

// Nodes returns the sector's components in index order.
func (g *SectorGraph) Nodes() graph.Nodes { return g.v.nodes() }

// From returns the components reachable from id over one usable link.
func (g *SectorGraph) From(id int64) graph.Nodes { return g.v.from(id, false) }

// To returns the components that reach id over one usable link.
func (g *SectorGraph) To(id int64) graph.Nodes { return g.v.from(id, true) }

// HasEdgeBetween reports whether a usable link joins x and y in either
// direction.
func (g *SectorGraph) HasEdgeBetween(xid, yid int64) bool {
	return g.v.best(xid, yid) >= 0 || g.v.best(yid, xid) >= 0
}

// HasEdgeFromTo reports whether a usable link leads from u to v.
func (g *SectorGraph) HasEdgeFromTo(uid, vid int64) bool { return g.v.best(uid, vid) >= 0 }

// Edge returns the edge from u to v, or nil. Its dynamic type is GraphEdge.
func (g *SectorGraph) Edge(uid, vid int64) graph.Edge { return g.v.edge(uid, vid) }

// WeightedEdge returns the edge from u to v, or nil. Its dynamic type is
// GraphEdge.
func (g *SectorGraph) WeightedEdge(uid, vid int64) graph.WeightedEdge { return g.v.edge(uid, vid) }

// Weight returns the least weight of the usable links from x to y and true;
// 0 and true when x equals y; +Inf and false when no link leads from x to y.
func (g *SectorGraph) Weight(xid, yid int64) (w float64, ok bool) { return g.v.weightOf(xid, yid) }

// Sector returns the index of the sector viewed.
func (g *UndirectedSectorGraph) Sector() SectorIndex { return g.v.s }

// Node returns the node with the given ID if it is a component of the
// sector, and nil otherwise.
func (g *UndirectedSectorGraph) Node(id int64) graph.Node { return g.v.node(id) }

// Nodes returns the sector's components in index order.
func (g *UndirectedSectorGraph) Nodes() graph.Nodes { return g.v.nodes() }

// From returns the neighbours of id over usable links.
func (g *UndirectedSectorGraph) From(id int64) graph.Nodes { return g.v.from(id, false) }

// HasEdgeBetween reports whether a usable link joins x and y.
func (g *UndirectedSectorGraph) HasEdgeBetween(xid, yid int64) bool { return g.v.best(xid, yid) >= 0 }

// Edge returns the edge between u and v oriented from u, or nil. Its
// dynamic type is GraphEdge.
func (g *UndirectedSectorGraph) Edge(uid, vid int64) graph.Edge { return g.v.edge(uid, vid) }

// EdgeBetween returns the edge between x and y oriented from x, or nil.
func (g *UndirectedSectorGraph) EdgeBetween(xid, yid int64) graph.Edge { return g.v.edge(xid, yid) }

// WeightedEdge returns the edge between u and v oriented from u, or nil.
func (g *UndirectedSectorGraph) WeightedEdge(uid, vid int64) graph.WeightedEdge {
	return g.v.edge(uid, vid)
}

// WeightedEdgeBetween returns the edge between x and y oriented from x, or
// nil.
func (g *UndirectedSectorGraph) WeightedEdgeBetween(xid, yid int64) graph.WeightedEdge {
	return g.v.edge(xid, yid)
}

// Weight returns the least weight of the usable links between x and y and
// true; 0 and true when x equals y; +Inf and false when none joins them.
func (g *UndirectedSectorGraph) Weight(xid, yid int64) (w float64, ok bool) {
	return g.v.weightOf(xid, yid)
}

// member reports whether id is a component of the viewed sector.
func (v *view) member(id int64) bool {
	return id >= 0 && id < int64(v.n.NumComponents()) && v.n.ComponentSector(int32(id)) == v.s
}

// usable returns the weight of link l and whether the view shows it.
func (v *view) usable(l int32) (float64, bool) {
	if v.skipOff && v.n.OutOfService(l) {
		return 0, false
	}
	w := v.weight(l)
	return w, !math.IsNaN(w) && !math.IsInf(w, 1)
}

func (v *view) node(id int64) graph.Node {
	if !v.member(id) {
		return nil
	}
	return GraphNode(id)
}

func (v *view) nodes() graph.Nodes {
	m := v.n.SectorMembers(v.s)
	if len(m) == 0 {
		return graph.Empty
	}
	return &memberIter{mem: m, pos: -1}
}

func (v *view) from(id int64, in bool) graph.Nodes {
	if !v.member(id) {
		return graph.Empty
	}
	var nbrs, links []int32
	if in {
		nbrs, links = v.n.In(int32(id))
	} else {
		nbrs, links = v.n.Out(int32(id))
	}
	if len(nbrs) == 0 {
		return graph.Empty
	}
	return &rowIter{v: v, nbr: nbrs, link: links, pos: -1}
}

// best returns the CSR position, in u's out-row, of the usable link of
// least weight from u to w (the first on ties), or -1.
func (v *view) best(uid, wid int64) int {
	if !v.member(uid) || !v.member(wid) {
		return -1
	}
	nbrs, links := v.n.Out(int32(uid))
	at, least := -1, math.Inf(1)
	for j, x := range nbrs {
		if int64(x) != wid {
			continue
		}
		if w, ok := v.usable(links[j]); ok && (at < 0 || w < least) {
			at, least = j, w
		}
	}
	return at
}

func (v *view) edge(uid, wid int64) graph.WeightedEdge {
	j := v.best(uid, wid)
	if j < 0 {
		return nil
	}
	_, links := v.n.Out(int32(uid))
	w, _ := v.usable(links[j])
	return GraphEdge{from: GraphNode(uid), to: GraphNode(wid), weight: w, link: links[j]}
}

func (v *view) weightOf(xid, yid int64) (float64, bool) {
	if xid == yid {
		return 0, true
	}
	j := v.best(xid, yid)
	if j < 0 {
		return math.Inf(1), false
	}
	_, links := v.n.Out(int32(xid))
	w, _ := v.usable(links[j])
	return w, true
}

// memberIter iterates over a sector's members.
type memberIter struct {
	mem []int32
	pos int
}

// Next advances to the next member.
func (it *memberIter) Next() bool {
	if it.pos < len(it.mem) {
		it.pos++
	}
	return it.pos < len(it.mem)
}

// Len returns the number of members not yet visited.
func (it *memberIter) Len() int { return len(it.mem) - min(it.pos+1, len(it.mem)) }

// Reset returns to the start.
func (it *memberIter) Reset() { it.pos = -1 }

// Node returns the current member, nil before Next or after the end.
func (it *memberIter) Node() graph.Node {
	if it.pos < 0 || it.pos >= len(it.mem) {
		return nil
	}
	return GraphNode(it.mem[it.pos])
}

// rowIter iterates over the distinct neighbours reached by usable links in
// one CSR row, without copying it. Position j is shown when its link is
// usable and no earlier position in the row reaches the same neighbour by
// a usable link.
type rowIter struct {
	v         *view
	nbr, link []int32
	pos       int
}

// shown reports whether position j is the first usable one for its
// neighbour.
func (it *rowIter) shown(j int) bool {
	if _, ok := it.v.usable(it.link[j]); !ok {
		return false
	}
	x := it.nbr[j]
	for k := range j {
		if it.nbr[k] == x {
			if _, ok := it.v.usable(it.link[k]); ok {
				return false
			}
		}
	}
	return true
}

// Next advances to the next shown position.
func (it *rowIter) Next() bool {
	for it.pos < len(it.nbr) {
		it.pos++
		if it.pos < len(it.nbr) && it.shown(it.pos) {
			return true
		}
	}
	return false
}

// Len counts the shown positions after the current one.
func (it *rowIter) Len() int {
	c := 0
	for j := it.pos + 1; j < len(it.nbr); j++ {
		if it.shown(j) {
			c++
		}
	}
	return c
}

// Reset returns to the start.
func (it *rowIter) Reset() { it.pos = -1 }

// Node returns the current neighbour, nil before Next or after the end.
func (it *rowIter) Node() graph.Node {
	if it.pos < 0 || it.pos >= len(it.nbr) {
		return nil
	}
	return GraphNode(it.nbr[it.pos])
}
