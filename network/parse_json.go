package network

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
)

// jsonSpan is a JSON value and the offset of its first byte in the
// document being read; a nil val means absent.
type jsonSpan struct {
	val []byte
	off int
}

// jsonMember is a member of a JSON object: its key and its value.
type jsonMember struct {
	key string
	jsonSpan
}

// positionError is a JSON problem at an offset of the document; path, when
// set, is the key at fault relative to the value being split.
type positionError struct {
	off  int
	path string
	err  error
}

func (e *positionError) Error() string { return e.err.Error() }

// checkJSON reports the first syntax error of buf at the offending byte
// (the end of the input when it ends too soon). Readers validate each
// document once, so that the splitters below only meet valid JSON (their
// own errors carry no usable offset).
func checkJSON(buf []byte) *positionError {
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
		return &positionError{off: max(off, 0), err: fmt.Errorf("%w: %v", ErrSyntax, se)}
	}
	return &positionError{err: fmt.Errorf("%w: invalid JSON", ErrSyntax)}
}

// jsonFailure turns a decoding error on validated input (which cannot
// happen short of a decoder limit) into a positionError at the decoder.
func jsonFailure(dec *json.Decoder, base int, err error) *positionError {
	return &positionError{off: base + int(dec.InputOffset()), err: fmt.Errorf("%w: %v", ErrSyntax, err)}
}

// jsonKind names the kind of a JSON value by its first byte.
func jsonKind(val []byte) string {
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
func openJSON(s jsonSpan, delim json.Delim, wrongType error) (*json.Decoder, *positionError) {
	dec := json.NewDecoder(bytes.NewReader(s.val))
	if t, err := dec.Token(); err != nil || t != delim {
		want := map[json.Delim]string{'{': "an object", '[': "an array"}[delim]
		val := bytes.TrimLeft(s.val, " \t\r\n")
		return nil, &positionError{off: s.off + len(s.val) - len(val),
			err: fmt.Errorf("%w: want %s, got %s", wrongType, want, jsonKind(val))}
	}
	return dec, nil
}

// objectMembers lists the members of the object s (valid JSON) in file
// order, with the offsets of their values. A value that is not an object
// wraps wrongType; a repeated key is ErrInvalid at its second value.
func objectMembers(s jsonSpan, wrongType error) ([]jsonMember, *positionError) {
	dec, perr := openJSON(s, '{', wrongType)
	if perr != nil {
		return nil, perr
	}
	var ms []jsonMember
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, jsonFailure(dec, s.off, err)
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, jsonFailure(dec, s.off, err)
		}
		off := s.off + int(dec.InputOffset()) - len(v)
		if seen[key] {
			return nil, &positionError{off: off, path: key, err: fmt.Errorf("%w: repeated key %q", ErrInvalid, key)}
		}
		seen[key] = true
		ms = append(ms, jsonMember{key, jsonSpan{v, off}})
	}
	return ms, nil
}

// arrayValues lists the elements of the array s (valid JSON) with their
// offsets. A value that is not an array wraps wrongType.
func arrayValues(s jsonSpan, wrongType error) ([]jsonSpan, *positionError) {
	dec, perr := openJSON(s, '[', wrongType)
	if perr != nil {
		return nil, perr
	}
	var vs []jsonSpan
	for dec.More() {
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, jsonFailure(dec, s.off, err)
		}
		vs = append(vs, jsonSpan{v, s.off + int(dec.InputOffset()) - len(v)})
	}
	return vs, nil
}

// unquoteMapped decodes the JSON string literal lit (quotes included) and
// returns, for every byte of the result, the offset in lit of the
// character it came from; one more entry maps the end to the closing quote.
func unquoteMapped(lit []byte) ([]byte, []int32, error) {
	if len(lit) < 2 || lit[0] != '"' || lit[len(lit)-1] != '"' {
		return nil, nil, fmt.Errorf("%w: want a JSON string", ErrSyntax)
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
			return nil, nil, fmt.Errorf("%w: bad escape", ErrSyntax)
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
				return nil, nil, fmt.Errorf("%w: bad \\u escape", ErrSyntax)
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
			return nil, nil, fmt.Errorf("%w: bad escape", ErrSyntax)
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
