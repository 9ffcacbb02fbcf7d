package power

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
)

// Options configure a Model. The zero value rates each link by its Rating
// (RATE_A for a MATPOWER network).
type Options struct {
	// RatingParam names the link parameter that holds the rating in MW
	// used for loadings — for a MATPOWER network network.ParamRateBMVA
	// (short term) or network.ParamRateCMVA (emergency); empty uses each
	// link's Rating. A rating of 0 means unrated (loading 0).
	RatingParam network.Param
}

// Validate checks the options.
func (o Options) Validate() error {
	if s := string(o.RatingParam); s != strings.TrimSpace(s) {
		return fmt.Errorf("%w: rating parameter %q has surrounding spaces", ErrInvalid, o.RatingParam)
	}
	return nil
}

// Factory builds a Model with o for sector s of n (a flow.Factory: the
// engine calls it once per worker).
func (o Options) Factory(n *network.Network, s network.SectorIndex) (flow.Model, error) {
	return New(n, s, o)
}

// Model is the DC power flow as a sector model (flow.Model): served
// fractions per load bus from island balancing, and branch loadings from a
// DC power flow of each energised island. See the package documentation
// for the conventions; New documents what it reads from the network.
//
// A Model keeps its scratch space and the results of its last Serve
// (Flow, Angle, Dispatch); it is not safe for concurrent use.
type Model struct {
	net  *network.Network
	sec  network.SectorIndex
	base float64

	mem  []int32 // element → component
	elem []int32 // component → element, −1 outside the sector

	// per element
	pd, gs, va0 []float64
	typ         []int8 // bus_type (0 when not given)
	isGen       []bool
	p0, lo, hi  []float64 // generators: base output and limits (MW)
	branchy     []bool    // has a branch in the static pattern

	// branches: links with a reactance
	bl       []int32
	bf, bt   []int32 // end elements
	bsus, bh []float64
	brate    []float64
	// couplers: links without one
	cl     []int32
	cf, ct []int32
	crate  []float64
	cleaf  []int32 // the end that is a leaf (no branch, one coupler), −1 if none
	lpos   []int32 // link → branch k (k ≥ 0) or coupler k (−2−k), −1 outside

	// static topology: couplers in service merge elements into nodes
	sn   []int32 // element → static node
	srep []int32 // static node → representative (lowest) element
	stat *system
	mdw  mdWork
	dyn  *system // system of the last split state
	dynF []int32
	dynT []int32

	// scratch, sized by elements (nodes and islands never outnumber them)
	fn        []bool    // element functional
	uf        []int32   // union-find over elements (working couplers)
	anchor    []int32   // static node → class of its branch-bearing elements
	node      []int32   // element → node of the current system, −1
	drep      []int32   // node of a split system → representative element
	nuf       []int32   // union-find over nodes (working branches)
	alive     []bool    // node holds a functional element
	isl       []int32   // node → island, −1 when dead
	eisl      []int32   // element → island, −1
	shed      []float64 // island → served fraction of its loads
	energised []bool    // island has generation
	refNode   []int32   // island → angle reference node, −1
	loE, hiE  []float64 // generator limits in this state (MW)
	fixed     []bool    // node held at fixAng (tree, dead, dark and reference nodes)
	thFix     []float64 // node → case angle (rad)
	fixAng    []float64 // node → angle it is held at when fixed (rad)
	inj       []float64 // node → injection, then angle
	bval      []float64 // branch → susceptance if working, else 0

	// islands, by kind: a core island lists its core nodes in
	// cList[ilo:ihi], a coupler-only island (elements cut from every node,
	// joined by couplers) its elements in eList[ilo:ihi]; a piece of tree
	// has its top node in top, a lone element (a generator or load whose
	// one coupler leads to a dead node or is open) the element
	kind         []int8
	ilo, ihi     []int32
	cList, eList []int32
	top          []int32
	coreIDs      []int32 // the core islands
	coreBr       []int32 // static core branches, ascending
	bElem        []int32 // static node → its branch-bearing element when it is simple, else −1
	nextID       int32
	free         []int32 // island ids free to reuse
	ownS, subS   []sums  // node → own and subtree sums
	total        []float64
	islS         []sums  // island → sums
	refp         []bool  // tree node on the path from its island's reference to the top
	fixN         []int32 // core island → the core node held fixed, −1
	gens         []int32 // scratch: an island's generators

	// topology of the last Serve: the functional elements (fn) and
	// working couplers it was built for
	cw       []bool
	topoRuns int // topology computations, for tests

	// results of the last Serve
	theta []float64 // per core node of sys (tree nodes: see Angle)
	sys   *system
	flowB []float64 // per branch, MW
	flowC []float64 // per coupler, MW
	disp  []float64 // per element, MW
	err   error
	opts  Options

	inc  incremental // islands and reports kept between Serves
	cuts cuts        // the cuts of the members a Serve takes out of service
}

// New builds the DC power-flow model of sector s of n.
//
// It reads, per component of the sector (parameter names are network's
// Param constants): the demand ParamPdMW (signed; when 0 or absent,
// Demand), the shunt ParamGsMW, the case angle ParamVaDeg and ParamBusType
// (3 marks a reference bus, 2 a PV bus, as in MATPOWER); per source (Role
// source): the output ParamPgMW (else ParamPMW, else 0), the limits
// ParamPminMW and ParamPmaxMW — an absent or zero pmax_mw means the
// Capacity (0: unlimited), except for a MATPOWER generator (with
// ParamGenRow), whose PMAX is 0, and a generator whose "infinite" tag lists
// pmax_mw=+Inf, which is unlimited. Per link: Reactance (per unit on the
// network's ParamBaseMVA, 100 when unset), Tap (0 ⇒ 1), Shift (degrees) and
// the rating. Links with a zero reactance are zero-impedance couplers
// (generator connections, switches) that merge their ends into one bus.
//
// The base dispatch is the sources' outputs with, in each island of the
// intact network, the mismatch given to the first in-service generator at
// its reference bus (a type-3 bus with a generator, else the first type-2
// bus with one: MATPOWER's slack), so that the intact network solves
// exactly as MATPOWER's rundcpf does. Generator limits are widened to
// include that dispatch.
//
// Errors wrap ErrInvalid (options, a rating parameter no link has, a
// non-finite reactance, tap, shift or parameter) or ErrSingular (the intact network cannot be solved).
func New(n *network.Network, s network.SectorIndex, opts Options) (*Model, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if n == nil || int(s) >= n.NumSectors() {
		return nil, fmt.Errorf("%w: no sector %d", ErrInvalid, s)
	}
	if opts.RatingParam != "" && !slices.Contains(n.LinkParamNames(), opts.RatingParam) {
		return nil, fmt.Errorf("%w: no link of network %q has the rating parameter %q", ErrInvalid, n.Name(), opts.RatingParam)
	}
	m := &Model{net: n, sec: s, base: n.Attr(network.ParamBaseMVA), opts: opts}
	if !(m.base > 0) {
		m.base = 100
	}
	m.mem = n.SectorMembers(s)
	ne := len(m.mem)
	m.elem = make([]int32, n.NumComponents())
	for i := range m.elem {
		m.elem[i] = -1
	}
	for e, c := range m.mem {
		m.elem[c] = int32(e)
	}
	if err := m.readComponents(); err != nil {
		return nil, err
	}
	if err := m.readLinks(); err != nil {
		return nil, err
	}
	m.alloc(ne)
	m.staticTopology()
	if err := m.baseDispatch(); err != nil {
		return nil, err
	}
	m.inc.init(m)
	if err := m.cuts.init(m); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *Model) readComponents() error {
	n := m.net
	ne := len(m.mem)
	m.pd, m.gs, m.va0 = make([]float64, ne), make([]float64, ne), make([]float64, ne)
	m.typ = make([]int8, ne)
	m.isGen = make([]bool, ne)
	m.p0, m.lo, m.hi = make([]float64, ne), make([]float64, ne), make([]float64, ne)
	for e, c := range m.mem {
		pd := n.ComponentParam(c, network.ParamPdMW)
		if pd == 0 {
			pd = n.Demand(c)
		}
		m.pd[e], m.gs[e] = pd, n.ComponentParam(c, network.ParamGsMW)
		m.va0[e] = degToRad(n.ComponentParam(c, network.ParamVaDeg))
		m.typ[e] = int8(n.ComponentParam(c, network.ParamBusType))
		if n.Role(c) == network.RoleSource {
			m.isGen[e] = true
			pg := n.ComponentParam(c, network.ParamPgMW)
			if pg == 0 {
				pg = n.ComponentParam(c, network.ParamPMW)
			}
			m.p0[e], m.lo[e] = pg, n.ComponentParam(c, network.ParamPminMW)
			m.hi[e] = m.pmax(c)
		}
		for _, v := range []float64{m.pd[e], m.gs[e], m.va0[e], m.p0[e], m.lo[e]} {
			if !finite(v) {
				return fmt.Errorf("%w: component %s: non-finite power parameter", ErrInvalid, n.ComponentID(c))
			}
		}
	}
	return nil
}

// pmax returns source c's upper limit in MW (+Inf when unlimited).
func (m *Model) pmax(c int32) float64 {
	n := m.net
	if v := n.ComponentParam(c, network.ParamPmaxMW); v != 0 {
		return v
	}
	if strings.Contains(n.Component(c).Tags["infinite"], string(network.ParamPmaxMW)+"=+Inf") {
		return math.Inf(1)
	}
	if v := n.Capacity(c); v > 0 {
		return v
	}
	if n.ComponentParam(c, network.ParamGenRow) != 0 {
		return 0
	}
	return math.Inf(1)
}

func (m *Model) readLinks() error {
	n := m.net
	m.lpos = make([]int32, n.NumLinks())
	for l := range n.Links() {
		m.lpos[l] = -1
		a, b := n.Ends(l)
		ea, eb := m.elem[a], m.elem[b]
		if ea < 0 || eb < 0 {
			continue
		}
		rating := n.Rating(l)
		if m.opts.RatingParam != "" {
			rating = n.LinkParam(l, m.opts.RatingParam)
		}
		if !finite(rating) || rating < 0 {
			return fmt.Errorf("%w: link %s: rating %v", ErrInvalid, n.LinkID(l), rating)
		}
		x := n.Reactance(l)
		if x == 0 {
			m.lpos[l] = -2 - int32(len(m.cl))
			m.cl, m.cf, m.ct, m.crate = append(m.cl, l), append(m.cf, ea), append(m.ct, eb), append(m.crate, rating)
			continue
		}
		tap := n.Tap(l)
		if tap == 0 {
			tap = 1
		}
		sus := 1 / (x * tap)
		if !finite(sus) || !finite(n.Shift(l)) {
			return fmt.Errorf("%w: link %s: reactance %v, tap %v, shift %v", ErrInvalid, n.LinkID(l), x, n.Tap(l), n.Shift(l))
		}
		m.lpos[l] = int32(len(m.bl))
		m.bl, m.bf, m.bt = append(m.bl, l), append(m.bf, ea), append(m.bt, eb)
		m.bsus, m.bh, m.brate = append(m.bsus, sus), append(m.bh, degToRad(n.Shift(l))), append(m.brate, rating)
	}
	return nil
}

func (m *Model) alloc(ne int) {
	i32 := func() []int32 { return make([]int32, ne) }
	f64 := func() []float64 { return make([]float64, ne) }
	m.fn = make([]bool, ne)
	m.uf, m.anchor, m.node, m.drep, m.nuf, m.isl, m.eisl = i32(), i32(), i32(), i32(), i32(), i32(), i32()
	m.alive, m.fixed, m.refp = make([]bool, ne), make([]bool, ne), make([]bool, ne)
	m.loE, m.hiE, m.thFix, m.fixAng, m.inj, m.theta, m.disp = f64(), f64(), f64(), f64(), f64(), f64(), f64()
	m.cList, m.eList = i32(), i32()
	m.ownS, m.subS = make([]sums, ne), make([]sums, ne)
	// Per island: islands never outnumber the elements, except for a
	// moment while the core islands are recomputed (at most one per node
	// more).
	ni := 2*ne + 1
	m.shed, m.total, m.energised, m.islS = make([]float64, ni), make([]float64, ni), make([]bool, ni), make([]sums, ni)
	m.refNode, m.top, m.fixN, m.ilo, m.ihi = make([]int32, ni), make([]int32, ni), make([]int32, ni), make([]int32, ni), make([]int32, ni)
	m.kind, m.coreIDs, m.free = make([]int8, ni), i32()[:0], make([]int32, 0, ni)
	m.gens = i32()[:0]
	m.bval, m.flowB = make([]float64, len(m.bl)), make([]float64, len(m.bl))
	m.flowC = make([]float64, len(m.cl))
	m.cw = make([]bool, len(m.cl))
	m.dynF, m.dynT = make([]int32, len(m.bl)), make([]int32, len(m.bl))
}

// staticTopology merges the ends of in-service couplers into static nodes
// and builds the symbolic factorisation over them.
func (m *Model) staticTopology() {
	n := m.net
	ne := len(m.mem)
	uf := m.uf
	for e := range uf {
		uf[e] = int32(e)
	}
	ncoup := make([]int32, ne)
	for k, l := range m.cl {
		if !n.OutOfService(l) {
			union(uf, m.cf[k], m.ct[k])
			ncoup[m.cf[k]]++
			ncoup[m.ct[k]]++
		}
	}
	m.sn = make([]int32, ne)
	id := make([]int32, ne)
	for e := range id {
		id[e] = -1
	}
	for e := range ne {
		r := find(uf, int32(e))
		if id[r] < 0 {
			id[r] = int32(len(m.srep))
			m.srep = append(m.srep, int32(e))
		}
		m.sn[e] = id[r]
	}
	f, t := make([]int32, len(m.bl)), make([]int32, len(m.bl))
	m.branchy = make([]bool, ne)
	for k, l := range m.bl {
		f[k], t[k] = -1, -1
		if n.OutOfService(l) || m.sn[m.bf[k]] == m.sn[m.bt[k]] {
			continue
		}
		f[k], t[k] = m.sn[m.bf[k]], m.sn[m.bt[k]]
		m.branchy[m.bf[k]], m.branchy[m.bt[k]] = true, true
	}
	m.stat = newSystem(len(m.srep), f, t, &m.mdw)
	m.stat.fo = newForest(len(m.srep), f, t)
	m.stat.elOff, m.stat.el = csr(len(m.srep), m.sn)
	m.cleaf = make([]int32, len(m.cl))
	for k := range m.cl {
		m.cleaf[k] = -1
		for _, e := range []int32{m.cf[k], m.ct[k]} {
			if !m.branchy[e] && ncoup[e] == 1 {
				m.cleaf[k] = e
			}
		}
	}
}

func find(p []int32, x int32) int32 {
	for p[x] != x {
		p[x] = p[p[x]]
		x = p[x]
	}
	return x
}

// union joins the sets of a and b; the lower index becomes the root.
func union(p []int32, a, b int32) {
	ra, rb := find(p, a), find(p, b)
	switch {
	case ra < rb:
		p[rb] = ra
	case rb < ra:
		p[ra] = rb
	}
}

// csr lists, for each of n groups, the indices x with g[x] == the group
// (none when g[x] < 0), ascending.
func csr(n int, g []int32) (off, list []int32) {
	off = make([]int32, n+1)
	for _, j := range g {
		if j >= 0 {
			off[j+1]++
		}
	}
	for j := range n {
		off[j+1] += off[j]
	}
	list = make([]int32, off[n])
	pos := slices.Clone(off[:n])
	for x, j := range g {
		if j >= 0 {
			list[pos[j]] = int32(x)
			pos[j]++
		}
	}
	return off, list
}

// baseDispatch gives each intact island's mismatch to its slack generator,
// widens the limits to the resulting dispatch and checks that the intact
// network solves.
func (m *Model) baseDispatch() error {
	st := network.NewState(m.net)
	copy(m.hiE, m.hi)
	copy(m.loE, m.lo)
	m.topology(st)
	m.subtreeSums(st)
	slack := m.refNode // scratch: island → slack generator
	for i := range m.nextID {
		slack[i] = -1
	}
	for _, want := range []int8{3, 2} {
		for e := range int32(len(m.mem)) {
			if i, j := m.eisl[e], m.node[e]; i >= 0 && j >= 0 && slack[i] < 0 && m.typ[e] == want {
				slack[i] = m.firstGenAt(j)
			}
		}
	}
	for i := range m.nextID {
		g := slack[i]
		if g < 0 {
			continue
		}
		t := m.islandSums(st, i)
		total := 0.0
		for _, x := range m.islandGens(i) {
			total += m.p0[x]
		}
		m.p0[g] += t.l + t.r - total
	}
	for e, g := range m.isGen {
		if g {
			m.lo[e] = min(m.lo[e], m.p0[e])
			m.hi[e] = max(m.hi[e], m.p0[e])
		}
	}
	m.serve(st)
	return m.err
}

// firstGenAt returns the lowest generator element at node j, or −1.
func (m *Model) firstGenAt(j int32) int32 {
	for _, g := range m.sys.elems(j) {
		if m.node[g] == j && m.isGen[g] {
			return g
		}
	}
	return -1
}

// Name returns "dc-power-flow".
func (*Model) Name() string { return "dc-power-flow" }

// Serve brings the solution up to date with st and reports the served
// fractions and link loadings that changed since the last report, and the
// cut of each member it takes out of service when one is known (see the
// package documentation: Provenance). With ch.All (or on the first call, or after a
// failed one) it solves the sector whole; otherwise it updates what ch
// touched (see "Incremental solution" in the package documentation). It
// returns an error wrapping ErrInvalid for a state of another network and
// one wrapping ErrSingular when an island cannot be solved.
func (m *Model) Serve(st *network.State, ch *flow.Changes, out *flow.Output) error {
	if st == nil || st.Network() != m.net {
		return fmt.Errorf("%w: model built for sector %d of network %q, called with a state of another network",
			ErrInvalid, m.sec, m.net.Name())
	}
	if err := m.cuts.update(st, ch); err != nil {
		return err
	}
	from := len(out.Served)
	all := ch == nil || ch.All || !m.inc.valid
	if !all {
		done, err := m.serveChanges(st, ch, out)
		if done || err != nil {
			m.inc.valid = err == nil
			if err == nil {
				m.cuts.report(m, out, from)
			}
			return err
		}
		// A change the update does not handle (a split or join of the
		// core, a coupler): solve whole.
	}
	m.serve(st)
	if m.err != nil {
		m.inc.valid = false
		return m.err
	}
	m.reportAll(st, all, out)
	m.inc.valid = true
	if !all {
		m.cuts.report(m, out, from)
	}
	return nil
}

// topology computes the nodes and islands of state st: m.node, m.alive,
// m.bval, m.isl, m.eisl and the island lists are set, and the functional
// elements and working couplers it read are kept (m.fn, m.cw). Time
// O(components + links), plus the analysis of a split system.
func (m *Model) topology(st *network.State) {
	m.topoRuns++
	for k, l := range m.cl {
		m.cw[k] = st.LinkWorking(l)
	}
	ne := int32(len(m.mem))
	fn, uf, node := m.fn, m.uf, m.node
	for e, c := range m.mem {
		fn[e] = st.Functional(c)
		uf[e] = int32(e)
	}
	for k := range m.cl {
		if a, b := m.cf[k], m.ct[k]; fn[a] && fn[b] && m.cw[k] {
			union(uf, a, b)
		}
	}
	nsn := int32(len(m.srep))
	anchor := m.anchor[:nsn]
	for j := range anchor {
		anchor[j] = -1
	}
	split := false
	for e := range ne {
		if fn[e] && m.branchy[e] {
			r, j := find(uf, e), m.sn[e]
			if anchor[j] < 0 {
				anchor[j] = r
			} else if anchor[j] != r {
				split = true
			}
		}
	}
	var nn int32
	rep := m.srep
	if !split {
		m.sys, nn = m.stat, nsn
		for e := range ne {
			node[e] = -1
			if j := m.sn[e]; fn[e] && anchor[j] >= 0 && find(uf, e) == anchor[j] {
				node[e] = j
			}
		}
	} else {
		// A coupler inside a node is down: number the classes anew and
		// analyse their pattern (rare: a switch between two buses opens).
		cid := m.nuf
		for e := range cid {
			cid[e] = -1
		}
		for e := range ne {
			if fn[e] && m.branchy[e] {
				if r := find(uf, e); cid[r] < 0 {
					cid[r] = nn
					m.drep[nn] = r
					nn++
				}
			}
		}
		for e := range ne {
			node[e] = -1
			if fn[e] {
				node[e] = cid[find(uf, e)]
			}
		}
		for k, l := range m.bl {
			m.dynF[k], m.dynT[k] = -1, -1
			if a, b := node[m.bf[k]], node[m.bt[k]]; !m.net.OutOfService(l) && a >= 0 && b >= 0 && a != b {
				m.dynF[k], m.dynT[k] = a, b
			}
		}
		m.dyn = newSystem(int(nn), m.dynF, m.dynT, &m.mdw)
		m.dyn.fo = newForest(int(nn), m.dynF, m.dynT)
		m.dyn.elOff, m.dyn.el = csr(int(nn), node)
		m.sys = m.dyn
		rep = m.drep[:nn]
	}
	sys := m.sys
	fo := sys.fo
	for k, l := range m.bl {
		m.bval[k] = 0
		if sys.f[k] >= 0 && node[m.bf[k]] >= 0 && node[m.bt[k]] >= 0 && st.LinkWorking(l) {
			m.bval[k] = m.bsus[k]
		}
	}
	alive := m.alive[:nn]
	clear(alive)
	for e := range ne {
		if node[e] >= 0 {
			alive[node[e]] = true
		}
	}
	for j := range nn {
		m.thFix[j] = m.va0[rep[j]]
	}
	// Core islands: alive core nodes joined by working core branches,
	// numbered in the order of their lowest node.
	nuf := m.nuf[:nn]
	for j := range nuf {
		nuf[j] = int32(j)
	}
	for k, b := range m.bval {
		if b != 0 && !fo.tree[k] {
			union(nuf, sys.f[k], sys.t[k])
		}
	}
	isl := m.isl[:nn]
	for j := range isl {
		isl[j] = -1
	}
	id := int32(0)
	for j := range nn {
		if alive[j] && fo.core[j] {
			if r := find(nuf, j); isl[r] < 0 {
				isl[r] = id
				id++
			}
			isl[j] = isl[find(nuf, j)]
		}
	}
	nCore := id
	// Elements cut from every node form islands of their own, one per
	// coupler class.
	dcl := m.anchor // reuse: class root → island
	for e := range dcl {
		dcl[e] = -1
	}
	for e := range ne {
		m.eisl[e] = -1
		if fn[e] && node[e] < 0 {
			r := find(uf, e)
			if dcl[r] < 0 {
				dcl[r] = id
				id++
			}
			m.eisl[e] = dcl[r]
		}
	}
	// The lists of core and coupler-only islands.
	lo, hi := m.ilo, m.ihi
	clear(hi[:id])
	for j := range nn {
		if fo.core[j] && isl[j] >= 0 {
			hi[isl[j]]++
		}
	}
	for e := range ne {
		if node[e] < 0 && m.eisl[e] >= 0 {
			hi[m.eisl[e]]++
		}
	}
	var nc, nl int32
	m.coreIDs = m.coreIDs[:0]
	for i := range id {
		m.kind[i], m.top[i] = kCoupler, -1
		if i < nCore {
			m.kind[i] = kCore
			m.coreIDs = append(m.coreIDs, i)
			lo[i], nc = nc, nc+hi[i]
		} else {
			lo[i], nl = nl, nl+hi[i]
		}
		hi[i] = lo[i]
	}
	for j := range nn {
		if fo.core[j] && isl[j] >= 0 {
			m.cList[hi[isl[j]]] = j
			hi[isl[j]]++
		}
	}
	for e := range ne {
		if node[e] < 0 && m.eisl[e] >= 0 {
			m.eList[hi[m.eisl[e]]] = e
			hi[m.eisl[e]]++
		}
	}
	// Pieces of tree: one per alive tree node not joined to its parent.
	for j := range nn {
		if alive[j] && !fo.core[j] && !m.joined(j) {
			m.kind[id], m.top[id] = kTree, j
			isl[j] = id
			id++
		}
	}
	m.nextID = id
	m.free = m.free[:0]
	for i := range id {
		m.fixN[i] = -1
		m.label(i, i, nil)
	}
}

// Island kinds.
const (
	kDead    int8 = -1 // freed
	kCore    int8 = 0  // core nodes and the trees hanging from them
	kCoupler int8 = 1  // elements cut from every node, joined by couplers
	kTree    int8 = 2  // a piece of tree cut from the core
	kLone    int8 = 3  // one element cut from its node
)

// label sets the island of every node and element of island i (its core
// nodes or the top of its piece of tree, and every tree node hanging from
// them by working branches; its elements) to j, calling visit on each
// node when it is not nil. Time O(the island).
func (m *Model) label(i, j int32, visit func(int32)) {
	switch m.kind[i] {
	case kCore:
		for _, c := range m.cList[m.ilo[i]:m.ihi[i]] {
			m.labelTree(c, j, visit)
		}
	case kTree:
		m.labelTree(m.top[i], j, visit)
	case kCoupler:
		for _, e := range m.eList[m.ilo[i]:m.ihi[i]] {
			m.eisl[e] = j
		}
	case kLone:
		m.eisl[m.top[i]] = j
	}
}

// labelTree sets the island of node x, its elements and the subtree
// hanging from it by working branches to j.
func (m *Model) labelTree(x, j int32, visit func(int32)) {
	m.isl[x] = j
	for _, e := range m.sys.elems(x) {
		if m.node[e] == x {
			m.eisl[e] = j
		}
	}
	if visit != nil {
		visit(x)
	}
	fo := m.sys.fo
	for _, c := range fo.kids(x) {
		if m.bval[fo.up[c]] != 0 {
			m.labelTree(c, j, visit)
		}
	}
}

// elemSums adds element e's sums under st to t.
func (m *Model) elemSums(st *network.State, e int32, t *sums) {
	d := m.demand(st, e)
	if d > 0 {
		t.l += d
		t.r += m.gs[e]
	} else {
		t.r += d + m.gs[e]
	}
	if m.isGen[e] {
		t.g += m.disp[e]
		t.n++
	}
}

// subtreeSums recomputes the own and subtree sums of every node under st,
// children before parents.
func (m *Model) subtreeSums(st *network.State) {
	fo := m.sys.fo
	for j := range int32(m.sys.pat.n) {
		m.own(st, j)
	}
	for _, x := range fo.peel {
		m.sumUp(x)
	}
	for j, c := range fo.core {
		if c {
			m.sumUp(int32(j))
		}
	}
}

// islandSums returns island i's sums: those of its core nodes (ascending)
// or of the top of its piece of tree (each with the trees hanging from
// it), or of its elements for an island cut from every node.
func (m *Model) islandSums(st *network.State, i int32) sums {
	var t sums
	switch m.kind[i] {
	case kCore:
		for _, c := range m.cList[m.ilo[i]:m.ihi[i]] {
			t.add(m.subS[c])
		}
	case kCoupler:
		for _, e := range m.eList[m.ilo[i]:m.ihi[i]] {
			m.elemSums(st, e, &t)
		}
	case kLone:
		m.elemSums(st, m.top[i], &t)
	case kTree:
		t = m.subS[m.top[i]]
	}
	return t
}

// islandGens lists island i's generators, ascending, in m.gens.
func (m *Model) islandGens(i int32) []int32 {
	gens := m.gens[:0]
	switch m.kind[i] {
	case kCore:
		for _, c := range m.cList[m.ilo[i]:m.ihi[i]] {
			gens = m.treeGens(c, gens)
		}
	case kCoupler:
		for _, e := range m.eList[m.ilo[i]:m.ihi[i]] {
			if m.isGen[e] {
				gens = append(gens, e)
			}
		}
	case kLone:
		if e := m.top[i]; m.isGen[e] {
			gens = append(gens, e)
		}
	case kTree:
		gens = m.treeGens(m.top[i], gens)
	}
	slices.Sort(gens)
	m.gens = gens
	return gens
}

// treeGens appends the generators of node x and of the subtree hanging
// from it (descending only where the subtree sums count some).
func (m *Model) treeGens(x int32, gens []int32) []int32 {
	if m.ownS[x].n > 0 {
		for _, e := range m.sys.elems(x) {
			if m.node[e] == x && m.isGen[e] {
				gens = append(gens, e)
			}
		}
	}
	if m.subS[x].n == m.ownS[x].n {
		return gens // none below
	}
	fo := m.sys.fo
	for _, c := range fo.kids(x) {
		if m.bval[fo.up[c]] != 0 && m.subS[c].n > 0 {
			gens = m.treeGens(c, gens)
		}
	}
	return gens
}

// demand returns element e's demand in MW under st: PD × its capacity
// factor × its demand factor.
func (m *Model) demand(st *network.State, e int32) float64 {
	c := m.mem[e]
	return m.pd[e] * st.Factor(c) * st.DemandFactor(c)
}

// serve solves the sector whole under st; m.err is set when an island is
// singular.
func (m *Model) serve(st *network.State) {
	m.err = nil
	m.topology(st)
	clear(m.disp)
	m.subtreeSums(st)
	for i := range m.nextID {
		m.dispatchIsland(st, i)
	}
	m.subtreeSums(st)
	clear(m.refp)
	for i := range m.nextID {
		m.islandTotal(st, i)
		m.markRef(i, func(int32) {})
	}
	clear(m.flowB)
	fo := m.sys.fo
	for _, x := range fo.peel {
		if k := fo.up[x]; k >= 0 {
			m.flowB[k] = m.treeFlow(x)
		}
	}
	m.solveCore()
	for k := range m.cl {
		m.flowC[k] = m.couplerFlow(st, int32(k))
	}
}

// dispatchIsland balances island i under st (its generators' limits and
// outputs, its served fraction) and picks its angle reference.
func (m *Model) dispatchIsland(st *network.State, i int32) {
	gens := m.islandGens(i)
	for _, g := range gens {
		m.limits(st, g)
		m.disp[g] = 0
	}
	t := m.islandSums(st, i)
	m.dispatch(i, t.l+t.r, t.l, gens)
	m.refNode[i] = -1
	if m.energised[i] && (m.kind[i] == kCore || m.kind[i] == kTree) {
		m.refNode[i] = m.reference(gens)
	}
}

// islandTotal sets island i's sums and net injection (what its reference
// takes: the mismatch left by the balance).
func (m *Model) islandTotal(st *network.State, i int32) {
	m.islS[i] = m.islandSums(st, i)
	m.total[i] = m.islS[i].net(m.shed[i])
}

// reference returns the angle reference of an energised island with
// generators gens: the node of its first type-3 element (ascending) at a
// node with an available generator, else the node of its largest
// available generator.
func (m *Model) reference(gens []int32) int32 {
	best, bestE := int32(-1), int32(-1)
	for _, g := range gens {
		j := m.node[g]
		if j < 0 || !(m.hiE[g] > 0) {
			continue
		}
		for _, e := range m.sys.elems(j) {
			if m.node[e] == j && m.typ[e] == 3 {
				if bestE < 0 || e < bestE {
					best, bestE = j, e
				}
				break
			}
		}
	}
	if best >= 0 {
		return best
	}
	return m.largestGen(gens)
}

// dispatch balances island i, of demand dsum (MW, dshed of it sheddable)
// and generators gens, when it is energised (a generator with a positive
// upper limit), writing their outputs and its served fraction.
func (m *Model) dispatch(i int32, dsum, dshed float64, gens []int32) {
	m.energised[i] = false
	for _, g := range gens {
		if m.hiE[g] > 0 {
			m.energised[i] = true
		}
	}
	m.shed[i] = 0
	if m.energised[i] {
		m.shed[i] = balance(dsum, dshed, gens, m.p0, m.loE, m.hiE, m.disp)
	}
}

// largestGen returns the node of the available generator among gens with
// the highest upper limit (the first on ties), or −1.
func (m *Model) largestGen(gens []int32) int32 {
	best := int32(-1)
	for _, g := range gens {
		if m.node[g] >= 0 && m.hiE[g] > 0 && (best < 0 || m.hiE[g] > m.hiE[best]) {
			best = g
		}
	}
	if best < 0 {
		return -1
	}
	return m.node[best]
}

// limits sets generator e's effective limits under st: its capacity
// factor scales its range.
func (m *Model) limits(st *network.State, e int32) {
	f := st.Factor(m.mem[e])
	m.hiE[e] = m.hi[e] * f
	if math.IsInf(m.hi[e], 1) && f == 0 {
		m.hiE[e] = 0
	}
	m.loE[e] = min(m.lo[e], m.hiE[e])
}

// servedOf returns element e's served fraction in the current solution.
func (m *Model) servedOf(e int32) float64 {
	v := 0.0
	if i := m.eisl[e]; i >= 0 && m.energised[i] {
		v = 1
		if m.pd[e] > 0 {
			v = m.shed[i]
		}
	}
	return v
}

// fixCore picks the core node that core island i holds fixed: its
// reference, or, when the reference lies in a hanging tree, the core node
// that tree hangs from, at the angle that puts the reference at its case
// angle (the drops along the tree path come from its flows). None for a
// dark island. The other core nodes are held at their case angles when
// fixed (solveCore, solveCoreSome), never at an angle an earlier island
// left.
func (m *Model) fixCore(i int32) {
	m.fixN[i] = -1
	if r := m.refNode[i]; r >= 0 {
		acc, a := m.rise(r)
		m.fixN[i] = a
		m.fixAng[a] = m.thFix[r] - acc
	}
}

// coreFixed says whether node j is held fixed in the core solve: a tree
// node, a dead node, a node of a dark island or the fixed node of its
// island.
func (m *Model) coreFixed(j int32) bool {
	if !m.sys.fo.core[j] || !m.alive[j] {
		return true
	}
	i := m.isl[j]
	return !m.energised[i] || m.fixN[i] == j
}

// coreInj returns free core node j's injection (per unit) before the
// phase shifters' terms.
func (m *Model) coreInj(j int32) float64 {
	return m.subS[j].net(m.shed[m.isl[j]]) / m.base
}

// solveCore assembles and solves the DC power flow of the core islands
// whole and computes the core branches' flows.
func (m *Model) solveCore() {
	sys := m.sys
	nn := sys.pat.n
	copy(m.fixAng[:nn], m.thFix[:nn])
	for _, i := range m.coreIDs {
		m.fixN[i] = -1
		m.fixCore(i)
	}
	fixed, inj := m.fixed[:nn], m.inj[:nn]
	for j := range int32(nn) {
		fixed[j], inj[j] = m.coreFixed(j), 0
		if !fixed[j] {
			inj[j] = m.coreInj(j)
		}
	}
	for k, b := range m.bval {
		if b != 0 && m.bh[k] != 0 && !sys.skip(int32(k)) {
			inj[sys.f[k]] += b * m.bh[k]
			inj[sys.t[k]] -= b * m.bh[k]
		}
	}
	sys.assemble(m.bval, fixed)
	sys.rhs(inj, m.bval, fixed, m.fixAng[:nn])
	if err := sys.factorise(); err != nil {
		m.err = m.pivotError(err)
		copy(m.theta[:nn], m.fixAng[:nn])
		return
	}
	sys.fac.solve(inj)
	copy(m.theta[:nn], inj)
	for k := range m.bval {
		if !sys.skip(int32(k)) {
			m.flowB[k] = m.branchFlow(int32(k))
		}
	}
}

// branchFlow returns core branch k's flow in MW from the current angles
// (0 in a dark island).
func (m *Model) branchFlow(k int32) float64 {
	b := m.bval[k]
	if b == 0 {
		return 0
	}
	f, t := m.sys.f[k], m.sys.t[k]
	if !m.energised[m.isl[f]] {
		return 0
	}
	return (b*(m.theta[f]-m.theta[t]) - b*m.bh[k]) * m.base
}

// couplerFlow returns coupler k's flow in MW: known when one end is a
// leaf (a generator's or a load's single connection), else 0.
func (m *Model) couplerFlow(st *network.State, k int32) float64 {
	e := m.cleaf[k]
	if e < 0 || m.node[e] < 0 || !st.LinkWorking(m.cl[k]) {
		return 0
	}
	d := m.demand(st, e)
	if d > 0 {
		d *= m.shed[m.isl[m.node[e]]]
	}
	v := m.disp[e] - d - m.gs[e]
	if e == m.ct[k] {
		v = -v
	}
	return v
}

// pivotError wraps a factorisation's *errPivot in ErrSingular, naming
// the node's representative component.
func (m *Model) pivotError(err error) error {
	e := err.(*errPivot)
	return fmt.Errorf("%w: network %q, node of %s (pivot %g)", ErrSingular, m.net.Name(),
		m.net.ComponentID(m.mem[m.repOf(e.node)]), e.pivot)
}

// repOf returns the representative element of node j of the current system.
func (m *Model) repOf(j int32) int32 {
	if m.sys == m.stat {
		return m.srep[j]
	}
	return m.drep[j]
}

// loading returns link l's loading for flow f (MW) and rating (MW) under
// st: |f| ÷ (rating × link factor), 0 when unrated or not carrying flow.
func loading(st *network.State, l int32, f, rating float64) float64 {
	if rating == 0 {
		return 0
	}
	lim := rating * st.LinkFactor(l)
	switch {
	case math.Abs(f) <= 1e-9:
		return 0
	case lim == 0:
		return math.Inf(1)
	}
	return math.Abs(f) / lim
}

// reportAll appends to out every member's served fraction and every
// rated link's loading when all is set, else those that differ from the
// last report, and keeps them as reported.
func (m *Model) reportAll(st *network.State, all bool, out *flow.Output) {
	for e := range m.mem {
		m.inc.reportServed(m, int32(e), all, out)
	}
	for k := range m.bl {
		m.inc.reportBranch(m, st, int32(k), all, out)
	}
	for k := range m.cl {
		m.inc.reportCoupler(m, st, int32(k), all, out)
	}
}

// Flow returns the real power flow in MW on link l from its From end to its
// To end after the last Serve (0 when it does not carry flow: not working,
// not in the sector, or a zero-impedance coupler other than a generator's
// or a load's single connection).
func (m *Model) Flow(l int32) float64 {
	if l < 0 || int(l) >= len(m.lpos) {
		return 0
	}
	switch k := m.lpos[l]; {
	case k >= 0:
		return m.flowB[k]
	case k <= -2:
		return m.flowC[-2-k]
	}
	return 0
}

// Angle returns the voltage angle in degrees of component i after the last
// Serve, and whether it has one: false for a component outside the
// sector, not functional, or cut off from every branch. The buses of a dark
// island keep their case angle ("va_deg"). A bus in a tree hanging from
// the meshed core gets its angle on demand, from its path up (O(depth)).
func (m *Model) Angle(i int32) (float64, bool) {
	if i < 0 || int(i) >= len(m.elem) || m.elem[i] < 0 {
		return 0, false
	}
	j := m.node[m.elem[i]]
	if j < 0 {
		return 0, false
	}
	return radToDeg(m.angle(j)), true
}

// angle returns node j's angle in radians: solved for a core node; for a
// tree node, that of the top of its piece plus the drops on the way up,
// the top being a core node or, for a piece of tree alone, placed so that
// the reference is at its case angle. The reference and the nodes of a
// dark island are at their case angles. Time O(depth in the tree).
func (m *Model) angle(j int32) float64 {
	fo := m.sys.fo
	if fo.core[j] {
		return m.theta[j]
	}
	i := m.isl[j]
	if !m.energised[i] || m.refNode[i] == j {
		return m.thFix[j]
	}
	acc, top := m.rise(j)
	if fo.core[top] {
		return m.theta[top] + acc
	}
	r := m.refNode[i]
	accR, _ := m.rise(r)
	return m.thFix[r] - accR + acc
}

// Dispatch returns the output in MW of source i after the last Serve (0
// for other components and for sources that are down or in a dark island).
func (m *Model) Dispatch(i int32) float64 {
	if i < 0 || int(i) >= len(m.elem) || m.elem[i] < 0 {
		return 0
	}
	return m.disp[m.elem[i]]
}
