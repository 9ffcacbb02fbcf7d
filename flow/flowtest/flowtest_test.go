package flowtest

import (
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
	edit  func(m *broken, n *network.Network, s network.SectorIndex, st *network.State, ch *flow.Changes, out *flow.Output)
	n     *network.Network
	s     network.SectorIndex
}

func (*broken) Name() string { return "broken" }

func (m *broken) Serve(st *network.State, ch *flow.Changes, out *flow.Output) error {
	m.calls++
	if err := m.c.Serve(st, ch, out); err != nil {
		return err
	}
	m.edit(m, m.n, m.s, st, ch, out)
	return nil
}

// functional replaces a report by one that serves every functional member
// of the sector, joined to a source or not (whole at every call, so that
// it agrees with a fresh model's).
func functional(_ *broken, n *network.Network, s network.SectorIndex, st *network.State, _ *flow.Changes, out *flow.Output) {
	out.Served, out.Cut, out.CutElements = out.Served[:0], out.Cut[:0], out.CutElements[:0]
	for _, i := range n.SectorMembers(s) {
		v := 0.0
		if st.Functional(i) {
			v = 1
		}
		out.Served = append(out.Served, flow.Value{I: i, V: v})
	}
}

// TestCheckCatches: each way of breaking the contract is reported, with
// the message naming it; Connectivity itself passes.
func TestCheckCatches(t *testing.T) {
	n := grid(t)
	comp := func(id string) int32 { i, _ := n.ComponentIndex(id); return i }
	w := comp("W")
	type edit = func(m *broken, n *network.Network, s network.SectorIndex, st *network.State, ch *flow.Changes, out *flow.Output)
	listed := func(out *flow.Output, i int32) bool {
		for _, e := range out.Served {
			if e.I == i {
				return true
			}
		}
		return false
	}
	for _, tc := range []struct {
		name, want string
		edit       edit
	}{
		{"correct", "", func(*broken, *network.Network, network.SectorIndex, *network.State, *flow.Changes, *flow.Output) {}},
		{"writes another sector", "not a member", func(_ *broken, _ *network.Network, _ network.SectorIndex, _ *network.State, _ *flow.Changes, out *flow.Output) {
			out.Served = append(out.Served, flow.Value{I: w, V: 1})
		}},
		{"skips a member after All", "not written after Changes.All", func(_ *broken, _ *network.Network, _ network.SectorIndex, _ *network.State, ch *flow.Changes, out *flow.Output) {
			if ch.All {
				out.Served = out.Served[1:]
			}
		}},
		{"serves the damaged", "not functional", func(_ *broken, _ *network.Network, _ network.SectorIndex, _ *network.State, _ *flow.Changes, out *flow.Output) {
			for k := range out.Served {
				out.Served[k].V = 1
			}
		}},
		{"changes the state", "modified the state", func(_ *broken, _ *network.Network, _ network.SectorIndex, st *network.State, _ *flow.Changes, _ *flow.Output) {
			st.SetFactor(w, 0.5)
		}},
		{"forgets to report", "a fresh model's", func(_ *broken, _ *network.Network, _ network.SectorIndex, _ *network.State, ch *flow.Changes, out *flow.Output) {
			if !ch.All && len(out.Served) > 0 {
				out.Served = out.Served[:len(out.Served)-1]
			}
		}},
		{"reads Unserved", "Unserved and OnBackup", func(_ *broken, n *network.Network, s network.SectorIndex, st *network.State, _ *flow.Changes, out *flow.Output) {
			for _, i := range n.SectorMembers(s) {
				if st.Flags(i)&network.Unserved != 0 && !listed(out, i) {
					out.Served = append(out.Served, flow.Value{I: i, V: 0})
				}
			}
		}},
		{"counts its calls", "second call", func(m *broken, n *network.Network, s network.SectorIndex, _ *network.State, _ *flow.Changes, out *flow.Output) {
			if i := n.SectorMembers(s)[1]; m.calls%2 == 0 && !listed(out, i) {
				out.Served = append(out.Served, flow.Value{I: i, V: 0})
			}
		}},
		{"loads a link", "loading of link", func(_ *broken, n *network.Network, s network.SectorIndex, _ *network.State, _ *flow.Changes, out *flow.Output) {
			for l := range n.Links() {
				if n.LinkSector(l) == s {
					out.Loading = append(out.Loading, flow.Value{I: l, V: 0.5})
				}
			}
		}},
		{"cuts a served member", "cut of", func(_ *broken, n *network.Network, s network.SectorIndex, st *network.State, _ *flow.Changes, out *flow.Output) {
			for _, i := range n.SectorMembers(s) {
				if st.Functional(i) && !listed(out, i) {
					out.Cut = append(out.Cut, flow.Cut{I: i, Start: int32(len(out.CutElements)), End: int32(len(out.CutElements) + 1)})
					out.CutElements = append(out.CutElements, i)
					return
				}
			}
		}},
		{"cites a working element", "not a failed element", func(_ *broken, n *network.Network, s network.SectorIndex, st *network.State, _ *flow.Changes, out *flow.Output) {
			for k := range out.Cut {
				out.CutElements[out.Cut[k].Start] = n.Sources(s)[0]
			}
		}},
		{"cites an element twice", "twice", func(_ *broken, _ *network.Network, _ network.SectorIndex, _ *network.State, _ *flow.Changes, out *flow.Output) {
			for k, c := range out.Cut {
				out.Cut[k] = flow.Cut{I: c.I, Start: int32(len(out.CutElements)), End: int32(len(out.CutElements) + 2)}
				out.CutElements = append(out.CutElements, out.CutElements[c.Start], out.CutElements[c.Start])
			}
		}},
		{"serves differently without cuts", "a fresh model's", func(_ *broken, _ *network.Network, _ network.SectorIndex, _ *network.State, ch *flow.Changes, out *flow.Output) {
			if ch.NoCut && !ch.All && len(out.Served) > 0 {
				out.Served = out.Served[:len(out.Served)-1]
			}
		}},
		{"serves without a source", "no path of functional members", functional},
		{"trips the damaged", "not a functional member", func(_ *broken, n *network.Network, s network.SectorIndex, st *network.State, _ *flow.Changes, out *flow.Output) {
			for _, i := range n.SectorMembers(s) {
				if !st.Functional(i) {
					out.Trip = append(out.Trip, i)
				}
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := func(n *network.Network, s network.SectorIndex) (flow.Model, error) {
				c, err := flow.NewConnectivity(n, s)
				return &broken{c: c, edit: tc.edit, n: n, s: s}, err
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

// TestDriveCatches: Drive reports a model that forgets a change, one that
// serves what Changes lists from another sector, and one that reports
// a member twice; Connectivity itself passes.
func TestDriveCatches(t *testing.T) {
	n := grid(t)
	ps, _ := n.SectorIndexOf(network.Power)
	ws, _ := n.SectorIndexOf(network.Water)
	type edit = func(m *broken, n *network.Network, s network.SectorIndex, st *network.State, ch *flow.Changes, out *flow.Output)
	for _, tc := range []struct {
		name, want string
		edit       edit
	}{
		{"correct", "", func(*broken, *network.Network, network.SectorIndex, *network.State, *flow.Changes, *flow.Output) {}},
		{"forgets to report", "fresh", func(_ *broken, _ *network.Network, _ network.SectorIndex, _ *network.State, ch *flow.Changes, out *flow.Output) {
			if !ch.All && len(out.Served) > 0 {
				out.Served = out.Served[:len(out.Served)-1]
			}
		}},
		{"serves a listed foreign member", "outside the sector", func(_ *broken, n *network.Network, s network.SectorIndex, _ *network.State, ch *flow.Changes, out *flow.Output) {
			for _, i := range ch.Components {
				if n.ComponentSector(i) != s {
					out.Served = append(out.Served, flow.Value{I: i, V: 0})
				}
			}
		}},
		{"serves without a source", "no path of functional members", functional},
		{"reports a member twice", "twice", func(_ *broken, _ *network.Network, _ network.SectorIndex, _ *network.State, _ *flow.Changes, out *flow.Output) {
			if len(out.Served) > 0 {
				out.Served = append(out.Served, out.Served[0])
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := func(n *network.Network, s network.SectorIndex) (flow.Model, error) {
				c, err := flow.NewConnectivity(n, s)
				return &broken{c: c, edit: tc.edit, n: n, s: s}, err
			}
			err := drive(n, ps, ws, 1, 300, f)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("a correct model fails: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want one about %q", err, tc.want)
			}
		})
	}
}
