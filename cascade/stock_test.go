package cascade_test

import (
	"context"
	"math"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// tankModel is a toy water model: reservoir R feeds junction J through pipe
// P1; tank T, next to J, serves J while R cannot. Cut off, T drains at J's
// demand; reconnected, it refills at 0.25 m³/s.
type tankModel struct{}

func (tankModel) Name() string { return "tank" }

func (tankModel) Verdict(st *network.State, out *flow.Verdict) error {
	n := st.Network()
	const R, T, J = 0, 1, 2
	viaR := st.Functional(R) && st.LinkWorking(0)
	tank := st.Functional(T) && st.Flags(T)&network.Depleted == 0
	out.Served[R], out.Served[T], out.Served[J] = 1, 1, 0
	out.Store(T, 0)
	switch {
	case viaR:
		out.Served[J] = 1
		out.StockFlow[T] = -0.25
	case tank:
		out.Served[J] = 1
		out.StockFlow[T] = n.Demand(J)
	default:
		out.StockFlow[T] = 0
	}
	return nil
}

// TestTankEmptiesByHand: a 3600 m³ tank serving 0.5 m³/s alone empties in
// 3600 ÷ 0.5 = 7200 s. Pipe P1 breaks at 1 h: J is dry from exactly 3 h
// until P1 is repaired at 5 h. Broken again at 5h30, after 30 min of
// refilling at 0.25 m³/s (450 m³), the tank lasts 900 s: J is dry from 5h45.
func TestTankEmptiesByHand(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "R", Sector: network.Water, Kind: network.KindReservoir, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "T", Sector: network.Water, Kind: network.KindTank, Role: network.RoleSource, Storage: 3600})
	b.AddComponent(network.Component{ID: "J", Sector: network.Water, Kind: network.KindJunction, Role: network.RoleConsumer, Demand: 0.5})
	b.AddLink(network.Link{ID: "P1", Kind: network.KindPipe, From: "R", To: "J"})
	b.AddLink(network.Link{ID: "P2", Kind: network.KindPipe, From: "T", To: "J"})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	e, err := cascade.New(n, cascade.Options{Models: map[network.Sector]flow.Factory{
		network.Water: whole(tankModel{}),
	}})
	if err != nil {
		t.Fatal(err)
	}
	pipe := func(at sim.Time, k hazard.ImpactKind) hazard.Impact {
		return hazard.Impact{Time: at, Kind: k, Target: 0, Link: true}
	}
	r, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		pipe(sim.Hour, hazard.Damage), pipe(5*sim.Hour, hazard.Repair),
		pipe(5*sim.Hour+30*sim.Minute, hazard.Damage), pipe(7*sim.Hour, hazard.Repair),
	}})
	if err != nil {
		t.Fatal(err)
	}
	dry := r.Outages(2)
	want := [][2]sim.Time{{3 * sim.Hour, 5 * sim.Hour}, {5*sim.Hour + 45*sim.Minute, 7 * sim.Hour}}
	if len(dry) != 2 || dry[0] != want[0] || dry[1] != want[1] {
		t.Fatalf("J dry %v, want %v", dry, want)
	}
	// The run ends at the last event, the repair at 7 h, when the tank has
	// only just started refilling: it holds 0 m³.
	if l := r.StockLevel(1); math.Abs(l) > 1e-9 {
		t.Fatalf("level at the end %v, want 0", l)
	}
	ch, ok := r.Explain(2, 4*sim.Hour)
	if !ok || ch.Causes[len(ch.Causes)-1].Mechanism != cascade.ByImpact {
		t.Fatalf("chain:\n%s", ch)
	}
	t.Log("\n" + ch.String())
}
