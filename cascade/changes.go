package cascade

import (
	"fmt"
	"slices"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
)

// What the engine hands a sector model and what it takes back: each
// sector keeps the components and links written since its model's last
// call (flow.Changes), and the engine keeps the model's last report (the
// served fractions in frac, loadings, outflows) to apply what the next
// report changes. Every write to a component goes through touch, which
// lists it; links are listed where the engine writes them (impacts, trips,
// reclosing). Nothing here scans a sector.

// pend lists component i as changed for its sector's model.
func (e *Engine) pend(i int32) {
	if !e.pendC[i] {
		e.pendC[i] = true
		s := e.net.ComponentSector(i)
		e.chg[s].Components = append(e.chg[s].Components, i)
	}
}

// pendLink lists link l as changed for its sector's model.
func (e *Engine) pendLink(l int32) {
	if !e.pendL[l] {
		e.pendL[l] = true
		s := e.net.LinkSector(l)
		e.chg[s].Links = append(e.chg[s].Links, l)
	}
}

// forget empties sector s's list of changes.
func (e *Engine) forget(s network.SectorIndex) {
	ch := &e.chg[s]
	for _, i := range ch.Components {
		e.pendC[i] = false
	}
	for _, l := range ch.Links {
		e.pendL[l] = false
	}
	ch.Reset()
}

// reported keeps, for one kind of value a model reports (link loadings,
// member loadings, store outflows), the last value per entity, the
// entities of each sector ever reported in first-report order, and those
// reported since the last commit.
type reported struct {
	now   []float64 // per entity: the value last reported
	pos   []int32   // per entity: position in its sector's known list, −1
	known [][]int32 // per sector: every entity ever reported
	dirty [][]int32 // per sector: entities reported since the last commit
	mark  []bool    // per entity: in its sector's dirty list
}

func newReported(entities, sectors int) reported {
	return reported{now: make([]float64, entities), pos: fill(make([]int32, entities), -1),
		known: make([][]int32, sectors), dirty: make([][]int32, sectors), mark: make([]bool, entities)}
}

// take records sector s's reported values.
func (r *reported) take(s network.SectorIndex, vals []flow.Value) {
	for _, v := range vals {
		i := v.I
		if r.pos[i] < 0 {
			r.pos[i] = int32(len(r.known[s]))
			r.known[s] = append(r.known[s], i)
		}
		r.now[i] = v.V
		if !r.mark[i] {
			r.mark[i] = true
			r.dirty[s] = append(r.dirty[s], i)
		}
	}
}

// changed returns sector s's entities reported since the last commit, in
// first-report order.
func (r *reported) changed(s network.SectorIndex) []int32 {
	list := r.dirty[s]
	slices.SortFunc(list, func(a, b int32) int { return int(r.pos[a]) - int(r.pos[b]) })
	return list
}

// commit forgets which of sector s's entities were reported.
func (r *reported) commit(s network.SectorIndex) {
	for _, i := range r.dirty[s] {
		r.mark[i] = false
	}
	r.dirty[s] = r.dirty[s][:0]
}

// tracked reports whether any entity was ever reported.
func (r *reported) tracked() bool {
	for _, k := range r.known {
		if len(k) > 0 {
			return true
		}
	}
	return false
}

// clearDirty drops what sector s's reports marked for the next commit.
func (e *Engine) clearDirty(s network.SectorIndex) {
	e.loads.commit(s)
	e.compLoads.commit(s)
	e.outflows.commit(s)
}

// recompute runs sector s's model on what changed since its last call and
// applies its report (nothing to do when nothing in the sector changed
// since the model's last call): trips, then, in index order, the members whose
// served fraction it reports or whose state changed (their Unserved flag
// and provider counts); loadings and outflows wait for the commit. Cost:
// the model's, plus O(k log k) for the k members judged.
func (e *Engine) recompute(s network.SectorIndex) error {
	out, st := e.out, e.st
	out.Reset()
	ch := &e.chg[s]
	if !ch.All && len(ch.Components) == 0 && len(ch.Links) == 0 {
		// Nothing the model reads changed since its last call: its
		// verdict, a function of the state, is the one it reported.
		return nil
	}
	if err := e.models[s].Serve(st, ch, out); err != nil {
		e.forget(s)
		return fmt.Errorf("cascade: sector %s, model %s at %v: %w", e.net.SectorName(s), e.models[s].Name(), e.sched.Now(), err)
	}
	if err := e.verify(s, out); err != nil {
		e.forget(s)
		return err
	}
	if !e.recomputed[s] {
		e.recomputed[s] = true
		e.recompList = append(e.recompList, s)
	}
	e.loads.take(s, out.Loading)
	e.compLoads.take(s, out.ComponentLoading)
	e.outflows.take(s, out.StockFlow)
	e.takeCuts(out)
	// The members to judge: those reported, those whose state changed
	// (a status that changes delivery without changing the fraction: a
	// trip, a substitution) and those just tripped.
	e.candEp++
	if e.candEp == 0 {
		clear(e.candAt)
		e.candEp = 1
	}
	cand := e.cand[:0]
	add := func(i int32) {
		if e.candAt[i] != e.candEp {
			e.candAt[i] = e.candEp
			e.newFrac[i] = e.frac[i]
			cand = append(cand, i)
		}
	}
	for _, v := range out.Served {
		add(v.I)
		e.newFrac[v.I] = v.V
	}
	for _, i := range ch.Components {
		add(i)
	}
	// The model has seen these changes; the trips below are the next.
	e.forget(s)
	sc := e.sectorCause[s]
	for _, i := range out.Trip {
		if st.Functional(i) {
			e.touch(i)
			st.Set(i, network.Tripped)
			e.setCause(i, ref{id: sc.id, comp: sc.comp, mech: ByTrip, req: -1})
		}
		add(i)
	}
	if out.Again && len(out.Trip) > 0 {
		e.markSector(s, sc)
	}
	slices.Sort(cand)
	for _, i := range cand {
		e.judge(i, e.newFrac[i], sc)
	}
	e.cand = cand[:0]
	return nil
}

// judge applies member i's served fraction f: its Unserved flag and the
// counts of the requirements it provides.
func (e *Engine) judge(i int32, f float64, sc ref) {
	st := e.st
	if f != e.frac[i] {
		e.note(i)
		e.frac[i] = f
	}
	unserved := f == 0
	if (st.Flags(i)&network.Unserved != 0) != unserved {
		e.note(i)
		if unserved {
			st.Set(i, network.Unserved)
		} else {
			st.Clear(i, network.Unserved)
		}
		e.setCause(i, e.serviceCause(i, sc))
	}
	del := st.Delivering(i) || e.subst[i] > 0
	if del == e.counted[i] {
		return
	}
	e.counted[i] = del
	for _, r := range e.net.ProvidedBy(i) {
		if del {
			e.cnt[r]++
			if e.cnt[r]+e.extra[r] == e.need(r) {
				e.lossCause[r] = ref{id: i, comp: true, req: -1}
			}
		} else {
			e.cnt[r]--
			if e.cnt[r]+e.extra[r] == e.need(r)-1 {
				e.lossCause[r] = ref{id: i, comp: true, req: -1}
			}
		}
		e.pushCheck(r)
		e.noteReq(r)
	}
}
