//go:build amd64 || arm64

package sim

// Software prefetch: the instructions ask the processor to start loading
// cache lines and return at once (PREFETCHT0 on amd64, PRFM PLDL1KEEP on
// arm64). Go has no portable prefetch; benchmarks/README.md shows what they
// save once the queue outgrows the core's cache.

// prefetch4 prefetches the first cache line of four slots.
//
//go:noescape
func prefetch4(a, b, c, d *slot)

// prefetchGroup prefetches the 256 bytes from p: the sixteen grandchildren
// of a heap node, four cache lines.
//
//go:noescape
func prefetchGroup(p *entry)
