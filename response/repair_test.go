package response_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/response"
	"github.com/lifeline-sim/lifeline/sim"
)

// table is a restoration table with one class, ESS1: moderate damage
// takes 3 d ± 1.5 d (the Hazus substation row); its draws are mean +
// σ·(2u − 1), enough to tell a draw from the mean.
type table struct{}

func (table) Restoration(class string, state uint8) (sim.Time, sim.Time, bool) {
	if class == "ESS1" && state == network.DamageModerate {
		return 3 * sim.Day, 36 * sim.Hour, true
	}
	return 0, 0, false
}

func (t table) RepairTime(class string, state uint8, s *sim.Stream) (sim.Time, bool) {
	mean, sigma, ok := t.Restoration(class, state)
	if !ok {
		return 0, false
	}
	return mean + sim.Time(float64(sigma)*(2*s.Float64()-1)), true
}

// TestByClass: a classed component in a state the table knows gets the
// table's mean and draw (from its own stream); a trip, an unknown state
// and an unclassed component get the fallback's.
func TestByClass(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "s", Sector: network.Power, Fragility: "ESS1"})
	b.AddComponent(network.Component{ID: "u", Sector: network.Power})
	n, err := b.Build()
	require.NoError(t, err)
	m := response.ByClass{Table: table{}, Fallback: response.Fixed(5 * sim.Hour)}
	require.NoError(t, m.Validate())
	require.Error(t, response.ByClass{}.Validate())

	require.Equal(t, 3*sim.Day, m.Mean(n, 0, false, network.DamageModerate))
	s, u := sim.NewStream(1, sim.StreamResponse, 9), sim.NewStream(1, sim.StreamResponse, 9)
	want := 3*sim.Day + sim.Time(float64(36*sim.Hour)*(2*u.Float64()-1))
	require.Equal(t, want, m.Duration(n, 0, false, network.DamageModerate, &s))
	for _, c := range []struct {
		i     int32
		state uint8
	}{{0, network.DamageNone}, {0, network.DamageComplete}, {1, network.DamageModerate}} {
		require.Equal(t, 5*sim.Hour, m.Mean(n, c.i, false, c.state))
		require.Equal(t, 5*sim.Hour, m.Duration(n, c.i, false, c.state, &s))
	}
}

// phi and phiInv are the standard normal CDF and its inverse, written
// here from the error function (independently of the gonum routines the
// fragility package uses).
func phi(x float64) float64    { return 0.5 * math.Erfc(-x/math.Sqrt2) }
func phiInv(p float64) float64 { return -math.Sqrt2 * math.Erfcinv(2*p) }

// TestHazusRepairIsDefault: a plan without a repair model draws Hazus
// restoration times. One crew, no roads (travel takes no time); at 1 h a
// substation of class ESS1 ("s"), an unclassed site ("u") and one of a
// class the library lacks ("x") are damaged moderate. By hand:
//
//   - s: the Hazus substation row, moderate: mean 3 d, σ 1.5 d (the
//     bundled hazus_restoration.csv), normal truncated at zero, so with
//     lo = Φ(−3/1.5) = Φ(−2) and u the first uniform of s's stream the
//     repair takes 3 d + 1.5 d · Φ⁻¹(lo + u·(1 − lo));
//   - u and x: the simple model, moderate 12 h ± 6 h, at least 1.2 h:
//     12 h + 6 h · z with z the first normal of the entity's stream.
//
// The crew repairs them in report order (first come: s, u, x, their
// index order), each starting when the previous one ends.
func TestHazusRepairIsDefault(t *testing.T) {
	b := network.NewBuilder()
	for _, c := range []struct{ id, class string }{{"s", "ESS1"}, {"u", ""}, {"x", "no-such-class"}} {
		b.AddComponent(network.Component{ID: c.id, Sector: network.Power, Kind: network.KindSubstation,
			Role: network.RoleSource, Fragility: c.class})
	}
	n, err := b.Build()
	require.NoError(t, err)

	const seed = 1 // run's Seed
	stream := func(id string) sim.Stream {
		i, _ := n.ComponentIndex(id)
		return sim.NewStream(seed, sim.StreamResponse, int64(n.ComponentKey(i)))
	}
	s := stream("s")
	lo := phi(-2)
	hazus := 3*24 + 1.5*24*phiInv(lo+s.Float64()*(1-lo)) // hours
	simple := func(id string) float64 {
		st := stream(id)
		return math.Max(12+6*st.NormFloat64(), 1.2)
	}
	want := []float64{hazus, simple("u"), simple("x")}

	m := response.HazusRepair()
	require.NoError(t, m.Validate())
	require.Equal(t, 3*sim.Day, m.Mean(n, 0, false, network.DamageModerate))
	require.Equal(t, 12*sim.Hour, m.Mean(n, 1, false, network.DamageModerate))
	require.Equal(t, sim.Hour, m.Mean(n, 0, false, network.DamageNone), "a trip takes the simple model's hour")

	var im []hazard.Impact
	for i := range int32(3) {
		im = append(im, hazard.Impact{Time: sim.Hour, Kind: hazard.Damage, Target: i, State: network.DamageModerate})
	}
	res := run(t, n, response.Plan{
		Teams:  []response.Team{{Name: "crew", Sector: network.Power, Count: 1}},
		Policy: response.FirstCome{},
	}, im...)
	var repairs []cascade.Activity
	for _, a := range res.Activities {
		if a.Kind == "repair" {
			repairs = append(repairs, a)
		}
	}
	require.Len(t, repairs, 3)
	start := sim.Hour
	for k, a := range repairs {
		require.Equal(t, int32(k), a.Target)
		require.Equal(t, start, a.Start)
		// Φ⁻¹ here and in the library may differ in the last bits: a
		// nanosecond or two on days.
		require.InDelta(t, want[k], (a.End - a.Start).Hours(), 1e-9, "%s", n.ComponentID(a.Target))
		start = a.End
	}
	require.True(t, res.Delivering(0) && res.Delivering(1) && res.Delivering(2))
}

// TestLinkRepairDraw: a crew repairing a link draws its duration from the
// link's own stream (keyed by network.Network.LinkKey), whatever the
// link's index — here 5, in a network of 4 components (a complete graph
// of power sources, so the damaged line cuts no one off). By hand with
// the simple model: a line damaged moderate at 1 h takes 12 h + 6 h · z,
// z the first normal of the link's stream, at least 1.2 h.
func TestLinkRepairDraw(t *testing.T) {
	b := network.NewBuilder()
	ids := []string{"a", "b", "c", "d"}
	for _, id := range ids {
		b.AddComponent(network.Component{ID: id, Sector: network.Power, Kind: network.KindSubstation, Role: network.RoleSource})
	}
	for x := range ids {
		for y := x + 1; y < len(ids); y++ {
			b.AddLink(network.Link{ID: ids[x] + ids[y], Kind: network.KindLine, From: ids[x], To: ids[y]})
		}
	}
	n, err := b.Build()
	require.NoError(t, err)
	cd, ok := n.LinkIndex("cd")
	require.True(t, ok)
	require.GreaterOrEqual(t, int(cd), n.NumComponents())

	st := sim.NewStream(1, sim.StreamResponse, int64(n.LinkKey(cd)))
	want := math.Max(12+6*st.NormFloat64(), 1.2)
	res := run(t, n, response.Plan{
		Teams:  []response.Team{{Name: "crew", Sector: network.Power, Count: 1}},
		Repair: response.DefaultRepair(),
	}, hazard.Impact{Time: sim.Hour, Kind: hazard.Damage, Target: cd, Link: true, State: network.DamageModerate})
	outages := res.LinkOutages(cd)
	require.Len(t, outages, 1)
	require.Equal(t, sim.Hour, outages[0][0])
	require.InDelta(t, want, (outages[0][1] - sim.Hour).Hours(), 1e-9)
}
