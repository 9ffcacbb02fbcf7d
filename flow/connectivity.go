package flow

import "github.com/lifeline-sim/lifeline/network"

// Connectivity serves a member while a path of working links and
// functional components joins it to a functional source of its sector,
// following link directions. Islands that hold a source keep running;
// islands without one go dark. Cost: O(members + links) per Serve.
type Connectivity struct {
	b bfs
}

// NewConnectivity returns a Connectivity model with scratch space for n.
func NewConnectivity(n *network.Network) *Connectivity { return &Connectivity{b: newBFS(n)} }

// ConnectivityFactory is a Factory for Connectivity.
func ConnectivityFactory(n *network.Network, _ network.SectorIndex) (Model, error) {
	return NewConnectivity(n), nil
}

// Name returns "connectivity".
func (*Connectivity) Name() string { return "connectivity" }

// Serve marks the members reachable from functional sources.
func (c *Connectivity) Serve(n *network.Network, s network.SectorIndex, st *network.State, out *Output) {
	for _, i := range n.SectorMembers(s) {
		out.Served[i] = 0
	}
	c.b.next()
	c.b.queue = c.b.queue[:0]
	for _, src := range n.Sources(s) {
		if st.Functional(src) && !c.b.seen(src) {
			c.b.seed(src)
		}
	}
	c.b.run(n, st, false, func(i int32) { out.Served[i] = 1 })
}
