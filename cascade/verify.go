package cascade

import (
	"errors"
	"fmt"
	"math"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
)

// ErrBadReport is wrapped by the error that ends a run whose sector model
// reported something flow's contract rules out: an index out of range or
// outside the model's sector, an entry listed twice, a served fraction
// outside [0, 1] (NaN included) or above 0 for a member that is not
// functional, a negative or NaN loading, an infinite or NaN outflow, a cut
// for a member the report does not set to 0 or that is not functional, a
// cut whose span or elements are malformed. The error names the sector,
// the model and the entry.
var ErrBadReport = errors.New("cascade: sector model broke the flow contract")

// reportCheck holds the marks verify uses to find entries listed twice.
type reportCheck struct {
	comp, link []uint32 // per component and link: the list epoch it was seen in
	ep         uint32
	lost       []uint32 // per component: the epoch of the Served list that set it to 0
}

// next starts a list: entries seen before are forgotten.
func (r *reportCheck) next() {
	r.ep++
	if r.ep == 0 {
		clear(r.comp)
		clear(r.link)
		clear(r.lost)
		r.ep = 1
	}
}

// verify checks a report of sector s's model against flow's contract
// before the engine applies any of it. Cost: O(entries reported), no
// allocation unless it fails.
func (e *Engine) verify(s network.SectorIndex, out *flow.Output) error {
	n, r := e.net, &e.report
	if r.comp == nil {
		r.comp, r.link = make([]uint32, n.NumComponents()), make([]uint32, n.NumLinks())
		r.lost = make([]uint32, n.NumComponents())
	}
	lists := [...]struct {
		name string
		vals []flow.Value
	}{{"Served", out.Served}, {"ComponentLoading", out.ComponentLoading}, {"StockFlow", out.StockFlow}}
	var served uint32 // the Served list's epoch
	for k, list := range lists {
		r.next()
		if k == 0 {
			served = r.ep
		}
		for _, v := range list.vals {
			if err := e.verifyMember(s, list.name, "", v.I); err != nil {
				return err
			}
			var ok bool
			switch k {
			case 0: // a fraction, 0 unless functional
				ok = v.V >= 0 && v.V <= 1 && (v.V == 0 || e.st.Functional(v.I))
				if v.V == 0 {
					r.lost[v.I] = served
				}
			case 1: // a loading (false for NaN)
				ok = v.V >= 0
			default: // an outflow
				ok = !math.IsNaN(v.V) && !math.IsInf(v.V, 0)
			}
			if !ok {
				return e.badReport(s, "%s of %s is %v", list.name, n.ComponentID(v.I), v.V)
			}
		}
	}
	r.next()
	for _, i := range out.Trip {
		if err := e.verifyMember(s, "Trip", "", i); err != nil {
			return err
		}
	}
	r.next()
	for _, v := range out.Loading {
		if err := e.verifyLink(s, "Loading", "", v.I); err != nil {
			return err
		}
		if !(v.V >= 0) {
			return e.badReport(s, "Loading of link %s is %v", n.LinkID(v.I), v.V)
		}
	}
	r.next()
	for _, k := range out.Cut {
		if err := e.verifyMember(s, "Cut", "", k.I); err != nil {
			return err
		}
		if r.lost[k.I] != served || !e.st.Functional(k.I) {
			return e.badReport(s, "Cut lists %s, which the report does not take out of service or which is not functional", n.ComponentID(k.I))
		}
		if k.Start < 0 || k.Start > k.End || int(k.End) > len(out.CutElements) {
			return e.badReport(s, "the cut of %s spans [%d, %d) of %d elements", n.ComponentID(k.I), k.Start, k.End, len(out.CutElements))
		}
	}
	for _, k := range out.Cut {
		r.next()
		for _, x := range out.CutElements[k.Start:k.End] {
			var err error
			if x >= 0 {
				err = e.verifyMember(s, "the cut of ", n.ComponentID(k.I), x)
			} else {
				err = e.verifyLink(s, "the cut of ", n.ComponentID(k.I), ^x)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// verifyMember checks that component i, listed in list (+ of), is a
// member of sector s not seen before in this list, and marks it.
func (e *Engine) verifyMember(s network.SectorIndex, list, of string, i int32) error {
	return e.verifyEntity(s, list, of, i, false)
}

// verifyLink is verifyMember for link l.
func (e *Engine) verifyLink(s network.SectorIndex, list, of string, l int32) error {
	return e.verifyEntity(s, list, of, l, true)
}

// verifyEntity checks component or link x (as link says).
func (e *Engine) verifyEntity(s network.SectorIndex, list, of string, x int32, link bool) error {
	n, r := e.net, &e.report
	seen, what, id, sector := r.comp, "component", n.ComponentID, n.ComponentSector
	if link {
		seen, what, id, sector = r.link, "link", n.LinkID, n.LinkSector
	}
	name := func() string {
		if link {
			return "link " + id(x)
		}
		return id(x)
	}
	switch {
	case x < 0 || int(x) >= len(seen):
		return e.badReport(s, "%s%s lists %s %d, out of range", list, of, what, x)
	case sector(x) != s:
		return e.badReport(s, "%s%s lists %s, of sector %s", list, of, name(), n.SectorName(sector(x)))
	case seen[x] == r.ep:
		return e.badReport(s, "%s%s lists %s twice", list, of, name())
	}
	seen[x] = r.ep
	return nil
}

// badReport returns an ErrBadReport naming sector s, its model and the
// instant.
func (e *Engine) badReport(s network.SectorIndex, format string, args ...any) error {
	return fmt.Errorf("%w: sector %s, model %s at %v: %s", ErrBadReport, e.net.SectorName(s), e.models[s].Name(), e.sched.Now(), fmt.Sprintf(format, args...))
}
