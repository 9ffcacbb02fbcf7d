package power

import "math"

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
}

// newSystem builds the pattern of n nodes and the given branches, orders
// it and analyses it symbolically. A branch with f == t is kept (it never
// carries flow) but adds no entry.
func newSystem(n int, f, t []int32, w *mdWork) *system {
	p, pft, ptf := newPattern(n, f, t)
	s := &system{pat: p, f: f, t: t, pft: pft, ptf: ptf, ax: make([]float64, p.nnz())}
	s.sym = analyse(p, w)
	s.fac = newFactor(s.sym)
	return s
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
		if bk == 0 || s.pft[k] < 0 {
			continue
		}
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
		if bk == 0 || s.pft[k] < 0 {
			continue
		}
		f, t := s.f[k], s.t[k]
		switch {
		case fixed[t] && !fixed[f]:
			p[f] += bk * theta[t]
		case fixed[f] && !fixed[t]:
			p[t] += bk * theta[f]
		}
	}
}

// degToRad converts degrees to radians as MATPOWER does (x · π/180).
func degToRad(x float64) float64 { return x * math.Pi / 180 }

// radToDeg converts radians to degrees as MATPOWER does (x · 180/π).
func radToDeg(x float64) float64 { return x * 180 / math.Pi }
