package network

// Reading a CSV table with a header row, for the native CSV format and the
// Shelby importer alike: cells found by column name, and every problem
// placed at its line, column and header name.

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// csvTable is a CSV file with a header row, read into memory. A UTF-8
// byte-order mark is ignored, a repeated column name is an error (ErrInvalid)
// and rows whose cells are all empty are skipped. Errors name the file as
// path, the line (that of the row's first field, for a record spanning
// lines, unless byte positions are asked for) and the column's header as
// Field.
type csvTable struct {
	path   string
	data   []byte // the file without a byte-order mark
	header []string
	cols   map[string]int
	rows   [][]string
	lines  []int // line of each row's first field
	starts []int // offset in data of each row's record
	// cells makes Col the 1-based number of the cell (the native format,
	// for spreadsheet users); otherwise Col is the 1-based byte column of
	// the cell's first byte, on the line where the cell starts.
	cells bool
}

// readCSVTable reads the table in data; path names it in errors. With trim,
// header names and cells lose their surrounding spaces; cells says how Col
// counts (see csvTable).
func readCSVTable(path string, data []byte, trim, cells bool) (*csvTable, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	t := &csvTable{path: path, data: data, cols: map[string]int{}, cells: cells}
	r := csv.NewReader(bytes.NewReader(data))
	for {
		start := int(r.InputOffset())
		rec, err := r.Read()
		if errors.Is(err, csv.ErrFieldCount) {
			line, _ := r.FieldPos(0)
			return nil, &ParseError{File: path, Line: line, Col: 1,
				Err: fmt.Errorf("%w: %d cells in a row under a header of %d", ErrSyntax, len(rec), len(t.header))}
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			e := &ParseError{File: path, Line: pe.Line, Col: pe.Column, Err: fmt.Errorf("%w: %v", ErrSyntax, pe.Err)}
			cell := csvCell(data, pe.StartLine, pe.Line, pe.Column)
			if cells {
				e.Col = cell
			}
			if cell <= len(t.header) {
				e.Field = t.header[cell-1]
			}
			return nil, e
		}
		if err != nil {
			break // io.EOF: encoding/csv reports nothing else
		}
		if trim {
			for j := range rec {
				rec[j] = strings.TrimSpace(rec[j])
			}
		}
		line, _ := r.FieldPos(0)
		if t.header == nil {
			t.header = rec
			for j, c := range rec {
				if _, dup := t.cols[c]; dup {
					pe := &ParseError{File: path, Line: line, Col: j + 1, Field: c, Err: fmt.Errorf("%w: repeated column %q", ErrInvalid, c)}
					if !cells {
						pe.Line, pe.Col = r.FieldPos(j)
					}
					return nil, pe
				}
				t.cols[c] = j
			}
			continue
		}
		if !slices.ContainsFunc(rec, func(s string) bool { return s != "" }) {
			continue
		}
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
		t.starts = append(t.starts, start)
	}
	if t.header == nil {
		return nil, &ParseError{File: path, Line: 1, Err: fmt.Errorf("%w: no header row", ErrSyntax)}
	}
	return t, nil
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

// errAt returns a ParseError at the cell of column in row i (the header is
// row -1), with column as Field; a column the header lacks leaves Col 0.
func (t *csvTable) errAt(i int, column string, err error) *ParseError {
	pe := &ParseError{File: t.path, Line: 1, Field: column, Err: err}
	start := 0
	if i >= 0 && i < len(t.lines) {
		pe.Line, start = t.lines[i], t.starts[i]
	}
	j, ok := t.cols[column]
	switch {
	case !ok:
	case t.cells:
		pe.Col = j + 1
	default:
		pe.Line, pe.Col = t.fieldPos(start, pe.Line, j)
	}
	return pe
}

// fieldPos returns the line and byte column of field j of the record that
// starts at offset start of the data, whose first field is on line line. It
// reads the record again: positions are only wanted for an error.
func (t *csvTable) fieldPos(start, line, j int) (int, int) {
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

// require checks that the header names every column given.
func (t *csvTable) require(columns ...string) error {
	for _, c := range columns {
		if _, ok := t.cols[c]; !ok {
			return &ParseError{File: t.path, Line: 1, Field: c, Err: fmt.Errorf("%w: missing column", ErrSyntax)}
		}
	}
	return nil
}

// row returns a reader of the cells of row i.
func (t *csvTable) row(i int) csvRow { return csvRow{t: t, i: i} }

// csvRow reads the cells of one row. The first problem sticks in err, so
// that a reader takes a row straight through and checks err once; later
// reads still return what they find.
type csvRow struct {
	t   *csvTable
	i   int
	err error
}

// str returns the cell of column, "" when the header lacks column.
func (r *csvRow) str(column string) string {
	if j, ok := r.t.cols[column]; ok {
		return r.t.rows[r.i][j]
	}
	return ""
}

// fail records err at the cell of column unless a problem came first.
func (r *csvRow) fail(column string, err error) {
	if r.err == nil {
		r.err = r.t.errAt(r.i, column, err)
	}
}

// number reads column as a finite decimal number; an empty cell is 0.
func (r *csvRow) number(column string) float64 {
	if r.str(column) == "" {
		return 0
	}
	return r.mustNumber(column)
}

// mustNumber reads column as a finite decimal number; an empty cell is an
// error.
func (r *csvRow) mustNumber(column string) float64 {
	x, err := parseNumber(r.str(column))
	if err != nil {
		r.fail(column, err)
	}
	return x
}

// integer reads column as a decimal int64; an empty cell is 0.
func (r *csvRow) integer(column string) int64 {
	s := r.str(column)
	if s == "" {
		return 0
	}
	x, err := strconv.ParseInt(s, 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		r.fail(column, fmt.Errorf("%w: integer %q", ErrOutOfRange, s))
	} else if err != nil {
		r.fail(column, fmt.Errorf("%w: integer %q", ErrSyntax, s))
	}
	return x
}

// count reads column as a non-negative integer below 2^53 (see
// parseCount); an empty cell is an error.
func (r *csvRow) count(column string) int64 {
	x, err := parseCount(r.str(column))
	if err != nil {
		r.fail(column, err)
	}
	return x
}

// boolean reads column as true or false; an empty cell is false.
func (r *csvRow) boolean(column string) bool {
	s := r.str(column)
	if s == "" {
		return false
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		r.fail(column, fmt.Errorf("%w: %q (want true or false)", ErrSyntax, s))
	}
	return b
}
