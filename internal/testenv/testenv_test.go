package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSharedDisabled(t *testing.T) {
	t.Setenv(SharedEnv, "none")
	if _, ok := sharedDir(); ok {
		t.Fatal("LIFELINE_SHARED=none must disable shared data")
	}
}

func TestSharedExplicitDir(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(SharedEnv, dir)
	got, ok := sharedDir()
	if !ok || got != dir {
		t.Fatalf("sharedDir() = %q, %v; want %q, true", got, ok, dir)
	}
	t.Setenv(SharedEnv, filepath.Join(dir, "missing"))
	if _, ok := sharedDir(); ok {
		t.Fatal("a missing explicit folder must count as absent")
	}
}

func TestLongSwitch(t *testing.T) {
	t.Setenv(LongEnv, "")
	if IsLong() {
		t.Fatal("IsLong with LIFELINE_LONG unset")
	}
	t.Setenv(LongEnv, "1")
	if !IsLong() {
		t.Fatal("IsLong false with LIFELINE_LONG=1")
	}
}

func TestModuleRoot(t *testing.T) {
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkSharedDataNameFree(b *testing.B) {
	// Benchmarks may read shared data whatever their name; with the data
	// disabled SharedData skips rather than fails.
	b.Setenv(SharedEnv, "none")
	SharedData(b)
	b.Fatal("SharedData must skip when the data is disabled")
}
