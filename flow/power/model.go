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
	isl       []int32   // node → island
	eisl      []int32   // element → island, −1
	dsum      []float64 // island → demand (MW)
	dshed     []float64 // island → sheddable demand (MW)
	gOff      []int32   // island → generators, CSR over gList
	gList     []int32
	shed      []float64 // island → served fraction of its loads
	energised []bool    // island has generation
	refNode   []int32   // island → angle reference node
	loE, hiE  []float64 // generator limits in this state (MW)
	fixed     []bool    // node held at thFix
	thFix     []float64 // node → fixed angle (rad)
	inj       []float64 // node → injection, then angle
	bval      []float64 // branch → susceptance if working, else 0

	// topology of the last Serve, valid while topoOK: the functional
	// elements (fn) and working branches and couplers it was built for
	topoOK   bool
	nisl     int
	bw, cw   []bool
	topoRuns int // topology computations, for tests

	// results of the last Serve
	theta []float64 // per node of sys
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
	m.alive, m.energised, m.fixed = make([]bool, ne), make([]bool, ne), make([]bool, ne)
	m.dsum, m.dshed, m.shed, m.loE, m.hiE, m.thFix, m.inj, m.theta, m.disp = f64(), f64(), f64(), f64(), f64(), f64(), f64(), f64(), f64()
	m.gOff, m.gList, m.refNode = make([]int32, ne+1), i32(), i32()
	m.bval, m.flowB = make([]float64, len(m.bl)), make([]float64, len(m.bl))
	m.flowC = make([]float64, len(m.cl))
	m.bw, m.cw = make([]bool, len(m.bl)), make([]bool, len(m.cl))
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

// baseDispatch gives each intact island's mismatch to its slack generator,
// widens the limits to the resulting dispatch and checks that the intact
// network solves.
func (m *Model) baseDispatch() error {
	st := network.NewState(m.net)
	copy(m.hiE, m.hi)
	copy(m.loE, m.lo)
	nisl := m.topology(st)
	m.islandSums(st, nisl)
	for i := range int32(nisl) {
		slack := int32(-1)
		for _, want := range []int8{3, 2} {
			for e := range int32(len(m.mem)) {
				if m.eisl[e] == i && m.typ[e] == want && m.node[e] >= 0 {
					if g := m.firstGenAt(m.node[e], i); g >= 0 {
						slack = g
						break
					}
				}
			}
			if slack >= 0 {
				break
			}
		}
		if slack < 0 {
			continue
		}
		total := 0.0
		for _, g := range m.gList[m.gOff[i]:m.gOff[i+1]] {
			total += m.p0[g]
		}
		m.p0[slack] += m.dsum[i] - total
	}
	for e, g := range m.isGen {
		if g {
			m.lo[e] = min(m.lo[e], m.p0[e])
			m.hi[e] = max(m.hi[e], m.p0[e])
		}
	}
	m.serve(st, true)
	return m.err
}

// firstGenAt returns the lowest generator element at node j of island i,
// or −1.
func (m *Model) firstGenAt(j, i int32) int32 {
	for _, g := range m.gList[m.gOff[i]:m.gOff[i+1]] {
		if m.node[g] == j {
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
// failed one) it solves the sector whole; otherwise it re-solves only the
// islands ch touched (see "Incremental solution" in the package
// documentation). It returns an error wrapping ErrInvalid for a state of
// another network and one wrapping ErrSingular when an island cannot be
// solved.
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
		// A coupler inside a node opened (or closed again): the
		// incremental path works on the static system only.
	}
	m.serve(st, all || !m.topoOK)
	if m.err != nil {
		m.inc.valid = false
		return m.err
	}
	m.inc.islands(m)
	m.reportAll(st, all, out)
	m.inc.valid = true
	if !all {
		m.cuts.report(m, out, from)
	}
	return nil
}

// connectivityChanged reports whether the last topology is stale for st:
// never computed (or the last Serve failed), or a listed member's
// functional status or a listed coupler's working status differs from the
// one it was built for, or a listed branch's does and the change splits
// or joins islands (incremental.branchKeepsIslands, which applies the
// others to the topology). Demand, factor and damage-state changes keep
// the islands. Time O(|ch|) plus the searches for branch outages.
func (m *Model) connectivityChanged(st *network.State, ch *flow.Changes) bool {
	if !m.topoOK {
		return true
	}
	for _, c := range ch.Components {
		if e := m.elem[c]; e >= 0 && st.Functional(c) != m.fn[e] {
			return true
		}
	}
	for _, l := range ch.Links {
		switch k := m.lpos[l]; {
		case k >= 0:
			if w := st.LinkWorking(l); w != m.bw[k] && !m.inc.branchKeepsIslands(m, k, w) {
				return true
			}
		case k <= -2:
			if st.LinkWorking(l) != m.cw[-2-k] {
				return true
			}
		}
	}
	return false
}

// topology computes the nodes and islands of state st and returns the
// number of islands: m.node, m.eisl, m.isl, m.sys are set, and the
// functional elements and working links it read are kept (m.fn, m.bw,
// m.cw) for connectivityChanged.
func (m *Model) topology(st *network.State) int {
	m.topoRuns++
	for k, l := range m.bl {
		m.bw[k] = st.LinkWorking(l)
	}
	for k, l := range m.cl {
		m.cw[k] = st.LinkWorking(l)
	}
	ne := int32(len(m.mem))
	fn, uf, node := m.fn, m.uf, m.node
	for e, c := range m.mem {
		fn[e] = st.Functional(c)
		uf[e] = int32(e)
	}
	for k, l := range m.cl {
		if a, b := m.cf[k], m.ct[k]; fn[a] && fn[b] && st.LinkWorking(l) {
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
		m.sys = m.dyn
		rep = m.drep[:nn]
	}
	// Working branches and islands of nodes.
	nuf := m.nuf[:nn]
	for j := range nuf {
		nuf[j] = int32(j)
	}
	for k, l := range m.bl {
		m.bval[k] = 0
		if a, b := node[m.bf[k]], node[m.bt[k]]; a >= 0 && b >= 0 && a != b && st.LinkWorking(l) {
			m.bval[k] = m.bsus[k]
			union(nuf, a, b)
		}
	}
	alive := m.alive[:nn]
	clear(alive)
	for e := range ne {
		if node[e] >= 0 {
			alive[node[e]] = true
		}
	}
	nisl := int32(0)
	isl := m.isl[:nn]
	for j := range isl {
		isl[j] = -1
	}
	for j := range nn {
		if alive[j] {
			if r := find(nuf, j); isl[r] < 0 {
				isl[r] = nisl
				nisl++
			}
			isl[j] = isl[find(nuf, j)]
		}
	}
	// Elements cut from every node form islands of their own, one per
	// coupler class.
	dcl := m.anchor // reuse: class root → island
	for e := range dcl {
		dcl[e] = -1
	}
	for e := range ne {
		m.eisl[e] = -1
		switch {
		case !fn[e]:
		case node[e] >= 0:
			m.eisl[e] = isl[node[e]]
		default:
			r := find(uf, e)
			if dcl[r] < 0 {
				dcl[r] = nisl
				nisl++
			}
			m.eisl[e] = dcl[r]
		}
	}
	for j := range nn {
		m.thFix[j] = m.va0[rep[j]]
	}
	return int(nisl)
}

// islandSums accumulates each island's demand (m.dsum), sheddable demand
// (m.dshed) and generators (CSR m.gOff, m.gList) for state st.
func (m *Model) islandSums(st *network.State, nisl int) {
	dsum, dshed := m.dsum[:nisl], m.dshed[:nisl]
	clear(dsum)
	clear(dshed)
	off := m.gOff[:nisl+1]
	clear(off)
	for e, i := range m.eisl {
		if i < 0 {
			continue
		}
		d := m.demand(st, int32(e))
		dsum[i] += d + m.gs[e]
		if d > 0 {
			dshed[i] += d
		}
		if m.isGen[e] {
			off[i+1]++
		}
	}
	for i := range nisl {
		off[i+1] += off[i]
	}
	pos := m.refNode[:nisl] // scratch: next slot per island
	copy(pos, off[:nisl])
	for e, i := range m.eisl {
		if i >= 0 && m.isGen[e] {
			m.gList[pos[i]] = int32(e)
			pos[i]++
		}
	}
}

// demand returns element e's demand in MW under st: PD × its capacity
// factor × its demand factor.
func (m *Model) demand(st *network.State, e int32) float64 {
	c := m.mem[e]
	return m.pd[e] * st.Factor(c) * st.DemandFactor(c)
}

// serve solves the sector whole under st (computing its topology first
// when topo is set); m.err is set when an island is singular.
func (m *Model) serve(st *network.State, topo bool) {
	m.err = nil
	if topo {
		m.nisl = m.topology(st)
		m.topoOK = true
	}
	nisl := m.nisl
	m.islandSums(st, nisl)
	// Effective limits: a source's capacity factor scales its range.
	for e, g := range m.isGen {
		if g {
			m.limits(st, int32(e))
		}
	}
	clear(m.disp)
	for i := range nisl {
		m.dispatch(int32(i), m.dsum[i], m.dshed[i], m.gList[m.gOff[i]:m.gOff[i+1]])
	}
	m.solve(st, nisl)
	if m.err != nil {
		m.topoOK = false
	}
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

// solve fixes the reference and dead nodes, assembles and solves each
// energised island's DC power flow, and computes branch and coupler flows.
func (m *Model) solve(st *network.State, nisl int) {
	sys := m.sys
	nn := sys.pat.n
	fixed, inj := m.fixed[:nn], m.inj[:nn]
	refNode := m.refNode[:nisl]
	for i := range refNode {
		refNode[i] = -1
	}
	// A type-3 bus with an available generator is its island's reference;
	// otherwise the bus of the island's largest available generator.
	for e := range m.mem {
		if j := m.node[e]; j >= 0 && m.typ[e] == 3 {
			if i := m.isl[j]; refNode[i] < 0 && m.energised[i] && m.genAvailableAt(j, i) {
				refNode[i] = j
			}
		}
	}
	for i := range int32(nisl) {
		if refNode[i] >= 0 || !m.energised[i] {
			continue
		}
		refNode[i] = m.largestGen(m.gList[m.gOff[i]:m.gOff[i+1]])
	}
	for j := range nn {
		fixed[j], inj[j] = true, 0
		if m.alive[j] {
			i := m.isl[j]
			fixed[j] = !m.energised[i] || refNode[i] == int32(j)
		}
	}
	for e := range m.mem {
		j := m.node[e]
		if j < 0 || fixed[j] {
			continue
		}
		i := m.isl[j]
		d := m.demand(st, int32(e))
		if d > 0 {
			d *= m.shed[i]
		}
		inj[j] += (m.disp[e] - d - m.gs[e]) / m.base
	}
	for k, b := range m.bval {
		if b != 0 && m.bh[k] != 0 {
			inj[m.node[m.bf[k]]] += b * m.bh[k]
			inj[m.node[m.bt[k]]] -= b * m.bh[k]
		}
	}
	sys.assemble(m.bval, fixed)
	sys.rhs(inj, m.bval, fixed, m.thFix[:nn])
	clear(m.flowB)
	clear(m.flowC)
	if err := sys.factorise(); err != nil {
		m.err = m.pivotError(err)
		copy(m.theta[:nn], m.thFix[:nn])
		return
	}
	sys.fac.solve(inj)
	copy(m.theta[:nn], inj)
	for k := range m.bval {
		m.flowB[k] = m.branchFlow(int32(k))
	}
	for k := range m.cl {
		m.flowC[k] = m.couplerFlow(st, int32(k))
	}
}

// branchFlow returns branch k's flow in MW from the current angles.
func (m *Model) branchFlow(k int32) float64 {
	b := m.bval[k]
	if b == 0 {
		return 0
	}
	f, t := m.node[m.bf[k]], m.node[m.bt[k]]
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

// genAvailableAt reports whether island i has a generator with positive
// upper limit at node j.
func (m *Model) genAvailableAt(j, i int32) bool {
	for _, g := range m.gList[m.gOff[i]:m.gOff[i+1]] {
		if m.node[g] == j && m.hiE[g] > 0 {
			return true
		}
	}
	return false
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
// island keep their case angle ("va_deg").
func (m *Model) Angle(i int32) (float64, bool) {
	if i < 0 || int(i) >= len(m.elem) || m.elem[i] < 0 {
		return 0, false
	}
	j := m.node[m.elem[i]]
	if j < 0 {
		return 0, false
	}
	return radToDeg(m.theta[j]), true
}

// Dispatch returns the output in MW of source i after the last Serve (0
// for other components and for sources that are down or in a dark island).
func (m *Model) Dispatch(i int32) float64 {
	if i < 0 || int(i) >= len(m.elem) || m.elem[i] < 0 {
		return 0
	}
	return m.disp[m.elem[i]]
}
