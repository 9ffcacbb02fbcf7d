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

// trials is the number of random states per sector, after the intact one.
const trials = 20

// unwritten fills every Output entry before a Serve, so that the suite
// sees which entries the model wrote.
const unwritten = -12345.5

// Run checks every model built by the factories on every sector of n,
// under the intact state and under 20 random states (a seeded stream: the
// same states every run). See the package documentation for the checks.
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
	used, err := f(n, s)
	if err != nil {
		return fmt.Errorf("factory: %v", err)
	}
	c := checker{n: n, s: s, name: used.Name(), member: make([]bool, n.NumComponents())}
	for _, i := range n.SectorMembers(s) {
		c.member[i] = true
	}
	rng := rand.New(rand.NewPCG(1, uint64(s)))
	st := network.NewState(n)
	for trial := range trials + 1 {
		// Odd trials start afresh; even ones add damage to the last state,
		// so that a model that updates its last verdict sees components
		// leave while the trips it asked for are not latched.
		if trial%2 == 1 {
			st.Reset()
		}
		if trial > 0 {
			perturb(n, st, rng, trial <= trials/2)
		}
		o1, err := c.serve(used, st)
		if err != nil {
			return fmt.Errorf("state %d: %v", trial, err)
		}
		again, err := c.serve(used, st)
		if err != nil {
			return fmt.Errorf("state %d, second call: %v", trial, err)
		}
		if err := c.same(o1, again, "a second call"); err != nil {
			return fmt.Errorf("state %d: %v", trial, err)
		}
		fresh, err := f(n, s)
		if err != nil {
			return fmt.Errorf("factory: %v", err)
		}
		o2, err := c.serve(fresh, st)
		if err != nil {
			return fmt.Errorf("state %d, fresh model: %v", trial, err)
		}
		if err := c.same(o1, o2, "a fresh model"); err != nil {
			return fmt.Errorf("state %d (after %d states): %v", trial, trial, err)
		}
		// The engine flags the members a model left unserved, at this or
		// an earlier verdict, and the sites on backup; the verdict must
		// not change.
		var flagged []int32
		for _, i := range n.SectorMembers(s) {
			if (o1.Served[i] == 0 || rng.Float64() < 0.2) && st.Functional(i) && st.Flags(i)&network.Unserved == 0 {
				st.Set(i, network.Unserved)
				flagged = append(flagged, i)
			}
		}
		for i := range n.Components() {
			if st.Flags(i)&network.OnBackup == 0 && rng.Float64() < 0.2 {
				st.Set(i, network.OnBackup)
				flagged = append(flagged, i)
			}
		}
		o3, err := c.serve(used, st)
		if err != nil {
			return fmt.Errorf("state %d, flagged: %v", trial, err)
		}
		if err := c.same(o1, o3, "the Unserved and OnBackup flags set"); err != nil {
			return fmt.Errorf("state %d: %v", trial, err)
		}
		for _, i := range flagged {
			st.Clear(i, network.Unserved|network.OnBackup)
		}
	}
	return nil
}

// perturb damages about a fifth of the components, and of the links when
// links is set, and gives others capacity, link and demand factors or the
// Depleted flag.
func perturb(n *network.Network, st *network.State, rng *rand.Rand, links bool) {
	for i := range n.Components() {
		switch u := rng.Float64(); {
		case u < 0.2:
			st.Set(i, network.Damaged)
		case u < 0.25:
			st.SetFactor(i, float64(rng.IntN(5))/4) // 0, ¼, ½, ¾ or 1
		case u < 0.3:
			st.SetDemandFactor(i, 0.5+float64(rng.IntN(4))/2)
		case u < 0.33:
			st.Set(i, network.Depleted)
		}
	}
	for l := range n.Links() {
		switch u := rng.Float64(); {
		case u < 0.2 && links:
			st.SetLink(l, network.Damaged)
		case u < 0.25:
			st.SetLinkFactor(l, float64(rng.IntN(5))/4)
		}
	}
}

type checker struct {
	n      *network.Network
	s      network.SectorIndex
	name   string
	member []bool
	stocks []int32 // the stores of the first Serve
	listed bool
}

// serve runs m on st the way the engine does (fresh Trip, Overloaded and
// Stocks lists; the arrays keep what they held, here unwritten) and checks
// one verdict.
func (c *checker) serve(m flow.Model, st *network.State) (*flow.Output, error) {
	n, s := c.n, c.s
	out := flow.NewOutput(n)
	for _, a := range [][]float64{out.Served, out.Loading, out.ComponentLoading, out.StockFlow} {
		for k := range a {
			a[k] = unwritten
		}
	}
	before := snapshot(n, st)
	m.Serve(n, s, st, out)
	if !slices.Equal(before, snapshot(n, st)) {
		return nil, fmt.Errorf("%s: Serve modified the state", c.name)
	}
	id := n.ComponentID
	for i := range n.Components() {
		v := out.Served[i]
		if !c.member[i] {
			if v != unwritten || out.ComponentLoading[i] != unwritten || out.StockFlow[i] != unwritten {
				return nil, fmt.Errorf("%s: wrote an entry of %s, which is not a member", c.name, id(i))
			}
			continue
		}
		switch {
		case v == unwritten:
			return nil, fmt.Errorf("%s: served[%s] not written", c.name, id(i))
		case !(v >= 0 && v <= 1):
			return nil, fmt.Errorf("%s: served[%s] = %v outside [0, 1]", c.name, id(i), v)
		case v > 0 && !st.Functional(i):
			return nil, fmt.Errorf("%s: served[%s] = %v but it is not functional", c.name, id(i), v)
		}
	}
	for l := range n.Links() {
		v := out.Loading[l]
		switch {
		case v == unwritten:
		case n.LinkSector(l) != s:
			return nil, fmt.Errorf("%s: wrote the loading of link %s, outside the sector", c.name, n.LinkID(l))
		case !(v >= 0):
			return nil, fmt.Errorf("%s: loading of link %s = %v", c.name, n.LinkID(l), v)
		case v != 0 && !st.LinkWorking(l):
			return nil, fmt.Errorf("%s: loading of link %s = %v, but it does not work", c.name, n.LinkID(l), v)
		}
	}
	rated := map[int32]bool{}
	for _, l := range out.Rated {
		if rated[l] || n.LinkSector(l) != s {
			return nil, fmt.Errorf("%s: Rated lists link %s twice or outside the sector", c.name, n.LinkID(l))
		}
		rated[l] = true
	}
	for l := range n.Links() {
		if v := out.Loading[l]; v != unwritten && v > 0 && !rated[l] {
			return nil, fmt.Errorf("%s: link %s has loading %v but is not in Rated", c.name, n.LinkID(l), v)
		}
	}
	for _, i := range out.Trip {
		if !c.member[i] || !st.Functional(i) {
			return nil, fmt.Errorf("%s: trip of %s, which is not a functional member", c.name, id(i))
		}
	}
	for _, i := range out.Overloaded {
		if !c.member[i] || !st.Functional(i) {
			return nil, fmt.Errorf("%s: %s overloaded, but it is not a functional member", c.name, id(i))
		}
		if !(out.ComponentLoading[i] > 1) {
			return nil, fmt.Errorf("%s: %s overloaded at loading %v", c.name, id(i), out.ComponentLoading[i])
		}
	}
	for k, i := range out.Stocks {
		if !c.member[i] || slices.Contains(out.Stocks[:k], i) {
			return nil, fmt.Errorf("%s: store %s listed twice or not a member", c.name, id(i))
		}
		if v := out.StockFlow[i]; math.IsNaN(v) || math.IsInf(v, 0) || v == unwritten {
			return nil, fmt.Errorf("%s: store %s has outflow %v", c.name, id(i), v)
		}
	}
	if !c.listed {
		c.stocks, c.listed = slices.Clone(out.Stocks), true
	} else if !slices.Equal(c.stocks, out.Stocks) {
		return nil, fmt.Errorf("%s: stores %v, earlier %v (every Serve lists every store)", c.name, out.Stocks, c.stocks)
	}
	return out, nil
}

// same compares two verdicts on the same inputs, field by field.
func (c *checker) same(a, b *flow.Output, what string) error {
	for i := range c.n.Components() {
		if a.Served[i] != b.Served[i] {
			return fmt.Errorf("%s: served[%s] %v, but %v with %s", c.name, c.n.ComponentID(i), a.Served[i], b.Served[i], what)
		}
	}
	switch {
	case !slices.Equal(a.Trip, b.Trip) || a.Again != b.Again:
		return fmt.Errorf("%s: trips %v (again %v), but %v (again %v) with %s", c.name, a.Trip, a.Again, b.Trip, b.Again, what)
	case !slices.Equal(a.Loading, b.Loading):
		return fmt.Errorf("%s: loadings differ with %s", c.name, what)
	case !slices.Equal(a.Overloaded, b.Overloaded) || !slices.Equal(a.ComponentLoading, b.ComponentLoading):
		return fmt.Errorf("%s: overloaded %v, but %v with %s", c.name, a.Overloaded, b.Overloaded, what)
	case !slices.Equal(a.Stocks, b.Stocks) || !slices.Equal(a.StockFlow, b.StockFlow):
		return fmt.Errorf("%s: store outflows differ with %s", c.name, what)
	}
	return nil
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
