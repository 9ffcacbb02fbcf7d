package response

// Waiting members. A member left waiting has found no job it could reach
// (or its policy took none). Walking the roads again for it on every new
// job would cost its whole reachable region each time; instead, when the
// roads are undirected, the responder labels the open road graph's
// connected pieces (once per change of which road elements are open,
// when a member needs it) and asks a member only when a pending job of
// its team lies in its piece: a member just freed, or a waiting member
// after a road opened, any pending job; otherwise a job filed since it
// was left waiting. With
// one-way roads reachability is not symmetric and a waiting member is
// asked again whenever a job is filed for its team or a road opens.

// roadLabels labels the connected pieces of the open road graph: open
// road components joined by open road links (a closed component is a
// piece of its own: a walk may start there but not leave).
type roadLabels struct {
	version uint64  // r.roadsChanged when computed, 0 never
	label   []int32 // per component (road members only)
	queue   []int32
	count   int32
}

// labels returns the current labels, recomputing them when the open road
// elements changed since. Cost: O(road members + road links).
func (r *Responder) labels() []int32 {
	lab := &r.lab
	if lab.version == r.roadsChanged+1 {
		return lab.label
	}
	n, v := r.n, r.c.State()
	if lab.label == nil {
		lab.label = make([]int32, n.NumComponents())
	}
	members := n.SectorMembers(r.road)
	for _, i := range members {
		lab.label[i] = -1
	}
	open := func(i int32) bool { return v.Functional(i) && v.Factor(i) > 0 }
	lab.count = 0
	for _, s := range members {
		if lab.label[s] >= 0 {
			continue
		}
		c := lab.count
		lab.count++
		lab.label[s] = c
		if !open(s) {
			continue
		}
		lab.queue = append(lab.queue[:0], s)
		for h := 0; h < len(lab.queue); h++ {
			u := lab.queue[h]
			nb, ls := n.Out(u)
			for k, w := range nb {
				if lab.label[w] < 0 && n.ComponentSector(w) == r.road && v.LinkWorking(ls[k]) && v.LinkFactor(ls[k]) > 0 && open(w) {
					lab.label[w] = c
					lab.queue = append(lab.queue, w)
				}
			}
		}
	}
	lab.version = r.roadsChanged + 1
	return lab.label
}

// inPiece reports whether a member standing at node u (in piece c of
// label) reaches job j: one of the nodes it may be reached at lies in the
// member's piece (u itself counts even when closed).
func (r *Responder) inPiece(label []int32, u int32, j int32) bool {
	e := &r.jobs[j]
	c := label[u]
	at := func(x int32) bool { return x == u || label[x] == c } // a closed u is a piece of its own
	switch {
	case e.node == -1:
		return true
	case e.node == nodeRoadLink:
		a, b := r.n.Ends(e.Entity)
		return at(a) || at(b)
	}
	if at(e.node) {
		return true
	}
	if r.teams[e.team].roadJobs && !e.Link && e.Entity == e.node {
		nb, _ := r.n.Out(e.node)
		for _, w := range nb {
			if at(w) {
				return true
			}
		}
	}
	return false
}

// worthAsking reports whether idle member a may reach a pending job of
// its team (see above); it notes what it has seen.
func (r *Responder) worthAsking(a int32) bool {
	ag := &r.agents[a]
	tm := &r.teams[ag.team]
	opened, filed := !ag.waited || ag.roadsSeen != r.roadsOpened, ag.jobsSeen != tm.filed
	if !opened && !filed {
		return false
	}
	if r.router == nil || r.directed || ag.node < 0 {
		return true
	}
	label := r.labels()
	since := ag.lastJob
	ag.roadsSeen, ag.jobsSeen, ag.lastJob = r.roadsOpened, tm.filed, int32(len(r.jobs))-1
	for j := tm.olast; j >= 0; j = r.jobs[j].oprev {
		if !opened && j <= since {
			break // jobs before the member was left waiting stay out of reach
		}
		if r.inPiece(label, ag.node, j) {
			return true
		}
	}
	return false
}
