package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/lifeline-sim/lifeline/network"
	"github.com/lifeline-sim/lifeline/sim"
)

// Pos is where a mapping of a scenario file was written: the file, the
// field path of the mapping ("hazards[1]"), its line and column, and those
// of each key it holds. The decoder fills it; a struct of the format holds
// one in a field of this type (not part of the format itself), so that
// checks after decoding (an unknown component ID, a value out of range)
// point at the key at fault.
type Pos struct {
	File      string
	Path      string
	Line, Col int
	keys      map[string][2]int
}

// Errorf returns a *network.ParseError at key (the mapping itself when key
// is empty or absent) wrapping sentinel.
func (p *Pos) Errorf(key string, sentinel error, format string, args ...any) *network.ParseError {
	pe := &network.ParseError{File: p.File, Line: p.Line, Col: p.Col, Field: p.Path,
		Err: fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))}
	if key != "" {
		pe.Field = join(p.Path, key)
		if at, ok := p.keys[key]; ok {
			pe.Line, pe.Col = at[0], at[1]
		}
	}
	return pe
}

// Wrap returns err as a *network.ParseError at key, keeping it for
// errors.Is and errors.As.
func (p *Pos) Wrap(key string, err error) *network.ParseError {
	pe := p.Errorf(key, nil, "")
	pe.Err = err
	return pe
}

// Has reports whether the mapping held key.
func (p *Pos) Has(key string) bool {
	_, ok := p.keys[key]
	return ok
}

// join appends a key to a field path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Duration is a non-negative duration written as sim.ParseDuration reads
// it ("90s", "4h", "1d12h", "1.5h"); it decodes to a sim.Time.
type Duration sim.Time

// Time returns the duration as a sim.Time.
func (d Duration) Time() sim.Time { return sim.Time(d) }

// MarshalText writes the duration in the syntax it is read in.
func (d Duration) MarshalText() ([]byte, error) { return []byte(sim.FormatDuration(sim.Time(d))), nil }

// decoder turns the yaml.Node tree of one file into the format's Go
// types, strictly: every key must be a field of its mapping's type (one
// mapping per struct; a poly type chooses its struct by a key first),
// every value of the field's type.
type decoder struct {
	file string
}

// poly is a type whose mapping chooses its fields by one key (hazards by
// kind, network files by format): decodePoly reads that key, looks it up
// in the registry and decodes the rest of the mapping into the fields of
// the receiver and of the chosen parameters.
type poly interface {
	// selector is the key that chooses the kind, and group the registry
	// group it is looked up in.
	selector() (key string, group Group)
	// setKind stores the parameters the registry made for the chosen kind.
	setKind(name string, params any)
}

// reserved is implemented by types whose mappings reserve keys: each
// found is refused with its message.
type reserved interface {
	reservedKeys() map[string]string
}

var (
	durationType = reflect.TypeFor[Duration]()
	posType      = reflect.TypeFor[Pos]()
)

// errorf returns a ParseError at node n.
func (d *decoder) errorf(n *yaml.Node, path string, sentinel error, format string, args ...any) *network.ParseError {
	return &network.ParseError{File: d.file, Line: n.Line, Col: n.Column, Field: path,
		Err: fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))}
}

// decode decodes n into v, an addressable value of a format type.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) error {
	if n.Kind == yaml.AliasNode {
		return d.errorf(n, path, network.ErrSyntax, "aliases (*%s) are not supported: write the value out", n.Value)
	}
	_, isPoly := v.Addr().Interface().(poly)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		v.SetZero()
		if isPoly {
			key, group := v.Addr().Interface().(poly).selector()
			return d.errorf(n, join(path, key), network.ErrSyntax, "missing key %q: one of %s", key, strings.Join(Names(group), ", "))
		}
		if v.Kind() != reflect.Struct {
			return nil
		}
		// An empty mapping, so that its checks can place their errors.
		n = &yaml.Node{Kind: yaml.MappingNode, Line: n.Line, Column: n.Column}
	}
	if p, ok := v.Addr().Interface().(poly); ok {
		return d.decodePoly(n, p, v, path)
	}
	t := v.Type()
	if t == durationType {
		s, err := d.scalar(n, path, "a duration such as 90s, 4h or 1d12h", "!!str", "!!int")
		if err != nil {
			return err
		}
		x, err := sim.ParseDuration(s)
		if err != nil {
			sentinel := network.ErrInvalid
			if errors.Is(err, sim.ErrNegativeDuration) {
				sentinel = network.ErrNegative
			}
			return d.errorf(n, path, sentinel, "%v", err)
		}
		v.SetInt(int64(x))
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		return d.decodeStructs(n, path, []reflect.Value{v}, nil)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return d.errorf(n, path, ErrType, "want a list, found %s", describe(n))
		}
		s := reflect.MakeSlice(t, len(n.Content), len(n.Content))
		for i, e := range n.Content {
			if err := d.decode(e, s.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return d.errorf(n, path, ErrType, "want a mapping, found %s", describe(n))
		}
		m := reflect.MakeMapWithSize(t, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode || k.Tag == "!!null" {
				return d.errorf(k, path, ErrType, "want a name as key, found %s", describe(k))
			}
			kv := reflect.New(t.Key()).Elem()
			kv.SetString(k.Value)
			if m.MapIndex(kv).IsValid() {
				return d.errorf(k, join(path, k.Value), network.ErrSyntax, "key %q given twice", k.Value)
			}
			e := reflect.New(t.Elem()).Elem()
			if err := d.decode(val, e, join(path, k.Value)); err != nil {
				return err
			}
			m.SetMapIndex(kv, e)
		}
		v.Set(m)
		return nil
	case reflect.String:
		s, err := d.scalar(n, path, "text", "!!str", "!!int", "!!float", "!!bool", "!!timestamp")
		if err != nil {
			return err
		}
		v.SetString(s)
		return nil
	case reflect.Bool:
		s, err := d.scalar(n, path, "true or false", "!!bool")
		if err != nil {
			return err
		}
		v.SetBool(strings.EqualFold(s, "true"))
		return nil
	case reflect.Int, reflect.Int64:
		s, err := d.scalar(n, path, "an integer", "!!int")
		if err != nil {
			return err
		}
		x, err := strconv.ParseInt(s, 0, 64)
		if err != nil || v.OverflowInt(x) {
			return d.errorf(n, path, network.ErrOutOfRange, "integer %s out of range", quote(s))
		}
		v.SetInt(x)
		return nil
	case reflect.Uint64:
		s, err := d.scalar(n, path, "a non-negative integer", "!!int")
		if err != nil {
			return err
		}
		x, err := strconv.ParseUint(s, 0, 64)
		if err != nil {
			if strings.HasPrefix(s, "-") {
				return d.errorf(n, path, network.ErrNegative, "%s is negative", quote(s))
			}
			return d.errorf(n, path, network.ErrOutOfRange, "integer %s out of range", quote(s))
		}
		v.SetUint(x)
		return nil
	case reflect.Float64:
		s, err := d.scalar(n, path, "a number", "!!int", "!!float")
		if err != nil {
			return err
		}
		x, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			return d.errorf(n, path, network.ErrNotFinite, "want a finite number, found %s", quote(s))
		}
		v.SetFloat(x)
		return nil
	}
	panic(fmt.Sprintf("scenarios: no decoder for %v", t))
}

// scalar returns the text of a scalar node whose resolved tag is one of
// tags.
func (d *decoder) scalar(n *yaml.Node, path, want string, tags ...string) (string, error) {
	if n.Kind != yaml.ScalarNode || !slices.Contains(tags, n.Tag) {
		return "", d.errorf(n, path, ErrType, "want %s, found %s", want, describe(n))
	}
	return n.Value, nil
}

// describe names what a node holds, for errors.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	switch n.Tag {
	case "!!str":
		return "text " + quote(n.Value)
	case "!!int":
		return "the integer " + quote(n.Value)
	case "!!float":
		return "the number " + quote(n.Value)
	case "!!bool":
		return "the boolean " + n.Value
	case "!!null":
		return "nothing"
	}
	return quote(n.Value)
}

// quote quotes at most 64 bytes of s for an error message.
func quote(s string) string {
	if len(s) > 64 {
		return strconv.Quote(s[:64]) + "…"
	}
	return strconv.Quote(s)
}

// field is one key of a struct of the format.
type field struct {
	key   string
	index []int // in its struct (reflect.Value.FieldByIndex)
	owner int   // which of the structs decoded together
	sf    reflect.StructField
}

// fieldsOf lists the keys of struct type t: its fields with a yaml tag,
// and those of the structs it embeds with ",inline".
func fieldsOf(t reflect.Type) []field {
	var fs []field
	for i := range t.NumField() {
		sf := t.Field(i)
		key, opt, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if opt == "inline" && sf.Type.Kind() == reflect.Struct {
			for _, f := range fieldsOf(sf.Type) {
				f.index = append([]int{i}, f.index...)
				fs = append(fs, f)
			}
			continue
		}
		if key == "" || key == "-" {
			continue
		}
		fs = append(fs, field{key: key, index: []int{i}, sf: sf})
	}
	return fs
}

// decodeStructs decodes the mapping n into the fields of the structs vs,
// which share its keys (a poly type and its kind's parameters); skip lists
// keys already handled.
func (d *decoder) decodeStructs(n *yaml.Node, path string, vs []reflect.Value, skip []string) error {
	if n.Kind != yaml.MappingNode {
		return d.errorf(n, path, ErrType, "want a mapping, found %s", describe(n))
	}
	var fields []field
	for o, v := range vs {
		for _, f := range fieldsOf(v.Type()) {
			f.owner = o
			fields = append(fields, f)
		}
	}
	var res map[string]string
	for _, v := range vs {
		if r, ok := v.Addr().Interface().(reserved); ok {
			res = r.reservedKeys()
		}
	}
	pos := Pos{File: d.file, Path: path, Line: n.Line, Col: n.Column, keys: map[string][2]int{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag == "!!null" {
			return d.errorf(k, path, ErrType, "want a key, found %s", describe(k))
		}
		if k.Tag == "!!merge" {
			return d.errorf(k, path, network.ErrSyntax, "merge keys (<<) are not supported: write the keys out")
		}
		key := k.Value
		if _, dup := pos.keys[key]; dup {
			return d.errorf(k, join(path, key), network.ErrSyntax, "key %s given twice", quote(key))
		}
		pos.keys[key] = [2]int{k.Line, k.Column}
		if slices.Contains(skip, key) {
			continue
		}
		if msg, ok := res[key]; ok {
			return d.errorf(k, join(path, key), ErrNotSupported, "%s", msg)
		}
		j := slices.IndexFunc(fields, func(f field) bool { return f.key == key })
		if j < 0 {
			var keys []string
			for _, f := range fields {
				keys = append(keys, f.key)
			}
			keys = append(keys, skip...)
			return d.errorf(k, join(path, key), ErrUnknownKey, "%s", unknown("key", key, keys))
		}
		f := fields[j]
		if err := d.decode(val, vs[f.owner].FieldByIndex(f.index), join(path, key)); err != nil {
			return err
		}
	}
	for _, v := range vs {
		for i := range v.NumField() {
			if v.Type().Field(i).Type == posType {
				v.Field(i).Set(reflect.ValueOf(pos))
			}
		}
	}
	return nil
}

// decodePoly decodes a mapping whose selector key chooses its kind.
func (d *decoder) decodePoly(n *yaml.Node, p poly, v reflect.Value, path string) error {
	if n.Kind != yaml.MappingNode {
		return d.errorf(n, path, ErrType, "want a mapping, found %s", describe(n))
	}
	key, group := p.selector()
	var sel *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key && n.Content[i].Kind == yaml.ScalarNode {
			sel = n.Content[i+1]
		}
	}
	names := Names(group)
	if sel == nil {
		return d.errorf(n, join(path, key), network.ErrSyntax, "missing key %q: one of %s", key, strings.Join(names, ", "))
	}
	name, err := d.scalar(sel, join(path, key), "a "+string(group)+" "+key, "!!str")
	if err != nil {
		return err
	}
	k, ok := lookup(group, name)
	if !ok {
		what := string(group) + " " + key
		if string(group) == key {
			what = key
		}
		return d.errorf(sel, join(path, key), ErrUnknownKind, "%s", unknown(what, name, names))
	}
	params := k.New()
	pv := reflect.ValueOf(params).Elem()
	if err := d.decodeStructs(n, path, []reflect.Value{v, pv}, []string{key}); err != nil {
		return err
	}
	p.setKind(name, params)
	return nil
}

// unknown words the error for a name that is none of valid: the closest
// valid name when one is close (Closest), else the list.
func unknown(what, name string, valid []string) string {
	if best, ok := Closest(name, valid); ok {
		return fmt.Sprintf("unknown %s %s; did you mean %q?", what, quote(name), best)
	}
	return fmt.Sprintf("unknown %s %s; valid: %s", what, quote(name), strings.Join(valid, ", "))
}

// Closest returns the name of valid closest to name by edit distance
// (Levenshtein, ignoring case; ties to the first), and whether it is close
// enough to suggest: at most max(2, a third of its length) edits away.
// Failing that, a name of three bytes or more that begins exactly one
// valid name (ignoring case) suggests it: "random" suggests
// "random-fraction".
func Closest(name string, valid []string) (string, bool) {
	if s := Suggestions(name, valid, 1); len(s) > 0 {
		return s[0], true
	}
	return "", false
}

// Suggestions returns up to n names of valid to suggest for name, as
// Closest chooses them but keeping every name as close as the closest
// ("ho" suggests both "ho1" and "ho2"), in the order of valid, each once
// (a name valid lists twice is one name); none when nothing is close
// enough. O(len(valid) · the names' lengths).
func Suggestions(name string, valid []string, n int) []string {
	lower := strings.ToLower(name)
	bestD := math.MaxInt
	var best []string
	for _, v := range valid {
		d := editDistance(lower, strings.ToLower(v))
		if d > max(2, len(v)/3) || d > bestD {
			continue
		}
		if d < bestD {
			bestD, best = d, best[:0]
		}
		if len(best) < n && !slices.Contains(best, v) {
			best = append(best, v)
		}
	}
	if len(best) > 0 || len(name) < 3 {
		return best
	}
	prefixed := ""
	for _, v := range valid {
		if len(v) > len(name) && strings.EqualFold(v[:len(name)], name) {
			if prefixed != "" && prefixed != v {
				return nil
			}
			prefixed = v
		}
	}
	if prefixed == "" {
		return nil
	}
	return []string{prefixed}
}

// editDistance is the Levenshtein distance of a and b in bytes, capped at
// 64 bytes of each (longer names are never close to a key).
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return math.MaxInt / 2
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// parseYAML parses data into its document node: exactly one document,
// whose root is a mapping.
func parseYAML(data []byte, file string) (*yaml.Node, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &network.ParseError{File: file, Err: fmt.Errorf("%w: empty file", network.ErrSyntax)}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line, col := lineCol(data, i)
		return nil, &network.ParseError{File: file, Line: line, Col: col, Err: fmt.Errorf("%w: binary data (a NUL byte), not YAML text", network.ErrSyntax)}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, yamlError(file, err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); err == nil {
		return nil, &network.ParseError{File: file, Line: more.Line, Col: more.Column, Err: fmt.Errorf("%w: a second document: a scenario file holds one", network.ErrSyntax)}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, &network.ParseError{File: file, Err: fmt.Errorf("%w: no document", network.ErrSyntax)}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &network.ParseError{File: file, Line: root.Line, Col: root.Column,
			Err: fmt.Errorf("%w: want a mapping of keys (version:, network:, …), found %s", ErrType, describe(root))}
	}
	return root, nil
}

// yamlError turns the YAML parser's error ("yaml: line 3: did not find
// expected key") into a ParseError at its line.
func yamlError(file string, err error) error {
	msg := err.Error()
	pe := &network.ParseError{File: file}
	rest, ok := strings.CutPrefix(msg, "yaml: line ")
	if ok {
		num, tail, _ := strings.Cut(rest, ":")
		if l, err := strconv.Atoi(num); err == nil {
			pe.Line, msg = l, strings.TrimSpace(tail)
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	pe.Err = fmt.Errorf("%w: %s", network.ErrSyntax, msg)
	return pe
}

// lineCol returns the 1-based line and byte column of offset off in data.
func lineCol(data []byte, off int) (line, col int) {
	line = 1 + bytes.Count(data[:off], []byte{'\n'})
	return line, off - bytes.LastIndexByte(data[:off], '\n')
}
