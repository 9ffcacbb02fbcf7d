package water_test

import (
	"context"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/flowtest"
	"github.com/lifeline-sim/lifeline/flow/telecom"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format/shelby"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestShelbyEndToEnd runs the four-layer INDP Shelby County system (the
// files of the bundled city shelby-indp, 73 interdependencies, no lags or
// buffers) through the engine: water with this package's model, telecom
// with flow/telecom, power and gas with flow.Connectivity (the default).
// At 1 h an earthquake damages gate station P8, substation P28, fiber
// node T5, the water main W12–W36 (Wa52), the fibers T9–T6 (Ta3) and
// T9–T20 (Ta15) and the gas pipe G6–G13 (Ga15). Hand-traced outcome
// from the files:
//
//   - power: P8 and P28 damaged; P21 needs telecom T5 (cyber) and drops;
//     P19 is fed only through P21 and goes dark; P18 needs T9 (below).
//   - water: pump W11 needs P8 and pump W2 needs P28: both drop. The
//     south-east district (junctions W37, W40–W48 and tanks W12–W14) is
//     joined to the rest only by Wa52, and its one pump is W11; its tanks
//     carry no volume in the INDP files (supply, not storage), so they
//     hold no water and the district goes dry: 23.063 of the 1000 units of
//     demand, Q = 0.976937. W2's junction W20 is still fed through W19.
//   - telecom (sources inferred from the supply sign: 22 of 27 nodes):
//     T21 needs P8 and T17 needs P28 (no power); T9, the one consumer,
//     is then cut from every core (its links to T6 and T20 are cut, T17 is
//     down), so P18, which needs T9, drops, and T9, which needs P18, is
//     unsupplied too: a zero-lag power ↔ telecom loop. Split: 23 up,
//     1 damaged (T5), 3 without power (T9, T17, T21).
//   - gas: gate station G2 needs P8; with Ga15 broken, G6, G11 and G12
//     are cut from the other gate stations.
func TestShelbyEndToEnd(t *testing.T) {
	n, err := shelby.Import(os.DirFS("../../scenarios/cities"), "shelby-indp", shelby.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n.NumRequirements() != 73 {
		t.Fatalf("%d requirements, want the 73 rows of Interdep.csv", n.NumRequirements())
	}
	tel, _ := n.SectorIndexOf(network.Telecom)
	if got := len(n.Sources(tel)); got != 22 {
		t.Fatalf("telecom sources %d, want 22 (positive supply)", got)
	}
	e, err := cascade.New(n, cascade.Options{Models: map[network.Sector]flow.Factory{
		network.Water: water.Options{}.Factory, network.Telecom: telecom.Options{}.Factory}})
	if err != nil {
		t.Fatal(err)
	}
	c := func(id string) int32 { return flowtest.Component(t, n, id) }
	var impacts []hazard.Impact
	for _, id := range []string{"P8", "P28", "T5"} {
		impacts = append(impacts, hazard.Impact{Time: sim.Hour, Kind: hazard.Damage, Target: c(id), State: network.DamageComplete})
	}
	for _, id := range []string{"Wa52", "Ta3", "Ta15", "Ga15"} {
		impacts = append(impacts, hazard.Impact{Time: sim.Hour, Kind: hazard.Damage, Target: flowtest.Link(t, n, id), Link: true, State: network.DamageComplete})
	}
	res, err := e.Run(context.Background(), cascade.Input{Impacts: impacts})
	if err != nil {
		t.Fatal(err)
	}
	down := map[network.Sector][]string{}
	for i := range n.Components() {
		if !res.Delivering(i) {
			s := n.SectorName(n.ComponentSector(i))
			down[s] = append(down[s], n.ComponentID(i))
		}
	}
	want := map[network.Sector][]string{
		network.Power:   {"P8", "P18", "P19", "P21", "P28"},
		network.Water:   {"W2", "W11", "W12", "W13", "W14", "W37", "W40", "W41", "W42", "W43", "W44", "W45", "W46", "W47", "W48"},
		network.Telecom: {"T5", "T9", "T17", "T21"},
		"gas":           {"G2", "G6", "G11", "G12"},
	}
	for s, w := range want {
		if !slices.Equal(down[s], w) {
			t.Errorf("%s down %v, want %v", s, down[s], w)
		}
	}
	ws, _ := n.SectorIndexOf(network.Water)
	if q := res.Series[ws].Q(2 * sim.Hour); math.Abs(q-(1-23.063/1000)) > 1e-9 {
		t.Errorf("water Q at 2h = %v, want 0.976937", q)
	}
	split := telecom.Count(n, tel, res.Final)
	if split.String() != "up 23, damaged 1, no-power 3" {
		t.Errorf("telecom split %v, want up 23, damaged 1, no-power 3", split)
	}
	if r := res.Reasons[tel].At(2 * sim.Hour); r.Count[cascade.ReasonDamaged] != 1 || r.Count[cascade.ReasonUnsupplied] != 3 {
		t.Errorf("engine's telecom reasons %v", r.Count)
	}

	// One explanation per layer, effect first, back to the impacts.
	for _, x := range []struct {
		id   string
		want []string
	}{
		{"W47", []string{"W47 (water junction) down [unserved]", "W11 (water pump) down [unsupplied|unserved]: supply (requirement on P8, physical)", "P8 (power gate_station): damage"}},
		{"P21", []string{"P21 (power substation) down [unsupplied|unserved]: supply (requirement on T5, cyber)", "T5 (telecom fiber_node): damage"}},
		{"T21", []string{"T21 (telecom fiber_node) down [unsupplied|unserved]: supply (requirement on P8, physical)", "P8 (power gate_station): damage"}},
		{"G12", []string{"G12 (gas node) down [unserved]", "G2 (gas gate_station) down [unsupplied|unserved]: supply (requirement on P8, physical)", "P8 (power gate_station): damage"}},
	} {
		ch, ok := res.Explain(c(x.id), 2*sim.Hour)
		if !ok {
			t.Errorf("%s: no explanation", x.id)
			continue
		}
		s := ch.String()
		t.Logf("%s:\n%s", x.id, s)
		for _, w := range x.want {
			if !strings.Contains(s, w) {
				t.Errorf("%s's chain lacks %q", x.id, w)
			}
		}
	}
}
