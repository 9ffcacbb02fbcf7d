package flowtest

import (
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
)

// Session drives a model the way the engine does, for tests: each Step
// lists in flow.Changes what differs in the model's sector from the state
// of the last Step (everything on the first: Changes.All), serves the
// model and applies its report to the verdict it keeps. Cost per Step:
// O(sector), for the comparison.
type Session struct {
	n     *network.Network
	s     network.SectorIndex
	m     flow.Model
	v     *flow.Verdict // the verdict the reports add up to
	comps []seen        // per component: at the last changes
	links []seen        // per link
	ch    flow.Changes
	out   flow.Output
	begun bool
}

// NewSession returns a Session of model m, bound to sector s of n.
func NewSession(m flow.Model, n *network.Network, s network.SectorIndex) *Session {
	x := newSession(n, s)
	x.m = m
	return x
}

func newSession(n *network.Network, s network.SectorIndex) *Session {
	return &Session{n: n, s: s, v: flow.NewVerdict(n), comps: make([]seen, n.NumComponents()), links: make([]seen, n.NumLinks())}
}

// Model returns the Session's model.
func (x *Session) Model() flow.Model { return x.m }

// Step serves the model on st with what changed since the last Step and
// returns the verdict its reports add up to (owned by the Session, valid
// until the next Step) and the report itself.
func (x *Session) Step(st *network.State) (*flow.Verdict, *flow.Output, error) {
	if !x.begun {
		x.ch.Reset()
		x.ch.All = true
		x.remember(st)
		x.begun = true
	} else {
		x.changes(st, &x.ch)
	}
	x.out.Reset()
	if err := x.m.Serve(st, &x.ch, &x.out); err != nil {
		return nil, nil, err
	}
	if x.ch.All {
		*x.v = *flow.NewVerdict(x.n)
	}
	x.v.Apply(&x.out)
	return x.v, &x.out, nil
}

// seen is what a model may read of one component or link.
type seen struct {
	flags  network.Flags
	factor float64
	demand float64
	damage uint8
}

// ignored are the flags models must not read.
const ignored = network.Unserved | network.OnBackup

func compSeen(st *network.State, i int32) seen {
	return seen{flags: st.Flags(i) &^ ignored, factor: st.Factor(i), demand: st.DemandFactor(i), damage: st.DamageState(i)}
}

func linkSeen(st *network.State, l int32) seen {
	f := st.LinkFlags(l)
	if st.LinkWorking(l) {
		f |= 1 << 15 // a working link, whatever its flags
	}
	return seen{flags: f, factor: st.LinkFactor(l), damage: st.LinkDamageState(l)}
}

// remember records st as the state the model last saw.
func (x *Session) remember(st *network.State) {
	for _, i := range x.n.SectorMembers(x.s) {
		x.comps[i] = compSeen(st, i)
	}
	for l := range x.n.Links() {
		if x.n.LinkSector(l) == x.s {
			x.links[l] = linkSeen(st, l)
		}
	}
}

// changes lists in ch what differs from the remembered state, the way the
// engine does, and remembers st.
func (x *Session) changes(st *network.State, ch *flow.Changes) {
	ch.Reset()
	for _, i := range x.n.SectorMembers(x.s) {
		if v := compSeen(st, i); v != x.comps[i] {
			x.comps[i] = v
			ch.Components = append(ch.Components, i)
		}
	}
	for l := range x.n.Links() {
		if x.n.LinkSector(l) != x.s {
			continue
		}
		if v := linkSeen(st, l); v != x.links[l] {
			x.links[l] = v
			ch.Links = append(ch.Links, l)
		}
	}
}
