package power

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// randomGraph returns the edges of a connected random graph on n nodes: a
// random spanning tree plus extra random edges (repeats allowed, as
// parallel branches are in power cases).
func randomGraph(rng *rand.Rand, n, extra int) (f, t []int32) {
	for i := 1; i < n; i++ {
		f = append(f, int32(rng.IntN(i)))
		t = append(t, int32(i))
	}
	for range extra {
		a, b := rng.IntN(n), rng.IntN(n)
		if a != b {
			f, t = append(f, int32(a)), append(t, int32(b))
		}
	}
	return f, t
}

// dense returns the assembled matrix of s as a gonum matrix.
func dense(s *system) *mat.Dense {
	n := s.pat.n
	a := mat.NewDense(n, n, nil)
	for j := range n {
		for q := s.pat.colPtr[j]; q < s.pat.colPtr[j+1]; q++ {
			a.Set(int(s.pat.rowIdx[q]), j, s.ax[q])
		}
	}
	return a
}

// TestLDLMatchesDense factorises random susceptance matrices (some
// branches with negative susceptance, so some matrices are indefinite),
// grounded at random fixed nodes, and compares the sparse solution with
// gonum's dense LU solve (the reference).
func TestLDLMatchesDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 1))
	var w mdWork
	for trial := range 40 {
		n := 2 + rng.IntN(60)
		f, tt := randomGraph(rng, n, rng.IntN(2*n))
		s := newSystem(n, f, tt, &w)
		for rep := range 3 { // the same symbolic analysis, new values
			b := make([]float64, len(f))
			for k := range b {
				b[k] = 0.5 + 10*rng.Float64()
				if trial%4 == 3 && rng.IntN(10) == 0 {
					b[k] = -b[k] / 4
				}
			}
			fixed := make([]bool, n)
			fixed[rng.IntN(n)] = true
			s.assemble(b, fixed)
			if err := s.fac.refactor(s.pat, s.ax); err != nil {
				var pe *errPivot
				if errors.As(err, &pe) && trial%4 == 3 {
					continue // a negative susceptance may cancel a pivot
				}
				t.Fatalf("trial %d.%d: %v", trial, rep, err)
			}
			rhs := make([]float64, n)
			for i := range rhs {
				rhs[i] = rng.NormFloat64()
			}
			x := slices.Clone(rhs)
			s.fac.solve(x)
			var ref mat.VecDense
			if err := ref.SolveVec(dense(s), mat.NewVecDense(n, slices.Clone(rhs))); err != nil {
				t.Fatalf("trial %d: dense solve: %v", trial, err)
			}
			for i := range n {
				if d := math.Abs(x[i] - ref.AtVec(i)); d > 1e-9*(1+math.Abs(ref.AtVec(i))) {
					t.Fatalf("trial %d.%d: x[%d] = %v, dense %v", trial, rep, i, x[i], ref.AtVec(i))
				}
			}
		}
	}
}

// TestLDLSingular: an island without a fixed node is a zero pivot, not a
// wrong answer.
func TestLDLSingular(t *testing.T) {
	var w mdWork
	// Two triangles joined by nothing: nodes 0-2 and 3-5; only node 0 fixed.
	f, tt := []int32{0, 1, 2, 3, 4, 5}, []int32{1, 2, 0, 4, 5, 3}
	s := newSystem(6, f, tt, &w)
	fixed := []bool{true, false, false, false, false, false}
	s.assemble([]float64{1, 1, 1, 1, 1, 1}, fixed)
	var pe *errPivot
	if err := s.fac.refactor(s.pat, s.ax); !errors.As(err, &pe) || pe.node < 3 {
		t.Fatalf("refactor: %v, want a zero pivot in the second triangle", err)
	}
	fixed[4] = true // ground the second island: now regular
	s.assemble([]float64{1, 1, 1, 1, 1, 1}, fixed)
	if err := s.fac.refactor(s.pat, s.ax); err != nil {
		t.Fatal(err)
	}
}

// TestMinimumDegree: the order is a permutation, and it fills less than
// the natural order on a grid graph (a 2-D mesh, where the natural order
// fills the band: the textbook case for fill-reducing orderings).
func TestMinimumDegree(t *testing.T) {
	const side = 30
	var f, tt []int32
	for i := range side {
		for j := range side {
			v := int32(i*side + j)
			if j+1 < side {
				f, tt = append(f, v), append(tt, v+1)
			}
			if i+1 < side {
				f, tt = append(f, v), append(tt, v+side)
			}
		}
	}
	n := side * side
	p, _, _ := newPattern(n, f, tt)
	var w mdWork
	md := analyse(p, &w)
	if got := slices.Sorted(slices.Values(md.perm)); !slices.Equal(got, identity(n)) {
		t.Fatal("minimum-degree order is not a permutation")
	}
	nat := analyseOrder(p, identity(n))
	// Natural order on a side×side mesh: every column has side entries
	// below the diagonal once the band fills, about side·n in all.
	t.Logf("|L|: minimum degree %d, natural %d", md.lnz(), nat.lnz())
	if md.lnz() >= nat.lnz()/2 {
		t.Fatalf("minimum degree fill %d, natural %d: want less than half", md.lnz(), nat.lnz())
	}
	// The fill of a tree in minimum-degree order is zero (leaves first).
	tf, tt2 := randomGraph(rand.New(rand.NewPCG(2, 2)), 500, 0)
	tp, _, _ := newPattern(500, tf, tt2)
	if s := analyse(tp, &w); s.lnz() != 499 {
		t.Fatalf("tree: |L| = %d, want 499 (no fill)", s.lnz())
	}
}

func identity(n int) []int32 {
	p := make([]int32, n)
	for i := range p {
		p[i] = int32(i)
	}
	return p
}

// TestPatternRepeats: parallel branches share one entry per direction and
// self-pairs add none.
func TestPatternRepeats(t *testing.T) {
	p, pft, ptf := newPattern(3, []int32{0, 1, 0, 2}, []int32{1, 0, 1, 2})
	if p.nnz() != 3+2 {
		t.Fatalf("nnz %d, want 5", p.nnz())
	}
	if pft[0] != pft[2] || pft[0] != ptf[1] || ptf[0] != pft[1] || pft[3] != -1 {
		t.Fatalf("positions %v %v", pft, ptf)
	}
}
