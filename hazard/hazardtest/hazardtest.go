package hazardtest

import (
	"cmp"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Seeds is how many replication seeds Run and Check try
// (sim.ReplicationSeed(s, 0) for s = 0 … Seeds−1).
const Seeds = 5

// ExtraPrefix starts the IDs of the entities the keyed-draw check adds
// (see the package documentation).
const ExtraPrefix = "hazardtest/extra"

// Options adjusts the suite for hazards that cannot meet a check by
// nature. The zero value runs every check.
type Options struct {
	// Unkeyed, when not empty, skips the keyed-draw check and says why: a
	// hazard whose impacts name entities by index (hazard.List) or that
	// breaks ties between entities by index (hazard.Targeted).
	Unkeyed string
}

// Run checks h on n (see the package documentation) and fails t with the
// first violation found.
func Run(t *testing.T, n *network.Network, h hazard.Hazard) {
	t.Helper()
	RunWith(t, n, h, Options{})
}

// RunWith is Run with options.
func RunWith(t *testing.T, n *network.Network, h hazard.Hazard, o Options) {
	t.Helper()
	if err := Check(n, h, o); err != nil {
		t.Fatal(err)
	}
}

// RunAll checks a fresh hazard from newHazard on each network, in a
// subtest named after the hazard and the network's position, and checks
// that two fresh hazards give the same impacts (a hazard keeping state
// between calls fails here even if one instance is self-consistent).
func RunAll(t *testing.T, newHazard func() hazard.Hazard, nets ...*network.Network) {
	t.Helper()
	for k, n := range nets {
		h := newHazard()
		t.Run(fmt.Sprintf("%s/net%d", h.Name(), k), func(t *testing.T) {
			Run(t, n, h)
			r := hazard.NewRand(sim.ReplicationSeed(1, 0), h.Name())
			a, errA := h.Impacts(n, r)
			b, errB := newHazard().Impacts(n, r)
			if errA != nil || errB != nil {
				t.Fatalf("%s: %v, %v", h.Name(), errA, errB)
			}
			if !slices.Equal(a, b) {
				t.Fatalf("%s: two fresh hazards give different impacts", h.Name())
			}
		})
	}
}

// Check runs the checks of the suite on h and n that o asks for and
// returns the first violation, nil when h conforms.
func Check(n *network.Network, h hazard.Hazard, o Options) error {
	if h.Name() == "" {
		return fmt.Errorf("%T: empty name (it keys the hazard's random numbers)", h)
	}
	before := digest(n)
	for seed := range uint64(Seeds) {
		if err := checkSeed(n, h, sim.ReplicationSeed(seed, 0)); err != nil {
			return err
		}
	}
	if after := digest(n); after != before {
		return fmt.Errorf("%s: the network changed during Impacts (a hazard must not write what the network's accessors return)", h.Name())
	}
	if err := checkTriggers(n, h, sim.ReplicationSeed(0, 0)); err != nil {
		return err
	}
	if o.Unkeyed != "" {
		return nil
	}
	return checkKeyed(n, h, sim.ReplicationSeed(0, 0))
}

// maxTriggered bounds the components whose failure checkTriggers tries.
const maxTriggered = 200

// checkTriggers asks a hazard.Trigger or hazard.PartTrigger, as the engine
// would, about the failure (damage) of each of up to maxTriggered
// components at 1 h: twice with the same Rand (the same answer), and
// every impact valid and not before 1 h.
func checkTriggers(n *network.Network, h hazard.Hazard, seed uint64) error {
	tr, _ := h.(hazard.Trigger)
	pt, _ := h.(hazard.PartTrigger)
	if tr == nil && pt == nil {
		return nil
	}
	const at = sim.Hour
	for i := range n.Components() {
		if i == maxTriggered {
			break
		}
		r := hazard.Rand{Seed: seed, ID: hazard.TriggerStreamOf(h.Name()), Scope: n.ComponentKey(i)}
		var a, b []hazard.Impact
		if pt != nil {
			pa, pb := pt.TriggerParts(n, at, i, 0, network.Damaged, r), pt.TriggerParts(n, at, i, 0, network.Damaged, r)
			if err := hazard.CheckParts(n, pa); err != nil {
				return fmt.Errorf("%s: parts started by %s's failure: %w", h.Name(), n.ComponentID(i), err)
			}
			a, b = hazard.Flatten(pa), hazard.Flatten(pb)
		} else {
			a, b = tr.Trigger(n, at, i, 0, network.Damaged, r), tr.Trigger(n, at, i, 0, network.Damaged, r)
		}
		if !slices.Equal(a, b) {
			return fmt.Errorf("%s: its trigger answers %s's failure differently twice", h.Name(), n.ComponentID(i))
		}
		for k := range a {
			if err := a[k].Validate(n); err != nil || a[k].Time < at {
				return fmt.Errorf("%s: impact %d started by %s's failure at %v: %+v (%v)", h.Name(), k, n.ComponentID(i), at, a[k], err)
			}
		}
	}
	return nil
}

// checkSeed: two calls with one Rand agree; impacts sorted, valid, finite;
// intensities finite and repeatable.
func checkSeed(n *network.Network, h hazard.Hazard, seed uint64) error {
	r := hazard.NewRand(seed, h.Name())
	a, err := h.Impacts(n, r)
	if err != nil {
		return fmt.Errorf("%s: %w", h.Name(), err)
	}
	b, err := h.Impacts(n, r)
	if err != nil {
		return fmt.Errorf("%s: second call: %w", h.Name(), err)
	}
	if !slices.Equal(a, b) {
		return fmt.Errorf("%s: impacts differ between two calls with the same Rand (seed %d)", h.Name(), seed)
	}
	if !slices.IsSortedFunc(a, hazard.Compare) {
		return fmt.Errorf("%s: impacts not sorted by hazard.Compare", h.Name())
	}
	for k := range a {
		if math.IsNaN(a[k].Factor) || math.IsInf(a[k].Factor, 0) {
			return fmt.Errorf("%s: impact %d: factor %v is not finite", h.Name(), k, a[k].Factor)
		}
		if err := a[k].Validate(n); err != nil {
			return fmt.Errorf("%s: impact %d: %w", h.Name(), k, err)
		}
	}
	if c, ok := h.(hazard.Compound); ok {
		parts, err := c.Parts(n, r)
		if err == nil {
			err = hazard.CheckParts(n, parts)
		}
		if err != nil {
			return fmt.Errorf("%s: parts: %w", h.Name(), err)
		}
		if !slices.Equal(hazard.Flatten(parts), a) {
			return fmt.Errorf("%s: Impacts differ from its Parts' impacts merged (hazard.Flatten)", h.Name())
		}
	}
	if in, ok := h.(hazard.Intensity); ok {
		return checkIntensity(n, h.Name(), in, a, r)
	}
	return nil
}

// maxSites and maxTimes bound the intensity check on large networks.
const maxSites, maxTimes = 200, 20

// checkIntensity evaluates the intensity at up to maxSites located
// components at time 0 and at up to maxTimes of the impacts' times.
func checkIntensity(n *network.Network, name string, in hazard.Intensity, im []hazard.Impact, r hazard.Rand) error {
	times := []sim.Time{0}
	for _, x := range im {
		if len(times) == maxTimes {
			break
		}
		if x.Time != times[len(times)-1] {
			times = append(times, x.Time)
		}
	}
	sites := 0
	for i := range n.Components() {
		p, ok := n.Location(i)
		if !ok {
			continue
		}
		if sites++; sites > maxSites {
			break
		}
		for _, t := range times {
			v, err := in.IntensityAt(n, p, t, r)
			if err != nil {
				return fmt.Errorf("%s: intensity at %s, %v: %w", name, n.ComponentID(i), t, err)
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%s: intensity %v at %s, %v is not finite", name, v, n.ComponentID(i), t)
			}
			if w, _ := in.IntensityAt(n, p, t, r); w != v {
				return fmt.Errorf("%s: intensity at %s, %v differs between two calls (%v, %v)", name, n.ComponentID(i), t, v, w)
			}
		}
	}
	return nil
}

// keyed is an impact with its target named by ID, comparable across
// networks that index the same entities differently.
type keyed struct {
	time   sim.Time
	kind   hazard.ImpactKind
	link   bool
	id     string
	state  uint8
	factor float64
	param  hazard.Param
}

func compareKeyed(a, b keyed) int {
	return cmp.Or(cmp.Compare(a.time, b.time), cmp.Compare(b2i(a.link), b2i(b.link)), cmp.Compare(a.id, b.id),
		cmp.Compare(a.kind, b.kind), cmp.Compare(a.state, b.state), cmp.Compare(a.factor, b.factor), cmp.Compare(a.param, b.param))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// byID returns the impacts on entities whose IDs do not start with
// ExtraPrefix, named by ID and sorted.
func byID(n *network.Network, im []hazard.Impact) []keyed {
	var out []keyed
	for _, x := range im {
		id := ""
		if x.Link {
			id = n.LinkID(x.Target)
		} else {
			id = n.ComponentID(x.Target)
		}
		if len(id) >= len(ExtraPrefix) && id[:len(ExtraPrefix)] == ExtraPrefix {
			continue
		}
		out = append(out, keyed{x.Time, x.Kind, x.Link, id, x.State, x.Factor, x.Param})
	}
	slices.SortFunc(out, compareKeyed)
	return out
}

// checkKeyed compares h's impacts on n with its impacts on the variant of
// n that has extra entities first in index order.
func checkKeyed(n *network.Network, h hazard.Hazard, seed uint64) error {
	if n.NumComponents() == 0 {
		return nil
	}
	v, err := Variant(n)
	if err != nil {
		return fmt.Errorf("hazardtest: building the variant network: %w", err)
	}
	r := hazard.NewRand(seed, h.Name())
	a, err := h.Impacts(n, r)
	if err != nil {
		return fmt.Errorf("%s: %w", h.Name(), err)
	}
	b, err := h.Impacts(v, r)
	if err != nil {
		return fmt.Errorf("%s: on the variant network with extra entities: %w", h.Name(), err)
	}
	ka, kb := byID(n, a), byID(v, b)
	if k := firstDiff(ka, kb); k >= 0 {
		what := "no impact"
		if k < len(ka) {
			what = fmt.Sprintf("%+v", ka[k])
		}
		return fmt.Errorf("%s: adding unrelated entities (IDs %s…) before the others changed other entities' impacts (first difference at %s; draws must be keyed by entity ID, hazard.Rand.Component and Link)",
			h.Name(), ExtraPrefix, what)
	}
	return nil
}

func firstDiff(a, b []keyed) int {
	for k := range min(len(a), len(b)) {
		if a[k] != b[k] {
			return k
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

// Variant returns n with extra entities in front of its own, in index
// order: a copy of component 0 (the endpoints of link 0 when n has links)
// and of link 0 between the copies, with IDs starting with ExtraPrefix,
// no demand, population, capacity, storage, access or requirements, and
// no link to n's entities. Every entity of n keeps its ID and attributes
// and gets a new index.
func Variant(n *network.Network) (*network.Network, error) {
	if n.NumComponents() == 0 {
		return nil, errors.New("hazardtest: a network without components has no variant")
	}
	b := network.NewBuilder()
	b.SetCRS(n.CRS())
	extra := func(i int32, id string) {
		c := n.Component(i)
		c.ID = id
		c.Demand, c.Population, c.Capacity, c.Storage = 0, 0, 0, 0
		c.Access, c.Critical = "", false
		b.AddComponent(c)
	}
	if n.NumLinks() == 0 {
		extra(0, ExtraPrefix)
	} else {
		from, to := n.Ends(0)
		extra(from, ExtraPrefix+"-from")
		extra(to, ExtraPrefix+"-to")
		l := n.Link(0)
		l.ID, l.From, l.To = ExtraPrefix, ExtraPrefix+"-from", ExtraPrefix+"-to"
		b.AddLink(l)
	}
	x, err := b.Build()
	if err != nil {
		return nil, err
	}
	return network.Merge([]network.Part{{Name: "hazardtest extra", Network: x}, {Network: n}}, network.MergeOptions{Name: n.Name()})
}

// digest hashes what a hazard can reach through n's accessors, including
// the slices some of them return without copying.
func digest(n *network.Network) uint64 {
	h := fnv.New64a()
	for i := range n.Components() {
		c := n.Component(i)
		if c.Location != nil { // a pointer prints as an address
			fmt.Fprint(h, *c.Location)
			c.Location = nil
		}
		fmt.Fprintf(h, "c%v;", c)
		nb, ls := n.Out(i)
		fmt.Fprint(h, nb, ls)
		if n.HasDirected() {
			nb, ls = n.In(i)
			fmt.Fprint(h, nb, ls)
		}
		fmt.Fprint(h, n.RequirementsOf(i), n.ProvidedBy(i))
	}
	for l := range n.Links() {
		fmt.Fprintf(h, "l%v;", n.Link(l))
	}
	for r := range n.Requirements() {
		fmt.Fprintf(h, "r%v;", n.Requirement(r))
	}
	for s, name := range n.Sectors() {
		fmt.Fprint(h, name, n.SectorMembers(s), n.Sources(s))
	}
	off, nbr, link := n.CSR()
	fmt.Fprint(h, off, nbr, link)
	for k, v := range n.Attrs() {
		fmt.Fprint(h, k, v)
	}
	return h.Sum64()
}
