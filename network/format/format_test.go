package format

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/internal/parse"
	"github.com/lifeline-sim/lifeline/sim"
)

var updateNative = flag.Bool("update-native", false, "rewrite testdata/native from the native writers")

// richNetwork sets every field of Component, Link and Requirement somewhere
// (TestRichNetworkSetsEveryField checks): four predefined sectors and the
// user sector gas, directed links, explicit and derived geometry, an
// unlocated component, params, tags with characters CSV must quote, and a
// k-of-n requirement with buffer, recharge and degrade.
func richNetwork(t testing.TB) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	b.SetName("rich, \"quoted\" city")
	b.SetAttr(network.ParamBaseMVA, 100)
	b.SetAttr("frequency_hz", 59.95)
	b.AddComponent(network.Component{ID: "g1", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource,
		Location: &network.Point{X: -89.95, Y: 35.15}, Capacity: 250.5, Fragility: "ESS1",
		Params: map[network.Param]float64{network.ParamPmaxMW: 250.5, network.ParamPminMW: 1e-7}, Tags: map[string]string{"owner": "TVA"}})
	b.AddComponent(network.Component{ID: "b1", Sector: network.Power, Kind: network.KindBus, Role: network.RoleConsumer,
		Location: &network.Point{X: -90, Y: 35}, Zone: "north", Access: "x1", Demand: 10.25, Population: 12345,
		Critical: true, Params: map[network.Param]float64{network.ParamGsMW: -0.5}})
	b.AddComponent(network.Component{ID: "b2", Sector: network.Power, Kind: network.KindBus, Role: network.RoleConsumer, Capacity: 1e22, Zone: "south"}) // written in exponent form
	b.AddComponent(network.Component{ID: "r1", Sector: network.Water, Kind: network.KindReservoir, Role: network.RoleSource, Location: &network.Point{X: -90.02, Y: 35.01}})
	b.AddComponent(network.Component{ID: "p1", Sector: network.Water, Kind: network.KindPump, Location: &network.Point{X: -90.03, Y: 35.02},
		Access: "x2", Params: map[network.Param]float64{network.ParamHeadM: 30}})
	b.AddComponent(network.Component{ID: "tk", Sector: network.Water, Kind: network.KindTank, Location: &network.Point{X: -90.04, Y: 35.03}, Storage: 5000})
	b.AddComponent(network.Component{ID: "j1", Sector: network.Water, Kind: network.KindJunction, Role: network.RoleConsumer, Demand: 0.1,
		Location: &network.Point{X: -90.05, Y: 35.04}, Population: 800})
	b.AddComponent(network.Component{ID: "x1", Sector: network.Transport, Kind: network.KindIntersection, Location: &network.Point{X: -90.01, Y: 35.0}})
	b.AddComponent(network.Component{ID: "x2", Sector: network.Transport, Kind: network.KindIntersection, Location: &network.Point{X: -90.03, Y: 35.03}})
	b.AddComponent(network.Component{ID: "co1", Sector: network.Telecom, Kind: network.KindCentralOffice, Role: network.RoleSource,
		Location: &network.Point{X: -90.0, Y: 35.05}, Critical: true})
	b.AddComponent(network.Component{ID: "t1", Sector: network.Telecom, Kind: network.KindCellTower, Location: &network.Point{X: -90.1, Y: 35.1},
		Tags: map[string]string{"op": "A", "note": "roof, \"east\"\nsecond line", "city": "Zürich"}})
	b.AddComponent(network.Component{ID: "gasA", Sector: "gas", Kind: network.KindNode, Role: network.RoleSource, Location: &network.Point{X: 0, Y: 0}})
	b.AddComponent(network.Component{ID: "gasB", Sector: "gas", Kind: network.KindNode, Role: network.RoleConsumer, Demand: 3})

	b.AddLink(network.Link{ID: "L1", Kind: network.KindLine, From: "g1", To: "b1", Length: 1500, Capacity: 300,
		Fragility: "pole", Reactance: 0.1, Rating: 200, Tap: 0.975, Shift: -3.5,
		Tags: map[string]string{"voltage": "115kV"}})
	b.AddLink(network.Link{ID: "L2", Kind: network.KindTransformer, From: "b1", To: "b2", Reactance: 0.2, OutOfService: true,
		Geometry: []network.Point{{X: -90, Y: 35}, {X: -90.05, Y: 35.05}, {X: -90.1, Y: 35.1}}})
	b.AddLink(network.Link{ID: "P1", Kind: network.KindPipe, From: "r1", To: "p1", Directed: true, Diameter: 0.3,
		Params: map[network.Param]float64{network.ParamRoughness: 130}})
	b.AddLink(network.Link{ID: "P2", Kind: network.KindPipe, From: "p1", To: "tk", Directed: true, Diameter: 0.25})
	b.AddLink(network.Link{ID: "P3", Kind: network.KindValve, From: "tk", To: "j1", Diameter: 0.2})
	b.AddLink(network.Link{ID: "R1", Kind: network.KindRoad, From: "x1", To: "x2", Length: 3200,
		FreeFlow: 90*sim.Second + 1, Geometry: []network.Point{{X: -90.01, Y: 35}, {X: -90.03, Y: 35.03}}})
	b.AddLink(network.Link{ID: "F1", Kind: network.KindFiber, From: "co1", To: "t1", Tags: map[string]string{"cable": "ADSS"}})
	b.AddLink(network.Link{ID: "G1", Kind: network.KindPipe, From: "gasA", To: "gasB", Directed: true})

	b.AddRequirement(network.Requirement{Dependent: "p1", Providers: []string{"b1"}, Lag: sim.Minute})
	b.AddRequirement(network.Requirement{Dependent: "t1", Providers: []string{"b1", "b2"}, Logic: network.Any,
		Buffer: 4 * sim.Hour, Recharge: 0.5})
	b.AddRequirement(network.Requirement{Dependent: "co1", Providers: []string{"b1", "b2", "g1"}, Logic: network.KOfN, K: 2,
		Lag: 90 * sim.Second, Buffer: 36*sim.Hour + 1, Recharge: 0.25, Effect: network.Degrade, Factor: 0.5, Kind: network.Cyber})
	b.AddRequirement(network.Requirement{Dependent: "g1", Providers: []string{"co1"}, Kind: network.Cyber})
	b.AddRequirement(network.Requirement{Dependent: "gasB", Providers: []string{"p1"}, Kind: network.Geographic})
	b.AddRequirement(network.Requirement{Dependent: "x2", Providers: []string{"b2"}, Lag: 90 * sim.Minute, Kind: network.Logical})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// projectedNetwork is a small network in UTM zone 16N metres.
func projectedNetwork(t testing.TB) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	b.SetName("utm")
	b.SetCRS(network.CRS{EPSG: 32616})
	b.AddComponent(network.Component{ID: "a", Sector: network.Power, Role: network.RoleSource, Location: &network.Point{X: 768000.5, Y: 3875000.25}})
	b.AddComponent(network.Component{ID: "b", Sector: network.Power, Role: network.RoleConsumer, Location: &network.Point{X: 769000, Y: 3876000}, Demand: 1})
	b.AddLink(network.Link{ID: "ab", Kind: network.KindLine, From: "a", To: "b", Geometry: []network.Point{{X: 768000.5, Y: 3875000.25}, {X: 769000, Y: 3876000}}})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// diffNetworks lists the differences between two networks in everything
// the formats carry.
func diffNetworks(want, got *network.Network) []string {
	var d []string
	if want.Name() != got.Name() {
		d = append(d, fmt.Sprintf("name %q, want %q", got.Name(), want.Name()))
	}
	if want.CRS().Code() != got.CRS().Code() {
		d = append(d, fmt.Sprintf("crs %v, want %v", got.CRS(), want.CRS()))
	}
	attrs := func(n *network.Network) map[network.Param]float64 {
		m := map[network.Param]float64{}
		for k, v := range n.Attrs() {
			m[k] = v
		}
		return m
	}
	if w, g := attrs(want), attrs(got); !reflect.DeepEqual(w, g) {
		d = append(d, fmt.Sprintf("attrs %v, want %v", g, w))
	}
	if want.NumComponents() != got.NumComponents() || want.NumLinks() != got.NumLinks() ||
		want.NumRequirements() != got.NumRequirements() {
		return append(d, fmt.Sprintf("counts %d/%d/%d, want %d/%d/%d",
			got.NumComponents(), got.NumLinks(), got.NumRequirements(),
			want.NumComponents(), want.NumLinks(), want.NumRequirements()))
	}
	for i := range want.Components() {
		if w, g := want.Component(i), got.Component(i); !reflect.DeepEqual(w, g) {
			d = append(d, fmt.Sprintf("component %d:\n got %+v\nwant %+v", i, g, w))
		}
	}
	for l := range want.Links() {
		if w, g := want.Link(l), got.Link(l); !reflect.DeepEqual(w, g) {
			d = append(d, fmt.Sprintf("link %d:\n got %+v\nwant %+v", l, g, w))
		}
	}
	for r := range want.Requirements() {
		if w, g := want.Requirement(r), got.Requirement(r); !reflect.DeepEqual(w, g) {
			d = append(d, fmt.Sprintf("requirement %d:\n got %+v\nwant %+v", r, g, w))
		}
	}
	return d
}

func requireSameNetwork(t *testing.T, want, got *network.Network) {
	t.Helper()
	if d := diffNetworks(want, got); len(d) > 0 {
		t.Fatalf("networks differ:\n%s", strings.Join(d, "\n"))
	}
}

// TestRichNetworkSetsEveryField guards the round-trip fixture: a field no
// entity sets would not be tested.
func TestRichNetworkSetsEveryField(t *testing.T) {
	n := richNetwork(t)
	check := func(what string, typ reflect.Type, values []reflect.Value) {
		for f := range typ.NumField() {
			set := false
			for _, v := range values {
				if !v.Field(f).IsZero() {
					set = true
				}
			}
			if !set {
				t.Errorf("no %s sets %s", what, typ.Field(f).Name)
			}
		}
	}
	var cs, ls, rs []reflect.Value
	unlocated := false
	for i := range n.Components() {
		c := n.Component(i)
		cs = append(cs, reflect.ValueOf(c))
		unlocated = unlocated || c.Location == nil
	}
	for l := range n.Links() {
		ls = append(ls, reflect.ValueOf(n.Link(l)))
	}
	for r := range n.Requirements() {
		rs = append(rs, reflect.ValueOf(n.Requirement(r)))
	}
	check("component", reflect.TypeFor[network.Component](), cs)
	check("link", reflect.TypeFor[network.Link](), ls)
	check("requirement", reflect.TypeFor[network.Requirement](), rs)
	if !unlocated {
		t.Error("every component is located")
	}
	if _, ok := n.SectorIndexOf("gas"); !ok {
		t.Error("no user sector gas")
	}
}

// TestDiffNetworksSeesChanges makes sure the comparison the round-trip
// tests rely on can fail.
func TestDiffNetworksSeesChanges(t *testing.T) {
	base := richNetwork(t)
	if d := diffNetworks(base, richNetwork(t)); len(d) != 0 {
		t.Fatalf("equal networks differ: %v", d)
	}
	b := network.NewBuilder()
	b.SetName(base.Name())
	for k, v := range base.Attrs() {
		b.SetAttr(k, v)
	}
	for i := range base.Components() {
		c := base.Component(i)
		if c.ID == "t1" {
			c.Tags["op"] = "B"
		}
		b.AddComponent(c)
	}
	for l := range base.Links() {
		b.AddLink(base.Link(l))
	}
	for r := range base.Requirements() {
		q := base.Requirement(r)
		if q.Logic == network.KOfN {
			q.Buffer++
		}
		b.AddRequirement(q)
	}
	changed, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if d := diffNetworks(base, changed); len(d) != 2 {
		t.Fatalf("want 2 differences (a tag, a buffer), got %d: %v", len(d), d)
	}
}

// TestDurationField checks that duration fields are read by sim.ParseDuration
// (a leading "+" is accepted as Go accepts it, rounding is Go's) and that its
// errors carry network's sentinels as well as sim's.
func TestDurationField(t *testing.T) {
	good := []struct {
		in   string
		want sim.Time
	}{
		{"", 0},
		{"0", 0},
		{"+1h", sim.Hour},
		{"1d12h", 36 * sim.Hour},
		{"72h0m0s", 3 * sim.Day},
		// time.ParseDuration(".07000000000944444h") is 252000000034 ns (go1.26).
		{".07000000000944444h", 252000000034},
		{"106751d23h47m16.854775807s", sim.MaxTime},
	}
	for _, c := range good {
		got, err := parseDurationField(c.in)
		if err != nil || got != c.want {
			t.Errorf("parseDurationField(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
		if got != 0 && formatDuration(got) != sim.FormatDuration(got) {
			t.Errorf("formatDuration(%v) = %q", got, formatDuration(got))
		}
	}
	bad := []struct {
		in   string
		want error
	}{
		{"5", network.ErrSyntax},
		{"4 hours", network.ErrSyntax},
		{"1h-2m", network.ErrSyntax},
		{"-5m", network.ErrNegative},
		{"-0s", network.ErrNegative},
		{"2562047h47m16.854775808s", network.ErrOutOfRange},
		{"106752d", network.ErrOutOfRange},
		{"18446744073709551616ns", network.ErrOutOfRange},
	}
	for _, c := range bad {
		got, err := parseDurationField(c.in)
		if !errors.Is(err, c.want) || !errors.Is(err, sim.ErrDuration) {
			t.Errorf("parseDurationField(%q) = %v, %v; want %v and sim.ErrDuration", c.in, got, err, c.want)
		}
	}
	if formatDuration(0) != "" {
		t.Errorf("formatDuration(0) = %q, want the empty field", formatDuration(0))
	}
}

// TestFormatNumber checks that numbers are written as encoding/json writes
// them and read back exactly.
func TestFormatNumber(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	xs := []float64{0, 1, -1, 0.1, 1e-7, 1e-6, 123456789, 1e20, 1e21, 1e22, -3.5e-300, math.MaxFloat64,
		math.SmallestNonzeroFloat64, 5e-324}
	for range 5000 {
		x := math.Float64frombits(rng.Uint64())
		if parse.Finite(x) {
			xs = append(xs, x)
		}
	}
	for _, x := range xs {
		s := formatNumber(x)
		j, _ := json.Marshal(x)
		if s != string(j) {
			t.Errorf("formatNumber(%v) = %s, encoding/json writes %s", x, s, j)
		}
		if y, err := parse.Number(s); err != nil || y != x {
			t.Errorf("parse.Number(%s) = %v, %v; want %v", s, y, err, x)
		}
	}
	for _, s := range []string{"NaN", "inf", "-Inf"} {
		if _, err := parse.Number(s); !errors.Is(err, network.ErrNotFinite) {
			t.Errorf("parse.Number(%s): %v, want ErrNotFinite", s, err)
		}
	}
}

// errorCase is a bad input and where its error must point.
type errorCase struct {
	name  string
	line  int // 0: only File is set (a Build error)
	col   int
	field string
	want  error
}

// posOf returns the 1-based line and byte column of the first occurrence of
// sub in s.
func posOf(t *testing.T, s, sub string) (int, int) {
	t.Helper()
	i := strings.Index(s, sub)
	if i < 0 {
		t.Fatalf("%q not in input", sub)
	}
	line := 1 + strings.Count(s[:i], "\n")
	return line, i - strings.LastIndex(s[:i], "\n")
}
