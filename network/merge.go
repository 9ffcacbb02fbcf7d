package network

import (
	"fmt"
	"maps"
	"slices"
)

// Part is one system of a city given to Merge: a compiled network and the
// prefix that keeps its IDs apart from the other parts'.
type Part struct {
	// Name names the part in errors; "" means the network's name, or
	// "part #i" (0-based position) when that is empty too.
	Name string
	// Network is the system; Merge reads it and leaves it unchanged. A
	// system still in a Builder joins through Build, so that its own
	// problems are reported, by ID, before it meets the others.
	Network *Network
	// Prefix is put before every component and link ID of the part, and so
	// before the IDs its links, requirements and accesses refer to; ""
	// keeps the IDs. IDs key the random streams of hazards, so a prefix
	// changes the part's draws; the other parts' stay the same.
	Prefix string
}

// MergeOptions controls Merge. The zero value keeps the parts' common CRS
// and adds nothing across systems.
type MergeOptions struct {
	// Name is the merged network's name.
	Name string
	// WGS84 reprojects every part to WGS84 longitude/latitude even when
	// all parts share another CRS.
	WGS84 bool
	// Requirements are the cross-system requirements (a pump on the motor
	// that drives it, a substation on its SCADA node), added after the
	// parts' own requirements, in order. They name components by their
	// merged IDs, prefixes included.
	Requirements []Requirement
	// Access maps merged component IDs to the merged ID of the transport
	// component a crew must reach to work on them (its nearest road node):
	// a relation only the merged city can express. It replaces an Access
	// the part gave.
	Access map[string]string
}

// Merge combines systems built apart (a power grid, a water network and a
// road network read by different importers) into one city, and adds the
// requirements and accesses that join them. Components, links and
// requirements keep their parts' order: the parts' components in part order
// come first, then their links, then the parts' requirements and finally
// opts.Requirements. The network attributes are the union of the parts'.
//
// IDs are kept, with each part's Prefix before them. Components share one
// ID space and links another: an ID two parts both use is an error wrapping
// ErrDuplicateID that names both parts, and a Prefix on one of them resolves
// it. Two parts setting one attribute to different values (two power grids
// on different ParamBaseMVA) is an error wrapping ErrInvalid naming both.
//
// Coordinates are reconciled: parts that share a CRS keep it (Local parts
// only together, the caller asserting that they are drawn on one plane, as
// the files of one city are); otherwise, or with opts.WGS84, every location
// and link geometry is reprojected to WGS84 exactly by CRS.ToWGS84, and a part
// whose CRS has no exact inverse (Local, UTM, other EPSG codes) is refused
// with an error wrapping ErrReproject that names it. A part without
// coordinates (no located component and no link geometry, as a MATPOWER case
// has) has nothing to reconcile: it joins parts in any CRS, which the merged
// network keeps (WGS84 when no part is located and their CRSs differ).
// Lengths are properties of the links and are copied, not recomputed.
//
// The errors above, and every problem Build finds in the result (a
// requirement or access naming an unknown ID, an access that is not a
// transport component), come as one *BuildError. Merge runs in
// O(C + L + R) plus Build's O((C + L + R) log C) for C components, L links and
// R requirements in all, and holds one copy of the merged input. It panics
// with a "network:" prefix when a part's Network is nil.
//
// Merge is a function of whole networks rather than a Builder method
// adding one at a time because the decisions it makes need every part at
// once: the CRS depends on all of them, and a clash is reported with the
// names of both parts, which a Builder, knowing only add order, cannot give.
func Merge(parts []Part, opts MergeOptions) (*Network, error) {
	names := make([]string, len(parts))
	for i, pt := range parts {
		if pt.Network == nil {
			panic(fmt.Sprintf("network: Merge: part #%d has a nil Network", i))
		}
		names[i] = pt.Name
		if names[i] == "" {
			names[i] = pt.Network.Name()
		}
		if names[i] == "" {
			names[i] = fmt.Sprintf("part #%d", i)
		}
	}
	var p problems
	crs, project := mergeCRS(parts, names, opts.WGS84, &p)
	b := NewBuilder()
	b.SetName(opts.Name)
	b.SetCRS(crs)
	mergeAttrs(b, parts, names, &p)

	// ID spaces: the part each merged ID comes from.
	compOf := map[string]int{}
	linkOf := map[string]int{}
	var nc, nl, nr int
	for i, pt := range parts {
		n := pt.Network
		for c := range n.Components() {
			claim(compOf, "component", pt.Prefix+n.ComponentID(c), i, names, &p)
		}
		for l := range n.Links() {
			claim(linkOf, "link", pt.Prefix+n.LinkID(l), i, names, &p)
		}
		nc, nl, nr = nc+n.NumComponents(), nl+n.NumLinks(), nr+n.NumRequirements()
	}
	for _, id := range slices.Sorted(maps.Keys(opts.Access)) {
		if _, ok := compOf[id]; !ok {
			p.add(fmt.Errorf("access of component %q: %w", id, ErrUnknownID))
		}
	}
	if len(p.errs) > 0 {
		return nil, &BuildError{Problems: p.errs}
	}

	b.Grow(nc, nl, nr+len(opts.Requirements))
	for i, pt := range parts {
		n := pt.Network
		for c := range n.Components() {
			comp := n.Component(c)
			comp.ID = pt.Prefix + comp.ID
			if comp.Access != "" {
				comp.Access = pt.Prefix + comp.Access
			}
			if a, ok := opts.Access[comp.ID]; ok {
				comp.Access = a
			}
			if comp.Location != nil && project[i] != nil {
				q := project[i](*comp.Location)
				comp.Location = &q
			}
			b.AddComponent(comp)
		}
	}
	for i, pt := range parts {
		n := pt.Network
		for l := range n.Links() {
			link := n.Link(l)
			link.ID, link.From, link.To = pt.Prefix+link.ID, pt.Prefix+link.From, pt.Prefix+link.To
			if project[i] != nil {
				for k, q := range link.Geometry {
					link.Geometry[k] = project[i](q)
				}
			}
			b.AddLink(link)
		}
	}
	for _, pt := range parts {
		n := pt.Network
		for r := range n.Requirements() {
			req := n.Requirement(r)
			req.Dependent = pt.Prefix + req.Dependent
			for k := range req.Providers {
				req.Providers[k] = pt.Prefix + req.Providers[k]
			}
			b.AddRequirement(req)
		}
	}
	for _, req := range opts.Requirements {
		b.AddRequirement(req)
	}
	return b.Build()
}

// mergeCRS chooses the merged network's CRS and, for each part to
// reproject, the function that does it (nil: keep the coordinates). A part
// without coordinates (no located component, no link geometry) has nothing
// to reproject, so its CRS takes no part in the choice.
func mergeCRS(parts []Part, names []string, toWGS84 bool, p *problems) (CRS, []func(Point) Point) {
	project := make([]func(Point) Point, len(parts))
	var common *CRS
	same := true
	for _, pt := range parts {
		if !pt.Network.located() {
			continue
		}
		c := pt.Network.CRS()
		if common == nil {
			common = &c
		}
		same = same && c.Equal(*common)
	}
	switch {
	case common == nil && len(parts) > 0 && !toWGS84:
		// Nothing located: a CRS all parts share, or else the default.
		c := parts[0].Network.CRS()
		for _, pt := range parts[1:] {
			if !pt.Network.CRS().Equal(c) {
				return WGS84, project
			}
		}
		return c, project
	case common == nil:
		return WGS84, project
	case same && !toWGS84:
		return *common, project
	}
	for i, pt := range parts {
		c := pt.Network.CRS()
		if c.Geographic() || !pt.Network.located() {
			continue
		}
		f, err := c.ToWGS84()
		if err != nil {
			p.add(fmt.Errorf("%s: %w", names[i], err))
			continue
		}
		project[i] = f
	}
	return WGS84, project
}

// located reports whether n has coordinates: a located component or a link
// with a geometry.
func (n *Network) located() bool { return n.cLocated != nil || len(n.lGeomKeys) > 0 }

// mergeAttrs sets the union of the parts' attributes on b, reporting an
// attribute that two parts set to different values.
func mergeAttrs(b *Builder, parts []Part, names []string, p *problems) {
	from := map[Param]int{}
	for i, pt := range parts {
		for _, k := range slices.Sorted(maps.Keys(pt.Network.attrs)) {
			v := pt.Network.attrs[k]
			if j, ok := from[k]; ok {
				if w := parts[j].Network.attrs[k]; w != v {
					p.add(fmt.Errorf("attribute %q: %w: %v in %s, %v in %s", k, ErrInvalid, w, names[j], v, names[i]))
				}
				continue
			}
			from[k] = i
			b.SetAttr(k, v)
		}
	}
}

// claim records that part i uses id, reporting a clash with an earlier part.
func claim(owner map[string]int, what, id string, i int, names []string, p *problems) {
	if j, dup := owner[id]; dup {
		p.add(fmt.Errorf("%s %q: %w: in %s and in %s (a Prefix on one of them keeps them apart)", what, id, ErrDuplicateID, names[j], names[i]))
		return
	}
	owner[id] = i
}
