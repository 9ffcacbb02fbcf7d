package roads_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
)

// BenchmarkTree: one shortest travel-time tree from the centre of a
// 400 × 250 grid (100000 intersections), router warm.
func BenchmarkTree(b *testing.B) { benchTree(b, (*roads.Router).Tree) }

// BenchmarkTreeTo is BenchmarkTree backwards (many-to-one over In).
func BenchmarkTreeTo(b *testing.B) { benchTree(b, (*roads.Router).TreeTo) }

// BenchmarkTreeRadix is BenchmarkTree on the radix heap (the queue for
// spread or zero link times) instead of Dial's buckets.
func BenchmarkTreeRadix(b *testing.B) {
	benchTree(b, func(r *roads.Router, root int32) roads.Tree { r.ForceRadix(); return r.Tree(root) })
}

func benchTree(b *testing.B, tree func(*roads.Router, int32) roads.Tree) {
	n := randomGrid(b, 400, 250, 0, 1)
	s, _ := n.SectorIndexOf(network.Transport)
	r := roads.NewRouter(n, s)
	r.Load(network.NewState(n))
	root := int32(125*400 + 200)
	tree(r, root)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		tree(r, root)
	}
}

// serveBench is one benchmark instant at 10⁵ components: a synthetic
// city with 5 % of its road links damaged, and changes more road links
// that the timed loop damages and repairs in turn (odd iterations damage
// them, even ones repair them), so every Serve sees that many changes.
type serveBench struct {
	n       *network.Network
	s       network.SectorIndex
	st      *network.State
	changes [][]int32 // per size: the links toggled
}

func newServeBench(b *testing.B) *serveBench {
	n, err := synth.City(synth.CityParams{Seed: 1, Components: 100000})
	if err != nil {
		b.Fatal(err)
	}
	s, _ := n.SectorIndexOf(network.Transport)
	var links []int32
	for l := range n.Links() {
		if n.LinkSector(l) == s {
			links = append(links, l)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(links), func(i, j int) { links[i], links[j] = links[j], links[i] })
	st := network.NewState(n)
	bg := len(links) / 20
	for _, l := range links[:bg] {
		st.SetLink(l, network.Damaged)
	}
	sb := &serveBench{n: n, s: s, st: st}
	for _, k := range []int{1, 10, 100} {
		sb.changes = append(sb.changes, links[bg:bg+k])
	}
	return sb
}

// toggle damages the links when on is set, and repairs them otherwise.
func (sb *serveBench) toggle(ls []int32, on bool) {
	for _, l := range ls {
		if on {
			sb.st.SetLink(l, network.Damaged)
		} else {
			sb.st.ClearLink(l, network.Damaged)
		}
	}
}

// BenchmarkServe: one Serve after changes road links were damaged (or
// repaired) since the model's last Serve, on a city of 10⁵ components
// with 5 % of its roads damaged. The timed loop includes the state writes
// (a few ns each).
func BenchmarkServe(b *testing.B) { benchServe(b, false, false) }

// BenchmarkServeScratch: the same states as BenchmarkServe, each judged
// from scratch (a fresh model's first Serve: Load and one multi-source
// tree), without the model's construction.
func BenchmarkServeScratch(b *testing.B) { benchServe(b, true, false) }

// BenchmarkServeAccess is BenchmarkServe followed by Access(k) for every
// facility, which is what an engine recording per-facility series asks
// after each Serve: one tree per facility whenever a travel time changed.
func BenchmarkServeAccess(b *testing.B) { benchServe(b, false, true) }

func benchServe(b *testing.B, scratch, access bool) {
	sb := newServeBench(b)
	for _, ls := range sb.changes {
		b.Run(fmt.Sprintf("model=roads/changes=%d", len(ls)), func(b *testing.B) {
			m, err := roads.New(sb.n, sb.s, roads.Options{})
			if err != nil {
				b.Fatal(err)
			}
			out := &flow.Output{}
			if err := m.Serve(sb.st, &flow.Changes{All: true}, out); err != nil {
				b.Fatal(err)
			}
			ch := &flow.Changes{Links: ls}
			if scratch {
				ch = &flow.Changes{All: true}
			}
			b.ReportAllocs()
			on := true
			for b.Loop() {
				sb.toggle(ls, on)
				on = !on
				out.Reset()
				if err := m.Serve(sb.st, ch, out); err != nil {
					b.Fatal(err)
				}
				if access {
					for k := range m.Facilities() {
						m.Access(k)
					}
				}
			}
			if !on {
				sb.toggle(ls, false)
			}
		})
	}
}
