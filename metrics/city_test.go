package metrics_test

import (
	"context"
	"math/big"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/flow/telecom"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/metrics"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// cityRun runs a synthetic city (synth.City, seed 1) of about n
// components: fraction of its components damaged at 1 h by a named
// RandomFraction, each repaired at a uniform time within 72 h (the
// response stream), change log on. all chooses every sector model of
// examples/city (DC power flow, water with tanks, roads with per-facility
// access, telecom); otherwise the default models and the telecom model.
func cityRun(tb testing.TB, n int, fraction float64, all bool) *cascade.Result {
	tb.Helper()
	net, err := synth.City(synth.CityParams{Components: n, Seed: 1})
	require.NoError(tb, err)
	opts := cascade.Options{Models: map[network.Sector]flow.Factory{network.Telecom: telecom.Options{}.Factory}}
	if all {
		opts.FacilityAccess = true
		opts.Models[network.Power] = power.Options{}.Factory
		opts.Models[network.Water] = water.Options{}.Factory
		opts.Models[network.Transport] = roads.Options{}.Factory
	}
	e, err := cascade.New(net, opts)
	require.NoError(tb, err)
	rs := sim.ReplicationSeed(1, 0)
	quake := &hazard.RandomFraction{Label: "quake", Fraction: fraction, Effect: hazard.Damage, At: sim.Hour}
	hits, err := quake.Impacts(net, hazard.NewRand(rs, quake.Name()))
	require.NoError(tb, err)
	im := append(hits, hazard.Repairs(net, hits, rs, 72*sim.Hour)...)
	res, err := e.Run(context.Background(), cascade.Input{Impacts: im, Seed: rs})
	require.NoError(tb, err)
	return res
}

// TestCityConsistent checks the metrics of a synthetic city's run against
// independent computations from the same Result: brute-force integrals
// in big integers, the engine's own outage summaries and chains, the
// telecom classification of the final state.
func TestCityConsistent(t *testing.T) {
	res := cityRun(t, 2000, 0.05, true)
	require.NotEmpty(t, res.Changes)

	// Curves: the deficit is Σ (Total − Served_k) × (t_k+1 − t_k) over
	// the series, in big integers, to End.
	for _, w := range []metrics.Weight{metrics.ByDemand, metrics.ByPopulation} {
		for k, c := range slices.Collect(metrics.Curves(res, w)) {
			s := res.Series[k]
			want := new(big.Int)
			for j, p := range s.Points {
				next := res.End
				if j+1 < len(s.Points) {
					next = s.Points[j+1].Time
				}
				served, total := p.Demand, s.TotalDemand
				if w == metrics.ByPopulation {
					served, total = p.Population, s.TotalPopulation
				}
				want.Add(want, new(big.Int).Mul(big.NewInt(total-served), big.NewInt(int64(next-p.Time))))
			}
			assert.Equal(t, want.String(), c.Deficit(0, res.End).String(), "%s by %v", c.Sector(), w)
			q, _ := c.Robustness()
			for _, p := range s.Points {
				assert.LessOrEqual(t, q, c.At(p.Time))
			}
		}
	}

	// Outages: per entity those of Result.Outages, summing to the
	// engine's OutageStats.
	outs, err := metrics.Outages(res)
	require.NoError(t, err)
	per := map[[2]int32][][2]sim.Time{}
	total := map[[2]int32]sim.Time{}
	for o := range outs {
		key := [2]int32{o.Entity, 0}
		if o.Link {
			key[1] = 1
		}
		up := o.End
		if o.Open {
			up = -1
		}
		per[key] = append(per[key], [2]sim.Time{o.Start, up})
		total[key] += o.Duration()
	}
	net := res.Network
	for i := range net.Components() {
		assert.Equal(t, res.Outages(i), per[[2]int32{i, 0}], "component %d", i)
		assert.Equal(t, res.OutageOf(i).Total, total[[2]int32{i, 0}], "component %d", i)
	}
	for l := range net.Links() {
		assert.Equal(t, res.LinkOutages(l), per[[2]int32{l, 1}], "link %d", l)
		assert.Equal(t, res.LinkOutageOf(l).Total, total[[2]int32{l, 1}], "link %d", l)
	}

	// Chains: the longest is as long as Explain's walk; the splits add up.
	ch, err := metrics.ChainStats(res)
	require.NoError(t, err)
	require.Positive(t, ch.Failures)
	var chain cascade.Chain
	var ok bool
	if ch.Longest.Link {
		chain, ok = res.ExplainLink(ch.Longest.Entity, ch.Longest.Time)
	} else {
		chain, ok = res.Explain(ch.Longest.Entity, ch.Longest.Time)
	}
	require.True(t, ok)
	assert.Len(t, chain.Causes, ch.Longest.Length)
	byMech, byPath := 0, 0
	for _, m := range ch.ByMechanism {
		byMech += m.Count
	}
	for _, p := range ch.Paths {
		byPath += p.Count
	}
	assert.Equal(t, byMech, byPath)
	assert.LessOrEqual(t, byMech, ch.Failures)

	// Telecom: the last step is telecom.Count of the final flags.
	ts, err := metrics.TelecomCauses(res)
	require.NoError(t, err)
	require.True(t, ts.Classified)
	s, _ := net.SectorIndexOf(network.Telecom)
	sp := telecom.Count(net, s, res.Final)
	last := ts.At(res.End)
	assert.Equal(t, [5]int{sp[telecom.Damaged], sp[telecom.NoPower], sp[telecom.OtherSupply], sp[telecom.Backhaul], sp[telecom.OnBackup]},
		[5]int{int(last.Damaged), int(last.NoPower), int(last.OtherSupply), int(last.Backhaul), int(last.OnBackup)})

	// Facilities: each supply interval lies within its sector's union.
	n := 0
	for f := range metrics.Facilities(res) {
		n++
		assert.True(t, net.Critical(f.Component))
		assert.True(t, f.RoadKnown || net.Access(f.Component) < 0, "%s", net.ComponentID(f.Component))
		for _, iv := range res.Supply {
			if net.Dependent(iv.Req) != f.Component {
				continue
			}
			p := net.Providers(iv.Req)[0]
			without, ok := f.Without(net.SectorName(net.ComponentSector(p)))
			require.True(t, ok)
			assert.True(t, slices.ContainsFunc(without, func(u metrics.Interval) bool { return u.Start <= iv.Start && iv.End <= u.End }))
		}
	}
	assert.Positive(t, n, "the city has hospitals and shelters")
}
