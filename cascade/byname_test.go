package cascade_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestSectorByName: a sector's records are found by its name, whatever
// its index; an unknown name is reported. With S down from 1 h (tower
// network), telecom serves no one at 2 h and power nothing.
func TestSectorByName(t *testing.T) {
	r := runTower(t, nil, true)
	tel, ok := r.Sector(network.Telecom)
	if !ok || tel.Series.Sector != network.Telecom || tel.Reasons.Sector != network.Telecom || tel.Series.QPopulation(2*sim.Hour) != 0 {
		t.Fatalf("telecom: %+v, %v", tel, ok)
	}
	if tel.Reasons.At(2 * sim.Hour).Count[cascade.ReasonUnsupplied] != 1 {
		t.Errorf("telecom split at 2h %v, want T unsupplied", tel.Reasons.At(2*sim.Hour).Count)
	}
	if _, ok := r.Sector("Telecom"); ok {
		t.Error("a sector named Telecom found")
	}
}

// TestOutageStatsWithoutLog, by hand: S is down from 1 h and repaired at
// 4 h, damaged again at 6 h until the end (10 h); T and H follow it. The
// summaries are the same with the change log on and off, and agree with
// Outages.
func TestOutageStatsWithoutLog(t *testing.T) {
	for _, log := range []bool{true, false} {
		e, err := cascade.New(towerNet(t), cascade.Options{Horizon: 10 * sim.Hour, NoChangeLog: !log})
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
			{Time: sim.Hour, Kind: hazard.Damage, Target: 0}, {Time: 4 * sim.Hour, Kind: hazard.Repair, Target: 0},
			{Time: 6 * sim.Hour, Kind: hazard.Damage, Target: 0}}})
		if err != nil {
			t.Fatal(err)
		}
		want := cascade.OutageStats{Count: 2, First: sim.Hour, Total: 3*sim.Hour + 4*sim.Hour}
		for i := range int32(3) {
			if got := r.OutageOf(i); got != want {
				t.Errorf("log %v: component %d: %+v, want %+v", log, i, got, want)
			}
		}
		if log && len(r.Outages(2)) != 2 {
			t.Errorf("H's outages %v, want two", r.Outages(2))
		}
	}
}

// TestLinkOutagesAndExplain: L1 is damaged at 1 h and L2, carrying all
// 150 MW on a 100 MW rating, trips after a protection delay of 1.5 s
// (TestProtectionDelay's network). The links' outages and chains are found
// like a component's; the text rounds the trip's 1h0m1.5s to 1h0m2s.
func TestLinkOutagesAndExplain(t *testing.T) {
	r := runParallel(t, 150, cascade.Protection{Delay: 1500 * sim.Millisecond}, 0, hazard.Impact{Time: sim.Hour, Kind: hazard.Damage, Target: 0, Link: true})
	trip := sim.Hour + 1500*sim.Millisecond
	if got := r.LinkOutages(0); len(got) != 1 || got[0] != [2]sim.Time{sim.Hour, -1} {
		t.Errorf("L1's outages %v", got)
	}
	if got := r.LinkOutages(1); len(got) != 1 || got[0] != [2]sim.Time{trip, -1} {
		t.Errorf("L2's outages %v", got)
	}
	if o := r.LinkOutageOf(1); o.Count != 1 || o.First != trip || o.Total != r.End-trip {
		t.Errorf("L2's summary %+v (end %v)", o, r.End)
	}
	ch, ok := r.ExplainLink(1, 2*sim.Hour)
	text := ch.String()
	if !ok || !strings.HasPrefix(text, "1h2s ") || !strings.Contains(text, "after 2s above it") || !strings.Contains(text, "link L1: damage") {
		t.Fatalf("chain:\n%s", text)
	}
	if _, ok := r.ExplainLink(1, sim.Hour); ok {
		t.Error("L2 explained before it changed")
	}
}

// TestReasonSuspended: a flooded (suspended) site is counted as suspended,
// not damaged; damage, removal and trips (the latches) count as damaged
// first. In the tower network, T flooded from 1 h to 3 h is suspended at
// 2 h and up at 3 h.
func TestReasonSuspended(t *testing.T) {
	for _, tc := range []struct {
		f    network.Flags
		want cascade.Reason
	}{
		{network.Suspended, cascade.ReasonSuspended},
		{network.Suspended | network.Unsupplied, cascade.ReasonSuspended},
		{network.Damaged | network.Suspended, cascade.ReasonDamaged},
		{network.Removed, cascade.ReasonDamaged},
		{network.Tripped, cascade.ReasonDamaged},
		{network.Unsupplied | network.Unserved, cascade.ReasonUnsupplied},
	} {
		if got := cascade.ReasonOf(tc.f); got != tc.want {
			t.Errorf("ReasonOf(%v) = %v, want %v", tc.f, got, tc.want)
		}
	}
	e, err := cascade.New(towerNet(t), cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Suspend, Target: 1}, {Time: 3 * sim.Hour, Kind: hazard.Resume, Target: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	tel, _ := r.Sector(network.Telecom)
	if c := tel.Reasons.At(2 * sim.Hour).Count; c[cascade.ReasonSuspended] != 1 || c[cascade.ReasonDamaged] != 0 {
		t.Errorf("split at 2h %v, want T suspended", c)
	}
	if c := tel.Reasons.At(3 * sim.Hour).Count; c[cascade.ReasonSuspended] != 0 {
		t.Errorf("split at 3h %v, want T up", c)
	}
}

// TestOutOfServiceLinkHasNoOutage: a normally open tie line (switched off
// in the base case) damaged at 1 h and repaired at 2 h never carried
// service, so it has no outage to count, with the log on or off.
func TestOutOfServiceLinkHasNoOutage(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "G", Sector: network.Power, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "C", Sector: network.Power, Role: network.RoleConsumer, Demand: 1})
	b.AddLink(network.Link{ID: "L", From: "G", To: "C"})
	b.AddLink(network.Link{ID: "tie", From: "G", To: "C", OutOfService: true})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	for _, log := range []bool{true, false} {
		e, err := cascade.New(n, cascade.Options{Horizon: 3 * sim.Hour, NoChangeLog: !log})
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
			{Time: sim.Hour, Kind: hazard.Damage, Target: 1, Link: true},
			{Time: 2 * sim.Hour, Kind: hazard.Repair, Target: 1, Link: true}}})
		if err != nil {
			t.Fatal(err)
		}
		if o := r.LinkOutageOf(1); o != (cascade.OutageStats{First: -1}) {
			t.Errorf("log %v: tie's summary %+v, want none", log, o)
		}
		if got := r.LinkOutages(1); got != nil {
			t.Errorf("log %v: tie's outages %v, want none", log, got)
		}
	}
}
