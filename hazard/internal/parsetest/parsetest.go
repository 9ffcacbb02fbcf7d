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
