package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/lifeline-sim/lifeline/network"
)

// Layer is a simple undirected graph on nodes 0..N-1: edge k joins From[k]
// and To[k], From[k] < To[k], with no self-loops and no repeated edges.
type Layer struct {
	// N is the number of nodes.
	N int
	// From and To are the ends of each edge, From[k] < To[k].
	From, To []int32
}

// NumEdges returns the number of edges.
func (l *Layer) NumEdges() int { return len(l.From) }

// Degrees returns the degree of every node.
func (l *Layer) Degrees() []int32 {
	deg := make([]int32, l.N)
	for k := range l.From {
		deg[l.From[k]]++
		deg[l.To[k]]++
	}
	return deg
}

// ErdosRenyi returns a uniform random graph G(n, M) with M = round(k·n/2)
// edges, so its mean degree is k (up to 1/n) and its degrees are
// asymptotically Poisson(k). Edges are drawn as uniform ordered pairs,
// self-loops are redrawn, and repeated edges are removed and redrawn until
// M distinct edges remain. Duplicates are found by bucketing the edges by
// their lower endpoint (a counting sort), so the whole is O(n + M) time and
// memory; for k = 4 the expected number of redraws is about k²/4, and at
// n = 10⁶ generation takes a fraction of a second. It panics with a
// "synth:" prefix if n < 2, k < 0, k ≥ n − 1 or k is not finite.
func ErdosRenyi(n int, k float64, seed uint64) Layer {
	if n < 2 || !(k >= 0) || k >= float64(n-1) || math.IsInf(k, 0) {
		panic(fmt.Sprintf("synth: ErdosRenyi(n=%d, k=%v): want n ≥ 2 and 0 ≤ k < n−1", n, k))
	}
	rng := rand.New(rand.NewPCG(seed, 0xe7d0))
	m := int(math.Round(k * float64(n) / 2))
	l := Layer{N: n, From: make([]int32, 0, m), To: make([]int32, 0, m)}
	for len(l.From) < m {
		for len(l.From) < m {
			a, b := int32(rng.IntN(n)), int32(rng.IntN(n))
			if a == b {
				continue
			}
			l.From, l.To = append(l.From, min(a, b)), append(l.To, max(a, b))
		}
		l.dedupe()
	}
	return l
}

// dedupe removes repeated edges in O(N + M), keeping first occurrences in
// their order.
func (l *Layer) dedupe() {
	off := make([]int32, l.N+1)
	for _, a := range l.From {
		off[a+1]++
	}
	for i := range l.N {
		off[i+1] += off[i]
	}
	byLow := make([]int32, len(l.From)) // edge indices bucketed by lower end, in edge order
	next := slices.Clone(off[:l.N])
	for e, a := range l.From {
		byLow[next[a]] = int32(e)
		next[a]++
	}
	dup := make([]bool, len(l.From))
	mark := make([]int32, l.N) // mark[b] = 1 + lower end last seen with upper end b
	for a := range l.N {
		for _, e := range byLow[off[a]:off[a+1]] {
			b := l.To[e]
			if mark[b] == int32(a)+1 {
				dup[e] = true
			}
			mark[b] = int32(a) + 1
		}
	}
	w := 0
	for e := range l.From {
		if !dup[e] {
			l.From[w], l.To[w] = l.From[e], l.To[e]
			w++
		}
	}
	l.From, l.To = l.From[:w], l.To[:w]
}

// ScaleFree returns a configuration-model graph whose degree sequence is
// drawn from the discrete power law P(d) ∝ d^−λ on minDeg ≤ d ≤ maxDeg
// (inverse-CDF sampling from a table), with maxDeg = 0 meaning the natural
// cutoff min(n − 1, ⌊minDeg · n^{1/(λ−1)}⌋). If the degree sum is odd one
// node of the largest degree drawn loses one stub. Stubs are shuffled and
// paired; self-loops and repeated edges are then erased (the "erased
// configuration model"), which lowers the degrees of the largest hubs
// slightly and leaves the tail exponent unchanged for λ > 2. O(n + M +
// maxDeg) time. It panics with a "synth:" prefix if n < 2, minDeg < 1,
// maxDeg < minDeg (when set) or λ ≤ 1.
func ScaleFree(n int, lambda float64, minDeg, maxDeg int, seed uint64) Layer {
	if maxDeg == 0 {
		maxDeg = int(math.Min(float64(n-1), math.Floor(float64(minDeg)*math.Pow(float64(n), 1/(lambda-1)))))
	}
	if n < 2 || minDeg < 1 || maxDeg < minDeg || maxDeg > n-1 || !(lambda > 1) || math.IsInf(lambda, 0) {
		panic(fmt.Sprintf("synth: ScaleFree(n=%d, λ=%v, minDeg=%d, maxDeg=%d): want n ≥ 2, λ > 1, 1 ≤ minDeg ≤ maxDeg < n",
			n, lambda, minDeg, maxDeg))
	}
	rng := rand.New(rand.NewPCG(seed, 0x5cf))
	cdf := make([]float64, maxDeg-minDeg+1)
	s := 0.0
	for d := minDeg; d <= maxDeg; d++ {
		s += math.Pow(float64(d), -lambda)
		cdf[d-minDeg] = s
	}
	deg := make([]int32, n)
	stubs := 0
	top := 0
	for i := range deg {
		u := rng.Float64() * s
		j, _ := slices.BinarySearch(cdf, u)
		deg[i] = int32(minDeg + min(j, len(cdf)-1))
		stubs += int(deg[i])
		if deg[i] > deg[top] {
			top = i
		}
	}
	if stubs%2 == 1 {
		deg[top]--
		stubs--
	}
	list := make([]int32, 0, stubs)
	for i, d := range deg {
		for range d {
			list = append(list, int32(i))
		}
	}
	rng.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
	l := Layer{N: n, From: make([]int32, 0, stubs/2), To: make([]int32, 0, stubs/2)}
	for k := 0; k+1 < len(list); k += 2 {
		a, b := list[k], list[k+1]
		if a != b {
			l.From, l.To = append(l.From, min(a, b)), append(l.To, max(a, b))
		}
	}
	l.dedupe()
	return l
}

// Topology is how CoupledLayers pairs its layers.
type Topology uint8

// Topologies.
const (
	// Chain couples layer a with layer a+1.
	Chain Topology = iota
	// Star couples layer 0 with every other layer.
	Star
)

// LayerModel names the random graph of each coupled layer.
type LayerModel uint8

// Layer models.
const (
	// ErdosRenyiModel draws each layer with ErdosRenyi(N, MeanDegree).
	ErdosRenyiModel LayerModel = iota
	// ScaleFreeModel draws each layer with ScaleFree(N, Exponent,
	// MinDegree, 0).
	ScaleFreeModel
)

// CoupledParams describes a network of interdependent layers in the sense
// of Buldyrev et al. (Nature 464, 2010) and Gao et al. (Nature Physics 8,
// 2012). The zero value of a field means its default.
type CoupledParams struct {
	// Layers is the number of layers, in [2, 255]; 0 means 2.
	Layers int
	// N is the number of nodes per layer, in [2, 2^24]; 0 means 1000.
	N int
	// Model is the random graph of every layer (default Erdős–Rényi).
	Model LayerModel
	// MeanDegree is the Erdős–Rényi mean degree k, in [0, N−1); 0 means 4.
	MeanDegree float64
	// Exponent is the scale-free degree exponent λ, in (2, 10]; 0 means 2.7.
	Exponent float64
	// MinDegree is the scale-free minimum degree, in [1, N−1); 0 means 2.
	MinDegree int
	// Topology pairs the layers (default Chain).
	Topology Topology
	// Seed selects the layers and the couplings.
	Seed uint64
}

func (p CoupledParams) withDefaults() CoupledParams {
	if p.Layers == 0 {
		p.Layers = 2
	}
	if p.N == 0 {
		p.N = 1000
	}
	if p.MeanDegree == 0 {
		p.MeanDegree = 4
	}
	if p.Exponent == 0 {
		p.Exponent = 2.7
	}
	if p.MinDegree == 0 {
		p.MinDegree = 2
	}
	return p
}

// Validate reports the first field out of its documented range (after
// defaults), wrapping ErrParams.
func (p CoupledParams) Validate() error {
	q := p.withDefaults()
	switch {
	case q.Layers < 2 || q.Layers > 255:
		return fmt.Errorf("%w: Layers = %d (want 2 to 255)", ErrParams, q.Layers)
	case q.N < 2 || q.N > 1<<24:
		return fmt.Errorf("%w: N = %d (want 2 to 2^24)", ErrParams, q.N)
	case q.Model > ScaleFreeModel:
		return fmt.Errorf("%w: Model = %d", ErrParams, q.Model)
	case q.Topology > Star:
		return fmt.Errorf("%w: Topology = %d", ErrParams, q.Topology)
	case q.Model == ErdosRenyiModel && !(q.MeanDegree >= 0 && q.MeanDegree < float64(q.N-1)):
		return fmt.Errorf("%w: MeanDegree = %v (want [0, N−1))", ErrParams, q.MeanDegree)
	case q.Model == ScaleFreeModel && !(q.Exponent > 2 && q.Exponent <= 10):
		return fmt.Errorf("%w: Exponent = %v (want (2, 10])", ErrParams, q.Exponent)
	case q.Model == ScaleFreeModel && (q.MinDegree < 1 || q.MinDegree >= q.N-1):
		return fmt.Errorf("%w: MinDegree = %d (want [1, N−1))", ErrParams, q.MinDegree)
	}
	return nil
}

// LayerSector returns the sector of layer a: "layer0", "layer1", ….
func LayerSector(a int) network.Sector { return network.Sector("layer" + strconv.Itoa(a)) }

// LayerNodeID returns the component ID of node i of layer a: "L<a>n<i>".
func LayerNodeID(a, i int) string { return "L" + strconv.Itoa(a) + "n" + strconv.Itoa(i) }

// Coupling returns the one-to-one coupling CoupledLayers uses between layers
// a and b: node i of layer a depends on node π[i] of layer b and node π[i]
// of layer b on node i of layer a. π is a uniform random permutation drawn
// from (Seed, a, b).
func (p CoupledParams) Coupling(a, b int) []int32 {
	q := p.withDefaults()
	rng := rand.New(rand.NewPCG(q.Seed, 0xc0<<32|uint64(a)<<16|uint64(b)))
	pi := make([]int32, q.N)
	for i := range pi {
		pi[i] = int32(i)
	}
	rng.Shuffle(len(pi), func(i, j int) { pi[i], pi[j] = pi[j], pi[i] })
	return pi
}

// Pairs returns the coupled layer pairs (a, b) of the topology, a < b.
func (p CoupledParams) Pairs() [][2]int {
	q := p.withDefaults()
	var pairs [][2]int
	for j := 1; j < q.Layers; j++ {
		if q.Topology == Star {
			pairs = append(pairs, [2]int{0, j})
		} else {
			pairs = append(pairs, [2]int{j - 1, j})
		}
	}
	return pairs
}

// LayerGraph returns layer a of the coupled network, drawn from (Seed, a).
func (p CoupledParams) LayerGraph(a int) Layer {
	q := p.withDefaults()
	seed := q.Seed ^ (uint64(a)+1)*0x9e3779b97f4a7c15
	if q.Model == ScaleFreeModel {
		return ScaleFree(q.N, q.Exponent, q.MinDegree, 0, seed)
	}
	return ErdosRenyi(q.N, q.MeanDegree, seed)
}

// CoupledLayers builds the interdependent network: layer a is sector
// LayerSector(a) with N components of Kind node and Role transit (the
// giant-component model needs no sources) and Kind edge links; for every
// coupled pair (a, b), node i of layer a requires node π[i] of layer b and
// node π[i] of layer b requires node i of layer a, with Logic All, Lag 0,
// effect Fail (see Coupling and Pairs). Link IDs are "L<a>e<k>".
func CoupledLayers(p CoupledParams) (*network.Network, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	q := p.withDefaults()
	b := network.NewBuilder()
	b.SetName(fmt.Sprintf("coupled layers (%d × %d, seed %d)", q.Layers, q.N, q.Seed))
	ids := make([][]string, q.Layers)
	var edges int
	layers := make([]Layer, q.Layers)
	for a := range q.Layers {
		layers[a] = q.LayerGraph(a)
		edges += layers[a].NumEdges()
	}
	b.Grow(q.Layers*q.N, edges, 2*(q.Layers-1)*q.N)
	for a, l := range layers {
		sec := LayerSector(a)
		ids[a] = make([]string, q.N)
		for i := range q.N {
			ids[a][i] = LayerNodeID(a, i)
			b.AddComponent(network.Component{ID: ids[a][i], Sector: sec, Kind: network.KindNode})
		}
		prefix := "L" + strconv.Itoa(a) + "e"
		for k := range l.From {
			b.AddLink(network.Link{ID: prefix + strconv.Itoa(k), Kind: network.KindEdge,
				From: ids[a][l.From[k]], To: ids[a][l.To[k]]})
		}
	}
	for _, pr := range q.Pairs() {
		a, c := pr[0], pr[1]
		pi := q.Coupling(a, c)
		for i, j := range pi {
			b.AddRequirement(network.Requirement{Dependent: ids[a][i], Providers: []string{ids[c][j]}})
			b.AddRequirement(network.Requirement{Dependent: ids[c][j], Providers: []string{ids[a][i]}})
		}
	}
	return b.Build()
}
