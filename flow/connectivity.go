package flow

import "github.com/lifeline-sim/lifeline/network"

// Connectivity serves a member while a path of working links and
// functional components joins it to a functional source of its sector,
// following link directions. Islands that hold a source keep running;
// islands without one go dark.
//
// Cost: O(members + links) for a full search, after Changes.All and
// whenever a listed component or link was lost. When the listed elements
// only came back (repairs, resumptions), it grows its last verdict
// instead: it searches from the newly working elements that touch the
// served region into what was unserved, so a repair costs the listed
// changes plus what the repair reconnects. Both paths give the same
// verdict (a test compares them).
type Connectivity struct {
	b bfs

	net    *network.Network
	sector network.SectorIndex
	valid  bool    // the last verdict is in served
	fun    []bool  // per component: functional at the last call
	work   []bool  // per link: working at the last call
	served []bool  // per component: served at the last call
	prev   []bool  // per component: scratch for full's comparison
	links  []int32 // the sector's links
	grown  []int32
	added  []int32 // links
}

// NewConnectivity returns a Connectivity model for sector s of n.
func NewConnectivity(n *network.Network, s network.SectorIndex) (*Connectivity, error) {
	if err := checkSector(n, s); err != nil {
		return nil, err
	}
	k := n.NumComponents()
	return &Connectivity{b: newBFS(n), net: n, sector: s, fun: make([]bool, k), served: make([]bool, k),
		prev: make([]bool, k), work: make([]bool, n.NumLinks()), links: sectorLinks(n, s)}, nil
}

// ConnectivityFactory is a Factory for Connectivity.
func ConnectivityFactory(n *network.Network, s network.SectorIndex) (Model, error) {
	return NewConnectivity(n, s)
}

// Name returns "connectivity".
func (*Connectivity) Name() string { return "connectivity" }

// Serve brings the set of members reachable from functional sources up to
// date and reports the members whose served status changed.
func (c *Connectivity) Serve(st *network.State, ch *Changes, out *Output) error {
	if err := CheckState(c.net, st); err != nil {
		return err
	}
	if !ch.All && c.valid && c.grow(st, ch, out) {
		return nil
	}
	c.full(st, ch.All || !c.valid, out)
	return nil
}

// Served reports whether member i was served at the last Serve.
func (c *Connectivity) Served(i int32) bool { return c.served[i] }

// full searches from every functional source and reports the members
// whose served status changed (every member when all is set).
func (c *Connectivity) full(st *network.State, all bool, out *Output) {
	n, s := c.net, c.sector
	members := n.SectorMembers(s)
	for _, i := range members {
		c.prev[i] = c.served[i]
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
	for _, i := range members {
		if all || c.prev[i] != c.served[i] {
			out.Served = append(out.Served, Value{i, b2f(c.served[i])})
		}
		c.fun[i] = st.Functional(i)
	}
	for _, l := range c.links {
		c.work[l] = st.LinkWorking(l)
	}
	c.valid = true
}

// grow extends the last verdict when the listed elements only came back;
// it returns false, having changed nothing, when any was lost.
func (c *Connectivity) grow(st *network.State, ch *Changes, out *Output) bool {
	n := c.net
	c.grown, c.added = c.grown[:0], c.added[:0]
	for _, i := range ch.Components {
		switch f := st.Functional(i); {
		case f == c.fun[i]:
		case f:
			c.grown = append(c.grown, i)
		default:
			return false
		}
	}
	for _, l := range ch.Links {
		switch w := st.LinkWorking(l); {
		case w == c.work[l]:
		case w:
			c.added = append(c.added, l)
		default:
			return false
		}
	}
	if len(c.grown) == 0 && len(c.added) == 0 {
		return true
	}
	// Every newly served node is first reached from the old served region
	// (or is a source) through a newly working component or link: seed
	// those and search onwards through what was not served (the search
	// never enters a served member: seeds are unserved and expansion
	// skips what is marked, so the served region is marked lazily by
	// skipping served members in seed and visit).
	c.b.next()
	c.b.queue = c.b.queue[:0]
	seed := func(i int32) {
		if !c.b.seen(i) && !c.served[i] && st.Functional(i) {
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
	for _, l := range c.added {
		a, b := n.Ends(l)
		if c.served[a] {
			seed(b)
		}
		if c.served[b] && !n.Directed(l) {
			seed(a)
		}
	}
	c.run(st, out)
	for _, i := range c.grown {
		c.fun[i] = true
	}
	for _, l := range c.added {
		c.work[l] = true
	}
	return true
}

// run extends the queued seeds over functional unserved members through
// working links, serving and reporting each.
func (c *Connectivity) run(st *network.State, out *Output) {
	n, b := c.net, &c.b
	for h := 0; h < len(b.queue); h++ {
		i := b.queue[h]
		c.served[i] = true
		out.Served = append(out.Served, Value{i, 1})
		nbrs, links := n.Out(i)
		for k, j := range nbrs {
			if b.mark[j] != b.epoch && !c.served[j] && st.Functional(j) && st.LinkWorking(links[k]) {
				b.mark[j] = b.epoch
				b.queue = append(b.queue, j)
			}
		}
	}
}
