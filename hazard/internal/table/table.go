// Package table reads the CSV tables of the hazard packages (fragility
// curves, restoration times, ground-motion fields): a header row, then
// records, with every problem a *network.ParseError naming file, line,
// column and header. Lines starting with '#' are comments. Input beyond
// the caller's byte cap is refused with network.ErrTooLarge.
package table

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
)

// Table reads one CSV table.
type Table struct {
	file     string
	maxBytes int64
	cr       *csv.Reader
	lr       *io.LimitedReader
	col      map[string]int
	rec      []string
}

// New reads the header row of r (named file in errors), capped at
// maxBytes. Column names are trimmed, a leading byte-order mark dropped,
// and lower-cased when fold is set; a duplicate name is an error.
func New(r io.Reader, file string, maxBytes int64, fold bool) (*Table, error) {
	lr := &io.LimitedReader{R: r, N: maxBytes + 1}
	t := &Table{file: file, maxBytes: maxBytes, lr: lr, cr: csv.NewReader(lr), col: map[string]int{}}
	t.cr.Comment = '#'
	t.cr.ReuseRecord = true
	head, err := t.cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, t.tooLarge(&network.ParseError{File: file, Line: 1, Err: fmt.Errorf("%w: empty table (want a header row)", network.ErrSyntax)})
		}
		return nil, t.tooLarge(t.csvErr(err))
	}
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if fold {
			h = strings.ToLower(h)
		}
		if _, dup := t.col[h]; dup {
			line, col := t.cr.FieldPos(i)
			return nil, &network.ParseError{File: file, Line: line, Col: col, Field: h, Err: fmt.Errorf("%w: duplicate column", network.ErrInvalid)}
		}
		t.col[h] = i
	}
	return t, nil
}

// tooLarge replaces err by the size error when the cap was reached.
func (t *Table) tooLarge(err error) error {
	if t.lr.N <= 0 {
		return &network.ParseError{File: t.file, Err: fmt.Errorf("%w: over %d bytes", network.ErrTooLarge, t.maxBytes)}
	}
	return err
}

// Require returns an error naming the first of columns that is missing.
func (t *Table) Require(columns ...string) error {
	for _, c := range columns {
		if _, ok := t.col[c]; !ok {
			return t.Missing(c)
		}
	}
	return nil
}

// Find returns the first of names that is a column.
func (t *Table) Find(names ...string) (string, bool) {
	for _, n := range names {
		if _, ok := t.col[n]; ok {
			return n, true
		}
	}
	return "", false
}

// Column returns the first of names that is a column, or the error for
// a missing column names[0].
func (t *Table) Column(names ...string) (string, error) {
	if c, ok := t.Find(names...); ok {
		return c, nil
	}
	return "", t.Missing(names[0])
}

// Missing returns the error for a missing column c.
func (t *Table) Missing(c string) error {
	return &network.ParseError{File: t.file, Line: 1, Field: c, Err: fmt.Errorf("%w: missing column", network.ErrSyntax)}
}

// Next reads the next record: false at the end (nil error) or on an
// error.
func (t *Table) Next() (bool, error) {
	rec, err := t.cr.Read()
	if t.lr.N <= 0 {
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

func (t *Table) csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &network.ParseError{File: t.file, Line: pe.Line, Col: pe.Column, Err: fmt.Errorf("%w: %v", network.ErrSyntax, pe.Err)}
	}
	return &network.ParseError{File: t.file, Err: err}
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

// Str returns the trimmed cell of column c of the current record ("" when
// the table has no such column).
func (t *Table) Str(c string) string {
	i, ok := t.col[c]
	if !ok {
		return ""
	}
	return strings.TrimSpace(t.rec[i])
}

// ErrAt places err at column c of the current record (at its line when
// the table has no such column).
func (t *Table) ErrAt(c string, err error) error {
	i, ok := t.col[c]
	if !ok {
		line, _ := t.cr.FieldPos(0)
		return &network.ParseError{File: t.file, Line: line, Field: c, Err: err}
	}
	line, col := t.cr.FieldPos(i)
	return &network.ParseError{File: t.file, Line: line, Col: col, Field: c, Err: err}
}

// Excerpt shortens s for an error message.
func Excerpt(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

// Float reads column c as a finite number.
func (t *Table) Float(c string) (float64, error) {
	s := t.Str(c)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, t.ErrAt(c, fmt.Errorf("%w: %q is not a number", network.ErrSyntax, Excerpt(s)))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, t.ErrAt(c, network.ErrNotFinite)
	}
	return v, nil
}

// Int reads column c as a decimal integer.
func (t *Table) Int(c string) (int64, error) {
	s := t.Str(c)
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, t.ErrAt(c, fmt.Errorf("%w: %q is not an integer", network.ErrSyntax, Excerpt(s)))
	}
	return v, nil
}
