package roads

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// DefaultThreshold is the access threshold when Options.Threshold is 0:
// a zone reaches a facility while its travel time is at most twice the
// normal one.
const DefaultThreshold = 2.0

// ErrOptions is wrapped by every error Options.Validate and New return.
var ErrOptions = errors.New("roads: invalid options")

// Options configure a Model. The zero value is the default.
type Options struct {
	// Threshold is the multiple of a zone's normal travel time to a
	// facility within which it still reaches the facility, in [1, 1e6];
	// 0 means DefaultThreshold (2).
	Threshold float64
	// Kinds are the kinds of critical facility road service Q counts
	// ("share of population whose zone reaches at least one hospital");
	// nil means [network.KindHospital]. Access is tracked for every
	// critical facility with an Access road node, whatever its kind.
	Kinds []network.Kind
	// Centroids names, per zone, the road component that represents it
	// (zone name → component ID); zones not listed get the default
	// representative (package documentation).
	Centroids map[string]string
}

func (o Options) withDefaults() Options {
	if o.Threshold == 0 {
		o.Threshold = DefaultThreshold
	}
	if o.Kinds == nil {
		o.Kinds = []network.Kind{network.KindHospital}
	}
	return o
}

// Validate reports a field out of its documented range, wrapping
// ErrOptions. Centroids are checked against the network by New.
func (o Options) Validate() error {
	q := o.withDefaults()
	if !(q.Threshold >= 1 && q.Threshold <= 1e6) {
		return fmt.Errorf("%w: Threshold = %v (want [1, 1e6])", ErrOptions, o.Threshold)
	}
	return nil
}

// Model is the road service model: travel times, and access from zones
// to critical facilities. See the package documentation. It is not safe
// for concurrent use: build one per worker with Factory.
type Model struct {
	n         *network.Network
	s         network.SectorIndex
	r         *Router
	near      *forest // towards the nearest counted facility
	threshold float64

	facilities []int32 // critical components with an Access node in the sector
	access     []int32 // their access nodes
	counted    []bool  // facility of a counted kind

	zones   []int32 // judged zones
	rep     []int32 // their representatives
	pop     []int64 // their populations
	nearest []int64 // per judged zone: intact time to the nearest counted facility, −1 none
	lim     []int64 // per judged zone: the largest time within the threshold, −1 none
	zoneOK  []bool  // per judged zone: reaches care
	repHead []int32 // per component: the first judged zone it represents, −1 none
	repNext []int32 // per judged zone: the next zone of the same representative
	reached int64
	total   int64
	served  bool   // a Serve has set up the state
	loads   uint64 // the Router's Load count after it
	version uint64
	arcs    []arcChange
	last    []float64 // per component: the served fraction last reported
	flipped []int32   // representatives of zones re-judged by update

	// Per facility, on demand: intact times per judged zone (nil until
	// asked), the largest time within the threshold, and Access's figure
	// with the version it was computed at.
	normal     [][]int64
	limit      []int64
	facReached []int64
	facVersion []uint64
}

var (
	_ flow.Model          = (*Model)(nil)
	_ flow.AccessReporter = (*Model)(nil)
)

// New returns a road Model for sector s of n: it picks the zone
// representatives and computes every zone's travel time to its nearest
// counted facility on the intact network (one multi-source tree). It
// returns an error wrapping ErrOptions when opts is invalid or a centroid
// is not a member of s.
func New(n *network.Network, s network.SectorIndex, opts Options) (*Model, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	if n == nil || int(s) >= n.NumSectors() {
		return nil, fmt.Errorf("%w: no sector %d", ErrOptions, s)
	}
	m := &Model{n: n, s: s, r: NewRouter(n, s), threshold: opts.Threshold, repHead: make([]int32, n.NumComponents()),
		last: make([]float64, n.NumComponents())}
	var roots []int32
	for i := range n.Components() {
		a := n.Access(i)
		if n.Critical(i) && a >= 0 && n.ComponentSector(a) == s && n.ComponentSector(i) != s {
			m.facilities = append(m.facilities, i)
			m.access = append(m.access, a)
			c := slices.Contains(opts.Kinds, n.ComponentKind(i))
			m.counted = append(m.counted, c)
			if c {
				roots = append(roots, a)
			}
		}
	}
	reps, err := representatives(n, s, opts.Centroids)
	if err != nil {
		return nil, err
	}
	for i := range m.repHead {
		m.repHead[i] = -1
	}
	pops := zonePopulations(n)
	for z, r := range reps {
		if r >= 0 {
			m.repNext = append(m.repNext, m.repHead[r])
			m.repHead[r] = int32(len(m.zones))
			m.zones = append(m.zones, int32(z))
			m.rep = append(m.rep, r)
			m.pop = append(m.pop, pops[z])
			m.total += pops[z]
		}
	}
	nz, nf := len(m.zones), len(m.facilities)
	m.nearest, m.lim, m.zoneOK = make([]int64, nz), make([]int64, nz), make([]bool, nz)
	m.normal, m.limit = make([][]int64, nf), make([]int64, nf)
	m.facReached, m.facVersion = make([]int64, nf), make([]uint64, nf)
	m.near = newForest(m.r, roots)
	m.r.Load(network.NewState(n))
	m.near.build()
	for z, r := range m.rep {
		m.nearest[z], m.lim[z] = -1, -1
		if d := m.near.dist[r]; d != unreached {
			m.nearest[z], m.lim[z] = d, within(d, m.threshold)
		}
	}
	return m, nil
}

// within returns the largest travel time within threshold × normal.
func within(normal int64, threshold float64) int64 {
	x := math.Floor(float64(normal) * threshold)
	if x >= maxLinkTime {
		return maxLinkTime
	}
	return int64(x)
}

// Factory builds a Model with o for sector s of n (a flow.Factory); its
// error wraps ErrOptions as New's does.
func (o Options) Factory(n *network.Network, s network.SectorIndex) (flow.Model, error) {
	return New(n, s, o)
}

// representatives returns, per zone, its representative member of sector
// s, or −1 when the zone has none.
func representatives(n *network.Network, s network.SectorIndex, centroids map[string]string) ([]int32, error) {
	nz := n.NumZones()
	reps := make([]int32, nz)
	for z := range reps {
		reps[z] = -1
	}
	// Population-weighted centroid of each zone's located components.
	sx, sy, sw := make([]float64, nz), make([]float64, nz), make([]float64, nz)
	ux, uy, uw := make([]float64, nz), make([]float64, nz), make([]float64, nz)
	for i := range n.Components() {
		z := n.Zone(i)
		p, ok := n.Location(i)
		if z < 0 || !ok {
			continue
		}
		w := float64(n.Population(i))
		sx[z], sy[z], sw[z] = sx[z]+w*p.X, sy[z]+w*p.Y, sw[z]+w
		ux[z], uy[z], uw[z] = ux[z]+p.X, uy[z]+p.Y, uw[z]+1
	}
	best := make([]float64, nz)
	for _, i := range n.SectorMembers(s) {
		z := n.Zone(i)
		if z < 0 {
			continue
		}
		p, ok := n.Location(i)
		var d float64
		switch {
		case !ok || uw[z] == 0:
			d = math.Inf(1)
		case sw[z] > 0:
			d = n.CRS().Distance(p, network.Point{X: sx[z] / sw[z], Y: sy[z] / sw[z]})
		default:
			d = n.CRS().Distance(p, network.Point{X: ux[z] / uw[z], Y: uy[z] / uw[z]})
		}
		if reps[z] < 0 || d < best[z] {
			reps[z], best[z] = i, d
		}
	}
	names := zoneNames(n)
	for _, z := range slices.Sorted(maps.Keys(centroids)) {
		id := centroids[z]
		zi := slices.Index(names, z)
		i, ok := n.ComponentIndex(id)
		if zi < 0 || !ok || n.ComponentSector(i) != s {
			return nil, fmt.Errorf("%w: centroid %q of zone %q is not a road component of a known zone", ErrOptions, id, z)
		}
		reps[zi] = i
	}
	return reps, nil
}

func zoneNames(n *network.Network) []string {
	names := make([]string, n.NumZones())
	for z := range names {
		names[z] = n.ZoneName(int32(z))
	}
	return names
}

// zonePopulations returns each zone's population: the largest total any
// one sector assigns to the zone's components (the sectors serve the same
// people, so their totals are not added).
func zonePopulations(n *network.Network) []int64 {
	nz, ns := n.NumZones(), n.NumSectors()
	per := make([]int64, nz*ns)
	for i := range n.Components() {
		if z := n.Zone(i); z >= 0 {
			per[int(z)*ns+int(n.ComponentSector(i))] += n.Population(i)
		}
	}
	pop := make([]int64, nz)
	for z := range pop {
		pop[z] = slices.Max(per[z*ns : (z+1)*ns])
	}
	return pop
}

// Name returns "road-access".
func (*Model) Name() string { return "road-access" }

// Unbound marks the model as flow.Unbound: a zone is judged by its travel
// time to care, not by a path to the sector's sources.
func (*Model) Unbound() {}

// Router returns the model's router, loaded with the state of the last
// Serve (the intact network before the first). Queries on it invalidate
// nothing the model reports; after a Load by the caller, the model's
// next Serve evaluates from scratch.
func (m *Model) Router() *Router { return m.r }

// Threshold returns the access threshold in use.
func (m *Model) Threshold() float64 { return m.threshold }

// Serve judges st. After Changes.All (and after a Load of the Router by
// its user) it evaluates st from scratch (Router.Load and one multi-source
// tree); otherwise it takes the listed members and links, refreshes their
// arcs and updates the nearest-facility forest where they lie on it or can
// shorten it (package documentation). It reports the served fractions
// that changed: 1 for functional members, except that a zone
// representative is served only while its zone reaches care; for a
// functional representative that lost access, the failed road elements on
// its former route to its nearest facility (Output.Cut, unless
// Changes.NoCut). It returns an error for a state of another network.
func (m *Model) Serve(st *network.State, ch *flow.Changes, out *flow.Output) error {
	if err := flow.CheckState(m.n, st); err != nil {
		return err
	}
	if ch.All || !m.served || m.r.loads != m.loads {
		m.scratch(st) // first call, reset, or the Router was loaded by its user
		for _, i := range m.n.SectorMembers(m.s) {
			m.last[i] = m.servedOf(st, i)
			out.Served = append(out.Served, flow.Value{I: i, V: m.last[i]})
		}
		return nil
	}
	m.flipped = m.flipped[:0]
	m.update(st, ch.Components, ch.Links)
	for _, list := range [2][]int32{ch.Components, m.flipped} {
		for _, i := range list {
			if m.n.ComponentSector(i) != m.s {
				continue // another sector's: not this model's to judge
			}
			if v := m.servedOf(st, i); v != m.last[i] {
				m.last[i] = v
				out.Served = append(out.Served, flow.Value{I: i, V: v})
				if v == 0 && !ch.NoCut && st.Functional(i) {
					start := int32(len(out.CutElements))
					out.CutElements = m.near.cut(st, i, out.CutElements)
					if end := int32(len(out.CutElements)); end > start {
						out.Cut = append(out.Cut, flow.Cut{I: i, Start: start, End: end})
					}
				}
			}
		}
	}
	return nil
}

// servedOf returns member i's served fraction on the current forest.
func (m *Model) servedOf(st *network.State, i int32) float64 {
	if !st.Functional(i) {
		return 0
	}
	if m.repHead[i] < 0 {
		return 1
	}
	for z := m.repHead[i]; z >= 0; z = m.repNext[z] {
		if m.zoneOK[z] {
			return 1
		}
	}
	return 0
}

// scratch evaluates st from scratch: travel times, the forest, and every
// zone.
func (m *Model) scratch(st *network.State) {
	m.r.Load(st)
	m.loads = m.r.loads
	m.near.build()
	m.reached = 0
	for z := range m.zones {
		m.zoneOK[z] = m.reaches(z)
		if m.zoneOK[z] {
			m.reached += m.pop[z]
		}
	}
	m.served = true
	m.version++
}

// update takes the new state of the components comps and links links
// (entries that did not change are allowed) from st: it refreshes their
// arcs' times, updates the forest, and judges again the zones whose
// representative's time may have moved. Cost: O(Σ degree of comps +
// len(links)) plus the forest's update; nothing when no arc time moved.
func (m *Model) update(st *network.State, comps, links []int32) {
	m.arcs = m.r.update(st.View(), comps, links, m.arcs[:0])
	if len(m.arcs) == 0 && len(comps) == 0 {
		return
	}
	m.version++
	m.near.update(m.arcs, comps)
	for _, moved := range [][]int32{m.near.moved, comps} {
		for _, i := range moved {
			for z := m.repHead[i]; z >= 0; z = m.repNext[z] {
				if ok := m.reaches(int(z)); ok != m.zoneOK[z] {
					m.zoneOK[z] = ok
					m.flipped = append(m.flipped, i)
					if ok {
						m.reached += m.pop[z]
					} else {
						m.reached -= m.pop[z]
					}
				}
			}
		}
	}
}

// reaches reports whether judged zone z reaches care on the forest: its
// representative is open and its nearest counted facility within the
// threshold of the intact nearest time.
func (m *Model) reaches(z int) bool {
	r := m.rep[z]
	return m.r.open(r) && m.lim[z] >= 0 && m.near.dist[r] <= m.lim[z]
}

// Service returns the population of judged zones that reach care (their
// nearest counted facility within the threshold), and the population of
// all judged zones, after the last Serve.
func (m *Model) Service() (reached, total int64) { return m.reached, m.total }

// Q returns road service: Service's reached ÷ total, 1 when total is 0.
func (m *Model) Q() float64 {
	if m.total == 0 {
		return 1
	}
	return float64(m.reached) / float64(m.total)
}

// Facilities returns the tracked critical facilities in index order.
func (m *Model) Facilities() []int32 { return m.facilities }

// Access returns the population whose zone reaches facility k within the
// threshold of its own intact time to k, after the last Serve, and the
// population of all judged zones. It is computed on demand: one reverse
// tree from k's access node, stopped at the largest time within the
// threshold of some zone (plus, on the first call for k, one tree on the
// intact network); the figure is kept until a Serve changes a travel
// time. Before the first Serve it describes the intact network.
func (m *Model) Access(k int) (reached, total int64) {
	if m.facVersion[k] == m.version && m.normal[k] != nil {
		return m.facReached[k], m.total
	}
	normal := m.normalTimes(k)
	t := m.r.TreeToWithin(m.access[k], sim.Time(m.limit[k]))
	var fr int64
	for z, r := range m.rep {
		// A closed representative reaches nothing, even when it is the
		// facility's access node (the tree's root, at time 0).
		if d := t.Time(r); m.r.open(r) && d != Unreachable && normal[z] >= 0 && int64(d) <= within(normal[z], m.threshold) {
			fr += m.pop[z]
		}
	}
	m.facReached[k], m.facVersion[k] = fr, m.version
	return fr, m.total
}

// normalTimes returns the judged zones' intact travel times to facility
// k (−1: unreachable), computing them on first use.
func (m *Model) normalTimes(k int) []int64 {
	if m.normal[k] != nil {
		return m.normal[k]
	}
	t := m.r.intactTreeTo(m.access[k])
	nt := make([]int64, len(m.zones))
	m.limit[k] = -1
	for z, r := range m.rep {
		nt[z] = -1
		if d := t.Time(r); d != Unreachable {
			nt[z] = int64(d)
			m.limit[k] = max(m.limit[k], within(int64(d), m.threshold))
		}
	}
	m.normal[k] = nt
	return nt
}

// Zones returns the judged zones (zone indices) in order, and their
// representatives.
func (m *Model) Zones() (zones, representatives []int32) { return m.zones, m.rep }

// Nearest returns judged zone z's (an index into Zones) travel time to
// its nearest counted facility after the last Serve and on the intact
// network; Unreachable where none is reached.
func (m *Model) Nearest(z int) (now, normal sim.Time) {
	now, normal = Unreachable, Unreachable
	if r := m.rep[z]; m.r.open(r) && m.near.dist[r] != unreached {
		now = sim.Time(m.near.dist[r])
	}
	if m.nearest[z] >= 0 {
		normal = sim.Time(m.nearest[z])
	}
	return now, normal
}

// NormalTime returns judged zone z's travel time to facility k on the
// intact network, or Unreachable.
func (m *Model) NormalTime(z, k int) sim.Time {
	if d := m.normalTimes(k)[z]; d >= 0 {
		return sim.Time(d)
	}
	return Unreachable
}
