package network

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/dominikbraun/graph"
)

// Diagnosis describes the requirement graph of a Network: who needs whom
// across sectors. Diagnose computes it on demand; Build never does. ID lists
// are sorted by ID, so a Diagnosis does not depend on add order beyond the
// Depth slice, which is indexed by component.
type Diagnosis struct {
	// Involved is the number of components that have or provide at least one
	// requirement (the vertices of the requirement graph).
	Involved int
	// Cycles are the strongly connected components of the requirement graph
	// with more than one member: sets of components that need each other
	// directly or through others (a substation needing SCADA from a central
	// office that needs the substation's power). Cycles are legal; they are
	// how black-start problems arise. Each cycle lists its members' IDs
	// sorted; the cycles are sorted by their first ID.
	Cycles [][]string
	// Depth is the dependency depth of every component, by component index:
	// the length of the longest chain of requirements below it, counted on
	// the condensation of the requirement graph (each cycle collapsed into
	// one vertex, so the members of a cycle share a depth and a cycle adds
	// nothing to it). A component with no requirement, or whose providers
	// all lie in its own cycle, has depth 0; a pump needing a substation has
	// depth 1; a hospital needing the pump has depth 2.
	Depth []int
	// MaxDepth is the largest depth (0 for a network without requirements).
	MaxDepth int
	// Deepest lists the IDs of the components at MaxDepth, sorted; empty
	// when MaxDepth is 0.
	Deepest []string
	// Unreachable lists, sorted, the IDs of components of sectors that have
	// sources but that no path of in-service links (followed in their
	// direction) joins to any source of their sector: they can never be
	// served in the base case. Sectors without sources are standalone and
	// never listed.
	Unreachable []string
	// Unmarked lists, sorted, the IDs of components of a kind that usually
	// originates service (SourceKind) in sectors without any RoleSource
	// member: probably sources whose Role was left unset. Their sectors
	// count as standalone (served ⇔ functional) under the default model.
	Unmarked []string
	// ByKind counts requirements and requirement edges (requirement,
	// provider pairs) per dependency kind, one entry per kind from Physical
	// to Logical, zeros included.
	ByKind []KindCount
	// BySectors counts requirements and requirement edges per (provider
	// sector, dependent sector) pair, in sector-index order of the provider
	// then the dependent; pairs without any edge are left out.
	BySectors []SectorPairCount
}

// KindCount counts the requirements of one dependency kind.
type KindCount struct {
	// Kind is the dependency kind.
	Kind DepKind
	// Requirements is the number of requirements of this kind.
	Requirements int
	// Edges is the number of (requirement, provider) pairs of this kind.
	Edges int
}

// SectorPairCount counts the requirements whose providers lie in one sector
// and whose dependents lie in another (or the same) sector.
type SectorPairCount struct {
	// Provider is the sector of the providers.
	Provider Sector
	// Dependent is the sector of the dependents.
	Dependent Sector
	// Requirements is the number of requirements of a Dependent-sector
	// component with at least one provider in the Provider sector.
	Requirements int
	// Edges is the number of (requirement, provider) pairs between the two
	// sectors.
	Edges int
}

// Diagnose analyses the requirement graph: its cycles (strongly connected
// components of size > 1), the dependency depth of every component, the
// components that no in-service path joins to a source of their sector, and
// counts per dependency kind and per sector pair.
//
// Let V be the number of components involved in requirements, E the number
// of (requirement, provider) pairs, K the number of strongly connected
// components among the V, C and L the numbers of components and links.
// Cycles take O(V + E) expected time (Tarjan's algorithm on hash maps);
// depths take O(K·(K + E)) because the stable topological sort of the
// condensation scans every remaining vertex once per vertex it emits;
// reachability takes O(C + L). Memory is O(C + V + E). The quadratic term
// dominates beyond a few thousand involved components (BenchmarkDiagnose:
// about 1.5 s for 10⁴), so Diagnose is meant for inspection and reports,
// not for hot paths or ensembles. The error reports a failure of the graph
// library and does not occur for a built Network.
func (n *Network) Diagnose() (*Diagnosis, error) {
	nc := n.NumComponents()
	d := &Diagnosis{Depth: make([]int, nc)}

	sccOf, sccs, err := n.requirementSCCs()
	if err != nil {
		return nil, err
	}
	for _, c := range sccs {
		if len(c) > 1 {
			d.Cycles = append(d.Cycles, n.sortedIDs(c))
		}
	}
	slices.SortFunc(d.Cycles, func(a, b []string) int { return cmp.Compare(a[0], b[0]) })
	for i := range nc {
		if sccOf[i] >= 0 {
			d.Involved++
		}
	}

	sccDepth, err := n.condensationDepths(sccOf, sccs)
	if err != nil {
		return nil, err
	}
	for i := range nc {
		if s := sccOf[i]; s >= 0 {
			d.Depth[i] = sccDepth[s]
			d.MaxDepth = max(d.MaxDepth, d.Depth[i])
		}
	}
	if d.MaxDepth > 0 {
		var deepest []int32
		for i := range int32(nc) {
			if d.Depth[i] == d.MaxDepth {
				deepest = append(deepest, i)
			}
		}
		d.Deepest = n.sortedIDs(deepest)
	}

	d.Unreachable = n.sortedIDs(n.unreachable())
	var unmarked []int32
	for s := range n.Sectors() {
		unmarked = append(unmarked, n.UnmarkedSources(s)...)
	}
	d.Unmarked = n.sortedIDs(unmarked)
	d.ByKind, d.BySectors = n.requirementCounts()
	return d, nil
}

// reqKey is the vertex key of component or condensation vertex i in the
// graph library. It is i+1 because the library's Tarjan implementation
// (v0.23.0, findSCC) stops popping its stack when it meets the key type's
// zero value, so a vertex keyed 0 would lose its strongly connected
// component; TestDiagnoseCycleAtIndexZero guards this.
func reqKey(i int32) int32 { return i + 1 }

// requirementSCCs returns the strongly connected components of the
// requirement graph (edges from provider to dependent) over the components
// involved in requirements, numbered by their smallest member, each listed
// in index order, and the component of every component (-1 when not
// involved).
func (n *Network) requirementSCCs() (sccOf []int32, sccs [][]int32, err error) {
	nc := n.NumComponents()
	g := graph.New(func(k int32) int32 { return k }, graph.Directed())
	sccOf = make([]int32, nc)
	for i := range int32(nc) {
		sccOf[i] = -1
		if len(n.RequirementsOf(i)) > 0 || len(n.ProvidedBy(i)) > 0 {
			if err := g.AddVertex(reqKey(i)); err != nil {
				return nil, nil, fmt.Errorf("network: requirement graph: %w", err)
			}
		}
	}
	for r := range n.Requirements() {
		dep := n.Dependent(r)
		for _, p := range n.Providers(r) {
			if err := g.AddEdge(reqKey(p), reqKey(dep)); err != nil && !errors.Is(err, graph.ErrEdgeAlreadyExists) {
				return nil, nil, fmt.Errorf("network: requirement graph: %w", err)
			}
		}
	}
	raw, err := graph.StronglyConnectedComponents(g)
	if err != nil {
		return nil, nil, fmt.Errorf("network: requirement cycles: %w", err)
	}
	sccs = make([][]int32, 0, len(raw))
	for _, c := range raw {
		m := make([]int32, len(c))
		for j, k := range c {
			m[j] = k - 1
		}
		slices.Sort(m)
		sccs = append(sccs, m)
	}
	slices.SortFunc(sccs, func(a, b []int32) int { return cmp.Compare(a[0], b[0]) })
	for s, c := range sccs {
		for _, i := range c {
			sccOf[i] = int32(s)
		}
	}
	return sccOf, sccs, nil
}

// condensationDepths returns the depth of every strongly connected
// component: 0 without providers outside itself, else one more than the
// deepest such provider's component. The condensation is ordered with the
// library's stable topological sort, providers first.
func (n *Network) condensationDepths(sccOf []int32, sccs [][]int32) ([]int, error) {
	g := graph.New(func(k int32) int32 { return k }, graph.Directed())
	for s := range int32(len(sccs)) {
		if err := g.AddVertex(reqKey(s)); err != nil {
			return nil, fmt.Errorf("network: requirement condensation: %w", err)
		}
	}
	for r := range n.Requirements() {
		ds := sccOf[n.Dependent(r)]
		for _, p := range n.Providers(r) {
			if ps := sccOf[p]; ps != ds {
				if err := g.AddEdge(reqKey(ps), reqKey(ds)); err != nil && !errors.Is(err, graph.ErrEdgeAlreadyExists) {
					return nil, fmt.Errorf("network: requirement condensation: %w", err)
				}
			}
		}
	}
	order, err := graph.StableTopologicalSort(g, func(a, b int32) bool { return a < b })
	if err != nil {
		return nil, fmt.Errorf("network: requirement condensation: %w", err)
	}
	depth := make([]int, len(sccs))
	for _, k := range order {
		s := k - 1
		for _, m := range sccs[s] {
			for _, r := range n.RequirementsOf(m) {
				for _, p := range n.Providers(r) {
					if ps := sccOf[p]; ps != s {
						depth[s] = max(depth[s], depth[ps]+1)
					}
				}
			}
		}
	}
	return depth, nil
}

// SourceKind reports whether components of kind k usually originate their
// sector's service: generators, reservoirs, tanks, treatment plants,
// central offices and gas gate stations.
func SourceKind(k Kind) bool {
	switch k {
	case KindGenerator, KindReservoir, KindTank, KindTreatmentPlant, KindCentralOffice, KindGateStation:
		return true
	}
	return false
}

// UnmarkedSources returns, in index order, the members of sector s of a
// SourceKind when s has no RoleSource member (nil otherwise): sources whose
// Role was probably left unset, so that the sector counts as standalone.
// O(members of s).
func (n *Network) UnmarkedSources(s SectorIndex) []int32 {
	if len(n.Sources(s)) > 0 {
		return nil
	}
	var out []int32
	for _, i := range n.SectorMembers(s) {
		if SourceKind(n.ComponentKind(i)) {
			out = append(out, i)
		}
	}
	return out
}

// unreachable returns, in index order, the components of sectors with
// sources that no path of in-service links reaches from a source, by a
// breadth-first search over the out-adjacency from all sources at once.
func (n *Network) unreachable() []int32 {
	seen := make([]bool, n.NumComponents())
	var queue, out []int32
	for s := range SectorIndex(n.NumSectors()) {
		src := n.Sources(s)
		if len(src) == 0 {
			continue
		}
		queue = queue[:0]
		for _, i := range src {
			seen[i] = true
			queue = append(queue, i)
		}
		for len(queue) > 0 {
			i := queue[0]
			queue = queue[1:]
			nbrs, links := n.Out(i)
			for j, v := range nbrs {
				if !seen[v] && !n.OutOfService(links[j]) {
					seen[v] = true
					queue = append(queue, v)
				}
			}
		}
		for _, i := range n.SectorMembers(s) {
			if !seen[i] {
				out = append(out, i)
			}
		}
	}
	return out
}

// requirementCounts counts requirements and edges per kind and per sector
// pair.
func (n *Network) requirementCounts() ([]KindCount, []SectorPairCount) {
	byKind := make([]KindCount, Logical+1)
	for k := range byKind {
		byKind[k].Kind = DepKind(k)
	}
	ns := n.NumSectors()
	reqs := make([]int, ns*ns) // provider sector × ns + dependent sector
	edges := make([]int, ns*ns)
	seen := make([]bool, ns)
	for r := range n.Requirements() {
		k := n.DepKind(r)
		byKind[k].Requirements++
		byKind[k].Edges += len(n.Providers(r))
		ds := int(n.ComponentSector(n.Dependent(r)))
		clear(seen)
		for _, p := range n.Providers(r) {
			ps := int(n.ComponentSector(p))
			edges[ps*ns+ds]++
			if !seen[ps] {
				seen[ps] = true
				reqs[ps*ns+ds]++
			}
		}
	}
	var pairs []SectorPairCount
	for ps := range ns {
		for ds := range ns {
			if e := edges[ps*ns+ds]; e > 0 {
				pairs = append(pairs, SectorPairCount{
					Provider: n.SectorName(SectorIndex(ps)), Dependent: n.SectorName(SectorIndex(ds)),
					Requirements: reqs[ps*ns+ds], Edges: e,
				})
			}
		}
	}
	return byKind, pairs
}

// sortedIDs returns the IDs of the given components sorted, nil for none.
func (n *Network) sortedIDs(idx []int32) []string {
	if len(idx) == 0 {
		return nil
	}
	ids := make([]string, len(idx))
	for j, i := range idx {
		ids[j] = n.ComponentID(i)
	}
	slices.Sort(ids)
	return ids
}

// sectorColors are the fill and line colours of the predefined sectors in
// DOT drawings; other sectors take otherColors in turn.
var sectorColors = map[Sector][2]string{
	Power:     {"#fde68a", "#b45309"},
	Water:     {"#bfdbfe", "#1d4ed8"},
	Transport: {"#e5e7eb", "#4b5563"},
	Telecom:   {"#e9d5ff", "#7e22ce"},
}

var otherColors = [...][2]string{
	{"#bbf7d0", "#15803d"},
	{"#fed7aa", "#c2410c"},
	{"#fecdd3", "#be123c"},
	{"#a5f3fc", "#0e7490"},
}

// kindStyles are the DOT line styles of the dependency kinds.
var kindStyles = [...]string{Physical: "solid", Cyber: "dashed", Geographic: "dotted", Logical: "bold"}

// cycleColor draws requirement edges inside a cycle.
const cycleColor = "#dc2626"

// WriteRequirementDOT writes the requirement graph as a Graphviz DOT digraph:
// one node per component that has or provides a requirement, labelled by ID
// and filled with its sector's colour, grouped in one cluster per sector;
// one edge per (requirement, provider) pair, drawn from provider to
// dependent (the way a loss cascades), labelled with the dependency kind,
// the logic when not "all", the lag and buffer when non-zero and the
// effect when it degrades, styled by kind (physical solid, cyber dashed,
// geographic dotted, logical bold) and coloured red inside a cycle.
//
// The output depends only on the network: sectors in index order,
// components in index order within a sector, edges in requirement then
// provider order; it is byte-for-byte reproducible. Time and memory are
// O(C + V + E) in the notation of Diagnose.
func (n *Network) WriteRequirementDOT(w io.Writer) error {
	sccOf, _, err := n.requirementSCCs()
	if err != nil {
		return err
	}
	colors := make([][2]string, n.NumSectors())
	other := 0
	for s, name := range n.Sectors() {
		c, ok := sectorColors[name]
		if !ok {
			c = otherColors[other%len(otherColors)]
			other++
		}
		colors[s] = c
	}

	bw := bufio.NewWriter(w)
	name := n.Name()
	if name == "" {
		name = "network"
	}
	bw.WriteString("digraph requirements {\n")
	fmt.Fprintf(bw, "\tgraph [label=%s, labelloc=t, rankdir=LR, fontname=\"Helvetica\"];\n", dotQuote(name+" requirements"))
	bw.WriteString("\tnode [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n")
	bw.WriteString("\tedge [fontname=\"Helvetica\", fontsize=10];\n")
	for s, sector := range n.Sectors() {
		first := true
		for _, i := range n.SectorMembers(s) {
			if sccOf[i] < 0 {
				continue
			}
			if first {
				first = false
				fmt.Fprintf(bw, "\tsubgraph cluster_%d {\n", s)
				fmt.Fprintf(bw, "\t\tlabel=%s;\n\t\tcolor=%s;\n", dotQuote(string(sector)), dotQuote(colors[s][1]))
			}
			fmt.Fprintf(bw, "\t\t%s [fillcolor=%s, color=%s];\n",
				dotQuote(n.ComponentID(i)), dotQuote(colors[s][0]), dotQuote(colors[s][1]))
		}
		if !first {
			bw.WriteString("\t}\n")
		}
	}
	for r := range n.Requirements() {
		dep := n.Dependent(r)
		label := n.requirementLabel(r)
		style := "solid"
		if k := n.DepKind(r); int(k) < len(kindStyles) {
			style = kindStyles[k]
		}
		for _, p := range n.Providers(r) {
			color := colors[n.ComponentSector(p)][1]
			width := ""
			if sccOf[p] == sccOf[dep] {
				color, width = cycleColor, ", penwidth=2"
			}
			fmt.Fprintf(bw, "\t%s -> %s [label=%s, style=%s, color=%s%s];\n",
				dotQuote(n.ComponentID(p)), dotQuote(n.ComponentID(dep)), dotQuote(label), style, dotQuote(color), width)
		}
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

// requirementLabel describes requirement r on DOT edge labels, one item a
// line: kind, logic (unless all), lag, buffer with recharge rate, effect
// (when degrading).
func (n *Network) requirementLabel(r int32) string {
	parts := []string{n.DepKind(r).String()}
	switch n.Logic(r) {
	case Any:
		parts = append(parts, "any")
	case KOfN:
		parts = append(parts, fmt.Sprintf("%d-of-%d", n.Need(r), len(n.Providers(r))))
	}
	if l := n.Lag(r); l > 0 {
		parts = append(parts, "lag "+l.String())
	}
	if b := n.Buffer(r); b > 0 {
		s := "buffer " + b.String()
		if rc := n.Recharge(r); rc > 0 {
			s += " +" + strconv.FormatFloat(rc, 'g', -1, 64) + "/h"
		}
		parts = append(parts, s)
	}
	if n.Effect(r) == Degrade {
		parts = append(parts, "degrade "+strconv.FormatFloat(n.Factor(r), 'g', -1, 64))
	}
	return strings.Join(parts, "\n")
}

// dotQuote returns s as a DOT double-quoted string: quotes and backslashes
// are escaped, line feeds become DOT's centred line break \n and carriage
// returns are dropped.
func dotQuote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
