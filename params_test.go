package lifeline_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// paramType is the named type of the well-known parameter names.
const paramType = module + "/network.Param"

// paramsFile is the one file allowed to spell a parameter name as a string.
const paramsFile = "network/params.go"

type exportPkg struct {
	ImportPath string
	Dir        string
	Export     string
	GoFiles    []string
	Standard   bool
}

// exportData lists every package of the module and its dependencies with
// the compiler's export data (go list -export builds it, cached).
func exportData(t *testing.T) []exportPkg {
	return goList[exportPkg](t, "-export", "-deps", "-json", module+"/...")
}

// bareParams type-checks files (one package, imports resolved through the
// export data in exports) and returns the position of every string
// literal that the compiler converts to network.Param: a parameter name
// spelt out instead of named by its constant. The empty string (no
// name, as in an option left unset) is not a name.
func bareParams(fset *token.FileSet, path string, files []*ast.File, exports map[string]string) ([]string, error) {
	imp := importer.ForCompiler(fset, "gc", func(p string) (io.ReadCloser, error) {
		f, ok := exports[p]
		if !ok || f == "" {
			return nil, fmt.Errorf("no export data for %s", p)
		}
		return os.Open(f)
	})
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: imp}
	if _, err := conf.Check(path, fset, files, info); err != nil {
		return nil, err
	}
	var found []string
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING || lit.Value == `""` {
				return true
			}
			if tv, ok := info.Types[lit]; ok && tv.Type != nil && tv.Type.String() == paramType {
				found = append(found, fmt.Sprintf("%s: %s", fset.Position(lit.Pos()), lit.Value))
			}
			return true
		})
	}
	return found, nil
}

// TestNoBareParamNames checks that no package spells a parameter name
// (network.Param) as a string literal outside network/params.go, where
// each well-known name is a constant with its unit: a misspelt literal
// would read as 0. Tests may invent names of their own and are not
// checked.
func TestNoBareParamNames(t *testing.T) {
	pkgs := exportData(t)
	exports := map[string]string{}
	for _, p := range pkgs {
		exports[p.ImportPath] = p.Export
	}
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, p := range pkgs {
		if p.Standard || !strings.HasPrefix(p.ImportPath, module) {
			continue
		}
		fset := token.NewFileSet()
		var files []*ast.File
		for _, name := range p.GoFiles {
			path := filepath.Join(p.Dir, name)
			rel, _ := filepath.Rel(root, path)
			f, err := parser.ParseFile(fset, rel, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		found, err := bareParams(fset, p.ImportPath, files, exports)
		if err != nil {
			t.Fatalf("%s: %v", p.ImportPath, err)
		}
		for _, f := range found {
			if !strings.HasPrefix(f, filepath.FromSlash(paramsFile)+":") {
				t.Errorf("%s: a parameter name spelt as a string; use its network.Param constant", f)
			}
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("checked %d packages of the module; the listing is broken", checked)
	}
}

// TestBareParamsFinds checks the detector itself on a package that spells
// a name in each way the compiler converts a literal to a Param: an
// accessor's argument, a map key and a typed constant. Constants and plain
// strings are not reported.
func TestBareParamsFinds(t *testing.T) {
	exports := map[string]string{}
	for _, p := range exportData(t) {
		exports[p.ImportPath] = p.Export
	}
	const src = `package p

import "github.com/lifeline-sim/lifeline/network"

const mine network.Param = "mine_mw"

var plain = "pd_mw"

func f(n *network.Network, o network.Param) float64 {
	if o == "" {
		return 0
	}
	c := network.Component{Params: map[network.Param]float64{"pd_mw": 1, network.ParamGsMW: 2}}
	_ = c
	return n.ComponentParam(0, "pg_mw") + n.Attr(network.ParamBaseMVA)
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	found, err := bareParams(fset, "p", []*ast.File{f}, exports)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`p.go:5:28: "mine_mw"`, `p.go:13:59: "pd_mw"`, `p.go:15:29: "pg_mw"`}
	if strings.Join(found, "\n") != strings.Join(want, "\n") {
		t.Errorf("found\n%s\nwant\n%s", strings.Join(found, "\n"), strings.Join(want, "\n"))
	}
}
