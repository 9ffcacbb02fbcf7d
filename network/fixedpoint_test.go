package network

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestFixedPointLimits: demand and population that the engine's int64 sums
// cannot hold are refused at Build, with the component and the field named.
// By hand: DemandScale = 1e6 and 2^53 = 9007199254740992 ≈ 9.007e15, so a
// demand of 1e13 is 1e19 in fixed point (above 2^53, and above 2^63−1 ≈
// 9.223e18 too), 9.008e9 is 9.008e15 (above 2^53) and 9e9 is 9e15 (below).
// 1024 components of 9e15 sum to 9.216e18 ≤ 2^63−1, a 1025th passes it.
// 1023 populations of 2^53 sum to 2^63 − 2^53, a 1024th reaches 2^63.
func TestFixedPointLimits(t *testing.T) {
	consumers := func(b *Builder, prefix string, s Sector, n int, demand float64, pop int64) {
		for i := range n {
			b.AddComponent(Component{ID: fmt.Sprintf("%s%d", prefix, i), Sector: s, Demand: demand, Population: pop})
		}
	}
	for _, tc := range []struct {
		name  string
		fill  func(b *Builder)
		wants []string // substrings of the one problem; nil: it builds
	}{
		{"demand 1e13", func(b *Builder) { consumers(b, "big", Power, 1, 1e13, 0) }, []string{`component "big0": demand:`, "above 2^53"}},
		{"demand 9.008e9", func(b *Builder) { consumers(b, "c", Power, 1, 9.008e9, 0) }, []string{`component "c0": demand:`}},
		{"demand 9e9", func(b *Builder) { consumers(b, "c", Power, 1, 9e9, MaxPopulation) }, nil},
		{"1024 × 9e9", func(b *Builder) { consumers(b, "c", Power, 1024, 9e9, 0) }, nil},
		{"1025 × 9e9", func(b *Builder) { consumers(b, "c", Power, 1025, 9e9, 0) },
			[]string{`component "c1024": demand:`, "total of sector power"}},
		{"1023 × 2^53 people", func(b *Builder) { consumers(b, "c", Water, 1023, 0, MaxPopulation) }, nil},
		{"1024 × 2^53 people", func(b *Builder) { consumers(b, "c", Water, 1024, 0, MaxPopulation) },
			[]string{`component "c1023": population:`, "total of sector water"}},
		{"600 + 600 × 9e9 in two sectors", func(b *Builder) {
			consumers(b, "p", Power, 600, 9e9, 0)
			consumers(b, "w", Water, 600, 9e9, 0) // the 1025th overall is w424
		}, []string{`component "w424": demand:`, "total of the network"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBuilder()
			tc.fill(b)
			n, err := b.Build()
			if tc.wants == nil {
				if err != nil {
					t.Fatal(err)
				}
				for i := range n.Components() {
					if got, want := n.FixedDemand(i), int64(n.Demand(i))*1_000_000; got != want {
						t.Fatalf("FixedDemand(%d) = %d, want %d", i, got, want)
					}
				}
				return
			}
			var be *BuildError
			if !errors.As(err, &be) || len(be.Problems) != 1 || !errors.Is(err, ErrOutOfRange) {
				t.Fatalf("Build: %v; want one ErrOutOfRange problem", err)
			}
			for _, w := range tc.wants {
				if !strings.Contains(be.Problems[0].Error(), w) {
					t.Errorf("problem %q lacks %q", be.Problems[0], w)
				}
			}
		})
	}
}
