package power

import (
	"fmt"
	"math"

	"github.com/lifeline-sim/lifeline/network/format/matpower"
)

// Screener evaluates branch outages of a MATPOWER case against one
// factorisation of its base-case susceptance matrix. The outage of branch
// l (susceptance b, ends f and t) is a rank-one change B' = B − b·e·eᵀ with
// e = e_f − e_t; by the Sherman–Morrison formula the angles move by
//
//	Δθ = w · F_l / (1 − b·(w_f − w_t)),   w = B⁻¹e,
//
// where F_l is the branch's base flow (per unit, phase shift included: the
// shifter's injections leave with it). The factor 1/(1 − b·eᵀw) turns
// b·(Δ of w across each branch) into the line outage distribution factors
// (LODF) of branch l, so one outage costs one solve with the existing
// factor, O(n + |L|), plus O(branches) for the flows, instead of a new
// factorisation. An outage that splits the network (a bridge of the graph
// of in-service branches) makes the denominator zero; bridges are found
// exactly, by a depth-first search (Tarjan 1974), and reported instead.
//
// A Screener is not safe for concurrent use.
type Screener struct {
	d      *dcCase
	s      *solver
	base   *Solution
	rating []float64 // RATE_A in MW, 0 = unlimited
	bridge []bool
	cut    []IslandingOutage // per branch, valid where bridge
	w      []float64
}

// NewScreener solves the base case of c as SolveMatpower does and prepares
// the outage screening. Errors are SolveMatpower's.
func NewScreener(c *matpower.Case) (*Screener, error) {
	d, s, err := solveCase(c)
	if err != nil {
		return nil, err
	}
	sc := &Screener{d: d, s: s, base: s.solution(), rating: make([]float64, len(d.b)),
		w: make([]float64, d.nb)}
	for k := range c.Branch {
		if r := c.Branch[k].RateA; r > 0 && !math.IsInf(r, 1) {
			sc.rating[k] = r
		}
	}
	sc.bridges()
	return sc, nil
}

// Base returns the base-case solution (shared: do not modify it).
func (sc *Screener) Base() *Solution { return sc.base }

// Islanding reports whether the outage of branch row k (0-based) splits
// the network. Branches out of service in the base case do not.
func (sc *Screener) Islanding(k int) bool { return sc.bridge[k] }

// Outage writes into pf (one entry per branch row) the branch flows in MW
// after the outage of branch row k (0-based), all else as in the base case;
// pf[k] is 0. The outage of a branch already out of service leaves the base
// flows. It returns an error wrapping ErrIslanding when the outage splits
// the network, and ErrInvalid when k is out of range or pf too short.
// Time O(buses + branches + |L|), no allocation.
func (sc *Screener) Outage(k int, pf []float64) error {
	d := sc.d
	if k < 0 || k >= len(d.b) || len(pf) < len(d.b) {
		return fmt.Errorf("%w: outage of branch %d of %d with %d flows", ErrInvalid, k+1, len(d.b), len(pf))
	}
	if sc.bridge[k] {
		br := d.c.Branch[k]
		return fmt.Errorf("%w: branch %d (%d-%d) cuts off %d buses", ErrIslanding, k+1, br.FBus, br.TBus, sc.cut[k].Buses)
	}
	copy(pf, sc.base.Pf)
	bk := d.b[k]
	if bk == 0 {
		return nil
	}
	f, t := d.f[k], d.t[k]
	w := sc.w
	clear(w)
	if !sc.s.fixed[f] {
		w[f] = 1
	}
	if !sc.s.fixed[t] {
		w[t] = -1
	}
	sc.s.sys.fac.solve(w)
	c := sc.base.Pf[k] / d.base / (1 - bk*(w[f]-w[t]))
	for j, bj := range d.b {
		if bj != 0 {
			pf[j] += d.base * bj * c * (w[d.f[j]] - w[d.t[j]])
		}
	}
	pf[k] = 0
	return nil
}

// N1 is the result of an N-1 screening of every in-service branch.
type N1 struct {
	// Base is the base-case solution.
	Base *Solution
	// Outages holds the outages that leave the network connected, in
	// branch row order.
	Outages []Outage
	// Islanding holds the outages that split the network, in branch row
	// order: the LODF is undefined there and a single-reference DC power
	// flow has no solution.
	Islanding []IslandingOutage
}

// Outage is the screened result of one branch outage.
type Outage struct {
	// Branch is the 0-based row of the branch taken out.
	Branch int
	// MaxLoading is the largest |Pf| ÷ RATE_A over the rated branches
	// after the outage (0 when none is rated), at branch row MaxBranch
	// (−1 when none).
	MaxLoading float64
	MaxBranch  int
	// Overloads lists the branches above their rating after the outage, in
	// row order.
	Overloads []Overload
}

// Overload is a branch above its rating.
type Overload struct {
	// Branch is the 0-based branch row.
	Branch int
	// Pf is its flow in MW (from end).
	Pf float64
	// Loading is |Pf| ÷ RATE_A.
	Loading float64
}

// IslandingOutage describes an outage that splits the network: the part
// cut off from the reference bus (the side without it).
type IslandingOutage struct {
	// Branch is the 0-based row of the branch taken out.
	Branch int
	// Buses is the number of buses cut off.
	Buses int
	// LoadMW is their total PD + GS in MW.
	LoadMW float64
	// GenMW is the base-case output of the in-service generators among
	// them in MW.
	GenMW float64
}

// Run screens every in-service branch: O(branches · (buses + branches +
// |L|)) time.
func (sc *Screener) Run() *N1 {
	d := sc.d
	res := &N1{Base: sc.base}
	pf := make([]float64, len(d.b))
	for k, bk := range d.b {
		if bk == 0 {
			continue
		}
		if sc.bridge[k] {
			res.Islanding = append(res.Islanding, sc.cut[k])
			continue
		}
		_ = sc.Outage(k, pf) // k is in range and no bridge: cannot fail
		o := Outage{Branch: k, MaxBranch: -1}
		for j, r := range sc.rating {
			if r == 0 || j == k {
				continue
			}
			l := math.Abs(pf[j]) / r
			if l > o.MaxLoading {
				o.MaxLoading, o.MaxBranch = l, j
			}
			if l > 1 {
				o.Overloads = append(o.Overloads, Overload{Branch: j, Pf: pf[j], Loading: l})
			}
		}
		res.Outages = append(res.Outages, o)
	}
	return res
}

// ScreenN1 screens every in-service branch outage of c (NewScreener, then
// Run).
func ScreenN1(c *matpower.Case) (*N1, error) {
	sc, err := NewScreener(c)
	if err != nil {
		return nil, err
	}
	return sc.Run(), nil
}

// bridges finds the bridges of the graph of in-service branches by an
// iterative depth-first search from the reference buses (then from any bus
// not reached), and the size, load and generation of the subtree each one
// cuts off.
func (sc *Screener) bridges() {
	d := sc.d
	nb := d.nb
	off := make([]int32, nb+1)
	for k, bk := range d.b {
		if bk != 0 {
			off[d.f[k]+1]++
			off[d.t[k]+1]++
		}
	}
	for i := range nb {
		off[i+1] += off[i]
	}
	nbr, edge := make([]int32, off[nb]), make([]int32, off[nb])
	pos := append([]int32(nil), off[:nb]...)
	for k, bk := range d.b {
		if bk != 0 {
			f, t := d.f[k], d.t[k]
			nbr[pos[f]], edge[pos[f]] = t, int32(k)
			pos[f]++
			nbr[pos[t]], edge[pos[t]] = f, int32(k)
			pos[t]++
		}
	}
	load := make([]float64, nb)
	gen := make([]float64, nb)
	for i := range nb {
		load[i] = d.c.Bus[i].Pd + d.c.Bus[i].Gs
	}
	for k, gb := range d.gbus {
		if gb >= 0 {
			gen[gb] += sc.base.Pg[k]
		}
	}
	size := make([]int, nb)
	disc, low := make([]int32, nb), make([]int32, nb)
	pedge := make([]int32, nb)
	for i := range disc {
		disc[i] = -1
	}
	sc.bridge = make([]bool, len(d.b))
	sc.cut = make([]IslandingOutage, len(d.b))
	type frame struct{ v, next int32 }
	var stack []frame
	clock := int32(0)
	visit := func(root int32) {
		if disc[root] >= 0 {
			return
		}
		disc[root], low[root], pedge[root] = clock, clock, -1
		clock++
		stack = append(stack[:0], frame{root, off[root]})
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			v := top.v
			if top.next < off[v+1] {
				q := top.next
				top.next++
				u, e := nbr[q], edge[q]
				if e == pedge[v] {
					continue
				}
				if disc[u] < 0 {
					disc[u], low[u], pedge[u] = clock, clock, e
					clock++
					stack = append(stack, frame{u, off[u]})
				} else {
					low[v] = min(low[v], disc[u])
				}
				continue
			}
			stack = stack[:len(stack)-1]
			size[v]++
			if len(stack) == 0 {
				continue
			}
			p := stack[len(stack)-1].v
			low[p] = min(low[p], low[v])
			size[p] += size[v]
			if low[v] > disc[p] {
				e := pedge[v]
				sc.bridge[e] = true
				sc.cut[e] = IslandingOutage{Branch: int(e), Buses: size[v], LoadMW: load[v], GenMW: gen[v]}
			}
			load[p] += load[v]
			gen[p] += gen[v]
		}
	}
	for _, r := range d.ref {
		visit(r)
	}
	for i := range int32(nb) {
		if !d.isolated[i] {
			visit(i)
		}
	}
}
