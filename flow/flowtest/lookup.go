package flowtest

import (
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
)

// Component returns the index of the component with the given ID, failing
// the test when n has none.
func Component(t testing.TB, n *network.Network, id string) int32 {
	t.Helper()
	i, ok := n.ComponentIndex(id)
	if !ok {
		t.Fatalf("no component %q", id)
	}
	return i
}

// Link returns the index of the link with the given ID, failing the test
// when n has none.
func Link(t testing.TB, n *network.Network, id string) int32 {
	t.Helper()
	l, ok := n.LinkIndex(id)
	if !ok {
		t.Fatalf("no link %q", id)
	}
	return l
}

// Sector returns the index of the named sector, failing the test when n
// has none.
func Sector(t testing.TB, n *network.Network, name network.Sector) network.SectorIndex {
	t.Helper()
	s, ok := n.SectorIndexOf(name)
	if !ok {
		t.Fatalf("no sector %q", name)
	}
	return s
}

// IDs returns the IDs of the given components, in order.
func IDs(n *network.Network, comps []int32) []string {
	ids := make([]string, 0, len(comps))
	for _, i := range comps {
		ids = append(ids, n.ComponentID(i))
	}
	return ids
}

// Served returns the IDs of the members of sector s with a positive
// served fraction in out, in index order; Unserved those with 0.
func Served(n *network.Network, s network.SectorIndex, out *flow.Verdict) []string {
	return members(n, s, out, true)
}

// Unserved returns the IDs of the members of sector s that out leaves
// unserved (fraction 0), in index order.
func Unserved(n *network.Network, s network.SectorIndex, out *flow.Verdict) []string {
	return members(n, s, out, false)
}

func members(n *network.Network, s network.SectorIndex, out *flow.Verdict, served bool) []string {
	var ids []string
	for _, i := range n.SectorMembers(s) {
		if (out.Served[i] > 0) == served {
			ids = append(ids, n.ComponentID(i))
		}
	}
	return ids
}

// Evaluate returns m's verdict on st from scratch (flow.Evaluate) and
// fails t on an error.
func Evaluate(t testing.TB, m flow.Model, st *network.State) *flow.Verdict {
	t.Helper()
	v, err := flow.Evaluate(m, st)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
