package cascade_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestLargeDemandKeepsQInRange: a sector just below the fixed-point limits
// network.Build enforces. A source feeds 1024 consumers of demand 9e9 each:
// 9e15 in fixed point (network.DemandScale = 1e6), below 2^53, and a sector
// total of 1024 × 9e15 = 9.216e18, below 2^63−1 ≈ 9.223e18 (a 1025th
// consumer, or a demand of 1e13, is refused by Build; see network's tests).
// By hand: consumer c0 is down from 1 h to 2 h, so Q = 1023/1024 there; the
// source is down from 3 h to 4 h, so Q = 0; after 4 h Q is exactly 1.
func TestLargeDemandKeepsQInRange(t *testing.T) {
	const members = 1024
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "S", Sector: network.Power, Role: network.RoleSource})
	for i := range members {
		id := fmt.Sprintf("c%d", i)
		b.AddComponent(network.Component{ID: id, Sector: network.Power, Role: network.RoleConsumer, Demand: 9e9, Population: 1})
		b.AddLink(network.Link{ID: "l" + id, From: "S", To: id})
	}
	net, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	e, err := cascade.New(net, cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c0, _ := net.ComponentIndex("c0")
	src, _ := net.ComponentIndex("S")
	res, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: sim.Hour, Kind: hazard.Damage, Target: c0, State: network.DamageComplete},
		{Time: 2 * sim.Hour, Kind: hazard.Repair, Target: c0},
		{Time: 3 * sim.Hour, Kind: hazard.Damage, Target: src, State: network.DamageComplete},
		{Time: 4 * sim.Hour, Kind: hazard.Repair, Target: src},
	}})
	if err != nil {
		t.Fatal(err)
	}
	pw, ok := res.Sector(network.Power)
	if !ok {
		t.Fatal("no power series")
	}
	ser := pw.Series
	if want := int64(members) * 9e15; ser.TotalDemand != want {
		t.Fatalf("TotalDemand = %d, want %d", ser.TotalDemand, want)
	}
	for _, p := range ser.Points {
		if q := ser.Q(p.Time); !(q >= 0 && q <= 1) || p.Demand < 0 || p.Demand > ser.TotalDemand {
			t.Errorf("at %v: served %d of %d, Q = %v", p.Time, p.Demand, ser.TotalDemand, q)
		}
	}
	for _, c := range []struct {
		at   sim.Time
		want float64
	}{{0, 1}, {90 * sim.Minute, 1023.0 / 1024}, {150 * sim.Minute, 1}, {210 * sim.Minute, 0}, {5 * sim.Hour, 1}} {
		if q := ser.Q(c.at); math.Abs(q-c.want) > 1e-12 {
			t.Errorf("Q(%v) = %v, want %v", c.at, q, c.want)
		}
	}
	if last := ser.Points[len(ser.Points)-1]; last.Demand != ser.TotalDemand || ser.Q(res.End) != 1 {
		t.Errorf("ends at %d of %d", last.Demand, ser.TotalDemand)
	}
}
