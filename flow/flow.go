package flow

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/network"
)

// Changes lists what changed in a model's sector since the model's last
// Serve. The engine builds it from the writes it made; Evaluate and
// flow/flowtest build it by comparing states.
type Changes struct {
	// All asks for an evaluation from scratch: the model's first call, a
	// state reset, an engine reused for another replication. The model
	// then ignores the lists and reports its whole verdict (see Output).
	All bool
	// Components lists, each once, the members whose state a model may
	// read changed: functional status (any of network.DownFlags), the
	// Depleted flag, capacity factor, demand factor or damage state. A
	// member may be listed although it ended where it started; members not
	// listed did not change. The Unserved and OnBackup flags are never a
	// reason to list a member: models do not read them.
	Components []int32
	// Links lists, each once, the sector's links whose working status
	// (network.State.LinkWorking), factor or damage state changed.
	Links []int32
	// NoCut says the caller cites no causes (the engine with its change
	// log off): the model may leave Output.Cut empty and save the search.
	// Reset keeps it.
	NoCut bool
}

// Reset empties c and clears All (not NoCut).
func (c *Changes) Reset() {
	c.All, c.Components, c.Links = false, c.Components[:0], c.Links[:0]
}

// Value is one reported value.
type Value struct {
	I int32   // the component or link index
	V float64 // its new value
}

// Output receives what a model's verdict changes. The engine empties it
// (Reset) before every Serve and reuses it. A model lists each member or
// link at most once per list and per Serve; an entry may repeat the value
// the model reported before (the engine compares).
//
// After a Serve with Changes.All the report is whole: Served for every
// member, Loading for every link the model rates, StockFlow for every
// store, and ComponentLoading for every member whose loading the model
// computes. Otherwise it lists only what differs from the model's last
// report.
//
// The cascade engine checks every report before applying it (members and
// links of the model's sector, each once, values in range) and ends its
// run with cascade.ErrBadReport on one that breaks these rules; the
// flow/flowtest suite checks them and the verdict itself.
type Output struct {
	// Served lists members whose served fraction changed, with the new
	// fraction in [0, 1]; 0 whenever the member is not functional (served
	// ⊆ functional).
	Served []Value
	// Trip lists members the engine must latch down (network.Tripped):
	// every functional member the verdict trips, whether or not it was
	// listed before (a trip the engine did not latch is asked again).
	Trip []int32
	// Again asks the engine to run the model once more after latching
	// Trip, because the trips change the verdict (overload loads move).
	// GiantComponent leaves it false: what it trips is already unserved.
	Again bool
	// Loading lists links whose loading changed: flow ÷ (rating × link
	// factor), ≥ 0, 0 for a link that does not work. The engine watches
	// the links ever listed for overload trips (above 1).
	Loading []Value
	// ComponentLoading lists members whose loading changed: load ÷
	// (capacity × factor) (a transformer, a pumping station), 0 for a
	// member that is not functional. A functional member above 1 is
	// overloaded: the engine trips it after its protection delay unless
	// its loading drops to 1 or below first.
	ComponentLoading []Value
	// StockFlow lists stores whose net outflow changed (water tanks), in
	// the sector's unit per second (m³/s for water): positive drains,
	// negative refills, 0 holds. The engine tracks the level of every
	// store ever listed: it integrates it from Component.Storage, sets
	// network.Depleted when it reaches 0 (the empty time is scheduled
	// analytically, level ÷ outflow, and moved whenever the outflow
	// changes) and clears it as soon as the store refills.
	StockFlow []Value
	// Cut names, for members this Serve reports as losing service, the
	// elements that cut them off: the components and links that failed
	// since the model's last call, lie next to the functional region the
	// member was left in (an arc leaves them into it) and, just before,
	// reached a source without passing through that region (a failed dead
	// end fed through the region itself is no cause). Each entry's
	// elements are CutElements[Start:End], each named once. A model lists
	// a member at most once, never one that is not functional (its own failure explains
	// it), and may list none: the engine then cites the event that first
	// touched the sector. Connectivity (and the telecom model built on it)
	// fills it, and so does flow/power for members whose island lost its
	// generation; flow/roads names, for a zone that lost access to care,
	// the failed road elements on its former route to its nearest facility;
	// the other models of lifeline leave it empty.
	Cut []Cut
	// CutElements holds the elements of every Cut entry: a component as
	// its index i ≥ 0, a link l as ^l (< 0).
	CutElements []int32
}

// Cut is one member's entry in Output.Cut.
type Cut struct {
	I          int32 // the member that lost service
	Start, End int32 // its elements: Output.CutElements[Start:End]
}

// Reset empties every list and clears Again.
func (o *Output) Reset() {
	o.Served, o.Trip, o.Again = o.Served[:0], o.Trip[:0], false
	o.Loading, o.ComponentLoading, o.StockFlow = o.Loading[:0], o.ComponentLoading[:0], o.StockFlow[:0]
	o.Cut, o.CutElements = o.Cut[:0], o.CutElements[:0]
}

// Model computes one sector's service. A model is bound to its network and
// sector when it is built (a Factory). See the package documentation for
// the contract.
type Model interface {
	// Name identifies the model in results and errors.
	Name() string
	// Serve brings the model's verdict up to date with st, given what
	// changed since its last call (ch), and reports what the verdict
	// changes in out. An error (a state of another network, a singular
	// island) ends the engine's run.
	Serve(st *network.State, ch *Changes, out *Output) error
}

// Factory builds a model for one sector of a network; the engine calls it
// once per worker and sector. It returns an error when the model cannot
// serve that sector (a parameter it needs is missing, options out of
// range, a sector index n does not have), and never a nil model without
// an error. The model it returns refuses, with an error from Serve, a
// state of another network (CheckState).
type Factory func(n *network.Network, s network.SectorIndex) (Model, error)

// Default returns the model lifeline uses when a scenario names none:
// Connectivity for a sector with sources, Standalone otherwise.
func Default(n *network.Network, s network.SectorIndex) (Model, error) {
	if err := checkSector(n, s); err != nil {
		return nil, err
	}
	if len(n.Sources(s)) == 0 {
		return NewStandalone(n, s)
	}
	return NewConnectivity(n, s)
}

// checkSector returns an error unless s is a sector of n.
func checkSector(n *network.Network, s network.SectorIndex) error {
	if n == nil {
		return fmt.Errorf("flow: no network")
	}
	if int(s) >= n.NumSectors() {
		return fmt.Errorf("flow: sector index %d, but network %q has %d sectors", s, n.Name(), n.NumSectors())
	}
	return nil
}

// CheckState returns an error unless st is a state of n: a model bound to
// n refuses others.
func CheckState(n *network.Network, st *network.State) error {
	if st == nil || st.Network() != n {
		return fmt.Errorf("flow: a state of another network than %q", n.Name())
	}
	return nil
}

// Standalone serves every functional member: the model for sectors without
// sources (health facilities, research layers without a flow model).
// Cost: O(listed changes) per Serve, O(members) after Changes.All.
type Standalone struct {
	n *network.Network
	s network.SectorIndex
}

// NewStandalone returns a Standalone model for sector s of n.
func NewStandalone(n *network.Network, s network.SectorIndex) (*Standalone, error) {
	if err := checkSector(n, s); err != nil {
		return nil, err
	}
	return &Standalone{n: n, s: s}, nil
}

// StandaloneFactory is a Factory for Standalone: it marks a sector
// standalone (served ⇔ functional) even when it has sources.
func StandaloneFactory(n *network.Network, s network.SectorIndex) (Model, error) {
	return NewStandalone(n, s)
}

// Name returns "standalone".
func (*Standalone) Name() string { return "standalone" }

// Unbound marks Standalone as flow.Unbound: it serves a functional member
// whatever it is joined to.
func (*Standalone) Unbound() {}

// Serve reports served = 1 for functional members, 0 otherwise: every
// member after Changes.All, the listed ones otherwise.
func (m *Standalone) Serve(st *network.State, ch *Changes, out *Output) error {
	if err := CheckState(m.n, st); err != nil {
		return err
	}
	list := ch.Components
	if ch.All {
		list = m.n.SectorMembers(m.s)
	}
	for _, i := range list {
		out.Served = append(out.Served, Value{i, b2f(st.Functional(i))})
	}
	return nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// bfs is a reusable breadth-first search over a sector's working graph.
type bfs struct {
	mark  []uint32 // visit epoch per component
	epoch uint32
	queue []int32
}

func newBFS(n *network.Network) bfs {
	return bfs{mark: make([]uint32, n.NumComponents()), queue: make([]int32, 0, 64)}
}

func (b *bfs) next() {
	b.epoch++
	if b.epoch == 0 { // wrapped: clear marks
		clear(b.mark)
		b.epoch = 1
	}
}

func (b *bfs) seen(i int32) bool { return b.mark[i] == b.epoch }

// run visits every functional component reachable from the queued seeds
// through working links, following Out (link directions), and calls visit.
func (b *bfs) run(n *network.Network, st *network.State, undirected bool, visit func(int32)) {
	for h := 0; h < len(b.queue); h++ {
		i := b.queue[h]
		visit(i)
		b.expand(n, st, i, false)
		if undirected && n.HasDirected() {
			b.expand(n, st, i, true)
		}
	}
}

func (b *bfs) expand(n *network.Network, st *network.State, i int32, in bool) {
	var nbrs, links []int32
	if in {
		nbrs, links = n.In(i)
	} else {
		nbrs, links = n.Out(i)
	}
	if st.AllLinksWork() {
		for _, j := range nbrs {
			if b.mark[j] != b.epoch && st.Functional(j) {
				b.mark[j] = b.epoch
				b.queue = append(b.queue, j)
			}
		}
		return
	}
	for k, j := range nbrs {
		if b.mark[j] != b.epoch && st.Functional(j) && st.LinkWorking(links[k]) {
			b.mark[j] = b.epoch
			b.queue = append(b.queue, j)
		}
	}
}

func (b *bfs) seed(i int32) {
	b.mark[i] = b.epoch
	b.queue = append(b.queue, i)
}

// AccessReporter is an optional interface of models that judge access to
// critical facilities (roads): after each Serve the engine records the
// figures Service returns as a step series in its Result, and, when asked
// (cascade.Options.FacilityAccess), Access for every facility.
type AccessReporter interface {
	// Service returns the population whose zone reaches care by the
	// model's rule (roads: its nearest open counted facility within the
	// threshold of its intact nearest time), and the population of every
	// zone the model judges: Q = reached ÷ total (1 when total is 0).
	// Cost: O(1).
	Service() (reached, total int64)
	// Facilities returns the tracked facilities in index order; fixed for
	// the model's life.
	Facilities() []int32
	// Access returns the population whose zone reaches facility k of
	// Facilities, and the same total as Service. It may cost a search.
	Access(k int) (reached, total int64)
}

// Unbound is an optional interface of models whose verdict is not bound
// to their sector's sources. Every other model of a sector with sources
// serves a member only while a path of functional members and working
// links joins it to a functional source of the sector (in either
// direction: the rule is a necessary condition, whatever else the model
// asks, such as link directions, capacity, pressure or a tank holding
// water), and flow/flowtest checks that it does. The cascade engine relies
// on that rule when it re-admits components after a restoration: a
// provider whose region cannot reach a source even with everything that
// may come back cannot deliver, so what depends on it stays down without
// its sector's model seeing it come back and go. Standalone,
// GiantComponent, Overload, a Whole wrapped by FromWhole and the road
// model are Unbound; a sector without sources needs no declaration.
type Unbound interface {
	// Unbound marks the model; it does nothing.
	Unbound()
}

// Classifier is an optional interface of models whose sector's members are
// reported in classes (telecom outage causes the way outage reports give
// them): the engine keeps the count of every class as members change and
// records the split in its Result.
type Classifier interface {
	// Classes names the classes; Class returns one of their indices.
	Classes() []string
	// Class classifies member i from the state's raw flags (see
	// network.State.RawFlags). It may read the flags of i and of the
	// providers of i's requirements, nothing else: the engine classifies
	// a member again when its flags or those of such a provider change.
	Class(n *network.Network, flags []network.Flags, i int32) int
}
