package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/network/internal/parse"
)

// WriteJSON writes n in the native JSON format:
//
//	{
//	  "version": 1,
//	  "name": "small",
//	  "crs": "EPSG:4326",
//	  "attrs": {"base_mva":100},
//	  "components": [
//	    {"id":"g1","sector":"power","kind":"generator","role":"source","location":{"x":-90,"y":35}},
//	    …
//	  ],
//	  "links": [
//	    {"id":"L1","kind":"line","from":"g1","to":"b1","reactance":0.1,"free_flow":"1m30s"},
//	    …
//	  ],
//	  "requirements": [
//	    {"dependent":"p1","providers":["b1"],"logic":"all","lag":"1m","effect":"fail","kind":"physical"},
//	    …
//	  ]
//	}
//
// Keys are snake_case; zero numbers, false flags and empty strings are left
// out (a reader takes them as zero); role, logic, effect and dependency kind
// are written by name; durations by sim.FormatDuration ("1m30s", "1d12h"). One
// component, link or requirement per line, maps with sorted keys: the output
// is deterministic, and ReadJSON gives back a Network equal to n in every
// accessor. WriteJSON fails with ErrInvalid if a string of n is not valid
// UTF-8, which JSON cannot hold.
func WriteJSON(w io.Writer, n *network.Network) error {
	if err := checkUTF8(n); err != nil {
		return err
	}
	h := headerOf(n)
	o := newJSONOut(w)
	o.raw("{\n")
	o.member("  ", "version", NativeVersion, ",\n")
	o.member("  ", "name", h.Name, ",\n")
	o.member("  ", "crs", h.CRS, ",\n")
	o.member("  ", "attrs", h.Attrs, ",\n")
	o.list("  ", "components", n.NumComponents(), func(i int32) any { return componentRecordOf(n, i) }, ",\n")
	o.list("  ", "links", n.NumLinks(), func(i int32) any { return linkRecordOf(n, i) }, ",\n")
	o.list("  ", "requirements", n.NumRequirements(), func(i int32) any { return requirementRecordOf(n, i) }, "\n")
	o.raw("}\n")
	return o.flush()
}

// ReadJSON reads a network in the native JSON format (see WriteJSON) from
// the file name of fsys, which also names it in errors. Missing keys take their zero value, durations
// also accept d = 24 h ("1d12h"), and unknown keys are errors. Every error
// is a *ParseError with the line and byte column of the offending value and
// its path as Field (for example "components[3].demand"); it wraps
// ErrVersion for a missing or unsupported version, ErrSyntax for malformed
// JSON or durations, ErrInvalid for values of the wrong type, unknown keys
// and unknown names, and the sentinels of Validate and Build otherwise.
// Problems only Build detects come as a *ParseError with only File set.
//
// The file is read as a stream, one record at a time, so that reading takes
// about the memory of the network built (when "version" and "crs" come
// before the lists, as WriteJSON writes them; otherwise the lists are held
// until the end). A file above 4 GiB is refused (see Reader).
func ReadJSON(fsys fs.FS, name string) (*network.Network, error) {
	return Reader{}.ReadJSON(fsys, name)
}

// ReadJSON reads a network in the native JSON format as the function
// ReadJSON does, under r's size cap.
func (r Reader) ReadJSON(fsys fs.FS, name string) (*network.Network, error) {
	s, err := openJSON(r.source(fsys, name))
	if err != nil {
		return nil, err
	}
	defer s.close()
	n, err := s.readJSON()
	if err != nil {
		return nil, s.settle(err)
	}
	return n, nil
}

// readJSON reads the document of the native JSON format.
func (s *jsonStream) readJSON() (*network.Network, error) {
	var (
		h      headerRecord
		header = map[string]parse.Span{}
		a      *assembler
		held   [4][]parse.Span // lists read before the header was known
		names  = [4]string{"", "components", "links", "requirements"}
	)
	loc := func(t table, i int, at int64, field string) *network.ParseError {
		if t == tableHeader {
			return s.at(header[field], field, "")
		}
		return s.at(s.src.ValueAt(at), fmt.Sprintf("%s[%d]", names[t], i), field)
	}
	start := func() error {
		if a != nil {
			return nil
		}
		var err error
		a, err = newAssembler(s.File, h, loc)
		return err
	}
	add := func(t table, i int, v parse.Span) error {
		switch t {
		case tableComponents:
			return s.addComponent(a, i, v)
		case tableLinks:
			return s.addLink(a, i, v)
		}
		return s.addRequirement(a, "requirements", i, v)
	}
	err := s.object("", func(key string) error {
		t := table(slices.Index(names[:], key))
		switch key {
		case "version", "name", "crs", "attrs":
			v, err := s.value()
			if err != nil {
				return err
			}
			header[key] = v
			if key == "version" {
				return s.versionAt(v, "version")
			}
			if err := s.headerMember(&h, key, v, ""); err != nil {
				return err
			}
			if a != nil { // after a list: the Builder takes it
				a.b.SetName(h.Name)
				for k, x := range h.Attrs {
					a.b.SetAttr(k, x)
				}
			}
			return nil
		case "components", "links", "requirements":
			_, version := header["version"]
			_, crs := header["crs"]
			if version && crs {
				if err := start(); err != nil {
					return err
				}
				return s.array(key, func(i int, v parse.Span) error { return add(t, i, v) })
			}
			return s.array(key, func(_ int, v parse.Span) error {
				held[t] = append(held[t], v)
				return nil
			})
		}
		v, err := s.value()
		if err != nil {
			return err
		}
		return s.ErrAt(v.Off, parse.Excerpt(key), fmt.Errorf("%w: unknown key %s", network.ErrInvalid, parse.Quote(key)))
	})
	if err != nil {
		return nil, err
	}
	if err := s.end(); err != nil {
		return nil, err
	}
	if _, ok := header["version"]; !ok {
		return nil, s.ErrAt(0, "version", versionError("missing version"))
	}
	if err := start(); err != nil {
		return nil, err
	}
	for t := tableComponents; t <= tableRequirements; t++ {
		for i, v := range held[t] {
			if err := add(t, i, v); err != nil {
				return nil, err
			}
		}
		held[t] = nil
	}
	return a.finish()
}

// jsonComponent and jsonLink decode points through jsonPoint, so that a
// point missing a coordinate is an error rather than a 0.
type (
	jsonComponent struct {
		componentRecord
		Location *jsonPoint `json:"location,omitempty"`
	}
	jsonLink struct {
		linkRecord
		Geometry []jsonPoint `json:"geometry,omitempty"`
	}
	jsonPoint struct {
		X *float64 `json:"x"`
		Y *float64 `json:"y"`
	}
)

// point returns the point and whether both coordinates were given.
func (p *jsonPoint) point() (network.Point, bool) {
	if p.X == nil || p.Y == nil {
		return network.Point{}, false
	}
	return network.Point{X: *p.X, Y: *p.Y}, true
}

// pointError places a point missing a coordinate at path inside rec.
func (d *jsonDoc) pointError(rec parse.Span, field, path string) error {
	return d.ErrAt(rec.Off+jsonFind(rec.Val, path), joinPath(field, path), fmt.Errorf("%w: a point needs x and y", network.ErrInvalid))
}

// checkUTF8 reports a string of n that is not valid UTF-8.
func checkUTF8(n *network.Network) error {
	bad := func(what, s string) error {
		if utf8.ValidString(s) {
			return nil
		}
		return fmt.Errorf("%w: %s %s is not valid UTF-8", network.ErrInvalid, what, parse.Quote(s))
	}
	strs := func(what string, ss ...string) error {
		for _, s := range ss {
			if err := bad(what, s); err != nil {
				return err
			}
		}
		return nil
	}
	keys := func(what string, m map[network.Param]float64) error {
		for k := range m {
			if err := bad(what, string(k)); err != nil {
				return err
			}
		}
		return nil
	}
	tags := func(what string, m map[string]string) error {
		for k, v := range m {
			if err := strs(what, k, v); err != nil {
				return err
			}
		}
		return nil
	}
	if err := strs("name", n.Name()); err != nil {
		return err
	}
	if err := keys("attribute", maps.Collect(n.Attrs())); err != nil {
		return err
	}
	for i := range n.Components() {
		c := n.Component(i)
		if err := strs("component", c.ID, string(c.Sector), string(c.Kind), c.Zone, c.Fragility); err != nil {
			return err
		}
		if err := keys("component parameter", c.Params); err != nil {
			return err
		}
		if err := tags("component tag", c.Tags); err != nil {
			return err
		}
	}
	for l := range n.Links() {
		k := n.Link(l)
		if err := strs("link", k.ID, string(k.Kind), k.Fragility); err != nil {
			return err
		}
		if err := keys("link parameter", k.Params); err != nil {
			return err
		}
		if err := tags("link tag", k.Tags); err != nil {
			return err
		}
	}
	return nil
}

// jsonOut writes the native JSON layouts: a few members per line and lists
// with one compact element per line. The first error sticks.
type jsonOut struct {
	w   *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder
	err error
}

func newJSONOut(w io.Writer) *jsonOut {
	o := &jsonOut{w: bufio.NewWriter(w)}
	o.enc = json.NewEncoder(&o.buf)
	o.enc.SetEscapeHTML(false)
	return o
}

func (o *jsonOut) raw(s string) {
	if o.err == nil {
		_, o.err = o.w.WriteString(s)
	}
}

// value writes v compactly on one line.
func (o *jsonOut) value(v any) {
	if o.err != nil {
		return
	}
	o.buf.Reset()
	if o.err = o.enc.Encode(v); o.err == nil {
		_, o.err = o.w.Write(bytes.TrimSuffix(o.buf.Bytes(), []byte("\n")))
	}
}

// member writes indent"key": value and then end.
func (o *jsonOut) member(indent, key string, v any, end string) {
	o.raw(indent)
	o.value(key)
	o.raw(": ")
	o.value(v)
	o.raw(end)
}

// list writes indent"key": [ with elem(0..n-1) one per line, then ] and end.
func (o *jsonOut) list(indent, key string, n int, elem func(i int32) any, end string) {
	o.raw(indent)
	o.value(key)
	o.raw(": [")
	for i := range int32(n) {
		if i > 0 {
			o.raw(",")
		}
		o.raw("\n" + indent + "  ")
		o.value(elem(i))
	}
	if n > 0 {
		o.raw("\n" + indent)
	}
	o.raw("]" + end)
}

func (o *jsonOut) flush() error {
	if o.err != nil {
		return o.err
	}
	return o.w.Flush()
}

// jsonDoc is a JSON document (held, or streamed by jsonStream), with the splitters of the
// native formats.
type jsonDoc struct {
	parse.Doc
	// strict decodes records (structs) one after another, rejecting
	// unknown keys; feed hands it each record's text. One decoder for
	// the document keeps its buffer: a decoder per record costs more
	// than the record.
	strict *json.Decoder
	feed   *bytes.Reader
	// arena holds the members of the objects of one record (reset per
	// record by its reader).
	arena []parse.Member
}

// jsonMembers lists the members of an object in file order (objects
// are small: a lookup is a scan).
type jsonMembers struct {
	obj parse.Span
	ms  []parse.Member
}

// lookup returns the value of key and whether the object has it.
func (m *jsonMembers) lookup(key string) (parse.Span, bool) {
	for _, e := range m.ms {
		if e.Key == key {
			return e.Span, true
		}
	}
	return parse.Span{}, false
}

// get returns the value of key, or a span at the object when absent.
func (m *jsonMembers) get(key string) parse.Span {
	if v, ok := m.lookup(key); ok {
		return v
	}
	return parse.Span{Off: m.obj.Off}
}

// at returns a ParseError (Err unset) at the value path names inside s,
// falling back to s itself; field is s's own path.
func (d *jsonDoc) at(s parse.Span, field, path string) *network.ParseError {
	off := s.Off
	if path != "" {
		if s.Val != nil {
			off += jsonFind(s.Val, path)
		}
		field = joinPath(field, path)
	}
	return d.ErrAt(off, field, nil)
}

func joinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "" || b[0] == '[':
		return a + b
	}
	return a + "." + b
}

// members splits the object s (well-formed JSON) into its members. It
// fails if s is not an object or repeats a key.
func (d *jsonDoc) members(s parse.Span, field string) (*jsonMembers, error) {
	start := len(d.arena)
	var perr *parse.PositionError
	d.arena, perr = parse.AppendMembers(d.arena, s, network.ErrInvalid)
	if perr != nil {
		return nil, d.ErrAt(perr.Off, joinPath(field, parse.Excerpt(perr.Path)), perr.Err)
	}
	return &jsonMembers{obj: s, ms: d.arena[start:len(d.arena):len(d.arena)]}, nil
}

// elements splits the array s (well-formed JSON) into its elements; null
// is an empty array.
func (d *jsonDoc) elements(s parse.Span, field string) ([]parse.Span, error) {
	if isNull(s.Val) {
		return nil, nil
	}
	vs, perr := parse.Elements(s, network.ErrInvalid)
	if perr != nil {
		return nil, d.ErrAt(perr.Off, field, perr.Err)
	}
	return vs, nil
}

// onlyKeys rejects keys of m not listed.
func (d *jsonDoc) onlyKeys(m *jsonMembers, field string, allowed ...string) error {
	for _, e := range m.ms {
		if k := e.Key; !slices.Contains(allowed, k) {
			return d.ErrAt(e.Off, joinPath(field, parse.Excerpt(k)), fmt.Errorf("%w: unknown key %s", network.ErrInvalid, parse.Quote(k)))
		}
	}
	return nil
}

func isNull(val []byte) bool { return string(val) == "null" }

// version checks the version member of m; obj locates a missing one.
func (d *jsonDoc) version(m *jsonMembers, field string, obj parse.Span) error {
	s, ok := m.lookup("version")
	if !ok {
		return d.ErrAt(obj.Off, field, versionError("missing version"))
	}
	return d.versionAt(s, field)
}

// versionAt checks the version value s, whose path is field.
func (d *jsonDoc) versionAt(s parse.Span, field string) error {
	v, err := strconv.ParseInt(string(s.Val), 10, 64)
	if err != nil {
		return d.ErrAt(s.Off, field, versionError("version "+parse.Excerpt(s.Val)+" is not an integer"))
	}
	if err := checkVersion(v); err != nil {
		return d.ErrAt(s.Off, field, err)
	}
	return nil
}

// header decodes the name, crs and attrs members of m; prefix is m's path.
func (d *jsonDoc) header(m *jsonMembers, prefix string) (headerRecord, error) {
	var h headerRecord
	for _, key := range []string{"name", "crs", "attrs"} {
		if s, ok := m.lookup(key); ok {
			if err := d.headerMember(&h, key, s, prefix); err != nil {
				return h, err
			}
		}
	}
	return h, nil
}

// headerMember decodes the header member key (name, crs or attrs) into h.
func (d *jsonDoc) headerMember(h *headerRecord, key string, s parse.Span, prefix string) error {
	var v any
	switch key {
	case "name":
		v = &h.Name
	case "crs":
		v = &h.CRS
	default:
		v = &h.Attrs
	}
	return d.decode(s, joinPath(prefix, key), v)
}

// decode decodes s into v, rejecting unknown keys, and places a type
// mismatch or an unknown key at its value.
func (d *jsonDoc) decode(s parse.Span, field string, v any) error {
	var err error
	if reflect.TypeOf(v).Elem().Kind() == reflect.Struct {
		if d.strict == nil {
			d.feed = bytes.NewReader(nil)
			d.strict = json.NewDecoder(d.feed)
			d.strict.DisallowUnknownFields()
		}
		d.feed.Reset(s.Val)
		if err = d.strict.Decode(v); err != nil {
			d.strict = nil // a decoder stops at its first error
		}
	} else { // no keys to check: the cheaper path
		err = json.Unmarshal(s.Val, v)
	}
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		path := jsonPath(te.Field)
		return d.ErrAt(s.Off+jsonFind(s.Val, path), joinPath(field, path),
			fmt.Errorf("%w: want %s, got %s", network.ErrInvalid, jsonWant(te.Type), parse.Excerpt(te.Value)))
	}
	// encoding/json reports an unknown key only as text: json: unknown field "k".
	if key, ok := strings.CutPrefix(err.Error(), `json: unknown field "`); ok {
		key = strings.TrimSuffix(key, `"`)
		off, path := jsonFindKey(s.Val, key)
		return d.ErrAt(s.Off+off, joinPath(field, parse.Excerpt(path)), fmt.Errorf("%w: unknown key %s", network.ErrInvalid, parse.Quote(key)))
	}
	return d.ErrAt(s.Off, field, fmt.Errorf("%w: %v", network.ErrSyntax, err))
}

// jsonPath removes from an UnmarshalTypeError's field path the names of
// embedded structs, which are not keys of the file.
func jsonPath(field string) string {
	parts := strings.Split(field, ".")
	parts = slices.DeleteFunc(parts, func(p string) bool { return p == "componentRecord" || p == "linkRecord" })
	return strings.Join(parts, ".")
}

// jsonWant names what a Go type expects in JSON terms.
func jsonWant(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer in range"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
}

// jsonFind returns the offset within val (well-formed JSON) of the value at
// path: keys separated by dots, array indices in brackets ("location.x",
// "providers[2]"). It stops at the deepest part it finds.
func jsonFind(val []byte, path string) int {
	off := 0
	for path != "" {
		var step string
		idx := -1
		if path[0] == '[' {
			end := strings.IndexByte(path, ']')
			if end < 0 {
				return off
			}
			i, err := strconv.Atoi(path[1:end])
			if err != nil {
				return off
			}
			idx, path = i, strings.TrimPrefix(path[end+1:], ".")
		} else {
			end := strings.IndexAny(path, ".[")
			if end < 0 {
				end = len(path)
			}
			step, path = path[:end], strings.TrimPrefix(path[end:], ".")
		}
		sub, ok := jsonChild(val, step, idx)
		if !ok {
			return off
		}
		off += sub.Off
		val = sub.Val
	}
	return off
}

// jsonChild returns member key (idx < 0) or element idx of val, with its
// offset in val.
func jsonChild(val []byte, key string, idx int) (parse.Span, bool) {
	s := parse.Span{Val: val, Off: 0}
	if idx < 0 {
		ms, _ := parse.Members(s, network.ErrInvalid)
		for _, m := range ms {
			if m.Key == key {
				return m.Span, true
			}
		}
		return parse.Span{}, false
	}
	vs, _ := parse.Elements(s, network.ErrInvalid)
	if idx < len(vs) {
		return vs[idx], true
	}
	return parse.Span{}, false
}

// jsonFindKey returns the offset and path of the first member named key in
// val, searching depth first; 0 and key when there is none.
func jsonFindKey(val []byte, key string) (int, string) {
	ms, _ := parse.Members(parse.Span{Val: val, Off: 0}, network.ErrInvalid)
	for _, m := range ms {
		if m.Key == key {
			return m.Off, key
		}
		if off, path := jsonFindKey(m.Val, key); off > 0 {
			return m.Off + off, m.Key + "." + path
		}
	}
	return 0, key
}
