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
// models and network files. Editors use it for completion and checks;
// Parse remains the judge (it also checks what a schema cannot say, such
// as unique hazard names).
func Schema() map[string]any {
	s := typeSchema(reflect.TypeFor[File]())
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = SchemaID
	s["title"] = "lifeline scenario"
	s["required"] = []string{"version", "network"}
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

// typeSchema returns the schema of a format type.
func typeSchema(t reflect.Type) map[string]any {
	if t.Implements(reflect.TypeFor[poly]()) || reflect.PointerTo(t).Implements(reflect.TypeFor[poly]()) {
		return polySchema(t)
	}
	if t == durationType {
		return map[string]any{"anyOf": []any{
			map[string]any{"type": "string", "pattern": durationPattern},
			map[string]any{"const": 0},
		}, "description": "a duration such as 90s, 4h or 1d12h (d = 24h)"}
	}
	switch t.Kind() {
	case reflect.Struct:
		return objectSchema(fieldsOf(t))
	case reflect.Slice:
		return map[string]any{"type": "array", "items": typeSchema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": typeSchema(t.Elem())}
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
func objectSchema(fields []field) map[string]any {
	props := map[string]any{}
	for _, f := range fields {
		p := typeSchema(f.sf.Type)
		if d := f.sf.Tag.Get("doc"); d != "" {
			p["description"] = d
		}
		props[f.key] = p
	}
	return map[string]any{"type": "object", "properties": props, "additionalProperties": false}
}

// polySchema returns the schema of a poly type: one alternative per kind
// of its group.
func polySchema(t reflect.Type) map[string]any {
	key, group := reflect.New(t).Interface().(poly).selector()
	var alts []any
	for k := range Kinds() {
		if k.Group != group {
			continue
		}
		fields := append(fieldsOf(t), fieldsOf(reflect.TypeOf(k.New()).Elem())...)
		s := objectSchema(fields)
		s["properties"].(map[string]any)[key] = map[string]any{"const": k.Name, "description": k.Doc}
		s["required"] = []string{key}
		s["title"] = string(group) + " " + k.Name
		alts = append(alts, s)
	}
	return map[string]any{"oneOf": alts}
}
