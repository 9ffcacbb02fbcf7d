package power

import (
	"math"
	"slices"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
)

// incremental is what a Model keeps between Serves to re-solve only the
// islands a change touched: the islands as member lists, the last
// reported served fractions and loadings, and scratch marks.
type incremental struct {
	valid bool // the last Serve succeeded: the solution and reports are current

	// islands of the current topology: CSR over elements, ascending
	off, mem []int32
	// the islands before the last topology change
	pEisl, pOff    []int32
	pShed          []float64
	pEnergised     []bool
	pRef           []int32
	touched        []bool  // per island
	tl             []int32 // touched islands
	dirtyN, dirtyB []int32 // nodes and branches to re-assemble
	markN, markB   []int32 // stamps
	markC          []int32 // per coupler
	stamp          int32
	rows           []int32 // permuted rows to solve
	gens           []int32
	coup           []int32 // couplers to recompute
	leaf           []int32 // element → coupler it is the leaf of, −1
	adjOff, adj    []int32 // static node → its branches, ascending
	pos, queue     []int32 // scratch
	served         []float64
	loadB, loadC   []float64
}

func (in *incremental) init(m *Model) {
	ne := len(m.mem)
	i32 := func(n int) []int32 { return make([]int32, n) }
	in.off, in.mem, in.pEisl, in.pOff = i32(ne+1), i32(ne), i32(ne), i32(ne+1)
	in.pShed, in.pEnergised, in.pRef = make([]float64, ne), make([]bool, ne), i32(ne)
	in.touched, in.pos, in.queue = make([]bool, ne), i32(ne), i32(len(m.srep))
	// Lists at their largest, so that Serve does not allocate.
	in.tl, in.gens = i32(ne)[:0], i32(ne)[:0]
	in.dirtyN, in.rows = i32(len(m.srep))[:0], i32(len(m.srep))[:0]
	in.dirtyB, in.coup = i32(len(m.bl))[:0], i32(len(m.cl))[:0]
	in.markN, in.markB, in.markC = i32(len(m.srep)), i32(len(m.bl)), i32(len(m.cl))
	in.leaf = i32(ne)
	for e := range in.leaf {
		in.leaf[e] = -1
	}
	for k, e := range m.cleaf {
		if e >= 0 {
			in.leaf[e] = int32(k)
		}
	}
	nn := len(m.srep)
	in.adjOff = i32(nn + 1)
	f, t := m.stat.f, m.stat.t
	for k := range f {
		if f[k] >= 0 {
			in.adjOff[f[k]+1]++
			in.adjOff[t[k]+1]++
		}
	}
	for j := range nn {
		in.adjOff[j+1] += in.adjOff[j]
	}
	in.adj = i32(int(in.adjOff[nn]))
	pos := slices.Clone(in.adjOff[:nn])
	for k := range f {
		if f[k] >= 0 {
			in.adj[pos[f[k]]] = int32(k)
			pos[f[k]]++
			in.adj[pos[t[k]]] = int32(k)
			pos[t[k]]++
		}
	}
	in.served = make([]float64, ne)
	in.loadB, in.loadC = make([]float64, len(m.bl)), make([]float64, len(m.cl))
}

// islands lists the members of each island of m's current topology
// (ascending element order within an island). O(elements).
func (in *incremental) islands(m *Model) {
	n := m.nisl
	off := in.off[:n+1]
	clear(off)
	for _, i := range m.eisl {
		if i >= 0 {
			off[i+1]++
		}
	}
	for i := range n {
		off[i+1] += off[i]
	}
	pos := in.pos[:n]
	copy(pos, off[:n])
	for e, i := range m.eisl {
		if i >= 0 {
			in.mem[pos[i]] = int32(e)
			pos[i]++
		}
	}
}

// branchKeepsIslands applies a change of branch k's working status (to
// w) to the last topology when it neither splits nor joins islands, and
// reports whether it did: a branch at a dark or coupler-only end, or
// inside one bus, never carries flow; a restored branch inside one island
// joins nothing; a branch outage splits nothing when its ends stay
// connected by the island's other working branches, which a breadth-first
// search from one end finds (in a meshed grid within a few hops; it
// explores the whole cut-off side when the branch was a bridge, and the
// topology is then recomputed). Only on the static system.
func (in *incremental) branchKeepsIslands(m *Model, k int32, w bool) bool {
	if m.sys != m.stat {
		return false
	}
	a, b := m.node[m.bf[k]], m.node[m.bt[k]]
	if a < 0 || b < 0 || a == b {
		m.bw[k] = w
		return true
	}
	if w {
		if m.isl[a] != m.isl[b] {
			return false
		}
		m.bval[k], m.bw[k] = m.bsus[k], true
		return true
	}
	m.bval[k] = 0
	if !in.connected(m, a, b) {
		m.bval[k] = m.bsus[k]
		return false
	}
	m.bw[k] = false
	return true
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

// connected reports whether nodes a and b are joined by working branches
// (breadth-first from a).
func (in *incremental) connected(m *Model, a, b int32) bool {
	s := in.nextStamp()
	q := append(in.queue[:0], a)
	in.markN[a] = s
	for x := 0; x < len(q); x++ {
		j := q[x]
		for _, k := range in.adj[in.adjOff[j]:in.adjOff[j+1]] {
			if m.bval[k] == 0 {
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

// members returns the elements of island i.
func (in *incremental) members(i int32) []int32 { return in.mem[in.off[i]:in.off[i+1]] }

// serveChanges brings the solution up to date after the changes ch by
// re-solving only the islands they touched, and reports what changed. It
// returns false, having done nothing beyond the topology, when the state
// or the last solution needs a split system (a coupler inside a node is
// open): the caller then solves whole.
func (m *Model) serveChanges(st *network.State, ch *flow.Changes, out *flow.Output) (bool, error) {
	in := &m.inc
	tl := in.tl[:0]
	// The solution kept must be of the static system too: after a split
	// state its angles, references and factor are stale.
	kept := m.sys == m.stat
	if m.connectivityChanged(st, ch) {
		copy(in.pEisl, m.eisl)
		pn := m.nisl
		copy(in.pOff[:pn+1], in.off[:pn+1])
		copy(in.pShed[:pn], m.shed[:pn])
		copy(in.pEnergised[:pn], m.energised[:pn])
		copy(in.pRef[:pn], m.refNode[:pn])
		m.nisl = m.topology(st)
		m.topoOK = true
		if !kept || m.sys != m.stat {
			return false, nil
		}
		in.islands(m)
		// An island whose members are exactly those of an island before
		// keeps its solution; every other one is touched.
		for i := range int32(m.nisl) {
			mem := in.members(i)
			j := in.pEisl[mem[0]]
			same := j >= 0 && in.pOff[j+1]-in.pOff[j] == int32(len(mem))
			for _, e := range mem {
				if !same {
					break
				}
				same = in.pEisl[e] == j
			}
			in.touched[i] = !same
			if same {
				m.shed[i], m.energised[i], m.refNode[i] = in.pShed[j], in.pEnergised[j], in.pRef[j]
			} else {
				tl = append(tl, i)
			}
		}
	} else {
		if !kept {
			return false, nil
		}
	}
	touch := func(e int32) {
		if i := m.eisl[e]; i >= 0 && !in.touched[i] {
			in.touched[i] = true
			tl = append(tl, i)
		}
	}
	for _, c := range ch.Components {
		if e := m.elem[c]; e >= 0 {
			touch(e)
			if m.eisl[e] < 0 {
				m.disp[e] = 0
			}
		}
	}
	for _, l := range ch.Links {
		if a, b := m.net.Ends(l); m.lpos[l] != -1 {
			touch(m.elem[a])
			touch(m.elem[b])
		}
	}
	in.tl = tl
	defer func() {
		for _, i := range in.tl {
			in.touched[i] = false
		}
	}()
	in.balance(m, st)
	in.collect(m, ch)
	if err := in.solve(m, st); err != nil {
		return true, err
	}
	in.report(m, st, ch, out)
	return true, nil
}

// balance dispatches each touched island as serve does, summing its
// members in ascending order (so that the sums, and the verdicts, are the
// ones a whole solution computes), and picks its angle reference.
func (in *incremental) balance(m *Model, st *network.State) {
	for _, i := range in.tl {
		dsum, dshed := 0.0, 0.0
		gens := in.gens[:0]
		for _, e := range in.members(i) {
			d := m.demand(st, e)
			dsum += d + m.gs[e]
			if d > 0 {
				dshed += d
			}
			if m.isGen[e] {
				gens = append(gens, e)
				m.limits(st, e)
				m.disp[e] = 0
			}
		}
		in.gens = gens
		m.dispatch(i, dsum, dshed, gens)
		// The reference: the first type-3 bus with an available
		// generator, else the bus of the largest available generator.
		ref := int32(-1)
		if m.energised[i] {
			for _, e := range in.members(i) {
				if j := m.node[e]; j >= 0 && m.typ[e] == 3 {
					for _, g := range gens {
						if m.node[g] == j && m.hiE[g] > 0 {
							ref = j
							break
						}
					}
					if ref >= 0 {
						break
					}
				}
			}
			if ref < 0 {
				ref = m.largestGen(gens)
			}
		}
		m.refNode[i] = ref
	}
}

// collect lists the dirty nodes (those of the touched islands, and the
// static nodes of listed members, which may have gone dark), the branches
// at them (ascending) and the couplers whose flow may change.
func (in *incremental) collect(m *Model, ch *flow.Changes) {
	s := in.nextStamp()
	dn, db, dc := in.dirtyN[:0], in.dirtyB[:0], in.coup[:0]
	addN := func(j int32) {
		if j >= 0 && in.markN[j] != s {
			in.markN[j] = s
			dn = append(dn, j)
		}
	}
	addC := func(k int32) {
		if k >= 0 && in.markC[k] != s {
			in.markC[k] = s
			dc = append(dc, k)
		}
	}
	for _, i := range in.tl {
		for _, e := range in.members(i) {
			addN(m.node[e])
			addC(in.leaf[e])
		}
	}
	for _, c := range ch.Components {
		// A listed member's static node, when it went dark: its row
		// becomes an identity row. (A live node belongs to an island,
		// touched when its membership or a member changed.)
		if e := m.elem[c]; e >= 0 {
			if j := m.sn[e]; m.branchy[e] && !m.alive[j] {
				addN(j)
			}
			addC(in.leaf[e])
		}
	}
	for _, l := range ch.Links {
		if k := m.lpos[l]; k <= -2 {
			addC(-2 - k)
		}
	}
	for _, j := range dn {
		for _, k := range in.adj[in.adjOff[j]:in.adjOff[j+1]] {
			if in.markB[k] != s {
				in.markB[k] = s
				db = append(db, k)
			}
		}
	}
	db = sortMarked(db, in.markB, s)
	in.dirtyN, in.dirtyB, in.coup = dn, db, dc
}

// solve re-assembles the rows of the dirty nodes, brings the factor up to
// date (system.factoriseNodes) and solves for their angles, repeating
// exactly the operations of a whole solution on those rows (the angles
// of the other islands cannot change: no working branch joins them to a
// dirty node); then it recomputes the flows of the dirty branches and of
// the listed couplers.
func (in *incremental) solve(m *Model, st *network.State) error {
	sys := m.sys
	fixed, inj := m.fixed, m.inj
	for _, j := range in.dirtyN {
		fixed[j], inj[j] = true, 0
		if m.alive[j] {
			i := m.isl[j]
			fixed[j] = !m.energised[i] || m.refNode[i] == j
		}
	}
	for _, i := range in.tl {
		for _, e := range in.members(i) {
			j := m.node[e]
			if j < 0 || fixed[j] {
				continue
			}
			d := m.demand(st, e)
			if d > 0 {
				d *= m.shed[i]
			}
			inj[j] += (m.disp[e] - d - m.gs[e]) / m.base
		}
	}
	for _, k := range in.dirtyB {
		if b := m.bval[k]; b != 0 && m.bh[k] != 0 {
			inj[m.node[m.bf[k]]] += b * m.bh[k]
			inj[m.node[m.bt[k]]] -= b * m.bh[k]
		}
	}
	sys.assembleSome(m.bval, fixed, in.dirtyN, in.dirtyB)
	sys.rhsSome(inj, m.bval, fixed, m.thFix, in.dirtyN, in.dirtyB)
	if err := sys.factoriseNodes(in.dirtyN); err != nil {
		return m.pivotError(err)
	}
	rows := in.rows[:0]
	if perm := sys.sym.perm; len(in.dirtyN) > len(perm)/8 {
		for k, j := range perm {
			if in.markN[j] == in.stamp {
				rows = append(rows, int32(k))
			}
		}
	} else {
		for _, j := range in.dirtyN {
			rows = append(rows, sys.sym.pinv[j])
		}
		slices.Sort(rows)
	}
	in.rows = rows
	sys.fac.solveRows(inj, rows)
	for _, j := range in.dirtyN {
		m.theta[j] = inj[j]
	}
	for _, k := range in.dirtyB {
		m.flowB[k] = m.branchFlow(k)
	}
	for _, k := range in.coup {
		m.flowC[k] = m.couplerFlow(st, k)
	}
	return nil
}

// report appends the served fractions of the touched islands' and listed
// members and the loadings of the dirty branches, recomputed couplers and
// listed links that differ from the last report.
func (in *incremental) report(m *Model, st *network.State, ch *flow.Changes, out *flow.Output) {
	for _, i := range in.tl {
		for _, e := range in.members(i) {
			in.reportServed(m, e, false, out)
		}
	}
	for _, c := range ch.Components {
		if e := m.elem[c]; e >= 0 {
			in.reportServed(m, e, false, out)
		}
	}
	for _, k := range in.dirtyB {
		in.reportBranch(m, st, k, false, out)
	}
	for _, k := range in.coup {
		in.reportCoupler(m, st, k, false, out)
	}
	for _, l := range ch.Links {
		switch k := m.lpos[l]; {
		case k >= 0:
			in.reportBranch(m, st, k, false, out)
		case k <= -2:
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
