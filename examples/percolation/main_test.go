package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden runs the example with small flags and compares its output
// with testdata/*.golden (amd64; refresh with -update and explain why).
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"single", []string{"-layers", "2", "-k", "4", "-nodes", "20000", "-p", "0.80", "-runs", "2", "-seed", "1"}},
		{"sweep", []string{"-nodes", "5000", "-runs", "1", "-sweep", "0.55:0.95:0.1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := run(context.Background(), tc.args, &out); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if out.String() != string(want) {
				t.Fatalf("output differs from %s:\n%s", path, out.String())
			}
		})
	}
}

// TestMatchesTheory: the final P_inf of the single run is within 0.02 of
// Buldyrev's P∞(0.80) = 0.708841 for k = 4 (the data README's table).
func TestMatchesTheory(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-nodes", "20000", "-p", "0.8", "-runs", "1"}, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	v, err := strconv.ParseFloat(strings.TrimPrefix(lines[len(lines)-1], "P_inf="), 64)
	if err != nil {
		t.Fatal(err)
	}
	if d := v - 0.708841; d > 0.02 || d < -0.02 {
		t.Fatalf("P_inf = %v, theory 0.708841", v)
	}
	if theory(0.8, 4, 2) < 0.7088 || theory(0.8, 4, 2) > 0.7089 {
		t.Fatalf("theory(0.8) = %v", theory(0.8, 4, 2))
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-sweep", "1:0:0.1"}, {"-p", "2"}, {"-topology", "ring"}, {"-runs", "0"}} {
		if err := run(context.Background(), args, &bytes.Buffer{}); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}
