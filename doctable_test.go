package lifeline_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPackageTableMarks: in the package table of doc.go, a package marked
// * has no Go files yet and every other listed package has some.
func TestPackageTableMarks(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for line := range strings.Lines(string(doc)) {
		row, ok := strings.CutPrefix(line, "//\t")
		if !ok {
			continue
		}
		name := strings.Fields(row)[0]
		if strings.HasSuffix(name, ",") { // examples, benchmarks
			continue
		}
		rows++
		planned := strings.HasSuffix(name, "*")
		goFiles, _ := filepath.Glob(filepath.Join(strings.TrimSuffix(name, "*"), "*.go"))
		switch {
		case planned && len(goFiles) > 0:
			t.Errorf("%s is marked as not existing yet but has Go files", name)
		case !planned && len(goFiles) == 0:
			t.Errorf("%s has no Go files: mark it with *", name)
		}
	}
	if rows < 10 {
		t.Fatalf("found %d rows in the package table", rows)
	}
}
