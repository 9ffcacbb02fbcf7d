package flow

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/network"
)

// Verdict is a sector's whole verdict in dense form: what Evaluate
// returns, what models that compute their verdict whole write before a
// Differ reports its changes, and what Apply keeps up to date from a
// model's reports.
type Verdict struct {
	// Served is indexed by component: the members' served fractions (0
	// outside the sector).
	Served []float64
	// Trip and Again are those of the last verdict.
	Trip  []int32
	Again bool
	// Loading is indexed by link; Rated lists the links whose loading the
	// model computes (in the order first reported).
	Loading []float64
	Rated   []int32
	// ComponentLoading is indexed by component.
	ComponentLoading []float64
	// StockFlow is indexed by component; Stocks lists the stores (in the
	// order first reported).
	StockFlow []float64
	Stocks    []int32

	rated  []bool
	stored []bool
}

// NewVerdict returns an empty Verdict sized for n.
func NewVerdict(n *network.Network) *Verdict {
	nc, nl := n.NumComponents(), n.NumLinks()
	return &Verdict{Served: make([]float64, nc), Loading: make([]float64, nl), ComponentLoading: make([]float64, nc),
		StockFlow: make([]float64, nc), rated: make([]bool, nl), stored: make([]bool, nc)}
}

// Rate marks link l as rated (listed in Rated, once) and sets its loading.
func (v *Verdict) Rate(l int32, loading float64) {
	if !v.rated[l] {
		v.rated[l] = true
		v.Rated = append(v.Rated, l)
	}
	v.Loading[l] = loading
}

// Store marks component i as a store (listed in Stocks, once) and sets
// its outflow.
func (v *Verdict) Store(i int32, outflow float64) {
	if !v.stored[i] {
		v.stored[i] = true
		v.Stocks = append(v.Stocks, i)
	}
	v.StockFlow[i] = outflow
}

// Apply brings v up to date with a model's report: the listed values
// replace v's, Trip and Again are the report's.
func (v *Verdict) Apply(out *Output) {
	for _, e := range out.Served {
		v.Served[e.I] = e.V
	}
	for _, e := range out.Loading {
		v.Rate(e.I, e.V)
	}
	for _, e := range out.ComponentLoading {
		v.ComponentLoading[e.I] = e.V
	}
	for _, e := range out.StockFlow {
		v.Store(e.I, e.V)
	}
	v.Trip, v.Again = append(v.Trip[:0], out.Trip...), out.Again
}

// Overloaded returns the functional members of sector s whose component
// loading is above 1, in index order.
func (v *Verdict) Overloaded(n *network.Network, s network.SectorIndex, st *network.State) []int32 {
	var over []int32
	for _, i := range n.SectorMembers(s) {
		if st.Functional(i) && v.ComponentLoading[i] > 1 {
			over = append(over, i)
		}
	}
	return over
}

// Evaluate runs m (bound to st's network) on st from scratch
// (Changes.All) and returns its whole verdict: the one-shot form of a
// model, for tests and for users who call models directly. It is a call
// of m like any other: a later Serve of m lists what changed since st.
// Cost: the model's evaluation from scratch plus O(network) for the dense
// verdict. A report naming a component or link n does not have is an
// error.
func Evaluate(m Model, st *network.State) (*Verdict, error) {
	if st == nil {
		return nil, fmt.Errorf("flow: Evaluate of %s without a state", m.Name())
	}
	out := &Output{}
	if err := m.Serve(st, &Changes{All: true}, out); err != nil {
		return nil, err
	}
	if err := inRange(st.Network(), out); err != nil {
		return nil, fmt.Errorf("flow: Evaluate of %s: %w", m.Name(), err)
	}
	v := NewVerdict(st.Network())
	v.Apply(out)
	return v, nil
}

// Differ reports the changes of whole verdicts: a model that computes its
// verdict whole at every call (the power flow, the water walk, the
// research models) writes it into Next and calls Report, which lists in
// the Output what differs from the verdict it reported last. Cost:
// O(members + links of the sector) per call.
type Differ struct {
	n           *network.Network
	s           network.SectorIndex
	links       []int32 // the sector's links
	last, next  *Verdict
	reportedAny bool
}

// NewDiffer returns a Differ for sector s of n.
func NewDiffer(n *network.Network, s network.SectorIndex) *Differ {
	return &Differ{n: n, s: s, last: NewVerdict(n), next: NewVerdict(n), links: sectorLinks(n, s)}
}

// Links returns the sector's links in index order.
func (d *Differ) Links() []int32 { return d.links }

// Next returns the verdict to fill: the sector's entries zeroed, Trip
// empty, Again false; Rated and Stocks keep the links and stores listed
// before (a model lists them again with Rate and Store).
func (d *Differ) Next() *Verdict {
	v := d.next
	for _, i := range d.n.SectorMembers(d.s) {
		v.Served[i], v.ComponentLoading[i], v.StockFlow[i] = 0, 0, 0
	}
	for _, l := range d.links {
		v.Loading[l] = 0
	}
	v.Trip, v.Again = v.Trip[:0], false
	return v
}

// Report appends to out what the verdict filled since Next changes from
// the one reported last (everything, as Output documents, when all is
// set), copies its Trip and Again, and keeps it as the last reported.
func (d *Differ) Report(all bool, out *Output) {
	v, w := d.next, d.last
	all = all || !d.reportedAny
	for _, i := range d.n.SectorMembers(d.s) {
		if all || v.Served[i] != w.Served[i] {
			out.Served = append(out.Served, Value{i, v.Served[i]})
		}
		if all || v.ComponentLoading[i] != w.ComponentLoading[i] {
			out.ComponentLoading = append(out.ComponentLoading, Value{i, v.ComponentLoading[i]})
		}
	}
	for _, l := range v.Rated {
		if all || v.Loading[l] != w.Loading[l] {
			out.Loading = append(out.Loading, Value{l, v.Loading[l]})
		}
	}
	for _, i := range v.Stocks {
		if all || v.StockFlow[i] != w.StockFlow[i] {
			out.StockFlow = append(out.StockFlow, Value{i, v.StockFlow[i]})
		}
	}
	out.Trip, out.Again = append(out.Trip, v.Trip...), v.Again
	// Keep v as the last: swap, carrying the lists of rated links and
	// stores over to the next verdict.
	d.last, d.next = v, w
	for _, l := range v.Rated {
		if !w.rated[l] {
			w.rated[l] = true
			w.Rated = append(w.Rated, l)
		}
	}
	for _, i := range v.Stocks {
		if !w.stored[i] {
			w.stored[i] = true
			w.Stocks = append(w.Stocks, i)
		}
	}
	d.reportedAny = true
}

// Whole is a model that computes its verdict whole: FromWhole turns it into
// a Model.
type Whole interface {
	// Name identifies the model.
	Name() string
	// Verdict writes the sector's whole verdict under st into v (cleared
	// by Differ.Next): Served for every member, and as the model computes
	// them Trip, Again, loadings (Rate) and stores (Store).
	Verdict(st *network.State, v *Verdict) error
}

// FromWhole returns a Model for sector s of n that runs w at every Serve
// and reports what changed through a Differ: the simplest way to write a
// model (cost O(sector) per Serve besides w's own).
func FromWhole(n *network.Network, s network.SectorIndex, w Whole) (Model, error) {
	if err := checkSector(n, s); err != nil {
		return nil, err
	}
	return &whole{w: w, d: NewDiffer(n, s), n: n}, nil
}

type whole struct {
	w Whole
	d *Differ
	n *network.Network
}

func (m *whole) Name() string { return m.w.Name() }

// Unbound: nothing is known of what a Whole serves.
func (*whole) Unbound() {}

func (m *whole) Serve(st *network.State, ch *Changes, out *Output) error {
	if err := CheckState(m.n, st); err != nil {
		return err
	}
	if err := m.w.Verdict(st, m.d.Next()); err != nil {
		return err
	}
	m.d.Report(ch.All, out)
	return nil
}

// sectorLinks returns the links of sector s in index order.
func sectorLinks(n *network.Network, s network.SectorIndex) []int32 {
	links := []int32{}
	for l := range n.Links() {
		if n.LinkSector(l) == s {
			links = append(links, l)
		}
	}
	return links
}

// inRange returns an error unless every index out reports is one of n's
// components (links for Loading).
func inRange(n *network.Network, out *Output) error {
	nc, nl := int32(n.NumComponents()), int32(n.NumLinks())
	for _, list := range [...]struct {
		name string
		vals []Value
		max  int32
	}{{"Served", out.Served, nc}, {"Loading", out.Loading, nl}, {"ComponentLoading", out.ComponentLoading, nc}, {"StockFlow", out.StockFlow, nc}} {
		for _, v := range list.vals {
			if v.I < 0 || v.I >= list.max {
				return fmt.Errorf("%s lists index %d, out of range", list.name, v.I)
			}
		}
	}
	for _, i := range out.Trip {
		if i < 0 || i >= nc {
			return fmt.Errorf("%s lists index %d, out of range", "Trip", i)
		}
	}
	return nil
}
