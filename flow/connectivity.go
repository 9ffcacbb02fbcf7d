package flow

import "github.com/lifeline-sim/lifeline/network"

// Connectivity serves a member while a path of working links and
// functional components joins it to a functional source of its sector,
// following link directions. Islands that hold a source keep running;
// islands without one go dark.
//
// Cost: O(members + links) for a full search. When, since the model's last
// call on the same sector, components and links only came back (repairs,
// resumptions) and none was lost, it grows its last verdict instead: it
// searches from the newly working elements that touch the served region
// into what was unserved, so a repair costs a scan of the sector's flags
// plus what the repair reconnects. Both paths give the same verdict (a
// test compares them).
type Connectivity struct {
	b bfs

	// the last verdict, for growth-only updates
	valid  bool
	net    *network.Network
	sector network.SectorIndex
	links  []int32 // the sector's links
	fun    []bool  // per component: functional at the last call
	work   []bool  // per link of links: working at the last call
	served []bool  // per component: served at the last call
	grown  []int32
	added  []int32 // positions in links
}

// NewConnectivity returns a Connectivity model with scratch space for n.
func NewConnectivity(n *network.Network) *Connectivity {
	k := n.NumComponents()
	return &Connectivity{b: newBFS(n), fun: make([]bool, k), served: make([]bool, k)}
}

// ConnectivityFactory is a Factory for Connectivity.
func ConnectivityFactory(n *network.Network, _ network.SectorIndex) (Model, error) {
	return NewConnectivity(n), nil
}

// Name returns "connectivity".
func (*Connectivity) Name() string { return "connectivity" }

// Serve marks the members reachable from functional sources.
func (c *Connectivity) Serve(n *network.Network, s network.SectorIndex, st *network.State, out *Output) {
	if c.net != n || c.sector != s || c.links == nil {
		c.net, c.sector, c.valid = n, s, false
		c.links = c.links[:0]
		for l := range n.Links() {
			if n.LinkSector(l) == s {
				c.links = append(c.links, l)
			}
		}
		if c.links == nil {
			c.links = []int32{}
		}
		c.work = make([]bool, len(c.links))
	}
	if !(c.valid && c.grow(n, s, st)) {
		c.full(n, s, st)
	}
	for _, i := range n.SectorMembers(s) {
		out.Served[i] = b2f(c.served[i])
	}
}

// full searches from every functional source.
func (c *Connectivity) full(n *network.Network, s network.SectorIndex, st *network.State) {
	members := n.SectorMembers(s)
	for _, i := range members {
		c.served[i] = false
	}
	c.b.next()
	c.b.queue = c.b.queue[:0]
	for _, src := range n.Sources(s) {
		if st.Functional(src) && !c.b.seen(src) {
			c.b.seed(src)
		}
	}
	c.b.run(n, st, false, func(i int32) { c.served[i] = true })
	c.remember(n, s, st)
	c.valid = true
}

// remember records the functional components and working links.
func (c *Connectivity) remember(n *network.Network, s network.SectorIndex, st *network.State) {
	for _, i := range n.SectorMembers(s) {
		c.fun[i] = st.Functional(i)
	}
	for k, l := range c.links {
		c.work[k] = st.LinkWorking(l)
	}
}

// grow extends the last verdict when elements only came back; it returns
// false, having changed nothing, when any was lost.
func (c *Connectivity) grow(n *network.Network, s network.SectorIndex, st *network.State) bool {
	c.grown, c.added = c.grown[:0], c.added[:0]
	for _, i := range n.SectorMembers(s) {
		switch f := st.Functional(i); {
		case f == c.fun[i]:
		case f:
			c.grown = append(c.grown, i)
		default:
			return false
		}
	}
	for k, l := range c.links {
		switch w := st.LinkWorking(l); {
		case w == c.work[k]:
		case w:
			c.added = append(c.added, int32(k))
		default:
			return false
		}
	}
	if len(c.grown) == 0 && len(c.added) == 0 {
		return true
	}
	// Every newly served node is first reached from the old served region
	// (or is a source) through a newly working component or link: seed
	// those and search onwards through what was not served.
	c.b.next()
	c.b.queue = c.b.queue[:0]
	for _, i := range n.SectorMembers(s) {
		if c.served[i] {
			c.b.mark[i] = c.b.epoch
		}
	}
	seed := func(i int32) {
		if !c.b.seen(i) && st.Functional(i) {
			c.b.seed(i)
		}
	}
	for _, i := range c.grown {
		if n.Role(i) == network.RoleSource {
			seed(i)
			continue
		}
		nb, ls := n.In(i)
		for k, j := range nb {
			if c.served[j] && st.LinkWorking(ls[k]) {
				seed(i)
				break
			}
		}
	}
	for _, k := range c.added {
		l := c.links[k]
		a, b := n.Ends(l)
		if c.served[a] {
			seed(b)
		}
		if c.served[b] && !n.Directed(l) {
			seed(a)
		}
	}
	c.b.run(n, st, false, func(i int32) { c.served[i] = true })
	for _, i := range c.grown {
		c.fun[i] = true
	}
	for _, k := range c.added {
		c.work[k] = true
	}
	return true
}
