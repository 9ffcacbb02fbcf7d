package format

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/internal/parse"
)

// Reader reads the native formats with the limits it holds; the zero value
// is the default reader that ReadJSON, ReadGeoJSON and ReadCSV use.
type Reader struct {
	// MaxBytes caps the size of each file read, in bytes: a larger file
	// is refused with a *network.ParseError naming it and wrapping
	// network.ErrTooLarge. 0 means the default, 4 GiB; a negative value
	// means no cap.
	MaxBytes int64
}

// source returns the file name of fsys under r's cap.
func (r Reader) source(fsys fs.FS, name string) parse.Source {
	return parse.Source{FS: fsys, Name: name, Max: r.MaxBytes}
}

// jsonStream reads a JSON document token by token (json.Decoder over the
// file), holding one record at a time; offsets are turned into lines and
// columns by reading the file again, only for an error.
type jsonStream struct {
	jsonDoc
	src parse.Source
	f   io.ReadCloser
	dec *json.Decoder
}

// decodeError marks an error of the decoder (malformed JSON, an I/O error,
// the size cap), which settle turns into a located ParseError.
type decodeError struct{ err error }

func (e *decodeError) Error() string { return e.err.Error() }
func (e *decodeError) Unwrap() error { return e.err }

// openJSON opens src for streaming.
func openJSON(src parse.Source) (*jsonStream, error) {
	f, err := src.Open()
	if err != nil {
		return nil, err
	}
	s := &jsonStream{jsonDoc: jsonDoc{Doc: parse.Doc{File: src.Name, Src: &src}}, src: src, f: f}
	s.dec = json.NewDecoder(bufio.NewReaderSize(f, 256<<10))
	return s, nil
}

// close closes the file.
func (s *jsonStream) close() { s.f.Close() }

// settle turns a decoder error into a ParseError: the size cap's or an I/O
// error as they are, malformed JSON at the offending byte (found by
// validating the whole file again, an error path).
func (s *jsonStream) settle(err error) error {
	var de *decodeError
	if !errors.As(err, &de) {
		return err
	}
	var pe *network.ParseError
	if errors.As(de.err, &pe) {
		return pe
	}
	if _, err := parse.ReadDoc(s.src); err != nil {
		return err
	}
	return &network.ParseError{File: s.File, Err: fmt.Errorf("%w: %v", network.ErrSyntax, de.err)}
}

// value reads the next value whole, with its offset.
func (s *jsonStream) value() (parse.Span, error) {
	var raw json.RawMessage
	if err := s.dec.Decode(&raw); err != nil {
		return parse.Span{}, &decodeError{err}
	}
	return parse.Span{Val: raw, Off: int(s.dec.InputOffset()) - len(raw)}, nil
}

// token reads the next token.
func (s *jsonStream) token() (json.Token, error) {
	t, err := s.dec.Token()
	if err != nil {
		return nil, &decodeError{err}
	}
	return t, nil
}

// open reads the next token, which must open an object ('{') or an array
// ('['); null gives ok false for an array. Anything else is an error
// wrapping ErrInvalid at the value, whose path is field.
func (s *jsonStream) open(delim json.Delim, field string) (ok bool, err error) {
	before := s.dec.InputOffset()
	t, err := s.token()
	if err != nil {
		return false, err
	}
	if t == delim {
		return true, nil
	}
	if t == nil && delim == '[' {
		return false, nil
	}
	got := "a number"
	switch t := t.(type) {
	case json.Delim:
		got = map[json.Delim]string{'{': "an object", '[': "an array"}[t]
	case string:
		got = "a string"
	case bool:
		got = "a boolean"
	case nil:
		got = "null"
	}
	want := map[json.Delim]string{'{': "an object", '[': "an array"}[delim]
	return false, s.ErrAt(s.src.ValueAt(before).Off, field, fmt.Errorf("%w: want %s, got %s", network.ErrInvalid, want, got))
}

// object reads an object member by member: each reads (or skips, with
// value) the value of key. A repeated key is ErrInvalid at its second
// value.
func (s *jsonStream) object(field string, each func(key string) error) error {
	if _, err := s.open('{', field); err != nil {
		return err
	}
	seen := map[string]bool{}
	for s.dec.More() {
		t, err := s.token()
		if err != nil {
			return err
		}
		key, _ := t.(string)
		if seen[key] {
			v, err := s.value()
			if err != nil {
				return err
			}
			return s.ErrAt(v.Off, joinPath(field, parse.Excerpt(key)), fmt.Errorf("%w: repeated key %s", network.ErrInvalid, parse.Quote(key)))
		}
		seen[key] = true
		if err := each(key); err != nil {
			return err
		}
	}
	_, err := s.token()
	return err
}

// array reads an array element by element (null is an empty array).
func (s *jsonStream) array(field string, each func(i int, v parse.Span) error) error {
	ok, err := s.open('[', field)
	if !ok || err != nil {
		return err
	}
	for i := 0; s.dec.More(); i++ {
		v, err := s.value()
		if err != nil {
			return err
		}
		if err := each(i, v); err != nil {
			return err
		}
	}
	_, err = s.token()
	return err
}

// end checks that nothing but white space follows the document.
func (s *jsonStream) end() error {
	if _, err := s.dec.Token(); !errors.Is(err, io.EOF) {
		return &decodeError{fmt.Errorf("text after the document")}
	}
	return nil
}

// addComponent decodes element i (value v) of "components" into the
// assembler; addLink and addRequirement do the same for their lists.
func (d *jsonDoc) addComponent(a *assembler, i int, v parse.Span) error {
	var c jsonComponent
	field := fmt.Sprintf("components[%d]", i)
	if err := d.decode(v, field, &c); err != nil {
		return err
	}
	rec := c.componentRecord
	if c.Location != nil {
		p, ok := c.Location.point()
		if !ok {
			return d.pointError(v, field, "location")
		}
		rec.Location = &p
	}
	return a.component(&rec, i, int64(v.Off))
}

func (d *jsonDoc) addLink(a *assembler, i int, v parse.Span) error {
	var l jsonLink
	field := fmt.Sprintf("links[%d]", i)
	if err := d.decode(v, field, &l); err != nil {
		return err
	}
	rec := l.linkRecord
	if l.Geometry != nil {
		rec.Geometry = make([]network.Point, len(l.Geometry))
	}
	for j, q := range l.Geometry {
		p, ok := q.point()
		if !ok {
			return d.pointError(v, field, fmt.Sprintf("geometry[%d]", j))
		}
		rec.Geometry[j] = p
	}
	return a.link(&rec, i, int64(v.Off))
}

func (d *jsonDoc) addRequirement(a *assembler, field string, i int, v parse.Span) error {
	var q requirementRecord
	if err := d.decode(v, fmt.Sprintf("%s[%d]", field, i), &q); err != nil {
		return err
	}
	return a.requirement(&q, i, int64(v.Off))
}
