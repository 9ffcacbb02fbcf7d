package network_test

import (
	"runtime"
	"testing"

	"github.com/lifeline-sim/lifeline/network/synth"
)

// TestMemoryBytesMatchesHeap compares Network.MemoryBytes with the heap a
// compiled synthetic city holds (HeapAlloc after a GC with the network
// alive, less the baseline, the builder released): MemoryBytes leaves out
// only small parts (tags, parameter maps, names, slice headers), so it must
// be a little below the heap, never above it.
func TestMemoryBytesMatchesHeap(t *testing.T) {
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	bld, err := synth.CityBuilder(synth.CityParams{Seed: 1, Components: 20000})
	if err != nil {
		t.Fatal(err)
	}
	net, err := bld.Build()
	if err != nil {
		t.Fatal(err)
	}
	bld = nil
	runtime.GC()
	runtime.ReadMemStats(&m1)
	heap := float64(m1.HeapAlloc) - float64(m0.HeapAlloc)
	c, l := net.MemoryBytes()
	ratio := float64(c+l) / heap
	t.Logf("MemoryBytes %d + %d = %d, heap %.0f, ratio %.3f", c, l, c+l, heap, ratio)
	if ratio < 0.85 || ratio > 1.02 {
		t.Errorf("MemoryBytes / heap = %.3f, want within [0.85, 1.02]", ratio)
	}
	runtime.KeepAlive(net)
}
