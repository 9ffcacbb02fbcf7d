package metrics

import (
	"fmt"
	"iter"

	"github.com/lifeline-sim/lifeline/cascade"
	"github.com/lifeline-sim/lifeline/sim"
)

// Interval is a stretch [Start, End) of a run. Open marks one still going
// on when the run ended; End is then the instant the run reached
// (cascade.Result.End).
type Interval struct {
	Start, End sim.Time
	Open       bool
}

// Duration returns End − Start.
func (iv Interval) Duration() sim.Time { return iv.End - iv.Start }

// Outage is one spell during which a component (a link, when Link) did
// not deliver: from a change that took it out of service
// (cascade.Change.Down) to the next that returned it (Change.Up).
type Outage struct {
	Entity int32
	Link   bool
	Interval
}

// Outages returns every outage of every component and link of the run, in
// the order they began (ties in the order of the change log), each with
// its end: the restoring change, or the end of the run (Open). A
// component down from time 0 (unserved when intact) has an outage from
// 0; a link switched off in the base case (network.Network.OutOfService)
// never carried service and has none, as in cascade.Result.LinkOutages.
// Per entity the intervals are those of Result.Outages and LinkOutages,
// and their durations sum to Result.Outage[i].Total. It reads the change
// log: with the log off (and something having failed) the error wraps
// ErrNoChangeLog. Cost: O(changes + components + links).
func Outages(r *cascade.Result) (iter.Seq[Outage], error) {
	if !logged(r) {
		return nil, fmt.Errorf("%w: outage intervals", ErrNoChangeLog)
	}
	nc, nl := r.Network.NumComponents(), r.Network.NumLinks()
	open := make([]int32, nc+nl) // per entity: position of its open outage in out, +1
	n := 0
	for k := range r.Changes {
		if r.Changes[k].Down() {
			n++
		}
	}
	out := make([]Outage, 0, n)
	for k := range r.Changes {
		c := &r.Changes[k]
		slot := int(c.Entity)
		if c.Link {
			if r.Network.OutOfService(c.Entity) {
				continue
			}
			slot += nc
		}
		switch {
		case c.Down():
			out = append(out, Outage{Entity: c.Entity, Link: c.Link, Interval: Interval{Start: c.Time, End: r.End, Open: true}})
			open[slot] = int32(len(out))
		case c.Up() && open[slot] > 0:
			o := &out[open[slot]-1]
			o.End, o.Open = c.Time, false
			open[slot] = 0
		}
	}
	return func(yield func(Outage) bool) {
		for _, o := range out {
			if !yield(o) {
				return
			}
		}
	}, nil
}

// logged reports whether the result's change log can be read: it is on,
// or nothing ever failed (then an empty log is the truth either way).
// O(1) with changes logged; O(components + links) otherwise.
func logged(r *cascade.Result) bool {
	if len(r.Changes) > 0 {
		return true
	}
	for _, o := range r.Outage {
		if o.Count > 0 {
			return false
		}
	}
	for _, o := range r.LinkOutage {
		if o.Count > 0 {
			return false
		}
	}
	return true
}
