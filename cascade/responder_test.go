package cascade_test

import (
	"context"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// generatorCrew brings its one mobile generator to the first site that
// goes on backup: it arrives two hours later and stays seven hours.
type generatorCrew struct{ busy bool }

func (g *generatorCrew) Start(*cascade.Control) { g.busy = false }

func (g *generatorCrew) OnChange(c *cascade.Control, ch cascade.Change) {
	if g.busy || ch.Link || ch.New&network.OnBackup == 0 || ch.Old&network.OnBackup != 0 {
		return
	}
	g.busy = true
	for _, r := range c.Network().RequirementsOf(ch.Entity) {
		c.Supply(r, c.Now()+2*sim.Hour, c.Now()+9*sim.Hour)
		c.Record(cascade.Activity{Actor: "generator-1", Kind: "mobile generator", Target: ch.Entity,
			Start: c.Now() + 2*sim.Hour, End: c.Now() + 9*sim.Hour})
	}
}

// TestResponderSupply, by hand: the substation fails for good at 1 h; the
// tower's 4 h battery drains 1 h → 3 h (2 h left); the generator supplies
// it 3 h → 10 h (no recharge: rate 0); then the battery drains again and is
// empty at 12 h.
func TestResponderSupply(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "S", Sector: network.Power, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "T", Sector: network.Telecom, Role: network.RoleConsumer})
	b.AddRequirement(network.Requirement{Dependent: "T", Providers: []string{"S"}, Buffer: 4 * sim.Hour})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	for _, log := range []bool{true, false} {
		e, err := cascade.New(n, cascade.Options{Responder: &generatorCrew{}, NoChangeLog: !log})
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{{Time: sim.Hour, Kind: hazard.Damage, Target: 0}}})
		if err != nil {
			t.Fatal(err)
		}
		tel := &r.Reasons[1]
		for _, tc := range []struct {
			at   sim.Time
			want cascade.Reason
		}{{2 * sim.Hour, cascade.ReasonOnBackup}, {5 * sim.Hour, cascade.ReasonUp}, {11 * sim.Hour, cascade.ReasonOnBackup}, {12 * sim.Hour, cascade.ReasonUnsupplied}} {
			p := tel.At(tc.at)
			if tc.want == cascade.ReasonUp {
				if p.Count != [len(p.Count)]int32{} {
					t.Errorf("log %v at %v: split %v, want all up", log, tc.at, p.Count)
				}
			} else if p.Count[tc.want] != 1 {
				t.Errorf("log %v at %v: split %v, want %s", log, tc.at, p.Count, tc.want)
			}
		}
		if len(r.Activities) != 1 || r.Activities[0].Start != 3*sim.Hour {
			t.Errorf("activities %+v", r.Activities)
		}
	}
}
