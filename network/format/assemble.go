package format

import (
	"errors"
	"fmt"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/internal/parse"
)

// table names the part of a file a record belongs to.
type table uint8

const (
	tableHeader table = iota
	tableComponents
	tableLinks
	tableRequirements
)

// locator returns a ParseError (Err unset) placing field of record i of
// table t in the file (i as the reader counts: the element of its list,
// the feature, the row); at is where the reader found the record (a byte
// offset for JSON and GeoJSON, a line for CSV). Field "" means the record
// as a whole. Fields are record field names ("role", "location",
// "geometry", "free_flow"), a provider as "providers[j]", and for the
// header "version", "name", "crs". A locator never fails: a place it
// cannot find is left at 0.
type locator func(t table, i int, at int64, field string) *network.ParseError

// assembler checks records one by one as a reader streams them (Validate,
// the CRS range, duplicate and unknown IDs, links across sectors), places
// each problem in the file through the reader's locator, and adds them to
// a Builder: no record outlives its turn, so reading takes the Builder's
// memory plus an index of IDs. The first problem stops reading.
//
// A link or requirement may name a component that comes later in the file
// (a GIS tool may reorder features); its check waits for the end (finish),
// holding just the names it needs, and so does a component's access.
type assembler struct {
	file string
	loc  locator
	crs  network.CRS
	b    *network.Builder
	// sector maps each component ID to the ID itself (so that references
	// to it share its text) and its sector's number in sectors.
	sector  map[string]idRef
	sectors []network.Sector
	links   map[string]struct{}
	later   []deferred
	strs    map[string]string // interned names: kinds, zones, parameters
}

// idRef is what the assembler knows of a component by its ID.
type idRef struct {
	id     string
	sector int32
}

// maxInterned bounds the names interned: names are few (kinds, zones,
// parameter names), and a file of distinct names gains nothing.
const maxInterned = 1 << 12

// intern returns s, or the copy of its text read earlier: a decoder
// allocates every string it reads, and the Builder keeps them until Build.
func (a *assembler) intern(s string) string {
	if s == "" {
		return s
	}
	if t, ok := a.strs[s]; ok {
		return t
	}
	s = strings.Clone(s) // not a piece of a larger text the reader holds (a CSV row)
	if len(a.strs) < maxInterned {
		a.strs[s] = s
	}
	return s
}

// canon returns the ID id as its component holds it, or a copy of id
// when unknown (yet), not a piece of a larger text.
func (a *assembler) canon(id string) string {
	if r, ok := a.sector[id]; ok {
		return r.id
	}
	return strings.Clone(id)
}

// internMaps interns the keys of params and tags in place (storing an
// equal string key replaces the stored one).
func (a *assembler) internMaps(params map[network.Param]float64, tags map[string]string) {
	for k, v := range params {
		params[network.Param(a.intern(string(k)))] = v
	}
	for k, v := range tags {
		tags[a.intern(k)] = a.intern(v)
	}
}

// deferred is a check that waits for every component: a reference of
// record i (found at at) of table t, in field, to the component id; for a
// link's "to", from names the other end, for the sector check.
type deferred struct {
	t         table
	i         int
	at        int64
	field     string
	id, other string
}

// newAssembler starts a network with the header h.
func newAssembler(file string, h headerRecord, loc locator) (*assembler, error) {
	a := &assembler{file: file, loc: loc, b: network.NewBuilder(), sector: map[string]idRef{}, links: map[string]struct{}{},
		strs: map[string]string{}}
	crs, err := network.ParseCRS(h.CRS)
	if err != nil {
		return nil, a.fail(tableHeader, 0, 0, "crs", err)
	}
	a.crs = crs
	a.b.SetName(h.Name)
	a.b.SetCRS(crs)
	for k, v := range h.Attrs {
		a.b.SetAttr(k, v)
	}
	return a, nil
}

// fail places err, or the field a *fieldError names, through the locator.
func (a *assembler) fail(t table, i int, at int64, field string, err error) error {
	var fe *fieldError
	if errors.As(err, &fe) {
		field, err = fe.field, fe.err
	}
	pe := a.loc(t, i, at, field)
	pe.Err = err
	return pe
}

// sectorOf returns the number of sector s, adding it when new.
func (a *assembler) sectorOf(s network.Sector) int32 {
	for i, t := range a.sectors {
		if t == s {
			return int32(i)
		}
	}
	a.sectors = append(a.sectors, s)
	return int32(len(a.sectors) - 1)
}

// component checks and adds the next component, record i of the reader
// (its index in the file's list), found at at.
func (a *assembler) component(r *componentRecord, i int, at int64) error {
	c, err := r.component()
	if err != nil {
		return a.fail(tableComponents, i, at, "", err)
	}
	if err := c.Validate(); err != nil {
		return a.fail(tableComponents, i, at, "", err)
	}
	if c.Location != nil {
		if err := a.crs.CheckPoint(*c.Location); err != nil {
			return a.fail(tableComponents, i, at, "location", err)
		}
	}
	if _, dup := a.sector[c.ID]; dup {
		return a.fail(tableComponents, i, at, "id", fmt.Errorf("%w: component %s", network.ErrDuplicateID, parse.Quote(c.ID)))
	}
	a.sector[c.ID] = idRef{c.ID, a.sectorOf(c.Sector)}
	c.Sector = a.sectors[a.sector[c.ID].sector]
	c.Kind = network.Kind(a.intern(string(c.Kind)))
	c.Zone, c.Fragility, c.Access = a.intern(c.Zone), a.intern(c.Fragility), a.canon(c.Access)
	a.internMaps(c.Params, c.Tags)
	if _, ok := a.sector[c.Access]; c.Access != "" && !ok { // else known: nothing to wait for
		a.later = append(a.later, deferred{t: tableComponents, i: i, at: at, field: "access", id: c.Access})
	}
	a.b.AddComponent(c)
	return nil
}

// link checks and adds the next link, record i of the reader, found at at.
func (a *assembler) link(r *linkRecord, i int, at int64) error {
	l, err := r.link()
	if err != nil {
		return a.fail(tableLinks, i, at, "", err)
	}
	if err := l.Validate(); err != nil {
		return a.fail(tableLinks, i, at, "", err)
	}
	for _, p := range l.Geometry {
		if err := a.crs.CheckPoint(p); err != nil {
			return a.fail(tableLinks, i, at, "geometry", err)
		}
	}
	if _, dup := a.links[l.ID]; dup {
		return a.fail(tableLinks, i, at, "id", fmt.Errorf("%w: link %s", network.ErrDuplicateID, parse.Quote(l.ID)))
	}
	a.links[l.ID] = struct{}{}
	l.From, l.To = a.canon(l.From), a.canon(l.To)
	l.Kind, l.Fragility = network.Kind(a.intern(string(l.Kind))), a.intern(l.Fragility)
	a.internMaps(l.Params, l.Tags)
	_, fromOK := a.sector[l.From]
	_, toOK := a.sector[l.To]
	if fromOK && toOK {
		if err := a.ends(l.From, l.To); err != nil {
			return a.fail(tableLinks, i, at, "to", err)
		}
	} else {
		a.later = append(a.later, deferred{t: tableLinks, i: i, at: at, field: "from", id: l.From},
			deferred{t: tableLinks, i: i, at: at, field: "to", id: l.To, other: l.From})
	}
	a.b.AddLink(l)
	return nil
}

// ends reports a link joining components of two sectors.
func (a *assembler) ends(from, to string) error {
	sf, st := a.sector[from].sector, a.sector[to].sector
	if sf == st {
		return nil
	}
	return fmt.Errorf("%w (%s is %s, %s is %s)", network.ErrCrossSector,
		parse.Quote(from), parse.Quote(string(a.sectors[sf])), parse.Quote(to), parse.Quote(string(a.sectors[st])))
}

// requirement checks and adds the next requirement, record i of the
// reader, found at at.
func (a *assembler) requirement(r *requirementRecord, i int, at int64) error {
	q, err := r.requirement()
	if err != nil {
		return a.fail(tableRequirements, i, at, "", err)
	}
	if err := q.Validate(); err != nil {
		return a.fail(tableRequirements, i, at, "", err)
	}
	q.Dependent = a.canon(q.Dependent)
	a.ref(tableRequirements, i, at, "dependent", q.Dependent)
	for j, p := range q.Providers {
		q.Providers[j] = a.canon(p)
		a.ref(tableRequirements, i, at, fmt.Sprintf("providers[%d]", j), p)
	}
	a.b.AddRequirement(q)
	return nil
}

// ref defers the check of a reference to a component not seen yet.
func (a *assembler) ref(t table, i int, at int64, field, id string) {
	if _, ok := a.sector[id]; !ok {
		a.later = append(a.later, deferred{t: t, i: i, at: at, field: field, id: id})
	}
}

// finish runs the checks that waited for every component, in file order
// (components, links, requirements), and builds the network. Problems only
// Build finds are returned as a *ParseError with only File set, wrapping
// the *BuildError.
func (a *assembler) finish() (*network.Network, error) {
	for _, d := range a.later {
		if _, ok := a.sector[d.id]; !ok {
			what := parse.Quote(d.id)
			if d.field == "access" {
				what = "access " + what
			}
			return nil, a.fail(d.t, d.i, d.at, d.field, fmt.Errorf("%w: %s", network.ErrUnknownID, what))
		}
		if d.t == tableLinks && d.field == "to" {
			if err := a.ends(d.other, d.id); err != nil {
				return nil, a.fail(d.t, d.i, d.at, "to", err)
			}
		}
	}
	a.later = nil
	a.sector, a.links, a.strs = nil, nil, nil
	return parse.Build(a.b, a.file)
}
