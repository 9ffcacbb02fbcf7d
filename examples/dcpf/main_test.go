package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// caseDir holds the MATPOWER cases (network/format/matpower/testdata/SOURCE.md);
// refDir the reference CSVs (flow/power/testdata/SOURCE.md: the shared
// data's power/reference, computed by a script that follows MATPOWER and
// matches its published solutions to 4e-13).
const (
	caseDir = "../../network/format/matpower/testdata"
	refDir  = "../../flow/power/testdata/reference"
)

var cases = []string{"t_case9_pf", "case14", "case30", "case118", "juliagrid_case14test", "juliagrid_case30test"}

func runCase(t *testing.T, name, out string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := run([]string{"-case", filepath.Join(caseDir, name+".m"), "-out", out}, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestGolden compares the output for every reference case with
// testdata/<case>_<out>.golden (amd64; refresh with -update and explain why).
func TestGolden(t *testing.T) {
	for _, name := range cases {
		for _, out := range []string{"bus", "branch"} {
			t.Run(name+"/"+out, func(t *testing.T) {
				got := runCase(t, name, out)
				path := filepath.Join("testdata", name+"_"+out+".golden")
				if *update {
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if got != string(want) {
					t.Fatalf("output differs from %s:\n%s", path, got)
				}
			})
		}
	}
}

// TestReference checks the output against the reference CSVs: the same
// header, the same identifying columns (bus id and type; branch index,
// ends and status) and numbers within 1e-6 (deg, MW). The text is
// identical except in the last printed digit of values on a rounding
// boundary and the sign of a zero (the reference prints a flow of order
// 1e-14 as -0.0000000000); those rows are counted in the log.
func TestReference(t *testing.T) {
	for _, name := range cases {
		for _, out := range []string{"bus", "branch"} {
			t.Run(name+"/"+out, func(t *testing.T) {
				got := records(t, strings.NewReader(runCase(t, name, out)))
				f, err := os.Open(filepath.Join(refDir, name+"_dcpf_"+out+".csv"))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				want := records(t, f)
				if len(got) != len(want) {
					t.Fatalf("%d rows, reference %d", len(got), len(want))
				}
				worst, textDiff := 0.0, 0
				for i := range want {
					if strings.Join(got[i], ",") != strings.Join(want[i], ",") {
						textDiff++
					}
					if i == 0 || len(got[i]) != len(want[i]) {
						if strings.Join(got[i], ",") != strings.Join(want[i], ",") {
							t.Fatalf("row %d: %v, reference %v", i, got[i], want[i])
						}
						continue
					}
					last := len(want[i]) - 1
					if strings.Join(got[i][:last], ",") != strings.Join(want[i][:last], ",") {
						t.Fatalf("row %d: %v, reference %v", i, got[i], want[i])
					}
					a, errA := strconv.ParseFloat(got[i][last], 64)
					b, errB := strconv.ParseFloat(want[i][last], 64)
					if errA != nil || errB != nil {
						t.Fatalf("row %d: %v / %v", i, errA, errB)
					}
					worst = max(worst, math.Abs(a-b))
				}
				t.Logf("max difference %.2g; %d of %d rows differ in text", worst, textDiff, len(want)-1)
				if worst > 1e-6 {
					t.Errorf("max difference %g, above 1e-6", worst)
				}
			})
		}
	}
}

func records(t *testing.T, r interface{ Read([]byte) (int, error) }) [][]string {
	t.Helper()
	recs, err := csv.NewReader(r).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestBadArgs(t *testing.T) {
	for _, args := range [][]string{{}, {"-case", filepath.Join(caseDir, "case14.m"), "-out", "gen"}, {"-case", "missing.m"}} {
		if err := run(args, &bytes.Buffer{}); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}
