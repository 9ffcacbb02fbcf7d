package network

import (
	"errors"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		err  error
	}{
		{"1.5", 1.5, nil}, {" -2 ", -2, nil}, {"1e3", 1000, nil}, {"0", 0, nil}, {"1e-400", 0, nil},
		{"", 0, ErrSyntax}, {"abc", 0, ErrSyntax}, {"0x10", 0, ErrSyntax}, {"1_000", 0, ErrSyntax}, {"0x1p3", 0, ErrSyntax},
		{"NaN", 0, ErrNotFinite}, {"-Inf", 0, ErrNotFinite}, {"infinity", 0, ErrNotFinite}, {"1e400", 0, ErrNotFinite},
	} {
		got, err := dataNumber(tc.in)
		if tc.err != nil {
			if !errors.Is(err, tc.err) {
				t.Errorf("dataNumber(%q) error %v, want %v", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("dataNumber(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
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
	in := "\ufeffID , Name,Value\n1,a,2.5\n2,\"b\nc\",x\n"
	tab, err := newCSVTable(strings.NewReader(in), "t.csv", "ID", "Value")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := tab.next(); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if id, err := tab.count("ID"); id != 1 || err != nil || tab.str("Name") != "a" || tab.has("Other") || tab.str("Other") != "" {
		t.Errorf("row 1: %v %v %q", id, err, tab.str("Name"))
	}
	if v, err := tab.number("Value"); v != 2.5 || err != nil {
		t.Errorf("row 1 value %v, %v", v, err)
	}
	if ok, err := tab.next(); !ok || err != nil {
		t.Fatal(ok, err)
	}
	// The quoted field spans lines 3-4; Value is on line 4, column 4.
	_, err = tab.number("Value")
	checkImportError(t, err, "t.csv", 4, 4, "Value", ErrSyntax)
	if ok, err := tab.next(); ok || err != nil {
		t.Errorf("after the last row: %v, %v", ok, err)
	}

	_, err = newCSVTable(strings.NewReader("ID,Name\n"), "t.csv", "ID", "Value")
	checkImportError(t, err, "t.csv", 1, 0, "Value", ErrSyntax)
	_, err = newCSVTable(strings.NewReader(""), "t.csv")
	checkImportError(t, err, "t.csv", 1, 0, "", ErrSyntax)

	tab, err = newCSVTable(strings.NewReader("a,b\n1,2\n3\n"), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	tab.next()
	_, err = tab.next()
	checkImportError(t, err, "t.csv", 3, 1, "", ErrSyntax)
	// An unterminated quote: encoding/csv reports where the input ended.
	tab, _ = newCSVTable(strings.NewReader("a,b\n1,\"2\n"), "t.csv")
	_, err = tab.next()
	checkImportError(t, err, "t.csv", 2, 6, "", ErrSyntax)
}
