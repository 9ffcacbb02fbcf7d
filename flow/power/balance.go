package power

import "math"

// balanceTol is the relative mismatch below which an island counts as
// balanced: round-off in the sums of a base case, which must stand as
// MATPOWER solved it.
const balanceTol = 1e-9

// balance dispatches the generators of one island. demand is the island's
// total demand in MW (loads, negative loads and shunts), sheddable the
// part that can be shed (positive loads); gens lists the island's
// generators, with base outputs p0 and limits lo ≤ hi (hi may be +Inf).
// It writes each generator's output into p and returns the fraction of
// the sheddable demand served.
//
// The mismatch against the base outputs (clamped to the limits) is shared
// in proportion to each generator's room in the needed direction: its
// headroom hi − p when generation must rise (generators without an upper
// limit, if any, share it equally instead), its footroom p − lo when it
// must fall. When the room is not enough, every generator goes to its
// limit; a shortfall then sheds the sheddable demand proportionally, a
// surplus curtails generation proportionally to output below the lower
// limits. What neither can absorb (shunts or negative loads beyond the
// generators' whole range) is left to the island's reference bus.
func balance(demand, sheddable float64, gens []int32, p0, lo, hi, p []float64) (served float64) {
	total := 0.0
	scale := math.Max(1, math.Abs(demand))
	for _, g := range gens {
		p[g] = min(max(p0[g], lo[g]), hi[g])
		total += p[g]
		scale = max(scale, math.Abs(p[g]))
	}
	delta := demand - total
	if math.Abs(delta) <= balanceTol*scale {
		return 1
	}
	if delta > 0 {
		room, unlimited := 0.0, 0
		for _, g := range gens {
			if math.IsInf(hi[g], 1) {
				unlimited++
			} else {
				room += hi[g] - p[g]
			}
		}
		switch {
		case unlimited > 0:
			share := delta / float64(unlimited)
			for _, g := range gens {
				if math.IsInf(hi[g], 1) {
					p[g] += share
				}
			}
			return 1
		case delta <= room:
			for _, g := range gens {
				p[g] += delta * (hi[g] - p[g]) / room
			}
			return 1
		}
		supply := 0.0
		for _, g := range gens {
			p[g] = hi[g]
			supply += p[g]
		}
		if sheddable <= 0 {
			return 1
		}
		return min(max((supply-(demand-sheddable))/sheddable, 0), 1)
	}
	room := 0.0
	for _, g := range gens {
		room += p[g] - lo[g]
	}
	if -delta <= room {
		for _, g := range gens {
			p[g] += delta * (p[g] - lo[g]) / room
		}
		return 1
	}
	surplus, positive := -demand, 0.0
	for _, g := range gens {
		p[g] = lo[g]
		surplus += p[g]
		positive += max(p[g], 0)
	}
	if surplus >= positive {
		for _, g := range gens {
			p[g] = min(p[g], 0)
		}
		return 1
	}
	for _, g := range gens {
		if p[g] > 0 {
			p[g] -= surplus * p[g] / positive
		}
	}
	return 1
}
