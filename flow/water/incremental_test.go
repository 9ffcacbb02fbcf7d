package water_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/flowtest"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/network"
)

// tankMesh is a random water network dense in tanks: two reservoirs, k
// junctions and k/4 tanks (one in five without storage) on a ring with
// random chords, with directed, a third of the pipes directed (valves), so
// that damage cuts off islands that tanks alone feed and tank regions
// overlap.
func tankMesh(t *testing.T, seed uint64, k int, directed bool) *net {
	rng := rand.New(rand.NewPCG(seed, 7))
	w := newNet(t)
	var ids []string
	for i := range 2 {
		id := fmt.Sprintf("R%d", i)
		w.comp(id, network.KindReservoir, 0, 0)
		ids = append(ids, id)
	}
	for i := range k {
		id := fmt.Sprintf("J%d", i)
		w.comp(id, network.KindJunction, float64(1+rng.IntN(8))/16, 0)
		ids = append(ids, id)
	}
	for i := range k / 4 {
		id, storage := fmt.Sprintf("T%d", i), float64(1000*(1+rng.IntN(9)))
		if i%5 == 4 {
			storage = 0
		}
		w.comp(id, network.KindTank, 0, storage)
		ids = append(ids, id)
	}
	rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	for i := range ids {
		w.pipe(fmt.Sprintf("r%d", i), ids[i], ids[(i+1)%len(ids)], directed && rng.IntN(3) == 0)
	}
	for i := range len(ids) / 3 {
		a, b := rng.IntN(len(ids)), rng.IntN(len(ids))
		if a != b {
			w.pipe(fmt.Sprintf("c%d", i), ids[a], ids[b], directed && rng.IntN(3) == 0)
		}
	}
	w.build()
	return w
}

// reference is the package documentation's rule evaluated directly:
// breadth-first searches from the non-tank sources, then from every
// draining tank through what they do not reach, each consumer's demand
// shared equally among the draining tanks that reach it.
func reference(n *network.Network, s network.SectorIndex, st *network.State, refill func(i int32) float64) (served []bool, outflow map[int32]float64) {
	search := func(seeds []int32, skip []bool) []bool {
		seen := make([]bool, n.NumComponents())
		var q []int32
		for _, i := range seeds {
			if st.Functional(i) && !seen[i] {
				seen[i] = true
				q = append(q, i)
			}
		}
		for h := 0; h < len(q); h++ {
			nb, ls := n.Out(q[h])
			for k, j := range nb {
				if !seen[j] && st.Functional(j) && st.LinkWorking(ls[k]) && (skip == nil || !skip[j]) {
					seen[j] = true
					q = append(q, j)
				}
			}
		}
		return seen
	}
	var srcs []int32
	for _, i := range n.Sources(s) {
		if n.ComponentKind(i) != network.KindTank {
			srcs = append(srcs, i)
		}
	}
	live := search(srcs, nil)
	served = append([]bool(nil), live...)
	outflow = map[int32]float64{}
	var drain []int32
	regions := map[int32][]bool{}
	share := make([]int, n.NumComponents())
	for _, i := range n.SectorMembers(s) {
		if n.ComponentKind(i) != network.KindTank {
			continue
		}
		switch {
		case !st.Functional(i):
			outflow[i] = 0
		case live[i]:
			outflow[i] = -refill(i)
		case n.Storage(i) > 0 && st.Flags(i)&network.Depleted == 0:
			drain = append(drain, i)
			r := search([]int32{i}, live)
			regions[i] = r
			for j, in := range r {
				if in {
					share[j]++
					served[j] = true
				}
			}
		default:
			outflow[i] = 0
		}
	}
	for _, tk := range drain {
		sum := 0.0
		for j, in := range regions[tk] {
			if in {
				sum += n.Demand(int32(j)) * st.Factor(int32(j)) * st.DemandFactor(int32(j)) / float64(share[j])
			}
		}
		outflow[tk] = sum
	}
	return served, outflow
}

// TestIncrementalTanks drives the model through random sequences of
// damage, repair, pipe breaks, suspensions, demand and capacity factors
// and tanks running dry or refilling on tank-dense networks, and compares
// the verdict its reports add up to with reference after every step:
// served exactly, outflows within 1e-9 relative. The conformance suite
// runs on the same networks. Even seeds have directed pipes (the model
// splits tank regions into strongly connected components), odd ones none
// (connected pieces).
func TestIncrementalTanks(t *testing.T) {
	for seed := range uint64(8) {
		w := tankMesh(t, seed, 60+20*int(seed), seed%2 == 0)
		n := w.built
		s := flowtest.Sector(t, n, network.Water)
		m, err := water.New(n, s, water.Options{})
		if err != nil {
			t.Fatal(err)
		}
		refill := map[int32]float64{}
		for k, tk := range m.Tanks() {
			refill[tk] = m.Refill(k)
		}
		x := flowtest.NewSession(m, n, s)
		st := network.NewState(n)
		rng := rand.New(rand.NewPCG(seed, 11))
		members := n.SectorMembers(s)
		var links []int32
		for l := range n.Links() {
			links = append(links, l)
		}
		drained := 0
		for step := range 300 {
			p := 0.03
			if step%17 == 0 {
				p = 0.25
			}
			for _, i := range members {
				if rng.Float64() >= p {
					continue
				}
				switch u := rng.IntN(6); {
				case u < 4: // damage twice as often as a tank running dry or a suspension
					f := [...]network.Flags{network.Damaged, network.Damaged, network.Depleted, network.Suspended}[u]
					if st.Flags(i)&f != 0 {
						st.Clear(i, f)
					} else {
						st.Set(i, f)
					}
				case u == 4:
					st.SetDemandFactor(i, float64(1+rng.IntN(4))/2)
				default:
					st.SetFactor(i, float64(rng.IntN(5))/4)
				}
			}
			for _, l := range links {
				if rng.Float64() < p {
					if st.LinkFlags(l)&network.Damaged != 0 {
						st.ClearLink(l, network.Damaged)
					} else {
						st.SetLink(l, network.Damaged)
					}
				}
			}
			v, _, err := x.Step(st)
			if err != nil {
				t.Fatal(err)
			}
			served, outflow := reference(n, s, st, func(i int32) float64 { return refill[i] })
			for _, i := range members {
				if want := served[i]; (v.Served[i] == 1) != want || (v.Served[i] != 0 && v.Served[i] != 1) {
					t.Fatalf("seed %d step %d: %s served %v, want %v", seed, step, flowtest.IDs(n, []int32{i}), v.Served[i], want)
				}
			}
			for tk, q := range outflow {
				if got := v.StockFlow[tk]; math.Abs(got-q) > 1e-9*math.Max(1, math.Abs(q)) {
					t.Fatalf("seed %d step %d: tank %s outflow %v, want %v", seed, step, flowtest.IDs(n, []int32{tk}), got, q)
				}
				if q > 0 {
					drained++
				}
			}
		}
		if drained == 0 {
			t.Fatalf("seed %d: no tank ever drained: the sequence does not exercise the tank walk", seed)
		}
		flowtest.Run(t, n, map[string]flow.Factory{"water": water.Options{}.Factory})
	}
}
