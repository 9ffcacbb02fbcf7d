package pandapower

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/internal/parse"
)

// Options controls Import. The zero value reads bus
// coordinates as WGS84 lon/lat and uses pandapower names as IDs.
type Options struct {
	// CRS of bus_geodata. InfraRisk's Shelby County network is Web
	// Mercator (WebMercator); its Micropolis and in2 networks are drawn on
	// unreferenced planes (Local).
	CRS network.CRS
	// Prefix is put before every component and link ID (for combining
	// networks); "" means none.
	Prefix string
	// Loads makes every row of "load" and "asymmetric_load" a component of
	// its own (network.KindLoad) joined to its bus, instead of adding its
	// demand to the bus, so that a load can be damaged, repaired and named
	// by a requirement, as InfraRisk does with its pump motors modelled as
	// loads.
	Loads bool
	// MaxBytes caps the size of the input in bytes: a larger file is
	// refused with a *network.ParseError wrapping network.ErrTooLarge. 0
	// means the default, 4 GiB; a negative value means no cap.
	MaxBytes int64
}

// Validate checks the options: a valid CRS.
func (o *Options) Validate() error {
	if err := o.CRS.Validate(); err != nil {
		return fmt.Errorf("pandapower: %w", err)
	}
	return nil
}

// Import reads the pandapower JSON file name of fsys as the package
// documentation describes; name also names it in errors.
func Import(fsys fs.FS, name string, opts Options) (*network.Network, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	src := parse.Source{FS: fsys, Name: name, Max: opts.MaxBytes}
	doc, err := parse.ReadDoc(src)
	if err != nil {
		return nil, err
	}
	d := &ppDoc{Doc: *doc, prefix: opts.Prefix, crs: opts.CRS, loads: opts.Loads}
	if err := d.read(); err != nil {
		return nil, err
	}
	// The tables hold their decoded strings: the file's text goes, and an
	// error reads it again to place itself.
	d.Data, d.Src = nil, &src
	for _, t := range d.tables {
		t.litVal = nil
	}
	b := network.NewBuilder()
	b.SetCRS(opts.CRS)
	if err := d.convert(b); err != nil {
		return nil, err
	}
	return parse.Build(b, name)
}

// ppDoc is a pandapower file being read; its parse.Doc places errors.
type ppDoc struct {
	parse.Doc
	prefix string
	crs    network.CRS
	loads  bool // Options.Loads
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
	// buf is the decoded table string; cells holds the place in buf of
	// every cell, row after row (nrows rows of len(cols) cells).
	buf   []byte
	cells []ppCell
	nrows int
	// lit is the absolute offset of the table's string literal in the
	// file, litVal the literal itself while the file's text is held.
	lit    int
	litVal []byte
}

// ppCell is the place of a cell in its table's decoded string.
type ppCell struct{ off, n int32 }

// abs maps an offset of the decoded table string to the file, decoding the
// literal again (an error path: the map takes four bytes a byte).
func (t *ppTable) abs(off int) int {
	lit := t.litVal
	if lit == nil && t.doc.Src != nil {
		lit = t.doc.Src.ValueAt(int64(t.lit)).Val
	}
	_, offs, err := parse.UnquoteMapped(lit)
	if err != nil || len(offs) == 0 {
		return t.lit
	}
	off = max(0, min(off, len(offs)-1))
	return t.lit + int(offs[off])
}

// errAt returns a ParseError at offset off of the decoded table string,
// naming the field table.col (or the table when col is "").
func (t *ppTable) errAt(off int, col string, err error) *network.ParseError {
	field := t.name
	if col != "" {
		field += "." + col
	}
	return t.doc.ErrAt(t.abs(off), field, err)
}

// cell returns the cell of row i in column col, and false when the table
// lacks the column.
func (t *ppTable) cell(i int, col string) (parse.Span, bool) {
	j, ok := t.cols[col]
	if !ok {
		return parse.Span{}, false
	}
	c := t.cells[i*len(t.cols)+j]
	return parse.Span{Val: t.buf[c.off : c.off+c.n : c.off+c.n], Off: int(c.off)}, true
}

// need checks that the table has the columns.
func (t *ppTable) need(cols ...string) error {
	for _, c := range cols {
		if _, ok := t.cols[c]; !ok {
			return t.errAt(0, c, fmt.Errorf("%w: missing column", network.ErrSyntax))
		}
	}
	return nil
}

// num reads a numeric cell. A null cell or a missing column gives def; a
// NaN def makes the value required (null is then ErrNotFinite, as pandas
// writes NaN as null).
func (t *ppTable) num(i int, col string, def float64) (float64, error) {
	c, ok := t.cell(i, col)
	if !ok || string(c.Val) == "null" {
		if math.IsNaN(def) {
			return 0, t.errAt(c.Off, col, fmt.Errorf("%w: null", network.ErrNotFinite))
		}
		return def, nil
	}
	if len(c.Val) == 0 || (c.Val[0] != '-' && (c.Val[0] < '0' || c.Val[0] > '9')) {
		return 0, t.errAt(c.Off, col, fmt.Errorf("%w: want a number, have %s", network.ErrSyntax, parse.Excerpt(c.Val)))
	}
	v, err := parse.Number(string(c.Val))
	if err != nil {
		return 0, t.errAt(c.Off, col, err)
	}
	return v, nil
}

// nonNegative reads a numeric cell that must not be negative.
func (t *ppTable) nonNegative(i int, col string, def float64) (float64, error) {
	v, err := t.num(i, col, def)
	if err == nil && v < 0 {
		c, _ := t.cell(i, col)
		err = t.errAt(c.Off, col, fmt.Errorf("%w: %v", network.ErrNegative, v))
	}
	return v, err
}

// positive reads a numeric cell that must be above zero.
func (t *ppTable) positive(i int, col string, def float64) (float64, error) {
	v, err := t.num(i, col, def)
	if err == nil && !(v > 0) {
		c, _ := t.cell(i, col)
		err = t.errAt(c.Off, col, fmt.Errorf("%w: %v, want a positive value", network.ErrInvalid, v))
	}
	return v, err
}

// boolean reads a true/false cell; null or a missing column gives def.
func (t *ppTable) boolean(i int, col string, def bool) (bool, error) {
	c, ok := t.cell(i, col)
	if !ok {
		return def, nil
	}
	switch string(c.Val) {
	case "null":
		return def, nil
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, t.errAt(c.Off, col, fmt.Errorf("%w: want true or false, have %s", network.ErrSyntax, parse.Excerpt(c.Val)))
}

// str reads a text cell: "" for null or a missing column; a number is
// taken as its text.
func (t *ppTable) str(i int, col string) (string, error) {
	c, ok := t.cell(i, col)
	if !ok || string(c.Val) == "null" {
		return "", nil
	}
	if c.Val[0] == '"' {
		var s string
		if err := json.Unmarshal(c.Val, &s); err != nil {
			return "", t.errAt(c.Off, col, fmt.Errorf("%w: %v", network.ErrSyntax, err))
		}
		return s, nil
	}
	if c.Val[0] == '-' || ('0' <= c.Val[0] && c.Val[0] <= '9') {
		return string(c.Val), nil
	}
	return "", t.errAt(c.Off, col, fmt.Errorf("%w: want text, have %s", network.ErrSyntax, parse.Excerpt(c.Val)))
}

// ref reads a cell holding the index of a row of another table.
func (t *ppTable) ref(i int, col string) (int64, error) {
	v, err := t.num(i, col, math.NaN())
	if err != nil {
		return 0, err
	}
	k, err := parse.CountOf(v)
	if err != nil {
		c, _ := t.cell(i, col)
		return 0, t.errAt(c.Off, col, err)
	}
	return k, nil
}

// parseSplit reads the decoded table string {"columns", "index", "data"}.
func (t *ppTable) parseSplit(buf []byte) *parse.PositionError {
	ms, perr := parse.Members(parse.Span{Val: buf, Off: 0}, network.ErrSyntax)
	if perr != nil {
		return perr
	}
	var cols []string
	var data []byte
	dataOff, have := 0, 0
	for _, m := range ms {
		switch m.Key {
		case "columns":
			if err := json.Unmarshal(m.Val, &cols); err != nil {
				return &parse.PositionError{Off: m.Off, Err: fmt.Errorf("%w: columns: want a list of names", network.ErrSyntax)}
			}
			have |= 1
		case "index":
			vals, perr := parse.Elements(m.Span, network.ErrSyntax)
			if perr != nil {
				return perr
			}
			seen := make(map[int64]bool, len(vals))
			for _, v := range vals {
				x, err := parse.Number(string(v.Val))
				var k int64
				if err == nil {
					k, err = parse.CountOf(x)
				}
				if err == nil && seen[k] {
					err = fmt.Errorf("%w: %d", network.ErrDuplicateID, k)
				}
				if err != nil {
					return &parse.PositionError{Off: v.Off, Err: fmt.Errorf("index: %w", err)}
				}
				seen[k] = true
				t.index = append(t.index, k)
			}
			have |= 2
		case "data":
			data, dataOff = m.Val, m.Off
			have |= 4
		}
	}
	if have != 7 {
		return &parse.PositionError{Err: fmt.Errorf("%w: want \"columns\", \"index\" and \"data\" (split orientation)", network.ErrSyntax)}
	}
	t.cols = make(map[string]int, len(cols))
	for j, c := range cols {
		if _, dup := t.cols[c]; dup {
			return &parse.PositionError{Err: fmt.Errorf("%w: column %s twice", network.ErrSyntax, parse.Quote(c))}
		}
		t.cols[c] = j
	}
	rows, perr := parse.Elements(parse.Span{Val: data, Off: dataOff}, network.ErrSyntax)
	if perr != nil {
		return perr
	}
	if len(rows) != len(t.index) {
		return &parse.PositionError{Off: dataOff, Err: fmt.Errorf("%w: %d rows, %d index entries", network.ErrSyntax, len(rows), len(t.index))}
	}
	if len(buf) > math.MaxInt32 {
		return &parse.PositionError{Err: fmt.Errorf("%w: table string of %d bytes (at most 2^31)", network.ErrTooLarge, len(buf))}
	}
	t.buf, t.nrows = buf, len(rows)
	t.cells = make([]ppCell, 0, len(rows)*len(cols))
	var cells []parse.Span // one row's, reused
	for _, row := range rows {
		cells, perr = parse.AppendElements(cells[:0], row, network.ErrSyntax)
		if perr != nil {
			return perr
		}
		if len(cells) != len(cols) {
			return &parse.PositionError{Off: row.Off, Err: fmt.Errorf("%w: row of %d cells, %d columns", network.ErrSyntax, len(cells), len(cols))}
		}
		for _, c := range cells {
			t.cells = append(t.cells, ppCell{int32(c.Off), int32(len(c.Val))})
		}
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
	top, perr := parse.Members(parse.Span{Val: d.Data, Off: 0}, network.ErrSyntax)
	if perr != nil {
		return d.ErrAt(perr.Off, "", perr.Err)
	}
	var obj *parse.Member
	for i, m := range top {
		switch m.Key {
		case "_class":
			var c string
			if json.Unmarshal(m.Val, &c) != nil || c != "pandapowerNet" {
				return d.ErrAt(m.Off, "_class", fmt.Errorf("%w: %s, want \"pandapowerNet\"", network.ErrInvalid, parse.Excerpt(m.Val)))
			}
		case "_object":
			obj = &top[i]
		}
	}
	if obj == nil {
		return d.ErrAt(0, "_object", fmt.Errorf("%w: not a pandapower network (no \"_object\")", network.ErrSyntax))
	}
	members, perr := parse.Members(obj.Span, network.ErrSyntax)
	if perr != nil {
		return d.ErrAt(perr.Off, "_object", perr.Err)
	}
	d.snMVA = 1
	d.tables = map[string]*ppTable{}
	version := ""
	for _, m := range members {
		switch m.Key {
		case "version":
			if json.Unmarshal(m.Val, &version) != nil {
				return d.ErrAt(m.Off, "version", fmt.Errorf("%w: %s, want a string", network.ErrVersion, parse.Excerpt(m.Val)))
			}
		case "name":
			if json.Unmarshal(m.Val, &d.name) != nil {
				d.name = ""
			}
		case "sn_mva", "f_hz":
			v, err := parse.Number(string(m.Val))
			if err == nil && !(v > 0) {
				err = fmt.Errorf("%w: %v, want a positive value", network.ErrInvalid, v)
			}
			if err != nil {
				return d.ErrAt(m.Off, m.Key, err)
			}
			if m.Key == "sn_mva" {
				d.snMVA = v
			} else {
				d.fHz = v
			}
		}
	}
	if major, _, _ := strings.Cut(version, "."); major != "2" {
		return d.ErrAt(obj.Off, "version", fmt.Errorf("%w: pandapower format %s (want 2.x)", network.ErrVersion, parse.Quote(version)))
	}
	for _, m := range members {
		rejected := slices.Contains(ppTablesRejected, m.Key)
		if !rejected && !slices.Contains(ppTablesRead, m.Key) {
			continue
		}
		t, err := d.readTable(m)
		if err != nil {
			return err
		}
		if rejected && t.nrows > 0 {
			return d.ErrAt(m.Off, m.Key, fmt.Errorf("%w: %d rows of table %s, which the importer does not support", network.ErrInvalid, t.nrows, parse.Quote(m.Key)))
		}
		d.tables[m.Key] = t
	}
	if d.tables["bus"] == nil {
		return d.ErrAt(obj.Off, "bus", fmt.Errorf("%w: missing table", network.ErrSyntax))
	}
	return nil
}

// readTable reads a DataFrame wrapper and its split-orientation string.
func (d *ppDoc) readTable(m parse.Member) (*ppTable, error) {
	wrap, perr := parse.Members(m.Span, network.ErrSyntax)
	if perr != nil {
		return nil, d.ErrAt(perr.Off, m.Key, perr.Err)
	}
	t := &ppTable{doc: d, name: m.Key, lit: -1}
	var lit []byte
	for _, w := range wrap {
		switch w.Key {
		case "orient":
			var o string
			if json.Unmarshal(w.Val, &o) != nil || o != "split" {
				return nil, d.ErrAt(w.Off, m.Key+".orient", fmt.Errorf("%w: %s, want \"split\"", network.ErrInvalid, parse.Excerpt(w.Val)))
			}
		case "_object":
			lit, t.lit, t.litVal = w.Val, w.Off, w.Val
		}
	}
	if t.lit < 0 {
		return nil, d.ErrAt(m.Off, m.Key, fmt.Errorf("%w: not a DataFrame (no \"_object\")", network.ErrSyntax))
	}
	buf, err := parse.Unquote(lit)
	if err != nil {
		return nil, d.ErrAt(t.lit, m.Key, err)
	}
	if perr := parse.CheckJSON(buf); perr != nil {
		return nil, t.errAt(perr.Off, "", perr.Err)
	}
	if perr := t.parseSplit(buf); perr != nil {
		return nil, t.errAt(perr.Off, "", perr.Err)
	}
	return t, nil
}

// rowOff is the offset of row i of t (or of the table when it has none).
func (t *ppTable) rowOff(i int) int {
	if i < t.nrows && len(t.cols) > 0 {
		return int(t.cells[i*len(t.cols)].off)
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
	r.keep(r.t.errAt(v.Off, col, err))
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
	loc      *network.Point
	off      bool
	demand   float64
	consumer bool
}

// ppBranch locates a line or transformer for the switches that name it.
type ppBranch struct {
	link     int // its place among lines and transformers
	from, to int64
}

// ppSwitched is what the switches on a line or transformer change: tags
// and, for an open switch, the service.
type ppSwitched struct {
	tags map[string]string
	open bool
}

// ppConn is a connection link waiting for its ID (see the ID rule).
type ppConn struct {
	link network.Link
	key  int64
}

// ppConverter turns the tables of a ppDoc into components and links.
type ppConverter struct {
	d                *ppDoc
	b                *network.Builder
	compIDs, linkIDs parse.IDSet
	buses            map[int64]*ppBus
	links            []network.Link // the bus-bus switches
	conns            []ppConn
	loads            []network.Component // with Options.Loads
	lineAt, trafoAt  map[int64]ppBranch
	// Lines and transformers are read twice, so that none is held: first
	// to check them, claim their IDs (branchIDs) and place them for the
	// switches (switched), then (emit) to add them to the Builder.
	emit      bool
	n         int // the next line or transformer
	branchIDs []string
	switched  map[int]*ppSwitched
}

// convert adds the network to b.
func (d *ppDoc) convert(b *network.Builder) error {
	b.SetName(d.name)
	b.SetAttr(network.ParamBaseMVA, d.snMVA)
	if d.fHz > 0 {
		b.SetAttr(network.ParamFrequencyHz, d.fHz)
	}
	c := &ppConverter{d: d, b: b, compIDs: parse.IDSet{}, linkIDs: parse.IDSet{},
		lineAt: map[int64]ppBranch{}, trafoAt: map[int64]ppBranch{}, switched: map[int]*ppSwitched{}}
	for _, step := range []func() error{c.convertBuses, c.convertAttached, c.convertLines, c.convertTrafos, c.convertSwitches} {
		if err := step(); err != nil {
			return err
		}
	}
	c.emit, c.n = true, 0
	if err := c.convertLines(); err != nil {
		return err
	}
	if err := c.convertTrafos(); err != nil {
		return err
	}
	for _, l := range c.links {
		b.AddLink(l)
	}
	for _, k := range c.conns {
		k.link.ID = c.linkIDs.Claim(k.link.ID, k.key)
		b.AddLink(k.link)
	}
	return nil
}

// rows returns a reader for each row of the named table (none when the
// file lacks it), after checking that a non-empty table has the columns
// named.
func (c *ppConverter) rows(name string, need ...string) ([]ppRow, error) {
	t := c.d.tables[name]
	if t == nil || t.nrows == 0 {
		return nil, nil
	}
	if err := t.need(need...); err != nil {
		return nil, err
	}
	rows := make([]ppRow, t.nrows)
	for i := range rows {
		rows[i] = ppRow{t: t, i: i}
	}
	return rows, nil
}

// ident claims the ID of row r (see the ID rule).
func (c *ppConverter) ident(ids parse.IDSet, r *ppRow) string {
	name := r.str("name")
	if r.err != nil {
		return ""
	}
	k := r.t.index[r.i]
	if name == "" {
		name = r.t.name + strconv.FormatInt(k, 10)
	}
	return ids.Claim(c.d.prefix+name, k)
}

// bus resolves the bus that column col of row r refers to.
func (c *ppConverter) bus(r *ppRow, col string) (*ppBus, int64) {
	k := r.ref(col)
	if r.err != nil {
		return &ppBus{}, 0
	}
	bb, ok := c.buses[k]
	if !ok {
		r.fail(col, fmt.Errorf("%w: bus %d", network.ErrUnknownID, k))
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
		comp := network.Component{ID: bb.id, Sector: network.Power, Kind: network.KindBus, Location: bb.loc, Zone: bb.zone,
			Params: map[network.Param]float64{network.ParamVnKV: bb.vn}}
		if bb.consumer {
			comp.Role, comp.Demand = network.RoleConsumer, bb.demand
		}
		if bb.off {
			comp.Tags = map[string]string{"in_service": "false"}
		}
		c.b.AddComponent(comp)
	}
	for _, comp := range c.loads {
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
			return r.t.errAt(r.t.rowOff(i), "", fmt.Errorf("%w: bus %d", network.ErrUnknownID, r.t.index[i]))
		}
		// A null coordinate reads as +Inf: no location.
		p := network.Point{X: r.num("x", math.Inf(1)), Y: r.num("y", math.Inf(1))}
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

// addLoads sums the in-service loads onto their buses or, with
// Options.Loads, makes each a component of its own.
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
			var id string
			if c.d.loads {
				id = c.ident(c.compIDs, r)
			}
			if r.err != nil {
				return r.err
			}
			if c.d.loads {
				comp := network.Component{ID: id, Sector: network.Power, Kind: network.KindLoad, Role: network.RoleConsumer,
					Location: bb.loc, Tags: map[string]string{"table": lt.table}}
				if in {
					comp.Demand = p * scaling
				}
				c.loads = append(c.loads, comp)
				c.conns = append(c.conns, ppConn{network.Link{ID: id + "-conn", Kind: network.KindConnection,
					From: id, To: bb.id, OutOfService: !in || bb.off}, r.t.index[i]})
				continue
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
			comp := network.Component{ID: id, Sector: network.Power, Kind: network.KindGenerator, Role: network.RoleSource, Location: bb.loc,
				Tags: map[string]string{"table": table}}
			switch table {
			case "gen", "sgen":
				p := r.num("p_mw", 0)
				if table == "sgen" {
					p *= r.nonNegative("scaling", 1)
				}
				comp.Capacity = r.nonNegative("max_p_mw", 0)
				comp.Params = map[network.Param]float64{network.ParamPMW: p}
			case "motor":
				// pandapower's motor load.
				p := r.nonNegative("pn_mech_mw", math.NaN()) / (r.positive("efficiency_percent", 100) / 100) *
					r.nonNegative("loading_percent", 100) / 100 * r.nonNegative("scaling", 1)
				comp.Kind, comp.Role = network.KindMotor, network.RoleConsumer
				if in {
					comp.Demand = p
				}
			}
			if r.err != nil {
				return r.err
			}
			c.b.AddComponent(comp)
			c.conns = append(c.conns, ppConn{network.Link{ID: id + "-conn", Kind: network.KindConnection,
				From: id, To: bb.id, OutOfService: !in || bb.off}, r.t.index[i]})
		}
	}
	return nil
}

// branchID claims the ID of a line or transformer row on the first pass
// and returns it again on the second.
func (c *ppConverter) branchID(r *ppRow) string {
	if c.emit {
		return c.branchIDs[c.n]
	}
	id := c.ident(c.linkIDs, r)
	c.branchIDs = append(c.branchIDs, id)
	return id
}

// branch places line or transformer l (index k of its table, from bus fk
// to tk) on the first pass; on the second it adds l, with what its
// switches change, to the Builder.
func (c *ppConverter) branch(at map[int64]ppBranch, k int64, l network.Link, fk, tk int64) {
	if !c.emit {
		at[k] = ppBranch{c.n, fk, tk}
		c.n++
		return
	}
	if sw := c.switched[c.n]; sw != nil {
		if l.Tags == nil {
			l.Tags = make(map[string]string, len(sw.tags))
		}
		for key, v := range sw.tags {
			l.Tags[key] = v
		}
		l.OutOfService = l.OutOfService || sw.open
	}
	c.n++
	c.b.AddLink(l)
}

// convertLines checks (first pass) or adds (second pass) the lines.
func (c *ppConverter) convertLines() error {
	lines, err := c.rows("line", "from_bus", "to_bus", "length_km", "x_ohm_per_km")
	if err != nil {
		return err
	}
	for i := range lines {
		r := &lines[i]
		id := c.branchID(r)
		from, fk := c.bus(r, "from_bus")
		to, tk := c.bus(r, "to_bus")
		if r.err == nil && fk == tk {
			r.fail("to_bus", fmt.Errorf("%w: bus %d", network.ErrSelfLoop, tk))
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
		l := network.Link{ID: id, Kind: network.KindLine, From: from.id, To: to.id, Length: km * 1000,
			Reactance:    x * km / par / (from.vn * from.vn / c.d.snMVA),
			Rating:       math.Sqrt(3) * imax * from.vn * par * df,
			OutOfService: !in || from.off || to.off}
		if std != "" {
			l.Tags = map[string]string{"std_type": std}
		}
		if !parse.Finite(l.Reactance) || !parse.Finite(l.Rating) || !parse.Finite(l.Length) {
			return r.t.errAt(r.t.rowOff(i), "", fmt.Errorf("%w: reactance, rating or length overflows", network.ErrNotFinite))
		}
		c.branch(c.lineAt, r.t.index[i], l, fk, tk)
	}
	return nil
}

// convertTrafos checks (first pass) or adds (second pass) the two-winding
// transformers.
func (c *ppConverter) convertTrafos() error {
	trafos, err := c.rows("trafo", "hv_bus", "lv_bus", "sn_mva", "vk_percent")
	if err != nil {
		return err
	}
	for i := range trafos {
		r := &trafos[i]
		id := c.branchID(r)
		hv, hk := c.bus(r, "hv_bus")
		lv, lk := c.bus(r, "lv_bus")
		if r.err == nil && hk == lk {
			r.fail("lv_bus", fmt.Errorf("%w: bus %d", network.ErrSelfLoop, lk))
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
			r.fail("tap_pos", fmt.Errorf("%w: the tap changer sets the ratio to %v", network.ErrInvalid, tapped))
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
			r.fail("tap_side", fmt.Errorf("%w: %s (want hv or lv)", network.ErrInvalid, parse.Quote(side)))
			return r.err
		}
		l := network.Link{ID: id, Kind: network.KindTransformer, From: hv.id, To: lv.id,
			Reactance:    vk / 100 * c.d.snMVA / sn * (vnl / lv.vn) * (vnl / lv.vn) / par,
			Rating:       sn * par,
			Shift:        shift,
			OutOfService: !in || hv.off || lv.off}
		if tap := (vnh / hv.vn) / (vnl / lv.vn); tap != 1 {
			l.Tap = tap
		}
		if !parse.Finite(l.Reactance) || !parse.Finite(l.Rating) || !parse.Finite(l.Tap) || !parse.Finite(l.Shift) || l.Tap < 0 {
			return r.t.errAt(r.t.rowOff(i), "", fmt.Errorf("%w: reactance %v, tap %v, shift %v", network.ErrInvalid, l.Reactance, l.Tap, l.Shift))
		}
		c.branch(c.trafoAt, r.t.index[i], l, hk, lk)
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
				r.fail("element", fmt.Errorf("%w: bus %d", network.ErrSelfLoop, bk))
			}
			if r.err != nil {
				return r.err
			}
			c.links = append(c.links, network.Link{ID: id, Kind: network.KindSwitch, From: bb.id, To: other.id,
				OutOfService: !closed || bb.off || other.off})
		case "l", "t":
			if err := c.tagBranch(r, id, et, bk, closed); err != nil {
				return err
			}
		default:
			r.fail("et", fmt.Errorf("%w: element type %s (want b, l or t)", network.ErrInvalid, parse.Quote(et)))
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
		r.fail("element", fmt.Errorf("%w: %s %d", network.ErrUnknownID, what, k))
		return r.err
	}
	end := "switch_from"
	switch bk {
	case br.from:
	case br.to:
		end = "switch_to"
	default:
		r.fail("bus", fmt.Errorf("%w: bus %d is not an end of %s %d", network.ErrInvalid, bk, what, k))
		return r.err
	}
	sw := c.switched[br.link]
	if sw == nil {
		sw = &ppSwitched{tags: map[string]string{}}
		c.switched[br.link] = sw
	}
	state := "closed"
	if !closed {
		state = "open"
		sw.open = true
	}
	sw.tags[end], sw.tags[end+"_state"] = id, state
	return nil
}
