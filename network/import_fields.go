package network

// Helpers the importers share, one home per idea: reading a number from a
// data file, reading a CSV table by column name with positions, turning a
// free-form label into a snake_case name, making IDs unique, and wrapping
// Build's problems in a ParseError naming the file.

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// dataNumber reads a decimal number as written in a data file (surrounding
// spaces allowed). It rejects hexadecimal and digit separators with
// ErrSyntax, and NaN, infinities and overflow with ErrNotFinite.
func dataNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "xX_pP") {
		return 0, fmt.Errorf("%w: %q is not a decimal number", ErrSyntax, s)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("%w: %q is not a number", ErrSyntax, s)
	}
	if err != nil || !finite(v) {
		return 0, fmt.Errorf("%w: %q", ErrNotFinite, s)
	}
	return v, nil
}

// maxExactInt is the largest integer every float64 below it represents exactly.
const maxExactInt = 1 << 53

// parseCount reads a non-negative integer such as a node number or a
// population; an integral decimal ("12.0") is accepted.
func parseCount(s string) (int64, error) {
	v, err := dataNumber(s)
	if err != nil {
		return 0, err
	}
	return countOf(v)
}

// countOf checks that v is a non-negative integer below 2^53.
func countOf(v float64) (int64, error) {
	switch {
	case v < 0:
		return 0, fmt.Errorf("%w: %v", ErrNegative, v)
	case v != math.Trunc(v):
		return 0, fmt.Errorf("%w: %v is not an integer", ErrInvalid, v)
	case v >= maxExactInt:
		return 0, fmt.Errorf("%w: %v", ErrOutOfRange, v)
	}
	return int64(v), nil
}

// snakeCase turns a label such as "Fiber or Microwave Node" into
// "fiber_or_microwave_node": ASCII letters lower-cased, runs of anything
// other than ASCII letters and digits replaced by one underscore, none at
// either end.
func snakeCase(s string) string {
	var b strings.Builder
	gap := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		default:
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte('_')
		}
		gap = false
		b.WriteByte(c)
	}
	return b.String()
}

// idSet hands out unique IDs deterministically: the first claim of a name
// gets it unchanged, a later claim of the same name gets name#key (key is
// the caller's stable number for the element, such as its table index),
// then name#key.2, name#key.3, … until free.
type idSet map[string]struct{}

func (s idSet) claim(name string, key int64) string {
	id := name
	for k := 1; ; k++ {
		if _, taken := s[id]; !taken {
			s[id] = struct{}{}
			return id
		}
		if k == 1 {
			id = name + "#" + strconv.FormatInt(key, 10)
		} else {
			id = name + "#" + strconv.FormatInt(key, 10) + "." + strconv.Itoa(k)
		}
	}
}

// buildImported compiles what an importer added; Build's problems (which
// name IDs, not positions) come back wrapped in a ParseError naming file.
func buildImported(b *Builder, file string) (*Network, error) {
	n, err := b.Build()
	if err != nil {
		return nil, &ParseError{File: file, Err: err}
	}
	return n, nil
}

// dataTable reads a CSV file with a header row, by column name. Errors carry
// the file, line, column and header name of the offending cell.
type dataTable struct {
	file string
	r    *csv.Reader
	cols map[string]int
	rec  []string
	line int // line of the current record's first field
}

// newCSVTable reads the header of r and checks that the required columns
// are present. Header names are compared after trimming spaces (and a
// leading byte-order mark).
func newCSVTable(r io.Reader, file string, required ...string) (*dataTable, error) {
	t := &dataTable{file: file, r: csv.NewReader(r)}
	t.r.ReuseRecord = true
	head, err := t.r.Read()
	if err == io.EOF {
		return nil, &ParseError{File: file, Line: 1, Err: fmt.Errorf("%w: empty file, want a header row", ErrSyntax)}
	}
	if err != nil {
		return nil, t.readError(err)
	}
	t.cols = make(map[string]int, len(head))
	for i, h := range head {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		h = strings.TrimSpace(h)
		if _, dup := t.cols[h]; !dup {
			t.cols[h] = i
		}
	}
	for _, c := range required {
		if _, ok := t.cols[c]; !ok {
			return nil, &ParseError{File: file, Line: 1, Field: c, Err: fmt.Errorf("%w: missing column", ErrSyntax)}
		}
	}
	return t, nil
}

// next advances to the next record; it returns false at the end of the file.
func (t *dataTable) next() (bool, error) {
	rec, err := t.r.Read()
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, t.readError(err)
	}
	t.rec = rec
	t.line, _ = t.r.FieldPos(0)
	return true, nil
}

func (t *dataTable) readError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: t.file, Line: pe.Line, Col: pe.Column, Err: fmt.Errorf("%w: %v", ErrSyntax, pe.Err)}
	}
	return &ParseError{File: t.file, Err: err}
}

// has reports whether the header names col.
func (t *dataTable) has(col string) bool {
	_, ok := t.cols[col]
	return ok
}

// str returns the trimmed cell of col in the current record ("" when the
// header lacks col).
func (t *dataTable) str(col string) string {
	i, ok := t.cols[col]
	if !ok {
		return ""
	}
	return strings.TrimSpace(t.rec[i])
}

// errAt returns a ParseError at the cell of col in the current record.
func (t *dataTable) errAt(col string, err error) *ParseError {
	pe := &ParseError{File: t.file, Line: t.line, Field: col, Err: err}
	if i, ok := t.cols[col]; ok {
		pe.Line, pe.Col = t.r.FieldPos(i)
	}
	return pe
}

// number reads col of the current record as a finite number.
func (t *dataTable) number(col string) (float64, error) {
	v, err := dataNumber(t.str(col))
	if err != nil {
		return 0, t.errAt(col, err)
	}
	return v, nil
}

// count reads col of the current record as a non-negative integer.
func (t *dataTable) count(col string) (int64, error) {
	v, err := parseCount(t.str(col))
	if err != nil {
		return 0, t.errAt(col, err)
	}
	return v, nil
}
