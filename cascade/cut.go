package cascade

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// cuts keeps, for the members a sector model reported cut off at this
// instant (flow.Output.Cut), the elements it named, until the commit turns
// them into a parent and co-parents. Only with the change log on: without
// it there are no causes to cite.
type cuts struct {
	at         []uint32 // per component: the epoch its cut was stored at
	start, end []int32  // per component: its cut in elems
	elems      []int32  // the instant's cut elements (components i, links ^l)
	ep         uint32   // the epoch elems belongs to
	ids        []int32  // scratch: the cause ids of one cut
	linkLast   []int32  // per link: the cause of its last recorded change
}

// noteLink keeps the cause of link l's recorded change (change log on).
func (e *Engine) noteLink(l, cause int32) {
	c := &e.cuts
	if c.linkLast == nil {
		c.linkLast = fill(make([]int32, e.net.NumLinks()), -1)
	}
	c.linkLast[l] = cause
}

// takeCuts stores the cuts of a model's report.
func (e *Engine) takeCuts(out *flow.Output) {
	if e.opts.NoChangeLog || len(out.Cut) == 0 {
		return
	}
	c := &e.cuts
	if c.at == nil {
		nc := e.net.NumComponents()
		c.at, c.start, c.end = make([]uint32, nc), make([]int32, nc), make([]int32, nc)
	}
	if c.ep != e.epoch {
		c.elems, c.ep = c.elems[:0], e.epoch
	}
	for _, k := range out.Cut {
		c.at[k.I] = e.epoch
		c.start[k.I] = int32(len(c.elems))
		c.elems = append(c.elems, out.CutElements[k.Start:k.End]...)
		c.end[k.I] = int32(len(c.elems))
	}
}

// serviceCause is the tentative cause of member i's served status
// changing in a sector recompute: the sector's cause sc, marked cut when
// i's model named i's cut at this instant (the commit then cites the cut,
// except in the initial settle, which keeps citing sc).
func (e *Engine) serviceCause(i int32, sc ref) ref {
	if c := &e.cuts; c.at != nil && c.at[i] == e.epoch && c.ep == e.epoch {
		return ref{id: sc.id, comp: sc.comp, cut: true, mech: ByService, req: -1}
	}
	return ref{id: sc.id, comp: sc.comp, mech: ByService, req: -1}
}

// cutParents resolves member i's cut into cause ids: the parent is the
// cited element whose change came last (ties: components before links,
// then the lowest index), the others are appended to Result.CoParents as
// co-parents [from, to). Cited components changed at this instant but not
// yet committed are committed first (as commitComponent does for a single
// cited change). Elements that work again at the commit (a tentative
// failure the instant's re-admission undid) are skipped; parent is -1
// when none is left, and the caller cites the sector's cause.
func (e *Engine) cutParents(i int32, t sim.Time, init bool) (parent, from, to int32) {
	c := &e.cuts
	start, end := c.start[i], c.end[i]
	// Commit first (this may resolve other cuts, which use c.ids).
	for _, x := range c.elems[start:end] {
		if x >= 0 && e.mark[x] == e.epoch && e.done[x] != e.epoch {
			e.commitComponent(x, t, init)
		}
	}
	ids := c.ids[:0]
	best, bestX := -1, int32(0)
	for _, x := range c.elems[start:end] {
		var id int32
		if x >= 0 && e.st.Functional(x) || x < 0 && e.st.LinkWorking(^x) {
			continue
		}
		if x >= 0 {
			id = e.resolve(ref{id: x, comp: true, req: -1})
		} else {
			id = c.linkLast[^x]
		}
		if id < 0 {
			continue
		}
		ids = append(ids, id)
		if best < 0 || e.later(x, id, bestX, ids[best]) {
			best, bestX = len(ids)-1, x
		}
	}
	c.ids = ids
	if best < 0 {
		return -1, 0, 0
	}
	from = int32(len(e.res.CoParents))
	for k, id := range ids {
		if k != best {
			e.res.CoParents = append(e.res.CoParents, id)
		}
	}
	return ids[best], from, int32(len(e.res.CoParents))
}

// later reports whether the change of cut element x (cause id) came after
// that of element y (cause jd): a later time, or at the same time a
// component before a link, then the lower index.
func (e *Engine) later(x, id, y, jd int32) bool {
	tx, ty := e.res.Causes[id].Time, e.res.Causes[jd].Time
	switch {
	case tx != ty:
		return tx > ty
	case (x >= 0) != (y >= 0):
		return x >= 0
	case x >= 0:
		return x < y
	}
	return ^x < ^y
}

// warm serves every model the restored intact state from scratch and
// drops the report (it is the intact verdict the engine restored), so that
// the model's next call is incremental, as after the initial settle, and
// names the cuts of this run's first losses as it does on a fresh engine.
// With the change log off there are no causes to cite, and the models
// evaluate from scratch at their first call instead.
func (e *Engine) warm() error {
	if e.opts.NoChangeLog {
		return nil
	}
	for k := range e.chg {
		s := network.SectorIndex(k)
		e.out.Reset()
		if err := e.models[s].Serve(e.st, &e.chg[s], e.out); err != nil {
			return fmt.Errorf("cascade: sector %s, model %s at 0: %w", e.net.SectorName(s), e.models[s].Name(), err)
		}
		e.forget(s)
	}
	e.out.Reset()
	return nil
}
