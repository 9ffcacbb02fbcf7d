package metrics_test

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/metrics"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// hospitalCity runs a hospital that needs power (a substation, with a 2 h
// generator as buffer), water (two junctions, both needed) and telecom (a
// central office), and sits at the gate of a road from a district of 1000
// people. Events: the generation plant is damaged from 1 h to 6 h, the
// road from 2 h to 10 h, junction j1 from 4 h to 5 h and j2 from 4h30 to
// 8 h. By hand: without power [1h, 6h) (the hospital on its generator to
// 3 h, down from 3 h until both power and water are back at 8 h); without water [4h, 8h), the union of
// [4h, 5h) and [4h30, 8h); never without telecom; without road access
// [2h, 10h) (nobody from the district reaches the gate); the run ends at
// its last event, 10 h.
func hospitalCity(t testing.TB, facilityAccess bool) *cascade.Result {
	t.Helper()
	b := network.NewBuilder()
	for _, c := range []network.Component{
		{ID: "gen", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource},
		{ID: "sub", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Demand: 1},
		{ID: "houses", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Zone: "D", Population: 1000, Demand: 2},
		{ID: "plant", Sector: network.Water, Kind: network.KindTreatmentPlant, Role: network.RoleSource},
		{ID: "j1", Sector: network.Water, Kind: network.KindJunction, Role: network.RoleConsumer, Demand: 0.1},
		{ID: "j2", Sector: network.Water, Kind: network.KindJunction, Role: network.RoleConsumer, Demand: 0.1},
		{ID: "co", Sector: network.Telecom, Kind: network.KindCentralOffice, Role: network.RoleSource},
		{ID: "home", Sector: network.Transport, Kind: network.KindIntersection, Zone: "D"},
		{ID: "gate", Sector: network.Transport, Kind: network.KindIntersection},
		{ID: "hospital", Sector: "health", Kind: network.KindHospital, Role: network.RoleConsumer, Critical: true, Access: "gate"},
	} {
		b.AddComponent(c)
	}
	b.AddLink(network.Link{ID: "feeder", Kind: network.KindLine, From: "gen", To: "sub"})
	b.AddLink(network.Link{ID: "feeder2", Kind: network.KindLine, From: "gen", To: "houses"})
	b.AddLink(network.Link{ID: "main1", Kind: network.KindPipe, From: "plant", To: "j1"})
	b.AddLink(network.Link{ID: "main2", Kind: network.KindPipe, From: "plant", To: "j2"})
	b.AddLink(network.Link{ID: "road", Kind: network.KindRoad, From: "home", To: "gate", FreeFlow: 5 * sim.Minute})
	b.AddRequirement(network.Requirement{Dependent: "hospital", Providers: []string{"sub"}, Buffer: 2 * h})
	b.AddRequirement(network.Requirement{Dependent: "hospital", Providers: []string{"j1"}})
	b.AddRequirement(network.Requirement{Dependent: "hospital", Providers: []string{"j2"}})
	b.AddRequirement(network.Requirement{Dependent: "hospital", Providers: []string{"co"}})
	net, err := b.Build()
	require.NoError(t, err)
	e, err := cascade.New(net, cascade.Options{FacilityAccess: facilityAccess,
		Models: map[network.Sector]flow.Factory{network.Transport: roads.Options{}.Factory}})
	require.NoError(t, err)
	at := func(id string) int32 {
		i, ok := net.ComponentIndex(id)
		require.True(t, ok, id)
		return i
	}
	road, _ := net.LinkIndex("road")
	half := h / 2
	res, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: h, Kind: hazard.Damage, Target: at("gen"), State: network.DamageComplete},
		{Time: 6 * h, Kind: hazard.Repair, Target: at("gen")},
		{Time: 2 * h, Kind: hazard.Damage, Target: road, Link: true, State: network.DamageComplete},
		{Time: 10 * h, Kind: hazard.Repair, Target: road, Link: true},
		{Time: 4 * h, Kind: hazard.Damage, Target: at("j1"), State: network.DamageComplete},
		{Time: 5 * h, Kind: hazard.Repair, Target: at("j1")},
		{Time: 4*h + half, Kind: hazard.Damage, Target: at("j2"), State: network.DamageComplete},
		{Time: 8 * h, Kind: hazard.Repair, Target: at("j2")},
	}})
	require.NoError(t, err)
	return res
}

func TestFacilities(t *testing.T) {
	res := hospitalCity(t, true)
	require.Equal(t, 10*h, res.End)
	fs := slices.Collect(metrics.Facilities(res))
	require.Len(t, fs, 1)
	f := fs[0]
	assert.Equal(t, "hospital", res.Network.ComponentID(f.Component))
	iv := func(a, b sim.Time) metrics.Interval { return metrics.Interval{Start: a, End: b} }
	assert.Equal(t, []metrics.Lack{
		{Sector: network.Power, Without: []metrics.Interval{iv(h, 6*h)}},
		{Sector: network.Water, Without: []metrics.Interval{iv(4*h, 8*h)}},
		{Sector: network.Telecom},
	}, f.Supply)
	require.True(t, f.RoadKnown)
	assert.Equal(t, []metrics.Interval{iv(2*h, 10*h)}, f.Road)

	with, ok := f.With(network.Power)
	require.True(t, ok)
	assert.Equal(t, []metrics.Interval{iv(0, h), {Start: 6 * h, End: 10 * h, Open: true}}, with)
	with, ok = f.With(network.Telecom)
	require.True(t, ok)
	assert.Equal(t, []metrics.Interval{{Start: 0, End: 10 * h, Open: true}}, with, "telecom all along")
	_, ok = f.Without(network.Gas)
	assert.False(t, ok, "no requirement on gas")
	assert.Equal(t, []metrics.Interval{iv(0, 2*h)}, metrics.Complement(f.Road, res.End), "road back exactly at the end")

	// The hospital itself: down from its empty generator at 3 h; power is
	// back at 6 h, but water (needed since 4 h) only at 8 h.
	outs, err := metrics.Outages(res)
	require.NoError(t, err)
	for o := range outs {
		if !o.Link && o.Entity == f.Component {
			assert.Equal(t, iv(3*h, 8*h), o.Interval)
		}
	}

	// Without per-facility access the road record is unknown, the rest
	// the same.
	fs = slices.Collect(metrics.Facilities(hospitalCity(t, false)))
	assert.False(t, fs[0].RoadKnown)
	assert.Nil(t, fs[0].Road)
	assert.Equal(t, f.Supply, fs[0].Supply)
}

func TestComplementOpen(t *testing.T) {
	// An interval still open at the end leaves nothing after it.
	assert.Equal(t, []metrics.Interval{{Start: 0, End: h}},
		metrics.Complement([]metrics.Interval{{Start: h, End: 5 * h, Open: true}}, 5*h))
	assert.Equal(t, []metrics.Interval{{Start: 0, End: 5 * h, Open: true}}, metrics.Complement(nil, 5*h))
}
