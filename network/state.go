package network

import (
	"fmt"
	"iter"
	"math"
	"slices"
)

// Flags record why a component or link is down or impaired in one
// replication. Several may hold at once; each is cleared by its own cause.
type Flags uint16

// State flags.
const (
	// Damaged: down by damage, latched until repaired.
	Damaged Flags = 1 << iota
	// Removed: taken out (an attack, a research-mode removal), latched until
	// an explicit action restores it.
	Removed
	// Suspended: down while a hazard lasts (flooded, closed) and back when
	// it ends.
	Suspended
	// Tripped: latched by the engine (an overload trip, leaving the giant
	// cluster) until reclosed or repaired.
	Tripped
	// Unsupplied: a requirement with effect Fail has expired.
	Unsupplied
	// Unserved: functional but not served by its sector's model (cut off
	// from every source). Links never carry it.
	Unserved
	// OnBackup: running on a requirement buffer. A flag, not a status.
	OnBackup
	// Depleted: a store (a water tank) has run dry. The component still
	// works, but a sector model must not count it as a source until the
	// engine clears the flag on refilling. A flag, not a status.
	Depleted
)

// The flag sets, each named for its purpose.
const (
	// DownFlags make a component non-functional.
	DownFlags = Damaged | Removed | Suspended | Tripped | Unsupplied
	// OwnDownFlags hold a component down by its own state, whatever its
	// supply and service: damage, removal, suspension, a trip. A
	// restoration elsewhere cannot lift them, and while one is set the
	// component's requirement clocks stand still.
	OwnDownFlags = Damaged | Removed | Suspended | Tripped
	// LatchFlags are cleared only by a repair, a reclosing or an explicit
	// action (Restore), never by the end of a hazard: OwnDownFlags without
	// Suspended, which ends with its hazard.
	LatchFlags = Damaged | Removed | Tripped
)

var flagNames = [...]string{"damaged", "removed", "suspended", "tripped", "unsupplied", "unserved", "on-backup", "depleted"}

// String lists the set flags, "up" when none is set.
func (f Flags) String() string {
	if f&^hidden == 0 {
		return "up"
	}
	s := ""
	for i, n := range flagNames {
		if f&(1<<i) != 0 {
			if s != "" {
				s += "|"
			}
			s += n
		}
	}
	if rest := f &^ (1<<len(flagNames) - 1) &^ hidden; rest != 0 {
		s += fmt.Sprintf("|0x%x", uint16(rest))
	}
	return s
}

// dirty marks an entry already on the reset list; offline marks a link out
// of service in the base case. Both are internal and never returned.
const (
	dirty   Flags = 1 << 15
	offline Flags = 1 << 14
	hidden        = dirty | offline
)

// Status is a coarse summary of a component's or link's state.
type Status uint8

// Statuses.
const (
	// Up: delivering at full capacity.
	Up Status = iota
	// Degraded: delivering with a capacity factor below 1.
	Degraded
	// Down: not delivering.
	Down
)

var statusNames = [...]string{"up", "degraded", "down"}

// String returns "up", "degraded" or "down".
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", s)
}

// Damage state codes (Hazus): 0 none, 1 slight, 2 moderate, 3 extensive,
// 4 complete.
const (
	DamageNone uint8 = iota
	DamageSlight
	DamageModerate
	DamageExtensive
	DamageComplete
)

// State is the per-replication state of every component and link: flags,
// capacity factor and damage state. It holds no time; timers belong to the
// engine. Reset restores the initial state in O(number changed), so one
// worker reuses a State across thousands of replications. A State is not
// safe for concurrent use.
type State struct {
	net     *Network
	cFlags  []Flags
	cFactor []float64
	cDamage []uint8
	cDemand []float64 // demand factor, 1 when untouched
	lFlags  []Flags
	lFactor []float64
	lDamage []uint8
	cDirty  []int32
	lDirty  []int32
	// linksDown counts links that do not work (down flags or offline).
	linksDown, linksOffline int
}

// NewState returns the initial state of n: everything up at factor 1,
// undamaged.
func NewState(n *Network) *State {
	s := &State{
		net:     n,
		cFlags:  make([]Flags, n.NumComponents()),
		cFactor: make([]float64, n.NumComponents()),
		cDamage: make([]uint8, n.NumComponents()),
		cDemand: make([]float64, n.NumComponents()),
		lFlags:  make([]Flags, n.NumLinks()),
		lFactor: make([]float64, n.NumLinks()),
		lDamage: make([]uint8, n.NumLinks()),
	}
	for i := range s.cFactor {
		s.cFactor[i], s.cDemand[i] = 1, 1
	}
	for i := range s.lFactor {
		s.lFactor[i] = 1
		if n.lOff[i] {
			s.lFlags[i] = offline
			s.linksOffline++
		}
	}
	s.linksDown = s.linksOffline
	return s
}

// Network returns the network the state belongs to.
func (s *State) Network() *Network { return s.net }

func (s *State) touch(i int32) {
	if s.cFlags[i]&dirty == 0 {
		s.cFlags[i] |= dirty
		s.cDirty = append(s.cDirty, i)
	}
}

func (s *State) touchLink(l int32) {
	if s.lFlags[l]&dirty == 0 {
		s.lFlags[l] |= dirty
		s.lDirty = append(s.lDirty, l)
	}
}

// RawFlags returns every component's flags for tight read-only loops
// (test with a mask such as DownFlags: bits outside the exported flags are
// internal). The slice aliases the state: do not modify it.
func (s *State) RawFlags() []Flags { return s.cFlags }

// Flags returns the flags of component i.
func (s *State) Flags(i int32) Flags { return s.cFlags[i] &^ hidden }

// Set sets flags f on component i.
func (s *State) Set(i int32, f Flags) { s.touch(i); s.cFlags[i] |= f &^ hidden }

// Clear clears flags f on component i.
func (s *State) Clear(i int32, f Flags) { s.touch(i); s.cFlags[i] &^= f &^ hidden }

// Factor returns the capacity factor of component i in [0, 1].
func (s *State) Factor(i int32) float64 { return s.cFactor[i] }

// SetFactor sets the capacity factor of component i. It panics with a
// "network:" message when f is outside [0, 1].
func (s *State) SetFactor(i int32, f float64) {
	checkFactor(f)
	s.touch(i)
	s.cFactor[i] = f
}

// checkFactor panics unless f is a capacity factor in [0, 1].
func checkFactor(f float64) {
	if !(f >= 0 && f <= 1) {
		panic(fmt.Sprintf("network: capacity factor %v outside [0, 1]", f))
	}
}

// DemandFactor returns the factor on component i's demand (a heat wave
// raises it, a curtailment lowers it); 1 when untouched. Flow models
// supply Demand × DemandFactor.
func (s *State) DemandFactor(i int32) float64 { return s.cDemand[i] }

// SetDemandFactor sets the factor on component i's demand. It panics with a
// "network:" message when f is negative or not finite.
func (s *State) SetDemandFactor(i int32, f float64) {
	if !(f >= 0) || math.IsInf(f, 1) {
		panic(fmt.Sprintf("network: demand factor %v must be finite and ≥ 0", f))
	}
	s.touch(i)
	s.cDemand[i] = f
}

// DamageState returns the damage state code of component i.
func (s *State) DamageState(i int32) uint8 { return s.cDamage[i] }

// SetDamageState sets the damage state code of component i.
func (s *State) SetDamageState(i int32, ds uint8) { s.touch(i); s.cDamage[i] = ds }

// Functional reports whether component i is not down by damage, removal,
// suspension, a latch or an expired requirement.
func (s *State) Functional(i int32) bool { return s.cFlags[i]&DownFlags == 0 }

// Delivering reports whether component i is functional and served.
func (s *State) Delivering(i int32) bool { return s.cFlags[i]&(DownFlags|Unserved) == 0 }

// Status summarises component i.
func (s *State) Status(i int32) Status {
	switch {
	case !s.Delivering(i):
		return Down
	case s.cFactor[i] < 1:
		return Degraded
	}
	return Up
}

// LinkFlags returns the flags of link l.
func (s *State) LinkFlags(l int32) Flags { return s.lFlags[l] &^ hidden }

// SetLink sets flags f on link l.
func (s *State) SetLink(l int32, f Flags) { s.writeLink(l, s.lFlags[l]|f&^hidden) }

// ClearLink clears flags f on link l.
func (s *State) ClearLink(l int32, f Flags) { s.writeLink(l, s.lFlags[l]&^(f&^hidden)) }

func (s *State) writeLink(l int32, f Flags) {
	s.touchLink(l)
	was := s.lFlags[l]&(DownFlags|offline) != 0
	s.lFlags[l] = f | dirty
	if now := f&(DownFlags|offline) != 0; now != was {
		if now {
			s.linksDown++
		} else {
			s.linksDown--
		}
	}
}

// AllLinksWork reports whether every link works (none down, none out of
// service): traversals may then skip per-link checks.
func (s *State) AllLinksWork() bool { return s.linksDown == 0 }

// LinkFactor returns the capacity factor of link l (for roads, the inverse
// of the travel-time multiplier).
func (s *State) LinkFactor(l int32) float64 { return s.lFactor[l] }

// SetLinkFactor sets the capacity factor of link l; it panics with a
// "network:" message when f is outside [0, 1].
func (s *State) SetLinkFactor(l int32, f float64) {
	checkFactor(f)
	s.touchLink(l)
	s.lFactor[l] = f
}

// LinkDamageState returns the damage state code of link l.
func (s *State) LinkDamageState(l int32) uint8 { return s.lDamage[l] }

// SetLinkDamageState sets the damage state code of link l.
func (s *State) SetLinkDamageState(l int32, ds uint8) { s.touchLink(l); s.lDamage[l] = ds }

// LinkWorking reports whether link l carries service: in service in the
// base case and not down by damage, removal, suspension or a trip.
func (s *State) LinkWorking(l int32) bool { return s.lFlags[l]&(DownFlags|offline) == 0 }

// Changed yields the components whose state was written since the last
// Reset, in first-write order.
func (s *State) Changed() iter.Seq[int32] { return slices.Values(s.cDirty) }

// ChangedLinks yields the links written since the last Reset.
func (s *State) ChangedLinks() iter.Seq[int32] { return slices.Values(s.lDirty) }

// Reset restores the initial state in time proportional to the number of
// entries written since the last Reset; it does not allocate.
func (s *State) Reset() {
	for _, i := range s.cDirty {
		s.cFlags[i], s.cFactor[i], s.cDamage[i], s.cDemand[i] = 0, 1, 0, 1
	}
	for _, l := range s.lDirty {
		s.lFlags[l], s.lFactor[l], s.lDamage[l] = 0, 1, 0
		if s.net.lOff[l] {
			s.lFlags[l] = offline
		}
	}
	s.linksDown = s.linksOffline
	s.cDirty, s.lDirty = s.cDirty[:0], s.lDirty[:0]
}

// View is a read-only view of a State, for code that may look but not
// write (responders, reports). Its zero value is not usable; get one from
// State.View. A View reflects later writes to its State.
type View struct{ s *State }

// View returns a read-only view of s.
func (s *State) View() View { return View{s} }

// Network returns the network the state belongs to.
func (v View) Network() *Network { return v.s.net }

// Flags returns the flags of component i.
func (v View) Flags(i int32) Flags { return v.s.Flags(i) }

// Factor returns the capacity factor of component i.
func (v View) Factor(i int32) float64 { return v.s.Factor(i) }

// DemandFactor returns the factor on component i's demand.
func (v View) DemandFactor(i int32) float64 { return v.s.DemandFactor(i) }

// DamageState returns the damage state code of component i.
func (v View) DamageState(i int32) uint8 { return v.s.DamageState(i) }

// Functional reports whether component i is functional (State.Functional).
func (v View) Functional(i int32) bool { return v.s.Functional(i) }

// Delivering reports whether component i is functional and served.
func (v View) Delivering(i int32) bool { return v.s.Delivering(i) }

// Status summarises component i.
func (v View) Status(i int32) Status { return v.s.Status(i) }

// LinkFlags returns the flags of link l.
func (v View) LinkFlags(l int32) Flags { return v.s.LinkFlags(l) }

// LinkFactor returns the capacity factor of link l.
func (v View) LinkFactor(l int32) float64 { return v.s.LinkFactor(l) }

// LinkDamageState returns the damage state code of link l.
func (v View) LinkDamageState(l int32) uint8 { return v.s.LinkDamageState(l) }

// LinkWorking reports whether link l carries service (State.LinkWorking).
func (v View) LinkWorking(l int32) bool { return v.s.LinkWorking(l) }
