package cascade

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Mechanism says why a change happened.
type Mechanism uint8

// Mechanisms.
const (
	// Initial: the state the intact network settles to at time 0.
	Initial Mechanism = iota
	// ByImpact: a hazard impact or a responder action applied to the entity.
	ByImpact
	// ByService: the sector model's verdict changed (cut from every source,
	// reconnected).
	ByService
	// ByRequirement: a requirement without lag or buffer lost (or regained)
	// supply.
	ByRequirement
	// ByLag: a requirement's lag ran out.
	ByLag
	// ByBuffer: a requirement's buffer ran empty.
	ByBuffer
	// ByTrip: the engine latched the entity (left the giant cluster,
	// overloaded, a line above its rating past its protection delay).
	ByTrip
	// ByReclose: a tripped link reclosed automatically.
	ByReclose
	// ByStock: a store (a tank) ran dry.
	ByStock
	// ByTrigger: a part of a compound hazard (hazard.Compound,
	// hazard.PartTrigger) started another: a cause with no change of its
	// own, naming the part whose trigger fired (Hazard) and the component
	// where its condition held (Entity, -1 for none). Its Time is when the
	// condition held, which may precede the instant the cause is recorded
	// (that of the started part's first impact), so Result.Causes is not
	// in time order where such causes appear.
	ByTrigger
)

var mechanismNames = [...]string{"initial", "impact", "service", "requirement", "lag", "buffer", "trip", "reclose", "stock", "trigger"}

// String returns the mechanism's name.
func (m Mechanism) String() string {
	if int(m) < len(mechanismNames) {
		return mechanismNames[m]
	}
	return fmt.Sprintf("mechanism(%d)", m)
}

// Cause is a node of the provenance graph: one change or one event, and the
// cause it descends from (Parent, -1 for a root such as a hazard impact).
type Cause struct {
	// ID is the cause's index in Result.Causes.
	ID int32
	// Time of the event or change.
	Time sim.Time
	// Mechanism of the change.
	Mechanism Mechanism
	// Entity is the component (or link, when Link) concerned.
	Entity int32
	// Link says Entity is a link.
	Link bool
	// Parent is the cause this one descends from, -1 for a root.
	Parent int32
	// CoFrom and CoTo delimit the cause's co-parents in
	// Result.CoParents (CoParentsOf): the other causes it descends from.
	// A member cut off from its sector's sources by several elements at
	// once (a model's flow.Output.Cut) cites as Parent the element whose
	// change came last (at one time: a component before a link, then the
	// lowest index) and the others as co-parents. Chains follow Parent
	// only.
	CoFrom, CoTo int32
	// Hazard is the name of the hazard at the root of the chain
	// (hazard.Hazard.Name; for an impact of a compound hazard, its part's
	// name; for a ByTrigger cause, the part whose trigger fired): "" for
	// an input impact or a root that is no impact (the intact state, a
	// reclosing), ResponderAction for a responder's action.
	Hazard string
	// Req is the requirement involved (ByRequirement, ByLag, ByBuffer), or -1.
	Req int32
	// Impact is the impact kind of a root (hazard.ImpactKind), 0 otherwise.
	Impact uint8
	// Loading is a tripped entity's loading (flow ÷ rating) when it was
	// last watched, and Above how long it had been over its rating (0: a
	// trip at once, at or above the hard limit).
	Loading float64
	Above   sim.Time
}

// Change is one recorded state change of a component or link.
type Change struct {
	// Time of the change.
	Time sim.Time
	// Entity is the component (or link, when Link) that changed.
	Entity int32
	// Link says Entity is a link.
	Link bool
	// Old and New are the entity's flags before and after.
	Old, New network.Flags
	// OldFactor and NewFactor are its capacity factors before and after.
	OldFactor, NewFactor float64
	// Cause is the change's node in Result.Causes.
	Cause int32
}

// Down reports whether the change took a delivering entity out of service.
func (c *Change) Down() bool { return delivering(c.Old) && !delivering(c.New) }

// Up reports whether the change returned an entity to service.
func (c *Change) Up() bool { return !delivering(c.Old) && delivering(c.New) }

func delivering(f network.Flags) bool { return f&(network.DownFlags|network.Unserved) == 0 }

// Point is one step of a sector's service series: from Time on, Demand
// (fixed point, see network.DemandScale) and Population were served.
type Point struct {
	Time       sim.Time
	Demand     int64
	Population int64
}

// Series is one sector's exact step series of served demand and population.
type Series struct {
	// Sector is the sector's name.
	Sector network.Sector
	// TotalDemand and TotalPopulation are the intact totals (demand in
	// fixed point: the sum of network.FixedDemand; a served component
	// counts round(factor × fraction × FixedDemand)). network.Build
	// guarantees that they fit in an int64, so 0 ≤ Q ≤ 1.
	TotalDemand, TotalPopulation int64
	// Points are the steps in time order; the first is at time 0.
	Points []Point
}

// Q returns the demand-weighted service fraction at time t (1 when the
// sector has no demand).
func (s *Series) Q(t sim.Time) float64 {
	p := s.at(t)
	if s.TotalDemand == 0 {
		return 1
	}
	return float64(p.Demand) / float64(s.TotalDemand)
}

// QPopulation returns the population-weighted service fraction at time t.
func (s *Series) QPopulation(t sim.Time) float64 {
	p := s.at(t)
	if s.TotalPopulation == 0 {
		return 1
	}
	return float64(p.Population) / float64(s.TotalPopulation)
}

func (s *Series) at(t sim.Time) Point {
	return stepAt(s.Points, t, Point{Demand: s.TotalDemand, Population: s.TotalPopulation}, func(p Point) sim.Time { return p.Time })
}

// stepAt returns the last of the time-ordered steps at or before t, or
// before when none is. O(log steps).
func stepAt[P any](steps []P, t sim.Time, before P, time func(P) sim.Time) P {
	k := sort.Search(len(steps), func(k int) bool { return time(steps[k]) > t })
	if k == 0 {
		return before
	}
	return steps[k-1]
}

// Activity is something a responder did: a crew's repair, a generator's
// deployment.
type Activity struct {
	Actor  string
	Kind   string
	Target int32
	Link   bool
	Start  sim.Time
	End    sim.Time
}

// Result is everything one replication recorded; metrics are pure
// functions of it.
type Result struct {
	// Network is the network the run used.
	Network *network.Network
	// Complete is false when the run stopped early (context cancelled).
	Complete bool
	// End is the time the run reached.
	End sim.Time
	// Changes in time order (empty when the change log is off).
	Changes []Change
	// Causes is the provenance graph (empty when the change log is off).
	Causes []Cause
	// CoParents holds the co-parents of every cause, flat (see
	// Cause.CoFrom).
	CoParents []int32
	// Series holds one exact step series per sector, in sector index order;
	// Sector finds a sector's by name.
	Series []Series
	// Final holds every component's flags at End.
	Final []network.Flags
	// Direct counts components whose first loss was by damage, removal or
	// suspension, and links whose first loss was by an impact; Induced
	// counts the other components that lost service and the links the
	// engine tripped.
	Direct, Induced int
	// Activities appended by responders.
	Activities []Activity
	// Reasons holds, per sector, the exact step series of how many members
	// are down or on backup and why.
	Reasons []ReasonSeries
	// Supply lists the intervals during which a requirement of a critical
	// component was unmet (fewer than k providers delivering).
	Supply []SupplyInterval
	// Access holds the access series of sectors whose model judges access
	// to critical facilities (roads); Classes the class splits of sectors
	// whose model classifies members (telecom outage causes).
	Access  []AccessSeries
	Classes []ClassSeries
	// Levels holds every store's level at End when a model tracked stores
	// (flow.Output.StockFlow), nil otherwise; see StockLevel.
	Levels []float64
	// Ignored counts the impacts that changed nothing (a repair of an
	// undamaged component, a second identical damage): the engine applies
	// them and they are no one's cause, but they are not dropped silently.
	Ignored int
	// Warnings are doubts about the configuration found when the engine was
	// built (a sector whose sources probably lack RoleSource); the same in
	// every run of an engine.
	Warnings []string
	// Outage and LinkOutage summarise, per component and per link (by
	// index), the spells during which it did not deliver: kept whether or
	// not the change log is on. See OutageOf and LinkOutageOf. A link
	// switched off in the base case (network.Network.OutOfService) never
	// carries service, so damage to it opens no outage: its entry stays
	// zero.
	Outage, LinkOutage []OutageStats

	index changeIndex // built on first use by Outages and Explain
}

// OutageStats summarises an entity's outages in one run: spells during
// which it did not deliver (a link: did not work).
type OutageStats struct {
	// Count is the number of outages (an entity down from time 0 counts
	// one).
	Count int32
	// First is when the first outage began, −1 when there was none.
	First sim.Time
	// Total is the time spent down, up to Result.End for an outage still
	// open at the end.
	Total sim.Time
}

// OutageOf returns component i's outage summary.
func (r *Result) OutageOf(i int32) OutageStats { return r.Outage[i] }

// LinkOutageOf returns link l's outage summary.
func (r *Result) LinkOutageOf(l int32) OutageStats { return r.LinkOutage[l] }

// SectorResult is what a run recorded for one sector, found by name.
type SectorResult struct {
	// Series is the sector's served demand and population.
	Series *Series
	// Reasons splits its members by why they are down.
	Reasons *ReasonSeries
	// Classes is its model's class split (telecom outage causes), nil when
	// the model does not classify.
	Classes *ClassSeries
	// Access is its access series (roads), nil when the model does not
	// judge access.
	Access *AccessSeries
}

// Sector returns what the run recorded for the sector named name; ok is
// false when the network has no such sector. O(sectors).
func (r *Result) Sector(name network.Sector) (s SectorResult, ok bool) {
	k, ok := r.Network.SectorIndexOf(name)
	if !ok {
		return SectorResult{}, false
	}
	s = SectorResult{Series: &r.Series[k], Reasons: &r.Reasons[k]}
	for j := range r.Classes {
		if r.Classes[j].Sector == name {
			s.Classes = &r.Classes[j]
		}
	}
	for j := range r.Access {
		if r.Access[j].Sector == name {
			s.Access = &r.Access[j]
		}
	}
	return s, true
}

// Reason classifies a component's state: the first that applies of damaged
// (damaged, removed or tripped: network.LatchFlags), suspended (down while
// a hazard lasts: a flooded site), unsupplied (an expired requirement),
// unserved (cut off by its sector), on backup, up.
type Reason uint8

// Reasons.
const (
	ReasonUp Reason = iota
	ReasonDamaged
	ReasonSuspended
	ReasonUnsupplied
	ReasonUnserved
	ReasonOnBackup
	numReasons
)

var reasonNames = [...]string{"up", "damaged", "suspended", "unsupplied", "unserved", "on-backup"}

// String returns the reason's name.
func (r Reason) String() string {
	if r < numReasons {
		return reasonNames[r]
	}
	return fmt.Sprintf("reason(%d)", r)
}

// ReasonOf classifies flags.
func ReasonOf(f network.Flags) Reason {
	switch {
	case f&network.LatchFlags != 0:
		return ReasonDamaged
	case f&network.Suspended != 0:
		return ReasonSuspended
	case f&network.Unsupplied != 0:
		return ReasonUnsupplied
	case f&network.Unserved != 0:
		return ReasonUnserved
	case f&network.OnBackup != 0:
		return ReasonOnBackup
	}
	return ReasonUp
}

// ReasonPoint is one step of a ReasonSeries: from Time on, Count[r]
// members of the sector were in reason r (Count[ReasonUp] unused, 0).
type ReasonPoint struct {
	Time  sim.Time
	Count [numReasons]int32
}

// ReasonSeries is one sector's split of members by Reason over time. For
// telecom it is the split outage reports use: damaged, no power
// (unsupplied), backhaul lost (unserved), on backup.
type ReasonSeries struct {
	Sector network.Sector
	Points []ReasonPoint
}

// At returns the split in force at time t.
func (s *ReasonSeries) At(t sim.Time) ReasonPoint {
	return stepAt(s.Points, t, ReasonPoint{}, func(p ReasonPoint) sim.Time { return p.Time })
}

// SupplyInterval is a stretch of time during which requirement Req (of a
// critical component) was unmet; End is Result.End when it lasted to the
// end of the run (Open is then true).
type SupplyInterval struct {
	Req        int32
	Start, End sim.Time
	Open       bool
}

// CoParentsOf returns the co-parents of cause id (cause ids, in the order
// the model named the elements); nil when it has none.
func (r *Result) CoParentsOf(id int32) []int32 {
	c := &r.Causes[id]
	if c.CoFrom == c.CoTo {
		return nil
	}
	return r.CoParents[c.CoFrom:c.CoTo]
}

// Amplification is all losses (components and links) ÷ direct losses
// (NaN when there was no direct loss).
func (r *Result) Amplification() float64 {
	if r.Direct == 0 {
		return math.NaN()
	}
	return float64(r.Direct+r.Induced) / float64(r.Direct)
}

// changeIndex lists, per component and per link, the positions of its
// changes in Result.Changes (CSR, in time order).
type changeIndex struct {
	once                 sync.Once
	off, pos, loff, lpos []int32
}

// changesOf returns the positions in r.Changes of the changes of
// component i (or link i), building the index on first use in
// O(changes + entities).
func (r *Result) changesOf(i int32, link bool) []int32 {
	x := &r.index
	x.once.Do(func() {
		x.off, x.pos = group(r.Changes, r.Network.NumComponents(), false)
		x.loff, x.lpos = group(r.Changes, r.Network.NumLinks(), true)
	})
	if link {
		return x.lpos[x.loff[i]:x.loff[i+1]]
	}
	return x.pos[x.off[i]:x.off[i+1]]
}

// group buckets the positions of the component (or link) changes by entity.
func group(changes []Change, n int, link bool) (off, pos []int32) {
	off = make([]int32, n+1)
	for _, c := range changes {
		if c.Link == link {
			off[c.Entity+1]++
		}
	}
	for k := range n {
		off[k+1] += off[k]
	}
	pos = make([]int32, off[n])
	next := slices.Clone(off[:n])
	for k, c := range changes {
		if c.Link == link {
			pos[next[c.Entity]] = int32(k)
			next[c.Entity]++
		}
	}
	return off, pos
}

// Outages returns, from the change log, the [down, up) intervals during
// which component i did not deliver, in time order; an outage still open at
// the end of the run has up = −1. It returns nil with the log off
// (OutageOf keeps the summary either way). The first call builds an index
// of the log in O(changes); each call then costs O(changes of i).
func (r *Result) Outages(i int32) [][2]sim.Time { return r.outages(i, false) }

// LinkOutages is Outages for link l: the intervals during which it did not
// work. A link switched off in the base case never worked, so it has none.
func (r *Result) LinkOutages(l int32) [][2]sim.Time {
	if r.Network.OutOfService(l) {
		return nil
	}
	return r.outages(l, true)
}

func (r *Result) outages(i int32, link bool) [][2]sim.Time {
	var out [][2]sim.Time
	for _, k := range r.changesOf(i, link) {
		c := &r.Changes[k]
		if c.Down() {
			out = append(out, [2]sim.Time{c.Time, -1})
		}
		if c.Up() && len(out) > 0 {
			out[len(out)-1][1] = c.Time
		}
	}
	return out
}

// Delivering reports whether component i delivered at the end of the run.
func (r *Result) Delivering(i int32) bool { return delivering(r.Final[i]) }
