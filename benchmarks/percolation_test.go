package benchmarks

import (
	"context"
	"fmt"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// BenchmarkPercolation: two coupled ER layers, k = 4, p = 0.7, one full
// cascade to the fixed point through the engine, change log off.
// BenchmarkPercolationRef runs a minimal hand-written CSR Buldyrev iteration
// (prune A to its giant component, drop partners in B, prune B, drop
// partners in A, repeat) on the same network and removal set.
func BenchmarkPercolation(b *testing.B) {
	for _, n := range []int{100000, 1000000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			net, removed := percolationCase(b, n)
			e, err := cascade.New(net, cascade.Options{NoChangeLog: true, Models: map[network.Sector]flow.Factory{
				synth.LayerSector(0): flow.GiantComponentFactory, synth.LayerSector(1): flow.GiantComponentFactory}})
			if err != nil {
				b.Fatal(err)
			}
			h := &hazard.List{Items: removed}
			// Warm up: the first run settles the intact network once and
			// sizes the buffers every later replication reuses.
			if _, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{h}}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{h}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkPercolationRef(b *testing.B) {
	for _, n := range []int{100000, 1000000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			net, removed := percolationCase(b, n)
			off, nbr, _ := net.CSR()
			partner := make([]int32, net.NumComponents())
			for r := range net.Requirements() {
				partner[net.Dependent(r)] = net.Providers(r)[0]
			}
			alive := make([]bool, net.NumComponents())
			label := make([]int32, net.NumComponents())
			queue := make([]int32, 0, net.NumComponents())
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				for i := range alive {
					alive[i] = true
				}
				for _, im := range removed {
					alive[im.Target] = false
				}
				for changed := true; changed; {
					changed = false
					for layer := range 2 {
						lo, hi := int32(layer*n), int32((layer+1)*n)
						// label clusters, keep the largest
						for i := lo; i < hi; i++ {
							label[i] = -1
						}
						best, bestSize := int32(-1), 0
						for s := lo; s < hi; s++ {
							if !alive[s] || label[s] >= 0 {
								continue
							}
							queue = append(queue[:0], s)
							label[s] = s
							for h := 0; h < len(queue); h++ {
								v := queue[h]
								for _, w := range nbr[off[v]:off[v+1]] {
									if alive[w] && label[w] < 0 {
										label[w] = s
										queue = append(queue, w)
									}
								}
							}
							if len(queue) > bestSize {
								best, bestSize = s, len(queue)
							}
						}
						for i := lo; i < hi; i++ {
							if alive[i] && label[i] != best {
								alive[i] = false
								changed = true
							}
							if !alive[i] && alive[partner[i]] {
								alive[partner[i]] = false
								changed = true
							}
						}
					}
				}
			}
		})
	}
}

func percolationCase(b *testing.B, n int) (*network.Network, []hazard.Impact) {
	b.Helper()
	net, err := synth.CoupledLayers(synth.CoupledParams{N: n, MeanDegree: 4, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	h := &hazard.RandomFraction{Select: hazard.Selector{Sector: synth.LayerSector(0)}, Fraction: 0.3, Effect: hazard.Remove}
	im, err := h.Impacts(net, hazard.NewRand(sim.ReplicationSeed(1, 0), h.Name()))
	if err != nil {
		b.Fatal(err)
	}
	return net, im
}
