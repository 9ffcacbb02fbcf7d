package cascade

import (
	"context"
	"fmt"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// barabasiAlbert grows n nodes, each new node joining m existing ones with
// probability proportional to degree (Barabási & Albert 1999); er draws
// n·k/2 uniform edges. Both as one "grid" sector of transit nodes.
func graphNet(tb testing.TB, n int, edges [][2]int) *network.Network {
	tb.Helper()
	b := network.NewBuilder()
	for i := range n {
		b.AddComponent(network.Component{ID: fmt.Sprint(i), Sector: "grid", Demand: 1})
	}
	for k, e := range edges {
		b.AddLink(network.Link{ID: fmt.Sprint("e", k), From: fmt.Sprint(e[0]), To: fmt.Sprint(e[1])})
	}
	net, err := b.Build()
	if err != nil {
		tb.Fatal(err)
	}
	return net
}

func barabasiAlbert(n, m int, seed uint64) [][2]int {
	rng := sim.NewStream(seed, sim.StreamOf("test/ba"), -1)
	var edges [][2]int
	var ends []int // each node once per incident edge
	for i := 0; i <= m; i++ {
		for j := 0; j < i; j++ {
			edges = append(edges, [2]int{i, j})
			ends = append(ends, i, j)
		}
	}
	for v := m + 1; v < n; v++ {
		chosen := map[int]bool{}
		for len(chosen) < m {
			chosen[ends[rng.IntN(len(ends))]] = true
		}
		for u := range v { // deterministic order
			if chosen[u] {
				edges = append(edges, [2]int{v, u})
				ends = append(ends, v, u)
			}
		}
	}
	return edges
}

func erdosRenyi(n int, k float64, seed uint64) [][2]int {
	l := synth.ErdosRenyi(n, k, seed)
	edges := make([][2]int, len(l.From))
	for e := range l.From {
		edges[e] = [2]int{int(l.From[e]), int(l.To[e])}
	}
	return edges
}

// motterLaiG removes one node (the highest-load one, or a random one) and
// returns G = N'/N, the largest cluster's share after the overload cascade.
func motterLaiG(t *testing.T, net *network.Network, alpha float64, attack bool) float64 {
	t.Helper()
	e, err := New(net, Options{Models: map[network.Sector]flow.Factory{"grid": flow.OverloadFactory(alpha)}, NoChangeLog: true})
	if err != nil {
		t.Fatal(err)
	}
	var h hazard.Hazard = &hazard.Targeted{By: hazard.Betweenness, K: 1, Effect: hazard.Remove}
	if !attack {
		h = &hazard.List{Items: []hazard.Impact{{Kind: hazard.Remove, Target: int32(net.NumComponents() / 2)}}}
	}
	r, err := e.Run(context.Background(), Input{Hazards: []hazard.Hazard{h}})
	if err != nil {
		t.Fatal(err)
	}
	alive := 0
	for i := range net.Components() {
		if r.Delivering(i) {
			alive++
		}
	}
	return float64(alive) / float64(net.NumComponents())
}

// TestMotterLai reproduces the shape of Motter & Lai (2002, Phys. Rev. E
// 66, 065102, Fig. 1–2): on a scale-free network the removal of the
// highest-load node collapses the giant component for small α while a
// random removal barely matters; G rises towards 1 as α grows; an ER
// network of the same mean degree is far more robust to the same attack.
// The data README gives no verified numbers, so the test checks shapes.
func TestMotterLai(t *testing.T) {
	const n = 600
	sf := graphNet(t, n, barabasiAlbert(n, 2, 3))
	er := graphNet(t, n, erdosRenyi(n, 4, 3))
	// Measured here (N = 600, BA m = 2, ER k = 4): SF attack G = 0.08 at
	// α = 0.3, random 1.0; SF attack G = 1.0 at α = 1; ER attack 0.98 at
	// α = 0.3.
	attackSmall := motterLaiG(t, sf, 0.3, true)
	randomSmall := motterLaiG(t, sf, 0.3, false)
	attackLarge := motterLaiG(t, sf, 1.0, true)
	erAttack := motterLaiG(t, er, 0.3, true)
	t.Logf("SF: attack α=0.3 G=%.3f, random α=0.3 G=%.3f, attack α=1 G=%.3f; ER attack α=0.3 G=%.3f",
		attackSmall, randomSmall, attackLarge, erAttack)
	if attackSmall > 0.5 {
		t.Errorf("SF attack at α = 0.3 leaves G = %.3f, want a collapse (< 0.5)", attackSmall)
	}
	if randomSmall < 0.9 {
		t.Errorf("SF random removal at α = 0.3 leaves G = %.3f, want ≥ 0.9", randomSmall)
	}
	if attackLarge < 0.95 {
		t.Errorf("SF attack at α = 1: G = %.3f, want near 1", attackLarge)
	}
	if erAttack < 0.9 {
		t.Errorf("ER under the same attack at α = 0.3: G = %.3f, want ≥ 0.9", erAttack)
	}
}
