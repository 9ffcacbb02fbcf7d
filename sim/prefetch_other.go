//go:build !amd64 && !arm64

package sim

// Software prefetch is a no-op on other architectures.

func prefetch4(a, b, c, d *slot) {}

func prefetchGroup(p *entry) {}
