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
	live   *live
	tanks  []int32
	tidx   []int32   // per component: its index in tanks, -1 if not a tank
	refill []float64 // m³/s per tank
	store  []float64 // Storage per tank
	dem    []float64 // per component: Demand, read once (the network's column is sparse)
	valid  bool      // the last verdict is kept

	// the last verdict
	served []bool    // per component
	flow   []float64 // per tank: the outflow last reported
	sum    []float64 // per draining tank: the demand its region charges it
	rep    []int32   // per component: the group (a tank index) of the draining region holding it, -1 if none

	// groups: draining tanks whose regions share members, by the tank
	// index that leads them
	region [][]int32 // per tank: the members its last walk reached
	group  [][]int32 // per leading tank: the tanks of its group
	lead   []int32   // per tank: its group's leading tank
	uf     []int32   // per tank: union-find parent while groups form

	// scratch, stamped with ep
	ep           uint32
	gmark, tmark []uint32 // per tank: group dirty, tank to check
	cmark, rmark []uint32 // per component: served candidate, reached this round
	wmark        []uint32 // per component: visited by the current tank walk
	we           uint32
	share, owner []int32 // per component reached this round
	dirty        []int32 // groups to redo
	check        []int32 // tanks whose outflow to recompute
	walks        []int32 // tanks to walk
	cand         []int32 // members whose served status to recompute
	queue        []int32
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
		share: make([]int32, nc), owner: make([]int32, nc)}
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
	k := len(m.tanks)
	m.live = newLive(n, s, isTank)
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
	return st.Functional(tk) && !m.live.on[tk] && m.store[k] > 0 && st.Flags(tk)&network.Depleted == 0
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
		m.live.reset(st)
		for _, i := range m.n.SectorMembers(m.s) {
			m.rep[i] = -1
		}
		for k := range m.tanks {
			m.region[k], m.group[k], m.lead[k] = m.region[k][:0], m.group[k][:0], -1
			m.checkTank(st, int32(k))
		}
	} else {
		m.live.update(st, ch.Components, ch.Links)
		m.touchAll(st, ch.Components, true)
		m.touchAll(st, m.live.flips, true)
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

// touchAll touches every listed member and, with in, the draining
// regions next to it: a member that became functional or unreached may
// extend a region that reaches one of its in-neighbours.
func (m *Model) touchAll(st *network.State, list []int32, in bool) {
	for _, y := range list {
		m.touch(st, y)
		m.candidate(y)
		if !in {
			continue
		}
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

// walkAll walks every listed draining tank, forms the groups of the
// walked tanks and computes their outflows. A walk that enters the region
// of a group not being redone redoes it too, so that every tank reaching
// a walked member is walked.
func (m *Model) walkAll(st *network.State) {
	for h := 0; h < len(m.walks); h++ {
		k := m.walks[h]
		q := m.walk(st, k)
		for _, i := range q {
			if g := m.rep[i]; g >= 0 && m.gmark[g] != m.ep {
				m.gmark[g] = m.ep
				m.redo(st, g)
			}
			if m.rmark[i] != m.ep {
				m.rmark[i], m.share[i], m.owner[i] = m.ep, 0, k
				m.candidate(i)
			} else {
				m.union(m.owner[i], k)
			}
			m.share[i]++
		}
		m.region[k] = append(m.region[k][:0], q...)
	}
	for _, k := range m.walks {
		r := m.find(k)
		m.lead[k] = r
		m.group[r] = append(m.group[r], k)
	}
	for _, k := range m.walks {
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
}

// walk returns the members tank k reaches through working links and
// functional members the non-tank sources do not reach, k first.
func (m *Model) walk(st *network.State, k int32) []int32 {
	m.we++
	if m.we == 0 {
		clear(m.wmark)
		m.we = 1
	}
	on, all := m.live.on, st.AllLinksWork()
	tk := m.tanks[k]
	m.wmark[tk] = m.we
	q := append(m.queue[:0], tk)
	for h := 0; h < len(q); h++ {
		nbrs, links := m.n.Out(q[h])
		for j, x := range nbrs {
			if m.wmark[x] == m.we || on[x] || !st.Functional(x) || (!all && !st.LinkWorking(links[j])) {
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
		s := m.live.on[i] || m.rep[i] >= 0
		if all || s != m.served[i] {
			m.served[i] = s
			out.Served = append(out.Served, flow.Value{I: i, V: b2f(s)})
		}
	}
	for _, k := range m.check {
		q, tk := 0.0, m.tanks[k]
		switch {
		case !st.Functional(tk):
		case m.live.on[tk]:
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

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
