package power

import (
	"fmt"
	"math"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/flowtest"
	"github.com/lifeline-sim/lifeline/internal/testenv"
	"github.com/lifeline-sim/lifeline/network"
)

// caseModel converts c to a network and builds the model of its power
// sector.
func caseModel(t testing.TB, c *network.MatpowerCase) (*network.Network, network.SectorIndex, *Model) {
	t.Helper()
	n, err := c.Network(network.MatpowerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s, ok := n.SectorIndexOf(network.Power)
	if !ok {
		t.Fatal("no power sector")
	}
	m, err := NewModel(n, s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return n, s, m
}

func comp(t testing.TB, n *network.Network, id string) int32 {
	t.Helper()
	i, ok := n.ComponentIndex(id)
	if !ok {
		t.Fatalf("no component %s", id)
	}
	return i
}

func link(t testing.TB, n *network.Network, id string) int32 {
	t.Helper()
	l, ok := n.LinkIndex(id)
	if !ok {
		t.Fatalf("no link %s", id)
	}
	return l
}

// checkIntact serves the intact network and compares the model with
// SolveMatpower (itself checked against the references): angles, flows,
// dispatch, full service and loadings = |Pf| ÷ RATE_A. It returns the
// largest differences.
func checkIntact(t *testing.T, c *network.MatpowerCase) (dVa, dPf, dPg float64) {
	t.Helper()
	sol, err := SolveMatpower(c)
	if err != nil {
		t.Fatal(err)
	}
	n, s, m := caseModel(t, c)
	out := flow.NewOutput(n)
	m.Serve(n, s, network.NewState(n), out)
	if m.Err() != nil {
		t.Fatal(m.Err())
	}
	for i, bus := range c.Bus {
		b := comp(t, n, fmt.Sprintf("bus%d", bus.BusI))
		va, ok := m.Angle(b)
		if !ok {
			t.Fatalf("bus %d has no angle", bus.BusI)
		}
		dVa = max(dVa, math.Abs(va-sol.Va[i]))
		if out.Served[b] != 1 {
			t.Fatalf("bus %d served %v in the intact network", bus.BusI, out.Served[b])
		}
	}
	for k, br := range c.Branch {
		l := link(t, n, fmt.Sprintf("br%d", k+1))
		dPf = max(dPf, math.Abs(m.Flow(l)-sol.Pf[k]))
		want := 0.0
		if br.RateA > 0 && br.InService() {
			want = math.Abs(sol.Pf[k]) / br.RateA
		}
		if math.Abs(out.Loading[l]-want) > 1e-9 {
			t.Fatalf("branch %d: loading %v, want %v", k+1, out.Loading[l], want)
		}
	}
	for k := range c.Gen {
		dPg = max(dPg, math.Abs(m.Dispatch(comp(t, n, fmt.Sprintf("gen%d", k+1)))-sol.Pg[k]))
	}
	return dVa, dPf, dPg
}

// TestModelIntactIsMatpower: on every reference case, the sector model of
// the imported network, intact, reproduces MATPOWER's single-slack DC
// power flow (SolveMatpower, which matches the reference CSVs of
// testdata/reference to 5e-11) to round-off.
func TestModelIntactIsMatpower(t *testing.T) {
	for _, name := range referenceCases {
		t.Run(name, func(t *testing.T) {
			dVa, dPf, dPg := checkIntact(t, loadCase(t, name))
			t.Logf("model vs SolveMatpower: |dVa| %.2g deg, |dPf| %.2g MW, |dPg| %.2g MW", dVa, dPf, dPg)
			if dVa > 1e-9 || dPf > 1e-9 || dPg > 1e-9 {
				t.Errorf("|dVa| %g deg, |dPf| %g MW, |dPg| %g MW", dVa, dPf, dPg)
			}
		})
	}
}

// TestSharedModelIntact: the same on case300 and case_ACTIVSg2000 (shared
// data; SolveMatpower is cross-checked there by TestSharedDense).
func TestSharedModelIntact(t *testing.T) {
	for _, name := range []string{"case300", "case_ACTIVSg2000"} {
		t.Run(name, func(t *testing.T) {
			dVa, dPf, dPg := checkIntact(t, parseCase(t, testenv.SharedFile(t, "power/"+name+".m")))
			t.Logf("model vs SolveMatpower: |dVa| %.2g deg, |dPf| %.2g MW, |dPg| %.2g MW", dVa, dPf, dPg)
			if dVa > 1e-9 || dPf > 1e-9 || dPg > 1e-9 {
				t.Errorf("|dVa| %g deg, |dPf| %g MW, |dPg| %g MW", dVa, dPf, dPg)
			}
		})
	}
}

// TestModelConformance runs flowtest's suite (purity, determinism, served
// ⊆ functional, fractions in [0, 1]) on two imported cases.
func TestModelConformance(t *testing.T) {
	for _, name := range []string{"case30", "juliagrid_case30test"} {
		n, err := loadCase(t, name).Network(network.MatpowerOptions{})
		if err != nil {
			t.Fatal(err)
		}
		flowtest.Run(t, n, map[string]flow.Factory{"dc": Factory(Options{})})
	}
}
