package flowtest

import (
	"fmt"

	"github.com/lifeline-sim/lifeline/flow"
	"github.com/lifeline-sim/lifeline/network"
)

// bound checks flow's source rule on the verdict v of model m for sector
// s: unless m is flow.Unbound or the sector has no sources, every member
// served above 0 is joined to a functional source of the sector by
// functional members and working links, in either direction. Cost:
// O(members + links) of the sector.
func bound(m flow.Model, n *network.Network, s network.SectorIndex, st *network.State, v *flow.Verdict) error {
	if _, ok := m.(flow.Unbound); ok || len(n.Sources(s)) == 0 {
		return nil
	}
	reached := make([]bool, n.NumComponents())
	var queue []int32
	for _, i := range n.Sources(s) {
		if st.Functional(i) {
			reached[i] = true
			queue = append(queue, i)
		}
	}
	for h := 0; h < len(queue); h++ {
		i := queue[h]
		for _, in := range [2]bool{false, true} {
			nb, ls := n.Out(i)
			if in {
				nb, ls = n.In(i)
			}
			for k, j := range nb {
				if !reached[j] && st.LinkWorking(ls[k]) && st.Functional(j) {
					reached[j] = true
					queue = append(queue, j)
				}
			}
		}
	}
	for _, i := range n.SectorMembers(s) {
		if v.Served[i] > 0 && !reached[i] {
			return fmt.Errorf("%s serves %s (%v), which no path of functional members and working links joins to a functional source (a model that serves otherwise is flow.Unbound)",
				m.Name(), n.ComponentID(i), v.Served[i])
		}
	}
	return nil
}
