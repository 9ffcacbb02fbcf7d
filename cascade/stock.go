package cascade

import (
	"math"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Draining levels: requirement buffers (Engine.level, levelAt, mode) and
// stores (stock) are two draining levels of the engine's own, beside
// sim.Level; they are deliberately not sim.Levels. Both live in flat
// per-requirement and per-component arrays that every replication reuses
// and that the intact snapshot restores by copying, with their single
// pending event re-created in a fixed order (intact.go); a sim.Level is
// one heap object per level bound to its scheduler and handler, so it
// would cost an allocation per level per run and hide its pending event
// from the snapshot. A buffer is integer time besides (autonomy in ns,
// drained one ns per ns, so depletion instants are exact), where a
// sim.Level holds float64 units per hour; and each depletion must cite
// its cause, which sim.Level's generic empty and full events do not carry.
// sim.Level remains the kernel's level for responders and user models.

// stock is the engine's record of one store (flow.Output.StockFlow).
type stock struct {
	level float64 // sector unit (m³)
	rate  float64 // net outflow per second
	at    sim.Time
	ev    sim.EventID
	cause int32
}

type stockHandler struct{ e *Engine }

// Handle empties a store.
func (h stockHandler) Handle(_ *sim.Scheduler, ev sim.Event) { h.e.runDry(ev.Entity, ev.Time) }

// settleStock brings store i's level up to t.
func (e *Engine) settleStock(i int32, t sim.Time) {
	s := &e.stocks[i]
	s.level, s.at = e.stockAt(i, t), t
}

// stockAt returns store i's level at t: its level when its outflow last
// changed, less the outflow since, within [0, Storage]. Only a new outflow
// re-bases it, so how often a level is looked at never moves it.
func (e *Engine) stockAt(i int32, t sim.Time) float64 {
	s := &e.stocks[i]
	return math.Max(0, math.Min(e.net.Storage(i), s.level-s.rate*float64(t-s.at)/float64(sim.Second)))
}

// watchStocks applies the outflows sector s's model reported since the
// last commit, in the order it first listed the stores: it moves or
// cancels each store's empty event and refills depleted stores.
func (e *Engine) watchStocks(s network.SectorIndex, t sim.Time) {
	sc := e.sectorCause[s]
	for _, i := range e.outflows.changed(s) {
		st := &e.stocks[i]
		rate := e.outflows.now[i]
		// Reported and back within the instant: a pending empty event was
		// computed from the same base and stays right even when it is due
		// at this very instant (the level reads 0 before it runs).
		if rate == st.rate && (st.ev != 0 || !(rate > 0 && e.stockAt(i, t) > 0)) {
			continue
		}
		e.settleStock(i, t)
		st.rate = rate
		if st.ev != 0 {
			e.sched.Cancel(st.ev)
			st.ev = 0
		}
		switch {
		case rate > 0 && st.level > 0:
			st.cause = e.resolve(sc)
			secs := st.level / rate
			at := t + sim.Time(math.Ceil(secs*float64(sim.Second)))
			if secs*float64(sim.Second) >= float64(sim.MaxTime-t) {
				at = sim.MaxTime
			}
			st.ev = e.sched.Schedule(sim.Event{Time: at, Priority: sim.PriorityExpiry, Kind: KindStock, Entity: i}, stockHandler{e})
		case rate < 0 && e.st.Flags(i)&network.Depleted != 0:
			// Refilling: water is back in the store from this instant.
			e.touch(i)
			e.st.Clear(i, network.Depleted)
			c := ref{id: e.resolve(sc), mech: ByService, req: -1}
			e.setCause(i, c)
			e.loosen(i, c)
		}
	}
}

// runDry marks store i depleted.
func (e *Engine) runDry(i int32, t sim.Time) {
	st := &e.stocks[i]
	st.ev = 0
	e.settleStock(i, t)
	st.level = 0
	e.touch(i)
	e.st.Set(i, network.Depleted)
	id := e.newCause(Cause{Time: t, Mechanism: ByStock, Entity: i, Parent: st.cause, Hazard: e.hazardOf(st.cause), Req: -1})
	e.setCause(i, ref{id: id, own: true, mech: ByStock, req: -1})
	e.markSector(e.net.ComponentSector(i), ref{id: i, comp: true, mech: ByService, req: -1})
}

// StockLevel returns store i's level at the end of the run (or now, during
// it), in its sector's unit; the full Storage when no model tracked it.
func (r *Result) StockLevel(i int32) float64 {
	if r.Levels == nil {
		return r.Network.Storage(i)
	}
	return r.Levels[i]
}
