//go:build !amd64 && !arm64

package sim

// prefetch is a no-op on this architecture.
func prefetch(*slot) {}
