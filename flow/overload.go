package flow

import (
	"fmt"
	"math"

	"github.com/lifeline-sim/lifeline/network"
)

// Overload is the Motter–Lai (2002, Phys. Rev. E 66, 065102) overload
// model. A node's load is the number of shortest paths between ordered
// pairs of functional nodes that pass through it, the paths it starts and
// ends included (every pair exchanges one unit), links taken as undirected
// and unweighted (Brandes 2001); its capacity is
// (1+Alpha) times its load on the intact graph. Serve asks the engine to
// latch every functional node whose load exceeds its capacity (all at once;
// the engine repeats until none does) and serves the members of the
// largest cluster. Cost: O(N·M) per Serve — a research model for networks
// of thousands of nodes.
type Overload struct {
	net      *network.Network
	sector   network.SectorIndex
	alpha    float64
	capacity []float64
	load     []float64
	giant    *GiantComponent
	br       *network.Brandes
	diff     *Differ
}

// NewOverload computes the intact loads of sector s and returns the model.
// It returns an error when alpha is negative or not finite.
func NewOverload(n *network.Network, s network.SectorIndex, alpha float64) (*Overload, error) {
	if !(alpha >= 0) || math.IsInf(alpha, 1) {
		return nil, fmt.Errorf("flow: overload tolerance alpha = %v: must be finite and ≥ 0", alpha)
	}
	g, err := NewGiantComponent(n, s)
	if err != nil {
		return nil, err
	}
	o := &Overload{net: n, sector: s, alpha: alpha, capacity: make([]float64, n.NumComponents()), load: make([]float64, n.NumComponents()),
		giant: g, br: network.NewBrandes(n), diff: NewDiffer(n, s)}
	intact := network.NewState(n)
	o.br.Endpoints = true
	o.br.Sector(s, intact, o.load)
	for _, i := range n.SectorMembers(s) {
		o.capacity[i] = (1 + alpha) * o.load[i]
	}
	return o, nil
}

// OverloadFactory returns a Factory building Overload models with tolerance alpha.
func OverloadFactory(alpha float64) Factory {
	return func(n *network.Network, s network.SectorIndex) (Model, error) { return NewOverload(n, s, alpha) }
}

// Name returns "overload".
func (*Overload) Name() string { return "overload" }

// Unbound marks Overload as flow.Unbound: the largest cluster needs no
// source.
func (*Overload) Unbound() {}

// Load returns node i's load from the last Serve (its intact load before any).
func (o *Overload) Load(i int32) float64 { return o.load[i] }

// Capacity returns node i's capacity, (1+α) × intact load.
func (o *Overload) Capacity(i int32) float64 { return o.capacity[i] }

// Serve computes loads on the working graph, trips overloaded nodes and
// serves the largest cluster; it reports what changed through a Differ.
func (o *Overload) Serve(st *network.State, ch *Changes, out *Output) error {
	if err := CheckState(o.net, st); err != nil {
		return err
	}
	n, s := o.net, o.sector
	v := o.diff.Next()
	o.br.Sector(s, st, o.load)
	best, size := o.giant.largest(n, s, st)
	for _, i := range n.SectorMembers(s) {
		f := st.Functional(i)
		v.Served[i] = b2f(f && size > 0 && o.giant.label[i] == best)
		// Relative tolerance: loads are sums of path fractions.
		if f && o.load[i] > o.capacity[i]*(1+1e-12)+1e-12 {
			v.Trip = append(v.Trip, i)
			v.Again = true
		}
	}
	o.diff.Report(ch.All, out)
	return nil
}
