package network

import (
	"errors"
	"testing"
)

// TestParseNumber covers the one number reader of the formats and the
// importers (the JSON-style numbers the writers produce are checked by
// TestFormatNumber).
func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		err  error
	}{
		{"1.5", 1.5, nil}, {"-2", -2, nil}, {"+2", 2, nil}, {"1e3", 1000, nil}, {"0", 0, nil}, {"1e-400", 0, nil},
		{".5", 0.5, nil}, {"5.", 5, nil}, {"1E-2", 0.01, nil},
		{"", 0, ErrSyntax}, {"abc", 0, ErrSyntax}, {"0x10", 0, ErrSyntax}, {"1_000", 0, ErrSyntax}, {"0x1p3", 0, ErrSyntax},
		{" -2 ", 0, ErrSyntax}, {"1,5", 0, ErrSyntax}, {"-", 0, ErrSyntax}, {"1e", 0, ErrSyntax},
		{"NaN", 0, ErrNotFinite}, {"-Inf", 0, ErrNotFinite}, {"infinity", 0, ErrNotFinite},
		{"1e400", 0, ErrNotFinite}, {"1e999", 0, ErrOutOfRange}, {"-1e400", 0, ErrOutOfRange},
	} {
		got, err := parseNumber(tc.in)
		if tc.err != nil {
			if !errors.Is(err, tc.err) {
				t.Errorf("parseNumber(%q) error %v, want %v", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseNumber(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseCount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		err  error
	}{
		{"12", 12, nil}, {"12.0", 12, nil}, {"0", 0, nil},
		{"-1", 0, ErrNegative}, {"1.5", 0, ErrInvalid}, {"1e16", 0, ErrOutOfRange}, {"N/A", 0, ErrSyntax},
	} {
		got, err := parseCount(tc.in)
		if tc.err != nil {
			if !errors.Is(err, tc.err) {
				t.Errorf("parseCount(%q) error %v, want %v", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseCount(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"Fiber or Microwave Node": "fiber_or_microwave_node",
		"23kV Substation":         "23kv_substation",
		"  Init node ":            "init_node",
		"Free-Flow  Time (min)":   "free_flow_time_min",
		"id":                      "id",
		"ÉtéA":                    "t_a",
		"":                        "",
		"~;":                      "",
	} {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIDSetClaim(t *testing.T) {
	s := idSet{}
	got := []string{s.claim("a", 1), s.claim("b", 2), s.claim("a", 3), s.claim("a#5", 9), s.claim("a", 5), s.claim("a", 5)}
	want := []string{"a", "b", "a#3", "a#5", "a#5.2", "a#5.3"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("claims = %q, want %q", got, want)
			break
		}
	}
}

func TestCSVTable(t *testing.T) {
	in := "\ufeffID , Name,Value\n1,a,2.5\n2,\"b\nc\",x\n,,\n"
	tab, err := readCSVTable("t.csv", []byte(in), true, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := tab.require("ID", "Value"); err != nil {
		t.Fatal(err)
	}
	if len(tab.rows) != 2 {
		t.Fatalf("%d rows, want 2 (the empty row skipped)", len(tab.rows))
	}
	r := tab.row(0)
	if id := r.count("ID"); id != 1 || r.str("Name") != "a" || r.str("Other") != "" || r.mustNumber("Value") != 2.5 || r.err != nil {
		t.Errorf("row 1: %v %q %v", id, r.str("Name"), r.err)
	}
	// The quoted field spans lines 3-4; Value is on line 4, byte column 4.
	r = tab.row(1)
	r.mustNumber("Value")
	checkParseError(t, r.err, "t.csv", 4, 4, "Value", ErrSyntax)
	// The first problem sticks.
	r.fail("ID", ErrInvalid)
	checkParseError(t, r.err, "t.csv", 4, 4, "Value", ErrSyntax)

	// Counting cells instead of bytes, a row is placed at its first line.
	tab, err = readCSVTable("t.csv", []byte(in), true, true)
	if err != nil {
		t.Fatal(err)
	}
	r = tab.row(1)
	r.mustNumber("Value")
	checkParseError(t, r.err, "t.csv", 3, 3, "Value", ErrSyntax)
	// Without trimming, " Name" is not "Name".
	tab, err = readCSVTable("t.csv", []byte(in), false, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := tab.require("Name"); err == nil {
		t.Error("untrimmed header matched Name")
	}

	for _, c := range []struct {
		name, in         string
		trim, cells      bool
		line, col        int
		field            string
		want             error
		required, column string
	}{
		{"missing column", "ID,Name\n", true, false, 1, 0, "Value", ErrSyntax, "Value", ""},
		{"empty file", "", true, false, 1, 0, "", ErrSyntax, "", ""},
		{"ragged row", "a,b\n1,2\n3\n", true, false, 3, 1, "", ErrSyntax, "", ""},
		{"ragged row, cells", "a,b\n1,2\n3\n", false, true, 3, 1, "", ErrSyntax, "", ""},
		// An unterminated quote: encoding/csv reports where the input ended.
		{"unterminated quote", "a,b\n1,\"2\n", true, false, 2, 6, "b", ErrSyntax, "", ""},
		{"unterminated quote, cells", "a,b\n1,\"2\n", false, true, 2, 2, "b", ErrSyntax, "", ""},
		{"repeated column", "a, b,b\n", true, false, 1, 6, "b", ErrInvalid, "", ""},
		{"repeated column, cells", "a,b,b\n", false, true, 1, 3, "b", ErrInvalid, "", ""},
		{"header cell", "a,bb,c\n1,2,3\n", false, false, 1, 3, "bb", ErrInvalid, "", "bb"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tab, err := readCSVTable("t.csv", []byte(c.in), c.trim, c.cells)
			if err == nil && c.required != "" {
				err = tab.require(c.required)
			}
			if err == nil && c.column != "" {
				err = tab.errAt(-1, c.column, ErrInvalid)
			}
			checkParseError(t, err, "t.csv", c.line, c.col, c.field, c.want)
		})
	}
}

// checkParseError fails t unless err is a *ParseError at file:line:col
// with field, wrapping want.
func checkParseError(t *testing.T, err error, file string, line, col int, field string, want error) {
	t.Helper()
	var pe *ParseError
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

// requireParseError fails t unless err is a *ParseError (what the fuzz
// targets ask of every error).
func requireParseError(t *testing.T, err error) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
}
