package hazard

import (
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// linkRepairStream is the stream of the repair delays of links (Repairs);
// components draw theirs from sim.StreamResponse, so the key spaces of
// components and links stay apart. Its name is part of every result that
// draws repairs: renaming it changes them all.
var linkRepairStream = sim.StreamOf("scenarios/link-repair")

// Repairs returns a Repair impact for every Damage impact of hits, up to
// window after it: the delay is window × the first uniform draw of the
// stream of the entity's ID key in replication seed rs (sim.StreamResponse
// for a component, a stream of its own for a link), never its index, so an
// entity gets the same repair time in every variant of a city (common
// random numbers). Other impacts get none. O(len(hits)).
func Repairs(net *network.Network, hits []Impact, rs uint64, window sim.Time) []Impact {
	var out []Impact
	for _, h := range hits {
		if h.Kind != Damage {
			continue
		}
		var st sim.Stream
		if h.Link {
			st = sim.NewStream(rs, linkRepairStream, int64(net.LinkKey(h.Target)))
		} else {
			st = sim.NewStream(rs, sim.StreamResponse, int64(net.ComponentKey(h.Target)))
		}
		out = append(out, Impact{Time: h.Time.Add(sim.Time(st.Float64() * float64(window))),
			Kind: Repair, Target: h.Target, Link: h.Link})
	}
	return out
}
