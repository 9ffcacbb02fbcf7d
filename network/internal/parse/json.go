package parse

// Reading JSON with positions, for the native JSON and GeoJSON formats and
// the pandapower importer alike: syntax errors at the offending byte, the
// members of an object and the elements of an array with the byte offsets
// of their values, and JSON strings decoded with a map back to the escaped
// text, so that an importer can report the line and column of a value
// nested inside a JSON-encoded string (as pandapower stores its tables).

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/lifeline-sim/lifeline/network"
)

// Span is a JSON value and the offset of its first byte in the document
// being read.
type Span struct {
	// Val is the value's text; nil means absent.
	Val []byte
	// Off is the offset of Val's first byte in the document.
	Off int
}

// Member is a member of a JSON object: its key and its value.
type Member struct {
	// Key is the member's key, unescaped.
	Key string
	Span
}

// PositionError is a JSON problem at an offset of the document, for the
// reader to turn into a *network.ParseError.
type PositionError struct {
	// Off is the offset of the problem in the document.
	Off int
	// Path, when set, is the key at fault relative to the value being
	// split.
	Path string
	// Err is the problem; it wraps a network sentinel.
	Err error
}

// Error returns the problem's message.
func (e *PositionError) Error() string { return e.Err.Error() }

// Doc is a JSON document, held in memory (Data) or streamed from its file
// (Src), so that byte offsets can be turned into lines and columns.
type Doc struct {
	// File names the document in errors.
	File string
	// Data is the document's text, when it is held.
	Data []byte
	// Src, when Data is nil, is the file to read again to place an error.
	Src *Source
}

// ReadDoc reads the whole file of src (within its size cap), which also
// names it in errors, and reports malformed JSON at the offending byte.
// Errors are *network.ParseError values; an I/O error is wrapped with File
// set.
func ReadDoc(src Source) (*Doc, error) {
	data, err := src.ReadAll()
	if err != nil {
		return nil, err
	}
	d := &Doc{File: src.Name, Data: data}
	if perr := CheckJSON(data); perr != nil {
		return nil, d.ErrAt(perr.Off, "", perr.Err)
	}
	return d, nil
}

// ErrAt returns a ParseError at byte offset off of the document.
func (d *Doc) ErrAt(off int, field string, err error) *network.ParseError {
	var line, col int
	if d.Data == nil && d.Src != nil {
		line, col = d.Src.LineCol(int64(off))
	} else {
		line, col = LineCol(d.Data, off)
	}
	return &network.ParseError{File: d.File, Line: line, Col: col, Field: field, Err: err}
}

// CheckJSON reports the first syntax error of buf at the offending byte
// (the end of the input when it ends too soon). Readers validate each
// document once, so that the splitters below only meet valid JSON (their
// own errors carry no usable offset).
func CheckJSON(buf []byte) *PositionError {
	if json.Valid(buf) {
		return nil
	}
	var v json.RawMessage
	err := json.Unmarshal(buf, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Offset counts the bytes read, the offending one included.
		off := int(se.Offset)
		if off < len(buf) {
			off--
		}
		return &PositionError{Off: max(off, 0), Err: fmt.Errorf("%w: %v", network.ErrSyntax, se)}
	}
	return &PositionError{Err: fmt.Errorf("%w: invalid JSON", network.ErrSyntax)}
}

// jsonFailure turns a decoding error on validated input (which cannot
// happen short of a decoder limit) into a PositionError at the decoder.
func jsonFailure(dec *json.Decoder, base int, err error) *PositionError {
	return &PositionError{Off: base + int(dec.InputOffset()), Err: fmt.Errorf("%w: %v", network.ErrSyntax, err)}
}

// JSONKind names the kind of a JSON value by its first byte.
func JSONKind(val []byte) string {
	if len(val) == 0 {
		return "nothing"
	}
	switch val[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// openJSON starts decoding s (valid JSON), which must open with delim; a
// value of another kind is an error wrapping wrongType.
func openJSON(s Span, delim json.Delim, wrongType error) (*json.Decoder, *PositionError) {
	dec := json.NewDecoder(bytes.NewReader(s.Val))
	if t, err := dec.Token(); err != nil || t != delim {
		want := map[json.Delim]string{'{': "an object", '[': "an array"}[delim]
		val := bytes.TrimLeft(s.Val, " \t\r\n")
		return nil, &PositionError{Off: s.Off + len(s.Val) - len(val),
			Err: fmt.Errorf("%w: want %s, got %s", wrongType, want, JSONKind(val))}
	}
	return dec, nil
}

// Members lists the members of the object s (valid JSON) in file
// order, with the offsets of their values. A value that is not an object
// wraps wrongType; a repeated key is ErrInvalid at its second value.
func Members(s Span, wrongType error) ([]Member, *PositionError) {
	dec, perr := openJSON(s, '{', wrongType)
	if perr != nil {
		return nil, perr
	}
	var ms []Member
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, jsonFailure(dec, s.Off, err)
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, jsonFailure(dec, s.Off, err)
		}
		off := s.Off + int(dec.InputOffset()) - len(v)
		if seen[key] {
			return nil, &PositionError{Off: off, Path: key, Err: fmt.Errorf("%w: repeated key %q", network.ErrInvalid, key)}
		}
		seen[key] = true
		ms = append(ms, Member{key, Span{v, off}})
	}
	return ms, nil
}

// Elements lists the elements of the array s (valid JSON) with their
// offsets. A value that is not an array wraps wrongType.
func Elements(s Span, wrongType error) ([]Span, *PositionError) {
	dec, perr := openJSON(s, '[', wrongType)
	if perr != nil {
		return nil, perr
	}
	var vs []Span
	for dec.More() {
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, jsonFailure(dec, s.Off, err)
		}
		vs = append(vs, Span{v, s.Off + int(dec.InputOffset()) - len(v)})
	}
	return vs, nil
}

// UnquoteMapped decodes the JSON string literal lit (quotes included) and
// returns, for every byte of the result, the offset in lit of the
// character it came from; one more entry maps the end to the closing quote.
func UnquoteMapped(lit []byte) ([]byte, []int32, error) {
	if len(lit) < 2 || lit[0] != '"' || lit[len(lit)-1] != '"' {
		return nil, nil, fmt.Errorf("%w: want a JSON string", network.ErrSyntax)
	}
	end := len(lit) - 1
	out := make([]byte, 0, end)
	offs := make([]int32, 0, end+1)
	hex4 := func(i int) (rune, bool) {
		if i+6 > end || lit[i] != '\\' || lit[i+1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(string(lit[i+2:i+6]), 16, 32)
		return rune(v), err == nil
	}
	for i := 1; i < end; {
		c := lit[i]
		if c != '\\' {
			out = append(out, c)
			offs = append(offs, int32(i))
			i++
			continue
		}
		if i+1 >= end {
			return nil, nil, fmt.Errorf("%w: bad escape", network.ErrSyntax)
		}
		start := i
		var r rune
		switch e := lit[i+1]; e {
		case '"', '\\', '/':
			r, i = rune(e), i+2
		case 'b':
			r, i = '\b', i+2
		case 'f':
			r, i = '\f', i+2
		case 'n':
			r, i = '\n', i+2
		case 'r':
			r, i = '\r', i+2
		case 't':
			r, i = '\t', i+2
		case 'u':
			v, ok := hex4(i)
			if !ok {
				return nil, nil, fmt.Errorf("%w: bad \\u escape", network.ErrSyntax)
			}
			r, i = v, i+6
			if utf16.IsSurrogate(r) {
				r = utf8.RuneError
				if lo, ok := hex4(i); ok {
					if p := utf16.DecodeRune(v, lo); p != utf8.RuneError {
						r, i = p, i+6
					}
				}
			}
		default:
			return nil, nil, fmt.Errorf("%w: bad escape", network.ErrSyntax)
		}
		n := len(out)
		out = utf8.AppendRune(out, r)
		for range len(out) - n {
			offs = append(offs, int32(start))
		}
	}
	offs = append(offs, int32(end))
	return out, offs, nil
}
