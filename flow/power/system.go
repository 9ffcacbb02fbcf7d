package power

import (
	"math"
)

// system is the DC network equations B·θ = P over n nodes joined by
// branches: the pattern of B (one off-diagonal pair per joined node pair),
// its minimum-degree symbolic factorisation, and a numeric factor refilled
// whenever the susceptances or the fixed (reference, dead) nodes change.
// Fixed nodes keep their rows in the pattern but are assembled as identity
// rows, their couplings moved to the right-hand side, so that one symbolic
// analysis serves every outage and islanding state.
type system struct {
	pat      *pattern
	sym      *symbolic
	fac      *factor
	f, t     []int32 // branch ends (node indices)
	pft, ptf []int32 // positions of (f,t) and (t,f) in pat, −1 when f == t
	ax       []float64

	ax0  []float64 // the values the factor holds
	ok   bool      // the factor is complete for the values ax0
	tol  float64   // the pivot tolerance it was checked against
	mark []int32   // row → stamp of the last factoriseNodes that listed it
	stmp int32
	rows []int32
	// full and partial count the factorisations of each kind.
	full, partial int

	// For the sector model: the decomposition into core and hanging trees
	// (tree branches are left out of the matrix when fo is set: the model
	// holds tree nodes fixed and solves only the core), and the elements
	// of each node (CSR, ascending; a node's elements are among them).
	fo        *forest
	elOff, el []int32
}

// pivotScale returns the pivot tolerance of the values s.ax: pivotTol ×
// the largest diagonal entry. In a decomposed system every tree node is
// an identity row, so the largest is that of the core nodes' entries and
// 1 (when there is a tree node): O(core nodes).
func (s *system) pivotScale() float64 {
	if s.fo == nil || len(s.fo.peel) == 0 {
		return pivotScale(s.pat, s.ax, nil)
	}
	return pivotScale(s.pat, s.ax, s.fo.coreNodes)
}

// pivotsPass reports whether every pivot of the factor passes tol: those
// of the core rows, and 1 for the identity rows of a decomposed system's
// tree nodes.
func (s *system) pivotsPass(tol float64) bool {
	d := s.fac.d
	if s.fo == nil || len(s.fo.peel) == 0 {
		for _, dk := range d {
			if !(math.Abs(dk) > tol) {
				return false
			}
		}
		return true
	}
	if !(1 > tol) {
		return false
	}
	for _, j := range s.fo.coreNodes {
		if !(math.Abs(d[s.sym.pinv[j]]) > tol) {
			return false
		}
	}
	return true
}

// elems returns the elements that may belong to node x.
func (s *system) elems(x int32) []int32 { return s.el[s.elOff[x]:s.elOff[x+1]] }

// skip reports whether branch k stays out of the matrix: a tree branch of
// a decomposed system.
func (s *system) skip(k int32) bool { return s.fo != nil && s.fo.tree[k] }

// partialShare is the share of the rows of L above which factorise
// refactorises whole: a partial pass lists the changed rows with their
// elimination-tree ancestors, and once they are half the matrix the full
// pass (no marking, no per-column comparison) is as cheap.
const partialShare = 0.5

// newSystem builds the pattern of n nodes and the given branches, orders
// it and analyses it symbolically. A branch with f == t is kept (it never
// carries flow) but adds no entry.
func newSystem(n int, f, t []int32, w *mdWork) *system {
	p, pft, ptf := newPattern(n, f, t)
	s := &system{pat: p, f: f, t: t, pft: pft, ptf: ptf, ax: make([]float64, p.nnz()), ax0: make([]float64, p.nnz()),
		mark: make([]int32, n), rows: make([]int32, 0, n)}
	s.sym = analyse(p, w)
	s.fac = newFactor(s.sym)
	return s
}

// factorise factorises the values ax whole.
func (s *system) factorise() error {
	s.full++
	err := s.fac.refactor(s.pat, s.ax)
	s.ok, s.tol = err == nil, s.pivotScale()
	copy(s.ax0, s.ax)
	return err
}

// factoriseNodes brings the factor up to date after the values of the
// rows and columns of the given nodes were re-assembled (and no others).
// A change in column j changes row pinv[j] of L and the rows of its
// ancestors in the elimination tree, and no other (Davis, Direct Methods
// for Sparse Linear Systems, 2006, §4.1: row k of L comes from a
// triangular solve with the rows of its subtree); factoriseNodes compares
// the given columns with the values the factor holds, lists the rows on
// the tree paths from those that differ to the roots and recomputes those
// alone
// (factor.refactorRows), each exactly as a complete factorisation would,
// so the factor is bitwise the same as factorise's. It factorises whole
// when it holds no complete factor (first call, after a failure) or when
// the listed rows exceed partialShare of the matrix. A pivot failure
// returns factorise's error (the first failing pivot in elimination
// order). Time: the flops of the listed rows, O(n) at most for the marks.
func (s *system) factoriseNodes(nodes []int32) error {
	if s.ok {
		n := s.pat.n
		s.stmp++
		rows := s.rows[:0]
		pinv, parent := s.sym.pinv, s.sym.parent
		cp, ax, ax0 := s.pat.colPtr, s.ax, s.ax0
		for _, j := range nodes {
			same := true
			for q := cp[j]; q < cp[j+1] && same; q++ {
				same = ax[q] == ax0[q]
			}
			if same {
				continue
			}
			copy(ax0[cp[j]:cp[j+1]], ax[cp[j]:cp[j+1]])
			for k := pinv[j]; k >= 0 && s.mark[k] != s.stmp; k = parent[k] {
				s.mark[k] = s.stmp
				rows = append(rows, k)
			}
		}
		s.rows = rows
		if float64(len(rows)) <= partialShare*float64(n) {
			rows = sortMarked(rows, s.mark, s.stmp)
			tol := s.pivotScale()
			ok := tol == s.tol
			if !ok {
				// The tolerance moved: the rows kept must pass it too.
				ok = s.pivotsPass(tol)
			}
			if ok && s.fac.refactorRows(s.pat, ax, rows, tol) == nil {
				s.partial++
				s.tol = tol
				return nil
			}
		}
	}
	return s.factorise()
}

// assemble fills the matrix for branch susceptances b (0 for a branch that
// does not work) with the fixed nodes as identity rows.
func (s *system) assemble(b []float64, fixed []bool) {
	ax, diag := s.ax, s.pat.diag
	clear(ax)
	for i, fx := range fixed {
		if fx {
			ax[diag[i]] = 1
		}
	}
	for k, bk := range b {
		s.addBranch(int32(k), bk, fixed)
	}
}

// assembleSome re-assembles the rows and columns of the given nodes, as
// assemble would: branches lists, ascending, every branch at those nodes,
// and no working branch joins one of them to a node outside.
func (s *system) assembleSome(b []float64, fixed []bool, nodes, branches []int32) {
	ax, diag := s.ax, s.pat.diag
	for _, j := range nodes {
		ax[diag[j]] = 0
		if fixed[j] {
			ax[diag[j]] = 1
		}
	}
	for _, k := range branches {
		if s.pft[k] >= 0 {
			ax[s.pft[k]], ax[s.ptf[k]] = 0, 0
		}
	}
	for _, k := range branches {
		s.addBranch(k, b[k], fixed)
	}
}

// addBranch adds branch k of susceptance bk to the matrix.
func (s *system) addBranch(k int32, bk float64, fixed []bool) {
	if bk == 0 || s.pft[k] < 0 || s.skip(k) {
		return
	}
	ax, diag := s.ax, s.pat.diag
	f, t := s.f[k], s.t[k]
	ff, ft := fixed[f], fixed[t]
	if !ff {
		ax[diag[f]] += bk
	}
	if !ft {
		ax[diag[t]] += bk
	}
	if !ff && !ft {
		ax[s.pft[k]] -= bk
		ax[s.ptf[k]] -= bk
	}
}

// rhs completes the right-hand side in place: p holds the net injections
// P − Pbusinj (per unit) of the free nodes on entry; fixed nodes get their
// angle theta, and free neighbours of fixed nodes the coupling b·θ.
func (s *system) rhs(p []float64, b []float64, fixed []bool, theta []float64) {
	for i, fx := range fixed {
		if fx {
			p[i] = theta[i]
		}
	}
	for k, bk := range b {
		s.couple(p, int32(k), bk, fixed, theta)
	}
}

// rhsSome completes the right-hand side of the given nodes as rhs would,
// with the branches of assembleSome.
func (s *system) rhsSome(p []float64, b []float64, fixed []bool, theta []float64, nodes, branches []int32) {
	for _, j := range nodes {
		if fixed[j] {
			p[j] = theta[j]
		}
	}
	for _, k := range branches {
		s.couple(p, k, b[k], fixed, theta)
	}
}

// couple moves branch k's coupling to a fixed end to the right-hand side.
func (s *system) couple(p []float64, k int32, bk float64, fixed []bool, theta []float64) {
	if bk == 0 || s.pft[k] < 0 || s.skip(k) {
		return
	}
	f, t := s.f[k], s.t[k]
	switch {
	case fixed[t] && !fixed[f]:
		p[f] += bk * theta[t]
	case fixed[f] && !fixed[t]:
		p[t] += bk * theta[f]
	}
}

// degToRad converts degrees to radians as MATPOWER does (x · π/180).
func degToRad(x float64) float64 { return x * math.Pi / 180 }

// radToDeg converts radians to degrees as MATPOWER does (x · 180/π).
func radToDeg(x float64) float64 { return x * 180 / math.Pi }
