package roads_test

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// spreadGrid is a 20 × 20 grid of one-way and two-way streets whose times
// are drawn uniformly from [lo, hi] ns (0 included when lo is 0).
func spreadGrid(t *testing.T, lo, hi int64, seed uint64) *network.Network {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 3))
	b := network.NewBuilder()
	const nx = 20
	id := func(x, y int) string { return "n" + strconv.Itoa(y*nx+x) }
	for k := range nx * nx {
		b.AddComponent(network.Component{ID: id(k%nx, k/nx), Sector: network.Transport})
	}
	k := 0
	for y := range nx {
		for x := range nx {
			for _, e := range [][2]int{{x + 1, y}, {x, y + 1}} {
				if e[0] >= nx || e[1] >= nx {
					continue
				}
				k++
				l := network.Link{ID: "r" + strconv.Itoa(k), Kind: network.KindRoad, From: id(x, y), To: id(e[0], e[1]),
					FreeFlow: sim.Time(lo + rng.Int64N(hi-lo+1)), Directed: rng.IntN(3) == 0}
				if l.Directed && rng.IntN(2) == 0 {
					l.From, l.To = l.To, l.From
				}
				b.AddLink(l)
			}
		}
	}
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestQueuesAgree: Dial's bucket queue (rings of 4, 128 and 4096
// buckets: link times spread over 1–3, 1–100 and 1–3000 ns) and the radix
// heap give the same times, forward, backward and within limits; zero
// link times and a spread beyond the ring's bound fall back to the radix
// heap.
func TestQueuesAgree(t *testing.T) {
	for _, tc := range []struct {
		lo, hi  int64
		buckets bool
	}{{1, 3, true}, {1, 100, true}, {1, 3000, true}, {0, 50, false}, {1, 1e6, false}, {1e9, 1e11, true}} {
		n := spreadGrid(t, tc.lo, tc.hi, uint64(tc.hi))
		st := network.NewState(n)
		damage(n, st, 0.05, 0, 4)
		a, b := roads.NewRouter(n, 0), roads.NewRouter(n, 0)
		a.Load(st)
		b.Load(st)
		b.ForceRadix()
		if a.UsesBuckets() != tc.buckets {
			t.Errorf("times %d–%d ns: buckets %v, want %v", tc.lo, tc.hi, a.UsesBuckets(), tc.buckets)
		}
		members := n.SectorMembers(0)
		for _, root := range []int32{0, 210, 399} {
			want := make([]sim.Time, len(members))
			tree := b.Tree(root)
			for k, i := range members {
				want[k] = tree.Time(i)
			}
			tree = a.Tree(root)
			for k, i := range members {
				if got := tree.Time(i); got != want[k] {
					t.Fatalf("times %d–%d: %d → %d: %v, radix %v", tc.lo, tc.hi, root, i, got, want[k])
				}
			}
			limit := want[len(members)/2]
			if limit == roads.Unreachable {
				limit = sim.Time(tc.hi)
			}
			tree = a.TreeWithin(root, limit)
			for k, i := range members {
				w := want[k]
				if w > limit {
					w = roads.Unreachable
				}
				if got := tree.Time(i); got != w {
					t.Fatalf("times %d–%d within %v: %d → %d: %v, want %v", tc.lo, tc.hi, limit, root, i, got, w)
				}
			}
			back, ref := a.TreeTo(root), b.TreeTo(root) // two routers: both trees stay valid
			for _, i := range members {
				if got, w := back.Time(i), ref.Time(i); got != w {
					t.Fatalf("times %d–%d: %d → %d backwards: %v, radix %v", tc.lo, tc.hi, i, root, got, w)
				}
			}
		}
	}
}
