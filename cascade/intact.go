package cascade

import (
	"slices"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// intact is the settled state of the undamaged network at time 0. It
// depends on the network and the models only, so the first run takes it
// and later runs restore it by copying instead of settling again (the
// settle costs a full recompute of every sector and requirement).
type intact struct {
	ok                 bool
	comps              []int32
	flags              []network.Flags
	factors            []float64
	cnt                []int32
	counted            []bool
	frac               []float64
	contribD, contribP []int64
	sumD, sumP         []int64
	ph                 []phase
	level              []sim.Time
	chargeLv           []sim.Time // with chargeAt 0: the snapshot is at time 0
	mode               []int8
	lossCause          []ref
	lastCause          []int32
	clocks             []clock
	linkCause          []int32
	linkLoad, loading  []float64
	linkSince          []sim.Time
	compSince          []sim.Time
	compCause          []int32
	compLoad           []float64
	armed              [][]int32
	compNow, flowNow   []float64
	stocks             []stock
	cls                []int32
	classCount         [][]int32
	access             []AccessSeries
	classes            []ClassSeries
	changes            []Change
	causes             []Cause
	points             [][]Point
	reasonNow          [][numReasons]int32
	reasons            [][]ReasonPoint
	supply             []SupplyInterval
	supplyOpen         []int32
	outage             []OutageStats
	downSince          []sim.Time
}

type clock struct {
	r    int32
	kind sim.Kind
	at   sim.Time
}

// save records the state initial produced.
func (e *Engine) save() {
	s := &e.snap
	s.comps = slices.AppendSeq(s.comps[:0], e.st.Changed())
	s.flags, s.factors = s.flags[:0], s.factors[:0]
	for _, i := range s.comps {
		s.flags = append(s.flags, e.st.Flags(i))
		s.factors = append(s.factors, e.st.Factor(i))
	}
	s.cnt, s.counted, s.frac = slices.Clone(e.cnt), slices.Clone(e.counted), slices.Clone(e.frac)
	s.contribD, s.contribP = slices.Clone(e.contribD), slices.Clone(e.contribP)
	s.sumD, s.sumP = slices.Clone(e.sumD), slices.Clone(e.sumP)
	s.ph, s.level, s.mode = slices.Clone(e.ph), slices.Clone(e.level), slices.Clone(e.mode)
	s.chargeLv = slices.Clone(e.chargeLv)
	s.lossCause, s.lastCause = slices.Clone(e.lossCause), slices.Clone(e.lastCause)
	// Clocks in the order initial scheduled them, so that restored clocks
	// due at one instant and priority fire in a fresh run's (FIFO) order:
	// requirement clocks (commitReq, requirement order), then per sector,
	// in index order, its links' trips, its stores' and its components'
	// (commit's watchers).
	s.clocks = s.clocks[:0]
	for r, id := range e.ev {
		if at, ok := e.sched.When(id); id != 0 && ok {
			k := KindLag
			if e.ph[r] == backup {
				k = KindBuffer
			}
			s.clocks = append(s.clocks, clock{r: int32(r), kind: k, at: at})
		}
	}
	for sec := range e.loads.known {
		for _, l := range e.loads.known[sec] {
			if at, ok := e.sched.When(e.linkEv[l]); e.linkEv[l] != 0 && ok {
				s.clocks = append(s.clocks, clock{r: l, kind: KindTrip, at: at})
			}
		}
		for _, i := range e.outflows.known[sec] {
			if at, ok := e.sched.When(e.stocks[i].ev); e.stocks[i].ev != 0 && ok {
				s.clocks = append(s.clocks, clock{r: i, kind: KindStock, at: at})
			}
		}
		for _, i := range e.armed[sec] {
			if at, ok := e.sched.When(e.compEv[i]); e.compEv[i] != 0 && ok {
				s.clocks = append(s.clocks, clock{r: i, kind: KindComponentTrip, at: at})
			}
		}
	}
	s.linkCause, s.linkLoad, s.loading = slices.Clone(e.linkCause), slices.Clone(e.linkLoad), slices.Clone(e.loads.now)
	s.compNow, s.flowNow = slices.Clone(e.compLoads.now), slices.Clone(e.outflows.now)
	s.cls = slices.Clone(e.cls)
	s.classCount = s.classCount[:0]
	for _, c := range e.classify {
		s.classCount = append(s.classCount, slices.Clone(c.count))
	}
	s.linkSince, s.compSince = slices.Clone(e.linkSince), slices.Clone(e.compSince)
	s.compCause, s.compLoad = slices.Clone(e.compCause), slices.Clone(e.compLoad)
	s.stocks = slices.Clone(e.stocks)
	s.access, s.classes = cloneAccess(e.res.Access), cloneClasses(e.res.Classes)
	s.armed = cloneAll(e.armed)
	s.changes, s.causes = slices.Clone(e.res.Changes), slices.Clone(e.res.Causes)
	s.points, s.reasons = s.points[:0], s.reasons[:0]
	for k, ser := range e.res.Series {
		s.points = append(s.points, slices.Clone(ser.Points))
		s.reasons = append(s.reasons, slices.Clone(e.res.Reasons[k].Points))
	}
	s.reasonNow, s.supply, s.supplyOpen = slices.Clone(e.reasonNow), slices.Clone(e.res.Supply), slices.Clone(e.supplyOpen)
	s.outage, s.downSince = slices.Clone(e.res.Outage), slices.Clone(e.downSince)
	s.ok = true
}

// restore puts the engine in the state save recorded, as initial would.
func (e *Engine) restore() {
	s := &e.snap
	for k, i := range s.comps {
		e.st.Set(i, s.flags[k])
		e.st.SetFactor(i, s.factors[k])
	}
	copy(e.cnt, s.cnt)
	copy(e.counted, s.counted)
	copy(e.frac, s.frac)
	copy(e.contribD, s.contribD)
	copy(e.contribP, s.contribP)
	copy(e.sumD, s.sumD)
	copy(e.sumP, s.sumP)
	copy(e.ph, s.ph)
	copy(e.level, s.level)
	copy(e.chargeLv, s.chargeLv)
	clear(e.chargeAt)
	copy(e.mode, s.mode)
	copy(e.lossCause, s.lossCause)
	copy(e.lastCause, s.lastCause)
	copy(e.linkCause, s.linkCause)
	copy(e.linkLoad, s.linkLoad)
	copy(e.linkSince, s.linkSince)
	copy(e.compSince, s.compSince)
	copy(e.loads.now, s.loading)
	copy(e.compLoads.now, s.compNow)
	copy(e.outflows.now, s.flowNow)
	copy(e.cls, s.cls)
	for k := range e.classify {
		copy(e.classify[k].count, s.classCount[k])
	}
	copy(e.stocks, s.stocks)
	e.res.Access, e.res.Classes = cloneAccess(s.access), cloneClasses(s.classes)
	copy(e.compCause, s.compCause)
	copy(e.compLoad, s.compLoad)
	for k := range e.armed {
		e.armed[k] = append(e.armed[k][:0], s.armed[k]...)
	}
	for _, c := range s.clocks {
		switch c.kind {
		case KindTrip:
			e.linkEv[c.r] = e.sched.Schedule(sim.Event{Time: c.at, Priority: sim.PriorityTrip, Kind: c.kind, Entity: c.r}, tripHandler{e})
			continue
		case KindComponentTrip:
			e.compEv[c.r] = e.sched.Schedule(sim.Event{Time: c.at, Priority: sim.PriorityTrip, Kind: c.kind, Entity: c.r}, tripHandler{e})
			continue
		case KindStock:
			e.stocks[c.r].ev = e.sched.Schedule(sim.Event{Time: c.at, Priority: sim.PriorityExpiry, Kind: c.kind, Entity: c.r}, stockHandler{e})
			continue
		}
		e.ev[c.r] = e.sched.Schedule(sim.Event{Time: c.at, Priority: sim.PriorityExpiry, Kind: c.kind, Entity: c.r}, clockHandler{e})
	}
	e.res.Changes = append(e.res.Changes, s.changes...)
	e.res.Causes = append(e.res.Causes, s.causes...)
	for k := range e.res.Series {
		e.res.Series[k].Points = append(e.res.Series[k].Points[:0], s.points[k]...)
		e.res.Reasons[k].Points = append(e.res.Reasons[k].Points[:0], s.reasons[k]...)
	}
	copy(e.reasonNow, s.reasonNow)
	copy(e.supplyOpen, s.supplyOpen)
	copy(e.res.Outage, s.outage)
	copy(e.downSince, s.downSince)
	e.res.Supply = append(e.res.Supply, s.supply...)
	e.epoch++
}

func cloneAll(v [][]int32) [][]int32 {
	out := make([][]int32, len(v))
	for k := range v {
		out[k] = slices.Clone(v[k])
	}
	return out
}

func cloneAccess(v []AccessSeries) []AccessSeries {
	out := slices.Clone(v)
	for k := range out {
		out[k].Points = slices.Clone(v[k].Points)
		if v[k].Facility == nil {
			continue
		}
		out[k].Facility = make([][]AccessPoint, len(v[k].Facility))
		for f := range v[k].Facility {
			out[k].Facility[f] = slices.Clone(v[k].Facility[f])
		}
	}
	return out
}

func cloneClasses(v []ClassSeries) []ClassSeries {
	out := slices.Clone(v)
	for k := range out {
		out[k].Points = make([]ClassPoint, len(v[k].Points))
		for p, q := range v[k].Points {
			out[k].Points[p] = ClassPoint{Time: q.Time, Count: slices.Clone(q.Count)}
		}
	}
	return out
}
