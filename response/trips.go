package response

import (
	"github.com/lifeline-sim/lifeline/hazard"
	"github.com/lifeline-sim/lifeline/network"
)

// Trips. An element latched by the engine's protection (network.Tripped)
// without damage is not a crew job: resetting tripped lines one at a time
// into a grid still stressed by damage makes them trip again, and crews
// would cycle on them for ever. Instead the responder recloses a sector's
// tripped elements all at once (a hazard.Repair of each, which clears the
// trip: an operator's switching) at the first dispatch at which no repair
// job of the sector is open, pending or under way — on an intact grid
// the base case is within ratings. It recloses again only after a
// further repair in the sector has been completed, so a grid that stays
// stressed (damage no team repairs) is not switched in a loop. Only
// elements that a repair team of the plan covers are reclosed.

// tripState is the per-sector bookkeeping of trips.
type tripState struct {
	open    int     // repair jobs of the sector not closed
	repairs uint64  // repairs completed in the sector
	reset   uint64  // repairs+1 at the last reclosing, 0 none
	comps   []int32 // tripped components waiting for a reclosing
	links   []int32 // tripped links likewise
}

// tripped reports whether e is tripped without damage.
func (r *Responder) tripped(e int32, link bool) bool {
	v := r.c.State()
	if link {
		return v.LinkFlags(e)&network.Damaged == 0 && v.LinkFlags(e)&network.Tripped != 0 && v.LinkDamageState(e) == 0
	}
	return v.Flags(e)&network.Damaged == 0 && v.Flags(e)&network.Tripped != 0 && v.DamageState(e) == 0
}

func (r *Responder) sectorOf(e int32, link bool) network.SectorIndex {
	if link {
		return r.n.LinkSector(e)
	}
	return r.n.ComponentSector(e)
}

// noteTrip files a tripped element for the next reclosing of its sector.
func (r *Responder) noteTrip(e int32, link bool) {
	ts := &r.trips[r.sectorOf(e, link)]
	if link {
		ts.links = append(ts.links, e)
	} else {
		ts.comps = append(ts.comps, e)
	}
	r.wantDispatch()
}

// reclose recloses, sector by sector, what tripped, where the rule above
// allows.
func (r *Responder) reclose() {
	c := r.c
	for s := range r.trips {
		ts := &r.trips[s]
		if len(ts.comps)+len(ts.links) == 0 || ts.open > 0 || ts.reset == ts.repairs+1 {
			continue
		}
		ts.reset = ts.repairs + 1
		for _, i := range ts.comps {
			if r.tripped(i, false) {
				c.Apply(c.Now(), hazard.Impact{Kind: hazard.Repair, Target: i})
			}
		}
		for _, l := range ts.links {
			if r.tripped(l, true) {
				c.Apply(c.Now(), hazard.Impact{Kind: hazard.Repair, Target: l, Link: true})
			}
		}
		ts.comps, ts.links = ts.comps[:0], ts.links[:0]
	}
}
