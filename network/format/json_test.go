package format

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/lifeline-sim/lifeline/internal/parsetest"
	"github.com/lifeline-sim/lifeline/network"
)

func writeJSONBytes(t testing.TB, n *network.Network) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, n); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestJSONRoundTrip(t *testing.T) {
	for _, n := range []*network.Network{richNetwork(t), projectedNetwork(t), emptyNetwork(t)} {
		first := writeJSONBytes(t, n)
		got, err := ReadJSON(parsetest.File("rich.json", first), "rich.json")
		if err != nil {
			t.Fatalf("%v\n%s", err, first)
		}
		requireSameNetwork(t, n, got)
		if second := writeJSONBytes(t, got); !bytes.Equal(first, second) {
			t.Fatalf("write→read→write differs:\n%s\n---\n%s", first, second)
		}
	}
}

func emptyNetwork(t testing.TB) *network.Network {
	t.Helper()
	n, err := network.NewBuilder().Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestJSONLayout pins the documented layout: version first, one record per
// line, zero fields left out, durations in Go syntax.
func TestJSONLayout(t *testing.T) {
	out := string(writeJSONBytes(t, richNetwork(t)))
	for _, want := range []string{
		"{\n  \"version\": 1,\n  \"name\": \"rich, \\\"quoted\\\" city\",\n  \"crs\": \"EPSG:4326\",\n",
		`  "attrs": {"base_mva":100,"frequency_hz":59.95},`,
		`    {"id":"b2","sector":"power","kind":"bus","role":"consumer","zone":"south","capacity":1e+22},`,
		`"free_flow":"1m30.000000001s"`,
		`    {"dependent":"co1","providers":["b1","b2","g1"],"logic":"k-of-n","k":2,"lag":"1m30s","buffer":"1d12h0.000000001s","recharge":0.25,"effect":"degrade","factor":0.5,"kind":"cyber"},`,
		`"params":{"pmax_mw":250.5,"pmin_mw":1e-7}`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s\n%s", want, out)
		}
	}
}

// TestJSONReadsDays checks the d suffix and hand-written input with keys in
// any order and defaults left out.
func TestJSONReadsDays(t *testing.T) {
	in := `{"components":[{"sector":"power","id":"a"},{"id":"b","sector":"power"}],
	"requirements":[{"providers":["a"],"dependent":"b","lag":"1d12h","buffer":"1.5d"}],"version":1}`
	n, err := ReadJSON(parsetest.File("days.json", in), "days.json")
	if err != nil {
		t.Fatal(err)
	}
	if n.Lag(0).Hours() != 36 || n.Buffer(0).Hours() != 36 || n.Logic(0) != network.All || n.CRS().Code() != 4326 {
		t.Fatalf("lag %v buffer %v logic %v crs %v", n.Lag(0), n.Buffer(0), n.Logic(0), n.CRS())
	}
}

const jsonBase = `{
  "version": 1,
  "name": "t",
  "crs": "EPSG:4326",
  "attrs": {"base_mva": 100},
  "components": [
    {"id":"a","sector":"power","role":"source","location":{"x":1,"y":2}},
    {"id":"b","sector":"power","role":"consumer"},
    {"id":"x","sector":"transport"},
    {"id":"w","sector":"water"}
  ],
  "links": [
    {"id":"l","kind":"line","from":"a","to":"b","free_flow":"1m"}
  ],
  "requirements": [
    {"dependent":"b","providers":["a"],"lag":"1m"}
  ]
}`

func TestJSONErrors(t *testing.T) {
	if _, err := ReadJSON(parsetest.File("t.json", jsonBase), "t.json"); err != nil {
		t.Fatalf("base input: %v", err)
	}
	cases := []struct {
		errorCase
		old, new string // replace old by new in jsonBase
		at       string // the error points at the first occurrence of at
	}{
		{errorCase{name: "bad version", line: 2, col: 14, field: "version", want: network.ErrVersion},
			`"version": 1`, `"version": 2`, ""},
		{errorCase{name: "version not an integer", field: "version", want: network.ErrVersion},
			`"version": 1`, `"version": "1"`, `"1"`},
		{errorCase{name: "missing version", line: 1, col: 1, field: "version", want: network.ErrVersion},
			"\"version\": 1,\n", "", ""},
		{errorCase{name: "unknown role", field: "components[1].role", want: network.ErrInvalid},
			`"role":"consumer"`, `"role":"sink"`, `"sink"`},
		{errorCase{name: "malformed duration", field: "requirements[0].lag", want: network.ErrSyntax},
			`"lag":"1m"`, `"lag":"1 minute"`, `"1 minute"`},
		{errorCase{name: "negative lag", field: "requirements[0].lag", want: network.ErrNegative},
			`"lag":"1m"`, `"lag":"-1m"`, `"-1m"`},
		{errorCase{name: "malformed free flow", field: "links[0].free_flow", want: network.ErrSyntax},
			`"free_flow":"1m"`, `"free_flow":"1q"`, `"1q"`},
		{errorCase{name: "unknown provider", field: "requirements[0].providers[1]", want: network.ErrUnknownID},
			`"providers":["a"]`, `"providers":["a", "zz"]`, `"zz"`},
		{errorCase{name: "unknown dependent", field: "requirements[0].dependent", want: network.ErrUnknownID},
			`"dependent":"b"`, `"dependent":"q"`, `"q"`},
		{errorCase{name: "unknown link end", field: "links[0].to", want: network.ErrUnknownID},
			`"to":"b"`, `"to":"zz"`, `"zz"`},
		{errorCase{name: "cross-sector link", field: "links[0].to", want: network.ErrCrossSector},
			`"to":"b"`, `"to":"w"`, `"w","free`},
		{errorCase{name: "unknown access", field: "components[1].access", want: network.ErrUnknownID},
			`"role":"consumer"`, `"role":"consumer","access":"zz"`, `"zz"`},
		{errorCase{name: "duplicate component", field: "components[1].id", want: network.ErrDuplicateID},
			`{"id":"b"`, `{"id":"a"`, `"a","sector":"power","role":"consumer"`},
		{errorCase{name: "wrong type", field: "components[1].demand", want: network.ErrInvalid},
			`"role":"consumer"`, `"role":"consumer","demand":"ten"`, `"ten"`},
		{errorCase{name: "wrong nested type", field: "components[0].location.y", want: network.ErrInvalid},
			`"y":2`, `"y":true`, `true`},
		{errorCase{name: "point without y", field: "components[0].location", want: network.ErrInvalid},
			`{"x":1,"y":2}`, `{"x":1}`, `{"x":1}`},
		{errorCase{name: "geometry point without x", field: "links[0].geometry[1]", want: network.ErrInvalid},
			`"free_flow":"1m"`, `"free_flow":"1m","geometry":[{"x":1,"y":2},{"y":3}]`, `{"y":3}`},
		{errorCase{name: "unknown key", field: "components[1].demnd", want: network.ErrInvalid},
			`"role":"consumer"`, `"role":"consumer","demnd":1`, `1}`},
		{errorCase{name: "unknown nested key", field: "components[0].location.z", want: network.ErrInvalid},
			`"y":2`, `"y":2,"z":3`, `3}`},
		{errorCase{name: "unknown top-level key", field: "sectors", want: network.ErrInvalid},
			`"name": "t"`, `"name": "t", "sectors": []`, `[]`},
		{errorCase{name: "repeated top-level key", field: "name", want: network.ErrInvalid},
			`"name": "t"`, `"name": "t", "name": "u"`, `"u"`},
		{errorCase{name: "links not an array", field: "links", want: network.ErrInvalid},
			`[
    {"id":"l","kind":"line","from":"a","to":"b","free_flow":"1m"}
  ]`, `{"id":"l"}`, `{"id":"l"}`},
		{errorCase{name: "attrs not an object", field: "attrs", want: network.ErrInvalid},
			`{"base_mva": 100}`, `[100]`, `[100]`},
		{errorCase{name: "k without k-of-n", field: "requirements[0].k", want: network.ErrInvalid},
			`"lag":"1m"`, `"lag":"1m","k":1`, `1}`},
		{errorCase{name: "impossible k-of-n", field: "requirements[0]", want: network.ErrKOfN},
			`"lag":"1m"`, `"lag":"1m","logic":"k-of-n","k":2`, `{"dependent"`},
		{errorCase{name: "unknown logic", field: "requirements[0].logic", want: network.ErrInvalid},
			`"lag":"1m"`, `"lag":"1m","logic":"most"`, `"most"`},
		{errorCase{name: "population beyond 2^53", field: "components[1].population", want: network.ErrOutOfRange},
			`"role":"consumer"`, `"role":"consumer","population":9223372036854775807`, `9223372036854775807`},
		{errorCase{name: "negative demand", field: "components[1]", want: network.ErrNegative},
			`"role":"consumer"`, `"role":"consumer","demand":-1`, `{"id":"b"`},
		{errorCase{name: "longitude out of range", field: "components[0].location", want: network.ErrOutOfRange},
			`"x":1`, `"x":181`, `{"x"`},
		{errorCase{name: "bad crs", field: "crs", want: network.ErrInvalid},
			`"EPSG:4326"`, `"EPSG:zz"`, `"EPSG:zz"`},
		{errorCase{name: "syntax error", field: "", want: network.ErrSyntax},
			`"sector":"transport"}`, `"sector":"transport"]`, `]`},
		{errorCase{name: "truncated", line: 10, col: 28, field: "", want: network.ErrSyntax},
			jsonBase[strings.Index(jsonBase, `"sector":"water"}`):], `"sector":"wat`, ""},
		// Only Build knows that access must be a transport component.
		{errorCase{name: "access not transport (Build)", want: network.ErrInvalid},
			`"role":"consumer"`, `"role":"consumer","access":"a"`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := strings.Replace(jsonBase, c.old, c.new, 1)
			if in == jsonBase {
				t.Fatalf("%q not in the base input", c.old)
			}
			if c.at != "" {
				c.line, c.col = posOf(t, in, c.at)
			}
			_, err := ReadJSON(parsetest.File("t.json", in), "t.json")
			parsetest.Check(t, err, "t.json", c.line, c.col, c.field, c.want)
		})
	}
}

// TestJSONBuildErrorHasFile checks that a problem only Build finds keeps
// its BuildError inside the ParseError.
func TestJSONBuildErrorHasFile(t *testing.T) {
	in := strings.Replace(jsonBase, `"role":"consumer"`, `"role":"consumer","access":"a"`, 1)
	_, err := ReadJSON(parsetest.File("t.json", in), "t.json")
	var be *network.BuildError
	if !errors.As(err, &be) || !strings.HasPrefix(err.Error(), "t.json: ") {
		t.Fatalf("error %v: want t.json: and a *BuildError inside", err)
	}
}

// TestJSONWriteRejectsInvalidUTF8 checks that a string JSON would mangle is
// refused rather than written wrong.
func TestJSONWriteRejectsInvalidUTF8(t *testing.T) {
	b := network.NewBuilder()
	b.AddComponent(network.Component{ID: "a\xff", Sector: network.Power})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&bytes.Buffer{}, n); !errors.Is(err, network.ErrInvalid) {
		t.Fatalf("WriteJSON: %v, want ErrInvalid", err)
	}
}
