package power

import (
	"math"
	"slices"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
)

// incremental is what a Model keeps between Serves to update only what a
// change touched: the last reported served fractions and loadings, and
// scratch marks and lists.
type incremental struct {
	valid bool // the last Serve succeeded: the solution and reports are current

	touched       []bool    // per island: touched in this Serve
	fresh         []bool    // per island: made in this Serve
	pShed         []float64 // per island: served fraction when first touched
	pEnergised    []bool    // per island: energised when first touched
	tl            []int32   // touched islands
	dirty         []int32   // nodes whose branch above, elements and couplers to report
	markN, markB  []int32   // stamps per node and branch
	markC         []int32   // per coupler
	stamp         int32
	ev            []int32 // scratch: simple nodes whose elements or couplers changed
	gone          []int32 // core nodes that died in this Serve
	gsize, gstart []int32 // scratch of coreIslands, per group
	gpos, glist   []int32
	gorder, gid   []int32
	take, cnt     []int32   // per island: taken stamp, count
	pdisp         []float64 // scratch: generator outputs before a balance
	nodes, brs    []int32   // core nodes and branches to re-solve
	rows          []int32   // permuted rows to solve
	leaf          []int32   // element → coupler it is the leaf of, −1
	adjOff, adj   []int32   // static node → its branches, ascending
	queue         []int32   // scratch
	served        []float64
	loadB, loadC  []float64
	nodeS         int32 // stamp of this Serve's dirty nodes
}

func (in *incremental) init(m *Model) {
	ne := len(m.mem)
	i32 := func(n int) []int32 { return make([]int32, n) }
	nn := len(m.srep)
	ni := len(m.kind)
	in.touched, in.fresh, in.pEnergised, in.pShed = make([]bool, ni), make([]bool, ni), make([]bool, ni), make([]float64, ni)
	// Lists at their largest, so that Serve does not allocate.
	in.tl, in.dirty, in.ev, in.pdisp = i32(ni)[:0], i32(nn)[:0], i32(ne)[:0], make([]float64, ne)
	in.nodes, in.rows, in.queue = i32(nn)[:0], i32(nn)[:0], i32(nn)[:0]
	in.brs = i32(len(m.bl))[:0]
	in.markN, in.markB, in.markC = i32(nn), i32(len(m.bl)), i32(len(m.cl))
	in.leaf = i32(ne)
	for e := range in.leaf {
		in.leaf[e] = -1
	}
	for k, e := range m.cleaf {
		if e >= 0 {
			in.leaf[e] = int32(k)
		}
	}
	in.adjOff, in.adj = nodeBranches(nn, m.stat.f, m.stat.t)
	in.gsize, in.gstart, in.gpos, in.glist, in.gorder, in.gid = i32(nn), i32(nn+1), i32(nn), i32(nn), i32(nn), i32(nn)
	in.take, in.cnt, in.gone = i32(ni), i32(ni), i32(nn)[:0]
	// The static core, and the simple nodes: one element with branches,
	// every other a leaf whose one coupler leads to it.
	fo := m.stat.fo
	for k := range m.bl {
		if f := m.stat.f[k]; f >= 0 && !fo.tree[k] {
			m.coreBr = append(m.coreBr, int32(k))
		}
	}
	m.bElem = i32(nn)
	for j := range int32(nn) {
		b := int32(-1)
		for _, e := range m.stat.elems(j) {
			if m.branchy[e] {
				if b >= 0 {
					b = -2
					break
				}
				b = e
			}
		}
		if b >= 0 {
			for _, e := range m.stat.elems(j) {
				if k := in.leaf[e]; e != b && (k < 0 || m.cf[k]+m.ct[k]-e != b) {
					b = -1
					break
				}
			}
		}
		m.bElem[j] = max(b, -1)
	}
	in.served = make([]float64, ne)
	in.loadB, in.loadC = make([]float64, len(m.bl)), make([]float64, len(m.cl))
}

// nodeBranches lists the branches at each of n nodes (CSR, ascending).
func nodeBranches(n int, f, t []int32) (off, adj []int32) {
	off = make([]int32, n+1)
	for k := range f {
		if f[k] >= 0 {
			off[f[k]+1]++
			off[t[k]+1]++
		}
	}
	for j := range n {
		off[j+1] += off[j]
	}
	adj = make([]int32, off[n])
	pos := slices.Clone(off[:n])
	for k := range f {
		if f[k] >= 0 {
			adj[pos[f[k]]] = int32(k)
			pos[f[k]]++
			adj[pos[t[k]]] = int32(k)
			pos[t[k]]++
		}
	}
	return off, adj
}

// nextStamp returns a stamp no mark holds yet: the next one, or 1 after
// clearing every mark when the counter would pass the largest int32 (a run
// of some two billion searches).
func (in *incremental) nextStamp() int32 {
	if in.stamp == math.MaxInt32 {
		clear(in.markN)
		clear(in.markB)
		clear(in.markC)
		clear(in.take)
		in.stamp = 0
	}
	in.stamp++
	return in.stamp
}

// branches returns the branches at static node j.
func (in *incremental) branches(j int32) []int32 { return in.adj[in.adjOff[j]:in.adjOff[j+1]] }

// coreConnected reports whether core nodes a and b are joined by working
// core branches (breadth-first from a; tree branches lie on no path
// between core nodes).
func (in *incremental) coreConnected(m *Model, a, b int32) bool {
	s := in.nextStamp()
	fo := m.stat.fo
	q := append(in.queue[:0], a)
	in.markN[a] = s
	for x := 0; x < len(q); x++ {
		j := q[x]
		for _, k := range in.branches(j) {
			if m.bval[k] == 0 || fo.tree[k] {
				continue
			}
			o := m.stat.f[k]
			if o == j {
				o = m.stat.t[k]
			}
			if o == b {
				in.queue = q
				return true
			}
			if in.markN[o] != s {
				in.markN[o] = s
				q = append(q, o)
			}
		}
	}
	in.queue = q
	return false
}

// handles reports whether serveChanges can update the solution after ch:
// the solution is of the static system, and every listed member whose
// functional status changed, and every listed coupler whose working
// status changed, belongs to a simple node (one element with branches,
// the others leaves joined to it by their one coupler). It lists those
// nodes in in.ev, and applies nothing.
func (in *incremental) handles(m *Model, st *network.State, ch *flow.Changes) bool {
	if m.sys != m.stat {
		return false
	}
	in.ev = in.ev[:0]
	s := in.nextStamp()
	add := func(j int32) bool {
		if m.bElem[j] < 0 {
			return false
		}
		if in.markN[j] != s {
			in.markN[j] = s
			in.ev = append(in.ev, j)
		}
		return true
	}
	for _, c := range ch.Components {
		if e := m.elem[c]; e >= 0 && st.Functional(c) != m.fn[e] && !add(m.sn[e]) {
			return false
		}
	}
	for _, l := range ch.Links {
		if k := m.lpos[l]; k <= -2 && st.LinkWorking(l) != m.cw[-2-k] {
			if e := m.cleaf[-2-k]; e < 0 || !add(m.sn[e]) {
				return false
			}
		}
	}
	return true
}

// serveChanges brings the solution up to date after the changes ch and
// reports what changed (see "Incremental solution" in the package
// documentation). It returns false, having changed nothing, when the
// changes need a whole solution (incremental.handles).
func (m *Model) serveChanges(st *network.State, ch *flow.Changes, out *flow.Output) (bool, error) {
	in := &m.inc
	if !in.handles(m, st, ch) {
		return false, nil
	}
	in.tl, in.dirty, in.gone = in.tl[:0], in.dirty[:0], in.gone[:0]
	in.nodeS = in.nextStamp()
	defer func() {
		for _, i := range in.tl {
			in.touched[i], in.fresh[i] = false, false
		}
	}()
	fo := m.stat.fo
	coreChanged := false
	// Nodes that went dark: their leaves leave, every branch at them is
	// cut, then they leave their islands.
	for _, j := range in.ev {
		b := m.bElem[j]
		if !m.fn[b] || st.Functional(m.mem[b]) {
			continue
		}
		for _, e := range m.stat.elems(j) {
			if e != b && m.node[e] == j {
				m.detach(st, e)
			}
		}
		for _, k := range in.branches(j) {
			switch {
			case m.bval[k] == 0:
			case fo.tree[k]:
				m.cut(k)
			default:
				m.touch(m.isl[j])
				m.bval[k] = 0
			}
		}
		if fo.core[j] {
			coreChanged = true
			in.gone = append(in.gone, j)
		}
		m.kill(st, b)
	}
	// Branch outages.
	for _, l := range ch.Links {
		if k := m.lpos[l]; k >= 0 && m.bval[k] != 0 && !st.LinkWorking(l) {
			if fo.tree[k] {
				m.cut(k)
				continue
			}
			a, b := m.stat.f[k], m.stat.t[k]
			m.touch(m.isl[a])
			m.bval[k] = 0
			// An outage whose ends stay joined splits nothing.
			coreChanged = coreChanged || !in.coreConnected(m, a, b)
		}
	}
	// Nodes that came back, and the core branches that work again.
	for _, j := range in.ev {
		if b := m.bElem[j]; !m.fn[b] && st.Functional(m.mem[b]) {
			m.revive(st, b)
			if fo.core[j] {
				coreChanged = true
				for _, k := range in.branches(j) {
					if !fo.tree[k] && m.bval[k] == 0 && m.canWork(st, k) {
						m.bval[k] = m.bsus[k]
					}
				}
			}
		}
	}
	for _, l := range ch.Links {
		if k := m.lpos[l]; k >= 0 && !fo.tree[k] && m.bval[k] == 0 && m.canWork(st, k) {
			a, b := m.stat.f[k], m.stat.t[k]
			if ia := m.isl[a]; ia >= 0 && ia == m.isl[b] {
				m.touch(ia)
			} else {
				coreChanged = true
			}
			m.bval[k] = m.bsus[k]
		}
	}
	if coreChanged {
		m.coreIslands()
	}
	// Tree branches that work again join the pieces below them.
	for _, j := range in.ev {
		if m.alive[j] {
			for _, k := range in.branches(j) {
				if fo.tree[k] && m.bval[k] == 0 && m.canWork(st, k) {
					m.join(k)
				}
			}
		}
	}
	for _, l := range ch.Links {
		if k := m.lpos[l]; k >= 0 && fo.tree[k] && m.bval[k] == 0 && m.canWork(st, k) {
			m.join(k)
		}
	}
	// Leaves whose element or coupler changed: joined to their node while
	// both work, else alone while functional.
	for _, j := range in.ev {
		b := m.bElem[j]
		for _, e := range m.stat.elems(j) {
			if e != b {
				m.settleLeaf(st, e, b)
			}
		}
	}
	// Demand, factors: the sums of the members' nodes and the paths above.
	for _, c := range ch.Components {
		e := m.elem[c]
		if e < 0 {
			continue
		}
		m.touch(m.eisl[e])
		if x := m.node[e]; x >= 0 {
			m.own(st, x)
			m.pathUp(x)
		}
	}
	// Balance the touched islands; a generator whose output moved changes
	// its node's sums and the path above.
	for x := 0; x < len(in.tl); x++ {
		i := in.tl[x]
		if m.dead(i) {
			continue
		}
		for _, g := range m.islandGens(i) {
			in.pdisp[g] = m.disp[g]
		}
		m.dispatchIsland(st, i)
		for _, g := range m.gens {
			if in.pdisp[g] != m.disp[g] {
				if x := m.node[g]; x >= 0 {
					m.own(st, x)
					m.pathUp(x)
				}
			}
		}
	}
	in.nodes, in.brs = in.nodes[:0], in.brs[:0]
	sb := in.nextStamp()
	addNode := func(c int32) {
		in.nodes = append(in.nodes, c)
		for _, k := range in.branches(c) {
			if !fo.tree[k] && in.markB[k] != sb {
				in.markB[k] = sb
				in.brs = append(in.brs, k)
			}
		}
	}
	for _, c := range in.gone {
		if !m.alive[c] {
			addNode(c)
		}
	}
	for _, i := range in.tl {
		if m.dead(i) {
			continue
		}
		m.islandTotal(st, i)
		m.markRef(i, m.dirtyNode)
		if !in.fresh[i] && (m.energised[i] != in.pEnergised[i] || m.energised[i] && m.shed[i] != in.pShed[i]) {
			// Every load's served fraction and every flow moved.
			m.label(i, i, m.dirtyNode)
		}
		if m.kind[i] == kCore {
			for _, c := range m.cList[m.ilo[i]:m.ihi[i]] {
				addNode(c)
			}
		}
	}
	in.brs = sortMarked(in.brs, in.markB, sb)
	for _, x := range in.dirty {
		if k := fo.up[x]; k >= 0 {
			m.flowB[k] = m.treeFlow(x)
		}
	}
	// A reference in a tree places its core's fixed node from the flows
	// on its way up.
	for _, i := range in.tl {
		if m.kind[i] == kCore {
			m.fixCore(i)
		}
	}
	if len(in.nodes) > 0 {
		if err := m.solveCoreSome(in.nodes, in.brs); err != nil {
			return true, err
		}
	}
	in.report(m, st, ch, out)
	return true, nil
}

// canWork reports whether branch k of the static system works under st
// with the current nodes.
func (m *Model) canWork(st *network.State, k int32) bool {
	return m.stat.f[k] >= 0 && m.node[m.bf[k]] >= 0 && m.node[m.bt[k]] >= 0 && st.LinkWorking(m.bl[k])
}

// dead reports whether island i is freed.
func (m *Model) dead(i int32) bool { return m.kind[i] == kDead }

// dirtyNode lists node x (once per Serve) for the report: the flow of
// the branch above it, its elements' served fractions and couplers.
func (m *Model) dirtyNode(x int32) {
	in := &m.inc
	if in.markN[x] != in.nodeS {
		in.markN[x] = in.nodeS
		in.dirty = append(in.dirty, x)
	}
}

// touch lists island i as touched (once per Serve), keeping its served
// fraction and energisation, and clears its reference path (its nodes
// listed) before anything in it changes.
func (m *Model) touch(i int32) {
	in := &m.inc
	if i < 0 || in.touched[i] {
		return
	}
	in.touched[i] = true
	in.tl = append(in.tl, i)
	in.pShed[i], in.pEnergised[i] = m.shed[i], m.energised[i]
	m.clearRef(i, m.dirtyNode)
}

// newIsland returns a fresh island id of kind k whose top (node or
// element) is x, touched.
func (m *Model) newIsland(k int8, x int32) int32 {
	var i int32
	if n := len(m.free); n > 0 {
		i, m.free = m.free[n-1], m.free[:n-1]
	} else {
		i = m.nextID
		m.nextID++
	}
	m.kind[i], m.top[i], m.refNode[i], m.fixN[i], m.shed[i], m.energised[i] = k, x, -1, -1, 0, false
	m.touch(i)
	m.inc.fresh[i] = true
	return i
}

// dropIsland frees island i, touched first. Its id may be reused at once:
// a reused id is touched already and made fresh, so it is balanced and
// reported as the new island it is.
func (m *Model) dropIsland(i int32) {
	m.touch(i)
	m.kind[i] = kDead
	m.free = append(m.free, i)
}

// pathUp recomputes the subtree sums from node x up to the top of its
// piece of tree, listing each node.
func (m *Model) pathUp(x int32) {
	for {
		m.sumUp(x)
		m.dirtyNode(x)
		if !m.joined(x) {
			return
		}
		x = m.stat.fo.par[x]
	}
}

// child returns the tree node below tree branch k.
func (m *Model) child(k int32) int32 {
	if x := m.stat.f[k]; m.stat.fo.up[x] == k {
		return x
	}
	return m.stat.t[k]
}

// cut takes working tree branch k out: the subtree below it becomes a
// piece of tree of its own, and the sums above lose it.
func (m *Model) cut(k int32) {
	x := m.child(k)
	m.touch(m.isl[x])
	m.bval[k] = 0
	m.labelTree(x, m.newIsland(kTree, x), m.dirtyNode)
	m.pathUp(m.stat.fo.par[x])
}

// join puts tree branch k back between two alive nodes: the piece of tree
// below it joins the island above.
func (m *Model) join(k int32) {
	x := m.child(k)
	p := m.stat.fo.par[x]
	ix, ip := m.isl[x], m.isl[p]
	m.touch(ip)
	m.dropIsland(ix)
	m.bval[k] = m.bsus[k]
	m.labelTree(x, ip, m.dirtyNode)
	m.pathUp(p)
}

// kill takes element b, the branch-bearing element of a simple node with
// all its branches cut and its leaves gone, out: the node dies (a piece
// of tree with its island; a core node leaves its island to coreIslands).
func (m *Model) kill(st *network.State, b int32) {
	x := m.sn[b]
	i := m.isl[x]
	m.touch(i)
	if m.kind[i] == kTree {
		m.dropIsland(i)
	}
	m.fn[b], m.node[b], m.eisl[b], m.disp[b] = false, -1, -1, 0
	m.alive[x], m.isl[x] = false, -1
	m.own(st, x)
	m.sumUp(x)
	m.dirtyNode(x)
}

// revive brings element b, the branch-bearing element of a simple node,
// back: the node lives, its branches still cut, as a piece of tree of its
// own, or a core node without island until coreIslands.
func (m *Model) revive(st *network.State, b int32) {
	x := m.sn[b]
	m.fn[b], m.node[b], m.disp[b] = true, x, 0
	m.alive[x] = true
	m.isl[x], m.eisl[b] = -1, -1
	if !m.stat.fo.core[x] {
		i := m.newIsland(kTree, x)
		m.isl[x], m.eisl[b] = i, i
	}
	m.own(st, x)
	m.sumUp(x)
	m.dirtyNode(x)
}

// detach takes leaf e out of its node: alone in an island of its own
// while functional.
func (m *Model) detach(st *network.State, e int32) {
	x := m.node[e]
	m.touch(m.isl[x])
	m.node[e], m.eisl[e], m.disp[e] = -1, -1, 0
	m.own(st, x)
	m.pathUp(x)
	m.fn[e] = st.Functional(m.mem[e])
	if m.fn[e] {
		m.eisl[e] = m.newIsland(kLone, e)
	}
}

// settleLeaf brings leaf e of the simple node of element b up to date:
// in the node while it, its coupler and b work; else alone while
// functional; else out.
func (m *Model) settleLeaf(st *network.State, e, b int32) {
	k := m.inc.leaf[e]
	w := st.LinkWorking(m.cl[k])
	m.cw[k] = w
	fn := st.Functional(m.mem[e])
	want := fn && w && m.node[b] >= 0
	x := m.sn[e]
	switch in := m.node[e] == x; {
	case in && !want:
		m.detach(st, e)
	case in:
	case want:
		if i := m.eisl[e]; i >= 0 {
			m.dropIsland(i)
		}
		m.touch(m.isl[x])
		m.fn[e], m.node[e], m.eisl[e], m.disp[e] = true, x, m.isl[x], 0
		m.own(st, x)
		m.pathUp(x)
	case !fn && m.eisl[e] >= 0:
		m.dropIsland(m.eisl[e])
		m.fn[e], m.eisl[e], m.disp[e] = false, -1, 0
	case fn && m.eisl[e] < 0:
		m.fn[e] = true
		m.eisl[e] = m.newIsland(kLone, e)
	}
	m.fn[e] = fn
}

// coreIslands recomputes the core islands after core nodes or branches
// changed: the alive core nodes joined by working core branches. A new
// island keeps the id most of its nodes had, the largest islands first,
// so that only the nodes that changed island (with the trees hanging
// from them) are relabelled; the ids no island keeps are freed. Time
// O(core nodes + core branches) plus the relabelled nodes.
func (m *Model) coreIslands() {
	in := &m.inc
	nuf := m.nuf
	for _, c := range m.stat.fo.coreNodes {
		nuf[c] = c
	}
	for _, k := range m.coreBr {
		if m.bval[k] != 0 {
			union(nuf, m.stat.f[k], m.stat.t[k])
		}
	}
	// Groups of nodes, by root: count, then list.
	grp := m.anchor // scratch: root → group
	groups := in.queue[:0]
	for _, c := range m.stat.fo.coreNodes {
		if m.alive[c] {
			if r := find(nuf, c); r == c {
				grp[c] = int32(len(groups))
				groups = append(groups, c)
			}
		}
	}
	ng := int32(len(groups))
	size := in.gsize[:ng]
	clear(size)
	for _, c := range m.stat.fo.coreNodes {
		if m.alive[c] {
			size[grp[find(nuf, c)]]++
		}
	}
	start := in.gstart[:ng+1]
	start[0] = 0
	for g := range ng {
		start[g+1] = start[g] + size[g]
	}
	pos := in.gpos[:ng]
	copy(pos, start[:ng])
	list := in.glist[:start[ng]]
	for _, c := range m.stat.fo.coreNodes {
		if m.alive[c] {
			g := grp[find(nuf, c)]
			list[pos[g]] = c
			pos[g]++
		}
	}
	// Largest first, ties by lowest node.
	order := in.gorder[:ng]
	for g := range ng {
		order[g] = g
	}
	slices.SortFunc(order, func(a, b int32) int {
		if size[a] != size[b] {
			return int(size[b] - size[a])
		}
		return int(a - b)
	})
	taken := in.nextStamp() // marks taken ids in in.take
	for _, i := range m.coreIDs {
		m.touch(i)
	}
	ids := in.gid[:ng]
	for _, g := range order {
		best, bestN := int32(-1), int32(0)
		for _, c := range list[start[g]:start[g+1]] {
			if i := m.isl[c]; i >= 0 && m.kind[i] == kCore && in.take[i] != taken {
				if in.cnt[i]++; in.cnt[i] > bestN {
					best, bestN = i, in.cnt[i]
				}
			}
		}
		for _, c := range list[start[g]:start[g+1]] {
			if i := m.isl[c]; i >= 0 {
				in.cnt[i] = 0
			}
		}
		if best < 0 {
			best = m.newIsland(kCore, -1)
		}
		in.take[best] = taken
		ids[g] = best
	}
	for _, i := range m.coreIDs {
		if in.take[i] != taken {
			m.dropIsland(i)
		}
	}
	// The new lists, then the relabelling.
	m.coreIDs = m.coreIDs[:0]
	copy(m.cList, list)
	for g := range ng {
		i := ids[g]
		m.coreIDs = append(m.coreIDs, i)
		m.kind[i], m.ilo[i], m.ihi[i] = kCore, start[g], start[g+1]
		for _, c := range list[start[g]:start[g+1]] {
			if m.isl[c] != i {
				m.labelTree(c, i, m.dirtyNode)
			}
		}
	}
	slices.Sort(m.coreIDs)
}

// solveCoreSome re-solves the core islands whose core nodes are listed
// (with the core nodes that died in this Serve; brs: the core branches at
// them, ascending; tree branches stay out of the matrix), as solveCore does for those rows: re-assembled, the
// factor brought up to date (system.factoriseNodes) and solved for their
// angles, repeating exactly the operations of a whole solution on those
// rows (no working core branch joins them to another island); then the
// flows of their branches.
func (m *Model) solveCoreSome(nodes, brs []int32) error {
	in := &m.inc
	sys := m.stat
	fixed, inj := m.fixed, m.inj
	for _, j := range nodes {
		fixed[j], inj[j] = m.coreFixed(j), 0
		if i := m.isl[j]; i < 0 || m.fixN[i] != j {
			m.fixAng[j] = m.thFix[j]
		}
		if !fixed[j] {
			inj[j] = m.coreInj(j)
		}
	}
	for _, k := range brs {
		if b := m.bval[k]; b != 0 && m.bh[k] != 0 && !sys.skip(k) {
			inj[sys.f[k]] += b * m.bh[k]
			inj[sys.t[k]] -= b * m.bh[k]
		}
	}
	sys.assembleSome(m.bval, fixed, nodes, brs)
	sys.rhsSome(inj, m.bval, fixed, m.fixAng, nodes, brs)
	if err := sys.factoriseNodes(nodes); err != nil {
		return m.pivotError(err)
	}
	rows := in.rows[:0]
	for _, j := range nodes {
		rows = append(rows, sys.sym.pinv[j])
	}
	slices.Sort(rows)
	in.rows = rows
	sys.fac.solveRows(inj, rows)
	for _, j := range nodes {
		m.theta[j] = inj[j]
	}
	for _, k := range brs {
		m.flowB[k] = m.branchFlow(k)
	}
	return nil
}

// report appends the served fractions, loadings and coupler loadings
// that differ from the last report: at the listed nodes, the core
// branches re-solved, and the listed members and links.
func (in *incremental) report(m *Model, st *network.State, ch *flow.Changes, out *flow.Output) {
	fo := m.stat.fo
	sc := in.nextStamp()
	coupler := func(k int32) {
		if k >= 0 && in.markC[k] != sc {
			in.markC[k] = sc
			m.flowC[k] = m.couplerFlow(st, k)
			in.reportCoupler(m, st, k, false, out)
		}
	}
	for _, x := range in.dirty {
		if k := fo.up[x]; k >= 0 {
			in.reportBranch(m, st, k, false, out)
		}
		for _, e := range m.stat.elems(x) {
			in.reportServed(m, e, false, out)
			coupler(in.leaf[e])
		}
	}
	for _, k := range in.brs {
		in.reportBranch(m, st, k, false, out)
	}
	for _, i := range in.tl {
		switch m.kind[i] {
		case kCoupler:
			for _, e := range m.eList[m.ilo[i]:m.ihi[i]] {
				in.reportServed(m, e, false, out)
				coupler(in.leaf[e])
			}
		case kLone:
			in.reportServed(m, m.top[i], false, out)
			coupler(in.leaf[m.top[i]])
		}
	}
	for _, c := range ch.Components {
		if e := m.elem[c]; e >= 0 {
			in.reportServed(m, e, false, out)
			coupler(in.leaf[e])
		}
	}
	for _, l := range ch.Links {
		switch k := m.lpos[l]; {
		case k >= 0:
			in.reportBranch(m, st, k, false, out)
		case k <= -2:
			coupler(-2 - k)
			in.reportCoupler(m, st, -2-k, false, out)
		}
	}
}

// reportServed appends element e's served fraction when all is set or it
// differs from the last report. An element is reported at most once per
// Serve: the last reported value is updated at once.
func (in *incremental) reportServed(m *Model, e int32, all bool, out *flow.Output) {
	if v := m.servedOf(e); all || v != in.served[e] {
		in.served[e] = v
		out.Served = append(out.Served, flow.Value{I: m.mem[e], V: v})
	}
}

// reportBranch appends rated branch k's loading when all is set or it
// differs from the last report.
func (in *incremental) reportBranch(m *Model, st *network.State, k int32, all bool, out *flow.Output) {
	reportLink(st, m.bl[k], m.flowB[k], m.brate[k], &in.loadB[k], all, out)
}

// reportCoupler appends rated coupler k's loading when all is set or it
// differs from the last report.
func (in *incremental) reportCoupler(m *Model, st *network.State, k int32, all bool, out *flow.Output) {
	reportLink(st, m.cl[k], m.flowC[k], m.crate[k], &in.loadC[k], all, out)
}

// reportLink appends link l's loading (flow f, rating) when it is rated
// and all is set or the loading differs from *last, which it updates.
func reportLink(st *network.State, l int32, f, rating float64, last *float64, all bool, out *flow.Output) {
	if rating > 0 {
		if v := loading(st, l, f, rating); all || v != *last {
			*last = v
			out.Loading = append(out.Loading, flow.Value{I: l, V: v})
		}
	}
}

// sortMarked sorts xs, the indices whose mark equals stamp: by a scan of
// the marks when they are many (O(len(mark))), else by sorting.
func sortMarked(xs, mark []int32, stamp int32) []int32 {
	if len(xs) <= len(mark)/8 {
		slices.Sort(xs)
		return xs
	}
	xs = xs[:0]
	for i, v := range mark {
		if v == stamp {
			xs = append(xs, int32(i))
		}
	}
	return xs
}
