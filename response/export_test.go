package response

import "github.com/lifeline-sim/lifeline/network"

// SetFullTree switches r to the baseline search: one full shortest
// travel-time tree per decision, every pending job timed on it.
func SetFullTree(r *Responder, on bool) { r.fullTree = on }

// CriticalSites returns the critical components and links of n
// (Decision.Critical), built as New builds them.
func CriticalSites(n *network.Network) (comp, link []bool) { return criticalSites(n) }
