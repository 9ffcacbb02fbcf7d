package power

import (
	"errors"
	"math"
	"path/filepath"
	"testing"

	"github.com/lifeline-sim/lifeline/network/format/matpower"
)

// Tolerances: 1e-6 deg and 1e-6 MW.
const (
	tolDeg = 1e-6
	tolMW  = 1e-6
)

// TestMatpowerReference compares SolveMatpower with the reference CSVs of
// every case that has them (testdata/reference/<case>_dcpf_{bus,branch}.csv,
// from the shared data README's "DC power flow" section) and with the
// slack generator and its output in dcpf_summary.csv.
func TestMatpowerReference(t *testing.T) {
	summary := map[string]map[string]string{}
	for _, r := range readCSV(t, filepath.Join(refDir, "dcpf_summary.csv")) {
		summary[r["case"]] = r
	}
	for _, name := range referenceCases {
		t.Run(name, func(t *testing.T) {
			c := loadCase(t, name)
			sol, err := SolveMatpower(c)
			if err != nil {
				t.Fatal(err)
			}
			buses := readCSV(t, filepath.Join(refDir, name+"_dcpf_bus.csv"))
			if len(buses) != len(c.Bus) {
				t.Fatalf("%d reference buses, case has %d", len(buses), len(c.Bus))
			}
			maxVa := 0.0
			for i, r := range buses {
				if int(num(t, r, "bus_id")) != c.Bus[i].BusI || int(num(t, r, "bus_type")) != c.Bus[i].Type {
					t.Fatalf("bus row %d: reference %v, case bus %d type %d", i+1, r, c.Bus[i].BusI, c.Bus[i].Type)
				}
				maxVa = max(maxVa, math.Abs(sol.Va[i]-num(t, r, "va_deg")))
			}
			branches := readCSV(t, filepath.Join(refDir, name+"_dcpf_branch.csv"))
			if len(branches) != len(c.Branch) {
				t.Fatalf("%d reference branches, case has %d", len(branches), len(c.Branch))
			}
			maxPf := 0.0
			for k, r := range branches {
				br := c.Branch[k]
				if int(num(t, r, "branch_index")) != k+1 || int(num(t, r, "from_bus")) != br.FBus || int(num(t, r, "to_bus")) != br.TBus {
					t.Fatalf("branch row %d: reference %v", k+1, r)
				}
				maxPf = max(maxPf, math.Abs(sol.Pf[k]-num(t, r, "pf_mw")))
			}
			s := summary[name]
			slack := int(num(t, s, "slack_gen_row")) - 1
			if len(sol.Slack) != 1 || sol.Slack[0] != slack {
				t.Errorf("slack generators %v, reference row %d", sol.Slack, slack)
			}
			if c.Bus[sol.Ref[0]].BusI != int(num(t, s, "ref_bus")) {
				t.Errorf("reference bus %d, want %s", c.Bus[sol.Ref[0]].BusI, s["ref_bus"])
			}
			dPg := math.Abs(sol.Pg[slack] - num(t, s, "slack_pg_mw"))
			t.Logf("max |dVa| = %.2g deg, max |dPf| = %.2g MW, |dPg slack| = %.2g MW", maxVa, maxPf, dPg)
			if maxVa > tolDeg || maxPf > tolMW || dPg > 1e-6 {
				t.Errorf("max |dVa| = %g deg, max |dPf| = %g MW, |dPg slack| = %g MW: above 1e-6", maxVa, maxPf, dPg)
			}
		})
	}
}

// TestMatpowerPublished compares SolveMatpower with MATPOWER's own results:
// lib/t/soln9_dcpf.mat for t_case9_pf and the MATPOWER DC results stored by
// JuliaGrid for its two stress cases (testdata/SOURCE.md), angles, branch
// flows and generator outputs.
func TestMatpowerPublished(t *testing.T) {
	for _, tc := range []struct{ name, prefix string }{
		{"t_case9_pf", "matpower_soln9_dcpf"},
		{"juliagrid_case14test", "juliagrid_case14test_matpower_dcpf"},
		{"juliagrid_case30test", "juliagrid_case30test_matpower_dcpf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := loadCase(t, tc.name)
			sol, err := SolveMatpower(c)
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(refDir, "published")
			maxVa, maxPf, maxPg := 0.0, 0.0, 0.0
			for i, r := range readCSV(t, filepath.Join(dir, tc.prefix+"_bus.csv")) {
				if int(num(t, r, "bus_id")) != c.Bus[i].BusI {
					t.Fatalf("bus row %d is %s", i+1, r["bus_id"])
				}
				maxVa = max(maxVa, math.Abs(sol.Va[i]-num(t, r, "va_deg")))
			}
			for k, r := range readCSV(t, filepath.Join(dir, tc.prefix+"_branch.csv")) {
				maxPf = max(maxPf, math.Abs(sol.Pf[k]-num(t, r, "pf_mw")))
			}
			for k, r := range readCSV(t, filepath.Join(dir, tc.prefix+"_gen.csv")) {
				maxPg = max(maxPg, math.Abs(sol.Pg[k]-num(t, r, "pg_mw")))
			}
			t.Logf("vs MATPOWER: max |dVa| = %.2g deg, max |dPf| = %.2g MW, max |dPg| = %.2g MW", maxVa, maxPf, maxPg)
			if maxVa > tolDeg || maxPf > tolMW || maxPg > tolMW {
				t.Errorf("max |dVa| = %g deg, |dPf| = %g MW, |dPg| = %g MW: above 1e-6", maxVa, maxPf, maxPg)
			}
		})
	}
}

// TestMatpowerErrors: inputs the DC model cannot solve are errors that
// wrap the documented sentinels, never panics.
func TestMatpowerErrors(t *testing.T) {
	base := func() *matpower.Case { return loadCase(t, "case14") }
	for _, tc := range []struct {
		name string
		edit func(c *matpower.Case)
		want error
	}{
		{"zero reactance", func(c *matpower.Case) { c.Branch[3].X = 0 }, ErrInvalid},
		{"infinite demand", func(c *matpower.Case) { c.Bus[2].Pd = math.Inf(1) }, ErrInvalid},
		{"no base", func(c *matpower.Case) { c.BaseMVA = 0 }, ErrInvalid},
		{"no generator", func(c *matpower.Case) {
			for k := range c.Gen {
				c.Gen[k].Status = 0
			}
		}, ErrNoReference},
		{"island", func(c *matpower.Case) {
			// Bus 8 hangs on branch 14 (7-8) alone.
			for k, br := range c.Branch {
				if br.FBus == 8 || br.TBus == 8 {
					c.Branch[k].Status = 0
				}
			}
		}, ErrSingular},
		{"unknown bus", func(c *matpower.Case) { c.Branch[0].TBus = 99 }, ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := base()
			tc.edit(c)
			if _, err := SolveMatpower(c); !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := SolveMatpower(nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("nil case: %v", err)
	}
}
