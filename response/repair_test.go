package response_test

import (
	"testing"

	"github.com/stretchr/testify/require"

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
