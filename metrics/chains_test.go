package metrics_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/metrics"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// loopCity runs a chain that leaves power, passes through telecom and
// comes back: genA feeds loadA; a tower needs loadA's power (no lag, no
// battery); bus2, between genB and loadB, needs the tower (SCADA). genA is
// damaged at 1 h and never repaired. By hand, all at 1 h: genA damaged
// (impact); loadA cut off (service, citing genA); the tower unsupplied
// (requirement, citing loadA); bus2 unsupplied (requirement, citing the
// tower); loadB cut off (service, citing bus2). The telecom sector has no
// source, so the tower is served while functional.
func loopCity(t testing.TB, opts cascade.Options) *cascade.Result {
	t.Helper()
	b := network.NewBuilder()
	for _, c := range []network.Component{
		{ID: "genA", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource},
		{ID: "loadA", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Population: 100, Demand: 1},
		{ID: "genB", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource},
		{ID: "bus2", Sector: network.Power, Kind: network.KindSubstation},
		{ID: "loadB", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Population: 300, Demand: 3},
		{ID: "tower", Sector: network.Telecom, Kind: network.KindCellTower, Role: network.RoleConsumer, Population: 50},
	} {
		b.AddComponent(c)
	}
	b.AddLink(network.Link{ID: "a", Kind: network.KindLine, From: "genA", To: "loadA"})
	b.AddLink(network.Link{ID: "b1", Kind: network.KindLine, From: "genB", To: "bus2"})
	b.AddLink(network.Link{ID: "b2", Kind: network.KindLine, From: "bus2", To: "loadB"})
	b.AddRequirement(network.Requirement{Dependent: "tower", Providers: []string{"loadA"}})
	b.AddRequirement(network.Requirement{Dependent: "bus2", Providers: []string{"tower"}, Kind: network.Cyber})
	net, err := b.Build()
	require.NoError(t, err)
	e, err := cascade.New(net, opts)
	require.NoError(t, err)
	res, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: h, Kind: hazard.Damage, Target: 0, State: network.DamageComplete},
	}})
	require.NoError(t, err)
	return res
}

func TestChainStatsLoop(t *testing.T) {
	res := loopCity(t, cascade.Options{})
	ch, err := metrics.ChainStats(res)
	require.NoError(t, err)
	assert.Equal(t, 1, ch.Direct)
	assert.Equal(t, 4, ch.Induced)
	assert.Equal(t, 5.0, ch.Amplification)
	assert.Equal(t, 5, ch.Failures)
	assert.Equal(t, []metrics.MechanismCount{{cascade.ByImpact, 1}, {cascade.ByService, 2}, {cascade.ByRequirement, 2}}, ch.ByMechanism)
	var paths []string
	for _, p := range ch.Paths {
		paths = append(paths, p.Path.String())
		assert.Equal(t, map[string]int{"power": 2, "power→telecom→power": 2, "power→telecom": 1}[p.Path.String()], p.Count, p.Path.String())
	}
	assert.Equal(t, []string{"power", "power→telecom→power", "power→telecom"}, paths, "most frequent first, ties by text")
	// loadB ← bus2 ← tower ← loadA ← genA.
	loadB, _ := res.Network.ComponentIndex("loadB")
	assert.Equal(t, metrics.Longest{Length: 5, Entity: loadB, Time: h, Cause: ch.Longest.Cause}, ch.Longest)
	chain, ok := res.Explain(loadB, h)
	require.True(t, ok)
	assert.Len(t, chain.Causes, 5, "Explain walks the same chain")
}

// In substationTower the tower goes down at 5 h on its empty battery; the
// load was cut off at 1 h; both chains have two causes, and the load's
// comes first in the log.
func TestChainStatsBuffer(t *testing.T) {
	res := substationTower(t)
	ch, err := metrics.ChainStats(res)
	require.NoError(t, err)
	assert.Equal(t, 3, ch.Failures, "sub, load, tower; going on backup is no failure")
	assert.Equal(t, []metrics.MechanismCount{{cascade.ByImpact, 1}, {cascade.ByService, 1}, {cascade.ByBuffer, 1}}, ch.ByMechanism)
	assert.Equal(t, []metrics.PathCount{{metrics.Path{"power"}, 2}, {metrics.Path{"power", "telecom"}, 1}}, ch.Paths)
	load, _ := res.Network.ComponentIndex("load")
	assert.Equal(t, 2, ch.Longest.Length)
	assert.Equal(t, load, ch.Longest.Entity)
	assert.Equal(t, h, ch.Longest.Time)
}

// parts is a compound hazard of fixed parts (a typhoon and the rainstorm
// it started), for chains through trigger causes.
type parts []hazard.Part

func (parts) Name() string { return "typhoon" }

func (p parts) Impacts(*network.Network, hazard.Rand) ([]hazard.Impact, error) {
	return hazard.Flatten(p), nil
}

func (p parts) Parts(*network.Network, hazard.Rand) ([]hazard.Part, error) { return p, nil }

// A typhoon suspends the road at 1 h; at 2 h, its gust above a threshold
// away from every component (a trigger with no site), it starts a
// rainstorm that suspends the plant at 3 h. By hand: two failures, both by
// impact; the road's chain is its impact (length 1, path transport); the
// plant's is its impact and the trigger cause before it (length 2), whose
// path is power alone, as a trigger with no site is in no sector.
func TestChainStatsTriggerWithoutSite(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "plant", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "road", Sector: network.Transport})
	net, err := b.Build()
	require.NoError(t, err)
	plant, _ := net.ComponentIndex("plant")
	road, _ := net.ComponentIndex("road")
	e, err := cascade.New(net, cascade.Options{})
	require.NoError(t, err)
	res, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{parts{
		{Name: "typhoon", Parent: -1, Impacts: []hazard.Impact{{Time: h, Kind: hazard.Suspend, Target: road}}},
		{Name: "rainstorm", Parent: 0, At: 2 * h, Site: -1, Impacts: []hazard.Impact{{Time: 3 * h, Kind: hazard.Suspend, Target: plant}}},
	}}})
	require.NoError(t, err)

	ch, err := metrics.ChainStats(res)
	require.NoError(t, err)
	assert.Equal(t, 2, ch.Failures)
	assert.Equal(t, []metrics.MechanismCount{{cascade.ByImpact, 2}}, ch.ByMechanism)
	assert.Equal(t, []metrics.PathCount{{metrics.Path{"power"}, 1}, {metrics.Path{"transport"}, 1}}, ch.Paths)
	assert.Equal(t, 2, ch.Longest.Length)
	assert.Equal(t, plant, ch.Longest.Entity)
	assert.Equal(t, 3*h, ch.Longest.Time)
}

func TestChainStatsNothing(t *testing.T) {
	res := loopCity(t, cascade.Options{})
	res.Changes, res.Causes, res.Direct, res.Induced = nil, nil, 0, 0
	clear(res.Outage)
	ch, err := metrics.ChainStats(res)
	require.NoError(t, err, "nothing failed: an empty log is the truth")
	assert.Equal(t, 0, ch.Failures)
	assert.Equal(t, 0, ch.Longest.Length)
	assert.True(t, math.IsNaN(ch.Amplification))
}

func TestNoChangeLog(t *testing.T) {
	res := loopCity(t, cascade.Options{NoChangeLog: true})
	_, err := metrics.ChainStats(res)
	assert.ErrorIs(t, err, metrics.ErrNoChangeLog)
	_, err = metrics.Outages(res)
	assert.ErrorIs(t, err, metrics.ErrNoChangeLog)
}

// The outages of substationTower by hand: sub (damaged) and load (cut off)
// from 1 h to the repair at 8 h, the tower from its empty battery at 5 h
// to 8 h. In loopCity nothing is repaired: five outages still open at
// the end (1 h).
func TestOutages(t *testing.T) {
	res := substationTower(t)
	seq, err := metrics.Outages(res)
	require.NoError(t, err)
	iv := func(a, b int64) metrics.Interval {
		return metrics.Interval{Start: sim.Time(a) * h, End: sim.Time(b) * h}
	}
	assert.Equal(t, []metrics.Outage{
		{Entity: 0, Interval: iv(1, 8)},
		{Entity: 1, Interval: iv(1, 8)},
		{Entity: 2, Interval: iv(5, 8)},
	}, slices.Collect(seq))

	res = loopCity(t, cascade.Options{})
	seq, err = metrics.Outages(res)
	require.NoError(t, err)
	n := 0
	for o := range seq {
		n++
		assert.Equal(t, metrics.Interval{Start: h, End: h, Open: true}, o.Interval)
		assert.False(t, o.Link)
	}
	assert.Equal(t, 5, n)
}
