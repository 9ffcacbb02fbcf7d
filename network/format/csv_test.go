package format

import (
	"bytes"
	"errors"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
)

// csvFiles reads the four tables of dir.
func csvFiles(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	for _, name := range []string{csvNetworkFile, csvComponentsFile, csvLinksFile, csvRequirementsFile} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		m[name] = data
	}
	return m
}

func TestCSVRoundTrip(t *testing.T) {
	for _, n := range []*network.Network{richNetwork(t), projectedNetwork(t), emptyNetwork(t)} {
		dir1, dir2 := t.TempDir(), t.TempDir()
		if err := WriteCSV(dir1, n); err != nil {
			t.Fatal(err)
		}
		got, err := ReadCSV(os.DirFS(dir1), ".")
		if err != nil {
			t.Fatal(err)
		}
		requireSameNetwork(t, n, got)
		if err := WriteCSV(dir2, got); err != nil {
			t.Fatal(err)
		}
		first, second := csvFiles(t, dir1), csvFiles(t, dir2)
		for name := range first {
			if !bytes.Equal(first[name], second[name]) {
				t.Fatalf("%s: write→read→write differs:\n%s\n---\n%s", name, first[name], second[name])
			}
		}
	}
}

// TestCSVLayout pins the documented columns and cells.
func TestCSVLayout(t *testing.T) {
	dir := t.TempDir()
	if err := WriteCSV(dir, richNetwork(t)); err != nil {
		t.Fatal(err)
	}
	files := csvFiles(t, dir)
	want := map[string][]string{
		csvNetworkFile: {"key,value\nversion,1\nname,\"rich, \"\"quoted\"\" city\"\ncrs,EPSG:4326\nattr:base_mva,100\nattr:frequency_hz,59.95\n"},
		csvComponentsFile: {
			"id,sector,kind,role,x,y,zone,access,demand,population,capacity,storage,fragility,critical,param:gs_mw,param:head_m,param:pmax_mw,param:pmin_mw,tag:city,tag:note,tag:op,tag:owner\n",
			"b2,power,bus,consumer,,,south,,,,1e+22,,,false,,,,,,,,\n",
			"gasA,gas,node,source,0,0,,,,,,,,false,,,,,,,,\n",
			"t1,telecom,cell_tower,transit,-90.1,35.1,,,,,,,,false,,,,,Zürich,\"roof, \"\"east\"\"\nsecond line\",A,\n",
		},
		csvLinksFile: {
			"id,kind,from,to,directed,length,capacity,fragility,out_of_service,reactance,rating,tap,shift,diameter,free_flow,geometry,param:roughness,tag:cable,tag:voltage\n",
			"L2,transformer,b1,b2,false,,,,true,0.2,,,,,,\"LINESTRING(-90 35, -90.05 35.05, -90.1 35.1)\",,,\n",
			"R1,road,x1,x2,false,3200,,,false,,,,,,1m30.000000001s,\"LINESTRING(-90.01 35, -90.03 35.03)\",,,\n",
		},
		csvRequirementsFile: {
			"dependent,providers,logic,k,lag,buffer,recharge,effect,factor,kind\n",
			"co1,b1;b2;g1,k-of-n,2,1m30s,1d12h0.000000001s,0.25,degrade,0.5,cyber\n",
		},
	}
	for name, parts := range want {
		for _, p := range parts {
			if !bytes.Contains(files[name], []byte(p)) {
				t.Errorf("%s lacks %q:\n%s", name, p, files[name])
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 4 {
		t.Errorf("dir holds %d entries, want the 4 tables (no temporary files)", len(entries))
	}
}

// TestCSVColumnsAreJSONKeys keeps the CSV columns and the JSON keys one
// vocabulary: each fixed column is a JSON key of its record (x and y
// standing for location), and every JSON key has a column.
func TestCSVColumnsAreJSONKeys(t *testing.T) {
	keys := func(v any) []string {
		var k []string
		typ := reflect.TypeOf(v)
		for f := range typ.NumField() {
			name, _, _ := strings.Cut(typ.Field(f).Tag.Get("json"), ",")
			k = append(k, name)
		}
		return k
	}
	check := func(what string, columns, jsonKeys []string) {
		var want []string
		for _, k := range jsonKeys {
			switch k {
			case "location":
				want = append(want, "x", "y")
			case "params", "tags": // param:<name> and tag:<name> columns
			default:
				want = append(want, k)
			}
		}
		if !slices.Equal(columns, want) {
			t.Errorf("%s: columns %v, JSON keys give %v", what, columns, want)
		}
	}
	check("components", csvComponentColumns, keys(componentRecord{}))
	check("links", csvLinkColumns, keys(linkRecord{}))
	check("requirements", csvRequirementColumns, keys(requirementRecord{}))
}

// TestCSVFromSpreadsheet reads what a spreadsheet might save: a BOM, columns
// in another order, missing columns, blank rows, CRLF line ends, no links
// or requirements file.
func TestCSVFromSpreadsheet(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(csvNetworkFile, "\uFEFFkey,value\r\nname,sheet\r\nversion,1\r\n")
	write(csvComponentsFile, "\uFEFFsector,id,demand\r\npower,a,\r\n,,\r\npower,b,2.5\r\n")
	n, err := ReadCSV(os.DirFS(dir), ".")
	if err != nil {
		t.Fatal(err)
	}
	if n.Name() != "sheet" || n.NumComponents() != 2 || n.Demand(1) != 2.5 || n.NumLinks() != 0 {
		t.Fatalf("read %q with %d components, demand %v", n.Name(), n.NumComponents(), n.Demand(1))
	}
}

// TestCSVWriteRefusesLoss checks the values CSV cannot hold.
func TestCSVWriteRefusesLoss(t *testing.T) {
	cases := map[string]func(b *network.Builder){
		"empty tag": func(b *network.Builder) {
			b.AddComponent(network.Component{ID: "c", Sector: network.Power, Tags: map[string]string{"k": ""}})
		},
		"provider with separator": func(b *network.Builder) {
			b.AddComponent(network.Component{ID: "a;b", Sector: network.Power})
			b.AddComponent(network.Component{ID: "c", Sector: network.Power})
			b.AddRequirement(network.Requirement{Dependent: "c", Providers: []string{"a;b"}})
		},
		"CRLF in a string": func(b *network.Builder) { b.AddComponent(network.Component{ID: "c\r\nd", Sector: network.Power}) },
	}
	for name, add := range cases {
		t.Run(name, func(t *testing.T) {
			b := network.NewBuilder()
			add(b)
			n, err := b.Build()
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if err := WriteCSV(dir, n); !errors.Is(err, network.ErrInvalid) {
				t.Fatalf("WriteCSV: %v, want ErrInvalid", err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Fatalf("WriteCSV left %d files", len(entries))
			}
		})
	}
}

// TestCSVOverwrites checks that writing over an existing folder replaces
// every table.
func TestCSVOverwrites(t *testing.T) {
	dir := t.TempDir()
	if err := WriteCSV(dir, richNetwork(t)); err != nil {
		t.Fatal(err)
	}
	small := projectedNetwork(t)
	if err := WriteCSV(dir, small); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCSV(os.DirFS(dir), ".")
	if err != nil {
		t.Fatal(err)
	}
	requireSameNetwork(t, small, got)
}

var csvBase = map[string]string{
	csvNetworkFile:      "key,value\nversion,1\nname,t\ncrs,EPSG:4326\nattr:base_mva,100\n",
	csvComponentsFile:   "id,sector,kind,role,x,y,demand,param:head_m,tag:op\na,power,bus,source,1,2,,,\nb,power,bus,consumer,,,5,,A\nw,water,pump,,,,,30,\n",
	csvLinksFile:        "id,kind,from,to,geometry,free_flow\nl,line,a,b,\"LINESTRING(1 2, 3 4)\",1m\n",
	csvRequirementsFile: "dependent,providers,logic,lag\nb,a,all,1m\nw,a;b,any,\n",
}

// writeCSVFiles writes files to a new folder, replacing old by new in file.
func writeCSVFiles(t *testing.T, base map[string]string, file, old, new string) string {
	t.Helper()
	dir := t.TempDir()
	for name, s := range base {
		if name == file {
			r := strings.Replace(s, old, new, 1)
			if r == s {
				t.Fatalf("%q not in %s", old, name)
			}
			s = r
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCSVErrors(t *testing.T) {
	if _, err := ReadCSV(os.DirFS(writeCSVFiles(t, csvBase, "", "", "")), "."); err != nil {
		t.Fatalf("base input: %v", err)
	}
	cases := []struct {
		errorCase
		file, old, new string
	}{
		{errorCase{name: "bad version", line: 2, col: 2, field: "version", want: network.ErrVersion},
			csvNetworkFile, "version,1", "version,2"},
		{errorCase{name: "version not a number", line: 2, col: 2, field: "version", want: network.ErrVersion},
			csvNetworkFile, "version,1", "version,one"},
		{errorCase{name: "missing version", field: "version", want: network.ErrVersion},
			csvNetworkFile, "version,1\n", ""},
		{errorCase{name: "unknown key", line: 3, col: 1, field: "nam", want: network.ErrInvalid},
			csvNetworkFile, "name,t", "nam,t"},
		{errorCase{name: "bad crs", line: 4, col: 2, field: "crs", want: network.ErrInvalid},
			csvNetworkFile, "EPSG:4326", "EPSG:x"},
		{errorCase{name: "bad attribute", line: 5, col: 2, field: "attr:base_mva", want: network.ErrSyntax},
			csvNetworkFile, "100", "1OO"},
		{errorCase{name: "unknown role", line: 3, col: 4, field: "role", want: network.ErrInvalid},
			csvComponentsFile, "consumer", "sink"},
		{errorCase{name: "bad number", line: 3, col: 7, field: "demand", want: network.ErrSyntax},
			csvComponentsFile, ",5,", ",five,"},
		{errorCase{name: "NaN", line: 3, col: 7, field: "demand", want: network.ErrNotFinite},
			csvComponentsFile, ",5,", ",NaN,"},
		{errorCase{name: "bad param", line: 4, col: 8, field: "param:head_m", want: network.ErrSyntax},
			csvComponentsFile, ",30,", ",3O,"},
		{errorCase{name: "population beyond 2^53", line: 3, col: 7, field: "population", want: network.ErrOutOfRange},
			csvComponentsFile, "y,demand,param:head_m,tag:op\na,power,bus,source,1,2,,,\nb,power,bus,consumer,,,5,",
			"y,population,param:head_m,tag:op\na,power,bus,source,1,2,,,\nb,power,bus,consumer,,,9007199254740993,"},
		{errorCase{name: "x without y", line: 2, col: 6, field: "y", want: network.ErrInvalid},
			csvComponentsFile, "source,1,2", "source,1,"},
		{errorCase{name: "longitude out of range", line: 2, col: 5, field: "x", want: network.ErrOutOfRange},
			csvComponentsFile, "source,1,2", "source,200,2"},
		{errorCase{name: "duplicate id", line: 4, col: 1, field: "id", want: network.ErrDuplicateID},
			csvComponentsFile, "w,water", "a,water"},
		{errorCase{name: "unknown column", line: 1, col: 7, field: "demnd", want: network.ErrInvalid},
			csvComponentsFile, "y,demand", "y,demnd"},
		{errorCase{name: "repeated column", line: 1, col: 9, field: "demand", want: network.ErrInvalid},
			csvComponentsFile, "tag:op", "demand"},
		{errorCase{name: "too few cells", line: 3, col: 1, want: network.ErrSyntax},
			csvComponentsFile, "5,,A", "5,A"},
		{errorCase{name: "bad quote", line: 2, col: 5, field: "geometry", want: network.ErrSyntax},
			csvLinksFile, `4)",1m`, `4)"x,1m`},
		{errorCase{name: "bad WKT", line: 2, col: 5, field: "geometry", want: network.ErrSyntax},
			csvLinksFile, "3 4)", "3)"},
		{errorCase{name: "malformed free flow", line: 2, col: 6, field: "free_flow", want: network.ErrSyntax},
			csvLinksFile, ",1m\n", ",1 m\n"},
		{errorCase{name: "unknown link end", line: 2, col: 4, field: "to", want: network.ErrUnknownID},
			csvLinksFile, "l,line,a,b", "l,line,a,q"},
		{errorCase{name: "malformed duration", line: 2, col: 4, field: "lag", want: network.ErrSyntax},
			csvRequirementsFile, "all,1m", "all,1 min"},
		{errorCase{name: "negative lag", line: 2, col: 4, field: "lag", want: network.ErrNegative},
			csvRequirementsFile, "all,1m", "all,-1m"},
		{errorCase{name: "unknown provider", line: 3, col: 2, field: "providers", want: network.ErrUnknownID},
			csvRequirementsFile, "a;b", "a;zz"},
		{errorCase{name: "unknown logic", line: 3, col: 3, field: "logic", want: network.ErrInvalid},
			csvRequirementsFile, "any", "some"},
		{errorCase{name: "unknown dependent", line: 2, col: 1, field: "dependent", want: network.ErrUnknownID},
			csvRequirementsFile, "b,a,all", "q,a,all"},
		{errorCase{name: "param column in requirements", line: 1, col: 4, field: "param:x", want: network.ErrInvalid},
			csvRequirementsFile, "lag\n", "param:x\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeCSVFiles(t, csvBase, c.file, c.old, c.new)
			_, err := ReadCSV(os.DirFS(dir), ".")
			parsetest.Check(t, err, c.file, c.line, c.col, c.field, c.want)
		})
	}
}

func TestCSVMissingRequiredFile(t *testing.T) {
	dir := t.TempDir()
	_, err := ReadCSV(os.DirFS(filepath.Dir(dir)), filepath.Base(dir))
	var pe *network.ParseError
	if !errors.As(err, &pe) || pe.File != path.Join(filepath.Base(dir), csvNetworkFile) || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("ReadCSV of an empty folder: %v", err)
	}
}

func TestWKTNeedsBothParentheses(t *testing.T) {
	for _, s := range []string{"LINESTRING 1 2, 3 4)", "LINESTRING(1 2, 3 4", "LINESTRING 1 2, 3 4"} {
		if _, err := parseWKT(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
	if pts, err := parseWKT("LINESTRING(1 2, 3 4)"); err != nil || len(pts) != 2 {
		t.Errorf("valid WKT: %v %v", pts, err)
	}
}
