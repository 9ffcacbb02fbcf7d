package hazard

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Part is one named hazard of a compound hazard (a chain of triggered
// hazards, a sequence): its impacts and, for a hazard another one started,
// what started it.
type Part struct {
	// Name is the part's hazard name: it keys the part's random stream and
	// names the causes of its impacts. Among the hazards of a run, names
	// are unique (a compound's own name may be one of its parts').
	Name string
	// Parent is the index, in the same list of parts, of the part whose
	// trigger started this one; -1 for a part nothing in the list started
	// (the first hazard of a chain, a hazard of a sequence, or the hazard a
	// TriggerParts call starts, whose parent is the engine's change). A
	// parent comes before its children.
	Parent int
	// At is when the parent's trigger fired (its condition held; the
	// part's impacts may come later, after a delay), ≥ 0. Ignored when
	// Parent is -1.
	At sim.Time
	// Site is the component at which the trigger's condition held, -1 for
	// none (a place away from every component, a time). Ignored when
	// Parent is -1.
	Site int32
	// Impacts are the part's impacts, sorted (Sort).
	Impacts []Impact
}

// Compound is an optional interface of hazards made of named parts
// (hazard/chain's Chain and Sequence). Its Impacts returns the impacts of
// its Parts merged and sorted (Flatten). The engine asks Parts instead:
// it records the cause of every impact under its part's name and, for a
// part another part started, as the child of a trigger cause naming the
// parent part at At (on Site), itself the child of the parent's own
// trigger cause when the parent was started too — so an explanation walks
// from a flooded road back through "landslide" and "rainstorm" to
// "typhoon".
type Compound interface {
	Hazard
	// Parts returns the parts, parents before children. Like Impacts it is
	// pure and draws from r's seed only (each part from its own stream,
	// NewRand(r.Seed, part name)).
	Parts(n *network.Network, r Rand) ([]Part, error)
}

// PartTrigger is an optional interface of a Trigger whose secondary
// impacts belong to named hazards (a component failing starts a dam-breach
// flood). The engine calls TriggerParts instead of Trigger and records the
// impacts of a part whose Parent is -1 under the part's name as children
// of the change that fired it; parts started by those parts (Parent ≥ 0)
// get trigger causes as under Compound. Impacts must not be earlier than
// t. The engine's contract for Trigger holds (Rand scoped by the changed
// component; nil when nothing starts, allocating nothing).
type PartTrigger interface {
	TriggerParts(n *network.Network, t sim.Time, component int32, old, new network.Flags, r Rand) []Part
}

// Flatten returns the impacts of parts merged and sorted (Sort), the
// Impacts of a Compound.
func Flatten(parts []Part) []Impact {
	k := 0
	for _, p := range parts {
		k += len(p.Impacts)
	}
	out := make([]Impact, 0, k)
	for _, p := range parts {
		out = append(out, p.Impacts...)
	}
	Sort(out)
	return out
}

// CheckParts checks a list of parts against n: non-empty names, unique
// among the parts, parents before children, At ≥ 0, sites and impacts
// valid. Errors wrap ErrInvalid.
func CheckParts(n *network.Network, parts []Part) error {
	seen := make(map[string]bool, len(parts))
	for k, p := range parts {
		switch {
		case p.Name == "":
			return fmt.Errorf("%w: part %d has no name", ErrInvalid, k)
		case seen[p.Name]:
			return fmt.Errorf("%w: two parts are named %q", ErrInvalid, p.Name)
		case p.Parent < -1 || p.Parent >= k:
			return fmt.Errorf("%w: part %q: parent %d is not an earlier part", ErrInvalid, p.Name, p.Parent)
		case p.Parent >= 0 && (p.At < 0 || p.Site < -1 || int(p.Site) >= n.NumComponents()):
			return fmt.Errorf("%w: part %q: started at %v on component %d", ErrInvalid, p.Name, p.At, p.Site)
		}
		seen[p.Name] = true
		for j := range p.Impacts {
			if err := p.Impacts[j].Validate(n); err != nil {
				return fmt.Errorf("part %q: impact %d: %w", p.Name, j, err)
			}
		}
	}
	return nil
}
