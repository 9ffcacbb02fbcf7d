package response

// SetFullTree switches r to the baseline search: one full shortest
// travel-time tree per decision, every pending job timed on it.
func SetFullTree(r *Responder, on bool) { r.fullTree = on }
