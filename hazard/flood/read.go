package flood

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/lifeline-sim/lifeline/hazard/internal/parse"
	"github.com/lifeline-sim/lifeline/network"
)

// DefaultMaxBytes is the size cap of every file a Reader with MaxBytes 0
// reads: 1 GiB, far above a city's flood maps and below what would exhaust
// a workstation's memory.
const DefaultMaxBytes = parse.DefaultMaxBytes

// Reader reads flood maps: GeoJSON areas (ReadAreas), ESRI ASCII grids
// (ReadGrid) and grid series (ReadSeries). The zero value is ready to use.
type Reader struct {
	// MaxBytes caps the size of each file read, in bytes: a larger file is
	// a *network.ParseError wrapping network.ErrTooLarge. 0 means
	// DefaultMaxBytes; a negative value means no cap.
	MaxBytes int64
}

// doc is a file being read, for placing errors.
type doc struct{ *parse.File }

// errAt returns a ParseError at byte offset off.
func (d *doc) errAt(off int, field string, err error) *network.ParseError {
	return d.ErrAt(off, field, err)
}

// jkind is the kind of a JSON value.
type jkind uint8

const (
	jnull jkind = iota
	jbool
	jnumber
	jstring
	jarray
	jobject
)

var jkindNames = [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}

// jvalue is a JSON value with the offset of its first byte.
type jvalue struct {
	kind   jkind
	off    int
	str    string // a string, or a number's text
	elems  []jvalue
	keys   []string // object members in order, beside elems
	keyOff []int
}

// member returns the value of key k of an object, and whether it is there.
func (v *jvalue) member(k string) (*jvalue, bool) {
	for i, key := range v.keys {
		if key == k {
			return &v.elems[i], true
		}
	}
	return nil, false
}

// maxDepth bounds the nesting of the JSON a reader accepts: GeoJSON needs
// six levels (collection, features, feature, geometry, coordinates of a
// multipolygon).
const maxDepth = 32

// parseJSON reads data as one JSON value with positions. Errors are
// ParseErrors at the offending byte, wrapping network.ErrSyntax.
func (d *doc) parseJSON() (*jvalue, error) {
	if !json.Valid(d.Data) {
		var v any
		err := json.Unmarshal(d.Data, &v)
		off := len(d.Data)
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = int(se.Offset)
			if off > 0 && off <= len(d.Data) {
				off-- // Offset counts the offending byte
			}
		}
		msg := "invalid JSON"
		if err != nil {
			msg = err.Error()
		}
		return nil, d.errAt(off, "", fmt.Errorf("%w: %s", network.ErrSyntax, msg))
	}
	dec := json.NewDecoder(bytes.NewReader(d.Data))
	dec.UseNumber()
	v, err := d.value(dec, 0)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// start returns the offset of the next value at or after off: past white
// space and the separators ':' and ','.
func (d *doc) start(off int) int {
	for off < len(d.Data) {
		switch d.Data[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
			continue
		}
		break
	}
	return off
}

// value reads the next value of dec (valid JSON).
func (d *doc) value(dec *json.Decoder, depth int) (jvalue, error) {
	off := d.start(int(dec.InputOffset()))
	if depth > maxDepth {
		return jvalue{}, d.errAt(off, "", fmt.Errorf("%w: JSON nested more than %d deep", network.ErrSyntax, maxDepth))
	}
	tok, err := dec.Token()
	if err != nil {
		return jvalue{}, d.errAt(off, "", fmt.Errorf("%w: %v", network.ErrSyntax, err))
	}
	v := jvalue{off: off}
	switch t := tok.(type) {
	case nil:
		v.kind = jnull
	case bool:
		v.kind = jbool
		v.str = strconv.FormatBool(t)
	case json.Number:
		v.kind, v.str = jnumber, string(t)
	case string:
		v.kind, v.str = jstring, t
	case json.Delim:
		if t == '[' {
			v.kind = jarray
			for dec.More() {
				e, err := d.value(dec, depth+1)
				if err != nil {
					return v, err
				}
				v.elems = append(v.elems, e)
			}
		} else {
			v.kind = jobject
			for dec.More() {
				koff := d.start(int(dec.InputOffset()))
				k, err := dec.Token()
				if err != nil {
					return v, d.errAt(koff, "", fmt.Errorf("%w: %v", network.ErrSyntax, err))
				}
				e, err := d.value(dec, depth+1)
				if err != nil {
					return v, err
				}
				v.keys = append(v.keys, k.(string))
				v.keyOff = append(v.keyOff, koff)
				v.elems = append(v.elems, e)
			}
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return v, d.errAt(int(dec.InputOffset()), "", fmt.Errorf("%w: %v", network.ErrSyntax, err))
		}
	}
	return v, nil
}

// want returns an error at v unless it is of kind k.
func (d *doc) want(v *jvalue, k jkind, field string) error {
	if v.kind != k {
		return d.errAt(v.off, field, fmt.Errorf("%w: want %s, got %s", network.ErrInvalid, jkindNames[k], jkindNames[v.kind]))
	}
	return nil
}

// number reads v as a finite number.
func (d *doc) number(v *jvalue, field string) (float64, error) {
	if err := d.want(v, jnumber, field); err != nil {
		return 0, err
	}
	x, err := strconv.ParseFloat(v.str, 64)
	if err != nil {
		return 0, d.errAt(v.off, field, fmt.Errorf("%w: %s", network.ErrNotFinite, v.str))
	}
	return x, nil
}
