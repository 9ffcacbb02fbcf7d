package testenv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// SharedEnv is the environment variable that locates or disables the shared
// reference data.
const SharedEnv = "LIFELINE_SHARED"

// LongEnv is the environment variable that enables large-N tests when set to 1.
const LongEnv = "LIFELINE_LONG"

// SharedData returns the absolute path of the shared reference data folder
// (../shared/data relative to the module root) or skips t when it is absent
// or disabled. It fails a test (not a benchmark, whose names are kept stable and
// which -bench selects) whose name lacks "Shared".
func SharedData(t testing.TB) string {
	t.Helper()
	if _, bench := t.(*testing.B); !bench && !strings.Contains(t.Name(), "Shared") {
		t.Fatalf("testenv: test %s reads ../shared/data, so its name must contain \"Shared\"", t.Name())
	}
	dir, ok := sharedDir()
	if !ok {
		t.Skipf("testenv: shared reference data not available (%s=%q)", SharedEnv, os.Getenv(SharedEnv))
	}
	return dir
}

// SharedFile returns the path of a file below the shared data folder, skipping
// t as SharedData does, and failing t when the file does not exist.
func SharedFile(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(SharedData(t), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("testenv: %v", err)
	}
	return p
}

func sharedDir() (string, bool) {
	v := os.Getenv(SharedEnv)
	switch v {
	case "none":
		return "", false
	case "":
	default:
		if st, err := os.Stat(v); err == nil && st.IsDir() {
			return v, true
		}
		return "", false
	}
	root, err := ModuleRoot()
	if err != nil {
		return "", false
	}
	dir := filepath.Join(filepath.Dir(root), "shared", "data")
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		return dir, true
	}
	return "", false
}

// ModuleRoot returns the directory holding the module's go.mod, found by
// walking up from the working directory.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

// IsLong reports whether large-N tests are enabled (LIFELINE_LONG=1).
func IsLong() bool { return os.Getenv(LongEnv) == "1" }

// Long skips t unless large-N tests are enabled with LIFELINE_LONG=1.
func Long(t testing.TB) {
	t.Helper()
	if !IsLong() {
		t.Skipf("testenv: large-N test; set %s=1 to run it", LongEnv)
	}
}
