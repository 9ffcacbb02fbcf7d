package parse

import (
	"errors"
	"testing"

	"github.com/lifeline-sim/lifeline/network"
)

func TestUnquoteMapped(t *testing.T) {
	lit := []byte(`"a\"\u00e9\ud83d\ude00\n\ud800x"`)
	out, offs, err := UnquoteMapped(lit)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != "a\"é😀\n\uFFFDx" {
		t.Errorf("decoded %q", out)
	}
	want := []int32{1, 2, 4, 4, 10, 10, 10, 10, 22, 24, 24, 24, 30, 31}
	if len(offs) != len(want) {
		t.Fatalf("offsets %v, want %v", offs, want)
	}
	for i := range want {
		if offs[i] != want[i] {
			t.Fatalf("offsets %v, want %v", offs, want)
		}
	}
	for _, bad := range []string{`x`, `"\x"`, `"\u12"`, `"abc\"`} {
		if _, _, err := UnquoteMapped([]byte(bad)); !errors.Is(err, network.ErrSyntax) {
			t.Errorf("UnquoteMapped(%s) error %v", bad, err)
		}
	}
}

func TestLineCol(t *testing.T) {
	data := []byte("ab\ncd\n\nef")
	for _, tc := range []struct{ off, line, col int }{
		{0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {6, 3, 1}, {7, 4, 1}, {8, 4, 2}, {99, 4, 3}, {-5, 1, 1},
	} {
		if l, c := LineCol(data, tc.off); l != tc.line || c != tc.col {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", tc.off, l, c, tc.line, tc.col)
		}
	}
}

func TestObjectMembersAndArrayValues(t *testing.T) {
	buf := []byte(` { "a" : [1, {"x": 2} ,"s"], "b":null }`)
	ms, perr := Members(Span{buf, 100}, network.ErrInvalid)
	if perr != nil {
		t.Fatal(perr)
	}
	if len(ms) != 2 || ms[0].Key != "a" || ms[0].Off != 109 || ms[1].Key != "b" || ms[1].Off != 133 || string(ms[1].Val) != "null" {
		t.Fatalf("members %+v", ms)
	}
	vs, perr := Elements(ms[0].Span, network.ErrInvalid)
	if perr != nil {
		t.Fatal(perr)
	}
	wantOff := []int{110, 113, 123}
	if len(vs) != 3 || string(vs[1].Val) != `{"x": 2}` {
		t.Fatalf("values %+v", vs)
	}
	for i, v := range vs {
		if v.Off != wantOff[i] {
			t.Errorf("value %d at %d, want %d", i, v.Off, wantOff[i])
		}
	}
	if _, perr := Members(Span{[]byte(` [1]`), 10}, network.ErrSyntax); perr == nil || perr.Off != 11 || !errors.Is(perr.Err, network.ErrSyntax) {
		t.Errorf("object from an array: %v", perr)
	}
	if _, perr := Elements(Span{[]byte(`{}`), 10}, network.ErrInvalid); perr == nil || perr.Off != 10 || !errors.Is(perr.Err, network.ErrInvalid) {
		t.Errorf("array from an object: %v", perr)
	}
	if perr := CheckJSON([]byte("{\"a\": [1,,2]}")); perr == nil || perr.Off != 9 || !errors.Is(perr.Err, network.ErrSyntax) {
		t.Errorf("CheckJSON: %+v, want an error at the second comma (9)", perr)
	}
	if _, perr := Members(Span{[]byte(`{"a": 1, "b": 2, "a": 3}`), 5}, network.ErrSyntax); perr == nil || perr.Off != 27 ||
		perr.Path != "a" || !errors.Is(perr.Err, network.ErrInvalid) {
		t.Errorf("repeated key: %+v, want ErrInvalid at the second value (27)", perr)
	}
	if perr := CheckJSON([]byte(`{"a": 1`)); perr == nil || perr.Off != 7 {
		t.Errorf("CheckJSON of a truncated object: %+v, want an error at the end (7)", perr)
	}
	if perr := CheckJSON([]byte(`{"a": 1}`)); perr != nil {
		t.Errorf("CheckJSON of valid JSON: %v", perr)
	}
}
