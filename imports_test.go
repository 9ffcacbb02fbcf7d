package lifeline_test

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"path"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/lifeline-sim/lifeline"

// randV1 is the banned v1 package path, spelled so that a plain grep for its
// import finds only real imports.
var randV1 = path.Join("math", "rand")

// allowed is the import table of the root package documentation: for each layer, the layers of ours it
// may import. A package belongs to the layer with the longest matching path
// prefix; a model subpackage of flow or hazard (flow/power, hazard/quake)
// belongs to its parent's layer and may also import its parent. The native
// formats, each importer and the shared parse helpers (network/internal/…)
// are layers of their own, so that an importer never imports another.
var allowed = map[string][]string{
	"":                          {}, // the root package: documentation only
	"sim":                       {},
	"network":                   {"sim"},
	"network/internal":          {"network", "internal/excerpt"},
	"network/format":            {"network", "network/internal", "sim"},
	"network/format/matpower":   {"network", "network/format", "network/internal", "sim"},
	"network/format/epanet":     {"network", "network/format", "network/internal", "sim"},
	"network/format/tntp":       {"network", "network/format", "network/internal", "sim"},
	"network/format/pandapower": {"network", "network/format", "network/internal", "sim"},
	"network/format/shelby":     {"network", "network/format", "network/internal", "sim"},
	"network/format/infrarisk": {"network", "network/format/matpower", "network/format/epanet", "network/format/tntp",
		"network/format/pandapower", "network/format/shelby", "network/internal", "sim"},
	"network/synth":     {"network", "sim"},
	"flow":              {"network", "sim"},
	"flow/flowtest":     {"flow", "network"},
	"hazard":            {"network", "sim", "internal/excerpt"},
	"hazard/hazardtest": {"hazard", "network", "sim"},
	"cascade":           {"sim", "network", "flow", "hazard"},
	"response":          {"cascade", "sim", "network", "flow", "hazard"},
	"metrics":           {"cascade", "network", "sim"},
	"analysis":          {"cascade", "metrics", "network"},
	"scenarios": {"sim", "network", "network/synth", "network/format", "network/format/matpower", "network/format/epanet",
		"network/format/tntp", "network/format/pandapower", "network/format/shelby", "network/format/infrarisk",
		"flow", "hazard", "cascade", "response", "metrics", "analysis", "report"},
	"report":             {"analysis", "metrics", "cascade", "hazard", "network", "sim"},
	"internal/cli":       {"*"},
	"cmd/lifeline":       {"internal/cli"},
	"internal/testenv":   {},
	"internal/parsetest": {"network"},
	"internal/excerpt":   {},
	"examples":           {"*public"},
	"benchmarks":         {"*public"},
}

// packageExtra lists what one package may import beyond its layer's rules:
// flow/power solves MATPOWER cases directly.
var packageExtra = map[string][]string{
	"flow/power": {"network/format/matpower"},
}

// testExtra lists what a layer's tests may import beyond its own rules: the
// network benchmarks and examples build synthetic cities; the engine's and
// the sector models' end-to-end tests run them, and networks read by the
// importers, through the engine; the hazards' end-to-end tests run them
// through the engine with its sector models on synthetic cities; the metrics
// and report tests run small cities and a synthetic one through the engine
// with the sector models and hazards.
var testExtra = map[string][]string{
	"network": {"network/synth"},
	"hazard":  {"cascade", "network/synth", "flow"},
	"cascade": {"network/synth", "network/format/infrarisk"},
	"metrics": {"network/synth", "flow", "hazard"},
	"report":  {"network/synth", "flow"},
	"flow": {"network/synth", "cascade", "hazard", "sim",
		"network/format/matpower", "network/format/epanet", "network/format/shelby"},
	"response": {"network/synth", "metrics"},
}

// testOnly layers may be imported only by tests.
var testOnly = []string{"flow/flowtest", "hazard/hazardtest", "internal/testenv", "internal/parsetest"}

// layerOf returns the layer of a package path relative to the module.
func layerOf(rel string) (string, bool) {
	best, found := "", false
	for l := range allowed {
		if l == "" {
			continue
		}
		if (rel == l || strings.HasPrefix(rel, l+"/")) && len(l) >= len(best) {
			best, found = l, true
		}
	}
	if rel == "" {
		return "", true
	}
	return best, found
}

type pkgInfo struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
}

func listPackages(t *testing.T) []pkgInfo {
	return goList[pkgInfo](t, "-json", module+"/...")
}

// goList runs go list with args (which ask for JSON) and decodes the
// packages it prints.
func goList[T any](t *testing.T, args ...string) []T {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list"}, args...)...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	var pkgs []T
	for {
		var p T
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

func rel(path string) (string, bool) {
	if path == module {
		return "", true
	}
	r, ok := strings.CutPrefix(path, module+"/")
	return r, ok
}

// mayImport reports whether a package in layer from (path fromRel) may import
// the package at toRel.
func mayImport(from, fromRel, toRel string, test bool) bool {
	to, ok := layerOf(toRel)
	if !ok {
		return false
	}
	if slices.Contains(testOnly, to) && !test {
		return false
	}
	if to == "internal/testenv" || to == "internal/parsetest" {
		// The shared test helpers sit under the root internal/ so that
		// every layer's tests may import them.
		return test
	}
	if to == from {
		// Within a layer a model subpackage may import its parent or a
		// sibling, never a parent its own subpackage.
		return from != "" && !strings.HasPrefix(toRel, fromRel+"/")
	}
	rules := allowed[from]
	if slices.Contains(rules, "*") {
		return true
	}
	if slices.Contains(rules, "*public") {
		return !strings.Contains("/"+toRel+"/", "/internal/") && !strings.HasPrefix(toRel, "cmd/")
	}
	if slices.Contains(rules, to) || slices.Contains(packageExtra[fromRel], to) ||
		(test && slices.Contains(testExtra[from], to)) {
		return true
	}
	// A test may import the conformance suite of its own layer.
	return test && (to == from+"/flowtest" || to == from+"/hazardtest" ||
		(strings.HasPrefix(from, "flow") && to == "flow/flowtest") ||
		(strings.HasPrefix(from, "hazard") && to == "hazard/hazardtest"))
}

// TestImportDirection enforces the root package documentation's table on every package of
// the module, for its own imports and its tests' imports.
func TestImportDirection(t *testing.T) {
	for _, p := range listPackages(t) {
		fromRel, _ := rel(p.ImportPath)
		from, ok := layerOf(fromRel)
		if !ok {
			t.Errorf("%s: package is not in the package table (doc.go); add its layer there and to imports_test.go", p.ImportPath)
			continue
		}
		check := func(imps []string, test bool) {
			for _, imp := range imps {
				if imp == p.ImportPath {
					continue
				}
				if toRel, ours := rel(imp); ours {
					if !mayImport(from, fromRel, toRel, test) {
						t.Errorf("%s imports %s (test=%v): not allowed by the package table (doc.go)", p.ImportPath, imp, test)
					}
					continue
				}
				if msg := thirdParty(from, imp, test); msg != "" {
					t.Errorf("%s imports %s: %s", p.ImportPath, imp, msg)
				}
			}
		}
		check(p.Imports, false)
		check(p.TestImports, true)
		check(p.XTestImports, true)
	}
}

// thirdParty returns why a non-module import is forbidden, or "".
func thirdParty(layer, imp string, test bool) string {
	if imp == randV1 {
		return "v1 math/rand is banned; use math/rand/v2 streams"
	}
	std := !strings.Contains(strings.SplitN(imp, "/", 2)[0], ".")
	if std {
		return ""
	}
	if layer == "sim" && !test {
		return "sim uses the standard library only"
	}
	if strings.HasPrefix(imp, "github.com/dominikbraun/graph") && layer != "network" {
		return "dominikbraun/graph stays inside network"
	}
	return ""
}

func TestLayerOf(t *testing.T) {
	for _, tc := range []struct{ rel, want string }{
		{"sim", "sim"}, {"flow/power", "flow"}, {"flow/flowtest", "flow/flowtest"},
		{"network/synth", "network/synth"}, {"examples/percolation", "examples"},
		{"internal/cli", "internal/cli"}, {"hazard/quake", "hazard"},
	} {
		if got, ok := layerOf(tc.rel); !ok || got != tc.want {
			t.Errorf("layerOf(%q) = %q, %v; want %q", tc.rel, got, ok, tc.want)
		}
	}
	if _, ok := layerOf("webserver"); ok {
		t.Error("an unknown top-level package must be rejected")
	}
	if !mayImport("network", "network", "sim", false) || mayImport("sim", "sim", "network", false) {
		t.Error("network may import sim (for its one time type), never the reverse")
	}
	if !mayImport("flow", "flow/power", "flow", false) || mayImport("flow", "flow", "flow/power", false) {
		t.Error("a model subpackage may import its parent, never the reverse")
	}
	if mayImport("examples", "examples/x", "internal/cli", false) {
		t.Error("examples may not import internal packages")
	}
	if mayImport("flow", "flow/power", "flow/flowtest", false) || !mayImport("flow", "flow/power", "flow/flowtest", true) {
		t.Error("flowtest is for tests only")
	}
	for _, tc := range []struct{ rel, want string }{
		{"network/format", "network/format"}, {"network/format/matpower", "network/format/matpower"},
		{"network/internal/parse", "network/internal"},
	} {
		if got, ok := layerOf(tc.rel); !ok || got != tc.want {
			t.Errorf("layerOf(%q) = %q, %v; want %q", tc.rel, got, ok, tc.want)
		}
	}
	if !mayImport("flow", "flow/power", "network/format/matpower", false) || mayImport("flow", "flow/water", "network/format/matpower", false) {
		t.Error("flow/power alone may import the MATPOWER importer")
	}
	if mayImport("network/format/epanet", "network/format/epanet", "network/format/tntp", false) {
		t.Error("an importer may not import another")
	}
	if mayImport("network/format", "network/format", "network/format/epanet", false) || mayImport("network", "network", "network/format", false) {
		t.Error("network and its formats may not import what is built on them")
	}
	if mayImport("examples", "examples/x", "network/internal/parse", false) {
		t.Error("examples may not import network/internal")
	}
	if !mayImport("hazard", "hazard/wind", "internal/parsetest", true) || mayImport("hazard", "hazard/wind", "internal/parsetest", false) {
		t.Error("the parsers' test helpers are for tests only, of any layer")
	}
	if !mayImport("network/format/infrarisk", "network/format/infrarisk", "network/format/epanet", false) ||
		!mayImport("network/format/infrarisk", "network/format/infrarisk", "network/internal/parse", false) ||
		mayImport("network/format/infrarisk", "network/format/infrarisk", "network/format", false) ||
		mayImport("network/format/epanet", "network/format/epanet", "network/format/infrarisk", false) {
		t.Error("the InfraRisk importer builds on the importers, network and the parse helpers; they never import it")
	}
}

// TestNoMathRandV1 scans every package's imports, including its tests', for
// the v1 math/rand package.
func TestNoMathRandV1(t *testing.T) {
	for _, p := range listPackages(t) {
		for _, imp := range slices.Concat(p.Imports, p.TestImports, p.XTestImports) {
			if imp == randV1 {
				t.Errorf("%s imports math/rand (v1); use math/rand/v2", p.ImportPath)
			}
		}
	}
}
