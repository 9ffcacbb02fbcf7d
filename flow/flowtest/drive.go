package flowtest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
)

// Drive runs a model built by f through steps seeded random changes of
// sector s of n and compares, after every Serve, the verdict its reports
// add up to with a fresh model's from scratch: served fractions and trips
// exactly, loadings and outflows within 1e-9 relative. Beyond Run's
// sequences it takes every member down at once and brings every member
// back, asks for Changes.All in the middle of the sequence, and lists in
// Changes members and links that did not change and, when p differs from
// s, members and links of sector p (a model must ignore them). It also
// checks that each report lists members of s only, once each.
func Drive(t *testing.T, n *network.Network, s, p network.SectorIndex, seed uint64, steps int, f flow.Factory) {
	t.Helper()
	if err := drive(n, s, p, seed, steps, f); err != nil {
		t.Fatal(err)
	}
}

// drive is Drive, returning the first violation.
func drive(n *network.Network, s, p network.SectorIndex, seed uint64, steps int, f flow.Factory) error {
	m, err := f(n, s)
	if err != nil {
		return fmt.Errorf("factory: %v", err)
	}
	rng := rand.New(rand.NewPCG(seed, 77))
	members, others := n.SectorMembers(s), n.SectorMembers(p)
	var links, otherLinks []int32
	for l := range n.Links() {
		switch n.LinkSector(l) {
		case s:
			links = append(links, l)
		case p:
			otherLinks = append(otherLinks, l)
		}
	}
	st := network.NewState(n)
	v := flow.NewVerdict(n)
	ch := &flow.Changes{All: true}
	out := &flow.Output{}
	restart := false                  // the last Serve failed: the next is from scratch
	var latched, latchedLinks []int32 // trips latched after the last Serve: changes of the next
	for step := range steps {
		if step > 0 {
			ch.Reset()
			comps, ls := map[int32]bool{}, map[int32]bool{}
			for _, i := range latched {
				comps[i] = true
			}
			for _, l := range latchedLinks {
				ls[l] = true
			}
			switch a := rng.IntN(24); {
			case a == 0: // every member down
				for _, i := range members {
					st.Set(i, network.Damaged)
					comps[i] = true
				}
			case a == 1: // every member back
				for _, i := range members {
					st.Clear(i, network.Damaged|network.Depleted|network.Suspended|network.Tripped)
					comps[i] = true
				}
			case a == 2 || restart:
				ch.All, restart = true, false
			default:
				k := 1 + rng.IntN(4)
				if rng.IntN(10) == 0 { // a sweeping change, as a large hazard makes
					k = len(members) / 4
				}
				for range k {
					i := members[rng.IntN(len(members))]
					switch u := rng.IntN(6); u {
					case 0, 1:
						if st.Flags(i)&network.Damaged != 0 {
							st.Clear(i, network.Damaged)
						} else {
							st.Set(i, network.Damaged)
						}
					case 2: // a tank runs dry or refills
						if st.Flags(i)&network.Depleted != 0 {
							st.Clear(i, network.Depleted)
						} else {
							st.Set(i, network.Depleted)
						}
					case 3:
						st.SetFactor(i, float64(rng.IntN(5))/4)
					case 4:
						st.SetDemandFactor(i, float64(rng.IntN(5))/2)
					default:
						if st.Flags(i)&network.Suspended != 0 {
							st.Clear(i, network.Suspended)
						} else {
							st.Set(i, network.Suspended)
						}
					}
					comps[i] = true
				}
				for range min(len(links), rng.IntN(3)) {
					l := links[rng.IntN(len(links))]
					if rng.IntN(4) == 0 {
						st.SetLinkFactor(l, float64(rng.IntN(3))/2)
					} else if st.LinkFlags(l)&(network.Damaged|network.Tripped) != 0 {
						st.ClearLink(l, network.Damaged|network.Tripped)
					} else {
						st.SetLink(l, network.Damaged)
					}
					ls[l] = true
				}
			}
			// Noise: unchanged members and links, and another sector's.
			for range rng.IntN(3) {
				comps[members[rng.IntN(len(members))]] = true
				if len(links) > 0 {
					ls[links[rng.IntN(len(links))]] = true
				}
			}
			if p != s && rng.IntN(4) == 0 {
				if len(others) > 0 {
					comps[others[rng.IntN(len(others))]] = true
				}
				if len(otherLinks) > 0 {
					ls[otherLinks[rng.IntN(len(otherLinks))]] = true
				}
			}
			// In no particular order, as the engine lists them.
			ch.Components = slices.Sorted(maps.Keys(comps))
			ch.Links = slices.Sorted(maps.Keys(ls))
			rng.Shuffle(len(ch.Components), func(i, j int) { ch.Components[i], ch.Components[j] = ch.Components[j], ch.Components[i] })
			rng.Shuffle(len(ch.Links), func(i, j int) { ch.Links[i], ch.Links[j] = ch.Links[j], ch.Links[i] })
		}
		ch.NoCut = rng.IntN(2) == 0
		out.Reset()
		err := m.Serve(st, ch, out)
		fresh, ferr := f(n, s)
		if ferr != nil {
			return fmt.Errorf("factory: %v", ferr)
		}
		w, ferr := flow.Evaluate(fresh, st)
		if (err == nil) != (ferr == nil) {
			return fmt.Errorf("seed %d step %d: error %v, fresh %v", seed, step, err, ferr)
		}
		if err != nil {
			// The engine ends its run; a test may start over.
			restart = true
			continue
		}
		if ch.All {
			v = flow.NewVerdict(n)
		}
		once := map[int32]bool{}
		for _, e := range out.Served {
			if once[e.I] || n.ComponentSector(e.I) != s {
				return fmt.Errorf("seed %d step %d: served of %s listed twice or outside the sector", seed, step, n.ComponentID(e.I))
			}
			once[e.I] = true
		}
		v.Apply(out)
		for _, i := range members {
			if v.Served[i] != w.Served[i] {
				return fmt.Errorf("seed %d step %d: served[%s] %v, fresh %v", seed, step, n.ComponentID(i), v.Served[i], w.Served[i])
			}
			if !near(v.StockFlow[i], w.StockFlow[i]) || !near(v.ComponentLoading[i], w.ComponentLoading[i]) {
				return fmt.Errorf("seed %d step %d: %s outflow %v loading %v, fresh %v %v", seed, step, n.ComponentID(i), v.StockFlow[i], v.ComponentLoading[i], w.StockFlow[i], w.ComponentLoading[i])
			}
		}
		for l := range n.Links() {
			if !near(v.Loading[l], w.Loading[l]) {
				return fmt.Errorf("seed %d step %d: loading of %s %v, fresh %v", seed, step, n.LinkID(l), v.Loading[l], w.Loading[l])
			}
		}
		if err := bound(m, n, s, st, v); err != nil {
			return fmt.Errorf("seed %d step %d: %v", seed, step, err)
		}
		if a, b := slices.Sorted(slices.Values(v.Trip)), slices.Sorted(slices.Values(w.Trip)); !slices.Equal(a, b) {
			return fmt.Errorf("seed %d step %d: trips %v, fresh %v", seed, step, a, b)
		}
		// The engine latches the trips (not always at once) and flags
		// members unserved or on backup, which are no changes.
		latched, latchedLinks = latched[:0], latchedLinks[:0]
		for _, l := range v.Rated {
			if v.Loading[l] > 1 && rng.IntN(2) == 0 {
				st.SetLink(l, network.Tripped)
				latchedLinks = append(latchedLinks, l)
			}
		}
		if rng.IntN(2) == 0 {
			for _, i := range v.Trip {
				st.Set(i, network.Tripped)
				latched = append(latched, i)
			}
		}
		for _, i := range members {
			if v.Served[i] == 0 {
				st.Set(i, network.Unserved)
			} else {
				st.Clear(i, network.Unserved)
			}
			if rng.IntN(8) == 0 {
				st.Set(i, network.OnBackup)
			}
		}
	}
	return nil
}
