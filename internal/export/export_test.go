package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/briefing/briefing/internal/config"
	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/site"
	"github.com/briefing/briefing/internal/testsite"
)

func testConfig() config.Config {
	cfg := config.Default()
	cfg.Title = "Test briefing"
	cfg.Description = "A test."
	cfg.BaseURL = "https://example.org/b/"
	cfg.Publisher = "The desk"
	cfg.License = "CC BY 4.0"
	cfg.LicenseURL = "https://creativecommons.org/licenses/by/4.0/"
	return cfg
}

// load builds the model of testsite's quoting site, whose text CSV and
// JSON must quote and keep, failing on any error.
func load(t *testing.T, cfg config.Config) *site.Site {
	t.Helper()
	return model(t, testsite.FS(t, "quoting"), cfg)
}

func model(t testing.TB, fsys fs.FS, cfg config.Config) *site.Site {
	t.Helper()
	data, errs := dataset.Load(fsys)
	if len(errs) > 0 {
		t.Fatalf("dataset: %v", errs.Sort())
	}
	briefs, errs := content.NewMarkdown().LoadBriefs(fsys)
	if len(errs) > 0 {
		t.Fatalf("briefs: %v", errs.Sort())
	}
	s, errs := site.New(cfg, data, briefs, nil, site.Options{})
	if len(errs) > 0 {
		t.Fatalf("site.New: %v", errs.Sort())
	}
	return s
}

// exported returns the files of s by name, failing on an error.
func exported(t *testing.T, s *site.Site) map[string][]byte {
	t.Helper()
	out, err := files(s)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, f := range out {
		m[f.Name] = f.Data
	}
	return m
}

func TestDownloads(t *testing.T) {
	out, err := files(load(t, testConfig()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range out {
		names = append(names, f.Name)
	}
	if want := []string{"data/pledges.json", "data/pledges.csv", "data/pledge-history.csv", "data/countries.csv", "data/schema.json"}; !slices.Equal(names, want) {
		t.Errorf("files\nhave %q\nwant %q", names, want)
	}
}

func TestDeterministic(t *testing.T) {
	s := load(t, testConfig())
	a, err := files(s)
	if err != nil {
		t.Fatal(err)
	}
	b, err := files(load(t, testConfig())) // a fresh model too, not only the same one
	if err != nil {
		t.Fatal(err)
	}
	for i := range a {
		if !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s differs between two calls:\n%s\n%s", a[i].Name, a[i].Data, b[i].Data)
		}
	}
}

func TestBaseURLRequired(t *testing.T) {
	for _, base := range []string{"", "countries/", "https://example.org/b"} {
		cfg := testConfig()
		cfg.BaseURL = base
		if _, err := files(load(t, cfg)); err == nil || !strings.Contains(err.Error(), "base_url") {
			t.Errorf("base_url %q: have error %v, want one about base_url", base, err)
		}
	}
}

// readCSV checks the BOM and the CRLF line ends and reads the records back.
func readCSV(t *testing.T, name string, data []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(data, []byte("\ufeff"))
	if !ok {
		t.Fatalf("%s does not start with a UTF-8 byte order mark: %q", name, data[:min(len(data), 10)])
	}
	if !bytes.HasSuffix(rest, []byte("\r\n")) || bytes.Count(rest, []byte("\n")) != bytes.Count(rest, []byte("\r\n")) {
		t.Errorf("%s: every line should end in CRLF:\n%q", name, rest)
	}
	r := csv.NewReader(bytes.NewReader(rest))
	r.FieldsPerRecord = 0 // every row as long as the header
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return records
}

func TestPledgesCSV(t *testing.T) {
	s := load(t, testConfig())
	have := readCSV(t, "pledges.csv", exported(t, s)["data/pledges.csv"])
	want := [][]string{
		{"id", "country", "country_name", "category", "status", "location", "date", "conditions", "summary", "source_title", "source_publisher", "source_date", "source_url", "quote", "speaker", "url"},
		{"coalition-monitoring", "coalition", "Coalition of the Willing", "monitoring", "delivered", "outside", "2026-01-06", "", "Monitoring from outside.",
			"Paris summit: “guarantees” agreed", "Agence Été", "2026-01-06", "https://example.com/paris?a=1&b=2", "monitor", "",
			"https://example.org/b/pledges/coalition-monitoring/"},
		{"fr-ground", "FR", "France", "ground-forces", "announced", "inside", "2026-01-06",
			"ceasefire; un-mandate",
			"France would send troops, \"several thousand\" of them;\nthe réport’s words.",
			"Paris summit: “guarantees” agreed | Interview", "Agence Été | ", "2026-01-06 | 2026-01", "https://example.com/paris?a=1&b=2 | ",
			"several thousand | we’ll be there, \"if\" asked", "Emmanuel Macron | ",
			"https://example.org/b/pledges/fr-ground/"},
		{"tr-monitoring", "TR", "Türkiye", "monitoring", "considering", "", "2026-01", "", "Türkiye may help monitor.",
			"Interview", "", "2026-01", "", "may help", "",
			"https://example.org/b/pledges/tr-monitoring/"},
	}
	if !reflect.DeepEqual(have, want) {
		t.Errorf("pledges.csv read back\nhave %q\nwant %q", have, want)
	}
	if len(have)-1 != len(s.Pledges) {
		t.Errorf("pledges.csv has %d rows, the site %d pledges", len(have)-1, len(s.Pledges))
	}
}

func TestCountriesCSV(t *testing.T) {
	have := readCSV(t, "countries.csv", exported(t, load(t, testConfig()))["data/countries.csv"])
	want := [][]string{
		{"code", "name", "slug", "role", "role_label", "group", "leaders", "pledges", "url"},
		{"coalition", "Coalition of the Willing", "coalition-of-the-willing", "group", "Group", "true", "", "1", "https://example.org/b/countries/coalition-of-the-willing/"},
		{"FR", "France", "france", "lead", "Lead nation", "false", "Emmanuel Macron, President; Jean-Noël Barrot, Foreign Minister", "1", "https://example.org/b/countries/france/"},
		{"TR", "Türkiye", "turkiye", "lead", "Lead nation", "false", "", "1", "https://example.org/b/countries/turkiye/"},
	}
	if !reflect.DeepEqual(have, want) {
		t.Errorf("countries.csv read back\nhave %q\nwant %q", have, want)
	}
}

func TestPledgesJSON(t *testing.T) {
	s := load(t, testConfig())
	data := exported(t, s)["data/pledges.json"]
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc document
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("pledges.json does not decode into document: %v\n%s", err, data)
	}
	want := newHead(s)
	for _, p := range s.Pledges {
		want.Pledges = append(want.Pledges, newPledge(s.Config.BaseURL, p))
	}
	if !reflect.DeepEqual(&doc, want) {
		t.Errorf("pledges.json does not round-trip\nhave %+v\nwant %+v", doc, want)
	}
	// Written pledge by pledge, it is still what Marshal makes of the whole
	// document, down to the escaped & of a source's URL.
	if whole, err := json.Marshal(want); err != nil || !bytes.Equal(data, whole) {
		t.Errorf("pledges.json is not json.Marshal of the document (%v)\nhave %s\nwant %s", err, data, whole)
	}

	type head struct{ schema, title, description, publisher, asOf, license, licenseURL string }
	wantHead := head{"schema.json", "Test briefing", "A test.", "The desk", "2026-01-06", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"}
	if have := (head{doc.Schema, doc.Title, doc.Description, doc.Publisher, doc.AsOf, doc.License, doc.LicenseURL}); have != wantHead {
		t.Errorf("head\nhave %+v\nwant %+v", have, wantHead)
	}
	if len(doc.Statuses) != len(dataset.RequiredStatuses) || doc.Statuses[2] != (status{"announced", "Announced", "◐", "Said so."}) {
		t.Errorf("statuses: %+v", doc.Statuses)
	}
	if len(doc.Categories) != 3 || doc.Categories[0].ID != "monitoring" || len(doc.Roles) != 3 || len(doc.Locations) != 2 {
		t.Errorf("vocabularies: categories %+v, roles %+v, locations %+v", doc.Categories, doc.Roles, doc.Locations)
	}
	wantFR := country{"FR", "France", "france", "lead", "guarantor", false, []string{"Emmanuel Macron, President", "Jean-Noël Barrot, Foreign Minister"}, "https://example.org/b/countries/france/"}
	if len(doc.Countries) != 3 || !reflect.DeepEqual(doc.Countries[1], wantFR) || !doc.Countries[0].Group {
		t.Errorf("countries\nhave %+v\nwant the coalition, then %+v, then Türkiye", doc.Countries, wantFR)
	}
	sources := []citation{
		{"Paris summit: “guarantees” agreed", "Agence Été", "2026-01-06", "https://example.com/paris?a=1&b=2", "several thousand", "Emmanuel Macron"},
		{"Interview", "", "2026-01", "", "we’ll be there, \"if\" asked", ""},
	}
	wantPledge := pledge{
		ID: "fr-ground", Country: "FR", CountryName: "France", Category: "ground-forces", Status: "announced", Since: "2026-01-06", Location: "inside",
		Date: "2026-01-06", Summary: "France would send troops, \"several thousand\" of them;\nthe réport’s words.",
		Conditions: []string{"ceasefire", "un-mandate"}, Instruments: []string{},
		URL:     "https://example.org/b/pledges/fr-ground/",
		Sources: sources,
		History: []entry{{Date: "2026-01-06", Status: "announced", Summary: "France would send troops, \"several thousand\" of them;\nthe réport’s words.", URL: "https://example.org/b/pledges/fr-ground/#entry-1", Sources: sources}},
	}
	if len(doc.Pledges) != 3 || !reflect.DeepEqual(doc.Pledges[1], wantPledge) {
		t.Errorf("pledges\nhave %+v\nwant [1] %+v", doc.Pledges, wantPledge)
	}
	// Empty lists are [], never null, and every key is written.
	for _, want := range []string{`"leaders":[]`, `"conditions":[]`, `"location":""`} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("pledges.json should contain %s", want)
		}
	}
	if bytes.Contains(data, []byte("null")) {
		t.Errorf("pledges.json contains null:\n%s", data)
	}
}

// compile compiles schema.json with a real JSON Schema validator.
func compile(t *testing.T, out map[string][]byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out["data/schema.json"]))
	if err != nil {
		t.Fatalf("schema.json: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const loc = "https://example.org/b/data/schema.json"
	if err := c.AddResource(loc, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(loc)
	if err != nil {
		t.Fatalf("schema.json does not compile: %v\n%s", err, out["data/schema.json"])
	}
	return sch
}

func instance(t *testing.T, data []byte) map[string]any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return v.(map[string]any)
}

func TestSchema(t *testing.T) {
	out := exported(t, load(t, testConfig()))
	sch := compile(t, out)
	if err := sch.Validate(instance(t, out["data/pledges.json"])); err != nil {
		t.Fatalf("pledges.json is not valid against schema.json: %v", err)
	}

	// Each change must make the document invalid, and the validator must
	// say where: the schema is strict, not merely well formed.
	pledge := func(doc map[string]any, i int) map[string]any {
		return doc["pledges"].([]any)[i].(map[string]any)
	}
	for _, tc := range []struct {
		name   string
		change func(doc map[string]any)
		where  string
	}{
		{"unknown status", func(d map[string]any) { pledge(d, 1)["status"] = "pledgd" }, "/pledges/1/status"},
		{"unknown category", func(d map[string]any) { pledge(d, 1)["category"] = "navy" }, "/pledges/1/category"},
		{"unknown location", func(d map[string]any) { pledge(d, 1)["location"] = "nowhere" }, "/pledges/1/location"},
		{"unknown country", func(d map[string]any) { pledge(d, 1)["country"] = "XX" }, "/pledges/1/country"},
		{"unknown role", func(d map[string]any) { d["countries"].([]any)[0].(map[string]any)["role"] = "boss" }, "/countries/0/role"},
		{"missing summary", func(d map[string]any) { delete(pledge(d, 2), "summary") }, "/pledges/2"},
		{"missing as_of", func(d map[string]any) { delete(d, "as_of") }, "as_of"},
		{"missing quote", func(d map[string]any) {
			delete(pledge(d, 1)["sources"].([]any)[1].(map[string]any), "quote")
		}, "/pledges/1/sources/1"},
		{"empty quote", func(d map[string]any) { pledge(d, 1)["sources"].([]any)[1].(map[string]any)["quote"] = "" }, "/pledges/1/sources/1/quote"},
		{"no sources", func(d map[string]any) { pledge(d, 0)["sources"] = []any{} }, "/pledges/0/sources"},
		{"extra key", func(d map[string]any) { pledge(d, 0)["note"] = "x" }, "/pledges/0"},
		{"extra top-level key", func(d map[string]any) { d["generator"] = "x" }, "generator"},
		{"bad date", func(d map[string]any) { pledge(d, 0)["date"] = "6 January 2026" }, "/pledges/0/date"},
		{"relative url", func(d map[string]any) { pledge(d, 0)["url"] = "countries/france/" }, "/pledges/0/url"},
		{"conditions not a list", func(d map[string]any) { pledge(d, 1)["conditions"] = "Only after a ceasefire" }, "/pledges/1/conditions"},
		{"group not a boolean", func(d map[string]any) { d["countries"].([]any)[0].(map[string]any)["group"] = "yes" }, "/countries/0/group"},
		{"other schema", func(d map[string]any) { d["$schema"] = "https://example.org/other.json" }, "$schema"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := instance(t, out["data/pledges.json"])
			tc.change(doc)
			err := sch.Validate(doc)
			if err == nil {
				t.Fatalf("the changed document is valid; want an error at %s", tc.where)
			}
			if !strings.Contains(err.Error(), tc.where) {
				t.Errorf("have error %v\nwant one that mentions %s", err, tc.where)
			}
		})
	}
}

func TestSchemaEnums(t *testing.T) {
	var sch struct {
		Properties struct {
			Pledges struct {
				Items struct {
					Properties map[string]struct {
						Enum []string `json:"enum"`
					} `json:"properties"`
					Required []string `json:"required"`
				} `json:"items"`
			} `json:"pledges"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(exported(t, load(t, testConfig()))["data/schema.json"], &sch); err != nil {
		t.Fatal(err)
	}
	p := sch.Properties.Pledges.Items
	for field, want := range map[string][]string{
		"status":   dataset.RequiredStatuses, // the vocabulary's order
		"category": {"monitoring", "ground-forces", "hubs"},
		"location": {"inside", "outside", ""},
		"country":  {"coalition", "FR", "TR"},
	} {
		if have := p.Properties[field].Enum; !slices.Equal(have, want) {
			t.Errorf("pledges[].%s enum: have %q, want %q", field, have, want)
		}
	}
	if want := []string{"id", "country", "country_name", "category", "status", "since", "location", "date", "summary", "conditions", "instruments", "url", "sources", "history"}; !slices.Equal(p.Required, want) {
		t.Errorf("pledges[] required: have %q, want %q", p.Required, want)
	}
}

// TestRepositorySite exports the repository's own site and checks it against
// its schema, so the schema's patterns are tried on real content too.
func TestRepositorySite(t *testing.T) {
	root := os.DirFS("../..")
	cfg, err := config.Load(root, "")
	if err != nil {
		t.Fatalf("site.toml: %v", err)
	}
	s := model(t, root, cfg)
	out := exported(t, s)
	if err := compile(t, out).Validate(instance(t, out["data/pledges.json"])); err != nil {
		t.Errorf("the repository's pledges.json is not valid against its schema.json: %v", err)
	}
	if rows := readCSV(t, "pledges.csv", out["data/pledges.csv"]); len(rows)-1 != len(s.Pledges) {
		t.Errorf("pledges.csv has %d rows, the site %d pledges", len(rows)-1, len(s.Pledges))
	}
}

// TestHistory: a pledge that changed status twice exports every entry, in
// JSON valid against the schema and in pledge-history.csv.
func TestHistory(t *testing.T) {
	fsys := testsite.FS(t, "quoting")
	pledges := fsys["content/data/pledges.toml"]
	pledges.Data = append(pledges.Data, `
  [[pledge.history]]
  date   = 2026-01-10
  status = "announced"
  note   = "Confirmed, with a caveat; and more."

    [[pledge.history.source]]
    ref   = "interview"
    quote = "confirmed"

  [[pledge.history]]
  date   = 2026-01-20
  status = "withdrawn"
  note   = "Taken back."

    [[pledge.history.source]]
    ref     = "paris-report"
    quote   = "no longer"
    speaker = "A minister"
`...)
	out := exported(t, model(t, fsys, testConfig()))
	if err := compile(t, out).Validate(instance(t, out["data/pledges.json"])); err != nil {
		t.Fatalf("pledges.json with history is not valid: %v", err)
	}
	var doc document
	if err := json.Unmarshal(out["data/pledges.json"], &doc); err != nil {
		t.Fatal(err)
	}
	p := doc.Pledges[0] // the coalition's: the last pledge in the file, first in matrix order
	if p.ID != "coalition-monitoring" || p.Status != "withdrawn" || p.Since != "2026-01-20" || len(p.History) != 3 ||
		p.History[2].From != "announced" || p.History[1].URL != "https://example.org/b/pledges/coalition-monitoring/#entry-2" {
		t.Errorf("history in JSON: %+v", p)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out["data/pledge-history.csv"], []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+3+1+1 || strings.Join(rows[0], ",") != "pledge_id,country,country_name,category,date,status,from,note,source_title,source_publisher,source_date,source_url,quote,speaker,url" {
		t.Fatalf("pledge-history.csv: %d rows, header %q", len(rows), rows[0])
	}
	if want := []string{"coalition-monitoring", "coalition", "Coalition of the Willing", "monitoring", "2026-01-10", "announced", "delivered", "Confirmed, with a caveat; and more.",
		"Interview", "", "2026-01", "", "confirmed", "", "https://example.org/b/pledges/coalition-monitoring/#entry-2"}; !slices.Equal(rows[2], want) {
		t.Errorf("row 2\nhave %q\nwant %q", rows[2], want)
	}
}

// file is one download, made.
type file struct {
	Name string
	Data []byte
}

// files makes every download of s.
func files(s *site.Site) ([]file, error) {
	downloads, err := Downloads(s)
	if err != nil {
		return nil, err
	}
	out := make([]file, len(downloads))
	for i, d := range downloads {
		out[i].Name = d.Name
		if out[i].Data, err = d.Make(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
