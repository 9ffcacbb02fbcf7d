package cascade

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/power"
	"github.com/lifeline-sim/lifeline/flow/water"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// The tests below check which elements the engine cites for a member cut
// off from its sector's sources. The definition: the components and links
// that failed at this instant, lie next to the functional region the member
// was left in (an arc leaves them into it), and just before the instant
// reached a source without passing through that region; the parent is the
// one whose change came last (at one time: a component before a link,
// then the lowest index), the others are co-parents.

// cutToy builds a power sector from G (the source) and consumers joined by
// the undirected links given as "from-to" — branches of reactance 0.1 per
// unit for the DC power-flow model (powerCutToy), which Connectivity
// ignores; every component is a 1 MW load and G an unlimited generator.
func cutToy(t *testing.T, consumers []string, links []string) *toy {
	return cutToyIn(t, network.Power, consumers, links)
}

// cutToyIn is cutToy in sector sec.
func cutToyIn(t *testing.T, sec network.Sector, consumers []string, links []string) *toy {
	c := newToy(t)
	c.source("G", sec)
	for _, id := range consumers {
		c.consumer(id, sec)
	}
	for _, l := range links {
		ends := strings.Split(l, "-")
		c.b.AddLink(network.Link{ID: l, From: ends[0], To: ends[1], Reactance: 0.1})
	}
	c.build()
	return c
}

// cited returns the entities of a cause's parent and co-parents, as
// "ID" for components and "link ID" for links.
func cited(r *Result, id int32) (parent string, co []string) {
	name := func(c Cause) string {
		if c.Link {
			return "link " + r.Network.LinkID(c.Entity)
		}
		return r.Network.ComponentID(c.Entity)
	}
	c := r.Causes[id]
	if c.Parent >= 0 {
		parent = name(r.Causes[c.Parent])
	}
	for _, k := range r.CoParentsOf(id) {
		co = append(co, name(r.Causes[k]))
	}
	return parent, co
}

// TestCutCitesTheElementThatCut: G feeds A and, through B, C; A and B are
// damaged at one instant. C's region is {C}; the only arc into it comes
// from B, which was fed by G directly, so B cut C off; A, on another
// branch, did not. (The engine used to cite the first impact of the
// instant, A.)
func TestCutCitesTheElementThatCut(t *testing.T) {
	c := cutToy(t, []string{"A", "B", "C"}, []string{"G-A", "G-B", "B-C"})
	r := run(t, c.n, Options{}, Input{Impacts: []hazard.Impact{
		c.imp(hour, hazard.Damage, "A"), c.imp(hour, hazard.Damage, "B")}})
	ch, ok := r.Explain(c.i("C"), hour)
	if !ok || len(ch.Causes) != 2 || ch.Causes[0].Mechanism != ByService {
		t.Fatalf("chain of C:\n%s", ch)
	}
	if p, co := cited(r, ch.Causes[0].ID); p != "B" || len(co) != 0 {
		t.Errorf("C cites %q and co-parents %v, want B alone:\n%s", p, co, ch)
	}
	if root := ch.Causes[1]; root.Mechanism != ByImpact || root.Entity != c.i("B") {
		t.Errorf("C's chain does not end at B's damage:\n%s", ch)
	}
}

// TestCutTwoElements: C hangs from G through A and through B; both fail
// at one instant, so both cut C off. At one time the parent is the lower
// index (A, added before B) and B is a co-parent; with a link and a
// component, the component is the parent.
func TestCutTwoElements(t *testing.T) {
	c := cutToy(t, []string{"A", "B", "C"}, []string{"G-A", "G-B", "A-C", "B-C"})
	r := run(t, c.n, Options{}, Input{Impacts: []hazard.Impact{
		c.imp(hour, hazard.Damage, "B"), c.imp(hour, hazard.Damage, "A")}})
	ch, ok := r.Explain(c.i("C"), hour)
	if !ok {
		t.Fatal("no chain for C")
	}
	if p, co := cited(r, ch.Causes[0].ID); p != "A" || !slices.Equal(co, []string{"B"}) {
		t.Errorf("C cites %q and co-parents %v, want A and [B]:\n%s", p, co, ch)
	}
	text := ch.String()
	if !strings.Contains(text, "\n  ← 1h      A (power): damage") || !strings.Contains(text, "\n  & 1h      B (power): damage") {
		t.Errorf("text does not list B beside A:\n%s", text)
	}
	var js strings.Builder
	if err := ch.WriteJSON(&js); err != nil || !strings.Contains(js.String(), `"co_parents"`) ||
		!strings.Contains(js.String(), `"co_parent_causes": [`+"\n"+`      {`+"\n"+`        "id": `) || !strings.Contains(js.String(), `"entity": "B"`) {
		t.Errorf("JSON lacks the co-parents (%v):\n%s", err, js.String())
	}
	var dot strings.Builder
	if err := ch.WriteDOT(&dot); err != nil || !strings.Contains(dot.String(), "style=dashed") {
		t.Errorf("DOT lacks the co-parent's arrow (%v):\n%s", err, dot.String())
	}

	// The link B–C and the component A at one instant: A first.
	r = run(t, c.n, Options{}, Input{Impacts: []hazard.Impact{
		c.limp(hour, hazard.Damage, "B-C"), c.imp(hour, hazard.Damage, "A")}})
	ch, _ = r.Explain(c.i("C"), hour)
	if p, co := cited(r, ch.Causes[0].ID); p != "A" || !slices.Equal(co, []string{"link B-C"}) {
		t.Errorf("C cites %q and co-parents %v, want A and [link B-C]:\n%s", p, co, ch)
	}
}

// TestCutSkipsDeadEnd: G–B–C–D, D a dead end hanging off C. B and D fail at
// one instant: D lies next to C's region but was fed only through C, so
// it is no cause of C's loss; B is.
func TestCutSkipsDeadEnd(t *testing.T) {
	c := cutToy(t, []string{"B", "C", "D"}, []string{"G-B", "B-C", "C-D"})
	r := run(t, c.n, Options{}, Input{Impacts: []hazard.Impact{
		c.imp(hour, hazard.Damage, "D"), c.imp(hour, hazard.Damage, "B")}})
	ch, ok := r.Explain(c.i("C"), hour)
	if !ok {
		t.Fatal("no chain for C")
	}
	if p, co := cited(r, ch.Causes[0].ID); p != "B" || len(co) != 0 {
		t.Errorf("C cites %q and co-parents %v, want B alone:\n%s", p, co, ch)
	}
}

// powerCutToy is cutToy under the DC power-flow model.
func powerCutToy(t *testing.T, consumers []string, links []string) (*toy, Options) {
	return cutToy(t, consumers, links), Options{Models: map[network.Sector]flow.Factory{network.Power: power.Options{}.Factory}}
}

// TestCutPower: the cases above with the DC power-flow model, where a
// member loses service when its island loses its generation. G feeds A
// and, through B, C; A and B are damaged at one instant: C's island {C}
// was split from G's by B alone, so C cites B (not A, the first impact).
// With G–B–C–D, D and B damaged together, D is a dead end fed through C:
// C cites B alone. When the generator G itself fails, the island {A} that
// hung from it lost its generation: A cites G.
func TestCutPower(t *testing.T) {
	explain := func(c *toy, r *Result, id string) (string, []string) {
		t.Helper()
		ch, ok := r.Explain(c.i(id), hour)
		if !ok || len(ch.Causes) < 2 || ch.Causes[0].Mechanism != ByService {
			t.Fatalf("chain of %s:\n%s", id, ch)
		}
		return cited(r, ch.Causes[0].ID)
	}
	c, opts := powerCutToy(t, []string{"A", "B", "C"}, []string{"G-A", "G-B", "B-C"})
	r := run(t, c.n, opts, Input{Impacts: []hazard.Impact{
		c.imp(hour, hazard.Damage, "A"), c.imp(hour, hazard.Damage, "B")}})
	if p, co := explain(c, r, "C"); p != "B" || len(co) != 0 {
		t.Errorf("C cites %q and co-parents %v, want B alone", p, co)
	}

	c, opts = powerCutToy(t, []string{"A", "B", "C"}, []string{"G-A", "G-B", "A-C", "B-C"})
	r = run(t, c.n, opts, Input{Impacts: []hazard.Impact{
		c.imp(hour, hazard.Damage, "B"), c.imp(hour, hazard.Damage, "A")}})
	if p, co := explain(c, r, "C"); p != "A" || !slices.Equal(co, []string{"B"}) {
		t.Errorf("C cites %q and co-parents %v, want A and [B]", p, co)
	}

	c, opts = powerCutToy(t, []string{"B", "C", "D"}, []string{"G-B", "B-C", "C-D"})
	r = run(t, c.n, opts, Input{Impacts: []hazard.Impact{
		c.imp(hour, hazard.Damage, "D"), c.imp(hour, hazard.Damage, "B")}})
	if p, co := explain(c, r, "C"); p != "B" || len(co) != 0 {
		t.Errorf("C cites %q and co-parents %v, want B alone", p, co)
	}

	c, opts = powerCutToy(t, []string{"A"}, []string{"G-A"})
	r = run(t, c.n, opts, Input{Impacts: []hazard.Impact{c.imp(hour, hazard.Damage, "G")}})
	if p, co := explain(c, r, "A"); p != "G" || len(co) != 0 {
		t.Errorf("A cites %q and co-parents %v, want G alone", p, co)
	}
}

// TestCutWater: the cases above with the water model, whose sources here
// are plants (no tanks): G feeds A and, through B, C; A and B damaged at
// one instant: C cites B alone. C hanging from G through A and through B,
// both damaged: C cites A (the lower index) and B beside it. G–B–C–D with
// D, a dead end fed through C, damaged with B: C cites B alone.
func TestCutWater(t *testing.T) {
	opts := Options{Models: map[network.Sector]flow.Factory{network.Water: water.Options{}.Factory}}
	for _, tc := range []struct {
		consumers, links []string
		damaged          []string
		parent           string
		co               []string
	}{
		{[]string{"A", "B", "C"}, []string{"G-A", "G-B", "B-C"}, []string{"A", "B"}, "B", nil},
		{[]string{"A", "B", "C"}, []string{"G-A", "G-B", "A-C", "B-C"}, []string{"B", "A"}, "A", []string{"B"}},
		{[]string{"B", "C", "D"}, []string{"G-B", "B-C", "C-D"}, []string{"D", "B"}, "B", nil},
	} {
		c := cutToyIn(t, network.Water, tc.consumers, tc.links)
		var ims []hazard.Impact
		for _, id := range tc.damaged {
			ims = append(ims, c.imp(hour, hazard.Damage, id))
		}
		r := run(t, c.n, opts, Input{Impacts: ims})
		ch, ok := r.Explain(c.i("C"), hour)
		if !ok || len(ch.Causes) != 2 || ch.Causes[0].Mechanism != ByService {
			t.Fatalf("chain of C:\n%s", ch)
		}
		if p, co := cited(r, ch.Causes[0].ID); p != tc.parent || !slices.Equal(co, tc.co) {
			t.Errorf("links %v, %v damaged: C cites %q and co-parents %v, want %s and %v:\n%s", tc.links, tc.damaged, p, co, tc.parent, tc.co, ch)
		}
	}
}

// TestCutRandomCities runs random one-sector cities (several sources,
// undirected and directed links, no requirements, so each instant is one
// model call) through rounds of damage and repair, replays the change log
// into the states just before and after every instant, and checks by brute
// force that the elements each cut-off member cites are exactly those the
// definition names (and at least one).
func TestCutRandomCities(t *testing.T) {
	cutCities(t, network.Power, Options{}, true)
}

// cutCities runs cutCity for 40 seeds and checks that they cut off
// enough members.
func cutCities(t *testing.T, sec network.Sector, opts Options, directed bool) {
	t.Helper()
	checked := 0
	for seed := range uint64(40) {
		checked += cutCity(t, seed, sec, opts, directed)
	}
	if checked < 100 {
		t.Fatalf("only %d cut-off members checked", checked)
	}
	t.Logf("%d cut-off members checked", checked)
}

// TestCutRandomCitiesPower is TestCutRandomCities with the DC power-flow
// model and undirected branches (power islands ignore link directions).
// Generators are unlimited, so a member loses service exactly when its
// island loses every functional generator, and each such member must cite
// what the definition names.
func TestCutRandomCitiesPower(t *testing.T) {
	cutCities(t, network.Power, Options{Models: map[network.Sector]flow.Factory{network.Power: power.Options{}.Factory}}, false)
}

// TestCutRandomCitiesWater is TestCutRandomCities with the water model on
// a water sector of plants (no tanks), whose links it follows in their
// direction as Connectivity does.
func TestCutRandomCitiesWater(t *testing.T) {
	cutCities(t, network.Water, Options{Models: map[network.Sector]flow.Factory{network.Water: water.Options{}.Factory}}, true)
}

// cutCity runs one random city of TestCutRandomCities with opts (directed
// links among its links when directed is set; every link has a reactance)
// and returns the number of cut-off members it checked.
func cutCity(t *testing.T, seed uint64, sec network.Sector, opts Options, directed bool) int {
	rng := rand.New(rand.NewPCG(seed, 17))
	const nc = 50
	b := network.NewBuilder()
	for i := range nc {
		role := network.RoleConsumer
		if i < 3 {
			role = network.RoleSource
		}
		b.AddComponent(network.Component{ID: fmt.Sprint("c", i), Sector: sec, Role: role, Demand: 1})
	}
	for l := range 75 {
		from, to := rng.IntN(nc), rng.IntN(nc)
		if from == to {
			to = (to + 1) % nc
		}
		b.AddLink(network.Link{ID: fmt.Sprint("l", l), From: fmt.Sprint("c", from), To: fmt.Sprint("c", to), Directed: directed && rng.IntN(3) == 0, Reactance: 0.1})
	}
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	var ims []hazard.Impact
	var downC, downL []int32
	for k := range 8 {
		at := sim.Time(k+1) * hour
		for range 1 + rng.IntN(4) {
			i := int32(rng.IntN(nc))
			ims = append(ims, hazard.Impact{Time: at, Kind: hazard.Damage, Target: i})
			downC = append(downC, i)
		}
		for range rng.IntN(4) {
			l := int32(rng.IntN(n.NumLinks()))
			ims = append(ims, hazard.Impact{Time: at, Kind: hazard.Damage, Target: l, Link: true})
			downL = append(downL, l)
		}
		for range rng.IntN(3) {
			if len(downC) > 0 {
				j := rng.IntN(len(downC))
				ims = append(ims, hazard.Impact{Time: at, Kind: hazard.Repair, Target: downC[j]})
				downC = slices.Delete(downC, j, j+1)
			}
			if len(downL) > 0 {
				j := rng.IntN(len(downL))
				ims = append(ims, hazard.Impact{Time: at, Kind: hazard.Repair, Target: downL[j], Link: true})
				downL = slices.Delete(downL, j, j+1)
			}
		}
	}
	r := run(t, n, opts, Input{Impacts: ims})
	hit := map[[2]int64]bool{}
	for _, im := range ims {
		if !im.Link {
			hit[[2]int64{int64(im.Time), int64(im.Target)}] = true
		}
	}

	// Replay: flags per component and link, instant by instant.
	cf := make([]network.Flags, nc)
	lf := make([]network.Flags, n.NumLinks())
	fun := func(f []network.Flags) func(int32) bool {
		return func(i int32) bool { return f[i]&network.DownFlags == 0 }
	}
	checked := 0
	for k := 0; k < len(r.Changes); {
		t0 := r.Changes[k].Time
		end := k
		for end < len(r.Changes) && r.Changes[end].Time == t0 {
			end++
		}
		beforeC, beforeL := slices.Clone(cf), slices.Clone(lf)
		for _, x := range r.Changes[k:end] {
			if x.Link {
				lf[x.Entity] = x.New
			} else {
				cf[x.Entity] = x.New
			}
		}
		for _, x := range r.Changes[k:end] {
			if t0 == 0 || x.Link || !x.Down() || x.New&network.DownFlags != 0 || hit[[2]int64{int64(t0), int64(x.Entity)}] {
				continue
			}
			// x.Entity is functional, lost service at t0 and no impact
			// touched it then (a member damaged and repaired at one
			// instant cites its own repair).
			want := definedCut(n, x.Entity, fun(beforeC), fun(beforeL), fun(cf), fun(lf))
			var got []string
			c := r.Causes[x.Cause]
			if c.Mechanism != ByService {
				t.Fatalf("seed %d at %v: %s lost service by %v", seed, t0, n.ComponentID(x.Entity), c.Mechanism)
			}
			for _, id := range append([]int32{c.Parent}, r.CoParentsOf(x.Cause)...) {
				if id < 0 {
					continue
				}
				p := r.Causes[id]
				if p.Link {
					got = append(got, "link "+n.LinkID(p.Entity))
				} else {
					got = append(got, n.ComponentID(p.Entity))
				}
			}
			slices.Sort(got)
			if len(want) == 0 || !slices.Equal(got, want) {
				ch, _ := r.Explain(x.Entity, t0)
				t.Fatalf("seed %d at %v: %s cites %v, the definition names %v\n%s", seed, t0, n.ComponentID(x.Entity), got, want, ch)
			}
			checked++
		}
		k = end
	}
	return checked
}

// definedCut returns, sorted, the elements the definition names for the
// functional member i cut off at an instant, from the functional and
// working status of components and links before and after it: a fixpoint
// over the link list, with no adjacency and no forest.
func definedCut(n *network.Network, i int32, funB, workB, funA, workA func(int32) bool) []string {
	// arcs of link l: From → To, and To → From unless directed.
	arcs := func(l int32) [][2]int32 {
		a, b := n.Ends(l)
		if n.Directed(l) {
			return [][2]int32{{a, b}}
		}
		return [][2]int32{{a, b}, {b, a}}
	}
	// R(i): functional members from which i is reached through working
	// links and functional members, after the instant.
	inR := map[int32]bool{i: true}
	for grown := true; grown; {
		grown = false
		for l := range n.Links() {
			if !workA(l) {
				continue
			}
			for _, a := range arcs(l) {
				if inR[a[1]] && !inR[a[0]] && funA(a[0]) {
					inR[a[0]], grown = true, true
				}
			}
		}
	}
	// fed: reached from a functional source before the instant, avoiding R.
	fed := map[int32]bool{}
	for _, s := range n.Sources(0) {
		if funB(s) && !inR[s] {
			fed[s] = true
		}
	}
	for grown := true; grown; {
		grown = false
		for l := range n.Links() {
			if !workB(l) {
				continue
			}
			for _, a := range arcs(l) {
				if fed[a[0]] && !fed[a[1]] && !inR[a[1]] && funB(a[1]) {
					fed[a[1]], grown = true, true
				}
			}
		}
	}
	set := map[string]bool{}
	for l := range n.Links() {
		for _, a := range arcs(l) {
			u, v := a[0], a[1]
			if !inR[v] || inR[u] {
				continue
			}
			// a link failed at the instant whose arc enters R from a tail
			// fed before
			if workB(l) && !workA(l) && fed[u] {
				set["link "+n.LinkID(l)] = true
			}
			// a component failed at the instant, fed before, with a link
			// that worked before into R
			if funB(u) && !funA(u) && fed[u] && workB(l) {
				set[n.ComponentID(u)] = true
			}
		}
	}
	var out []string
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
