package parsetest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
)

// recorder is a testing.TB that notes a failure instead of failing.
type recorder struct {
	testing.TB
	failed bool
}

type stop struct{}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true; panic(stop{}) }
func (r *recorder) fails(fn func(testing.TB)) (failed bool) {
	defer func() {
		if v := recover(); v != nil && v != (stop{}) {
			panic(v)
		}
		failed = r.failed
	}()
	r.failed = false
	fn(r)
	return
}

// TestCheckCatches: Check passes the error it is told of and fails every
// error that differs from it in one respect; Require fails an error that
// is not a ParseError, Short one that quotes a huge text whole.
func TestCheckCatches(t *testing.T) {
	r := &recorder{TB: t}
	pe := &network.ParseError{File: "f.csv", Line: 2, Col: 3, Field: "x", Err: fmt.Errorf("%w: bad", network.ErrSyntax)}
	if r.fails(func(tb testing.TB) { Check(tb, pe, "f.csv", 2, 3, "x", network.ErrSyntax) }) {
		t.Fatal("Check fails the error it describes")
	}
	for name, check := range map[string]func(testing.TB){
		"not a ParseError": func(tb testing.TB) { Check(tb, errors.New("x"), "f.csv", 2, 3, "x", network.ErrSyntax) },
		"nil":              func(tb testing.TB) { Check(tb, nil, "f.csv", 2, 3, "x", network.ErrSyntax) },
		"file":             func(tb testing.TB) { Check(tb, pe, "g.csv", 2, 3, "x", network.ErrSyntax) },
		"line":             func(tb testing.TB) { Check(tb, pe, "f.csv", 1, 3, "x", network.ErrSyntax) },
		"column":           func(tb testing.TB) { Check(tb, pe, "f.csv", 2, 4, "x", network.ErrSyntax) },
		"field":            func(tb testing.TB) { Check(tb, pe, "f.csv", 2, 3, "y", network.ErrSyntax) },
		"sentinel":         func(tb testing.TB) { Check(tb, pe, "f.csv", 2, 3, "x", network.ErrInvalid) },
		"Require":          func(tb testing.TB) { Require(tb, errors.New("x")) },
		"Short": func(tb testing.TB) {
			Short(tb, &network.ParseError{File: "f", Field: Huge, Err: network.ErrSyntax})
		},
	} {
		if !r.fails(check) {
			t.Errorf("%s: the check passed a wrong error", name)
		}
	}
}
