package synth

import "math"

// dcFlows solves the DC power flow B·θ = p of a connected network with n
// buses and branches (from[k], to[k]) of reactance x[k] (per unit), for
// injections p (per unit, summing to zero), with θ[slack] = 0, and returns
// the branch flows (θ_from − θ_to)/x in per unit. It runs conjugate
// gradients on the grounded Laplacian, which is symmetric positive definite
// for a connected network, to a relative residual of 1e-12: O(iterations ·
// (n + branches)) time.
func dcFlows(n int, from, to []int32, x, p []float64, slack int) []float64 {
	// CSR of susceptances.
	off := make([]int32, n+1)
	for k := range from {
		off[from[k]+1]++
		off[to[k]+1]++
	}
	for i := range n {
		off[i+1] += off[i]
	}
	nbr := make([]int32, off[n])
	sus := make([]float64, off[n])
	diag := make([]float64, n)
	next := append([]int32(nil), off[:n]...)
	for k := range from {
		a, b, s := from[k], to[k], 1/x[k]
		nbr[next[a]], sus[next[a]] = b, s
		next[a]++
		nbr[next[b]], sus[next[b]] = a, s
		next[b]++
		diag[a] += s
		diag[b] += s
	}
	mul := func(v, out []float64) {
		for i := range n {
			if i == slack {
				out[i] = 0
				continue
			}
			s := diag[i] * v[i]
			for e := off[i]; e < off[i+1]; e++ {
				s -= sus[e] * v[nbr[e]]
			}
			out[i] = s
		}
	}
	theta := make([]float64, n)
	r := append([]float64(nil), p...)
	r[slack] = 0
	d := append([]float64(nil), r...)
	q := make([]float64, n)
	rr := dot(r, r)
	stop := 1e-24 * math.Max(rr, 1e-300)
	for it := 0; it < 20*n+100 && rr > stop; it++ {
		mul(d, q)
		alpha := rr / dot(d, q)
		for i := range n {
			theta[i] += alpha * d[i]
			r[i] -= alpha * q[i]
		}
		rr2 := dot(r, r)
		beta := rr2 / rr
		rr = rr2
		for i := range n {
			d[i] = r[i] + beta*d[i]
		}
	}
	flows := make([]float64, len(from))
	for k := range from {
		flows[k] = (theta[from[k]] - theta[to[k]]) / x[k]
	}
	return flows
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
