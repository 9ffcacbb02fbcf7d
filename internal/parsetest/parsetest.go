// Package parsetest holds the checks that the tests of every parser share
// (the network formats and importers, the hazards' readers): an error is
// a *network.ParseError, placed where the test expects it (Check, and Run
// over a table of malformed inputs), its message short however long the
// input (Short), a size cap honoured (CheckCap), coordinates read in each
// CRS (CheckCRS); and small fixtures (File, ReadFile, Component, Link).
// It lives under the module's root internal/ so that network's and
// hazard's tests alike may import it. It is for tests only.
package parsetest

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"strings"
	"testing"
	"testing/fstest"

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

// Case is a malformed input and where its error must be placed: the
// subtest's name, the input, the line, column and field the error must
// point at, and the sentinel it must wrap. It is an alias of an unnamed
// struct so that case tables read as plain rows.
type Case = struct {
	Name, Data string
	Line, Col  int
	Field      string
	Want       error
}

// Run runs one subtest per case: read(c.Data) must fail with a
// *network.ParseError naming file at the case's line, column and field,
// wrapping c.Want (Check).
func Run(t *testing.T, file string, read func(data string) error, cases []Case) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { Check(t, read(c.Data), file, c.Line, c.Col, c.Field, c.Want) })
	}
}

// File returns a file system holding data as the file name, for a reader
// that takes (fs.FS, name).
func File[T string | []byte](name string, data T) fs.FS {
	return fstest.MapFS{name: &fstest.MapFile{Data: []byte(data)}}
}

// ReadFile returns the contents of the file at path, failing t if it
// cannot be read.
func ReadFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Component returns the component id of n in input form, failing t if n
// has none.
func Component(t testing.TB, n *network.Network, id string) network.Component {
	t.Helper()
	i, ok := n.ComponentIndex(id)
	if !ok {
		t.Fatalf("no component %q", id)
	}
	return n.Component(i)
}

// Link returns the link id of n in input form, failing t if n has none.
func Link(t testing.TB, n *network.Network, id string) network.Link {
	t.Helper()
	l, ok := n.LinkIndex(id)
	if !ok {
		t.Fatalf("no link %q", id)
	}
	return n.Link(l)
}

// LinksEqual reports whether a and b agree in every field but Geometry,
// Fragility and Diameter, which the importers checked with it leave unset.
func LinksEqual(a, b network.Link) bool {
	return a.ID == b.ID && a.Kind == b.Kind && a.From == b.From && a.To == b.To && a.Directed == b.Directed &&
		a.Length == b.Length && a.Capacity == b.Capacity && a.FreeFlow == b.FreeFlow && a.OutOfService == b.OutOfService &&
		a.Reactance == b.Reactance && a.Rating == b.Rating && a.Tap == b.Tap && a.Shift == b.Shift &&
		maps.Equal(a.Params, b.Params) && maps.Equal(a.Tags, b.Tags)
}

// MercatorInShelby reports whether a Web Mercator point lies in the INDP
// Shelby County extent (-90.16..-89.63°, 35.0..35.39°) with a 0.05° margin,
// where the InfraRisk Shelby files place their elements.
func MercatorInShelby(p network.Point) bool {
	q := network.MercatorToLonLat(p)
	const m = 0.05
	return q.X >= -90.16-m && q.X <= -89.63+m && q.Y >= 35.0-m && q.Y <= 35.39+m
}

// CheckCRS checks an importer that reads coordinates, run with each CRS:
// the CRS of its options ends up on the network, lon/lat are range-checked
// only in a geographic CRS (run's input holds UTM-like metres, which must
// be refused as lon/lat with a located ErrOutOfRange), and an invalid CRS
// is refused by Validate.
func CheckCRS(t *testing.T, run func(crs network.CRS) (*network.Network, error)) {
	t.Helper()
	utm := network.CRS{EPSG: 32616}
	for _, crs := range []network.CRS{utm, network.WebMercator, network.Local} {
		n, err := run(crs)
		if err != nil {
			t.Fatalf("%v: %v", crs, err)
		}
		if !n.CRS().Equal(crs) || n.CRS() != crs {
			t.Errorf("network CRS %#v, want %#v", n.CRS(), crs)
		}
	}
	_, err := run(network.WGS84)
	var pe *network.ParseError
	if !errors.Is(err, network.ErrOutOfRange) || !errors.As(err, &pe) || pe.Line == 0 {
		t.Errorf("metres read as lon/lat: %v, want a located ErrOutOfRange", err)
	}
	if _, err := run(network.CRS{EPSG: -7}); !errors.Is(err, network.ErrInvalid) {
		t.Errorf("invalid CRS: %v, want ErrInvalid", err)
	}
}

// Huge is an offending text far longer than an error may quote: 1 MiB of
// one letter.
var Huge = strings.Repeat("x", 1<<20)

// Short fails t unless err is a *network.ParseError whose message and
// Field stay short (at most 512 bytes) although the input held Huge: an
// error quotes an excerpt of the offending text (the parse packages'
// Excerpt), never all of it.
func Short(t testing.TB, err error) {
	t.Helper()
	Require(t, err)
	var pe *network.ParseError
	errors.As(err, &pe)
	if n := len(err.Error()); n > 512 || len(pe.Field) > 512 {
		t.Errorf("error of %d bytes (field of %d), want at most 512: %.200s…", n, len(pe.Field), err.Error())
	}
}

// CheckCap checks a reader's size cap: read with a cap one byte below the
// size of the input named file is refused with network.ErrTooLarge naming
// it, and with the cap at the size it is read.
func CheckCap(t *testing.T, file string, size int64, read func(max int64) error) {
	t.Helper()
	err := read(size - 1)
	var pe *network.ParseError
	if !errors.Is(err, network.ErrTooLarge) || !errors.As(err, &pe) || pe.File != file {
		t.Errorf("cap one byte below the size: %v, want ErrTooLarge naming %s", err, file)
	}
	if err := read(size); err != nil {
		t.Errorf("cap at the size: %v", err)
	}
}
