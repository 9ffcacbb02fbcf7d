package flow

import "github.com/lifeline-sim/lifeline/network"

// GiantComponent serves the members in the largest connected cluster of
// functional components (links taken as undirected) and asks the engine to
// latch every other functional member (Output.Trip): leaving the giant
// cluster is permanent, as in the percolation algorithms of Buldyrev et al.
// (2010). Ties between equal-size clusters go to the one holding the lowest
// component index. Cost: O(members + links) per Serve.
type GiantComponent struct {
	b      bfs
	label  []int32
	starts []int32
}

// NewGiantComponent returns a GiantComponent model with scratch space for n.
func NewGiantComponent(n *network.Network) *GiantComponent {
	return &GiantComponent{b: newBFS(n), label: make([]int32, n.NumComponents())}
}

// GiantComponentFactory is a Factory for GiantComponent.
func GiantComponentFactory(n *network.Network, _ network.SectorIndex) (Model, error) {
	return NewGiantComponent(n), nil
}

// Name returns "giant-component".
func (*GiantComponent) Name() string { return "giant-component" }

// Serve labels clusters, serves the largest and trips the rest.
func (g *GiantComponent) Serve(n *network.Network, s network.SectorIndex, st *network.State, out *Output) {
	best, bestSize := g.largest(n, s, st)
	for _, i := range n.SectorMembers(s) {
		switch {
		case !st.Functional(i):
			out.Served[i] = 0
		case g.label[i] == best && bestSize > 0:
			out.Served[i] = 1
		default:
			out.Served[i] = 0
			out.Trip = append(out.Trip, i)
		}
	}
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
// and none is directed: the inner loop of percolation runs here.
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
