package cascade_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// twoSectors builds a power sector (G feeding A and, through B, C) and a
// water sector (W feeding X), so that a power model can name members and
// links of another sector.
func twoSectors(t *testing.T) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "G", Sector: network.Power, Role: network.RoleSource})
	for _, id := range []string{"A", "B", "C"} {
		b.AddComponent(network.Component{ID: id, Sector: network.Power, Role: network.RoleConsumer, Demand: 1})
	}
	b.AddComponent(network.Component{ID: "W", Sector: network.Water, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "X", Sector: network.Water, Role: network.RoleConsumer, Demand: 1})
	for _, l := range [][2]string{{"G", "A"}, {"G", "B"}, {"B", "C"}, {"W", "X"}} {
		b.AddLink(network.Link{ID: l[0] + l[1], From: l[0], To: l[1]})
	}
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// tampered serves like Connectivity and then lets add tamper with every
// incremental report (not with the whole report of the first call).
type tampered struct {
	*flow.Connectivity
	add func(st *network.State, out *flow.Output) error
}

func (m tampered) Name() string { return "tampered" }

func (m tampered) Serve(st *network.State, ch *flow.Changes, out *flow.Output) error {
	if err := m.Connectivity.Serve(st, ch, out); err != nil || ch.All {
		return err
	}
	return m.add(st, out)
}

// runTampered runs twoSectors with B damaged at 1 h under a power model
// tampered with by add.
func runTampered(t *testing.T, n *network.Network, add func(*network.State, *flow.Output) error) (*cascade.Result, error) {
	t.Helper()
	f := func(n *network.Network, s network.SectorIndex) (flow.Model, error) {
		c, err := flow.NewConnectivity(n, s)
		return tampered{c, add}, err
	}
	e, err := cascade.New(n, cascade.Options{Models: map[network.Sector]flow.Factory{network.Power: f}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := n.ComponentIndex("B")
	return e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Damage, Target: b, State: network.DamageComplete}}})
}

// TestModelErrorEndsRun: an error from Serve ends the run, wrapped so that
// errors.Is finds it, naming the sector, the model and the instant.
func TestModelErrorEndsRun(t *testing.T) {
	n := twoSectors(t)
	boom := errors.New("singular island")
	r, err := runTampered(t, n, func(*network.State, *flow.Output) error { return boom })
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "sector power, model tampered at 1h") {
		t.Fatalf("err = %v, want the model's error naming sector, model and time", err)
	}
	if r != nil && r.Complete {
		t.Error("a run ended by a model's error is marked complete")
	}
}

// TestBadReportEndsRun: a report that breaks flow's contract ends the run
// with ErrBadReport naming what is wrong, never a panic inside the engine
// nor a silently wrong result. Damaging B makes Connectivity report B and
// C unserved, with C's cut {B}; each case adds one bad entry.
func TestBadReportEndsRun(t *testing.T) {
	n := twoSectors(t)
	comp := func(id string) int32 { i, _ := n.ComponentIndex(id); return i }
	link := func(id string) int32 { l, _ := n.LinkIndex(id); return l }
	// cutC names extra elements in a second cut entry for C, replacing the
	// model's own.
	cutC := func(elems ...int32) func(*network.State, *flow.Output) error {
		return func(_ *network.State, out *flow.Output) error {
			out.Cut = out.Cut[:0]
			start := int32(len(out.CutElements))
			out.CutElements = append(out.CutElements, elems...)
			out.Cut = append(out.Cut, flow.Cut{I: comp("C"), Start: start, End: start + int32(len(elems))})
			return nil
		}
	}
	cases := []struct {
		name string
		add  func(*network.State, *flow.Output) error
		want string
	}{
		{"served of another sector", func(_ *network.State, out *flow.Output) error {
			out.Served = append(out.Served, flow.Value{I: comp("X"), V: 0})
			return nil
		}, "Served lists X, of sector water"},
		{"served out of range", func(_ *network.State, out *flow.Output) error {
			out.Served = append(out.Served, flow.Value{I: 99})
			return nil
		}, "Served lists component 99, out of range"},
		{"served NaN", func(_ *network.State, out *flow.Output) error {
			out.Served = append(out.Served, flow.Value{I: comp("A"), V: math.NaN()})
			return nil
		}, "Served of A is NaN"},
		{"served above 1", func(_ *network.State, out *flow.Output) error {
			out.Served = append(out.Served, flow.Value{I: comp("A"), V: 1.5})
			return nil
		}, "Served of A is 1.5"},
		{"served while damaged", func(_ *network.State, out *flow.Output) error {
			for k := range out.Served {
				if out.Served[k].I == comp("B") {
					out.Served[k].V = 1
				}
			}
			return nil
		}, "Served of B is 1"},
		{"served twice", func(_ *network.State, out *flow.Output) error {
			out.Served = append(out.Served, flow.Value{I: comp("C"), V: 0})
			return nil
		}, "Served lists C twice"},
		{"trip of another sector", func(_ *network.State, out *flow.Output) error {
			out.Trip = append(out.Trip, comp("X"))
			return nil
		}, "Trip lists X, of sector water"},
		{"loading of another sector's link", func(_ *network.State, out *flow.Output) error {
			out.Loading = append(out.Loading, flow.Value{I: link("WX"), V: 0.5})
			return nil
		}, "Loading lists link WX, of sector water"},
		{"loading NaN", func(_ *network.State, out *flow.Output) error {
			out.Loading = append(out.Loading, flow.Value{I: link("GA"), V: math.NaN()})
			return nil
		}, "Loading of link GA is NaN"},
		{"member loading negative", func(_ *network.State, out *flow.Output) error {
			out.ComponentLoading = append(out.ComponentLoading, flow.Value{I: comp("A"), V: -1})
			return nil
		}, "ComponentLoading of A is -1"},
		{"outflow infinite", func(_ *network.State, out *flow.Output) error {
			out.StockFlow = append(out.StockFlow, flow.Value{I: comp("A"), V: math.Inf(1)})
			return nil
		}, "StockFlow of A is +Inf"},
		{"cut span beyond the elements", func(_ *network.State, out *flow.Output) error {
			out.Cut = append(out.Cut[:0], flow.Cut{I: comp("C"), Start: 0, End: 5})
			out.CutElements = out.CutElements[:1]
			return nil
		}, "the cut of C spans [0, 5) of 1 elements"},
		{"cut element out of range", cutC(1000), "the cut of C lists component 1000, out of range"},
		{"cut link out of range", cutC(^int32(1000)), "the cut of C lists link 1000, out of range"},
		{"cut element of another sector", cutC(comp("W")), "the cut of C lists W, of sector water"},
		{"cut link of another sector", cutC(^link("WX")), "the cut of C lists link WX, of sector water"},
		{"cut element twice", cutC(comp("B"), comp("B")), "the cut of C lists B twice"},
		{"cut of a member still served", func(_ *network.State, out *flow.Output) error {
			out.Cut = append(out.Cut, flow.Cut{I: comp("A")})
			return nil
		}, "Cut lists A, which the report does not take out of service or which is not functional"},
		{"cut of a damaged member", func(_ *network.State, out *flow.Output) error {
			out.Cut = append(out.Cut, flow.Cut{I: comp("B")})
			return nil
		}, "Cut lists B, which the report does not take out of service or which is not functional"},
		{"cut of another sector's member", func(_ *network.State, out *flow.Output) error {
			out.Cut = append(out.Cut, flow.Cut{I: comp("X")})
			return nil
		}, "Cut lists X, of sector water"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := runTampered(t, n, c.add)
			if !errors.Is(err, cascade.ErrBadReport) || !strings.Contains(err.Error(), "sector power, model tampered at 1h: "+c.want) {
				t.Errorf("err = %v, want ErrBadReport: …%s", err, c.want)
			}
		})
	}
	// The untampered report is accepted.
	if _, err := runTampered(t, n, func(*network.State, *flow.Output) error { return nil }); err != nil {
		t.Errorf("untampered run: %v", err)
	}
}

// TestFactoryWithoutModel: New refuses a factory that returns neither a
// model nor an error (the run would otherwise fail at its first call), and
// wraps a factory's error with the sector's name.
func TestFactoryWithoutModel(t *testing.T) {
	n := twoSectors(t)
	nope := errors.New("nope")
	for _, tc := range []struct {
		err  error
		want string
	}{{nil, "cascade: sector power: the factory returned neither a model nor an error"}, {nope, "cascade: sector power: nope"}} {
		f := func(*network.Network, network.SectorIndex) (flow.Model, error) { return nil, tc.err }
		e, err := cascade.New(n, cascade.Options{Models: map[network.Sector]flow.Factory{network.Power: f}})
		if e != nil || err == nil || err.Error() != tc.want || tc.err != nil && !errors.Is(err, tc.err) {
			t.Errorf("New with a factory returning (nil, %v): %v, want %q", tc.err, err, tc.want)
		}
	}
}
