package network

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/lifeline-sim/lifeline/sim"
)

// Builder collects components, links and requirements and compiles them
// into an immutable Network. Add order fixes the dense indices. Problems are
// reported together by Build; the Add methods never fail.
type Builder struct {
	name  string
	crs   CRS
	attrs map[Param]float64
	comps []Component
	links []Link
	reqs  []Requirement
}

// NewBuilder returns an empty builder for a WGS84 network.
func NewBuilder() *Builder { return &Builder{} }

// Rebuild returns a Builder holding everything n holds (name, CRS,
// attributes, components, links and requirements, in n's order), so that
// building it gives an equal network. comp, if not nil, may change each
// component before it is added, and link each link; both are given the
// entity's index in n. This is how a network is edited after Build: an
// importer's adjustment, a raised rating. O(C + L + R).
func Rebuild(n *Network, comp func(i int32, c *Component), link func(l int32, k *Link)) *Builder {
	b := NewBuilder()
	b.SetName(n.Name())
	b.SetCRS(n.CRS())
	for k, v := range n.Attrs() {
		b.SetAttr(k, v)
	}
	b.Grow(n.NumComponents(), n.NumLinks(), n.NumRequirements())
	for i := range n.Components() {
		c := n.Component(i)
		if comp != nil {
			comp(i, &c)
		}
		b.AddComponent(c)
	}
	for l := range n.Links() {
		k := n.Link(l)
		if link != nil {
			link(l, &k)
		}
		b.AddLink(k)
	}
	for r := range n.Requirements() {
		b.AddRequirement(n.Requirement(r))
	}
	return b
}

// SetName sets the network's name.
func (b *Builder) SetName(name string) { b.name = name }

// SetCRS sets the coordinate reference system of every location; Build
// reports a CRS that fails Validate.
func (b *Builder) SetCRS(c CRS) { b.crs = c.normal() }

// SetAttr sets a network-level number such as ParamBaseMVA.
func (b *Builder) SetAttr(name Param, v float64) {
	if b.attrs == nil {
		b.attrs = make(map[Param]float64)
	}
	b.attrs[name] = v
}

// AddComponent adds a component; its index is the number added before it.
func (b *Builder) AddComponent(c Component) { b.comps = append(b.comps, c) }

// AddLink adds a link; its index is the number of links added before it.
func (b *Builder) AddLink(l Link) { b.links = append(b.links, l) }

// AddRequirement adds a requirement; its index is the number added before it.
func (b *Builder) AddRequirement(r Requirement) { b.reqs = append(b.reqs, r) }

// Grow reserves room for more components, links and requirements.
func (b *Builder) Grow(components, links, requirements int) {
	b.comps = slices.Grow(b.comps, components)
	b.links = slices.Grow(b.links, links)
	b.reqs = slices.Grow(b.reqs, requirements)
}

// Len returns the numbers of components, links and requirements added.
func (b *Builder) Len() (components, links, requirements int) {
	return len(b.comps), len(b.links), len(b.reqs)
}

// maxProblems bounds how many problems Build collects before it stops.
const maxProblems = 1000

type problems struct{ errs []error }

func (p *problems) add(err error) {
	if len(p.errs) < maxProblems {
		p.errs = append(p.errs, err)
	}
}

// MaxFreeFlow bounds a link's free-flow time: Build rejects one of
// MaxFreeFlow or more, the first that would not be stored exactly (2^53 ns,
// about 104 days).
const MaxFreeFlow = sim.Time(maxExactInt)

// checkTotals refuses demand and population whose integer sums, over one
// sector or over the whole network, would pass math.MaxInt64: the error
// names the component at which the sum first overflows and the field.
// Values that Validate refuses are left to its error.
func (b *Builder) checkTotals(secIdx map[Sector]SectorIndex, p *problems) {
	type total struct {
		sum  [2]int64 // fixed-point demand, population
		over [2]bool
	}
	totals := make([]total, len(secIdx)+1) // the sectors, then the network
	fields := [2]string{"demand", "population"}
	for i := range b.comps {
		c := &b.comps[i]
		s, ok := secIdx[c.Sector]
		fd := fixedDemand(c.Demand)
		if !ok || !(fd >= 0 && fd <= MaxFixedDemand) || c.Population < 0 || c.Population > MaxPopulation {
			continue
		}
		v := [2]int64{int64(fd), c.Population}
		for f := range fields {
			for k, t := range [2]*total{&totals[s], &totals[len(totals)-1]} {
				if t.over[f] {
					continue
				}
				if t.sum[f] > math.MaxInt64-v[f] {
					t.over[f] = true
					where := "sector " + string(c.Sector)
					if k == 1 {
						where = "the network"
					}
					p.add(fmt.Errorf("component %q: %s: %w: the %s total of %s would pass 2^63-1", c.ID, fields[f], ErrOutOfRange, fields[f], where))
					break // one error per component and field
				}
				t.sum[f] += v[f]
			}
		}
	}
}

// Build validates everything added and compiles the network. The error, a
// *BuildError, names the offending IDs: unknown or duplicate IDs, links
// across sectors, self-requirements, impossible k-of-n, negative durations,
// NaN or infinite numbers, lon/lat out of range, an invalid CRS, a demand
// above MaxFixedDemand in fixed point or a population above MaxPopulation,
// demand or population totals (per sector or over the network) that would
// overflow an int64; a missing
// ID is named by the entity's add index. Requirement cycles are
// legal. Build does not consume the builder.
func (b *Builder) Build() (*Network, error) {
	var p problems
	n := &Network{name: b.name, crs: b.crs, attrs: maps.Clone(b.attrs)}
	if err := b.crs.Validate(); err != nil {
		p.add(err)
	}
	for k, v := range b.attrs {
		if !finite(v) {
			p.add(fmt.Errorf("attribute %q: %w", k, ErrNotFinite))
		}
	}
	index := b.compileComponents(n, &p)
	b.compileLinks(n, index, &p)
	b.compileRequirements(n, index, &p)
	if len(p.errs) > 0 {
		return nil, &BuildError{Problems: p.errs}
	}
	n.computeKeys()
	return n, nil
}

func (b *Builder) compileComponents(n *Network, p *problems) map[string]int32 {
	nc := len(b.comps)
	index := make(map[string]int32, nc)
	secSet := map[Sector]bool{}
	for i := range b.comps {
		c := &b.comps[i]
		if c.ID == "" {
			p.add(fmt.Errorf("component #%d (0-based add order): %w", i, ErrEmptyID))
		} else if err := c.Validate(); err != nil {
			p.add(err)
		}
		if c.Location != nil {
			if err := b.crs.CheckPoint(*c.Location); err != nil {
				p.add(fmt.Errorf("component %q: location: %w", c.ID, err))
			}
		}
		if first, dup := index[c.ID]; dup {
			p.add(fmt.Errorf("component %q: %w (#%d and #%d in add order)", c.ID, ErrDuplicateID, first, i))
			continue
		}
		index[c.ID] = int32(i)
		secSet[c.Sector] = true
	}
	for _, s := range predefinedSectors {
		if secSet[s] {
			n.sectors = append(n.sectors, s)
			delete(secSet, s)
		}
	}
	n.sectors = append(n.sectors, slices.Sorted(maps.Keys(secSet))...)
	if len(n.sectors) > 255 {
		p.add(fmt.Errorf("%w: %d sectors (at most 255)", ErrOutOfRange, len(n.sectors)))
		n.sectors = n.sectors[:255]
	}
	secIdx := make(map[Sector]SectorIndex, len(n.sectors))
	for i, s := range n.sectors {
		secIdx[s] = SectorIndex(i)
	}
	b.checkTotals(secIdx, p)

	var kinds, zones, frags interner
	frags.code("")
	n.cIDs = newIDTable(nc, func(i int) string { return b.comps[i].ID })
	n.cSector = make([]SectorIndex, nc)
	n.cKind = make([]uint16, nc)
	n.cRole = make([]Role, nc)
	n.cCrit = make([]bool, nc)
	n.cZone = make([]int32, nc)
	n.cAccess = make([]int32, nc)
	n.cFrag = make([]uint16, nc)
	located := 0
	paramNames := map[Param]bool{}
	for i := range b.comps {
		c := &b.comps[i]
		n.cSector[i] = secIdx[c.Sector]
		n.cKind[i] = uint16(kinds.code(string(c.Kind)))
		n.cRole[i] = c.Role
		n.cCrit[i] = c.Critical
		n.cZone[i] = -1
		if c.Zone != "" {
			n.cZone[i] = int32(zones.code(c.Zone))
		}
		n.cAccess[i] = -1
		if c.Access != "" {
			if a, ok := index[c.Access]; !ok {
				p.add(fmt.Errorf("component %q: access %q: %w", c.ID, c.Access, ErrUnknownID))
			} else if b.comps[a].Sector != Transport {
				p.add(fmt.Errorf("component %q: access %q: %w: not a transport component", c.ID, c.Access, ErrInvalid))
			} else {
				n.cAccess[i] = a
			}
		}
		n.cFrag[i] = uint16(frags.code(c.Fragility))
		if c.Location != nil {
			located++
		}
		for k := range c.Params {
			paramNames[k] = true
		}
	}
	if len(kinds.names) > 1<<16 || len(frags.names) > 1<<16 {
		p.add(fmt.Errorf("%w: more than 65536 kinds or fragility classes", ErrOutOfRange))
	}
	n.kinds = kindsOf(kinds.names)
	n.zones = zones.names
	n.frags = frags.names
	if located > 0 {
		n.cX, n.cY, n.cLocated = make([]float64, nc), make([]float64, nc), make([]bool, nc)
		for i := range b.comps {
			if l := b.comps[i].Location; l != nil {
				n.cX[i], n.cY[i], n.cLocated[i] = l.X, l.Y, true
			}
		}
	}
	n.cDemand = newColumn(nc, func(i int) float64 { return b.comps[i].Demand })
	n.cPop = newColumn(nc, func(i int) float64 { return float64(b.comps[i].Population) })
	n.cCap = newColumn(nc, func(i int) float64 { return b.comps[i].Capacity })
	n.cStorage = newColumn(nc, func(i int) float64 { return b.comps[i].Storage })
	n.cParams = make(map[Param]*column, len(paramNames))
	for _, k := range slices.Sorted(maps.Keys(paramNames)) {
		c := newColumn(nc, func(i int) float64 { return b.comps[i].Params[k] })
		n.cParams[k] = &c
	}
	for i := range b.comps {
		if t := b.comps[i].Tags; len(t) > 0 {
			if n.cTags == nil {
				n.cTags = make(map[int32]map[string]string)
			}
			n.cTags[int32(i)] = maps.Clone(t)
		}
	}
	n.secOff, n.secMem = group(len(n.sectors), nc, func(i int) (int, bool) { return int(n.cSector[i]), true })
	n.srcOff, n.srcMem = group(len(n.sectors), nc, func(i int) (int, bool) { return int(n.cSector[i]), n.cRole[i] == RoleSource })
	return index
}

func kindsOf(names []string) []Kind {
	k := make([]Kind, len(names))
	for i, s := range names {
		k[i] = Kind(s)
	}
	return k
}

// group builds a CSR from items 0..count-1 to buckets 0..buckets-1, items in
// index order within a bucket.
func group(buckets, count int, of func(i int) (int, bool)) (off, mem []int32) {
	off = make([]int32, buckets+1)
	for i := range count {
		if g, ok := of(i); ok {
			off[g+1]++
		}
	}
	for g := range buckets {
		off[g+1] += off[g]
	}
	mem = make([]int32, off[buckets])
	next := slices.Clone(off[:buckets])
	for i := range count {
		if g, ok := of(i); ok {
			mem[next[g]] = int32(i)
			next[g]++
		}
	}
	return off, mem
}

func (b *Builder) compileLinks(n *Network, index map[string]int32, p *problems) {
	nl := len(b.links)
	nc := len(b.comps)
	var kinds, frags interner
	for _, k := range n.kinds {
		kinds.code(string(k))
	}
	for _, f := range n.frags {
		frags.code(f)
	}
	seen := make(map[string]int, nl)
	n.lFrom, n.lTo = make([]int32, nl), make([]int32, nl)
	n.lKind, n.lFrag = make([]uint16, nl), make([]uint16, nl)
	n.lDirected, n.lOff = make([]bool, nl), make([]bool, nl)
	paramNames := map[Param]bool{}
	directed := false
	for i := range b.links {
		l := &b.links[i]
		if l.ID == "" {
			p.add(fmt.Errorf("link #%d (0-based add order): %w", i, ErrEmptyID))
		} else if err := l.Validate(); err != nil {
			p.add(err)
		}
		if l.FreeFlow >= MaxFreeFlow {
			p.add(fmt.Errorf("link %q: free_flow: %w (%v)", l.ID, ErrOutOfRange, l.FreeFlow))
		}
		if first, dup := seen[l.ID]; dup {
			p.add(fmt.Errorf("link %q: %w (#%d and #%d in add order)", l.ID, ErrDuplicateID, first, i))
		} else {
			seen[l.ID] = i
		}
		f, okf := index[l.From]
		t, okt := index[l.To]
		if !okf {
			p.add(fmt.Errorf("link %q: from %q: %w", l.ID, l.From, ErrUnknownID))
		}
		if !okt {
			p.add(fmt.Errorf("link %q: to %q: %w", l.ID, l.To, ErrUnknownID))
		}
		if okf && okt && b.comps[f].Sector != b.comps[t].Sector {
			p.add(fmt.Errorf("link %q: %w (%q is %s, %q is %s)", l.ID, ErrCrossSector,
				l.From, b.comps[f].Sector, l.To, b.comps[t].Sector))
		}
		if !okf || !okt {
			f, t = 0, 0
		}
		n.lFrom[i], n.lTo[i] = f, t
		n.lKind[i] = uint16(kinds.code(string(l.Kind)))
		n.lFrag[i] = uint16(frags.code(l.Fragility))
		n.lDirected[i], n.lOff[i] = l.Directed, l.OutOfService
		directed = directed || l.Directed
		for k := range l.Params {
			paramNames[k] = true
		}
	}
	if len(kinds.names) > 1<<16 || len(frags.names) > 1<<16 {
		p.add(fmt.Errorf("%w: more than 65536 kinds or fragility classes", ErrOutOfRange))
	}
	n.kinds, n.frags = kindsOf(kinds.names), frags.names
	n.lIDs = newIDTable(nl, func(i int) string { return b.links[i].ID })
	col := func(get func(l *Link) float64) column {
		return newColumn(nl, func(i int) float64 { return get(&b.links[i]) })
	}
	n.lLength = col(func(l *Link) float64 { return l.Length })
	n.lCap = col(func(l *Link) float64 { return l.Capacity })
	n.lX = col(func(l *Link) float64 { return l.Reactance })
	n.lRating = col(func(l *Link) float64 { return l.Rating })
	n.lTap = col(func(l *Link) float64 { return l.Tap })
	n.lShift = col(func(l *Link) float64 { return l.Shift })
	n.lDiam = col(func(l *Link) float64 { return l.Diameter })
	n.lFree = col(func(l *Link) float64 { return float64(l.FreeFlow) })
	n.lParams = make(map[Param]*column, len(paramNames))
	for _, k := range slices.Sorted(maps.Keys(paramNames)) {
		c := col(func(l *Link) float64 { return l.Params[k] })
		n.lParams[k] = &c
	}
	for i := range b.links {
		l := &b.links[i]
		if len(l.Geometry) > 0 {
			if n.lGeomOff == nil {
				n.lGeomOff = []int32{0}
			}
			n.lGeomKeys = append(n.lGeomKeys, int32(i))
			n.lGeomPts = append(n.lGeomPts, l.Geometry...)
			n.lGeomOff = append(n.lGeomOff, int32(len(n.lGeomPts)))
			for _, pt := range l.Geometry {
				if err := b.crs.CheckPoint(pt); err != nil {
					p.add(fmt.Errorf("link %q: geometry: %w", l.ID, err))
					break
				}
			}
		}
		if len(l.Tags) > 0 {
			if n.lTags == nil {
				n.lTags = make(map[int32]map[string]string)
			}
			n.lTags[int32(i)] = maps.Clone(l.Tags)
		}
	}
	if len(p.errs) > 0 {
		return // indices below assume resolved endpoints
	}
	// Out-adjacency: both directions of undirected links, forward of directed.
	n.outOff, n.outNbr, n.outLink = adjacency(nc, n.lFrom, n.lTo, n.lDirected, false)
	if directed {
		n.inOff, n.inNbr, n.inLink = adjacency(nc, n.lFrom, n.lTo, n.lDirected, true)
	}
}

// adjacency builds a CSR over links in link order; reverse swaps the
// direction of directed links.
func adjacency(nc int, from, to []int32, directed []bool, reverse bool) (off, nbr, link []int32) {
	off = make([]int32, nc+1)
	for l := range from {
		f, t := from[l], to[l]
		if directed[l] {
			if reverse {
				f = t
			}
			off[f+1]++
			continue
		}
		off[f+1]++
		off[t+1]++
	}
	for i := range nc {
		off[i+1] += off[i]
	}
	nbr = make([]int32, off[nc])
	link = make([]int32, off[nc])
	next := slices.Clone(off[:nc])
	put := func(a, b int32, l int) {
		nbr[next[a]], link[next[a]] = b, int32(l)
		next[a]++
	}
	for l := range from {
		f, t := from[l], to[l]
		if directed[l] {
			if reverse {
				put(t, f, l)
			} else {
				put(f, t, l)
			}
			continue
		}
		put(f, t, l)
		put(t, f, l)
	}
	return off, nbr, link
}

func (b *Builder) compileRequirements(n *Network, index map[string]int32, p *problems) {
	nr, nc := len(b.reqs), len(b.comps)
	n.rDep = make([]int32, nr)
	n.rProvOff = make([]int32, nr+1)
	n.rLogic, n.rEffect, n.rKind = make([]Logic, nr), make([]Effect, nr), make([]DepKind, nr)
	n.rK = make([]int32, nr)
	n.rLag, n.rBuffer = make([]sim.Time, nr), make([]sim.Time, nr)
	for i := range b.reqs {
		r := &b.reqs[i]
		if err := r.Validate(); err != nil {
			if r.Dependent == "" {
				err = fmt.Errorf("requirement #%d (0-based add order): %w", i, err)
			}
			p.add(err)
		}
		d, ok := index[r.Dependent]
		if !ok && r.Dependent != "" {
			p.add(fmt.Errorf("requirement #%d: dependent %q: %w", i, r.Dependent, ErrUnknownID))
		}
		n.rDep[i] = d
		for _, id := range r.Providers {
			q, ok := index[id]
			if !ok {
				p.add(fmt.Errorf("requirement of %q: provider %q: %w", r.Dependent, id, ErrUnknownID))
			}
			n.rProv = append(n.rProv, q)
		}
		n.rProvOff[i+1] = int32(len(n.rProv))
		n.rLogic[i], n.rEffect[i], n.rKind[i] = r.Logic, r.Effect, r.Kind
		n.rK[i] = int32(r.Need())
		n.rLag[i], n.rBuffer[i] = r.Lag, r.Buffer
	}
	if len(p.errs) > 0 {
		return // indices below assume resolved components
	}
	n.rRecharge = newColumn(nr, func(i int) float64 { return b.reqs[i].Recharge })
	n.rFactor = newColumn(nr, func(i int) float64 { return b.reqs[i].Factor })
	n.depOff, n.depReq = group(nc, nr, func(r int) (int, bool) { return int(n.rDep[r]), true })
	// Reverse index: for each provider, the requirements it appears in.
	n.provOff = make([]int32, nc+1)
	for _, q := range n.rProv {
		n.provOff[q+1]++
	}
	for i := range nc {
		n.provOff[i+1] += n.provOff[i]
	}
	n.provReq = make([]int32, len(n.rProv))
	next := slices.Clone(n.provOff[:nc])
	for r := range nr {
		for _, q := range n.rProv[n.rProvOff[r]:n.rProvOff[r+1]] {
			n.provReq[next[q]] = int32(r)
			next[q]++
		}
	}
}
