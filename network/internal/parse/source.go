package parse

// An input file and its size cap, shared by every reader and importer so
// that each streams its input (Open) or, where it must, holds it (ReadAll)
// under the same rule; positions are recovered by reading the file again,
// which only an error asks for; and the excerpt of input text an error
// message may quote.

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/lifeline-sim/lifeline/internal/excerpt"
	"github.com/lifeline-sim/lifeline/network"
)

// DefaultMaxBytes is the size cap of every reader and importer whose
// options leave it at 0: 4 GiB, far above any real network file (a 10⁶
// component city is about 0.5 GB of JSON) and below what would exhaust a
// workstation's memory.
const DefaultMaxBytes int64 = 4 << 30

// Source is an input file: the name of a file in a file system, and the
// most bytes a reader may take from it.
type Source struct {
	// FS holds the file.
	FS fs.FS
	// Name is the file's name in FS; it also names the file in errors.
	Name string
	// Max is the size cap in bytes; 0 means DefaultMaxBytes, a negative
	// value no cap.
	Max int64
}

// limit returns the cap in bytes, or -1 for none.
func (s Source) limit() int64 {
	switch {
	case s.Max == 0:
		return DefaultMaxBytes
	case s.Max < 0:
		return -1
	}
	return s.Max
}

// TooLarge returns the error for an input beyond the cap: a ParseError
// naming the file, wrapping network.ErrTooLarge.
func (s Source) TooLarge() *network.ParseError {
	return &network.ParseError{File: s.Name, Err: fmt.Errorf("%w: more than %d bytes (the reader's MaxBytes option raises the cap)",
		network.ErrTooLarge, s.limit())}
}

// Open opens the file for reading. A file whose size (from Stat) is above
// the cap is refused at once, and the reader fails with the same error
// (a *network.ParseError wrapping network.ErrTooLarge) once more than the
// cap has been read, should the size have been unknown or wrong. Other
// errors are ParseErrors naming the file and wrapping the file system's
// error (fs.ErrNotExist for a missing file).
func (s Source) Open() (io.ReadCloser, error) {
	f, err := s.FS.Open(s.Name)
	if err != nil {
		return nil, &network.ParseError{File: s.Name, Err: err}
	}
	max := s.limit()
	if max < 0 {
		return f, nil
	}
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > max {
		f.Close()
		return nil, s.TooLarge()
	}
	return &capped{f: f, left: max, src: s}, nil
}

// capped fails with the source's TooLarge error once more than its cap is
// read.
type capped struct {
	f    fs.File
	left int64
	src  Source
}

func (c *capped) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, c.src.TooLarge()
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.f.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, c.src.TooLarge()
	}
	if err != nil && !errors.Is(err, io.EOF) {
		err = &network.ParseError{File: c.src.Name, Err: err}
	}
	return n, err
}

func (c *capped) Close() error { return c.f.Close() }

// ReadAll reads the whole file within the cap, for a reader that must hold
// its input; errors as for Open.
func (s Source) ReadAll() ([]byte, error) {
	f, err := s.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return data, nil
}

// reopen opens the file again at offset off, for placing an error; nil
// when it cannot.
func (s Source) reopen(off int64) (*bufio.Reader, io.Closer) {
	f, err := s.FS.Open(s.Name)
	if err != nil {
		return nil, nil
	}
	r := bufio.NewReaderSize(f, 64<<10)
	if _, err := r.Discard(int(max(off, 0))); err != nil && !errors.Is(err, io.EOF) {
		f.Close()
		return nil, nil
	}
	return r, f
}

// LineCol returns the 1-based line and byte column of byte offset off of
// the file, reading it again up to off (an error path: the readers that
// stream their input keep no text to count lines in). It gives 0, 0 when
// the file cannot be read again.
func (s Source) LineCol(off int64) (line, col int) {
	f, err := s.FS.Open(s.Name)
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	line, col = 1, 1
	for i := int64(0); i < off; i++ {
		c, err := r.ReadByte()
		if err != nil {
			break
		}
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// ValueAt returns the JSON value that starts at byte offset off of the file
// (after any white space, colon or comma), with its offset, reading the
// file again: an error path, for placing a problem inside a record that a
// streaming reader has already let go. It returns a Span with Val nil when
// there is no valid value there.
func (s Source) ValueAt(off int64) Span {
	r, c := s.reopen(off)
	if r == nil {
		return Span{Off: int(off)}
	}
	defer c.Close()
	for {
		b, err := r.ReadByte()
		if err != nil {
			return Span{Off: int(off)}
		}
		if b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != ':' && b != ',' {
			r.UnreadByte()
			break
		}
		off++
	}
	var v json.RawMessage
	if json.NewDecoder(r).Decode(&v) != nil {
		return Span{Off: int(off)}
	}
	return Span{Val: v, Off: int(off)}
}

// MaxExcerpt is the most bytes of input text that an error message quotes
// (Excerpt, Quote), so that a huge cell or token gives a short message.
const MaxExcerpt = excerpt.Max

// Excerpt returns s, or its first MaxExcerpt bytes or fewer (cut at a
// UTF-8 boundary) followed by "…" when it is longer (excerpt.Of, the rule
// every parser of the module shares).
func Excerpt[T string | []byte](s T) string { return excerpt.Of(s) }

// Quote returns s as a Go string literal (strconv.Quote), cut as Excerpt
// cuts it: the "…" of a cut text follows the closing quote. Every error
// message that quotes input text goes through it.
func Quote[T string | []byte](s T) string { return excerpt.Quote(s) }
