package flow

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
)

// The tests below judge reach against an independent model of the rule: a
// fixpoint over the sector's link list (no adjacency, no forest), in which
// an arc is a working link read From → To, and also To → From when the link
// is undirected.

// snapshot is one state of a sector as plain flags.
type snapshot struct {
	fun  []bool // per component
	work []bool // per link
}

func snap(n *network.Network, st *network.State) snapshot {
	s := snapshot{make([]bool, n.NumComponents()), make([]bool, n.NumLinks())}
	for i := range n.Components() {
		s.fun[i] = st.Functional(i)
	}
	for l := range n.Links() {
		s.work[l] = st.LinkWorking(l)
	}
	return s
}

// arcs calls f(u, v, l) for every arc of a working link of sector s.
func arcs(n *network.Network, s network.SectorIndex, sn snapshot, f func(u, v, l int32)) {
	for l := range n.Links() {
		if n.LinkSector(l) != s || !sn.work[l] {
			continue
		}
		a, b := n.Ends(l)
		f(a, b, l)
		if !n.Directed(l) {
			f(b, a, l)
		}
	}
}

// fedAvoiding returns, per component, whether a path of working links and
// functional members of sector s leads to it from a functional source
// without entering avoid (nil: avoid nothing).
func fedAvoiding(n *network.Network, s network.SectorIndex, sn snapshot, avoid []bool) []bool {
	out := make([]bool, n.NumComponents())
	ok := func(i int32) bool { return sn.fun[i] && (avoid == nil || !avoid[i]) }
	for _, i := range n.Sources(s) {
		out[i] = ok(i)
	}
	for changed := true; changed; {
		changed = false
		arcs(n, s, sn, func(u, v, _ int32) {
			if out[u] && !out[v] && ok(v) {
				out[v], changed = true, true
			}
		})
	}
	return out
}

// region returns R(i): the functional members that reach i through working
// links and functional members, i included.
func region(n *network.Network, s network.SectorIndex, sn snapshot, i int32) []bool {
	in := make([]bool, n.NumComponents())
	in[i] = true
	for changed := true; changed; {
		changed = false
		arcs(n, s, sn, func(u, v, _ int32) {
			if in[v] && !in[u] && sn.fun[u] {
				in[u], changed = true, true
			}
		})
	}
	return in
}

// wantCut applies the definition of a cut literally: the elements that
// failed between old and now, have an arc (a link that worked in old, for
// a component) into R(i), and were fed in old avoiding R(i) (the link's
// tail, for a link). Sorted.
func wantCut(n *network.Network, s network.SectorIndex, old, now snapshot, i int32) []int32 {
	r := region(n, s, now, i)
	fed := fedAvoiding(n, s, old, r)
	next := make([]bool, n.NumComponents()) // an arc that worked leads into R(i)
	arcs(n, s, old, func(u, v, _ int32) { next[u] = next[u] || r[v] })
	var cut []int32
	for _, c := range n.SectorMembers(s) {
		if old.fun[c] && !now.fun[c] && fed[c] && next[c] {
			cut = append(cut, c)
		}
	}
	for l := range n.Links() {
		if n.LinkSector(l) != s || !old.work[l] || now.work[l] {
			continue
		}
		a, b := n.Ends(l)
		if r[b] && !r[a] && fed[a] || !n.Directed(l) && r[a] && !r[b] && fed[b] {
			cut = append(cut, ^l)
		}
	}
	slices.Sort(cut)
	return cut
}

// check compares r with the independent model after an update from old to
// now that reported lost and gained, and the cuts of the first cuts lost
// members (all when cuts < 0) with the definition.
func check(t testing.TB, r *Reach, n *network.Network, s network.SectorIndex, old, now snapshot, lost, gained []int32, cuts int) {
	t.Helper()
	was, is := fedAvoiding(n, s, old, nil), fedAvoiding(n, s, now, nil)
	var wantLost, wantGained []int32
	for _, i := range n.SectorMembers(s) {
		if r.Served(i) != is[i] {
			t.Fatalf("%s: served %v, the rule says %v", n.ComponentID(i), r.Served(i), is[i])
		}
		switch {
		case was[i] && !is[i]:
			wantLost = append(wantLost, i)
		case !was[i] && is[i]:
			wantGained = append(wantGained, i)
		}
	}
	lost, gained = slices.Sorted(slices.Values(lost)), slices.Sorted(slices.Values(gained))
	if !slices.Equal(lost, wantLost) || !slices.Equal(gained, wantGained) {
		t.Fatalf("lost %v gained %v, want %v and %v", lost, gained, wantLost, wantGained)
	}
	checkForest(t, r, n, s)
	if cuts >= 0 && len(lost) > cuts {
		lost = lost[:cuts]
	}
	for _, i := range lost {
		got := slices.Sorted(slices.Values(r.Cut(i, nil)))
		if !now.fun[i] {
			if len(got) != 0 {
				t.Fatalf("%s failed itself: cut %v, want none", n.ComponentID(i), got)
			}
			continue
		}
		want := wantCut(n, s, old, now, i)
		if !slices.Equal(got, want) || len(want) == 0 {
			t.Fatalf("cut of %s: %s, want %s (never empty)", n.ComponentID(i), names(n, got), names(n, want))
		}
	}
}

// checkForest checks the forest's own invariants: every served member is a
// functional source at a root or hangs by a working link from a served
// parent, and lists exactly its children.
func checkForest(t testing.TB, r *Reach, n *network.Network, s network.SectorIndex) {
	t.Helper()
	kids := map[int32]int{}
	for _, i := range n.SectorMembers(s) {
		if !r.Served(i) {
			if r.parent[i] != -1 || r.plink[i] != -1 || r.child[i] != -1 {
				t.Fatalf("unserved %s keeps tree links", n.ComponentID(i))
			}
			continue
		}
		for c := r.child[i]; c >= 0; c = r.next[c] {
			if r.parent[c] != i {
				t.Fatalf("%s lists %s, whose parent is %d", n.ComponentID(i), n.ComponentID(c), r.parent[c])
			}
			kids[i]++
		}
		p, l := r.parent[i], r.plink[i]
		if p < 0 {
			if !r.source[i] || !r.fun[i] {
				t.Fatalf("root %s is not a functional source", n.ComponentID(i))
			}
			continue
		}
		kids[p]--
		a, b := n.Ends(l)
		if !r.on[p] || !r.work[l] || !(a == p && b == i || !n.Directed(l) && a == i && b == p) {
			t.Fatalf("%s hangs from %s by a link that does not feed it", n.ComponentID(i), n.ComponentID(p))
		}
	}
	for i, k := range kids {
		if k != 0 {
			t.Fatalf("%s: child list and parents disagree by %d", n.ComponentID(i), k)
		}
	}
}

func names(n *network.Network, els []int32) []string {
	var s []string
	for _, e := range els {
		if e < 0 {
			s = append(s, "link "+n.LinkID(^e))
		} else {
			s = append(s, n.ComponentID(e))
		}
	}
	return s
}

// randomSector builds sector "p" of k members with about 1.6 k links
// (directed with probability dir, some out of service, no self-loop: Build
// rejects them) and
// src sources, interleaved with a second sector "q" that shares the index
// space, so that reach must keep to its own sector.
func randomSector(t testing.TB, rng *rand.Rand, k int, dir float64, src int) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	for i := range k {
		role := network.RoleConsumer
		if i < src {
			role = network.RoleSource
		}
		b.AddComponent(network.Component{ID: fmt.Sprint("p", i), Sector: "p", Role: role})
		if i%3 == 0 {
			b.AddComponent(network.Component{ID: fmt.Sprint("q", i), Sector: "q", Role: network.RoleSource})
		}
	}
	for l := range k * 16 / 10 {
		a, c := rng.IntN(k), rng.IntN(k)
		for c == a {
			c = rng.IntN(k)
		}
		b.AddLink(network.Link{ID: fmt.Sprint("l", l), From: fmt.Sprint("p", a), To: fmt.Sprint("p", c),
			Directed: rng.Float64() < dir, OutOfService: rng.IntN(30) == 0})
		if l%4 == 0 && a/3 != c/3 {
			b.AddLink(network.Link{ID: fmt.Sprint("m", l), From: fmt.Sprint("q", a/3*3), To: fmt.Sprint("q", c/3*3)})
		}
	}
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestReachRandom drives reach through long random sequences of losses and
// repairs (batches of 1 to 6 elements, components and links, half the
// picks drawn from those down, now and then listing an element that did
// not change or one of another sector) on random sectors, directed,
// undirected and mixed, with 0, 1 and 3 sources, checking every update
// against the independent model.
func TestReachRandom(t *testing.T) {
	for _, dir := range []float64{0, 0.5, 1} {
		for _, src := range []int{0, 1, 3} {
			for seed := range uint64(4) {
				t.Run(fmt.Sprintf("dir=%v/src=%d/seed=%d", dir, src, seed), func(t *testing.T) {
					rng := rand.New(rand.NewPCG(seed, uint64(src)))
					n := randomSector(t, rng, 30+rng.IntN(40), dir, src)
					s, _ := n.SectorIndexOf("p")
					walk(t, rng, n, s, 300, 6, -1, nil)
				})
			}
		}
	}
}

// walk runs steps random batches of up to k changes on sector s of n,
// checking up to cuts cuts per update (all when cuts < 0); prep, if not
// nil, adjusts the structure before its first reset.
func walk(t testing.TB, rng *rand.Rand, n *network.Network, s network.SectorIndex, steps, k, cuts int, prep func(*Reach)) {
	t.Helper()
	st := network.NewState(n)
	r := NewReach(n, s, n.Sources(s))
	members, links := n.SectorMembers(s), r.links
	if prep != nil {
		prep(r)
	}
	r.Reset(st)
	var lost, gained, comps, ls, downC, downL []int32
	now := snap(n, st)
	check(t, r, n, s, now, now, nil, nil, -1)
	for range steps {
		comps, ls = comps[:0], ls[:0]
		for range 1 + rng.IntN(k) {
			// half the picks repair: an element drawn from those down
			c, l := members[rng.IntN(len(members))], int32(-1)
			if len(links) > 0 && rng.IntN(2) == 0 {
				c, l = -1, links[rng.IntN(len(links))]
			}
			if rng.IntN(2) == 0 {
				if l >= 0 && len(downL) > 0 {
					l = downL[rng.IntN(len(downL))]
				} else if c >= 0 && len(downC) > 0 {
					c = downC[rng.IntN(len(downC))]
				}
			}
			if rng.IntN(8) == 0 { // an element of another sector: ignored
				c, l = rng.Int32N(int32(n.NumComponents())), rng.Int32N(int32(n.NumLinks()))
				if rng.IntN(2) == 0 {
					c = -1
				} else {
					l = -1
				}
			}
			if l >= 0 && !slices.Contains(ls, l) {
				ls = append(ls, l)
			} else if c >= 0 && !slices.Contains(comps, c) {
				comps = append(comps, c)
			}
		}
		for _, c := range comps {
			if rng.IntN(10) == 0 {
				continue // listed, unchanged
			}
			if st.Flags(c)&network.Damaged != 0 {
				st.Clear(c, network.Damaged)
				downC = slices.DeleteFunc(downC, func(x int32) bool { return x == c })
			} else {
				st.Set(c, network.Damaged)
				downC = append(downC, c)
			}
		}
		for _, l := range ls {
			if st.LinkFlags(l)&network.Damaged != 0 {
				st.ClearLink(l, network.Damaged)
				downL = slices.DeleteFunc(downL, func(x int32) bool { return x == l })
			} else {
				st.SetLink(l, network.Damaged)
				downL = append(downL, l)
			}
		}
		old := now
		now = snap(n, st)
		lost, gained = lost[:0], gained[:0]
		r.Update(st, comps, ls, &lost, &gained)
		check(t, r, n, s, old, now, lost, gained, cuts)
	}
}

// TestReachCity walks every sector with sources of a synthetic city of
// 1500 components (power feeders and mesh, water trunk grid and lattices,
// telecom stars) through batches of up to 20 changes, checking the first
// few cuts of each update.
func TestReachCity(t *testing.T) {
	n, err := synth.City(synth.CityParams{Components: 1500, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	for s, name := range n.Sectors() {
		if len(n.Sources(s)) == 0 {
			continue
		}
		t.Run(string(name), func(t *testing.T) {
			walk(t, rand.New(rand.NewPCG(7, uint64(s))), n, s, 150, 20, 4, nil)
		})
	}
}

// TestReachStampWrap starts the update, cut and region counters just below
// their wrap, so the stamps are cleared mid-walk, and checks every update
// and cut as TestReachRandom does.
func TestReachStampWrap(t *testing.T) {
	for _, dir := range []float64{0, 1} {
		rng := rand.New(rand.NewPCG(9, 9))
		n := randomSector(t, rng, 40, dir, 2)
		s, _ := n.SectorIndexOf("p")
		walk(t, rng, n, s, 60, 6, -1, func(r *Reach) {
			r.ep, r.ce, r.regNext, r.regBase = math.MaxUint32-20, math.MaxUint32-30, math.MaxUint32-3, math.MaxUint32-3
		})
	}
}

// build makes a one-sector network from "a-b" (undirected) and "a>b"
// (directed) link specs named by their ends; the members named in sources
// are sources.
func build(t *testing.T, sources []string, specs ...string) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			role := network.RoleConsumer
			if slices.Contains(sources, id) {
				role = network.RoleSource
			}
			b.AddComponent(network.Component{ID: id, Sector: network.Power, Role: role})
		}
	}
	for _, sp := range specs {
		var a, c string
		dir := false
		for k := range sp {
			if sp[k] == '-' || sp[k] == '>' {
				a, c, dir = sp[:k], sp[k+1:], sp[k] == '>'
				break
			}
		}
		add(a)
		add(c)
		b.AddLink(network.Link{ID: a + c, From: a, To: c, Directed: dir})
	}
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// fail damages the named components and links (by "ab" link IDs) in one
// update and returns the structure, the lost members and the state.
func fail(t *testing.T, n *network.Network, comps, links []string) (*Reach, []int32) {
	t.Helper()
	st := network.NewState(n)
	r := NewReach(n, 0, n.Sources(0))
	r.Reset(st)
	old := snap(n, st)
	var cs, ls, lost, gained []int32
	for _, id := range comps {
		i, _ := n.ComponentIndex(id)
		st.Set(i, network.Damaged)
		cs = append(cs, i)
	}
	for _, id := range links {
		l, ok := n.LinkIndex(id)
		if !ok {
			t.Fatalf("no link %s", id)
		}
		st.SetLink(l, network.Damaged)
		ls = append(ls, l)
	}
	r.Update(st, cs, ls, &lost, &gained)
	check(t, r, n, 0, old, snap(n, st), lost, gained, -1)
	return r, lost
}

func cutOf(t *testing.T, n *network.Network, r *Reach, id string) []string {
	t.Helper()
	i, _ := n.ComponentIndex(id)
	return slices.Sorted(slices.Values(names(n, r.Cut(i, nil))))
}

// TestReachCut: the cases worked by hand.
func TestReachCut(t *testing.T) {
	// G feeds A, and C through B; A and B fail together. C lost its only
	// feed, B; A is a dead end off G, nowhere near C.
	n := build(t, []string{"G"}, "G-A", "G-B", "B-C")
	r, lost := fail(t, n, []string{"A", "B"}, nil)
	if got := names(n, slices.Sorted(slices.Values(lost))); !slices.Equal(got, []string{"A", "B", "C"}) {
		t.Fatalf("lost %v", got)
	}
	if got := cutOf(t, n, r, "C"); !slices.Equal(got, []string{"B"}) {
		t.Errorf("C was cut off by B alone, cut says %v", got)
	}
	if got := cutOf(t, n, r, "B"); got != nil {
		t.Errorf("B failed itself, cut says %v", got)
	}

	// Two feeds of C, through A and through B, both fail: both are cited.
	n = build(t, []string{"G"}, "G-A", "G-B", "A-C", "B-C")
	r, _ = fail(t, n, []string{"A", "B"}, nil)
	if got := cutOf(t, n, r, "C"); !slices.Equal(got, []string{"A", "B"}) {
		t.Errorf("two-cut: %v, want A and B", got)
	}

	// G–C–D with D a dead end: link GC and D fail together. D hung off C,
	// fed through C only, so it is no cause of C's loss; the link is.
	n = build(t, []string{"G"}, "G-C", "C-D")
	r, _ = fail(t, n, []string{"D"}, []string{"GC"})
	if got := cutOf(t, n, r, "C"); !slices.Equal(got, []string{"link GC"}) {
		t.Errorf("dead end: %v, want link GC only", got)
	}

	// A failed link and its failed tail are both causes: G–A–C, A and AC
	// fail; and the region of C holds E (E–C), so a failure feeding E counts
	// too: G–F–E with F failing.
	n = build(t, []string{"G"}, "G-A", "A-C", "C-E", "G-F", "F-E")
	r, _ = fail(t, n, []string{"A", "F"}, []string{"AC"})
	if got := cutOf(t, n, r, "C"); !slices.Equal(got, []string{"A", "F", "link AC"}) {
		t.Errorf("region: %v, want A, F and link AC", got)
	}
	if got := cutOf(t, n, r, "E"); !slices.Equal(got, []string{"A", "F", "link AC"}) {
		t.Errorf("region, cached: %v, want A, F and link AC", got)
	}

	// Directed: G>A>C and C>X>C2 … a failure downstream of C is not next to
	// its region. G>A, A>C, C>D, D>C: D feeds back into C but was fed by C.
	n = build(t, []string{"G"}, "G>A", "A>C", "C>D", "D>C")
	r, _ = fail(t, n, []string{"A", "D"}, nil)
	if got := cutOf(t, n, r, "C"); !slices.Equal(got, []string{"A"}) {
		t.Errorf("directed loop: %v, want A", got)
	}
}

// TestReachCutOrphanedTail: the cause's tail was itself orphaned by the
// update and re-attached through another path that avoids the region. G
// feeds H by two routes (G–H and G–K–H); link GH and link HC fail: H is
// orphaned and re-fed through K, and C (fed only by H) names link HC, whose
// tail H reached G via K without passing through C.
func TestReachCutOrphanedTail(t *testing.T) {
	n := build(t, []string{"G"}, "G-H", "G-K", "K-H", "H-C")
	r, _ := fail(t, n, nil, []string{"GH", "HC"})
	if got := cutOf(t, n, r, "C"); !slices.Equal(got, []string{"link HC"}) {
		t.Errorf("%v, want link HC", got)
	}
}

// TestReachCutNewLink: G–C–u with G–u down; at one instant G–C and C–u
// fail and G–u comes back. u is fed again, but only through the new link:
// before the instant it was fed through C alone, so link Cu is no cause of
// C's loss (and re-hanging u whole through a link that did not work before
// must not make it look as if it were).
func TestReachCutNewLink(t *testing.T) {
	n := build(t, []string{"G"}, "G-C", "C-u", "G-u")
	st := network.NewState(n)
	gu, _ := n.LinkIndex("Gu")
	st.SetLink(gu, network.Damaged)
	r := NewReach(n, 0, n.Sources(0))
	r.Reset(st)
	old := snap(n, st)
	var ls, lost, gained []int32
	for _, id := range []string{"GC", "Cu"} {
		l, _ := n.LinkIndex(id)
		st.SetLink(l, network.Damaged)
		ls = append(ls, l)
	}
	st.ClearLink(gu, network.Damaged)
	r.Update(st, nil, append(ls, gu), &lost, &gained)
	check(t, r, n, 0, old, snap(n, st), lost, gained, -1)
	if got := cutOf(t, n, r, "C"); !slices.Equal(got, []string{"link GC"}) {
		t.Errorf("%v, want link GC only", got)
	}
}

// FuzzReach reads a sector and a sequence of batches from the input and
// checks every update, and every lost member's cut, against the
// independent model. Byte 0: members (2..17) and sources; then link
// triples (from, to, flags: bit 0 directed) up to a zero flags byte ≥ 0x80;
// then element bytes, a batch ending at each byte ≥ 0x80.
func FuzzReach(f *testing.F) {
	f.Add([]byte{0x25, 0, 1, 0, 1, 2, 0, 2, 3, 1, 0xff, 1, 0x82, 1, 0x82})
	f.Add([]byte{0x14, 0, 1, 0, 0, 2, 0, 1, 3, 0, 2, 3, 0, 0xff, 1, 2, 0x80, 1, 0x82})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		k, src := 2+int(data[0]&15), int(data[0]>>4)%4
		b := network.NewBuilder()
		for i := range k {
			role := network.RoleConsumer
			if i < src {
				role = network.RoleSource
			}
			b.AddComponent(network.Component{ID: fmt.Sprint(i), Sector: "p", Role: role})
		}
		p := 1
		for m := 0; p+2 < len(data) && data[p+2] < 0x80 && m < 40; p, m = p+3, m+1 {
			if a, c := int(data[p])%k, int(data[p+1])%k; a != c { // Build rejects self-loops
				b.AddLink(network.Link{ID: fmt.Sprint("l", m), From: fmt.Sprint(a), To: fmt.Sprint(c), Directed: data[p+2]&1 == 1})
			}
		}
		n, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		st := network.NewState(n)
		r := NewReach(n, 0, n.Sources(0))
		r.Reset(st)
		now := snap(n, st)
		check(t, r, n, 0, now, now, nil, nil, -1)
		var comps, links, lost, gained []int32
		for q := p + 3; q < len(data); q++ {
			e := int(data[q]&0x7f) % (k + n.NumLinks())
			if e < k {
				if c := int32(e); !slices.Contains(comps, c) {
					comps = append(comps, c)
					if st.Functional(c) {
						st.Set(c, network.Damaged)
					} else {
						st.Clear(c, network.Damaged)
					}
				}
			} else if l := int32(e - k); !slices.Contains(links, l) {
				links = append(links, l)
				if st.LinkWorking(l) {
					st.SetLink(l, network.Damaged)
				} else {
					st.ClearLink(l, network.Damaged)
				}
			}
			if data[q] >= 0x80 || q == len(data)-1 {
				old := now
				now = snap(n, st)
				lost, gained = lost[:0], gained[:0]
				r.Update(st, comps, links, &lost, &gained)
				check(t, r, n, 0, old, now, lost, gained, -1)
				comps, links = comps[:0], links[:0]
			}
		}
	})
}

// benchSector is the water sector of a synthetic city of about 3.2·10⁵
// components: about 10⁵ members (junctions, pumps, tanks and plants) on a
// meshed trunk grid and district lattices.
func benchSector(b *testing.B) (*network.Network, network.SectorIndex) {
	b.Helper()
	n, err := synth.City(synth.CityParams{Seed: 1, Components: 320_000})
	if err != nil {
		b.Fatal(err)
	}
	s, ok := n.SectorIndexOf(network.Water)
	if !ok {
		b.Fatal("no water sector")
	}
	return n, s
}

// BenchmarkReach times one update of k changes (members and links of the
// sector drawn at random, failing on one call and repaired on the next)
// on a sector of about 10⁵ members.
func BenchmarkReach(b *testing.B) { benchReach(b, false) }

// BenchmarkReachCut times the same updates followed by the cut of every
// member each one lost, as an engine citing causes would call it.
func BenchmarkReachCut(b *testing.B) { benchReach(b, true) }

func benchReach(b *testing.B, cuts bool) {
	n, s := benchSector(b)
	members, links := n.SectorMembers(s), NewReach(n, s, n.Sources(s)).links
	b.Logf("%d members, %d links", len(members), len(links))
	for _, k := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("changes=%d", k), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, uint64(k)))
			type batch struct{ comps, links []int32 }
			batches := make([]batch, 64)
			for j := range batches {
				for range k {
					if rng.IntN(2) == 0 {
						batches[j].comps = append(batches[j].comps, members[rng.IntN(len(members))])
					} else {
						batches[j].links = append(batches[j].links, links[rng.IntN(len(links))])
					}
				}
				batches[j].comps = slices.Compact(slices.Sorted(slices.Values(batches[j].comps)))
				batches[j].links = slices.Compact(slices.Sorted(slices.Values(batches[j].links)))
			}
			st := network.NewState(n)
			r := NewReach(n, s, n.Sources(s))
			r.Reset(st)
			var lost, gained, dst []int32
			flips, cited := 0, 0
			b.ReportAllocs()
			b.ResetTimer()
			for j := 0; b.Loop(); j++ {
				bt := batches[j/2%len(batches)]
				for _, c := range bt.comps {
					if j%2 == 0 {
						st.Set(c, network.Damaged)
					} else {
						st.Clear(c, network.Damaged)
					}
				}
				for _, l := range bt.links {
					if j%2 == 0 {
						st.SetLink(l, network.Damaged)
					} else {
						st.ClearLink(l, network.Damaged)
					}
				}
				lost, gained = lost[:0], gained[:0]
				r.Update(st, bt.comps, bt.links, &lost, &gained)
				flips += len(lost) + len(gained)
				if cuts {
					for _, i := range lost {
						dst = r.Cut(i, dst[:0])
						cited += len(dst)
					}
				}
			}
			b.ReportMetric(float64(flips)/float64(b.N), "flips/op")
			if cuts {
				b.ReportMetric(float64(cited)/float64(b.N), "cited/op")
			}
		})
	}
}

// BenchmarkReachScratch times the from-scratch search on the same sector
// with 100 of its elements down: search=forest is reset (the search that
// also builds the forest), search=plain the bare breadth-first search a
// from-scratch Connectivity runs, for reference.
func BenchmarkReachScratch(b *testing.B) {
	n, s := benchSector(b)
	members, links := n.SectorMembers(s), NewReach(n, s, n.Sources(s)).links
	rng := rand.New(rand.NewPCG(1, 100))
	st := network.NewState(n)
	for range 50 {
		st.Set(members[rng.IntN(len(members))], network.Damaged)
		st.SetLink(links[rng.IntN(len(links))], network.Damaged)
	}
	b.Run("search=forest", func(b *testing.B) {
		r := NewReach(n, s, n.Sources(s))
		b.ReportAllocs()
		for b.Loop() {
			r.Reset(st)
		}
	})
	b.Run("search=plain", func(b *testing.B) {
		bf := newBFS(n)
		b.ReportAllocs()
		for b.Loop() {
			bf.next()
			bf.queue = bf.queue[:0]
			for _, i := range n.Sources(s) {
				if st.Functional(i) && !bf.seen(i) {
					bf.seed(i)
				}
			}
			bf.run(n, st, false, func(int32) {})
		}
	})
}

// TestReachNoAllocs: once its lists have grown, an update allocates
// nothing (a batch failed and repaired over and over on a warmed-up
// structure).
func TestReachNoAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	n := randomSector(t, rng, 200, 0.3, 3)
	s, _ := n.SectorIndexOf("p")
	st := network.NewState(n)
	r := NewReach(n, s, n.Sources(s))
	r.Reset(st)
	members, links := n.SectorMembers(s), r.links
	comps, ls := members[:20], links[:20]
	lost, gained := make([]int32, 0, len(members)), make([]int32, 0, len(members))
	dst := make([]int32, 0, len(members)+len(links))
	toggle := func() {
		for _, c := range comps {
			if st.Functional(c) {
				st.Set(c, network.Damaged)
			} else {
				st.Clear(c, network.Damaged)
			}
		}
		for _, l := range ls {
			if st.LinkFlags(l)&network.Damaged == 0 {
				st.SetLink(l, network.Damaged)
			} else {
				st.ClearLink(l, network.Damaged)
			}
		}
		lost, gained = lost[:0], gained[:0]
		r.Update(st, comps, ls, &lost, &gained)
		for _, i := range lost {
			dst = r.Cut(i, dst[:0])
		}
	}
	toggle()
	toggle()
	if len(lost) == 0 && len(gained) == 0 {
		t.Fatal("the batch changes nothing; the test would prove nothing")
	}
	if a := testing.AllocsPerRun(20, toggle); a != 0 {
		t.Fatalf("%v allocations per update", a)
	}
}
