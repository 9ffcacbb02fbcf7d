package roads

import (
	"fmt"
	"math"
	"time"

	"github.com/lifeline-sim/lifeline/network"
)

// Unreachable is the travel time of a component no open road reaches.
const Unreachable = time.Duration(math.MaxInt64)

// maxLinkTime caps one link's travel time (about 146 years): a link slower
// than that is treated as closed, which keeps every path sum in range.
const maxLinkTime = 1 << 62

// Router computes shortest travel-time trees on one sector's roads under
// a state. Load takes the state's travel times; Tree, TreeTo and Route
// then answer queries until the next Load. A Router reuses its arrays and
// heap: once it has answered a query of a given size, further queries do
// not allocate (Route's returned path excepted). It is not safe for
// concurrent use.
type Router struct {
	n              *network.Network
	s              network.SectorIndex
	off, nbr, link []int32
	base           []int64   // per link: travel time at the link's factor, -1 closed
	factor         []float64 // per component: capacity factor, 0 closed
	wOut           []int64   // per CSR slot: time to enter nbr, -1 closed
	dist           []int64
	via            []int32 // link a tree reached a component through
	prev           []int32 // component it came from
	stamp          []uint32
	epoch          uint32
	heap           radixHeap
	loaded         bool
}

// NewRouter returns a Router for sector s of n. It panics with a "roads:"
// message when s is not a sector of n.
func NewRouter(n *network.Network, s network.SectorIndex) *Router {
	if int(s) >= n.NumSectors() {
		panic(fmt.Sprintf("roads: sector index %d out of range [0, %d)", s, n.NumSectors()))
	}
	off, nbr, link := n.CSR()
	nc := n.NumComponents()
	return &Router{
		n: n, s: s, off: off, nbr: nbr, link: link,
		base: make([]int64, n.NumLinks()), factor: make([]float64, nc), wOut: make([]int64, len(nbr)),
		dist: make([]int64, nc), via: make([]int32, nc), prev: make([]int32, nc), stamp: make([]uint32, nc),
	}
}

// scale returns the time to traverse a link of time t into a component of
// capacity factor f: t ÷ f rounded to the nanosecond, -1 when closed.
func scale(t int64, f float64) int64 {
	switch {
	case t < 0 || !(f > 0):
		return -1
	case f >= 1:
		return t
	}
	x := math.Round(float64(t) / f)
	if x >= maxLinkTime {
		return -1
	}
	return int64(x)
}

// LinkTime returns link l's travel time under st: FreeFlow ÷ LinkFactor,
// rounded to the nanosecond, and false when the link is closed (not
// working, factor 0, or slower than 2⁶² ns).
func LinkTime(n *network.Network, st *network.State, l int32) (time.Duration, bool) {
	if !st.LinkWorking(l) {
		return 0, false
	}
	t := scale(int64(n.FreeFlow(l)), st.LinkFactor(l))
	return time.Duration(t), t >= 0
}

// Load takes the travel times of sector s under st: every working link of
// the sector costs LinkTime, and entering a component of capacity factor
// f < 1 multiplies the link's time by 1/f (a signalled intersection
// without power, degraded by its requirement, slows the traffic through
// it); components that are not functional, or have factor 0, are closed.
// Cost: O(members + links of the sector).
func (r *Router) Load(st *network.State) {
	n := r.n
	for _, i := range n.SectorMembers(r.s) {
		f := st.Factor(i)
		if !st.Functional(i) {
			f = 0
		}
		r.factor[i] = f
	}
	for _, i := range n.SectorMembers(r.s) {
		_, links := n.Out(i)
		for _, l := range links {
			t, ok := LinkTime(n, st, l)
			if !ok {
				t = -1
			}
			r.base[l] = int64(t)
		}
	}
	for _, i := range n.SectorMembers(r.s) {
		for k := r.off[i]; k < r.off[i+1]; k++ {
			r.wOut[k] = scale(r.base[r.link[k]], r.factor[r.nbr[k]])
		}
	}
	r.bump()
	r.loaded = true
}

// open reports whether traffic may leave or cross component i.
func (r *Router) open(i int32) bool { return r.factor[i] > 0 }

// start begins a tree at root and returns it.
func (r *Router) start(root int32, reverse bool, limit int64) Tree {
	if !r.loaded {
		panic("roads: Router used before Load")
	}
	if root < 0 || int(root) >= len(r.dist) || r.n.ComponentSector(root) != r.s {
		panic(fmt.Sprintf("roads: component %d is not a member of sector %d", root, r.s))
	}
	r.bump()
	r.heap.reset()
	r.stamp[root] = r.epoch
	r.dist[root], r.via[root], r.prev[root] = 0, -1, -1
	r.heap.push(0, root)
	return Tree{r: r, epoch: r.epoch, root: root, reverse: reverse, limit: limit}
}

// bump starts a new epoch: every earlier tree becomes stale.
func (r *Router) bump() {
	r.epoch++
	if r.epoch == 0 {
		clear(r.stamp)
		r.epoch = 1
	}
}

// reach records a tentative time for j and queues it.
func (r *Router) reach(j int32, d int64, l, from int32) {
	if r.stamp[j] != r.epoch || d < r.dist[j] {
		r.stamp[j] = r.epoch
		r.dist[j], r.via[j], r.prev[j] = d, l, from
		r.heap.push(d, j)
	}
}

// forward grows the tree from root along Out until the least tentative
// time exceeds limit or target (−1: none) is settled.
func (r *Router) forward(root int32, limit int64, target int32) {
	if !r.open(root) {
		return
	}
	off, nbr, link, w := r.off, r.nbr, r.link, r.wOut
	for r.heap.len() > 0 {
		x := r.heap.pop()
		u := x.node
		if x.key > r.dist[u] {
			continue
		}
		if x.key > limit || u == target {
			return
		}
		for k := off[u]; k < off[u+1]; k++ {
			c := w[k]
			if c < 0 {
				continue
			}
			if d := x.key + c; d >= x.key {
				r.reach(nbr[k], d, link[k], u)
			}
		}
	}
}

// backward grows the tree towards its root along In: the time of a
// component is its travel time to the root.
func (r *Router) backward(limit int64) {
	n := r.n
	for r.heap.len() > 0 {
		x := r.heap.pop()
		v := x.node
		if x.key > r.dist[v] {
			continue
		}
		if x.key > limit {
			return
		}
		f := r.factor[v]
		nbrs, links := n.In(v)
		for k, u := range nbrs {
			if !r.open(u) {
				continue
			}
			c := scale(r.base[links[k]], f)
			if c < 0 {
				continue
			}
			if d := x.key + c; d >= x.key {
				r.reach(u, d, links[k], v)
			}
		}
	}
}

func limitOf(d time.Duration) int64 {
	if d < 0 {
		return -1
	}
	return int64(d)
}

// Tree returns the shortest travel-time tree from component from to
// every member it reaches (one-to-many, following link directions).
// Dijkstra's algorithm on the CSR adjacency with a radix heap: O(L + N
// log T) for the N members and L links reached and travel times spanning
// T ns; no allocation once the heap has grown. It panics with a "roads:"
// message before the first Load or when from is not a member of the
// sector.
func (r *Router) Tree(from int32) Tree { return r.TreeWithin(from, Unreachable) }

// TreeWithin is Tree stopped once the travel times exceed limit: members
// farther than limit are reported Unreachable.
func (r *Router) TreeWithin(from int32, limit time.Duration) Tree {
	t := r.start(from, false, limitOf(limit))
	r.forward(from, t.limit, -1)
	return t
}

// TreeTo returns the shortest travel-time tree towards component to
// (many-to-one): Time(i) is the travel time from i to to, following link
// directions, computed backwards over In. Same cost and panics as Tree.
func (r *Router) TreeTo(to int32) Tree { return r.TreeToWithin(to, Unreachable) }

// TreeToWithin is TreeTo stopped once the travel times exceed limit.
func (r *Router) TreeToWithin(to int32, limit time.Duration) Tree {
	t := r.start(to, true, limitOf(limit))
	r.backward(t.limit)
	return t
}

// Route returns the travel time of the fastest route from component from
// to component to and the components along it, from first; Unreachable
// and nil when no open route exists. The search stops as soon as to is
// settled. The path is freshly allocated; the search itself does not
// allocate. Panics as Tree.
func (r *Router) Route(from, to int32) (time.Duration, []int32) {
	if to < 0 || int(to) >= len(r.dist) || r.n.ComponentSector(to) != r.s {
		panic(fmt.Sprintf("roads: component %d is not a member of sector %d", to, r.s))
	}
	t := r.start(from, false, limitOf(Unreachable))
	r.forward(from, t.limit, to)
	d := t.Time(to)
	if d == Unreachable {
		return Unreachable, nil
	}
	return d, t.Path(to, nil)
}

// Tree is a shortest travel-time tree: from its root (Router.Tree) or
// towards it (Router.TreeTo). It reads the Router's arrays, so it is valid
// until the Router's next query or Load; using it later panics with a
// "roads:" message.
type Tree struct {
	r       *Router
	epoch   uint32
	root    int32
	reverse bool
	limit   int64
}

func (t Tree) check() {
	if t.r == nil || t.r.epoch != t.epoch {
		panic("roads: Tree used after a later query or Load")
	}
}

// Root returns the tree's root.
func (t Tree) Root() int32 { return t.root }

// Reverse reports whether the tree leads towards its root (TreeTo).
func (t Tree) Reverse() bool { return t.reverse }

// Time returns the travel time from the root to i (towards the root from
// i for a reverse tree), or Unreachable.
func (t Tree) Time(i int32) time.Duration {
	t.check()
	r := t.r
	if r.stamp[i] != t.epoch || r.dist[i] > t.limit {
		return Unreachable
	}
	return time.Duration(r.dist[i])
}

// Step returns the tree edge at i: the link it uses and the component at
// the link's other end, one step closer to the root; −1, −1 at the root
// and for components the tree does not reach.
func (t Tree) Step(i int32) (link, next int32) {
	if t.Time(i) == Unreachable {
		return -1, -1
	}
	return t.r.via[i], t.r.prev[i]
}

// Path appends to dst the components of the route between the root and
// i in travel order (root first for a tree from the root, i first for a
// reverse tree) and returns it; dst is returned unchanged when i is not
// reached.
func (t Tree) Path(i int32, dst []int32) []int32 {
	if t.Time(i) == Unreachable {
		return dst
	}
	start := len(dst)
	for v := i; v >= 0; v = t.r.prev[v] {
		dst = append(dst, v)
	}
	if !t.reverse {
		p := dst[start:]
		for a, b := 0, len(p)-1; a < b; a, b = a+1, b-1 {
			p[a], p[b] = p[b], p[a]
		}
	}
	return dst
}
