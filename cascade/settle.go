package cascade

import (
	"fmt"
	"math"

	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// touch saves component i's committed state before its first write at this
// instant and lists it as changed for its sector's model.
func (e *Engine) touch(i int32) {
	e.note(i)
	e.pend(i)
}

// note saves component i's committed state before its first write at this
// instant (a write no model reads: the Unserved and OnBackup flags, the
// served fraction).
func (e *Engine) note(i int32) {
	if len(e.classify) > 0 {
		e.reclass(i)
	}
	if e.mark[i] != e.epoch {
		e.mark[i] = e.epoch
		e.oldFlags[i] = e.st.Flags(i)
		e.oldFactor[i] = e.st.Factor(i)
		e.tcause[i] = noRef
		e.nowCause[i] = -1
		e.touched = append(e.touched, i)
	}
}

// setCause records the first tentative cause of component i's change.
func (e *Engine) setCause(i int32, c ref) {
	if e.tcause[i].mech == noMech {
		e.tcause[i] = c
	}
}

func (e *Engine) markSector(s network.SectorIndex, c ref) {
	if !e.dirty[s] {
		e.dirty[s] = true
		e.dirtyList = append(e.dirtyList, s)
		e.sectorCause[s] = c
	}
}

func (e *Engine) pushCheck(r int32) {
	if !e.inCheck[r] {
		e.inCheck[r] = true
		e.check = append(e.check, r)
	}
}

func (e *Engine) noteReq(r int32) {
	if e.reqMark[r] != e.epoch {
		e.reqMark[r] = e.epoch
		e.reqList = append(e.reqList, r)
	}
}

// newCause appends a cause node and returns its id (-1 with the log off).
func (e *Engine) newCause(c Cause) int32 {
	if e.opts.NoChangeLog {
		return -1
	}
	c.ID = int32(len(e.res.Causes))
	e.res.Causes = append(e.res.Causes, c)
	return c.ID
}

func (e *Engine) hazardOf(parent int32) string {
	if parent < 0 || e.opts.NoChangeLog {
		return ""
	}
	return e.res.Causes[parent].Hazard
}

// initial settles the intact network at time 0: every sector computed,
// requirement counts taken, repeated like settle until no work is left (a
// Degrade requirement unmet from the start changes a factor the sector
// models read). Its changes are recorded as Initial.
func (e *Engine) initial() {
	e.epoch++
	for s := range e.net.Sectors() {
		e.markSector(s, noRef)
	}
	for r := range e.net.Requirements() {
		e.pushCheck(r)
		e.noteReq(r)
	}
	// Counts start at zero and no component is counted as delivering; the
	// first recompute adds those that deliver.
	for rounds := 0; ; rounds++ {
		if rounds > e.net.NumComponents()+2 {
			e.err = e.oscillation()
			return
		}
		if len(e.loosened) > 0 {
			e.readmit()
		}
		if err := e.propagate(); err != nil {
			e.err = err
			return
		}
		// A requirement unmet from the start has no provider change to
		// cite: its clocks and its dependent cite the first provider not
		// delivering (whose initial state is recorded).
		for r := range e.net.Requirements() {
			if e.met(r) || e.lossCause[r].id >= 0 {
				continue
			}
			for _, p := range e.net.Providers(r) {
				if !e.counted[p] {
					e.lossCause[r] = ref{id: p, comp: true, req: -1}
					break
				}
			}
		}
		e.commit(0, true)
		if len(e.dirtyList) == 0 && len(e.check) == 0 && len(e.loosened) == 0 {
			return
		}
	}
}

// apply handles one impact at time t. An impact that changes nothing (a
// repair of an undamaged component, a second identical damage) touches no
// sector and is no one's cause; Result.Ignored counts it.
func (e *Engine) apply(k int32, t sim.Time) {
	im := &e.impacts[k]
	parent := e.impactParent[k]
	if parent <= -2 { // a part another part started: its trigger cause
		parent = e.startedCause(-2 - parent)
	}
	root := e.newCause(Cause{Time: t, Mechanism: ByImpact, Entity: im.Target, Link: im.Link, Parent: parent,
		Hazard: e.hazardName(e.impactHazard[k]), Req: -1, Impact: uint8(im.Kind)})
	c := ref{id: root, own: true, mech: ByImpact, req: -1}
	if im.Link {
		e.applyLink(im, t, c)
		return
	}
	i := im.Target
	e.touch(i)
	st := e.st
	oldFlags, oldState, oldDmg, oldCap, oldDemand := st.Flags(i), st.DamageState(i), e.dmgFactor[i], e.capFactor[i], st.DemandFactor(i)
	switch im.Kind {
	case hazard.Damage:
		st.SetDamageState(i, max(st.DamageState(i), im.State))
		if im.Factor == 0 {
			st.Set(i, network.Damaged)
		} else {
			e.dmgFactor[i] = math.Min(e.dmgFactor[i], im.Factor)
		}
	case hazard.Remove:
		st.Set(i, network.Removed)
	case hazard.Suspend:
		// Suspensions nest: two overlapping floods end with the second.
		e.suspended[i]++
		st.Set(i, network.Suspended)
	case hazard.SetFactor:
		if im.Param == hazard.Demand {
			st.SetDemandFactor(i, im.Factor)
		} else {
			e.capFactor[i] = im.Factor
		}
	case hazard.Resume:
		if endSuspension(&e.suspended[i]) {
			st.Clear(i, network.Suspended)
		}
	case hazard.Repair:
		st.Clear(i, network.Damaged|network.Tripped)
		st.SetDamageState(i, network.DamageNone)
		e.dmgFactor[i] = 1
	case hazard.Restore:
		st.Clear(i, network.Removed)
	}
	if st.Flags(i) == oldFlags && st.DamageState(i) == oldState && e.dmgFactor[i] == oldDmg && e.capFactor[i] == oldCap &&
		st.DemandFactor(i) == oldDemand {
		e.res.Ignored++
		return
	}
	if st.DamageState(i) != oldState && st.Flags(i) == oldFlags && e.dmgFactor[i] == oldDmg {
		e.noteQuietState(Change{Time: t, Entity: i, Old: oldFlags, New: oldFlags,
			OldFactor: st.Factor(i), NewFactor: st.Factor(i), Cause: root})
	}
	e.setCause(i, c)
	if loosens(im.Kind) {
		e.loosen(i, c)
	}
	// The sector's recompute cites this impact (not i's last change: i may
	// not change at all, as under a new demand factor).
	e.markSector(e.net.ComponentSector(i), ref{id: root, mech: ByService, req: -1})
	e.refactor(i, c)
	if im.Kind.Loosens() {
		e.tcause[i] = c
	}
}

// loosens reports whether an impact of kind k may bring service back and
// so needs a re-admission: a repair, resume or restore, and a new factor
// (a capacity factor back up, a lower demand, a faster road) as well.
func loosens(k hazard.ImpactKind) bool { return k.Loosens() || k == hazard.SetFactor }

// refactor brings component i's capacity factor up to date at once (the
// damage factor and its expired Degrade requirements), so that the sector
// models of this instant see it, and marks its sector for a recompute when
// it changed.
func (e *Engine) refactor(i int32, c ref) {
	f := e.factorOf(i)
	if f == e.st.Factor(i) {
		return
	}
	e.touch(i)
	e.st.SetFactor(i, f)
	e.setCause(i, c)
	e.markSector(e.net.ComponentSector(i), ref{id: i, comp: true, mech: ByService, req: -1})
}

// applyLink handles an impact on a link; link changes are recorded at once.
func (e *Engine) applyLink(im *hazard.Impact, t sim.Time, c ref) {
	l, st := im.Target, e.st
	old := st.LinkFlags(l)
	oldF := st.LinkFactor(l)
	oldState := st.LinkDamageState(l)
	working := st.LinkWorking(l)
	switch im.Kind {
	case hazard.Damage:
		st.SetLinkDamageState(l, max(st.LinkDamageState(l), im.State))
		if im.Factor == 0 {
			st.SetLink(l, network.Damaged)
		} else {
			st.SetLinkFactor(l, math.Min(oldF, im.Factor))
		}
	case hazard.Remove:
		st.SetLink(l, network.Removed)
	case hazard.Suspend:
		e.linkSuspended[l]++
		st.SetLink(l, network.Suspended)
	case hazard.SetFactor:
		st.SetLinkFactor(l, im.Factor)
	case hazard.Resume:
		if endSuspension(&e.linkSuspended[l]) {
			st.ClearLink(l, network.Suspended)
		}
	case hazard.Repair:
		st.ClearLink(l, network.Damaged|network.Tripped)
		st.SetLinkDamageState(l, network.DamageNone)
		st.SetLinkFactor(l, 1)
	case hazard.Restore:
		st.ClearLink(l, network.Removed)
	}
	if st.LinkFlags(l) == old && st.LinkFactor(l) == oldF && st.LinkDamageState(l) == oldState {
		e.res.Ignored++
		return
	}
	if st.LinkFlags(l) != old || st.LinkFactor(l) != oldF {
		e.record(Change{Time: t, Entity: l, Link: true, Old: old, New: st.LinkFlags(l),
			OldFactor: oldF, NewFactor: st.LinkFactor(l), Cause: c.id})
	} else {
		e.noteQuietState(Change{Time: t, Entity: l, Link: true, Old: old, New: old, OldFactor: oldF, NewFactor: oldF, Cause: c.id})
	}
	if working && !st.LinkWorking(l) {
		e.linkLost(l, true)
	}
	e.pendLink(l)

	a, b := e.net.Ends(l)
	e.markSector(e.net.LinkSector(l), c)
	if loosens(im.Kind) {
		e.loosen(a, c)
		e.loosen(b, c)
	}
}

// endSuspension counts one Resume against the nested suspensions *n and
// reports whether none is left.
func endSuspension(n *int32) bool {
	if *n > 0 {
		*n--
	}
	return *n == 0
}

// linkLost counts link l's first loss of the run: direct when a hazard or
// action took it out, induced when the engine tripped it.
func (e *Engine) linkLost(l int32, direct bool) {
	if e.lostLink[l] {
		return
	}
	e.lostLink[l] = true
	if direct {
		e.res.Direct++
	} else {
		e.res.Induced++
	}
}

// loosen queues component i for re-admission at this instant, c the event
// that restored it.
func (e *Engine) loosen(i int32, c ref) {
	e.loosened = append(e.loosened, i)
	e.looseCauses = append(e.looseCauses, c)
}

// expire handles a lag or buffer clock running out for requirement r.
func (e *Engine) expire(r int32, kind sim.Kind, t sim.Time) {
	e.ev[r] = 0
	d := e.net.Dependent(r)
	e.touch(d)
	e.noteReq(r)
	if kind == KindLag && e.level[r] > 0 && e.ph[r] == lagging {
		e.ph[r] = backup
		e.setMode(r, -1, t)
		lc := e.lossCause[r]
		lc.mech, lc.req = ByLag, r
		e.setCause(d, lc)
		return
	}
	mech := ByLag
	if kind == KindBuffer {
		mech = ByBuffer
		e.settleLevel(r, t)
		e.level[r] = 0
		e.mode[r] = 0
	}
	e.ph[r] = expired
	lc := e.lossCause[r]
	lc.mech, lc.req = mech, r
	e.setCause(d, lc)
	if e.net.Effect(r) == network.Fail {
		e.st.Set(d, network.Unsupplied)
		e.markSector(e.net.ComponentSector(d), ref{id: d, comp: true, mech: ByService, req: -1})
		return
	}
	e.refactor(d, lc)
}

// settle brings the instant to its greatest fixpoint and commits it.
// A commit can leave work at the same instant (a Degrade requirement
// expiring changes a capacity factor a sector model reads, a responder tops
// up a buffer): settle repeats until the instant stays settled.
func (e *Engine) settle(t sim.Time) error {
	for rounds := 0; ; rounds++ {
		if rounds > e.net.NumComponents()+2 {
			return e.oscillation()
		}
		if len(e.loosened) > 0 {
			e.readmit()
		}
		if err := e.propagate(); err != nil {
			return err
		}
		e.commit(t, false)
		if len(e.dirtyList) == 0 && len(e.check) == 0 && len(e.loosened) == 0 {
			return nil
		}
	}
}

// readmit tentatively re-admits the closure (sector adjacency and reverse
// requirements) of the restored components over components down for
// unlatched reasons only; propagate then prunes it back to the greatest
// fixpoint. Tentative steps record nothing and start no clock. Each
// re-admitted component cites the restoration it was reached from (the
// first, in queue order, when several reach it).
//
// An unsupplied component of the closure that viable rules out stays
// down: propagate would take it out again at its first check, and its
// sector's model would see it come back and go (for source connectivity,
// a loss: a search of the whole sector) although it never changes. It is
// saved with the cause it would have had, its requirements are checked
// and its sector marked as before. Of the functional members the closure
// passes through only the restored ones (the seeds) have their
// requirements checked: the others do not change here, and a requirement
// of theirs whose count changes at the instant is checked by judge. Every
// member's sector is marked. Cost: O(closure + the requirements of what
// it restores), plus the regions viable asks about and the models' cost
// of what is re-admitted.
func (e *Engine) readmit() {
	e.qepoch++
	queue := e.loosened
	seeds := len(queue)
	for k, i := range queue {
		if e.qmark[i] != e.qepoch {
			e.qmark[i] = e.qepoch
			e.qcause[i] = e.looseCauses[k]
		}
	}
	// A restored component that provably brings nothing back is re-admitted
	// alone (dark).
	absorbed := !e.dk.off && e.absorbs(queue)
	if absorbed {
		e.dk.absorbed++
	}
	for h := 0; h < len(queue) && !absorbed; h++ {
		i := queue[h]
		cause := e.qcause[i]
		if e.st.Flags(i)&network.OwnDownFlags != 0 && h >= seeds {
			continue
		}
		for side := range e.sides {
			nb, ls := e.net.Out(i)
			if side == 1 {
				nb, ls = e.net.In(i)
			}
			for k, j := range nb {
				if e.qmark[j] != e.qepoch && e.st.LinkWorking(ls[k]) {
					queue = e.enqueue(queue, j, cause)
				}
			}
		}
		for _, r := range e.net.ProvidedBy(i) {
			queue = e.enqueue(queue, e.net.Dependent(r), cause)
		}
	}
	// The sectors propagate recomputes first: those already marked and
	// those of the closure (marked here in queue order, as below).
	for _, i := range queue {
		if e.st.Flags(i)&network.OwnDownFlags == 0 {
			e.markSector(e.net.ComponentSector(i), e.qcause[i])
		}
	}
	// Ruling a member out may cut a region off from its sources, which
	// rules out more: repeat while that happens, a few times at most
	// (stopping early re-admits more, which propagate prunes). Labels that
	// still hold carry over from one round to the next (nextRound). Only
	// the unsupplied members of the closure are candidates (flags do not
	// change here): each round looks at them alone, in queue order.
	cand := e.vcand[:0]
	for _, i := range queue {
		if f := e.st.Flags(i); f&network.OwnDownFlags == 0 && f&network.Unsupplied != 0 {
			cand = append(cand, i)
		}
	}
	e.newRegions()
	for k := range maxViableRounds {
		if k > 0 {
			e.nextRound()
		}
		if e.viable(cand) == 0 {
			break
		}
	}
	e.vcand = cand[:0]
	for k, i := range queue {
		cause := e.qcause[i]
		f := e.st.Flags(i)
		if f&network.OwnDownFlags != 0 {
			continue
		}
		if f&network.Unsupplied == 0 && k >= seeds {
			// Functional and not restored: nothing of its own changes, and
			// its requirements are checked when their counts change.
			e.markSector(e.net.ComponentSector(i), cause)
			continue
		}
		if f&network.Unsupplied != 0 {
			if e.qmark[i] == e.qepoch {
				e.touch(i)
				e.st.Clear(i, network.Unsupplied)
			} else {
				// Left down: saved as propagate's re-admission and
				// pruning would, its state unchanged.
				e.note(i)
			}
			e.setCause(i, ref{id: cause.id, comp: cause.comp, mech: ByRequirement, req: -1})
		}
		for _, r := range e.net.RequirementsOf(i) {
			e.pushCheck(r)
		}
		e.markSector(e.net.ComponentSector(i), cause)
	}
	e.loosened = queue[:0]
	e.looseCauses = e.looseCauses[:0]
}

// maxViableRounds bounds readmit's rounds of regions and viable.
const maxViableRounds = 4

// viable unmarks (qmark) the unsupplied components of the closure that
// cannot survive propagate's first check: a Fail requirement neither met
// nor bridged (bridging does not change within the instant) with too few
// providers that may deliver after the first round of sector models
// (mayDeliver). Unmarking one may leave others short: the dependents it
// provides are checked again, until none changes. A provider that comes
// back later at the instant meets the requirement again, and commitReq
// re-admits the component then, as it would have after pruning it. It
// returns how many it unmarked that lay in a live region (region): only
// those may have cut a region off from its sources. cand lists the
// unsupplied members of the closure not down by their own state.
func (e *Engine) viable(cand []int32) int {
	work := e.vwork[:0]
	for s := range e.moving {
		ch := &e.chg[s]
		e.moving[s] = ch.All || len(ch.Components) > 0 || len(ch.Links) > 0
	}
	for _, i := range cand {
		if e.qmark[i] == e.qepoch {
			work = append(work, i)
			e.moving[e.net.ComponentSector(i)] = true
		}
	}
	out := 0
	for len(work) > 0 {
		d := work[len(work)-1]
		work = work[:len(work)-1]
		if e.qmark[d] != e.qepoch || e.supplied(d) {
			continue
		}
		e.qmark[d] = 0
		if e.labelled(d) && e.rg.live[e.rg.of[d]] {
			out++
			e.rg.out = append(e.rg.out, e.rg.of[d])
		}
		for _, r := range e.net.ProvidedBy(d) {
			if j := e.net.Dependent(r); e.qmark[j] == e.qepoch && e.st.Flags(j)&network.Unsupplied != 0 {
				work = append(work, j)
			}
		}
	}
	e.vwork = work[:0]
	return out
}

// supplied reports whether every Fail requirement of the re-admitted
// component d may be met or bridged once the instant settles.
func (e *Engine) supplied(d int32) bool {
	for _, r := range e.net.RequirementsOf(d) {
		if e.net.Effect(r) != network.Fail || e.effMet(r) {
			continue
		}
		n := e.cnt[r] + e.extra[r]
		for _, p := range e.net.Providers(r) {
			if n >= e.need(r) {
				break
			}
			if !e.counted[p] && e.mayDeliver(p) {
				n++
			}
		}
		if n < e.need(r) {
			return false
		}
	}
	return true
}

// mayDeliver reports whether component p, not counted as delivering, may
// be after propagate's first round: substituted, or not down by its own
// state, in a sector that round recomputes (marked now: a sector marked
// during the round waits for the next) with something its model reads
// changed or coming back (moving: else its verdict stays), not unsupplied
// unless still re-admitted (propagate clears no Unsupplied flag), and, in
// a source-bound sector, delivering now or in a live region (region).
func (e *Engine) mayDeliver(p int32) bool {
	f := e.st.Flags(p)
	s := e.net.ComponentSector(p)
	switch {
	case e.subst[p] > 0:
		return true
	case f&network.OwnDownFlags != 0 || !e.dirty[s] || !e.moving[s]:
		return false
	case f&network.Unsupplied != 0 && e.qmark[p] != e.qepoch:
		return false
	case e.bound[s] && !delivering(f):
		if !e.labelled(p) {
			e.region(p)
		}
		return e.rg.live[e.rg.of[p]]
	}
	return true
}

func (e *Engine) enqueue(queue []int32, j int32, c ref) []int32 {
	if e.qmark[j] == e.qepoch {
		return queue
	}
	f := e.st.Flags(j)
	if f&network.OwnDownFlags != 0 || delivering(f) {
		return queue
	}
	e.qmark[j] = e.qepoch
	e.qcause[j] = c
	return append(queue, j)
}

// need returns how many providers requirement r needs.
func (e *Engine) need(r int32) int32 { return int32(e.net.Need(r)) }

// bridged reports whether requirement r keeps its dependent working while
// unmet: a clock is running, or a loss now would start one.
func (e *Engine) bridged(r int32) bool {
	switch e.ph[r] {
	case lagging, backup:
		return true
	case met, pending:
		return e.net.Lag(r) > 0 || e.levelNow(r) > 0
	}
	return false
}

// levelNow returns requirement r's buffer level at the current instant
// without settling it: a buffer charging since its last settle has more
// than e.level records (an emptied one may have recharged).
func (e *Engine) levelNow(r int32) sim.Time {
	if e.mode[r] != 1 {
		return e.level[r]
	}
	return e.charged(r, e.sched.Now())
}

// charged returns requirement r's buffer level at t while it charges: a
// closed form of the level and instant its charge began (chargeLv,
// chargeAt), rounded once, so that settling it more or less often never
// changes it; capped at the buffer's size: a rate or a span whose product
// would not fit in a Time fills the buffer, never wraps around.
func (e *Engine) charged(r int32, t sim.Time) sim.Time {
	full, from := e.net.Buffer(r), e.chargeLv[r]
	gain := e.net.Recharge(r) * float64(t-e.chargeAt[r])
	if room := full - from; !(gain < float64(room)) {
		return full
	}
	return from + sim.Time(math.Round(gain))
}

func (e *Engine) effMet(r int32) bool { return e.met(r) || e.bridged(r) }

// met reports whether requirement r has enough delivering providers,
// counting supplies a responder brought (Control.Supply).
func (e *Engine) met(r int32) bool { return e.cnt[r]+e.extra[r] >= e.need(r) }

// propagate prunes the tentative working set to the greatest fixpoint:
// recompute dirty sectors, then drop dependents whose Fail requirements are
// neither met nor bridged, until nothing changes.
func (e *Engine) propagate() error {
	limit := e.net.NumComponents() + 2
	for rounds := 0; len(e.dirtyList) > 0 || len(e.check) > 0; rounds++ {
		if rounds > limit {
			return e.oscillation()
		}
		if rounds&63 == 63 {
			if err := e.stopped(); err != nil {
				return err
			}
		}
		e.rounds++
		list := e.dirtyList
		e.dirtyList = e.spareSectors[:0]
		for _, s := range list {
			e.dirty[s] = false
		}
		for _, s := range list {
			if err := e.recompute(s); err != nil {
				return err
			}
		}
		e.spareSectors = list[:0]
		chk := e.check
		e.check = e.spareCheck[:0]
		for _, r := range chk {
			e.inCheck[r] = false
			e.noteReq(r)
			d := e.net.Dependent(r)
			if e.net.Effect(r) != network.Fail || !e.st.Functional(d) || e.effMet(r) {
				continue
			}
			e.touch(d)
			e.st.Set(d, network.Unsupplied)
			lc := e.lossCause[r]
			lc.mech, lc.req = ByRequirement, r
			e.setCause(d, lc)
			e.markSector(e.net.ComponentSector(d), ref{id: d, comp: true, mech: ByService, req: -1})
		}
		e.spareCheck = chk[:0]
	}
	return nil
}

func (e *Engine) oscillation() error {
	var ids []string
	set := e.touched
	if len(set) == 0 {
		set = e.lastChanged
	}
	for _, i := range set {
		if len(ids) == 10 {
			ids = append(ids, "…")
			break
		}
		ids = append(ids, e.net.ComponentID(i))
	}
	return fmt.Errorf("%w at %v: components %v keep changing", ErrNotSettling, e.sched.Now(), ids)
}

// resolve turns a tentative cause into a cause id.
func (e *Engine) resolve(c ref) int32 {
	if !c.comp {
		return c.id
	}
	if e.mark[c.id] == e.epoch && e.nowCause[c.id] >= 0 {
		return e.nowCause[c.id]
	}
	return e.lastCause[c.id]
}

// settleLevel brings requirement r's buffer level up to t: a draining
// buffer loses t − levelAt (exact in integer time), a charging one is
// charged's closed form.
func (e *Engine) settleLevel(r int32, t sim.Time) {
	switch e.mode[r] {
	case -1:
		e.level[r] = max(0, e.level[r]-(t-e.levelAt[r]))
	case 1:
		e.level[r] = e.charged(r, t)
	}
	e.levelAt[r] = t
}

// setMode settles r's buffer and sets it draining (-1), charging (+1) or
// idle (0), scheduling the depletion of a draining buffer. A charge that
// begins records its start (charged); one that goes on keeps it.
func (e *Engine) setMode(r int32, m int8, t sim.Time) {
	e.settleLevel(r, t)
	if m == 1 && (e.level[r] >= e.net.Buffer(r) || e.net.Recharge(r) == 0) {
		m = 0
	}
	if m == 1 && e.mode[r] != 1 {
		e.chargeLv[r], e.chargeAt[r] = e.level[r], t
	}
	e.mode[r] = m
	if m == -1 {
		e.cancel(r)
		e.ev[r] = e.sched.Schedule(sim.Event{Time: t.Add(e.level[r]), Priority: sim.PriorityExpiry, Kind: KindBuffer, Entity: r}, clockHandler{e})
	}
}

func (e *Engine) cancel(r int32) {
	if e.ev[r] != 0 {
		e.sched.Cancel(e.ev[r])
		e.ev[r] = 0
	}
}

// otherwiseFunctional reports whether r's dependent would work but for r.
func (e *Engine) otherwiseFunctional(d, r int32) bool {
	if e.st.Flags(d)&network.OwnDownFlags != 0 {
		return false
	}
	for _, q := range e.net.RequirementsOf(d) {
		if q != r && e.net.Effect(q) == network.Fail && !e.effMet(q) {
			return false
		}
	}
	return true
}

// commit turns the settled instant into clocks, records and series.
func (e *Engine) commit(t sim.Time, init bool) {
	for _, i := range e.touched {
		for _, r := range e.net.RequirementsOf(i) {
			e.noteReq(r)
		}
	}
	for _, r := range e.reqList {
		e.commitReq(r, t)
	}
	for _, r := range e.reqList {
		d := e.net.Dependent(r)
		on := false
		for _, q := range e.net.RequirementsOf(d) {
			on = on || e.ph[q] == backup
		}
		if on != (e.st.Flags(d)&network.OnBackup != 0) {
			e.note(d)
			if on {
				e.st.Set(d, network.OnBackup)
			} else {
				e.st.Clear(d, network.OnBackup)
			}
		}
	}
	for _, i := range e.touched {
		if e.done[i] != e.epoch {
			e.commitComponent(i, t, init)
		}
		if e.dk.lab[i] != 0 && delivering(e.st.Flags(i)) {
			e.dk.forget(i) // its region is served again
		}
	}
	if e.reasonDirty {
		e.reasonDirty = false
		for s, now := range e.reasonNow {
			now[ReasonUp] = 0
			rs := &e.res.Reasons[s]
			last := &rs.Points[len(rs.Points)-1]
			switch {
			case last.Count == now:
			case last.Time == t:
				last.Count = now
			default:
				rs.Points = append(rs.Points, ReasonPoint{Time: t, Count: now})
			}
		}
	}
	for s := range e.sumD {
		ser := &e.res.Series[s]
		last := &ser.Points[len(ser.Points)-1]
		if last.Demand == e.sumD[s] && last.Population == e.sumP[s] {
			continue
		}
		if last.Time == t {
			last.Demand, last.Population = e.sumD[s], e.sumP[s]
		} else {
			ser.Points = append(ser.Points, Point{Time: t, Demand: e.sumD[s], Population: e.sumP[s]})
		}
	}
	// Loss causes outlive the instant (a lag expiring later cites them):
	// resolve component references now that every change has its cause.
	for _, r := range e.reqList {
		if lc := e.lossCause[r]; lc.comp {
			e.lossCause[r] = ref{id: e.resolve(lc), req: -1}
		}
	}
	e.recordReports(t)
	for _, s := range e.recompList {
		e.recomputed[s] = false
		if len(e.loads.dirty[s]) > 0 && !e.prot.Off {
			e.watchLoadings(s, t)
		}
		if len(e.outflows.dirty[s]) > 0 {
			e.watchStocks(s, t)
		}
		if len(e.compLoads.dirty[s]) > 0 && !e.prot.Off {
			e.watchComponents(s, t)
		}
		e.clearDirty(s)
	}
	e.recompList = e.recompList[:0]
	e.touched = e.touched[:0]
	e.reqList = e.reqList[:0]
	e.epoch++
	if init {
		return
	}
	// Changes are final: tell the triggers and the responder.
	now := e.nowChanges
	e.lastChanged = e.lastChanged[:0]
	for _, ch := range now {
		if !ch.Link {
			e.lastChanged = append(e.lastChanged, ch.Entity)
		}
	}
	for k := range now {
		e.fireTriggers(&now[k], t)
	}
	if e.opts.Responder != nil {
		for _, ch := range now {
			e.opts.Responder.OnChange(&e.ctl, ch)
		}
		for _, ch := range e.quietState {
			e.opts.Responder.OnChange(&e.ctl, ch)
		}
	}
	e.nowChanges = now[:0]
	e.quietState = e.quietState[:0]
}

// noteQuietState keeps, for the responder alone, an impact that changed
// an entity's damage state but none of its flags or its factor (a slight
// damage, a pipe's leak, or the repair of one): no change is recorded,
// yet there is damage to repair (or no longer).
func (e *Engine) noteQuietState(ch Change) {
	if e.opts.Responder != nil {
		e.quietState = append(e.quietState, ch)
	}
}

// record notes a change of the instant (for responders and triggers) and,
// with the change log on, logs it.
func (e *Engine) record(ch Change) {
	e.noteOutage(&ch)
	e.nowChanges = append(e.nowChanges, ch)
	if !e.opts.NoChangeLog {
		e.res.Changes = append(e.res.Changes, ch)
		if ch.Link {
			e.noteLink(ch.Entity, ch.Cause)
		}
	}
}

// noteOutage updates the outage summary of the entity that changed.
func (e *Engine) noteOutage(ch *Change) {
	var st *OutageStats
	var since *sim.Time
	if ch.Link {
		if e.net.OutOfService(ch.Entity) { // never carries service: no outage to count
			return
		}
		st, since = &e.res.LinkOutage[ch.Entity], &e.downSince[e.net.NumComponents()+int(ch.Entity)]
	} else {
		st, since = &e.res.Outage[ch.Entity], &e.downSince[ch.Entity]
	}
	switch {
	case ch.Down():
		st.Count++
		if st.First < 0 {
			st.First = ch.Time
		}
		*since = ch.Time
	case ch.Up() && *since >= 0:
		st.Total += ch.Time - *since
		*since = -1
	}
}

// closeOutages adds the outages still open at end to the totals.
func (e *Engine) closeOutages(end sim.Time) {
	nc := e.net.NumComponents()
	for k, since := range e.downSince {
		if since < 0 {
			continue
		}
		if k < nc {
			e.res.Outage[k].Total += end - since
		} else {
			e.res.LinkOutage[k-nc].Total += end - since
		}
	}
}

// fireTriggers asks every triggered hazard for secondary impacts of a
// component's change and schedules them, citing the change as their parent.
func (e *Engine) fireTriggers(ch *Change, t sim.Time) {
	if ch.Link || len(e.triggers) == 0 {
		return
	}
	for _, tr := range e.triggers {
		// Keyed by (hazard name, trigger, component ID).
		r := hazard.Rand{Seed: e.seed, ID: e.hazards[tr.h].trig, Scope: e.net.ComponentKey(ch.Entity), Observer: e.drawObserver()}
		if tr.pt != nil {
			e.fireParts(tr, ch, t, r)
			continue
		}
		ims := tr.t.Trigger(e.net, t, ch.Entity, ch.Old, ch.New, r)
		for _, im := range ims {
			if im.Time < t || im.Validate(e.net) != nil {
				e.err = fmt.Errorf("cascade: hazard %q's trigger returned an invalid impact %+v at %v", e.hazards[tr.h].name, im, t)
				continue
			}
			e.impacts = append(e.impacts, im)
			e.impactParent = append(e.impactParent, ch.Cause)
			e.impactHazard = append(e.impactHazard, tr.h)
			e.schedule(im, int32(len(e.impacts)-1))
		}
	}
}

// fireParts asks a hazard.PartTrigger for the hazards a component's change
// starts and schedules their impacts under their parts' names.
func (e *Engine) fireParts(tr trigger, ch *Change, t sim.Time, r hazard.Rand) {
	parts := tr.pt.TriggerParts(e.net, t, ch.Entity, ch.Old, ch.New, r)
	if len(parts) == 0 {
		return
	}
	err := hazard.CheckParts(e.net, parts)
	for _, p := range parts {
		for _, im := range p.Impacts {
			if err == nil && im.Time < t {
				err = fmt.Errorf("%w: impact %+v of part %q before the change", hazard.ErrInvalid, im, p.Name)
			}
		}
	}
	from := int32(len(e.impacts))
	if err == nil {
		err = e.addParts(tr.h, parts, ch.Cause, false)
	}
	if err != nil {
		e.err = fmt.Errorf("cascade: hazard %q's trigger returned invalid parts at %v: %w", e.hazards[tr.h].name, t, err)
		return
	}
	for k := from; k < int32(len(e.impacts)); k++ {
		e.schedule(e.impacts[k], k)
	}
}

func (e *Engine) commitReq(r int32, t sim.Time) {
	d := e.net.Dependent(r)
	if e.net.Critical(d) {
		e.trackSupply(r, t)
	}
	of := e.otherwiseFunctional(d, r)
	if e.met(r) {
		if e.ph[r] != met {
			e.cancel(r)
			if e.ph[r] == backup {
				e.settleLevel(r, t)
			}
			restored := e.ph[r] == expired
			if restored || e.ph[r] == backup {
				e.touch(d)
				lc := e.lossCause[r]
				lc.mech, lc.req = ByRequirement, r
				e.setCause(d, lc)
			}
			e.ph[r] = met
			if restored && e.net.Effect(r) == network.Degrade {
				e.refactor(d, ref{id: d, comp: true, mech: ByRequirement, req: r})
			}
			// Supply can come back without a re-admission reaching d (a
			// provider served again because a capacity factor rose, or
			// through a delivering component): re-admit d, still unsupplied,
			// and what its restored factor may bring back, at this instant.
			if restored && (e.net.Effect(r) == network.Degrade || e.st.Flags(d)&network.Unsupplied != 0) {
				lc := e.lossCause[r]
				e.loosen(d, ref{id: lc.id, comp: lc.comp, mech: ByRequirement, req: r})
			}
		}
		m := int8(0)
		if of {
			m = 1
		}
		e.setMode(r, m, t)
		return
	}
	switch e.ph[r] {
	case met, pending:
		e.settleLevel(r, t) // a charging buffer's level is needed now
		if !of {
			e.ph[r] = pending
			e.setMode(r, 0, t)
			return
		}
		switch {
		case e.net.Lag(r) > 0:
			e.settleLevel(r, t)
			e.mode[r] = 0
			e.ph[r] = lagging
			e.cancel(r)
			e.ev[r] = e.sched.Schedule(sim.Event{Time: t.Add(e.net.Lag(r)), Priority: sim.PriorityExpiry, Kind: KindLag, Entity: r}, clockHandler{e})
		case e.level[r] > 0:
			e.ph[r] = backup
			e.setMode(r, -1, t)
			// Going on backup is a change of the dependent: it cites the
			// provider change that took the count below k.
			e.touch(d)
			lc := e.lossCause[r]
			lc.mech, lc.req = ByRequirement, r
			e.setCause(d, lc)
		default:
			e.ph[r] = expired
			e.setMode(r, 0, t)
			if e.net.Effect(r) == network.Degrade {
				lc := e.lossCause[r]
				lc.mech, lc.req = ByRequirement, r
				e.refactor(d, lc)
			}
		}
	case lagging, backup:
		if !of {
			e.cancel(r)
			e.setMode(r, 0, t)
			e.ph[r] = pending
		}
	case expired:
		if e.st.Flags(d)&network.OwnDownFlags != 0 {
			e.ph[r] = pending
		}
	}
}

// factorOf returns component i's capacity factor: the damage factor and the
// factors of its expired Degrade requirements, whichever is lowest.
func (e *Engine) factorOf(i int32) float64 {
	f := math.Min(e.dmgFactor[i], e.capFactor[i])
	for _, r := range e.net.RequirementsOf(i) {
		if e.ph[r] == expired && e.net.Effect(r) == network.Degrade {
			f = math.Min(f, e.net.Factor(r))
		}
	}
	return f
}

func (e *Engine) commitComponent(i int32, t sim.Time, init bool) {
	e.done[i] = e.epoch
	st := e.st
	fac := e.factorOf(i)
	if fac != st.Factor(i) {
		// A factor that changed without refactor (a Degrade requirement
		// leaving its expired phase on a top-up): the sector models have
		// not seen it yet, recompute at this instant.
		e.markSector(e.net.ComponentSector(i), ref{id: i, comp: true, mech: ByService, req: -1})
		e.pend(i)
	}
	st.SetFactor(i, fac)
	f, old := st.Flags(i), e.oldFlags[i]
	const watched = network.DownFlags | network.Unserved | network.OnBackup | network.Depleted
	if (f^old)&watched != 0 || fac != e.oldFactor[i] {
		c := e.tcause[i]
		mech := c.mech
		switch {
		case init:
			mech = Initial
		case mech == noMech:
			mech = ByService
		}
		var id int32 = -1
		if c.own && !init {
			id = c.id // the event's own cause node
		} else {
			parent, from, to := int32(-1), int32(0), int32(0)
			if c.cut && !init {
				parent, from, to = e.cutParents(i, t, init)
			}
			if parent < 0 && c.id >= 0 {
				if j := c.id; c.comp && e.mark[j] == e.epoch && e.done[j] != e.epoch {
					// The change cited is of this instant but not yet
					// committed (touched later): commit it first, so that
					// it has its cause id (a cycle of such citations falls
					// back on the last committed cause).
					e.commitComponent(j, t, init)
				}
				parent = e.resolve(c)
			}
			id = e.newCause(Cause{Time: t, Mechanism: mech, Entity: i, Parent: parent, CoFrom: from, CoTo: to, Hazard: e.hazardOf(parent), Req: c.req})
		}
		e.nowCause[i], e.lastCause[i] = id, id
		ch := Change{Time: t, Entity: i, Old: old, New: f, OldFactor: e.oldFactor[i], NewFactor: fac, Cause: id}
		if !init {
			e.record(ch)
		} else {
			e.noteOutage(&ch)
			if !e.opts.NoChangeLog {
				e.res.Changes = append(e.res.Changes, ch)
			}
		}
		if !init && ch.Down() && !e.lost[i] {
			e.lost[i] = true
			if mech == ByImpact && f&(network.Damaged|network.Removed|network.Suspended) != 0 {
				e.res.Direct++
			} else {
				e.res.Induced++
			}
		}
	}
	if ro, rn := ReasonOf(old), ReasonOf(f); ro != rn {
		s := e.net.ComponentSector(i)
		e.reasonNow[s][ro]--
		e.reasonNow[s][rn]++
		e.reasonDirty = true
	}
	var d, p int64
	if delivering(f) && e.frac[i] > 0 {
		d = int64(math.Round(fac * e.frac[i] * float64(e.demandFP[i])))
		p = int64(math.Round(fac * e.frac[i] * float64(e.pop[i])))
	}
	if f := e.subst[i]; f > 0 { // a mobile unit serves at least f
		d = max(d, int64(math.Round(f*float64(e.demandFP[i]))))
		p = max(p, int64(math.Round(f*float64(e.pop[i]))))
	}
	s := e.net.ComponentSector(i)
	e.sumD[s] += d - e.contribD[i]
	e.sumP[s] += p - e.contribP[i]
	e.contribD[i], e.contribP[i] = d, p
}

// trackSupply opens or closes requirement r's Supply interval.
func (e *Engine) trackSupply(r int32, t sim.Time) {
	unmet := !e.met(r)
	open := e.supplyOpen[r]
	switch {
	case unmet && open == 0:
		e.res.Supply = append(e.res.Supply, SupplyInterval{Req: r, Start: t, Open: true})
		e.supplyOpen[r] = int32(len(e.res.Supply))
	case !unmet && open != 0:
		iv := &e.res.Supply[open-1]
		iv.End, iv.Open = t, false
		e.supplyOpen[r] = 0
	}
}
