package power

import (
	"math"
	"testing"

	"github.com/lifeline-sim/lifeline/internal/testenv"
	"github.com/lifeline-sim/lifeline/network/format/matpower"
	"gonum.org/v1/gonum/mat"
)

// denseDCPF is an independent dense DC power flow for cross-checks: it
// assembles B and P from the case rows as MATPOWER's makeBdc and rundcpf
// define them (b = 1/(x·tap), tap 0 ⇒ 1; Pfinj = −b·shift; P = (Pg − Pd −
// Gs)/baseMVA − Pbusinj), removes the type-3 bus (one reference, as in the
// shared cases) and solves the rest with gonum's dense LU.
func denseDCPF(t testing.TB, c *matpower.Case) (va, pf []float64) {
	t.Helper()
	rows := c.BusRows()
	nb := len(c.Bus)
	B := mat.NewDense(nb, nb, nil)
	P := make([]float64, nb)
	for i, bus := range c.Bus {
		P[i] = (-bus.Pd - bus.Gs) / c.BaseMVA
	}
	for _, g := range c.Gen {
		if g.Status > 0 {
			P[rows[g.Bus]] += g.Pg / c.BaseMVA
		}
	}
	ref := -1
	for i, bus := range c.Bus {
		if bus.Type == 3 {
			ref = i
		}
	}
	bs := make([]float64, len(c.Branch))
	for k, br := range c.Branch {
		if br.Status <= 0 {
			continue
		}
		tap := br.Tap
		if tap == 0 {
			tap = 1
		}
		b := 1 / br.X / tap
		bs[k] = b
		f, to := rows[br.FBus], rows[br.TBus]
		B.Set(f, f, B.At(f, f)+b)
		B.Set(to, to, B.At(to, to)+b)
		B.Set(f, to, B.At(f, to)-b)
		B.Set(to, f, B.At(to, f)-b)
		pfinj := -b * br.Shift * math.Pi / 180
		P[f] -= pfinj
		P[to] += pfinj
	}
	keep := make([]int, 0, nb-1)
	for i := range nb {
		if i != ref {
			keep = append(keep, i)
		}
	}
	m := len(keep)
	A := mat.NewDense(m, m, nil)
	rhs := mat.NewVecDense(m, nil)
	va0 := c.Bus[ref].Va * math.Pi / 180
	for a, i := range keep {
		for b, j := range keep {
			A.Set(a, b, B.At(i, j))
		}
		rhs.SetVec(a, P[i]-B.At(i, ref)*va0)
	}
	var x mat.VecDense
	if err := x.SolveVec(A, rhs); err != nil {
		t.Fatal(err)
	}
	th := make([]float64, nb)
	th[ref] = va0
	for a, i := range keep {
		th[i] = x.AtVec(a)
	}
	va = make([]float64, nb)
	for i := range th {
		va[i] = th[i] * 180 / math.Pi
	}
	pf = make([]float64, len(c.Branch))
	for k, br := range c.Branch {
		if bs[k] != 0 {
			f, to := rows[br.FBus], rows[br.TBus]
			pf[k] = (bs[k]*(th[f]-th[to]) - bs[k]*br.Shift*math.Pi/180) * c.BaseMVA
		}
	}
	return va, pf
}

// TestSharedDense solves case300 and case_ACTIVSg2000 (shared data; no
// reference solution ships with them, see the data README) with the sparse
// solver and cross-checks against denseDCPF; the flows must also balance
// at every bus (Kirchhoff's current law, the slack absorbing the rest).
func TestSharedDense(t *testing.T) {
	for _, name := range []string{"case300", "case_ACTIVSg2000"} {
		t.Run(name, func(t *testing.T) {
			c := parseCase(t, testenv.SharedFile(t, "power/"+name+".m"))
			sol, err := SolveMatpower(c)
			if err != nil {
				t.Fatal(err)
			}
			va, pf := denseDCPF(t, c)
			maxVa, maxPf := 0.0, 0.0
			for i := range va {
				maxVa = max(maxVa, math.Abs(va[i]-sol.Va[i]))
			}
			for k := range pf {
				maxPf = max(maxPf, math.Abs(pf[k]-sol.Pf[k]))
			}
			t.Logf("sparse vs dense: max |dVa| = %.2g deg, max |dPf| = %.2g MW", maxVa, maxPf)
			if maxVa > tolDeg || maxPf > tolMW {
				t.Errorf("max |dVa| = %g deg, max |dPf| = %g MW", maxVa, maxPf)
			}
			checkBalance(t, c, sol)
		})
	}
}

// checkBalance checks power balance at every bus: generation − demand −
// shunt = Σ flows out, to 1e-6 MW.
func checkBalance(t *testing.T, c *matpower.Case, sol *Solution) {
	t.Helper()
	rows := c.BusRows()
	net := make([]float64, len(c.Bus))
	for i, bus := range c.Bus {
		net[i] = -bus.Pd - bus.Gs
	}
	for k, g := range c.Gen {
		net[rows[g.Bus]] += sol.Pg[k]
	}
	for k, br := range c.Branch {
		net[rows[br.FBus]] -= sol.Pf[k]
		net[rows[br.TBus]] += sol.Pf[k]
	}
	worst := 0.0
	for i := range net {
		if c.Bus[i].Type != 4 {
			worst = max(worst, math.Abs(net[i]))
		}
	}
	if worst > tolMW {
		t.Errorf("bus balance off by %g MW", worst)
	}
}
