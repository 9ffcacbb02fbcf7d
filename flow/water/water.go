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
// A Model keeps scratch buffers, so it is not safe for concurrent use:
// build one per worker with Factory.
type Model struct {
	n      *network.Network
	s      network.SectorIndex
	diff   *flow.Differ
	tanks  []int32
	isTank []bool    // per component
	refill []float64 // m³/s per tank

	live  []uint32 // epoch: reached from a non-tank source
	mark  []uint32 // epoch of the current tank walk
	share []int32  // draining tanks reaching a member
	liveE uint32
	markE uint32
	queue []int32
	drain []int32   // tanks draining this Serve
	hit   []int32   // members with share > 0
	dem   []float64 // per component: Demand, read once (the network's column is sparse)
	reach []int32   // drainTanks: what each draining tank reaches, in turn
	rOff  []int     // drainTanks: offsets into reach, per draining tank
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
	m := &Model{n: n, s: s, diff: flow.NewDiffer(n, s),
		isTank: make([]bool, nc), live: make([]uint32, nc), mark: make([]uint32, nc), share: make([]int32, nc),
		queue: make([]int32, 0, 64),
	}
	m.dem = make([]float64, nc)
	for _, i := range n.SectorMembers(s) {
		m.dem[i] = n.Demand(i)
		if n.ComponentKind(i) != network.KindTank {
			continue
		}
		m.tanks = append(m.tanks, i)
		m.isTank[i] = true
		r := n.ComponentParam(i, network.ParamRefillM3s)
		if !(r > 0) {
			r = n.Storage(i) / opts.Refill.Duration().Seconds()
		}
		m.refill = append(m.refill, r)
	}
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

// holds reports whether tank i has water to give: a usable volume, and
// not run dry (the engine sets network.Depleted).
func holds(n *network.Network, st *network.State, i int32) bool {
	return n.Storage(i) > 0 && st.Flags(i)&network.Depleted == 0
}

func nextEpoch(e *uint32, marks []uint32) uint32 {
	*e++
	if *e == 0 {
		clear(marks)
		*e = 1
	}
	return *e
}

// Serve computes the water service of the sector under st, with every
// tank's net outflow, and reports what changed since the last report
// through a flow.Differ (every member and tank after Changes.All). It
// returns an error for a state of another network.
func (m *Model) Serve(st *network.State, ch *flow.Changes, out *flow.Output) error {
	if err := flow.CheckState(m.n, st); err != nil {
		return err
	}
	m.verdict(st, m.diff.Next())
	m.diff.Report(ch.All, out)
	return nil
}

// verdict writes the whole verdict under st into out (cleared).
func (m *Model) verdict(st *network.State, out *flow.Verdict) {
	n, s := m.n, m.s
	flags := st.RawFlags()
	// Water from the non-tank sources.
	live := nextEpoch(&m.liveE, m.live)
	q := m.queue[:0]
	for _, src := range n.Sources(s) {
		if flags[src]&network.DownFlags == 0 && !m.isTank[src] && m.live[src] != live {
			m.live[src] = live
			q = append(q, src)
		}
	}
	q = m.walk(n, st, q, m.live, live, 0)
	for _, i := range q {
		out.Served[i] = 1
	}
	// Tanks: connected ones refill, cut-off ones with water drain.
	m.drain = m.drain[:0]
	for k, tk := range m.tanks {
		out.Store(tk, 0)
		switch {
		case flags[tk]&network.DownFlags != 0:
		case m.live[tk] == live:
			out.StockFlow[tk] = -m.refill[k]
		case holds(n, st, tk):
			m.drain = append(m.drain, int32(k))
		}
	}
	if len(m.drain) > 0 {
		q = m.drainTanks(n, st, out, q)
	}
	m.queue = q[:0]
}

// drainTanks serves what the draining tanks reach and charges each tank
// its share of the demand.
func (m *Model) drainTanks(n *network.Network, st *network.State, out *flow.Verdict, q []int32) []int32 {
	m.hit, m.reach, m.rOff = m.hit[:0], m.reach[:0], append(m.rOff[:0], 0)
	for _, k := range m.drain {
		q = m.tankWalk(n, st, q, m.tanks[k])
		for _, i := range q {
			if m.share[i] == 0 {
				m.hit = append(m.hit, i)
			}
			m.share[i]++
			out.Served[i] = 1
		}
		m.reach = append(m.reach, q...)
		m.rOff = append(m.rOff, len(m.reach))
	}
	for j, k := range m.drain {
		sum := 0.0
		for _, i := range m.reach[m.rOff[j]:m.rOff[j+1]] {
			if d := m.dem[i]; d > 0 {
				sum += d * st.Factor(i) * st.DemandFactor(i) / float64(m.share[i])
			}
		}
		out.StockFlow[m.tanks[k]] = sum
	}
	for _, i := range m.hit {
		m.share[i] = 0
	}
	return q
}

// tankWalk returns the members tank tk reaches without passing through
// members the sources reach, tk first.
func (m *Model) tankWalk(n *network.Network, st *network.State, q []int32, tk int32) []int32 {
	e := nextEpoch(&m.markE, m.mark)
	m.mark[tk] = e
	return m.walk(n, st, append(q[:0], tk), m.mark, e, m.liveE)
}

// walk extends the breadth-first queue q (whose entries are marked e in
// marks) over working links, in their direction, to functional members,
// skipping members reached from the sources (live epoch skip, when
// non-zero), and returns the visited queue.
func (m *Model) walk(n *network.Network, st *network.State, q []int32, marks []uint32, e, skip uint32) []int32 {
	flags := st.RawFlags()
	all := st.AllLinksWork()
	for h := 0; h < len(q); h++ {
		nbrs, links := n.Out(q[h])
		for k, j := range nbrs {
			if marks[j] == e || flags[j]&network.DownFlags != 0 || (skip != 0 && m.live[j] == skip) {
				continue
			}
			if !all && !st.LinkWorking(links[k]) {
				continue
			}
			marks[j] = e
			q = append(q, j)
		}
	}
	return q
}
