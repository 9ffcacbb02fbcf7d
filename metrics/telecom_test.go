package metrics_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/telecom"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/metrics"
	"github.com/lifeline-sim/lifeline/network"
)

// towerCity is a battery-tower scenario. A central office (8 h generator)
// and towers t1 (4 h battery) and t2 (2 h battery) draw power from sub;
// t3 from sub2, on another plant; t4 has no backup. All four towers hang
// off the office by fiber. t4 is damaged at 30 min, sub's plant at 1 h,
// t3's fiber at 2 h; nothing is repaired. The hand count, as outage
// reports split it (D damaged, NP no power, BH backhaul, B on backup):
//
//	0     all five up
//	30m   D 1 (t4)
//	1h    D 1, B 3 (office, t1, t2 on backup)
//	2h    D 1, B 3, BH 1 (t3 cut off)
//	3h    D 1, NP 1, B 2, BH 1 (t2's battery empty)
//	5h    D 1, NP 2, B 1, BH 1 (t1's)
//	9h    D 1, NP 3, BH 1 (the office's generator; t1 and t2 stay
//	      classed no power, unsupplied before cut off)
//
// The run ends at its last event, 9 h. Site-hours over [0, 9h): damaged
// 8.5, no power 6 (t2) + 4 (t1) = 10, backhaul 7, on backup 8 (office)
// + 4 + 2 = 14.
func towerCity(t testing.TB, classify bool) *cascade.Result {
	t.Helper()
	b := network.NewBuilder()
	for _, c := range []network.Component{
		{ID: "gen", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource},
		{ID: "sub", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Demand: 1},
		{ID: "gen2", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource},
		{ID: "sub2", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Demand: 1},
		{ID: "office", Sector: network.Telecom, Kind: network.KindCentralOffice, Role: network.RoleSource},
		{ID: "t1", Sector: network.Telecom, Kind: network.KindCellTower, Role: network.RoleConsumer, Population: 100},
		{ID: "t2", Sector: network.Telecom, Kind: network.KindCellTower, Role: network.RoleConsumer, Population: 100},
		{ID: "t3", Sector: network.Telecom, Kind: network.KindCellTower, Role: network.RoleConsumer, Population: 100},
		{ID: "t4", Sector: network.Telecom, Kind: network.KindCellTower, Role: network.RoleConsumer, Population: 100},
	} {
		b.AddComponent(c)
	}
	b.AddLink(network.Link{ID: "l1", Kind: network.KindLine, From: "gen", To: "sub"})
	b.AddLink(network.Link{ID: "l2", Kind: network.KindLine, From: "gen2", To: "sub2"})
	for _, tw := range []string{"t1", "t2", "t3", "t4"} {
		b.AddLink(network.Link{ID: "f-" + tw, Kind: network.KindFiber, From: "office", To: tw})
	}
	b.AddRequirement(network.Requirement{Dependent: "office", Providers: []string{"sub"}, Buffer: 8 * h})
	b.AddRequirement(network.Requirement{Dependent: "t1", Providers: []string{"sub"}, Buffer: 4 * h})
	b.AddRequirement(network.Requirement{Dependent: "t2", Providers: []string{"sub"}, Buffer: 2 * h})
	b.AddRequirement(network.Requirement{Dependent: "t3", Providers: []string{"sub2"}})
	b.AddRequirement(network.Requirement{Dependent: "t4", Providers: []string{"sub"}})
	net, err := b.Build()
	require.NoError(t, err)
	opts := cascade.Options{}
	if classify {
		opts.Models = map[network.Sector]flow.Factory{network.Telecom: telecom.Options{}.Factory}
	}
	e, err := cascade.New(net, opts)
	require.NoError(t, err)
	at := func(id string) int32 { i, _ := net.ComponentIndex(id); return i }
	f3, _ := net.LinkIndex("f-t3")
	res, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: h / 2, Kind: hazard.Damage, Target: at("t4"), State: network.DamageComplete},
		{Time: h, Kind: hazard.Damage, Target: at("gen"), State: network.DamageComplete},
		{Time: 2 * h, Kind: hazard.Damage, Target: f3, Link: true, State: network.DamageComplete},
	}})
	require.NoError(t, err)
	return res
}

func TestTelecomCauses(t *testing.T) {
	want := []metrics.TelecomPoint{
		{Time: 0},
		{Time: h / 2, Damaged: 1},
		{Time: h, Damaged: 1, OnBackup: 3},
		{Time: 2 * h, Damaged: 1, OnBackup: 3, Backhaul: 1},
		{Time: 3 * h, Damaged: 1, NoPower: 1, OnBackup: 2, Backhaul: 1},
		{Time: 5 * h, Damaged: 1, NoPower: 2, OnBackup: 1, Backhaul: 1},
		{Time: 9 * h, Damaged: 1, NoPower: 3, Backhaul: 1},
	}
	for _, classify := range []bool{true, false} {
		res := towerCity(t, classify)
		require.Equal(t, 9*h, res.End)
		ts, err := metrics.TelecomCauses(res)
		require.NoError(t, err)
		assert.Equal(t, classify, ts.Classified)
		assert.Equal(t, 5, ts.Sites)
		assert.Equal(t, want, ts.Points, "classified %v", classify)
		assert.Equal(t, metrics.TelecomHours{Damaged: 8.5, NoPower: 10, Backhaul: 7, OnBackup: 14}, ts.Hours(0, 9*h))
		// Past the end the last step holds: one more hour adds 1 + 3 + 1.
		assert.Equal(t, metrics.TelecomHours{Damaged: 1, NoPower: 3, Backhaul: 1}, ts.Hours(9*h, 10*h))
		p := ts.At(4 * h)
		assert.Equal(t, int32(3), p.Out())
		var outs []int32
		for p := range ts.Sample(metrics.Grid(0, 10*h, 5*h)) {
			outs = append(outs, p.Out())
		}
		assert.Equal(t, []int32{0, 4, 5}, outs)
	}
}

func TestTelecomCausesErrors(t *testing.T) {
	res := towerCity(t, true)
	res.Classes[0].Classes = append([]string(nil), res.Classes[0].Classes...)
	res.Classes[0].Classes[0] = "mystery"
	_, err := metrics.TelecomCauses(res)
	assert.ErrorIs(t, err, metrics.ErrNotRecorded)

	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "x", Sector: network.Power, Role: network.RoleSource})
	net, err := b.Build()
	require.NoError(t, err)
	e, err := cascade.New(net, cascade.Options{})
	require.NoError(t, err)
	res, err = e.Run(context.Background(), cascade.Input{})
	require.NoError(t, err)
	_, err = metrics.TelecomCauses(res)
	assert.ErrorIs(t, err, metrics.ErrNoSector)
}
