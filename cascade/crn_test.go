package cascade_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// crnNet builds 60 power components p0…p59 (standalone: no source), after
// extra components x0…x(extra-1) in power and gas when extra > 0, so that
// the p's have other indices in the variant.
func crnNet(t *testing.T, extra int) *network.Network {
	t.Helper()
	b := network.NewBuilder()
	for k := range extra {
		s := network.Power
		if k%2 == 1 {
			s = network.Gas
		}
		b.AddComponent(network.Component{ID: fmt.Sprint("x", k), Sector: s})
	}
	for k := range 60 {
		b.AddComponent(network.Component{ID: fmt.Sprint("p", k), Sector: network.Power})
	}
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// hits returns the sorted IDs of the p components the hazard named name
// damaged.
func hits(t *testing.T, n *network.Network, name string, hs ...hazard.Hazard) []string {
	t.Helper()
	e, err := cascade.New(n, cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Run(context.Background(), cascade.Input{Hazards: hs, Seed: sim.ReplicationSeed(5, 0)})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range r.Causes {
		if id := n.ComponentID(c.Entity); c.Mechanism == cascade.ByImpact && c.Hazard == name && !c.Link && id[0] == 'p' {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// TestCommonRandomNumbers: a hazard's draws for a component depend on the
// hazard's name and the component's ID only. Adding an empty hazard before
// it, adding, removing or reordering other random hazards, or adding
// components elsewhere in the network never changes which p components it
// hits.
func TestCommonRandomNumbers(t *testing.T) {
	quake := func() *hazard.RandomFraction {
		return &hazard.RandomFraction{Label: "quake", Fraction: 0.4, At: sim.Hour}
	}
	other := &hazard.RandomFraction{Label: "wind", Fraction: 0.5, At: 2 * sim.Hour}
	empty := &hazard.List{Label: "nothing"}
	base := hits(t, crnNet(t, 0), "quake", quake())
	if len(base) == 0 || len(base) == 60 {
		t.Fatalf("base hits %v: want some, not all", base)
	}
	for _, tc := range []struct {
		name  string
		extra int
		hs    []hazard.Hazard
	}{
		{"an empty hazard first", 0, []hazard.Hazard{empty, quake()}},
		{"another hazard after", 0, []hazard.Hazard{quake(), other}},
		{"another hazard before", 0, []hazard.Hazard{other, empty, quake()}},
		{"components added elsewhere", 25, []hazard.Hazard{quake()}},
	} {
		if got := hits(t, crnNet(t, tc.extra), "quake", tc.hs...); !slices.Equal(got, base) {
			t.Errorf("%s: hits %v, want %v", tc.name, got, base)
		}
	}
}

// TestHazardNamesUnique: two hazards of one name in a run are an error,
// not two hazards drawing the same numbers.
func TestHazardNamesUnique(t *testing.T) {
	e, err := cascade.New(crnNet(t, 0), cascade.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Run(context.Background(), cascade.Input{Hazards: []hazard.Hazard{&hazard.RandomFraction{Fraction: 0.1}, &hazard.RandomFraction{Fraction: 0.2}}})
	if err == nil {
		t.Fatal("two hazards named random-fraction accepted")
	}
}

// randomBreach floods the plant after a delay it draws when the dam
// fails: a triggered hazard with random numbers.
type randomBreach struct{ dam, plant int32 }

func (randomBreach) Name() string { return "breach" }

func (randomBreach) Impacts(*network.Network, hazard.Rand) ([]hazard.Impact, error) { return nil, nil }

func (d randomBreach) Trigger(_ *network.Network, t sim.Time, i int32, old, new network.Flags, r hazard.Rand) []hazard.Impact {
	if i != d.dam || new&network.Damaged == 0 || old&network.Damaged != 0 {
		return nil
	}
	s := r.Stream()
	return []hazard.Impact{{Time: t + sim.Time(s.Float64()*float64(sim.Hour)), Kind: hazard.Suspend, Target: d.plant}}
}

// TestTriggerKeyedByName: a trigger's numbers are keyed by (hazard name,
// trigger, component ID): the flood's delay is the first uniform of the
// stream TriggerStreamOf("breach") scoped by the dam's key, whatever the
// hazards' order and the dam's index.
func TestTriggerKeyedByName(t *testing.T) {
	for _, extra := range []int{0, 3} {
		b := network.NewBuilder()
		for k := range extra {
			b.AddComponent(network.Component{ID: fmt.Sprint("x", k), Sector: network.Gas})
		}
		b.AddComponent(network.Component{ID: "dam", Sector: network.Water, Kind: network.KindReservoir, Role: network.RoleSource})
		b.AddComponent(network.Component{ID: "plant", Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource})
		n, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		dam, _ := n.ComponentIndex("dam")
		plant, _ := n.ComponentIndex("plant")
		seed := sim.ReplicationSeed(8, 2)
		s := hazard.Rand{Seed: seed, ID: hazard.TriggerStreamOf("breach"), Scope: n.ComponentKey(dam)}.Stream()
		want := 2*sim.Hour + sim.Time(s.Float64()*float64(sim.Hour))
		quake := &hazard.List{Label: "quake", Items: []hazard.Impact{{Time: 2 * sim.Hour, Kind: hazard.Damage, Target: dam}}}
		for _, hs := range [][]hazard.Hazard{{quake, randomBreach{dam, plant}}, {randomBreach{dam, plant}, &hazard.List{Label: "x"}, quake}} {
			e, err := cascade.New(n, cascade.Options{})
			if err != nil {
				t.Fatal(err)
			}
			r, err := e.Run(context.Background(), cascade.Input{Hazards: hs, Seed: seed})
			if err != nil {
				t.Fatal(err)
			}
			got := sim.Time(-1)
			for _, c := range r.Changes {
				if !c.Link && c.Entity == plant && c.New&network.Suspended != 0 {
					got = c.Time
				}
			}
			if got != want {
				t.Errorf("extra %d, %d hazards: flood at %v, want %v", extra, len(hs), got, want)
			}
		}
	}
}
