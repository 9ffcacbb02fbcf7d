package metrics

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Path is the sequence of sectors a failure's chain of causes passes
// through, from the root (the hazard's impact) to the failed entity, with
// consecutive repeats merged: a pump cut off by a substation's damage is
// power→water; a substation that loses its SCADA link because a tower
// lost power, power→telecom→power. A trigger cause (cascade.ByTrigger)
// is in its site's sector, and in none when its condition held at no
// component (a place, a time).
type Path []network.Sector

// String joins the sectors with "→".
func (p Path) String() string {
	s := make([]string, len(p))
	for k, x := range p {
		s[k] = string(x)
	}
	return strings.Join(s, "→")
}

// PathCount is the number of failures along one Path.
type PathCount struct {
	Path  Path
	Count int
}

// MechanismCount is the number of failures by one mechanism.
type MechanismCount struct {
	Mechanism cascade.Mechanism
	Count     int
}

// Longest is the failure at the end of the longest chain of causes.
type Longest struct {
	// Length is the number of causes in the chain, the failure's own and
	// the root's included (a damaged component's chain has length 1).
	Length int
	// Entity (a link when Link) failed at Time; Result.Explain(Entity,
	// Time) (ExplainLink) prints the chain.
	Entity int32
	Link   bool
	Time   sim.Time
	// Cause is the failure's cause id.
	Cause int32
}

// Chains are a run's chain statistics.
type Chains struct {
	// Direct and Induced count first losses (Result.Direct and Induced):
	// direct are components first lost by damage, removal or suspension
	// and links first lost by an impact; induced, the rest.
	Direct, Induced int
	// Amplification = (Direct + Induced) ÷ Direct, NaN when nothing was
	// lost directly.
	Amplification float64
	// Failures counts every change that took a component or link out of
	// service (cascade.Change.Down), repeated losses of one entity
	// included, except those of the intact state at time 0 (mechanism
	// Initial).
	Failures int
	// ByMechanism splits Failures by the mechanism of their cause, in
	// mechanism order, mechanisms without failures left out.
	ByMechanism []MechanismCount
	// Paths splits Failures by the sector path of their chain, most
	// frequent first (ties by the path's text).
	Paths []PathCount
	// Longest is the failure with the longest chain (the first in the
	// log among equals); Length 0 when nothing failed.
	Longest Longest
}

// ChainStats returns the chain statistics of a run, following causes
// along parents (co-parents are beside the chain, not on it, as in
// cascade.Result.Explain). A change without a cause counts among the
// failures and nowhere else. It reads the change log: with the log off
// (and something having failed) the error wraps ErrNoChangeLog. Cost:
// O(changes + causes): each cause's depth and path are found once,
// walking up to the first cause already known.
func ChainStats(r *cascade.Result) (Chains, error) {
	ch := Chains{Direct: r.Direct, Induced: r.Induced, Amplification: r.Amplification()}
	if !logged(r) {
		return ch, fmt.Errorf("%w: chain statistics", ErrNoChangeLog)
	}
	w := newChainWalk(r)
	var byMech []int
	paths := map[int32]int{}
	for k := range r.Changes {
		c := &r.Changes[k]
		if !c.Down() {
			continue
		}
		if c.Cause >= 0 && r.Causes[c.Cause].Mechanism == cascade.Initial {
			continue
		}
		ch.Failures++
		if c.Cause < 0 {
			continue
		}
		m := int(r.Causes[c.Cause].Mechanism)
		if m >= len(byMech) {
			byMech = append(byMech, make([]int, m+1-len(byMech))...)
		}
		byMech[m]++
		depth, path := w.walk(c.Cause)
		paths[path]++
		if int(depth) > ch.Longest.Length {
			ch.Longest = Longest{Length: int(depth), Entity: c.Entity, Link: c.Link, Time: c.Time, Cause: c.Cause}
		}
	}
	for m, n := range byMech {
		if n > 0 {
			ch.ByMechanism = append(ch.ByMechanism, MechanismCount{Mechanism: cascade.Mechanism(m), Count: n})
		}
	}
	for p, n := range paths {
		ch.Paths = append(ch.Paths, PathCount{Path: w.path(p), Count: n})
	}
	slices.SortFunc(ch.Paths, func(a, b PathCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return strings.Compare(a.Path.String(), b.Path.String())
	})
	return ch, nil
}

// chainWalk memoises, per cause, the depth of its chain and its sector
// path, the paths held as a trie of (previous path, sector) nodes.
type chainWalk struct {
	r      *cascade.Result
	depth  []int32 // per cause, 0: not yet known
	pathOf []int32
	nodes  []pathNode
	ids    map[pathNode]int32
	stack  []int32
}

type pathNode struct {
	prev   int32 // −1 at the root
	sector network.SectorIndex
}

func newChainWalk(r *cascade.Result) *chainWalk {
	return &chainWalk{r: r, depth: make([]int32, len(r.Causes)), pathOf: make([]int32, len(r.Causes)), ids: map[pathNode]int32{}}
}

// sectorOf returns the sector of cause c's entity, false for none (a
// trigger cause without a site).
func (w *chainWalk) sectorOf(c *cascade.Cause) (network.SectorIndex, bool) {
	switch {
	case c.Entity < 0:
		return 0, false
	case c.Link:
		return w.r.Network.LinkSector(c.Entity), true
	}
	return w.r.Network.ComponentSector(c.Entity), true
}

// walk returns the chain depth and path id of cause id.
func (w *chainWalk) walk(id int32) (int32, int32) {
	w.stack = w.stack[:0]
	for x := id; x >= 0 && w.depth[x] == 0; x = w.r.Causes[x].Parent {
		if len(w.stack) > len(w.r.Causes) {
			panic("metrics: the causes' parents form a cycle")
		}
		w.stack = append(w.stack, x)
	}
	for k := len(w.stack) - 1; k >= 0; k-- {
		x := w.stack[k]
		c := &w.r.Causes[x]
		s, inSector := w.sectorOf(c)
		d, prev := int32(1), int32(-1)
		if c.Parent >= 0 {
			d, prev = w.depth[c.Parent]+1, w.pathOf[c.Parent]
		}
		if inSector && (prev < 0 || w.nodes[prev].sector != s) {
			prev = w.intern(pathNode{prev: prev, sector: s})
		}
		w.depth[x], w.pathOf[x] = d, prev
	}
	return w.depth[id], w.pathOf[id]
}

func (w *chainWalk) intern(n pathNode) int32 {
	if id, ok := w.ids[n]; ok {
		return id
	}
	id := int32(len(w.nodes))
	w.nodes = append(w.nodes, n)
	w.ids[n] = id
	return id
}

// path spells out path id, root first.
func (w *chainWalk) path(id int32) Path {
	var p Path
	for ; id >= 0; id = w.nodes[id].prev {
		p = append(p, w.r.Network.SectorName(w.nodes[id].sector))
	}
	slices.Reverse(p)
	return p
}
