package parse

import (
	"errors"
	"testing"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
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
		{"", 0, network.ErrSyntax}, {"abc", 0, network.ErrSyntax}, {"0x10", 0, network.ErrSyntax}, {"1_000", 0, network.ErrSyntax}, {"0x1p3", 0, network.ErrSyntax},
		{" -2 ", 0, network.ErrSyntax}, {"1,5", 0, network.ErrSyntax}, {"-", 0, network.ErrSyntax}, {"1e", 0, network.ErrSyntax},
		{"NaN", 0, network.ErrNotFinite}, {"-Inf", 0, network.ErrNotFinite}, {"infinity", 0, network.ErrNotFinite},
		{"1e400", 0, network.ErrNotFinite}, {"1e999", 0, network.ErrOutOfRange}, {"-1e400", 0, network.ErrOutOfRange},
	} {
		got, err := Number(tc.in)
		if tc.err != nil {
			if !errors.Is(err, tc.err) {
				t.Errorf("Number(%q) error %v, want %v", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Number(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
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
		{"-1", 0, network.ErrNegative}, {"1.5", 0, network.ErrInvalid}, {"1e16", 0, network.ErrOutOfRange}, {"N/A", 0, network.ErrSyntax},
	} {
		got, err := Count(tc.in)
		if tc.err != nil {
			if !errors.Is(err, tc.err) {
				t.Errorf("Count(%q) error %v, want %v", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Count(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
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
		if got := SnakeCase(in); got != want {
			t.Errorf("SnakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIDSetClaim(t *testing.T) {
	s := IDSet{}
	got := []string{s.Claim("a", 1), s.Claim("b", 2), s.Claim("a", 3), s.Claim("a#5", 9), s.Claim("a", 5), s.Claim("a", 5)}
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
	tab, err := ReadTable("t.csv", []byte(in), true, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := tab.Require("ID", "Value"); err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 2 {
		t.Fatalf("%d rows, want 2 (the empty row skipped)", len(tab.Rows))
	}
	r := tab.Row(0)
	if id := r.Count("ID"); id != 1 || r.Str("Name") != "a" || r.Str("Other") != "" || r.MustNumber("Value") != 2.5 || r.Err != nil {
		t.Errorf("row 1: %v %q %v", id, r.Str("Name"), r.Err)
	}
	// The quoted field spans lines 3-4; Value is on line 4, byte column 4.
	r = tab.Row(1)
	r.MustNumber("Value")
	parsetest.Check(t, r.Err, "t.csv", 4, 4, "Value", network.ErrSyntax)
	// The first problem sticks.
	r.Fail("ID", network.ErrInvalid)
	parsetest.Check(t, r.Err, "t.csv", 4, 4, "Value", network.ErrSyntax)

	// Counting cells instead of bytes, a row is placed at its first line.
	tab, err = ReadTable("t.csv", []byte(in), true, true)
	if err != nil {
		t.Fatal(err)
	}
	r = tab.Row(1)
	r.MustNumber("Value")
	parsetest.Check(t, r.Err, "t.csv", 3, 3, "Value", network.ErrSyntax)
	// Without trimming, " Name" is not "Name".
	tab, err = ReadTable("t.csv", []byte(in), false, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := tab.Require("Name"); err == nil {
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
		{"missing column", "ID,Name\n", true, false, 1, 0, "Value", network.ErrSyntax, "Value", ""},
		{"empty file", "", true, false, 1, 0, "", network.ErrSyntax, "", ""},
		{"ragged row", "a,b\n1,2\n3\n", true, false, 3, 1, "", network.ErrSyntax, "", ""},
		{"ragged row, cells", "a,b\n1,2\n3\n", false, true, 3, 1, "", network.ErrSyntax, "", ""},
		// An unterminated quote: encoding/csv reports where the input ended.
		{"unterminated quote", "a,b\n1,\"2\n", true, false, 2, 6, "b", network.ErrSyntax, "", ""},
		{"unterminated quote, cells", "a,b\n1,\"2\n", false, true, 2, 2, "b", network.ErrSyntax, "", ""},
		{"repeated column", "a, b,b\n", true, false, 1, 6, "b", network.ErrInvalid, "", ""},
		{"repeated column, cells", "a,b,b\n", false, true, 1, 3, "b", network.ErrInvalid, "", ""},
		{"header cell", "a,bb,c\n1,2,3\n", false, false, 1, 3, "bb", network.ErrInvalid, "", "bb"},
		{"header cell, cells", "a,bb,c\n1,2,3\n", false, true, 1, 2, "bb", network.ErrInvalid, "", "bb"},
		// "bb" follows the 3-byte byte-order mark and "a,": byte 6.
		{"header cell after a byte-order mark", "\ufeffa,bb\n", false, false, 1, 6, "bb", network.ErrInvalid, "", "bb"},
		// Byte columns are those of the file: the second "a" follows a
		// 3-byte byte-order mark and "a,", at byte 6.
		{"repeated column after a byte-order mark", "\ufeffa,a\n", false, false, 1, 6, "a", network.ErrInvalid, "", ""},
		{"repeated column after a byte-order mark, cells", "\ufeffa,a\n", false, true, 1, 2, "a", network.ErrInvalid, "", ""},
		// The quote opens in the header's second cell, which ends at the
		// end of the input: line 1, byte 3 + len(`a,"b`) + 1 = 8.
		{"unterminated quote after a byte-order mark", "\ufeffa,\"b", false, false, 1, 8, "", network.ErrSyntax, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			tab, err := ReadTable("t.csv", []byte(c.in), c.trim, c.cells)
			if err == nil && c.required != "" {
				err = tab.Require(c.required)
			}
			if err == nil && c.column != "" {
				err = tab.ErrAt(-1, c.column, network.ErrInvalid)
			}
			parsetest.Check(t, err, "t.csv", c.line, c.col, c.field, c.want)
		})
		// Streamed row by row, the table reports the same problems at the
		// same places.
		t.Run(c.name+", streamed", func(t *testing.T) {
			tab, err := OpenTable(Source{FS: parsetest.File("t.csv", c.in), Name: "t.csv"}, c.trim, c.cells)
			if err == nil {
				defer tab.Close()
				for tab.Next() {
				}
				err = tab.Err()
			}
			if err == nil && c.required != "" {
				err = tab.Require(c.required)
			}
			if err == nil && c.column != "" {
				err = tab.ErrAt(-1, c.column, network.ErrInvalid)
			}
			parsetest.Check(t, err, "t.csv", c.line, c.col, c.field, c.want)
		})
	}
}
