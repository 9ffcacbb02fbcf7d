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
	"slices"
	"strconv"
	"strings"
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

// open checks that s (valid JSON) opens with delim and returns the index
// of the byte after it; a value of another kind is an error wrapping
// wrongType.
func open(s Span, delim byte, wrongType error) (int, *PositionError) {
	i := skipSpace(s.Val, 0)
	if i < len(s.Val) && s.Val[i] == delim {
		return i + 1, nil
	}
	want := map[byte]string{'{': "an object", '[': "an array"}[delim]
	return 0, &PositionError{Off: s.Off + i, Err: fmt.Errorf("%w: want %s, got %s", wrongType, want, JSONKind(s.Val[i:]))}
}

// skipSpace returns the index of the first byte at or after i that is not
// JSON white space.
func skipSpace(buf []byte, i int) int {
	for i < len(buf) && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n') {
		i++
	}
	return i
}

// skipValue returns the index just after the value of valid JSON that
// starts at buf[i] (not white space).
func skipValue(buf []byte, i int) int {
	depth := 0
	for i < len(buf) {
		switch c := buf[i]; c {
		case '"':
			i = skipString(buf, i)
			if depth == 0 {
				return i
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth <= 0 {
				return i + 1
			}
		default:
			if depth == 0 {
				for i < len(buf) && !strings.ContainsRune(",}] \t\r\n", rune(buf[i])) {
					i++
				}
				return i
			}
		}
		i++
	}
	return i
}

// skipString returns the index just after the string that starts at
// buf[i] (its opening quote).
func skipString(buf []byte, i int) int {
	for i++; i < len(buf); i++ {
		switch buf[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return i
}

// Members lists the members of the object s (valid JSON) in file
// order, with the offsets of their values. A value that is not an object
// wraps wrongType; a repeated key is ErrInvalid at its second value.
func Members(s Span, wrongType error) ([]Member, *PositionError) {
	ms, perr := AppendMembers(nil, s, wrongType)
	return ms, perr
}

// AppendMembers appends the members of the object s to dst, as Members
// lists them, so that a reader can reuse one buffer for many small objects.
func AppendMembers(dst []Member, s Span, wrongType error) ([]Member, *PositionError) {
	i, perr := open(s, '{', wrongType)
	if perr != nil {
		return dst, perr
	}
	buf := s.Val
	base := len(dst)
	ms := dst
	var seen map[string]bool // past a few keys; a linear search before
	for {
		i = skipSpace(buf, i)
		if i >= len(buf) || buf[i] == '}' {
			return ms, nil
		}
		own := ms[base:]
		if buf[i] == ',' {
			i = skipSpace(buf, i+1)
		}
		end := skipString(buf, i)
		lit := buf[i:end]
		key := string(lit[1 : len(lit)-1])
		if bytes.IndexByte(lit, '\\') >= 0 {
			json.Unmarshal(lit, &key) // valid JSON: cannot fail
		}
		i = skipSpace(buf, end)
		i = skipSpace(buf, i+1) // the colon
		end = skipValue(buf, i)
		dup := seen[key]
		if seen == nil {
			dup = slices.ContainsFunc(own, func(m Member) bool { return m.Key == key })
			if len(own) == 16 {
				seen = map[string]bool{}
				for _, m := range own {
					seen[m.Key] = true
				}
			}
		}
		if seen != nil {
			seen[key] = true
		}
		if dup {
			return dst, &PositionError{Off: s.Off + i, Path: key, Err: fmt.Errorf("%w: repeated key %s", network.ErrInvalid, Quote(key))}
		}
		ms = append(ms, Member{key, Span{buf[i:end:end], s.Off + i}})
		i = end
	}
}

// Elements lists the elements of the array s (valid JSON) with their
// offsets. A value that is not an array wraps wrongType.
func Elements(s Span, wrongType error) ([]Span, *PositionError) {
	return AppendElements(nil, s, wrongType)
}

// AppendElements appends the elements of the array s to dst, as Elements
// lists them, so that a reader can reuse one buffer for many small arrays.
func AppendElements(dst []Span, s Span, wrongType error) ([]Span, *PositionError) {
	i, perr := open(s, '[', wrongType)
	if perr != nil {
		return dst, perr
	}
	buf := s.Val
	vs := dst
	for {
		i = skipSpace(buf, i)
		if i >= len(buf) || buf[i] == ']' {
			return vs, nil
		}
		if buf[i] == ',' {
			i = skipSpace(buf, i+1)
		}
		end := skipValue(buf, i)
		vs = append(vs, Span{buf[i:end:end], s.Off + i})
		i = end
	}
}

// UnquoteMapped decodes the JSON string literal lit (quotes included) and
// returns, for every byte of the result, the offset in lit of the
// character it came from; one more entry maps the end to the closing quote.
func UnquoteMapped(lit []byte) ([]byte, []int32, error) {
	return unquote(lit, true)
}

// Unquote decodes the JSON string literal lit (quotes included) exactly as
// UnquoteMapped does, without the map (which takes four bytes per byte):
// an offset of the result is mapped later, for an error, by UnquoteMapped.
func Unquote(lit []byte) ([]byte, error) {
	out, _, err := unquote(lit, false)
	return out, err
}

// unquote decodes lit, with the map of offsets when mapped.
func unquote(lit []byte, mapped bool) ([]byte, []int32, error) {
	if len(lit) < 2 || lit[0] != '"' || lit[len(lit)-1] != '"' {
		return nil, nil, fmt.Errorf("%w: want a JSON string", network.ErrSyntax)
	}
	end := len(lit) - 1
	out := make([]byte, 0, end)
	var offs []int32
	if mapped {
		offs = make([]int32, 0, end+1)
	}
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
			if mapped {
				offs = append(offs, int32(i))
			}
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
			if mapped {
				offs = append(offs, int32(start))
			}
		}
	}
	if mapped {
		offs = append(offs, int32(end))
	}
	return out, offs, nil
}
