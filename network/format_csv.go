package network

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// The files of the CSV format.
const (
	csvNetworkFile      = "network.csv"
	csvComponentsFile   = "components.csv"
	csvLinksFile        = "links.csv"
	csvRequirementsFile = "requirements.csv"
)

// Column prefixes for parameters and tags, and the key prefix of attributes
// in network.csv.
const (
	csvParam = "param:"
	csvTag   = "tag:"
	csvAttr  = "attr:"
)

// The fixed columns, in the order written; their names are the JSON keys,
// except that a location is split into x and y.
var (
	csvComponentColumns = []string{"id", "sector", "kind", "role", "x", "y", "zone", "access",
		"demand", "population", "capacity", "storage", "fragility", "critical"}
	csvLinkColumns = []string{"id", "kind", "from", "to", "directed", "length", "capacity",
		"fragility", "out_of_service", "reactance", "rating", "tap", "shift", "diameter",
		"free_flow", "geometry"}
	csvRequirementColumns = []string{"dependent", "providers", "logic", "k", "lag", "buffer",
		"recharge", "effect", "factor", "kind"}
)

// providerSep joins the providers of a requirement in one cell.
const providerSep = ";"

// WriteCSV writes n as four CSV tables in dir (created if missing) for
// spreadsheet users:
//
//   - network.csv: key,value rows: version, name, crs, and attr:<name> per
//     network attribute;
//   - components.csv: id, sector, kind, role, x, y (empty when unlocated),
//     zone, access, demand, population, capacity, storage, fragility,
//     critical, then param:<name> and tag:<name> columns, sorted by name;
//   - links.csv: id, kind, from, to, directed, length, capacity, fragility,
//     out_of_service, reactance, rating, tap, shift, diameter, free_flow,
//     geometry (WKT "LINESTRING(x y, x y, …)"), then param: and tag:
//     columns;
//   - requirements.csv: dependent, providers (joined with ";"), logic, k,
//     lag, buffer, recharge, effect, factor, kind.
//
// Column names are the JSON keys of WriteJSON. An empty cell is absent: a
// zero number, a zero duration, no parameter or no tag. Durations are in Go
// syntax, enums by name, numbers as the shortest decimal that reads back
// exactly. Each file is written to a temporary file and renamed into
// place, so a reader never sees half a file (the four renames are not one
// atomic step).
//
// CSV cannot hold everything a Network can: WriteCSV fails with ErrInvalid,
// before writing anything, when a tag value is empty (an empty cell is no
// tag), a provider ID contains ";", or a string contains "\r\n" (CSV
// readers turn it into "\n").
func WriteCSV(dir string, n *Network) error {
	files, err := csvTables(n)
	if err != nil {
		return err
	}
	return writeFilesAtomic(dir, files)
}

// csvTables lays n out as the four tables, refusing values CSV cannot hold.
func csvTables(n *Network) ([]csvFile, error) {
	comps, err := csvComponents(n)
	if err != nil {
		return nil, err
	}
	links, err := csvLinks(n)
	if err != nil {
		return nil, err
	}
	reqs, err := csvRequirements(n)
	if err != nil {
		return nil, err
	}
	h := headerOf(n)
	meta := [][]string{{"key", "value"}, {"version", strconv.Itoa(NativeVersion)}, {"name", h.Name}, {"crs", h.CRS}}
	for _, k := range slices.Sorted(maps.Keys(h.Attrs)) {
		meta = append(meta, []string{csvAttr + string(k), formatNumber(h.Attrs[k])})
	}
	files := []csvFile{{csvComponentsFile, comps}, {csvLinksFile, links}, {csvRequirementsFile, reqs}, {csvNetworkFile, meta}}
	for _, f := range files {
		for _, row := range f.rows {
			for _, cell := range row {
				if strings.Contains(cell, "\r\n") {
					return nil, fmt.Errorf("%w: %s: %q: CSV cannot hold \\r\\n", ErrInvalid, f.name, cell)
				}
			}
		}
	}
	return files, nil
}

// csvFile is one table to write.
type csvFile struct {
	name string
	rows [][]string
}

// encode returns the table as CSV text.
func (f *csvFile) encode() ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(f.rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func csvComponents(n *Network) ([][]string, error) {
	params := n.ComponentParamNames()
	tagSet := map[string]bool{}
	recs := make([]componentRecord, n.NumComponents())
	for i := range n.Components() {
		recs[i] = componentRecordOf(n, i)
		for k, v := range recs[i].Tags {
			if v == "" {
				return nil, fmt.Errorf("%w: component %q: tag %q is empty, which CSV cannot tell from no tag", ErrInvalid, recs[i].ID, k)
			}
			tagSet[k] = true
		}
	}
	tags := slices.Sorted(maps.Keys(tagSet))
	rows := [][]string{extraColumns(csvComponentColumns, params, tags)}
	for _, r := range recs {
		x, y := "", ""
		if r.Location != nil {
			x, y = formatNumber(r.Location.X), formatNumber(r.Location.Y)
		}
		row := []string{r.ID, r.Sector, r.Kind, r.Role, x, y, r.Zone, r.Access, csvNumber(r.Demand),
			csvInt(r.Population), csvNumber(r.Capacity), csvNumber(r.Storage), r.Fragility, csvBool(r.Critical)}
		rows = append(rows, appendExtras(row, r.Params, r.Tags, params, tags))
	}
	return rows, nil
}

func csvLinks(n *Network) ([][]string, error) {
	params := n.LinkParamNames()
	tagSet := map[string]bool{}
	recs := make([]linkRecord, n.NumLinks())
	for l := range n.Links() {
		recs[l] = linkRecordOf(n, l)
		for k, v := range recs[l].Tags {
			if v == "" {
				return nil, fmt.Errorf("%w: link %q: tag %q is empty, which CSV cannot tell from no tag", ErrInvalid, recs[l].ID, k)
			}
			tagSet[k] = true
		}
	}
	tags := slices.Sorted(maps.Keys(tagSet))
	rows := [][]string{extraColumns(csvLinkColumns, params, tags)}
	for _, r := range recs {
		row := []string{r.ID, r.Kind, r.From, r.To, csvBool(r.Directed), csvNumber(r.Length),
			csvNumber(r.Capacity), r.Fragility, csvBool(r.OutOfService), csvNumber(r.Reactance),
			csvNumber(r.Rating), csvNumber(r.Tap), csvNumber(r.Shift), csvNumber(r.Diameter),
			r.FreeFlow, formatWKT(r.Geometry)}
		rows = append(rows, appendExtras(row, r.Params, r.Tags, params, tags))
	}
	return rows, nil
}

func csvRequirements(n *Network) ([][]string, error) {
	rows := [][]string{slices.Clone(csvRequirementColumns)}
	for r := range n.Requirements() {
		q := requirementRecordOf(n, r)
		for _, p := range q.Providers {
			if strings.Contains(p, providerSep) {
				return nil, fmt.Errorf("%w: requirement of %q: provider %q contains %q, which CSV uses to join providers",
					ErrInvalid, q.Dependent, p, providerSep)
			}
		}
		k := ""
		if q.K != 0 {
			k = strconv.Itoa(q.K)
		}
		rows = append(rows, []string{q.Dependent, strings.Join(q.Providers, providerSep), q.Logic, k,
			q.Lag, q.Buffer, csvNumber(q.Recharge), q.Effect, csvNumber(q.Factor), q.Kind})
	}
	return rows, nil
}

func extraColumns(fixed []string, params []Param, tags []string) []string {
	h := slices.Clone(fixed)
	for _, p := range params {
		h = append(h, csvParam+string(p))
	}
	for _, t := range tags {
		h = append(h, csvTag+t)
	}
	return h
}

func appendExtras(row []string, pv map[Param]float64, tv map[string]string, params []Param, tags []string) []string {
	for _, p := range params {
		cell := ""
		if v, ok := pv[p]; ok {
			cell = formatNumber(v)
		}
		row = append(row, cell)
	}
	for _, t := range tags {
		row = append(row, tv[t])
	}
	return row
}

// csvNumber writes x, and zero as an empty cell.
func csvNumber(x float64) string {
	if x == 0 {
		return ""
	}
	return formatNumber(x)
}

func csvInt(x int64) string {
	if x == 0 {
		return ""
	}
	return strconv.FormatInt(x, 10)
}

func csvBool(b bool) string { return strconv.FormatBool(b) }

// formatWKT writes a polyline as a WKT LINESTRING, and nil as "".
func formatWKT(pts []Point) string {
	if len(pts) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("LINESTRING(")
	for i, p := range pts {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(formatNumber(p.X))
		b.WriteByte(' ')
		b.WriteString(formatNumber(p.Y))
	}
	b.WriteByte(')')
	return b.String()
}

// parseWKT reads a WKT LINESTRING (keyword case-insensitive, "LINESTRING
// EMPTY" for none) with two numbers per point.
func parseWKT(s string) ([]Point, error) {
	bad := func(why string) error {
		return fmt.Errorf("%w: WKT %q: %s (want LINESTRING(x y, x y, …))", ErrSyntax, s, why)
	}
	t := strings.TrimSpace(s)
	const kw = "LINESTRING"
	if len(t) < len(kw) || !strings.EqualFold(t[:len(kw)], kw) {
		return nil, bad("not a LINESTRING")
	}
	t = strings.TrimSpace(t[len(kw):])
	if strings.EqualFold(t, "EMPTY") {
		return nil, nil
	}
	body, open := strings.CutPrefix(t, "(")
	body, closed := strings.CutSuffix(body, ")")
	if !open || !closed {
		return nil, bad("missing parentheses")
	}
	var pts []Point
	for part := range strings.SplitSeq(body, ",") {
		xy := strings.Fields(part)
		if len(xy) != 2 {
			return nil, bad(fmt.Sprintf("point %d has %d numbers, not 2", len(pts)+1, len(xy)))
		}
		x, err := parseNumber(xy[0])
		if err != nil {
			return nil, err
		}
		y, err := parseNumber(xy[1])
		if err != nil {
			return nil, err
		}
		pts = append(pts, Point{x, y})
	}
	return pts, nil
}

// writeFilesAtomic writes each file to a temporary file in dir and renames
// them into place once all are written.
func writeFilesAtomic(dir string, files []csvFile) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var temps []string
	defer func() {
		for _, t := range temps {
			os.Remove(t) // renamed ones are gone already
		}
	}()
	for _, f := range files {
		data, err := f.encode()
		if err != nil {
			return err
		}
		tmp, err := os.CreateTemp(dir, "."+f.name+".*.tmp")
		if err != nil {
			return err
		}
		temps = append(temps, tmp.Name())
		_, werr := tmp.Write(data)
		serr := tmp.Sync()
		cerr := tmp.Close()
		if err := errors.Join(werr, serr, cerr); err != nil {
			return err
		}
		if err := os.Chmod(tmp.Name(), 0o644); err != nil {
			return err
		}
	}
	for i, f := range files {
		if err := os.Rename(temps[i], filepath.Join(dir, f.name)); err != nil {
			return err
		}
	}
	return nil
}

// ReadCSV reads a network written by WriteCSV from dir. network.csv and
// components.csv are required; a missing links.csv or requirements.csv
// means none. Columns may come in any order and may be left out (an absent
// column is empty in every row); unknown columns are errors; rows whose
// cells are all empty are skipped, and a UTF-8 byte-order mark is ignored.
// Durations also accept d = 24 h ("1d12h").
//
// Every error is a *ParseError naming the file (dir joined with its name),
// the line (1-based, the header is line 1; a record spanning lines is
// placed at its first), the 1-based number of the cell as Col, and the
// column header as Field (in network.csv, the key). It wraps ErrVersion for
// a missing or unsupported version, ErrSyntax for malformed CSV, numbers,
// durations and WKT, ErrInvalid for unknown columns, keys and names, and
// the sentinels of Validate and Build otherwise. Problems only Build
// detects come as a *ParseError with only File (dir) set.
func ReadCSV(dir string) (*Network, error) {
	return readCSV(dir, func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, name)) })
}

// readCSV reads the tables through load, which returns the contents of a
// file of dir by name (an error wrapping fs.ErrNotExist when it is absent).
func readCSV(dir string, load func(name string) ([]byte, error)) (*Network, error) {
	meta, err := loadCSVTable(dir, csvNetworkFile, true, load)
	if err != nil {
		return nil, err
	}
	h, metaRows, err := csvHeader(meta)
	if err != nil {
		return nil, err
	}
	ct, err := loadCSVTable(dir, csvComponentsFile, true, load)
	if err != nil {
		return nil, err
	}
	comps, err := csvComponentRecords(ct)
	if err != nil {
		return nil, err
	}
	lt, err := loadCSVTable(dir, csvLinksFile, false, load)
	if err != nil {
		return nil, err
	}
	links, err := csvLinkRecords(lt)
	if err != nil {
		return nil, err
	}
	rt, err := loadCSVTable(dir, csvRequirementsFile, false, load)
	if err != nil {
		return nil, err
	}
	reqs, err := csvRequirementRecords(rt)
	if err != nil {
		return nil, err
	}
	tables := [4]*csvTable{nil, ct, lt, rt}
	loc := func(t table, i int, field string) *ParseError {
		if t == tableHeader {
			if r, ok := metaRows[field]; ok {
				return withField(meta.errAt(r, "value", nil), field)
			}
			return &ParseError{File: meta.path, Field: field}
		}
		return tables[t].errAt(i, csvColumnOf(field), nil)
	}
	return assemble(dir, h, comps, links, reqs, loc)
}

// csvColumnOf maps a record field to its column.
func csvColumnOf(field string) string {
	switch {
	case field == "location":
		return "x"
	case strings.HasPrefix(field, "providers["):
		return "providers"
	case strings.HasPrefix(field, "params."):
		return csvParam + strings.TrimPrefix(field, "params.")
	case strings.HasPrefix(field, "tags."):
		return csvTag + strings.TrimPrefix(field, "tags.")
	}
	return field
}

// loadCSVTable reads dir/name through load; a missing optional file is an
// empty table.
func loadCSVTable(dir, name string, required bool, load func(string) ([]byte, error)) (*csvTable, error) {
	path := filepath.Join(dir, name)
	data, err := load(name)
	if errors.Is(err, fs.ErrNotExist) && !required {
		return &csvTable{path: path, cols: map[string]int{}, cells: true}, nil
	}
	if err != nil {
		return nil, &ParseError{File: path, Err: err}
	}
	return readCSVTable(path, data, false, true)
}

// checkColumns rejects columns that are neither fixed nor param:/tag:.
func (t *csvTable) checkColumns(fixed []string, extras bool) error {
	for _, c := range t.header {
		if slices.Contains(fixed, c) || (extras && (strings.HasPrefix(c, csvParam) || strings.HasPrefix(c, csvTag))) {
			continue
		}
		return t.errAt(-1, c, fmt.Errorf("%w: unknown column %q", ErrInvalid, c))
	}
	return nil
}

// extras reads the param: and tag: columns.
func (r *csvRow) extras() (map[Param]float64, map[string]string) {
	var params map[Param]float64
	var tags map[string]string
	for _, c := range r.t.header {
		if name, ok := strings.CutPrefix(c, csvParam); ok && r.str(c) != "" {
			if params == nil {
				params = map[Param]float64{}
			}
			params[Param(name)] = r.number(c)
		} else if name, ok := strings.CutPrefix(c, csvTag); ok && r.str(c) != "" {
			if tags == nil {
				tags = map[string]string{}
			}
			tags[name] = r.str(c)
		}
	}
	return params, tags
}

// csvHeader reads network.csv; rows maps each key to its row.
func csvHeader(t *csvTable) (headerRecord, map[string]int, error) {
	var h headerRecord
	if !slices.Equal(t.header, []string{"key", "value"}) {
		return h, nil, &ParseError{File: t.path, Line: 1, Col: 1, Err: fmt.Errorf("%w: header %q (want key,value)", ErrSyntax, t.header)}
	}
	rows := map[string]int{}
	for i, row := range t.rows {
		if _, dup := rows[row[0]]; dup {
			return h, nil, withField(t.errAt(i, "key", fmt.Errorf("%w: repeated key %q", ErrInvalid, row[0])), row[0])
		}
		rows[row[0]] = i
	}
	vr, ok := rows["version"]
	if !ok {
		return h, nil, &ParseError{File: t.path, Field: "version", Err: versionError("missing version row")}
	}
	v, err := strconv.ParseInt(t.rows[vr][1], 10, 64)
	if err != nil {
		err = versionError(fmt.Sprintf("version %q is not an integer", t.rows[vr][1]))
	} else {
		err = checkVersion(v)
	}
	if err != nil {
		return h, nil, withField(t.errAt(vr, "value", err), "version")
	}
	for i, row := range t.rows {
		key, val := row[0], row[1]
		switch {
		case key == "version":
		case key == "name":
			h.Name = val
		case key == "crs":
			h.CRS = val
		case strings.HasPrefix(key, csvAttr):
			x, err := parseNumber(val)
			if err != nil {
				return h, nil, withField(t.errAt(i, "value", err), key)
			}
			if h.Attrs == nil {
				h.Attrs = map[Param]float64{}
			}
			h.Attrs[Param(strings.TrimPrefix(key, csvAttr))] = x
		default:
			return h, nil, withField(t.errAt(i, "key", fmt.Errorf("%w: unknown key %q (want version, name, crs or %s<name>)", ErrInvalid, key, csvAttr)), key)
		}
	}
	return h, rows, nil
}

func csvComponentRecords(t *csvTable) ([]componentRecord, error) {
	if err := t.checkColumns(csvComponentColumns, true); err != nil {
		return nil, err
	}
	recs := make([]componentRecord, len(t.rows))
	for i := range t.rows {
		r := t.row(i)
		c := componentRecord{
			ID: r.str("id"), Sector: r.str("sector"), Kind: r.str("kind"), Role: r.str("role"),
			Zone: r.str("zone"), Access: r.str("access"), Demand: r.number("demand"),
			Population: r.integer("population"), Capacity: r.number("capacity"),
			Storage: r.number("storage"), Fragility: r.str("fragility"), Critical: r.boolean("critical"),
		}
		switch x, y := r.str("x"), r.str("y"); {
		case x != "" && y != "":
			c.Location = &Point{r.number("x"), r.number("y")}
		case x != "":
			r.fail("y", fmt.Errorf("%w: x without y", ErrInvalid))
		case y != "":
			r.fail("x", fmt.Errorf("%w: y without x", ErrInvalid))
		}
		c.Params, c.Tags = r.extras()
		if r.err != nil {
			return nil, r.err
		}
		recs[i] = c
	}
	return recs, nil
}

func csvLinkRecords(t *csvTable) ([]linkRecord, error) {
	if err := t.checkColumns(csvLinkColumns, true); err != nil {
		return nil, err
	}
	recs := make([]linkRecord, len(t.rows))
	for i := range t.rows {
		r := t.row(i)
		l := linkRecord{
			ID: r.str("id"), Kind: r.str("kind"), From: r.str("from"), To: r.str("to"),
			Directed: r.boolean("directed"), Length: r.number("length"), Capacity: r.number("capacity"),
			Fragility: r.str("fragility"), OutOfService: r.boolean("out_of_service"),
			Reactance: r.number("reactance"), Rating: r.number("rating"), Tap: r.number("tap"),
			Shift: r.number("shift"), Diameter: r.number("diameter"), FreeFlow: r.str("free_flow"),
		}
		if g := r.str("geometry"); g != "" {
			pts, err := parseWKT(g)
			if err != nil {
				r.fail("geometry", err)
			}
			l.Geometry = pts
		}
		l.Params, l.Tags = r.extras()
		if r.err != nil {
			return nil, r.err
		}
		recs[i] = l
	}
	return recs, nil
}

func csvRequirementRecords(t *csvTable) ([]requirementRecord, error) {
	if err := t.checkColumns(csvRequirementColumns, false); err != nil {
		return nil, err
	}
	recs := make([]requirementRecord, len(t.rows))
	for i := range t.rows {
		r := t.row(i)
		q := requirementRecord{
			Dependent: r.str("dependent"), Logic: r.str("logic"), K: int(r.integer("k")),
			Lag: r.str("lag"), Buffer: r.str("buffer"), Recharge: r.number("recharge"),
			Effect: r.str("effect"), Factor: r.number("factor"), Kind: r.str("kind"),
		}
		if p := r.str("providers"); p != "" {
			q.Providers = strings.Split(p, providerSep)
		}
		if r.err != nil {
			return nil, r.err
		}
		recs[i] = q
	}
	return recs, nil
}
