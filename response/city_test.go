package response_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/flow/telecom"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/response"
	"github.com/lifeline-sim/lifeline/sim"
)

// quakeCity is a synthetic city with every sector model, a
// RandomFraction "quake" damaging share of the components at 1 h, and a
// depot at the road node nearest the city's centre.
type quakeCity struct {
	n       *network.Network
	impacts []hazard.Impact
	depot   string
	models  map[network.Sector]flow.Factory
	seed    uint64
}

func newQuakeCity(t testing.TB, size int, share float64, seed uint64) *quakeCity {
	t.Helper()
	n, err := synth.City(synth.CityParams{Components: size, Seed: seed})
	require.NoError(t, err)
	rs := sim.ReplicationSeed(seed, 0)
	q := &hazard.RandomFraction{Label: "quake", Fraction: share, At: sim.Hour}
	hits, err := q.Impacts(n, hazard.NewRand(rs, q.Name()))
	require.NoError(t, err)
	return &quakeCity{n: n, impacts: hits, depot: centre(n), seed: rs, models: map[network.Sector]flow.Factory{
		network.Power:     power.Options{}.Factory,
		network.Water:     water.Options{}.Factory,
		network.Transport: roads.Options{}.Factory,
		network.Telecom:   telecom.Options{}.Factory,
	}}
}

// centre returns the ID of the road node nearest the mean location of the
// road nodes.
func centre(n *network.Network) string {
	s, _ := n.SectorIndexOf(network.Transport)
	var x, y float64
	m := n.SectorMembers(s)
	for _, i := range m {
		p, _ := n.Location(i)
		x, y = x+p.X, y+p.Y
	}
	c := network.Point{X: x / float64(len(m)), Y: y / float64(len(m))}
	best, bestD := m[0], -1.0
	for _, i := range m {
		p, _ := n.Location(i)
		if d := n.CRS().Distance(p, c); bestD < 0 || d < bestD {
			best, bestD = i, d
		}
	}
	return n.ComponentID(best)
}

// plan is perSector crews for each of the four lifelines at the depot.
func (q *quakeCity) plan(perSector int, p response.Policy) response.Plan {
	var teams []response.Team
	for _, s := range []network.Sector{network.Transport, network.Power, network.Water, network.Telecom} {
		teams = append(teams, response.Team{Name: string(s), Sector: s, Count: perSector, Depot: q.depot})
	}
	return response.Plan{Teams: teams, Policy: p}
}

func (q *quakeCity) engine(t testing.TB, plan response.Plan) (*cascade.Engine, *response.Responder) {
	t.Helper()
	r, err := response.New(q.n, plan)
	require.NoError(t, err)
	e, err := cascade.New(q.n, cascade.Options{Responder: r, Models: q.models})
	require.NoError(t, err)
	return e, r
}

func (q *quakeCity) run(t testing.TB, e *cascade.Engine) *cascade.Result {
	t.Helper()
	res, err := e.Run(context.Background(), cascade.Input{Impacts: q.impacts, Seed: q.seed})
	require.NoError(t, err)
	return res
}

// TestQuakeFullRestoration runs damage → cascade → crews → full
// restoration on a synthetic city: 5 % of its components damaged at 1 h,
// five crews per sector, nearest first. When the run ends (its last event)
// every component delivers and every sector's service is back to exactly
// 1; every damaged component has a repair activity, and no crew does two
// things at once.
func TestQuakeFullRestoration(t *testing.T) {
	q := newQuakeCity(t, 3000, 0.05, 1)
	e, _ := q.engine(t, q.plan(5, nil))
	res := q.run(t, e)
	require.True(t, res.Complete)
	for i := range q.n.Components() {
		require.True(t, res.Delivering(i), "%s %v at the end", q.n.ComponentID(i), res.Final[i])
	}
	for _, s := range res.Series {
		last := s.Points[len(s.Points)-1]
		require.Equal(t, s.TotalDemand, last.Demand, "%s demand", s.Sector)
		require.Equal(t, s.TotalPopulation, last.Population, "%s population", s.Sector)
	}
	repaired := map[int32]bool{}
	busy := map[string]sim.Time{}
	for _, a := range res.Activities {
		if a.Kind == "repair" && !a.Link {
			repaired[a.Target] = true
		}
		require.GreaterOrEqual(t, a.Start, busy[a.Actor], "%s overlaps its previous activity", a.Actor)
		require.Greater(t, a.End, a.Start)
		busy[a.Actor] = a.End
	}
	for _, h := range q.impacts {
		require.True(t, repaired[h.Target], "%s damaged but never repaired", q.n.ComponentID(h.Target))
	}
	// Overloads tripped lines on the way (the damage islands the grid);
	// they were reclosed once the power damage was repaired.
	trips := 0
	for _, c := range res.Changes {
		if c.Link && c.New&network.Tripped != 0 && c.Old&network.Tripped == 0 {
			trips++
		}
	}
	require.Positive(t, trips)
	t.Logf("%d damaged, %d activities, restored at %v", len(q.impacts), len(res.Activities), res.End)
}

// populationHours returns the population-hours without service of a
// sector's series up to end: Σ (total − served) × step length.
func populationHours(s *cascade.Series, end sim.Time) float64 {
	var sum float64
	for k, p := range s.Points {
		next := end
		if k+1 < len(s.Points) {
			next = s.Points[k+1].Time
		}
		sum += float64(s.TotalPopulation-p.Population) * (next - p.Time).Hours()
	}
	return sum
}

// TestQuakePolicies compares policies on the same damage (same seed):
// the crews' order of work, the restoration times and the population-hours
// without power all differ between nearest-first, most population per
// crew-hour and first-come first-served.
func TestQuakePolicies(t *testing.T) {
	q := newQuakeCity(t, 3000, 0.05, 1)
	type outcome struct {
		order []int32
		hours float64
		end   sim.Time
	}
	var got []outcome
	for _, p := range []response.Policy{response.NearestFirst{}, response.MostPopulation{}, response.FirstCome{}} {
		e, _ := q.engine(t, q.plan(5, p))
		res := q.run(t, e)
		var o outcome
		for _, a := range res.Activities {
			if a.Kind == "repair" && a.Actor == "power-1" {
				o.order = append(o.order, a.Target)
			}
		}
		pw, _ := res.Sector(network.Power)
		o.hours, o.end = populationHours(pw.Series, res.End), res.End
		t.Logf("%T: power population-hours lost %.0f, restored at %v", p, o.hours, o.end)
		got = append(got, o)
	}
	for a := range got {
		for b := a + 1; b < len(got); b++ {
			require.NotEqual(t, got[a].order, got[b].order)
			require.NotEqual(t, got[a].hours, got[b].hours)
		}
	}
}

// TestQuakeDeterminism: the same seed gives a bit-identical result, on a
// fresh engine and responder and on reused ones (rerouting crews, most
// population first).
func TestQuakeDeterminism(t *testing.T) {
	q := newQuakeCity(t, 2000, 0.05, 3)
	p := response.Rerouting{Policy: response.MostPopulation{}}
	e1, _ := q.engine(t, q.plan(3, p))
	e2, _ := q.engine(t, q.plan(3, p))
	a := q.run(t, e1)
	b := q.run(t, e1) // reused
	c := q.run(t, e2) // fresh
	for _, r := range []*cascade.Result{b, c} {
		require.Equal(t, a.Changes, r.Changes)
		require.Equal(t, a.Causes, r.Causes)
		require.Equal(t, a.Activities, r.Activities)
		require.Equal(t, a.Series, r.Series)
		require.Equal(t, a.Final, r.Final)
		require.Equal(t, a.End, r.End)
	}
}

// TestWalkEqualsTree: the bounded search and the baseline (one full tree
// per decision, every pending job timed on it) choose the same jobs, so
// the whole result is the same, for each built-in policy.
func TestWalkEqualsTree(t *testing.T) {
	q := newQuakeCity(t, 2000, 0.08, 4)
	for _, p := range []response.Policy{response.NearestFirst{}, response.CriticalFirst{}, response.MostPopulation{},
		response.HighestBetweenness{}, response.FirstCome{}} {
		e1, _ := q.engine(t, q.plan(3, p))
		e2, r2 := q.engine(t, q.plan(3, p))
		response.SetFullTree(r2, true)
		a, b := q.run(t, e1), q.run(t, e2)
		require.Equal(t, a.Activities, b.Activities, "%T", p)
		require.Equal(t, a.Changes, b.Changes, "%T", p)
	}
}
