package hazard

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// List is a hazard of explicit impacts.
type List struct {
	// Label names the hazard ("list" when empty): two in one run need two
	// labels.
	Label string
	// Items are the impacts, in any order.
	Items []Impact
}

// Name returns the label, or "list".
func (l *List) Name() string { return cmp.Or(l.Label, "list") }

// Impacts validates and returns a sorted copy of the items.
func (l *List) Impacts(n *network.Network, _ Rand) ([]Impact, error) {
	out := slices.Clone(l.Items)
	for i := range out {
		if err := out[i].Validate(n); err != nil {
			return nil, fmt.Errorf("hazard %s: item %d: %w", l.Name(), i, err)
		}
	}
	Sort(out)
	return out, nil
}

// Selector picks the components a random or targeted hazard may hit.
type Selector struct {
	// Sector restricts to one sector ("" = all).
	Sector network.Sector
	// Kind restricts to one kind ("" = all).
	Kind network.Kind
}

func (s Selector) match(n *network.Network, i int32) bool {
	return (s.Sector == "" || n.SectorName(n.ComponentSector(i)) == s.Sector) &&
		(s.Kind == "" || n.ComponentKind(i) == s.Kind)
}

// RandomFraction hits each selected component independently with
// probability Fraction at time At. Component i decides with the first
// uniform draw of its own stream (Rand.Component: keyed by the hash of its
// ID), so every variant of a scenario hits the same components (common
// random numbers).
type RandomFraction struct {
	// Label names the hazard ("random-fraction" when empty): two in one run
	// need two labels.
	Label string
	// Select picks the candidates.
	Select Selector
	// Fraction is the probability of a hit, in [0, 1].
	Fraction float64
	// At is the time of the impacts.
	At sim.Time
	// Effect is the impact kind; zero means Damage (complete, factor 0:
	// down until repaired). Research removals set Remove.
	Effect ImpactKind
}

// Name returns the label, or "random-fraction".
func (r *RandomFraction) Name() string { return cmp.Or(r.Label, "random-fraction") }

// Validate checks the parameters.
func (r *RandomFraction) Validate() error {
	if !(r.Fraction >= 0 && r.Fraction <= 1) {
		return fmt.Errorf("%w: fraction %v outside [0, 1]", ErrInvalid, r.Fraction)
	}
	if r.At < 0 {
		return fmt.Errorf("%w: negative time", ErrInvalid)
	}
	return nil
}

// Impacts draws the hits from the entity streams of rng.
func (r *RandomFraction) Impacts(n *network.Network, rng Rand) ([]Impact, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	kind := cmp.Or(r.Effect, Damage)
	var out []Impact
	for i := range n.Components() {
		if !r.Select.match(n, i) {
			continue
		}
		es := rng.Component(n, i)
		if es.Float64() < r.Fraction {
			out = append(out, Impact{Time: r.At, Kind: kind, Target: i, State: network.DamageComplete})
		}
	}
	return out, nil
}

// Measure ranks components for a targeted attack.
type Measure uint8

// Measures.
const (
	// Degree: number of links at the component.
	Degree Measure = iota
	// Betweenness: shortest-path betweenness within its sector (Brandes),
	// links as undirected.
	Betweenness
	// PopulationServed: the component's population.
	PopulationServed
)

// Targeted hits the K selected components of highest Measure at time At
// (ties to the lower index).
type Targeted struct {
	// Label names the hazard ("targeted" when empty): two in one run need
	// two labels.
	Label string
	// Select picks the candidates.
	Select Selector
	// By is the measure ranked.
	By Measure
	// K is how many components are hit, ≥ 0.
	K int
	// At is the time of the impacts, ≥ 0.
	At sim.Time
	// Effect is the impact kind; zero means Damage (complete, factor 0).
	// Research removals set Remove.
	Effect ImpactKind
	// Ranking, when set, overrides By.
	Ranking func(n *network.Network, i int32) float64
}

// Name returns the label, or "targeted".
func (t *Targeted) Name() string { return cmp.Or(t.Label, "targeted") }

// Impacts ranks the candidates and returns the top K.
func (t *Targeted) Impacts(n *network.Network, _ Rand) ([]Impact, error) {
	if t.K < 0 || t.At < 0 {
		return nil, fmt.Errorf("%w: targeted k = %d at %v", ErrInvalid, t.K, t.At)
	}
	score := t.Ranking
	if score == nil {
		switch t.By {
		case Degree:
			score = func(n *network.Network, i int32) float64 { nb, _ := n.Out(i); return float64(len(nb)) }
		case PopulationServed:
			score = func(n *network.Network, i int32) float64 { return float64(n.Population(i)) }
		case Betweenness:
			bc, st, br := make([]float64, n.NumComponents()), network.NewState(n), network.NewBrandes(n)
			for s := range n.Sectors() {
				br.Sector(s, st, bc)
			}
			score = func(_ *network.Network, i int32) float64 { return bc[i] }
		default:
			return nil, fmt.Errorf("%w: measure %d", ErrInvalid, t.By)
		}
	}
	type cand struct {
		i int32
		s float64
	}
	var cs []cand
	for i := range n.Components() {
		if t.Select.match(n, i) {
			cs = append(cs, cand{i, score(n, i)})
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return cmp.Or(cmp.Compare(b.s, a.s), cmp.Compare(a.i, b.i)) })
	out := make([]Impact, 0, min(t.K, len(cs)))
	for _, c := range cs[:min(t.K, len(cs))] {
		out = append(out, Impact{Time: t.At, Kind: cmp.Or(t.Effect, Damage), Target: c.i, State: network.DamageComplete})
	}
	Sort(out)
	return out, nil
}
