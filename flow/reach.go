package flow

import (
	"fmt"
	"math"

	"github.com/lifeline-sim/lifeline/network"
)

// Reach maintains, for one sector, the set of members joined to a
// functional source by working links and functional components, following
// link directions (network.Network.Out: both ways along undirected links,
// From to To along directed ones): the rule Connectivity serves by, and
// the water model's reach from its non-tank sources. The sources are
// those given to NewReach (members of the sector that feed while
// functional). It is the one home of incremental source reachability in
// lifeline: models keep one per sector and call Update with what changed.
//
// A Reach is not safe for concurrent use. Components are encoded as their
// index i ≥ 0 and links as ^l (< 0) in cuts.
//
// # Structure
//
// A spanning forest of the served members: every functional source is a
// root, every other served member keeps the parent it was first reached from
// and the link used (an arc parent → member that works), and every member
// keeps its children in an intrusive doubly linked list, so detaching or
// attaching a subtree costs O(1) and walking one costs its size. A member's
// tree path is therefore a path of working links and functional members
// from a source, and it stays one until an element on it fails. The
// structure also keeps its own copy of the functional flags of the members
// and the working flags of the sector's links, so update reads the state
// only for the elements it is given and ignores listed elements whose
// status did not in fact change.
//
// # Update
//
// Update(comps, links) first applies the losses. A failed served member and
// the child end of a failed tree link are detached from their parents:
// each becomes the top of a subtree that no longer hangs from a source.
// Every functional detached top, and every functional child of a failed
// one, is then offered a replacement parent: a member u with a link into it
// that worked before the update and still does, whose tree path still
// leads to a source. That is checked by walking up from u (a walk that
// meets a detached top fails), and the members a walk visits are stamped
// rooted or cut off, so later walks stop there. A replacement re-hangs the
// whole subtree in O(1) without visiting it. The subtrees still detached
// after that pass, collected through the child lists, form the orphaned
// set O, marked unserved. Members outside O keep tree paths of members
// outside O and of links that work, so they stay served.
//
// Then every functional member of O is offered a parent again, now any
// served member with a working link into it (or none if it is a source);
// likewise every newly functional member, and the head of every newly
// working link whose tail is served. A breadth-first search from those
// seeds through working out-links into unserved functional members
// attaches the rest. Every member it reaches is reachable; conversely take
// a path from a source to a member that is reachable but was missed: its
// first missed member would have been either a seed (it is reached through
// a newly working element, or is in O with a served parent outside O) or a
// successor of a member the search reached, so none is missed. The
// members of O left unserved are the losses; the members the search
// reached outside O are the gains.
//
// Cost of Update: O(changes + Σ over replacement candidates of their walk
// + Σ over O of (in-degree + out-degree) + Σ over newly served members of
// out-degree + Σ over newly functional members of in-degree). A walk is at
// most the depth of the forest and, thanks to the stamps, every member is
// walked over at most once per update, plus one step per walk. O is what
// the failures cut off and could not be re-hung whole at once: a failure
// whose subtree has another feed costs that feed's walk, not the subtree;
// a repair costs what it reconnects. The worst case is still
// O(members + links) per update: a subtree re-hung only member by member
// (its top has no other feed, but many of its members do, as in a mesh cut
// next to a source) is searched whole, and so is a large region that
// really goes dark. The
// forest does not stay breadth-first (a re-hung subtree hangs where its
// new parent is), so walks and subtrees lengthen with use: on a water
// sector of 10⁵ members the mean depth went from 20 after reset to about
// 35 after 40,000 rounds of 100 failures and their repair, and stayed
// there. Reset is a full breadth-first search, O(members + links). In
// steady state neither allocates: every list is reused.
//
// Memory: the arrays are indexed by the network's component and link
// indices, as Connectivity's are: about 67 bytes per component of the
// network and 5 per link, whatever the sector's share of them.
//
// # Provenance
//
// Cut reports which elements cut a lost member off: the components and
// links that failed in the last update, lie next to the functional region
// the member was left in, and just before the update reached a source
// without passing through that region. The region of a functional
// unserved member i is R(i), the functional members from which i can be
// reached through working links and functional members (its island when
// links are undirected), i included. An element lies next to R(i) when an
// arc leaves it into R(i): a link whose arc's head is in R(i) (its tail
// outside), or a component with a link that worked before the update into
// R(i). It reached a source before the update without passing through
// R(i) when a path of links that worked and members that were functional
// before the update leads from a functional source to it (to the link's
// tail, for a link) avoiding R(i). A failed dead end hanging off R(i) is
// therefore not a cause: it was fed through R(i) itself. Every functional
// lost member has a non-empty cut: on its former path from a source, the
// member or the link just before the first member of R(i) has failed.
// Components are encoded as their index i ≥ 0 and links as ^l (< 0).
//
// Cost of Cut: a reverse search of R(i), O(|R(i)| + in-links), and, for a
// candidate whose tail was itself orphaned by the last update (in O), a
// backward search of the graph before the update from that tail, within O
// and outside R(i), until it meets a member outside O that was served (or
// a source): at most the part of O upstream of the tail, usually a few
// steps. In a sector whose links are all undirected the regions partition
// the unserved members, so the result is kept for every member of R(i)
// until the next update and each region is searched once; with directed
// links regions overlap and every call pays for its own region.
type Reach struct {
	n       *network.Network
	s       network.SectorIndex
	links   []int32 // the sector's links
	undir   bool    // every link of the sector is undirected
	source  []bool  // per component: a source
	sources []int32 // the sources, as given

	// the structure's view of the state
	fun  []bool // per component: functional
	work []bool // per link: working

	// the forest (on: served); parent and plink are -1 for roots and
	// unserved members, child is -1 for unserved ones
	on                        []bool
	parent, plink             []int32
	child, next, prev         []int32
	queue, orph, gainC, gainL []int32
	cuts                      []int32  // members detached by the last update
	vmark, imark              []uint32 // rooted, cut off: stamped with ep

	// the last update, stamped with ep: members orphaned (omark), members
	// and links whose status changed (cmark, lmark), members whose served
	// status flipped (flip)
	ep                  uint32
	omark, cmark, flip  []uint32
	lmark               []uint32
	ce                  uint32   // cut search stamp
	inR, good, dead     []uint32 // per component, stamped with ce
	cand                []uint32
	bv                  uint32   // fedOld's visit stamp
	bvis                []uint32 // per component, stamped with bv
	region              []uint32 // per component: region number of a cached cut
	regBase, regNext    uint32
	regions             []int32 // start of each cached cut in cache; one past the end follows
	cache, rlist, cands []int32
}

// NewReach returns the structure for sector s of n with the given sources
// (members of s; a source feeds while functional), empty until Reset. It
// panics if a source is not a member of s. Memory: see the type's
// documentation.
func NewReach(n *network.Network, s network.SectorIndex, sources []int32) *Reach {
	k, m := n.NumComponents(), n.NumLinks()
	r := &Reach{
		n: n, s: s, undir: true,
		source: make([]bool, k), fun: make([]bool, k), work: make([]bool, m),
		on: make([]bool, k), parent: make([]int32, k), plink: make([]int32, k),
		child: make([]int32, k), next: make([]int32, k), prev: make([]int32, k),
		omark: make([]uint32, k), cmark: make([]uint32, k), flip: make([]uint32, k),
		lmark: make([]uint32, m), inR: make([]uint32, k), good: make([]uint32, k), dead: make([]uint32, k), bvis: make([]uint32, k),
		cand: make([]uint32, k), vmark: make([]uint32, k), imark: make([]uint32, k), region: make([]uint32, k), regBase: 1, regNext: 1,
	}
	for l := range n.Links() {
		if n.LinkSector(l) == s {
			r.links = append(r.links, l)
			if n.Directed(l) {
				r.undir = false
			}
		}
	}
	for _, i := range sources {
		if n.ComponentSector(i) != s {
			panic(fmt.Sprintf("flow: NewReach: source %s is not a member of sector %s", n.ComponentID(i), n.SectorName(s)))
		}
		r.source[i] = true
		r.sources = append(r.sources, i)
	}
	for i := range r.parent { // no member hangs from anything until reset
		r.parent[i], r.plink[i], r.child[i] = -1, -1, -1
	}
	return r
}

// Reset rebuilds the structure from st by a breadth-first search from the
// functional sources: O(members + links). It panics if st is a state of
// another network (index out of range).
func (r *Reach) Reset(st *network.State) {
	r.nextEpoch()
	r.orph = r.orph[:0]
	for _, i := range r.n.SectorMembers(r.s) {
		r.fun[i] = st.Functional(i)
		r.on[i] = false
		r.parent[i], r.plink[i], r.child[i] = -1, -1, -1
	}
	for _, l := range r.links {
		r.work[l] = st.LinkWorking(l)
	}
	r.queue = r.queue[:0]
	for _, i := range r.sources {
		if r.fun[i] {
			r.attach(i, -1, -1)
			r.queue = append(r.queue, i)
		}
	}
	r.search(nil)
}

// Served reports whether member i is joined to a functional source.
func (r *Reach) Served(i int32) bool { return r.on[i] }

// Update brings the structure up to date with st after the listed
// components and links changed functional or working status (elements not
// listed must be unchanged; listed ones that did not change, or that belong
// to another sector, are ignored),
// appending to *lost and *gained the members whose served status flipped.
// See the type's documentation for the algorithm and its cost.
func (r *Reach) Update(st *network.State, comps, links []int32, lost, gained *[]int32) {
	r.nextEpoch()
	r.orph, r.gainC, r.gainL, r.queue = r.orph[:0], r.gainC[:0], r.gainL[:0], r.queue[:0]
	r.cuts = r.cuts[:0]
	for _, c := range comps {
		f := st.Functional(c)
		if f == r.fun[c] || r.n.ComponentSector(c) != r.s {
			continue
		}
		r.fun[c], r.cmark[c] = f, r.ep
		if f {
			r.gainC = append(r.gainC, c)
		} else if r.on[c] {
			r.detach(c)
		}
	}
	for _, l := range links {
		w := st.LinkWorking(l)
		if w == r.work[l] || r.n.LinkSector(l) != r.s {
			continue
		}
		r.work[l], r.lmark[l] = w, r.ep
		if w {
			r.gainL = append(r.gainL, l)
			continue
		}
		a, b := r.n.Ends(l)
		if r.plink[b] == l {
			r.detach(b)
		}
		if r.plink[a] == l {
			r.detach(a)
		}
	}
	// Re-hang what can be re-hung whole, then search what is left.
	for _, x := range r.cuts {
		if r.fun[x] {
			r.rehang(x)
			continue
		}
		for c := r.child[x]; c >= 0; {
			nx := r.next[c]
			if r.fun[c] {
				r.rehang(c)
			}
			c = nx
		}
	}
	for _, x := range r.cuts {
		if r.parent[x] < 0 {
			r.orphan(x)
		}
	}
	for _, x := range r.orph {
		r.on[x] = false
		r.parent[x], r.plink[x], r.child[x] = -1, -1, -1
	}
	for _, x := range r.orph {
		r.offer(x)
	}
	for _, c := range r.gainC {
		r.offer(c)
	}
	for _, l := range r.gainL {
		a, b := r.n.Ends(l)
		r.feed(a, b, l)
		if !r.n.Directed(l) {
			r.feed(b, a, l)
		}
	}
	r.search(gained)
	for _, x := range r.orph {
		if !r.on[x] {
			r.flip[x] = r.ep
			*lost = append(*lost, x)
		}
	}
}

// nextEpoch starts a new update, clearing the stamps when the counter wraps.
func (r *Reach) nextEpoch() {
	if r.ep == math.MaxUint32 {
		clear(r.omark)
		clear(r.cmark)
		clear(r.flip)
		clear(r.lmark)
		clear(r.vmark)
		clear(r.imark)
		r.ep = 0
	}
	r.ep++
	r.regBase = r.regNext
}

// detach cuts the served member x from its parent, leaving it a root
// without a source, and lists it in r.cuts.
func (r *Reach) detach(x int32) {
	r.unlink(x)
	r.parent[x], r.plink[x] = -1, -1
	r.cuts = append(r.cuts, x)
}

// unlink removes x from its parent's child list.
func (r *Reach) unlink(x int32) {
	p := r.parent[x]
	if p < 0 {
		return
	}
	if q := r.prev[x]; q >= 0 {
		r.next[q] = r.next[x]
	} else {
		r.child[p] = r.next[x]
	}
	if q := r.next[x]; q >= 0 {
		r.prev[q] = r.prev[x]
	}
}

// rehang moves the functional member x, with its subtree, below a member
// whose tree path is intact (rooted) through a link that worked before the
// update and still works; it reports whether it found one.
func (r *Reach) rehang(x int32) bool {
	nb, ls := r.n.In(x)
	for k, u := range nb {
		if l := ls[k]; r.work[l] && r.lmark[l] != r.ep && r.rooted(u) {
			r.unlink(x)
			kids := r.child[x]
			r.attach(x, u, l)
			r.child[x] = kids
			return true
		}
	}
	return false
}

// rooted reports whether the tree path of u leads to a functional source:
// it ends at a root that is neither detached nor failed. Members found
// rooted are stamped (vmark) and end later walks; those found cut off
// are stamped too (imark), conservatively: a re-hang later in the same
// update may root them, and the search after the re-hangs finds them then.
func (r *Reach) rooted(u int32) bool {
	v := u
	for r.vmark[v] != r.ep && r.imark[v] != r.ep && r.parent[v] >= 0 {
		v = r.parent[v]
	}
	// (a member stamped cut off is never a functional source: sources are
	// roots, and a root is cut off only when it failed)
	ok := r.vmark[v] == r.ep || r.on[v] && r.source[v] && r.fun[v]
	stamp := &r.imark
	if ok {
		stamp = &r.vmark
	}
	for w := u; ; w = r.parent[w] {
		(*stamp)[w] = r.ep
		if w == v {
			break
		}
	}
	return ok
}

// orphan adds the subtree of the detached member x to r.orph (detached
// members are in no child list, so no subtree is added twice).
func (r *Reach) orphan(x int32) {
	h := len(r.orph)
	r.omark[x] = r.ep
	r.orph = append(r.orph, x)
	for ; h < len(r.orph); h++ {
		for c := r.child[r.orph[h]]; c >= 0; c = r.next[c] {
			r.omark[c] = r.ep
			r.orph = append(r.orph, c)
		}
	}
}

// offer attaches the unserved functional member x when it is a source or a
// served member has a working link into it, and queues it.
func (r *Reach) offer(x int32) {
	if r.on[x] || !r.fun[x] {
		return
	}
	if r.source[x] {
		r.attach(x, -1, -1)
		r.queue = append(r.queue, x)
		return
	}
	nb, ls := r.n.In(x)
	for k, u := range nb {
		if r.on[u] && r.work[ls[k]] {
			r.attach(x, u, ls[k])
			r.queue = append(r.queue, x)
			return
		}
	}
}

// feed attaches b below a through the working link l when a is served and
// b is functional and unserved, and queues it.
func (r *Reach) feed(a, b, l int32) {
	if r.on[a] && !r.on[b] && r.fun[b] {
		r.attach(b, a, l)
		r.queue = append(r.queue, b)
	}
}

// attach marks x served with parent p (-1 for a root) through link l.
func (r *Reach) attach(x, p, l int32) {
	r.on[x], r.parent[x], r.plink[x], r.child[x] = true, p, l, -1
	r.prev[x], r.next[x] = -1, -1
	if p >= 0 {
		if h := r.child[p]; h >= 0 {
			r.prev[h] = x
			r.next[x] = h
		}
		r.child[p] = x
	}
}

// search attaches everything reachable from the queue through working
// out-links into unserved functional members; when gained is not nil it
// appends the queued and reached members that were not served before the
// update (those not orphaned by it) and stamps them flipped.
func (r *Reach) search(gained *[]int32) {
	for h := 0; h < len(r.queue); h++ {
		x := r.queue[h]
		if gained != nil && r.omark[x] != r.ep {
			r.flip[x] = r.ep
			*gained = append(*gained, x)
		}
		nb, ls := r.n.Out(x)
		for k, y := range nb {
			if !r.on[y] && r.fun[y] && r.work[ls[k]] {
				r.attach(y, x, ls[k])
				r.queue = append(r.queue, y)
			}
		}
	}
}

// The state just before the last update, from the stamps.
func (r *Reach) oldFun(x int32) bool    { return r.fun[x] != (r.cmark[x] == r.ep) }
func (r *Reach) oldWork(l int32) bool   { return r.work[l] != (r.lmark[l] == r.ep) }
func (r *Reach) oldServed(x int32) bool { return r.on[x] != (r.flip[x] == r.ep) }

// Cut appends to dst the elements that cut the lost member i off in the
// last update (components as i, links as ^l; see the type's documentation
// for the definition and cost). It appends nothing for a member that did
// not lose service in the last update or that is not functional (its own
// failure explains it). Call it before the next update or reset.
func (r *Reach) Cut(i int32, dst []int32) []int32 {
	if !r.fun[i] || r.on[i] || r.flip[i] != r.ep {
		return dst
	}
	if g := r.region[i]; r.undir && g >= r.regBase && g < r.regNext {
		k := g - r.regBase
		return append(dst, r.cache[r.regions[k]:r.regions[k+1]]...)
	}
	r.nextCut()
	ce := r.ce
	// R(i) by a reverse search; the elements next to it are candidates,
	// kept with their tails in r.cands as (element, tail) pairs.
	r.rlist, r.cands = append(r.rlist[:0], i), r.cands[:0]
	r.inR[i] = ce
	for h := 0; h < len(r.rlist); h++ {
		nb, ls := r.n.In(r.rlist[h])
		for k, u := range nb {
			l := ls[k]
			if r.work[l] && r.fun[u] {
				if r.inR[u] != ce {
					r.inR[u] = ce
					r.rlist = append(r.rlist, u)
				}
				continue
			}
			if !r.work[l] && r.lmark[l] == r.ep {
				r.cands = append(r.cands, ^l, u)
			}
			if !r.fun[u] && r.cmark[u] == r.ep && r.cand[u] != ce && r.oldWork(l) {
				r.cand[u] = ce
				r.cands = append(r.cands, u, u)
			}
		}
	}
	start := len(dst)
	for k := 0; k < len(r.cands); k += 2 {
		e, u := r.cands[k], r.cands[k+1]
		if r.inR[u] == ce || !r.oldServed(u) || r.omark[u] == r.ep && !r.fedOld(u) {
			continue
		}
		dst = append(dst, e)
	}
	if r.undir {
		r.keep(dst[start:])
	}
	return dst
}

// nextCut starts a cut search, clearing its stamps when the counter wraps.
func (r *Reach) nextCut() {
	if r.ce == math.MaxUint32 {
		clear(r.inR)
		clear(r.good)
		clear(r.dead)
		clear(r.cand)
		r.ce = 0
	}
	r.ce++
}

// fedOld reports whether u, a member of the last update's orphaned set O
// that was served before it and lies outside R (inR), was then joined to a
// source by a path avoiding R. It searches backwards from u through the
// graph before the update, within O and outside R, until it meets a
// source or an in-neighbour outside O that was served (whose tree path
// avoided O, hence R): the cost is the part of O upstream of u, and less on
// success. The answer is stamped on u (good), or on everything searched
// (dead: their upstream is what was searched), for the later candidates
// of the same cut.
func (r *Reach) fedOld(u int32) bool {
	ce := r.ce
	if r.good[u] == ce || r.dead[u] == ce {
		return r.good[u] == ce
	}
	if r.bv == math.MaxUint32 {
		clear(r.bvis)
		r.bv = 0
	}
	r.bv++
	bv := r.bv
	r.queue = append(r.queue[:0], u)
	r.bvis[u] = bv
	for h := 0; h < len(r.queue); h++ {
		x := r.queue[h]
		if r.source[x] || r.good[x] == ce {
			r.good[u] = ce
			return true
		}
		nb, ls := r.n.In(x)
		for k, y := range nb {
			switch {
			case !r.oldWork(ls[k]) || r.inR[y] == ce || !r.oldFun(y):
			case r.omark[y] != r.ep:
				if r.oldServed(y) {
					r.good[u] = ce
					return true
				}
			case r.dead[y] != ce && r.bvis[y] != bv:
				r.bvis[y] = bv
				r.queue = append(r.queue, y)
			}
		}
	}
	for _, x := range r.queue {
		r.dead[x] = ce
	}
	return false
}

// keep caches cut for every member of the region in r.rlist, until the next
// update (undirected sectors, where the region is the same from each of its
// members).
func (r *Reach) keep(cut []int32) {
	if r.regNext == math.MaxUint32 {
		clear(r.region)
		r.regNext, r.regBase = 1, 1
	}
	if r.regNext == r.regBase {
		r.regions, r.cache = append(r.regions[:0], 0), r.cache[:0]
	}
	g := r.regNext
	r.regNext++
	r.cache = append(r.cache, cut...)
	r.regions = append(r.regions, int32(len(r.cache)))
	for _, x := range r.rlist {
		r.region[x] = g
	}
}
