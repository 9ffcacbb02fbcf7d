package parse

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/network"
)

// Number reads a finite decimal number exactly as written: no
// surrounding spaces, no hexadecimal, no digit separators (ErrSyntax), no
// NaN or infinity (ErrNotFinite). A magnitude beyond float64 wraps both
// ErrOutOfRange and ErrNotFinite; one below the smallest denormal reads as
// zero. Every reader of numbers in text (CSV cells, WKT, TNTP, EPANET,
// Shelby, pandapower cells) goes through it; MATPOWER's lexer, which
// follows MATLAB (Inf allowed, overflow to Inf), does not.
func Number(s string) (float64, error) {
	x, err := strconv.ParseFloat(s, 64)
	switch {
	case err == nil && !Finite(x):
		return 0, fmt.Errorf("%w: %s", network.ErrNotFinite, Quote(s))
	case !decimalChars(s):
		return 0, fmt.Errorf("%w: %s is not a decimal number", network.ErrSyntax, Quote(s))
	case errors.Is(err, strconv.ErrRange):
		return 0, fmt.Errorf("%w: %w: number %s is beyond float64", network.ErrOutOfRange, network.ErrNotFinite, Quote(s))
	case err != nil:
		return 0, fmt.Errorf("%w: %s is not a number", network.ErrSyntax, Quote(s))
	}
	return x, nil
}

// Finite reports whether x is neither NaN nor infinite.
func Finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

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

// MaxExactInt is 2^53: every integer up to it is exactly a float64, so
// counts, populations and free-flow times (in ns) are bounded by it.
const MaxExactInt = network.MaxPopulation

// Count reads a non-negative integer such as a node number or a
// population; an integral decimal ("12.0") is accepted.
func Count(s string) (int64, error) {
	v, err := Number(s)
	if err != nil {
		return 0, err
	}
	return CountOf(v)
}

// CountOf checks that v is a non-negative integer below 2^53.
func CountOf(v float64) (int64, error) {
	switch {
	case v < 0:
		return 0, fmt.Errorf("%w: %v", network.ErrNegative, v)
	case v != math.Trunc(v):
		return 0, fmt.Errorf("%w: %v is not an integer", network.ErrInvalid, v)
	case v >= MaxExactInt:
		return 0, fmt.Errorf("%w: %v", network.ErrOutOfRange, v)
	}
	return int64(v), nil
}

// SnakeCase turns a label such as "Fiber or Microwave Node" into
// "fiber_or_microwave_node": ASCII letters lower-cased, runs of anything
// other than ASCII letters and digits replaced by one underscore, none at
// either end.
func SnakeCase(s string) string {
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

// IDSet hands out unique IDs deterministically: the first claim of a name
// gets it unchanged, a later claim of the same name gets name#key (key is
// the caller's stable number for the element, such as its table index),
// then name#key.2, name#key.3, … until free.
type IDSet map[string]struct{}

// Claim returns the ID for name: name itself on its first claim, then
// name#key, name#key.2, … (see IDSet).
func (s IDSet) Claim(name string, key int64) string {
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

// Errorf returns a ParseError at file:line:col, field, wrapping
// sentinel with a formatted message.
func Errorf(file string, line, col int, field string, sentinel error, format string, args ...any) *network.ParseError {
	return &network.ParseError{File: file, Line: line, Col: col, Field: field,
		Err: fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))}
}

// WithErr sets the error of a ParseError and returns it.
func WithErr(e *network.ParseError, err error) *network.ParseError {
	e.Err = err
	return e
}

// WithField sets the field of a ParseError and returns it.
func WithField(e *network.ParseError, field string) *network.ParseError {
	e.Field = field
	return e
}

// LineCol converts a byte offset of data into a 1-based line and byte
// column.
func LineCol(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	line = 1 + bytes.Count(data[:off], []byte("\n"))
	col = off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

// Build compiles what a reader or an importer added; Build's problems
// (which name IDs, not positions) come back wrapped in a ParseError naming
// file.
func Build(b *network.Builder, file string) (*network.Network, error) {
	n, err := b.Build()
	if err != nil {
		return nil, &network.ParseError{File: file, Err: err}
	}
	return n, nil
}
