package table

import (
	"errors"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
)

func TestErrorsArePlaced(t *testing.T) {
	tb, err := New(strings.NewReader("# provenance\nA,b\n1,x\n"), "t.csv", 100, true)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := tb.Next(); !ok || err != nil {
		t.Fatal(ok, err)
	}
	_, err = tb.Float("b")
	var pe *network.ParseError
	if !errors.As(err, &pe) || pe.Line != 3 || pe.Col != 3 || pe.Field != "b" || !errors.Is(err, network.ErrSyntax) {
		t.Fatalf("got %v", err)
	}
	if v, err := tb.Float("a"); v != 1 || err != nil {
		t.Fatal(v, err)
	}
	if _, err := New(strings.NewReader("a,a\n"), "t.csv", 100, false); !errors.Is(err, network.ErrInvalid) {
		t.Fatalf("duplicate column: %v", err)
	}
	tb, _ = New(strings.NewReader("a\n"+strings.Repeat("1\n", 100)), "t.csv", 50, false)
	for {
		ok, err := tb.Next()
		if err != nil {
			if !errors.Is(err, network.ErrTooLarge) {
				t.Fatal(err)
			}
			break
		}
		if !ok {
			t.Fatal("read past the cap")
		}
	}
}
