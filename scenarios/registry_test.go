package scenarios

import (
	"reflect"
	"slices"
	"testing"
)

// TestRegistry: the registry is sorted by group then name without
// duplicates, every entry's parameters implement its group's interface,
// and every key of the format is documented (the schema's descriptions).
func TestRegistry(t *testing.T) {
	if !slices.IsSortedFunc(registry, compareKinds) {
		t.Error("registry is not sorted by group, then name")
	}
	for i := 1; i < len(registry); i++ {
		if compareKinds(registry[i-1], registry[i]) == 0 {
			t.Errorf("%s %s registered twice", registry[i].Group, registry[i].Name)
		}
	}
	for k := range Kinds() {
		p := k.New()
		var ok bool
		switch k.Group {
		case GroupFormat:
			_, ok = p.(formatKind)
		case GroupHazard:
			_, ok = p.(hazardKind)
		case GroupModel:
			_, ok = p.(modelKind)
		case GroupAction:
			_, ok = p.(actionKind)
		case GroupPolicy:
			_, ok = p.(policyKind)
		case GroupRepair:
			_, ok = p.(repairKind)
		case GroupUnit:
			_, ok = p.(unitKind)
		}
		if !ok {
			t.Errorf("%s %s: parameters %T do not build a %s", k.Group, k.Name, p, k.Group)
		}
		if got, found := lookup(k.Group, k.Name); !found || got.Name != k.Name {
			t.Errorf("lookup(%s, %s) fails", k.Group, k.Name)
		}
		checkDocs(t, reflect.TypeOf(p).Elem())
	}
	checkDocs(t, reflect.TypeFor[File]())
	if _, found := lookup(GroupHazard, "nosuch"); found {
		t.Error("lookup found a kind that is not registered")
	}
}

// checkDocs checks that every key of t and of the types below it has a doc
// tag.
func checkDocs(t *testing.T, typ reflect.Type) {
	for _, f := range fieldsOf(typ) {
		if f.sf.Tag.Get("doc") == "" {
			t.Errorf("%v: key %s has no doc tag", typ, f.key)
		}
		e := f.sf.Type
		for e.Kind() == reflect.Slice || e.Kind() == reflect.Map {
			e = e.Elem()
		}
		if e.Kind() == reflect.Struct && e != durationType {
			checkDocs(t, e)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"horizn", "horizon", 1}, {"fraction", "fractoin", 2},
	} {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
