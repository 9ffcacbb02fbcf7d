package flow

import (
	"github.com/lifeline-sim/lifeline/network"
)

// Output receives a model's verdict for one sector. The engine allocates it
// once per worker (NewOutput) and reuses it.
type Output struct {
	// Served is indexed by component; the model writes the entries of its
	// sector's members, each in [0, 1].
	Served []float64
	// Trip lists components the engine must latch down (Tripped); models
	// append to it.
	Trip []int32
	// Again asks the engine to run the model once more after latching
	// Trip, because the trips change the verdict (overload loads move).
	// GiantComponent leaves it false: what it trips is already unserved.
	Again bool
	// Loading is indexed by link: flow ÷ (rating × link factor) for the
	// sector's rated links (models that compute flows write it; others leave
	// it alone), and Rated lists the links whose loading the call wrote. A
	// model that rates links lists every one of them in every Serve; the
	// engine watches exactly those for overload trips.
	Loading []float64
	Rated   []int32
	// Overloaded lists the members whose load exceeds their capacity, with
	// ComponentLoading[i] = load ÷ (capacity × factor) > 1 (a transformer,
	// a pumping station); the engine trips them after their protection
	// delay unless they drop off the list first. Models append to it.
	Overloaded       []int32
	ComponentLoading []float64
	// Stocks lists the sector's stores whose level the engine must track
	// (water tanks), with StockFlow[i] their net outflow in the sector's
	// unit per second (m³/s for water): positive drains, negative refills,
	// 0 holds. A model that tracks stores lists every one of them in every
	// Serve. The engine integrates each level from Component.Storage, sets
	// network.Depleted when it reaches 0 (the empty time is scheduled
	// analytically, level ÷ outflow, and moved whenever the outflow
	// changes) and clears it as soon as the store refills.
	Stocks    []int32
	StockFlow []float64
}

// NewOutput returns an Output sized for n.
func NewOutput(n *network.Network) *Output {
	return &Output{Served: make([]float64, n.NumComponents()), Loading: make([]float64, n.NumLinks()),
		ComponentLoading: make([]float64, n.NumComponents()), StockFlow: make([]float64, n.NumComponents())}
}

// Model computes one sector's service. See the package documentation for
// the contract.
type Model interface {
	// Name identifies the model in results and errors.
	Name() string
	// Serve writes the verdict for sector s of n under st into out.
	Serve(n *network.Network, s network.SectorIndex, st *network.State, out *Output)
}

// Factory builds a model for one sector of a network; the engine calls it
// once per worker and sector.
type Factory func(n *network.Network, s network.SectorIndex) (Model, error)

// Default returns the model lifeline uses when a scenario names none:
// Connectivity for a sector with sources, Standalone otherwise.
func Default(n *network.Network, s network.SectorIndex) (Model, error) {
	if len(n.Sources(s)) == 0 {
		return Standalone{}, nil
	}
	return NewConnectivity(n), nil
}

// Standalone serves every functional member: the model for sectors without
// sources (health facilities, research layers without a flow model).
type Standalone struct{}

// StandaloneFactory is a Factory for Standalone: it marks a sector
// standalone (served ⇔ functional) even when it has sources.
func StandaloneFactory(*network.Network, network.SectorIndex) (Model, error) {
	return Standalone{}, nil
}

// Name returns "standalone".
func (Standalone) Name() string { return "standalone" }

// Serve sets Served[i] = 1 for functional members, 0 otherwise.
func (Standalone) Serve(n *network.Network, s network.SectorIndex, st *network.State, out *Output) {
	for _, i := range n.SectorMembers(s) {
		out.Served[i] = b2f(st.Functional(i))
	}
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
// figures it returns as step series in its Result.
type AccessReporter interface {
	// Service returns the population whose zone reaches care by the
	// model's rule (roads: its nearest open counted facility within the
	// threshold of its intact nearest time), and the population of every
	// zone the model judges: Q = reached ÷ total (1 when total is 0).
	Service() (reached, total int64)
	// Facilities returns the tracked facilities in index order; fixed for
	// the model's life.
	Facilities() []int32
	// Access returns the population whose zone reaches facility k of
	// Facilities, and the same total as Service.
	Access(k int) (reached, total int64)
}

// Classifier is an optional interface of models whose sector's members are
// reported in classes (telecom outage causes the way outage reports give
// them): the engine counts the members of every class at each settled
// instant and records the split in its Result.
type Classifier interface {
	// Classes names the classes; Class returns one of their indices.
	Classes() []string
	// Class classifies member i from the state's raw flags (see
	// network.State.RawFlags).
	Class(n *network.Network, flags []network.Flags, i int32) int
}
