package cascade

import "github.com/lifeline-sim/lifeline/network"

// dark keeps, from one instant to the next, the dark regions of
// source-bound sectors without directed links, so that readmit can tell
// that a restored component among them brings nothing back without
// walking everything down around it.
//
// A dark region is a set of members joined by working links that are
// functional (not down) yet deliver nothing, holding no source. Its gates
// are the members next to it down for want of supply (Unsupplied, not down
// by their own state). Under the flow source rule a member is served only
// through a path of functional members and working links from a functional
// source, so a dark region's members' other neighbours are down by their
// own state (or the region would be served), and the region can be served
// only through gates that come back.
//
// When a component x is restored (a seed of readmit), absorb decides
// whether it can bring anything back on a small graph instead of the
// members: the dark regions and gates around x (regions are labelled once
// and kept), the gates' unmet Fail requirements and their providers, each
// provider a region, a gate, counted as delivering whatever the graph says
// (delivering, substituted, in a sector that keeps no regions, in a part
// holding a source or touching a delivering member) or certainly not
// (down by its own state). It evaluates the engine's greatest
// fixpoint on that graph: everything may come back at first; a gate whose
// requirements lack providers that may come back stays down; a connected
// part of regions and gates that may come back with no source and no
// delivering member next to it stays dark; repeat until nothing changes.
// Each node of the graph stands for members that may come back only if it
// may, so if x's node stays down, x can deliver nothing, none of its
// dependents gains a provider, and the instant's fixpoint is the one
// re-admitting x alone gives: readmit then skips the closure of
// everything down around x, and x joins the region.
//
// Labels are a superset of each region (union-find: losses may split a
// region, which only makes it darker) and are forgotten when a member
// delivers again (commit) or a restored component next to one is not
// absorbed. Gate lists may hold members that changed since: absorb reads
// each gate's flags afresh (one that came back functional leads into the
// region it now lies in, one that delivers gives life). Every gain reaches
// the engine as a seed of readmit (a repair, a resumed or restored
// component or link, a requirement met again or bridged again by a top-up,
// a new factor, a refilled store), so no region is served without one of
// these.
//
// The graph is explored from x, what a region's gates and a gate's
// providers lead to before what lies next to a gate, and evaluated
// whenever the explored part doubles, the nodes not yet explored counted
// as delivering (they may): if x's node stays down even so, it stays down
// whatever lies beyond, and the search stops. A seed that only extends one
// dark part needs no graph at all (adds).
//
// Cost: a region's members once to label it; then a seed's links and the
// graph around it up to the proof, at most darkBudget nodes (past it, the
// seed is not absorbed, which costs only the walk it would have cost).
type dark struct {
	lab   []int32 // per component: its region + 1, 0 for none
	up    []int32 // per region: union-find parent
	valid []bool  // per region root: the label still holds
	// Gates: per region root a chain of entries in one pool (gv: the gate,
	// gn: the next entry, −1 at the end), some of which may have changed
	// since; merging regions links their chains.
	ghead, gtail, glen []int32 // per region
	gv, gn             []int32 // per entry
	ok                 []bool  // per sector: regions are kept (source-bound, no directed link)
	off                bool    // never absorb (tests compare with it)
	absorbed           int     // seeds absorbed this run (tests)
	work               []int32
	imark              []uint32 // per component: seen by the inert search iep
	iep                uint32

	// The graph of one absorb: nodes are regions (by root) and gates.
	stamp    uint32
	rAt, cAt []uint32 // per region, per component: the absorb that made its node
	rNode    []int32  // per region: its node
	cNode    []int32  // per component (gates): its node
	nodes    []darkNode
	edges    [][2]int32
	reqs     []darkReq
	provs    []int32 // providers of reqs: node indices
	explore  []int32 // nodes to explore first (near), some explored since
	lo       []int32 // nodes to explore later (next to a gate)
	near     bool    // nodes found now go to explore, else to lo
	adjOff   []int32 // the edges per node: adj[adjOff[n]:adjOff[n+1]]
	adj      []int32
	fill     []int32
	queue    []int32
	lent     []int32 // nodes not yet explored, counted as delivering for now
}

// darkNode is a node of absorb's graph.
type darkNode struct {
	of       int32 // the region's root or the gate
	gate     bool
	explored bool
	alive    bool // may still come back
	dead     bool // an earlier evaluation found it stays down
	life     bool // a source, or next to a delivering member
	comp     bool // scratch: its part holds life
}

// darkReq is an unmet Fail requirement of a gate node: it needs need of
// the providers provs[from:to] to come back.
type darkReq struct {
	gate, need, from, to int32
}

// darkBudget bounds the nodes of one absorb's graph.
const darkBudget = 1 << 14

func newDark(n *network.Network, bound []bool) dark {
	nc := n.NumComponents()
	d := dark{lab: make([]int32, nc), ok: make([]bool, len(bound)), cAt: make([]uint32, nc), cNode: make([]int32, nc), imark: make([]uint32, nc)}
	copy(d.ok, bound)
	for l := range int32(n.NumLinks()) {
		if n.Directed(l) {
			d.ok[n.LinkSector(l)] = false
		}
	}
	return d
}

// reset forgets every region.
func (d *dark) reset() {
	clear(d.lab)
	d.absorbed = 0
	d.up, d.valid = d.up[:0], d.valid[:0]
	d.ghead, d.gtail, d.glen, d.gv, d.gn = d.ghead[:0], d.gtail[:0], d.glen[:0], d.gv[:0], d.gn[:0]
	d.rAt, d.rNode = d.rAt[:0], d.rNode[:0]
}

func (d *dark) find(k int32) int32 {
	for d.up[k] != k {
		d.up[k] = d.up[d.up[k]]
		k = d.up[k]
	}
	return k
}

// region returns the root of component i's region, -1 when it has no
// label that still holds.
func (d *dark) region(i int32) int32 {
	if d.lab[i] == 0 {
		return -1
	}
	k := d.find(d.lab[i] - 1)
	if !d.valid[k] {
		d.lab[i] = 0
		return -1
	}
	return k
}

// forget drops the region of component i, if any.
func (d *dark) forget(i int32) {
	if k := d.region(i); k >= 0 {
		d.valid[k] = false
	}
}

func (d *dark) newRegion() int32 {
	k := int32(len(d.up))
	d.up, d.valid = append(d.up, k), append(d.valid, true)
	d.ghead, d.gtail, d.glen = append(d.ghead, -1), append(d.gtail, -1), append(d.glen, 0)
	d.rAt, d.rNode = append(d.rAt, 0), append(d.rNode, 0)
	return k
}

// addGate adds gate g to region k's chain (a root).
func (d *dark) addGate(k, g int32) {
	h := int32(len(d.gv))
	d.gv, d.gn = append(d.gv, g), append(d.gn, -1)
	if d.gtail[k] >= 0 {
		d.gn[d.gtail[k]] = h
	} else {
		d.ghead[k] = h
	}
	d.gtail[k] = h
	d.glen[k]++
}

// union joins regions a and b (roots) and returns the root.
func (d *dark) union(a, b int32) int32 {
	if a == b {
		return a
	}
	if d.glen[a] < d.glen[b] {
		a, b = b, a
	}
	d.up[b] = a
	if d.ghead[b] >= 0 {
		if d.gtail[a] >= 0 {
			d.gn[d.gtail[a]] = d.ghead[b]
		} else {
			d.ghead[a] = d.ghead[b]
		}
		d.gtail[a] = d.gtail[b]
	}
	d.glen[a] += d.glen[b]
	d.ghead[b], d.gtail[b], d.glen[b] = -1, -1, 0
	return a
}

// label returns the root of the dark region of i, a functional member of
// a kept sector that delivers nothing, labelling it if need be; -1 when the
// region holds a source or touches a delivering member.
func (e *Engine) label(i int32) int32 {
	d := &e.dk
	if k := d.region(i); k >= 0 {
		return k
	}
	root := d.newRegion()
	d.lab[i] = root + 1
	stack := append(d.work[:0], i)
	live := false
	for len(stack) > 0 && !live {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if e.net.Role(x) == network.RoleSource {
			live = true
			break
		}
		nb, ls := e.net.Out(x)
		for h, j := range nb {
			if !e.st.LinkWorking(ls[h]) {
				continue
			}
			f := e.st.Flags(j)
			switch {
			case f&network.OwnDownFlags != 0:
			case delivering(f):
				live = true
			case f&network.Unsupplied != 0:
				d.addGate(root, j)
			default:
				// A region labelled before is whole: join it, do not walk it.
				if k := d.region(j); k < 0 {
					d.lab[j] = root + 1
					stack = append(stack, j)
				} else if k != root {
					root = d.union(root, k)
				}
			}
		}
	}
	d.work = stack[:0]
	if live {
		d.valid[root] = false
		return -1
	}
	return root
}

// absorbs reports whether readmit may re-admit its seeds alone (see dark):
// each is absorbed. Otherwise it forgets the regions next to each seed.
func (e *Engine) absorbs(seeds []int32) bool {
	for _, x := range seeds {
		if !e.absorb(x) {
			for _, y := range seeds {
				e.forgetAround(y)
			}
			return false
		}
	}
	return true
}

// forgetAround forgets the regions of x and of its neighbours.
func (e *Engine) forgetAround(x int32) {
	d := &e.dk
	d.forget(x)
	for side := range e.sides {
		nb, _ := e.net.Out(x)
		if side == 1 {
			nb, _ = e.net.In(x)
		}
		for _, j := range nb {
			d.forget(j)
		}
	}
}

// absorb judges one seed (see dark) and, when it can bring nothing back,
// joins it to its region (functional) or to its neighbours' gates (down
// for want of supply).
func (e *Engine) absorb(x int32) bool {
	d := &e.dk
	f := e.st.Flags(x)
	if !d.ok[e.net.ComponentSector(x)] || f&network.OwnDownFlags != 0 || delivering(f) {
		return false
	}
	d.stamp++
	if d.stamp == 0 {
		clear(d.rAt)
		clear(d.cAt)
		d.stamp = 1
	}
	if f&network.Unsupplied == 0 && e.adds(x) {
		return true
	}
	d.nodes, d.edges, d.reqs, d.provs, d.explore, d.lo = d.nodes[:0], d.edges[:0], d.reqs[:0], d.provs[:0], d.explore[:0], d.lo[:0]
	d.near = true
	var start int32
	if f&network.Unsupplied != 0 {
		start = e.gateNode(x)
	} else {
		if e.net.Role(x) == network.RoleSource || e.subst[x] > 0 {
			return false
		}
		// x and the regions it joins: one region.
		root := int32(-1)
		nb, ls := e.net.Out(x)
		for h, j := range nb {
			if !e.st.LinkWorking(ls[h]) {
				continue
			}
			g := e.st.Flags(j)
			switch {
			case g&network.OwnDownFlags != 0:
			case delivering(g):
				return false
			case g&network.Unsupplied != 0:
				if root < 0 {
					root = d.newRegion()
				}
				d.addGate(root, j)
			default:
				k := e.label(j)
				if k < 0 {
					return false
				}
				if root < 0 {
					root = k
				} else {
					root = d.union(root, k)
				}
			}
		}
		if root < 0 {
			root = d.newRegion()
		}
		d.lab[x] = root + 1
		start = e.regionNode(root)
	}
	// Explore, what a region's gates and a gate's providers lead to first,
	// then what lies next to gates; whenever the explored part doubles,
	// evaluate with the nodes not yet explored counted as delivering (they
	// may): down then is down for sure.
	check, explored := 16, 0
	for hh, lh := 0, 0; ; {
		n := int32(-1)
		for ; n < 0 && hh < len(d.explore); hh++ {
			if !d.nodes[d.explore[hh]].explored {
				n = d.explore[hh]
			}
		}
		for ; n < 0 && lh < len(d.lo); lh++ {
			if !d.nodes[d.lo[lh]].explored {
				n = d.lo[lh]
			}
		}
		if n < 0 {
			if e.darkFixpoint(start) {
				return false
			}
			break
		}
		if explored == check {
			check *= 2
			if !e.darkFixpoint(start) {
				break
			}
		}
		if len(d.nodes) > darkBudget {
			return false
		}
		d.nodes[n].explored = true
		explored++
		if d.nodes[n].gate {
			e.exploreGate(n)
		} else if !e.exploreRegion(n) {
			return false
		}
	}
	if f&network.Unsupplied != 0 {
		// Down it stays: a gate of the regions next to it.
		nb, ls := e.net.Out(x)
		for h, j := range nb {
			if e.st.LinkWorking(ls[h]) && e.st.Flags(j)&network.DownFlags == 0 {
				if k := d.region(j); k >= 0 {
					d.addGate(k, x)
				}
			}
		}
	}
	return true
}

// adds reports whether the functional, undelivering seed x joins what is
// dark without changing anything else: it is not a source, provides to no
// member that neither delivers nor is down by its own state, every working
// link joins it to a member down by its own state or to a functional
// member that does not deliver, and all but one of the latter lie in small
// inert parts (inert). x then brings no new exit, source or provider to
// the one part it may join, which stays as dark as it was: no proof is
// needed. x and its neighbours' regions become one.
func (e *Engine) adds(x int32) bool {
	d := &e.dk
	if e.net.Role(x) == network.RoleSource || e.subst[x] > 0 || e.darkDependents(x) {
		return false
	}
	big := 0
	nb, ls := e.net.Out(x)
	for h, j := range nb {
		if !e.st.LinkWorking(ls[h]) {
			continue
		}
		switch g := e.st.Flags(j); {
		case g&network.OwnDownFlags != 0:
		case delivering(g) || g&network.Unsupplied != 0:
			return false
		case !e.inert(j, x):
			if big++; big > 1 {
				return false
			}
		}
	}
	root := int32(-1)
	for h, j := range nb {
		if !e.st.LinkWorking(ls[h]) {
			continue
		}
		if k := d.region(j); k >= 0 {
			if root < 0 {
				root = k
			} else {
				root = d.union(root, k)
			}
		}
	}
	d.lab[x] = root + 1
	return true
}

// inertBudget bounds the members inert looks at.
const inertBudget = 64

// inert reports whether the part holding the functional, undelivering
// member j, not counting x, is small (inertBudget members) and can neither
// come back nor bring anything back: no source, no member next to it
// delivering or down for want of supply, no member providing to one that
// neither delivers nor is down by its own state.
func (e *Engine) inert(j, x int32) bool {
	d := &e.dk
	d.iep++
	if d.iep == 0 {
		clear(d.imark)
		d.iep = 1
	}
	d.imark[x], d.imark[j] = d.iep, d.iep
	stack := append(d.work[:0], j)
	seen := 1
	defer func() { d.work = stack[:0] }()
	for len(stack) > 0 {
		y := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if e.net.Role(y) == network.RoleSource || e.subst[y] > 0 || e.darkDependents(y) {
			return false
		}
		nb, ls := e.net.Out(y)
		for h, k := range nb {
			if d.imark[k] == d.iep || !e.st.LinkWorking(ls[h]) {
				continue
			}
			switch g := e.st.Flags(k); {
			case g&network.OwnDownFlags != 0:
			case delivering(g) || g&network.Unsupplied != 0:
				return false
			default:
				if seen++; seen > inertBudget {
					return false
				}
				d.imark[k] = d.iep
				stack = append(stack, k)
			}
		}
	}
	return true
}

// darkDependents reports whether component i provides to a member that
// neither delivers nor is down by its own state.
func (e *Engine) darkDependents(i int32) bool {
	for _, r := range e.net.ProvidedBy(i) {
		if f := e.st.Flags(e.net.Dependent(r)); f&network.OwnDownFlags == 0 && !delivering(f) {
			return true
		}
	}
	return false
}

// queue1 lists node n to explore: first when found near (d.near: a
// region's gate, a gate's provider), later when found next to a gate.
func (d *dark) queue1(n int32) {
	if d.near {
		d.explore = append(d.explore, n)
	} else {
		d.lo = append(d.lo, n)
	}
}

// regionNode returns the node of region k (a root), adding it.
func (e *Engine) regionNode(k int32) int32 { return e.dk.node(k, false) }

// gateNode returns the node of gate g, adding it.
func (e *Engine) gateNode(g int32) int32 { return e.dk.node(g, true) }

// node returns the node of region or gate of, adding it; one found again
// near is listed to explore first.
func (d *dark) node(of int32, gate bool) int32 {
	at, idx := d.rAt, d.rNode
	if gate {
		at, idx = d.cAt, d.cNode
	}
	if at[of] == d.stamp {
		n := idx[of]
		if d.near && !d.nodes[n].explored {
			d.explore = append(d.explore, n)
		}
		return n
	}
	n := int32(len(d.nodes))
	at[of], idx[of] = d.stamp, n
	d.nodes = append(d.nodes, darkNode{of: of, gate: gate, alive: true})
	d.queue1(n)
	return n
}

// neighbour links node n to the node of a functional or
// down-for-want-of-supply component j of a kept sector, or marks n as
// touching life (j delivers, or lies in a region that does).
func (e *Engine) neighbour(n, j int32) {
	d := &e.dk
	f := e.st.Flags(j)
	switch {
	case f&network.OwnDownFlags != 0:
	case delivering(f):
		d.nodes[n].life = true
	case f&network.Unsupplied != 0:
		d.edges = append(d.edges, [2]int32{n, e.gateNode(j)})
	default:
		k := e.label(j)
		if k < 0 {
			d.nodes[n].life = true
			return
		}
		if m := e.regionNode(k); m != n {
			d.edges = append(d.edges, [2]int32{n, m})
		}
	}
}

// exploreRegion adds region node n's gates; false when its label no
// longer holds.
func (e *Engine) exploreRegion(n int32) bool {
	d := &e.dk
	k := d.find(d.nodes[n].of)
	if k != d.nodes[n].of {
		// Merged since: the merged region stands for it.
		if m := e.regionNode(k); m != n {
			d.edges = append(d.edges, [2]int32{n, m})
		}
		return d.valid[k]
	}
	// Labelling a neighbour may merge regions: merged into k, their chain
	// follows k's; k merged into another, the walk may run on into that
	// region's later gates (gates of the merged region too), and the edge to
	// the merged root below covers the rest.
	for h := d.ghead[k]; h >= 0 && d.valid[d.find(k)]; h = d.gn[h] {
		e.neighbour(n, d.gv[h])
	}
	if r := d.find(k); r != k {
		d.edges = append(d.edges, [2]int32{n, e.regionNode(r)})
	}
	return d.valid[d.find(k)]
}

// exploreGate adds gate node n's neighbours and its unmet Fail
// requirements with their providers.
func (e *Engine) exploreGate(n int32) {
	d := &e.dk
	g := d.nodes[n].of
	if e.net.Role(g) == network.RoleSource || e.subst[g] > 0 {
		d.nodes[n].life = true
	}
	if d.ok[e.net.ComponentSector(g)] {
		d.near = false
		nb, ls := e.net.Out(g)
		for h, j := range nb {
			if e.st.LinkWorking(ls[h]) {
				e.neighbour(n, j)
			}
		}
		d.near = true
	} else {
		// Its sector keeps no regions: it comes back as its requirements do.
		d.nodes[n].life = true
	}
	for _, r := range e.net.RequirementsOf(g) {
		if e.net.Effect(r) != network.Fail || e.effMet(r) {
			continue
		}
		q := darkReq{gate: n, need: e.need(r) - e.extra[r], from: int32(len(d.provs))}
		for _, p := range e.net.Providers(r) {
			f := e.st.Flags(p)
			switch {
			case f&network.OwnDownFlags != 0 && e.subst[p] == 0:
			case delivering(f) || e.subst[p] > 0 || !d.ok[e.net.ComponentSector(p)]:
				q.need-- // may deliver whatever the graph says
			case f&network.Unsupplied != 0:
				d.provs = append(d.provs, e.gateNode(p))
			default:
				if k := e.label(p); k < 0 {
					q.need--
				} else {
					d.provs = append(d.provs, e.regionNode(k))
				}
			}
		}
		q.to = int32(len(d.provs))
		if q.need > 0 {
			d.reqs = append(d.reqs, q)
		} else {
			d.provs = d.provs[:q.from]
		}
	}
}

// darkFixpoint evaluates the greatest fixpoint on absorb's graph (see
// dark), the nodes not yet explored counted as delivering, and reports
// whether node start may come back. A node an earlier
// evaluation of the same graph found down stays down: exploring more only
// takes optimism away.
func (e *Engine) darkFixpoint(start int32) bool {
	d := &e.dk
	nodes := d.nodes
	for k := range nodes {
		nodes[k].alive = !nodes[k].dead
	}
	d.lent = d.lent[:0]
	for k := range nodes {
		if !nodes[k].explored && !nodes[k].life {
			nodes[k].life = true
			d.lent = append(d.lent, int32(k))
		}
	}
	d.adjacency()
	for nodes[start].alive {
		// Gates whose requirements lack providers stay down, until none
		// changes.
		for changed := true; changed; {
			changed = false
			for _, q := range d.reqs {
				if !nodes[q.gate].alive {
					continue
				}
				n := int32(0)
				for _, p := range d.provs[q.from:q.to] {
					if nodes[p].alive {
						n++
					}
				}
				if n < q.need {
					nodes[q.gate].alive = false
					changed = true
				}
			}
		}
		// Parts without life stay dark: what a search from the alive
		// nodes with life does not reach.
		q := d.queue[:0]
		for k := range nodes {
			nodes[k].comp = nodes[k].alive && nodes[k].life
			if nodes[k].comp {
				q = append(q, int32(k))
			}
		}
		for h := 0; h < len(q); h++ {
			for _, m := range d.adj[d.adjOff[q[h]]:d.adjOff[q[h]+1]] {
				if nodes[m].alive && !nodes[m].comp {
					nodes[m].comp = true
					q = append(q, m)
				}
			}
		}
		d.queue = q
		dark := false
		for k := range nodes {
			if nodes[k].alive && !nodes[k].comp {
				nodes[k].alive = false
				dark = true
			}
		}
		if !dark {
			break
		}
	}
	for _, n := range d.lent {
		nodes[n].life = false
	}
	for k := range nodes {
		nodes[k].dead = !nodes[k].alive
	}
	// What is down stays down: later evaluations need neither its edges
	// nor its requirements.
	edges := d.edges[:0]
	for _, ed := range d.edges {
		if nodes[ed[0]].alive && nodes[ed[1]].alive {
			edges = append(edges, ed)
		}
	}
	d.edges = edges
	reqs := d.reqs[:0]
	for _, q := range d.reqs {
		if nodes[q.gate].alive {
			reqs = append(reqs, q)
		}
	}
	d.reqs = reqs
	return nodes[start].alive
}

// adjacency lays the edges of absorb's graph out per node (off, adj).
func (d *dark) adjacency() {
	n := len(d.nodes)
	off := d.adjOff[:0]
	for range n + 1 {
		off = append(off, 0)
	}
	for _, ed := range d.edges {
		off[ed[0]+1]++
		off[ed[1]+1]++
	}
	for k := range n {
		off[k+1] += off[k]
	}
	adj := d.adj[:0]
	for range 2 * len(d.edges) {
		adj = append(adj, 0)
	}
	fill := append(d.fill[:0], off[:n]...)
	for _, ed := range d.edges {
		adj[fill[ed[0]]], adj[fill[ed[1]]] = ed[1], ed[0]
		fill[ed[0]]++
		fill[ed[1]]++
	}
	d.adjOff, d.adj, d.fill = off, adj, fill
}
