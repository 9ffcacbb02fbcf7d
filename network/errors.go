package network

import (
	"errors"
	"fmt"
)

// Sentinel errors, checkable with errors.Is on anything Build or an
// importer returns.
var (
	ErrEmptyID         = errors.New("missing ID")
	ErrDuplicateID     = errors.New("duplicate ID")
	ErrUnknownID       = errors.New("unknown ID")
	ErrCrossSector     = errors.New("link joins components of different sectors")
	ErrSelfLoop        = errors.New("link joins a component to itself")
	ErrSelfRequirement = errors.New("component requires itself")
	ErrKOfN            = errors.New("impossible k-of-n")
	ErrNegative        = errors.New("negative value")
	ErrNotFinite       = errors.New("NaN or infinite value")
	ErrOutOfRange      = errors.New("out of range")
	ErrInvalid         = errors.New("invalid value")
	ErrSyntax          = errors.New("syntax error")
	ErrVersion         = errors.New("unsupported version")
	ErrReproject       = errors.New("coordinates cannot be reprojected exactly")
	// ErrTooLarge: an input larger than its reader's size cap (each
	// reader's and importer's MaxBytes option).
	ErrTooLarge = errors.New("input too large")
)

// ParseError locates a problem in an input file. Line and Col are 1-based;
// 0 means unknown (formats without lines). Field names the column, key or
// attribute at fault when known.
type ParseError struct {
	// File names the input as the caller named it ("<input>" when empty).
	File string
	// Line is the 1-based line of the problem; 0 when unknown (a problem
	// only Build finds, which names IDs instead).
	Line int
	// Col is the 1-based byte column on Line (a tab is one column); 0 when
	// unknown. format.ReadCSV counts cells instead, as spreadsheets do.
	Col int
	// Field names the column, key, JSON path or "SECTION.column" at fault;
	// "" when the problem is the record or the file as a whole.
	Field string
	// Err is the problem; it wraps one of the sentinels above, or a
	// *BuildError, or an I/O error.
	Err error
}

// Error formats the error as file:line:col: field: message.
func (e *ParseError) Error() string {
	s := e.File
	if s == "" {
		s = "<input>"
	}
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
		if e.Col > 0 {
			s += fmt.Sprintf(":%d", e.Col)
		}
	}
	if e.Field != "" {
		s += ": " + e.Field
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// BuildError lists every problem Build found; errors.Is and errors.As see
// each of them.
type BuildError struct {
	// Problems lists every problem found (at most 1000), each naming the
	// IDs at fault and wrapping a sentinel.
	Problems []error
}

const maxListed = 20

// Error lists the first problems and counts the rest.
func (e *BuildError) Error() string {
	s := fmt.Sprintf("network: %d problem(s)", len(e.Problems))
	for i, p := range e.Problems {
		if i == maxListed {
			s += fmt.Sprintf("\n\t… and %d more", len(e.Problems)-maxListed)
			break
		}
		s += "\n\t" + p.Error()
	}
	return s
}

// Unwrap returns the problems for errors.Is and errors.As.
func (e *BuildError) Unwrap() []error { return e.Problems }
