package tntp

import (
	"bytes"
	"errors"
	"io/fs"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// netAndNodes returns a file system holding a network file and a node
// file.
func netAndNodes[T string | []byte](netName string, net T, nodeName string, nodes T) fs.FS {
	return fstest.MapFS{netName: {Data: []byte(net)}, nodeName: {Data: []byte(nodes)}}
}

func importIn2TNTP(t *testing.T, opts Options) *network.Network {
	t.Helper()
	n, err := Import(os.DirFS("testdata/infrarisk_in2"), "transpo_net.tntp", "transpo_node.tntp", opts)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The network is named by the file's name, not by its path in the file
// system (a command line reading from the root of the disk would give
// "home/user/…").
func TestImportNamedByFileName(t *testing.T) {
	net, err := os.ReadFile("testdata/infrarisk_in2/transpo_net.tntp")
	if err != nil {
		t.Fatal(err)
	}
	n, err := Import(fstest.MapFS{"home/user/data/transpo_net.tntp": {Data: net}}, "home/user/data/transpo_net.tntp", "", Options{CRS: network.Local})
	if err != nil {
		t.Fatal(err)
	}
	if n.Name() != "transpo_net.tntp" {
		t.Errorf("name %q, want transpo_net.tntp", n.Name())
	}
}

func TestImportTNTPIn2(t *testing.T) {
	n := importIn2TNTP(t, Options{CRS: network.Local})
	if n.NumComponents() != 9 || n.NumLinks() != 22 || n.NumRequirements() != 0 {
		t.Fatalf("counts %d/%d/%d, want 9/22/0", n.NumComponents(), n.NumLinks(), n.NumRequirements())
	}
	if n.Name() != "transpo_net.tntp" || n.CRS() != network.Local {
		t.Errorf("name %q, CRS %v", n.Name(), n.CRS())
	}
	for i := range n.Components() {
		if n.SectorName(n.ComponentSector(i)) != network.Transport || n.ComponentKind(i) != network.KindIntersection || n.Role(i) != network.RoleTransit {
			t.Errorf("component %s: %+v", n.ComponentID(i), n.Component(i))
		}
	}
	j5, ok := n.ComponentIndex("nT_J5")
	if !ok {
		t.Fatal("no nT_J5")
	}
	if p, ok := n.Location(j5); !ok || p != (network.Point{X: 300, Y: 325}) {
		t.Errorf("nT_J5 at %v, %v; want (300, 325)", p, ok)
	}
	// Row 1: T_J1 T_J2 25900.20064 6 6 0.15 4 0 0 1 T_L1 ;
	l1 := n.Link(0)
	want := network.Link{ID: "l1", Kind: network.KindRoad, From: "nT_J1", To: "nT_J2", Directed: true, Length: 6, Capacity: 25900.20064,
		FreeFlow: 6 * sim.Minute, Params: map[network.Param]float64{network.ParamB: 0.15, network.ParamPower: 4, network.ParamLinkType: 1},
		Tags: map[string]string{"id": "T_L1"}}
	if !parsetest.LinksEqual(l1, want) {
		t.Errorf("link 1 = %+v\nwant %+v", l1, want)
	}
	// Row 22: T_J9 T_J8 17782.7941 2 2 … T_L22.
	last := n.Link(21)
	if last.ID != "l22" || last.From != "nT_J9" || last.To != "nT_J8" || last.FreeFlow != 2*sim.Minute || last.Tags["id"] != "T_L22" {
		t.Errorf("link 22 = %+v", last)
	}
	var capSum, lenSum float64
	for l := range n.Links() {
		capSum += n.LinkCapacity(l)
		lenSum += n.Length(l)
		if !n.Directed(l) || n.LinkKind(l) != network.KindRoad {
			t.Errorf("link %s not a directed road", n.LinkID(l))
		}
	}
	if math.Abs(capSum-403328.928296) > 1e-6 || lenSum != 94 {
		t.Errorf("capacity sum %v (want 403328.928296), length sum %v (want 94)", capSum, lenSum)
	}
}

// linksEqual compares the fields the TNTP importer sets.

func TestImportTNTPOptions(t *testing.T) {
	n := importIn2TNTP(t, Options{CRS: network.Local, Prefix: "road:", LinkPrefix: "seg", LengthUnit: 1609.344, TimeUnit: sim.Second})
	l := n.Link(0)
	if l.ID != "seg1" || l.From != "road:T_J1" || l.Length != 6*1609.344 || l.FreeFlow != 6*sim.Second {
		t.Errorf("link 1 with options = %+v", l)
	}
	for _, o := range []Options{{LengthUnit: -1}, {LengthUnit: math.NaN()}, {TimeUnit: -sim.Second}, {BareNodeIDs: true, Prefix: "n"}} {
		_, err := Import(parsetest.File("x", ""), "x", "", o)
		if err == nil || !(errors.Is(err, network.ErrNegative) || errors.Is(err, network.ErrNotFinite) || errors.Is(err, network.ErrInvalid)) {
			t.Errorf("options %+v: error %v", o, err)
		}
	}
	// The in2 tokens are names already (T_J1): BareNodeIDs keeps them.
	n = importIn2TNTP(t, Options{CRS: network.Local, BareNodeIDs: true})
	if l := n.Link(0); l.ID != "l1" || l.From != "T_J1" || n.ComponentID(0) != "T_J1" {
		t.Errorf("link 1 with bare node IDs = %+v, component 0 %q", l, n.ComponentID(0))
	}
}

func TestImportTNTPWithoutNodeFile(t *testing.T) {
	net := parsetest.ReadFile(t, "testdata/infrarisk_in2/transpo_net.tntp")
	n, err := Import(parsetest.File("net", net), "net", "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n.NumComponents() != 9 || n.NumLinks() != 22 {
		t.Fatalf("counts %d/%d", n.NumComponents(), n.NumLinks())
	}
	// Order of first appearance: rows T_J1-T_J2, T_J2-T_J3, T_J1-T_J4, T_J3-T_J5, …
	var ids []string
	for i := range n.Components() {
		ids = append(ids, n.ComponentID(i))
		if _, ok := n.Location(i); ok {
			t.Errorf("%s has a location without a node file", n.ComponentID(i))
		}
	}
	if want := []string{"nT_J1", "nT_J2", "nT_J3", "nT_J4", "nT_J5", "nT_J6", "nT_J7", "nT_J8", "nT_J9"}; !slices.Equal(ids, want) {
		t.Errorf("components %v, want %v", ids, want)
	}
}

// A standard TNTP file: numeric nodes, space-separated header, no extra
// columns, rows starting with a tab.
const tntpSmall = `<NUMBER OF ZONES> 2
<NUMBER OF NODES> 3
<FIRST THRU NODE> 1
<NUMBER OF LINKS> 3
<ORIGINAL HEADER>~ Init node Term node Capacity
<END OF METADATA>


~ 	Init node	Term node	Capacity	Length	Free Flow Time	B	Power	Speed limit	Toll	Type	;
	1	2	25900.2	6	6	0.15	4	0	0	1	;
	2	3	4958.18	5	5	0.15	4	0	0	1	;
	3	1	4958.18	5	5	0.15	4	0	0	1	; ~ comment
`

const tntpSmallNodes = "Node\tX\tY\t;\n1\t-96.77\t43.61\t;\n2 -96.71 43.60\n3\t-96.70\t43.55;\n"

func TestImportTNTPNumericNodes(t *testing.T) {
	n, err := Import(netAndNodes("small.tntp", tntpSmall, "nodes.tntp", tntpSmallNodes), "small.tntp", "nodes.tntp", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n.NumComponents() != 3 || n.NumLinks() != 3 || n.ComponentID(1) != "n2" {
		t.Fatalf("counts %d/%d, component 1 %q", n.NumComponents(), n.NumLinks(), n.ComponentID(1))
	}
	if p, _ := n.Location(2); p != (network.Point{X: -96.70, Y: 43.55}) {
		t.Errorf("n3 at %v", p)
	}
	if l := n.Link(2); l.From != "n3" || l.To != "n1" || l.Tags != nil {
		t.Errorf("link 3 = %+v", l)
	}
}

func TestImportTNTPErrors(t *testing.T) {
	row := func(s string) string {
		return "<NUMBER OF NODES> 3\n<NUMBER OF LINKS> 1\n<END OF METADATA>\n~ header\n" + s + "\n"
	}
	for _, tc := range []struct {
		name, net, nodes string
		file             string
		line, col        int
		field            string
		want             error
	}{
		{"no end of metadata", "<NUMBER OF NODES> 3\n", "", "net", 1, 0, "END OF METADATA", network.ErrSyntax},
		{"row in metadata", "<NUMBER OF NODES> 3\n  1 2 3\n", "", "net", 2, 3, "", network.ErrSyntax},
		{"unterminated key", "<NUMBER OF NODES 3\n", "", "net", 1, 1, "", network.ErrSyntax},
		{"missing links count", "<NUMBER OF NODES> 3\n<END OF METADATA>\n", "", "net", 2, 0, "NUMBER OF LINKS", network.ErrSyntax},
		{"bad count", "<NUMBER OF NODES> 3\n<NUMBER OF LINKS>\tx\t\n<END OF METADATA>\n", "", "net", 2, 19, "NUMBER OF LINKS", network.ErrSyntax},
		{"negative count", "<NUMBER OF NODES> -3\n<NUMBER OF LINKS> 1\n<END OF METADATA>\n", "", "net", 1, 19, "NUMBER OF NODES", network.ErrNegative},
		{"links mismatch", "<NUMBER OF NODES> 3\n<NUMBER OF LINKS> 2\n<END OF METADATA>\n1 2 1 1 1 0.15 4 0 0 1 ;\n", "", "net", 2, 19, "NUMBER OF LINKS", network.ErrInvalid},
		{"nodes below endpoints", "<NUMBER OF NODES> 1\n<NUMBER OF LINKS> 1\n<END OF METADATA>\n1 2 1 1 1 0.15 4 0 0 1 ;\n", "", "net", 1, 19, "NUMBER OF NODES", network.ErrInvalid},
		{"nodes mismatch", row("1 2 1 1 1 0.15 4 0 0 1 ;"), "1 0 0\n2 0 0\n", "net", 1, 19, "NUMBER OF NODES", network.ErrInvalid},
		{"bad capacity", row("1\t2\tabc\t1\t1\t0.15\t4\t0\t0\t1\t;"), "", "net", 5, 5, "capacity", network.ErrSyntax},
		{"negative length", row("1 2 100 -1 1 0.15 4 0 0 1 ;"), "", "net", 5, 9, "length", network.ErrNegative},
		{"NaN free flow", row("1 2 100 1 NaN 0.15 4 0 0 1 ;"), "", "net", 5, 11, "free_flow_time", network.ErrNotFinite},
		{"huge free flow", row("1 2 100 1 1e300 0.15 4 0 0 1 ;"), "", "net", 5, 11, "free_flow_time", network.ErrOutOfRange},
		{"hex toll", row("1 2 100 1 1 0.15 4 0 0x1 1 ;"), "", "net", 5, 22, "toll", network.ErrSyntax},
		{"too few fields", row("1 2 100 1 1 0.15 4 0 0 ;"), "", "net", 5, 22, "link_type", network.ErrSyntax},
		{"text after semicolon", row("1 2 100 1 1 0.15 4 0 0 1 ; 7"), "", "net", 5, 28, "", network.ErrSyntax},
		{"self loop", row("2 2 100 1 1 0.15 4 0 0 1 ;"), "", "net", 5, 3, "term_node", network.ErrSelfLoop},
		{"unknown node", row("1 9 100 1 1 0.15 4 0 0 1 ;"), "1 0 0\n2 0 0\n3 0 0\n", "net", 5, 3, "term_node", network.ErrUnknownID},
		{"duplicate node", row(""), "node x y ;\n1 0 0\n2 0 0\n1 5 5\n", "nodes", 4, 1, "node", network.ErrDuplicateID},
		{"bad node y", row(""), "1 0 0\n2 0 y0\n", "nodes", 2, 5, "y", network.ErrSyntax},
		{"short node row", row(""), "1 0 0\n2 0\n", "nodes", 2, 3, "", network.ErrSyntax},
		{"lon/lat out of range", row(""), "1 0 0\n2 200 0\n", "nodes", 2, 3, "x", network.ErrOutOfRange},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.nodes != "" {
				_, err = Import(netAndNodes("net", tc.net, "nodes", tc.nodes), "net", "nodes", Options{})
			} else {
				_, err = Import(parsetest.File("net", tc.net), "net", "", Options{})
			}
			parsetest.Check(t, err, tc.file, tc.line, tc.col, tc.field, tc.want)
		})
	}
}

// TestImportTNTPMissingFile checks that a node or network file that cannot
// be opened is a ParseError naming it.
func TestImportTNTPMissingFile(t *testing.T) {
	fsys := parsetest.File("net", tntpSmall)
	for _, tc := range []struct{ net, nodes, want string }{{"net", "nodes", "nodes"}, {"none", "", "none"}} {
		_, err := Import(fsys, tc.net, tc.nodes, Options{})
		var pe *network.ParseError
		if !errors.As(err, &pe) || pe.File != tc.want || !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Import(%q, %q): %v, want a ParseError naming %q wrapping fs.ErrNotExist", tc.net, tc.nodes, err, tc.want)
		}
	}
}

func TestImportTNTPLongLine(t *testing.T) {
	net := "<NUMBER OF NODES> 1\n<NUMBER OF LINKS> 0\n<END OF METADATA>\n" + strings.Repeat("x", maxTNTPLine+1) + "\n"
	_, err := Import(parsetest.File("net", net), "net", "", Options{})
	parsetest.Check(t, err, "net", 4, 0, "", network.ErrSyntax)
}

// TestImportTNTPInfraRisk reads the road networks of InfraRisk's three
// example cities: Shelby County and Micropolis from the bundled cities'
// copies (scenarios/cities), in2 from testdata.
func TestImportTNTPInfraRisk(t *testing.T) {
	for _, tc := range []struct {
		name, dir    string
		crs          network.CRS
		nodes, links int
		stated       int
	}{
		{"shelby", "../../../scenarios/cities/shelby/transportation", network.WebMercator, 191, 589, 590},
		{"micropolis", "../../../scenarios/cities/micropolis/transportation", network.Local, 68, 176, 210},
		{"in2", "testdata/infrarisk_in2", network.Local, 9, 22, 22},
	} {
		t.Run(tc.name, func(t *testing.T) {
			net := parsetest.ReadFile(t, tc.dir+"/transpo_net.tntp")
			nodes := parsetest.ReadFile(t, tc.dir+"/transpo_node.tntp")
			opts := Options{CRS: tc.crs, LengthUnit: 1000}
			_, err := Import(netAndNodes("net", net, "node", nodes), "net", "node", opts)
			if tc.stated != tc.links {
				// The metadata keeps the count of the unreduced network.
				parsetest.Check(t, err, "net", 4, 18, "NUMBER OF LINKS", network.ErrInvalid)
			} else if err != nil {
				t.Fatal(err)
			}
			opts.IgnoreCounts = true
			n, err := Import(netAndNodes("net", net, "node", nodes), "net", "node", opts)
			if err != nil {
				t.Fatal(err)
			}
			if n.NumComponents() != tc.nodes || n.NumLinks() != tc.links {
				t.Fatalf("counts %d/%d, want %d/%d", n.NumComponents(), n.NumLinks(), tc.nodes, tc.links)
			}
			if tc.crs != network.WebMercator {
				return
			}
			for i := range n.Components() {
				if p, ok := n.Location(i); !ok || !parsetest.MercatorInShelby(p) {
					t.Errorf("%s at %v (%v) is outside Shelby County", n.ComponentID(i), p, network.MercatorToLonLat(p))
				}
			}
			// Lengths are kilometres of Web Mercator plane: never shorter
			// than the straight line between the ends, and equal to it for
			// the median link.
			var ratios []float64
			for l := range n.Links() {
				a, b := n.Ends(l)
				pa, _ := n.Location(a)
				pb, _ := n.Location(b)
				ratios = append(ratios, n.Length(l)/math.Hypot(pa.X-pb.X, pa.Y-pb.Y))
			}
			slices.Sort(ratios)
			if ratios[0] < 0.99 || math.Abs(ratios[len(ratios)/2]-1) > 0.01 {
				t.Errorf("length / distance: min %v, median %v", ratios[0], ratios[len(ratios)/2])
			}
			// Rows 331 and 332 repeat the link T_L285.
			if a, b := n.Link(322), n.Link(323); a.Tags["id"] != "T_L285" || b.Tags["id"] != "T_L285" || a.From != b.From || a.Length != b.Length {
				t.Errorf("links l323, l324 = %+v, %+v", a, b)
			}
		})
	}
}

func FuzzImportTNTP(f *testing.F) {
	net := parsetest.ReadFile(f, "testdata/infrarisk_in2/transpo_net.tntp")
	nodes := parsetest.ReadFile(f, "testdata/infrarisk_in2/transpo_node.tntp")
	f.Add(net, nodes, false)
	f.Add(net, []byte(nil), true)
	f.Add([]byte(tntpSmall), []byte(tntpSmallNodes), false)
	f.Fuzz(func(t *testing.T, net, nodes []byte, noNodes bool) {
		var n *network.Network
		var err error
		if noNodes {
			n, err = Import(parsetest.File("net", net), "net", "", Options{CRS: network.Local})
		} else {
			n, err = Import(netAndNodes("net", net, "nodes", nodes), "net", "nodes", Options{CRS: network.Local})
		}
		if err != nil {
			parsetest.Require(t, err)
			return
		}
		if n.NumLinks() > bytes.Count(net, []byte("\n"))+1 {
			t.Fatalf("%d links from %d lines", n.NumLinks(), bytes.Count(net, []byte("\n"))+1)
		}
		for l := range n.Links() {
			if !n.Directed(l) || n.Length(l) < 0 || n.FreeFlow(l) < 0 {
				t.Fatalf("link %+v", n.Link(l))
			}
		}
	})
}

// TestImportCRS checks that the CRS of the options ends up on the network
// and that lon/lat are range-checked only in a geographic CRS.
func TestImportCRS(t *testing.T) {
	const nodes = "Node X Y\n1 500000 4000000\n2 500100 4000000\n3 500200 4000000\n"
	parsetest.CheckCRS(t, func(crs network.CRS) (*network.Network, error) {
		return Import(netAndNodes("t.tntp", tntpSmall, "n.tntp", nodes), "t.tntp", "n.tntp", Options{CRS: crs})
	})
}

// TestImportTNTPLimits checks that an error quotes an excerpt of a huge
// node name only, and that MaxBytes caps each file.
func TestImportTNTPLimits(t *testing.T) {
	net := "<NUMBER OF NODES> 2\n<NUMBER OF LINKS> 1\n<END OF METADATA>\n~ header\n" + parsetest.Huge + " " + parsetest.Huge + " 1 1 1 0.15 4 0 0 1 ;\n"
	_, err := Import(parsetest.File("net", net), "net", "", Options{})
	parsetest.Short(t, err)
	const ok = "<NUMBER OF NODES> 2\n<NUMBER OF LINKS> 1\n<END OF METADATA>\n~ header\n1 2 1 1 1 0.15 4 0 0 1 ;\n"
	parsetest.CheckCap(t, "net", int64(len(ok)), func(max int64) error {
		_, err := Import(parsetest.File("net", ok), "net", "", Options{MaxBytes: max})
		return err
	})
}
