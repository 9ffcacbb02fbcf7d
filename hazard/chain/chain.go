package chain

import (
	"cmp"
	"fmt"
	"math"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// MaxSamples bounds the instants an Above condition samples.
const MaxSamples = 100_000

// Condition says when a trigger fires: Above, Fails or At.
type Condition interface {
	// validate checks the condition's own fields.
	validate() error
}

// Above holds when the parent hazard's intensity (hazard.Intensity) at a
// site reaches Threshold: the trigger fires at the first sampled instant
// From, From+Step, … ≤ Until at which the intensity is ≥ Threshold. The
// site is Component's location, or Place when set.
type Above struct {
	// Component is the ID of the component whose location is read, and
	// whose ID scopes the trigger's draw; it must be located. Empty when
	// Place is set.
	Component string
	// Place is a point in the network's CRS read instead of a component
	// (a slope above a road, a dam that is no component); nil when
	// Component is set. The trigger's draw then has no component scope.
	Place *network.Point
	// Threshold in the parent's intensity unit (g, m, m/s, °C); finite.
	Threshold float64
	// From, Until and Step (≥ 0, Until ≥ From) give the instants sampled;
	// Step 0 samples From alone. At most MaxSamples instants.
	From, Until, Step sim.Time
}

// Fails holds when Component fails: a change the engine reports sets one
// of Flags on it while none was set before. The engine asks the chain, as
// a hazard.PartTrigger, after the change. It fires on every such failure
// (a dam repaired and damaged again breaches again) with the same draw
// (keyed by parent, trigger and component), so for one seed it fires on
// every failure or on none.
type Fails struct {
	// Component is the watched component's ID.
	Component string
	// Flags are the states that count as failing; 0 means
	// network.OwnDownFlags (damage, removal, suspension, a trip). A
	// hospital losing its power supply is network.Unsupplied.
	Flags network.Flags
}

// At holds at Time, ≥ 0 (a forecast second typhoon that may or may not
// come: set the trigger's Probability).
type At struct {
	// Time of the trigger.
	Time sim.Time
}

func (a Above) validate() error {
	steps := int64(1)
	if a.Step > 0 {
		steps += int64((a.Until - a.From) / a.Step)
	}
	switch {
	case (a.Component == "") == (a.Place == nil):
		return fmt.Errorf("%w: an Above condition needs a Component or a Place, not both", hazard.ErrInvalid)
	case math.IsNaN(a.Threshold) || math.IsInf(a.Threshold, 0):
		return fmt.Errorf("%w: threshold %v", hazard.ErrInvalid, a.Threshold)
	case a.From < 0 || a.Until < a.From || a.Step < 0:
		return fmt.Errorf("%w: sampling from %v until %v every %v", hazard.ErrInvalid, a.From, a.Until, a.Step)
	case steps > MaxSamples:
		return fmt.Errorf("%w: %d samples, more than %d", hazard.ErrInvalid, steps, MaxSamples)
	}
	return nil
}

func (f Fails) validate() error {
	if f.Component == "" {
		return fmt.Errorf("%w: a Fails condition needs a Component", hazard.ErrInvalid)
	}
	return nil
}

func (a At) validate() error {
	if a.Time < 0 {
		return fmt.Errorf("%w: trigger time %v", hazard.ErrInvalid, a.Time)
	}
	return nil
}

// Trigger starts hazard Then, with probability Probability, Delay after
// its condition When holds. Then's impacts (its Parts, when it is a
// hazard.Compound) are shifted by the firing instant plus Delay: its time 0
// is when it starts.
type Trigger struct {
	// Name names the trigger; with the parent's name and the condition's
	// component ID it keys the trigger's draw. Unique within a chain.
	Name string
	// When is the condition: Above, Fails or At.
	When Condition
	// Probability that the trigger fires when its condition holds, in
	// [0, 1]: it fires when the first uniform of its stream is below.
	Probability float64
	// Delay from the condition to the start of Then, ≥ 0.
	Delay sim.Time
	// Then is the hazard started; its name names its impacts' causes.
	Then hazard.Hazard
}

// Chain is a hazard and the secondary hazards its triggers start: an
// earthquake and the dam-breach flood it may cause. It is a
// hazard.Compound (its parts: the parent's, then each started hazard's,
// in trigger order) and a hazard.PartTrigger (for Fails conditions).
type Chain struct {
	// Label names the chain; empty means the parent's name.
	Label string
	// Parent is the hazard whose condition starts the others. Above
	// conditions need it to implement hazard.Intensity.
	Parent hazard.Hazard
	// Triggers are the secondary hazards and when they start.
	Triggers []Trigger
}

// Name returns the label, or the parent's name.
func (c *Chain) Name() string {
	if c.Label == "" && c.Parent != nil {
		return c.Parent.Name()
	}
	return c.Label
}

// Validate checks the chain's configuration. Errors wrap
// hazard.ErrInvalid.
func (c *Chain) Validate() error {
	if c.Parent == nil {
		return fmt.Errorf("%w: chain %q has no parent hazard", hazard.ErrInvalid, c.Name())
	}
	names := map[string]bool{}
	for k, tr := range c.Triggers {
		var err error
		switch {
		case tr.Name == "" || names[tr.Name]:
			err = fmt.Errorf("%w: trigger %d: empty or repeated name %q", hazard.ErrInvalid, k, tr.Name)
		case tr.When == nil || tr.Then == nil:
			err = fmt.Errorf("%w: trigger %q needs a condition and a hazard", hazard.ErrInvalid, tr.Name)
		case !(tr.Probability >= 0 && tr.Probability <= 1):
			err = fmt.Errorf("%w: trigger %q: probability %v outside [0, 1]", hazard.ErrInvalid, tr.Name, tr.Probability)
		case tr.Delay < 0:
			err = fmt.Errorf("%w: trigger %q: negative delay", hazard.ErrInvalid, tr.Name)
		default:
			err = tr.When.validate()
		}
		if err != nil {
			return fmt.Errorf("chain %q: %w", c.Name(), err)
		}
		if _, ok := tr.When.(Above); ok {
			if _, ok := c.Parent.(hazard.Intensity); !ok {
				return fmt.Errorf("%w: chain %q: trigger %q reads the intensity of %q, which does not report one (hazard.Intensity)",
					hazard.ErrInvalid, c.Name(), tr.Name, c.Parent.Name())
			}
		}
		names[tr.Name] = true
	}
	return nil
}

// Impacts returns the impacts of every part, merged and sorted.
func (c *Chain) Impacts(n *network.Network, r hazard.Rand) ([]hazard.Impact, error) {
	return flat(c.Parts(n, r))
}

// flat returns the impacts of parts merged and sorted, or err.
func flat(parts []hazard.Part, err error) ([]hazard.Impact, error) {
	if err != nil {
		return nil, err
	}
	return hazard.Flatten(parts), nil
}

// Parts returns the parent's parts (one named after it, or its own Parts
// when it is a compound), then for each Above or At trigger that fires the
// parts of the hazard it starts, shifted, their first part started by the
// parent's part of the parent's name (its first part when it has none of
// that name) at the firing instant on the condition's component (-1 for a
// Place or a time). Each hazard draws from its own stream
// (hazard.NewRand(r.Seed, its name)); a trigger's draw is keyed by the
// parent's trigger stream, the trigger's name and the condition's
// component ID. The hazards of Fails triggers are computed too, and
// dropped: the engine starts them during the run through TriggerParts,
// which can report no error, so one that cannot be computed is Parts'
// error.
func (c *Chain) Parts(n *network.Network, r hazard.Rand) ([]hazard.Part, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	parts, err := partsOf(c.Parent, n, r)
	if err != nil {
		return nil, err
	}
	by := parentPart(parts, c.Parent.Name())
	for _, tr := range c.Triggers {
		var at sim.Time
		site := int32(-1)
		switch w := tr.When.(type) {
		case Fails:
			if _, err := component(n, w.Component); err != nil {
				return nil, fmt.Errorf("chain %q: trigger %q: %w", c.Name(), tr.Name, err)
			}
			// The engine asks TriggerParts during the run, which can
			// report no error: a hazard that cannot be computed fails the
			// chain here, before the run.
			child, err := partsOf(tr.Then, n, r)
			if err == nil {
				err = hazard.CheckParts(n, child)
			}
			if err != nil {
				return nil, fmt.Errorf("chain %q: trigger %q: %w", c.Name(), tr.Name, err)
			}
			continue
		case At:
			at = w.Time
		case Above:
			var ok bool
			at, site, ok, err = c.above(n, w, r)
			if err != nil {
				return nil, fmt.Errorf("chain %q: trigger %q: %w", c.Name(), tr.Name, err)
			}
			if !ok {
				continue
			}
		}
		if !c.fires(n, tr, site, r) {
			continue
		}
		if parts, err = start(parts, tr, n, r, by, at, site); err != nil {
			return nil, fmt.Errorf("chain %q: trigger %q: %w", c.Name(), tr.Name, err)
		}
	}
	return parts, hazard.CheckParts(n, parts)
}

// TriggerParts starts the hazards of the Fails triggers watching
// component when it fails (old has none of the trigger's flags, new has
// one), and asks the parent when it is a hazard.PartTrigger or
// hazard.Trigger (its trigger stream and scope). It returns nil,
// allocating nothing, when nothing starts.
func (c *Chain) TriggerParts(n *network.Network, t sim.Time, i int32, old, new network.Flags, r hazard.Rand) []hazard.Part {
	pr := hazard.Rand{Seed: r.Seed, ID: hazard.TriggerStreamOf(c.Parent.Name()), Scope: r.Scope, Observer: r.Observer}
	var parts []hazard.Part
	switch p := c.Parent.(type) {
	case hazard.PartTrigger:
		parts = p.TriggerParts(n, t, i, old, new, pr)
	case hazard.Trigger:
		if im := p.Trigger(n, t, i, old, new, pr); len(im) > 0 {
			parts = []hazard.Part{{Name: c.Parent.Name(), Parent: -1, Impacts: im}}
		}
	}
	for _, tr := range c.Triggers {
		f, ok := tr.When.(Fails)
		if !ok {
			continue
		}
		down := cmp.Or(f.Flags, network.OwnDownFlags)
		if old&down != 0 || new&down == 0 || n.ComponentID(i) != f.Component || !c.fires(n, tr, i, r) {
			continue
		}
		// The started hazard's first part descends from the change (Parent -1).
		var err error
		if parts, err = start(parts, tr, n, r, -1, t, i); err != nil {
			return nil // unreachable for a pure child: Parts computed it without error
		}
	}
	return parts
}

// fires draws the trigger's uniform: stream TriggerStreamOf(parent name),
// scoped by the site component's key (none for -1), entity the trigger
// name's hash.
func (c *Chain) fires(n *network.Network, tr Trigger, site int32, r hazard.Rand) bool {
	if tr.Probability >= 1 {
		return true
	}
	scope := uint64(0)
	if site >= 0 {
		scope = n.ComponentKey(site)
	}
	tr0 := hazard.Rand{Seed: r.Seed, ID: hazard.TriggerStreamOf(c.Parent.Name()), Scope: scope, Observer: r.Observer}
	s := tr0.Entity(int64(sim.StreamOf("trigger/" + tr.Name)))
	return s.Float64() < tr.Probability
}

// above returns the first sampled instant at which the parent's intensity
// at the condition's site is ≥ the threshold.
func (c *Chain) above(n *network.Network, a Above, r hazard.Rand) (sim.Time, int32, bool, error) {
	site := int32(-1)
	var p network.Point
	if a.Place != nil {
		p = *a.Place
	} else {
		i, err := component(n, a.Component)
		if err != nil {
			return 0, -1, false, err
		}
		loc, ok := n.Location(i)
		if !ok {
			return 0, -1, false, fmt.Errorf("%w: component %q has no location", hazard.ErrInvalid, a.Component)
		}
		site, p = i, loc
	}
	in := c.Parent.(hazard.Intensity)
	pr := hazard.NewRand(r.Seed, c.Parent.Name())
	pr.Observer = r.Observer
	samples := sim.Time(1) // counted, so that an Until near MaxTime cannot wrap
	if a.Step > 0 {
		samples += (a.Until - a.From) / a.Step
	}
	for k := range samples {
		t := a.From + k*a.Step
		v, err := in.IntensityAt(n, p, t, pr)
		if err != nil {
			return 0, -1, false, err
		}
		if v >= a.Threshold {
			return t, site, true, nil
		}
	}
	return 0, -1, false, nil
}

// start appends the parts of tr.Then, shifted to start at at + tr.Delay;
// its first parts (Parent -1) are started by part by at at on site.
func start(parts []hazard.Part, tr Trigger, n *network.Network, r hazard.Rand, by int, at sim.Time, site int32) ([]hazard.Part, error) {
	child, err := partsOf(tr.Then, n, r)
	if err != nil {
		return nil, err
	}
	shift, base := at.Add(tr.Delay), len(parts)
	for _, p := range child {
		for k := range p.Impacts {
			p.Impacts[k].Time = p.Impacts[k].Time.Add(shift)
		}
		if p.Parent < 0 {
			p.Parent, p.At, p.Site = by, at, site
		} else {
			p.Parent += base
			p.At = p.At.Add(shift)
		}
		parts = append(parts, p)
	}
	return parts, nil
}

// partsOf returns h's parts: its own when it is a compound, otherwise one
// part of its name holding its impacts (a copy: start shifts them).
func partsOf(h hazard.Hazard, n *network.Network, r hazard.Rand) ([]hazard.Part, error) {
	hr := hazard.NewRand(r.Seed, h.Name())
	hr.Observer = r.Observer
	if c, ok := h.(hazard.Compound); ok {
		ps, err := c.Parts(n, hr)
		if err != nil {
			return nil, fmt.Errorf("hazard %q: %w", h.Name(), err)
		}
		out := make([]hazard.Part, len(ps))
		for k, p := range ps {
			p.Impacts = append([]hazard.Impact(nil), p.Impacts...)
			out[k] = p
		}
		return out, nil
	}
	im, err := h.Impacts(n, hr)
	if err != nil {
		return nil, fmt.Errorf("hazard %q: %w", h.Name(), err)
	}
	return []hazard.Part{{Name: h.Name(), Parent: -1, Impacts: append([]hazard.Impact(nil), im...)}}, nil
}

// parentPart returns the index of the part named name, or 0.
func parentPart(parts []hazard.Part, name string) int {
	for k, p := range parts {
		if p.Name == name {
			return k
		}
	}
	return 0
}

// component resolves a component ID.
func component(n *network.Network, id string) (int32, error) {
	i, ok := n.ComponentIndex(id)
	if !ok {
		return -1, fmt.Errorf("%w: no component %q", hazard.ErrInvalid, id)
	}
	return i, nil
}

// Sequence is a scenario of hazards one after another (a main shock and
// an aftershock two days later; a second typhoon): each step's hazard
// keeps its own name and stream, its impacts shifted by its Offset. It is
// a hazard.Compound whose parts are the steps' parts; no step starts
// another.
type Sequence struct {
	// Label names the sequence ("sequence" when empty); it may equal one
	// of its steps' names.
	Label string
	// Steps are the hazards in order of listing (their offsets need not
	// increase). Their names must differ.
	Steps []Step
}

// Step is one hazard of a Sequence.
type Step struct {
	// Offset shifts the hazard's impacts, ≥ 0.
	Offset sim.Time
	// Hazard is the step's hazard.
	Hazard hazard.Hazard
}

// Name returns the label, or "sequence".
func (s *Sequence) Name() string { return cmp.Or(s.Label, "sequence") }

// Validate checks the steps. Errors wrap hazard.ErrInvalid.
func (s *Sequence) Validate() error {
	for k, st := range s.Steps {
		if st.Hazard == nil || st.Offset < 0 {
			return fmt.Errorf("%w: sequence %q: step %d has no hazard or a negative offset", hazard.ErrInvalid, s.Name(), k)
		}
	}
	return nil
}

// Parts returns each step's parts shifted by its offset, in step order.
func (s *Sequence) Parts(n *network.Network, r hazard.Rand) ([]hazard.Part, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	var parts []hazard.Part
	for _, st := range s.Steps {
		var err error
		if parts, err = start(parts, Trigger{Then: st.Hazard}, n, r, -1, st.Offset, -1); err != nil {
			return nil, fmt.Errorf("sequence %q: %w", s.Name(), err)
		}
	}
	return parts, hazard.CheckParts(n, parts)
}

// Impacts returns the impacts of every step, merged and sorted.
func (s *Sequence) Impacts(n *network.Network, r hazard.Rand) ([]hazard.Impact, error) {
	return flat(s.Parts(n, r))
}
