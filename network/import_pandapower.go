package network

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
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

// Sector-specific kinds the pandapower importer introduces.
const (
	// KindSwitch is a bus-bus switch (a breaker or disconnector).
	KindSwitch Kind = "switch"
	// KindMotor is a motor load such as a pump's drive; InfraRisk's
	// water-power dependencies name motors.
	KindMotor Kind = "motor"
)

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
//     "load" and "asymmetric_load" (p_a_mw + p_b_mw + p_c_mw); other buses
//     are RoleTransit. Location = bus_geodata (x, y) in opts.CRS.
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
// top-level key) wrapping ErrSyntax, ErrVersion, ErrInvalid, ErrNegative,
// ErrNotFinite, ErrDuplicateID, ErrUnknownID or ErrSelfLoop. Line and Col
// (1-based, bytes) locate the cell in the outer JSON, through the escapes
// of the table string. Problems found by Build come as a ParseError naming
// the file that wraps a *BuildError. The whole input is held in memory;
// time is linear in its size.
func ImportPandapower(r io.Reader, file string, opts PandapowerOptions) (*Network, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &ParseError{File: file, Err: err}
	}
	d := &ppDoc{file: file, data: data, prefix: opts.Prefix, crs: opts.CRS}
	if err := d.read(); err != nil {
		return nil, err
	}
	b := NewBuilder()
	b.SetCRS(opts.CRS)
	if err := d.convert(b); err != nil {
		return nil, err
	}
	return buildImported(b, file)
}

// ppDoc is a pandapower file being read.
type ppDoc struct {
	file   string
	data   []byte
	prefix string
	crs    CRS
	name   string
	snMVA  float64
	fHz    float64
	tables map[string]*ppTable
}

// errAt returns a ParseError at absolute offset off of the file.
func (d *ppDoc) errAt(off int, field string, err error) *ParseError {
	line, col := lineCol(d.data, off)
	return &ParseError{File: d.file, Line: line, Col: col, Field: field, Err: err}
}

// lineCol converts a byte offset into a 1-based line and byte column.
func lineCol(data []byte, off int) (line, col int) {
	off = max(0, min(off, len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	return line, off - (bytes.LastIndexByte(before, '\n') + 1) + 1
}

// jsonMember is a member of a JSON object with the absolute offset of its
// value.
type jsonMember struct {
	key string
	off int
	raw json.RawMessage
}

// skipSeparators returns the offset of the first byte at or after off that
// is not JSON whitespace, ',' or ':'.
func skipSeparators(buf []byte, off int) int {
	for off < len(buf) {
		switch buf[off] {
		case ' ', '\t', '\n', '\r', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// positionError is a JSON problem at an offset of the buffer being
// decoded.
type positionError struct {
	off int
	err error
}

func (e *positionError) Error() string { return e.err.Error() }

// checkJSON reports the first syntax error of buf at the offending byte.
// The importer validates each document once, so that the decoders below
// only meet valid JSON (their own errors carry no usable offset).
func checkJSON(buf []byte) *positionError {
	if json.Valid(buf) {
		return nil
	}
	var v any
	err := json.Unmarshal(buf, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &positionError{max(0, int(se.Offset)-1), fmt.Errorf("%w: %v", ErrSyntax, se)}
	}
	return &positionError{0, fmt.Errorf("%w: invalid JSON", ErrSyntax)}
}

// jsonFailure turns a decoding error on validated input (which cannot
// happen short of a decoder limit) into a positionError at the decoder.
func jsonFailure(dec *json.Decoder, err error) *positionError {
	return &positionError{int(dec.InputOffset()), fmt.Errorf("%w: %v", ErrSyntax, err)}
}

// objectMembers lists the members of the JSON object in buf, which starts
// at offset base of the enclosing buffer; offsets are in that buffer.
func objectMembers(buf []byte, base int) ([]jsonMember, *positionError) {
	dec := json.NewDecoder(bytes.NewReader(buf))
	fail := func(e *positionError) *positionError { e.off += base; return e }
	if err := expectDelim(dec, buf, '{'); err != nil {
		return nil, fail(err)
	}
	var ms []jsonMember
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fail(jsonFailure(dec, err))
		}
		key, _ := tok.(string)
		off := skipSeparators(buf, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fail(jsonFailure(dec, err))
		}
		ms = append(ms, jsonMember{key, base + off, raw})
	}
	if _, err := dec.Token(); err != nil {
		return nil, fail(jsonFailure(dec, err))
	}
	return ms, nil
}

// expectDelim reads the next token and checks that it is delim.
func expectDelim(dec *json.Decoder, buf []byte, delim json.Delim) *positionError {
	off := skipSeparators(buf, int(dec.InputOffset()))
	tok, err := dec.Token()
	if err != nil {
		return jsonFailure(dec, err)
	}
	if tok != delim {
		return &positionError{off, fmt.Errorf("%w: want %q", ErrSyntax, string(delim))}
	}
	return nil
}

// unquoteMapped decodes the JSON string literal lit (quotes included) and
// returns, for every byte of the result, the offset in lit of the
// character it came from; one more entry maps the end to the closing quote.
func unquoteMapped(lit []byte) ([]byte, []int32, error) {
	if len(lit) < 2 || lit[0] != '"' || lit[len(lit)-1] != '"' {
		return nil, nil, fmt.Errorf("%w: want a JSON string", ErrSyntax)
	}
	end := len(lit) - 1
	out := make([]byte, 0, end)
	offs := make([]int32, 0, end+1)
	hex4 := func(i int) (rune, bool) {
		if i+6 > end || lit[i] != '\\' || lit[i+1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(string(lit[i+2:i+6]), 16, 32)
		return rune(v), err == nil
	}
	for i := 1; i < end; {
		c := lit[i]
		if c != '\\' {
			out = append(out, c)
			offs = append(offs, int32(i))
			i++
			continue
		}
		if i+1 >= end {
			return nil, nil, fmt.Errorf("%w: bad escape", ErrSyntax)
		}
		start := i
		var r rune
		switch e := lit[i+1]; e {
		case '"', '\\', '/':
			r, i = rune(e), i+2
		case 'b':
			r, i = '\b', i+2
		case 'f':
			r, i = '\f', i+2
		case 'n':
			r, i = '\n', i+2
		case 'r':
			r, i = '\r', i+2
		case 't':
			r, i = '\t', i+2
		case 'u':
			v, ok := hex4(i)
			if !ok {
				return nil, nil, fmt.Errorf("%w: bad \\u escape", ErrSyntax)
			}
			r, i = v, i+6
			if utf16.IsSurrogate(r) {
				r = utf8.RuneError
				if lo, ok := hex4(i); ok {
					if p := utf16.DecodeRune(v, lo); p != utf8.RuneError {
						r, i = p, i+6
					}
				}
			}
		default:
			return nil, nil, fmt.Errorf("%w: bad escape", ErrSyntax)
		}
		n := len(out)
		out = utf8.AppendRune(out, r)
		for range len(out) - n {
			offs = append(offs, int32(start))
		}
	}
	offs = append(offs, int32(end))
	return out, offs, nil
}

// ppTable is a pandas DataFrame in split orientation.
type ppTable struct {
	doc   *ppDoc
	name  string
	cols  map[string]int
	index []int64
	rows  [][]ppCell
	// lit is the absolute offset of the table's string literal and offs
	// maps offsets of the decoded string to offsets in the literal.
	lit  int
	offs []int32
}

// ppCell is a cell's raw JSON and its offset in the decoded table string.
type ppCell struct {
	raw []byte
	off int
}

// abs maps an offset of the decoded table string to the file.
func (t *ppTable) abs(off int) int {
	off = max(0, min(off, len(t.offs)-1))
	return t.lit + int(t.offs[off])
}

func (t *ppTable) errAt(off int, col string, err error) *ParseError {
	field := t.name
	if col != "" {
		field += "." + col
	}
	return t.doc.errAt(t.abs(off), field, err)
}

// cell returns the cell of row i in column col, and false when the table
// lacks the column.
func (t *ppTable) cell(i int, col string) (ppCell, bool) {
	j, ok := t.cols[col]
	if !ok {
		return ppCell{}, false
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
	if !ok || string(c.raw) == "null" {
		if math.IsNaN(def) {
			return 0, t.errAt(c.off, col, fmt.Errorf("%w: null", ErrNotFinite))
		}
		return def, nil
	}
	if len(c.raw) == 0 || (c.raw[0] != '-' && (c.raw[0] < '0' || c.raw[0] > '9')) {
		return 0, t.errAt(c.off, col, fmt.Errorf("%w: want a number, have %.40s", ErrSyntax, c.raw))
	}
	v, err := parseNumber(string(c.raw))
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
	switch string(c.raw) {
	case "null":
		return def, nil
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, t.errAt(c.off, col, fmt.Errorf("%w: want true or false, have %.40s", ErrSyntax, c.raw))
}

// str reads a text cell: "" for null or a missing column; a number is
// taken as its text.
func (t *ppTable) str(i int, col string) (string, error) {
	c, ok := t.cell(i, col)
	if !ok || string(c.raw) == "null" {
		return "", nil
	}
	if c.raw[0] == '"' {
		var s string
		if err := json.Unmarshal(c.raw, &s); err != nil {
			return "", t.errAt(c.off, col, fmt.Errorf("%w: %v", ErrSyntax, err))
		}
		return s, nil
	}
	if c.raw[0] == '-' || ('0' <= c.raw[0] && c.raw[0] <= '9') {
		return string(c.raw), nil
	}
	return "", t.errAt(c.off, col, fmt.Errorf("%w: want text, have %.40s", ErrSyntax, c.raw))
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
	ms, perr := objectMembers(buf, 0)
	if perr != nil {
		return perr
	}
	var cols []string
	var data json.RawMessage
	dataOff, have := 0, 0
	for _, m := range ms {
		switch m.key {
		case "columns":
			if err := json.Unmarshal(m.raw, &cols); err != nil {
				return &positionError{m.off, fmt.Errorf("%w: columns: want a list of names", ErrSyntax)}
			}
			have |= 1
		case "index":
			vals, perr := arrayValues(m.raw, m.off)
			if perr != nil {
				return perr
			}
			seen := make(map[int64]bool, len(vals))
			for _, v := range vals {
				x, err := parseNumber(string(v.raw))
				var k int64
				if err == nil {
					k, err = countOf(x)
				}
				if err == nil && seen[k] {
					err = fmt.Errorf("%w: %d", ErrDuplicateID, k)
				}
				if err != nil {
					return &positionError{v.off, fmt.Errorf("index: %w", err)}
				}
				seen[k] = true
				t.index = append(t.index, k)
			}
			have |= 2
		case "data":
			data, dataOff = m.raw, m.off
			have |= 4
		}
	}
	if have != 7 {
		return &positionError{0, fmt.Errorf("%w: want \"columns\", \"index\" and \"data\" (split orientation)", ErrSyntax)}
	}
	t.cols = make(map[string]int, len(cols))
	for j, c := range cols {
		if _, dup := t.cols[c]; dup {
			return &positionError{0, fmt.Errorf("%w: column %q twice", ErrSyntax, c)}
		}
		t.cols[c] = j
	}
	rows, perr := arrayValues(data, dataOff)
	if perr != nil {
		return perr
	}
	if len(rows) != len(t.index) {
		return &positionError{dataOff, fmt.Errorf("%w: %d rows, %d index entries", ErrSyntax, len(rows), len(t.index))}
	}
	t.rows = make([][]ppCell, len(rows))
	for i, row := range rows {
		cells, perr := arrayValues(row.raw, row.off)
		if perr != nil {
			return perr
		}
		if len(cells) != len(cols) {
			return &positionError{row.off, fmt.Errorf("%w: row of %d cells, %d columns", ErrSyntax, len(cells), len(cols))}
		}
		t.rows[i] = cells
	}
	return nil
}

// arrayValues lists the elements of the JSON array in buf, which starts at
// offset base of the enclosing buffer; offsets are in that buffer.
func arrayValues(buf []byte, base int) ([]ppCell, *positionError) {
	dec := json.NewDecoder(bytes.NewReader(buf))
	fail := func(e *positionError) *positionError { e.off += base; return e }
	if err := expectDelim(dec, buf, '['); err != nil {
		return nil, fail(err)
	}
	var vs []ppCell
	for dec.More() {
		off := skipSeparators(buf, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fail(jsonFailure(dec, err))
		}
		vs = append(vs, ppCell{raw, base + off})
	}
	if _, err := dec.Token(); err != nil {
		return nil, fail(jsonFailure(dec, err))
	}
	return vs, nil
}

// ppTablesRead are the tables the importer uses; ppTablesRejected carry
// topology it cannot represent.
var (
	ppTablesRead     = []string{"bus", "load", "asymmetric_load", "motor", "ext_grid", "gen", "sgen", "line", "trafo", "switch", "bus_geodata"}
	ppTablesRejected = []string{"trafo3w", "impedance", "dcline"}
)

// read parses the outer document and the tables the importer uses.
func (d *ppDoc) read() error {
	if perr := checkJSON(d.data); perr != nil {
		return d.errAt(perr.off, "", perr.err)
	}
	top, perr := objectMembers(d.data, 0)
	if perr != nil {
		return d.errAt(perr.off, "", perr.err)
	}
	var obj *jsonMember
	for i, m := range top {
		switch m.key {
		case "_class":
			var c string
			if json.Unmarshal(m.raw, &c) != nil || c != "pandapowerNet" {
				return d.errAt(m.off, "_class", fmt.Errorf("%w: %s, want \"pandapowerNet\"", ErrInvalid, m.raw))
			}
		case "_object":
			obj = &top[i]
		}
	}
	if obj == nil {
		return d.errAt(0, "_object", fmt.Errorf("%w: not a pandapower network (no \"_object\")", ErrSyntax))
	}
	members, perr := objectMembers(obj.raw, obj.off)
	if perr != nil {
		return d.errAt(perr.off, "_object", perr.err)
	}
	d.snMVA = 1
	d.tables = map[string]*ppTable{}
	version := ""
	for _, m := range members {
		switch m.key {
		case "version":
			if json.Unmarshal(m.raw, &version) != nil {
				return d.errAt(m.off, "version", fmt.Errorf("%w: %s, want a string", ErrVersion, m.raw))
			}
		case "name":
			if json.Unmarshal(m.raw, &d.name) != nil {
				d.name = ""
			}
		case "sn_mva", "f_hz":
			v, err := parseNumber(string(m.raw))
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
	wrap, perr := objectMembers(m.raw, m.off)
	if perr != nil {
		return nil, d.errAt(perr.off, m.key, perr.err)
	}
	t := &ppTable{doc: d, name: m.key, lit: -1}
	var lit []byte
	for _, w := range wrap {
		switch w.key {
		case "orient":
			var o string
			if json.Unmarshal(w.raw, &o) != nil || o != "split" {
				return nil, d.errAt(w.off, m.key+".orient", fmt.Errorf("%w: %s, want \"split\"", ErrInvalid, w.raw))
			}
		case "_object":
			lit, t.lit = w.raw, w.off
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

// ppBus is what the converter keeps of a bus.
type ppBus struct {
	id       string
	vn       float64
	loc      *Point
	off      bool
	demand   float64
	consumer bool
}

// ppLinkEnd locates a branch for the switches that name it.
type ppLinkEnd struct {
	link     int // index into links
	from, to int64
}

// convert turns the tables into components and links.
func (d *ppDoc) convert(b *Builder) error {
	b.SetName(d.name)
	b.SetAttr("base_mva", d.snMVA)
	if d.fHz > 0 {
		b.SetAttr("f_hz", d.fHz)
	}
	empty := &ppTable{doc: d, cols: map[string]int{}, offs: []int32{0}}
	tab := func(name string) *ppTable {
		if t := d.tables[name]; t != nil {
			return t
		}
		e := *empty
		e.name = name
		return &e
	}
	compIDs, linkIDs := idSet{}, idSet{}
	ident := func(ids idSet, t *ppTable, i int) (string, error) {
		name, err := t.str(i, "name")
		if err != nil {
			return "", err
		}
		if name == "" {
			name = t.name + strconv.FormatInt(t.index[i], 10)
		}
		return ids.claim(d.prefix+name, t.index[i]), nil
	}

	// Buses, with locations and loads.
	bus := tab("bus")
	if err := bus.need("vn_kv"); err != nil {
		return err
	}
	buses := make(map[int64]*ppBus, len(bus.rows))
	order := make([]int64, 0, len(bus.rows))
	zones := make([]string, len(bus.rows))
	for i := range bus.rows {
		k := bus.index[i]
		id, err := ident(compIDs, bus, i)
		if err != nil {
			return err
		}
		vn, err := bus.positive(i, "vn_kv", math.NaN())
		if err != nil {
			return err
		}
		in, err := bus.boolean(i, "in_service", true)
		if err != nil {
			return err
		}
		if zones[i], err = bus.str(i, "zone"); err != nil {
			return err
		}
		buses[k] = &ppBus{id: id, vn: vn, off: !in}
		order = append(order, k)
	}
	lookup := func(t *ppTable, i int, col string) (*ppBus, int64, error) {
		k, err := t.ref(i, col)
		if err != nil {
			return nil, 0, err
		}
		bb, ok := buses[k]
		if !ok {
			c, _ := t.cell(i, col)
			return nil, 0, t.errAt(c.off, col, fmt.Errorf("%w: bus %d", ErrUnknownID, k))
		}
		return bb, k, nil
	}
	geo := tab("bus_geodata")
	for i := range geo.rows {
		bb, ok := buses[geo.index[i]]
		if !ok {
			return geo.errAt(geo.rowOff(i), "", fmt.Errorf("%w: bus %d", ErrUnknownID, geo.index[i]))
		}
		x, err := geo.num(i, "x", math.Inf(1))
		if err != nil {
			return err
		}
		y, err := geo.num(i, "y", math.Inf(1))
		if err != nil {
			return err
		}
		if math.IsInf(x, 0) || math.IsInf(y, 0) {
			continue // null: no location
		}
		p := Point{x, y}
		if err := d.crs.CheckPoint(p); err != nil {
			c, _ := geo.cell(i, "x")
			return geo.errAt(c.off, "x", err)
		}
		bb.loc = &p
	}
	for _, lt := range []struct {
		table  string
		phases []string
	}{{"load", []string{"p_mw"}}, {"asymmetric_load", []string{"p_a_mw", "p_b_mw", "p_c_mw"}}} {
		t := tab(lt.table)
		if err := t.need(append([]string{"bus"}, lt.phases...)...); err != nil && len(t.rows) > 0 {
			return err
		}
		for i := range t.rows {
			bb, _, err := lookup(t, i, "bus")
			if err != nil {
				return err
			}
			in, err := t.boolean(i, "in_service", true)
			if err != nil || !in {
				if err != nil {
					return err
				}
				continue
			}
			scaling, err := t.nonNegative(i, "scaling", 1)
			if err != nil {
				return err
			}
			p := 0.0
			for _, ph := range lt.phases {
				v, err := t.nonNegative(i, ph, math.NaN())
				if err != nil {
					return err
				}
				p += v
			}
			bb.demand += p * scaling
			bb.consumer = true
		}
	}
	for i, k := range order {
		bb := buses[k]
		c := Component{ID: bb.id, Sector: Power, Kind: KindBus, Location: bb.loc, Zone: zones[i],
			Params: map[string]float64{"vn_kv": bb.vn}}
		if bb.consumer {
			c.Role, c.Demand = RoleConsumer, bb.demand
		}
		if bb.off {
			c.Tags = map[string]string{"in_service": "false"}
		}
		b.AddComponent(c)
	}

	// Attached elements: sources and motors.
	// Connections are named after the branches (see the ID rule).
	type conn struct {
		link Link
		key  int64
	}
	var conns []conn
	for _, table := range []string{"ext_grid", "gen", "sgen", "motor"} {
		t := tab(table)
		if len(t.rows) == 0 {
			continue
		}
		need := []string{"bus"}
		if table == "motor" {
			need = append(need, "pn_mech_mw")
		}
		if err := t.need(need...); err != nil {
			return err
		}
		for i := range t.rows {
			bb, _, err := lookup(t, i, "bus")
			if err != nil {
				return err
			}
			id, err := ident(compIDs, t, i)
			if err != nil {
				return err
			}
			in, err := t.boolean(i, "in_service", true)
			if err != nil {
				return err
			}
			c := Component{ID: id, Sector: Power, Kind: KindGenerator, Role: RoleSource, Location: bb.loc,
				Tags: map[string]string{"table": table}}
			switch table {
			case "gen", "sgen":
				p, err := t.num(i, "p_mw", 0)
				if err != nil {
					return err
				}
				if table == "sgen" {
					s, err := t.nonNegative(i, "scaling", 1)
					if err != nil {
						return err
					}
					p *= s
				}
				if c.Capacity, err = t.nonNegative(i, "max_p_mw", 0); err != nil {
					return err
				}
				c.Params = map[string]float64{"p_mw": p}
			case "motor":
				pn, err := t.nonNegative(i, "pn_mech_mw", math.NaN())
				if err != nil {
					return err
				}
				eff, err := t.positive(i, "efficiency_percent", 100)
				if err != nil {
					return err
				}
				load, err := t.nonNegative(i, "loading_percent", 100)
				if err != nil {
					return err
				}
				s, err := t.nonNegative(i, "scaling", 1)
				if err != nil {
					return err
				}
				c.Kind, c.Role = KindMotor, RoleConsumer
				if in {
					c.Demand = pn / (eff / 100) * load / 100 * s
				}
			}
			b.AddComponent(c)
			conns = append(conns, conn{Link{ID: id + "-conn", Kind: KindConnection,
				From: id, To: bb.id, OutOfService: !in || bb.off}, t.index[i]})
		}
	}

	// Branches.
	var links []Link
	lineAt := map[int64]ppLinkEnd{}
	trafoAt := map[int64]ppLinkEnd{}
	line := tab("line")
	if len(line.rows) > 0 {
		if err := line.need("from_bus", "to_bus", "length_km", "x_ohm_per_km"); err != nil {
			return err
		}
	}
	for i := range line.rows {
		k := line.index[i]
		id, err := ident(linkIDs, line, i)
		if err != nil {
			return err
		}
		from, fk, err := lookup(line, i, "from_bus")
		if err != nil {
			return err
		}
		to, tk, err := lookup(line, i, "to_bus")
		if err != nil {
			return err
		}
		if fk == tk {
			c, _ := line.cell(i, "to_bus")
			return line.errAt(c.off, "to_bus", fmt.Errorf("%w: bus %d", ErrSelfLoop, tk))
		}
		km, err := line.nonNegative(i, "length_km", math.NaN())
		if err != nil {
			return err
		}
		x, err := line.num(i, "x_ohm_per_km", math.NaN())
		if err != nil {
			return err
		}
		par, err := line.positive(i, "parallel", 1)
		if err != nil {
			return err
		}
		df, err := line.nonNegative(i, "df", 1)
		if err != nil {
			return err
		}
		imax, err := line.nonNegative(i, "max_i_ka", 0)
		if err != nil {
			return err
		}
		in, err := line.boolean(i, "in_service", true)
		if err != nil {
			return err
		}
		std, err := line.str(i, "std_type")
		if err != nil {
			return err
		}
		l := Link{ID: id, Kind: KindLine, From: from.id, To: to.id, Length: km * 1000,
			Reactance:    x * km / par / (from.vn * from.vn / d.snMVA),
			Rating:       math.Sqrt(3) * imax * from.vn * par * df,
			OutOfService: !in || from.off || to.off}
		if std != "" {
			l.Tags = map[string]string{"std_type": std}
		}
		if !finite(l.Reactance) || !finite(l.Rating) || !finite(l.Length) {
			return line.errAt(line.rowOff(i), "", fmt.Errorf("%w: reactance, rating or length overflows", ErrNotFinite))
		}
		lineAt[k] = ppLinkEnd{len(links), fk, tk}
		links = append(links, l)
	}
	trafo := tab("trafo")
	if len(trafo.rows) > 0 {
		if err := trafo.need("hv_bus", "lv_bus", "sn_mva", "vk_percent"); err != nil {
			return err
		}
	}
	for i := range trafo.rows {
		k := trafo.index[i]
		id, err := ident(linkIDs, trafo, i)
		if err != nil {
			return err
		}
		l, hk, lk, err := d.trafoLink(trafo, i, lookup)
		if err != nil {
			return err
		}
		l.ID = id
		trafoAt[k] = ppLinkEnd{len(links), hk, lk}
		links = append(links, l)
	}
	sw := tab("switch")
	if len(sw.rows) > 0 {
		if err := sw.need("bus", "element", "et"); err != nil {
			return err
		}
	}
	for i := range sw.rows {
		id, err := ident(linkIDs, sw, i)
		if err != nil {
			return err
		}
		bb, bk, err := lookup(sw, i, "bus")
		if err != nil {
			return err
		}
		closed, err := sw.boolean(i, "closed", true)
		if err != nil {
			return err
		}
		et, err := sw.str(i, "et")
		if err != nil {
			return err
		}
		elem, _ := sw.cell(i, "element")
		switch et {
		case "b":
			other, ek, err := lookup(sw, i, "element")
			if err != nil {
				return err
			}
			if ek == bk {
				return sw.errAt(elem.off, "element", fmt.Errorf("%w: bus %d", ErrSelfLoop, bk))
			}
			links = append(links, Link{ID: id, Kind: KindSwitch, From: bb.id, To: other.id,
				OutOfService: !closed || bb.off || other.off})
		case "l", "t":
			k, err := sw.ref(i, "element")
			if err != nil {
				return err
			}
			at, what := lineAt, "line"
			if et == "t" {
				at, what = trafoAt, "trafo"
			}
			e, ok := at[k]
			if !ok {
				return sw.errAt(elem.off, "element", fmt.Errorf("%w: %s %d", ErrUnknownID, what, k))
			}
			end := "switch_from"
			switch bk {
			case e.from:
			case e.to:
				end = "switch_to"
			default:
				c, _ := sw.cell(i, "bus")
				return sw.errAt(c.off, "bus", fmt.Errorf("%w: bus %d is not an end of %s %d", ErrInvalid, bk, what, k))
			}
			l := &links[e.link]
			if l.Tags == nil {
				l.Tags = map[string]string{}
			}
			state := "closed"
			if !closed {
				state = "open"
				l.OutOfService = true
			}
			l.Tags[end], l.Tags[end+"_state"] = id, state
		default:
			c, _ := sw.cell(i, "et")
			return sw.errAt(c.off, "et", fmt.Errorf("%w: element type %q (want b, l or t)", ErrInvalid, et))
		}
	}
	for _, l := range links {
		b.AddLink(l)
	}
	for _, c := range conns {
		c.link.ID = linkIDs.claim(c.link.ID, c.key)
		b.AddLink(c.link)
	}
	return nil
}

// trafoLink converts row i of the trafo table (without its ID) and returns
// the indices of its hv and lv buses.
func (d *ppDoc) trafoLink(t *ppTable, i int, lookup func(*ppTable, int, string) (*ppBus, int64, error)) (Link, int64, int64, error) {
	var l Link
	hv, hk, err := lookup(t, i, "hv_bus")
	if err != nil {
		return l, 0, 0, err
	}
	lv, lk, err := lookup(t, i, "lv_bus")
	if err != nil {
		return l, 0, 0, err
	}
	if hk == lk {
		c, _ := t.cell(i, "lv_bus")
		return l, 0, 0, t.errAt(c.off, "lv_bus", fmt.Errorf("%w: bus %d", ErrSelfLoop, lk))
	}
	var v struct{ sn, vk, par, vnh, vnl, pos, neutral, step, stepDeg, shift float64 }
	for _, f := range []struct {
		col string
		dst *float64
		def float64
		pos bool
	}{
		{"sn_mva", &v.sn, math.NaN(), true}, {"vk_percent", &v.vk, math.NaN(), false},
		{"parallel", &v.par, 1, true}, {"vn_hv_kv", &v.vnh, hv.vn, true}, {"vn_lv_kv", &v.vnl, lv.vn, true},
		{"tap_pos", &v.pos, 0, false}, {"tap_neutral", &v.neutral, 0, false},
		{"tap_step_percent", &v.step, 0, false}, {"tap_step_degree", &v.stepDeg, 0, false},
		{"shift_degree", &v.shift, 0, false},
	} {
		var x float64
		if f.pos {
			x, err = t.positive(i, f.col, f.def)
		} else {
			x, err = t.num(i, f.col, f.def)
		}
		if err != nil {
			return l, 0, 0, err
		}
		*f.dst = x
	}
	in, err := t.boolean(i, "in_service", true)
	if err != nil {
		return l, 0, 0, err
	}
	side, err := t.str(i, "tap_side")
	if err != nil {
		return l, 0, 0, err
	}
	phase, err := t.boolean(i, "tap_phase_shifter", false)
	if err != nil {
		return l, 0, 0, err
	}
	steps := v.pos - v.neutral
	tapped := 1 + steps*v.step/100
	shift := v.shift
	switch side {
	case "hv":
		if phase {
			shift += steps * v.stepDeg
		} else {
			v.vnh *= tapped
		}
	case "lv":
		if phase {
			shift -= steps * v.stepDeg
		} else {
			v.vnl *= tapped
		}
	case "":
	default:
		c, _ := t.cell(i, "tap_side")
		return l, 0, 0, t.errAt(c.off, "tap_side", fmt.Errorf("%w: %q (want hv or lv)", ErrInvalid, side))
	}
	l = Link{Kind: KindTransformer, From: hv.id, To: lv.id,
		Reactance:    v.vk / 100 * d.snMVA / v.sn * (v.vnl / lv.vn) * (v.vnl / lv.vn) / v.par,
		Rating:       v.sn * v.par,
		Shift:        shift,
		OutOfService: !in || hv.off || lv.off}
	if tap := (v.vnh / hv.vn) / (v.vnl / lv.vn); tap != 1 {
		l.Tap = tap
	}
	if !finite(l.Reactance) || !finite(l.Rating) || !finite(l.Tap) || !finite(l.Shift) || l.Tap < 0 {
		return l, 0, 0, t.errAt(t.rowOff(i), "", fmt.Errorf("%w: reactance %v, tap %v, shift %v", ErrInvalid, l.Reactance, l.Tap, l.Shift))
	}
	return l, hk, lk, nil
}
