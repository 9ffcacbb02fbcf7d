package roads_test

import (
	"testing"

	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// TestWalkOrder checks Walk against Tree on a grid with one-way streets,
// intact and damaged: it visits exactly the members Tree reaches, each
// once, at Tree's time, in nondecreasing order; stopped early, the members
// visited keep their times and paths.
func TestWalkOrder(t *testing.T) {
	n := randomGrid(t, 20, 15, 0.3, 7)
	s, _ := n.SectorIndexOf(network.Transport)
	st := network.NewState(n)
	r := roads.NewRouter(n, s)
	for pass := range 2 {
		if pass == 1 {
			damage(n, st, 0.1, 0.2, 3)
		}
		r.Load(st)
		for _, from := range []int32{0, 77, 299} {
			want := map[int32]sim.Time{}
			tr := r.Tree(from)
			for i := range n.Components() {
				if d := tr.Time(i); d != roads.Unreachable {
					want[i] = d
				}
			}
			got := map[int32]sim.Time{}
			last := sim.Time(-1)
			r.Walk(from, func(i int32, d sim.Time) bool {
				if _, dup := got[i]; dup {
					t.Fatalf("pass %d from %d: %d visited twice", pass, from, i)
				}
				if d < last {
					t.Fatalf("pass %d from %d: %d at %v after %v", pass, from, i, d, last)
				}
				got[i], last = d, d
				return true
			})
			if len(got) != len(want) {
				t.Fatalf("pass %d from %d: walked %d members, tree reaches %d", pass, from, len(got), len(want))
			}
			for i, d := range want {
				if got[i] != d {
					t.Errorf("pass %d from %d: %d walked at %v, tree %v", pass, from, i, got[i], d)
				}
			}
			// Stopped after ten members: those keep their times, and
			// the path to the last one sums to its time.
			var seen []int32
			wt := r.Walk(from, func(i int32, _ sim.Time) bool { seen = append(seen, i); return len(seen) < 10 })
			for _, i := range seen {
				if wt.Time(i) != want[i] {
					t.Errorf("pass %d from %d: stopped walk gives %d %v, want %v", pass, from, i, wt.Time(i), want[i])
				}
			}
			if p := wt.Path(seen[len(seen)-1], nil); len(p) == 0 || p[0] != from {
				t.Errorf("pass %d from %d: path %v", pass, from, p)
			}
		}
	}
}

// TestUpdateEqualsLoad: a Router loaded on the intact grid and then
// told, through Update, of the links and components a flood changed
// answers exactly as one loaded on the flooded state.
func TestUpdateEqualsLoad(t *testing.T) {
	n := randomGrid(t, 12, 12, 0.2, 9)
	s, _ := n.SectorIndexOf(network.Transport)
	st := network.NewState(n)
	inc, full := roads.NewRouter(n, s), roads.NewRouter(n, s)
	inc.LoadView(st.View())
	damage(n, st, 0.15, 0.25, 4)
	var comps []int32
	for i := int32(0); i < int32(n.NumComponents()); i += 7 {
		st.Set(i, network.Damaged)
		comps = append(comps, i)
	}
	var links []int32
	for l := range n.Links() {
		links = append(links, l)
	}
	inc.Update(st.View(), comps, links)
	full.Load(st)
	for _, from := range []int32{1, 50, 143} {
		a, b := inc.Tree(from), full.Tree(from)
		for i := range n.Components() {
			if a.Time(i) != b.Time(i) {
				t.Fatalf("from %d: %d at %v after Update, %v after Load", from, i, a.Time(i), b.Time(i))
			}
		}
	}
}
