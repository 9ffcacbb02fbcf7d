package network

// Brandes computes shortest-path betweenness (Brandes 2001, J. Math.
// Sociol. 25:163) over one sector's working graph: functional components
// joined by working links, links taken as undirected and unweighted. It
// keeps scratch space, so one value serves many calls without allocating;
// it is not safe for concurrent use. Cost: O(V·E) per call.
type Brandes struct {
	// Endpoints counts the paths a node starts and ends as passing through
	// it (the load convention of Motter & Lai 2002: every pair exchanges one
	// unit, so each node carries at least its own traffic).
	Endpoints bool

	n     *Network
	dist  []int32
	sigma []float64
	delta []float64
	order []int32
	queue []int32
}

// NewBrandes returns scratch space for betweenness on n.
func NewBrandes(n *Network) *Brandes {
	k := n.NumComponents()
	b := &Brandes{n: n, dist: make([]int32, k), sigma: make([]float64, k), delta: make([]float64, k)}
	for i := range b.dist {
		b.dist[i] = -1
	}
	return b
}

// Sector writes into load (indexed by component) the betweenness of every
// member of sector s: the number of shortest paths between ordered pairs of
// functional members passing through it, fractions counted as in Brandes.
// Non-functional members get 0. On an undirected path a–b–c, b's load is 2
// (pairs (a,c) and (c,a)).
func (b *Brandes) Sector(s SectorIndex, st *State, load []float64) {
	n := b.n
	members := n.SectorMembers(s)
	for _, i := range members {
		load[i] = 0
	}
	for _, src := range members {
		if !st.Functional(src) {
			continue
		}
		b.order = b.order[:0]
		b.queue = append(b.queue[:0], src)
		b.dist[src], b.sigma[src] = 0, 1
		for h := 0; h < len(b.queue); h++ {
			v := b.queue[h]
			b.order = append(b.order, v)
			b.visit(n, st, v, false)
			b.visit(n, st, v, true)
		}
		for k := len(b.order) - 1; k >= 0; k-- {
			w := b.order[k]
			for _, in := range [2]bool{false, true} {
				nb, ls := adj(n, w, in)
				for j, v := range nb {
					if (!in || n.Directed(ls[j])) && st.LinkWorking(ls[j]) && st.Functional(v) && b.dist[v] == b.dist[w]-1 && b.dist[w] > 0 {
						b.delta[v] += b.sigma[v] / b.sigma[w] * (1 + b.delta[w])
					}
				}
			}
			if w != src {
				load[w] += b.delta[w]
				if b.Endpoints {
					load[w]++ // w as the target of src
				}
			}
		}
		if b.Endpoints {
			load[src] += float64(len(b.order) - 1) // src as a source
		}
		for _, v := range b.order {
			b.dist[v], b.sigma[v], b.delta[v] = -1, 0, 0
		}
	}
}

func adj(n *Network, v int32, in bool) ([]int32, []int32) {
	if in {
		return n.In(v)
	}
	return n.Out(v)
}

func (b *Brandes) visit(n *Network, st *State, v int32, in bool) {
	nb, ls := adj(n, v, in)
	for j, w := range nb {
		// In-lists repeat undirected links already seen in Out.
		if (in && !n.Directed(ls[j])) || !st.LinkWorking(ls[j]) || !st.Functional(w) {
			continue
		}
		if b.dist[w] < 0 {
			b.dist[w] = b.dist[v] + 1
			b.queue = append(b.queue, w)
		}
		if b.dist[w] == b.dist[v]+1 {
			b.sigma[w] += b.sigma[v]
		}
	}
}
