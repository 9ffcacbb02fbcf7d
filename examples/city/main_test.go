package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden file")

// TestGolden runs a 2,000-component city and compares the report with
// testdata/city.golden (amd64; refresh with -update and explain why).
func TestGolden(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-components", "2000", "-damage", "0.05", "-seed", "2"}, &out); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "city.golden")
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
		t.Fatalf("report differs from %s:\n%s", path, out.String())
	}
	// The default repair window is 3 days; spelled in lifeline's duration
	// syntax, it gives the same report.
	var again bytes.Buffer
	if err := run(context.Background(), []string{"-components", "2000", "-damage", "0.05", "-seed", "2", "-repair", "2d24h"}, &again); err != nil {
		t.Fatal(err)
	}
	if again.String() != string(want) {
		t.Fatalf("-repair 2d24h: report differs from %s:\n%s", path, again.String())
	}
	// Whatever the numbers, the report must hold every part.
	for _, part := range []string{"chain:", "power", "water", "telecom", "hospitals", "sites at 1h01", "why is"} {
		if !strings.Contains(out.String(), part) {
			t.Errorf("report lacks %q", part)
		}
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-damage", "2"}, {"-repair", "0s"}, {"-repair", "-1h"}, {"-repair", "1 day"}, {"-components", "x"}} {
		if err := run(context.Background(), args, &bytes.Buffer{}); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}
