package flowtest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
)

// steps is the number of random changes per sequence.
const steps = 40

// tolerance is the relative tolerance on loadings and outflows.
const tolerance = 1e-9

// Run checks every model built by the factories on every sector of n,
// through two seeded random sequences of changes (the same every run), one
// of components only and one of components and links. See the package
// documentation for the checks.
func Run(t *testing.T, n *network.Network, factories map[string]flow.Factory) {
	t.Helper()
	names := make([]string, 0, len(factories))
	for k := range factories {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			for s := range n.Sectors() {
				if err := check(n, s, factories[name]); err != nil {
					t.Fatalf("sector %s: %v", n.SectorName(s), err)
				}
			}
		})
	}
}

// check runs the suite on sector s and returns the first violation.
func check(n *network.Network, s network.SectorIndex, f flow.Factory) error {
	if err := binding(n, s, f); err != nil {
		return err
	}
	for _, links := range []bool{false, true} {
		if err := sequence(n, s, f, links); err != nil {
			if links {
				return fmt.Errorf("with link changes: %w", err)
			}
			return err
		}
	}
	return nil
}

// binding checks that a model is bound to its network and sector: the
// factory refuses a sector index the network does not have, and Serve a
// state of another network.
func binding(n *network.Network, s network.SectorIndex, f flow.Factory) error {
	if _, err := f(n, network.SectorIndex(n.NumSectors())); err == nil {
		return fmt.Errorf("factory: no error for sector index %d of a network of %d sectors", n.NumSectors(), n.NumSectors())
	}
	m, err := f(n, s)
	if err != nil {
		return fmt.Errorf("factory: %v", err)
	}
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "elsewhere", Sector: n.SectorName(s)})
	other, err := b.Build()
	if err != nil {
		return err
	}
	if err := m.Serve(network.NewState(other), &flow.Changes{All: true}, &flow.Output{}); err == nil {
		return fmt.Errorf("%s: Serve returned no error for a state of another network", m.Name())
	}
	return nil
}

// sequence drives one model through the intact state and steps random
// changes, comparing every verdict with a fresh model's.
func sequence(n *network.Network, s network.SectorIndex, f flow.Factory, links bool) error {
	m, err := f(n, s)
	if err != nil {
		return fmt.Errorf("factory: %v", err)
	}
	c := newChecker(n, s, m.Name())
	seed := uint64(s)
	if links {
		seed += 1 << 32
	}
	rng := rand.New(rand.NewPCG(1, seed))
	// A stream of its own for Changes.NoCut, so that the changes drawn
	// stay those of the suite without it.
	noCut := rand.New(rand.NewPCG(2, seed))
	st := network.NewState(n)
	ch := &flow.Changes{All: true}
	c.remember(st)
	for step := 0; step <= steps; step++ {
		if step > 0 {
			switch {
			case step%13 == 0:
				// A reset: the engine starts another replication.
				st.Reset()
				ch.Reset()
				ch.All = true
				c.remember(st)
			case step%5 == 0:
				// A sweeping change, as a large hazard makes.
				perturb(n, s, st, rng, 0.2, links)
			default:
				perturb(n, s, st, rng, 0.03, links)
			}
			if !ch.All {
				c.changes(st, ch)
			}
		}
		// The engine with its change log off asks for no cuts: the
		// verdict must not depend on it.
		ch.NoCut = noCut.IntN(3) == 0
		if err := c.serve(m, st, ch); err != nil {
			return fmt.Errorf("step %d: %v", step, err)
		}
		if err := c.compare(f, st, "a fresh model's"); err != nil {
			return fmt.Errorf("step %d: %v", step, err)
		}
		// A second call without changes changes nothing.
		ch.Reset()
		if err := c.serve(m, st, ch); err != nil {
			return fmt.Errorf("step %d, second call: %v", step, err)
		}
		if err := c.compare(f, st, "a fresh model's after a second call"); err != nil {
			return fmt.Errorf("step %d: %v", step, err)
		}
		// The engine flags members unserved and sites on backup, and it
		// latches trips (not always: the suite checks that an unlatched
		// trip is asked again). Only the latches are changes.
		var flagged []int32
		for _, i := range n.SectorMembers(s) {
			if (c.v.Served[i] == 0 || rng.Float64() < 0.2) && st.Functional(i) && st.Flags(i)&network.Unserved == 0 {
				st.Set(i, network.Unserved)
				flagged = append(flagged, i)
			}
			if st.Flags(i)&network.OnBackup == 0 && rng.Float64() < 0.2 {
				st.Set(i, network.OnBackup)
				flagged = append(flagged, i)
			}
		}
		if err := c.serve(m, st, ch); err != nil {
			return fmt.Errorf("step %d, flagged: %v", step, err)
		}
		if err := c.compare(f, st, "the Unserved and OnBackup flags set, a fresh model's"); err != nil {
			return fmt.Errorf("step %d: %v", step, err)
		}
		for _, i := range flagged {
			st.Clear(i, network.Unserved|network.OnBackup)
		}
		if rng.IntN(2) == 0 {
			for _, i := range c.v.Trip {
				st.Set(i, network.Tripped)
			}
		}
	}
	return nil
}

// perturb changes about a fraction p of the sector's members, and of its
// links when links is set: damage or repair, a capacity or demand factor,
// the Depleted flag, a link factor.
func perturb(n *network.Network, s network.SectorIndex, st *network.State, rng *rand.Rand, p float64, links bool) {
	for _, i := range n.SectorMembers(s) {
		if rng.Float64() >= p {
			continue
		}
		switch u := rng.IntN(8); {
		case u < 3:
			if st.Flags(i)&(network.Damaged|network.Tripped) != 0 {
				st.Clear(i, network.Damaged|network.Tripped)
			} else {
				st.Set(i, network.Damaged)
			}
		case u < 4:
			st.SetFactor(i, float64(rng.IntN(5))/4) // 0, ¼, ½, ¾ or 1
		case u < 5:
			st.SetDemandFactor(i, 0.5+float64(rng.IntN(4))/2)
		case u < 6:
			if st.Flags(i)&network.Depleted != 0 {
				st.Clear(i, network.Depleted)
			} else {
				st.Set(i, network.Depleted)
			}
		default:
			if st.Flags(i)&network.Suspended != 0 {
				st.Clear(i, network.Suspended)
			} else {
				st.Set(i, network.Suspended)
			}
		}
	}
	for l := range n.Links() {
		if n.LinkSector(l) != s || rng.Float64() >= p {
			continue
		}
		switch u := rng.IntN(3); {
		case u < 2 && links:
			if st.LinkFlags(l)&(network.Damaged|network.Tripped) != 0 {
				st.ClearLink(l, network.Damaged|network.Tripped)
			} else {
				st.SetLink(l, network.Damaged)
			}
		default:
			st.SetLinkFactor(l, float64(rng.IntN(5))/4)
		}
	}
}

type checker struct {
	*Session
	name    string
	member  []bool
	reports int
}

func newChecker(n *network.Network, s network.SectorIndex, name string) *checker {
	c := &checker{Session: newSession(n, s), name: name, member: make([]bool, n.NumComponents())}
	for _, i := range n.SectorMembers(s) {
		c.member[i] = true
	}
	return c
}

// serve runs m on st and ch the way the engine does, checks the report
// and applies it to the incremental verdict.
func (c *checker) serve(m flow.Model, st *network.State, ch *flow.Changes) error {
	n := c.n
	out := &flow.Output{}
	before := snapshot(n, st)
	err := m.Serve(st, ch, out)
	if err != nil {
		return fmt.Errorf("%s: Serve: %v", c.name, err)
	}
	if !slices.Equal(before, snapshot(n, st)) {
		return fmt.Errorf("%s: Serve modified the state", c.name)
	}
	id := n.ComponentID
	if err := c.entries(out.Served, "served", ch.All, func(i int32, v float64) error {
		switch {
		case !(v >= 0 && v <= 1):
			return fmt.Errorf("%s: served[%s] = %v outside [0, 1]", c.name, id(i), v)
		case v > 0 && !st.Functional(i):
			return fmt.Errorf("%s: served[%s] = %v but it is not functional", c.name, id(i), v)
		}
		return nil
	}); err != nil {
		return err
	}
	if err := c.entries(out.ComponentLoading, "component loading", false, func(i int32, v float64) error {
		if !(v >= 0) || (v != 0 && !st.Functional(i)) {
			return fmt.Errorf("%s: component loading of %s = %v (functional: %v)", c.name, id(i), v, st.Functional(i))
		}
		return nil
	}); err != nil {
		return err
	}
	if err := c.entries(out.StockFlow, "store", false, func(i int32, v float64) error {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s: store %s has outflow %v", c.name, id(i), v)
		}
		return nil
	}); err != nil {
		return err
	}
	listed := map[int32]bool{}
	for _, e := range out.Loading {
		l, v := e.I, e.V
		switch {
		case listed[l] || n.LinkSector(l) != c.s:
			return fmt.Errorf("%s: loading of link %s listed twice or outside the sector", c.name, n.LinkID(l))
		case !(v >= 0):
			return fmt.Errorf("%s: loading of link %s = %v", c.name, n.LinkID(l), v)
		case v != 0 && !st.LinkWorking(l):
			return fmt.Errorf("%s: loading of link %s = %v, but it does not work", c.name, n.LinkID(l), v)
		}
		listed[l] = true
	}
	if ch.All {
		for _, l := range c.v.Rated {
			if !listed[l] {
				return fmt.Errorf("%s: link %s rated before, not listed after Changes.All", c.name, n.LinkID(l))
			}
		}
		stores := map[int32]bool{}
		for _, e := range out.StockFlow {
			stores[e.I] = true
		}
		for _, i := range c.v.Stocks {
			if !stores[i] {
				return fmt.Errorf("%s: store %s listed before, not after Changes.All", c.name, id(i))
			}
		}
	}
	for _, i := range out.Trip {
		if !c.member[i] || !st.Functional(i) {
			return fmt.Errorf("%s: trip of %s, which is not a functional member", c.name, id(i))
		}
	}
	if err := c.cuts(st, out); err != nil {
		return err
	}
	if ch.All {
		// A whole report replaces what the suite knew.
		*c.v = *flow.NewVerdict(n)
	}
	c.v.Apply(out)
	c.reports++
	return nil
}

// cuts checks the shape of out.Cut: each entry a functional member this
// report takes from served to unserved, listed once, its elements within
// CutElements, each a component or link of the sector that no longer
// works, named once. (Which elements are causes is the model's own test.)
func (c *checker) cuts(st *network.State, out *flow.Output) error {
	n := c.n
	zero := map[int32]bool{}
	for _, e := range out.Served {
		if e.V == 0 && c.v.Served[e.I] > 0 {
			zero[e.I] = true
		}
	}
	seen := map[int32]bool{}
	for _, k := range out.Cut {
		switch {
		case k.I < 0 || int(k.I) >= len(c.member) || !c.member[k.I]:
			return fmt.Errorf("%s: cut of component %d, which is not a member", c.name, k.I)
		case seen[k.I] || !zero[k.I] || !st.Functional(k.I):
			return fmt.Errorf("%s: cut of %s listed twice, for a member not reported lost, or not functional", c.name, n.ComponentID(k.I))
		case k.Start < 0 || k.Start >= k.End || int(k.End) > len(out.CutElements):
			return fmt.Errorf("%s: cut of %s spans [%d, %d) of %d elements", c.name, n.ComponentID(k.I), k.Start, k.End, len(out.CutElements))
		}
		seen[k.I] = true
		named := map[int32]bool{}
		for _, x := range out.CutElements[k.Start:k.End] {
			if named[x] {
				return fmt.Errorf("%s: cut of %s names element %d twice", c.name, n.ComponentID(k.I), x)
			}
			named[x] = true
			if x >= 0 && (int(x) >= len(c.member) || !c.member[x] || st.Functional(x)) ||
				x < 0 && (int(^x) >= n.NumLinks() || n.LinkSector(^x) != c.s || st.LinkWorking(^x)) {
				return fmt.Errorf("%s: cut of %s names element %d, not a failed element of the sector", c.name, n.ComponentID(k.I), x)
			}
		}
	}
	return nil
}

// entries checks a list of member values: members only, once each, every
// member when whole is set, each value by ok.
func (c *checker) entries(list []flow.Value, what string, whole bool, ok func(int32, float64) error) error {
	seenAt := map[int32]bool{}
	for _, e := range list {
		if e.I < 0 || int(e.I) >= len(c.member) || !c.member[e.I] {
			return fmt.Errorf("%s: %s of component %d, which is not a member", c.name, what, e.I)
		}
		if seenAt[e.I] {
			return fmt.Errorf("%s: %s of %s listed twice", c.name, what, c.n.ComponentID(e.I))
		}
		seenAt[e.I] = true
		if err := ok(e.I, e.V); err != nil {
			return err
		}
	}
	if whole {
		for _, i := range c.n.SectorMembers(c.s) {
			if !seenAt[i] {
				return fmt.Errorf("%s: %s of %s not written after Changes.All", c.name, what, c.n.ComponentID(i))
			}
		}
	}
	return nil
}

// compare checks the incremental verdict against a fresh model's
// evaluation from scratch: served fractions and trips exactly, loadings
// and outflows within tolerance.
func (c *checker) compare(f flow.Factory, st *network.State, what string) error {
	fresh, err := f(c.n, c.s)
	if err != nil {
		return fmt.Errorf("factory: %v", err)
	}
	w, err := flow.Evaluate(fresh, st)
	if err != nil {
		return fmt.Errorf("%s: %s evaluation: %v", c.name, what, err)
	}
	v, n := c.v, c.n
	for _, i := range n.SectorMembers(c.s) {
		if v.Served[i] != w.Served[i] {
			return fmt.Errorf("%s: served[%s] %v, but %v by %s", c.name, n.ComponentID(i), v.Served[i], w.Served[i], what)
		}
		if !near(v.ComponentLoading[i], w.ComponentLoading[i]) {
			return fmt.Errorf("%s: loading of %s %v, but %v by %s", c.name, n.ComponentID(i), v.ComponentLoading[i], w.ComponentLoading[i], what)
		}
		if !near(v.StockFlow[i], w.StockFlow[i]) {
			return fmt.Errorf("%s: outflow of %s %v, but %v by %s", c.name, n.ComponentID(i), v.StockFlow[i], w.StockFlow[i], what)
		}
	}
	for l := range n.Links() {
		if !near(v.Loading[l], w.Loading[l]) {
			return fmt.Errorf("%s: loading of link %s %v, but %v by %s", c.name, n.LinkID(l), v.Loading[l], w.Loading[l], what)
		}
	}
	a, b := slices.Sorted(slices.Values(v.Trip)), slices.Sorted(slices.Values(w.Trip))
	if !slices.Equal(a, b) || v.Again != w.Again {
		return fmt.Errorf("%s: trips %v (again %v), but %v (again %v) by %s", c.name, a, v.Again, b, w.Again, what)
	}
	if !sameSet(v.Rated, w.Rated) || !sameSet(v.Stocks, w.Stocks) {
		return fmt.Errorf("%s: rated links %v and stores %v, but %v and %v by %s", c.name, v.Rated, v.Stocks, w.Rated, w.Stocks, what)
	}
	return bound(fresh, n, c.s, st, v)
}

// near reports whether a and b agree within tolerance (relative, and
// absolute near 0).
func near(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= tolerance*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func sameSet(a, b []int32) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// snapshot returns everything a model may read from st.
func snapshot(n *network.Network, st *network.State) []float64 {
	var v []float64
	for i := range n.Components() {
		v = append(v, float64(st.Flags(i)), st.Factor(i), st.DemandFactor(i), float64(st.DamageState(i)))
	}
	for l := range n.Links() {
		v = append(v, float64(st.LinkFlags(l)), st.LinkFactor(l), float64(st.LinkDamageState(l)))
	}
	return v
}
