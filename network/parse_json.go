package network

// Reading JSON with positions: the members of an object and the elements of
// an array with the byte offsets of their values, syntax errors at the
// offending byte, and JSON strings decoded with a map back to the escaped
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

// jsonValue is a JSON value and the offset of its first byte.
type jsonValue struct {
	raw []byte
	off int
}

// jsonMember is a member of a JSON object with the absolute offset of its
// value.
type jsonMember struct {
	key string
	off int
	raw json.RawMessage
}

// skipSeparators returns the offset of the first byte at or after off that
// is not JSON whitespace, ',' or ':'.
func skipSeparators(buf []byte, off int) int {
	for off < len(buf) {
		switch buf[off] {
		case ' ', '\t', '\n', '\r', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// positionError is a JSON problem at an offset of the buffer being
// decoded.
type positionError struct {
	off int
	err error
}

func (e *positionError) Error() string { return e.err.Error() }

// checkJSON reports the first syntax error of buf at the offending byte.
// The importer validates each document once, so that the decoders below
// only meet valid JSON (their own errors carry no usable offset).
func checkJSON(buf []byte) *positionError {
	if json.Valid(buf) {
		return nil
	}
	var v any
	err := json.Unmarshal(buf, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &positionError{max(0, int(se.Offset)-1), fmt.Errorf("%w: %v", ErrSyntax, se)}
	}
	return &positionError{0, fmt.Errorf("%w: invalid JSON", ErrSyntax)}
}

// jsonFailure turns a decoding error on validated input (which cannot
// happen short of a decoder limit) into a positionError at the decoder.
func jsonFailure(dec *json.Decoder, err error) *positionError {
	return &positionError{int(dec.InputOffset()), fmt.Errorf("%w: %v", ErrSyntax, err)}
}

// objectMembers lists the members of the JSON object in buf, which starts
// at offset base of the enclosing buffer; offsets are in that buffer.
func objectMembers(buf []byte, base int) ([]jsonMember, *positionError) {
	dec := json.NewDecoder(bytes.NewReader(buf))
	fail := func(e *positionError) *positionError { e.off += base; return e }
	if err := expectDelim(dec, buf, '{'); err != nil {
		return nil, fail(err)
	}
	var ms []jsonMember
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fail(jsonFailure(dec, err))
		}
		key, _ := tok.(string)
		off := skipSeparators(buf, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fail(jsonFailure(dec, err))
		}
		ms = append(ms, jsonMember{key, base + off, raw})
	}
	if _, err := dec.Token(); err != nil {
		return nil, fail(jsonFailure(dec, err))
	}
	return ms, nil
}

// expectDelim reads the next token and checks that it is delim.
func expectDelim(dec *json.Decoder, buf []byte, delim json.Delim) *positionError {
	off := skipSeparators(buf, int(dec.InputOffset()))
	tok, err := dec.Token()
	if err != nil {
		return jsonFailure(dec, err)
	}
	if tok != delim {
		return &positionError{off, fmt.Errorf("%w: want %q", ErrSyntax, string(delim))}
	}
	return nil
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

// arrayValues lists the elements of the JSON array in buf, which starts at
// offset base of the enclosing buffer; offsets are in that buffer.
func arrayValues(buf []byte, base int) ([]jsonValue, *positionError) {
	dec := json.NewDecoder(bytes.NewReader(buf))
	fail := func(e *positionError) *positionError { e.off += base; return e }
	if err := expectDelim(dec, buf, '['); err != nil {
		return nil, fail(err)
	}
	var vs []jsonValue
	for dec.More() {
		off := skipSeparators(buf, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fail(jsonFailure(dec, err))
		}
		vs = append(vs, jsonValue{raw, base + off})
	}
	if _, err := dec.Token(); err != nil {
		return nil, fail(jsonFailure(dec, err))
	}
	return vs, nil
}
