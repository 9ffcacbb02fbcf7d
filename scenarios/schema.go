package scenarios

import (
	"encoding/json"
	"io"
	"reflect"
)

// SchemaID is the $id of the JSON Schema of the format.
const SchemaID = "https://raw.githubusercontent.com/lifeline-sim/lifeline/main/scenarios/scenario.schema.json"

// Schema returns the JSON Schema (draft 2020-12) of the scenario format,
// generated from the Go types of File and the registry: every key with its
// description, closed mappings (additionalProperties false, as the decoder
// refuses unknown keys), and one alternative per registry kind for hazards,
// models and network files, each group defined once under $defs (a chain
// holds hazards of its own). Editors use it for completion and checks;
// Parse remains the judge (it also checks what a schema cannot say, such
// as unique hazard names).
func Schema() map[string]any {
	g := schemaGen{defs: map[string]any{}}
	s := g.typeSchema(reflect.TypeFor[File]())
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = SchemaID
	s["title"] = "lifeline scenario"
	s["required"] = []string{"version", "network"}
	s["$defs"] = g.defs
	props := s["properties"].(map[string]any)
	props["version"] = map[string]any{"const": Version, "description": "scenario format version"}
	return s
}

// WriteSchema writes Schema as indented JSON (keys sorted, so the output
// is the same on every run).
func WriteSchema(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(Schema())
}

// durationPattern matches what sim.ParseDuration reads.
const durationPattern = `^\+?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h|d))+)$`

// schemaGen generates a schema, collecting the definitions of the poly
// types' groups.
type schemaGen struct {
	defs map[string]any
}

// typeSchema returns the schema of a format type.
func (g *schemaGen) typeSchema(t reflect.Type) map[string]any {
	if t.Implements(reflect.TypeFor[poly]()) || reflect.PointerTo(t).Implements(reflect.TypeFor[poly]()) {
		return g.polySchema(t)
	}
	if t == durationType {
		return map[string]any{"anyOf": []any{
			map[string]any{"type": "string", "pattern": durationPattern},
			map[string]any{"const": 0},
		}, "description": "a duration such as 90s, 4h or 1d12h (d = 24h)"}
	}
	switch t.Kind() {
	case reflect.Struct:
		return g.objectSchema(fieldsOf(t))
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.typeSchema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.typeSchema(t.Elem())}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	}
	panic("scenarios: no schema for " + t.String())
}

// objectSchema returns the schema of a mapping with the given keys.
func (g *schemaGen) objectSchema(fields []field) map[string]any {
	props := map[string]any{}
	for _, f := range fields {
		p := g.typeSchema(f.sf.Type)
		if d := f.sf.Tag.Get("doc"); d != "" {
			p["description"] = d
		}
		if g := f.sf.Tag.Get("kinds"); g != "" {
			// A name of a registry group without parameters (a policy).
			p["enum"] = Names(Group(g))
		}
		props[f.key] = p
	}
	return map[string]any{"type": "object", "properties": props, "additionalProperties": false}
}

// polySchema returns a reference to the definition of a poly type's
// group, defining it on first use: one alternative per kind of the group.
func (g *schemaGen) polySchema(t reflect.Type) map[string]any {
	key, group := reflect.New(t).Interface().(poly).selector()
	ref := map[string]any{"$ref": "#/$defs/" + string(group)}
	if _, done := g.defs[string(group)]; done {
		return ref
	}
	g.defs[string(group)] = nil // being defined: a nested use refers to it
	var alts []any
	for k := range Kinds() {
		if k.Group != group {
			continue
		}
		fields := append(fieldsOf(t), fieldsOf(reflect.TypeOf(k.New()).Elem())...)
		s := g.objectSchema(fields)
		s["properties"].(map[string]any)[key] = map[string]any{"const": k.Name, "description": k.Doc}
		s["required"] = []string{key}
		s["title"] = string(group) + " " + k.Name
		alts = append(alts, s)
	}
	g.defs[string(group)] = map[string]any{"oneOf": alts}
	return ref
}
