package cascade

import "github.com/lifeline-sim/lifeline/network"

// regions labels, for readmit, the regions of the providers it asks about
// in source-bound sectors (region): which members each holds and whether
// it may reach a source at the instant.
type regions struct {
	of    []int32  // per component: its region, valid when at == ep
	at    []uint32 // per component: the labelling it belongs to
	ep    uint32   // the current labelling (newRegions)
	live  []bool   // per region: it may reach a source
	via   []int32  // per region: the live region it found its sign of life in, −1
	stale []bool   // per region: its label may no longer hold (nextRound)
	out   []int32  // live regions that lost a member in viable's current round
	work  []int32  // region's search stack
}

// region labels the region of component p, a member of a source-bound
// sector (flow's source rule: see flow.Unbound) not down by its own state:
// the members joined to p through working links, either way, that may
// work after propagate's first round without delivering now (not down by
// their own state, not unsupplied unless still re-admitted by readmit), and
// whether it is live, that is, may reach a source once the instant
// settles: it holds a member with RoleSource, or a working link joins it
// to a delivering member. A member of a region that is not live cannot be
// served at this instant whatever comes back: mayDeliver rules it out as
// a provider. The search stops at the first sign of life (a source, a
// delivering neighbour, a member of a live region labelled before), so a
// live region may be labelled in part, each part reaching the sign of
// life through labelled members; a dead one is labelled whole. Labels
// last until readmit starts over (newRegions), except those nextRound
// drops. Cost: O(the region's members and their links), less when it is
// live.
func (e *Engine) region(p int32) {
	rg := &e.rg
	k, live, via := int32(len(rg.live)), false, int32(-1)
	stack := append(rg.work[:0], p)
	rg.at[p], rg.of[p] = rg.ep, k
search:
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if e.net.Role(x) == network.RoleSource {
			live = true
			break
		}
		for side := range e.sides {
			nb, ls := e.net.Out(x)
			if side == 1 {
				nb, ls = e.net.In(x)
			}
			for h, j := range nb {
				if rg.at[j] == rg.ep && rg.of[j] == k || !e.st.LinkWorking(ls[h]) {
					continue
				}
				switch f := e.st.Flags(j); {
				case f&network.OwnDownFlags != 0:
				case rg.at[j] == rg.ep && !rg.stale[rg.of[j]]:
					if rg.live[rg.of[j]] {
						live, via = true, rg.of[j]
						break search
					}
				case delivering(f):
					live = true
					break search
				case f&network.Unsupplied == 0 || e.qmark[j] == e.qepoch:
					rg.at[j], rg.of[j] = rg.ep, k
					stack = append(stack, j)
				}
			}
		}
	}
	rg.work = stack[:0]
	rg.live = append(rg.live, live)
	rg.via = append(rg.via, via)
	rg.stale = append(rg.stale, false)
}

// labelled reports whether component p's region label holds.
func (e *Engine) labelled(p int32) bool {
	return e.rg.at[p] == e.rg.ep && !e.rg.stale[e.rg.of[p]]
}

// newRegions forgets the regions labelled so far.
func (e *Engine) newRegions() {
	r := &e.rg
	r.ep++
	if r.ep == 0 {
		clear(r.at)
		r.ep = 1
	}
	r.live, r.via, r.stale, r.out = r.live[:0], r.via[:0], r.stale[:0], r.out[:0]
}

// nextRound drops, between two rounds of viable, the labels that may no
// longer hold: those of the live regions that lost a member in the round
// (viable unmarked it: rg.out), and of the live regions that found their
// sign of life in a dropped one (via names an earlier region, so one pass
// in label order does). Every other label still holds, since between
// rounds the graph regions are taken in only loses members: the members
// left of a dead region lie in dead regions (a part of a region without a
// source or a delivering neighbour has neither), and a live part whose
// members all remain still reaches its sign of life through them. A
// member that a search meets in a dropped region is labelled again. So
// every later search, and mayDeliver, sees what a fresh labelling would,
// without searching the regions that did not change again. Cost:
// O(regions).
func (e *Engine) nextRound() {
	r := &e.rg
	for _, k := range r.out {
		r.stale[k] = true
	}
	r.out = r.out[:0]
	for k, v := range r.via {
		if v >= 0 && r.stale[v] {
			r.stale[k] = true
		}
	}
}
