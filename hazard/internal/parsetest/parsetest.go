// Package parsetest holds the checks that the tests of the hazard readers
// share: an error is a *network.ParseError, placed where the test expects
// it. It is for tests only.
package parsetest

import (
	"errors"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
)

// Check fails t unless err is a *network.ParseError at file:line:col
// with field, wrapping want.
func Check(t testing.TB, err error, file string, line, col int, field string, want error) {
	t.Helper()
	var pe *network.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	if pe.File != file || pe.Line != line || pe.Col != col || pe.Field != field {
		t.Errorf("error at %s:%d:%d field %q, want %s:%d:%d field %q (%v)", pe.File, pe.Line, pe.Col, pe.Field, file, line, col, field, err)
	}
	if !errors.Is(err, want) {
		t.Errorf("error %v does not wrap %v", err, want)
	}
}

// Require fails t unless err is a *network.ParseError (what the fuzz
// targets ask of every error).
func Require(t testing.TB, err error) {
	t.Helper()
	var pe *network.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
}

// Case is a malformed input and where its error must be placed: the
// subtest's name, the input, the line, column and field the error must
// point at, and the sentinel it must wrap. It is an alias of an unnamed
// struct so that case tables read as plain rows.
type Case = struct {
	Name, Data string
	Line, Col  int
	Field      string
	Want       error
}

// Run runs one subtest per case: read(c.Data) must fail with a
// *network.ParseError naming file at the case's line, column and field,
// wrapping c.Want (Check).
func Run(t *testing.T, file string, read func(data string) error, cases []Case) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { Check(t, read(c.Data), file, c.Line, c.Col, c.Field, c.Want) })
	}
}
