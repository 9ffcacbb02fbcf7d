package cascade

import "github.com/lifeline-sim/lifeline/network"

// regions labels, for readmit, the regions of the providers it asks about
// in source-bound sectors (region): which members each holds and whether
// it may reach a source at the instant.
type regions struct {
	of   []int32  // per component: its region, valid when at == ep
	at   []uint32 // per component: the labelling it belongs to
	ep   uint32   // the current labelling (newRegions)
	live []bool   // per region: it may reach a source
	work []int32  // region's search stack
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
// last until readmit starts over (newRegions). Cost: O(the region's
// members and their links), less when it is live.
func (e *Engine) region(p int32) {
	k, live := int32(len(e.rg.live)), false
	stack := append(e.rg.work[:0], p)
	e.rg.at[p], e.rg.of[p] = e.rg.ep, k
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
				if !e.st.LinkWorking(ls[h]) {
					continue
				}
				switch f := e.st.Flags(j); {
				case f&network.OwnDownFlags != 0:
				case e.rg.at[j] == e.rg.ep:
					if e.rg.of[j] != k && e.rg.live[e.rg.of[j]] {
						live = true
						break search
					}
				case delivering(f):
					live = true
					break search
				case f&network.Unsupplied == 0 || e.qmark[j] == e.qepoch:
					e.rg.at[j], e.rg.of[j] = e.rg.ep, k
					stack = append(stack, j)
				}
			}
		}
	}
	e.rg.work = stack[:0]
	e.rg.live = append(e.rg.live, live)
}

// newRegions forgets the regions labelled so far.
func (e *Engine) newRegions() {
	r := &e.rg
	r.ep++
	if r.ep == 0 {
		clear(r.at)
		r.ep = 1
	}
	r.live = r.live[:0]
}
