package report_test

import (
	"context"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// crew is a responder with two crews: "crew-a" answers the failure of line
// "line" by travelling for an hour and repairing it for four; "crew-b"
// stands idle for the first six hours.
type crew struct{ line int32 }

func (c crew) Start(ctl *cascade.Control) {
	ctl.Record(cascade.Activity{Actor: "crew-b", Kind: "idle", Target: -1, Start: 0, End: 6 * sim.Hour})
}

func (c crew) OnChange(ctl *cascade.Control, ch cascade.Change) {
	if !ch.Link || ch.Entity != c.line || !ch.Down() {
		return
	}
	now := ctl.Now()
	ctl.Record(cascade.Activity{Actor: "crew-a", Kind: "travel", Target: c.line, Link: true, Start: now, End: now + sim.Hour})
	ctl.Record(cascade.Activity{Actor: "crew-a", Kind: "repair", Target: c.line, Link: true, Start: now + sim.Hour, End: now + 5*sim.Hour})
	ctl.Apply(now+5*sim.Hour, hazard.Impact{Kind: hazard.Repair, Target: c.line, Link: true})
}

// tinyCity is a hand-built city run through the engine, with locations in
// WGS84 (or, when crs is Web Mercator, the same places projected). A plant
// feeds substation "sub" (1000 people, 2 MW) over line "line"; a hospital
// (critical) needs sub's power with no backup; a central office serves a
// cell tower (1000 people) that needs sub's power with a 2 h battery. The
// line breaks at 1 h; crew-a travels 1 h to it and repairs it for 4 h, so it
// is back at 6 h, when the run ends. By hand: line, sub and hospital are out
// from 1 h to 6 h (5 h each); the tower runs on its battery from 1 h to 3 h
// and is out from 3 h to 6 h (3 h); plant, office and the fiber never fail.
func tinyCity(t testing.TB, crs network.CRS) *cascade.Result {
	t.Helper()
	return tinyRun(t, crs, 0)
}

// tinyRun runs tinyCity up to a horizon (0: to its last event).
func tinyRun(t testing.TB, crs network.CRS, horizon sim.Time) *cascade.Result {
	t.Helper()
	res, err := runTiny(crs, horizon)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// runTiny builds and runs tinyCity.
func runTiny(crs network.CRS, horizon sim.Time) (*cascade.Result, error) {
	at := func(x, y float64) *network.Point {
		p := network.Point{X: x, Y: y}
		if crs.Code() == 3857 {
			p = network.LonLatToMercator(p)
		}
		return &p
	}
	b := network.NewBuilder()
	b.SetName("tiny")
	b.SetCRS(crs)
	for _, c := range []network.Component{
		{ID: "plant", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource, Location: at(10, 50)},
		{ID: "sub", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Population: 1000, Demand: 2, Location: at(10.02, 50)},
		{ID: "hospital", Sector: "health", Kind: network.KindHospital, Role: network.RoleConsumer, Critical: true, Location: at(10.02, 50.01)},
		{ID: "office", Sector: network.Telecom, Kind: network.KindCentralOffice, Role: network.RoleSource, Location: at(10, 50.02)},
		{ID: "tower", Sector: network.Telecom, Kind: network.KindCellTower, Role: network.RoleConsumer, Population: 1000, Location: at(10.02, 50.02)},
	} {
		b.AddComponent(c)
	}
	b.AddLink(network.Link{ID: "line", Kind: network.KindLine, From: "plant", To: "sub"})
	b.AddLink(network.Link{ID: "fiber", Kind: network.KindFiber, From: "office", To: "tower"})
	b.AddRequirement(network.Requirement{Dependent: "hospital", Providers: []string{"sub"}})
	b.AddRequirement(network.Requirement{Dependent: "tower", Providers: []string{"sub"}, Buffer: 2 * sim.Hour})
	net, err := b.Build()
	if err != nil {
		return nil, err
	}
	line, _ := net.LinkIndex("line")
	e, err := cascade.New(net, cascade.Options{Responder: crew{line}, Horizon: horizon})
	if err != nil {
		return nil, err
	}
	return e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Damage, Target: line, Link: true, State: network.DamageComplete},
	}})
}
