package epanet

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/internal/testenv"
	"github.com/lifeline-sim/lifeline/network"
)

func importEPANETFile(t *testing.T, path string, opts Options) *network.Network {
	t.Helper()
	n, err := Import(os.DirFS(filepath.Dir(path)), filepath.Base(path), opts)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// epanetCounts are counted from the files themselves: data lines per
// section, comments and blank lines left out.
type epanetCounts struct {
	file                                       string
	junctions, reservoirs, tanks               int
	pipes, pumps, valves                       int
	closedPipes, cvPipes, closedPumps, located int
	consumers                                  int
	name                                       string
	totalDemandNative                          float64
	flowUnit                                   float64
}

func checkEPANETCounts(t *testing.T, n *network.Network, want epanetCounts) {
	t.Helper()
	got := epanetCounts{file: want.file, name: n.Name(), flowUnit: n.Attr(network.ParamFlowUnitM3s)}
	for i := range n.Components() {
		switch n.ComponentKind(i) {
		case network.KindJunction:
			got.junctions++
			got.totalDemandNative += n.ComponentParam(i, network.ParamDemandNative)
			if n.Role(i) == network.RoleConsumer {
				got.consumers++
			}
		case network.KindReservoir:
			got.reservoirs++
		case network.KindTank:
			got.tanks++
		case network.KindPump:
			got.pumps++
		}
		if _, ok := n.Location(i); ok && n.ComponentKind(i) != network.KindPump {
			got.located++
		}
		if n.SectorName(n.ComponentSector(i)) != network.Water {
			t.Fatalf("%s: component %s not in water", want.file, n.ComponentID(i))
		}
	}
	for l := range n.Links() {
		switch n.LinkKind(l) {
		case network.KindPipe:
			got.pipes++
			if n.OutOfService(l) {
				got.closedPipes++
			}
			if n.Directed(l) {
				got.cvPipes++
			}
		case network.KindValve:
			got.valves++
		case network.KindConnection:
			if !n.Directed(l) {
				t.Errorf("%s: connection %s undirected", want.file, n.LinkID(l))
			}
			if strings.HasSuffix(n.LinkID(l), ":in") && n.OutOfService(l) {
				got.closedPumps++
			}
		}
	}
	// Sums of demands differ in the last bits with the order of addition.
	if math.Abs(got.totalDemandNative-want.totalDemandNative) < 1e-9*math.Abs(want.totalDemandNative) {
		got.totalDemandNative = want.totalDemandNative
	}
	if got != want {
		t.Errorf("counts\n got %+v\nwant %+v", got, want)
	}
	nodes := want.junctions + want.reservoirs + want.tanks
	if n.NumComponents() != nodes+want.pumps || n.NumLinks() != want.pipes+2*want.pumps+want.valves {
		t.Errorf("%s: %d components, %d links", want.file, n.NumComponents(), n.NumLinks())
	}
	if n.CRS() != network.Local {
		t.Errorf("%s: CRS %v", want.file, n.CRS())
	}
}

const gpm = 6.30901964e-5

func TestImportEPANETFiles(t *testing.T) {
	for _, want := range []epanetCounts{
		// Net1: 11 nodes and 13 links (12 pipes, 1 pump) as in EPANET.
		{file: "Net1.inp", name: "EPANET Example Network 1", junctions: 9, reservoirs: 1, tanks: 1, pipes: 12, pumps: 1,
			located: 11, consumers: 8, totalDemandNative: 1100, flowUnit: gpm},
		// Net2: 36 nodes, 40 links; no pump, no reservoir.
		{file: "Net2.inp", name: "EPANET Example Network 2", junctions: 35, tanks: 1, pipes: 40,
			located: 36, consumers: 32, totalDemandNative: -371.62, flowUnit: gpm},
		// Net3: 97 nodes, 119 links; pipe 330 closed, pump 10 closed by [STATUS].
		{file: "Net3.inp", name: "EPANET Example Network 3", junctions: 92, reservoirs: 2, tanks: 3, pipes: 117, pumps: 2,
			closedPipes: 1, closedPumps: 1, located: 97, consumers: 59, totalDemandNative: 3052.11, flowUnit: gpm},
		// Anytown: 25 nodes, 46 links (three parallel pumps 40 → 20).
		{file: "Anytown.inp", name: "ANYTOWN example", junctions: 22, reservoirs: 1, tanks: 2, pipes: 43, pumps: 3,
			located: 25, consumers: 19, totalDemandNative: 9800, flowUnit: gpm},
	} {
		t.Run(want.file, func(t *testing.T) {
			n := importEPANETFile(t, filepath.Join("testdata", want.file), Options{})
			checkEPANETCounts(t, n, want)
		})
	}
}

func TestImportEPANETSharedLarge(t *testing.T) {
	for _, want := range []epanetCounts{
		// Net6 (CRLF lines, no comments): 3356 nodes, 3892 links; 18 pumps
		// closed by [STATUS]; one CV pipe (LINK-1828); lower-case "prv" valves.
		{file: "Net6.inp", name: "Network model used in Watson, J.P., Murray, R. and Hart, W.E., 2009.",
			junctions: 3323, reservoirs: 1, tanks: 32, pipes: 3829, pumps: 61, valves: 2, cvPipes: 1, closedPumps: 18,
			located: 3356, consumers: 1621, totalDemandNative: 51924.64, flowUnit: gpm},
		// ky4: 964 nodes, 1158 links; ~@Pump-1 closed by [STATUS].
		{file: "ky4.inp", name: "ky4", junctions: 959, reservoirs: 1, tanks: 4, pipes: 1156, pumps: 2, closedPumps: 1,
			located: 964, consumers: 934, totalDemandNative: 1040.59, flowUnit: gpm},
		// ky10: 935 nodes, 1061 links; five PRVs, one CV pipe (P-75).
		{file: "ky10.inp", name: "ky10", junctions: 920, reservoirs: 2, tanks: 13, pipes: 1043, pumps: 13, valves: 5, cvPipes: 1,
			located: 935, consumers: 871, totalDemandNative: 1501.38, flowUnit: gpm},
	} {
		t.Run(want.file, func(t *testing.T) {
			n := importEPANETFile(t, testenv.SharedFile(t, "water/"+want.file), Options{})
			checkEPANETCounts(t, n, want)
		})
	}
}

func TestImportEPANETSharedDetails(t *testing.T) {
	n := importEPANETFile(t, testenv.SharedFile(t, "water/ky10.inp"), Options{})
	v, ok := n.LinkIndex("~@RV-1")
	if !ok || n.LinkKind(v) != network.KindValve || !n.Directed(v) || n.Link(v).Tags["type"] != "PRV" ||
		n.LinkParam(v, network.ParamSetting) != 39.99 || math.Abs(n.Diameter(v)-25.4) > 1e-12 {
		t.Errorf("~@RV-1: %+v", n.Link(v))
	}
	p, _ := n.ComponentIndex("~@Pump-1")
	if math.Abs(n.ComponentParam(p, network.ParamPowerKW)-5*0.745699872) > 1e-12 || n.Component(p).Tags["head_curve"] != "" {
		t.Errorf("~@Pump-1: %+v", n.Component(p))
	}
	cv, _ := n.LinkIndex("P-75")
	if f, to := n.Ends(cv); !n.Directed(cv) || n.ComponentID(f) != "O-RV-5" || n.ComponentID(to) != "J-11" {
		t.Errorf("P-75: %+v", n.Link(cv))
	}

	n = importEPANETFile(t, testenv.SharedFile(t, "water/ky4.inp"), Options{})
	l, _ := n.LinkIndex("P-1")
	g := n.Geometry(l)
	f, to := n.Ends(l)
	a, _ := n.Location(f)
	z, _ := n.Location(to)
	// P-1 has five vertices; its geometry runs from J-1 through them to J-34.
	if len(g) != 7 || g[0] != a || g[6] != z || g[1] != (network.Point{X: 4971363.50, Y: 3905596.24}) {
		t.Errorf("P-1 geometry %v (ends %v %v)", g, a, z)
	}
}

func TestImportEPANETNet1(t *testing.T) {
	n := importEPANETFile(t, "testdata/Net1.inp", Options{})
	j10, _ := n.ComponentIndex("10")
	if n.ComponentKind(j10) != network.KindJunction || math.Abs(n.ComponentParam(j10, network.ParamElevationM)-216.408) > 1e-12 || n.Role(j10) != network.RoleTransit || n.Demand(j10) != 0 {
		t.Errorf("junction 10: %+v", n.Component(j10))
	}
	if loc, ok := n.Location(j10); !ok || loc != (network.Point{X: 20, Y: 70}) {
		t.Errorf("junction 10 at %v", loc)
	}
	j22, _ := n.ComponentIndex("22")
	if n.Role(j22) != network.RoleConsumer || n.Demand(j22) != 200*gpm || n.ComponentParam(j22, network.ParamDemandNative) != 200 {
		t.Errorf("junction 22: demand %v", n.Demand(j22))
	}
	if math.Abs(n.Demand(j22)-0.0126180393) > 1e-10 {
		t.Errorf("200 GPM = %v m³/s", n.Demand(j22))
	}
	r9, _ := n.ComponentIndex("9")
	if c := n.Component(r9); c.Params[network.ParamHeadM] != 800*0.3048 && math.Abs(c.Params[network.ParamHeadM]-243.84) > 1e-12 {
		t.Errorf("reservoir 9 head %v", c.Params[network.ParamHeadM])
	}
	if n.ComponentKind(r9) != network.KindReservoir || n.Role(r9) != network.RoleSource {
		t.Errorf("reservoir 9: %+v", n.Component(r9))
	}
	t2, _ := n.ComponentIndex("2")
	wantStorage := math.Pi / 4 * 50.5 * 50.5 * (120 - 100) * 0.3048 * 0.3048 * 0.3048
	if n.ComponentKind(t2) != network.KindTank || n.Role(t2) != network.RoleSource || math.Abs(n.Storage(t2)-wantStorage) > 1e-9 ||
		math.Abs(n.Storage(t2)-1134.35) > 0.01 || n.ComponentParam(t2, network.ParamDiameterM) != 50.5*0.3048 ||
		n.ComponentParam(t2, network.ParamInitLevelM) != 120*0.3048 || n.ComponentParam(t2, network.ParamMaxLevelM) != 150*0.3048 {
		t.Errorf("tank 2: storage %v, %+v", n.Storage(t2), n.Component(t2))
	}
	p10, _ := n.LinkIndex("10")
	if n.LinkKind(p10) != network.KindPipe || math.Abs(n.Length(p10)-3209.544) > 1e-9 ||
		math.Abs(n.Diameter(p10)-0.4572) > 1e-12 || n.LinkParam(p10, network.ParamRoughness) != 100 || n.Directed(p10) || n.OutOfService(p10) {
		t.Errorf("pipe 10: %+v", n.Link(p10))
	}
	// Pump 9 shares its ID with reservoir 9: its component is "9:pump".
	pu, ok := n.ComponentIndex("9:pump")
	if !ok || n.ComponentKind(pu) != network.KindPump || n.Role(pu) != network.RoleTransit {
		t.Fatalf("pump component: %v", ok)
	}
	if c := n.Component(pu); c.Tags["head_curve"] != "1" || c.Tags["epanet_id"] != "9" || *c.Location != (network.Point{X: 15, Y: 70}) {
		t.Errorf("pump: %+v", c)
	}
	in, _ := n.LinkIndex("9:in")
	out, _ := n.LinkIndex("9:out")
	if f, to := n.Ends(in); n.ComponentID(f) != "9" || to != pu || !n.Directed(in) || n.LinkKind(in) != network.KindConnection {
		t.Errorf("9:in: %+v", n.Link(in))
	}
	if f, to := n.Ends(out); f != pu || n.ComponentID(to) != "10" || !n.Directed(out) {
		t.Errorf("9:out: %+v", n.Link(out))
	}
	// Service can flow reservoir → pump → junction 10 but not back.
	if nb, _ := n.Out(pu); len(nb) != 1 || n.ComponentID(nb[0]) != "10" {
		t.Errorf("pump out-neighbours %v", nb)
	}
}

func TestImportEPANETNet2NegativeDemand(t *testing.T) {
	n := importEPANETFile(t, "testdata/Net2.inp", Options{})
	// Junction 1 has a demand of -694.4 GPM, an inflow.
	j, _ := n.ComponentIndex("1")
	if n.Demand(j) != 0 || n.Role(j) != network.RoleTransit || n.ComponentParam(j, network.ParamDemandNative) != -694.4 {
		t.Errorf("junction 1: %+v", n.Component(j))
	}
}

func TestImportEPANETNet3(t *testing.T) {
	n := importEPANETFile(t, "testdata/Net3.inp", Options{})
	p330, _ := n.LinkIndex("330")
	if !n.OutOfService(p330) {
		t.Error("pipe 330 should be closed")
	}
	// Pump 10 (Lake → 10) is closed by [STATUS]; junction 10 exists, so
	// the pump component is 10:pump. Pump 335 keeps its ID.
	if _, ok := n.ComponentIndex("10:pump"); !ok {
		t.Error("no component 10:pump")
	}
	for _, id := range []string{"10:in", "10:out"} {
		l, _ := n.LinkIndex(id)
		if !n.OutOfService(l) {
			t.Errorf("%s in service", id)
		}
	}
	if p, ok := n.ComponentIndex("335"); !ok || n.Component(p).Tags["head_curve"] != "2" {
		t.Error("pump 335")
	}
	l, _ := n.LinkIndex("335:in")
	if n.OutOfService(l) {
		t.Error("pump 335 should be open")
	}
	// Junction 15: demand 1 GPM with pattern 3.
	j, _ := n.ComponentIndex("15")
	if n.Demand(j) != gpm || n.ComponentParam(j, network.ParamElevationM) != 32*0.3048 {
		t.Errorf("junction 15: %+v", n.Component(j))
	}
	r, _ := n.ComponentIndex("Lake")
	if n.ComponentKind(r) != network.KindReservoir || n.ComponentParam(r, network.ParamHeadM) != 167*0.3048 {
		t.Errorf("Lake: %+v", n.Component(r))
	}
}

func TestImportEPANETAnytown(t *testing.T) {
	n := importEPANETFile(t, "testdata/Anytown.inp", Options{Prefix: "w/"})
	for _, id := range []string{"w/78", "w/79", "w/80"} {
		p, ok := n.ComponentIndex(id)
		if !ok || n.Component(p).Tags["head_curve"] != "2" {
			t.Fatalf("pump %s", id)
		}
	}
	p, _ := n.ComponentIndex("w/79")
	if n.Component(p).Tags["speed_pattern"] != "3" {
		t.Errorf("pump 79: %+v", n.Component(p))
	}
	// Tanks start at their minimum level: no usable storage.
	tk, _ := n.ComponentIndex("w/41")
	if n.Storage(tk) != 0 || n.ComponentParam(tk, network.ParamElevationM) != 215*0.3048 {
		t.Errorf("tank 41: %+v", n.Component(tk))
	}
	if _, ok := n.LinkIndex("w/78:out"); !ok {
		t.Error("no link w/78:out")
	}
	j, _ := n.ComponentIndex("w/17")
	if n.Demand(j) != 1000*gpm {
		t.Errorf("junction 17 demand %v", n.Demand(j))
	}
}

// tinyINP exercises SI units, [DEMANDS], [STATUS], valves, vertices,
// volume curves and quoting; the error table edits it.
const tinyINP = `[TITLE]
tiny network
[JUNCTIONS]
;ID elev demand pattern
 J1  100  10
 J2  90   7  P1 ; comment
 "J 3" 80
[RESERVOIRS]
 R1  200  P1
[TANKS]
 T1  150  10  5  20  30  0
 T2  150  4   2  6   0   0  VC
[PIPES]
 P1  R1  J1  1000  300  100  0  Open
 P2  J1  J2  500   200  100
 P3  J2  T1  500   200  100  CV
 P4  J2  "J 3"  50  150  0.1  0.5  Closed
 P5  J1  T2  10  100  100
[PUMPS]
 PU1 J1 J2 HEAD C1 SPEED 1.2 PATTERN P1
 PU2 J2 J1 POWER 15
[VALVES]
 V1 J2 J1 100 PRV 50 0
 V2 J1 "J 3" 100 gpv C1
[DEMANDS]
 J2  2  P1
 J2  3
[PATTERNS]
 P1 1.0 1.2
[CURVES]
 C1 100 50
 VC 0 0
 VC 2 100
 VC 8 500
[STATUS]
 P4 Open
 PU2 Closed
 V1 40
[COORDINATES]
 J1 0 0
 J2 10 0
 R1 -10 0
[VERTICES]
 P2 5 1
 P2 6 1
 P1 -5 1
[OPTIONS]
 Units LPS
 Demand Multiplier 2
[END]
 junk after the end
`

func TestImportEPANETTiny(t *testing.T) {
	n, err := Import(parsetest.File("tiny.inp", tinyINP), "tiny.inp", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n.Name() != "tiny network" || n.Attr(network.ParamFlowUnitM3s) != 1e-3 || n.Attr(network.ParamDemandMultiplier) != 2 {
		t.Errorf("network %q %v %v", n.Name(), n.Attr(network.ParamFlowUnitM3s), n.Attr(network.ParamDemandMultiplier))
	}
	comp := func(id string) network.Component {
		i, ok := n.ComponentIndex(id)
		if !ok {
			t.Fatalf("no component %q", id)
		}
		return n.Component(i)
	}
	link := func(id string) network.Link {
		l, ok := n.LinkIndex(id)
		if !ok {
			t.Fatalf("no link %q", id)
		}
		return n.Link(l)
	}
	// 10 LPS × multiplier 2 = 0.02 m³/s; J2's [DEMANDS] 2 + 3 replace its 7.
	if c := comp("J1"); c.Demand != 0.02 || c.Params[network.ParamElevationM] != 100 || c.Role != network.RoleConsumer {
		t.Errorf("J1: %+v", c)
	}
	if c := comp("J2"); c.Demand != 0.01 || c.Params[network.ParamDemandNative] != 5 {
		t.Errorf("J2: %+v", c)
	}
	if c := comp("J 3"); c.Demand != 0 || c.Role != network.RoleTransit || c.Location != nil {
		t.Errorf("J 3: %+v", c)
	}
	if c := comp("R1"); c.Tags["head_pattern"] != "P1" || c.Params[network.ParamHeadM] != 200 {
		t.Errorf("R1: %+v", c)
	}
	if c := comp("T1"); math.Abs(c.Storage-math.Pi/4*30*30*5) > 1e-9 || c.Params[network.ParamMinLevelM] != 5 {
		t.Errorf("T1: %+v", c)
	}
	// T2 has a volume curve: V(4) − V(2) = 233.3 − 100 m³.
	if c := comp("T2"); math.Abs(c.Storage-400.0/3) > 1e-12 || c.Tags["volume_curve"] != "VC" {
		t.Errorf("T2: %+v", c)
	}
	if l := link("P1"); l.Diameter != 0.3 || l.Length != 1000 || len(l.Geometry) != 3 ||
		l.Geometry[0] != (network.Point{X: -10, Y: 0}) || l.Geometry[2] != (network.Point{X: 0, Y: 0}) {
		t.Errorf("P1: %+v", l)
	}
	if l := link("P2"); len(l.Geometry) != 4 || l.Geometry[1] != (network.Point{X: 5, Y: 1}) || l.Geometry[3] != (network.Point{X: 10, Y: 0}) {
		t.Errorf("P2 geometry %v", l.Geometry)
	}
	if l := link("P3"); !l.Directed || l.OutOfService {
		t.Errorf("P3: %+v", l)
	}
	// P4 is Closed in [PIPES] and opened by [STATUS].
	if l := link("P4"); l.OutOfService || l.Params[network.ParamMinorLoss] != 0.5 || l.Params[network.ParamRoughness] != 0.1 || l.Geometry != nil {
		t.Errorf("P4: %+v", l)
	}
	if c := comp("PU1"); c.Tags["head_curve"] != "C1" || c.Tags["speed_pattern"] != "P1" || c.Params[network.ParamSpeed] != 1.2 ||
		*c.Location != (network.Point{X: 5, Y: 0}) {
		t.Errorf("PU1: %+v", c)
	}
	if c := comp("PU2"); c.Params[network.ParamPowerKW] != 15 {
		t.Errorf("PU2: %+v", c)
	}
	if !link("PU2:in").OutOfService || !link("PU2:out").OutOfService || link("PU1:in").OutOfService {
		t.Error("PU2 should be closed, PU1 open")
	}
	if l := link("V1"); !l.Directed || l.Kind != network.KindValve || l.Diameter != 0.1 || l.Params[network.ParamSetting] != 40 || l.Tags["type"] != "PRV" {
		t.Errorf("V1: %+v", l)
	}
	if l := link("V2"); l.Directed || l.Tags["type"] != "GPV" || l.Tags["headloss_curve"] != "C1" || l.Params[network.ParamSetting] != 0 {
		t.Errorf("V2: %+v", l)
	}

	// The same file with a geographic CRS keeps the coordinates.
	n, err = Import(parsetest.File("tiny.inp", tinyINP), "tiny.inp", Options{CRS: network.WGS84})
	if err != nil || !n.CRS().Equal(network.WGS84) {
		t.Fatalf("WGS84: %v", err)
	}
}

func TestImportEPANETErrors(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(tinyINP, old) {
			panic("test: " + old)
		}
		return strings.Replace(tinyINP, old, new, 1)
	}
	for _, tc := range []struct {
		name      string
		src       string
		opts      Options
		line, col int
		field     string
		err       error
	}{
		{"bad elevation", edit(" J1  100  10", " J1  1x0  10"), Options{}, 5, 6, "JUNCTIONS.elevation", network.ErrSyntax},
		{"missing elevation", edit(` "J 3" 80`, ` "J 3"`), Options{}, 7, 7, "JUNCTIONS.elevation", network.ErrSyntax},
		{"infinite demand", edit(" J1  100  10", " J1  100  Inf"), Options{}, 5, 11, "JUNCTIONS.demand", network.ErrSyntax},
		{"duplicate junction", edit(` "J 3" 80`, ` J1 80`), Options{}, 7, 2, "JUNCTIONS.id", network.ErrDuplicateID},
		{"duplicate node", edit(" R1  200  P1", " J2  200"), Options{}, 9, 2, "RESERVOIRS.id", network.ErrDuplicateID},
		{"unknown node", edit(" P2  J1  J2  500", " P2  J1  J9  500"), Options{}, 15, 10, "PIPES.node2", network.ErrUnknownID},
		{"self loop", edit(" P2  J1  J2  500", " P2  J1  J1  500"), Options{}, 15, 10, "PIPES.node2", network.ErrSelfLoop},
		{"zero length", edit(" P2  J1  J2  500", " P2  J1  J2  0"), Options{}, 15, 14, "PIPES.length", network.ErrInvalid},
		{"pipe status", edit("0.5  Closed", "0.5  Shut"), Options{}, 17, 36, "PIPES.status", network.ErrSyntax},
		{"duplicate link", edit(" PU2 J2 J1", " P1 J2 J1"), Options{}, 21, 2, "PUMPS.id", network.ErrDuplicateID},
		{"pump keyword", edit("POWER 15", "WATTS 15"), Options{}, 21, 12, "PUMPS.parameters", network.ErrSyntax},
		{"pump without head", edit("POWER 15", "SPEED 1"), Options{}, 21, 2, "PUMPS.parameters", network.ErrInvalid},
		{"pump curve", edit("HEAD C1", "HEAD C9"), Options{}, 20, 17, "PUMPS.head", network.ErrUnknownID},
		{"pump power", edit("POWER 15", "POWER"), Options{}, 21, 17, "PUMPS.power", network.ErrSyntax},
		{"valve type", edit("PRV 50", "XYZ 50"), Options{}, 23, 15, "VALVES.type", network.ErrInvalid},
		{"valve setting", edit("PRV 50", "PRV fifty"), Options{}, 23, 19, "VALVES.setting", network.ErrSyntax},
		{"units", edit("Units LPS", "Units FOO"), Options{}, 48, 8, "OPTIONS.units", network.ErrInvalid},
		{"status link", edit(" PU2 Closed", " PU9 Closed"), Options{}, 37, 2, "STATUS.id", network.ErrUnknownID},
		{"status of CV", edit(" P4 Open", " P3 Open"), Options{}, 36, 5, "STATUS.status", network.ErrInvalid},
		{"pipe setting", edit(" P4 Open", " P4 0.5"), Options{}, 36, 5, "STATUS.status", network.ErrSyntax},
		{"coordinates node", edit(" J2 10 0", " J9 10 0"), Options{}, 41, 2, "COORDINATES.node", network.ErrUnknownID},
		{"vertex number", edit(" P2 6 1", " P2 6 one"), Options{}, 45, 7, "VERTICES.y", network.ErrSyntax},
		{"vertex link", edit(" P2 6 1", " P9 6 1"), Options{}, 45, 2, "VERTICES.link", network.ErrUnknownID},
		{"unknown section", edit("[DEMANDS]", "[DEMAND]"), Options{}, 25, 1, "", network.ErrSyntax},
		{"open section", edit("[DEMANDS]", "[DEMANDS"), Options{}, 25, 1, "", network.ErrSyntax},
		{"tank levels", edit(" T1  150  10  5", " T1  150  4  5"), Options{}, 11, 11, "TANKS.init_level", network.ErrInvalid},
		{"tank short", edit(" T1  150  10  5  20  30  0", " T1  150  10  5  20"), Options{}, 11, 20, "TANKS.diameter", network.ErrSyntax},
		{"tank curve", edit("0  VC", "0  VX"), Options{}, 12, 29, "TANKS.volume_curve", network.ErrUnknownID},
		{"demand junction", edit(" J2  3", " T1  3"), Options{}, 27, 2, "DEMANDS.junction", network.ErrUnknownID},
		{"pattern", edit(" J2  90   7  P1", " J2  90   7  P7"), Options{}, 6, 14, "JUNCTIONS.pattern", network.ErrUnknownID},
		{"curve order", edit(" VC 8 500", " VC 1 500"), Options{}, 34, 5, "CURVES.x", network.ErrInvalid},
		{"lon/lat", tinyINP, Options{CRS: network.WGS84}, 0, 0, "", nil},
		{"lon/lat range", edit(" J2 10 0", " J2 190 0"), Options{CRS: network.WGS84}, 41, 5, "COORDINATES.x", network.ErrOutOfRange},
		{"pump link ID", edit(" P5  J1  T2", " PU1:in  J1  T2"), Options{}, 20, 2, "PUMPS.id", network.ErrDuplicateID},
		{"empty ID", edit(` "J 3" 80`, ` "" 80`), Options{}, 7, 2, "JUNCTIONS.id", network.ErrSyntax},
		{"multiplier", edit("Multiplier 2", "Multiplier -2"), Options{}, 49, 20, "OPTIONS.demand_multiplier", network.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Import(parsetest.File("tiny.inp", tc.src), "tiny.inp", tc.opts)
			if tc.err == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			parsetest.Check(t, err, "tiny.inp", tc.line, tc.col, tc.field, tc.err)
		})
	}
}

// epanetSeeds are small excerpts of the test files for the fuzzer.
var epanetSeeds = []string{
	tinyINP,
	"[JUNCTIONS]\n 10              \t710         \t0           \t                \t;\n 11 710 150\n[RESERVOIRS]\n 9 800\n[PIPES]\n 10 10 11 10530 18 100 0 Open ;\n[PUMPS]\n 9 9 10 HEAD 1 ;\n[CURVES]\n 1 1500 250\n[COORDINATES]\n 10 20.00 70.00\n 9 10.00 70.00\n[OPTIONS]\n Units GPM\n[END]\n",
	"[TANKS]\r\nTANK-3324 167.3 26.8815 0 30 110.5 0 \r\n[JUNCTIONS]\r\nJUNCTION-1591 10 1\r\n[PIPES]\r\nLINK-1828 TANK-3324 JUNCTION-1591 138.47 20 95 0 CV\r\n[VALVES]\r\nVALVE-3890 JUNCTION-1591 TANK-3324 6 prv 50 0\r\n[STATUS]\r\nVALVE-3890 Closed\r\n",
	"[JUNCTIONS]\n J-1 611.3897 2.49 1 ;\n I-Pump-1 474.5 0\n[PATTERNS]\n 1 0.33 0.25\n[PUMPS]\n ~@Pump-1 I-Pump-1 J-1 POWER 150 ;\n[STATUS]\n ~@Pump-1 Closed\n[VERTICES]\n ~@Pump-1 1 2\n",
}

func FuzzImportEPANET(f *testing.F) {
	for _, s := range epanetSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		n, err := Import(parsetest.File("fuzz.inp", src), "fuzz.inp", Options{})
		if err != nil {
			var pe *network.ParseError
			if !errors.As(err, &pe) || pe.File != "fuzz.inp" || pe.Line < 1 || pe.Col < 1 {
				t.Fatalf("error %v is not a located *ParseError", err)
			}
			return
		}
		for i := range n.Components() {
			if d := n.Demand(i); !(d >= 0) || math.IsInf(d, 0) {
				t.Fatalf("component %s: demand %v", n.ComponentID(i), d)
			}
		}
	})
}

// TestImportEPANETLoneVertex checks a link whose only known point is one
// vertex (its ends have no coordinates): one point is no polyline, so the
// link gets no Geometry. Build used to reject the network, and the error
// came back as a bare *BuildError rather than a *ParseError.
func TestImportEPANETLoneVertex(t *testing.T) {
	src := "[JUNCTIONS]\n J1 0 1\n J2 0 1\n[RESERVOIRS]\n R 10\n[PIPES]\n P1 R J1 100 100 100\n P2 J1 J2 100 100 100\n" +
		"[COORDINATES]\n R 0 0\n[VERTICES]\n P2 5 5\n P1 1 1\n"
	n, err := Import(parsetest.File("v.inp", src), "v.inp", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]int{"P1": 2, "P2": 0} {
		l, _ := n.LinkIndex(id)
		if g := n.Geometry(l); len(g) != want {
			t.Errorf("%s: geometry %v, want %d points", id, g, want)
		}
	}
}

// TestImportCRS checks that the CRS of the options ends up on the network
// and that lon/lat are range-checked only in a geographic CRS.
func TestImportCRS(t *testing.T) {
	const inp = "[JUNCTIONS]\n J1 0 1\n[RESERVOIRS]\n R 10\n[PIPES]\n P1 R J1 100 100 100\n[COORDINATES]\n J1 500000 4000000\n R 500100 4000000\n"
	parsetest.CheckCRS(t, func(crs network.CRS) (*network.Network, error) {
		return Import(parsetest.File("t.inp", inp), "t.inp", Options{CRS: crs})
	})
}

// TestImportEPANETRefusesOtherInput checks that what is not an EPANET input
// file is refused with a located error instead of read as an empty
// network. The expected places are counted by hand in each input.
func TestImportEPANETRefusesOtherInput(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		line, col int
		err       error
	}{
		{"empty", "", 1, 1, network.ErrSyntax},
		{"blank lines and comments", "\n  ; a comment\n\n", 3, 1, network.ErrSyntax},
		// A gzip header: its first NUL is byte 4.
		{"binary junk", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 1, 4, network.ErrSyntax},
		// A PNG header: text outside a section at its first byte.
		{"PNG", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, 1, network.ErrSyntax},
		{"HTML", "<!DOCTYPE html>\n<html><body>[JUNCTIONS]</body></html>\n", 1, 1, network.ErrSyntax},
		{"MATPOWER", "function mpc = case9\nmpc.version = '2';\n", 1, 1, network.ErrSyntax},
		{"JSON", "  {\"_class\": \"pandapowerNet\"}\n", 1, 3, network.ErrSyntax},
		// Sections, but no node: EPANET's error 223.
		{"no nodes", "[TITLE]\nnothing\n[OPTIONS]\n Units LPS\n[END]\n", 5, 1, network.ErrInvalid},
		{"sections only", "[JUNCTIONS]\n[PIPES]\n", 2, 1, network.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Import(parsetest.File("x.inp", tc.src), "x.inp", Options{})
			parsetest.Check(t, err, "x.inp", tc.line, tc.col, "", tc.err)
		})
	}
}

// TestImportEPANETLongLine: a line longer than the 16 MiB the reader holds
// (junk without line breaks) is a syntax error at that line that says so.
func TestImportEPANETLongLine(t *testing.T) {
	src := "[TITLE]\nx\n" + strings.Repeat("x", 16<<20+1) + "\n"
	_, err := Import(parsetest.File("x.inp", src), "x.inp", Options{})
	parsetest.Check(t, err, "x.inp", 3, 1, "", network.ErrSyntax)
	if err == nil || !strings.Contains(err.Error(), "line longer than 16777216 bytes") {
		t.Errorf("error %v does not say the line is too long", err)
	}
}

// TestImportEPANETSizeCap checks the size cap: a file above MaxBytes is
// refused with ErrTooLarge naming it, one at the cap is read.
func TestImportEPANETSizeCap(t *testing.T) {
	parsetest.CheckCap(t, "tiny.inp", int64(len(tinyINP)), func(max int64) error {
		_, err := Import(parsetest.File("tiny.inp", tinyINP), "tiny.inp", Options{MaxBytes: max})
		return err
	})
}

// TestImportEPANETErrorsQuoteExcerpts checks that an error quotes an
// excerpt of a huge offending token (an ID, a number, a keyword) only.
func TestImportEPANETErrorsQuoteExcerpts(t *testing.T) {
	h := parsetest.Huge
	for _, src := range []string{
		"[JUNCTIONS]\n J1 1" + h + " 10\n",
		"[JUNCTIONS]\n J1 100 10\n[PIPES]\n P1 J1 " + h + " 100 100 100\n",
		h + "\n",
		"[" + h + "]\n",
		"[JUNCTIONS]\n J1 100 10\n[OPTIONS]\n Units " + h + "\n",
	} {
		_, err := Import(parsetest.File("x.inp", src), "x.inp", Options{})
		parsetest.Short(t, err)
	}
}
