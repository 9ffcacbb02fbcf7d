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
	ev            []int32   // scratch: elements whose functional status changed
	pdisp         []float64 // scratch: generator outputs before a balance
	nodes, brs    []int32 // core nodes and branches to re-solve
	rows          []int32 // permuted rows to solve
	leaf          []int32 // element → coupler it is the leaf of, −1
	adjOff, adj   []int32 // static node → its branches, ascending
	queue         []int32 // scratch
	served        []float64
	loadB, loadC  []float64
	nodeS, nodeBr int32 // stamps of this Serve's dirty nodes and branches
}

func (in *incremental) init(m *Model) {
	ne := len(m.mem)
	i32 := func(n int) []int32 { return make([]int32, n) }
	nn := len(m.srep)
	in.touched, in.fresh, in.pEnergised, in.pShed = make([]bool, ne), make([]bool, ne), make([]bool, ne), make([]float64, ne)
	// Lists at their largest, so that Serve does not allocate.
	in.tl, in.dirty, in.ev, in.pdisp = i32(ne)[:0], i32(nn)[:0], i32(ne)[:0], make([]float64, ne)
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
// the solution is of the static system; every listed member whose
// functional status changed is the only element of a tree node, with a
// branch; no listed coupler's working status changed; and no listed core
// branch's change splits or joins core islands (a breadth-first search
// over the core for an outage). It lists the members whose status changed
// in in.ev, and applies nothing.
func (in *incremental) handles(m *Model, st *network.State, ch *flow.Changes) bool {
	if m.sys != m.stat {
		return false
	}
	fo := m.stat.fo
	in.ev = in.ev[:0]
	for _, c := range ch.Components {
		e := m.elem[c]
		if e < 0 || st.Functional(c) == m.fn[e] {
			continue
		}
		j := m.sn[e]
		if fo.core[j] || !m.branchy[e] || m.stat.elOff[j+1]-m.stat.elOff[j] != 1 {
			return false
		}
		in.ev = append(in.ev, e)
	}
	ok := true
	var undo []int32
	for _, l := range ch.Links {
		switch k := m.lpos[l]; {
		case k <= -2:
			if st.LinkWorking(l) != m.cw[-2-k] {
				ok = false
			}
		case k >= 0 && !fo.tree[k] && m.stat.f[k] >= 0:
			// Core ends are not among the members above: their nodes stand.
			w := st.LinkWorking(l) && m.node[m.bf[k]] >= 0 && m.node[m.bt[k]] >= 0
			switch {
			case w == (m.bval[k] != 0):
			case w:
				ok = m.isl[m.stat.f[k]] == m.isl[m.stat.t[k]]
			default:
				m.bval[k] = 0
				undo = append(undo, k)
				ok = in.coreConnected(m, m.stat.f[k], m.stat.t[k])
			}
		}
		if !ok {
			break
		}
	}
	for _, k := range undo {
		m.bval[k] = m.bsus[k]
	}
	return ok
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
	in.tl, in.dirty = in.tl[:0], in.dirty[:0]
	in.nodeS = in.nextStamp()
	defer func() {
		for _, i := range in.tl {
			in.touched[i], in.fresh[i] = false, false
		}
		m.free = append(m.free, m.freed...)
		m.freed = m.freed[:0]
	}()
	fo := m.stat.fo
	// Members that went down: every branch at their node is cut, then the
	// node leaves its island.
	for _, e := range in.ev {
		if !st.Functional(m.mem[e]) {
			x := m.sn[e]
			for _, k := range in.branches(x) {
				if m.bval[k] != 0 {
					m.cut(k)
				}
			}
			m.kill(st, e)
		}
	}
	// Branch outages, in the trees and the core.
	for _, l := range ch.Links {
		if k := m.lpos[l]; k >= 0 && m.bval[k] != 0 && !st.LinkWorking(l) {
			if fo.tree[k] {
				m.cut(k)
			} else {
				m.touch(m.isl[m.stat.f[k]])
				m.bval[k] = 0
			}
		}
	}
	// Members that came back: a node of its own, then every working
	// branch at it joins.
	for _, e := range in.ev {
		if st.Functional(m.mem[e]) {
			m.revive(st, e)
			for _, k := range in.branches(m.sn[e]) {
				if m.bval[k] == 0 && m.canWork(st, k) {
					m.join(k)
				}
			}
		}
	}
	for _, l := range ch.Links {
		if k := m.lpos[l]; k >= 0 && m.bval[k] == 0 && m.canWork(st, k) {
			if fo.tree[k] {
				m.join(k)
			} else {
				m.touch(m.isl[m.stat.f[k]])
				m.bval[k] = m.bsus[k]
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
	var err error
	in.nodes, in.brs = in.nodes[:0], in.brs[:0]
	sb := in.nextStamp()
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
		if i < m.nCore {
			for _, c := range m.iList[m.iOff[i]:m.iOff[i+1]] {
				in.nodes = append(in.nodes, c)
				for _, k := range in.branches(c) {
					if in.markB[k] != sb {
						in.markB[k] = sb
						in.brs = append(in.brs, k)
					}
				}
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
		if !m.dead(i) && i < m.nCore {
			m.fixCore(i)
		}
	}
	if len(in.nodes) > 0 {
		err = m.solveCoreSome(in.nodes, in.brs, sb)
		if err != nil {
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

// dead reports whether island i was freed in this Serve.
func (m *Model) dead(i int32) bool { return m.top[i] == -2 }

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

// newIsland returns a fresh island id for a piece of tree topped by x,
// touched.
func (m *Model) newIsland(x int32) int32 {
	var i int32
	if n := len(m.free); n > 0 {
		i, m.free = m.free[n-1], m.free[:n-1]
	} else {
		i = m.nextID
		m.nextID++
	}
	m.top[i], m.refNode[i], m.shed[i], m.energised[i] = x, -1, 0, false
	m.touch(i)
	m.inc.fresh[i] = true
	return i
}

// drop frees island i at the end of this Serve.
func (m *Model) dropIsland(i int32) {
	m.top[i] = -2
	m.freed = append(m.freed, i)
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

// cut takes working tree branch k out: the subtree below it becomes a
// piece of tree of its own, and the sums above lose it.
func (m *Model) cut(k int32) {
	fo := m.stat.fo
	x := m.stat.f[k]
	if fo.up[x] != k {
		x = m.stat.t[k]
	}
	p := fo.par[x]
	m.touch(m.isl[x])
	m.bval[k] = 0
	m.labelTree(x, m.newIsland(x), m.dirtyNode)
	m.pathUp(p)
}

// join puts tree branch k back between two alive nodes: the piece of tree
// below it joins the island above.
func (m *Model) join(k int32) {
	fo := m.stat.fo
	x := m.stat.f[k]
	if fo.up[x] != k {
		x = m.stat.t[k]
	}
	p := fo.par[x]
	ix, ip := m.isl[x], m.isl[p]
	m.touch(ix)
	m.touch(ip)
	m.bval[k] = m.bsus[k]
	m.dropIsland(ix)
	m.labelTree(x, ip, m.dirtyNode)
	m.pathUp(p)
}

// kill takes element e, the only element of a tree node with all its
// branches cut, out: the node dies with its island.
func (m *Model) kill(st *network.State, e int32) {
	x := m.sn[e]
	i := m.isl[x]
	m.touch(i)
	m.dropIsland(i)
	m.fn[e], m.node[e], m.eisl[e], m.disp[e] = false, -1, -1, 0
	m.alive[x], m.isl[x] = false, -1
	m.own(st, x)
	m.sumUp(x)
	m.dirtyNode(x)
}

// revive brings element e, the only element of a tree node, back: the
// node lives as an island of its own (its branches still cut).
func (m *Model) revive(st *network.State, e int32) {
	x := m.sn[e]
	m.fn[e], m.node[e], m.disp[e] = true, x, 0
	m.alive[x] = true
	i := m.newIsland(x)
	m.isl[x], m.eisl[e] = i, i
	m.own(st, x)
	m.sumUp(x)
	m.dirtyNode(x)
}

// solveCoreSome re-solves the core islands whose core nodes are listed
// (ascending branches at them in brs, marked with stamp sb), as solveCore
// does for those rows: re-assembled, the factor brought up to date
// (system.factoriseNodes) and solved for their angles, repeating exactly
// the operations of a whole solution on those rows (no working core
// branch joins them to another island); then the flows of their branches.
func (m *Model) solveCoreSome(nodes, brs []int32, sb int32) error {
	in := &m.inc
	sys := m.stat
	fixed, inj := m.fixed, m.inj
	for _, j := range nodes {
		fixed[j], inj[j] = m.coreFixed(j), 0
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
		if !sys.skip(k) {
			m.flowB[k] = m.branchFlow(k)
		}
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
		if !fo.tree[k] {
			in.reportBranch(m, st, k, false, out)
		}
	}
	for _, i := range in.tl {
		if !m.dead(i) && i >= m.nCore && i < m.nFixed {
			for _, e := range m.iList[m.iOff[i]:m.iOff[i+1]] {
				in.reportServed(m, e, false, out)
				coupler(in.leaf[e])
			}
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
