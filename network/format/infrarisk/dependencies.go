package infrarisk

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"

	"github.com/lifeline-sim/lifeline/network"
)

// Columns of dependencies.csv.
const (
	colWater = "water_id"
	colPower = "power_id"
)

// dependencies reads the dependency table name of fsys and turns each row
// into a requirement between a component of water and one of power (see the
// package documentation). It streams the file, holding one row at a time.
func dependencies(fsys fs.FS, name string, water, power *network.Network, opts *Options) ([]network.Requirement, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &network.ParseError{File: name, Err: err}
	}
	defer f.Close()
	t, err := newTable(name, f)
	if err != nil {
		return nil, err
	}
	var reqs []network.Requirement
	seen := map[[2]string]int{} // coupled pair → line
	for {
		ok, err := t.read()
		if err != nil {
			return nil, err
		}
		if !ok {
			return reqs, nil
		}
		w, err := resolve(water, t.cell(colWater), colWater, waterAliases)
		if err != nil {
			return nil, t.errAt(colWater, err)
		}
		p, err := resolve(power, t.cell(colPower), colPower, powerAliases)
		if err != nil {
			return nil, t.errAt(colPower, err)
		}
		wc, pc := water.ComponentID(w), power.ComponentID(p)
		if line, dup := seen[[2]string{wc, pc}]; dup {
			return nil, t.errAt(colPower, fmt.Errorf("%w: %s and %s are coupled already on line %d", network.ErrInvalid, wc, pc, line))
		}
		seen[[2]string{wc, pc}] = t.line(0)
		wk, pk := water.ComponentKind(w), power.ComponentKind(p)
		var req network.Requirement
		switch {
		case wk == network.KindPump && (pk == network.KindMotor || pk == network.KindLoad):
			req = opts.PumpOnPower
			req.Dependent, req.Providers = wc, []string{pc}
		case wk == network.KindReservoir && pk == network.KindGenerator:
			req = opts.GeneratorOnWater
			req.Dependent, req.Providers = pc, []string{wc}
		default:
			return nil, t.errAt(colPower, fmt.Errorf("%w: %s (%s) and %s (%s): InfraRisk couples a pump with a motor or a load, and a reservoir with a generator",
				network.ErrInvalid, wc, wk, pc, pk))
		}
		req.Logic, req.K = network.All, 0
		reqs = append(reqs, req)
	}
}

// table reads a CSV file with a header row, one row at a time: names and
// cells trimmed of spaces, a UTF-8 byte-order mark ignored, rows whose cells
// are all empty skipped, and every problem placed at its line, byte column
// and column name.
type table struct {
	name  string
	r     *csv.Reader
	cols  map[string]int
	width int // cells in the header
	rec   []string
	bom   int // bytes of a byte-order mark before the first line
}

// newTable reads the header of r, which must name water_id and power_id.
func newTable(name string, r io.Reader) (*table, error) {
	br := bufio.NewReader(r)
	t := &table{name: name, cols: map[string]int{}}
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\uFEFF")) {
		_, _ = br.Discard(3)
		t.bom = 3
	}
	t.r = csv.NewReader(br)
	t.r.ReuseRecord = true
	ok, err := t.read()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &network.ParseError{File: name, Line: 1, Err: fmt.Errorf("%w: no header row", network.ErrSyntax)}
	}
	t.width = len(t.rec)
	for j, c := range t.rec {
		if _, dup := t.cols[c]; dup {
			return nil, t.errAtIndex(j, c, fmt.Errorf("%w: repeated column %q", network.ErrInvalid, short(c)))
		}
		t.cols[c] = j
	}
	for _, c := range []string{colWater, colPower} {
		if _, ok := t.cols[c]; !ok {
			return nil, &network.ParseError{File: name, Line: t.line(0), Field: c, Err: fmt.Errorf("%w: no %s column", network.ErrSyntax, c)}
		}
	}
	return t, nil
}

// read reads the next record that is not all empty, trimmed; false at the
// end.
func (t *table) read() (bool, error) {
	for {
		rec, err := t.r.Read()
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if errors.Is(err, csv.ErrFieldCount) {
			line, _ := t.r.FieldPos(0)
			return false, &network.ParseError{File: t.name, Line: line, Col: 1,
				Err: fmt.Errorf("%w: %d cells in a row under a header of %d", network.ErrSyntax, len(rec), t.width)}
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return false, &network.ParseError{File: t.name, Line: pe.Line, Col: t.col(pe.Line, pe.Column), Err: fmt.Errorf("%w: %v", network.ErrSyntax, pe.Err)}
		}
		if err != nil {
			return false, &network.ParseError{File: t.name, Err: err}
		}
		empty := true
		for j := range rec {
			rec[j] = strings.TrimSpace(rec[j])
			empty = empty && rec[j] == ""
		}
		if !empty {
			t.rec = rec
			return true, nil
		}
	}
}

// cell returns the cell of column c in the current row.
func (t *table) cell(c string) string { return t.rec[t.cols[c]] }

// line returns the line of cell j of the current record.
func (t *table) line(j int) int {
	line, _ := t.r.FieldPos(j)
	return line
}

// col turns a byte column of the CSV reader into one of the file (the
// first line starts after a byte-order mark).
func (t *table) col(line, col int) int {
	if line == 1 {
		col += t.bom
	}
	return col
}

// errAt returns a ParseError at the cell of column c in the current row.
func (t *table) errAt(c string, err error) *network.ParseError {
	return t.errAtIndex(t.cols[c], c, err)
}

func (t *table) errAtIndex(j int, field string, err error) *network.ParseError {
	line, col := t.r.FieldPos(j)
	return &network.ParseError{File: t.name, Line: line, Col: t.col(line, col), Field: field, Err: err}
}

// resolve finds the component that id names in n: id itself, or else the
// first of aliases(id) that n has.
func resolve(n *network.Network, id, column string, aliases func(string) []string) (int32, error) {
	if id == "" {
		return 0, fmt.Errorf("%w: empty %s", network.ErrEmptyID, column)
	}
	if i, ok := n.ComponentIndex(id); ok {
		return i, nil
	}
	for _, a := range aliases(id) {
		if i, ok := n.ComponentIndex(a); ok {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%w: %q is no component of %s", network.ErrUnknownID, short(id), n.Name())
}

// waterAliases: the EPANET importer names a pump "<ID>:pump" when a node
// has the pump's ID.
func waterAliases(id string) []string { return []string{id + ":pump"} }

// powerAliases: InfraRisk's pump motors modelled as loads are named
// P_LOMP<n> where its dependency tables say P_MP<n> (the Micropolis files).
func powerAliases(id string) []string {
	if infra, rest, ok := strings.Cut(id, "_"); ok && strings.HasPrefix(rest, "MP") {
		return []string{infra + "_LO" + rest}
	}
	return nil
}

// maxQuote bounds the bytes of input an error message quotes.
const maxQuote = 64

// short returns s, or its first maxQuote bytes (cut at a rune boundary)
// and "…".
func short(s string) string {
	if len(s) <= maxQuote {
		return s
	}
	cut := maxQuote
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
