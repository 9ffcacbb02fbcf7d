package format

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/internal/parse"
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
func WriteCSV(dir string, n *network.Network) error {
	files, err := csvTables(n)
	if err != nil {
		return err
	}
	return writeFilesAtomic(dir, files)
}

// csvTables lays n out as the four tables, refusing values CSV cannot hold.
func csvTables(n *network.Network) ([]csvFile, error) {
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
					return nil, fmt.Errorf("%w: %s: %s: CSV cannot hold \\r\\n", network.ErrInvalid, f.name, parse.Quote(cell))
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

func csvComponents(n *network.Network) ([][]string, error) {
	params := n.ComponentParamNames()
	tagSet := map[string]bool{}
	recs := make([]componentRecord, n.NumComponents())
	for i := range n.Components() {
		recs[i] = componentRecordOf(n, i)
		for k, v := range recs[i].Tags {
			if v == "" {
				return nil, fmt.Errorf("%w: component %s: tag %s is empty, which CSV cannot tell from no tag", network.ErrInvalid, parse.Quote(recs[i].ID), parse.Quote(k))
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

func csvLinks(n *network.Network) ([][]string, error) {
	params := n.LinkParamNames()
	tagSet := map[string]bool{}
	recs := make([]linkRecord, n.NumLinks())
	for l := range n.Links() {
		recs[l] = linkRecordOf(n, l)
		for k, v := range recs[l].Tags {
			if v == "" {
				return nil, fmt.Errorf("%w: link %s: tag %s is empty, which CSV cannot tell from no tag", network.ErrInvalid, parse.Quote(recs[l].ID), parse.Quote(k))
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

func csvRequirements(n *network.Network) ([][]string, error) {
	rows := [][]string{slices.Clone(csvRequirementColumns)}
	for r := range n.Requirements() {
		q := requirementRecordOf(n, r)
		for _, p := range q.Providers {
			if strings.Contains(p, providerSep) {
				return nil, fmt.Errorf("%w: requirement of %s: provider %s contains %s, which CSV uses to join providers",
					network.ErrInvalid, parse.Quote(q.Dependent), parse.Quote(p), parse.Quote(providerSep))
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

func extraColumns(fixed []string, params []network.Param, tags []string) []string {
	h := slices.Clone(fixed)
	for _, p := range params {
		h = append(h, csvParam+string(p))
	}
	for _, t := range tags {
		h = append(h, csvTag+t)
	}
	return h
}

func appendExtras(row []string, pv map[network.Param]float64, tv map[string]string, params []network.Param, tags []string) []string {
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
func formatWKT(pts []network.Point) string {
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
func parseWKT(s string) ([]network.Point, error) {
	bad := func(why string) error {
		return fmt.Errorf("%w: WKT %s: %s (want LINESTRING(x y, x y, …))", network.ErrSyntax, parse.Quote(s), why)
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
	var pts []network.Point
	for part := range strings.SplitSeq(body, ",") {
		xy := strings.Fields(part)
		if len(xy) != 2 {
			return nil, bad(fmt.Sprintf("point %d has %d numbers, not 2", len(pts)+1, len(xy)))
		}
		x, err := parse.Number(xy[0])
		if err != nil {
			return nil, err
		}
		y, err := parse.Number(xy[1])
		if err != nil {
			return nil, err
		}
		pts = append(pts, network.Point{X: x, Y: y})
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

// ReadCSV reads a network written by WriteCSV from the directory dir of
// fsys ("." for its root; os.DirFS opens a directory on disk). network.csv and
// components.csv are required; a missing links.csv or requirements.csv
// means none. Columns may come in any order and may be left out (an absent
// column is empty in every row); unknown columns are errors; rows whose
// cells are all empty are skipped, and a UTF-8 byte-order mark is ignored.
// Durations also accept d = 24 h ("1d12h").
//
// Every error is a *ParseError naming the file (dir joined with its name,
// slash-separated as in fsys),
// the line (1-based, the header is line 1; a record spanning lines is
// placed at its first), the 1-based number of the cell as Col, and the
// column header as Field (in network.csv, the key). It wraps ErrVersion for
// a missing or unsupported version, ErrSyntax for malformed CSV, numbers,
// durations and WKT, ErrInvalid for unknown columns, keys and names, and
// the sentinels of Validate and Build otherwise. Problems only Build
// detects come as a *ParseError with only File (dir) set.
//
// The tables are read as streams, one row at a time, so that reading takes
// about the memory of the network built. A file above 4 GiB is refused (see
// Reader).
func ReadCSV(fsys fs.FS, dir string) (*network.Network, error) {
	return Reader{}.ReadCSV(fsys, dir)
}

// ReadCSV reads a network in the native CSV format as the function ReadCSV
// does, under r's size cap (for each file).
func (r Reader) ReadCSV(fsys fs.FS, dir string) (*network.Network, error) {
	meta, err := r.loadCSVTable(fsys, dir, csvNetworkFile)
	if err != nil {
		return nil, err
	}
	h, metaRows, err := csvHeader(meta)
	if err != nil {
		return nil, err
	}
	var tables [4]*parse.Table
	loc := func(t table, i int, at int64, field string) *network.ParseError {
		if t == tableHeader {
			if r, ok := metaRows[field]; ok {
				return parse.WithField(meta.ErrAt(r, "value", nil), field)
			}
			return &network.ParseError{File: meta.Path, Field: field}
		}
		pe := tables[t].ErrAt(-1, csvColumnOf(field), nil)
		pe.Line = int(at)
		return pe
	}
	a, err := newAssembler(dir, h, loc)
	if err != nil {
		return nil, err
	}
	for _, f := range []struct {
		t        table
		name     string
		required bool
		read     func(t *parse.Table, a *assembler) error
	}{
		{tableComponents, csvComponentsFile, true, readCSVComponents},
		{tableLinks, csvLinksFile, false, readCSVLinks},
		{tableRequirements, csvRequirementsFile, false, readCSVRequirements},
	} {
		src := r.source(fsys, path.Join(dir, f.name))
		t, err := parse.OpenTable(src, false, true)
		if !f.required && errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		tables[f.t] = t
		err = f.read(t, a)
		t.Close()
		if err != nil {
			return nil, err
		}
	}
	return a.finish()
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

// loadCSVTable reads dir/name of fsys whole (network.csv: a few rows).
func (r Reader) loadCSVTable(fsys fs.FS, dir, name string) (*parse.Table, error) {
	src := r.source(fsys, path.Join(dir, name))
	data, err := src.ReadAll()
	if err != nil {
		return nil, err
	}
	return parse.ReadTable(src.Name, data, false, true)
}

// checkColumns rejects columns that are neither fixed nor param:/tag:.
func checkColumns(t *parse.Table, fixed []string, extras bool) error {
	for _, c := range t.Header {
		if slices.Contains(fixed, c) || (extras && (strings.HasPrefix(c, csvParam) || strings.HasPrefix(c, csvTag))) {
			continue
		}
		return t.ErrAt(-1, c, fmt.Errorf("%w: unknown column %s", network.ErrInvalid, parse.Quote(c)))
	}
	return nil
}

// extras reads the param: and tag: columns of the row r of t.
func extras(t *parse.Table, r *parse.Row) (map[network.Param]float64, map[string]string) {
	var params map[network.Param]float64
	var tags map[string]string
	for _, c := range t.Header {
		if name, ok := strings.CutPrefix(c, csvParam); ok && r.Str(c) != "" {
			if params == nil {
				params = map[network.Param]float64{}
			}
			params[network.Param(name)] = r.Number(c)
		} else if name, ok := strings.CutPrefix(c, csvTag); ok && r.Str(c) != "" {
			if tags == nil {
				tags = map[string]string{}
			}
			tags[name] = r.Str(c)
		}
	}
	return params, tags
}

// csvHeader reads network.csv; rows maps each key to its row.
func csvHeader(t *parse.Table) (headerRecord, map[string]int, error) {
	var h headerRecord
	if !slices.Equal(t.Header, []string{"key", "value"}) {
		return h, nil, &network.ParseError{File: t.Path, Line: 1, Col: 1, Err: fmt.Errorf("%w: header %s (want key,value)", network.ErrSyntax, parse.Quote(strings.Join(t.Header, ",")))}
	}
	rows := map[string]int{}
	for i, row := range t.Rows {
		if _, dup := rows[row[0]]; dup {
			return h, nil, parse.WithField(t.ErrAt(i, "key", fmt.Errorf("%w: repeated key %s", network.ErrInvalid, parse.Quote(row[0]))), parse.Excerpt(row[0]))
		}
		rows[row[0]] = i
	}
	vr, ok := rows["version"]
	if !ok {
		return h, nil, &network.ParseError{File: t.Path, Field: "version", Err: versionError("missing version row")}
	}
	v, err := strconv.ParseInt(t.Rows[vr][1], 10, 64)
	if err != nil {
		err = versionError(fmt.Sprintf("version %s is not an integer", parse.Quote(t.Rows[vr][1])))
	} else {
		err = checkVersion(v)
	}
	if err != nil {
		return h, nil, parse.WithField(t.ErrAt(vr, "value", err), "version")
	}
	for i, row := range t.Rows {
		key, val := row[0], row[1]
		switch {
		case key == "version":
		case key == "name":
			h.Name = val
		case key == "crs":
			h.CRS = val
		case strings.HasPrefix(key, csvAttr):
			x, err := parse.Number(val)
			if err != nil {
				return h, nil, parse.WithField(t.ErrAt(i, "value", err), key)
			}
			if h.Attrs == nil {
				h.Attrs = map[network.Param]float64{}
			}
			h.Attrs[network.Param(strings.TrimPrefix(key, csvAttr))] = x
		default:
			return h, nil, parse.WithField(t.ErrAt(i, "key", fmt.Errorf("%w: unknown key %s (want version, name, crs or %s<name>)", network.ErrInvalid, parse.Quote(key), csvAttr)), parse.Excerpt(key))
		}
	}
	return h, rows, nil
}

// readCSVComponents reads the rows of components.csv into a.
func readCSVComponents(t *parse.Table, a *assembler) error {
	if err := checkColumns(t, csvComponentColumns, true); err != nil {
		return err
	}
	for i := 0; t.Next(); i++ {
		r := t.Row(0)
		c := componentRecord{
			// encoding/csv cuts a row's cells from one string: the ID
			// is copied so that the network does not keep the row.
			ID: strings.Clone(r.Str("id")), Sector: r.Str("sector"), Kind: r.Str("kind"), Role: r.Str("role"),
			Zone: r.Str("zone"), Access: r.Str("access"), Demand: r.Number("demand"),
			Population: r.Integer("population"), Capacity: r.Number("capacity"),
			Storage: r.Number("storage"), Fragility: r.Str("fragility"), Critical: r.Boolean("critical"),
		}
		switch x, y := r.Str("x"), r.Str("y"); {
		case x != "" && y != "":
			c.Location = &network.Point{X: r.Number("x"), Y: r.Number("y")}
		case x != "":
			r.Fail("y", fmt.Errorf("%w: x without y", network.ErrInvalid))
		case y != "":
			r.Fail("x", fmt.Errorf("%w: y without x", network.ErrInvalid))
		}
		c.Params, c.Tags = extras(t, &r)
		if r.Err != nil {
			return r.Err
		}
		if err := a.component(&c, i, int64(t.Line())); err != nil {
			return err
		}
	}
	return t.Err()
}

// readCSVLinks reads the rows of links.csv into a.
func readCSVLinks(t *parse.Table, a *assembler) error {
	if err := checkColumns(t, csvLinkColumns, true); err != nil {
		return err
	}
	for i := 0; t.Next(); i++ {
		r := t.Row(0)
		l := linkRecord{
			ID: strings.Clone(r.Str("id")), Kind: r.Str("kind"), From: r.Str("from"), To: r.Str("to"),
			Directed: r.Boolean("directed"), Length: r.Number("length"), Capacity: r.Number("capacity"),
			Fragility: r.Str("fragility"), OutOfService: r.Boolean("out_of_service"),
			Reactance: r.Number("reactance"), Rating: r.Number("rating"), Tap: r.Number("tap"),
			Shift: r.Number("shift"), Diameter: r.Number("diameter"), FreeFlow: r.Str("free_flow"),
		}
		if g := r.Str("geometry"); g != "" {
			pts, err := parseWKT(g)
			if err != nil {
				r.Fail("geometry", err)
			}
			l.Geometry = pts
		}
		l.Params, l.Tags = extras(t, &r)
		if r.Err != nil {
			return r.Err
		}
		if err := a.link(&l, i, int64(t.Line())); err != nil {
			return err
		}
	}
	return t.Err()
}

// readCSVRequirements reads the rows of requirements.csv into a.
func readCSVRequirements(t *parse.Table, a *assembler) error {
	if err := checkColumns(t, csvRequirementColumns, false); err != nil {
		return err
	}
	for i := 0; t.Next(); i++ {
		q, err := csvRequirementRow(t)
		if err != nil {
			return err
		}
		if err := a.requirement(&q, i, int64(t.Line())); err != nil {
			return err
		}
	}
	return t.Err()
}

// csvRequirementRow reads the current row of a requirements table.
func csvRequirementRow(t *parse.Table) (requirementRecord, error) {
	r := t.Row(0)
	q := requirementRecord{
		Dependent: r.Str("dependent"), Logic: r.Str("logic"), K: int(r.Integer("k")),
		Lag: r.Str("lag"), Buffer: r.Str("buffer"), Recharge: r.Number("recharge"),
		Effect: r.Str("effect"), Factor: r.Number("factor"), Kind: r.Str("kind"),
	}
	if p := r.Str("providers"); p != "" {
		q.Providers = strings.Split(p, providerSep)
	}
	return q, r.Err
}
