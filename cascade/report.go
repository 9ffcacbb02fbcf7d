package cascade

import (
	"slices"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// AccessPoint is one step of an access series: from Time on, Reached of
// Total people could reach what the series tracks.
type AccessPoint struct {
	Time           sim.Time
	Reached, Total int64
}

// AccessSeries records a sector whose model judges access to critical
// facilities (flow.AccessReporter, the road model): Points is the sector's
// road service Q = Reached ÷ Total over time, Facility[k] the same for
// Facilities[k] alone when Options.FacilityAccess asks for it (nil
// otherwise).
type AccessSeries struct {
	Sector     network.Sector
	Points     []AccessPoint
	Facilities []int32
	Facility   [][]AccessPoint
}

// At returns the sector's access step in force at time t (the first step
// before the first point).
func (s *AccessSeries) At(t sim.Time) AccessPoint {
	return stepAt(s.Points, t, AccessPoint{}, func(p AccessPoint) sim.Time { return p.Time })
}

// ClassPoint is one step of a class split: from Time on, Count[c] members
// were in class c.
type ClassPoint struct {
	Time  sim.Time
	Count []int32
}

// ClassSeries records a sector whose model classifies its members
// (flow.Classifier: telecom outage causes).
type ClassSeries struct {
	Sector  network.Sector
	Classes []string
	Points  []ClassPoint
}

// At returns the split in force at time t.
func (s *ClassSeries) At(t sim.Time) ClassPoint {
	return stepAt(s.Points, t, ClassPoint{Count: make([]int32, len(s.Classes))}, func(p ClassPoint) sim.Time { return p.Time })
}

type accessWatch struct {
	s   network.SectorIndex
	rep flow.AccessReporter
	res int // index in Result.Access
}

type classWatch struct {
	s     network.SectorIndex
	cl    flow.Classifier
	count []int32
	res   int
}

// watchReports finds the models that report access or classes.
func (e *Engine) watchReports() {
	e.classOf = fill(make([]int32, e.net.NumSectors()), -1)
	for s, m := range e.models {
		if r, ok := m.(flow.AccessReporter); ok {
			e.access = append(e.access, accessWatch{s: network.SectorIndex(s), rep: r})
		}
		if c, ok := m.(flow.Classifier); ok {
			e.classOf[s] = int32(len(e.classify))
			e.classify = append(e.classify, classWatch{s: network.SectorIndex(s), cl: c, count: make([]int32, len(c.Classes()))})
		}
	}
	if len(e.classify) > 0 {
		e.cls, e.clsMark = make([]int32, e.net.NumComponents()), make([]bool, e.net.NumComponents())
	}
}

// newReports adds the empty report series to a fresh Result and classifies
// every member of the classified sectors under the reset state.
func (e *Engine) newReports() {
	for k := range e.access {
		a := &e.access[k]
		a.res = len(e.res.Access)
		as := AccessSeries{Sector: e.net.SectorName(a.s), Facilities: a.rep.Facilities()}
		if e.opts.FacilityAccess {
			as.Facility = make([][]AccessPoint, len(a.rep.Facilities()))
		}
		e.res.Access = append(e.res.Access, as)
	}
	for _, i := range e.clsDirty {
		e.clsMark[i] = false
	}
	e.clsDirty = e.clsDirty[:0]
	flags := e.st.RawFlags()
	for k := range e.classify {
		c := &e.classify[k]
		c.res = len(e.res.Classes)
		e.res.Classes = append(e.res.Classes, ClassSeries{Sector: e.net.SectorName(c.s), Classes: c.cl.Classes()})
		clear(c.count)
		for _, i := range e.net.SectorMembers(c.s) {
			e.cls[i] = int32(c.cl.Class(e.net, flags, i))
			c.count[e.cls[i]]++
		}
	}
}

// reclass marks component i, and the dependents of the requirements it
// provides, to be classified again at the next record (a Classifier reads
// a member's flags and its providers').
func (e *Engine) reclass(i int32) {
	e.markClass(i)
	for _, r := range e.net.ProvidedBy(i) {
		e.markClass(e.net.Dependent(r))
	}
}

func (e *Engine) markClass(i int32) {
	if e.classOf[e.net.ComponentSector(i)] >= 0 && !e.clsMark[i] {
		e.clsMark[i] = true
		e.clsDirty = append(e.clsDirty, i)
	}
}

func stepAccess(pts []AccessPoint, p AccessPoint) []AccessPoint {
	if k := len(pts); k > 0 {
		last := &pts[k-1]
		if last.Reached == p.Reached && last.Total == p.Total {
			return pts
		}
		if last.Time == p.Time {
			*last = p
			return pts
		}
	}
	return append(pts, p)
}

// recordReports appends the report series' steps at the end of a settled
// instant: access for the sectors recomputed, and the class split with the
// members marked since the last record classified again. Cost: O(1) per
// access series (O(facilities) searches with Options.FacilityAccess), and
// O(members marked) for the classes.
func (e *Engine) recordReports(t sim.Time) {
	for _, a := range e.access {
		if !e.recomputed[a.s] {
			continue
		}
		as := &e.res.Access[a.res]
		r, tot := a.rep.Service()
		as.Points = stepAccess(as.Points, AccessPoint{Time: t, Reached: r, Total: tot})
		for k := range as.Facility {
			r, tot := a.rep.Access(k)
			as.Facility[k] = stepAccess(as.Facility[k], AccessPoint{Time: t, Reached: r, Total: tot})
		}
	}
	if len(e.classify) == 0 {
		return
	}
	flags := e.st.RawFlags()
	for _, i := range e.clsDirty {
		e.clsMark[i] = false
		c := &e.classify[e.classOf[e.net.ComponentSector(i)]]
		if k := int32(c.cl.Class(e.net, flags, i)); k != e.cls[i] {
			c.count[e.cls[i]]--
			c.count[k]++
			e.cls[i] = k
		}
	}
	e.clsDirty = e.clsDirty[:0]
	for k := range e.classify {
		c := &e.classify[k]
		cs := &e.res.Classes[c.res]
		if n := len(cs.Points); n > 0 && slices.Equal(cs.Points[n-1].Count, c.count) {
			continue
		} else if n > 0 && cs.Points[n-1].Time == t {
			copy(cs.Points[n-1].Count, c.count)
			continue
		}
		cs.Points = append(cs.Points, ClassPoint{Time: t, Count: slices.Clone(c.count)})
	}
}
