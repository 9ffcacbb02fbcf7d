// Package parse holds what the hazard readers share (hazard/flood's maps,
// hazard/wind's tracks): an input file under a size cap (Read,
// DefaultMaxBytes), errors placed at a byte offset or a line and column
// of it (File.ErrAt, File.ErrAtLine), CSV tables with a header row
// whose every problem names its line, column and header (Table), and the
// tables the hazards bundle, parsed once (Embedded). Every
// error is a *network.ParseError wrapping one of network's sentinels;
// nothing here panics on bad input (Embedded panics on corrupt embedded
// data, which its users' tests rule out). The package is internal: its API
// changes with its users.
package parse

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// DefaultMaxBytes is the size cap of a file read with max 0: 1 GiB, far
// above a city's hazard maps and tracks and below what would exhaust a
// workstation's memory.
const DefaultMaxBytes int64 = 1 << 30

// File is an input file held in memory, for placing errors.
type File struct {
	// Name names the file in errors.
	Name string
	// Data is its content.
	Data []byte
}

// Read reads the file name of fsys, at most max bytes (0 means
// DefaultMaxBytes, a negative value no cap): a larger file is a
// *network.ParseError wrapping network.ErrTooLarge; an I/O error is a
// ParseError naming the file and wrapping it.
func Read(fsys fs.FS, name string, max int64) (*File, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &network.ParseError{File: name, Err: err}
	}
	defer f.Close()
	if max == 0 {
		max = DefaultMaxBytes
	}
	var src io.Reader = f
	if max > 0 {
		src = io.LimitReader(f, max+1)
	}
	data, err := io.ReadAll(src)
	if err != nil {
		return nil, &network.ParseError{File: name, Err: err}
	}
	if max > 0 && int64(len(data)) > max {
		return nil, &network.ParseError{File: name, Err: fmt.Errorf("%w: more than %d bytes (the reader's MaxBytes raises the cap)", network.ErrTooLarge, max)}
	}
	return &File{Name: name, Data: data}, nil
}

// LineCol returns the 1-based line and byte column of offset off in data
// (clamped to the data).
func LineCol(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	line = 1 + bytes.Count(data[:off], []byte{'\n'})
	return line, off - bytes.LastIndexByte(data[:off], '\n')
}

// ErrAt returns a ParseError at byte offset off of the file.
func (f *File) ErrAt(off int, field string, err error) *network.ParseError {
	line, col := LineCol(f.Data, off)
	return f.ErrAtLine(line, col, field, err)
}

// ErrAtLine returns a ParseError at line and column of the file.
func (f *File) ErrAtLine(line, col int, field string, err error) *network.ParseError {
	return &network.ParseError{File: f.Name, Line: line, Col: col, Field: field, Err: err}
}

// Table reads a CSV file (RFC 4180, as encoding/csv reads it; blank lines
// skipped) whose first record is a header naming its columns.
type Table struct {
	f    *File
	r    *csv.Reader
	cols map[string]int
	rec  []string
}

// NewTable reads the header of f: every required column must be there,
// and every column must be required or optional (a column named twice or
// unknown is an error naming it).
func NewTable(f *File, required, optional []string) (*Table, error) {
	r := csv.NewReader(bytes.NewReader(f.Data))
	r.ReuseRecord = true
	t := &Table{f: f, r: r, cols: map[string]int{}}
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, f.ErrAtLine(1, 1, "", fmt.Errorf("%w: empty file (the header is %s)", network.ErrSyntax, strings.Join(required, ",")))
	}
	if err != nil {
		return nil, t.csvErr(err)
	}
	for k, h := range header {
		line, col := r.FieldPos(k)
		name := strings.TrimSpace(h)
		switch _, dup := t.cols[name]; {
		case dup:
			return nil, f.ErrAtLine(line, col, name, fmt.Errorf("%w: column named twice", network.ErrSyntax))
		case !slices.Contains(required, name) && !slices.Contains(optional, name):
			return nil, f.ErrAtLine(line, col, name, fmt.Errorf("%w: unknown column (want %s)", network.ErrSyntax, strings.Join(append(slices.Clone(required), optional...), ", ")))
		}
		t.cols[name] = k
	}
	for _, c := range required {
		if _, ok := t.cols[c]; !ok {
			return nil, f.ErrAtLine(1, 1, c, fmt.Errorf("%w: missing column", network.ErrSyntax))
		}
	}
	r.FieldsPerRecord = len(header)
	return t, nil
}

// csvErr turns an error of encoding/csv into a ParseError at its place.
func (t *Table) csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return t.f.ErrAtLine(pe.Line, pe.Column, "", fmt.Errorf("%w: %w", network.ErrSyntax, pe.Err))
	}
	return &network.ParseError{File: t.f.Name, Err: err}
}

// Next reads the next record; false at the end.
func (t *Table) Next() (bool, error) {
	rec, err := t.r.Read()
	if errors.Is(err, io.EOF) {
		return false, nil
	}
	if err != nil {
		return false, t.csvErr(err)
	}
	t.rec = rec
	return true, nil
}

// Has reports whether the table has column c.
func (t *Table) Has(c string) bool { _, ok := t.cols[c]; return ok }

// String returns the current record's cell of column c, trimmed of white
// space ("" for a column the table lacks).
func (t *Table) String(c string) string {
	k, ok := t.cols[c]
	if !ok {
		return ""
	}
	return strings.TrimSpace(t.rec[k])
}

// Err returns a ParseError at the current record's cell of column c.
func (t *Table) Err(c string, err error) *network.ParseError {
	k, ok := t.cols[c]
	if !ok {
		return &network.ParseError{File: t.f.Name, Field: c, Err: err}
	}
	line, col := t.r.FieldPos(k)
	return t.f.ErrAtLine(line, col, c, err)
}

// Float reads the cell of column c as a finite number.
func (t *Table) Float(c string) (float64, error) {
	s := t.String(c)
	x, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange):
		return 0, t.Err(c, fmt.Errorf("%w: %q is not a number", network.ErrSyntax, s))
	case err != nil || math.IsNaN(x) || math.IsInf(x, 0):
		return 0, t.Err(c, fmt.Errorf("%w: %q", network.ErrNotFinite, s))
	}
	return x, nil
}

// Duration reads the cell of column c as a duration in the syntax of
// sim.ParseDuration ("0s", "90m", "1d6h").
func (t *Table) Duration(c string) (sim.Time, error) {
	d, err := sim.ParseDuration(t.String(c))
	if err != nil {
		return 0, t.Err(c, fmt.Errorf("%w: %w", network.ErrInvalid, err))
	}
	return d, nil
}

// Embedded returns a function that parses the file name of fsys (data
// embedded in the package, a table it bundles) with fn on its first call
// and returns the same result on every call, safe for concurrent use. It
// panics, naming pkg, if the file is missing or fn fails: embedded data
// are the package's own, and its tests rule that out.
func Embedded[T any](pkg string, fsys fs.FS, name string, fn func(*File) (T, error)) func() T {
	return sync.OnceValue(func() T {
		data, err := fs.ReadFile(fsys, name)
		if err == nil {
			var v T
			if v, err = fn(&File{Name: path.Base(name), Data: data}); err == nil {
				return v
			}
		}
		panic(pkg + ": bundled data: " + err.Error())
	})
}
