package cascade

import (
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
)

// toyModel is a test sector model written against (network, sector) that
// computes its verdict whole; toyFactory binds it and reports its changes
// through flow.FromWhole.
type toyModel interface {
	Name() string
	Verdict(n *network.Network, s network.SectorIndex, st *network.State, out *flow.Verdict)
}

func toyFactory(m toyModel) flow.Factory {
	return func(n *network.Network, s network.SectorIndex) (flow.Model, error) {
		return flow.FromWhole(n, s, boundToy{n: n, s: s, m: m})
	}
}

type boundToy struct {
	n *network.Network
	s network.SectorIndex
	m toyModel
}

func (b boundToy) Name() string { return b.m.Name() }

func (b boundToy) Verdict(st *network.State, v *flow.Verdict) error {
	b.m.Verdict(b.n, b.s, st, v)
	return nil
}
