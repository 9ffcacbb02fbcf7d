package metrics_test

import (
	"context"
	"math"
	"math/big"
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

const h = sim.Hour

// handCurve is a population curve of 100 people drawn by hand:
//
//	Q  1.0 ─┐                                 ┌───── (End 12 h)
//	   0.95 │                     ┌───────────┘
//	   0.7  │        ┌────────────┘
//	   0.4  └────────┘
//	        0   1h   3h           6h          10h
func handCurve(t *testing.T) metrics.Curve {
	t.Helper()
	c, err := metrics.NewCurve("power", metrics.ByPopulation, 100, 12*h, []metrics.Step{
		{0, 100}, {1 * h, 40}, {3 * h, 70}, {6 * h, 95}, {10 * h, 100},
	})
	require.NoError(t, err)
	return c
}

func TestCurveAt(t *testing.T) {
	c := handCurve(t)
	for _, tc := range []struct {
		t    sim.Time
		want float64
	}{{-1, 1}, {0, 1}, {h - 1, 1}, {h, 0.4}, {2 * h, 0.4}, {3 * h, 0.7}, {6 * h, 0.95}, {10 * h, 1}, {100 * h, 1}} {
		assert.Equal(t, tc.want, c.At(tc.t), "Q(%v)", tc.t)
	}
	assert.Equal(t, int64(40), c.ServedAt(2*h))
}

func TestCurveSample(t *testing.T) {
	c := handCurve(t)
	var got []float64
	for _, q := range c.Sample(metrics.Grid(0, 4*h, h)) {
		got = append(got, q)
	}
	assert.Equal(t, []float64{1, 0.4, 0.4, 0.7, 0.7}, got, "hourly grid over [0, 4h]")
	// A grid that goes back in time is searched, not walked.
	got = got[:0]
	for _, q := range c.Sample(slices.Values([]sim.Time{5 * h, h, 11 * h, 2 * h, 30 * h})) {
		got = append(got, q)
	}
	assert.Equal(t, []float64{0.7, 0.4, 1, 0.4, 1}, got)
	// Grid stops at to, and near MaxTime without wrapping.
	assert.Equal(t, []sim.Time{0, 3, 6}, slices.Collect(metrics.Grid(0, 7, 3)))
	assert.Equal(t, []sim.Time{sim.MaxTime - 1}, slices.Collect(metrics.Grid(sim.MaxTime-1, sim.MaxTime, 5)))
	assert.Panics(t, func() { metrics.Grid(0, 1, 0) })
}

// The deficit by hand: 60 people × 2 h + 30 × 3 h + 5 × 4 h = 230
// person-hours over [0, 12h); over [2h, 7h): 60 × 1 + 30 × 3 + 5 × 1 = 155.
func TestCurveDeficit(t *testing.T) {
	c := handCurve(t)
	assert.Equal(t, "828000000000000", c.Deficit(0, 12*h).String(), "230 person-hours in person-ns")
	assert.Equal(t, 230.0, c.UnservedHours(0, 12*h))
	assert.Equal(t, 2.3, c.ResilienceLoss(0, 12*h), "230 ÷ 100 people")
	assert.Equal(t, 155.0, c.UnservedHours(2*h, 7*h))
	assert.Equal(t, 1.55, c.ResilienceLoss(2*h, 7*h))
	assert.Equal(t, 0.0, c.ResilienceLoss(10*h, 50*h), "restored: nothing after 10h")
	assert.True(t, c.Deficit(5*h, 5*h).IsZero(), "empty window")
	assert.Panics(t, func() { c.Deficit(2*h, h) })
	assert.Panics(t, func() { c.ResilienceLoss(-1, h) })
}

// A sector that never recovers keeps losing after End: 50 of 100 down
// from 1 h, End 2 h; over [0, 4h) the loss is 50 × 3 h ÷ 100 = 1.5 h.
func TestCurveNeverRecovers(t *testing.T) {
	c, err := metrics.NewCurve("water", metrics.ByDemand, 100, 2*h, []metrics.Step{{0, 100}, {h, 50}})
	require.NoError(t, err)
	assert.Equal(t, 1.5, c.ResilienceLoss(0, 4*h))
	r := c.Recovery(0.9)
	assert.Equal(t, metrics.Recovery{Level: 0.9, Lost: h, At: sim.MaxTime, Recovered: false}, r)
	assert.Equal(t, sim.MaxTime, r.Duration())
	// Demand deficit is in fixed point: 50 units × 3 h ÷ DemandScale.
	assert.Equal(t, 150/network.DemandScale, c.UnservedHours(0, 4*h))
}

func TestCurveMin(t *testing.T) {
	c := handCurve(t)
	q, at := c.Robustness()
	assert.Equal(t, 0.4, q)
	assert.Equal(t, h, at)
	q, at = c.Min(3*h, 8*h)
	assert.Equal(t, 0.7, q)
	assert.Equal(t, 3*h, at)
	q, at = c.Min(4*h, 5*h)
	assert.Equal(t, 0.7, q, "the value in force at from")
	assert.Equal(t, 4*h, at)
	q, at = c.Min(7*h, 7*h)
	assert.Equal(t, 0.95, q, "an empty window gives the value at from")
	assert.Equal(t, 7*h, at)
}

func TestCurveRecovery(t *testing.T) {
	c := handCurve(t)
	for _, tc := range []struct {
		level     float64
		lost, at  sim.Time
		recovered bool
		took      sim.Time
	}{
		{0.9, h, 6 * h, true, 5 * h},  // below from 1 h (0.4), for good above from 6 h (0.95)
		{0.95, h, 6 * h, true, 5 * h}, // 95 ÷ 100 = 0.95 meets 0.95
		{1, h, 10 * h, true, 9 * h},   // 95 < 100 until 10 h
		{0.4, -1, 0, true, 0},         // never below 0.4
		{0, -1, 0, true, 0},
	} {
		r := c.Recovery(tc.level)
		assert.Equal(t, metrics.Recovery{Level: tc.level, Lost: tc.lost, At: tc.at, Recovered: tc.recovered}, r, "level %v", tc.level)
		assert.Equal(t, tc.took, r.Duration(), "level %v", tc.level)
	}
	// A second dip after recovering moves the recovery past it.
	d, err := metrics.NewCurve("power", metrics.ByDemand, 10, 9*h, []metrics.Step{{0, 10}, {h, 5}, {2 * h, 10}, {5 * h, 8}, {6 * h, 10}})
	require.NoError(t, err)
	assert.Equal(t, metrics.Recovery{Level: 0.9, Lost: h, At: 6 * h, Recovered: true}, d.Recovery(0.9))
	assert.Panics(t, func() { c.Recovery(1.5) })
	assert.Panics(t, func() { c.Recovery(math.NaN()) })
}

// Functionality on the IN-CORE days, drawn by hand: everything lost at
// 12 h, half back on day 2, 90 % on day 5, all on day 20.
func TestCurveFigures(t *testing.T) {
	c, err := metrics.NewCurve("water", metrics.ByPopulation, 1000, 20*sim.Day, []metrics.Step{
		{0, 1000}, {12 * h, 0}, {2 * sim.Day, 500}, {5 * sim.Day, 900}, {20 * sim.Day, 1000},
	})
	require.NoError(t, err)
	f := c.Figures()
	assert.Equal(t, [5]float64{0, 0.5, 0.9, 1, 1}, f.Functionality)
	assert.Equal(t, 0.0, f.Robustness)
	assert.Equal(t, 12*h, f.RobustAt)
	// 1000 × 36 h + 500 × 72 h + 100 × 360 h = 108000 person-hours.
	assert.Equal(t, 108000.0, f.Unserved)
	assert.Equal(t, 108.0, f.Loss)
	assert.Equal(t, sim.Time(108)*h, f.Recovery[0].Duration(), "90 %: 12 h to day 5")
	assert.Equal(t, 20*sim.Day-12*h, f.Recovery[2].Duration(), "100 %: 12 h to day 20")
}

func TestCurveZeroTotal(t *testing.T) {
	c, err := metrics.NewCurve("gas", metrics.ByDemand, 0, 5*h, []metrics.Step{{0, 0}})
	require.NoError(t, err)
	assert.Equal(t, 1.0, c.At(h))
	assert.Equal(t, 0.0, c.ResilienceLoss(0, 5*h))
	assert.Equal(t, metrics.Recovery{Level: 1, Lost: -1, At: 0, Recovered: true}, c.Recovery(1))
}

func TestNewCurveRejects(t *testing.T) {
	for name, steps := range map[string][]metrics.Step{
		"empty":          nil,
		"late start":     {{h, 1}},
		"not increasing": {{0, 1}, {h, 1}, {h, 0}},
		"above total":    {{0, 11}},
		"negative":       {{0, -1}},
		"after end":      {{0, 1}, {20 * h, 1}},
	} {
		_, err := metrics.NewCurve("power", metrics.ByDemand, 10, 10*h, steps)
		assert.ErrorIs(t, err, metrics.ErrInvalidCurve, name)
	}
	_, err := metrics.NewCurve("power", metrics.ByDemand, -1, 0, []metrics.Step{{0, 0}})
	assert.ErrorIs(t, err, metrics.ErrInvalidCurve)
}

// The 128-bit integral does not overflow where an int64 would: 2⁶² people
// unserved for 2⁶² ns is 2¹²⁴ person-ns.
func TestAreaWide(t *testing.T) {
	const n = int64(1) << 62
	c, err := metrics.NewCurve("power", metrics.ByPopulation, n, 0, []metrics.Step{{0, 0}})
	require.NoError(t, err)
	a := c.Deficit(0, sim.Time(n))
	want := new(big.Int).Lsh(big.NewInt(1), 124)
	assert.Equal(t, want.String(), a.String())
	assert.Equal(t, 0, a.Big().Cmp(want))
	wantH, _ := new(big.Rat).SetFrac(want, big.NewInt(3600e9)).Float64()
	assert.Equal(t, wantH, a.Hours())
	assert.Equal(t, float64(n)/3600e9, c.ResilienceLoss(0, sim.Time(n)), "2⁶² ns in hours")
	sum := a.Add(a).Add(a).Add(a) // 2¹²⁶
	assert.Equal(t, 1, sum.Cmp(a))
	assert.Equal(t, -1, a.Cmp(sum))
	assert.Equal(t, 0, a.Cmp(a))
	half := sum.Add(sum) // 2¹²⁷
	assert.Panics(t, func() { half.Add(half) }, "2¹²⁸ overflows")
}

// substationTower is a small city run through the engine: a power source
// feeds a load (1000 people, 2 MW) over a line, and a cell tower (2500
// people, 0.5 MW of telecom demand) with a 4 h battery. The source is
// damaged at 1 h and repaired at 8 h. By hand: the load is dark from 1 h
// to 8 h; the tower runs on its battery from 1 h, goes down at 5 h and
// comes back with the repair at 8 h; the run ends at its last event, 8 h.
func substationTower(t testing.TB) *cascade.Result {
	t.Helper()
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "sub", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource})
	b.AddComponent(network.Component{ID: "load", Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleConsumer, Population: 1000, Demand: 2})
	b.AddLink(network.Link{ID: "line", Kind: network.KindLine, From: "sub", To: "load"})
	b.AddComponent(network.Component{ID: "tower", Sector: network.Telecom, Kind: network.KindCellTower, Role: network.RoleConsumer, Population: 2500, Demand: 0.5})
	b.AddRequirement(network.Requirement{Dependent: "tower", Providers: []string{"sub"}, Buffer: 4 * h})
	net, err := b.Build()
	require.NoError(t, err)
	e, err := cascade.New(net, cascade.Options{})
	require.NoError(t, err)
	res, err := e.Run(context.Background(), cascade.Input{Impacts: []hazard.Impact{
		{Time: h, Kind: hazard.Damage, Target: 0, State: network.DamageComplete},
		{Time: 8 * h, Kind: hazard.Repair, Target: 0},
	}})
	require.NoError(t, err)
	return res
}

func TestServiceFromRun(t *testing.T) {
	res := substationTower(t)
	require.Equal(t, 8*h, res.End)
	tel, err := metrics.Service(res, network.Telecom, metrics.ByPopulation)
	require.NoError(t, err)
	assert.Equal(t, []metrics.Step{{0, 2500}, {5 * h, 0}, {8 * h, 2500}}, slices.Collect(tel.Steps()))
	assert.Equal(t, 7500.0, tel.UnservedHours(0, res.End), "2500 people × 3 h")
	assert.Equal(t, 3.0, tel.ResilienceLoss(0, res.End))
	assert.Equal(t, metrics.Recovery{Level: 1, Lost: 5 * h, At: 8 * h, Recovered: true}, tel.Recovery(1))

	pw, err := metrics.Service(res, network.Power, metrics.ByDemand)
	require.NoError(t, err)
	assert.Equal(t, 14.0, pw.UnservedHours(0, res.End), "2 MW × 7 h = 14 MWh not served")
	q, at := pw.Robustness()
	assert.Equal(t, 0.0, q)
	assert.Equal(t, h, at)

	// EOH: power out 7 h in full, telecom 3 h; weighted ½ each: 5 h.
	eoh, err := metrics.EquivalentOutageHours(res, network.Power)
	require.NoError(t, err)
	assert.Equal(t, 7.0, eoh)
	eoh, err = metrics.EquivalentOutageHours(res, network.Telecom)
	require.NoError(t, err)
	assert.Equal(t, 3.0, eoh)
	w, err := metrics.WeightedOutageHours(res, map[network.Sector]float64{network.Power: 0.5, network.Telecom: 0.5})
	require.NoError(t, err)
	assert.Equal(t, 5.0, w)

	_, err = metrics.Service(res, "gas", metrics.ByDemand)
	assert.ErrorIs(t, err, metrics.ErrNoSector)
	_, err = metrics.WeightedOutageHours(res, map[network.Sector]float64{"gas": 1})
	assert.ErrorIs(t, err, metrics.ErrNoSector)
	for _, bad := range []float64{math.NaN(), -0.5, math.Inf(1)} {
		_, err = metrics.WeightedOutageHours(res, map[network.Sector]float64{network.Power: bad})
		assert.ErrorIs(t, err, metrics.ErrInvalidWeight, "weight %v", bad)
	}

	var sectors []network.Sector
	for c := range metrics.Curves(res, metrics.ByPopulation) {
		sectors = append(sectors, c.Sector())
	}
	assert.Equal(t, []network.Sector{network.Power, network.Telecom}, sectors)
}

func TestCurveAccessors(t *testing.T) {
	c := handCurve(t)
	assert.Equal(t, network.Sector("power"), c.Sector())
	assert.Equal(t, metrics.ByPopulation, c.Weight())
	assert.Equal(t, "population", c.Weight().String())
	assert.Equal(t, "demand", metrics.ByDemand.String())
	assert.Equal(t, int64(100), c.Total())
	assert.Equal(t, 12*h, c.End())
	assert.Equal(t, 5, c.Len())
	// Iterators stop when asked.
	for s := range c.Steps() {
		assert.Equal(t, metrics.Step{Time: 0, Served: 100}, s)
		break
	}
	for tm, q := range c.Sample(slices.Values([]sim.Time{-h, 2 * h, 3 * h})) {
		assert.Equal(t, -h, tm)
		assert.Equal(t, 1.0, q, "before the scenario")
		break
	}
	res := substationTower(t)
	for c := range metrics.Curves(res, metrics.ByDemand) {
		assert.Equal(t, network.Power, c.Sector())
		break
	}
	_, err := metrics.NewCurve("power", metrics.Weight(7), 1, 0, []metrics.Step{{0, 1}})
	assert.ErrorIs(t, err, metrics.ErrInvalidCurve)
}
