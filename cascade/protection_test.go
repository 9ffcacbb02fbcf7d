package cascade_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// parallel is a toy power model: a source G feeds load B through parallel
// lines; the load's Total MW splits equally over the working lines, and
// each line's loading is its share ÷ (rating × factor). It implements
// flow.Whole, as a user's own sector model may.
type parallel struct{ Total float64 }

func (parallel) Name() string { return "parallel" }

func (p parallel) Verdict(st *network.State, out *flow.Verdict) error {
	n := st.Network()
	s := n.ComponentSector(0)
	working := 0
	for l := range n.Links() {
		if st.LinkWorking(l) {
			working++
		}
	}
	for _, i := range n.SectorMembers(s) {
		out.Served[i] = 0
		if st.Functional(i) && (working > 0 || n.Role(i) == network.RoleSource) {
			out.Served[i] = 1
		}
	}
	total := p.Total * st.DemandFactor(1)
	if !st.Functional(1) { // the load bus is down: nothing flows
		total = 0
	}
	for l := range n.Links() {
		out.Loading[l] = 0
		out.Rate(l, 0)
		if st.LinkWorking(l) {
			out.Loading[l] = total / float64(working) / (n.Rating(l) * st.LinkFactor(l))
		}
	}
	return nil
}

// busLimit adds a component limit to parallel: bus B can take 100 MW per
// working line, so it reports itself overloaded when one line carries it.
type busLimit struct{ parallel }

func (b busLimit) Verdict(st *network.State, out *flow.Verdict) error {
	_ = b.parallel.Verdict(st, out)
	n := st.Network()
	working := 0
	for l := range n.Links() {
		if st.LinkWorking(l) {
			working++
		}
	}
	if working > 0 && b.Total/float64(100*working) > 1 && st.Functional(1) {
		out.ComponentLoading[1] = b.Total / float64(100*working)
	}
	return nil
}

// TestComponentTrip: with 150 MW, losing L1 at 1 h overloads bus B (150 %)
// as well as L2; B's own delay (30 s, its "protection_delay_s") is shorter
// than the line's (60 s), so B trips first, at 1h0m30s, and L2 — no longer
// loaded — does not trip.
func TestComponentTrip(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "G", Sector: network.Power, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "B", Sector: network.Power, Role: network.RoleConsumer, Demand: 150,
		Params: map[network.Param]float64{network.ParamProtectionDelayS: 30}})
	b.AddLink(network.Link{ID: "L1", Kind: network.KindLine, From: "G", To: "B", Rating: 100})
	b.AddLink(network.Link{ID: "L2", Kind: network.KindLine, From: "G", To: "B", Rating: 100})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	e, err := cascade.New(n, cascade.Options{Models: map[network.Sector]flow.Factory{
		network.Power: whole(busLimit{parallel{Total: 150}}),
	}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{{Time: sim.Hour, Kind: hazard.Damage, Target: 0, Link: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := linkEvents(r); len(got) != 0 {
		t.Fatalf("line trips %v, want none", got)
	}
	var trip *cascade.Change
	for k, c := range r.Changes {
		if !c.Link && c.Entity == 1 && c.New&network.Tripped != 0 {
			trip = &r.Changes[k]
		}
	}
	if trip == nil || trip.Time != sim.Hour+30*sim.Second || r.Causes[trip.Cause].Loading != 1.5 {
		t.Fatalf("bus trip %+v", trip)
	}
}

func parallelNet(t *testing.T) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "G", Sector: network.Power, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "B", Sector: network.Power, Role: network.RoleConsumer, Demand: 150})
	b.AddLink(network.Link{ID: "L1", Kind: network.KindLine, From: "G", To: "B", Rating: 100})
	b.AddLink(network.Link{ID: "L2", Kind: network.KindLine, From: "G", To: "B", Rating: 100})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func runParallel(t *testing.T, total float64, prot cascade.Protection, horizon sim.Time, im ...hazard.Impact) *cascade.Result {
	t.Helper()
	n := parallelNet(t)
	e, err := cascade.New(n, cascade.Options{Horizon: horizon, Protection: prot, Models: map[network.Sector]flow.Factory{
		network.Power: whole(parallel{Total: total}),
	}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Impacts: im})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// linkEvents lists (time, "L2 trip"/"L2 reclose") of link changes by the engine.
func linkEvents(r *cascade.Result) []string {
	var out []string
	for _, c := range r.Changes {
		if c.Link && (r.Causes[c.Cause].Mechanism == cascade.ByTrip || r.Causes[c.Cause].Mechanism == cascade.ByReclose) {
			out = append(out, c.Time.String()+" "+r.Network.LinkID(c.Entity)+" "+r.Causes[c.Cause].Mechanism.String())
		}
	}
	return out
}

// TestProtectionDelay, derived by hand: 150 MW over two 100 MW lines is 75 %
// each. L1 fails at 1 h: L2 carries 150 MW, 150 % of its rating, and trips
// after the 60 s delay, at 1h1m; B is then cut off.
func TestProtectionDelay(t *testing.T) {
	dmg := hazard.Impact{Time: sim.Hour, Kind: hazard.Damage, Target: 0, Link: true}
	r := runParallel(t, 150, cascade.Protection{}, 0, dmg)
	if got := linkEvents(r); len(got) != 1 || got[0] != "1h1m L2 trip" {
		t.Fatalf("trips %v, want [1h1m L2 trip]", got)
	}
	if r.Delivering(1) {
		t.Fatal("B still delivering after both lines are out")
	}
	ch, ok := r.Explain(1, 2*sim.Hour)
	if !ok || !strings.Contains(ch.String(), "L2 tripped at 150% of its rating") || !strings.Contains(ch.String(), "link L1: damage") {
		t.Fatalf("chain:\n%s", ch)
	}
	// Repaired 30 s after the loss, L1 takes half the flow back before the
	// delay ends: no trip.
	r = runParallel(t, 150, cascade.Protection{}, 0, dmg, hazard.Impact{Time: sim.Hour + 30*sim.Second, Kind: hazard.Repair, Target: 0, Link: true})
	if got := linkEvents(r); len(got) != 0 {
		t.Fatalf("trips %v, want none", got)
	}
	// A configured delay of 5 min: trip at 1h5m.
	r = runParallel(t, 150, cascade.Protection{Delay: 5 * sim.Minute}, 0, dmg)
	if got := linkEvents(r); len(got) != 1 || got[0] != "1h5m L2 trip" {
		t.Fatalf("trips %v, want [1h5m L2 trip]", got)
	}
}

// TestProtectionHardLimit: 200 MW is 100 % on each of two lines (not above
// the rating) and 200 % on one: at the hard limit, so L2 trips at the
// instant of the loss. 250 MW is 125 % on both from the start: both trip
// after the delay.
func TestProtectionHardLimit(t *testing.T) {
	if got := linkEvents(runParallel(t, 250, cascade.Protection{}, 0)); strings.Join(got, ",") != "1m L1 trip,1m L2 trip" {
		t.Fatalf("base-case overload: %v", got)
	}
	r := runParallel(t, 200, cascade.Protection{}, 0, hazard.Impact{Time: sim.Hour, Kind: hazard.Damage, Target: 0, Link: true})
	if got := linkEvents(r); len(got) != 1 || got[0] != "1h L2 trip" {
		t.Fatalf("trips %v, want [1h L2 trip]", got)
	}
}

// TestProtectionReclose: reclosing after 10 min puts L2 back at 150 %: it
// trips again 60 s later, and so on until the horizon (1h30m).
func TestProtectionReclose(t *testing.T) {
	r := runParallel(t, 150, cascade.Protection{Reclose: true, RecloseDelay: 10 * sim.Minute}, sim.Hour+30*sim.Minute,
		hazard.Impact{Time: sim.Hour, Kind: hazard.Damage, Target: 0, Link: true})
	want := []string{"1h1m L2 trip", "1h11m L2 reclose", "1h12m L2 trip", "1h22m L2 reclose", "1h23m L2 trip"}
	if got := linkEvents(r); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("events %v\nwant %v", got, want)
	}
	if _, err := cascade.New(parallelNet(t), cascade.Options{Protection: cascade.Protection{Reclose: true}}); err == nil {
		t.Fatal("zero reclose delay accepted")
	}
}

// TestHeatWave: demand up 50 % at 2 h (150 → 225 MW, 112.5 % on each line)
// trips both lines after the delay; derating both lines to 70 % at 2 h
// (75 MW ÷ 70 MW = 107 %) does too.
func TestHeatWave(t *testing.T) {
	demand := hazard.Impact{Time: 2 * sim.Hour, Kind: hazard.SetFactor, Param: hazard.Demand, Target: 1, Factor: 1.5}
	if got := linkEvents(runParallel(t, 150, cascade.Protection{}, 0, demand)); strings.Join(got, ",") != "2h1m L1 trip,2h1m L2 trip" {
		t.Fatalf("demand: %v", got)
	}
	derate := []hazard.Impact{
		{Time: 2 * sim.Hour, Kind: hazard.SetFactor, Param: hazard.Rating, Target: 0, Link: true, Factor: 0.7},
		{Time: 2 * sim.Hour, Kind: hazard.SetFactor, Param: hazard.Rating, Target: 1, Link: true, Factor: 0.7},
	}
	if got := linkEvents(runParallel(t, 150, cascade.Protection{}, 0, derate...)); strings.Join(got, ",") != "2h1m L1 trip,2h1m L2 trip" {
		t.Fatalf("derating: %v", got)
	}
}

// TestRecloseAfterRepair: a line repaired while tripped and tripped again
// recloses RecloseDelay after its second trip, not after its first. With
// 150 MW over two 100 MW lines and L1 lost at 1 h, L2 (150 %) trips at
// 1h1m (reclose due at 2h1m). A crew resets it at 1h30: still at 150 %, it
// trips again at 1h31m, so it recloses at 2h31m and trips at 2h32m; the
// reclose that the first trip scheduled must not close it at 2h1m.
func TestRecloseAfterRepair(t *testing.T) {
	r := runParallel(t, 150, cascade.Protection{Reclose: true, RecloseDelay: sim.Hour}, 2*sim.Hour+40*sim.Minute,
		hazard.Impact{Time: sim.Hour, Kind: hazard.Damage, Target: 0, Link: true},
		hazard.Impact{Time: sim.Hour + 30*sim.Minute, Kind: hazard.Repair, Target: 1, Link: true})
	want := []string{"1h1m L2 trip", "1h31m L2 trip", "2h31m L2 reclose", "2h32m L2 trip"}
	if got := linkEvents(r); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("events %v\nwant %v", got, want)
	}
}

// TestRecloseBeatsLagExpiry: trips and reclosing (priority trip) run before
// lag expiries at the same instant. Tower T needs bus B with a 10 min lag.
// L1 lost at 1 h: L2 trips at 1h1m, B is cut off and T's lag runs to
// 1h11m, the instant L2 recloses (10 min): B is back first, T stays up.
// L2 trips again at 1h12m, recloses at 1h22m as the new lag ends, and so
// on: T never goes down before the horizon (1h30m).
func TestRecloseBeatsLagExpiry(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "G", Sector: network.Power, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "B", Sector: network.Power, Role: network.RoleConsumer, Demand: 150})
	b.AddComponent(network.Component{ID: "T", Sector: network.Telecom, Role: network.RoleConsumer, Demand: 1})
	b.AddLink(network.Link{ID: "L1", Kind: network.KindLine, From: "G", To: "B", Rating: 100})
	b.AddLink(network.Link{ID: "L2", Kind: network.KindLine, From: "G", To: "B", Rating: 100})
	b.AddRequirement(network.Requirement{Dependent: "T", Providers: []string{"B"}, Lag: 10 * sim.Minute})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	e, err := cascade.New(n, cascade.Options{Horizon: sim.Hour + 30*sim.Minute,
		Protection: cascade.Protection{Reclose: true, RecloseDelay: 10 * sim.Minute},
		Models: map[network.Sector]flow.Factory{
			network.Power: whole(parallel{Total: 150}),
		}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{{Time: sim.Hour, Kind: hazard.Damage, Target: 0, Link: true}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1h1m L2 trip", "1h11m L2 reclose", "1h12m L2 trip", "1h22m L2 reclose", "1h23m L2 trip"}
	if got := linkEvents(r); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("events %v\nwant %v", got, want)
	}
	if got := r.Outages(2); len(got) != 0 {
		t.Fatalf("T down %v, want never", got)
	}
	if got := r.Outages(1); len(got) != 3 || got[0] != [2]sim.Time{sim.Hour + sim.Minute, sim.Hour + 11*sim.Minute} {
		t.Fatalf("B down %v", got)
	}
}

// TestHeatWaveChain: the trips of TestHeatWave trace back to the demand
// impact that overloaded the lines, though B itself records no change at
// 2 h (its demand factor is no status).
func TestHeatWaveChain(t *testing.T) {
	demand := hazard.Impact{Time: 2 * sim.Hour, Kind: hazard.SetFactor, Param: hazard.Demand, Target: 1, Factor: 1.5}
	r := runParallel(t, 150, cascade.Protection{}, 0, demand)
	for _, c := range r.Changes {
		if !c.Link {
			continue
		}
		root := r.Causes[c.Cause]
		for root.Parent >= 0 {
			root = r.Causes[root.Parent]
		}
		if root.Mechanism != cascade.ByImpact || root.Entity != 1 || root.Time != 2*sim.Hour {
			t.Errorf("%s's trip at %v traces back to %+v, want the demand impact on B at 2h", r.Network.LinkID(c.Entity), c.Time, root)
		}
	}
}

// TestProtectionNever: a protection delay of MaxTime means "never": L2 at
// 150 % after L1's loss at 1 h never trips, and the run without a horizon
// ends at the loss, its last event.
func TestProtectionNever(t *testing.T) {
	r := runParallel(t, 150, cascade.Protection{Delay: sim.MaxTime}, 0, hazard.Impact{Time: sim.Hour, Kind: hazard.Damage, Target: 0, Link: true})
	if got := linkEvents(r); len(got) != 0 || !r.Delivering(1) || r.End != sim.Hour {
		t.Fatalf("trips %v, B delivering %v, end %v; want no trip, B up, end 1h", got, r.Delivering(1), r.End)
	}
}

// whole is a Factory for a toy model that computes its verdict whole.
func whole(m flow.Whole) flow.Factory {
	return func(n *network.Network, s network.SectorIndex) (flow.Model, error) { return flow.FromWhole(n, s, m) }
}
