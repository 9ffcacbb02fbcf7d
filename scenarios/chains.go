package scenarios

import (
	"slices"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/hazard/chain"
	"github.com/lifeline-sim/lifeline/network"
)

// nested is implemented by the parameters of kinds that hold hazards of
// their own (chains, sequences): the file's checks walk them, so that every
// hazard of a file, nested or not, has its own name.
type nested interface {
	hazards() []*HazardSpec
}

// chainHazard is the chain kind (chain.Chain): a parent hazard and the
// secondary hazards its triggers start.
type chainHazard struct {
	Parent   HazardSpec    `yaml:"parent" doc:"the hazard whose intensity, failures or time start the others"`
	Triggers []triggerSpec `yaml:"triggers" doc:"the secondary hazards and when they start"`
	Pos      Pos
}

// triggerSpec is a trigger of a chain (chain.Trigger).
type triggerSpec struct {
	Name        string        `yaml:"name" doc:"the trigger's name, unique in its chain: with the parent's name it keys the trigger's draw"`
	When        conditionSpec `yaml:"when" doc:"the condition: one of above, fails and at"`
	Probability float64       `yaml:"probability" doc:"probability that the trigger fires when its condition holds, in [0, 1] (default 1)"`
	Delay       Duration      `yaml:"delay" doc:"from the condition to the start of the hazard"`
	Then        HazardSpec    `yaml:"then" doc:"the hazard started; its time 0 is when it starts"`
	Pos         Pos
}

// conditionSpec is a trigger's condition: exactly one key.
type conditionSpec struct {
	Above aboveSpec `yaml:"above" doc:"the parent's intensity at a component or place reaches a threshold"`
	Fails failsSpec `yaml:"fails" doc:"a component fails"`
	At    Duration  `yaml:"at" doc:"an instant"`
	Pos   Pos
}

// aboveSpec is an Above condition (chain.Above).
type aboveSpec struct {
	Component string    `yaml:"component" doc:"ID of the component whose location is read (or give place)"`
	Place     pointSpec `yaml:"place" doc:"a point in the network's CRS (or give component)"`
	Threshold float64   `yaml:"threshold" doc:"in the parent's intensity unit: gust m/s, depth m, temperature °C"`
	From      Duration  `yaml:"from" doc:"first instant sampled"`
	Until     Duration  `yaml:"until" doc:"last instant sampled"`
	Step      Duration  `yaml:"step" doc:"sampling interval (0: From alone)"`
	Pos       Pos
}

// pointSpec is a point.
type pointSpec struct {
	X float64 `yaml:"x" doc:"longitude, or easting in m"`
	Y float64 `yaml:"y" doc:"latitude, or northing in m"`
}

// failsSpec is a Fails condition (chain.Fails).
type failsSpec struct {
	Component string   `yaml:"component" doc:"ID of the watched component"`
	Flags     []string `yaml:"flags" doc:"states that count as failing: damaged, removed, suspended, tripped, unsupplied, … (default: damaged, removed, suspended, tripped)"`
	Pos       Pos
}

// condition checks a fails condition against net: the watched
// component's index and the flags that count (0: the default of its
// user).
func (f *failsSpec) condition(net *network.Network) (int32, network.Flags, error) {
	i, ok := net.ComponentIndex(f.Component)
	if !ok {
		return -1, 0, f.Pos.Errorf("component", network.ErrUnknownID, "no component %s in the network", quote(f.Component))
	}
	var names []string
	for b := range 16 {
		if s := network.Flags(1 << b).String(); s != "" && s[0] != '|' && s != "up" {
			names = append(names, s)
		}
	}
	var flags network.Flags
	for _, s := range f.Flags {
		k := slices.Index(names, s)
		if k < 0 {
			return -1, 0, f.Pos.Errorf("flags", ErrUnknownName, "%s", unknown("state", s, names))
		}
		flags |= network.Flags(1 << k)
	}
	return i, flags, nil
}

// hazards returns the hazards the chain holds; one not written is left
// out (build reports it).
func (c *chainHazard) hazards() []*HazardSpec {
	var out []*HazardSpec
	if c.Pos.Has("parent") {
		out = append(out, &c.Parent)
	}
	for i := range c.Triggers {
		if c.Triggers[i].Pos.Has("then") {
			out = append(out, &c.Triggers[i].Then)
		}
	}
	return out
}

func (c *chainHazard) build(env *buildEnv, name string) (hazard.Hazard, error) {
	if !c.Pos.Has("parent") {
		return nil, c.Pos.Errorf("parent", network.ErrInvalid, "missing parent: the hazard whose triggers start the others")
	}
	parent, err := c.Parent.build(env)
	if err != nil {
		return nil, err
	}
	ch := &chain.Chain{Label: name, Parent: parent}
	var names []string
	for i := range c.Triggers {
		t := &c.Triggers[i]
		switch {
		case t.Name == "":
			return nil, t.Pos.Errorf("name", network.ErrInvalid, "missing name: every trigger needs its own (it keys its draw)")
		case slices.Contains(names, t.Name):
			return nil, t.Pos.Errorf("name", network.ErrInvalid, "trigger name %s given twice in the chain", quote(t.Name))
		case !t.Pos.Has("then"):
			return nil, t.Pos.Errorf("then", network.ErrInvalid, "missing then: the hazard the trigger starts")
		}
		names = append(names, t.Name)
		when, err := t.When.condition(env.net)
		if err != nil {
			return nil, err
		}
		then, err := t.Then.build(env)
		if err != nil {
			return nil, err
		}
		p := t.Probability
		if !t.Pos.Has("probability") {
			p = 1
		}
		if !(p >= 0 && p <= 1) {
			return nil, t.Pos.Errorf("probability", network.ErrOutOfRange, "probability %v outside [0, 1]", p)
		}
		ch.Triggers = append(ch.Triggers, chain.Trigger{Name: t.Name, When: when, Probability: p, Delay: t.Delay.Time(), Then: then})
	}
	if err := ch.Validate(); err != nil {
		return nil, c.Pos.Wrap("", err)
	}
	return ch, nil
}

// condition checks the condition against net.
func (c *conditionSpec) condition(net *network.Network) (chain.Condition, error) {
	var given []string
	for _, k := range []string{"above", "fails", "at"} {
		if c.Pos.Has(k) {
			given = append(given, k)
		}
	}
	if len(given) != 1 {
		return nil, c.Pos.Errorf("", network.ErrInvalid, "give one of above, fails and at")
	}
	switch given[0] {
	case "above":
		a := &c.Above
		if (a.Component == "") == !a.Pos.Has("place") {
			return nil, a.Pos.Errorf("", network.ErrInvalid, "give one of component and place")
		}
		cond := chain.Above{Component: a.Component, Threshold: a.Threshold, From: a.From.Time(), Until: a.Until.Time(), Step: a.Step.Time()}
		if a.Component != "" {
			i, ok := net.ComponentIndex(a.Component)
			if !ok {
				return nil, a.Pos.Errorf("component", network.ErrUnknownID, "no component %s in the network", quote(a.Component))
			}
			if _, ok := net.Location(i); !ok {
				return nil, a.Pos.Errorf("component", network.ErrInvalid, "component %s has no location", quote(a.Component))
			}
		} else {
			cond.Place = &network.Point{X: a.Place.X, Y: a.Place.Y}
		}
		if !a.Pos.Has("until") {
			cond.Until = cond.From
		}
		if cond.Until < cond.From {
			return nil, a.Pos.Errorf("until", network.ErrInvalid, "until %v before from %v", cond.Until, cond.From)
		}
		return cond, nil
	case "fails":
		f := &c.Fails
		_, flags, err := f.condition(net)
		if err != nil {
			return nil, err
		}
		return chain.Fails{Component: f.Component, Flags: flags}, nil
	}
	return chain.At{Time: c.At.Time()}, nil
}

// sequenceHazard is the sequence kind (chain.Sequence): hazards one after
// another.
type sequenceHazard struct {
	Steps []stepSpec `yaml:"steps" doc:"the hazards with their offsets"`
	Pos   Pos
}

// stepSpec is a step of a sequence (chain.Step).
type stepSpec struct {
	Offset Duration   `yaml:"offset" doc:"when the hazard's time 0 falls"`
	Hazard HazardSpec `yaml:"hazard" doc:"the hazard"`
	Pos    Pos
}

func (s *sequenceHazard) hazards() []*HazardSpec {
	var out []*HazardSpec
	for i := range s.Steps {
		if s.Steps[i].Pos.Has("hazard") {
			out = append(out, &s.Steps[i].Hazard)
		}
	}
	return out
}

func (s *sequenceHazard) build(env *buildEnv, name string) (hazard.Hazard, error) {
	if len(s.Steps) == 0 {
		return nil, s.Pos.Errorf("steps", network.ErrInvalid, "a sequence needs steps")
	}
	seq := &chain.Sequence{Label: name}
	for i := range s.Steps {
		st := &s.Steps[i]
		if !st.Pos.Has("hazard") {
			return nil, st.Pos.Errorf("hazard", network.ErrInvalid, "missing hazard")
		}
		h, err := st.Hazard.build(env)
		if err != nil {
			return nil, err
		}
		seq.Steps = append(seq.Steps, chain.Step{Offset: st.Offset.Time(), Hazard: h})
	}
	if err := seq.Validate(); err != nil {
		return nil, s.Pos.Wrap("", err)
	}
	return seq, nil
}
