package tomldoc

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/briefing/briefing/internal/diag"
)

// typeErrors reports every value of text whose kind does not fit the Go
// field it decodes into, each at the value. BurntSushi/toml stops at the
// first such value, and which one it meets first depends on Go's map order;
// checking here finds all of them, in the same order every run.
func (d *Doc) typeErrors(text string, v any) diag.List {
	var generic map[string]any
	if _, err := toml.Decode(text, &generic); err != nil {
		return nil // a syntax error, reported as such
	}
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var errs diag.List
	d.checkTable(generic, t, "", &errs)
	return errs.Sort()
}

var unmarshaler = reflect.TypeFor[toml.Unmarshaler]()

func (d *Doc) checkTable(m map[string]any, t reflect.Type, path string, errs *diag.List) {
	for key, val := range m {
		f, ok := fieldFor(t, key)
		if !ok {
			continue // an unknown field, reported once the file decodes
		}
		p := key
		if path != "" {
			p = path + "." + key
		}
		d.checkValue(val, f.Type, p, errs)
	}
}

func (d *Doc) checkValue(val any, t reflect.Type, path string, errs *diag.List) {
	name := indexRE.ReplaceAllString(path, "")
	wrong := func(want string) {
		errs.Add(d.Pos(path), "field %q: expected %s, found a %s", name, want, kind(val))
	}
	if reflect.PointerTo(t).Implements(unmarshaler) {
		if err := reflect.New(t).Interface().(toml.Unmarshaler).UnmarshalTOML(val); err != nil {
			errs.Add(d.Pos(path), "field %q: %v", name, err)
		}
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		d.checkValue(val, t.Elem(), path, errs)
	case reflect.String:
		if _, ok := val.(string); !ok {
			wrong("a quoted string")
		}
	case reflect.Bool:
		if _, ok := val.(bool); !ok {
			wrong("true or false")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if _, ok := val.(int64); !ok {
			wrong("a whole number")
		}
	case reflect.Slice:
		switch vv := val.(type) {
		case []map[string]any: // an array of tables
			for i, e := range vv {
				d.checkValue(e, t.Elem(), Path(path, i, ""), errs)
			}
		case []any:
			for i, e := range vv {
				d.checkValue(e, t.Elem(), Path(path, i, ""), errs)
			}
		default:
			wrong(`a list like ["a", "b"]`)
		}
	case reflect.Struct:
		if m, ok := val.(map[string]any); ok {
			d.checkTable(m, t, path, errs)
		} else {
			wrong("a table")
		}
	}
}

// fieldFor finds the field of struct type t that key decodes into, the way
// BurntSushi/toml does: by its toml tag, else by name, ignoring case.
func fieldFor(t reflect.Type, key string) (reflect.StructField, bool) {
	var loose reflect.StructField
	found := false
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if name == key {
			return f, true
		}
		if !found && strings.EqualFold(name, key) {
			loose, found = f, true
		}
	}
	return loose, found
}

// kind names a decoded TOML value for an editor.
func kind(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case int64, float64:
		return "number"
	case bool:
		return "boolean"
	case time.Time:
		return "date"
	case []any, []map[string]any:
		return "list"
	case map[string]any:
		return "table"
	}
	return fmt.Sprintf("%T", v)
}
