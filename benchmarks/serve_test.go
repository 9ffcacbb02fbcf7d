package benchmarks

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/flow/telecom"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
)

// serveModels are the sector models BenchmarkServe runs, each on its
// sector of the synthetic city.
var serveModels = []struct {
	name   string
	sector network.Sector
	f      flow.Factory
}{
	{"connectivity", network.Power, flow.ConnectivityFactory},
	{"power", network.Power, power.Options{}.Factory},
	{"roads", network.Transport, roads.Options{}.Factory},
	{"telecom", network.Telecom, telecom.Options{}.Factory},
	{"water", network.Water, water.Options{}.Factory},
}

// BenchmarkServe: one Serve of each sector model after changes members
// of its sector were damaged (odd iterations) or repaired (even ones)
// since its last call, listed in flow.Changes as the engine lists them,
// on a synthetic city of 10⁵ components (synth.City, seed 1) with 5 % of
// the sector's members damaged. The timed loop includes the state writes.
func BenchmarkServe(b *testing.B) { benchServeModels(b, false) }

// BenchmarkServeScratch: the same states as BenchmarkServe, each
// evaluated from scratch (flow.Changes.All) by the same model.
func BenchmarkServeScratch(b *testing.B) { benchServeModels(b, true) }

func benchServeModels(b *testing.B, scratch bool) {
	n, err := synth.City(synth.CityParams{Components: 100000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	for _, sm := range serveModels {
		s, ok := n.SectorIndexOf(sm.sector)
		if !ok {
			b.Fatalf("no sector %s", sm.sector)
		}
		members := append([]int32(nil), n.SectorMembers(s)...)
		rand.New(rand.NewPCG(1, 3)).Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
		bg := len(members) / 20
		for _, k := range []int{1, 10, 100} {
			b.Run(fmt.Sprintf("model=%s/changes=%d", sm.name, k), func(b *testing.B) {
				st := network.NewState(n)
				for _, i := range members[:bg] {
					st.Set(i, network.Damaged)
				}
				m, err := sm.f(n, s)
				if err != nil {
					b.Fatal(err)
				}
				out := &flow.Output{}
				if err := m.Serve(st, &flow.Changes{All: true}, out); err != nil {
					b.Fatal(err)
				}
				toggled := members[bg : bg+k]
				ch := &flow.Changes{Components: toggled, All: scratch}
				if scratch {
					ch.Components = nil
				}
				b.ReportAllocs()
				on := true
				for b.Loop() {
					for _, i := range toggled {
						if on {
							st.Set(i, network.Damaged)
						} else {
							st.Clear(i, network.Damaged)
						}
					}
					on = !on
					out.Reset()
					if err := m.Serve(st, ch, out); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
