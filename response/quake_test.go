package response_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/fragility"
	"github.com/lifeline-sim/lifeline/hazard/quake"
	"github.com/lifeline-sim/lifeline/metrics"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/response"
	"github.com/lifeline-sim/lifeline/sim"
)

// synthCentre is the synthetic city's default centre (synth.CityParams).
var synthCentre = network.Point{X: -90.0, Y: 35.1}

// earthquake is a real earthquake on the synthetic city at 1 h: a
// magnitude-m point source under its centre through Boore–Atkinson 2008
// with spatially correlated residuals, damaging components and links
// through their Hazus fragility classes and pipes through the ALA repair
// rate (hazard/quake with the bundled library).
func earthquake(m float64) *quake.Earthquake {
	return &quake.Earthquake{Label: "quake", At: sim.Hour, Library: fragility.Hazus(),
		Source:      quake.Source{Epicentre: synthCentre, Magnitude: m, DepthKm: 10},
		Correlation: quake.Correlation{RadiusKm: 15}}
}

// newEarthquakeCity is newQuakeCity with the damage of a real earthquake
// of magnitude m instead of a random fraction: the impacts are the
// earthquake's, drawn once for the replication seed.
func newEarthquakeCity(t testing.TB, size int, m float64, seed uint64) *quakeCity {
	t.Helper()
	q := newQuakeCity(t, size, 0, seed)
	eq := earthquake(m)
	hits, err := eq.Impacts(q.n, hazard.NewRand(q.seed, eq.Name()))
	require.NoError(t, err)
	q.impacts = hits
	return q
}

// runQuake runs the earthquake itself (not precomputed impacts) through
// the engine with plan, for q's replication seed.
func (q *quakeCity) runQuake(t testing.TB, eq *quake.Earthquake, plan response.Plan) *cascade.Result {
	t.Helper()
	e, _ := q.engine(t, plan)
	res, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{eq}, Seed: q.seed})
	require.NoError(t, err)
	return res
}

// quakeDamage returns the entities the earthquake damaged in res (its
// impact changes), keyed by component index, or by −1 − index for a
// link.
func quakeDamage(res *cascade.Result) map[int32]bool {
	hit := map[int32]bool{}
	for _, c := range res.Changes {
		cause := res.Causes[c.Cause]
		if cause.Mechanism == cascade.ByImpact && cause.Hazard == "quake" && c.New&network.Damaged != 0 {
			k := c.Entity
			if c.Link {
				k = -1 - k
			}
			hit[k] = true
		}
	}
	return hit
}

// TestEarthquakeFullRestoration runs damage → cascade → crews → full
// restoration on a synthetic city with a real earthquake: an M6 under the
// city's centre (hazard/quake, Boore–Atkinson 2008, correlated residuals,
// the bundled Hazus fragilities and ALA pipe breaks), five crews per
// sector at a central depot, nearest first, the default repair model
// (Hazus restoration times). At the end every component delivers, no
// link is out, every sector's demand- and
// population-weighted Q is exactly 1, and every entity the earthquake
// damaged was repaired by a crew.
func TestEarthquakeFullRestoration(t *testing.T) {
	q := newQuakeCity(t, 3000, 0, 1)
	eq := earthquake(6)
	res := q.runQuake(t, eq, q.plan(5, nil))
	require.True(t, res.Complete)
	// The engine draws the earthquake's impacts from the hazard's stream
	// for the run's seed: the same impacts as these.
	hits, err := eq.Impacts(q.n, hazard.NewRand(q.seed, eq.Name()))
	require.NoError(t, err)
	type entity struct {
		index int32
		link  bool
	}
	state := map[entity]uint8{}
	sectors := map[network.Sector]int{}
	for _, h := range hits {
		require.Equal(t, hazard.Damage, h.Kind)
		state[entity{h.Target, h.Link}] = h.State
		var s network.SectorIndex
		if h.Link {
			s = q.n.LinkSector(h.Target)
		} else {
			s = q.n.ComponentSector(h.Target)
		}
		sectors[q.n.SectorName(s)]++
	}
	// It damages power, water and road elements (bridges, pipes, lines).
	for _, s := range []network.Sector{network.Power, network.Water, network.Transport} {
		require.Positive(t, sectors[s], "%s damaged", s)
	}
	for i := range q.n.Components() {
		require.True(t, res.Delivering(i), "%s %v at the end", q.n.ComponentID(i), res.Final[i])
	}
	for l := range q.n.Links() {
		for _, o := range res.LinkOutages(l) {
			require.NotEqual(t, sim.Time(-1), o[1], "link %s still out at the end", q.n.LinkID(l))
		}
	}
	for _, w := range []metrics.Weight{metrics.ByDemand, metrics.ByPopulation} {
		for c := range metrics.Curves(res, w) {
			require.Equal(t, 1.0, c.At(res.End), "%s by %v", c.Sector(), w)
			require.Equal(t, c.Total(), c.ServedAt(res.End), "%s by %v", c.Sector(), w)
		}
	}
	// Every damaged entity was repaired by a crew, once, in the time the
	// Hazus model draws for its class and state from its own stream.
	hazus := response.HazusRepair()
	repaired := map[entity]int{}
	for _, a := range res.Activities {
		if a.Kind != "repair" {
			continue
		}
		e := entity{a.Target, a.Link}
		ds, ok := state[e]
		if !ok {
			continue // a tripped line or a site cut off, not damaged
		}
		repaired[e]++
		var key int64
		if e.link {
			key = int64(q.n.LinkKey(e.index))
		} else {
			key = int64(q.n.ComponentKey(e.index))
		}
		st := sim.NewStream(q.seed, sim.StreamResponse, key)
		require.Equal(t, hazus.Duration(q.n, e.index, e.link, ds, &st), a.End-a.Start)
	}
	for e := range state {
		require.Equal(t, 1, repaired[e], "entity %+v: repairs", e)
	}
	t.Logf("damaged %v; restored after %.0f days", sectors, res.End.Hours()/24)
}

// TestEarthquakePolicies compares two policies on the same earthquake
// (same seed, so the same damage: checked) on a synthetic city: nearest
// first and most population per crew-hour restore fully in both runs, and
// the difference shows in the metrics — the population-hours without
// power (metrics.Curve.UnservedHours) and the power sector's resilience
// loss (ResilienceLoss) over one common window differ.
func TestEarthquakePolicies(t *testing.T) {
	q := newQuakeCity(t, 3000, 0, 1)
	var runs []*cascade.Result
	for _, p := range []response.Policy{response.NearestFirst{}, response.MostPopulation{}} {
		res := q.runQuake(t, earthquake(6), q.plan(3, p))
		require.True(t, res.Complete)
		runs = append(runs, res)
	}
	require.Equal(t, quakeDamage(runs[0]), quakeDamage(runs[1]), "the same seed gives the same damage")
	end := max(runs[0].End, runs[1].End)
	var hours, loss [2]float64
	for k, res := range runs {
		c, err := metrics.Service(res, network.Power, metrics.ByPopulation)
		require.NoError(t, err)
		require.Equal(t, 1.0, c.At(res.End))
		hours[k], loss[k] = c.UnservedHours(0, end), c.ResilienceLoss(0, end)
		require.Positive(t, hours[k])
		t.Logf("policy %d: %.0f person-hours without power, resilience loss %.2f h, restored after %.0f days",
			k, hours[k], loss[k], res.End.Hours()/24)
	}
	require.NotEqual(t, hours[0], hours[1])
	require.NotEqual(t, loss[0], loss[1])
}
