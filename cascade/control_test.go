package cascade_test

import (
	"context"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// towerNet: substation S (power source), tower T (telecom source, 10
// people) needing S without lag, and hospital H (standalone) needing T.
func towerNet(t *testing.T) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "S", Sector: network.Power, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "T", Sector: network.Telecom, Role: network.RoleSource, Demand: 1, Population: 10})
	b.AddComponent(network.Component{ID: "H", Sector: "health", Role: network.RoleConsumer})
	b.AddRequirement(network.Requirement{Dependent: "T", Providers: []string{"S"}})
	b.AddRequirement(network.Requirement{Dependent: "H", Providers: []string{"T"}})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// script is a responder that acts once at the start.
type script func(c *cascade.Control)

func (s script) Start(c *cascade.Control)                { s(c) }
func (script) OnChange(*cascade.Control, cascade.Change) {}

// at runs a function as a responder event.
type at func(c *cascade.Control, w cascade.Wakeup)

func (f at) OnEvent(c *cascade.Control, w cascade.Wakeup) { f(c, w) }

func runTower(t *testing.T, r cascade.Responder, log bool) *cascade.Result {
	t.Helper()
	e, err := cascade.New(towerNet(t), cascade.Options{Responder: r, NoChangeLog: !log})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{{Time: sim.Hour, Kind: hazard.Damage, Target: 0}}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestSubstitute, by hand: S fails at 1 h, so T (no power) and H (no
// telecom) go down. Cells on wheels serve T at half from 2 h to 5 h: the
// telecom population served is 5 of 10 meanwhile, and H, whose provider
// now delivers, is up from 2 h to 5 h. T itself stays unsupplied.
func TestSubstitute(t *testing.T) {
	for _, log := range []bool{true, false} {
		r := runTower(t, script(func(c *cascade.Control) { c.Substitute(1, 0.5, 2*sim.Hour, 5*sim.Hour) }), log)
		tel := &r.Series[1]
		for _, q := range []struct {
			at   sim.Time
			want float64
		}{{90 * sim.Minute, 0}, {2 * sim.Hour, 0.5}, {4 * sim.Hour, 0.5}, {5 * sim.Hour, 0}} {
			if got := tel.QPopulation(q.at); got != q.want {
				t.Errorf("log %v: telecom Q at %v = %v, want %v", log, q.at, got, q.want)
			}
		}
		if r.Final[1]&network.Unsupplied == 0 {
			t.Errorf("log %v: T %v at the end, want unsupplied", log, r.Final[1])
		}
		if !log {
			continue
		}
		want := [][2]sim.Time{{sim.Hour, 2 * sim.Hour}, {5 * sim.Hour, -1}}
		if got := r.Outages(2); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("H's outages %v, want %v", got, want)
		}
	}
}

// TestCancelActions, by hand: a generator supplies T from 2 h to 10 h but
// is cancelled at 4 h, so T (and H) are up from 2 h to 4 h only; a second
// supply (6 h to 8 h) and a repair of S at 7 h are cancelled before they
// start and change nothing.
func TestCancelActions(t *testing.T) {
	r := runTower(t, script(func(c *cascade.Control) {
		gen := c.Supply(0, 2*sim.Hour, 10*sim.Hour)
		c.At(4*sim.Hour, at(func(c *cascade.Control, _ cascade.Wakeup) {
			if !c.Cancel(gen) {
				t.Error("a supply in progress could not be cancelled")
			}
		}), 0)
		if !c.Cancel(c.Supply(0, 6*sim.Hour, 8*sim.Hour)) || !c.Cancel(c.Apply(7*sim.Hour, hazard.Impact{Kind: hazard.Repair, Target: 0})) {
			t.Error("a future action could not be cancelled")
		}
		if c.Cancel(0) {
			t.Error("the zero ID cancelled something")
		}
	}), true)
	want := [][2]sim.Time{{sim.Hour, 2 * sim.Hour}, {4 * sim.Hour, -1}}
	if got := r.Outages(1); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("T's outages %v, want %v", got, want)
	}
	if r.Delivering(0) {
		t.Error("S repaired by a cancelled action")
	}
}

// crew is one repair crew (a resource of one unit): every component that
// goes down damaged requests it; a granted crew repairs in 2 h and is
// released then.
type crew struct{ res *cascade.Resource }

func (w *crew) Start(c *cascade.Control) { w.res = c.NewResource(1) }

func (w *crew) OnChange(c *cascade.Control, ch cascade.Change) {
	if !ch.Link && ch.New&network.Damaged != 0 && ch.Old&network.Damaged == 0 {
		w.res.Request(0, w, int64(ch.Entity))
	}
}

func (w *crew) OnEvent(c *cascade.Control, ev cascade.Wakeup) {
	if ev.Unit >= 0 { // granted: repair ev.Arg, release the unit after
		c.Apply(c.Now()+2*sim.Hour, hazard.Impact{Kind: hazard.Repair, Target: int32(ev.Arg)})
		c.After(2*sim.Hour, w, int64(ev.Unit))
		return
	}
	w.res.Release(int32(ev.Arg))
}

// TestCrewResource, by hand: S and H damaged at 1 h, one crew: S first
// (its change is recorded first), repaired at 3 h; the crew is released
// then and H is repaired at 5 h.
func TestCrewResource(t *testing.T) {
	e, err := cascade.New(towerNet(t), cascade.Options{Responder: &crew{}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Damage, Target: 0}, {Time: sim.Hour, Kind: hazard.Damage, Target: 2}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Outages(0); len(got) != 1 || got[0] != [2]sim.Time{sim.Hour, 3 * sim.Hour} {
		t.Errorf("S's outages %v, want [[1h 3h]]", got)
	}
	if got := r.Outages(2); len(got) != 1 || got[0] != [2]sim.Time{sim.Hour, 5 * sim.Hour} {
		t.Errorf("H's outages %v, want [[1h 5h]]", got)
	}
}
