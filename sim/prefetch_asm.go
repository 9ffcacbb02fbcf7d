//go:build amd64 || arm64

package sim

// prefetch asks the processor to start loading the cache line at p and
// returns at once (PREFETCHT0 on amd64, PRFM PLDL1KEEP on arm64). Go has no
// portable prefetch; the benchmarks in benchmarks/README.md show what it
// saves when the slots outgrow the cache.
//
//go:noescape
func prefetch(p *slot)
