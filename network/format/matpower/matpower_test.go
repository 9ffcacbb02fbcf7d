package matpower

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/internal/testenv"
	"github.com/lifeline-sim/lifeline/network"
)

func parseMatpowerFile(t *testing.T, path string) *Case {
	t.Helper()
	c, err := Parse(os.DirFS(filepath.Dir(path)), filepath.Base(path))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func matpowerNetwork(t *testing.T, c *Case) *network.Network {
	t.Helper()
	n, err := c.Network(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// matpowerCounts are counted from the files themselves (rows between
// "bus = [" and "];" and so on).
type matpowerCounts struct {
	file                      string
	name, version             string
	bus, gen, genIn, branch   int
	branchOut, gencost, slack int
}

func checkMatpowerCounts(t *testing.T, c *Case, want matpowerCounts) {
	t.Helper()
	genIn, brOut, slack := 0, 0, 0
	for i := range c.Gen {
		if c.Gen[i].InService() {
			genIn++
		}
	}
	for i := range c.Branch {
		if !c.Branch[i].InService() {
			brOut++
		}
	}
	for _, b := range c.Bus {
		if b.Type == 3 {
			if slack != 0 {
				t.Errorf("%s: two reference buses %d and %d", want.file, slack, b.BusI)
			}
			slack = b.BusI
		}
	}
	got := matpowerCounts{file: want.file, name: c.Name, version: c.Version, bus: len(c.Bus), gen: len(c.Gen),
		genIn: genIn, branch: len(c.Branch), branchOut: brOut, gencost: len(c.GenCost), slack: slack}
	if got != want {
		t.Errorf("counts\n got %+v\nwant %+v", got, want)
	}
	if c.BaseMVA != 100 {
		t.Errorf("%s: baseMVA %v", want.file, c.BaseMVA)
	}
	n := matpowerNetwork(t, c)
	if n.NumComponents() != want.bus+want.gen || n.NumLinks() != want.gen+want.branch {
		t.Errorf("%s: network has %d components and %d links, want %d and %d", want.file,
			n.NumComponents(), n.NumLinks(), want.bus+want.gen, want.gen+want.branch)
	}
	if n.Attr(network.ParamBaseMVA) != 100 || n.Name() != want.name {
		t.Errorf("%s: base_mva %v, name %q", want.file, n.Attr(network.ParamBaseMVA), n.Name())
	}
	off := 0
	for l := range n.Links() {
		if n.OutOfService(l) {
			off++
		}
	}
	if wantOff := want.branchOut + want.gen - want.genIn; off != wantOff {
		t.Errorf("%s: %d links out of service, want %d", want.file, off, wantOff)
	}
	// Every bus, generator and branch is where the conventions put it.
	for i, b := range c.Bus {
		ci, ok := n.ComponentIndex("bus" + itoa(b.BusI))
		if !ok || int(ci) != i || n.ComponentParam(ci, network.ParamBusI) != float64(b.BusI) {
			t.Fatalf("%s: bus %d at %d, %v", want.file, b.BusI, ci, ok)
		}
	}
	for k, g := range c.Gen {
		li, ok := n.LinkIndex("gen" + itoa(k+1) + ":bus" + itoa(g.Bus))
		if !ok || n.LinkKind(li) != network.KindConnection || n.Reactance(li) != 0 || n.OutOfService(li) == g.InService() {
			t.Fatalf("%s: generator %d link", want.file, k+1)
		}
	}
	for k, br := range c.Branch {
		li, ok := n.LinkIndex("br" + itoa(k+1))
		if !ok || n.Reactance(li) != br.X || n.LinkParam(li, network.ParamBranchRow) != float64(k+1) {
			t.Fatalf("%s: branch %d", want.file, k+1)
		}
		f, to := n.Ends(li)
		if n.ComponentID(f) != "bus"+itoa(br.FBus) || n.ComponentID(to) != "bus"+itoa(br.TBus) {
			t.Fatalf("%s: branch %d ends %s %s", want.file, k+1, n.ComponentID(f), n.ComponentID(to))
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestParseMatpowerCases(t *testing.T) {
	for _, want := range []matpowerCounts{
		{file: "t_case9_pf.m", name: "t_case9_pf", version: "1", bus: 9, gen: 3, genIn: 3, branch: 9, slack: 1},
		{file: "case14.m", name: "case14", version: "2", bus: 14, gen: 5, genIn: 5, branch: 20, gencost: 5, slack: 1},
		{file: "case30.m", name: "case30", version: "2", bus: 30, gen: 6, genIn: 6, branch: 41, gencost: 6, slack: 1},
		{file: "case118.m", name: "case118", version: "2", bus: 118, gen: 54, genIn: 54, branch: 186, gencost: 54, slack: 69},
		{file: "juliagrid_case14test.m", name: "case14test", version: "2", bus: 14, gen: 8, genIn: 7, branch: 20, branchOut: 2, gencost: 8, slack: 1},
		{file: "juliagrid_case30test.m", name: "case30test", version: "2", bus: 30, gen: 15, genIn: 13, branch: 45, branchOut: 3, gencost: 15, slack: 1},
	} {
		t.Run(want.file, func(t *testing.T) {
			c := parseMatpowerFile(t, filepath.Join("testdata", want.file))
			checkMatpowerCounts(t, c, want)
		})
	}
}

func TestMatpowerSharedLargeCases(t *testing.T) {
	for _, want := range []matpowerCounts{
		{file: "case300.m", name: "case300", version: "2", bus: 300, gen: 69, genIn: 69, branch: 411, gencost: 69, slack: 7049},
		{file: "case_ACTIVSg2000.m", name: "case_ACTIVSg2000", version: "2", bus: 2000, gen: 544, genIn: 432, branch: 3206, gencost: 544, slack: 7098},
	} {
		t.Run(want.file, func(t *testing.T) {
			c := parseMatpowerFile(t, testenv.SharedFile(t, "power/"+want.file))
			checkMatpowerCounts(t, c, want)
		})
	}
}

func TestMatpowerSharedCase300Values(t *testing.T) {
	c := parseMatpowerFile(t, testenv.SharedFile(t, "power/case300.m"))
	n := matpowerNetwork(t, c)
	// Non-consecutive numbers: the slack is bus 7049, row 300 of 300 is 9533.
	if c.Bus[len(c.Bus)-1].BusI != 9533 {
		t.Errorf("last bus %d, want 9533", c.Bus[len(c.Bus)-1].BusI)
	}
	i, ok := n.ComponentIndex("bus7049")
	if !ok || n.ComponentParam(i, network.ParamBusType) != 3 {
		t.Fatalf("bus7049: %v type %v", ok, n.ComponentParam(i, network.ParamBusType))
	}
	// Bus 51 has PD = -5 MW: no demand, transit, signed pd_mw kept.
	i, _ = n.ComponentIndex("bus51")
	if n.Demand(i) != 0 || n.Role(i) != network.RoleTransit || n.ComponentParam(i, network.ParamPdMW) != -5 {
		t.Errorf("bus51: demand %v role %v pd_mw %v", n.Demand(i), n.Role(i), n.ComponentParam(i, network.ParamPdMW))
	}
}

func TestMatpowerSharedACTIVSg2000Extra(t *testing.T) {
	c := parseMatpowerFile(t, testenv.SharedFile(t, "power/case_ACTIVSg2000.m"))
	// Solved case: bus has LAM_P … MU_VMIN, gen PC1 … MU_QMIN, branch PF … MU_ANGMAX.
	if len(c.Bus[0].Extra) != 4 || len(c.Gen[0].Extra) != 15 || len(c.Branch[0].Extra) != 8 {
		t.Fatalf("extra columns %d %d %d", len(c.Bus[0].Extra), len(c.Gen[0].Extra), len(c.Branch[0].Extra))
	}
	// First branch: 1001 1064 … PF 67.5.
	if b := c.Branch[0]; b.FBus != 1001 || b.TBus != 1064 || b.RateA != 221 || b.Extra[0] != 67.5 || b.Line != 2603 {
		t.Errorf("branch 1: %+v", b)
	}
	if g := c.Gen[0]; g.Bus != 1004 || g.Pg != 158.25 || g.Extra[10] != 211 {
		t.Errorf("gen 1: %+v", g)
	}
}

func TestMatpowerCase14Values(t *testing.T) {
	c := parseMatpowerFile(t, "testdata/case14.m")
	n := matpowerNetwork(t, c)
	if c.Bus[1].BusI != 2 || c.Bus[1].Pd != 21.7 || c.Bus[1].Line != 26 {
		t.Fatalf("bus row 2: %+v", c.Bus[1])
	}
	i, _ := n.ComponentIndex("bus2")
	if n.Demand(i) != 21.7 || n.Role(i) != network.RoleConsumer || n.ComponentKind(i) != network.KindBus ||
		n.ComponentParam(i, network.ParamPdMW) != 21.7 || n.ComponentParam(i, network.ParamQdMVAr) != 12.7 ||
		n.ComponentParam(i, network.ParamVmPU) != 1.045 || n.ComponentParam(i, network.ParamVaDeg) != -4.98 ||
		n.ComponentParam(i, network.ParamBusType) != 2 || n.ComponentParam(i, network.ParamVmaxPU) != 1.06 {
		t.Errorf("bus2: %+v", n.Component(i))
	}
	if _, ok := n.Location(i); ok {
		t.Error("bus2 has a location")
	}
	if n.SectorName(n.ComponentSector(i)) != network.Power {
		t.Error("bus2 not in power")
	}
	i, _ = n.ComponentIndex("bus1")
	if n.Role(i) != network.RoleTransit || n.Demand(i) != 0 {
		t.Error("bus1 should be transit")
	}
	i, _ = n.ComponentIndex("bus9")
	if n.ComponentParam(i, network.ParamBsMVAr) != 19 {
		t.Errorf("bus9 bs_mvar %v", n.ComponentParam(i, network.ParamBsMVAr))
	}
	g, _ := n.ComponentIndex("gen1")
	if n.Role(g) != network.RoleSource || n.ComponentKind(g) != network.KindGenerator || n.Capacity(g) != 332.4 ||
		n.ComponentParam(g, network.ParamPgMW) != 232.4 || n.ComponentParam(g, network.ParamGenRow) != 1 ||
		n.ComponentParam(g, network.ParamOutOfService) != 0 {
		t.Errorf("gen1: %+v", n.Component(g))
	}
	// Branches 8–10 are transformers (TAP 0.978, 0.969, 0.932), the rest lines.
	for k := 1; k <= 20; k++ {
		l, _ := n.LinkIndex("br" + itoa(k))
		want := network.KindLine
		if k >= 8 && k <= 10 {
			want = network.KindTransformer
		}
		if n.LinkKind(l) != want {
			t.Errorf("br%d kind %s, want %s", k, n.LinkKind(l), want)
		}
	}
	l, _ := n.LinkIndex("br8")
	if n.Tap(l) != 0.978 || n.Reactance(l) != 0.20912 || n.Rating(l) != 0 {
		t.Errorf("br8: %+v", n.Link(l))
	}
	l, _ = n.LinkIndex("br1")
	if n.LinkParam(l, network.ParamRPU) != 0.01938 || n.LinkParam(l, network.ParamBPU) != 0.0528 ||
		n.LinkParam(l, network.ParamAngminDeg) != -360 || n.LinkParam(l, network.ParamAngmaxDeg) != 360 || n.Directed(l) {
		t.Errorf("br1: %+v", n.Link(l))
	}
}

func TestMatpowerVersion1(t *testing.T) {
	c := parseMatpowerFile(t, "testdata/t_case9_pf.m")
	// Bus 30 is the third row (out of order); generator 2 sits at it.
	if c.Bus[2].BusI != 30 || c.Gen[1].Bus != 30 || c.Branch[3].FBus != 30 {
		t.Fatalf("bus 30: %+v %+v %+v", c.Bus[2], c.Gen[1], c.Branch[3])
	}
	if c.GenCost != nil || c.Branch[0].HasAngleLimits || c.Gen[0].Extra != nil {
		t.Error("version 1 case has no gencost, angle limits or extra gen columns")
	}
	n := matpowerNetwork(t, c)
	if i, _ := n.ComponentIndex("bus30"); i != 2 {
		t.Errorf("bus30 at index %d", i)
	}
	if _, ok := n.LinkIndex("gen2:bus30"); !ok {
		t.Error("no link gen2:bus30")
	}
	l, _ := n.LinkIndex("br5")
	if n.Rating(l) != 40 || n.LinkParam(l, network.ParamRateBMVA) != 150 || n.LinkParam(l, network.ParamAngminDeg) != 0 {
		t.Errorf("br5: %+v", n.Link(l))
	}
	if g, _ := n.ComponentIndex("gen1"); n.ComponentParam(g, network.ParamPminMW) != 90 || n.Capacity(g) != 250 {
		t.Errorf("gen1: %+v", n.Component(g))
	}
}

func TestMatpowerCase118Reference(t *testing.T) {
	c := parseMatpowerFile(t, "testdata/case118.m")
	n := matpowerNetwork(t, c)
	i, _ := n.ComponentIndex("bus69")
	if n.ComponentParam(i, network.ParamBusType) != 3 || n.ComponentParam(i, network.ParamVaDeg) != 30 {
		t.Errorf("bus69: type %v va %v", n.ComponentParam(i, network.ParamBusType), n.ComponentParam(i, network.ParamVaDeg))
	}
	if c.Bus[68].Va != 30 || c.Bus[68].BusI != 69 {
		t.Errorf("raw bus 69: %+v", c.Bus[68])
	}
}

func TestMatpowerJuliaGrid14(t *testing.T) {
	c := parseMatpowerFile(t, "testdata/juliagrid_case14test.m")
	// Rows without ';', buses 16 and 15 in place of 6 and 8.
	if c.Bus[5].BusI != 16 || c.Bus[7].BusI != 15 || c.Bus[5].Line != 30 {
		t.Fatalf("bus rows: %+v %+v", c.Bus[5], c.Bus[7])
	}
	// Generator 7: QMAX = Inf, QMIN = -Inf.
	if g := c.Gen[6]; !math.IsInf(g.Qmax, 1) || !math.IsInf(g.Qmin, -1) || g.Bus != 2 || g.Pg != 52 {
		t.Fatalf("gen 7: %+v", g)
	}
	n := matpowerNetwork(t, c)
	g7, _ := n.ComponentIndex("gen7")
	cp := n.Component(g7)
	if _, ok := cp.Params[network.ParamQmaxMVAr]; ok {
		t.Error("infinite qmax_mvar stored")
	}
	if cp.Tags["infinite"] != "qmax_mvar=+Inf qmin_mvar=-Inf" || cp.Params[network.ParamPgMW] != 52 {
		t.Errorf("gen7: %+v", cp)
	}
	// Generator 3 is out of service, and so is its connection.
	g3, _ := n.ComponentIndex("gen3")
	l, _ := n.LinkIndex("gen3:bus1")
	if n.ComponentParam(g3, network.ParamOutOfService) != 1 || !n.OutOfService(l) {
		t.Error("gen3 should be out of service")
	}
	// Branches 3 (2–3) and 18 (10–11, a phase shifter) are out of service.
	for _, k := range []int{3, 18} {
		l, _ := n.LinkIndex("br" + itoa(k))
		if !n.OutOfService(l) {
			t.Errorf("br%d in service", k)
		}
	}
	l, _ = n.LinkIndex("br14") // 7–15, TAP 0.7, SHIFT -2
	if n.LinkKind(l) != network.KindTransformer || n.Tap(l) != 0.7 || n.Shift(l) != -2 ||
		n.LinkParam(l, network.ParamAngminDeg) != -5 || n.LinkParam(l, network.ParamAngmaxDeg) != 5 {
		t.Errorf("br14: %+v", n.Link(l))
	}
	l, _ = n.LinkIndex("br5") // RATE_A 10
	if n.Rating(l) != 10 {
		t.Errorf("br5 rating %v", n.Rating(l))
	}
	if b, _ := n.ComponentIndex("bus5"); n.ComponentParam(b, network.ParamGsMW) != -20 || n.ComponentParam(b, network.ParamBsMVAr) != 14 {
		t.Errorf("bus5 shunt: %+v", n.Component(b))
	}
}

func TestMatpowerJuliaGrid30(t *testing.T) {
	c := parseMatpowerFile(t, "testdata/juliagrid_case30test.m")
	if !math.IsInf(c.Gen[5].Qmax, 1) || !math.IsInf(c.Gen[5].Qmin, -1) || !math.IsInf(c.Gen[11].Qmax, 1) || c.Gen[11].Qmin != -6 {
		t.Fatalf("Inf entries: %+v %+v", c.Gen[5], c.Gen[11])
	}
	n := matpowerNetwork(t, c)
	g12, _ := n.ComponentIndex("gen12")
	if cp := n.Component(g12); cp.Tags["infinite"] != "qmax_mvar=+Inf" || cp.Params[network.ParamQminMVAr] != -6 {
		t.Errorf("gen12: %+v", cp)
	}
	for _, k := range []int{10, 13} {
		i, _ := n.ComponentIndex("gen" + itoa(k))
		if n.ComponentParam(i, network.ParamOutOfService) != 1 {
			t.Errorf("gen%d in service", k)
		}
	}
	for _, k := range []int{2, 31, 45} {
		l, _ := n.LinkIndex("br" + itoa(k))
		if !n.OutOfService(l) {
			t.Errorf("br%d in service", k)
		}
	}
	// Three parallel branches 10–21 (rows 29–31) and a TAP = 1 transformer (row 10).
	l, _ := n.LinkIndex("br10")
	if n.LinkKind(l) != network.KindTransformer || n.Tap(l) != 1 {
		t.Errorf("br10: %+v", n.Link(l))
	}
	// Several generators share bus 5.
	i, _ := n.ComponentIndex("bus5")
	if nb, _ := n.Out(i); len(nb) != 2+4 {
		t.Errorf("bus5 has %d neighbours, want 2 branches + 4 generators", len(nb))
	}
}

func TestMatpowerPrefix(t *testing.T) {
	n, err := Import(os.DirFS("testdata"), "case14.m", Options{Prefix: "p/"})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"p/bus14", "p/gen5"} {
		if _, ok := n.ComponentIndex(id); !ok {
			t.Errorf("no component %s", id)
		}
	}
	for _, id := range []string{"p/br20", "p/gen5:bus8"} {
		if _, ok := n.LinkIndex(id); !ok {
			t.Errorf("no link %s", id)
		}
	}
}

// tinyCase is a minimal version-2 case; the error table edits it.
const tinyCase = `function mpc = tiny
mpc.version = '2';
mpc.baseMVA = 100;
mpc.bus = [
  1 3 0 0 0 0 1 1 0 345 1 1.1 0.9;
  2 1 50 0 0 0 1 1 0 345 1 1.1 0.9;
];
mpc.gen = [
  1 50 0 300 -300 1 100 1 250 10;
];
mpc.branch = [
  1 2 0.01 0.1 0 250 250 250 0 0 1 -360 360;
];
`

func TestMatpowerSyntaxVariants(t *testing.T) {
	src := `function [baseMVA, bus, gen, branch, areas, gencost] = v1case
%{
block comment with mpc.bus = [ 1 2 3 ];
%}
baseMVA = 100; % trailing comment
bus = [ 1, 3, 0, 0, 0, 0, 1, 1, 0, 345, 1, 1.1, 0.9 % comment after values
  7 1 1.5e1 0 0 0 1 1 0 345 1 1.1 0.9 ; 3 1 +.5 -0 0 0 1 1 0 345 1 1.1 0.9

  4 1 1E-1 0 0 0 1 ...  continued
    1 0 345 1 1.1 0.9;]; areas = [1 1];
gen = [1 0 0 Inf -Inf 1 100 1 Inf 0];
branch = [
  1 7 0 0.1 0 0 0 0 0 0 1
  7 3 0 0.2 0 0 0 0 1.05 0 0
  3 4 0 0.3 0 1e999 0 0 0 -3 1
];
names = {'a % not a comment', 'it''s'};
gencost = [2 0 0 3 0.01 40 0];
`
	c, err := Parse(parsetest.File("v1.m", src), "v1.m")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "v1case" || c.Version != "1" || len(c.Bus) != 4 || len(c.Gen) != 1 || len(c.Branch) != 3 || len(c.GenCost) != 1 {
		t.Fatalf("case %+v", c)
	}
	if c.Bus[1].BusI != 7 || c.Bus[1].Pd != 15 || c.Bus[2].Pd != 0.5 || c.Bus[3].Pd != 0.1 || c.Bus[3].Line != 9 {
		t.Errorf("buses %+v", c.Bus)
	}
	if !math.IsInf(c.Gen[0].Pmax, 1) || !math.IsInf(c.Branch[2].RateA, 1) {
		t.Errorf("Inf values: %+v %+v", c.Gen[0], c.Branch[2])
	}
	n, err := c.Network(Options{})
	if err != nil {
		t.Fatal(err)
	}
	g, _ := n.ComponentIndex("gen1")
	if n.Capacity(g) != 0 || n.Component(g).Tags["infinite"] != "qmax_mvar=+Inf qmin_mvar=-Inf pmax_mw=+Inf" {
		t.Errorf("gen1: %+v", n.Component(g))
	}
	l, _ := n.LinkIndex("br2")
	if n.LinkKind(l) != network.KindTransformer || !n.OutOfService(l) || n.Tap(l) != 1.05 {
		t.Errorf("br2: %+v", n.Link(l))
	}
	l, _ = n.LinkIndex("br3")
	if n.LinkKind(l) != network.KindTransformer || n.Rating(l) != 0 || n.Shift(l) != -3 {
		t.Errorf("br3: %+v", n.Link(l))
	}

	// A struct case without mpc.version and a 10-column gen matrix is version 1.
	c, err = Parse(parsetest.File("tiny.m", strings.Replace(tinyCase, "mpc.version = '2';", "", 1)), "tiny.m")
	if err != nil || c.Version != "1" {
		t.Fatalf("no version: %v %+v", err, c)
	}
	n, err = c.Network(Options{})
	if err != nil || n.Name() != "tiny" {
		t.Fatalf("%v %v", err, n)
	}
}

func TestMatpowerErrors(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(tinyCase, old) {
			panic("test: " + old)
		}
		return strings.Replace(tinyCase, old, new, 1)
	}
	for _, tc := range []struct {
		name      string
		src       string
		line, col int
		field     string
		err       error
	}{
		{"malformed number", edit("0.01 0.1 0", "0.01 0.1x 0"), 12, 12, "branch.BR_X", network.ErrSyntax},
		{"hex number", edit("2 1 50", "2 1 0x32"), 6, 7, "bus.PD", network.ErrSyntax},
		{"word", edit("1 1 0 345 1 1.1 0.9;\n  2", "1 1 zero 345 1 1.1 0.9;\n  2"), 5, 19, "bus.VA", network.ErrSyntax},
		{"NaN", edit("2 1 50 0 0 0 1 1", "2 1 50 0 0 0 1 NaN"), 6, 18, "bus.VM", network.ErrInvalid},
		{"unknown gen bus", edit("  1 50 0", "  7 50 0"), 9, 3, "gen.GEN_BUS", network.ErrUnknownID},
		{"unknown to bus", edit("  1 2 0.01", "  1 22 0.01"), 12, 5, "branch.T_BUS", network.ErrUnknownID},
		{"duplicate bus", edit("  2 1 50", "  1 1 50"), 6, 3, "bus.BUS_I", network.ErrDuplicateID},
		{"bus type", edit("  2 1 50", "  2 5 50"), 6, 5, "bus.BUS_TYPE", network.ErrInvalid},
		{"fractional bus", edit("  2 1 50", "  2.5 1 50"), 6, 3, "bus.BUS_I", network.ErrInvalid},
		{"zero bus", edit("  2 1 50", "  0 1 50"), 6, 3, "bus.BUS_I", network.ErrInvalid},
		{"ragged rows", edit("1.1 0.9;\n];", "1.1;\n];"), 6, 3, "bus", network.ErrSyntax},
		{"short matrix", edit("0 0 1 -360 360;", "0 0;"), 12, 33, "branch.BR_STATUS", network.ErrSyntax},
		{"angmin without angmax", edit("0 0 1 -360 360;", "0 0 1 -360;"), 12, 40, "branch.ANGMAX", network.ErrSyntax},
		{"short gen", edit("1 250 10;", "1 250;"), 9, 30, "gen.PMIN", network.ErrSyntax},
		{"unclosed matrix", edit("  1 2 0.01 0.1 0 250 250 250 0 0 1 -360 360;\n];", "  1 2 0.01 0.1 0 250 250 250 0 0 1 -360 360;\n"), 11, 14, "branch", network.ErrSyntax},
		{"no gen", edit("mpc.gen = [\n  1 50 0 300 -300 1 100 1 250 10;\n];\n", ""), 11, 1, "gen", network.ErrInvalid},
		{"no baseMVA", edit("mpc.baseMVA = 100;\n", ""), 13, 1, "baseMVA", network.ErrInvalid},
		{"version", edit("'2'", "'3'"), 2, 15, "version", network.ErrVersion},
		{"negative baseMVA", edit("= 100", "= -100"), 3, 15, "baseMVA", network.ErrInvalid},
		{"expression", edit("2 1 50 0", "2 1 50-1 0"), 6, 9, "bus.PD", network.ErrSyntax},
		{"detached sign", edit("300 -300", "300 - 300"), 9, 14, "gen.QMIN", network.ErrSyntax},
		{"glued values", edit("2 1 50 0", "2 1 50'x' 0"), 6, 9, "bus.PD", network.ErrSyntax},
		{"text after matrix", edit("];\nmpc.gen", "] x\nmpc.gen"), 7, 3, "bus", network.ErrSyntax},
		{"mixed forms", edit("mpc.baseMVA = 100;", "baseMVA = 100;"), 3, 1, "baseMVA", network.ErrSyntax},
		{"twice", edit("mpc.gen = [", "mpc.bus = [];\nmpc.gen = ["), 8, 1, "bus", network.ErrSyntax},
		{"unbalanced", edit("mpc.gen = [", "x = ( ];\nmpc.gen = ["), 8, 7, "", network.ErrSyntax},
		{"unterminated string", edit("'2';", "'2;"), 2, 15, "", network.ErrSyntax},
		{"bad function", edit("function mpc = tiny", "function mpc = 3"), 1, 16, "function", network.ErrSyntax},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(parsetest.File("tiny.m", tc.src), "tiny.m")
			parsetest.Check(t, err, "tiny.m", tc.line, tc.col, tc.field, tc.err)
		})
	}
}

func TestMatpowerNetworkErrors(t *testing.T) {
	edit := func(old, new string) string { return strings.Replace(tinyCase, old, new, 1) }
	for _, tc := range []struct {
		name  string
		src   string
		line  int
		field string
		err   error
	}{
		{"infinite PD", edit("2 1 50", "2 1 Inf"), 6, "bus.PD", network.ErrInvalid},
		{"infinite BR_X", edit("0.01 0.1 0", "0.01 -Inf 0"), 12, "branch.BR_X", network.ErrInvalid},
		{"negative TAP", edit("250 0 0 1", "250 -1 0 1"), 12, "branch.TAP", network.ErrInvalid},
		{"self loop", edit("  1 2 0.01", "  2 2 0.01"), 12, "branch.T_BUS", network.ErrSelfLoop},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse(parsetest.File("tiny.m", tc.src), "tiny.m")
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Network(Options{})
			var pe *network.ParseError
			if !errors.As(err, &pe) || pe.Line != tc.line || pe.Field != tc.field || !errors.Is(err, tc.err) {
				t.Errorf("err = %v, want line %d field %q wrapping %v", err, tc.line, tc.field, tc.err)
			}
		})
	}
	// A case edited by hand to name a missing bus.
	c, err := Parse(parsetest.File("tiny.m", tinyCase), "tiny.m")
	if err != nil {
		t.Fatal(err)
	}
	c.Gen[0].Bus = 99
	if _, err := c.Network(Options{}); !errors.Is(err, network.ErrUnknownID) {
		t.Errorf("err = %v, want ErrUnknownID", err)
	}
}

// matpowerSeeds are small excerpts of the test files for the fuzzer.
var matpowerSeeds = []string{
	tinyCase,
	"function [baseMVA, bus, gen, branch] = t\nbaseMVA = 100;\nbus = [\n\t1\t3\t0\t0\t0\t0\t1\t1\t0\t345\t1\t1.1\t0.9;\n\t30\t2\t0\t0\t0\t0\t1\t1\t0\t345\t1\t1.1\t0.9;\n];\ngen = [\n\t30\t85\t0\t300\t-300\t1\t100\t1\t270\t10;\n];\nbranch = [\n\t1\t30\t0\t0.0576\t0\t250\t250\t250\t0\t0\t1;\n];\n",
	"mpc.version = '2';\nmpc.baseMVA = 100;\nmpc.bus = [\n  1  3  15.0  10.0    6.0    8.0  1  1.06     0.0   138.0  1  1.06  0.94\n  16  2  11.2   7.5    0.0    0.0  1  1.07   -14.22  138.0  1  1.06  0.94\n];\nmpc.gen = [\n 16  52.0   14.0  Inf   -Inf   1.045  100.0  0  140.0  0.0\n];\nmpc.branch = [\n  1   16  0.0      0.17615  0.0     0.0  0.0  0.0  0.7    -2.0   1  -5.0  5.0\n];\nmpc.bus_name = {\n\t'Bus 1 HV';\n\t'Bus 16 % LV';\n};\n",
	"%{\n%}\nbaseMVA = 1e2; bus = [1 3 0 0 0 0 1 1 0 1 1 1 1 ...\n]; gen = []; branch = [];\n",
}

func FuzzParseMatpower(f *testing.F) {
	for _, s := range matpowerSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		c, err := Parse(parsetest.File("fuzz.m", src), "fuzz.m")
		if err != nil {
			var pe *network.ParseError
			if !errors.As(err, &pe) || pe.File != "fuzz.m" {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if pe.Line < 0 || pe.Col < 0 {
				t.Fatalf("bad position %d:%d", pe.Line, pe.Col)
			}
			return
		}
		if c.BaseMVA <= 0 || (c.Version != "1" && c.Version != "2") {
			t.Fatalf("accepted case %+v", c)
		}
		n, err := c.Network(Options{})
		if err != nil {
			parsetest.Require(t, err)
			return
		}
		if n.NumComponents() != len(c.Bus)+len(c.Gen) || n.NumLinks() != len(c.Gen)+len(c.Branch) {
			t.Fatalf("network %d/%d for case %d/%d/%d", n.NumComponents(), n.NumLinks(), len(c.Bus), len(c.Gen), len(c.Branch))
		}
	})
}

// TestImportMatpowerLimits checks that an error quotes an excerpt of a
// huge malformed number only, and that MaxBytes caps the file.
func TestImportMatpowerLimits(t *testing.T) {
	src := "function mpc = c\nmpc.baseMVA = 1" + parsetest.Huge + ";\n"
	_, err := Import(parsetest.File("c.m", src), "c.m", Options{})
	parsetest.Short(t, err)
	data := parsetest.ReadFile(t, "testdata/case14.m")
	parsetest.CheckCap(t, "case14.m", int64(len(data)), func(max int64) error {
		_, err := Import(parsetest.File("case14.m", data), "case14.m", Options{MaxBytes: max})
		return err
	})
}
