package metrics

import (
	"iter"
	"math/big"
	"math/bits"
	"sort"

	"github.com/lifeline-sim/lifeline/sim"
)

// Area is an exact integral of a step function of integers over integer
// time: weight units × nanoseconds (person-ns, fixed-point demand-ns), as
// an unsigned 128-bit integer. One sector's deficit over any window is
// below Total × window < 2¹²⁶, so Areas of up to four such windows (and of
// many replications in practice) add without overflow; Add panics rather
// than wrap. The zero value is 0.
type Area struct{ hi, lo uint64 }

// addProduct returns a + x·y; it panics on overflow.
func (a Area) addProduct(x, y uint64) Area {
	h, l := bits.Mul64(x, y)
	return a.Add(Area{hi: h, lo: l})
}

// Add returns a + b. It panics when the sum passes 2¹²⁸ − 1.
func (a Area) Add(b Area) Area {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	hi, c := bits.Add64(a.hi, b.hi, c)
	if c != 0 {
		panic("metrics: Area overflows 128 bits")
	}
	return Area{hi: hi, lo: lo}
}

// IsZero reports whether a is 0.
func (a Area) IsZero() bool { return a.hi == 0 && a.lo == 0 }

// Cmp compares a and b: −1, 0 or +1.
func (a Area) Cmp(b Area) int {
	switch {
	case a.hi < b.hi || a.hi == b.hi && a.lo < b.lo:
		return -1
	case a == b:
		return 0
	}
	return 1
}

// Big returns a as a new big.Int.
func (a Area) Big() *big.Int {
	x := new(big.Int).SetUint64(a.hi)
	x.Lsh(x, 64)
	return x.Or(x, new(big.Int).SetUint64(a.lo))
}

// Hours returns a ÷ 3.6·10¹² (nanoseconds per hour), the nearest float64:
// weight units × hours.
func (a Area) Hours() float64 { return a.ratio(1, 3600_000_000_000) }

// String returns a in decimal.
func (a Area) String() string { return a.Big().String() }

// ratio returns a ÷ (x·y), correctly rounded to the nearest float64.
func (a Area) ratio(x, y uint64) float64 {
	if a.IsZero() {
		return 0
	}
	h, l := bits.Mul64(x, y)
	d := Area{hi: h, lo: l}.Big()
	f, _ := new(big.Rat).SetFrac(a.Big(), d).Float64()
	return f
}

// stepIndex returns the index of the step in force at t among n steps at
// increasing times at(k): the last with at(k) ≤ t, −1 when none.
// O(log n).
func stepIndex(n int, at func(int) sim.Time, t sim.Time) int {
	return sort.Search(n, func(k int) bool { return at(k) > t }) - 1
}

// overlaps yields, for every one of n steps at increasing times at(k)
// (the last lasting for ever) that overlaps the window [from, to), its
// index and the length of the overlap. O(log n + steps in the window).
func overlaps(n int, at func(int) sim.Time, from, to sim.Time) iter.Seq2[int, uint64] {
	return func(yield func(int, uint64) bool) {
		for k := max(stepIndex(n, at, from), 0); k < n; k++ {
			start, stop := max(at(k), from), to
			if k+1 < n {
				stop = min(at(k+1), to)
			}
			if stop > start && !yield(k, uint64(stop-start)) {
				return
			}
			if stop == to {
				return
			}
		}
	}
}
