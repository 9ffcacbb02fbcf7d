package network

import (
	"fmt"
	"math"

	"github.com/lifeline-sim/lifeline/sim"
)

// Sector names a lifeline system. The set is open: the four predefined
// sectors come first in every compiled network, in the order below; other
// sectors (gas, health, …) follow sorted by name.
type Sector string

// The predefined sectors, and Gas, a common user sector (it sorts after
// the predefined four like any other).
const (
	Power     Sector = "power"
	Water     Sector = "water"
	Transport Sector = "transport"
	Telecom   Sector = "telecom"
	Gas       Sector = "gas"
)

// predefinedSectors fixes the compiled order of the predefined sectors.
var predefinedSectors = [...]Sector{Power, Water, Transport, Telecom}

// Kind names what a component or link is. The set is open; the constants
// below are the kinds the importers, the synthetic cities and the sector
// models use.
type Kind string

// Component kinds.
const (
	KindBus            Kind = "bus"
	KindSubstation     Kind = "substation"
	KindGenerator      Kind = "generator"
	KindJunction       Kind = "junction"
	KindReservoir      Kind = "reservoir"
	KindTank           Kind = "tank"
	KindPump           Kind = "pump"
	KindTreatmentPlant Kind = "treatment_plant"
	KindIntersection   Kind = "intersection"
	KindBridge         Kind = "bridge"
	KindCentralOffice  Kind = "central_office"
	KindCellTower      Kind = "cell_tower"
	KindFiberNode      Kind = "fiber_node"
	KindHospital       Kind = "hospital"
	KindShelter        Kind = "shelter"
	KindNode           Kind = "node"
	// KindMotor is a motor load such as a pump's drive (pandapower).
	KindMotor Kind = "motor"
	// KindLoad is a load of its own, apart from its bus (pandapower's
	// loads, read with their Loads option).
	KindLoad Kind = "load"
	// Gas and telecom node kinds of the Shelby County INDP data.
	KindGateStation      Kind = "gate_station"
	KindRegulatorStation Kind = "regulator_station"
	KindSpliceCapsule    Kind = "splice_capsule"
)

// Link kinds.
const (
	KindLine        Kind = "line"
	KindTransformer Kind = "transformer"
	KindPipe        Kind = "pipe"
	KindValve       Kind = "valve"
	KindRoad        Kind = "road"
	KindFiber       Kind = "fiber"
	KindMicrowave   Kind = "microwave"
	// KindSwitch is a bus-bus switch (a breaker or disconnector).
	KindSwitch Kind = "switch"
	// KindConnection joins an attached component (a generator, a pump) to
	// the node it sits at; power flow treats it as zero impedance.
	KindConnection Kind = "connection"
	KindEdge       Kind = "edge"
)

// Role is a component's part in its sector's service model.
type Role uint8

// Roles. The zero value is RoleTransit.
const (
	// RoleTransit passes service on (a bus, a junction, an intersection).
	RoleTransit Role = iota
	// RoleSource originates service (generation, a treatment plant, a
	// reservoir, a central office).
	RoleSource
	// RoleConsumer is served: its demand and population count in the
	// sector's service figures.
	RoleConsumer
)

var roleNames = [...]string{"transit", "source", "consumer"}

// String returns the role's name as written in files.
func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return fmt.Sprintf("role(%d)", r)
}

// ParseRole reads a role name; the empty string is RoleTransit.
func ParseRole(s string) (Role, error) {
	if s == "" {
		return RoleTransit, nil
	}
	for i, n := range roleNames {
		if n == s {
			return Role(i), nil
		}
	}
	return 0, fmt.Errorf("%w: role %q (want transit, source or consumer)", ErrInvalid, s)
}

// Point is a location: longitude and latitude in degrees for a geographic
// CRS, easting and northing in metres for a projected one.
type Point struct {
	// X is the longitude (degrees, [-180, 180]) or the easting (metres).
	X float64 `json:"x"`
	// Y is the latitude (degrees, [-90, 90]) or the northing (metres).
	Y float64 `json:"y"`
}

// Component is a node of a lifeline: a substation, a pump, a tank, a cell
// tower, an intersection, a hospital. Input form; the compiled Network
// stores the same data in dense arrays.
type Component struct {
	// ID is unique across the network's components.
	ID string
	// Sector is the lifeline the component belongs to.
	Sector Sector
	// Kind says what the component is (KindSubstation, KindPump, …).
	Kind Kind
	// Role is the component's part in its sector's service model.
	Role Role
	// Location is optional; in the network's CRS.
	Location *Point
	// Zone names the district the component lies in (optional).
	Zone string
	// Access is the ID of the transport component (a road node) a crew
	// must reach to work on this component (optional).
	Access string
	// Demand is the load the component consumes, in the sector's unit
	// (MW for power, m³/s for water, …); ≥ 0.
	Demand float64
	// Population is the number of people the component serves; ≥ 0.
	Population int64
	// Capacity is the most the component can supply or carry, in the
	// sector's unit; 0 means unlimited.
	Capacity float64
	// Storage is stored volume (m³ of water, MWh, …); ≥ 0.
	Storage float64
	// Fragility names the fragility class (a Hazus class such as ESS1).
	Fragility string
	// Critical marks a critical facility whose supply is recorded in detail.
	Critical bool
	// Params holds sector-specific numbers (a bus shunt ParamGsMW, a
	// generator's ParamPmaxMW, a tank's ParamElevationM); names are
	// snake_case with the unit as suffix, and the well-known ones are the
	// Param constants.
	Params map[Param]float64
	// Tags holds free-form labels.
	Tags map[string]string
}

// Link is an intra-sector edge that can itself be damaged: a line, a pipe,
// a road segment, a fiber.
type Link struct {
	// ID is unique across the network's links.
	ID string
	// Kind says what the link is (KindLine, KindPipe, KindRoad, …).
	Kind Kind
	// From and To are component IDs of the same sector.
	From, To string
	// Directed links carry service from From to To only.
	Directed bool
	// Length in metres; ≥ 0.
	Length float64
	// Geometry is an optional polyline from From to To, in the network's CRS.
	Geometry []Point
	// Capacity in the sector's unit (MW, m³/s, vehicles/h); 0 means unlimited.
	Capacity float64
	// Fragility names the fragility class or material.
	Fragility string
	// OutOfService marks a link that exists but is switched off in the base
	// case (a MATPOWER branch with status 0, a closed valve).
	OutOfService bool
	// Reactance of a power line in per unit on the network's base MVA.
	Reactance float64
	// Rating of a power line in MW; 0 means unlimited.
	Rating float64
	// Tap is a transformer's off-nominal ratio; 0 means 1.
	Tap float64
	// Shift is a phase shifter's angle in degrees.
	Shift float64
	// Diameter of a pipe in metres.
	Diameter float64
	// FreeFlow is a road segment's free-flow travel time; ≥ 0.
	FreeFlow sim.Time
	// Params holds further sector-specific numbers (snake_case, unit
	// suffix; the well-known ones are the Param constants).
	Params map[Param]float64
	// Tags holds free-form labels.
	Tags map[string]string
}

// Logic says how many providers a requirement needs.
type Logic uint8

// Requirement logics.
const (
	// All providers must deliver (k = n).
	All Logic = iota
	// Any one provider suffices (k = 1).
	Any
	// KOfN needs at least K providers.
	KOfN
)

var logicNames = [...]string{"all", "any", "k-of-n"}

// String returns the logic's name as written in files.
func (l Logic) String() string {
	if int(l) < len(logicNames) {
		return logicNames[l]
	}
	return fmt.Sprintf("logic(%d)", l)
}

// ParseLogic reads a logic name; the empty string is All.
func ParseLogic(s string) (Logic, error) {
	if s == "" {
		return All, nil
	}
	for i, n := range logicNames {
		if n == s {
			return Logic(i), nil
		}
	}
	return 0, fmt.Errorf("%w: logic %q (want all, any or k-of-n)", ErrInvalid, s)
}

// Effect is what an expired requirement does to its dependent.
type Effect uint8

// Effects.
const (
	// Fail takes the dependent down.
	Fail Effect = iota
	// Degrade lowers the dependent's capacity factor to Requirement.Factor.
	Degrade
)

var effectNames = [...]string{"fail", "degrade"}

// String returns the effect's name as written in files.
func (e Effect) String() string {
	if int(e) < len(effectNames) {
		return effectNames[e]
	}
	return fmt.Sprintf("effect(%d)", e)
}

// ParseEffect reads an effect name; the empty string is Fail.
func ParseEffect(s string) (Effect, error) {
	if s == "" {
		return Fail, nil
	}
	for i, n := range effectNames {
		if n == s {
			return Effect(i), nil
		}
	}
	return 0, fmt.Errorf("%w: effect %q (want fail or degrade)", ErrInvalid, s)
}

// DepKind labels a requirement for statistics (Rinaldi et al. 2001); the
// semantics are identical for every kind.
type DepKind uint8

// Dependency kinds.
const (
	Physical DepKind = iota
	Cyber
	Geographic
	Logical
)

var depKindNames = [...]string{"physical", "cyber", "geographic", "logical"}

// String returns the kind's name as written in files.
func (k DepKind) String() string {
	if int(k) < len(depKindNames) {
		return depKindNames[k]
	}
	return fmt.Sprintf("depkind(%d)", k)
}

// ParseDepKind reads a dependency kind (case-insensitive first letter
// accepted as in "Physical"); the empty string is Physical.
func ParseDepKind(s string) (DepKind, error) {
	if s == "" {
		return Physical, nil
	}
	for i, n := range depKindNames {
		if n == s || (len(s) == len(n) && s[1:] == n[1:] && s[0]|0x20 == n[0]) {
			return DepKind(i), nil
		}
	}
	return 0, fmt.Errorf("%w: dependency kind %q (want physical, cyber, geographic or logical)", ErrInvalid, s)
}

// Requirement says that a dependent component needs supply from providers,
// usually in another sector: a pump needs power, a substation needs SCADA
// telecom, a hospital needs power and water. Requirement cycles (power ↔
// telecom) are legal: they are how black-start problems arise.
type Requirement struct {
	// Dependent is the ID of the component that needs supply.
	Dependent string
	// Providers are the IDs of the components that can supply it.
	Providers []string
	// Logic says how many providers must deliver.
	Logic Logic
	// K is the number of providers needed when Logic is KOfN (1 ≤ K ≤ n).
	K int
	// Lag is how long the dependent keeps working after supply is lost
	// (no memory: supply back before the lag ends cancels the loss); ≥ 0.
	Lag sim.Time
	// Buffer is the autonomy of a backup (a 4 h battery, 72 h of fuel, a
	// 24 h tank) that starts full, runs after the lag, and has memory; ≥ 0,
	// 0 means none.
	Buffer sim.Time
	// Recharge is the buffer's recharge rate in autonomy-hours per hour
	// while supply is met; 0 means it never recharges (fuel); ≥ 0.
	Recharge float64
	// Effect is what loss of supply does once lag and buffer have run out.
	Effect Effect
	// Factor is the dependent's capacity factor under Degrade, in [0, 1).
	Factor float64
	// Kind labels the dependency for statistics.
	Kind DepKind
}

// Need returns the number of delivering providers the requirement needs.
func (r *Requirement) Need() int {
	switch r.Logic {
	case Any:
		return 1
	case KOfN:
		return r.K
	default:
		return len(r.Providers)
	}
}

// maxExactInt is 2^53: every integer up to it is exactly a float64.
const maxExactInt = 1 << 53

// MaxPopulation is the largest population a component may serve: 2^53,
// the largest integer every float64 below it holds exactly (the compiled
// Network stores populations as float64).
const MaxPopulation = maxExactInt

// DemandScale is the fixed-point scale of demand. Served demand is summed
// in integers, in units of 1/DemandScale of the sector's demand unit: a
// component counts FixedDemand = round(DemandScale × Demand), so sums are
// exact and service returns exactly to its total when everything is
// restored.
const DemandScale = 1e6

// MaxFixedDemand is the largest fixed-point demand of one component, 2^53
// (a Demand of about 9.007e9 in the sector's unit): every fixed-point demand
// is then exact as a float64, so a served share of it never rounds above
// the whole. Build also refuses demand and population whose sums over a
// sector or over the whole network would pass math.MaxInt64.
const MaxFixedDemand = maxExactInt

// fixedDemand returns round(DemandScale × d).
func fixedDemand(d float64) float64 { return math.Round(d * DemandScale) }

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// checkNumber returns an error naming field when x is not finite or is
// negative while it must not be.
func checkNumber(field string, x float64, nonNegative bool) error {
	if !finite(x) {
		return fmt.Errorf("%s: %w (%v)", field, ErrNotFinite, x)
	}
	if nonNegative && x < 0 {
		return fmt.Errorf("%s: %w (%v)", field, ErrNegative, x)
	}
	return nil
}

// Validate checks the component on its own (not against other components):
// a non-empty ID and sector, finite non-negative quantities, a fixed-point
// demand and a population of at most 2^53, finite parameters. The location range is checked by the Builder, which knows the
// CRS.
func (c *Component) Validate() error {
	if c.ID == "" {
		return fmt.Errorf("component: %w", ErrEmptyID)
	}
	if c.Sector == "" {
		return fmt.Errorf("component %q: sector: %w", c.ID, ErrInvalid)
	}
	if c.Role > RoleConsumer {
		return fmt.Errorf("component %q: role: %w", c.ID, ErrInvalid)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"demand", c.Demand}, {"capacity", c.Capacity}, {"storage", c.Storage}} {
		if err := checkNumber(f.name, f.v, true); err != nil {
			return fmt.Errorf("component %q: %w", c.ID, err)
		}
	}
	if fp := fixedDemand(c.Demand); fp > MaxFixedDemand {
		return fmt.Errorf("component %q: demand: %w (%g: fixed point %.0f above 2^53)", c.ID, ErrOutOfRange, c.Demand, fp)
	}
	if c.Population < 0 {
		return fmt.Errorf("component %q: population: %w (%d)", c.ID, ErrNegative, c.Population)
	}
	if c.Population > MaxPopulation {
		return fmt.Errorf("component %q: population: %w (%d > 2^53)", c.ID, ErrOutOfRange, c.Population)
	}
	if c.Location != nil {
		if !finite(c.Location.X) || !finite(c.Location.Y) {
			return fmt.Errorf("component %q: location: %w", c.ID, ErrNotFinite)
		}
	}
	for k, v := range c.Params {
		if err := checkNumber("params."+string(k), v, false); err != nil {
			return fmt.Errorf("component %q: %w", c.ID, err)
		}
	}
	return nil
}

// Validate checks the link on its own: IDs present, not a self-loop, finite
// non-negative quantities.
func (l *Link) Validate() error {
	if l.ID == "" {
		return fmt.Errorf("link: %w", ErrEmptyID)
	}
	if l.From == "" || l.To == "" {
		return fmt.Errorf("link %q: endpoints: %w", l.ID, ErrEmptyID)
	}
	if l.From == l.To {
		return fmt.Errorf("link %q: %w (%q)", l.ID, ErrSelfLoop, l.From)
	}
	for _, f := range []struct {
		name string
		v    float64
		nn   bool
	}{{"length", l.Length, true}, {"capacity", l.Capacity, true}, {"reactance", l.Reactance, false},
		{"rating", l.Rating, true}, {"tap", l.Tap, true}, {"shift", l.Shift, false}, {"diameter", l.Diameter, true}} {
		if err := checkNumber(f.name, f.v, f.nn); err != nil {
			return fmt.Errorf("link %q: %w", l.ID, err)
		}
	}
	if l.FreeFlow < 0 {
		return fmt.Errorf("link %q: free_flow: %w", l.ID, ErrNegative)
	}
	if len(l.Geometry) == 1 {
		return fmt.Errorf("link %q: geometry: %w: a polyline needs at least two points", l.ID, ErrInvalid)
	}
	for _, p := range l.Geometry {
		if !finite(p.X) || !finite(p.Y) {
			return fmt.Errorf("link %q: geometry: %w", l.ID, ErrNotFinite)
		}
	}
	for k, v := range l.Params {
		if err := checkNumber("params."+string(k), v, false); err != nil {
			return fmt.Errorf("link %q: %w", l.ID, err)
		}
	}
	return nil
}

// Validate checks the requirement on its own: a dependent, distinct
// providers not including the dependent, a possible k-of-n, non-negative
// durations and a factor in [0, 1).
func (r *Requirement) Validate() error {
	if r.Dependent == "" {
		return fmt.Errorf("requirement: dependent: %w", ErrEmptyID)
	}
	name := fmt.Sprintf("requirement of %q", r.Dependent)
	if len(r.Providers) == 0 {
		return fmt.Errorf("%s: providers: %w", name, ErrEmptyID)
	}
	seen := make(map[string]struct{}, len(r.Providers))
	for _, p := range r.Providers {
		if p == r.Dependent {
			return fmt.Errorf("%s: %w", name, ErrSelfRequirement)
		}
		if _, dup := seen[p]; dup {
			return fmt.Errorf("%s: provider %q: %w", name, p, ErrDuplicateID)
		}
		seen[p] = struct{}{}
	}
	if r.Logic > KOfN {
		return fmt.Errorf("%s: logic: %w", name, ErrInvalid)
	}
	if r.Logic == KOfN && (r.K < 1 || r.K > len(r.Providers)) {
		return fmt.Errorf("%s: %w: k = %d of %d providers", name, ErrKOfN, r.K, len(r.Providers))
	}
	if r.Lag < 0 {
		return fmt.Errorf("%s: lag: %w (%v)", name, ErrNegative, r.Lag)
	}
	if r.Buffer < 0 {
		return fmt.Errorf("%s: buffer: %w (%v)", name, ErrNegative, r.Buffer)
	}
	if err := checkNumber("recharge", r.Recharge, true); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if r.Effect > Degrade {
		return fmt.Errorf("%s: effect: %w", name, ErrInvalid)
	}
	if err := checkNumber("factor", r.Factor, true); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if r.Effect == Degrade && r.Factor >= 1 {
		return fmt.Errorf("%s: factor: %w: a degrading requirement needs a factor below 1 (%v)", name, ErrInvalid, r.Factor)
	}
	if r.Kind > Logical {
		return fmt.Errorf("%s: kind: %w", name, ErrInvalid)
	}
	return nil
}
