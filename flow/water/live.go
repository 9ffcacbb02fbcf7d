package water

import "github.com/lifeline-sim/lifeline/network"

// live keeps the members the non-tank sources reach (the rule of the
// package documentation without tanks) in a spanning forest: every
// functional non-tank source is a root, every other reached member keeps
// the parent it was reached from and the working link used, and every
// member keeps its children in an intrusive doubly linked list, so a
// subtree is detached or re-hung in O(1) and walked in its size.
//
// update applies a Serve's listed changes. A failed reached member and the
// child end of a failed tree link become detached tops. A functional top
// is first offered a replacement parent: a reached member with a working
// link into it whose parent chain still ends at a root (a walk up the
// forest, at most its depth; a chain that ends at a detached top fails);
// that re-hangs its whole subtree without visiting it. The subtrees still
// detached form the orphaned set O, marked unreached. Every functional
// member of O, every newly functional member and the head of every newly
// working link is then offered a reached parent (a non-tank source is a
// root), and a breadth-first search from those through working out-links
// into unreached functional members attaches the rest. Members outside O
// keep tree paths of working elements, so they stay reached; any member
// reachable but missed would have a first missed member on its path from
// a source that is a seed or the successor of a searched member, so none
// is missed. Cost: O(listed changes × degree + Σ replacement walks + Σ over
// O and the newly reached members of their degree).
type live struct {
	n   *network.Network
	s   network.SectorIndex
	src []bool // per component: a non-tank source of the sector

	on                []bool  // reached
	parent, plink     []int32 // -1 for roots and unreached members
	child, next, prev []int32 // child lists; -1 ends
	omark             []uint32
	ep                uint32
	tops, queue       []int32
	orph              []int32
	// flips lists the members whose reached status changed in the last
	// update (after reset: every member reached).
	flips []int32
}

func newLive(n *network.Network, s network.SectorIndex, isTank []bool) *live {
	nc := n.NumComponents()
	l := &live{n: n, s: s, src: make([]bool, nc), on: make([]bool, nc), omark: make([]uint32, nc)}
	l.parent, l.plink = fill(nc), fill(nc)
	l.child, l.next, l.prev = fill(nc), fill(nc), fill(nc)
	for _, i := range n.Sources(s) {
		l.src[i] = !isTank[i]
	}
	return l
}

func fill(k int) []int32 {
	a := make([]int32, k)
	for i := range a {
		a[i] = -1
	}
	return a
}

// reset rebuilds the forest from scratch under st: a breadth-first search
// from every functional non-tank source. Cost O(members + links).
func (l *live) reset(st *network.State) {
	for _, i := range l.n.SectorMembers(l.s) {
		l.on[i] = false
		l.parent[i], l.plink[i], l.child[i], l.next[i], l.prev[i] = -1, -1, -1, -1, -1
	}
	l.nextEpoch()
	l.flips, l.queue = l.flips[:0], l.queue[:0]
	for _, i := range l.n.Sources(l.s) {
		if l.src[i] && st.Functional(i) && !l.on[i] {
			l.attach(i, -1, -1)
		}
	}
	l.search(st)
}

func (l *live) nextEpoch() {
	l.ep++
	if l.ep == 0 {
		clear(l.omark)
		l.ep = 1
	}
}

// update brings the forest up to date with st after the listed changes
// and lists the members whose reached status flipped in flips.
func (l *live) update(st *network.State, comps, links []int32) {
	n := l.n
	l.nextEpoch()
	l.flips, l.tops, l.orph, l.queue = l.flips[:0], l.tops[:0], l.orph[:0], l.queue[:0]
	// Losses: detach failed reached members and children of failed tree links.
	for _, x := range comps {
		if l.on[x] && !st.Functional(x) {
			l.detach(x)
		}
	}
	for _, e := range links {
		if st.LinkWorking(e) {
			continue
		}
		a, b := n.Ends(e)
		if l.plink[b] == e && l.parent[b] == a {
			l.detach(b)
		} else if l.plink[a] == e && l.parent[a] == b {
			l.detach(a)
		}
	}
	for _, x := range l.tops {
		if st.Functional(x) && l.parent[x] < 0 {
			l.rehang(st, x)
		}
	}
	for _, x := range l.tops {
		if l.parent[x] < 0 {
			l.orphan(x)
		}
	}
	// Gains: offer orphans, newly functional members and heads of newly
	// working links a reached parent, then search onwards.
	for _, x := range l.orph {
		l.offer(st, x)
	}
	for _, x := range comps {
		l.offer(st, x)
	}
	for _, e := range links {
		if !st.LinkWorking(e) {
			continue
		}
		a, b := n.Ends(e)
		if l.on[a] && !l.on[b] && st.Functional(b) {
			l.attach(b, a, e)
		}
		if !n.Directed(e) && l.on[b] && !l.on[a] && st.Functional(a) {
			l.attach(a, b, e)
		}
	}
	l.search(st)
	for _, x := range l.orph {
		if !l.on[x] {
			l.flips = append(l.flips, x)
		}
	}
}

// detach makes reached member x a top: cut from its parent (a root stays
// as it is, marked a top).
func (l *live) detach(x int32) {
	if p := l.parent[x]; p >= 0 {
		if l.prev[x] >= 0 {
			l.next[l.prev[x]] = l.next[x]
		} else {
			l.child[p] = l.next[x]
		}
		if l.next[x] >= 0 {
			l.prev[l.next[x]] = l.prev[x]
		}
		l.parent[x], l.plink[x], l.next[x], l.prev[x] = -1, -1, -1, -1
	}
	l.tops = append(l.tops, x)
}

// rehang hangs functional top x under a reached member with a working
// link into it whose parent chain ends at a root, if there is one.
func (l *live) rehang(st *network.State, x int32) {
	nb, ls := l.n.In(x)
	for k, u := range nb {
		if l.on[u] && st.LinkWorking(ls[k]) && l.rooted(st, u) {
			l.link(x, u, ls[k])
			return
		}
	}
}

// rooted reports whether u's parent chain ends at a functional non-tank
// source: detached tops and failed roots end chains too.
func (l *live) rooted(st *network.State, u int32) bool {
	for l.parent[u] >= 0 {
		u = l.parent[u]
	}
	return l.src[u] && st.Functional(u)
}

// orphan marks the subtree of top x unreached and lists it in orph.
func (l *live) orphan(x int32) {
	if !l.on[x] || l.omark[x] == l.ep {
		return
	}
	h := len(l.orph)
	l.orph = append(l.orph, x)
	for ; h < len(l.orph); h++ {
		y := l.orph[h]
		l.on[y], l.omark[y] = false, l.ep
		for c := l.child[y]; c >= 0; {
			nx := l.next[c]
			l.parent[c], l.plink[c], l.next[c], l.prev[c] = -1, -1, -1, -1
			l.orph = append(l.orph, c)
			c = nx
		}
		l.child[y] = -1
	}
}

// offer attaches unreached functional member x: as a root if it is a
// non-tank source, else under a reached member with a working link into it.
func (l *live) offer(st *network.State, x int32) {
	if l.on[x] || !st.Functional(x) {
		return
	}
	if l.src[x] {
		l.attach(x, -1, -1)
		return
	}
	nb, ls := l.n.In(x)
	for k, u := range nb {
		if l.on[u] && st.LinkWorking(ls[k]) {
			l.attach(x, u, ls[k])
			return
		}
	}
}

// attach marks x reached with parent p through link e (p < 0: a root),
// queues it for the search and lists it in flips unless it was orphaned
// in this update (then it was reached before).
func (l *live) attach(x, p, e int32) {
	if l.src[x] {
		p, e = -1, -1
	}
	l.on[x] = true
	if p >= 0 {
		l.link(x, p, e)
	}
	l.queue = append(l.queue, x)
	if l.omark[x] != l.ep {
		l.flips = append(l.flips, x)
	}
}

// link hangs x under p through e.
func (l *live) link(x, p, e int32) {
	l.parent[x], l.plink[x] = p, e
	l.prev[x], l.next[x] = -1, l.child[p]
	if l.child[p] >= 0 {
		l.prev[l.child[p]] = x
	}
	l.child[p] = x
}

// search attaches every unreached functional member the queued members
// reach through working out-links.
func (l *live) search(st *network.State) {
	n := l.n
	all := st.AllLinksWork()
	for h := 0; h < len(l.queue); h++ {
		i := l.queue[h]
		nbrs, links := n.Out(i)
		for k, j := range nbrs {
			if !l.on[j] && st.Functional(j) && (all || st.LinkWorking(links[k])) {
				l.attach(j, i, links[k])
			}
		}
	}
}
