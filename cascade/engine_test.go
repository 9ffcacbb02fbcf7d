package cascade

import (
	"context"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

const hour = sim.Hour

// towerCity: a power source S feeding tower T (telecom) through a
// requirement with the given lag and buffer.
func towerCity(t *testing.T, lag, buffer sim.Time, recharge float64) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "S", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource, Demand: 1})
	b.AddComponent(network.Component{ID: "T", Sector: network.Telecom, Kind: network.KindCellTower, Role: network.RoleConsumer, Demand: 1, Population: 100})
	b.AddRequirement(network.Requirement{Dependent: "T", Providers: []string{"S"}, Lag: lag, Buffer: buffer, Recharge: recharge})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func damageRepair(i int32, at, repair sim.Time) []hazard.Impact {
	return []hazard.Impact{
		{Time: at, Kind: hazard.Damage, Target: i, State: network.DamageComplete},
		{Time: repair, Kind: hazard.Repair, Target: i},
	}
}

func run(t *testing.T, n *network.Network, opts Options, in Input) *Result {
	t.Helper()
	e, err := New(n, opts)
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestBufferByHand: a tower on a 4 h battery fed by a substation that fails
// at t = 1 h. Hand derivation: the battery drains from 1 h; restored at 3 h
// it has 2 h left, so the tower never goes down; restored at 6 h the battery
// is empty at 1 h + 4 h = 5 h, so the tower is down from 5 h to 6 h.
func TestBufferByHand(t *testing.T) {
	n := towerCity(t, 0, 4*sim.Hour, 0)
	for _, tc := range []struct {
		repair sim.Time
		want   [][2]sim.Time
	}{
		{3 * hour, nil},
		{6 * hour, [][2]sim.Time{{5 * hour, 6 * hour}}},
	} {
		r := run(t, n, Options{}, Input{Impacts: damageRepair(0, hour, tc.repair)})
		got := r.Outages(1)
		if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
			t.Errorf("repair at %v: tower down %v, want %v", tc.repair, got, tc.want)
		}
		if !r.Delivering(1) {
			t.Errorf("repair at %v: tower not delivering at the end", tc.repair)
		}
	}
}

// TestLagByHand: a 30 min lag without buffer. Loss at 1 h restored at 1h20
// never takes the dependent down (a lag has no memory); restored at 2 h the
// dependent is down from 1h30 to 2 h.
func TestLagByHand(t *testing.T) {
	n := towerCity(t, 30*sim.Minute, 0, 0)
	r := run(t, n, Options{}, Input{Impacts: damageRepair(0, hour, hour+20*sim.Minute)})
	if got := r.Outages(1); len(got) != 0 {
		t.Errorf("short loss: down %v", got)
	}
	r = run(t, n, Options{}, Input{Impacts: damageRepair(0, hour, 2*hour)})
	if got := r.Outages(1); len(got) != 1 || got[0] != [2]sim.Time{hour + 30*sim.Minute, 2 * hour} {
		t.Errorf("long loss: down %v, want [1h30 2h]", got)
	}
}

// TestLagThenBuffer: lag 1 h, then a 2 h battery recharging at 0.5 h/h.
// Loss at 0 → lag to 1 h, battery to 3 h: down from 3 h. Loss at 1 h
// repaired at 4 h: lag to 2 h, battery empty exactly at 4 h, but the repair
// (priority action) runs before the depletion (priority expiry) at the same
// instant, so the tower stays up.
func TestLagThenBuffer(t *testing.T) {
	n := towerCity(t, sim.Hour, 2*sim.Hour, 0.5)
	r := run(t, n, Options{}, Input{Impacts: []hazard.Impact{{Time: 0, Kind: hazard.Damage, Target: 0}}, Seed: 1})
	if got := r.Outages(1); len(got) != 1 || got[0][0] != 3*hour {
		t.Errorf("down %v, want from 3h", got)
	}
	r = run(t, n, Options{}, Input{Impacts: damageRepair(0, hour, 4*hour)})
	if got := r.Outages(1); len(got) != 0 {
		t.Errorf("repair at the depletion instant: down %v", got)
	}
	// Recharge: loss 1h–3h (battery drains 2h→3h: 1 h used, 1 h left),
	// recharge at 0.5 h/h from 3 h: full again at 5 h. Second loss at 5 h:
	// lag to 6 h, battery to 8 h.
	im := append(damageRepair(0, hour, 3*hour), damageRepair(0, 5*hour, 10*hour)...)
	r = run(t, n, Options{}, Input{Impacts: im})
	if got := r.Outages(1); len(got) != 1 || got[0] != [2]sim.Time{8 * hour, 10 * hour} {
		t.Errorf("recharge: down %v, want [8h 10h]", got)
	}
	// Only 1 h of recharge (second loss at 4 h): 1.5 h of battery after
	// the lag ending at 5 h → empty at 6h30.
	im = append(damageRepair(0, hour, 3*hour), damageRepair(0, 4*hour, 10*hour)...)
	r = run(t, n, Options{}, Input{Impacts: im})
	if got := r.Outages(1); len(got) != 1 || got[0] != [2]sim.Time{6*hour + 30*sim.Minute, 10 * hour} {
		t.Errorf("partial recharge: down %v, want [6h30 10h]", got)
	}
}

// TestZeroLagLoopComesBack: power P and telecom T need each other with no
// lag (SCADA ↔ power). Damaging P takes both down; repairing P brings both
// back (greatest fixpoint), as the package doc requires.
func TestZeroLagLoopComesBack(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "G", Sector: network.Power, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "P", Sector: network.Power, Role: network.RoleConsumer, Demand: 1})
	b.AddComponent(network.Component{ID: "T", Sector: network.Telecom, Role: network.RoleConsumer, Demand: 1})
	b.AddLink(network.Link{ID: "GP", From: "G", To: "P"})
	b.AddRequirement(network.Requirement{Dependent: "P", Providers: []string{"T"}, Kind: network.Cyber})
	b.AddRequirement(network.Requirement{Dependent: "T", Providers: []string{"P"}})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, n, Options{}, Input{Impacts: damageRepair(0, hour, 2*hour)})
	for _, i := range []int32{1, 2} {
		got := r.Outages(i)
		if len(got) != 1 || got[0] != [2]sim.Time{hour, 2 * hour} {
			t.Errorf("%s down %v, want [1h 2h]", n.ComponentID(i), got)
		}
	}
	if q := r.Series[0].Q(r.End); q != 1 {
		t.Errorf("power Q at end = %v, want exactly 1", q)
	}
	if r.Direct != 1 || r.Induced != 2 {
		t.Errorf("direct %d induced %d, want 1 and 2 (G damaged; P, T induced)", r.Direct, r.Induced)
	}
}

// TestExplainTowerChain: the tower's outage traces back to the substation's
// damage through the buffer and the lag.
func TestExplainTowerChain(t *testing.T) {
	n := towerCity(t, sim.Hour, 2*sim.Hour, 0)
	r := run(t, n, Options{}, Input{Impacts: damageRepair(0, hour, 10*hour)})
	ch, ok := r.Explain(1, 5*hour)
	if !ok {
		t.Fatal("no chain")
	}
	var mechs []Mechanism
	for _, c := range ch.Causes {
		mechs = append(mechs, c.Mechanism)
	}
	// Down at 4 h (lag 1h→2h, buffer 2h→4h) by the buffer, which cites the
	// loss of supply: S's change at 1 h, S's damage itself.
	if len(mechs) != 2 || mechs[0] != ByBuffer || mechs[1] != ByImpact {
		t.Fatalf("chain %v\n%s", mechs, ch)
	}
	if ch.Causes[0].Time != 4*hour || ch.Causes[len(ch.Causes)-1].Time != hour {
		t.Fatalf("times:\n%s", ch)
	}
	text := ch.String()
	for _, want := range []string{"T (telecom cell_tower) down", "backup buffer ran empty (requirement on S, physical)", "S (power substation): damage (input impact)"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	var js, dot strings.Builder
	if err := ch.WriteJSON(&js); err != nil || !strings.Contains(js.String(), `"mechanism": "buffer"`) {
		t.Errorf("json: %v\n%s", err, js.String())
	}
	if err := ch.WriteDOT(&dot); err != nil || !strings.Contains(dot.String(), "->") {
		t.Errorf("dot: %v\n%s", err, dot.String())
	}
}

// TestReasonsAndSupply: the tower of TestBufferByHand, made critical. Its
// telecom split is on backup from 1 h, unsupplied from 5 h, up from 6 h; its
// requirement is unmet from 1 h to 6 h.
func TestReasonsAndSupply(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "S", Sector: network.Power, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "T", Sector: network.Telecom, Role: network.RoleConsumer, Critical: true})
	b.AddRequirement(network.Requirement{Dependent: "T", Providers: []string{"S"}, Buffer: 4 * sim.Hour})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(n, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second run restores the intact state
		r, err := e.Run(context.Background(), Input{Impacts: damageRepair(0, hour, 6*hour)})
		if err != nil {
			t.Fatal(err)
		}
		tel := &r.Reasons[1]
		for _, tc := range []struct {
			at   sim.Time
			want Reason
		}{{0, ReasonUp}, {2 * hour, ReasonOnBackup}, {5 * hour, ReasonUnsupplied}, {7 * hour, ReasonUp}} {
			p := tel.At(tc.at)
			for k := ReasonDamaged; k < numReasons; k++ {
				if want := int32(0); k == tc.want {
					if p.Count[k] != 1 {
						t.Errorf("at %v: %s count %d, want 1", tc.at, k, p.Count[k])
					}
				} else if p.Count[k] != want {
					t.Errorf("at %v: %s count %d, want 0", tc.at, k, p.Count[k])
				}
			}
		}
		if pw := r.Reasons[0].At(2 * hour); pw.Count[ReasonDamaged] != 1 {
			t.Errorf("power split at 2h: %v", pw.Count)
		}
		if len(r.Supply) != 1 || r.Supply[0] != (SupplyInterval{Req: 0, Start: hour, End: 6 * hour}) {
			t.Errorf("supply %+v, want [1h, 6h)", r.Supply)
		}
	}
}

// TestDegradedPopulation: a served fraction is the capacity factor times
// the model's fraction (package doc), for population as for demand. A
// tower serving 100 people and 2 MW degrades to 0.5 when its power fails
// at 1 h: telecom Q and population Q are both 0.5 from 1 h.
func TestDegradedPopulation(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "S", Sector: network.Power, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "T", Sector: network.Telecom, Role: network.RoleConsumer, Demand: 2, Population: 100})
	b.AddRequirement(network.Requirement{Dependent: "T", Providers: []string{"S"}, Effect: network.Degrade, Factor: 0.5})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, n, Options{}, Input{Impacts: []hazard.Impact{{Time: hour, Kind: hazard.Damage, Target: 0}}})
	tel := &r.Series[1]
	if tel.Q(2*hour) != 0.5 || tel.QPopulation(2*hour) != 0.5 || tel.Q(0) != 1 {
		t.Fatalf("Q %v, population Q %v", tel.Q(2*hour), tel.QPopulation(2*hour))
	}
}

// TestNestedSuspensions: two overlapping floods on S (1 h–3 h and 2 h–5 h)
// keep it down until the second ends: T, which needs S, is down 1 h–5 h.
func TestNestedSuspensions(t *testing.T) {
	n := towerCity(t, 0, 0, 0)
	r := run(t, n, Options{}, Input{Impacts: []hazard.Impact{
		{Time: hour, Kind: hazard.Suspend, Target: 0},
		{Time: 2 * hour, Kind: hazard.Suspend, Target: 0},
		{Time: 3 * hour, Kind: hazard.Resume, Target: 0},
		{Time: 5 * hour, Kind: hazard.Resume, Target: 0},
	}})
	if got := r.Outages(1); len(got) != 1 || got[0] != [2]sim.Time{hour, 5 * hour} {
		t.Fatalf("T down %v, want [1h 5h]", got)
	}
}

// TestDeratingSurvivesRepair: a capacity factor of 0.5 set at 1 h (a
// derating) stays through a damage at 2 h and its repair at 3 h; only
// setting the factor back to 1 at 4 h restores full service.
func TestDeratingSurvivesRepair(t *testing.T) {
	n := towerCity(t, 0, 0, 0)
	r := run(t, n, Options{}, Input{Impacts: []hazard.Impact{
		{Time: hour, Kind: hazard.SetFactor, Param: hazard.Capacity, Target: 1, Factor: 0.5},
		{Time: 2 * hour, Kind: hazard.Damage, Target: 1},
		{Time: 3 * hour, Kind: hazard.Repair, Target: 1},
		{Time: 4 * hour, Kind: hazard.SetFactor, Param: hazard.Capacity, Target: 1, Factor: 1},
	}})
	tel := &r.Series[1]
	for _, tc := range []struct {
		at   sim.Time
		want float64
	}{{0, 1}, {hour, 0.5}, {2 * hour, 0}, {3 * hour, 0.5}, {4 * hour, 1}} {
		if q := tel.Q(tc.at); q != tc.want {
			t.Errorf("Q at %v = %v, want %v", tc.at, q, tc.want)
		}
	}
}
