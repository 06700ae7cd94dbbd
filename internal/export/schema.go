package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/site"
	"github.com/briefing/briefing/internal/slug"
)

// jsonSchema is the part of JSON Schema (draft 2020-12) that schema.json uses.
type jsonSchema struct {
	Schema               string      `json:"$schema,omitempty"`
	ID                   string      `json:"$id,omitempty"`
	Title                string      `json:"title,omitempty"`
	Description          string      `json:"description,omitempty"`
	Type                 string      `json:"type,omitempty"`
	Const                string      `json:"const,omitempty"`
	Enum                 []string    `json:"enum,omitempty"`
	Pattern              string      `json:"pattern,omitempty"`
	Format               string      `json:"format,omitempty"`
	MinLength            int         `json:"minLength,omitempty"`
	Items                *jsonSchema `json:"items,omitempty"`
	MinItems             int         `json:"minItems,omitempty"`
	Properties           properties  `json:"properties,omitempty"`
	Required             []string    `json:"required,omitempty"`
	AdditionalProperties *bool       `json:"additionalProperties,omitempty"`
}

// properties keep the order of the Go struct's fields, which is the order of
// pledges.json, so the schema reads alongside it; a map would sort them.
type properties []property

type property struct {
	name   string
	schema *jsonSchema
}

func (ps properties) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(p.name) // a string always encodes
		v, err := json.Marshal(p.schema)
		if err != nil {
			return nil, err
		}
		b.Write(name)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// The constraints a field's `schema` tag names. Patterns are the ones the
// dataset's validation enforces, so every valid site's pledges.json passes.
var kinds = map[string]func(*jsonSchema){
	"nonempty": func(s *jsonSchema) {
		if s.Type == "array" {
			s.MinItems = 1
		} else {
			s.MinLength = 1
		}
	},
	"id":            func(s *jsonSchema) { s.Pattern = slug.Pattern },
	"code":          func(s *jsonSchema) { s.Pattern = dataset.CodePattern },
	"date":          func(s *jsonSchema) { s.Pattern = datePattern },
	"date-or-empty": func(s *jsonSchema) { s.Pattern = `^(\d{4}(-\d{2}(-\d{2})?)?)?$` },
	"url":           func(s *jsonSchema) { s.Pattern, s.Format = `^https?://`, "uri" },
	"url-or-empty":  func(s *jsonSchema) { s.Pattern = `^(https?://.+)?$` },
}

// datePattern is a date as precise as the sources: a day, a month or a year.
const datePattern = `^\d{4}(-\d{2}(-\d{2})?)?$`

// newSchema is schema.json for s: the shape of the document type, read from
// the Go types by reflection, with the vocabularies of s as enums. Every
// property is required, since every key is always written, and no other
// property is allowed.
func newSchema(s *site.Site) *jsonSchema {
	location := append(ids(s.Data.Locations), "") // "" when the sources do not say
	codes := make([]string, len(s.Countries))
	for i, c := range s.Countries {
		codes[i] = c.Code
	}
	// refine adds what depends on the site, by the field's path in the
	// document ("[]" is an item of a list).
	refine := map[string]func(*jsonSchema){
		"$schema":                    func(j *jsonSchema) { j.Const = schemaName },
		"countries[].role":           func(j *jsonSchema) { j.Enum = ids(s.Data.Roles) },
		"pledges[].country":          func(j *jsonSchema) { j.Enum = codes },
		"pledges[].category":         func(j *jsonSchema) { j.Enum = ids(s.Data.Categories) },
		"pledges[].status":           func(j *jsonSchema) { j.Enum = ids(s.Data.Statuses) },
		"pledges[].location":         func(j *jsonSchema) { j.Enum = location },
		"pledges[].history[].status": func(j *jsonSchema) { j.Enum = ids(s.Data.Statuses) },
		"pledges[].history[].from":   func(j *jsonSchema) { j.Enum = append(ids(s.Data.Statuses), "") },
	}
	root := schemaOf(reflect.TypeFor[document](), "", refine)
	if len(refine) > 0 {
		panic(fmt.Sprintf("export: the schema refines fields the document does not have: %v", refine))
	}
	root.Schema = "https://json-schema.org/draft/2020-12/schema"
	root.ID = s.Config.BaseURL + dir + "/" + schemaName
	root.Title = s.Config.Title + " (pledges.json)"
	root.Description = "The shape of " + s.Config.BaseURL + dir + "/pledges.json, published by " + s.Config.Publisher + ". Its text is exact; in the CSV files a cell that begins with =, +, -, @, a tab or a carriage return has an apostrophe (') put before it, so that no spreadsheet reads it as a formula."
	return root
}

// schemaOf describes values of type t at path, deleting from refine each
// refinement it applies. A type it cannot describe is a mistake in this
// package's own types, so it panics; any test run catches it.
func schemaOf(t reflect.Type, path string, refine map[string]func(*jsonSchema)) *jsonSchema {
	j := &jsonSchema{}
	switch t.Kind() {
	case reflect.String:
		j.Type = "string"
	case reflect.Bool:
		j.Type = "boolean"
	case reflect.Int:
		j.Type = "integer"
	case reflect.Slice:
		j.Type = "array"
		j.Items = schemaOf(t.Elem(), path+"[]", refine)
	case reflect.Struct:
		j.Type = "object"
		no := false
		j.AdditionalProperties = &no
		for f := range t.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			p := name
			if path != "" {
				p = path + "." + name
			}
			fj := schemaOf(f.Type, p, refine)
			fj.Description = f.Tag.Get("doc")
			if k := f.Tag.Get("schema"); k != "" {
				apply, ok := kinds[k]
				if !ok {
					panic(fmt.Sprintf("export: field %s: unknown schema kind %q", p, k))
				}
				apply(fj)
			}
			j.Properties = append(j.Properties, property{name, fj})
			j.Required = append(j.Required, name)
		}
	default:
		panic(fmt.Sprintf("export: %s: no schema for Go type %s", path, t))
	}
	if f, ok := refine[path]; ok {
		f(j)
		delete(refine, path)
	}
	return j
}

func ids(terms []*dataset.Term) []string {
	out := make([]string, len(terms))
	for i, t := range terms {
		out[i] = t.ID
	}
	return out
}
