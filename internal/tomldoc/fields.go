package tomldoc

import (
	"reflect"
	"strings"

	"github.com/BurntSushi/toml"
)

// fieldsAt lists the keys that the table at key's parent accepts, by the
// toml tags of v's type (the field names when untagged): the candidates for
// an unknown key's "did you mean".
func fieldsAt(v any, key toml.Key) []string {
	t := reflect.TypeOf(v)
	for _, part := range key[:max(0, len(key)-1)] {
		t = deref(t)
		if t.Kind() != reflect.Struct {
			return nil
		}
		f, ok := field(t, part)
		if !ok {
			return nil
		}
		t = f.Type
	}
	t = deref(t)
	if t.Kind() != reflect.Struct {
		return nil
	}
	var names []string
	for i := range t.NumField() {
		if name, ok := tomlName(t.Field(i)); ok {
			names = append(names, name)
		}
	}
	return names
}

// deref follows pointers, slices and arrays to the type of their elements:
// a [[table]] decodes into a slice of structs.
func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	return t
}

// field finds the field of struct type t that key decodes into.
func field(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if name, ok := tomlName(t.Field(i)); ok && name == key {
			return t.Field(i), true
		}
	}
	return reflect.StructField{}, false
}

// tomlName is the key a field decodes from; false for fields the decoder
// skips (unexported, or tagged "-").
func tomlName(f reflect.StructField) (string, bool) {
	if !f.IsExported() {
		return "", false
	}
	tag, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	switch tag {
	case "-":
		return "", false
	case "":
		return f.Name, true
	}
	return tag, true
}
