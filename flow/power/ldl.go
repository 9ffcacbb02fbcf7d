package power

import (
	"fmt"
	"math"
)

// pattern is the sparsity pattern of a symmetric n×n matrix in compressed
// columns, both triangles and every diagonal entry stored, rows sorted
// within a column; values are kept apart so that one pattern serves many
// factorisations.
type pattern struct {
	n      int
	colPtr []int32
	rowIdx []int32
	diag   []int32 // position of (i, i)
}

// newPattern builds the pattern of the matrix with a diagonal and an
// off-diagonal pair (f[k], t[k]) for each k; pairs with f[k] == t[k] or a
// negative end are ignored, repeated pairs share one entry. It returns the
// positions of (f[k], t[k]) and (t[k], f[k]) (−1 for ignored pairs).
func newPattern(n int, f, t []int32) (p *pattern, pft, ptf []int32) {
	p = &pattern{n: n, colPtr: make([]int32, n+1), diag: make([]int32, n)}
	cnt := p.colPtr
	for i := range n {
		cnt[i+1] = 1
	}
	for k := range f {
		if a, b := f[k], t[k]; a >= 0 && b >= 0 && a != b {
			cnt[a+1]++
			cnt[b+1]++
		}
	}
	for i := range n {
		cnt[i+1] += cnt[i]
	}
	next := make([]int32, n)
	copy(next, cnt[:n])
	rows := make([]int32, cnt[n])
	for i := range n {
		rows[next[i]] = int32(i)
		next[i]++
	}
	for k := range f {
		if a, b := f[k], t[k]; a >= 0 && b >= 0 && a != b {
			rows[next[a]] = b
			next[a]++
			rows[next[b]] = a
			next[b]++
		}
	}
	// Sort each column (short: insertion sort) and drop repeats in place.
	w := int32(0)
	for j := range n {
		lo, hi := cnt[j], cnt[j+1]
		col := rows[lo:hi]
		for x := 1; x < len(col); x++ {
			for y := x; y > 0 && col[y] < col[y-1]; y-- {
				col[y], col[y-1] = col[y-1], col[y]
			}
		}
		start := w
		for x, r := range col {
			if x > 0 && r == col[x-1] {
				continue
			}
			if int(r) == j {
				p.diag[j] = w
			}
			rows[w] = r
			w++
		}
		p.colPtr[j] = start
	}
	p.colPtr[n] = w
	p.rowIdx = rows[:w:w]
	pft, ptf = make([]int32, len(f)), make([]int32, len(f))
	for k := range f {
		a, b := f[k], t[k]
		if a < 0 || b < 0 || a == b {
			pft[k], ptf[k] = -1, -1
			continue
		}
		pft[k], ptf[k] = p.find(b, a), p.find(a, b)
	}
	return p, pft, ptf
}

// find returns the position of entry (i, j) (row i, column j), or −1.
func (p *pattern) find(i, j int32) int32 {
	lo, hi := p.colPtr[j], p.colPtr[j+1]
	for lo < hi {
		m := (lo + hi) / 2
		switch r := p.rowIdx[m]; {
		case r == i:
			return m
		case r < i:
			lo = m + 1
		default:
			hi = m
		}
	}
	return -1
}

// nnz returns the number of stored entries.
func (p *pattern) nnz() int { return int(p.colPtr[p.n]) }

// symbolic is the value-independent part of an LDLᵀ factorisation: the
// fill-reducing permutation, the elimination tree of the permuted matrix and
// the column pointers of L. It follows Davis's LDL (ACM TOMS 31(4), 2005):
// the elimination tree and the column counts come from one pass over the
// rows of the permuted upper triangle, each row's nonzero pattern being the
// union of paths in the tree. Time O(|L|), memory O(n).
type symbolic struct {
	n      int
	perm   []int32 // perm[k] = original index of the k-th pivot
	pinv   []int32 // pinv[perm[k]] = k
	parent []int32 // elimination tree, −1 at roots
	lp     []int32 // column pointers of L (strict lower part), length n+1
}

// analyse orders p by minimum degree and computes the symbolic factorisation.
func analyse(p *pattern, w *mdWork) *symbolic {
	perm := minimumDegree(p.n, p.colPtr, p.rowIdx, w)
	return analyseOrder(p, append([]int32(nil), perm...))
}

// analyseOrder computes the symbolic factorisation of p under the given
// permutation, which it keeps.
func analyseOrder(p *pattern, perm []int32) *symbolic {
	n := p.n
	s := &symbolic{n: n, perm: perm, pinv: make([]int32, n), parent: make([]int32, n), lp: make([]int32, n+1)}
	for k, i := range perm {
		s.pinv[i] = int32(k)
	}
	flag := make([]int32, n)
	lnz := make([]int32, n)
	for k := range int32(n) {
		s.parent[k] = -1
		flag[k] = k
		kk := perm[k]
		for q := p.colPtr[kk]; q < p.colPtr[kk+1]; q++ {
			i := s.pinv[p.rowIdx[q]]
			if i >= k {
				continue
			}
			for ; flag[i] != k; i = s.parent[i] {
				if s.parent[i] == -1 {
					s.parent[i] = k
				}
				lnz[i]++
				flag[i] = k
			}
		}
	}
	for k := range n {
		s.lp[k+1] = s.lp[k] + lnz[k]
	}
	return s
}

// lnz returns the number of entries in the strict lower triangle of L.
func (s *symbolic) lnz() int { return int(s.lp[s.n]) }

// errPivot reports a zero or negligible pivot; callers wrap it in
// ErrSingular with context.
type errPivot struct {
	node  int32   // original index of the pivot
	pivot float64 // its value
}

func (e *errPivot) Error() string {
	return fmt.Sprintf("zero pivot %g at node %d", e.pivot, e.node)
}

// factor is the numeric part of an LDLᵀ factorisation, P A Pᵀ = L D Lᵀ
// with L unit lower triangular, for a symbolic analysis and values aligned
// with its pattern. It is refilled in place by refactor whenever only the
// values change. No pivoting is done, so any symmetric matrix whose leading
// minors in the chosen order are nonsingular can be factorised, positive
// definite or not (DC susceptance matrices with a negative, series-
// compensated reactance are indefinite).
type factor struct {
	s  *symbolic
	li []int32
	lx []float64
	d  []float64
	// scratch
	y       []float64
	pat     []int32
	flag    []int64 // flag[i] == base + k: row i reached from row k
	base    int64   // advanced by n for each factorisation, so no reset is needed
	lnz     []int32
	scratch []float64
}

func newFactor(s *symbolic) *factor {
	n := s.n
	return &factor{s: s, li: make([]int32, s.lnz()), lx: make([]float64, s.lnz()), d: make([]float64, n),
		y: make([]float64, n), pat: make([]int32, n), flag: make([]int64, n), lnz: make([]int32, n),
		scratch: make([]float64, n)}
}

// pivotTol is the relative size below which a pivot counts as zero: a
// pivot smaller than pivotTol × the largest diagonal entry means the
// matrix is singular to working precision (an island without a reference,
// or susceptances that cancel).
const pivotTol = 1e-13

// refactor computes L and D for the values ax of pattern p (up-looking,
// row by row, as LDL's ldl_numeric). It returns an *errPivot when a pivot
// is zero, negligible or not finite. Time O(flops), no allocation.
func (f *factor) refactor(p *pattern, ax []float64) error {
	s := f.s
	n := int32(s.n)
	tol := pivotScale(p, ax, nil)
	f.advance()
	lnz := f.lnz
	for k := range n {
		lnz[k] = 0
		dk := f.row(p, ax, k, true)
		if !(math.Abs(dk) > tol) || math.IsInf(dk, 0) {
			return &errPivot{node: s.perm[k], pivot: dk}
		}
		f.d[k] = dk
	}
	return nil
}

// row computes row k (permuted) of L and returns the pivot, which the
// caller checks and stores in d. In a fresh factorisation (rows in
// ascending order) it appends the row's entries to their columns, counted
// in lnz; otherwise it overwrites them where an earlier complete
// factorisation put them (each column holds its rows in ascending order,
// so the entries of rows below k come first). Either way it does the same
// operations in the same order.
func (f *factor) row(p *pattern, ax []float64, k int32, fresh bool) float64 {
	s := f.s
	n := int32(s.n)
	y, pat, lnz := f.y, f.pat, f.lnz
	li, lx, d, lp := f.li, f.lx, f.d, s.lp
	top := f.scatterRow(p, ax, k)
	dk := y[k]
	y[k] = 0
	for ; top < n; top++ {
		i := pat[top]
		yi := y[i]
		y[i] = 0
		if fresh {
			li[lp[i]+lnz[i]] = k
			lnz[i]++
		}
		q := lp[i]
		for ; li[q] < k; q++ {
			y[li[q]] -= lx[q] * yi
		}
		lki := yi / d[i]
		dk -= lki * yi
		lx[q] = lki
	}
	return dk
}

// scatterRow starts row k (permuted) of an up-looking factorisation:
// it scatters row k of the permuted upper triangle of A into y and
// returns top, pat[top:n] being the pattern of row k of L (the reach of
// the row's entries in the elimination tree), in topological order.
// flag[i] == base + k marks the rows reached.
func (f *factor) scatterRow(p *pattern, ax []float64, k int32) int32 {
	s := f.s
	y, pat, flag, parent := f.y, f.pat, f.flag, s.parent
	y[k] = 0
	top := int32(s.n)
	mk := f.base + int64(k)
	flag[k] = mk
	kk := s.perm[k]
	for q := p.colPtr[kk]; q < p.colPtr[kk+1]; q++ {
		i := s.pinv[p.rowIdx[q]]
		if i > k {
			continue
		}
		y[i] += ax[q]
		ln := int32(0)
		for ; flag[i] != mk; i = parent[i] {
			pat[ln] = i
			ln++
			flag[i] = mk
		}
		for ln > 0 {
			top--
			ln--
			pat[top] = pat[ln]
		}
	}
	return top
}

// solve overwrites b (indexed by original node) with A⁻¹ b. Time
// O(n + |L|), no allocation.
func (f *factor) solve(b []float64) {
	s := f.s
	y := f.scratch
	for k, i := range s.perm {
		y[k] = b[i]
	}
	lp, li, lx := s.lp, f.li, f.lx
	for j := range s.n {
		if yj := y[j]; yj != 0 {
			for q := lp[j]; q < lp[j+1]; q++ {
				y[li[q]] -= lx[q] * yj
			}
		}
	}
	for j := range s.n {
		y[j] /= f.d[j]
	}
	for j := s.n - 1; j >= 0; j-- {
		yj := y[j]
		for q := lp[j]; q < lp[j+1]; q++ {
			yj -= lx[q] * y[li[q]]
		}
		y[j] = yj
	}
	for k, i := range s.perm {
		b[i] = y[k]
	}
}

// refactorRows recomputes the rows of L and D listed in rows (permuted
// indices, ascending) for the values ax of pattern p, the other rows being
// those of a complete earlier factorisation whose values differ from ax
// only in columns whose rows are listed together with all their
// elimination-tree ancestors. Row k of an up-looking factorisation reads
// only row k of A and the rows of L below it in its subtree, and each
// column of L stores its rows in ascending order, so every recomputed entry
// is found where the complete factorisation put it and the result is
// bitwise the one refactor would compute (the same operations in the same
// order). tol is the pivot tolerance (pivotTol × the largest diagonal
// entry); it returns an *errPivot at the first listed row whose pivot
// fails, leaving the factor unusable until the next refactor. Time: the
// flops of the listed rows plus O(n) to reset the traversal marks.
func (f *factor) refactorRows(p *pattern, ax []float64, rows []int32, tol float64) error {
	f.advance()
	for _, k := range rows {
		dk := f.row(p, ax, k, false)
		if !(math.Abs(dk) > tol) || math.IsInf(dk, 0) {
			return &errPivot{node: f.s.perm[k], pivot: dk}
		}
		f.d[k] = dk
	}
	return nil
}

// advance starts a factorisation's flags afresh: base moves past every
// value they hold (O(1); the flags are cleared only when base would pass
// the largest int64).
func (f *factor) advance() {
	n := int64(f.s.n)
	if f.base > math.MaxInt64-2*n-2 {
		for i := range f.flag {
			f.flag[i] = -1
		}
		f.base = 0
	}
	f.base += n + 1
}

// pivotScale returns the tolerance below which a pivot of the values ax
// of pattern p counts as zero: pivotTol × the largest diagonal entry, of
// every row, or of the rows listed in only and 1 (only lists every row
// whose diagonal may differ from 1).
func pivotScale(p *pattern, ax []float64, only []int32) float64 {
	scale := 0.0
	if only == nil {
		for _, q := range p.diag {
			scale = max(scale, math.Abs(ax[q]))
		}
		return pivotTol * scale
	}
	scale = 1
	for _, j := range only {
		scale = max(scale, math.Abs(ax[p.diag[j]]))
	}
	return pivotTol * scale
}

// solveRows overwrites the entries of b (indexed by original node) at the
// listed rows (permuted indices, ascending) with those of A⁻¹ b, when A is
// block diagonal with those rows forming whole blocks: the entries of L
// joining them to other rows are then exact zeros, the operations a full
// solve does on the other rows leave the listed ones unchanged, and the
// result is bitwise that of solve. The scratch entries of the other rows
// must be finite (they are: earlier solutions). Time O(Σ column lengths
// of the listed rows).
func (f *factor) solveRows(b []float64, rows []int32) {
	s := f.s
	y := f.scratch
	for _, k := range rows {
		y[k] = b[s.perm[k]]
	}
	lp, li, lx := s.lp, f.li, f.lx
	for _, j := range rows {
		if yj := y[j]; yj != 0 {
			for q := lp[j]; q < lp[j+1]; q++ {
				y[li[q]] -= lx[q] * yj
			}
		}
	}
	for _, j := range rows {
		y[j] /= f.d[j]
	}
	for x := len(rows) - 1; x >= 0; x-- {
		j := rows[x]
		yj := y[j]
		for q := lp[j]; q < lp[j+1]; q++ {
			yj -= lx[q] * y[li[q]]
		}
		y[j] = yj
	}
	for _, k := range rows {
		b[s.perm[k]] = y[k]
	}
}
