package roads

import "github.com/lifeline-sim/lifeline/network"

// forest is the shortest travel-time forest towards the nearest of a set
// of root components (the counted facilities' access nodes): dist[x] is
// the least travel time from x to any open root, following link
// directions, and par[x] the next component on that route, reached over
// the forward arc pslot[x] (−1 at a root and where no root is reached).
// Every reached non-root x satisfies
//
//	dist[x] = fW[pslot[x]] + dist[par[x]]
//
// exactly, which is what lets update find the components an arc change
// can lengthen: only those whose route uses the arc. The forest reads the
// Router's arc times and must be updated after every change to them.
type forest struct {
	r     *Router
	root  []bool  // per component: an access node of a counted facility
	dist  []int64 // per component: unreached when no open root is reached
	par   []int32
	pslot []int32
	mark  []uint32 // affected-set epoch per component
	// oldPar and oldSlot keep par and pslot from before the last update
	// for the components it affected (mark == epoch).
	oldPar, oldSlot []int32
	epoch           uint32
	heap            radixHeap
	stack           []int32
	// moved lists the components whose dist the last build or update may
	// have changed (repeats possible).
	moved []int32
}

func newForest(r *Router, roots []int32) *forest {
	nc := len(r.dist)
	f := &forest{r: r, root: make([]bool, nc), dist: make([]int64, nc), par: make([]int32, nc),
		pslot: make([]int32, nc), mark: make([]uint32, nc), oldPar: make([]int32, nc), oldSlot: make([]int32, nc)}
	for _, a := range roots {
		f.root[a] = true
	}
	return f
}

// build computes the forest from scratch on the Router's arc times: one
// multi-source Dijkstra from every open root at time 0. Cost: O(L + N
// log T) over the sector's N members and L arcs, travel times spanning T.
func (f *forest) build() {
	f.nextEpoch() // no component is affected: nothing to cite after a build
	f.heap.reset()
	f.moved = f.moved[:0]
	for _, i := range f.r.n.SectorMembers(f.r.s) {
		f.dist[i], f.par[i], f.pslot[i] = unreached, -1, -1
		if f.root[i] && f.r.open(i) {
			f.settle(i, 0, -1, -1)
		}
	}
	f.run()
}

// settle gives x the time d over the arc slot to p and queues it.
func (f *forest) settle(x int32, d int64, p, slot int32) {
	f.dist[x], f.par[x], f.pslot[x] = d, p, slot
	f.heap.push(d, x)
	f.moved = append(f.moved, x)
}

// run is Dijkstra's algorithm from the queued components over the
// reverse arcs: it relaxes towards every component that can improve.
func (f *forest) run() {
	r := f.r
	for f.heap.len() > 0 {
		e := f.heap.pop()
		x := e.node
		if e.key > f.dist[x] {
			continue // stale
		}
		for k := r.rOff[x]; k < r.rOff[x+1]; k++ {
			w := r.rW[k]
			if w < 0 {
				continue
			}
			if d, j := e.key+w, r.rTo[k]; d < f.dist[j] && d >= e.key {
				f.settle(j, d, x, r.r2f[k])
			}
		}
	}
}

// update brings the forest up to date after the arc changes arcs (each
// with its old time; the Router already holds the new ones) and the
// changes of the components comps (a root opens or closes). It is
// Ramalingam and Reps' dynamic shortest-path algorithm (1996) for a batch
// of changes:
//
//  1. Increases: a component whose tree arc got slower or closed, or a
//     root that closed, is affected, and so is its whole subtree (found
//     through the reverse arcs: the children of x are the in-neighbours
//     whose par is x). Every affected component is reset to unreached.
//  2. Each affected component takes the best time over its arcs to
//     components that still have one (0 for an open root): its boundary
//     with the unaffected forest.
//  3. Decreases: an arc that got faster or opened, x → y, offers x the
//     time fW + dist[y]; a root that opened takes 0.
//  4. Dijkstra's algorithm from everything queued in 2 and 3 settles the
//     affected components and every component that can now improve.
//
// The times outside the affected set are upper bounds (their routes
// still exist) and the steps restore the shortest-path conditions on
// every arc, so the result equals build's, exactly. Cost: O((A + I)
// log T) over the A affected and I improved components and their arcs;
// the number of roots does not enter.
func (f *forest) update(arcs []arcChange, comps []int32) {
	r := f.r
	f.heap.reset()
	f.moved = f.moved[:0]
	f.nextEpoch()
	f.stack = f.stack[:0]
	affect := func(x int32) {
		if f.mark[x] != f.epoch {
			f.mark[x] = f.epoch
			f.stack = append(f.stack, x)
		}
	}
	for _, a := range arcs {
		if w := r.fW[a.slot]; f.pslot[a.row] == a.slot && (w < 0 || w > a.old) {
			affect(a.row)
		}
	}
	for _, i := range comps {
		if f.root[i] && !r.open(i) && f.dist[i] == 0 && f.par[i] < 0 {
			affect(i)
		}
	}
	// 1. The affected subtrees.
	for h := 0; h < len(f.stack); h++ {
		x := f.stack[h]
		for k := r.rOff[x]; k < r.rOff[x+1]; k++ {
			if j := r.rTo[k]; f.par[j] == x {
				affect(j)
			}
		}
	}
	for _, x := range f.stack {
		f.oldPar[x], f.oldSlot[x] = f.par[x], f.pslot[x]
		f.dist[x], f.par[x], f.pslot[x] = unreached, -1, -1
		f.moved = append(f.moved, x)
	}
	// 2. Their boundary.
	for _, x := range f.stack {
		if !r.open(x) {
			continue
		}
		if f.root[x] {
			f.settle(x, 0, -1, -1)
			continue
		}
		best, p, slot := int64(unreached), int32(-1), int32(-1)
		for k := r.fOff[x]; k < r.fOff[x+1]; k++ {
			w := r.fW[k]
			if w < 0 {
				continue
			}
			y := r.fTo[k]
			if dy := f.dist[y]; dy != unreached && dy+w < best && dy+w >= dy {
				best, p, slot = dy+w, y, k
			}
		}
		if p >= 0 {
			f.settle(x, best, p, slot)
		}
	}
	// 3. Decreases and opened roots.
	for _, a := range arcs {
		w := r.fW[a.slot]
		if w < 0 || (a.old >= 0 && w >= a.old) {
			continue
		}
		x, y := a.row, r.fTo[a.slot]
		if dy := f.dist[y]; dy != unreached && dy+w < f.dist[x] && dy+w >= dy {
			f.settle(x, dy+w, y, a.slot)
		}
	}
	for _, i := range comps {
		if f.root[i] && r.open(i) && f.dist[i] != 0 {
			f.settle(i, 0, -1, -1)
		}
	}
	// 4. Settle.
	f.run()
}

// nextEpoch starts an empty affected set.
func (f *forest) nextEpoch() {
	f.epoch++
	if f.epoch == 0 {
		clear(f.mark)
		f.epoch = 1
	}
}

// cut appends to dst the elements on x's route before the last update
// (towards its nearest root then) that are down in st — components as
// their index, links l as ^l — and returns it. A component whose route
// lost an element was affected by the update, and so was every component
// before the element on that route (the affected set is closed under
// subtrees); the walk therefore follows the kept routes of affected
// components and stops at the first unaffected one, whose route did not
// change. Every element on the route was open at the last update, so an
// element down now failed since. Cost: the length of the affected part of
// the route.
func (f *forest) cut(st *network.State, x int32, dst []int32) []int32 {
	for y := x; f.mark[y] == f.epoch; {
		p, slot := f.oldPar[y], f.oldSlot[y]
		if p < 0 {
			break
		}
		if l := f.r.fLink[slot]; !st.LinkWorking(l) {
			dst = append(dst, ^l)
		}
		if !st.Functional(p) {
			dst = append(dst, p)
		}
		y = p
	}
	return dst
}
