package chain_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/chain"
	"github.com/lifeline-sim/lifeline/hazard/hazardtest"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// town is four located components 0, 300, 600 and 2000 m east of the
// first (on the equator, where 0.001° of longitude is about 111 m) and a
// line between the first two.
func town(t *testing.T) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	for k, dx := range []float64{0, 0.0027, 0.0054, 0.018} {
		b.AddComponent(network.Component{ID: fmt.Sprint("c", k), Sector: network.Power, Kind: network.KindSubstation,
			Location: &network.Point{X: dx, Y: 0}})
	}
	b.AddLink(network.Link{ID: "l01", From: "c0", To: "c1"})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAboveFiresAtFirstSample: a river rising 0.5 m/h reaches 1.25 m at
// 1.25 / 0.5 = 2.5 h; sampled every 10 min (2.5 h is the 15th sample) the
// trigger fires at 2h30m, every 7 min at the first multiple of 7 min
// past 150 min, ⌈150/7⌉·7 = 154 min. The pool starts 30 min later and
// floods c0 and c1 (within 400 m of c0) for 6 h.
func TestAboveFiresAtFirstSample(t *testing.T) {
	n := town(t)
	for _, tc := range []struct {
		step, want sim.Time
	}{{10 * sim.Minute, 150 * sim.Minute}, {7 * sim.Minute, 154 * sim.Minute}} {
		c := &chain.Chain{Parent: &rise{Label: "river", Rate: 0.5}, Triggers: []chain.Trigger{{
			Name: "overtop", Probability: 1, Delay: 30 * sim.Minute,
			When: chain.Above{Component: "c0", Threshold: 1.25, Until: 6 * sim.Hour, Step: tc.step},
			Then: &pool{Label: "flood", Radius: 400, Depth: 1, Duration: 6 * sim.Hour},
		}}}
		parts, err := c.Parts(n, hazard.NewRand(1, c.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if len(parts) != 2 || parts[1].Name != "flood" || parts[1].Parent != 0 || parts[1].At != tc.want || parts[1].Site != 0 {
			t.Fatalf("step %v: parts %+v", tc.step, parts)
		}
		start := tc.want + 30*sim.Minute
		im := parts[1].Impacts
		if len(im) != 4 || im[0].Time != start || im[0].Target != 0 || im[1].Target != 1 || im[3].Time != start+6*sim.Hour {
			t.Fatalf("step %v: flood impacts %+v", tc.step, im)
		}
		hazardtest.Run(t, n, c)
	}
	// 0.5 m/h reaches 3.5 m only after 7 h: no flood within 6 h.
	c := &chain.Chain{Parent: &rise{Label: "river", Rate: 0.5}, Triggers: []chain.Trigger{{
		Name: "overtop", Probability: 1, When: chain.Above{Place: &network.Point{}, Threshold: 3.5, Until: 6 * sim.Hour, Step: sim.Hour},
		Then: &pool{Label: "flood", Radius: 400, Depth: 1, Duration: sim.Hour},
	}}}
	if parts, err := c.Parts(n, hazard.NewRand(1, c.Name())); err != nil || len(parts) != 1 {
		t.Fatalf("parts %+v, %v", parts, err)
	}
	// Sampling up to "never" in three steps ends (0, MaxTime/2, MaxTime−1):
	// the river is at 0.5 m/h × 2.56e6 h by then, so the last sample fires.
	c.Triggers[0].When = chain.Above{Place: &network.Point{}, Threshold: 1e6, Until: sim.MaxTime, Step: sim.MaxTime / 2}
	if parts, err := c.Parts(n, hazard.NewRand(1, c.Name())); err != nil || len(parts) != 2 || parts[1].At != sim.MaxTime/2*2 {
		t.Fatalf("parts %+v, %v", parts, err)
	}
}

// TestProbabilityCommonRandomNumbers: 2000 time triggers of probability
// 0.3 fire Binomial(2000, 0.3) times (mean 600, SD √(2000·0.3·0.7) ≈ 20.5;
// 5 SD allowed), and at 0.6 the same seed fires a superset (each trigger
// compares its own uniform).
func TestProbabilityCommonRandomNumbers(t *testing.T) {
	n := town(t)
	fired := func(p float64) map[string]bool {
		c := &chain.Chain{Parent: &hazard.List{Label: "storm"}}
		for k := range 2000 {
			c.Triggers = append(c.Triggers, chain.Trigger{Name: fmt.Sprint("t", k), Probability: p, When: chain.At{Time: sim.Hour},
				Then: &hazard.List{Label: fmt.Sprint("child", k)}})
		}
		parts, err := c.Parts(n, hazard.NewRand(7, c.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, p := range parts[1:] {
			out[p.Name] = true
		}
		return out
	}
	low, high := fired(0.3), fired(0.6)
	if d := math.Abs(float64(len(low)) - 600); d > 5*20.5 {
		t.Fatalf("%d fired, want about 600", len(low))
	}
	for name := range low {
		if !high[name] {
			t.Fatalf("%s fired at 0.3, not at 0.6", name)
		}
	}
}

// TestSequenceKeepsStreams: an aftershock two days after the main shock
// hits what its own hazard, alone, hits, two days later: each step keeps
// its name and stream.
func TestSequenceKeepsStreams(t *testing.T) {
	n := town(t)
	main := &hazard.RandomFraction{Label: "mainshock", Fraction: 0.5, At: sim.Hour}
	after := &hazard.RandomFraction{Label: "aftershock", Fraction: 0.5, At: sim.Hour}
	s := &chain.Sequence{Label: "quake", Steps: []chain.Step{{Hazard: main}, {Offset: 2 * sim.Day, Hazard: after}}}
	seed := sim.ReplicationSeed(3, 0)
	parts, err := s.Parts(n, hazard.NewRand(seed, s.Name()))
	if err != nil {
		t.Fatal(err)
	}
	for k, h := range []hazard.Hazard{main, after} {
		alone, _ := h.Impacts(n, hazard.NewRand(seed, h.Name()))
		got := parts[k].Impacts
		if parts[k].Name != h.Name() || parts[k].Parent != -1 || len(got) != len(alone) {
			t.Fatalf("step %d: %+v, alone %+v", k, parts[k], alone)
		}
		for j := range alone {
			if got[j].Target != alone[j].Target || got[j].Time != alone[j].Time+sim.Time(k)*2*sim.Day {
				t.Fatalf("step %d impact %d: %+v, alone %+v", k, j, got[j], alone[j])
			}
		}
	}
	hazardtest.Run(t, n, s)
	dup := &chain.Sequence{Steps: []chain.Step{{Hazard: main}, {Hazard: main}}}
	if _, err := dup.Impacts(n, hazard.Rand{}); !errors.Is(err, hazard.ErrInvalid) {
		t.Fatalf("two steps of one name: %v", err)
	}
}

// TestFailsTriggerParts: the chain starts its Fails trigger's hazard when
// the watched component goes down, and only then; with probability 0 it
// never does.
func TestFailsTriggerParts(t *testing.T) {
	n := town(t)
	mk := func(p float64) *chain.Chain {
		return &chain.Chain{Parent: &hazard.List{Label: "quake"}, Triggers: []chain.Trigger{{
			Name: "breach", Probability: p, Delay: sim.Hour, When: chain.Fails{Component: "c1"},
			Then: &pool{Label: "dam-breach", Centre: network.Point{X: 0.0027}, Radius: 400, Depth: 2, Duration: sim.Day},
		}}}
	}
	c := mk(1)
	r := hazard.Rand{Seed: 1, ID: hazard.TriggerStreamOf("quake"), Scope: n.ComponentKey(1)}
	if p := c.TriggerParts(n, sim.Hour, 0, 0, network.Damaged, r); p != nil {
		t.Fatalf("another component's failure started %+v", p)
	}
	if p := c.TriggerParts(n, sim.Hour, 1, network.Damaged, network.Damaged|network.Suspended, r); p != nil {
		t.Fatalf("a component already down started %+v", p)
	}
	parts := c.TriggerParts(n, sim.Hour, 1, 0, network.Damaged, r)
	// c0, c1 and c2 lie within 400 m of c1 (300 m each way); c3 does not.
	if len(parts) != 1 || parts[0].Name != "dam-breach" || parts[0].Parent != -1 || len(parts[0].Impacts) != 6 ||
		parts[0].Impacts[0].Time != 2*sim.Hour || parts[0].Impacts[5].Time != 2*sim.Hour+sim.Day {
		t.Fatalf("parts %+v", parts)
	}
	if p := mk(0).TriggerParts(n, sim.Hour, 1, 0, network.Damaged, r); p != nil {
		t.Fatalf("probability 0 started %+v", p)
	}
	// Watching the loss of supply only: damage starts nothing, losing
	// supply does, losing it while damaged too.
	c.Triggers[0].When = chain.Fails{Component: "c1", Flags: network.Unsupplied}
	if p := c.TriggerParts(n, sim.Hour, 1, 0, network.Damaged, r); p != nil {
		t.Fatalf("damage started %+v", p)
	}
	if p := c.TriggerParts(n, sim.Hour, 1, network.Damaged, network.Damaged|network.Unsupplied, r); len(p) != 1 {
		t.Fatalf("loss of supply started %+v", p)
	}
	hazardtest.Run(t, n, c)
}

func TestValidate(t *testing.T) {
	n := town(t)
	child := &hazard.List{Label: "child"}
	for _, c := range []*chain.Chain{
		{},
		{Parent: &hazard.List{}, Triggers: []chain.Trigger{{Name: "", When: chain.At{}, Then: child}}},
		{Parent: &hazard.List{}, Triggers: []chain.Trigger{{Name: "a", When: chain.At{}, Then: child, Probability: 1.5}}},
		{Parent: &hazard.List{}, Triggers: []chain.Trigger{{Name: "a", When: chain.At{Time: -1}, Then: child}}},
		{Parent: &hazard.List{}, Triggers: []chain.Trigger{{Name: "a", When: chain.At{}, Then: child, Delay: -1}}},
		{Parent: &hazard.List{}, Triggers: []chain.Trigger{{Name: "a", When: chain.Fails{}, Then: child}}},
		// A List reports no intensity.
		{Parent: &hazard.List{}, Triggers: []chain.Trigger{{Name: "a", When: chain.Above{Component: "c0"}, Then: child}}},
		{Parent: &rise{}, Triggers: []chain.Trigger{{Name: "a", When: chain.Above{Component: "c0", Place: &network.Point{}}, Then: child}}},
		{Parent: &rise{}, Triggers: []chain.Trigger{{Name: "a", When: chain.Above{Component: "c0", Threshold: math.NaN()}, Then: child}}},
		{Parent: &rise{}, Triggers: []chain.Trigger{{Name: "a", When: chain.Above{Component: "c0", Until: 2 * sim.Day, Step: sim.Second}, Then: child}}},
		{Parent: &rise{}, Triggers: []chain.Trigger{{Name: "a", When: chain.Above{Component: "nowhere"}, Then: child}}},
		{Parent: &hazard.List{}, Triggers: []chain.Trigger{{Name: "a", When: chain.Fails{Component: "nowhere"}, Then: child}}},
		// The child is named like the parent.
		{Parent: &hazard.List{}, Triggers: []chain.Trigger{{Name: "a", When: chain.At{}, Probability: 1, Then: &hazard.List{}}}},
	} {
		if _, err := c.Impacts(n, hazard.NewRand(1, "x")); !errors.Is(err, hazard.ErrInvalid) {
			t.Errorf("%+v: %v, want ErrInvalid", c, err)
		}
	}
}

// TestTriggerPartsAllocatesNothing: the engine asks the chain about every
// change; when nothing starts, the answer allocates nothing.
func TestTriggerPartsAllocatesNothing(t *testing.T) {
	n := town(t)
	c := &chain.Chain{Parent: &hazard.List{Label: "quake"}, Triggers: []chain.Trigger{{
		Name: "breach", Probability: 0.5, When: chain.Fails{Component: "c1"}, Then: &hazard.List{Label: "flood"}}}}
	r := hazard.Rand{Seed: 1, ID: hazard.TriggerStreamOf("quake"), Scope: n.ComponentKey(1)}
	allocs := testing.AllocsPerRun(100, func() {
		c.TriggerParts(n, sim.Hour, 0, 0, network.Damaged, r)               // another component
		c.TriggerParts(n, sim.Hour, 1, network.Damaged, network.Damaged, r) // already down
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per call", allocs)
	}
}
