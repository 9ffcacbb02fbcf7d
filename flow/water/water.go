package water

import (
	"errors"
	"fmt"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// DefaultRefill is the refill time of a tank when Options.Refill is 0: one
// day, the same figure as the minimum-storage rule of thumb of
// one average day of demand (row potable_water_storage of the shared
// backup_and_storage_durations.csv).
const DefaultRefill = 24 * sim.Hour

// ErrOptions is wrapped by every error Options.Validate returns.
var ErrOptions = errors.New("water: invalid options")

// Options configure a Model. The zero value is the default.
type Options struct {
	// Refill is how long a connected tank takes to refill from empty to
	// its full Storage, in (0, 1e6 h]; 0 means DefaultRefill. A tank's
	// network.ParamRefillM3s parameter (m³/s, > 0) overrides it.
	Refill sim.Time
}

func (o Options) withDefaults() Options {
	if o.Refill == 0 {
		o.Refill = DefaultRefill
	}
	return o
}

// Validate reports a field out of its documented range, wrapping
// ErrOptions.
func (o Options) Validate() error {
	q := o.withDefaults()
	if !(q.Refill > 0 && q.Refill <= 1e6*sim.Hour) {
		return fmt.Errorf("%w: Refill = %v (want (0, 1e6h])", ErrOptions, o.Refill)
	}
	return nil
}

// Model is the water-supply service model; see the package documentation.
// A Model keeps its verdict and scratch buffers between calls, so it is
// not safe for concurrent use: build one per worker with Factory.
type Model struct {
	n      *network.Network
	s      network.SectorIndex
	live   *flow.Reach // what the non-tank sources reach
	lost   []int32     // the members live lost and gained in the last update
	gained []int32
	tanks  []int32
	tidx   []int32   // per component: its index in tanks, -1 if not a tank
	refill []float64 // m³/s per tank
	store  []float64 // Storage per tank
	dem    []float64 // per component: Demand, read once (the network's column is sparse)
	valid  bool      // the last verdict is kept
	// undirected: every link of the sector is undirected
	undirected bool

	// the last verdict
	served []bool    // per component
	flow   []float64 // per tank: the outflow last reported
	sum    []float64 // per draining tank: the demand its region charges it
	rep    []int32   // per component: the group (a tank index) of the draining region holding it, -1 if none

	// groups: draining tanks whose regions share members, by the tank
	// index that leads them
	region [][]int32 // per tank: the members its last walk reached (none when another tank of its strongly connected component walked)
	group  [][]int32 // per leading tank: the tanks of its group
	lead   []int32   // per tank: its group's leading tank
	uf     []int32   // per tank: union-find parent while groups form

	// scratch, stamped with ep
	ep            uint32
	gmark, tmark  []uint32 // per tank: group dirty, tank to check
	cmark, rmark  []uint32 // per component: served candidate, in W (walkAll)
	wmark         []uint32 // per component: visited by the current tank walk
	we            uint32
	share, owner  []int32 // per component of W: draining tanks reaching it, the first walked
	tin, low, scc []int32 // per component of W: Tarjan's search
	sccTank       []int32 // per strongly connected component of W: its first listed tank, -1 if none
	sccCnt        []int32 // per strongly connected component of W: its listed tanks
	frames        []frame
	stack         []int32
	wset          []int32 // W
	segs          []int32 // offsets in W of the first pass's searches, and its length
	dirty         []int32 // groups to redo
	check         []int32 // tanks whose outflow to recompute
	walks         []int32 // tanks to walk
	cand          []int32 // members whose served status to recompute
	queue         []int32
}

var _ flow.Model = (*Model)(nil)

// New returns a Model for sector s of n. It returns an error wrapping
// ErrOptions when opts is invalid.
func New(n *network.Network, s network.SectorIndex, opts Options) (*Model, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if n == nil || int(s) >= n.NumSectors() {
		return nil, fmt.Errorf("%w: no sector %d", ErrOptions, s)
	}
	opts = opts.withDefaults()
	nc := n.NumComponents()
	m := &Model{n: n, s: s, tidx: fill(nc), dem: make([]float64, nc), served: make([]bool, nc), rep: fill(nc),
		cmark: make([]uint32, nc), rmark: make([]uint32, nc), wmark: make([]uint32, nc),
		share: make([]int32, nc), owner: make([]int32, nc), tin: make([]int32, nc), low: make([]int32, nc), scc: make([]int32, nc)}
	isTank := make([]bool, nc)
	for _, i := range n.SectorMembers(s) {
		m.dem[i] = n.Demand(i)
		if n.ComponentKind(i) != network.KindTank {
			continue
		}
		m.tidx[i] = int32(len(m.tanks))
		m.tanks = append(m.tanks, i)
		isTank[i] = true
		r := n.ComponentParam(i, network.ParamRefillM3s)
		if !(r > 0) {
			r = n.Storage(i) / opts.Refill.Duration().Seconds()
		}
		m.refill = append(m.refill, r)
		m.store = append(m.store, n.Storage(i))
	}
	m.undirected = true
	for l := range n.Links() {
		if n.LinkSector(l) == s && n.Directed(l) {
			m.undirected = false
			break
		}
	}
	k := len(m.tanks)
	var plants []int32
	for _, i := range n.Sources(s) {
		if !isTank[i] {
			plants = append(plants, i)
		}
	}
	m.live = flow.NewReach(n, s, plants)
	m.flow, m.sum, m.region, m.group = make([]float64, k), make([]float64, k), make([][]int32, k), make([][]int32, k)
	m.lead, m.uf, m.gmark, m.tmark = fill(k), make([]int32, k), make([]uint32, k), make([]uint32, k)
	return m, nil
}

// Factory builds a Model with o for sector s of n (a flow.Factory); its
// error wraps ErrOptions when o is invalid.
func (o Options) Factory(n *network.Network, s network.SectorIndex) (flow.Model, error) {
	return New(n, s, o)
}

// Name returns "water-supply".
func (*Model) Name() string { return "water-supply" }

// Tanks returns the tank components in index order; the slice must not be
// modified.
func (m *Model) Tanks() []int32 { return m.tanks }

// Refill returns the refill rate of tank k of Tanks, in m³/s.
func (m *Model) Refill(k int) float64 { return m.refill[k] }

// draining reports whether tank k drains under st: functional, cut off
// from the non-tank sources, with a usable volume not run dry (the engine
// sets network.Depleted).
func (m *Model) draining(st *network.State, k int32) bool {
	tk := m.tanks[k]
	return st.Functional(tk) && !m.live.Served(tk) && m.store[k] > 0 && st.Flags(tk)&network.Depleted == 0
}

// Serve brings the verdict up to date with st and reports the members
// whose service changed and the tanks whose outflow changed (every member
// and tank after Changes.All). It returns an error for a state of another
// network.
func (m *Model) Serve(st *network.State, ch *flow.Changes, out *flow.Output) error {
	if err := flow.CheckState(m.n, st); err != nil {
		return err
	}
	m.nextEpoch()
	m.dirty, m.check, m.walks, m.cand = m.dirty[:0], m.check[:0], m.walks[:0], m.cand[:0]
	all := ch.All || !m.valid
	if all {
		m.live.Reset(st)
		for _, i := range m.n.SectorMembers(m.s) {
			m.rep[i] = -1
		}
		for k := range m.tanks {
			m.region[k], m.group[k], m.lead[k] = m.region[k][:0], m.group[k][:0], -1
			m.checkTank(st, int32(k))
		}
	} else {
		m.lost, m.gained = m.lost[:0], m.gained[:0]
		m.live.Update(st, ch.Components, ch.Links, &m.lost, &m.gained)
		m.touchAll(st, ch.Components)
		m.touchAll(st, m.lost)
		m.touchAll(st, m.gained)
		for _, e := range ch.Links {
			a, b := m.n.Ends(e)
			m.touch(st, a)
			m.touch(st, b)
		}
		for h := 0; h < len(m.dirty); h++ {
			m.redo(st, m.dirty[h])
		}
	}
	m.walkAll(st)
	m.valid = true
	m.report(st, all, out)
	if !all && !ch.NoCut {
		m.cuts(st, out)
	}
	return nil
}

func (m *Model) nextEpoch() {
	m.ep++
	if m.ep == 0 {
		clear(m.gmark)
		clear(m.tmark)
		clear(m.cmark)
		clear(m.rmark)
		m.ep = 1
	}
}

// touchAll touches every listed member and the draining regions next to
// it: a member that became functional or unreached may extend a region
// that reaches one of its in-neighbours.
func (m *Model) touchAll(st *network.State, list []int32) {
	for _, y := range list {
		m.touch(st, y)
		m.candidate(y)
		nb, _ := m.n.In(y)
		for _, u := range nb {
			if g := m.rep[u]; g >= 0 {
				m.markGroup(g)
			}
		}
	}
}

// touch marks the group of y's draining region dirty and, if y is a tank,
// its outflow to recompute.
func (m *Model) touch(st *network.State, y int32) {
	if g := m.rep[y]; g >= 0 {
		m.markGroup(g)
	}
	if k := m.tidx[y]; k >= 0 {
		m.checkTank(st, k)
	}
}

func (m *Model) markGroup(g int32) {
	if m.gmark[g] != m.ep {
		m.gmark[g] = m.ep
		m.dirty = append(m.dirty, g)
	}
}

// checkTank lists tank k for an outflow recompute and, when it drains,
// for a walk.
func (m *Model) checkTank(st *network.State, k int32) {
	if m.tmark[k] == m.ep {
		return
	}
	m.tmark[k] = m.ep
	m.check = append(m.check, k)
	if m.draining(st, k) {
		m.uf[k] = k
		m.walks = append(m.walks, k)
	}
}

func (m *Model) candidate(i int32) {
	if m.cmark[i] != m.ep {
		m.cmark[i] = m.ep
		m.cand = append(m.cand, i)
	}
}

// redo dissolves group g: its members leave their regions (candidates for
// a served change) and its tanks are checked, the draining ones walked
// again.
func (m *Model) redo(st *network.State, g int32) {
	for _, k := range m.group[g] {
		for _, i := range m.region[k] {
			if m.rep[i] == g {
				m.rep[i] = -1
				m.candidate(i)
			}
		}
		m.region[k] = m.region[k][:0]
		m.lead[k] = -1
		m.checkTank(st, k)
	}
	m.group[g] = m.group[g][:0]
}

// walkAll walks the listed draining tanks, forms the groups of the
// walked tanks and computes their outflows, in up to three passes:
//
//  1. one search per tank not yet reached gathers W, every member they
//     reach; a search that enters the region of a group not being redone
//     redoes it too (its draining tanks join the list), so that every tank
//     reaching a member of W is walked;
//  2. when the sector has directed links, Tarjan's algorithm splits W into
//     strongly connected components: tanks in one of them reach the same
//     members. With undirected links only, each search of the first pass
//     is one such component already (a connected piece of W, closed);
//  3. with directed links, one walk per component holding tanks gives
//     those tanks' common region; each member's share is the number of
//     draining tanks that reach it; then the outflows.
//
// Cost: O(W + its links) with undirected links; with directed links twice
// that plus the sum of the regions of the components holding tanks.
func (m *Model) walkAll(st *network.State) {
	live, all := m.live, st.AllLinksWork()
	w := m.wset[:0]
	m.sccTank, m.sccCnt, m.segs = m.sccTank[:0], m.sccCnt[:0], m.segs[:0]
	for h := 0; h < len(m.walks); h++ {
		tk := m.tanks[m.walks[h]]
		if m.rmark[tk] == m.ep {
			continue
		}
		h0 := len(w)
		seg := int32(len(m.segs))
		m.segs = append(m.segs, int32(h0))
		w = append(w, tk)
		m.enter(st, tk, seg)
		for ; h0 < len(w); h0++ {
			nbrs, links := m.n.Out(w[h0])
			for j, x := range nbrs {
				if m.rmark[x] == m.ep || live.Served(x) || !st.Functional(x) || (!all && !st.LinkWorking(links[j])) {
					continue
				}
				w = append(w, x)
				m.enter(st, x, seg)
			}
		}
	}
	m.wset = w
	if len(w) == 0 {
		return
	}
	m.segs = append(m.segs, int32(len(w)))
	if m.undirected {
		m.sccTank, m.sccCnt = grow(m.sccTank, len(m.segs)-1, -1), grow(m.sccCnt, len(m.segs)-1, 0)
	} else {
		m.tarjan(st, w)
	}
	// Each component holding tanks is walked from its first listed tank.
	for _, k := range m.walks {
		c := m.scc[m.tanks[k]]
		if m.sccTank[c] < 0 {
			m.sccTank[c] = k
		}
		m.sccCnt[c]++
	}
	for _, k := range m.walks {
		c := m.scc[m.tanks[k]]
		if r := m.sccTank[c]; r != k {
			m.region[k] = m.region[k][:0]
			m.union(r, k)
			continue
		}
		var q []int32
		if m.undirected {
			q = w[m.segs[c]:m.segs[c+1]]
		} else {
			q = m.walk(st, k)
		}
		cnt := m.sccCnt[c]
		for _, i := range q {
			if m.owner[i] < 0 {
				m.owner[i] = k
			} else {
				m.union(m.owner[i], k)
			}
			m.share[i] += cnt
		}
		m.region[k] = append(m.region[k][:0], q...)
	}
	for _, k := range m.walks {
		r := m.find(k)
		m.lead[k] = r
		m.group[r] = append(m.group[r], k)
	}
	for _, k := range m.walks {
		if m.sccTank[m.scc[m.tanks[k]]] != k {
			continue
		}
		g := m.lead[k]
		sum := 0.0
		for _, i := range m.region[k] {
			m.rep[i] = g
			if d := m.dem[i]; d > 0 {
				sum += d * st.Factor(i) * st.DemandFactor(i) / float64(m.share[i])
			}
		}
		m.sum[k] = sum
	}
	for _, k := range m.walks {
		m.sum[k] = m.sum[m.sccTank[m.scc[m.tanks[k]]]]
	}
}

// grow returns a with length k, every entry v.
func grow(a []int32, k int, v int32) []int32 {
	a = a[:0]
	for range k {
		a = append(a, v)
	}
	return a
}

// enter adds member i to W: a candidate for a served change, no share
// yet, not visited by Tarjan's search. A member of a group not being
// redone redoes that group.
func (m *Model) enter(st *network.State, i, seg int32) {
	if g := m.rep[i]; g >= 0 && m.gmark[g] != m.ep {
		m.gmark[g] = m.ep
		m.redo(st, g)
	}
	m.rmark[i], m.share[i], m.owner[i], m.tin[i], m.scc[i] = m.ep, 0, -1, 0, seg
	m.candidate(i)
}

// tarjan numbers the strongly connected components of W (the members
// stamped rmark, joined by working links) in m.scc, with an explicit
// stack, and resets the per-component scratch.
func (m *Model) tarjan(st *network.State, w []int32) {
	all := st.AllLinksWork()
	var clock int32
	for _, root := range w {
		if m.tin[root] != 0 {
			continue
		}
		clock++
		m.tin[root], m.low[root], m.scc[root] = clock, clock, -1
		m.stack = append(m.stack[:0], root)
		m.frames = append(m.frames[:0], frame{root, 0})
		for len(m.frames) > 0 {
			f := &m.frames[len(m.frames)-1]
			v := f.v
			nbrs, links := m.n.Out(v)
			if f.pos < len(nbrs) {
				x, l := nbrs[f.pos], links[f.pos]
				f.pos++
				if m.rmark[x] != m.ep || (!all && !st.LinkWorking(l)) {
					continue
				}
				switch {
				case m.tin[x] == 0:
					clock++
					m.tin[x], m.low[x], m.scc[x] = clock, clock, -1
					m.stack = append(m.stack, x)
					m.frames = append(m.frames, frame{x, 0})
				case m.scc[x] < 0:
					m.low[v] = min(m.low[v], m.tin[x])
				}
				continue
			}
			m.frames = m.frames[:len(m.frames)-1]
			if k := len(m.frames); k > 0 {
				p := m.frames[k-1].v
				m.low[p] = min(m.low[p], m.low[v])
			}
			if m.low[v] != m.tin[v] {
				continue
			}
			c := int32(len(m.sccTank))
			m.sccTank, m.sccCnt = append(m.sccTank, -1), append(m.sccCnt, 0)
			for {
				x := m.stack[len(m.stack)-1]
				m.stack = m.stack[:len(m.stack)-1]
				m.scc[x] = c
				if x == v {
					break
				}
			}
		}
	}
}

// frame is a step of Tarjan's search: member v, its next out-link.
type frame struct {
	v   int32
	pos int
}

// walk returns the members tank k reaches through working links and
// functional members the non-tank sources do not reach, k first.
func (m *Model) walk(st *network.State, k int32) []int32 {
	m.we++
	if m.we == 0 {
		clear(m.wmark)
		m.we = 1
	}
	live, all := m.live, st.AllLinksWork()
	tk := m.tanks[k]
	m.wmark[tk] = m.we
	q := append(m.queue[:0], tk)
	for h := 0; h < len(q); h++ {
		nbrs, links := m.n.Out(q[h])
		for j, x := range nbrs {
			if m.wmark[x] == m.we || live.Served(x) || !st.Functional(x) || (!all && !st.LinkWorking(links[j])) {
				continue
			}
			m.wmark[x] = m.we
			q = append(q, x)
		}
	}
	m.queue = q
	return q
}

func (m *Model) find(k int32) int32 {
	for m.uf[k] != k {
		m.uf[k] = m.uf[m.uf[k]]
		k = m.uf[k]
	}
	return k
}

// union joins the groups of tanks a and b, led by the lower index.
func (m *Model) union(a, b int32) {
	a, b = m.find(a), m.find(b)
	if a > b {
		a, b = b, a
	}
	m.uf[b] = a
}

// report lists the candidates whose service changed and the checked tanks
// whose outflow changed; with all, every member and every tank.
func (m *Model) report(st *network.State, all bool, out *flow.Output) {
	if all {
		m.cand = append(m.cand[:0], m.n.SectorMembers(m.s)...)
	}
	for _, i := range m.cand {
		s := m.live.Served(i) || m.rep[i] >= 0
		if all || s != m.served[i] {
			m.served[i] = s
			out.Served = append(out.Served, flow.Value{I: i, V: b2f(s)})
		}
	}
	for _, k := range m.check {
		q, tk := 0.0, m.tanks[k]
		switch {
		case !st.Functional(tk):
		case m.live.Served(tk):
			q = -m.refill[k]
		case m.lead[k] >= 0:
			q = m.sum[k]
		}
		if all || q != m.flow[k] {
			m.flow[k] = q
			out.StockFlow = append(out.StockFlow, flow.Value{I: tk, V: q})
		}
	}
}

// cuts names the cut of every functional member the report takes out of
// service that lost its supply from the non-tank sources at this call:
// flow.Reach.Cut, the failed elements next to the region it was left in
// that the non-tank sources reached just before without passing through
// that region. A member served before by a draining tank alone gets no
// cut (the engine cites the sector's cause).
func (m *Model) cuts(st *network.State, out *flow.Output) {
	for _, v := range out.Served {
		if v.V != 0 || !st.Functional(v.I) {
			continue
		}
		start := len(out.CutElements)
		out.CutElements = m.live.Cut(v.I, out.CutElements)
		if end := len(out.CutElements); end > start {
			out.Cut = append(out.Cut, flow.Cut{I: v.I, Start: int32(start), End: int32(end)})
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func fill(k int) []int32 {
	a := make([]int32, k)
	for i := range a {
		a[i] = -1
	}
	return a
}
