package shelby

import (
	"errors"
	"io/fs"
	"maps"
	"math"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
)

// cities holds the bundled cities of package scenarios; shelby-indp,
// the repository's one copy of the INDP files, is read from there.
const cities = "../../../scenarios/cities"

// indp is the directory of the INDP files under cities.
const indp = "shelby-indp"

var shelbyFiles = []string{
	"WaterNodes.csv", "WaterArcs.csv", "PowerNodes.csv", "PowerArcs.csv", "GasNodes.csv", "GasArcs.csv",
	"TelecommunicationNodes.csv", "TelecommunicationArcs.csv", "Interdep.csv",
}

// shelbyFS returns the Shelby files in memory.
func shelbyFS(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, f := range shelbyFiles {
		m[f] = &fstest.MapFile{Data: parsetest.ReadFile(t, cities+"/"+indp+"/"+f)}
	}
	return m
}

func TestImportShelby(t *testing.T) {
	n, err := Import(os.DirFS(cities), indp, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n.NumComponents() != 49+75+16+27 || n.NumLinks() != 71+93+17+36 || n.NumRequirements() != 73 {
		t.Fatalf("counts %d/%d/%d", n.NumComponents(), n.NumLinks(), n.NumRequirements())
	}
	type layer struct {
		nodes, arcs, sources, consumers int
		supply, demand                  float64
	}
	got := map[network.Sector]*layer{}
	for _, s := range []network.Sector{network.Water, network.Power, "gas", network.Telecom} {
		got[s] = &layer{}
	}
	for i := range n.Components() {
		s := n.SectorName(n.ComponentSector(i))
		l := got[s]
		if l == nil {
			t.Fatalf("%s in sector %q", n.ComponentID(i), s)
		}
		l.nodes++
		switch n.Role(i) {
		case network.RoleSource:
			l.sources++
			l.supply += n.Capacity(i)
		case network.RoleConsumer:
			l.consumers++
			l.demand += n.Demand(i)
		}
		// The extent the data README gives, with a 0.01° margin (seven
		// nodes lie up to 0.005° beyond it).
		if p, ok := n.Location(i); !ok || p.X < -90.17 || p.X > -89.62 || p.Y < 34.99 || p.Y > 35.40 {
			t.Errorf("%s at %v, outside the Shelby County extent", n.ComponentID(i), p)
		}
	}
	for l := range n.Links() {
		got[n.SectorName(n.LinkSector(l))].arcs++
	}
	// Supply and demand from the files (the README: each layer balances to
	// within rounding).
	want := map[network.Sector]layer{
		network.Water:   {49, 71, 15, 34, 1000, 1000},
		network.Power:   {75, 93, 9, 42, 1000, 1000.000000011},
		"gas":           {16, 17, 3, 13, 1000, 1000.2},
		network.Telecom: {27, 36, 22, 1, 968.3, 968.4},
	}
	for s, w := range want {
		g := *got[s]
		if g.nodes != w.nodes || g.arcs != w.arcs || g.sources != w.sources || g.consumers != w.consumers ||
			math.Abs(g.supply-w.supply) > 1e-9 || math.Abs(g.demand-w.demand) > 1e-9 {
			t.Errorf("%s: %+v, want %+v", s, g, w)
		}
		if math.Abs(g.supply-g.demand) > 0.25 {
			t.Errorf("%s: supply %v, demand %v do not balance", s, g.supply, g.demand)
		}
	}

	// WaterNodes row 0: 0,-89.81072359,35.00485525,Storage Tank,…,Demand 77.659,population 71730.
	w0 := parsetest.Component(t, n, "W0")
	if w0.Sector != network.Water || w0.Kind != network.KindTank || w0.Role != network.RoleSource || w0.Capacity != 77.659 || w0.Demand != 0 ||
		w0.Population != 71730 || *w0.Location != (network.Point{X: -89.81072359, Y: 35.00485525}) || w0.Tags["type"] != "Storage Tank" {
		t.Errorf("W0 = %+v", w0)
	}
	// Gate stations supply; intersection points (N/A population) only
	// pass power on; "Other" gas nodes consume.
	for id, want := range map[string]network.Component{
		"P0":  {Kind: "gate_station", Role: network.RoleSource, Capacity: 29, Population: 26806},
		"P51": {Kind: network.KindBus, Role: network.RoleTransit},
		"G9":  {Kind: network.KindNode, Role: network.RoleConsumer, Population: 43389},
		"T0":  {Kind: network.KindFiberNode, Role: network.RoleSource, Capacity: 37.3, Population: 34457},
	} {
		c := parsetest.Component(t, n, id)
		if c.Kind != want.Kind || c.Role != want.Role || c.Capacity != want.Capacity || c.Population != want.Population {
			t.Errorf("%s = %+v", id, c)
		}
	}
	kinds := map[network.Kind]int{}
	kv := map[float64]int{}
	for i := range n.Components() {
		kinds[n.ComponentKind(i)]++
		if n.ComponentKind(i) == network.KindSubstation {
			kv[n.ComponentParam(i, network.ParamVnKV)]++
		}
	}
	wantKinds := map[network.Kind]int{network.KindTank: 6, network.KindPump: 9, network.KindJunction: 34, "gate_station": 12, network.KindSubstation: 42, network.KindBus: 24,
		"regulator_station": 7, network.KindNode: 6, network.KindFiberNode: 23, "splice_capsule": 4}
	if !maps.Equal(kindKeys(kinds), kindKeys(wantKinds)) || kv[23] != 17 || kv[12] != 25 {
		t.Errorf("kinds %v (substations by kV %v), want %v", kinds, kv, wantKinds)
	}
	// WaterArcs row 0: 0,30773.49646,9.380,0,16,40.5,30773,30773,Water pipe.
	wa0 := parsetest.Link(t, n, "Wa0")
	wantArc := network.Link{ID: "Wa0", Kind: network.KindPipe, From: "W0", To: "W16", Length: 9380, Capacity: 40.5,
		Params: map[network.Param]float64{network.ParamFixedCost: 30773, network.ParamFlowCost: 30773}, Tags: map[string]string{"type": "Water pipe"}}
	if !parsetest.LinksEqual(wa0, wantArc) {
		t.Errorf("Wa0 = %+v\nwant  %+v", wa0, wantArc)
	}
	if l := parsetest.Link(t, n, "Ta0"); l.Kind != network.KindFiber || l.From != "T4" || l.To != "T26" || l.Capacity != 53.1 {
		t.Errorf("Ta0 = %+v", l)
	}
	microwave := 0
	for l := range n.Links() {
		if n.LinkKind(l) == network.KindMicrowave {
			microwave++
		}
	}
	if microwave != 5 {
		t.Errorf("%d microwave links, want 5", microwave)
	}

	pairs := map[string]int{}
	for r := range n.Requirements() {
		q := n.Requirement(r)
		if len(q.Providers) != 1 || q.Logic != network.All || q.Lag != 0 || q.Buffer != 0 {
			t.Errorf("requirement %d = %+v", r, q)
		}
		pairs[q.Providers[0][:1]+">"+q.Dependent[:1]+" "+q.Kind.String()]++
	}
	wantPairs := map[string]int{"P>T physical": 23, "T>P cyber": 23, "P>W physical": 21, "P>G physical": 3, "G>P physical": 2, "W>P physical": 1}
	if !maps.Equal(pairs, wantPairs) {
		t.Errorf("requirements %v, want %v", pairs, wantPairs)
	}
	// Interdep row 1: 13,0,Power,Water,Physical.
	if q := n.Requirement(0); q.Dependent != "W0" || q.Providers[0] != "P13" || q.Kind != network.Physical {
		t.Errorf("requirement 0 = %+v", q)
	}
	// W4 depends on three power nodes.
	if w4, _ := n.ComponentIndex("W4"); len(n.RequirementsOf(w4)) != 3 {
		t.Errorf("W4 has %d requirements, want 3", len(n.RequirementsOf(w4)))
	}
}

func kindKeys(m map[network.Kind]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[string(k)] = v
	}
	return out
}

func TestImportShelbyErrors(t *testing.T) {
	// Each case replaces line (1-based) of file.
	for _, tc := range []struct {
		name, file string
		line       int
		text       string
		col        int
		field      string
		want       error
	}{
		{"bad demand", "WaterNodes.csv", 3, "1,-90.01350689,35.00723595,Pumping Station,30.84,35395,44686,1817,0.061,sixty,56032,0.3,13000,1000000,10000000", 73, "Demand", network.ErrSyntax},
		{"NaN X", "GasNodes.csv", 2, "0,Gate Station,NaN,35.00092287,201.90,30706,44005,1216,0.266,265.9,245557,0.666666667,16667,1000000,10000000", 16, "X", network.ErrNotFinite},
		{"lon out of range", "PowerNodes.csv", 2, "0,-190.14906409,35.07295828,Gate Station,77,25077,31918,348.1274188,0.029,29,26806,0.5,15000,1000000,10000000", 3, "X", network.ErrOutOfRange},
		{"duplicate node", "TelecommunicationNodes.csv", 3, "0,-89.96061885,35.272947,Fiber or Microwave Node,84.42,36692,48505,301,0.027495273,27.5,25415,0.630434783,16304,1000000,10000000", 1, "ID", network.ErrDuplicateID},
		{"fractional population", "WaterNodes.csv", 2, "0,-89.81072359,35.00485525,Storage Tank,52.00,80192,97677,1379,0.078,77.659,71730.5,0.566666667,15667,1000000,10000000", 77, "population", network.ErrInvalid},
		{"negative ID", "GasNodes.csv", 2, "-1,Gate Station,-90.0999798,35.00092287,201.90,30706,44005,1216,0.266,265.9,245557,0.666666667,16667,1000000,10000000", 1, "ID", network.ErrNegative},
		{"missing column", "PowerArcs.csv", 1, "ID,Length (ft),Length (km),Start Node,End Node,u,f,cost,Arc Type", 0, "c", network.ErrSyntax},
		{"ragged row", "WaterArcs.csv", 4, "2,22537.89131,6.870,3,0,1,22538", 1, "", network.ErrSyntax},
		{"unknown end", "GasArcs.csv", 2, "0,41143.8537,12.541,9,99,85.8,41144,41144,Gas pipe", 23, "End Node", network.ErrUnknownID},
		{"self loop", "GasArcs.csv", 2, "0,41143.8537,12.541,9,9,85.8,41144,41144,Gas pipe", 23, "End Node", network.ErrSelfLoop},
		{"negative length", "PowerArcs.csv", 2, "0,22073.09372,-6.728,71,7,16.8,22073,22073,Transmission Line", 15, "Length (km)", network.ErrNegative},
		{"negative capacity", "TelecommunicationArcs.csv", 2, "0,34036.12911,10.374,4,26,Fiber Optic Cable,-53.1,34036,34036", 45, "u", network.ErrNegative},
		{"duplicate arc", "WaterArcs.csv", 3, "0,36434.41026,11.105,15,0,36.849,36434,36434,Water pipe", 1, "ID", network.ErrDuplicateID},
		{"unknown network", "Interdep.csv", 2, "13,0,Power,Sewer,Physical", 12, "Depender Network", network.ErrInvalid},
		{"unknown dependee", "Interdep.csv", 2, "130,0,Power,Water,Physical", 1, "Dependee Node", network.ErrUnknownID},
		{"self requirement", "Interdep.csv", 2, "13,13,Power,Power,Physical", 1, "Dependee Node", network.ErrSelfRequirement},
		{"bad type", "Interdep.csv", 2, "13,0,Power,Water,Emotional", 18, "Type", network.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := shelbyFS(t)
			lines := strings.Split(string(fsys[tc.file].Data), "\n")
			lines[tc.line-1] = tc.text
			fsys[tc.file] = &fstest.MapFile{Data: []byte(strings.Join(lines, "\n"))}
			_, err := Import(fsys, ".", Options{})
			line := tc.line
			if tc.col == 0 {
				line = 1
			}
			parsetest.Check(t, err, tc.file, line, tc.col, tc.field, tc.want)
		})
	}
	fsys := shelbyFS(t)
	delete(fsys, "GasArcs.csv")
	_, err := Import(fsys, ".", Options{})
	var pe *network.ParseError
	if !errors.As(err, &pe) || pe.File != "GasArcs.csv" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestImportShelbyTelecomAlias(t *testing.T) {
	fsys := shelbyFS(t)
	fsys["Interdep.csv"] = &fstest.MapFile{Data: []byte("Depender Network,Depender Node,Dependee Node,Dependee Network,Type\ntelecom,0,5,POWER,cyber\nGas,1,2,Power,\n")}
	n, err := Import(fsys, ".", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if q := n.Requirement(0); q.Dependent != "T0" || q.Providers[0] != "P5" || q.Kind != network.Cyber {
		t.Errorf("requirement 0 = %+v", q)
	}
	if q := n.Requirement(1); q.Dependent != "G1" || q.Kind != network.Physical {
		t.Errorf("requirement 1 = %+v", q)
	}
}

func FuzzImportShelby(f *testing.F) {
	base := shelbyFS(f)
	for i, name := range shelbyFiles {
		f.Add(uint8(i), base[name].Data)
	}
	f.Add(uint8(8), []byte("Dependee Node,Depender Node,Dependee Network,Depender Network,Type\n1,1,Water,Water,Physical\n"))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		fsys := fstest.MapFS{}
		for name, file := range base {
			fsys[name] = file
		}
		name := shelbyFiles[int(which)%len(shelbyFiles)]
		fsys[name] = &fstest.MapFile{Data: data}
		n, err := Import(fsys, ".", Options{})
		if err != nil {
			parsetest.Require(t, err)
			return
		}
		for i := range n.Components() {
			if n.Demand(i) < 0 || n.Capacity(i) < 0 || n.Population(i) < 0 {
				t.Fatalf("component %+v", n.Component(i))
			}
		}
	})
}

// TestImportShelbyOptions: a prefix goes before every component, link and
// requirement ID (W1 becomes s/W1, arc 1 of water s/Wa1), so that the
// system can be merged with others; a cap below the size of a file refuses
// it with ErrTooLarge.
func TestImportShelbyOptions(t *testing.T) {
	n, err := Import(os.DirFS(cities), indp, Options{Prefix: "s/"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := n.ComponentIndex("s/W1"); !ok {
		t.Error("no component s/W1")
	}
	if _, ok := n.LinkIndex("s/Wa1"); !ok {
		t.Error("no link s/Wa1")
	}
	for r := range int32(n.NumRequirements()) {
		if q := n.Requirement(r); !strings.HasPrefix(q.Dependent, "s/") || !strings.HasPrefix(q.Providers[0], "s/") {
			t.Fatalf("requirement %d names %s and %v", r, q.Dependent, q.Providers)
		}
	}
	_, err = Import(os.DirFS(cities), indp, Options{MaxBytes: 100})
	if !errors.Is(err, network.ErrTooLarge) {
		t.Errorf("a 100-byte cap: %v", err)
	}
}
