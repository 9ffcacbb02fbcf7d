package flow

import (
	"slices"

	"github.com/lifeline-sim/lifeline/network"
)

// GiantComponent serves the members in the largest connected cluster of
// functional components (links taken as undirected) and asks the engine to
// latch every other functional member (Output.Trip): leaving the giant
// cluster is permanent, as in the percolation algorithms of Buldyrev et al.
// (2010). Ties between equal-size clusters go to the one holding the lowest
// component index.
//
// Cost: O(members + links) for a full search. When every link works and
// the listed changes only took members out of the last giant (components
// only left, and the engine latched what the model tripped), it updates
// its last verdict decrementally instead: it searches outwards from the
// neighbours of the removed giant members with searches capped at a 64th
// of the giant that join when they meet. If the capped searches form one
// group, that group is the new giant and only the fragments cut off are
// explored; otherwise a search that grows past half of what is left
// identifies the giant. Either way the cost is about the size of what is
// cut off, which makes the percolation cascades' later rounds cheap. Every
// path gives the verdict a full search gives (a test compares them).
type GiantComponent struct {
	b     bfs
	label []int32

	net    *network.Network
	sector network.SectorIndex
	// the last verdict, for decremental updates
	valid   bool
	giant   []bool  // in the giant at the last call
	size    int     // giant size
	tripped []int32 // the last call's trips

	removed []int32
	cutOff  []int32  // members cut off by the last decrement
	stamp   []uint32 // search stamp per component
	cur     uint32
	frags   []fragment
	fnodes  []int32
	queue   []int32
	group   []int32 // union-find over splitCapped's searches
	done    []bool  // splitCapped's search finished below the cap
	was     []bool  // per component: scratch for full's comparison
}

type fragment struct {
	start, end int // nodes in fnodes[start:end]
	min        int32
}

// NewGiantComponent returns a GiantComponent model for sector s of n.
func NewGiantComponent(n *network.Network, s network.SectorIndex) (*GiantComponent, error) {
	if err := checkSector(n, s); err != nil {
		return nil, err
	}
	k := n.NumComponents()
	return &GiantComponent{b: newBFS(n), label: make([]int32, k), giant: make([]bool, k), stamp: make([]uint32, k),
		was: make([]bool, k), net: n, sector: s}, nil
}

// GiantComponentFactory is a Factory for GiantComponent.
func GiantComponentFactory(n *network.Network, s network.SectorIndex) (Model, error) {
	return NewGiantComponent(n, s)
}

// Name returns "giant-component".
func (*GiantComponent) Name() string { return "giant-component" }

// Unbound marks GiantComponent as flow.Unbound: the largest cluster needs
// no source.
func (*GiantComponent) Unbound() {}

// Serve finds the largest cluster, reports the members that entered or
// left it, and trips every functional member outside it.
func (g *GiantComponent) Serve(st *network.State, ch *Changes, out *Output) error {
	if err := CheckState(g.net, st); err != nil {
		return err
	}
	n := g.net
	simple := st.AllLinksWork() && !n.HasDirected()
	if simple && g.valid && !ch.All && g.decrement(st, ch) {
		for _, d := range g.removed {
			out.Served = append(out.Served, Value{d, 0})
		}
		slices.Sort(g.cutOff)
		for _, v := range g.cutOff {
			out.Served = append(out.Served, Value{v, 0})
		}
		g.tripped = append(g.tripped[:0], g.cutOff...)
		out.Trip = append(out.Trip, g.tripped...)
		return nil
	}
	all := ch.All || !g.valid
	members := n.SectorMembers(g.sector)
	for _, i := range members {
		g.was[i] = g.giant[i]
	}
	g.full(n, g.sector, st)
	g.valid = simple
	g.tripped = g.tripped[:0]
	for _, i := range members {
		if all || g.was[i] != g.giant[i] {
			out.Served = append(out.Served, Value{i, b2f(g.giant[i])})
		}
		if !g.giant[i] && st.Functional(i) {
			g.tripped = append(g.tripped, i)
		}
	}
	out.Trip = append(out.Trip, g.tripped...)
	return nil
}

// full recomputes the giant from scratch.
func (g *GiantComponent) full(n *network.Network, s network.SectorIndex, st *network.State) {
	best, size := g.largest(n, s, st)
	g.size = 0
	for _, i := range n.SectorMembers(s) {
		in := size > 0 && st.Functional(i) && g.label[i] == best
		g.giant[i] = in
		if in {
			g.size++
		}
	}
}

// decrement updates the last verdict when every functional member was in
// the last giant. It returns false (nothing changed) otherwise: a member
// joined, or the caller did not latch a cluster the model tripped, which
// may now be the largest.
func (g *GiantComponent) decrement(st *network.State, ch *Changes) bool {
	n := g.net
	g.removed, g.cutOff = g.removed[:0], g.cutOff[:0]
	for _, i := range g.tripped {
		if st.Functional(i) {
			return false
		}
	}
	for _, i := range ch.Components {
		f := st.Functional(i)
		if f && !g.giant[i] {
			return false
		}
		if !f && g.giant[i] {
			g.removed = append(g.removed, i)
		}
	}
	if len(g.removed) == 0 {
		return true
	}
	for _, d := range g.removed {
		g.giant[d] = false
	}
	g.size -= len(g.removed)
	if !g.splitCapped(n) {
		g.splitGiant(n)
	}
	return true
}

// splitCap bounds the searches of splitCapped: a 64th of the giant, at
// least 256 nodes (measured on the percolation benchmark: large enough
// that the searches inside the giant meet, small enough that they stay
// cheap).
func (g *GiantComponent) splitCap() int { return max(256, g.size/64) }

// splitCapped is the fast path of a decrement: one search per neighbour of
// a removed member, each stopped after splitCap nodes ("open") or as soon as
// it reaches an open search's nodes (joining it). A search that finishes
// below the cap without joining is a whole fragment of at most the cap.
// When the open searches form one connected group, that group is a single
// fragment larger than every finished one (it holds more nodes than the
// cap, and every fragment has a seed): it is the new giant, found
// without exploring it, and the finished fragments are cut off. With no
// open search, the largest finished fragment stays. With several groups it
// undoes its stamps' meaning (they stay below the next base) and returns
// false: splitGiant decides.
func (g *GiantComponent) splitCapped(n *network.Network) bool {
	off, nbr, _ := n.CSR()
	base := g.next()
	g.frags, g.fnodes = g.frags[:0], g.fnodes[:0]
	limit := g.splitCap()
	g.group = g.group[:0]
	g.done = g.done[:0]
	for _, d := range g.removed {
		for _, seed := range nbr[off[d]:off[d+1]] {
			if !g.giant[seed] || g.stamp[seed] > base {
				continue
			}
			id := int32(len(g.group))
			g.group = append(g.group, id)
			g.done = append(g.done, false)
			stamp := g.next()
			g.stamp[seed] = stamp
			q := append(g.queue[:0], seed)
			lo, open := seed, false
		search:
			for h := 0; h < len(q); h++ {
				v := q[h]
				for _, w := range nbr[off[v]:off[v+1]] {
					if !g.giant[w] || g.stamp[w] == stamp {
						continue
					}
					if g.stamp[w] > base { // an open search: same fragment
						g.union(id, int32(g.stamp[w]-base-1))
						open = true
						break search
					}
					g.stamp[w] = stamp
					q = append(q, w)
					lo = min(lo, w)
					if len(q) > limit {
						open = true
						break search
					}
				}
			}
			g.queue = q
			if open {
				continue
			}
			g.done[id] = true
			start := len(g.fnodes)
			g.fnodes = append(g.fnodes, q...)
			g.frags = append(g.frags, fragment{start: start, end: len(g.fnodes), min: lo})
		}
	}
	root := int32(-1)
	for id := range int32(len(g.group)) {
		if g.done[id] {
			continue
		}
		if r := g.find(id); root < 0 {
			root = r
		} else if r != root {
			return false // several open groups: they may be different fragments
		}
	}
	g.cut(root < 0)
	return true
}

func (g *GiantComponent) union(a, b int32) {
	a, b = g.find(a), g.find(b)
	if a != b {
		g.group[max(a, b)] = min(a, b)
	}
}

func (g *GiantComponent) find(a int32) int32 {
	for g.group[a] != a {
		g.group[a] = g.group[g.group[a]]
		a = g.group[a]
	}
	return a
}

// splitGiant finds which parts of the old giant, minus the removed members,
// stay connected. It searches from each neighbour of a removed member not
// yet reached, one fragment at a time; a search that grows past half of
// what is left has found the unique new giant and stops, and later searches
// stop as soon as they reach it. Every search that finishes below half is a
// fragment cut off; when none grows past half, the largest finished one
// (ties to the lowest component index) stays.
func (g *GiantComponent) splitGiant(n *network.Network) {
	off, nbr, _ := n.CSR()
	base := g.next()
	big := uint32(0)
	g.frags, g.fnodes = g.frags[:0], g.fnodes[:0]
	for _, d := range g.removed {
		for _, seed := range nbr[off[d]:off[d+1]] {
			if !g.giant[seed] || g.stamp[seed] > base {
				continue
			}
			id := g.next()
			q := append(g.queue[:0], seed)
			g.stamp[seed] = id
			lo, isBig := seed, false
		search:
			for h := 0; h < len(q); h++ {
				v := q[h]
				for _, w := range nbr[off[v]:off[v+1]] {
					switch {
					case !g.giant[w] || g.stamp[w] == id:
						continue
					case big != 0 && g.stamp[w] == big:
						isBig = true
						break search
					}
					g.stamp[w] = id
					q = append(q, w)
					lo = min(lo, w)
					if 2*len(q) > g.size {
						isBig = true
						break search
					}
				}
			}
			g.queue = q
			if isBig {
				if big == 0 {
					big = id
				}
				for _, v := range q {
					g.stamp[v] = big
				}
				continue
			}
			start := len(g.fnodes)
			g.fnodes = append(g.fnodes, q...)
			g.frags = append(g.frags, fragment{start: start, end: len(g.fnodes), min: lo})
		}
	}
	g.cut(big == 0)
}

// cut takes the finished fragments out of the giant. When stay is set no
// search found the new giant, so the largest fragment (ties to the one
// holding the lowest component index) stays in.
func (g *GiantComponent) cut(stay bool) {
	keep := -1
	if stay {
		for k, f := range g.frags {
			size, best := f.end-f.start, 0
			if keep >= 0 {
				best = g.frags[keep].end - g.frags[keep].start
			}
			if keep < 0 || size > best || (size == best && f.min < g.frags[keep].min) {
				keep = k
			}
		}
	}
	for k, f := range g.frags {
		if k == keep {
			continue
		}
		for _, v := range g.fnodes[f.start:f.end] {
			g.giant[v] = false
		}
		g.cutOff = append(g.cutOff, g.fnodes[f.start:f.end]...)
		g.size -= f.end - f.start
	}
}

// next returns a fresh search stamp.
func (g *GiantComponent) next() uint32 {
	g.cur++
	if g.cur == 0 {
		clear(g.stamp)
		g.cur = 1
	}
	return g.cur
}

// largest labels every functional member with its cluster's first member
// and returns the label and size of the largest cluster.
func (g *GiantComponent) largest(n *network.Network, s network.SectorIndex, st *network.State) (best int32, size int) {
	if st.AllLinksWork() && !n.HasDirected() {
		return g.largestFast(n, s, st)
	}
	g.b.next()
	best = -1
	for _, i := range n.SectorMembers(s) {
		if !st.Functional(i) || g.b.seen(i) {
			continue
		}
		g.b.queue = g.b.queue[:0]
		g.b.seed(i)
		k := 0
		g.b.run(n, st, true, func(j int32) { g.label[j] = i; k++ })
		if k > size {
			best, size = i, k
		}
	}
	return best, size
}

// largestFast is largest over the raw CSR and flags when every link works
// and none is directed.
func (g *GiantComponent) largestFast(n *network.Network, s network.SectorIndex, st *network.State) (best int32, size int) {
	off, nbr, _ := n.CSR()
	flags := st.RawFlags()
	members := n.SectorMembers(s)
	label := g.label
	for _, i := range members {
		label[i] = -1
	}
	best = -1
	q := g.b.queue
	for _, root := range members {
		if flags[root]&network.DownFlags != 0 || label[root] >= 0 {
			continue
		}
		label[root] = root
		q = append(q[:0], root)
		for h := 0; h < len(q); h++ {
			v := q[h]
			for _, w := range nbr[off[v]:off[v+1]] {
				if label[w] < 0 && flags[w]&network.DownFlags == 0 {
					label[w] = root
					q = append(q, w)
				}
			}
		}
		if len(q) > size {
			best, size = root, len(q)
		}
	}
	g.b.queue = q
	return best, size
}
