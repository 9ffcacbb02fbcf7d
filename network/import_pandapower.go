package network

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// PandapowerOptions controls ImportPandapower. The zero value reads bus
// coordinates as WGS84 lon/lat and uses pandapower names as IDs.
type PandapowerOptions struct {
	// CRS of bus_geodata. InfraRisk's Shelby County network is Web
	// Mercator (WebMercator); its Micropolis and in2 networks are drawn on
	// unreferenced planes (Local).
	CRS CRS
	// Prefix is put before every component and link ID (for combining
	// networks); "" means none.
	Prefix string
}

// Validate checks the options: a valid CRS.
func (o *PandapowerOptions) Validate() error {
	if err := o.CRS.Validate(); err != nil {
		return fmt.Errorf("pandapower: %w", err)
	}
	return nil
}

// ImportPandapower reads a pandapower network saved with
// pandapower.to_json (format version 2.x; InfraRisk's files are 2.6.0):
// a JSON object {"_module", "_class": "pandapowerNet", "_object": {…}}
// whose tables are pandas DataFrames {"_class": "DataFrame", "orient":
// "split", "_object": "<JSON string>"}; the string holds {"columns",
// "index", "data"}. file names the input in errors.
//
// Conventions (pandapower index = the DataFrame index, which need not be
// 0, 1, 2, … but must not repeat within a table):
//   - bus → component, Sector Power, Kind KindBus, Params "vn_kv", Zone
//     from "zone". A bus with at least one in-service load is RoleConsumer
//     with Demand = Σ p_mw × scaling (MW) over its in-service rows of
//     "load" and "asymmetric_load" (p_a_mw + p_b_mw + p_c_mw; a negative
//     value, generation written as load, is an error); other buses are
//     RoleTransit. Location = bus_geodata (x, y) in opts.CRS.
//   - ext_grid, gen, sgen → component, Kind KindGenerator, RoleSource,
//     Tags "table"; gen and sgen carry Params "p_mw" (× scaling for sgen)
//     and Capacity = max_p_mw when given. motor → component, Kind
//     KindMotor, RoleConsumer, Demand = pn_mech_mw / (efficiency_percent /
//     100) × loading_percent / 100 × scaling MW (pandapower's motor
//     load). Each is joined to its bus by a KindConnection link with ID
//     "<component ID>-conn", out of service when the element is; it takes
//     its bus's location.
//   - line → link, Kind KindLine, from_bus to to_bus, Length = length_km ×
//     1000 m, Reactance = x_ohm_per_km × length_km / parallel ÷ (vn_kv² /
//     sn_mva) per unit with vn_kv of from_bus and the network's sn_mva
//     (attribute "base_mva", default 1 MVA), Rating ≈ √3 × max_i_ka ×
//     vn_kv × parallel × df MW (apparent power at rated voltage taken as
//     real power: an approximation), Tags "std_type".
//   - trafo → link, Kind KindTransformer, hv_bus to lv_bus, Reactance =
//     vk_percent / 100 × sn_mva(net) / sn_mva(trafo) × (vn_lv_kv / vn_kv(lv
//     bus))² / parallel per unit (the short-circuit impedance taken as
//     reactance: resistance ignored), Rating = sn_mva × parallel MVA taken
//     as MW, Tap = the off-nominal ratio (vn_hv_kv / vn_kv(hv bus)) /
//     (vn_lv_kv / vn_kv(lv bus)) (stored only when it is not 1), where the
//     tap changer scales vn_hv_kv or vn_lv_kv (tap_side) by 1 + (tap_pos −
//     tap_neutral) × tap_step_percent / 100; Shift = shift_degree, plus
//     ±(tap_pos − tap_neutral) × tap_step_degree (+ on the hv side) for a
//     tap_phase_shifter. This follows pandapower's branch model with
//     calculate_voltage_angles on (its default for networks above 70 kV);
//     the angle of a tap changer that is not a phase shifter
//     (tap_step_degree without tap_phase_shifter) is ignored.
//   - switch with et "b" → link, Kind KindSwitch, bus to element,
//     OutOfService when open. A switch with et "l" or "t" is recorded on
//     its line or transformer as Tags "switch_from"/"switch_to" (the
//     switch ID, at the end matching its bus) and "switch_from_state"/
//     "switch_to_state" ("open" or "closed"); an open one takes the branch
//     out of service, as it carries no power in pandapower.
//   - in_service false → OutOfService on the link; on a bus, Tags
//     "in_service" = "false" and every link touching it out of service;
//     out-of-service loads and motors add no demand.
//   - IDs are the pandapower names with opts.Prefix; a null or empty name
//     falls back to <table><index> (bus12, trafo7). A repeated name keeps
//     its first use (buses, then ext_grid, gen, sgen, motor; for links:
//     line, trafo, switch, connections) and becomes name#<index> on later
//     ones (then name#<index>.2, …), so IDs are stable and unique.
//   - The network takes the file's "name", Attr "base_mva" = sn_mva and
//     "f_hz".
//
// Tables read: bus, load, asymmetric_load, motor, ext_grid, gen, sgen,
// line, trafo, switch, bus_geodata. A non-empty trafo3w, impedance or
// dcline table is an error (ErrInvalid), as its topology would be lost.
// Everything else (shunt, ward, xward, storage, line_geodata, costs,
// controllers, results, std_types) is ignored.
//
// Errors are *ParseError values with Field "table.column" (or the
// top-level key) wrapping ErrSyntax, ErrVersion, ErrInvalid (also for a
// key repeated in a JSON object), ErrNegative,
// ErrNotFinite, ErrDuplicateID, ErrUnknownID or ErrSelfLoop. Line and Col
// (1-based, bytes) locate the cell in the outer JSON, through the escapes
// of the table string. Problems found by Build (a demand sum that
// overflows) come as a ParseError naming the file that wraps a
// *BuildError; invalid options return the error of Validate. The whole
// input is held in memory; time is linear in its size.
func ImportPandapower(r io.Reader, file string, opts PandapowerOptions) (*Network, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	doc, err := readJSONDoc(r, file)
	if err != nil {
		return nil, err
	}
	d := &ppDoc{jsonDoc: *doc, prefix: opts.Prefix, crs: opts.CRS}
	if err := d.read(); err != nil {
		return nil, err
	}
	b := NewBuilder()
	b.SetCRS(opts.CRS)
	if err := d.convert(b); err != nil {
		return nil, err
	}
	return buildFile(b, file)
}

// ppDoc is a pandapower file being read; its jsonDoc places errors.
type ppDoc struct {
	jsonDoc
	prefix string
	crs    CRS
	name   string
	snMVA  float64
	fHz    float64
	tables map[string]*ppTable
}

// ppTable is a pandas DataFrame in split orientation.
type ppTable struct {
	doc   *ppDoc
	name  string
	cols  map[string]int
	index []int64
	// rows holds the cells, with offsets in the decoded table string.
	rows [][]jsonSpan
	// lit is the absolute offset of the table's string literal and offs
	// maps offsets of the decoded string to offsets in the literal.
	lit  int
	offs []int32
}

// abs maps an offset of the decoded table string to the file.
func (t *ppTable) abs(off int) int {
	off = max(0, min(off, len(t.offs)-1))
	return t.lit + int(t.offs[off])
}

// errAt returns a ParseError at offset off of the decoded table string,
// naming the field table.col (or the table when col is "").
func (t *ppTable) errAt(off int, col string, err error) *ParseError {
	field := t.name
	if col != "" {
		field += "." + col
	}
	return t.doc.errAt(t.abs(off), field, err)
}

// cell returns the cell of row i in column col, and false when the table
// lacks the column.
func (t *ppTable) cell(i int, col string) (jsonSpan, bool) {
	j, ok := t.cols[col]
	if !ok {
		return jsonSpan{}, false
	}
	return t.rows[i][j], true
}

// need checks that the table has the columns.
func (t *ppTable) need(cols ...string) error {
	for _, c := range cols {
		if _, ok := t.cols[c]; !ok {
			return t.errAt(0, c, fmt.Errorf("%w: missing column", ErrSyntax))
		}
	}
	return nil
}

// num reads a numeric cell. A null cell or a missing column gives def; a
// NaN def makes the value required (null is then ErrNotFinite, as pandas
// writes NaN as null).
func (t *ppTable) num(i int, col string, def float64) (float64, error) {
	c, ok := t.cell(i, col)
	if !ok || string(c.val) == "null" {
		if math.IsNaN(def) {
			return 0, t.errAt(c.off, col, fmt.Errorf("%w: null", ErrNotFinite))
		}
		return def, nil
	}
	if len(c.val) == 0 || (c.val[0] != '-' && (c.val[0] < '0' || c.val[0] > '9')) {
		return 0, t.errAt(c.off, col, fmt.Errorf("%w: want a number, have %.40s", ErrSyntax, c.val))
	}
	v, err := parseNumber(string(c.val))
	if err != nil {
		return 0, t.errAt(c.off, col, err)
	}
	return v, nil
}

// nonNegative reads a numeric cell that must not be negative.
func (t *ppTable) nonNegative(i int, col string, def float64) (float64, error) {
	v, err := t.num(i, col, def)
	if err == nil && v < 0 {
		c, _ := t.cell(i, col)
		err = t.errAt(c.off, col, fmt.Errorf("%w: %v", ErrNegative, v))
	}
	return v, err
}

// positive reads a numeric cell that must be above zero.
func (t *ppTable) positive(i int, col string, def float64) (float64, error) {
	v, err := t.num(i, col, def)
	if err == nil && !(v > 0) {
		c, _ := t.cell(i, col)
		err = t.errAt(c.off, col, fmt.Errorf("%w: %v, want a positive value", ErrInvalid, v))
	}
	return v, err
}

// boolean reads a true/false cell; null or a missing column gives def.
func (t *ppTable) boolean(i int, col string, def bool) (bool, error) {
	c, ok := t.cell(i, col)
	if !ok {
		return def, nil
	}
	switch string(c.val) {
	case "null":
		return def, nil
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, t.errAt(c.off, col, fmt.Errorf("%w: want true or false, have %.40s", ErrSyntax, c.val))
}

// str reads a text cell: "" for null or a missing column; a number is
// taken as its text.
func (t *ppTable) str(i int, col string) (string, error) {
	c, ok := t.cell(i, col)
	if !ok || string(c.val) == "null" {
		return "", nil
	}
	if c.val[0] == '"' {
		var s string
		if err := json.Unmarshal(c.val, &s); err != nil {
			return "", t.errAt(c.off, col, fmt.Errorf("%w: %v", ErrSyntax, err))
		}
		return s, nil
	}
	if c.val[0] == '-' || ('0' <= c.val[0] && c.val[0] <= '9') {
		return string(c.val), nil
	}
	return "", t.errAt(c.off, col, fmt.Errorf("%w: want text, have %.40s", ErrSyntax, c.val))
}

// ref reads a cell holding the index of a row of another table.
func (t *ppTable) ref(i int, col string) (int64, error) {
	v, err := t.num(i, col, math.NaN())
	if err != nil {
		return 0, err
	}
	k, err := countOf(v)
	if err != nil {
		c, _ := t.cell(i, col)
		return 0, t.errAt(c.off, col, err)
	}
	return k, nil
}

// parseSplit reads the decoded table string {"columns", "index", "data"}.
func (t *ppTable) parseSplit(buf []byte) *positionError {
	ms, perr := objectMembers(jsonSpan{buf, 0}, ErrSyntax)
	if perr != nil {
		return perr
	}
	var cols []string
	var data []byte
	dataOff, have := 0, 0
	for _, m := range ms {
		switch m.key {
		case "columns":
			if err := json.Unmarshal(m.val, &cols); err != nil {
				return &positionError{off: m.off, err: fmt.Errorf("%w: columns: want a list of names", ErrSyntax)}
			}
			have |= 1
		case "index":
			vals, perr := arrayValues(m.jsonSpan, ErrSyntax)
			if perr != nil {
				return perr
			}
			seen := make(map[int64]bool, len(vals))
			for _, v := range vals {
				x, err := parseNumber(string(v.val))
				var k int64
				if err == nil {
					k, err = countOf(x)
				}
				if err == nil && seen[k] {
					err = fmt.Errorf("%w: %d", ErrDuplicateID, k)
				}
				if err != nil {
					return &positionError{off: v.off, err: fmt.Errorf("index: %w", err)}
				}
				seen[k] = true
				t.index = append(t.index, k)
			}
			have |= 2
		case "data":
			data, dataOff = m.val, m.off
			have |= 4
		}
	}
	if have != 7 {
		return &positionError{err: fmt.Errorf("%w: want \"columns\", \"index\" and \"data\" (split orientation)", ErrSyntax)}
	}
	t.cols = make(map[string]int, len(cols))
	for j, c := range cols {
		if _, dup := t.cols[c]; dup {
			return &positionError{err: fmt.Errorf("%w: column %q twice", ErrSyntax, c)}
		}
		t.cols[c] = j
	}
	rows, perr := arrayValues(jsonSpan{data, dataOff}, ErrSyntax)
	if perr != nil {
		return perr
	}
	if len(rows) != len(t.index) {
		return &positionError{off: dataOff, err: fmt.Errorf("%w: %d rows, %d index entries", ErrSyntax, len(rows), len(t.index))}
	}
	t.rows = make([][]jsonSpan, len(rows))
	for i, row := range rows {
		cells, perr := arrayValues(row, ErrSyntax)
		if perr != nil {
			return perr
		}
		if len(cells) != len(cols) {
			return &positionError{off: row.off, err: fmt.Errorf("%w: row of %d cells, %d columns", ErrSyntax, len(cells), len(cols))}
		}
		t.rows[i] = cells
	}
	return nil
}

// ppTablesRead are the tables the importer uses; ppTablesRejected carry
// topology it cannot represent.
var (
	ppTablesRead     = []string{"bus", "load", "asymmetric_load", "motor", "ext_grid", "gen", "sgen", "line", "trafo", "switch", "bus_geodata"}
	ppTablesRejected = []string{"trafo3w", "impedance", "dcline"}
)

// read parses the outer document (valid JSON) and the tables the importer
// uses.
func (d *ppDoc) read() error {
	top, perr := objectMembers(jsonSpan{d.data, 0}, ErrSyntax)
	if perr != nil {
		return d.errAt(perr.off, "", perr.err)
	}
	var obj *jsonMember
	for i, m := range top {
		switch m.key {
		case "_class":
			var c string
			if json.Unmarshal(m.val, &c) != nil || c != "pandapowerNet" {
				return d.errAt(m.off, "_class", fmt.Errorf("%w: %s, want \"pandapowerNet\"", ErrInvalid, m.val))
			}
		case "_object":
			obj = &top[i]
		}
	}
	if obj == nil {
		return d.errAt(0, "_object", fmt.Errorf("%w: not a pandapower network (no \"_object\")", ErrSyntax))
	}
	members, perr := objectMembers(obj.jsonSpan, ErrSyntax)
	if perr != nil {
		return d.errAt(perr.off, "_object", perr.err)
	}
	d.snMVA = 1
	d.tables = map[string]*ppTable{}
	version := ""
	for _, m := range members {
		switch m.key {
		case "version":
			if json.Unmarshal(m.val, &version) != nil {
				return d.errAt(m.off, "version", fmt.Errorf("%w: %s, want a string", ErrVersion, m.val))
			}
		case "name":
			if json.Unmarshal(m.val, &d.name) != nil {
				d.name = ""
			}
		case "sn_mva", "f_hz":
			v, err := parseNumber(string(m.val))
			if err == nil && !(v > 0) {
				err = fmt.Errorf("%w: %v, want a positive value", ErrInvalid, v)
			}
			if err != nil {
				return d.errAt(m.off, m.key, err)
			}
			if m.key == "sn_mva" {
				d.snMVA = v
			} else {
				d.fHz = v
			}
		}
	}
	if major, _, _ := strings.Cut(version, "."); major != "2" {
		return d.errAt(obj.off, "version", fmt.Errorf("%w: pandapower format %q (want 2.x)", ErrVersion, version))
	}
	for _, m := range members {
		rejected := slices.Contains(ppTablesRejected, m.key)
		if !rejected && !slices.Contains(ppTablesRead, m.key) {
			continue
		}
		t, err := d.readTable(m)
		if err != nil {
			return err
		}
		if rejected && len(t.rows) > 0 {
			return d.errAt(m.off, m.key, fmt.Errorf("%w: %d rows of table %q, which the importer does not support", ErrInvalid, len(t.rows), m.key))
		}
		d.tables[m.key] = t
	}
	if d.tables["bus"] == nil {
		return d.errAt(obj.off, "bus", fmt.Errorf("%w: missing table", ErrSyntax))
	}
	return nil
}

// readTable reads a DataFrame wrapper and its split-orientation string.
func (d *ppDoc) readTable(m jsonMember) (*ppTable, error) {
	wrap, perr := objectMembers(m.jsonSpan, ErrSyntax)
	if perr != nil {
		return nil, d.errAt(perr.off, m.key, perr.err)
	}
	t := &ppTable{doc: d, name: m.key, lit: -1}
	var lit []byte
	for _, w := range wrap {
		switch w.key {
		case "orient":
			var o string
			if json.Unmarshal(w.val, &o) != nil || o != "split" {
				return nil, d.errAt(w.off, m.key+".orient", fmt.Errorf("%w: %s, want \"split\"", ErrInvalid, w.val))
			}
		case "_object":
			lit, t.lit = w.val, w.off
		}
	}
	if t.lit < 0 {
		return nil, d.errAt(m.off, m.key, fmt.Errorf("%w: not a DataFrame (no \"_object\")", ErrSyntax))
	}
	buf, offs, err := unquoteMapped(lit)
	if err != nil {
		return nil, d.errAt(t.lit, m.key, err)
	}
	t.offs = offs
	if perr := checkJSON(buf); perr != nil {
		return nil, t.errAt(perr.off, "", perr.err)
	}
	if perr := t.parseSplit(buf); perr != nil {
		return nil, t.errAt(perr.off, "", perr.err)
	}
	return t, nil
}

// rowOff is the offset of row i of t (or of the table when it has none).
func (t *ppTable) rowOff(i int) int {
	if i < len(t.rows) && len(t.rows[i]) > 0 {
		return t.rows[i][0].off
	}
	return 0
}

// ppRow reads the cells of row i of a table, keeping the first error: once
// a read fails, later reads return zero values and err reports the
// failure, so that a converter reads a row straight through.
type ppRow struct {
	t   *ppTable
	i   int
	err error
}

func (r *ppRow) keep(err error) bool {
	if r.err == nil {
		r.err = err
	}
	return r.err == nil
}

// fail records err at the cell of col.
func (r *ppRow) fail(col string, err error) {
	v, _ := r.t.cell(r.i, col)
	r.keep(r.t.errAt(v.off, col, err))
}

func (r *ppRow) num(col string, def float64) float64 {
	if r.err != nil {
		return 0
	}
	v, err := r.t.num(r.i, col, def)
	r.keep(err)
	return v
}

func (r *ppRow) nonNegative(col string, def float64) float64 {
	if r.err != nil {
		return 0
	}
	v, err := r.t.nonNegative(r.i, col, def)
	r.keep(err)
	return v
}

func (r *ppRow) positive(col string, def float64) float64 {
	if r.err != nil {
		return 0
	}
	v, err := r.t.positive(r.i, col, def)
	r.keep(err)
	return v
}

func (r *ppRow) boolean(col string, def bool) bool {
	if r.err != nil {
		return false
	}
	v, err := r.t.boolean(r.i, col, def)
	r.keep(err)
	return v
}

func (r *ppRow) str(col string) string {
	if r.err != nil {
		return ""
	}
	v, err := r.t.str(r.i, col)
	r.keep(err)
	return v
}

func (r *ppRow) ref(col string) int64 {
	if r.err != nil {
		return 0
	}
	v, err := r.t.ref(r.i, col)
	r.keep(err)
	return v
}

// ppBus is what the converter keeps of a bus.
type ppBus struct {
	id       string
	vn       float64
	zone     string
	loc      *Point
	off      bool
	demand   float64
	consumer bool
}

// ppBranch locates a line or transformer for the switches that name it.
type ppBranch struct {
	link     int // index into ppConverter.links
	from, to int64
}

// ppConn is a connection link waiting for its ID (see the ID rule).
type ppConn struct {
	link Link
	key  int64
}

// ppConverter turns the tables of a ppDoc into components and links.
type ppConverter struct {
	d                *ppDoc
	b                *Builder
	compIDs, linkIDs idSet
	buses            map[int64]*ppBus
	links            []Link
	conns            []ppConn
	lineAt, trafoAt  map[int64]ppBranch
}

// convert adds the network to b.
func (d *ppDoc) convert(b *Builder) error {
	b.SetName(d.name)
	b.SetAttr(ParamBaseMVA, d.snMVA)
	if d.fHz > 0 {
		b.SetAttr(ParamFrequencyHz, d.fHz)
	}
	c := &ppConverter{d: d, b: b, compIDs: idSet{}, linkIDs: idSet{},
		lineAt: map[int64]ppBranch{}, trafoAt: map[int64]ppBranch{}}
	for _, step := range []func() error{c.convertBuses, c.convertAttached, c.convertLines, c.convertTrafos, c.convertSwitches} {
		if err := step(); err != nil {
			return err
		}
	}
	for _, l := range c.links {
		b.AddLink(l)
	}
	for _, k := range c.conns {
		k.link.ID = c.linkIDs.claim(k.link.ID, k.key)
		b.AddLink(k.link)
	}
	return nil
}

// rows returns a reader for each row of the named table (none when the
// file lacks it), after checking that a non-empty table has the columns
// named.
func (c *ppConverter) rows(name string, need ...string) ([]ppRow, error) {
	t := c.d.tables[name]
	if t == nil || len(t.rows) == 0 {
		return nil, nil
	}
	if err := t.need(need...); err != nil {
		return nil, err
	}
	rows := make([]ppRow, len(t.rows))
	for i := range rows {
		rows[i] = ppRow{t: t, i: i}
	}
	return rows, nil
}

// ident claims the ID of row r (see the ID rule).
func (c *ppConverter) ident(ids idSet, r *ppRow) string {
	name := r.str("name")
	if r.err != nil {
		return ""
	}
	k := r.t.index[r.i]
	if name == "" {
		name = r.t.name + strconv.FormatInt(k, 10)
	}
	return ids.claim(c.d.prefix+name, k)
}

// bus resolves the bus that column col of row r refers to.
func (c *ppConverter) bus(r *ppRow, col string) (*ppBus, int64) {
	k := r.ref(col)
	if r.err != nil {
		return &ppBus{}, 0
	}
	bb, ok := c.buses[k]
	if !ok {
		r.fail(col, fmt.Errorf("%w: bus %d", ErrUnknownID, k))
		return &ppBus{}, 0
	}
	return bb, k
}

// convertBuses adds the buses with their locations and loads.
func (c *ppConverter) convertBuses() error {
	buses, err := c.rows("bus", "vn_kv")
	if err != nil {
		return err
	}
	c.buses = make(map[int64]*ppBus, len(buses))
	order := make([]*ppBus, len(buses))
	for i := range buses {
		r := &buses[i]
		bb := &ppBus{id: c.ident(c.compIDs, r), vn: r.positive("vn_kv", math.NaN()), off: !r.boolean("in_service", true), zone: r.str("zone")}
		if r.err != nil {
			return r.err
		}
		c.buses[r.t.index[i]] = bb
		order[i] = bb
	}
	if err := c.locateBuses(); err != nil {
		return err
	}
	if err := c.addLoads(); err != nil {
		return err
	}
	for _, bb := range order {
		comp := Component{ID: bb.id, Sector: Power, Kind: KindBus, Location: bb.loc, Zone: bb.zone,
			Params: map[Param]float64{ParamVnKV: bb.vn}}
		if bb.consumer {
			comp.Role, comp.Demand = RoleConsumer, bb.demand
		}
		if bb.off {
			comp.Tags = map[string]string{"in_service": "false"}
		}
		c.b.AddComponent(comp)
	}
	return nil
}

// locateBuses reads bus_geodata.
func (c *ppConverter) locateBuses() error {
	geo, err := c.rows("bus_geodata")
	if err != nil {
		return err
	}
	for i := range geo {
		r := &geo[i]
		bb, ok := c.buses[r.t.index[i]]
		if !ok {
			return r.t.errAt(r.t.rowOff(i), "", fmt.Errorf("%w: bus %d", ErrUnknownID, r.t.index[i]))
		}
		// A null coordinate reads as +Inf: no location.
		p := Point{r.num("x", math.Inf(1)), r.num("y", math.Inf(1))}
		if r.err != nil {
			return r.err
		}
		if math.IsInf(p.X, 0) || math.IsInf(p.Y, 0) {
			continue
		}
		if err := c.d.crs.CheckPoint(p); err != nil {
			r.fail("x", err)
			return r.err
		}
		bb.loc = &p
	}
	return nil
}

// addLoads sums the in-service loads onto their buses.
func (c *ppConverter) addLoads() error {
	for _, lt := range []struct {
		table  string
		phases []string
	}{{"load", []string{"p_mw"}}, {"asymmetric_load", []string{"p_a_mw", "p_b_mw", "p_c_mw"}}} {
		loads, err := c.rows(lt.table, append([]string{"bus"}, lt.phases...)...)
		if err != nil {
			return err
		}
		for i := range loads {
			r := &loads[i]
			bb, _ := c.bus(r, "bus")
			in := r.boolean("in_service", true)
			scaling := r.nonNegative("scaling", 1)
			p := 0.0
			for _, ph := range lt.phases {
				p += r.nonNegative(ph, math.NaN())
			}
			if r.err != nil {
				return r.err
			}
			if in {
				bb.demand += p * scaling
				bb.consumer = true
			}
		}
	}
	return nil
}

// convertAttached adds the sources and motors and their connections.
func (c *ppConverter) convertAttached() error {
	for _, table := range []string{"ext_grid", "gen", "sgen", "motor"} {
		need := []string{"bus"}
		if table == "motor" {
			need = append(need, "pn_mech_mw")
		}
		rows, err := c.rows(table, need...)
		if err != nil {
			return err
		}
		for i := range rows {
			r := &rows[i]
			bb, _ := c.bus(r, "bus")
			id := c.ident(c.compIDs, r)
			in := r.boolean("in_service", true)
			comp := Component{ID: id, Sector: Power, Kind: KindGenerator, Role: RoleSource, Location: bb.loc,
				Tags: map[string]string{"table": table}}
			switch table {
			case "gen", "sgen":
				p := r.num("p_mw", 0)
				if table == "sgen" {
					p *= r.nonNegative("scaling", 1)
				}
				comp.Capacity = r.nonNegative("max_p_mw", 0)
				comp.Params = map[Param]float64{ParamPMW: p}
			case "motor":
				// pandapower's motor load.
				p := r.nonNegative("pn_mech_mw", math.NaN()) / (r.positive("efficiency_percent", 100) / 100) *
					r.nonNegative("loading_percent", 100) / 100 * r.nonNegative("scaling", 1)
				comp.Kind, comp.Role = KindMotor, RoleConsumer
				if in {
					comp.Demand = p
				}
			}
			if r.err != nil {
				return r.err
			}
			c.b.AddComponent(comp)
			c.conns = append(c.conns, ppConn{Link{ID: id + "-conn", Kind: KindConnection,
				From: id, To: bb.id, OutOfService: !in || bb.off}, r.t.index[i]})
		}
	}
	return nil
}

// convertLines adds the lines.
func (c *ppConverter) convertLines() error {
	lines, err := c.rows("line", "from_bus", "to_bus", "length_km", "x_ohm_per_km")
	if err != nil {
		return err
	}
	for i := range lines {
		r := &lines[i]
		id := c.ident(c.linkIDs, r)
		from, fk := c.bus(r, "from_bus")
		to, tk := c.bus(r, "to_bus")
		if r.err == nil && fk == tk {
			r.fail("to_bus", fmt.Errorf("%w: bus %d", ErrSelfLoop, tk))
		}
		km := r.nonNegative("length_km", math.NaN())
		x := r.num("x_ohm_per_km", math.NaN())
		par := r.positive("parallel", 1)
		df := r.nonNegative("df", 1)
		imax := r.nonNegative("max_i_ka", 0)
		in := r.boolean("in_service", true)
		std := r.str("std_type")
		if r.err != nil {
			return r.err
		}
		l := Link{ID: id, Kind: KindLine, From: from.id, To: to.id, Length: km * 1000,
			Reactance:    x * km / par / (from.vn * from.vn / c.d.snMVA),
			Rating:       math.Sqrt(3) * imax * from.vn * par * df,
			OutOfService: !in || from.off || to.off}
		if std != "" {
			l.Tags = map[string]string{"std_type": std}
		}
		if !finite(l.Reactance) || !finite(l.Rating) || !finite(l.Length) {
			return r.t.errAt(r.t.rowOff(i), "", fmt.Errorf("%w: reactance, rating or length overflows", ErrNotFinite))
		}
		c.lineAt[r.t.index[i]] = ppBranch{len(c.links), fk, tk}
		c.links = append(c.links, l)
	}
	return nil
}

// convertTrafos adds the two-winding transformers.
func (c *ppConverter) convertTrafos() error {
	trafos, err := c.rows("trafo", "hv_bus", "lv_bus", "sn_mva", "vk_percent")
	if err != nil {
		return err
	}
	for i := range trafos {
		r := &trafos[i]
		id := c.ident(c.linkIDs, r)
		hv, hk := c.bus(r, "hv_bus")
		lv, lk := c.bus(r, "lv_bus")
		if r.err == nil && hk == lk {
			r.fail("lv_bus", fmt.Errorf("%w: bus %d", ErrSelfLoop, lk))
		}
		sn := r.positive("sn_mva", math.NaN())
		vk := r.num("vk_percent", math.NaN())
		par := r.positive("parallel", 1)
		vnh := r.positive("vn_hv_kv", hv.vn)
		vnl := r.positive("vn_lv_kv", lv.vn)
		steps := r.num("tap_pos", 0) - r.num("tap_neutral", 0)
		step := r.num("tap_step_percent", 0)
		stepDeg := r.num("tap_step_degree", 0)
		shift := r.num("shift_degree", 0)
		phase := r.boolean("tap_phase_shifter", false)
		in := r.boolean("in_service", true)
		side := r.str("tap_side")
		tapped := 1 + steps*step/100
		if r.err == nil && !(tapped > 0) && !phase && side != "" {
			r.fail("tap_pos", fmt.Errorf("%w: the tap changer sets the ratio to %v", ErrInvalid, tapped))
		}
		switch {
		case r.err != nil:
			return r.err
		case side == "hv" && phase:
			shift += steps * stepDeg
		case side == "hv":
			vnh *= tapped
		case side == "lv" && phase:
			shift -= steps * stepDeg
		case side == "lv":
			vnl *= tapped
		case side != "":
			r.fail("tap_side", fmt.Errorf("%w: %q (want hv or lv)", ErrInvalid, side))
			return r.err
		}
		l := Link{ID: id, Kind: KindTransformer, From: hv.id, To: lv.id,
			Reactance:    vk / 100 * c.d.snMVA / sn * (vnl / lv.vn) * (vnl / lv.vn) / par,
			Rating:       sn * par,
			Shift:        shift,
			OutOfService: !in || hv.off || lv.off}
		if tap := (vnh / hv.vn) / (vnl / lv.vn); tap != 1 {
			l.Tap = tap
		}
		if !finite(l.Reactance) || !finite(l.Rating) || !finite(l.Tap) || !finite(l.Shift) || l.Tap < 0 {
			return r.t.errAt(r.t.rowOff(i), "", fmt.Errorf("%w: reactance %v, tap %v, shift %v", ErrInvalid, l.Reactance, l.Tap, l.Shift))
		}
		c.trafoAt[r.t.index[i]] = ppBranch{len(c.links), hk, lk}
		c.links = append(c.links, l)
	}
	return nil
}

// convertSwitches adds the bus-bus switches and tags the branches the
// others sit on.
func (c *ppConverter) convertSwitches() error {
	switches, err := c.rows("switch", "bus", "element", "et")
	if err != nil {
		return err
	}
	for i := range switches {
		r := &switches[i]
		id := c.ident(c.linkIDs, r)
		bb, bk := c.bus(r, "bus")
		closed := r.boolean("closed", true)
		et := r.str("et")
		if r.err != nil {
			return r.err
		}
		switch et {
		case "b":
			other, ek := c.bus(r, "element")
			if r.err == nil && ek == bk {
				r.fail("element", fmt.Errorf("%w: bus %d", ErrSelfLoop, bk))
			}
			if r.err != nil {
				return r.err
			}
			c.links = append(c.links, Link{ID: id, Kind: KindSwitch, From: bb.id, To: other.id,
				OutOfService: !closed || bb.off || other.off})
		case "l", "t":
			if err := c.tagBranch(r, id, et, bk, closed); err != nil {
				return err
			}
		default:
			r.fail("et", fmt.Errorf("%w: element type %q (want b, l or t)", ErrInvalid, et))
			return r.err
		}
	}
	return nil
}

// tagBranch records switch id (at bus bk, element type et) on the line or
// transformer it sits on.
func (c *ppConverter) tagBranch(r *ppRow, id, et string, bk int64, closed bool) error {
	k := r.ref("element")
	if r.err != nil {
		return r.err
	}
	at, what := c.lineAt, "line"
	if et == "t" {
		at, what = c.trafoAt, "trafo"
	}
	br, ok := at[k]
	if !ok {
		r.fail("element", fmt.Errorf("%w: %s %d", ErrUnknownID, what, k))
		return r.err
	}
	end := "switch_from"
	switch bk {
	case br.from:
	case br.to:
		end = "switch_to"
	default:
		r.fail("bus", fmt.Errorf("%w: bus %d is not an end of %s %d", ErrInvalid, bk, what, k))
		return r.err
	}
	l := &c.links[br.link]
	if l.Tags == nil {
		l.Tags = map[string]string{}
	}
	state := "closed"
	if !closed {
		state = "open"
		l.OutOfService = true
	}
	l.Tags[end], l.Tags[end+"_state"] = id, state
	return nil
}
