package roads_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/path"

	"github.com/lifeline-sim/lifeline/flow/flowtest"
	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
	"github.com/lifeline-sim/lifeline/sim"
)

// riverGrid is a 3×3 street grid split by a river between its middle and
// east columns, crossed by a north and a south bridge (times in minutes):
//
//	a —3— b —1— c        north bridge b–c
//	1     2     2
//	d —3— e     f        (no crossing in the middle row)
//	1     2     2
//	g —3— h —1— i        south bridge h–i
//
// Components lie 1 km apart in a projected CRS; zone W is the west bank
// (a, b, d, e, g, h), zone E the east bank (c, f, i). A hospital (health
// sector) has its gate at f; houses carry the population: 300 in W, 100
// in E.
func riverGrid(t *testing.T) *network.Network {
	t.Helper()
	n, err := riverGridBuilder().Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func riverGridBuilder() *network.Builder {
	b := network.NewBuilder()
	b.SetCRS(network.WebMercator)
	for k, id := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i"} {
		zone := "W"
		if k%3 == 2 {
			zone = "E"
		}
		b.AddComponent(network.Component{ID: id, Sector: network.Transport, Kind: network.KindIntersection, Zone: zone,
			Location: &network.Point{X: float64(k%3) * 1000, Y: -float64(k/3) * 1000}})
	}
	for _, l := range []struct {
		id, from, to string
		min          sim.Time
	}{
		{"ab", "a", "b", 3}, {"north", "b", "c", 1}, {"de", "d", "e", 3}, {"gh", "g", "h", 3}, {"south", "h", "i", 1},
		{"ad", "a", "d", 1}, {"dg", "d", "g", 1}, {"be", "b", "e", 2}, {"eh", "e", "h", 2}, {"cf", "c", "f", 2}, {"fi", "f", "i", 2},
	} {
		b.AddLink(network.Link{ID: l.id, Kind: network.KindRoad, From: l.from, To: l.to, FreeFlow: l.min * sim.Minute})
	}
	b.AddComponent(network.Component{ID: "H", Sector: "health", Kind: network.KindHospital, Critical: true, Access: "f",
		Zone: "E", Location: &network.Point{X: 2000, Y: -1000}})
	b.AddComponent(network.Component{ID: "houses-W", Sector: network.Power, Role: network.RoleConsumer, Zone: "W", Population: 300,
		Location: &network.Point{X: 0, Y: -1000}})
	b.AddComponent(network.Component{ID: "houses-E", Sector: network.Power, Role: network.RoleConsumer, Zone: "E", Population: 100,
		Location: &network.Point{X: 2000, Y: -2000}})
	return b
}

// TestRiverGridDetour checks shortest travel times against hand detours
// on riverGrid:
//   - intact: a → c over the north bridge, 3 + 1 = 4 min; a → f 6 min;
//   - north bridge closed: a → c must cross the south bridge; the
//     candidates are a–d–g–h–i–f–c = 1+1+3+1+2+2 = 10, a–d–e–h–i–f–c = 11
//     and a–b–e–h–i–f–c = 12, so 10 min along a d g h i f c; a → f 8 min;
//   - and the south bridge flooded at factor 0.5 (2 min): 11 min;
//   - instead, h a signalled intersection without power at factor 0.5
//     (links entering h take twice as long: g–h 6, e–h 4): 13 min
//     (a–d–g–h–… = 1+1+6+1+2+2 and a–d–e–h–… = 1+3+4+1+2+2 tie);
//   - both bridges closed: the east bank is unreachable.
func TestRiverGridDetour(t *testing.T) {
	n := riverGrid(t)
	s, _ := n.SectorIndexOf(network.Transport)
	r := roads.NewRouter(n, s)
	a, c, f, h := flowtest.Component(t, n, "a"), flowtest.Component(t, n, "c"), flowtest.Component(t, n, "f"), flowtest.Component(t, n, "h")
	north, south := flowtest.Link(t, n, "north"), flowtest.Link(t, n, "south")
	st := network.NewState(n)
	for _, tc := range []struct {
		name   string
		setup  func()
		ac, af sim.Time
	}{
		{"intact", func() {}, 4, 6},
		{"north closed", func() { st.SetLink(north, network.Damaged) }, 10, 8},
		{"south flooded", func() { st.SetLinkFactor(south, 0.5) }, 11, 9},
		{"signal h degraded", func() { st.SetLinkFactor(south, 1); st.SetFactor(h, 0.5) }, 13, 11},
		{"both closed", func() { st.SetLink(south, network.Suspended) }, -1, -1},
	} {
		tc.setup()
		r.Load(st)
		for _, q := range []struct {
			to   int32
			want sim.Time
		}{{c, tc.ac}, {f, tc.af}} {
			want := mins(q.want)
			if got := r.Tree(a).Time(q.to); got != want {
				t.Errorf("%s: a → %s = %v, want %v", tc.name, n.ComponentID(q.to), got, want)
			}
			if got := r.TreeTo(q.to).Time(a); got != want {
				t.Errorf("%s: TreeTo(%s).Time(a) = %v, want %v", tc.name, n.ComponentID(q.to), got, want)
			}
		}
	}
	st.Reset()
	st.SetLink(north, network.Damaged)
	r.Load(st)
	d, p := r.Route(a, c)
	if d != 10*sim.Minute || !slices.Equal(flowtest.IDs(n, p), []string{"a", "d", "g", "h", "i", "f", "c"}) {
		t.Errorf("route a → c: %v via %v, want 10m via [a d g h i f c]", d, flowtest.IDs(n, p))
	}
	back := r.TreeTo(c)
	if got := flowtest.IDs(n, back.Path(a, nil)); !slices.Equal(got, []string{"a", "d", "g", "h", "i", "f", "c"}) {
		t.Errorf("reverse path a → c: %v", got)
	}
	if l, next := back.Step(a); n.LinkID(l) != "ad" || n.ComponentID(next) != "d" {
		t.Errorf("reverse step at a: link %s to %s, want ad to d", n.LinkID(l), n.ComponentID(next))
	}
}

// mins turns whole minutes into a duration, −1 into Unreachable.
func mins(m sim.Time) sim.Time {
	if m < 0 {
		return roads.Unreachable
	}
	return m * sim.Minute
}

// randomGrid is an nx × ny street grid with free-flow times of 20–120 s;
// a share oneWay of the streets are one-way (directed, random sense).
func randomGrid(t testing.TB, nx, ny int, oneWay float64, seed uint64) *network.Network {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	b := network.NewBuilder()
	b.SetCRS(network.WebMercator)
	id := func(x, y int) string { return "n" + itoa(y*nx+x) }
	for y := range ny {
		for x := range nx {
			b.AddComponent(network.Component{ID: id(x, y), Sector: network.Transport, Kind: network.KindIntersection,
				Location: &network.Point{X: float64(x) * 200, Y: float64(y) * 200}})
		}
	}
	k := 0
	add := func(a, c string) {
		k++
		l := network.Link{ID: "r" + itoa(k), Kind: network.KindRoad, From: a, To: c,
			FreeFlow: sim.Time(20e9 + rng.Int64N(100e9))}
		if rng.Float64() < oneWay {
			l.Directed = true
			if rng.IntN(2) == 0 {
				l.From, l.To = l.To, l.From
			}
		}
		b.AddLink(l)
	}
	for y := range ny {
		for x := range nx {
			if x+1 < nx {
				add(id(x, y), id(x+1, y))
			}
			if y+1 < ny {
				add(id(x, y), id(x, y+1))
			}
		}
	}
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var d []byte
	for ; i > 0; i /= 10 {
		d = append([]byte{byte('0' + i%10)}, d...)
	}
	return string(d)
}

// damage closes a share of the links and slows another share (factors in
// [0.2, 1)), as a flood would.
func damage(n *network.Network, st *network.State, closed, slowed float64, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 2))
	for l := range n.Links() {
		switch u := rng.Float64(); {
		case u < closed:
			st.SetLink(l, network.Damaged)
		case u < closed+slowed:
			st.SetLinkFactor(l, 0.2+0.8*rng.Float64())
		}
	}
}

// TestAgreesWithGonum compares travel times with gonum's path.DijkstraFrom
// on the network's gonum adapter, fed the same link times (in seconds,
// +Inf for closed links): on the synthetic city's road grid (undirected)
// and on a grid with one-way streets, intact and damaged, from several
// roots, both one-to-many (Tree) and many-to-one (TreeTo against gonum
// from each origin). Gonum sums float seconds, we sum integer ns: they
// agree to 1e-9 relative.
func TestAgreesWithGonum(t *testing.T) {
	city, err := synth.City(synth.CityParams{Seed: 5, Components: 3000})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		n    *network.Network
	}{{"city", city}, {"one-way grid", randomGrid(t, 30, 30, 0.3, 7)}} {
		n := tc.n
		s, _ := n.SectorIndexOf(network.Transport)
		members := n.SectorMembers(s)
		for _, dmg := range []bool{false, true} {
			st := network.NewState(n)
			if dmg {
				damage(n, st, 0.03, 0.3, 11)
			}
			r := roads.NewRouter(n, s)
			r.Load(st)
			g := n.Graph(s, network.GraphOptions{WeightFunc: func(l int32) float64 {
				d, ok := roads.LinkTime(n, st, l)
				if !ok {
					return math.Inf(1)
				}
				return d.Duration().Seconds()
			}})
			agree := func(what string, ours sim.Time, theirs float64) {
				t.Helper()
				if ours == roads.Unreachable {
					if !math.IsInf(theirs, 1) {
						t.Fatalf("%s %s damaged=%v: unreachable, gonum %v s", tc.name, what, dmg, theirs)
					}
					return
				}
				if math.Abs(ours.Duration().Seconds()-theirs) > 1e-9*math.Max(1, theirs) {
					t.Fatalf("%s %s damaged=%v: %v s, gonum %v s", tc.name, what, dmg, ours.Duration().Seconds(), theirs)
				}
			}
			reached := 0
			for k := range 4 {
				root := members[k*len(members)/4]
				tree := r.Tree(root)
				sp := path.DijkstraFrom(network.GraphNode(root), g)
				for _, i := range members {
					agree("from "+n.ComponentID(root)+" to "+n.ComponentID(i), tree.Time(i), sp.WeightTo(int64(i)))
					if tree.Time(i) != roads.Unreachable {
						reached++
					}
				}
				back := r.TreeTo(root)
				for j := range 10 {
					from := members[(j*7919+k)%len(members)]
					agree("to "+n.ComponentID(root)+" from "+n.ComponentID(from), back.Time(from),
						path.DijkstraFrom(network.GraphNode(from), g).WeightTo(int64(root)))
				}
			}
			if reached < 2*len(members) {
				t.Fatalf("%s damaged=%v: %d of 4 × %d pairs reached: the comparison is too weak", tc.name, dmg, reached, len(members))
			}
		}
	}
}

// TestForwardEqualsReverse: with closed and degraded components as well as
// links, Tree(a).Time(b) = TreeTo(b).Time(a) for every pair sampled (the
// integer times make this exact), and Route agrees with both.
func TestForwardEqualsReverse(t *testing.T) {
	n := randomGrid(t, 12, 12, 0.3, 3)
	s, _ := n.SectorIndexOf(network.Transport)
	st := network.NewState(n)
	damage(n, st, 0.1, 0.3, 5)
	rng := rand.New(rand.NewPCG(9, 9))
	for i := range n.Components() {
		switch u := rng.Float64(); {
		case u < 0.05:
			st.Set(i, network.Suspended)
		case u < 0.2:
			st.SetFactor(i, 0.5)
		}
	}
	r := roads.NewRouter(n, s)
	r.Load(st)
	members := n.SectorMembers(s)
	fwd := make([]sim.Time, n.NumComponents())
	for k := 0; k < len(members); k += 13 {
		a := members[k]
		tree := r.Tree(a)
		for _, b := range members {
			fwd[b] = tree.Time(b)
		}
		for _, b := range members {
			if got := r.TreeTo(b).Time(a); got != fwd[b] {
				t.Fatalf("%s → %s: forward %v, reverse %v", n.ComponentID(a), n.ComponentID(b), fwd[b], got)
			}
			d, p := r.Route(a, b)
			if d != fwd[b] || (d == roads.Unreachable) != (p == nil) || (p != nil && (p[0] != a || p[len(p)-1] != b)) {
				t.Fatalf("route %s → %s: %v %v, tree %v", n.ComponentID(a), n.ComponentID(b), d, flowtest.IDs(n, p), fwd[b])
			}
		}
	}
}

// TestTreeNoAllocs: once warm, trees and reverse trees do not allocate.
func TestTreeNoAllocs(t *testing.T) {
	n := randomGrid(t, 40, 40, 0.2, 1)
	s, _ := n.SectorIndexOf(network.Transport)
	r := roads.NewRouter(n, s)
	st := network.NewState(n)
	r.Load(st)
	r.Tree(0)
	r.TreeTo(5)
	if a := testing.AllocsPerRun(20, func() { r.Tree(0); r.TreeTo(5); r.Load(st) }); a != 0 {
		t.Errorf("%v allocations per tree", a)
	}
}

func TestStaleTreePanics(t *testing.T) {
	n := riverGrid(t)
	s, _ := n.SectorIndexOf(network.Transport)
	for _, tc := range []struct {
		name string
		f    func(r *roads.Router)
	}{
		{"before Load", func(r *roads.Router) { r.Tree(0) }},
		{"stale tree", func(r *roads.Router) {
			r.Load(network.NewState(n))
			tree := r.Tree(0)
			r.Tree(1)
			tree.Time(2)
		}},
		{"stale after Load", func(r *roads.Router) {
			r.Load(network.NewState(n))
			tree := r.TreeTo(0)
			r.Load(network.NewState(n))
			tree.Path(2, nil)
		}},
		{"not a member", func(r *roads.Router) { r.Load(network.NewState(n)); r.Tree(flowtest.Component(t, n, "H")) }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tc.name)
				}
			}()
			tc.f(roads.NewRouter(n, s))
		}()
	}
}
