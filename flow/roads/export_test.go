package roads

// UsesBuckets reports whether the loaded times use Dial's bucket queue.
func (r *Router) UsesBuckets() bool { return r.dial }

// ForceRadix makes the next trees use the radix heap.
func (r *Router) ForceRadix() { r.dial = false }
