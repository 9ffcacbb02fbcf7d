package parse

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lifeline-sim/lifeline/network"
)

// TestExcerpt checks the cut by hand: 64 bytes and "…" past 64; a cut
// inside a two-byte "é" (bytes 64–65 of the input) moves back before it.
func TestExcerpt(t *testing.T) {
	a64 := strings.Repeat("a", 64)
	for _, tc := range []struct{ in, excerpt, quote string }{
		{"", "", `""`},
		{"a\"b", "a\"b", `"a\"b"`},
		{a64, a64, `"` + a64 + `"`},
		{a64 + "b", a64 + "…", `"` + a64 + `"…`},
		{a64[1:] + "é" + "zz", a64[1:] + "…", `"` + a64[1:] + `"…`},
	} {
		if got := Excerpt(tc.in); got != tc.excerpt {
			t.Errorf("Excerpt(%q) = %q, want %q", tc.in, got, tc.excerpt)
		}
		if got := Quote(tc.in); got != tc.quote {
			t.Errorf("Quote(%q) = %q, want %q", tc.in, got, tc.quote)
		}
		if got := Quote([]byte(tc.in)); got != tc.quote {
			t.Errorf("Quote([]byte(%q)) = %q, want %q", tc.in, got, tc.quote)
		}
	}
}

// TestSourceCap checks the size cap both ways: from the size Stat gives
// (a regular file) and while reading (a file whose size is unknown).
func TestSourceCap(t *testing.T) {
	data := []byte("0123456789")
	for _, mode := range []fs.FileMode{0, fs.ModeNamedPipe} {
		fsys := fstest.MapFS{"f": &fstest.MapFile{Data: data, Mode: mode}}
		for _, tc := range []struct {
			max  int64
			fail bool
		}{{9, true}, {10, false}, {0, false}, {-1, false}} {
			got, err := Source{FS: fsys, Name: "f", Max: tc.max}.ReadAll()
			var pe *network.ParseError
			switch {
			case tc.fail && (!errors.Is(err, network.ErrTooLarge) || !errors.As(err, &pe) || pe.File != "f"):
				t.Errorf("mode %v, cap %d: %v, want ErrTooLarge naming f", mode, tc.max, err)
			case !tc.fail && (err != nil || string(got) != string(data)):
				t.Errorf("mode %v, cap %d: %q, %v", mode, tc.max, got, err)
			}
		}
	}
	if _, err := (Source{FS: fstest.MapFS{}, Name: "g"}).Open(); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// TestSourcePositions checks the error paths that read the file again:
// LineCol counts as LineCol does on the text, ValueAt skips separators.
func TestSourcePositions(t *testing.T) {
	text := "{\"a\": [1,\n  {\"b\": \"x\"}]}\n"
	src := Source{FS: fstest.MapFS{"j": &fstest.MapFile{Data: []byte(text)}}, Name: "j"}
	for off := range len(text) + 2 {
		l, c := LineCol([]byte(text), off)
		if gl, gc := src.LineCol(int64(off)); gl != l || gc != c {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", off, gl, gc, l, c)
		}
	}
	// Offset 8 is the comma after 1; the object starts at 12, after the
	// line break and two spaces.
	if v := src.ValueAt(8); v.Off != 12 || string(v.Val) != `{"b": "x"}` {
		t.Errorf("ValueAt(8) = %q at %d, want the object at 12", v.Val, v.Off)
	}
}
