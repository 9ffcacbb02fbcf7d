package metrics

import (
	"cmp"
	"iter"
	"slices"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Lack is what a critical facility lacked from one sector: the intervals,
// in time order and disjoint, during which at least one of its
// requirements with a provider in Sector was unmet (fewer providers
// delivering than it needs; cascade.Result.Supply). An unmet requirement
// is a lost supply, not necessarily a facility down: a hospital on its
// generator lacks grid power and still works (its own outages are in
// Outages).
type Lack struct {
	Sector  network.Sector
	Without []Interval
}

// Facility is one critical facility's record over a run.
type Facility struct {
	// Component is the facility (network.Network.Critical).
	Component int32
	// End is the instant the run reached.
	End sim.Time
	// Supply holds one Lack per sector the facility's requirements draw
	// on (power, water, telecom, …), in sector order; a sector it never
	// lacked has no intervals.
	Supply []Lack
	// Road lists the intervals without road access: no judged zone's
	// population reached the facility within the road model's threshold
	// of its intact travel time (cascade.AccessSeries.Facility: Reached
	// = 0 while Total > 0). RoadKnown is false when the run did not
	// record per-facility access (cascade.Options.FacilityAccess off, or
	// no road model tracks the facility); Road is then nil.
	Road      []Interval
	RoadKnown bool
}

// Without returns the intervals during which the facility lacked supply
// from sector s; ok is false when none of its requirements draws on s.
func (f *Facility) Without(s network.Sector) (without []Interval, ok bool) {
	for _, l := range f.Supply {
		if l.Sector == s {
			return l.Without, true
		}
	}
	return nil, false
}

// With returns the intervals of [0, End] during which the facility had
// supply from sector s (Complement of Without); ok as for Without.
func (f *Facility) With(s network.Sector) (with []Interval, ok bool) {
	w, ok := f.Without(s)
	if !ok {
		return nil, false
	}
	return Complement(w, f.End), true
}

// Complement returns the intervals of [0, end] not covered by ivs (time
// ordered, disjoint, within [0, end]): the last is Open when it lasts to
// end. An interval of ivs ending at end leaves no empty one after it.
// Cost: O(len(ivs)).
func Complement(ivs []Interval, end sim.Time) []Interval {
	var out []Interval
	at := sim.Time(0)
	for _, iv := range ivs {
		if iv.Start > at {
			out = append(out, Interval{Start: at, End: iv.Start})
		}
		at = max(at, iv.End)
	}
	if at < end || len(ivs) == 0 {
		out = append(out, Interval{Start: at, End: end, Open: true})
	}
	return out
}

// Facilities returns the record of every critical facility of the run's
// network (hospitals, shelters: every component marked Critical), in
// component order: per sector its requirements draw on, when it lacked
// supply, and when it had no road access. A requirement whose providers
// lie in several sectors counts for each of them. Cost: O(components) to
// find the facilities, plus O(S log S) for the S supply intervals and
// the steps of the per-facility access series.
func Facilities(r *cascade.Result) iter.Seq[Facility] {
	return func(yield func(Facility) bool) {
		net := r.Network
		slot := map[int32]int{}
		var recs []Facility
		for i := range net.Components() {
			if !net.Critical(i) {
				continue
			}
			slot[i] = len(recs)
			f := Facility{Component: i, End: r.End}
			for _, q := range net.RequirementsOf(i) {
				for _, s := range sectorsOf(net, q) {
					if _, ok := f.Without(net.SectorName(s)); !ok {
						f.Supply = append(f.Supply, Lack{Sector: net.SectorName(s)})
					}
				}
			}
			slices.SortFunc(f.Supply, func(a, b Lack) int {
				x, _ := net.SectorIndexOf(a.Sector)
				y, _ := net.SectorIndexOf(b.Sector)
				return cmp.Compare(x, y)
			})
			recs = append(recs, f)
		}
		for _, iv := range r.Supply {
			k, ok := slot[net.Dependent(iv.Req)]
			if !ok {
				continue
			}
			f := &recs[k]
			for _, s := range sectorsOf(net, iv.Req) {
				for j := range f.Supply {
					if f.Supply[j].Sector == net.SectorName(s) {
						f.Supply[j].Without = append(f.Supply[j].Without, Interval{Start: iv.Start, End: iv.End, Open: iv.Open})
					}
				}
			}
		}
		for a := range r.Access {
			as := &r.Access[a]
			if as.Facility == nil {
				continue
			}
			for k, i := range as.Facilities {
				j, ok := slot[i]
				if !ok {
					continue
				}
				recs[j].RoadKnown = true
				recs[j].Road = append(recs[j].Road, noAccess(as.Facility[k], r.End)...)
			}
		}
		for k := range recs {
			f := &recs[k]
			for j := range f.Supply {
				f.Supply[j].Without = union(f.Supply[j].Without)
			}
			f.Road = union(f.Road)
			if !yield(*f) {
				return
			}
		}
	}
}

// sectorsOf returns the distinct sectors of requirement q's providers.
func sectorsOf(net *network.Network, q int32) []network.SectorIndex {
	var out []network.SectorIndex
	for _, p := range net.Providers(q) {
		if s := net.ComponentSector(p); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// noAccess returns the intervals of an access series during which nobody
// reached the facility (Reached 0 of a positive Total).
func noAccess(pts []cascade.AccessPoint, end sim.Time) []Interval {
	var out []Interval
	for k, p := range pts {
		if p.Reached > 0 || p.Total == 0 {
			continue
		}
		iv := Interval{Start: p.Time, End: end, Open: true}
		if k+1 < len(pts) {
			iv.End, iv.Open = pts[k+1].Time, false
		}
		out = append(out, iv)
	}
	return out
}

// union sorts intervals by start and merges those that overlap or touch;
// a merged interval is Open when one of its parts is.
func union(ivs []Interval) []Interval {
	if len(ivs) < 2 {
		return ivs
	}
	slices.SortStableFunc(ivs, func(a, b Interval) int { return cmp.Compare(a.Start, b.Start) })
	out := ivs[:1]
	for _, iv := range ivs[1:] {
		last := &out[len(out)-1]
		if iv.Start <= last.End {
			last.End = max(last.End, iv.End)
			last.Open = last.Open || iv.Open
			continue
		}
		out = append(out, iv)
	}
	return out
}
