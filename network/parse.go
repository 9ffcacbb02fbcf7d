package network

// What the native formats and the importers share, one home per idea:
// reading a number, a count and a located error; turning a free-form label
// into a snake_case name; making IDs unique; wrapping Build's problems in a
// ParseError naming the file. CSV tables are in parse_csv.go, JSON with
// positions in parse_json.go.

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// parseNumber reads a finite decimal number exactly as written: no
// surrounding spaces, no hexadecimal, no digit separators (ErrSyntax), no
// NaN or infinity (ErrNotFinite). A magnitude beyond float64 wraps both
// ErrOutOfRange and ErrNotFinite; one below the smallest denormal reads as
// zero. Every reader of numbers in text (CSV cells, WKT, TNTP, EPANET,
// Shelby, pandapower cells) goes through it; MATPOWER's lexer, which
// follows MATLAB (Inf allowed, overflow to Inf), does not.
func parseNumber(s string) (float64, error) {
	x, err := strconv.ParseFloat(s, 64)
	switch {
	case err == nil && !finite(x):
		return 0, fmt.Errorf("%w: %q", ErrNotFinite, s)
	case !decimalChars(s):
		return 0, fmt.Errorf("%w: %q is not a decimal number", ErrSyntax, s)
	case errors.Is(err, strconv.ErrRange):
		return 0, fmt.Errorf("%w: %w: number %q is beyond float64", ErrOutOfRange, ErrNotFinite, s)
	case err != nil:
		return 0, fmt.Errorf("%w: %q is not a number", ErrSyntax, s)
	}
	return x, nil
}

// decimalChars reports whether s holds only the bytes of a decimal number:
// digits, '.', signs and exponent letters.
func decimalChars(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9', c == '.', c == '+', c == '-', c == 'e', c == 'E':
		default:
			return false
		}
	}
	return true
}

// maxExactInt is 2^53: every integer up to it is exactly a float64, so
// counts, populations and free-flow times (in ns) are bounded by it.
const maxExactInt = 1 << 53

// parseCount reads a non-negative integer such as a node number or a
// population; an integral decimal ("12.0") is accepted.
func parseCount(s string) (int64, error) {
	v, err := parseNumber(s)
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

// parseErrorf returns a ParseError at file:line:col, field, wrapping
// sentinel with a formatted message.
func parseErrorf(file string, line, col int, field string, sentinel error, format string, args ...any) *ParseError {
	return &ParseError{File: file, Line: line, Col: col, Field: field,
		Err: fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))}
}

// withErr sets the error of a ParseError and returns it.
func withErr(e *ParseError, err error) *ParseError {
	e.Err = err
	return e
}

// withField sets the field of a ParseError and returns it.
func withField(e *ParseError, field string) *ParseError {
	e.Field = field
	return e
}

// lineCol converts a byte offset of data into a 1-based line and byte
// column.
func lineCol(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	line = 1 + bytes.Count(data[:off], []byte("\n"))
	col = off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

// buildFile compiles what a reader or an importer added; Build's problems
// (which name IDs, not positions) come back wrapped in a ParseError naming
// file.
func buildFile(b *Builder, file string) (*Network, error) {
	n, err := b.Build()
	if err != nil {
		return nil, &ParseError{File: file, Err: err}
	}
	return n, nil
}
