package power

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/internal/testenv"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format/matpower"
)

// BenchmarkSharedServe: one Serve of the model on case_ACTIVSg2000 (2,000
// buses, one meshed island) after changes branches went out (odd
// iterations) or came back (even ones), or after changes loads' demand
// factors moved (change=demand: the islands are kept), listed in
// flow.Changes (mode=incremental) or evaluated from scratch
// (mode=scratch, Changes.All). The timed loop includes the state writes.
func BenchmarkSharedServe(b *testing.B) {
	c := parseCase(b, testenv.SharedFile(b, "power/case_ACTIVSg2000.m"))
	n, err := c.Network(matpower.Options{})
	if err != nil {
		b.Fatal(err)
	}
	s, _ := n.SectorIndexOf(network.Power)
	var branches, loads []int32
	for l := range n.Links() {
		if n.Reactance(l) != 0 && !n.OutOfService(l) {
			branches = append(branches, l)
		}
	}
	for _, i := range n.SectorMembers(s) {
		if n.ComponentParam(i, network.ParamPdMW) > 0 {
			loads = append(loads, i)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(branches), func(i, j int) { branches[i], branches[j] = branches[j], branches[i] })
	rng.Shuffle(len(loads), func(i, j int) { loads[i], loads[j] = loads[j], loads[i] })
	for _, change := range []string{"branch", "demand"} {
		for _, k := range []int{1, 10} {
			for _, mode := range []string{"incremental", "scratch"} {
				b.Run(fmt.Sprintf("change=%s/changes=%d/mode=%s", change, k, mode), func(b *testing.B) {
					m, err := New(n, s, Options{})
					if err != nil {
						b.Fatal(err)
					}
					st, out := network.NewState(n), &flow.Output{}
					if err := m.Serve(st, &flow.Changes{All: true}, out); err != nil {
						b.Fatal(err)
					}
					ch := &flow.Changes{All: mode == "scratch"}
					if change == "branch" && mode == "incremental" {
						ch.Links = branches[:k]
					} else if mode == "incremental" {
						ch.Components = loads[:k]
					}
					b.ReportAllocs()
					on := true
					for b.Loop() {
						for x := range k {
							if change == "branch" {
								if on {
									st.SetLink(branches[x], network.Damaged)
								} else {
									st.ClearLink(branches[x], network.Damaged)
								}
							} else {
								f := 1.1
								if !on {
									f = 1
								}
								st.SetDemandFactor(loads[x], f)
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
}
