package synth

import (
	"errors"
	"math"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
)

// checkSimple fails t if layer l has a self-loop, a repeated edge or an
// unordered edge.
func checkSimple(t *testing.T, l Layer) {
	t.Helper()
	seen := make(map[[2]int32]bool, l.NumEdges())
	for k := range l.From {
		a, b := l.From[k], l.To[k]
		if a >= b || a < 0 || int(b) >= l.N {
			t.Fatalf("edge %d = (%d, %d): want 0 ≤ from < to < %d", k, a, b, l.N)
		}
		if seen[[2]int32{a, b}] {
			t.Fatalf("edge (%d, %d) repeated", a, b)
		}
		seen[[2]int32{a, b}] = true
	}
}

// TestErdosRenyiMeanDegree: G(n, M) has exactly M = round(kn/2) edges, so
// the mean degree 2M/n differs from k by at most 1/n.
func TestErdosRenyiMeanDegree(t *testing.T) {
	for _, tc := range []struct {
		n int
		k float64
	}{{20000, 4}, {1001, 2.5}, {50, 10}, {10, 0}} {
		l := ErdosRenyi(tc.n, tc.k, 1)
		checkSimple(t, l)
		if want := int(math.Round(tc.k * float64(tc.n) / 2)); l.NumEdges() != want {
			t.Errorf("n=%d k=%v: %d edges, want %d", tc.n, tc.k, l.NumEdges(), want)
		}
		sum := 0
		for _, d := range l.Degrees() {
			sum += int(d)
		}
		if mean := float64(sum) / float64(tc.n); math.Abs(mean-tc.k) > 1/float64(tc.n) {
			t.Errorf("n=%d k=%v: mean degree %v", tc.n, tc.k, mean)
		}
	}
}

// TestErdosRenyiPoisson compares the degree distribution of G(n, kn/2)
// with Poisson(k): each fraction of nodes of degree d (d = 0…8) must be
// within 5 standard deviations sqrt(p(1−p)/n) of the Poisson probability
// p, plus the O(k²/n) finite-size bias (degrees in G(n, M) are Binomial(n−1,
// k/(n−1)) up to the fixed edge count; the binomial–Poisson gap is below
// k²/n).
func TestErdosRenyiPoisson(t *testing.T) {
	const n, k = 50000, 4.0
	l := ErdosRenyi(n, k, 7)
	hist := make([]int, 64)
	for _, d := range l.Degrees() {
		hist[min(int(d), 63)]++
	}
	pmf := math.Exp(-k)
	for d := range 9 {
		got := float64(hist[d]) / n
		tol := 5*math.Sqrt(pmf*(1-pmf)/n) + k*k/n
		if math.Abs(got-pmf) > tol {
			t.Errorf("P(degree %d) = %.5f, Poisson(%v) gives %.5f ± %.5f", d, got, k, pmf, tol)
		}
		pmf *= k / float64(d+1)
	}
}

func TestErdosRenyiDeterministic(t *testing.T) {
	a, b, c := ErdosRenyi(1000, 3, 5), ErdosRenyi(1000, 3, 5), ErdosRenyi(1000, 3, 6)
	if !equalLayers(a, b) {
		t.Error("same seed, different layers")
	}
	if equalLayers(a, c) {
		t.Error("seeds 5 and 6 gave the same layer")
	}
}

func equalLayers(a, b Layer) bool {
	if a.N != b.N || len(a.From) != len(b.From) {
		return false
	}
	for k := range a.From {
		if a.From[k] != b.From[k] || a.To[k] != b.To[k] {
			return false
		}
	}
	return true
}

// TestScaleFreeExponent estimates the tail exponent with the discrete
// power-law MLE of Clauset, Shalizi & Newman (SIAM Rev. 51, 2009, eq. 3.7),
// λ̂ = 1 + n_t / Σ ln(d_i/(d_t − 1/2)) over the n_t degrees d_i ≥ d_t. Its
// standard error is (λ̂−1)/sqrt(n_t) ≈ 0.01 here; the approximation (their
// table 3.1: a few per cent at d_t = 6), the cutoff and the erased edges
// bias it (by about 0.03 here), hence the sanity tolerance of 0.1.
func TestScaleFreeExponent(t *testing.T) {
	for _, lambda := range []float64{2.5, 3} {
		l := ScaleFree(50000, lambda, 3, 0, 2)
		checkSimple(t, l)
		const dt = 6
		nt, s := 0, 0.0
		for _, d := range l.Degrees() {
			if d >= dt {
				nt++
				s += math.Log(float64(d) / (dt - 0.5))
			}
		}
		est := 1 + float64(nt)/s
		t.Logf("λ = %v: estimate %.3f from %d tail degrees", lambda, est, nt)
		if math.Abs(est-lambda) > 0.1 {
			t.Errorf("λ = %v: estimated %.3f from %d tail degrees", lambda, est, nt)
		}
		// Every node keeps its degree except for erased stubs: the
		// minimum degree holds for nearly all nodes.
		low := 0
		for _, d := range l.Degrees() {
			if d < 3 {
				low++
			}
		}
		if low > l.N/100 {
			t.Errorf("λ = %v: %d nodes below the minimum degree", lambda, low)
		}
	}
}

func TestCoupledLayers(t *testing.T) {
	for _, p := range []CoupledParams{
		{Layers: 3, N: 400, Seed: 3},
		{Layers: 4, N: 300, Topology: Star, Model: ScaleFreeModel, Seed: 4},
		{},
	} {
		n, err := CoupledLayers(p)
		if err != nil {
			t.Fatal(err)
		}
		q := p.withDefaults()
		if n.NumSectors() != q.Layers || n.NumComponents() != q.Layers*q.N {
			t.Fatalf("%+v: %d sectors, %d components", p, n.NumSectors(), n.NumComponents())
		}
		for a := range q.Layers {
			s := sectorOf(t, n, LayerSector(a))
			if len(n.SectorMembers(s)) != q.N || len(n.Sources(s)) != 0 {
				t.Fatalf("layer %d: %d members, %d sources", a, len(n.SectorMembers(s)), len(n.Sources(s)))
			}
			g := q.LayerGraph(a)
			edges := 0
			for l := range n.Links() {
				if n.LinkSector(l) == s {
					edges++
				}
			}
			if edges != g.NumEdges() {
				t.Errorf("layer %d: %d links, want %d", a, edges, g.NumEdges())
			}
		}
		// Every coupled pair is a permutation in both directions.
		for _, pr := range q.Pairs() {
			a, b := pr[0], pr[1]
			sb := sectorOf(t, n, LayerSector(b))
			sa := sectorOf(t, n, LayerSector(a))
			hit := make([]bool, q.N)
			for i := range q.N {
				ia, _ := n.ComponentIndex(LayerNodeID(a, i))
				var prov int32 = -1
				for _, r := range n.RequirementsOf(ia) {
					if pv := n.Providers(r); n.ComponentSector(pv[0]) == sb {
						if len(pv) != 1 || n.Logic(r) != network.All || n.Lag(r) != 0 || n.Buffer(r) != 0 || prov >= 0 {
							t.Fatalf("node %d of layer %d: bad requirement %+v", i, a, n.Requirement(r))
						}
						prov = pv[0]
					}
				}
				if prov < 0 {
					t.Fatalf("node %d of layer %d has no requirement on layer %d", i, a, b)
				}
				j := int(prov - n.SectorMembers(sb)[0])
				if hit[j] {
					t.Fatalf("pair (%d, %d): node %d of layer %d provides twice", a, b, j, b)
				}
				hit[j] = true
				back := false
				for _, r := range n.RequirementsOf(prov) {
					if pv := n.Providers(r); n.ComponentSector(pv[0]) == sa {
						back = back || pv[0] == ia
					}
				}
				if !back {
					t.Fatalf("pair (%d, %d): dependency of node %d not mutual", a, b, i)
				}
			}
		}
		want := 2 * (q.Layers - 1) * q.N
		if n.NumRequirements() != want {
			t.Errorf("%d requirements, want %d", n.NumRequirements(), want)
		}
		if q.Topology == Star && len(n.RequirementsOf(0)) != q.Layers-1 {
			t.Errorf("star: hub-layer node has %d requirements", len(n.RequirementsOf(0)))
		}
	}
	if _, err := CoupledLayers(CoupledParams{Layers: 1}); !errors.Is(err, ErrParams) {
		t.Errorf("one layer: %v", err)
	}
	if _, err := CoupledLayers(CoupledParams{Model: ScaleFreeModel, Exponent: 1.5}); !errors.Is(err, ErrParams) {
		t.Errorf("λ = 1.5: %v", err)
	}
}

func TestGeneratorsPanic(t *testing.T) {
	for name, f := range map[string]func(){
		"er n":  func() { ErdosRenyi(1, 1, 0) },
		"er k":  func() { ErdosRenyi(10, 9, 0) },
		"sf λ":  func() { ScaleFree(100, 1, 2, 0, 0) },
		"sf dm": func() { ScaleFree(100, 2.5, 0, 0, 0) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
