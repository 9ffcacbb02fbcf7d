package network

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// shelbyLayer is one of the four networks of the INDP Shelby County system.
type shelbyLayer struct {
	name   string // as written in Interdep.csv and in the file names
	letter string // ID prefix
	sector Sector
}

var shelbyLayers = [...]shelbyLayer{
	{"Water", "W", Water},
	{"Power", "P", Power},
	{"Gas", "G", Gas},
	{"Telecommunication", "T", Telecom},
}

// shelbyNodeKinds maps the Node Type strings of the INDP files
// (snake_case) to kinds.
var shelbyNodeKinds = map[string]Kind{
	"storage_tank":            KindTank,
	"pumping_station":         KindPump,
	"distribution_node":       KindJunction,
	"gate_station":            KindGateStation,
	"intersections_point":     KindBus,
	"regulator_station":       KindRegulatorStation,
	"other":                   KindNode,
	"fiber_or_microwave_node": KindFiberNode,
	"splice_capsules":         KindSpliceCapsule,
}

// shelbyArcKinds maps the Arc Type strings (snake_case) to kinds.
var shelbyArcKinds = map[string]Kind{
	"water_pipe":        KindPipe,
	"gas_pipe":          KindPipe,
	"transmission_line": KindLine,
	"fiber_optic_cable": KindFiber,
	"microwave":         KindMicrowave,
}

// ImportShelby reads the four-layer Shelby County, Tennessee test system of
// the interdependent network design problem (INDP) literature (Gonzalez,
// Dueñas-Osorio et al.; files as in htalebiyan/Dec2py
// data/Extended_Shelby_County) from fsys: WaterNodes.csv, WaterArcs.csv,
// PowerNodes.csv, PowerArcs.csv, GasNodes.csv, GasArcs.csv,
// TelecommunicationNodes.csv, TelecommunicationArcs.csv and Interdep.csv.
// Columns are found by their header names, in any order; names and cells
// are trimmed of spaces, a repeated name is an error (ErrInvalid) and rows
// whose cells are all empty are skipped.
//
// Conventions:
//   - Each node becomes a component with ID <letter><ID> (W12, P3, G5,
//     T7: water, power, gas, telecom), Sector Water, Power, "gas" or
//     Telecom, Location (X, Y) as WGS84 lon/lat, Tags "type" = Node Type.
//   - Kind from Node Type: Storage Tank → KindTank, Pumping Station →
//     KindPump, Distribution Node → KindJunction, Gate Station →
//     "gate_station", <n>kV Substation → KindSubstation (with Params
//     "vn_kv" = n), Intersections point → KindBus, Regulator
//     Station → "regulator_station", Other → KindNode, Fiber or Microwave
//     Node → KindFiberNode, Splice Capsules → "splice_capsule"; any other
//     type → its snake_case (KindNode when empty).
//   - Demand (in the INDP model's flow units, which the files do not
//     state) is signed: Demand < 0 is consumption (Role RoleConsumer,
//     Demand = −Demand), Demand > 0 is supply (Role RoleSource, Capacity =
//     Demand), 0 is transit. The telecom layer has no source type, so its
//     sources are exactly the nodes with positive Demand (22 of 27 in the
//     published files). Each layer's supply and demand balance to within
//     rounding.
//   - Population from the "population" column when present and not
//     "N/A". The files give every node, sources included, a share of the
//     county's population; only consumers count in service figures.
//   - Each arc becomes an undirected link with ID <letter>a<ID> (Wa0),
//     Kind from Arc Type (Water/Gas pipe → KindPipe, Transmission Line →
//     KindLine, Fiber Optic Cable → KindFiber, Microwave → KindMicrowave,
//     else the snake_case), Length = Length (km) × 1000 m, Capacity = u,
//     Params "fixed_cost" = f and "flow_cost" = c (the INDP arc costs),
//     Tags "type" = Arc Type.
//   - Each Interdep.csv row becomes one requirement: Dependent = the
//     Depender Node in the Depender Network, Providers = [the Dependee
//     Node in the Dependee Network], Logic All, Kind from Type (Physical,
//     Cyber, Geographic, Logical, any case; empty is Physical), no lag and
//     no buffer. Network names are Water, Power, Gas and
//     Telecommunication (or Telecom), in any case. Rows naming the same
//     dependent are separate requirements, all of which must hold.
//
// The network is named "shelby_indp". Components are added layer by layer
// (water, power, gas, telecom) in file order, then links likewise, then
// requirements in row order.
//
// Errors are *ParseError values naming the file, line, 1-based byte column
// and header name, wrapping ErrSyntax, ErrNotFinite, ErrNegative,
// ErrOutOfRange, ErrInvalid, ErrDuplicateID, ErrUnknownID, ErrSelfLoop or
// ErrSelfRequirement; a missing file wraps fs.ErrNotExist. Problems found
// by Build, if any, come as a ParseError with File "." wrapping a
// *BuildError.
func ImportShelby(fsys fs.FS) (*Network, error) {
	b := NewBuilder()
	b.SetName("shelby_indp")
	nodes := make([]map[int64]bool, len(shelbyLayers))
	for i, l := range shelbyLayers {
		ids, err := readShelbyNodes(b, fsys, l)
		if err != nil {
			return nil, err
		}
		nodes[i] = ids
	}
	for i, l := range shelbyLayers {
		if err := readShelbyArcs(b, fsys, l, nodes[i]); err != nil {
			return nil, err
		}
	}
	if err := readShelbyInterdep(b, fsys, nodes); err != nil {
		return nil, err
	}
	return buildFile(b, ".")
}

// openCSV reads name in fsys as a table with the required columns; cells
// and header names are trimmed of spaces.
func openCSV(fsys fs.FS, name string, required ...string) (*csvTable, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, &ParseError{File: name, Err: err}
	}
	t, err := readCSVTable(name, data, true, false)
	if err != nil {
		return nil, err
	}
	return t, t.require(required...)
}

func readShelbyNodes(b *Builder, fsys fs.FS, l shelbyLayer) (map[int64]bool, error) {
	t, err := openCSV(fsys, l.name+"Nodes.csv", "ID", "X", "Y", "Node Type", "Demand")
	if err != nil {
		return nil, err
	}
	ids := map[int64]bool{}
	for i := range t.rows {
		r := t.row(i)
		id := r.count("ID")
		if r.err == nil && ids[id] {
			r.fail("ID", fmt.Errorf("%w: node %d", ErrDuplicateID, id))
		}
		ids[id] = true
		p := Point{r.mustNumber("X"), r.mustNumber("Y")}
		if r.err == nil {
			if err := WGS84.CheckPoint(p); err != nil {
				r.fail("X", err)
			}
		}
		d := r.mustNumber("Demand")
		var pop int64
		if s := r.str("population"); s != "" && !strings.EqualFold(s, "N/A") {
			pop = r.count("population")
		}
		if r.err != nil {
			return nil, r.err
		}
		typ := r.str("Node Type")
		c := Component{ID: l.letter + strconv.FormatInt(id, 10), Sector: l.sector, Location: &p,
			Kind: shelbyKind(typ, shelbyNodeKinds, KindNode), Population: pop, Tags: map[string]string{"type": typ}}
		if kv, ok := strings.CutSuffix(string(c.Kind), "kv_substation"); ok {
			if v, err := parseNumber(kv); err == nil && v > 0 {
				c.Kind, c.Params = KindSubstation, map[Param]float64{ParamVnKV: v}
			}
		}
		switch {
		case d < 0:
			c.Role, c.Demand = RoleConsumer, -d
		case d > 0:
			c.Role, c.Capacity = RoleSource, d
		}
		b.AddComponent(c)
	}
	return ids, nil
}

// shelbyKind maps a type label through kinds, falling back to its
// snake_case, or to def when it is empty.
func shelbyKind(label string, kinds map[string]Kind, def Kind) Kind {
	s := snakeCase(label)
	if k, ok := kinds[s]; ok {
		return k
	}
	if s == "" {
		return def
	}
	return Kind(s)
}

func readShelbyArcs(b *Builder, fsys fs.FS, l shelbyLayer, nodes map[int64]bool) error {
	t, err := openCSV(fsys, l.name+"Arcs.csv", "ID", "Length (km)", "Start Node", "End Node", "u", "f", "c", "Arc Type")
	if err != nil {
		return err
	}
	ids := map[int64]bool{}
	for i := range t.rows {
		r := t.row(i)
		id := r.count("ID")
		if r.err == nil && ids[id] {
			r.fail("ID", fmt.Errorf("%w: arc %d", ErrDuplicateID, id))
		}
		ids[id] = true
		var ends [2]int64
		for i, col := range []string{"Start Node", "End Node"} {
			ends[i] = r.count(col)
			if r.err == nil && !nodes[ends[i]] {
				r.fail(col, fmt.Errorf("%w: node %d is not in %sNodes.csv", ErrUnknownID, ends[i], l.name))
			}
		}
		if r.err == nil && ends[0] == ends[1] {
			r.fail("End Node", fmt.Errorf("%w: node %d", ErrSelfLoop, ends[1]))
		}
		var v [4]float64
		for i, col := range []string{"Length (km)", "u", "f", "c"} {
			v[i] = r.mustNumber(col)
			if r.err == nil && i < 2 && v[i] < 0 {
				r.fail(col, fmt.Errorf("%w: %v", ErrNegative, v[i]))
			}
		}
		if r.err != nil {
			return r.err
		}
		typ := r.str("Arc Type")
		b.AddLink(Link{
			ID:       l.letter + "a" + strconv.FormatInt(id, 10),
			Kind:     shelbyKind(typ, shelbyArcKinds, KindEdge),
			From:     l.letter + strconv.FormatInt(ends[0], 10),
			To:       l.letter + strconv.FormatInt(ends[1], 10),
			Length:   v[0] * 1000,
			Capacity: v[1],
			Params:   map[Param]float64{ParamFixedCost: v[2], ParamFlowCost: v[3]},
			Tags:     map[string]string{"type": typ},
		})
	}
	return nil
}

// shelbyLayerOf finds a layer by its name in Interdep.csv (case-insensitive;
// "Telecom" is accepted for Telecommunication).
func shelbyLayerOf(name string) (int, bool) {
	for i, l := range shelbyLayers {
		if strings.EqualFold(name, l.name) || (l.sector == Telecom && strings.EqualFold(name, "Telecom")) {
			return i, true
		}
	}
	return 0, false
}

func readShelbyInterdep(b *Builder, fsys fs.FS, nodes []map[int64]bool) error {
	t, err := openCSV(fsys, "Interdep.csv", "Dependee Node", "Depender Node", "Dependee Network", "Depender Network", "Type")
	if err != nil {
		return err
	}
	for i := range t.rows {
		r := t.row(i)
		var ids [2]string
		for i, side := range []string{"Depender", "Dependee"} {
			net := r.str(side + " Network")
			li, ok := shelbyLayerOf(net)
			if !ok {
				r.fail(side+" Network", fmt.Errorf("%w: network %q (want Water, Power, Gas or Telecommunication)", ErrInvalid, net))
			}
			id := r.count(side + " Node")
			if r.err == nil && !nodes[li][id] {
				r.fail(side+" Node", fmt.Errorf("%w: node %d is not in %sNodes.csv", ErrUnknownID, id, shelbyLayers[li].name))
			}
			ids[i] = shelbyLayers[li].letter + strconv.FormatInt(id, 10)
		}
		if r.err == nil && ids[0] == ids[1] {
			r.fail("Dependee Node", fmt.Errorf("%w: %s", ErrSelfRequirement, ids[0]))
		}
		kind, err := ParseDepKind(strings.ToLower(r.str("Type")))
		if err != nil {
			r.fail("Type", err)
		}
		if r.err != nil {
			return r.err
		}
		b.AddRequirement(Requirement{Dependent: ids[0], Providers: []string{ids[1]}, Logic: All, Kind: kind})
	}
	return nil
}
