package roads

import (
	"fmt"
	"math"
	"slices"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Unreachable is the travel time of a component no open road reaches:
// sim.MaxTime, "never".
const Unreachable = sim.MaxTime

// maxLinkTime caps one link's travel time (about 146 years): a link slower
// than that is treated as closed, which keeps every path sum in range.
const maxLinkTime = 1 << 62

// unreached is the time of a component the current tree has not reached.
const unreached = math.MaxInt64

// Router computes shortest travel-time trees on one sector's roads under
// a state. Load takes the state's travel times; Tree, TreeTo and Route
// then answer queries until the next Load. A Router reuses its arrays and
// queues: once it has answered a query of a given size, further queries
// do not allocate (Route's returned path excepted). It is not safe for
// concurrent use.
type Router struct {
	n      *network.Network
	s      network.SectorIndex
	links  []int32   // the sector's links: those in its members' rows
	free   []int64   // per link: free-flow time (ns), read once from the network
	base   []int64   // per link: travel time at the link's factor, −1 closed
	factor []float64 // per component: capacity factor, 0 closed

	// Forward arcs of component i are slots fOff[i]..fOff[i+1] (the
	// network's CSR rows): to fTo over fLink at time fW (−1 closed).
	// Reverse arcs (In) of the sector's members likewise, from rTo; the
	// reverse slot k is the forward slot r2f[k] read backwards (−1 for an
	// arc from outside the sector). fSlots[2l], fSlots[2l+1] are link l's
	// forward slots, rSlots likewise its reverse ones (−1: none).
	fOff, fTo, fLink []int32
	fW               []int64
	rOff, rTo, rLink []int32
	rW               []int64
	r2f              []int32
	fSlots, rSlots   []int32
	lo, hi           int64       // bounds of the open arc times since the last Load
	loadArcs         []arcChange // Load's scratch (the changes it does not report)
	intactRW         []int64     // reverse arc times on the intact network, built on first use
	intactLo         int64       // and their bounds
	intactHi         int64

	dist    []int64 // per component, unreached outside the current tree
	prev    []int32 // the component a tree reached it from
	touched []int32 // components with a time in the current tree
	epoch   uint32  // current tree (stale trees panic)
	buckets bucketQueue
	radix   radixHeap
	dial    bool // the bucket queue suits the loaded times
	loaded  bool
	loads   uint64 // Load calls, so that a Model sees a Load it did not make
}

// NewRouter returns a Router for sector s of n. It panics with a "roads:"
// message when s is not a sector of n. Memory: about 40 bytes per
// adjacency entry, 32 per link and 30 per component.
func NewRouter(n *network.Network, s network.SectorIndex) *Router {
	if int(s) >= n.NumSectors() {
		panic(fmt.Sprintf("roads: sector index %d out of range [0, %d)", s, n.NumSectors()))
	}
	off, nbr, link := n.CSR()
	nc, nl := n.NumComponents(), n.NumLinks()
	r := &Router{
		n: n, s: s, free: make([]int64, nl), base: make([]int64, nl), factor: make([]float64, nc),
		fOff: off, fTo: nbr, fLink: link, fW: make([]int64, len(nbr)), rOff: make([]int32, nc+1),
		fSlots: make([]int32, 2*nl), rSlots: make([]int32, 2*nl),
		dist: make([]int64, nc), prev: make([]int32, nc),
	}
	for i := range r.dist {
		r.dist[i] = unreached
	}
	for i := range r.fW {
		r.fW[i] = -1
	}
	for i := range r.fSlots {
		r.fSlots[i], r.rSlots[i] = -1, -1
	}
	members := n.SectorMembers(s)
	for _, i := range members {
		for k := off[i]; k < off[i+1]; k++ {
			l := link[k]
			if r.fSlots[2*l] < 0 {
				r.fSlots[2*l] = k
				r.links = append(r.links, l)
				r.free[l] = int64(n.FreeFlow(l))
			} else {
				r.fSlots[2*l+1] = k
			}
		}
		nb, _ := n.In(i)
		r.rOff[i+1] = int32(len(nb))
	}
	slices.Sort(r.links)
	for i := range nc {
		r.rOff[i+1] += r.rOff[i]
	}
	m := r.rOff[nc]
	r.rTo, r.rLink, r.rW, r.r2f = make([]int32, m), make([]int32, m), make([]int64, m), make([]int32, m)
	for _, i := range members {
		nb, ls := n.In(i)
		copy(r.rTo[r.rOff[i]:], nb)
		copy(r.rLink[r.rOff[i]:], ls)
		for k := r.rOff[i]; k < r.rOff[i+1]; k++ {
			l := r.rLink[k]
			if r.rSlots[2*l] < 0 {
				r.rSlots[2*l] = k
			} else {
				r.rSlots[2*l+1] = k
			}
			// The forward slot of this arc lies in the row of rTo[k] and
			// leads to i: of link l's forward slots, the one whose far end
			// is i (either one for a loop).
			r.r2f[k] = -1
			for _, f := range r.fSlots[2*l : 2*l+2] {
				if f >= 0 && r.fTo[f] == i {
					r.r2f[k] = f
				}
			}
		}
	}
	for i := range r.rW {
		r.rW[i] = -1
	}
	return r
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
func LinkTime(n *network.Network, st *network.State, l int32) (sim.Time, bool) {
	if !st.LinkWorking(l) {
		return 0, false
	}
	t := scale(int64(n.FreeFlow(l)), st.LinkFactor(l))
	return sim.Time(t), t >= 0
}

// linkTime is LinkTime of a sector link from the dense free-flow times,
// −1 when closed.
func (r *Router) linkTime(st network.View, l int32) int64 {
	if !st.LinkWorking(l) {
		return -1
	}
	return scale(r.free[l], st.LinkFactor(l))
}

// compFactor is component i's factor as the router uses it: 0 when it is
// not functional.
func compFactor(st network.View, i int32) float64 {
	if !st.Functional(i) {
		return 0
	}
	return st.Factor(i)
}

// Load takes the travel times of sector s under st (LoadView: under a
// read-only view of a state, as a responder sees it): every working link of
// the sector costs LinkTime, and entering a component of capacity factor
// f < 1 multiplies the link's time by 1/f (a signalled intersection
// without power, degraded by its requirement, slows the traffic through
// it); components that are not functional, or have factor 0, are closed.
// Load invalidates earlier trees and picks the queue the next trees use:
// Dial's buckets when every open link takes at least 1 ns and the slowest
// at most about 2000 times the fastest, a radix heap otherwise. Cost:
// O(members + links of the sector).
func (r *Router) Load(st *network.State) { r.LoadView(st.View()) }

// LoadView is Load from a read-only view of a state.
func (r *Router) LoadView(st network.View) {
	for _, i := range r.n.SectorMembers(r.s) {
		r.factor[i] = compFactor(st, i)
	}
	for _, l := range r.links {
		r.base[l] = r.linkTime(st, l)
	}
	r.lo, r.hi = math.MaxInt64, -1
	for _, l := range r.links {
		r.loadArcs = r.refresh(l, r.loadArcs[:0])
	}
	r.pickQueue()
	r.loaded = true
	r.loads++
}

// Update takes, from st, the new state of the components comps and the
// links links (entries that did not change, or repeats, are allowed): the
// travel times of the arcs they touch change as Load would set them, and
// nothing else is read. Earlier trees become invalid. It panics with a
// "roads:" message before the first Load. Cost: O(Σ degree of comps +
// len(links)), where Load costs O(members + links of the sector).
func (r *Router) Update(st network.View, comps, links []int32) {
	if !r.loaded {
		panic("roads: Router used before Load")
	}
	r.loadArcs = r.update(st, comps, links, r.loadArcs[:0])
}

// arcChange records a forward arc whose time changed: its slot, the
// component whose row holds it, and its old time.
type arcChange struct {
	slot, row int32
	old       int64
}

// update takes the new factor of the components comps and the new time
// of the links links under st (either may list entries that did not
// change, or repeat them), refreshes the times of the arcs they touch,
// and appends every arc whose time changed to changed. It invalidates
// earlier trees. Cost: O(Σ degree of comps + len(links)).
func (r *Router) update(st network.View, comps, links []int32, changed []arcChange) []arcChange {
	for _, i := range comps {
		r.factor[i] = compFactor(st, i)
	}
	for _, l := range links {
		r.base[l] = r.linkTime(st, l)
		changed = r.refresh(l, changed)
	}
	for _, i := range comps {
		// The arcs leaving i (gated on i being open) and entering it
		// (scaled by its factor) are the links of its rows.
		for _, l := range r.fLink[r.fOff[i]:r.fOff[i+1]] {
			changed = r.refresh(l, changed)
		}
		for _, l := range r.rLink[r.rOff[i]:r.rOff[i+1]] {
			changed = r.refresh(l, changed)
		}
	}
	r.pickQueue()
	return changed
}

// refresh recomputes the times of link l's arcs from base and factor: an
// arc is open when the link and both its ends are, and takes the link's
// time scaled by the factor of the component it enters. It appends the
// arcs whose time changed to changed, and widens lo and hi.
func (r *Router) refresh(l int32, changed []arcChange) []arcChange {
	from, to := r.n.Ends(l)
	for _, k := range r.fSlots[2*l : 2*l+2] {
		if k < 0 {
			continue
		}
		u, v := from, to
		if r.fTo[k] != to {
			u, v = to, from
		}
		w := int64(-1)
		if r.open(u) {
			w = scale(r.base[l], r.factor[v])
		}
		if old := r.fW[k]; old != w {
			r.fW[k] = w
			changed = append(changed, arcChange{slot: k, row: u, old: old})
		}
		if w >= 0 {
			r.lo, r.hi = min(r.lo, w), max(r.hi, w)
		}
	}
	for _, k := range r.rSlots[2*l : 2*l+2] {
		if k >= 0 {
			r.rW[k] = -1
			if f := r.r2f[k]; f >= 0 {
				r.rW[k] = r.fW[f]
			}
		}
	}
	return changed
}

// pickQueue chooses the queue for the next trees from the bounds of the
// arc times (which only widen between Loads) and starts a new epoch.
func (r *Router) pickQueue() {
	r.dial = r.hi >= 0 && r.lo > 0 && r.buckets.fit(r.lo, r.hi)
	r.bump()
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
	for _, i := range r.touched {
		r.dist[i] = unreached
	}
	r.touched = append(r.touched[:0], root)
	r.dist[root], r.prev[root] = 0, -1
	if r.dial {
		r.buckets.reset()
		r.buckets.push(0, root)
	} else {
		r.radix.reset()
		r.radix.push(0, root)
	}
	return Tree{r: r, epoch: r.epoch, root: root, reverse: reverse, limit: limit}
}

// bump starts a new epoch: every earlier tree becomes stale.
func (r *Router) bump() { r.epoch++ }

// grow runs Dijkstra's algorithm over the arcs (forward or reverse) until
// the times exceed limit or target (−1: none) is settled.
func (r *Router) grow(off, to []int32, w []int64, limit int64, target int32) {
	if r.dial {
		dijkstra(r, &r.buckets, off, to, w, limit, target)
	} else {
		dijkstra(r, &r.radix, off, to, w, limit, target)
	}
}

// queue is a monotone priority queue: bucketQueue or radixHeap.
type queue[T any] interface {
	*T
	push(key int64, node int32)
	pop() item
	// floor returns the least key the next pop can return.
	floor() int64
	len() int
}

// dijkstra grows r's tree with queue q (instantiated per queue type, so
// that its calls are direct).
func dijkstra[T any, Q queue[T]](r *Router, q Q, off, to []int32, w []int64, limit int64, target int32) {
	dist, prev := r.dist, r.prev
	for q.len() > 0 {
		x := q.pop()
		u := x.node
		if x.key > dist[u] {
			continue // stale: u was reached faster since
		}
		if u == target || q.floor() > limit {
			return
		}
		if x.key > limit {
			continue // a bucket holds keys up to its width apart
		}
		for k := off[u]; k < off[u+1]; k++ {
			c := w[k]
			if c < 0 {
				continue
			}
			d, v := x.key+c, to[k]
			if d < dist[v] && d >= x.key {
				if dist[v] == unreached {
					r.touched = append(r.touched, v)
				}
				dist[v], prev[v] = d, u
				q.push(d, v)
			}
		}
	}
}

func limitOf(d sim.Time) int64 {
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
func (r *Router) TreeWithin(from int32, limit sim.Time) Tree {
	t := r.start(from, false, limitOf(limit))
	if r.open(from) {
		r.grow(r.fOff, r.fTo, r.fW, t.limit, -1)
	}
	return t
}

// TreeTo returns the shortest travel-time tree towards component to
// (many-to-one): Time(i) is the travel time from i to to, following link
// directions, computed backwards over In. Same cost and panics as Tree.
func (r *Router) TreeTo(to int32) Tree { return r.TreeToWithin(to, Unreachable) }

// TreeToWithin is TreeTo stopped once the travel times exceed limit.
func (r *Router) TreeToWithin(to int32, limit sim.Time) Tree {
	t := r.start(to, true, limitOf(limit))
	r.grow(r.rOff, r.rTo, r.rW, t.limit, -1)
	return t
}

// intactTreeTo is TreeTo on the intact network (every component open at
// factor 1, every link at its free-flow time, base-case out-of-service
// links closed), whatever the loaded state. The reverse arc times it uses
// are built on first use.
func (r *Router) intactTreeTo(to int32) Tree {
	if r.intactRW == nil {
		r.intactRW = make([]int64, len(r.rW))
		r.intactLo, r.intactHi = math.MaxInt64, -1
		for _, i := range r.n.SectorMembers(r.s) {
			for k := r.rOff[i]; k < r.rOff[i+1]; k++ {
				l := r.rLink[k]
				w := int64(-1)
				if r.r2f[k] >= 0 && !r.n.OutOfService(l) && r.n.ComponentSector(r.rTo[k]) == r.s {
					w = r.free[l]
					r.intactLo, r.intactHi = min(r.intactLo, w), max(r.intactHi, w)
				}
				r.intactRW[k] = w
			}
		}
	}
	// Size the queue for the intact times, then back for the loaded ones.
	r.dial = r.intactHi >= 0 && r.intactLo > 0 && r.buckets.fit(r.intactLo, r.intactHi)
	t := r.start(to, true, limitOf(Unreachable))
	r.grow(r.rOff, r.rTo, r.intactRW, t.limit, -1)
	r.dial = r.hi >= 0 && r.lo > 0 && r.buckets.fit(r.lo, r.hi)
	return t
}

// Walk grows the shortest travel-time tree from component from, following
// link directions, and calls visit with each member it reaches and its
// travel time, in nondecreasing order of time (ties in no documented
// order), from itself at time 0, until visit returns false or no open road
// reaches further. The returned Tree holds the members visited (and
// Path to each of them); those not yet visited read Unreachable, or a
// tentative time no smaller than the last one visited. The search costs
// what it visits: O(V + E log T) for the V members visited and the E arcs
// leaving them, so a search that stops at the nearest of some targets is
// bounded by the ball around from that holds it. It uses the radix heap
// whatever the loaded times (the bucket queue does not pop in strict
// order). Panics as Tree.
func (r *Router) Walk(from int32, visit func(i int32, d sim.Time) bool) Tree {
	t := r.start(from, false, limitOf(Unreachable))
	if r.dial {
		// start queued the root in the bucket queue: move it.
		r.buckets.reset()
		r.radix.reset()
		r.radix.push(0, from)
	}
	dist, prev := r.dist, r.prev
	h := &r.radix
	for h.len() > 0 {
		x := h.pop()
		u := x.node
		if x.key > dist[u] {
			continue
		}
		if !visit(u, sim.Time(x.key)) {
			break
		}
		if !r.open(u) {
			continue
		}
		for k := r.fOff[u]; k < r.fOff[u+1]; k++ {
			c := r.fW[k]
			if c < 0 {
				continue
			}
			d, v := x.key+c, r.fTo[k]
			if d < dist[v] && d >= x.key {
				if dist[v] == unreached {
					r.touched = append(r.touched, v)
				}
				dist[v], prev[v] = d, u
				h.push(d, v)
			}
		}
	}
	return t
}

// Route returns the travel time of the fastest route from component from
// to component to and the components along it, from first; Unreachable
// and nil when no open route exists. The search stops as soon as to is
// settled. The path is freshly allocated; the search itself does not
// allocate. Panics as Tree.
func (r *Router) Route(from, to int32) (sim.Time, []int32) {
	if to < 0 || int(to) >= len(r.dist) || r.n.ComponentSector(to) != r.s {
		panic(fmt.Sprintf("roads: component %d is not a member of sector %d", to, r.s))
	}
	t := r.start(from, false, limitOf(Unreachable))
	if r.open(from) {
		r.grow(r.fOff, r.fTo, r.fW, t.limit, to)
	}
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
func (t Tree) Time(i int32) sim.Time {
	t.check()
	r := t.r
	if d := r.dist[i]; d <= t.limit {
		return sim.Time(d)
	}
	return Unreachable
}

// Step returns the tree edge at i: the link it uses and the component at
// the link's other end, one step closer to the root; −1, −1 at the root
// and for components the tree does not reach. Cost: O(degree).
func (t Tree) Step(i int32) (link, next int32) {
	if t.Time(i) == Unreachable || i == t.root {
		return -1, -1
	}
	r := t.r
	u := r.prev[i]
	off, to, ls, w := r.fOff, r.fTo, r.fLink, r.fW
	if t.reverse {
		off, to, ls, w = r.rOff, r.rTo, r.rLink, r.rW
	}
	for k := off[u]; k < off[u+1]; k++ {
		if to[k] == i && w[k] >= 0 && r.dist[u]+w[k] == r.dist[i] {
			return ls[k], u
		}
	}
	panic("roads: internal error: no tree link at " + r.n.ComponentID(i))
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
