package cli

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/response"
	"github.com/lifeline-sim/lifeline/scenarios"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestDefaultCrews checks the crews of the default scenario against the
// earthquake's own impacts, drawn apart from the engine as
// TestDefaultDamage draws them:
//
//   - the entities the crews repair are exactly the damaged ones (a line
//     tripped without damage is reclosed by the operator, not repaired),
//     each by one repair of a crew of the team of its sector, named
//     TEAM-k with k within the team's count, starting after the quake;
//   - no crew is in two places at once: each member's recorded spells
//     (idle, travel, repair) follow one another;
//   - a component or link the quake took down (capacity factor 0) does
//     not deliver again before its crew's repair ends, and a sector whose
//     demand such a component carries serves all its demand again (the
//     last step of its series, at full demand) only once that repair has
//     ended;
//   - the repair times follow the scenario's model, response.DefaultRepair:
//     per damage state, the mean time on site is within four standard
//     errors (σ ÷ √n) of the state's mean (slight 4 h ± 2 h, moderate
//     12 h ± 6 h, extensive 2 d ± 1 d, complete 4 d ± 2 d; the truncation
//     at a tenth of the mean, 1.8 σ below it, moves the mean by less than
//     a hundredth of σ), and none is shorter than that tenth;
//   - explain names the crew and the start of its work for a repair, and
//     the generator and the span of its supply for a generator's supply.
func TestDefaultCrews(t *testing.T) {
	sc, err := scenarios.LoadBundled(scenarios.DefaultScenario)
	require.NoError(t, err)
	require.Len(t, sc.Hazards, 1)
	n := sc.Network
	hits, err := sc.Hazards[0].Impacts(n, hazard.NewRand(sim.ReplicationSeed(sc.Seed, 0), "quake"))
	require.NoError(t, err)
	type entity struct {
		link bool
		i    int32
	}
	id := func(e entity) string {
		if e.link {
			return "link " + n.LinkID(e.i)
		}
		return n.ComponentID(e.i)
	}
	sectorOf := func(e entity) network.Sector {
		if e.link {
			return n.SectorName(n.LinkSector(e.i))
		}
		return n.SectorName(n.ComponentSector(e.i))
	}
	state, down := map[entity]uint8{}, map[entity]bool{}
	var at sim.Time
	for _, h := range hits {
		if h.Kind != hazard.Damage {
			continue
		}
		e := entity{h.Link, h.Target}
		state[e], at = h.State, h.Time
		if h.Factor == 0 && !(h.Link && n.OutOfService(h.Target)) {
			down[e] = true
		}
	}
	require.NotEmpty(t, down)

	teams := map[network.Sector]response.Team{}
	for _, tm := range sc.Response.Teams {
		if tm.Work == response.Repair {
			teams[tm.Sector] = tm
		}
	}
	res, err := sc.Run(context.Background(), scenarios.RunOptions{})
	require.NoError(t, err)
	r := res[0]

	full := map[network.Sector]sim.Time{}
	for _, s := range r.Series {
		last := s.Points[len(s.Points)-1]
		require.Equal(t, s.TotalDemand, last.Demand, "%s serves all its demand at the end", s.Sector)
		full[s.Sector] = last.Time
	}
	repairs := map[entity][]cascade.Activity{}
	spells := map[string][]cascade.Activity{}
	for _, a := range r.Activities {
		spells[a.Actor] = append(spells[a.Actor], a)
		if a.Kind == response.Repair.String() {
			e := entity{a.Link, a.Target}
			repairs[e] = append(repairs[e], a)
		}
	}
	for e := range repairs {
		assert.Contains(t, state, e, "%s repaired but not damaged", id(e))
	}
	model := response.DefaultRepair()
	var sum, count [5]float64
	withDemand := 0
	for e, st := range state {
		rs := repairs[e]
		if !assert.Len(t, rs, 1, "repairs of %s", id(e)) {
			continue
		}
		a := rs[0]
		tm, ok := teams[sectorOf(e)]
		require.True(t, ok, "no team repairs sector %s", sectorOf(e))
		name, k, _ := strings.Cut(a.Actor, "-")
		member, err := strconv.Atoi(k)
		assert.NoError(t, err, a.Actor)
		assert.Equal(t, tm.Name, name, "%s repaired by %s", id(e), a.Actor)
		assert.True(t, member >= 1 && member <= tm.Count, "%s: member of a team of %d", a.Actor, tm.Count)
		assert.GreaterOrEqual(t, a.Start, at, "%s repaired before the quake", id(e))
		d := a.End - a.Start
		assert.GreaterOrEqual(t, float64(d), model.Floor*float64(model.Means[st])-0.5, "%s: %v on site", id(e), d)
		sum[st] += d.Hours()
		count[st]++
		if down[e] {
			var spells [][2]sim.Time
			if e.link {
				spells = r.LinkOutages(e.i)
			} else {
				spells = r.Outages(e.i)
			}
			k := slices.IndexFunc(spells, func(s [2]sim.Time) bool { return s[0] <= at && at < s[1] })
			if assert.GreaterOrEqual(t, k, 0, "%s down at the quake", id(e)) {
				assert.GreaterOrEqual(t, spells[k][1], a.End, "%s back before its repair ended", id(e))
			}
			if !e.link && n.FixedDemand(e.i) > 0 {
				assert.LessOrEqual(t, a.End, full[sectorOf(e)], "%s fully served before %s was repaired", sectorOf(e), id(e))
				withDemand++
			}
		}
	}
	assert.Positive(t, withDemand, "components with demand taken down")
	for st := network.DamageSlight; st <= network.DamageComplete; st++ {
		if count[st] == 0 {
			continue
		}
		mean, sigma := model.Means[st].Hours(), model.Sigmas[st].Hours()
		se := sigma / math.Sqrt(count[st])
		assert.InDelta(t, mean, sum[st]/count[st], 4*se, "mean repair time of damage state %d over %v repairs", st, count[st])
	}
	for actor, s := range spells {
		slices.SortStableFunc(s, func(a, b cascade.Activity) int { return cmp.Compare(a.Start, b.Start) })
		for k := 1; k < len(s); k++ {
			assert.GreaterOrEqual(t, s[k].Start, s[k-1].End, "%s: %s from %v overlaps %s until %v", actor, s[k].Kind, s[k].Start, s[k-1].Kind, s[k-1].End)
		}
	}

	// explain at the end of the last component repair to end; its text
	// gives times to the second.
	round := func(t sim.Time) string { return sim.FormatDuration((t + sim.Second/2) / sim.Second * sim.Second) }
	var last cascade.Activity
	for e, rs := range repairs {
		if !e.link && rs[0].End > last.End {
			last = rs[0]
		}
	}
	require.NotEmpty(t, last.Actor)
	code, text, errs := lifeline(context.Background(), "explain", scenarios.DefaultScenario, n.ComponentID(last.Target), "--at", sim.FormatDuration(last.End))
	require.Equal(t, ExitOK, code, errs)
	want := fmt.Sprintf("%s (%s %s): repair by %s (on site from %s)", n.ComponentID(last.Target), n.SectorName(n.ComponentSector(last.Target)),
		n.ComponentKind(last.Target), last.Actor, round(last.Start))
	assert.Contains(t, text, want)

	// explain at the start of the first generator's supply.
	k := slices.IndexFunc(r.Activities, func(a cascade.Activity) bool { return a.Kind == response.Generate.String() })
	require.GreaterOrEqual(t, k, 0, "a generator worked")
	g := r.Activities[k]
	code, text, errs = lifeline(context.Background(), "explain", scenarios.DefaultScenario, n.ComponentID(g.Target), "--at", sim.FormatDuration(g.Start))
	require.Equal(t, ExitOK, code, errs)
	assert.Contains(t, text, fmt.Sprintf("%s (%s %s): generate by %s from %s to %s", n.ComponentID(g.Target), n.SectorName(n.ComponentSector(g.Target)),
		n.ComponentKind(g.Target), g.Actor, round(g.Start), round(g.End)))
}
