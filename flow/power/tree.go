package power

import "github.com/lifeline-sim/lifeline/network"

// forest splits the branch graph of a system into its 2-core and the
// trees that hang off it: repeatedly strip the nodes with at most one
// branch to the nodes not yet stripped (parallel branches count one each,
// so a pair of them is a cycle and stays in the core; branches within one
// node or out of service count none). A stripped node's one remaining
// branch joins it to its tree parent; a node stripped with none left is
// the root of a component that is a tree (an isolated node included). The
// core is what remains: every core node lies on a cycle or on a path
// between two cycles.
//
// In a tree, the flow on the branch above a node is the net injection of
// the subtree below it (Kirchhoff's current law: nothing else can feed
// the subtree), so only the core needs B θ = P solved, with each core
// node's injection its own plus its hanging subtrees'. Time O(nodes +
// branches).
type forest struct {
	core        []bool  // node in the 2-core
	par         []int32 // tree node → parent node, −1 for core nodes and roots
	up          []int32 // tree node → branch to its parent, −1
	kidOff, kid []int32 // node → its tree children, ascending
	peel        []int32 // the tree nodes in stripping order: children first
	coreNodes   []int32 // the core nodes, ascending
	tree        []bool  // branch → joins a tree node to its parent
}

// newForest decomposes the graph of n nodes and branches (f[k], t[k]);
// a branch with a negative end or f == t is ignored.
func newForest(n int, f, t []int32) *forest {
	fo := &forest{core: make([]bool, n), par: make([]int32, n), up: make([]int32, n),
		kidOff: make([]int32, n+1), tree: make([]bool, len(f))}
	off := make([]int32, n+1)
	deg := make([]int32, n)
	for k := range f {
		if a, b := f[k], t[k]; a >= 0 && b >= 0 && a != b {
			deg[a]++
			deg[b]++
		}
	}
	for j := range n {
		off[j+1] = off[j] + deg[j]
	}
	adj := make([]int32, off[n])
	pos := make([]int32, n)
	copy(pos, off[:n])
	for k := range f {
		if a, b := f[k], t[k]; a >= 0 && b >= 0 && a != b {
			adj[pos[a]] = int32(k)
			pos[a]++
			adj[pos[b]] = int32(k)
			pos[b]++
		}
	}
	stripped := make([]bool, n)
	queue := make([]int32, 0, n)
	for j := range n {
		fo.par[j], fo.up[j] = -1, -1
		if deg[j] <= 1 {
			queue = append(queue, int32(j))
		}
	}
	for x := 0; x < len(queue); x++ {
		j := queue[x]
		stripped[j] = true
		for _, k := range adj[off[j]:off[j+1]] {
			o := f[k]
			if o == j {
				o = t[k]
			}
			if stripped[o] {
				continue
			}
			fo.par[j], fo.up[j], fo.tree[k] = o, k, true
			if deg[o]--; deg[o] == 1 {
				queue = append(queue, o)
			}
			break
		}
	}
	fo.peel = queue
	for j := range n {
		fo.core[j] = !stripped[j]
		if fo.core[j] {
			fo.coreNodes = append(fo.coreNodes, int32(j))
		}
		if p := fo.par[j]; p >= 0 {
			fo.kidOff[p+1]++
		}
	}
	for j := range n {
		fo.kidOff[j+1] += fo.kidOff[j]
	}
	fo.kid = make([]int32, fo.kidOff[n])
	copy(pos, fo.kidOff[:n])
	for j := range int32(n) {
		if p := fo.par[j]; p >= 0 {
			fo.kid[pos[p]] = j
			pos[p]++
		}
	}
	return fo
}

// kids returns node j's tree children.
func (fo *forest) kids(j int32) []int32 { return fo.kid[fo.kidOff[j]:fo.kidOff[j+1]] }

// sums are the net injections of one node or subtree, kept in three parts
// so that an island's uniform shed fraction s applies without touching its
// loads: injection = g − s·l − r (MW), with g the generators' output, l the
// sheddable demand (positive loads) and r the rest (negative loads and
// shunts); n counts the generators.
type sums struct {
	g, l, r float64
	n       int32
}

// add adds o to s.
func (s *sums) add(o sums) {
	s.g += o.g
	s.l += o.l
	s.r += o.r
	s.n += o.n
}

// net returns the injection for shed fraction sh.
func (s sums) net(sh float64) float64 { return s.g - sh*s.l - s.r }

// own recomputes the sums of node x of the current system from its
// elements (ascending), under st.
func (m *Model) own(st *network.State, x int32) {
	var o sums
	for _, e := range m.sys.elems(x) {
		if m.node[e] == x {
			m.elemSums(st, e, &o)
		}
	}
	m.ownS[x] = o
}

// sumUp recomputes the subtree sums of node x: its own, then those of its
// tree children joined to it by a working branch, in ascending order —
// the one order both a whole solution and an update use, so that their
// sums are bitwise equal.
func (m *Model) sumUp(x int32) {
	s := m.ownS[x]
	fo := m.sys.fo
	for _, c := range fo.kids(x) {
		if m.bval[fo.up[c]] != 0 {
			s.add(m.subS[c])
		}
	}
	m.subS[x] = s
}

// joined reports whether tree node x is joined to its parent by a
// working branch (false for core nodes and tree roots).
func (m *Model) joined(x int32) bool {
	k := m.sys.fo.up[x]
	return k >= 0 && m.bval[k] != 0
}

// treeFlow returns the flow in MW, from its From end to its To end, of
// the branch above tree node x: the net injection of x's subtree (less
// the island's total when the subtree holds the island's angle reference,
// which takes the mismatch), 0 when it does not work or its island is
// dark.
func (m *Model) treeFlow(x int32) float64 {
	if !m.joined(x) {
		return 0
	}
	i := m.isl[x]
	if !m.energised[i] {
		return 0
	}
	v := m.subS[x].net(m.shed[i])
	if m.refp[x] {
		v -= m.total[i]
	}
	if m.sys.f[m.sys.fo.up[x]] != x {
		v = -v
	}
	return v
}

// drop returns θx − θparent (radians) across the branch above tree node
// x, from its flow: θf − θt = F/(base·b) + shift.
func (m *Model) drop(x int32) float64 {
	k := m.sys.fo.up[x]
	d := m.flowB[k]/(m.base*m.bsus[k]) + m.bh[k]
	if m.sys.f[k] != x {
		d = -d
	}
	return d
}

// rise returns θx − θtop (radians) for node x and the top of its piece
// of tree (a core node, or a tree node not joined to its parent): the sum
// of the drops on the way up.
func (m *Model) rise(x int32) (float64, int32) {
	acc := 0.0
	for m.joined(x) {
		acc += m.drop(x)
		x = m.sys.fo.par[x]
	}
	return acc, x
}

// markRef marks the path from island i's reference up to the top of its
// tree (m.refp), calling dirty on each node marked.
func (m *Model) markRef(i int32, dirty func(int32)) {
	for x := m.refNode[i]; x >= 0 && m.joined(x); x = m.sys.fo.par[x] {
		m.refp[x] = true
		dirty(x)
	}
}

// clearRef clears the marks markRef set for island i.
func (m *Model) clearRef(i int32, dirty func(int32)) {
	for x := m.refNode[i]; x >= 0 && m.refp[x]; x = m.sys.fo.par[x] {
		m.refp[x] = false
		dirty(x)
	}
}
