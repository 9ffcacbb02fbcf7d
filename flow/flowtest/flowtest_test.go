package flowtest

import (
	"slices"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
)

// grid is a power sector of five components in a ring, one source and a
// tank, with rated lines, plus a water component W outside it.
func grid(t *testing.T) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "G", Sector: network.Power, Role: network.RoleSource})
	for _, id := range []string{"a", "b", "c"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Power, Role: network.RoleConsumer, Demand: 1})
	}
	b.AddComponent(network.Component{ID: "T", Sector: network.Power, Kind: network.KindTank, Storage: 10})
	b.AddComponent(network.Component{ID: "W", Sector: network.Water, Role: network.RoleSource})
	for _, l := range [][2]string{{"G", "a"}, {"a", "b"}, {"b", "c"}, {"c", "T"}, {"T", "G"}} {
		b.AddLink(network.Link{ID: l[0] + l[1], From: l[0], To: l[1], Rating: 1})
	}
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// broken wraps Connectivity and then breaks the contract in one way.
type broken struct {
	c     *flow.Connectivity
	calls int
	memo  []float64
	edit  func(m *broken, n *network.Network, s network.SectorIndex, st *network.State, out *flow.Output)
}

func (*broken) Name() string { return "broken" }

func (m *broken) Serve(n *network.Network, s network.SectorIndex, st *network.State, out *flow.Output) {
	m.calls++
	m.c.Serve(n, s, st, out)
	m.edit(m, n, s, st, out)
}

// TestCheckCatches: each way of breaking the contract is reported, with
// the message naming it; Connectivity itself passes.
func TestCheckCatches(t *testing.T) {
	n := grid(t)
	comp := func(id string) int32 { i, _ := n.ComponentIndex(id); return i }
	w, tank := comp("W"), comp("T")
	type edit = func(m *broken, n *network.Network, s network.SectorIndex, st *network.State, out *flow.Output)
	for _, tc := range []struct {
		name, want string
		edit       edit
	}{
		{"correct", "", func(*broken, *network.Network, network.SectorIndex, *network.State, *flow.Output) {}},
		{"writes another sector", "not a member", func(_ *broken, _ *network.Network, _ network.SectorIndex, _ *network.State, out *flow.Output) {
			out.Served[w] = 1
		}},
		{"skips a member", "not written", func(_ *broken, n *network.Network, s network.SectorIndex, _ *network.State, out *flow.Output) {
			out.Served[n.SectorMembers(s)[0]] = unwritten
		}},
		{"serves the damaged", "not functional", func(_ *broken, n *network.Network, s network.SectorIndex, _ *network.State, out *flow.Output) {
			for _, i := range n.SectorMembers(s) {
				out.Served[i] = 1
			}
		}},
		{"changes the state", "modified the state", func(_ *broken, _ *network.Network, _ network.SectorIndex, st *network.State, _ *flow.Output) {
			st.SetFactor(w, 0.5)
		}},
		{"keeps its first verdict", "with a fresh model", func(m *broken, n *network.Network, s network.SectorIndex, st *network.State, out *flow.Output) {
			if m.memo == nil {
				m.memo = slices.Clone(out.Served)
			}
			for _, i := range n.SectorMembers(s) {
				if st.Functional(i) {
					out.Served[i] = m.memo[i]
				}
			}
		}},
		{"reads Unserved", "Unserved and OnBackup", func(_ *broken, n *network.Network, s network.SectorIndex, st *network.State, out *flow.Output) {
			for _, i := range n.SectorMembers(s) {
				if !st.Delivering(i) {
					out.Served[i] = 0
				}
			}
		}},
		{"counts its calls", "a second call", func(m *broken, n *network.Network, s network.SectorIndex, _ *network.State, out *flow.Output) {
			out.Served[n.SectorMembers(s)[0]] *= float64(m.calls % 2)
		}},
		{"loads a broken link", "does not work", func(_ *broken, n *network.Network, s network.SectorIndex, _ *network.State, out *flow.Output) {
			for l := range n.Links() {
				out.Loading[l] = 0.5
				out.Rated = append(out.Rated, l)
			}
		}},
		{"rates a link it does not list", "not in Rated", func(_ *broken, n *network.Network, s network.SectorIndex, st *network.State, out *flow.Output) {
			for l := range n.Links() {
				if st.LinkWorking(l) {
					out.Loading[l] = 0.5
				}
			}
		}},
		{"lists stores sometimes", "every Serve lists every store", func(_ *broken, n *network.Network, _ network.SectorIndex, st *network.State, out *flow.Output) {
			if st.Functional(tank) {
				out.Stocks = append(out.Stocks, tank)
				out.StockFlow[tank] = 0
			}
		}},
		{"overloaded below 1", "overloaded at loading", func(_ *broken, _ *network.Network, _ network.SectorIndex, st *network.State, out *flow.Output) {
			if st.Functional(tank) {
				out.Overloaded = append(out.Overloaded, tank)
				out.ComponentLoading[tank] = 1
			}
		}},
		{"trips the damaged", "not a functional member", func(_ *broken, n *network.Network, s network.SectorIndex, _ *network.State, out *flow.Output) {
			out.Trip = append(out.Trip, n.SectorMembers(s)...)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := func(n *network.Network, _ network.SectorIndex) (flow.Model, error) {
				return &broken{c: flow.NewConnectivity(n), edit: tc.edit}, nil
			}
			s, _ := n.SectorIndexOf(network.Power)
			err := check(n, s, f)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("a correct model fails: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want one about %q", err, tc.want)
			}
		})
	}
}
