package power

import (
	"math/rand/v2"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/stretchr/testify/require"
)

// TestModelIncrementalIsScratch drives one model through long seeded
// random sequences of outages and restorations of buses, generators and
// branches (one at a time and several at once, splitting and joining
// islands, in the meshed core and in the trees hanging from it, with the
// angle reference in a tree on some feeder grids), demand and capacity
// factor changes and resets, and after every
// Serve compares it with a fresh model evaluating the same state from
// scratch: served fractions, flows, angles and dispatch must be bitwise
// equal (the partial refactorisation repeats a complete one's operations),
// and so must the errors. It also checks that the incremental paths ran:
// partial refactorisations, and Serves that kept the islands.
func TestModelIncrementalIsScratch(t *testing.T) {
	city, err := synth.City(synth.CityParams{Seed: 4, Components: 1500})
	require.NoError(t, err)
	c118, _, _ := caseModel(t, loadCase(t, "case118"))
	jg30, _, _ := caseModel(t, loadCase(t, "juliagrid_case30test"))
	for _, tc := range []struct {
		name string
		n    *network.Network
	}{{"case118", c118}, {"juliagrid_case30test", jg30}, {"city", city}, {"switched", switchedRing(t)},
		{"feeders0", feederGrid(t, 0)}, {"feeders4", feederGrid(t, 4)}, {"feeders5", feederGrid(t, 5)}, {"feeders6", feederGrid(t, 6)}} {
		t.Run(tc.name, func(t *testing.T) {
			for seed := range uint64(3) {
				incrementalSequence(t, tc.n, seed)
			}
		})
	}
}

func incrementalSequence(t *testing.T, n *network.Network, seed uint64) {
	s, m := powerModel(t, n)
	members := n.SectorMembers(s)
	var links, sources []int32
	for l := range n.Links() {
		if m.lpos[l] != -1 {
			links = append(links, l)
		}
	}
	for _, c := range members {
		if n.Role(c) == network.RoleSource {
			sources = append(sources, c)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 9))
	st := network.NewState(n)
	ch := &flow.Changes{All: true}
	out := &flow.Output{}
	served := make([]float64, n.NumComponents())
	const steps = 400
	kept := 0
	for step := range steps {
		if step > 0 {
			ch.Reset()
			var cs, ls []int32
			switch a := rng.IntN(20); {
			case a < 6: // buses or generators go down or come back
				for range 1 + rng.IntN(4) {
					c := members[rng.IntN(len(members))]
					if st.Functional(c) {
						st.Set(c, network.Damaged)
					} else {
						st.Clear(c, network.Damaged)
					}
					cs = append(cs, c)
				}
			case a < 12: // branches and couplers
				for range 1 + rng.IntN(4) {
					l := links[rng.IntN(len(links))]
					if st.LinkWorking(l) {
						st.SetLink(l, network.Damaged)
					} else {
						st.ClearLink(l, network.Damaged)
					}
					ls = append(ls, l)
				}
			case a < 15:
				c := members[rng.IntN(len(members))]
				st.SetDemandFactor(c, 0.5+rng.Float64())
				cs = append(cs, c)
			case a < 18:
				c := sources[rng.IntN(len(sources))]
				st.SetFactor(c, rng.Float64())
				cs = append(cs, c)
			case a < 19:
				st.Reset()
				ch.All = true
			default:
				for _, l := range links {
					st.SetLinkFactor(l, 0.5+0.5*rng.Float64())
					ls = append(ls, l)
				}
			}
			ch.Components, ch.Links = dedup(cs), dedup(ls)
		}
		runs := m.topoRuns
		out.Reset()
		err := m.Serve(st, ch, out)
		if !ch.All && m.topoRuns == runs {
			kept++
		}
		_, fresh := powerModel(t, n)
		whole := &flow.Output{}
		errScratch := fresh.Serve(st, &flow.Changes{All: true}, whole)
		if err != nil || errScratch != nil {
			require.Error(t, err, "step %d: scratch fails with %v", step, errScratch)
			require.EqualError(t, errScratch, err.Error(), "step %d", step)
			m, ch.All = fresh, true // a failed Serve leaves its model to be replaced, as the engine ends the run
			continue
		}
		for _, v := range out.Served {
			served[v.I] = v.V
		}
		for _, v := range whole.Served {
			require.Equal(t, v.V, served[v.I], "step %d: served %s", step, n.ComponentID(v.I))
		}
		for _, c := range members {
			a, okA := m.Angle(c)
			b, okB := fresh.Angle(c)
			require.Equal(t, okB, okA, "step %d: angle of %s", step, n.ComponentID(c))
			require.Equal(t, b, a, "step %d: angle of %s", step, n.ComponentID(c))
			require.Equal(t, fresh.Dispatch(c), m.Dispatch(c), "step %d: dispatch of %s", step, n.ComponentID(c))
		}
		for _, l := range links {
			require.Equal(t, fresh.Flow(l), m.Flow(l), "step %d: flow on %s", step, n.LinkID(l))
		}
	}
	require.Positive(t, m.stat.partial, "no partial refactorisation")
	require.Positive(t, kept, "no Serve kept the islands")
	t.Logf("seed %d: %d full and %d partial factorisations of the static system, %d of %d Serves kept the islands",
		seed, m.stat.full, m.stat.partial, kept, steps)
}

// dedup returns xs without repeats, in first-occurrence order.
func dedup(xs []int32) []int32 {
	seen := make(map[int32]bool, len(xs))
	out := xs[:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// switchedRing is a ring of eight buses, x = 0.1 pu, with a switch
// (zero-impedance link) inside two of its buses (b0–b0s and b4–b4s, each
// pair one bus while the switch is closed, the ring passing through both
// halves), generators on connections at b0 (type 3) and b4, and 20 MW loads
// elsewhere: opening a switch splits a bus, which the model solves whole.
func switchedRing(t *testing.T) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	b.SetAttr(network.ParamBaseMVA, 100)
	ring := []string{"b0", "b0s", "b1", "b2", "b3", "b4", "b4s", "b5", "b6", "b7"}
	for _, id := range ring {
		c := network.Component{ID: id, Sector: network.Power, Kind: network.KindBus}
		switch id {
		case "b0":
			c.Params = map[network.Param]float64{network.ParamBusType: 3}
		case "b0s", "b4", "b4s":
		default:
			c.Role, c.Demand = network.RoleConsumer, 20
		}
		b.AddComponent(c)
	}
	for _, g := range []struct{ id, bus string }{{"g0", "b0"}, {"g4", "b4"}} {
		b.AddComponent(network.Component{ID: g.id, Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource,
			Params: map[network.Param]float64{network.ParamPgMW: 60, network.ParamPmaxMW: 100}})
		b.AddLink(network.Link{ID: g.id + ":" + g.bus, Kind: network.KindConnection, From: g.id, To: g.bus})
	}
	b.AddLink(network.Link{ID: "sw0", Kind: network.KindSwitch, From: "b0", To: "b0s"})
	b.AddLink(network.Link{ID: "sw4", Kind: network.KindSwitch, From: "b4", To: "b4s"})
	for i, from := range ring {
		to := ring[(i+1)%len(ring)]
		if from+"s" == to {
			continue // the switch
		}
		b.AddLink(network.Link{ID: from + "-" + to, Kind: network.KindLine, From: from, To: to, Reactance: 0.1, Rating: 50})
	}
	n, err := b.Build()
	require.NoError(t, err)
	return n
}
