package power

// minimumDegree returns a fill-reducing elimination order for the symmetric
// pattern (colPtr, rowIdx) of an n×n matrix (both triangles, the diagonal
// optional): perm[k] is the node eliminated k-th.
//
// It is the classical minimum-degree algorithm (Tinney scheme 2; Rose 1972)
// on an explicit elimination graph: repeatedly eliminate a node of least
// current degree and join its remaining neighbours into a clique. Degrees
// are exact external degrees, kept in bucket lists; ties go to the node
// that reached its degree last (LIFO buckets), which makes the order
// deterministic. Power grids are sparse and nearly planar, so the cliques
// stay small: the cost is O(Σ_v Σ_{u∈N(v)} (|N(u)| + |N(v)|)) with N the
// neighbourhoods at elimination time, a fraction of a millisecond for a
// 2,000-bus grid.
func minimumDegree(n int, colPtr, rowIdx []int32, w *mdWork) []int32 {
	w.reset(n)
	adj, deg := w.adj, w.deg
	// Each list starts in one shared arena with room to double; a list
	// that outgrows its room moves to the heap.
	size := 0
	for i := range n {
		size += 2*int(colPtr[i+1]-colPtr[i]) + 4
	}
	if cap(w.arena) < size {
		w.arena = make([]int32, size)
	}
	off := 0
	for i := range n {
		room := 2*int(colPtr[i+1]-colPtr[i]) + 4
		a := w.arena[off : off : off+room]
		off += room
		for p := colPtr[i]; p < colPtr[i+1]; p++ {
			if j := rowIdx[p]; int(j) != i {
				a = append(a, j)
			}
		}
		adj[i] = a
		deg[i] = int32(len(a))
	}
	head, next, prev := w.head, w.next, w.prev
	for i := range head {
		head[i] = -1
	}
	insert := func(i int32) {
		d := deg[i]
		next[i], prev[i] = head[d], -1
		if head[d] >= 0 {
			prev[head[d]] = i
		}
		head[d] = i
	}
	remove := func(i int32) {
		if prev[i] >= 0 {
			next[prev[i]] = next[i]
		} else {
			head[deg[i]] = next[i]
		}
		if next[i] >= 0 {
			prev[next[i]] = prev[i]
		}
	}
	for i := n - 1; i >= 0; i-- {
		insert(int32(i))
	}
	elim, mark := w.elim, w.mark
	clear(elim)
	clear(mark)
	stamp := int32(0)
	perm := w.perm
	mindeg := int32(0)
	for k := range n {
		for head[mindeg] < 0 {
			mindeg++
		}
		if int(mindeg) == n-k-1 {
			// The remaining nodes form a clique: every order fills the same.
			for d := mindeg; k < n; d++ {
				for v := head[d]; v >= 0; v = next[v] {
					perm[k] = v
					k++
				}
			}
			break
		}
		v := head[mindeg]
		remove(v)
		elim[v] = true
		perm[k] = v
		// The live neighbours of v form the new clique.
		nv := w.nv[:0]
		for _, u := range adj[v] {
			if !elim[u] {
				nv = append(nv, u)
			}
		}
		w.nv = nv
		for _, u := range nv {
			remove(u)
			stamp++
			tmp := w.tmp[:0]
			for _, x := range adj[u] {
				if !elim[x] && mark[x] != stamp {
					mark[x] = stamp
					tmp = append(tmp, x)
				}
			}
			for _, x := range nv {
				if x != u && mark[x] != stamp {
					mark[x] = stamp
					tmp = append(tmp, x)
				}
			}
			w.tmp = tmp
			adj[u] = append(adj[u][:0], tmp...)
			deg[u] = int32(len(tmp))
			insert(u)
			mindeg = min(mindeg, deg[u])
		}
		adj[v] = adj[v][:0]
	}
	return perm
}

// mdWork is the reusable scratch space of minimumDegree.
type mdWork struct {
	adj              [][]int32
	deg              []int32
	head, next, prev []int32
	elim             []bool
	mark             []int32
	perm, nv, tmp    []int32
	arena            []int32
}

func (w *mdWork) reset(n int) {
	if cap(w.deg) < n {
		w.adj = make([][]int32, n)
		w.deg = make([]int32, n)
		w.head = make([]int32, n+1)
		w.next = make([]int32, n)
		w.prev = make([]int32, n)
		w.elim = make([]bool, n)
		w.mark = make([]int32, n)
		w.perm = make([]int32, n)
	}
	w.adj, w.deg, w.head = w.adj[:n], w.deg[:n], w.head[:n+1]
	w.next, w.prev, w.elim, w.mark, w.perm = w.next[:n], w.prev[:n], w.elim[:n], w.mark[:n], w.perm[:n]
}
