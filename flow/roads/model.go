package roads

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
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
	r         *Router
	threshold float64

	facilities []int32 // critical components with an Access node in the sector
	access     []int32 // their access nodes
	counted    []bool  // facility of a counted kind

	zones  []int32 // judged zones
	rep    []int32 // their representatives
	pop    []int64 // their populations
	normal []int64 // [facility*len(zones) + zone]: normal time, -1 none
	limit  []int64 // per facility: largest time still within threshold
	isRep  []bool  // per component

	reach      []bool // [facility*len(zones) + zone] after the last Serve
	zoneOK     []bool
	reached    int64
	total      int64
	facReached []int64
}

var (
	_ flow.Model          = (*Model)(nil)
	_ flow.AccessReporter = (*Model)(nil)
)

// New returns a road Model for sector s of n: it picks the zone
// representatives and computes the normal travel times from every zone
// to every tracked facility on the intact network (one reverse tree per
// facility). It returns an error wrapping ErrOptions when opts is invalid
// or a centroid is not a member of s.
func New(n *network.Network, s network.SectorIndex, opts Options) (*Model, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	m := &Model{r: NewRouter(n, s), threshold: opts.Threshold, isRep: make([]bool, n.NumComponents())}
	for i := range n.Components() {
		a := n.Access(i)
		if n.Critical(i) && a >= 0 && n.ComponentSector(a) == s && n.ComponentSector(i) != s {
			m.facilities = append(m.facilities, i)
			m.access = append(m.access, a)
			m.counted = append(m.counted, slices.Contains(opts.Kinds, n.ComponentKind(i)))
		}
	}
	reps, err := representatives(n, s, opts.Centroids)
	if err != nil {
		return nil, err
	}
	pops := zonePopulations(n)
	for z, r := range reps {
		if r >= 0 {
			m.zones = append(m.zones, int32(z))
			m.rep = append(m.rep, r)
			m.pop = append(m.pop, pops[z])
			m.isRep[r] = true
			m.total += pops[z]
		}
	}
	nz, nf := len(m.zones), len(m.facilities)
	m.normal, m.limit = make([]int64, nz*nf), make([]int64, nf)
	m.reach, m.zoneOK, m.facReached = make([]bool, nz*nf), make([]bool, nz), make([]int64, nf)
	m.r.Load(network.NewState(n))
	for f, a := range m.access {
		t := m.r.TreeTo(a)
		m.limit[f] = -1
		for z, r := range m.rep {
			d := t.Time(r)
			if d == Unreachable {
				m.normal[f*nz+z] = -1
				continue
			}
			m.normal[f*nz+z] = int64(d)
			m.limit[f] = max(m.limit[f], within(int64(d), m.threshold))
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

// Factory returns a flow.Factory building Models with opts; its error
// wraps ErrOptions as New's does.
func Factory(opts Options) flow.Factory {
	return func(n *network.Network, s network.SectorIndex) (flow.Model, error) { return New(n, s, opts) }
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

// Router returns the model's router, loaded with the state of the last
// Serve (the intact network before the first). Queries on it invalidate
// nothing the model reports.
func (m *Model) Router() *Router { return m.r }

// Threshold returns the access threshold in use.
func (m *Model) Threshold() float64 { return m.threshold }

// Serve loads the travel times of st, grows one reverse tree per tracked
// facility (stopped at the largest time within the threshold), judges
// every zone, and writes Served: 1 for functional members, except that a
// zone representative is served only while its zone reaches a facility of
// the counted kinds within the threshold.
func (m *Model) Serve(n *network.Network, s network.SectorIndex, st *network.State, out *flow.Output) {
	m.r.Load(st)
	nz := len(m.zones)
	clear(m.zoneOK)
	m.reached = 0
	for f, a := range m.access {
		t := m.r.TreeToWithin(a, time.Duration(m.limit[f]))
		var fr int64
		for z, r := range m.rep {
			k := f*nz + z
			// A closed representative reaches nothing, even when it is the
			// facility's access node (the tree's root, at time 0).
			d, nt := t.Time(r), m.normal[k]
			ok := m.r.open(r) && d != Unreachable && nt >= 0 && int64(d) <= within(nt, m.threshold)
			m.reach[k] = ok
			if ok {
				fr += m.pop[z]
				if m.counted[f] {
					m.zoneOK[z] = true
				}
			}
		}
		m.facReached[f] = fr
	}
	for z, ok := range m.zoneOK {
		if ok {
			m.reached += m.pop[z]
		}
	}
	for _, i := range n.SectorMembers(s) {
		out.Served[i] = 0
		if st.Functional(i) && !m.isRep[i] {
			out.Served[i] = 1
		}
	}
	for z, r := range m.rep {
		if m.zoneOK[z] && st.Functional(r) {
			out.Served[r] = 1
		}
	}
}

// Service returns the population of judged zones that reach a counted
// facility within the threshold, and the population of all judged zones,
// after the last Serve.
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
// threshold after the last Serve, and the population of all judged zones.
func (m *Model) Access(k int) (reached, total int64) { return m.facReached[k], m.total }

// Zones returns the judged zones (zone indices) in order, and their
// representatives.
func (m *Model) Zones() (zones, representatives []int32) { return m.zones, m.rep }

// Reaches reports whether judged zone z (an index into Zones) reached
// facility k within the threshold at the last Serve.
func (m *Model) Reaches(z, k int) bool { return m.reach[k*len(m.zones)+z] }

// NormalTime returns judged zone z's travel time to facility k on the
// intact network, or Unreachable.
func (m *Model) NormalTime(z, k int) time.Duration {
	if d := m.normal[k*len(m.zones)+z]; d >= 0 {
		return time.Duration(d)
	}
	return Unreachable
}
