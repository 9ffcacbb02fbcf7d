package synth

import (
	"fmt"
	"testing"
)

// BenchmarkErdosRenyi draws G(n, 2n) (mean degree 4).
func BenchmarkErdosRenyi(b *testing.B) {
	for _, n := range []int{10000, 1000000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ErdosRenyi(n, 4, 1)
			}
		})
	}
}

// BenchmarkScaleFree draws a configuration-model graph with λ = 2.7 and
// minimum degree 2.
func BenchmarkScaleFree(b *testing.B) {
	for _, n := range []int{10000, 1000000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ScaleFree(n, 2.7, 2, 0, 1)
			}
		})
	}
}

// BenchmarkCity generates (without compiling) a synthetic city.
func BenchmarkCity(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := CityBuilder(CityParams{Seed: 1, Components: n}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
