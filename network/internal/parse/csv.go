package parse

// Reading a CSV table with a header row, for the native CSV format, the
// Shelby importer and InfraRisk's dependencies.csv alike: cells found by
// column name, and every problem placed at its line, column and header
// name.

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
)

// Table is a CSV file with a header row, read into memory (ReadTable) or
// streamed row by row (OpenTable, Next). A UTF-8
// byte-order mark is ignored, a repeated column name is an error
// (network.ErrInvalid) and rows whose cells are all empty are skipped.
// Errors name the file as Path, the line (that of the row's first field,
// for a record spanning lines, unless byte positions are asked for) and
// the column's header as Field.
type Table struct {
	// Path names the file in errors.
	Path string
	// Header holds the column names in file order.
	Header []string
	// Cols maps each column name to its index in Header.
	Cols map[string]int
	// Rows holds the cells of every row that is not empty; a streamed
	// table holds only the current row, as row 0.
	Rows [][]string

	data   []byte // the file without a byte-order mark (held tables)
	lines  []int  // line of each row's first field
	starts []int  // offset in data of each row's record
	// cells makes Col the 1-based number of the cell (the native format,
	// for spreadsheet users); otherwise Col is the 1-based byte column of
	// the cell's first byte, on the line where the cell starts, counted in
	// the file (a byte-order mark included).
	cells bool
	trim  bool
	bom   int // bytes of a byte-order mark before the first line

	r    *csv.Reader
	src  *Source   // a streamed table's file, read again to place a syntax error
	f    io.Closer // a streamed table's open file
	pos  [][2]int  // line and byte column of each field of a streamed row
	hpos [][2]int  // those of the header's fields (streamed tables counting bytes)
	err  error     // a streamed table's first problem
}

// ReadTable reads the table in data; path names it in errors. With trim,
// header names and cells lose their surrounding spaces; cells says how Col
// counts (see Table).
func ReadTable(path string, data []byte, trim, cells bool) (*Table, error) {
	t := &Table{Path: path, Cols: map[string]int{}, cells: cells, trim: trim}
	if rest, ok := bytes.CutPrefix(data, []byte("\uFEFF")); ok {
		data, t.bom = rest, len(data)-len(rest)
	}
	t.data = data
	t.r = csv.NewReader(bytes.NewReader(data))
	if err := t.readHeader(); err != nil {
		return nil, err
	}
	for {
		rec, line, start, err := t.read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, rec)
		t.lines = append(t.lines, line)
		t.starts = append(t.starts, start)
	}
	t.r = nil
	return t, nil
}

// OpenTable opens the CSV file of src (under its size cap) and reads its
// header; Next then reads the rows one at a time, holding only the current
// one (as row 0), so that a reader takes rows straight into what it
// builds. Close closes the file. Errors are as for ReadTable.
func OpenTable(src Source, trim, cells bool) (*Table, error) {
	f, err := src.Open()
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(f, 256<<10)
	t := &Table{Path: src.Name, Cols: map[string]int{}, cells: cells, trim: trim, src: &src, f: f}
	if b, _ := br.Peek(3); string(b) == "\uFEFF" {
		t.bom, _ = br.Discard(3)
	}
	t.r = csv.NewReader(br)
	t.r.ReuseRecord = true // only the current row is held
	if err := t.readHeader(); err != nil {
		f.Close()
		return nil, err
	}
	return t, nil
}

// Next reads the next row that is not empty into row 0; it returns false
// at the end of the file or on a problem (Err).
func (t *Table) Next() bool {
	if t.err != nil || t.r == nil {
		return false
	}
	rec, line, _, err := t.read()
	if err != nil {
		if !errors.Is(err, io.EOF) {
			t.err = err
		}
		return false
	}
	t.pos = t.pos[:0]
	for j := range rec {
		l, c := t.r.FieldPos(j)
		t.pos = append(t.pos, [2]int{l, c})
	}
	t.Rows = append(t.Rows[:0], rec)
	t.lines = append(t.lines[:0], line)
	return true
}

// Line returns the line of the current row's first field.
func (t *Table) Line() int {
	if len(t.lines) == 0 {
		return 0
	}
	return t.lines[len(t.lines)-1]
}

// Err returns the problem that stopped Next, if any.
func (t *Table) Err() error { return t.err }

// Close closes a streamed table's file.
func (t *Table) Close() error {
	if t.f == nil {
		return nil
	}
	return t.f.Close()
}

// readHeader reads the header row.
func (t *Table) readHeader() error {
	rec, line, _, err := t.read()
	if errors.Is(err, io.EOF) {
		return &network.ParseError{File: t.Path, Line: 1, Err: fmt.Errorf("%w: no header row", network.ErrSyntax)}
	}
	if err != nil {
		return err
	}
	t.Header = slices.Clone(rec) // the reader reuses its record
	if t.src != nil && !t.cells {
		for j := range rec {
			l, c := t.fileCol(t.r.FieldPos(j))
			t.hpos = append(t.hpos, [2]int{l, c})
		}
	}
	for j, c := range rec {
		if _, dup := t.Cols[c]; dup {
			pe := &network.ParseError{File: t.Path, Line: line, Col: j + 1, Field: Excerpt(c), Err: fmt.Errorf("%w: repeated column %s", network.ErrInvalid, Quote(c))}
			if !t.cells {
				pe.Line, pe.Col = t.fileCol(t.r.FieldPos(j))
			}
			return pe
		}
		t.Cols[c] = j
	}
	return nil
}

// read reads the next record that is not empty, with the line of its
// first field and its offset; io.EOF at the end.
func (t *Table) read() (rec []string, line, start int, err error) {
	for {
		start = int(t.r.InputOffset())
		rec, err = t.r.Read()
		if errors.Is(err, csv.ErrFieldCount) {
			line, _ := t.r.FieldPos(0)
			return nil, 0, 0, &network.ParseError{File: t.Path, Line: line, Col: 1,
				Err: fmt.Errorf("%w: %d cells in a row under a header of %d", network.ErrSyntax, len(rec), len(t.Header))}
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			e := &network.ParseError{File: t.Path, Err: fmt.Errorf("%w: %v", network.ErrSyntax, pe.Err)}
			e.Line, e.Col = t.fileCol(pe.Line, pe.Column)
			data := t.data
			if data == nil && t.src != nil {
				data, _ = t.src.ReadAll() // an error path: to count the cells
				data = bytes.TrimPrefix(data, []byte("\uFEFF"))
			}
			cell := csvCell(data, pe.StartLine, pe.Line, pe.Column)
			if t.cells {
				e.Col = cell
			}
			if cell <= len(t.Header) {
				e.Field = Excerpt(t.Header[cell-1])
			}
			return nil, 0, 0, e
		}
		if err != nil {
			var perr *network.ParseError
			if errors.As(err, &perr) { // the size cap or an I/O error
				return nil, 0, 0, perr
			}
			return nil, 0, 0, err // io.EOF: encoding/csv reports nothing else
		}
		if t.trim {
			for j := range rec {
				rec[j] = strings.TrimSpace(rec[j])
			}
		}
		line, _ = t.r.FieldPos(0)
		if t.Header != nil && !slices.ContainsFunc(rec, func(s string) bool { return s != "" }) {
			continue
		}
		return rec, line, start, nil
	}
}

// EmptyTable returns a table without columns or rows, as a reader takes an
// optional file that is absent; cells says how Col counts (see Table).
func EmptyTable(path string, cells bool) *Table {
	return &Table{Path: path, Cols: map[string]int{}, cells: cells}
}

// fileCol turns a line and byte column of the CSV reader, which reads the
// file without its byte-order mark, into those of the file.
func (t *Table) fileCol(line, col int) (int, int) {
	if line == 1 && col > 0 {
		col += t.bom
	}
	return line, col
}

// csvCell returns the 1-based cell number of the byte at (line, col) in a
// record that starts at startLine, counting separators outside quotes.
func csvCell(data []byte, startLine, line, col int) int {
	lineStart := func(from, lines int) int {
		for range lines {
			i := bytes.IndexByte(data[from:], '\n')
			if i < 0 {
				return len(data)
			}
			from += i + 1
		}
		return from
	}
	start := lineStart(0, startLine-1)
	end := min(lineStart(start, line-startLine)+max(col-1, 0), len(data))
	cell, quoted := 1, false
	for _, c := range data[start:end] {
		switch {
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			cell++
		}
	}
	return cell
}

// ErrAt returns a ParseError at the cell of column in row i (the header is
// row -1), with column as Field; a column the header lacks leaves Col 0.
func (t *Table) ErrAt(i int, column string, err error) *network.ParseError {
	pe := &network.ParseError{File: t.Path, Line: 1, Field: Excerpt(column), Err: err}
	start := 0
	if i >= 0 && i < len(t.lines) {
		pe.Line = t.lines[i]
		if i < len(t.starts) {
			start = t.starts[i]
		}
	}
	j, ok := t.Cols[column]
	switch {
	case !ok:
	case t.cells:
		pe.Col = j + 1
	case i < 0 && t.src != nil: // streamed: the header's positions
		if j < len(t.hpos) {
			pe.Line, pe.Col = t.hpos[j][0], t.hpos[j][1]
		}
	case t.src != nil: // streamed: the current row's positions
		if j < len(t.pos) {
			pe.Line, pe.Col = t.fileCol(t.pos[j][0], t.pos[j][1])
		}
	default:
		pe.Line, pe.Col = t.fileCol(t.fieldPos(start, pe.Line, j))
	}
	return pe
}

// fieldPos returns the line and byte column of field j of the record that
// starts at offset start of the data, whose first field is on line line. It
// reads the record again: positions are only wanted for an error.
func (t *Table) fieldPos(start, line, j int) (int, int) {
	r := csv.NewReader(bytes.NewReader(t.data[start:]))
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil || j >= len(rec) {
		return line, 0
	}
	first, _ := r.FieldPos(0)
	l, c := r.FieldPos(j)
	return line + l - first, c
}

// Require checks that the header names every column given.
func (t *Table) Require(columns ...string) error {
	for _, c := range columns {
		if _, ok := t.Cols[c]; !ok {
			return &network.ParseError{File: t.Path, Line: 1, Field: Excerpt(c), Err: fmt.Errorf("%w: missing column", network.ErrSyntax)}
		}
	}
	return nil
}

// Row returns a reader of the cells of row i.
func (t *Table) Row(i int) Row { return Row{t: t, i: i} }

// Row reads the cells of one row. The first problem sticks in Err, so
// that a reader takes a row straight through and checks Err once; later
// reads still return what they find.
type Row struct {
	// Err is the first problem found in the row, a *network.ParseError.
	Err error

	t *Table
	i int
}

// Str returns the cell of column, "" when the header lacks column.
func (r *Row) Str(column string) string {
	if j, ok := r.t.Cols[column]; ok {
		return r.t.Rows[r.i][j]
	}
	return ""
}

// Fail records err at the cell of column unless a problem came first.
func (r *Row) Fail(column string, err error) {
	if r.Err == nil {
		r.Err = r.t.ErrAt(r.i, column, err)
	}
}

// Number reads column as a finite decimal number; an empty cell is 0.
func (r *Row) Number(column string) float64 {
	if r.Str(column) == "" {
		return 0
	}
	return r.MustNumber(column)
}

// MustNumber reads column as a finite decimal number; an empty cell is an
// error.
func (r *Row) MustNumber(column string) float64 {
	x, err := Number(r.Str(column))
	if err != nil {
		r.Fail(column, err)
	}
	return x
}

// Integer reads column as a decimal int64; an empty cell is 0.
func (r *Row) Integer(column string) int64 {
	s := r.Str(column)
	if s == "" {
		return 0
	}
	x, err := strconv.ParseInt(s, 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		r.Fail(column, fmt.Errorf("%w: integer %s", network.ErrOutOfRange, Quote(s)))
	} else if err != nil {
		r.Fail(column, fmt.Errorf("%w: integer %s", network.ErrSyntax, Quote(s)))
	}
	return x
}

// Count reads column as a non-negative integer below 2^53 (see
// Count); an empty cell is an error.
func (r *Row) Count(column string) int64 {
	x, err := Count(r.Str(column))
	if err != nil {
		r.Fail(column, err)
	}
	return x
}

// Boolean reads column as true or false; an empty cell is false.
func (r *Row) Boolean(column string) bool {
	s := r.Str(column)
	if s == "" {
		return false
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		r.Fail(column, fmt.Errorf("%w: %s (want true or false)", network.ErrSyntax, Quote(s)))
	}
	return b
}
