package network

import (
	"errors"
	"testing"
)

func TestUnquoteMapped(t *testing.T) {
	lit := []byte(`"a\"\u00e9\ud83d\ude00\n\ud800x"`)
	out, offs, err := unquoteMapped(lit)
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
		if _, _, err := unquoteMapped([]byte(bad)); !errors.Is(err, ErrSyntax) {
			t.Errorf("unquoteMapped(%s) error %v", bad, err)
		}
	}
}

func TestLineCol(t *testing.T) {
	data := []byte("ab\ncd\n\nef")
	for _, tc := range []struct{ off, line, col int }{
		{0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {6, 3, 1}, {7, 4, 1}, {8, 4, 2}, {99, 4, 3}, {-5, 1, 1},
	} {
		if l, c := lineCol(data, tc.off); l != tc.line || c != tc.col {
			t.Errorf("lineCol(%d) = %d:%d, want %d:%d", tc.off, l, c, tc.line, tc.col)
		}
	}
}

func TestObjectMembersAndArrayValues(t *testing.T) {
	buf := []byte(` { "a" : [1, {"x": 2} ,"s"], "b":null }`)
	ms, perr := objectMembers(jsonSpan{buf, 100}, ErrInvalid)
	if perr != nil {
		t.Fatal(perr)
	}
	if len(ms) != 2 || ms[0].key != "a" || ms[0].off != 109 || ms[1].key != "b" || ms[1].off != 133 || string(ms[1].val) != "null" {
		t.Fatalf("members %+v", ms)
	}
	vs, perr := arrayValues(ms[0].jsonSpan, ErrInvalid)
	if perr != nil {
		t.Fatal(perr)
	}
	wantOff := []int{110, 113, 123}
	if len(vs) != 3 || string(vs[1].val) != `{"x": 2}` {
		t.Fatalf("values %+v", vs)
	}
	for i, v := range vs {
		if v.off != wantOff[i] {
			t.Errorf("value %d at %d, want %d", i, v.off, wantOff[i])
		}
	}
	if _, perr := objectMembers(jsonSpan{[]byte(` [1]`), 10}, ErrSyntax); perr == nil || perr.off != 11 || !errors.Is(perr.err, ErrSyntax) {
		t.Errorf("object from an array: %v", perr)
	}
	if _, perr := arrayValues(jsonSpan{[]byte(`{}`), 10}, ErrInvalid); perr == nil || perr.off != 10 || !errors.Is(perr.err, ErrInvalid) {
		t.Errorf("array from an object: %v", perr)
	}
	if perr := checkJSON([]byte("{\"a\": [1,,2]}")); perr == nil || perr.off != 9 || !errors.Is(perr.err, ErrSyntax) {
		t.Errorf("checkJSON: %+v, want an error at the second comma (9)", perr)
	}
	if _, perr := objectMembers(jsonSpan{[]byte(`{"a": 1, "b": 2, "a": 3}`), 5}, ErrSyntax); perr == nil || perr.off != 27 ||
		perr.path != "a" || !errors.Is(perr.err, ErrInvalid) {
		t.Errorf("repeated key: %+v, want ErrInvalid at the second value (27)", perr)
	}
	if perr := checkJSON([]byte(`{"a": 1`)); perr == nil || perr.off != 7 {
		t.Errorf("checkJSON of a truncated object: %+v, want an error at the end (7)", perr)
	}
	if perr := checkJSON([]byte(`{"a": 1}`)); perr != nil {
		t.Errorf("checkJSON of valid JSON: %v", perr)
	}
}
