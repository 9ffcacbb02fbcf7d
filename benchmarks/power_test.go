package benchmarks

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/internal/testenv"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/format/matpower"
)

// sharedCase parses a MATPOWER case of the shared data, skipping when the
// data is absent or disabled; parsing is outside every timed region.
func sharedCase(b *testing.B, name string) *matpower.Case {
	b.Helper()
	c, err := matpower.Parse(os.DirFS(filepath.Dir(testenv.SharedFile(b, "power/"+name+".m"))), filepath.Base(testenv.SharedFile(b, "power/"+name+".m")))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkDCPF: one full DC power flow from the parsed case — compile the
// rows, build B, order (minimum degree), factorise (LDLᵀ), solve, flows
// and slack. The target for ACTIVSg2000: under 5 ms.
func BenchmarkDCPF(b *testing.B) {
	for _, name := range []string{"case118", "case300", "case_ACTIVSg2000"} {
		b.Run("case="+trimCase(name), func(b *testing.B) {
			c := sharedCase(b, name)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := power.SolveMatpower(c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkN1: every in-service branch outage screened against the base
// factor (power.ScreenN1: base solve, bridge search, one solve and one
// flow update per outage, overloads against RATE_A). After the timed loop
// it runs the baseline once — for each outage, copy the branch table with
// the branch out and call SolveMatpower (compile, build B, order, factor,
// solve), then check the same overloads — and reports its time
// (rebuild-ns/op) and the ratio (speedup). The targets for
// ACTIVSg2000: under 1 s and at least 20× faster than the baseline.
func BenchmarkN1(b *testing.B) {
	for _, name := range []string{"case118", "case_ACTIVSg2000"} {
		b.Run("case="+trimCase(name), func(b *testing.B) {
			c := sharedCase(b, name)
			b.ReportAllocs()
			var res *power.N1
			start := time.Now()
			n := 0
			for b.Loop() {
				var err error
				if res, err = power.ScreenN1(c); err != nil {
					b.Fatal(err)
				}
				n++
			}
			fast := float64(time.Since(start).Nanoseconds()) / float64(n)
			t0 := time.Now()
			screened := rebuildN1(b, c)
			slow := float64(time.Since(t0).Nanoseconds())
			if screened != len(res.Outages) {
				b.Fatalf("baseline solved %d outages, screening %d", screened, len(res.Outages))
			}
			b.ReportMetric(slow, "rebuild-ns/op")
			b.ReportMetric(slow/fast, "speedup")
		})
	}
}

// rebuildN1 is the baseline of BenchmarkN1: a full DC power flow per
// outage. It returns the number of outages solved (islanding ones are
// singular and skipped).
func rebuildN1(b *testing.B, c *matpower.Case) int {
	solved := 0
	for k := range c.Branch {
		if !c.Branch[k].InService() {
			continue
		}
		cc := *c
		cc.Branch = slices.Clone(c.Branch)
		cc.Branch[k].Status = 0
		sol, err := power.SolveMatpower(&cc)
		if errors.Is(err, power.ErrSingular) {
			continue
		}
		if err != nil {
			b.Fatal(err)
		}
		solved++
		over := 0
		for j, br := range cc.Branch {
			if r := br.RateA; r > 0 && j != k && math.Abs(sol.Pf[j]) > r {
				over++
			}
		}
		_ = over
	}
	return solved
}

// trimCase names a case in a benchmark: case118 → 118, case_ACTIVSg2000 →
// ACTIVSg2000.
func trimCase(name string) string {
	return strings.TrimPrefix(strings.TrimPrefix(name, "case_"), "case")
}

// BenchmarkPowerServe: one Serve from scratch (flow.Changes.All) of the sector model (topology, islands,
// balancing, numeric refactorisation and solve, loadings) on the imported
// case, intact and with one branch out (the symbolic analysis is reused).
func BenchmarkPowerServe(b *testing.B) {
	c := sharedCase(b, "case_ACTIVSg2000")
	n, err := c.Network(matpower.Options{})
	if err != nil {
		b.Fatal(err)
	}
	s, _ := n.SectorIndexOf(network.Power)
	m, err := power.New(n, s, power.Options{})
	if err != nil {
		b.Fatal(err)
	}
	out, all := &flow.Output{}, &flow.Changes{All: true}
	for _, outage := range []string{"", "br100"} {
		b.Run("case=ACTIVSg2000/outage="+outage, func(b *testing.B) {
			st := network.NewState(n)
			if outage != "" {
				l, _ := n.LinkIndex(outage)
				st.SetLink(l, network.Damaged)
			}
			b.ReportAllocs()
			for b.Loop() {
				out.Reset()
				if err := m.Serve(st, all, out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
