package network

import (
	"iter"
	"maps"
	"slices"

	"github.com/lifeline-sim/lifeline/sim"
)

// SectorIndex is a sector's dense index in a compiled Network.
type SectorIndex uint8

// Network is a compiled, immutable city: dense int32 indices (components and
// links in the order they were added), struct-of-arrays attributes, CSR
// adjacency and requirement indices. It is safe for concurrent readers and
// shared read-only by every replication; per-run status lives in State.
//
// Slices returned by accessors alias the network's arrays: callers must not
// modify them.
type Network struct {
	name  string
	crs   CRS
	attrs map[Param]float64

	sectors []Sector
	kinds   []Kind   // interned kinds of components and links
	zones   []string // interned zone names
	frags   []string // interned fragility classes; frags[0] == ""

	// components
	cIDs     idTable
	cSector  []SectorIndex
	cKind    []uint16
	cRole    []Role
	cCrit    []bool
	cZone    []int32 // -1: none
	cAccess  []int32 // -1: none
	cFrag    []uint16
	cX, cY   []float64 // nil when no component is located
	cLocated []bool
	cDemand  column
	cPop     column
	cCap     column
	cStorage column
	cParams  map[Param]*column
	cTags    map[int32]map[string]string
	secOff   []int32 // sector → members, CSR over secMem
	secMem   []int32
	srcOff   []int32 // sector → sources
	srcMem   []int32

	// links
	lIDs      idTable
	lFrom     []int32
	lTo       []int32
	lKind     []uint16
	lDirected []bool
	lOff      []bool // out of service
	lFrag     []uint16
	lLength   column
	lCap      column
	lX        column
	lRating   column
	lTap      column
	lShift    column
	lDiam     column
	lFree     column // nanoseconds, exact below 2^53
	lGeomKeys []int32
	lGeomOff  []int32
	lGeomPts  []Point
	lParams   map[Param]*column
	lTags     map[int32]map[string]string

	// adjacency: out over every link (both directions for undirected ones);
	// in is nil when no link is directed (then In == Out).
	outOff, outNbr, outLink []int32
	inOff, inNbr, inLink    []int32

	// requirements
	rDep      []int32
	rProvOff  []int32
	rProv     []int32
	rLogic    []Logic
	rK        []int32
	rEffect   []Effect
	rKind     []DepKind
	rLag      []sim.Time
	rBuffer   []sim.Time
	rRecharge column
	rFactor   column
	depOff    []int32 // component → requirements it has
	depReq    []int32
	provOff   []int32 // component → requirements it provides to
	provReq   []int32

	cKey, lKey []uint64 // entity keys (keys.go)
}

// Name returns the network's name.
func (n *Network) Name() string { return n.name }

// CRS returns the network's coordinate reference system.
func (n *Network) CRS() CRS { return n.crs }

// Attr returns a network-level number (for example ParamBaseMVA), 0 if
// unset.
func (n *Network) Attr(name Param) float64 { return n.attrs[name] }

// Attrs yields the network-level numbers in name order.
func (n *Network) Attrs() iter.Seq2[Param, float64] {
	return func(yield func(Param, float64) bool) {
		for _, k := range slices.Sorted(maps.Keys(n.attrs)) {
			if !yield(k, n.attrs[k]) {
				return
			}
		}
	}
}

// NumComponents returns the number of components.
func (n *Network) NumComponents() int { return len(n.cSector) }

// NumLinks returns the number of links.
func (n *Network) NumLinks() int { return len(n.lFrom) }

// NumRequirements returns the number of requirements.
func (n *Network) NumRequirements() int { return len(n.rDep) }

// NumSectors returns the number of sectors.
func (n *Network) NumSectors() int { return len(n.sectors) }

// Sectors yields every sector with its index, predefined sectors first.
func (n *Network) Sectors() iter.Seq2[SectorIndex, Sector] {
	return func(yield func(SectorIndex, Sector) bool) {
		for i, s := range n.sectors {
			if !yield(SectorIndex(i), s) {
				return
			}
		}
	}
}

// SectorName returns the sector at index s.
func (n *Network) SectorName(s SectorIndex) Sector { return n.sectors[s] }

// SectorIndexOf returns the index of a sector.
func (n *Network) SectorIndexOf(s Sector) (SectorIndex, bool) {
	i := slices.Index(n.sectors, s)
	return SectorIndex(max(i, 0)), i >= 0
}

// SectorMembers returns the components of sector s in index order.
func (n *Network) SectorMembers(s SectorIndex) []int32 { return n.secMem[n.secOff[s]:n.secOff[s+1]] }

// Sources returns the source components of sector s in index order.
func (n *Network) Sources(s SectorIndex) []int32 { return n.srcMem[n.srcOff[s]:n.srcOff[s+1]] }

// Components yields every component index in order.
func (n *Network) Components() iter.Seq[int32] { return indices(n.NumComponents()) }

// Links yields every link index in order.
func (n *Network) Links() iter.Seq[int32] { return indices(n.NumLinks()) }

// Requirements yields every requirement index in order.
func (n *Network) Requirements() iter.Seq[int32] { return indices(n.NumRequirements()) }

func indices(k int) iter.Seq[int32] {
	return func(yield func(int32) bool) {
		for i := range int32(k) {
			if !yield(i) {
				return
			}
		}
	}
}

// ComponentIndex returns the index of the component with the given ID.
func (n *Network) ComponentIndex(id string) (int32, bool) { return n.cIDs.lookup(id) }

// ComponentID returns the ID of component i. It does not allocate.
func (n *Network) ComponentID(i int32) string { return n.cIDs.at(i) }

// ComponentSector returns the sector index of component i.
func (n *Network) ComponentSector(i int32) SectorIndex { return n.cSector[i] }

// ComponentKind returns the kind of component i.
func (n *Network) ComponentKind(i int32) Kind { return n.kinds[n.cKind[i]] }

// Role returns the role of component i.
func (n *Network) Role(i int32) Role { return n.cRole[i] }

// Critical reports whether component i is a critical facility.
func (n *Network) Critical(i int32) bool { return n.cCrit[i] }

// Zone returns the zone index of component i, or -1.
func (n *Network) Zone(i int32) int32 { return n.cZone[i] }

// ZoneName returns the name of zone z.
func (n *Network) ZoneName(z int32) string { return n.zones[z] }

// NumZones returns the number of zones.
func (n *Network) NumZones() int { return len(n.zones) }

// Access returns the transport component a crew must reach to work on
// component i, or -1.
func (n *Network) Access(i int32) int32 { return n.cAccess[i] }

// Demand returns the demand of component i in its sector's unit.
func (n *Network) Demand(i int32) float64 { return n.cDemand.at(i) }

// FixedDemand returns the demand of component i in fixed point,
// round(DemandScale × Demand(i)): an integer in [0, MaxFixedDemand]. Build
// guarantees that its sum over any sector, and over the whole network, fits
// in an int64, and so does the sum of Population.
func (n *Network) FixedDemand(i int32) int64 { return int64(fixedDemand(n.cDemand.at(i))) }

// Population returns the population component i serves.
func (n *Network) Population(i int32) int64 { return int64(n.cPop.at(i)) }

// Capacity returns the capacity of component i (0: unlimited).
func (n *Network) Capacity(i int32) float64 { return n.cCap.at(i) }

// Storage returns the stored volume of component i.
func (n *Network) Storage(i int32) float64 { return n.cStorage.at(i) }

// Fragility returns the fragility class of component i ("" if none).
func (n *Network) Fragility(i int32) string { return n.frags[n.cFrag[i]] }

// Location returns the location of component i and whether it has one.
func (n *Network) Location(i int32) (Point, bool) {
	if n.cLocated == nil || !n.cLocated[i] {
		return Point{}, false
	}
	return Point{n.cX[i], n.cY[i]}, true
}

// ComponentParam returns the named sector-specific number of component i
// (0 if unset).
func (n *Network) ComponentParam(i int32, name Param) float64 {
	if c, ok := n.cParams[name]; ok {
		return c.at(i)
	}
	return 0
}

// ComponentParamNames returns the names of the component parameters in use,
// sorted.
func (n *Network) ComponentParamNames() []Param { return slices.Sorted(maps.Keys(n.cParams)) }

// Component returns component i in input form (it allocates; for export and
// inspection, not for hot paths).
func (n *Network) Component(i int32) Component {
	c := Component{
		ID: n.ComponentID(i), Sector: n.sectors[n.cSector[i]], Kind: n.ComponentKind(i),
		Role: n.cRole[i], Demand: n.Demand(i), Population: n.Population(i),
		Capacity: n.Capacity(i), Storage: n.Storage(i), Fragility: n.Fragility(i), Critical: n.cCrit[i],
	}
	if p, ok := n.Location(i); ok {
		c.Location = &p
	}
	if z := n.cZone[i]; z >= 0 {
		c.Zone = n.zones[z]
	}
	if a := n.cAccess[i]; a >= 0 {
		c.Access = n.ComponentID(a)
	}
	c.Params = params(n.cParams, i)
	if t := n.cTags[i]; t != nil {
		c.Tags = maps.Clone(t)
	}
	return c
}

func params(cols map[Param]*column, i int32) map[Param]float64 {
	var m map[Param]float64
	for k, c := range cols {
		if v := c.at(i); v != 0 {
			if m == nil {
				m = make(map[Param]float64)
			}
			m[k] = v
		}
	}
	return m
}

// LinkIndex returns the index of the link with the given ID.
func (n *Network) LinkIndex(id string) (int32, bool) { return n.lIDs.lookup(id) }

// LinkID returns the ID of link l. It does not allocate.
func (n *Network) LinkID(l int32) string { return n.lIDs.at(l) }

// LinkKind returns the kind of link l.
func (n *Network) LinkKind(l int32) Kind { return n.kinds[n.lKind[l]] }

// Ends returns the component indices link l joins.
func (n *Network) Ends(l int32) (from, to int32) { return n.lFrom[l], n.lTo[l] }

// LinkSector returns the sector of link l (that of its endpoints).
func (n *Network) LinkSector(l int32) SectorIndex { return n.cSector[n.lFrom[l]] }

// Directed reports whether link l carries service from its From end only.
func (n *Network) Directed(l int32) bool { return n.lDirected[l] }

// OutOfService reports whether link l is switched off in the base case.
func (n *Network) OutOfService(l int32) bool { return n.lOff[l] }

// Length returns the length of link l in metres.
func (n *Network) Length(l int32) float64 { return n.lLength.at(l) }

// LinkCapacity returns the capacity of link l (0: unlimited).
func (n *Network) LinkCapacity(l int32) float64 { return n.lCap.at(l) }

// Reactance returns the reactance of link l in per unit.
func (n *Network) Reactance(l int32) float64 { return n.lX.at(l) }

// Rating returns the rating of link l in MW (0: unlimited).
func (n *Network) Rating(l int32) float64 { return n.lRating.at(l) }

// Tap returns the tap ratio of link l as stored (0 means 1).
func (n *Network) Tap(l int32) float64 { return n.lTap.at(l) }

// Shift returns the phase shift of link l in degrees.
func (n *Network) Shift(l int32) float64 { return n.lShift.at(l) }

// Diameter returns the diameter of link l in metres.
func (n *Network) Diameter(l int32) float64 { return n.lDiam.at(l) }

// FreeFlow returns the free-flow travel time of link l.
func (n *Network) FreeFlow(l int32) sim.Time { return sim.Time(n.lFree.at(l)) }

// LinkFragility returns the fragility class of link l ("" if none).
func (n *Network) LinkFragility(l int32) string { return n.frags[n.lFrag[l]] }

// LinkParam returns the named sector-specific number of link l (0 if unset).
func (n *Network) LinkParam(l int32, name Param) float64 {
	if c, ok := n.lParams[name]; ok {
		return c.at(l)
	}
	return 0
}

// LinkParamNames returns the names of the link parameters in use, sorted.
func (n *Network) LinkParamNames() []Param { return slices.Sorted(maps.Keys(n.lParams)) }

// Geometry returns the polyline of link l, or nil.
func (n *Network) Geometry(l int32) []Point {
	j, ok := slices.BinarySearch(n.lGeomKeys, l)
	if !ok {
		return nil
	}
	return n.lGeomPts[n.lGeomOff[j]:n.lGeomOff[j+1]]
}

// Link returns link l in input form (it allocates).
func (n *Network) Link(l int32) Link {
	k := Link{
		ID: n.LinkID(l), Kind: n.LinkKind(l), From: n.ComponentID(n.lFrom[l]), To: n.ComponentID(n.lTo[l]),
		Directed: n.lDirected[l], Length: n.Length(l), Capacity: n.LinkCapacity(l),
		Fragility: n.LinkFragility(l), OutOfService: n.lOff[l], Reactance: n.Reactance(l),
		Rating: n.Rating(l), Tap: n.Tap(l), Shift: n.Shift(l), Diameter: n.Diameter(l), FreeFlow: n.FreeFlow(l),
	}
	if g := n.Geometry(l); g != nil {
		k.Geometry = slices.Clone(g)
	}
	k.Params = params(n.lParams, l)
	if t := n.lTags[l]; t != nil {
		k.Tags = maps.Clone(t)
	}
	return k
}

// Out returns the neighbours reachable from component i in one step and
// the links used, in link order: both ends of undirected links, the To end
// of directed links leaving i.
func (n *Network) Out(i int32) (nbrs, links []int32) {
	a, b := n.outOff[i], n.outOff[i+1]
	return n.outNbr[a:b], n.outLink[a:b]
}

// In returns the neighbours that reach component i in one step and the
// links used (equal to Out when no link is directed).
func (n *Network) In(i int32) (nbrs, links []int32) {
	if n.inOff == nil {
		return n.Out(i)
	}
	a, b := n.inOff[i], n.inOff[i+1]
	return n.inNbr[a:b], n.inLink[a:b]
}

// HasDirected reports whether any link is directed (when none is, In is
// Out and an undirected traversal needs Out alone).
func (n *Network) HasDirected() bool { return n.inOff != nil }

// CSR returns the raw out-adjacency: the neighbours of i are
// nbr[off[i]:off[i+1]] through links link[off[i]:off[i+1]].
func (n *Network) CSR() (off, nbr, link []int32) { return n.outOff, n.outNbr, n.outLink }

// Dependent returns the component requirement r belongs to.
func (n *Network) Dependent(r int32) int32 { return n.rDep[r] }

// Providers returns the providers of requirement r.
func (n *Network) Providers(r int32) []int32 { return n.rProv[n.rProvOff[r]:n.rProvOff[r+1]] }

// Need returns how many providers of requirement r must deliver.
func (n *Network) Need(r int32) int { return int(n.rK[r]) }

// Logic returns the logic of requirement r.
func (n *Network) Logic(r int32) Logic { return n.rLogic[r] }

// Lag returns the lag of requirement r.
func (n *Network) Lag(r int32) sim.Time { return n.rLag[r] }

// Buffer returns the buffer autonomy of requirement r (0: none).
func (n *Network) Buffer(r int32) sim.Time { return n.rBuffer[r] }

// Recharge returns the buffer recharge rate of requirement r in
// autonomy-hours per hour.
func (n *Network) Recharge(r int32) float64 { return n.rRecharge.at(r) }

// Effect returns the effect of requirement r.
func (n *Network) Effect(r int32) Effect { return n.rEffect[r] }

// Factor returns the degraded capacity factor of requirement r.
func (n *Network) Factor(r int32) float64 { return n.rFactor.at(r) }

// DepKind returns the dependency kind of requirement r.
func (n *Network) DepKind(r int32) DepKind { return n.rKind[r] }

// Requirement returns requirement r in input form (it allocates).
func (n *Network) Requirement(r int32) Requirement {
	q := Requirement{
		Dependent: n.ComponentID(n.rDep[r]), Logic: n.rLogic[r], Lag: n.rLag[r], Buffer: n.rBuffer[r],
		Recharge: n.Recharge(r), Effect: n.rEffect[r], Factor: n.Factor(r), Kind: n.rKind[r],
	}
	if q.Logic == KOfN {
		q.K = int(n.rK[r])
	}
	for _, p := range n.Providers(r) {
		q.Providers = append(q.Providers, n.ComponentID(p))
	}
	return q
}

// RequirementsOf returns the requirements component i has, in order.
func (n *Network) RequirementsOf(i int32) []int32 { return n.depReq[n.depOff[i]:n.depOff[i+1]] }

// ProvidedBy returns the requirements in which component i is a provider
// (the reverse requirement index: who depends on me), in order.
func (n *Network) ProvidedBy(i int32) []int32 { return n.provReq[n.provOff[i]:n.provOff[i+1]] }

// MemoryBytes returns the bytes held by the compiled arrays (IDs, attributes,
// adjacency, requirements), split into the component and link shares
// (requirements count with the components). It leaves out tags, the maps
// of parameter columns, interned names and slice headers: on a synthetic
// city of 10⁵ components it is 98 % of the heap the Network holds
// (BenchmarkCompile reports the ratio, TestMemoryBytesMatchesHeap checks it).
func (n *Network) MemoryBytes() (components, links int) {
	nc, nl := n.NumComponents(), n.NumLinks()
	// Per component: sector 1, kind 2, role 1, critical 1, zone 4, access 4,
	// fragility 2, key 8 bytes.
	components = n.cIDs.bytes() + nc*(1+2+1+1+4+4+2+8) + 8*len(n.cX) + 8*len(n.cY) + len(n.cLocated) +
		n.cDemand.bytes() + n.cPop.bytes() + n.cCap.bytes() + n.cStorage.bytes() +
		4*(len(n.secMem)+len(n.srcMem)+len(n.outOff)+len(n.inOff))
	for _, c := range n.cParams {
		components += c.bytes()
	}
	components += 4*(len(n.rDep)+len(n.rProvOff)+len(n.rProv)+len(n.rK)+len(n.depOff)+len(n.depReq)+len(n.provOff)+len(n.provReq)) +
		3*len(n.rDep) + 16*len(n.rLag) + n.rRecharge.bytes() + n.rFactor.bytes()
	// Per link: from 4, to 4, kind 2, directed 1, out of service 1,
	// fragility 2, key 8 bytes.
	links = n.lIDs.bytes() + nl*(4+4+2+1+1+2+8) + n.lLength.bytes() + n.lCap.bytes() + n.lX.bytes() +
		n.lRating.bytes() + n.lTap.bytes() + n.lShift.bytes() + n.lDiam.bytes() + n.lFree.bytes() +
		4*len(n.lGeomKeys) + 4*len(n.lGeomOff) + 16*len(n.lGeomPts) +
		4*(len(n.outNbr)+len(n.outLink)+len(n.inNbr)+len(n.inLink))
	for _, c := range n.lParams {
		links += c.bytes()
	}
	return components, links
}
