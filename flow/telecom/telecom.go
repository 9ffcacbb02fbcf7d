package telecom

import (
	"fmt"
	"strings"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
)

// Options configure a Model. The telecom model has no parameters yet; the
// type gives it the same factory shape as every other model.
type Options struct{}

// Validate returns nil: there is nothing to check.
func (Options) Validate() error { return nil }

// Factory builds a Model for sector s of n (a flow.Factory).
func (o Options) Factory(n *network.Network, s network.SectorIndex) (flow.Model, error) {
	return New(n, s, o)
}

// Model is the telecom service model: served ⇔ functional and joined to a
// functional core through working backhaul (flow.Connectivity, with its
// cost). It keeps scratch space, so it is not safe for concurrent use.
type Model struct{ c *flow.Connectivity }

var _ flow.Model = (*Model)(nil)

// New returns a Model for sector s of n; an error when s is not a sector
// of n.
func New(n *network.Network, s network.SectorIndex, opts Options) (*Model, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	c, err := flow.NewConnectivity(n, s)
	if err != nil {
		return nil, fmt.Errorf("telecom: %w", err)
	}
	return &Model{c: c}, nil
}

// Name returns "telecom-backhaul".
func (*Model) Name() string { return "telecom-backhaul" }

// Serve reports the members whose link to a functional core changed.
func (m *Model) Serve(st *network.State, ch *flow.Changes, out *flow.Output) error {
	return m.c.Serve(st, ch, out)
}

// Classes names the outage classes, in Cause order (flow.Classifier).
func (*Model) Classes() []string { return causeNames[:] }

// Class classifies member i (flow.Classifier): ClassifyFlags.
func (*Model) Class(n *network.Network, flags []network.Flags, i int32) int {
	return int(ClassifyFlags(n, flags, i))
}

var _ flow.Classifier = (*Model)(nil)

// Cause is an outage class; see the package documentation.
type Cause uint8

// Causes: Up and OnBackup deliver, the others are outages (Out).
const (
	Up Cause = iota
	OnBackup
	Damaged
	NoPower
	OtherSupply
	Backhaul
	// NumCauses is the number of causes.
	NumCauses
)

var causeNames = [...]string{"up", "on-backup", "damaged", "no-power", "other-supply", "backhaul"}

// String returns the cause's name.
func (c Cause) String() string {
	if c < NumCauses {
		return causeNames[c]
	}
	return fmt.Sprintf("cause(%d)", c)
}

// Out reports whether the cause is an outage (not Up, not OnBackup).
func (c Cause) Out() bool { return c >= Damaged && c < NumCauses }

// exported are the flags Classify reads; other bits of a raw flag slice
// (State.RawFlags) are internal and ignored.
const exported = network.Damaged | network.Removed | network.Suspended | network.Tripped |
	network.Unsupplied | network.Unserved | network.OnBackup

// Classify returns the outage class of component i under st.
func Classify(n *network.Network, st *network.State, i int32) Cause {
	return ClassifyFlags(n, st.RawFlags(), i)
}

// ClassifyFlags returns the outage class of component i when every
// component's flags are flags (indexed by component: Result.Final, a
// replay of Result.Changes, or State.RawFlags, whose internal bits are
// ignored). It reads i's flags and, for an unsupplied component, its
// requirements and their providers' flags. Cost: O(1), or O(providers of
// i's requirements) when i is unsupplied. It does not allocate.
func ClassifyFlags(n *network.Network, flags []network.Flags, i int32) Cause {
	f := flags[i] & exported
	switch {
	case f&(network.Damaged|network.Removed|network.Suspended|network.Tripped) != 0:
		return Damaged
	case f&network.Unsupplied != 0:
		if unmetPower(n, flags, i) {
			return NoPower
		}
		return OtherSupply
	case f&network.Unserved != 0:
		return Backhaul
	case f&network.OnBackup != 0:
		return OnBackup
	}
	return Up
}

// unmetPower reports whether an unmet Fail requirement of i has a provider
// in the power sector.
func unmetPower(n *network.Network, flags []network.Flags, i int32) bool {
	power, ok := n.SectorIndexOf(network.Power)
	if !ok {
		return false
	}
	for _, r := range n.RequirementsOf(i) {
		if n.Effect(r) != network.Fail {
			continue
		}
		delivering, fromPower := 0, false
		for _, p := range n.Providers(r) {
			if flags[p]&(network.DownFlags|network.Unserved) == 0 {
				delivering++
			}
			fromPower = fromPower || n.ComponentSector(p) == power
		}
		if fromPower && delivering < n.Need(r) {
			return true
		}
	}
	return false
}

// Split counts components by Cause.
type Split [NumCauses]int

// String lists the non-zero counts, "none" when all are zero.
func (s Split) String() string {
	var parts []string
	for c, k := range s {
		if k != 0 {
			parts = append(parts, fmt.Sprintf("%s %d", Cause(c), k))
		}
	}
	if parts == nil {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// Out returns the number of components out of service (every cause but
// Up and OnBackup).
func (s Split) Out() int { return s[Damaged] + s[NoPower] + s[OtherSupply] + s[Backhaul] }

// Count classifies every member of sector s (ClassifyFlags). Cost:
// O(members), plus the requirements of unsupplied members.
func Count(n *network.Network, s network.SectorIndex, flags []network.Flags) Split {
	var sp Split
	for _, i := range n.SectorMembers(s) {
		sp[ClassifyFlags(n, flags, i)]++
	}
	return sp
}
