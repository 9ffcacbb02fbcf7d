package power

import (
	"fmt"
	"math"

	"github.com/lifeline-sim/lifeline/network/format/matpower"
)

// Solution is a DC power flow of a MATPOWER case, in the case's units and
// row order.
type Solution struct {
	// BaseMVA is the case's MVA base.
	BaseMVA float64
	// Va is the voltage angle of each bus row in degrees. Reference buses
	// keep their VA from the case, and so do isolated (type-4) buses.
	Va []float64
	// Pf is the real power flow into each branch row at its from end in MW
	// (the flow at the to end is −Pf: DC flows are lossless); 0 for
	// out-of-service branches.
	Pf []float64
	// Pg is the real output of each generator row in MW: PG from the case,
	// plus, for the slack generator of each reference bus, the mismatch it
	// takes; 0 for generators out of service.
	Pg []float64
	// Ref holds the bus rows of the reference buses (MATPOWER's bustypes:
	// the type-3 buses with an in-service generator, else the first type-2
	// bus with one).
	Ref []int
	// Slack holds, for each entry of Ref, the row of the generator that
	// takes the mismatch: the first in-service generator at that bus.
	Slack []int
}

// dcCase is a MATPOWER case compiled for the DC power flow, as MATPOWER's
// ext2int, bustypes, makeBdc and makeSbus prepare it: isolated buses and
// the branches and generators touching them are out; each in-service
// branch has b = 1/(x·tap) (tap 0 ⇒ 1) and a phase shift in radians; the
// net injection of each bus is (Σ PG of its in-service generators − PD −
// GS)/baseMVA.
type dcCase struct {
	c        *matpower.Case
	base     float64
	nb       int
	isolated []bool
	f, t     []int32   // branch ends (bus rows), −1 for a branch out of service
	b        []float64 // susceptance per branch, 0 when out of service
	shift    []float64 // radians
	gbus     []int32   // generator bus rows, −1 when out of service
	pinj     []float64 // per unit, without the phase-shifter injections
	va0      []float64 // case angles, radians
	ref      []int32
	slack    []int32
}

// compile checks and compiles c. Errors wrap ErrInvalid or ErrNoReference.
func compile(c *matpower.Case) (*dcCase, error) {
	if c == nil {
		return nil, fmt.Errorf("%w: nil case", ErrInvalid)
	}
	name := c.Name
	if name == "" {
		name = c.File
	}
	if !(c.BaseMVA > 0) || math.IsInf(c.BaseMVA, 0) {
		return nil, fmt.Errorf("%w: case %s: baseMVA %v", ErrInvalid, name, c.BaseMVA)
	}
	d := &dcCase{c: c, base: c.BaseMVA, nb: len(c.Bus)}
	rows := c.BusRows()
	if len(rows) != len(c.Bus) {
		return nil, fmt.Errorf("%w: case %s: repeated bus numbers", ErrInvalid, name)
	}
	d.isolated = make([]bool, d.nb)
	d.pinj = make([]float64, d.nb)
	d.va0 = make([]float64, d.nb)
	for i := range c.Bus {
		bus := &c.Bus[i]
		d.isolated[i] = bus.Type == 4
		if !finite(bus.Pd) || !finite(bus.Gs) || !finite(bus.Va) {
			return nil, fmt.Errorf("%w: case %s: bus %d: PD, GS and VA must be finite", ErrInvalid, name, bus.BusI)
		}
		d.pinj[i] = -bus.Pd - bus.Gs
		d.va0[i] = degToRad(bus.Va)
	}
	busRow := func(n int, what string, k int) (int32, error) {
		r, ok := rows[n]
		if !ok {
			return 0, fmt.Errorf("%w: case %s: %s %d: bus %d is not in the bus matrix", ErrInvalid, name, what, k+1, n)
		}
		return int32(r), nil
	}
	nbr := len(c.Branch)
	d.f, d.t = make([]int32, nbr), make([]int32, nbr)
	d.b, d.shift = make([]float64, nbr), make([]float64, nbr)
	for k := range c.Branch {
		br := &c.Branch[k]
		f, err := busRow(br.FBus, "branch", k)
		if err != nil {
			return nil, err
		}
		t, err := busRow(br.TBus, "branch", k)
		if err != nil {
			return nil, err
		}
		d.f[k], d.t[k] = -1, -1
		if !br.InService() || d.isolated[f] || d.isolated[t] {
			continue
		}
		tap := br.Tap
		if tap == 0 {
			tap = 1
		}
		b := 1 / (br.X * tap)
		if br.X == 0 || !finite(b) || !finite(br.Shift) || f == t {
			return nil, fmt.Errorf("%w: case %s: branch %d (%d-%d): BR_X %v, TAP %v, SHIFT %v",
				ErrInvalid, name, k+1, br.FBus, br.TBus, br.X, br.Tap, br.Shift)
		}
		d.f[k], d.t[k], d.b[k], d.shift[k] = f, t, b, degToRad(br.Shift)
	}
	hasGen := make([]bool, d.nb)
	d.gbus = make([]int32, len(c.Gen))
	for k := range c.Gen {
		g := &c.Gen[k]
		r, err := busRow(g.Bus, "generator", k)
		if err != nil {
			return nil, err
		}
		d.gbus[k] = -1
		if !g.InService() || d.isolated[r] {
			continue
		}
		if !finite(g.Pg) {
			return nil, fmt.Errorf("%w: case %s: generator %d: PG %v", ErrInvalid, name, k+1, g.Pg)
		}
		d.gbus[k] = r
		hasGen[r] = true
		d.pinj[r] += g.Pg
	}
	for i := range d.pinj {
		d.pinj[i] /= d.base
	}
	// bustypes: type-3 buses with a generator, else the first type-2 one.
	for i := range c.Bus {
		if c.Bus[i].Type == 3 && hasGen[i] {
			d.ref = append(d.ref, int32(i))
		}
	}
	if len(d.ref) == 0 {
		for i := range c.Bus {
			if c.Bus[i].Type == 2 && hasGen[i] {
				d.ref = append(d.ref, int32(i))
				break
			}
		}
	}
	if len(d.ref) == 0 {
		return nil, fmt.Errorf("%w: case %s: no in-service generator at a type-3 or type-2 bus", ErrNoReference, name)
	}
	for _, r := range d.ref {
		for k, gb := range d.gbus {
			if gb == r {
				d.slack = append(d.slack, int32(k))
				break
			}
		}
	}
	return d, nil
}

func finite(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }

// fixedMask returns the reference and isolated buses.
func (d *dcCase) fixedMask() []bool {
	fixed := make([]bool, d.nb)
	copy(fixed, d.isolated)
	for _, r := range d.ref {
		fixed[r] = true
	}
	return fixed
}

// injections writes P − Pbusinj (per unit) for branch susceptances b.
func (d *dcCase) injections(p, b []float64) {
	copy(p, d.pinj)
	for k, bk := range b {
		if bk != 0 && d.shift[k] != 0 {
			// Pfinj = −b·shift enters Pbusinj at f (+) and t (−).
			p[d.f[k]] += bk * d.shift[k]
			p[d.t[k]] -= bk * d.shift[k]
		}
	}
}

// solver holds a compiled case with its factorised system.
type solver struct {
	d     *dcCase
	sys   *system
	fixed []bool
	theta []float64 // radians, per bus
}

// newSolver compiles c, builds and factorises B for the case as given.
func newSolver(d *dcCase, w *mdWork) (*solver, error) {
	s := &solver{d: d, sys: newSystem(d.nb, d.f, d.t, w), fixed: d.fixedMask(), theta: make([]float64, d.nb)}
	s.sys.assemble(d.b, s.fixed)
	if err := s.sys.fac.refactor(s.sys.pat, s.sys.ax); err != nil {
		return nil, d.singular(err)
	}
	d.injections(s.theta, d.b)
	s.sys.rhs(s.theta, d.b, s.fixed, d.va0)
	s.sys.fac.solve(s.theta)
	return s, nil
}

func (d *dcCase) singular(err error) error {
	name := d.c.Name
	if name == "" {
		name = d.c.File
	}
	if e, ok := err.(*errPivot); ok && int(e.node) < d.nb {
		return fmt.Errorf("%w: case %s: bus %d has no path to a reference bus (pivot %g)",
			ErrSingular, name, d.c.Bus[e.node].BusI, e.pivot)
	}
	return fmt.Errorf("%w: case %s: %v", ErrSingular, name, err)
}

// solution converts the angles into a Solution.
func (s *solver) solution() *Solution {
	d := s.d
	sol := &Solution{BaseMVA: d.base, Va: make([]float64, d.nb), Pf: make([]float64, len(d.b)),
		Pg: make([]float64, len(d.gbus))}
	for i, th := range s.theta {
		sol.Va[i] = radToDeg(th)
	}
	for k, bk := range d.b {
		if bk != 0 {
			sol.Pf[k] = (bk*(s.theta[d.f[k]]-s.theta[d.t[k]]) - bk*d.shift[k]) * d.base
		}
	}
	for k, gb := range d.gbus {
		if gb >= 0 {
			sol.Pg[k] = d.c.Gen[k].Pg
		}
	}
	// The slack of each reference bus takes B(ref,:)·θ − P(ref).
	p := make([]float64, d.nb)
	d.injections(p, d.b)
	for j, r := range d.ref {
		sum := 0.0
		for k, bk := range d.b {
			if bk == 0 {
				continue
			}
			switch r {
			case d.f[k]:
				sum += bk * (s.theta[r] - s.theta[d.t[k]])
			case d.t[k]:
				sum += bk * (s.theta[r] - s.theta[d.f[k]])
			}
		}
		g := d.slack[j]
		sol.Pg[g] += (sum - p[r]) * d.base
		sol.Ref = append(sol.Ref, int(r))
		sol.Slack = append(sol.Slack, int(g))
	}
	return sol
}

// SolveMatpower runs MATPOWER's DC power flow (rundcpf with makeBdc and
// dcpf) on c: B from b = 1/(x·tap) (tap 0 ⇒ 1) over the in-service
// branches whose ends are not isolated, phase shifters as injections
// Pfinj = −b·shift, bus shunts GS as demand, generators and branches out of
// service left out, the reference buses (bustypes) held at their VA from
// the case, and the first in-service generator at each reference bus
// taking the mismatch. The system is solved by a sparse LDLᵀ factorisation
// in minimum-degree order.
//
// Errors wrap ErrInvalid (a zero or non-finite reactance in service, a
// non-finite PD, GS, VA or PG), ErrNoReference, or ErrSingular (a bus or
// island without a path to a reference bus: MATPOWER's DC power flow
// needs one connected network per reference). Time O(buses + branches +
// |L|), where |L| is the fill of the factor.
func SolveMatpower(c *matpower.Case) (*Solution, error) {
	_, s, err := solveCase(c)
	if err != nil {
		return nil, err
	}
	return s.solution(), nil
}

// solveCase compiles c and solves its base case.
func solveCase(c *matpower.Case) (*dcCase, *solver, error) {
	d, err := compile(c)
	if err != nil {
		return nil, nil, err
	}
	var w mdWork
	s, err := newSolver(d, &w)
	return d, s, err
}
