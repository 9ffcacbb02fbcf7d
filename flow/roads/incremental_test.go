package roads_test

import (
	"math/rand/v2"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/flow/flowtest"
	"github.com/lifeline-sim/lifeline/flow/roads"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/synth"
)

// roadChange applies one random change to the roads of st: a link or an
// intersection damaged or repaired, suspended or resumed, or given a
// factor in {0, ¼, ½, ¾, 1}.
func roadChange(n *network.Network, s network.SectorIndex, links []int32, st *network.State, rng *rand.Rand) {
	members := n.SectorMembers(s)
	f := float64(rng.IntN(5)) / 4
	if rng.IntN(4) > 0 {
		l := links[rng.IntN(len(links))]
		switch rng.IntN(5) {
		case 0:
			st.SetLink(l, network.Damaged)
		case 1:
			st.ClearLink(l, network.Damaged)
		case 2:
			st.SetLink(l, network.Suspended)
		case 3:
			st.ClearLink(l, network.Suspended)
		default:
			st.SetLinkFactor(l, f)
		}
		return
	}
	i := members[rng.IntN(len(members))]
	switch rng.IntN(4) {
	case 0:
		st.Set(i, network.Damaged)
	case 1:
		st.Clear(i, network.Damaged)
	case 2:
		st.SetFactor(i, f)
	default:
		st.SetFactor(i, 1)
	}
}

func sectorLinks(n *network.Network, s network.SectorIndex) []int32 {
	var ls []int32
	for l := range n.Links() {
		if n.LinkSector(l) == s {
			ls = append(ls, l)
		}
	}
	return ls
}

// TestIncrementalEqualsScratch drives one model through long random
// sequences of road damage, repairs and factor changes on a synthetic
// city with several hospitals, and after every step compares its verdict
// with a fresh model's from-scratch one: Served, Service and every
// facility's Access exactly equal. Steps change 1 to 8 things at once,
// and every 50 steps the state is reset (a mass repair).
func TestIncrementalEqualsScratch(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		n, err := synth.City(synth.CityParams{Seed: seed, Components: 3000, DistrictComponents: 150})
		if err != nil {
			t.Fatal(err)
		}
		s := flowtest.Sector(t, n, network.Transport)
		links := sectorLinks(n, s)
		m, err := roads.New(n, s, roads.Options{})
		if err != nil || len(m.Facilities()) < 4 {
			t.Fatalf("seed %d: %v, %d facilities (want several hospitals)", seed, err, len(m.Facilities()))
		}
		st := network.NewState(n)
		rng := rand.New(rand.NewPCG(seed, 9))
		sess := flowtest.NewSession(m, n, s)
		lost := 0
		for step := range 400 {
			if step%50 == 49 {
				st.Reset()
			} else {
				for range 1 + rng.IntN(8) {
					roadChange(n, s, links, st, rng)
				}
			}
			inc, _, err := sess.Step(st)
			if err != nil {
				t.Fatal(err)
			}
			f, err := roads.New(n, s, roads.Options{})
			if err != nil {
				t.Fatal(err)
			}
			fresh, err := flow.Evaluate(f, st)
			if err != nil {
				t.Fatal(err)
			}
			for _, i := range n.SectorMembers(s) {
				if inc.Served[i] != fresh.Served[i] {
					t.Fatalf("seed %d step %d: served[%s] %v incrementally, %v from scratch", seed, step, n.ComponentID(i), inc.Served[i], fresh.Served[i])
				}
			}
			r1, t1 := m.Service()
			r2, t2 := f.Service()
			if r1 != r2 || t1 != t2 {
				t.Fatalf("seed %d step %d: Service %d of %d incrementally, %d of %d from scratch", seed, step, r1, t1, r2, t2)
			}
			if r1 < t1 {
				lost++
			}
			for k := range m.Facilities() {
				// Access costs a tree per facility: every tenth step.
				if step%10 == 0 {
					a1, _ := m.Access(k)
					a2, _ := f.Access(k)
					if a1 != a2 {
						t.Fatalf("seed %d step %d: Access(%d) %d incrementally, %d from scratch", seed, step, k, a1, a2)
					}
				}
			}
			zones, _ := f.Zones()
			for z := range zones {
				now1, norm1 := m.Nearest(z)
				now2, norm2 := f.Nearest(z)
				if now1 != now2 || norm1 != norm2 {
					t.Fatalf("seed %d step %d: zone %d nearest %v (intact %v) incrementally, %v (%v) from scratch", seed, step, z, now1, norm1, now2, norm2)
				}
			}
		}
		// The sequence must exercise the rule, not only the intact city.
		t.Logf("seed %d: %d of 400 steps with a zone cut off from care", seed, lost)
		if lost < 50 {
			t.Errorf("seed %d: %d steps with a zone cut off from care, want at least 50", seed, lost)
		}
	}
}

// TestCutOnFormerRoute drives a model through random rounds of road
// failures only (links and intersections damaged or suspended; every 10
// rounds a mass repair). With failures alone a route can only break, so a
// functional zone representative that loses access lost an element of its
// former route: it must name a cut, and every element it names must have
// failed in that round (down now, up before it).
func TestCutOnFormerRoute(t *testing.T) {
	n, err := synth.City(synth.CityParams{Seed: 4, Components: 3000, DistrictComponents: 150})
	if err != nil {
		t.Fatal(err)
	}
	s := flowtest.Sector(t, n, network.Transport)
	links, members := sectorLinks(n, s), n.SectorMembers(s)
	m, err := roads.New(n, s, roads.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := network.NewState(n)
	rng := rand.New(rand.NewPCG(4, 11))
	sess := flowtest.NewSession(m, n, s)
	if _, _, err := sess.Step(st); err != nil {
		t.Fatal(err)
	}
	cuts := 0
	for round := range 300 {
		if round%10 == 9 {
			st.Reset()
			if _, _, err := sess.Step(st); err != nil {
				t.Fatal(err)
			}
			continue
		}
		upC := map[int32]bool{}
		upL := map[int32]bool{}
		for _, i := range members {
			upC[i] = st.Functional(i)
		}
		for _, l := range links {
			upL[l] = st.LinkWorking(l)
		}
		for range 1 + rng.IntN(30) {
			flag := network.Damaged
			if rng.IntN(2) == 0 {
				flag = network.Suspended
			}
			if rng.IntN(4) > 0 {
				st.SetLink(links[rng.IntN(len(links))], flag)
			} else {
				st.Set(members[rng.IntN(len(members))], flag)
			}
		}
		_, out, err := sess.Step(st)
		if err != nil {
			t.Fatal(err)
		}
		named := map[int32]bool{}
		for _, k := range out.Cut {
			named[k.I] = true
			cuts++
			for _, x := range out.CutElements[k.Start:k.End] {
				if x >= 0 && (!upC[x] || st.Functional(x)) || x < 0 && (!upL[^x] || st.LinkWorking(^x)) {
					t.Fatalf("round %d: %s cites element %d, which did not fail in this round", round, n.ComponentID(k.I), x)
				}
			}
		}
		for _, v := range out.Served {
			if v.V == 0 && st.Functional(v.I) && !named[v.I] {
				t.Fatalf("round %d: %s lost access and names no cut", round, n.ComponentID(v.I))
			}
		}
	}
	t.Logf("%d cuts checked", cuts)
	if cuts < 30 {
		t.Errorf("only %d cuts checked, want at least 30", cuts)
	}
}

// TestDriveIgnoresOtherSectors drives the road model through long random
// sequences (flowtest.Drive) whose Changes also list unchanged elements and
// members and links of the power sector: the model ignores the latter (it
// once reported a functional power member as served 1) and matches a fresh
// model from scratch after every Serve.
func TestDriveIgnoresOtherSectors(t *testing.T) {
	n, err := synth.City(synth.CityParams{Seed: 3, Components: 1500})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := n.SectorIndexOf(network.Transport)
	p, _ := n.SectorIndexOf(network.Power)
	for seed := range uint64(2) {
		flowtest.Drive(t, n, s, p, seed, 600, roads.Options{}.Factory)
	}
}
