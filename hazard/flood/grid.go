package flood

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"

	"github.com/lifeline-sim/lifeline/hazard/internal/parse"
	"github.com/lifeline-sim/lifeline/hazard/internal/raster"
	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Grid is a raster of water depths in metres, as an ESRI ASCII grid holds
// it: Rows × Cols square cells of side Cell, the lower-left corner of the
// lower-left cell at (X0, Y0) in the network's CRS, values row by row from
// the north (the first row is the top one).
type Grid struct {
	// Cols and Rows are the grid's size, ≥ 1.
	Cols, Rows int
	// X0 and Y0 are the lower-left corner of the grid.
	X0, Y0 float64
	// Cell is the side of a cell, > 0, in the CRS's unit.
	Cell float64
	// Depth holds Rows × Cols depths in metres, row-major from the top
	// row; NaN marks a cell without data (dry).
	Depth []float64
}

// Validate checks the grid's size, geometry and depths (finite and ≥ 0,
// or NaN for no data). Errors wrap hazard.ErrInvalid.
func (g *Grid) Validate() error {
	switch {
	case g.Cols < 1 || g.Rows < 1 || len(g.Depth) != g.Cols*g.Rows:
		return fmt.Errorf("%w: grid of %d × %d cells holds %d depths", errInvalid, g.Rows, g.Cols, len(g.Depth))
	case !(g.Cell > 0) || !finite(g.Cell) || !finite(g.X0) || !finite(g.Y0):
		return fmt.Errorf("%w: grid cell %v at (%v, %v)", errInvalid, g.Cell, g.X0, g.Y0)
	}
	for k, v := range g.Depth {
		if !math.IsNaN(v) && !(v >= 0 && v <= math.MaxFloat64) {
			return fmt.Errorf("%w: grid cell %d: depth %v", errInvalid, k, v)
		}
	}
	return nil
}

// Sample returns the depth at p: bilinear between the centres of the four
// cells around p, p clamped to the outermost centres within the grid's
// extent (so the outer half of an edge cell holds its depth across, and a
// corner quarter its depth alone), 0 outside the extent; the extent's
// edges are inside. A cell without data counts as dry (0) in the
// interpolation: midway between a 1 m cell and one without data the
// depth is 0.5 m. This is the grid's only sampling rule. O(1); it
// allocates nothing.
func (g *Grid) Sample(p network.Point) float64 {
	// The hazards' grids share one sampling home: raster.Cells is this
	// layout (rows from the north, cells without data as NaN).
	c := raster.Cells{X0: g.X0, Y0: g.Y0, Size: g.Cell, NX: g.Cols, NY: g.Rows, V: g.Depth}
	v, _ := c.At(p.X, p.Y, 0)
	return v
}

// Frame is one time step of a gridded depth series.
type Frame struct {
	// T is the instant of the grid, ≥ 0.
	T sim.Time
	// Grid holds the depths at T.
	Grid *Grid
}

// ReadGrid reads an ESRI ASCII grid of depths in metres: a header of
// "key value" lines — ncols, nrows, xllcorner or xllcenter, yllcorner or
// yllcenter, cellsize and optionally NODATA_value, in any order, keys
// case-insensitive — then nrows × ncols numbers separated by white space,
// from the top row. A value equal to NODATA_value is a cell without data
// (dry); every other value is a depth, finite and ≥ 0. Coordinates are in
// the network's CRS. Errors are *network.ParseError values naming the
// file, line, column and field (the header key, or "row r col c" counting
// from 1), wrapping network.ErrSyntax, ErrInvalid, ErrNotFinite,
// ErrNegative or ErrTooLarge.
func (r Reader) ReadGrid(fsys fs.FS, name string) (*Grid, error) {
	f, err := parse.Read(fsys, name, r.MaxBytes)
	if err != nil {
		return nil, err
	}
	return parseGrid(f)
}

// token is a word of a text file and its offset.
type token struct {
	s   string
	off int
}

// words splits a text file into white-space separated words.
type words struct {
	data []byte
	off  int
}

func (w *words) next() (token, bool) {
	for w.off < len(w.data) && isSpace(w.data[w.off]) {
		w.off++
	}
	if w.off == len(w.data) {
		return token{off: w.off}, false
	}
	start := w.off
	for w.off < len(w.data) && !isSpace(w.data[w.off]) {
		w.off++
	}
	return token{s: string(w.data[start:w.off]), off: start}, true
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// maxCells bounds a grid's cell count so that a hostile header cannot ask
// for more memory than the file could fill (each cell needs at least two
// bytes of text).
func maxCells(size int) int { return size/2 + 1 }

func parseGrid(f *parse.File) (*Grid, error) {
	d, data := &doc{f}, f.Data
	w := &words{data: data}
	g := &Grid{}
	var (
		seen            = map[string]token{}
		noData          = math.NaN()
		centreX, centre bool
	)
	// The header: six or seven "key value" pairs before the first number.
	for {
		save := w.off
		key, ok := w.next()
		if !ok {
			break
		}
		if _, err := strconv.ParseFloat(key.s, 64); err == nil || !isLetter(key.s[0]) {
			w.off = save
			break
		}
		k := strings.ToLower(key.s)
		switch k {
		case "ncols", "nrows", "xllcorner", "xllcenter", "yllcorner", "yllcenter", "cellsize", "nodata_value":
		default:
			return nil, d.errAt(key.off, key.s, fmt.Errorf("%w: unknown header key", network.ErrSyntax))
		}
		if prev, dup := seen[k]; dup {
			return nil, d.errAt(key.off, key.s, fmt.Errorf("%w: header key given twice (first at offset %d)", network.ErrSyntax, prev.off))
		}
		val, ok := w.next()
		if !ok {
			return nil, d.errAt(val.off, key.s, fmt.Errorf("%w: header key without a value", network.ErrSyntax))
		}
		seen[k] = val
		x, err := strconv.ParseFloat(val.s, 64)
		if err != nil || !finite(x) {
			return nil, d.errAt(val.off, key.s, fmt.Errorf("%w: %q is not a finite number", network.ErrNotFinite, val.s))
		}
		switch k {
		case "ncols", "nrows":
			if x != math.Trunc(x) || x < 1 || x > float64(maxCells(len(data))) {
				return nil, d.errAt(val.off, key.s, fmt.Errorf("%w: %s is not a count between 1 and %d", network.ErrInvalid, val.s, maxCells(len(data))))
			}
			if k == "ncols" {
				g.Cols = int(x)
			} else {
				g.Rows = int(x)
			}
		case "xllcorner", "xllcenter":
			g.X0, centreX = x, k == "xllcenter"
		case "yllcorner", "yllcenter":
			g.Y0, centre = x, k == "yllcenter"
		case "cellsize":
			if !(x > 0) {
				return nil, d.errAt(val.off, key.s, fmt.Errorf("%w: cell size %v", network.ErrInvalid, x))
			}
			g.Cell = x
		case "nodata_value":
			noData = x
		}
	}
	// Header problems are placed where the values begin.
	for w.off < len(data) && isSpace(data[w.off]) {
		w.off++
	}
	for _, k := range []string{"ncols", "nrows", "cellsize"} {
		if _, ok := seen[k]; !ok {
			return nil, d.errAt(w.off, k, fmt.Errorf("%w: missing header key", network.ErrSyntax))
		}
	}
	_, xc := seen["xllcorner"]
	_, xm := seen["xllcenter"]
	_, yc := seen["yllcorner"]
	_, ym := seen["yllcenter"]
	if xc == xm || yc == ym {
		return nil, d.errAt(w.off, "xllcorner", fmt.Errorf("%w: want one of xllcorner and xllcenter, and one of yllcorner and yllcenter", network.ErrSyntax))
	}
	if centreX {
		g.X0 -= g.Cell / 2
	}
	if centre {
		g.Y0 -= g.Cell / 2
	}
	if g.Cols*g.Rows > maxCells(len(data)) {
		return nil, d.errAt(seen["nrows"].off, "nrows", fmt.Errorf("%w: %d × %d cells cannot fit in %d bytes", network.ErrInvalid, g.Rows, g.Cols, len(data)))
	}
	g.Depth = make([]float64, g.Rows*g.Cols)
	for k := range g.Depth {
		field := fmt.Sprintf("row %d col %d", k/g.Cols+1, k%g.Cols+1)
		tok, ok := w.next()
		if !ok {
			return nil, d.errAt(tok.off, field, fmt.Errorf("%w: the grid ends after %d of %d values", network.ErrSyntax, k, len(g.Depth)))
		}
		x, err := strconv.ParseFloat(tok.s, 64)
		switch {
		case err != nil && !errors.Is(err, strconv.ErrRange):
			return nil, d.errAt(tok.off, field, fmt.Errorf("%w: %q is not a number", network.ErrSyntax, tok.s))
		case !finite(x):
			return nil, d.errAt(tok.off, field, fmt.Errorf("%w: %q", network.ErrNotFinite, tok.s))
		case x == noData:
			x = math.NaN()
		case x < 0:
			return nil, d.errAt(tok.off, field, fmt.Errorf("%w: depth %v m", network.ErrNegative, x))
		}
		g.Depth[k] = x
	}
	if tok, ok := w.next(); ok {
		return nil, d.errAt(tok.off, "", fmt.Errorf("%w: more than %d × %d values", network.ErrSyntax, g.Rows, g.Cols))
	}
	return g, nil
}

// ReadSeries reads a gridded depth series from a manifest: a CSV file
// whose first record is the header "time,file" (in either order) and each
// further record a grid's instant (a duration since the scenario start in the syntax of
// sim.ParseDuration: "0s", "90m", "1d6h") and its ESRI ASCII grid file
// (ReadGrid), a slash-separated path relative to the manifest's
// directory. Times strictly increase. Blank lines and lines starting with
// '#' are skipped; column names match in any case. Errors in
// the manifest name it (field "time" or "file"); errors in a grid name
// the grid's file.
func (r Reader) ReadSeries(fsys fs.FS, manifest string) ([]Frame, error) {
	f, err := parse.Read(fsys, manifest, r.MaxBytes)
	if err != nil {
		return nil, err
	}
	entries, err := parseManifest(f)
	if err != nil {
		return nil, err
	}
	frames := make([]Frame, 0, len(entries))
	for _, e := range entries {
		g, err := r.ReadGrid(fsys, path.Join(path.Dir(manifest), e.file))
		if err != nil {
			return nil, err
		}
		frames = append(frames, Frame{T: e.t, Grid: g})
	}
	return frames, nil
}

type manifestEntry struct {
	t    sim.Time
	file string
}

func parseManifest(f *parse.File) ([]manifestEntry, error) {
	t, err := f.Table()
	if err != nil {
		return nil, err
	}
	if err := t.Columns([]string{"time", "file"}, nil); err != nil {
		return nil, err
	}
	var out []manifestEntry
	err = t.Each(func() error {
		at, err := t.Duration("time")
		if err != nil {
			return err
		}
		if n := len(out); n > 0 && at <= out[n-1].t {
			return t.ErrAt("time", fmt.Errorf("%w: time %v not after %v", network.ErrInvalid, at, out[n-1].t))
		}
		file := t.Str("file")
		if file == "" || !fs.ValidPath(path.Join(path.Dir(f.Name), file)) {
			return t.ErrAt("file", fmt.Errorf("%w: %q is not a slash-separated relative path", network.ErrInvalid, file))
		}
		out = append(out, manifestEntry{t: at, file: file})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
