package parse

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/internal/excerpt"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Table reads a CSV table (RFC 4180, as encoding/csv reads it) whose first
// record is a header naming its columns, one record at a time, so that a
// large file is never held whole. The same rules hold for every hazard
// table: lines starting with '#' are comments, blank lines are skipped, a
// leading UTF-8 byte-order mark is dropped, and column names are trimmed
// of white space and matched without regard to case (a name given twice
// is an error wrapping network.ErrInvalid). Cells are trimmed of white
// space. Every problem is a *network.ParseError naming the file, line,
// column and header: a column the header lacks has Line 1 and Col 0
// (Missing); a cell's problem, its line and byte column (ErrAt).
type Table struct {
	file     string
	maxBytes int64
	lr       *io.LimitedReader // nil without a cap
	r        *csv.Reader
	cols     map[string]int
	head     []string // column names in file order
	pos      [][2]int // line and column of each header cell
	bom      int      // bytes of a byte-order mark dropped before line 1
	rec      []string // the current record
}

// NewTable reads the header of the table in r, named file in errors, of
// at most max bytes (0 means DefaultMaxBytes, a negative value no cap):
// reading past the cap is a *network.ParseError wrapping
// network.ErrTooLarge.
func NewTable(r io.Reader, file string, max int64) (*Table, error) {
	if max == 0 {
		max = DefaultMaxBytes
	}
	t := &Table{file: file, maxBytes: max, cols: map[string]int{}}
	if max > 0 {
		t.lr = &io.LimitedReader{R: r, N: max + 1}
		r = t.lr
	}
	br := bufio.NewReader(r)
	if b, _ := br.Peek(len(bom)); string(b) == bom {
		t.bom, _ = br.Discard(len(bom))
	}
	t.r = csv.NewReader(br)
	t.r.Comment = '#'
	t.r.ReuseRecord = true
	head, err := t.r.Read()
	if t.lr != nil && t.lr.N <= 0 {
		return nil, t.tooLarge(nil)
	}
	if errors.Is(err, io.EOF) {
		return nil, &network.ParseError{File: file, Line: 1, Err: fmt.Errorf("%w: empty table (want a header row)", network.ErrSyntax)}
	}
	if err != nil {
		return nil, t.tooLarge(t.csvErr(err))
	}
	for k, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		line, col := t.fieldPos(k)
		if _, dup := t.cols[h]; dup {
			return nil, &network.ParseError{File: file, Line: line, Col: col, Field: excerpt.Of(h), Err: fmt.Errorf("%w: duplicate column", network.ErrInvalid)}
		}
		t.cols[h] = k
		t.head = append(t.head, h)
		t.pos = append(t.pos, [2]int{line, col})
	}
	return t, nil
}

// bom is the UTF-8 byte-order mark.
const bom = "\ufeff"

// fieldPos returns the line and byte column in the file of field k of the
// record last read.
func (t *Table) fieldPos(k int) (line, col int) {
	line, col = t.r.FieldPos(k)
	return t.fileCol(line, col)
}

// fileCol turns a line and byte column of the CSV reader, which reads
// the file without its byte-order mark, into those of the file.
func (t *Table) fileCol(line, col int) (int, int) {
	if line == 1 && col > 0 {
		col += t.bom
	}
	return line, col
}

// Table returns the table in f (NewTable, without a further cap: f was
// read under one).
func (f *File) Table() (*Table, error) { return NewTable(bytes.NewReader(f.Data), f.Name, -1) }

// Columns checks the header against a fixed layout: every column must be
// one of required or optional (the first that is not is an error at its
// header cell naming what the table takes), and every required column
// must be there (Missing). Names are lower case.
func (t *Table) Columns(required, optional []string) error {
	for k, h := range t.head {
		if !slices.Contains(required, h) && !slices.Contains(optional, h) {
			return &network.ParseError{File: t.file, Line: t.pos[k][0], Col: t.pos[k][1], Field: excerpt.Of(h),
				Err: fmt.Errorf("%w: unknown column (want %s)", network.ErrSyntax, strings.Join(slices.Concat(required, optional), ", "))}
		}
	}
	return t.Require(required...)
}

// Require returns the error for the first of columns that is missing (in
// a table whose other columns are free).
func (t *Table) Require(columns ...string) error {
	for _, c := range columns {
		if !t.Has(c) {
			return t.Missing(c)
		}
	}
	return nil
}

// Has reports whether the table has column c.
func (t *Table) Has(c string) bool { _, ok := t.cols[c]; return ok }

// Find returns the first of names that is a column.
func (t *Table) Find(names ...string) (string, bool) {
	for _, n := range names {
		if t.Has(n) {
			return n, true
		}
	}
	return "", false
}

// Column returns the first of names that is a column, or the error for a
// missing column names[0].
func (t *Table) Column(names ...string) (string, error) {
	if c, ok := t.Find(names...); ok {
		return c, nil
	}
	return "", t.Missing(names[0])
}

// Missing returns the error for a missing column c: line 1, no column,
// wrapping network.ErrSyntax.
func (t *Table) Missing(c string) *network.ParseError {
	return &network.ParseError{File: t.file, Line: 1, Field: excerpt.Of(c), Err: fmt.Errorf("%w: missing column", network.ErrSyntax)}
}

// Next reads the next record: false at the end (nil error) or on an
// error.
func (t *Table) Next() (bool, error) {
	rec, err := t.r.Read()
	if t.lr != nil && t.lr.N <= 0 {
		return false, t.tooLarge(nil)
	}
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, t.csvErr(err)
	}
	t.rec = rec
	return true, nil
}

// Each calls fn for every remaining record, stopping at the first error
// (of reading or of fn), which it returns.
func (t *Table) Each(fn func() error) error {
	for {
		ok, err := t.Next()
		if err != nil || !ok {
			return err
		}
		if err := fn(); err != nil {
			return err
		}
	}
}

// tooLarge replaces err by the size error when the cap was reached.
func (t *Table) tooLarge(err error) error {
	if t.lr != nil && t.lr.N <= 0 {
		return &network.ParseError{File: t.file, Err: fmt.Errorf("%w: more than %d bytes", network.ErrTooLarge, t.maxBytes)}
	}
	return err
}

// csvErr turns an error of encoding/csv into a ParseError at its place.
func (t *Table) csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line, col := t.fileCol(pe.Line, pe.Column)
		return &network.ParseError{File: t.file, Line: line, Col: col, Err: fmt.Errorf("%w: %w", network.ErrSyntax, pe.Err)}
	}
	return &network.ParseError{File: t.file, Err: err}
}

// Str returns the current record's cell of column c, trimmed of white
// space ("" for a column the table lacks).
func (t *Table) Str(c string) string {
	k, ok := t.cols[c]
	if !ok {
		return ""
	}
	return strings.TrimSpace(t.rec[k])
}

// ErrAt returns a ParseError placing err at the current record's cell of
// column c (at the record's line, column 0, for a column the table
// lacks).
func (t *Table) ErrAt(c string, err error) *network.ParseError {
	k, ok := t.cols[c]
	if !ok {
		line, _ := t.r.FieldPos(0)
		return &network.ParseError{File: t.file, Line: line, Field: excerpt.Of(c), Err: err}
	}
	line, col := t.fieldPos(k)
	return &network.ParseError{File: t.file, Line: line, Col: col, Field: c, Err: err}
}

// Float reads the cell of column c as a finite number: text that is not
// a number wraps network.ErrSyntax; NaN, an infinity or a number beyond
// float64's range wraps network.ErrNotFinite.
func (t *Table) Float(c string) (float64, error) {
	s := t.Str(c)
	x, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange):
		return 0, t.ErrAt(c, fmt.Errorf("%w: %q is not a number", network.ErrSyntax, excerpt.Of(s)))
	case err != nil || math.IsNaN(x) || math.IsInf(x, 0):
		return 0, t.ErrAt(c, fmt.Errorf("%w: %q", network.ErrNotFinite, excerpt.Of(s)))
	}
	return x, nil
}

// Int reads the cell of column c as a decimal integer.
func (t *Table) Int(c string) (int64, error) {
	s := t.Str(c)
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, t.ErrAt(c, fmt.Errorf("%w: %q is not an integer", network.ErrSyntax, excerpt.Of(s)))
	}
	return v, nil
}

// Duration reads the cell of column c as a duration in the syntax of
// sim.ParseDuration ("0s", "90m", "1d6h").
func (t *Table) Duration(c string) (sim.Time, error) {
	d, err := sim.ParseDuration(t.Str(c))
	if err != nil {
		return 0, t.ErrAt(c, fmt.Errorf("%w: %w", network.ErrInvalid, err))
	}
	return d, nil
}
