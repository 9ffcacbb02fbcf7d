package network

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/sim"
)

// smallCity: a substation feeding two buses, a pump needing power, a tower
// needing power with a 4 h battery.
func smallCity() *Builder {
	b := NewBuilder()
	b.SetName("small")
	b.AddComponent(Component{ID: "g1", Sector: Power, Kind: KindGenerator, Role: RoleSource, Location: &Point{-90, 35}})
	b.AddComponent(Component{ID: "b1", Sector: Power, Kind: KindBus, Demand: 10, Population: 1000, Zone: "north"})
	b.AddComponent(Component{ID: "b2", Sector: Power, Kind: KindBus, Demand: 5, Zone: "south"})
	b.AddComponent(Component{ID: "r1", Sector: Water, Kind: KindReservoir, Role: RoleSource})
	b.AddComponent(Component{ID: "p1", Sector: Water, Kind: KindPump, Params: map[Param]float64{ParamHeadM: 30}})
	b.AddComponent(Component{ID: "j1", Sector: Water, Kind: KindJunction, Role: RoleConsumer, Demand: 0.1, Access: "x1"})
	b.AddComponent(Component{ID: "x1", Sector: Transport, Kind: KindIntersection})
	b.AddComponent(Component{ID: "t1", Sector: Telecom, Kind: KindCellTower, Tags: map[string]string{"op": "A"}})
	b.AddComponent(Component{ID: "gasA", Sector: "gas", Kind: KindNode, Role: RoleSource})
	b.AddLink(Link{ID: "L1", Kind: KindLine, From: "g1", To: "b1", Reactance: 0.1, Rating: 100})
	b.AddLink(Link{ID: "L2", Kind: KindLine, From: "b1", To: "b2", Reactance: 0.2, Geometry: []Point{{-90, 35}, {-90.1, 35.1}}})
	b.AddLink(Link{ID: "P1", Kind: KindPipe, From: "r1", To: "p1", Directed: true, Diameter: 0.3})
	b.AddLink(Link{ID: "P2", Kind: KindPipe, From: "p1", To: "j1", Directed: true, Diameter: 0.3})
	b.AddRequirement(Requirement{Dependent: "p1", Providers: []string{"b1"}, Lag: sim.Minute})
	b.AddRequirement(Requirement{Dependent: "t1", Providers: []string{"b1", "b2"}, Logic: Any, Buffer: 4 * sim.Hour, Recharge: 0.5, Kind: Physical})
	return b
}

func TestBuildSmallCity(t *testing.T) {
	n, err := smallCity().Build()
	if err != nil {
		t.Fatal(err)
	}
	if n.NumComponents() != 9 || n.NumLinks() != 4 || n.NumRequirements() != 2 {
		t.Fatalf("counts %d/%d/%d", n.NumComponents(), n.NumLinks(), n.NumRequirements())
	}
	wantSectors := []Sector{Power, Water, Transport, Telecom, "gas"}
	var got []Sector
	for _, s := range n.Sectors() {
		got = append(got, s)
	}
	if !slices.Equal(got, wantSectors) {
		t.Fatalf("sectors %v, want %v", got, wantSectors)
	}
	b1, ok := n.ComponentIndex("b1")
	if !ok || b1 != 1 || n.ComponentID(b1) != "b1" {
		t.Fatalf("lookup b1 = %d, %v", b1, ok)
	}
	if _, ok := n.ComponentIndex("nope"); ok {
		t.Fatal("unknown ID found")
	}
	if n.Demand(b1) != 10 || n.Population(b1) != 1000 || n.ZoneName(n.Zone(b1)) != "north" {
		t.Fatal("attributes of b1")
	}
	// Undirected L1, L2: b1's neighbours are g1 and b2 in link order.
	nb, ls := n.Out(b1)
	if !slices.Equal(nb, []int32{0, 2}) || !slices.Equal(ls, []int32{0, 1}) {
		t.Fatalf("Out(b1) = %v %v", nb, ls)
	}
	// Directed pipes: p1 is reached from r1 only.
	p1, _ := n.ComponentIndex("p1")
	r1, _ := n.ComponentIndex("r1")
	in, _ := n.In(p1)
	out, _ := n.Out(p1)
	if !slices.Equal(in, []int32{r1}) || len(out) != 1 {
		t.Fatalf("In(p1)=%v Out(p1)=%v", in, out)
	}
	if got := n.Sources(0); !slices.Equal(got, []int32{0}) {
		t.Fatalf("power sources %v", got)
	}
	if got := n.ProvidedBy(b1); !slices.Equal(got, []int32{0, 1}) {
		t.Fatalf("ProvidedBy(b1) = %v", got)
	}
	t1, _ := n.ComponentIndex("t1")
	if rs := n.RequirementsOf(t1); len(rs) != 1 || n.Need(rs[0]) != 1 || n.Buffer(rs[0]) != 4*sim.Hour || n.Recharge(rs[0]) != 0.5 {
		t.Fatalf("requirement of t1")
	}
	if n.ComponentParam(p1, ParamHeadM) != 30 || n.Diameter(2) != 0.3 || n.Reactance(1) != 0.2 {
		t.Fatal("params")
	}
	if g := n.Geometry(1); len(g) != 2 || n.Geometry(0) != nil {
		t.Fatal("geometry")
	}
	j1, _ := n.ComponentIndex("j1")
	if a := n.Access(j1); n.ComponentID(a) != "x1" {
		t.Fatal("access")
	}
}

func TestComponentRoundTripsThroughNetwork(t *testing.T) {
	b := smallCity()
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	for i := range n.Components() {
		got, want := n.Component(i), b.comps[i]
		if got.ID != want.ID || got.Zone != want.Zone || got.Access != want.Access || got.Demand != want.Demand ||
			(got.Location == nil) != (want.Location == nil) || len(got.Params) != len(want.Params) || len(got.Tags) != len(want.Tags) {
			t.Errorf("component %d: got %+v want %+v", i, got, want)
		}
	}
	for l := range n.Links() {
		got, want := n.Link(l), b.links[l]
		if got.ID != want.ID || got.From != want.From || got.Directed != want.Directed || len(got.Geometry) != len(want.Geometry) {
			t.Errorf("link %d: got %+v want %+v", l, got, want)
		}
	}
	for r := range n.Requirements() {
		got, want := n.Requirement(r), b.reqs[r]
		if !slices.Equal(got.Providers, want.Providers) || got.Buffer != want.Buffer || got.Logic != want.Logic {
			t.Errorf("requirement %d: got %+v want %+v", r, got, want)
		}
	}
}

// TestRebuild: a network rebuilt without edits equals the original in
// every component, link, requirement and attribute; an edit changes what
// it touches and nothing else.
func TestRebuild(t *testing.T) {
	b := smallCity()
	b.SetCRS(WebMercator)
	b.SetAttr(ParamBaseMVA, 100)
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	same, err := Rebuild(n, nil, nil).Build()
	if err != nil {
		t.Fatal(err)
	}
	if same.Name() != "small" || !same.CRS().Equal(WebMercator) || same.Attr(ParamBaseMVA) != 100 {
		t.Errorf("rebuilt %q in %v, base %v", same.Name(), same.CRS(), same.Attr(ParamBaseMVA))
	}
	for i := range n.Components() {
		if !reflect.DeepEqual(n.Component(i), same.Component(i)) {
			t.Errorf("component %d: %+v, want %+v", i, same.Component(i), n.Component(i))
		}
	}
	for l := range n.Links() {
		if !reflect.DeepEqual(n.Link(l), same.Link(l)) {
			t.Errorf("link %d: %+v, want %+v", l, same.Link(l), n.Link(l))
		}
	}
	for r := range n.Requirements() {
		if !reflect.DeepEqual(n.Requirement(r), same.Requirement(r)) {
			t.Errorf("requirement %d: %+v, want %+v", r, same.Requirement(r), n.Requirement(r))
		}
	}
	edited, err := Rebuild(n, func(i int32, c *Component) {
		if c.ID == "b2" {
			c.Demand = 7
		}
	}, func(l int32, k *Link) {
		if l == 0 {
			k.Rating = 250
		}
	}).Build()
	if err != nil {
		t.Fatal(err)
	}
	for i := range n.Components() {
		if want := map[bool]float64{false: n.Demand(i), true: 7}[n.ComponentID(i) == "b2"]; edited.Demand(i) != want {
			t.Errorf("%s demand %v, want %v", n.ComponentID(i), edited.Demand(i), want)
		}
	}
	if edited.Rating(0) != 250 || edited.Rating(1) != n.Rating(1) {
		t.Errorf("ratings %v, %v; want 250, %v", edited.Rating(0), edited.Rating(1), n.Rating(1))
	}
}

func TestBuildErrorsNameIDs(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(b *Builder)
		want  error
		words string
	}{
		{"duplicate component", func(b *Builder) { b.AddComponent(Component{ID: "b1", Sector: Power}) }, ErrDuplicateID, `"b1"`},
		{"duplicate link", func(b *Builder) { b.AddLink(Link{ID: "L1", From: "b1", To: "b2"}) }, ErrDuplicateID, `"L1"`},
		{"unknown endpoint", func(b *Builder) { b.AddLink(Link{ID: "L9", From: "b1", To: "zz"}) }, ErrUnknownID, `"zz"`},
		{"cross sector", func(b *Builder) { b.AddLink(Link{ID: "L9", From: "b1", To: "j1"}) }, ErrCrossSector, `"L9"`},
		{"self requirement", func(b *Builder) { b.AddRequirement(Requirement{Dependent: "p1", Providers: []string{"p1"}}) }, ErrSelfRequirement, `"p1"`},
		{"k of n", func(b *Builder) {
			b.AddRequirement(Requirement{Dependent: "p1", Providers: []string{"b1", "b2"}, Logic: KOfN, K: 3})
		}, ErrKOfN, "k = 3 of 2"},
		{"negative lag", func(b *Builder) {
			b.AddRequirement(Requirement{Dependent: "p1", Providers: []string{"b2"}, Lag: -sim.Second})
		}, ErrNegative, "lag"},
		{"NaN demand", func(b *Builder) { b.AddComponent(Component{ID: "q", Sector: Power, Demand: math.NaN()}) }, ErrNotFinite, `"q"`},
		{"lon/lat range", func(b *Builder) { b.AddComponent(Component{ID: "q", Sector: Power, Location: &Point{200, 10}}) }, ErrOutOfRange, `"q"`},
		{"unknown provider", func(b *Builder) { b.AddRequirement(Requirement{Dependent: "p1", Providers: []string{"nope"}}) }, ErrUnknownID, `"nope"`},
		{"access not transport", func(b *Builder) { b.AddComponent(Component{ID: "q", Sector: Power, Access: "b1"}) }, ErrInvalid, `"q"`},
		{"population", func(b *Builder) { b.AddComponent(Component{ID: "q", Sector: Power, Population: MaxPopulation + 1}) }, ErrOutOfRange, `"q"`},
		{"one-point geometry", func(b *Builder) { b.AddLink(Link{ID: "L9", From: "b1", To: "b2", Geometry: []Point{{1, 2}}}) }, ErrInvalid, `"L9"`},
		{"self loop", func(b *Builder) { b.AddLink(Link{ID: "L9", From: "b1", To: "b1"}) }, ErrSelfLoop, `"L9"`},
		{"missing component ID", func(b *Builder) { b.AddComponent(Component{Sector: Power}) }, ErrEmptyID, "component #9 "},
		{"missing link ID", func(b *Builder) { b.AddLink(Link{From: "b1", To: "b2"}) }, ErrEmptyID, "link #4 "},
		{"missing dependent", func(b *Builder) { b.AddRequirement(Requirement{Providers: []string{"b1"}}) }, ErrEmptyID, "requirement #2 "},
		{"duplicate component indices", func(b *Builder) { b.AddComponent(Component{ID: "b1", Sector: Power}) }, ErrDuplicateID, "#1 and #9"},
		{"duplicate link indices", func(b *Builder) { b.AddLink(Link{ID: "L1", From: "b1", To: "b2"}) }, ErrDuplicateID, "#0 and #4"},
		{"invalid CRS", func(b *Builder) { b.SetCRS(CRS{EPSG: -2}) }, ErrInvalid, "CRS code -2"},
		{"degrade factor", func(b *Builder) {
			b.AddRequirement(Requirement{Dependent: "p1", Providers: []string{"b2"}, Effect: Degrade, Factor: 1})
		}, ErrInvalid, "factor"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := smallCity()
			tc.edit(b)
			n, err := b.Build()
			if err == nil || n != nil {
				t.Fatal("Build accepted bad input")
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v does not wrap %v", err, tc.want)
			}
			var be *BuildError
			if !errors.As(err, &be) || !strings.Contains(err.Error(), tc.words) {
				t.Fatalf("error %q should name %s", err, tc.words)
			}
		})
	}
}

func TestProjectedCRSSkipsRangeCheck(t *testing.T) {
	b := NewBuilder()
	b.SetCRS(WebMercator)
	b.AddComponent(Component{ID: "a", Sector: Power, Location: &Point{-10051482, 4167279}})
	if _, err := b.Build(); err != nil {
		t.Fatal(err)
	}
}

func TestDistance(t *testing.T) {
	// One degree of latitude on the mean sphere: 6371008.8 m × π/180.
	d := WGS84.Distance(Point{0, 0}, Point{0, 1})
	if want := 6371008.8 * math.Pi / 180; math.Abs(d-want) > 1e-6 {
		t.Fatalf("haversine %v, want %v", d, want)
	}
	if d := (CRS{EPSG: 32616}).Distance(Point{0, 0}, Point{3, 4}); d != 5 {
		t.Fatalf("euclidean %v", d)
	}
	// The InfraRisk Shelby point of the data README: x = -10,051,482,
	// y = 4,167,279 is -90.294°, 35.025°.
	p := MercatorToLonLat(Point{-10051482, 4167279})
	if math.Abs(p.X+90.294) > 5e-4 || math.Abs(p.Y-35.025) > 5e-4 {
		t.Fatalf("mercator → lon/lat %v", p)
	}
	q := LonLatToMercator(p)
	if math.Abs(q.X+10051482) > 1e-6 || math.Abs(q.Y-4167279) > 1e-6 {
		t.Fatalf("round trip %v", q)
	}
}

func TestStateResetIsComplete(t *testing.T) {
	n, err := smallCity().Build()
	if err != nil {
		t.Fatal(err)
	}
	s := NewState(n)
	s.Set(1, Damaged|OnBackup)
	s.SetFactor(2, 0.5)
	s.SetDamageState(1, DamageComplete)
	s.SetLink(0, Tripped)
	s.SetLinkFactor(1, 0.25)
	if s.Functional(1) || s.Status(1) != Down || s.Status(2) != Degraded || s.LinkWorking(0) {
		t.Fatal("flags not applied")
	}
	s.Set(3, Unserved)
	if !s.Functional(3) || s.Delivering(3) {
		t.Fatal("unserved is functional but not delivering")
	}
	if got := slices.Collect(s.Changed()); !slices.Equal(got, []int32{1, 2, 3}) {
		t.Fatalf("changed %v", got)
	}
	s.Reset()
	for i := range n.Components() {
		if s.Flags(i) != 0 || s.Factor(i) != 1 || s.DamageState(i) != 0 {
			t.Fatalf("component %d not reset", i)
		}
	}
	for l := range n.Links() {
		if s.LinkFlags(l) != 0 || s.LinkFactor(l) != 1 || !s.LinkWorking(l) {
			t.Fatalf("link %d not reset", l)
		}
	}
	if len(slices.Collect(s.Changed())) != 0 {
		t.Fatal("dirty list not cleared")
	}
	if allocs := testing.AllocsPerRun(100, func() { s.Set(1, Damaged); s.Reset() }); allocs != 0 {
		t.Fatalf("Set+Reset allocates %v", allocs)
	}
	if got := (Damaged | OnBackup).String(); got != "damaged|on-backup" {
		t.Fatalf("Flags.String = %q", got)
	}
}

func TestStateLinkCount(t *testing.T) {
	b := smallCity()
	b.AddLink(Link{ID: "off", From: "b2", To: "g1", OutOfService: true})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	s := NewState(n)
	off, _ := n.LinkIndex("off")
	if s.AllLinksWork() || s.LinkWorking(off) || s.LinkFlags(off) != 0 {
		t.Fatal("an out-of-service link works, or shows a flag")
	}
	s.SetLink(0, Damaged)
	s.SetLink(0, Tripped)
	s.ClearLink(0, Damaged)
	if s.LinkWorking(0) {
		t.Fatal("tripped link works")
	}
	s.ClearLink(0, Tripped)
	s.ClearLink(off, Damaged)
	if !s.LinkWorking(0) || s.LinkWorking(off) {
		t.Fatal("link states")
	}
	s.Reset()
	if s.AllLinksWork() || s.LinkWorking(off) {
		t.Fatal("reset lost the out-of-service link")
	}
	n2, _ := smallCity().Build()
	s2 := NewState(n2)
	s2.SetLink(1, Damaged)
	if s2.AllLinksWork() {
		t.Fatal("damaged link not counted")
	}
	s2.Reset()
	if !s2.AllLinksWork() {
		t.Fatal("reset did not restore the count")
	}
}

func TestCRSCanonical(t *testing.T) {
	b := NewBuilder()
	b.SetCRS(CRS{EPSG: 4326})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if n.CRS() != (CRS{}) || !n.CRS().Equal(WGS84) || n.CRS().Equal(WebMercator) {
		t.Fatalf("CRS %v not canonical", n.CRS())
	}
	for _, s := range []string{"", "EPSG:4326", "4326"} {
		if c, err := ParseCRS(s); err != nil || c != (CRS{}) {
			t.Errorf("ParseCRS(%q) = %v, %v", s, c, err)
		}
	}
}
