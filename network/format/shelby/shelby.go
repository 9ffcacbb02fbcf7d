package shelby

import (
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/internal/parse"
)

// shelbyLayer is one of the four networks of the INDP Shelby County system.
type shelbyLayer struct {
	name   string // as written in Interdep.csv and in the file names
	letter string // ID prefix
	sector network.Sector
}

var shelbyLayers = [...]shelbyLayer{
	{"Water", "W", network.Water},
	{"Power", "P", network.Power},
	{"Gas", "G", network.Gas},
	{"Telecommunication", "T", network.Telecom},
}

// shelbyNodeKinds maps the Node Type strings of the INDP files
// (snake_case) to kinds.
var shelbyNodeKinds = map[string]network.Kind{
	"storage_tank":            network.KindTank,
	"pumping_station":         network.KindPump,
	"distribution_node":       network.KindJunction,
	"gate_station":            network.KindGateStation,
	"intersections_point":     network.KindBus,
	"regulator_station":       network.KindRegulatorStation,
	"other":                   network.KindNode,
	"fiber_or_microwave_node": network.KindFiberNode,
	"splice_capsules":         network.KindSpliceCapsule,
}

// shelbyArcKinds maps the Arc Type strings (snake_case) to kinds.
var shelbyArcKinds = map[string]network.Kind{
	"water_pipe":        network.KindPipe,
	"gas_pipe":          network.KindPipe,
	"transmission_line": network.KindLine,
	"fiber_optic_cable": network.KindFiber,
	"microwave":         network.KindMicrowave,
}

// Options configure Import.
type Options struct {
	// Prefix is put before every component and link ID ("shelby/" gives
	// "shelby/W1"), so that the system can share a city with others
	// (network.Merge); empty by default.
	Prefix string
	// MaxBytes caps the size of each file in bytes: a larger file is
	// refused with a *network.ParseError wrapping network.ErrTooLarge. 0
	// means the default, 4 GiB; a negative value means no cap.
	MaxBytes int64
}

// Import reads the Shelby County files from the directory dir of fsys
// ("." for its root) as the package documentation describes.
func Import(fsys fs.FS, dir string, opts Options) (*network.Network, error) {
	b := network.NewBuilder()
	b.SetName("shelby_indp")
	nodes := make([]map[int64]bool, len(shelbyLayers))
	o := &opts
	for i, l := range shelbyLayers {
		ids, err := readShelbyNodes(b, fsys, dir, l, o)
		if err != nil {
			return nil, err
		}
		nodes[i] = ids
	}
	for i, l := range shelbyLayers {
		if err := readShelbyArcs(b, fsys, dir, l, nodes[i], o); err != nil {
			return nil, err
		}
	}
	if err := readShelbyInterdep(b, fsys, dir, nodes, o); err != nil {
		return nil, err
	}
	return parse.Build(b, dir)
}

// openCSV opens dir/name of fsys as a table with the required columns,
// streamed one row at a time (Next); cells and header names are trimmed of
// spaces. The caller closes it.
func openCSV(fsys fs.FS, dir, name string, o *Options, required ...string) (*parse.Table, error) {
	t, err := parse.OpenTable(parse.Source{FS: fsys, Name: path.Join(dir, name), Max: o.MaxBytes}, true, false)
	if err != nil {
		return nil, err
	}
	if err := t.Require(required...); err != nil {
		t.Close()
		return nil, err
	}
	return t, nil
}

func readShelbyNodes(b *network.Builder, fsys fs.FS, dir string, l shelbyLayer, o *Options) (map[int64]bool, error) {
	t, err := openCSV(fsys, dir, l.name+"Nodes.csv", o, "ID", "X", "Y", "Node Type", "Demand")
	if err != nil {
		return nil, err
	}
	defer t.Close()
	ids := map[int64]bool{}
	for t.Next() {
		r := t.Row(0)
		id := r.Count("ID")
		if r.Err == nil && ids[id] {
			r.Fail("ID", fmt.Errorf("%w: node %d", network.ErrDuplicateID, id))
		}
		ids[id] = true
		p := network.Point{X: r.MustNumber("X"), Y: r.MustNumber("Y")}
		if r.Err == nil {
			if err := network.WGS84.CheckPoint(p); err != nil {
				r.Fail("X", err)
			}
		}
		d := r.MustNumber("Demand")
		var pop int64
		if s := r.Str("population"); s != "" && !strings.EqualFold(s, "N/A") {
			pop = r.Count("population")
		}
		if r.Err != nil {
			return nil, r.Err
		}
		typ := strings.Clone(r.Str("Node Type")) // not the row's text
		c := network.Component{ID: o.Prefix + l.letter + strconv.FormatInt(id, 10), Sector: l.sector, Location: &p,
			Kind: shelbyKind(typ, shelbyNodeKinds, network.KindNode), Population: pop, Tags: map[string]string{"type": typ}}
		if kv, ok := strings.CutSuffix(string(c.Kind), "kv_substation"); ok {
			if v, err := parse.Number(kv); err == nil && v > 0 {
				c.Kind, c.Params = network.KindSubstation, map[network.Param]float64{network.ParamVnKV: v}
			}
		}
		switch {
		case d < 0:
			c.Role, c.Demand = network.RoleConsumer, -d
		case d > 0:
			c.Role, c.Capacity = network.RoleSource, d
		}
		b.AddComponent(c)
	}
	return ids, t.Err()
}

// shelbyKind maps a type label through kinds, falling back to its
// snake_case, or to def when it is empty.
func shelbyKind(label string, kinds map[string]network.Kind, def network.Kind) network.Kind {
	s := parse.SnakeCase(label)
	if k, ok := kinds[s]; ok {
		return k
	}
	if s == "" {
		return def
	}
	return network.Kind(s)
}

func readShelbyArcs(b *network.Builder, fsys fs.FS, dir string, l shelbyLayer, nodes map[int64]bool, o *Options) error {
	t, err := openCSV(fsys, dir, l.name+"Arcs.csv", o, "ID", "Length (km)", "Start Node", "End Node", "u", "f", "c", "Arc Type")
	if err != nil {
		return err
	}
	defer t.Close()
	ids := map[int64]bool{}
	for t.Next() {
		r := t.Row(0)
		id := r.Count("ID")
		if r.Err == nil && ids[id] {
			r.Fail("ID", fmt.Errorf("%w: arc %d", network.ErrDuplicateID, id))
		}
		ids[id] = true
		var ends [2]int64
		for i, col := range []string{"Start Node", "End Node"} {
			ends[i] = r.Count(col)
			if r.Err == nil && !nodes[ends[i]] {
				r.Fail(col, fmt.Errorf("%w: node %d is not in %sNodes.csv", network.ErrUnknownID, ends[i], l.name))
			}
		}
		if r.Err == nil && ends[0] == ends[1] {
			r.Fail("End Node", fmt.Errorf("%w: node %d", network.ErrSelfLoop, ends[1]))
		}
		var v [4]float64
		for i, col := range []string{"Length (km)", "u", "f", "c"} {
			v[i] = r.MustNumber(col)
			if r.Err == nil && i < 2 && v[i] < 0 {
				r.Fail(col, fmt.Errorf("%w: %v", network.ErrNegative, v[i]))
			}
		}
		if r.Err != nil {
			return r.Err
		}
		typ := strings.Clone(r.Str("Arc Type")) // not the row's text
		b.AddLink(network.Link{
			ID:       o.Prefix + l.letter + "a" + strconv.FormatInt(id, 10),
			Kind:     shelbyKind(typ, shelbyArcKinds, network.KindEdge),
			From:     o.Prefix + l.letter + strconv.FormatInt(ends[0], 10),
			To:       o.Prefix + l.letter + strconv.FormatInt(ends[1], 10),
			Length:   v[0] * 1000,
			Capacity: v[1],
			Params:   map[network.Param]float64{network.ParamFixedCost: v[2], network.ParamFlowCost: v[3]},
			Tags:     map[string]string{"type": typ},
		})
	}
	return t.Err()
}

// shelbyLayerOf finds a layer by its name in Interdep.csv (case-insensitive;
// "Telecom" is accepted for Telecommunication).
func shelbyLayerOf(name string) (int, bool) {
	for i, l := range shelbyLayers {
		if strings.EqualFold(name, l.name) || (l.sector == network.Telecom && strings.EqualFold(name, "Telecom")) {
			return i, true
		}
	}
	return 0, false
}

func readShelbyInterdep(b *network.Builder, fsys fs.FS, dir string, nodes []map[int64]bool, o *Options) error {
	t, err := openCSV(fsys, dir, "Interdep.csv", o, "Dependee Node", "Depender Node", "Dependee Network", "Depender Network", "Type")
	if err != nil {
		return err
	}
	defer t.Close()
	for t.Next() {
		r := t.Row(0)
		var ids [2]string
		for i, side := range []string{"Depender", "Dependee"} {
			net := r.Str(side + " Network")
			li, ok := shelbyLayerOf(net)
			if !ok {
				r.Fail(side+" Network", fmt.Errorf("%w: network %s (want Water, Power, Gas or Telecommunication)", network.ErrInvalid, parse.Quote(net)))
			}
			id := r.Count(side + " Node")
			if r.Err == nil && !nodes[li][id] {
				r.Fail(side+" Node", fmt.Errorf("%w: node %d is not in %sNodes.csv", network.ErrUnknownID, id, shelbyLayers[li].name))
			}
			ids[i] = o.Prefix + shelbyLayers[li].letter + strconv.FormatInt(id, 10)
		}
		if r.Err == nil && ids[0] == ids[1] {
			r.Fail("Dependee Node", fmt.Errorf("%w: %s", network.ErrSelfRequirement, ids[0]))
		}
		kind, err := network.ParseDepKind(strings.ToLower(r.Str("Type")))
		if err != nil {
			r.Fail("Type", err)
		}
		if r.Err != nil {
			return r.Err
		}
		b.AddRequirement(network.Requirement{Dependent: ids[0], Providers: []string{ids[1]}, Logic: network.All, Kind: kind})
	}
	return t.Err()
}
