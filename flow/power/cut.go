package power

import (
	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
)

// cuts names, for the members a Serve takes out of service because their
// island lost its generation or was split from it, the elements that cut
// them off (flow.Output.Cut). The definition is flow.Connectivity's, and so
// is the search: a Model keeps a Connectivity of its sector in step with
// every Serve (it sees the same changes) and, for each member the Model
// reports at 0 from a positive fraction, cites the cut the Connectivity
// names for it. A member the Connectivity still finds joined to a
// functional source gets no cut — one left dark because its island's
// generators are derated to nothing, or merely shed — and the engine then
// cites the event that first touched the sector.
type cuts struct {
	conn *flow.Connectivity
	out  flow.Output
	at   []int32 // per element: 1 + its entry in out.Cut, 0 when none
}

func (c *cuts) init(m *Model) error {
	conn, err := flow.NewConnectivity(m.net, m.sec)
	if err != nil {
		return err
	}
	c.conn, c.at = conn, make([]int32, len(m.mem))
	return nil
}

// update brings the Connectivity up to date with st and ch (from scratch
// when ch is nil). It is kept in step even when the caller cites no causes
// (ch.NoCut, which the Connectivity honours by skipping the cut search), so
// that the cuts are right again as soon as a caller asks for them.
func (c *cuts) update(st *network.State, ch *flow.Changes) error {
	c.out.Reset()
	if ch == nil {
		ch = &flow.Changes{All: true}
	}
	return c.conn.Serve(st, ch, &c.out)
}

// report appends to out the cuts of the members out.Served[from:] takes
// out of service (an entry at 0 in an incremental report follows a positive
// one): those the Connectivity named at the last update. O(the update's
// cuts + the entries).
func (c *cuts) report(m *Model, out *flow.Output, from int) {
	if len(c.out.Cut) == 0 {
		return
	}
	for k, x := range c.out.Cut {
		c.at[m.elem[x.I]] = int32(k) + 1
	}
	for _, v := range out.Served[from:] {
		e := m.elem[v.I]
		if v.V != 0 || c.at[e] == 0 {
			continue
		}
		x := c.out.Cut[c.at[e]-1]
		start := int32(len(out.CutElements))
		out.CutElements = append(out.CutElements, c.out.CutElements[x.Start:x.End]...)
		out.Cut = append(out.Cut, flow.Cut{I: v.I, Start: start, End: int32(len(out.CutElements))})
	}
	for _, x := range c.out.Cut {
		c.at[m.elem[x.I]] = 0
	}
}
