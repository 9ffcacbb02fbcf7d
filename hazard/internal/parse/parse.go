// Package parse holds what the hazard readers share (hazard/flood's maps,
// hazard/wind's tracks): an input file under a size cap (Read,
// DefaultMaxBytes), errors placed at a byte offset or a line and column
// of it (File.ErrAt, File.ErrAtLine), CSV tables with a header row,
// streamed one record at a time, whose every problem names its line,
// column and header (Table: hazard/flood's grid series, hazard/wind's
// tracks, hazard/fragility's curves, hazard/quake's ground-motion fields),
// offending text quoted cut short (internal/excerpt), and the tables
// the hazards bundle, parsed once (Embedded). Every
// error is a *network.ParseError wrapping one of network's sentinels;
// nothing here panics on bad input (Embedded panics on corrupt embedded
// data, which its users' tests rule out). The package is internal: its API
// changes with its users.
package parse

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sync"

	"github.com/lifeline-sim/lifeline/network"
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
