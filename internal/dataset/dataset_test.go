package dataset

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/testsite"
)

// The valid fixture is testsite's small site
// (internal/testsite/testdata/small.txtar); the positions and the broken
// cases below point into its lines.
func TestLoad(t *testing.T) {
	d, errs := Load(testsite.FS(t, "small"))
	if len(errs) > 0 {
		t.Fatalf("unexpected errors:\n%v", errs.Sort())
	}
	var statuses []string
	for _, s := range d.Statuses {
		statuses = append(statuses, s.ID)
	}
	if !slices.Equal(statuses, RequiredStatuses) {
		t.Errorf("statuses in file order\nhave %q\nwant %q", statuses, RequiredStatuses)
	}
	if len(d.Categories) != 3 || len(d.Roles) != 3 || len(d.Locations) != 2 || len(d.Sources) != 1 ||
		len(d.Countries) != 3 || len(d.Pledges) != 2 || len(d.Events) != 1 || len(d.Questions) != 1 {
		t.Fatalf("counts: %d categories, %d roles, %d locations, %d sources, %d countries, %d pledges, %d events, %d questions; want 3 3 2 1 3 2 1 1",
			len(d.Categories), len(d.Roles), len(d.Locations), len(d.Sources), len(d.Countries), len(d.Pledges), len(d.Events), len(d.Questions))
	}

	src := d.Source("paris-report")
	if src == nil || src.Date.String() != "2026-01-06" || src.URL != "https://example.org/report" {
		t.Fatalf("Source(paris-report) = %+v", src)
	}
	for _, cs := range [][]*Citation{d.Pledges[0].Sources, d.Pledges[1].Sources, d.Events[0].Sources, d.Questions[0].Sources} {
		for _, c := range cs {
			if c.Source != src {
				t.Errorf("citation of %q: Source not resolved to the paris-report source", c.Ref)
			}
		}
	}
	if c := d.Pledges[0].Sources[0]; c.Quote != "several thousand" || c.Speaker != "Emmanuel Macron" {
		t.Errorf("first citation: have %+v", c)
	}

	for code, want := range map[string]string{"FR": "france", "GB": "united-kingdom", "coalition": "coalition-of-the-willing"} {
		if c := d.Country(code); c == nil || c.Slug != want {
			t.Errorf("Country(%q).Slug: have %v, want %q", code, c, want)
		}
	}
	if c := d.Country("coalition"); !c.Group() || d.Country("FR").Group() {
		t.Errorf("group flag: coalition %v, FR %v; want true, false", c.Group(), d.Country("FR").Group())
	}
	if d.Country("DE") != nil || d.Source("nope") != nil || d.Status("pledged") != nil {
		t.Errorf("lookups of unknown ids should return nil")
	}

	p := d.Pledges[0]
	if p.ID != "fr-ground-forces" || p.Date.String() != "2026-01-06" || !slices.Equal(p.Conditions, []string{"ceasefire"}) ||
		d.Status(p.Status).Label != "Announced" || d.Category(p.Category).Label != "Troops in Ukraine" || d.Location(p.Location).Label != "Inside Ukraine" {
		t.Errorf("first pledge: have %+v", p)
	}
	if p := d.Pledges[1]; p.Date.String() != "2026-01" || p.Location != "" {
		t.Errorf("second pledge: date %s (want 2026-01), location %q (want none)", p.Date, p.Location)
	}
	if e := d.Events[0]; e.Date.String() != "2014" || e.Date.Human() != "2014" {
		t.Errorf("event date: have %s, want the year-only 2014", e.Date)
	}
	if d.Role("group") == nil || d.Role("lead").Label != "Lead nation" {
		t.Errorf("roles not looked up")
	}

	// Entries remember where they were written.
	for _, tc := range []struct{ have, want string }{
		{p.Pos("").String(), "content/data/pledges.toml:1:1"},
		{p.Pos("status").String(), "content/data/pledges.toml:5:14"},
		{p.Pos("missing").String(), "content/data/pledges.toml:1:1"},
		{p.Sources[1].Pos("quote").String(), "content/data/pledges.toml:18:13"},
		{d.Pledges[1].Pos("date").String(), "content/data/pledges.toml:25:12"},
		{d.Countries[1].Pos("role").String(), "content/data/countries.toml:11:11"},
	} {
		if tc.have != tc.want {
			t.Errorf("position: have %s, want %s", tc.have, tc.want)
		}
	}
}

// Entries may be split across files: a file may mix tables, and files are read in name order.
func TestLoadMixedFiles(t *testing.T) {
	fsys := testsite.FS(t, "small", `-- content/data/a-more.toml --
[[country]]
code = "DE"
name = "Germany"
role = "lead"

[[pledge]]
id       = "de-monitoring"
country  = "DE"
category = "monitoring"
status   = "declined"
date     = 2026-01-06
summary  = "No."

  [[pledge.source]]
  ref   = "paris-report"
  quote = "no"
`)
	d, errs := Load(fsys)
	if len(errs) > 0 {
		t.Fatalf("unexpected errors:\n%v", errs.Sort())
	}
	var codes, ids []string
	for _, c := range d.Countries {
		codes = append(codes, c.Code)
	}
	for _, p := range d.Pledges {
		ids = append(ids, p.ID)
	}
	if want := []string{"DE", "FR", "coalition", "GB"}; !slices.Equal(codes, want) {
		t.Errorf("countries: have %q, want %q", codes, want)
	}
	if want := []string{"de-monitoring", "fr-ground-forces", "gb-monitoring"}; !slices.Equal(ids, want) {
		t.Errorf("pledges: have %q, want %q", ids, want)
	}
}

const allStatuses = "declined, considering, announced, delivered, withdrawn"

func TestLoadErrors(t *testing.T) {
	type edit struct{ file, old, new string } // old == "": add new as the whole file
	for _, tc := range []struct {
		name  string
		edits []edit
		want  []string
	}{
		{
			"unknown status",
			[]edit{{"pledges.toml", `status     = "announced"`, `status     = "pledged"`}},
			[]string{`content/data/pledges.toml:5:14: field "status": "pledged" is not a known status; expected one of ` + allStatuses},
		},
		{
			"missing status",
			[]edit{{"pledges.toml", `status     = "announced"` + "\n", ""}},
			[]string{`content/data/pledges.toml:1:1: field "status" is required: one of ` + allStatuses},
		},
		{
			"unknown category",
			[]edit{{"pledges.toml", `category = "monitoring"`, `category = "navy"`}},
			[]string{`content/data/pledges.toml:23:12: field "category": "navy" is not a known category; expected one of monitoring, ground-forces, hubs`},
		},
		{
			"unknown location",
			[]edit{{"pledges.toml", `location   = "inside"`, `location   = "nowhere"`}},
			[]string{`content/data/pledges.toml:6:14: field "location": "nowhere" is not a known location; expected one of inside, outside`},
		},
		{
			"unknown role",
			[]edit{{"countries.toml", `role    = "group"`, `role    = "gruop"`}},
			[]string{`content/data/countries.toml:11:11: field "role": "gruop" is not a known role; expected one of lead, group, host; did you mean "group"?`},
		},
		{
			"unknown country in a pledge",
			[]edit{{"pledges.toml", `country  = "GB"`, `country  = "UK"`}},
			[]string{`content/data/pledges.toml:22:12: field "country": "UK" is not a country in content/data/; expected one of FR, GB, coalition (or add it to countries.toml); did you mean "GB" (United Kingdom)?`},
		},
		{
			"unknown country in an event",
			[]edit{{"events.toml", `countries = ["FR"]`, `countries = ["FR", "RU", "ua"]`}},
			[]string{
				`content/data/events.toml:5:20: field "countries": "RU" is not a country in content/data/; expected one of FR, GB, coalition (or add it to countries.toml)`,
				`content/data/events.toml:5:26: field "countries": "ua" is not a country in content/data/; expected one of FR, GB, coalition (or add it to countries.toml)`,
			},
		},
		{
			"duplicate pledge id",
			[]edit{{"pledges.toml", `id       = "gb-monitoring"`, `id       = "fr-ground-forces"`}},
			[]string{`content/data/pledges.toml:21:12: field "id": pledge "fr-ground-forces" is defined twice; ids must be unique`},
		},
		{
			"bad pledge id",
			[]edit{{"pledges.toml", `id       = "gb-monitoring"`, `id       = "GB monitoring"`}},
			[]string{`content/data/pledges.toml:21:12: field "id": "GB monitoring" is not an id: use lowercase letters, digits and dashes, like "fr-ground-forces"`},
		},
		{
			"pledge without a source",
			[]edit{{"pledges.toml", "\n  [[pledge.source]]\n  ref   = \"paris-report\"\n  quote = \"monitor\"\n", ""}},
			[]string{`content/data/pledges.toml:20:1: no source: add a [[pledge.source]] table with ref and the exact quote`},
		},
		{
			"citation with an unknown ref",
			[]edit{{"pledges.toml", `ref   = "paris-report"`, `ref   = "paris"`}},
			[]string{`content/data/pledges.toml:29:11: field "ref": "paris" is not a known source; expected one of paris-report`},
		},
		{
			"citation without a ref",
			[]edit{{"questions.toml", `  ref   = "paris-report"` + "\n", ""}},
			[]string{`content/data/questions.toml:6:3: field "ref" is required: the id of a [[source]]`},
		},
		{
			"citation without a quote",
			[]edit{{"pledges.toml", `  quote   = "pledged to deploy forces"` + "\n", ""}},
			[]string{`content/data/pledges.toml:16:3: field "quote" is required`},
		},
		{
			"question citation without a quote",
			[]edit{{"questions.toml", `  quote = "the territorial question"` + "\n", ""}},
			[]string{`content/data/questions.toml:6:3: field "quote" is required`},
		},
		{
			"event without a source",
			[]edit{{"events.toml", "\n  [[event.source]]\n  ref = \"paris-report\"\n", ""}},
			[]string{`content/data/events.toml:1:1: no source: add an [[event.source]] table with ref`},
		},
		{
			"event without a date",
			[]edit{{"events.toml", `date      = "2014"` + "\n", ""}},
			[]string{`content/data/events.toml:1:1: field "date" is required (a date like 2026-01-06, or "2014" when only the year is known)`},
		},
		{
			"lowercase ISO code",
			[]edit{{"countries.toml", `code    = "FR"`, `code    = "fra"`}, {"events.toml", `"FR"`, `"fra"`}, {"pledges.toml", `"FR"`, `"fra"`}},
			[]string{`content/data/countries.toml:2:11: field "code": "fra" is not an ISO 3166-1 alpha-2 code like "FR" (for a group of countries, give it a role whose part is "group")`},
		},
		{
			"group id in capitals",
			[]edit{{"countries.toml", `code    = "coalition"`, `code    = "COALITION"`}},
			[]string{`content/data/countries.toml:9:11: field "code": "COALITION" is not a group id: use lowercase letters, digits and dashes, like "coalition"`},
		},
		{
			"duplicate country code",
			[]edit{{"extra.toml", "", "[[country]]\ncode = \"FR\"\nname = \"French Republic\"\nrole = \"lead\"\n"}},
			[]string{`content/data/extra.toml:2:8: field "code": country "FR" is defined twice`},
		},
		{
			"two names, one slug",
			[]edit{{"countries.toml", `name    = "France"`, `name    = "United  Kingdom!"`}},
			[]string{`content/data/countries.toml:15:11: field "name": "United Kingdom" gives the URL /countries/united-kingdom/, already used by United  Kingdom!`},
		},
		{
			"name without Latin letters",
			[]edit{{"countries.toml", `name    = "United Kingdom"`, `name    = "—"`}},
			[]string{`content/data/countries.toml:15:11: field "name": "—" gives an empty URL slug: write the name in Latin letters`},
		},
		{
			"required status missing",
			[]edit{{"vocabulary.toml", "[[status]]\nid          = \"withdrawn\"\nlabel       = \"Withdrawn\"\nsymbol      = \"⊘\"\ndescription = \"Took it back.\"\n\n", ""}},
			[]string{`content/data/vocabulary.toml:1:1: status "withdrawn" is missing: the vocabulary must define ` + allStatuses},
		},
		{
			"status without a symbol",
			[]edit{{"vocabulary.toml", `symbol      = "✔"` + "\n", ""}},
			[]string{`content/data/vocabulary.toml:19:1: field "symbol" is required`},
		},
		{
			"vocabulary id defined twice",
			[]edit{{"vocabulary.toml", `id          = "group"`, `id          = "lead"`}},
			[]string{
				`content/data/countries.toml:11:11: field "role": "group" is not a known role; expected one of lead, lead, host`,
				`content/data/vocabulary.toml:47:15: field "id": role "lead" is defined twice; ids must be unique`,
			},
		},
		{
			"category question without a question mark",
			[]edit{{"vocabulary.toml", "description = \"Soldiers on the ground.\"", "description = \"Soldiers on the ground.\"\nquestion    = \"Troops\""}},
			[]string{`content/data/vocabulary.toml:40:15: field "question": "Troops" is not a question: write one that ends with "?", like "Who would put troops in Ukraine?"`},
		},
		{
			"question on a status",
			[]edit{{"vocabulary.toml", `symbol      = "✔"`, "symbol      = \"✔\"\nquestion    = \"Who delivered?\""}},
			[]string{`content/data/vocabulary.toml:23:1: field "question": only a category has a question (the question its map answers)`},
		},
		{
			"javascript source url",
			[]edit{{"sources.toml", `url       = "https://example.org/report"`, `url       = "javascript:alert(1)"`}},
			[]string{`content/data/sources.toml:6:13: field "url": "javascript:alert(1)" is not an http(s) URL like "https://example.org/report"`},
		},
		{
			"relative source url",
			[]edit{{"sources.toml", `url       = "https://example.org/report"`, `url       = "example.org/report"`}},
			[]string{`content/data/sources.toml:6:13: field "url": "example.org/report" is not an http(s) URL like "https://example.org/report"`},
		},
		{
			"source without a date",
			[]edit{{"sources.toml", "date      = 2026-01-06\n", ""}},
			[]string{`content/data/sources.toml:1:1: field "date" is required (a date like 2026-01-06)`},
		},
		{
			"malformed TOML",
			[]edit{{"extra.toml", "", "[[pledge]\nid = \"x\"\n"}},
			[]string{`content/data/extra.toml:1:9: invalid TOML: expected end of table array name delimiter ']', but got '\n' instead; close the header with ]], like [[pledge]]`},
		},
		{
			"malformed TOML drops only that file",
			[]edit{{"pledges.toml", `summary  = "The UK might help monitor."`, `summary  = "The UK might help monitor.`}},
			[]string{`content/data/pledges.toml:26:39: invalid TOML: field "pledge.summary": strings cannot contain newlines; close the quote on the same line, or write text of several lines between """ and """`},
		},
		{
			"unknown condition",
			[]edit{{"pledges.toml", `conditions = ["ceasefire"]`, `conditions = ["Only after a ceasefire"]`}},
			[]string{`content/data/pledges.toml:9:15: field "conditions": "Only after a ceasefire" is not a known condition; expected ids of [[condition]] terms: ceasefire (a condition is a short phrase defined once, like "after a ceasefire")`},
		},
		{
			"an unknown condition listed twice: unknown at the first, a repeat at the second",
			[]edit{{"pledges.toml", `conditions = ["ceasefire"]`, `conditions = ["truce", "ceasefire",
  "truce"]`}},
			[]string{
				`content/data/pledges.toml:9:15: field "conditions": "truce" is not a known condition; expected ids of [[condition]] terms: ceasefire (a condition is a short phrase defined once, like "after a ceasefire")`,
				`content/data/pledges.toml:10:3: field "conditions": "truce" is listed twice (first at line 9, column 15): list each once`,
			},
		},
		{
			"unknown instrument",
			[]edit{{"pledges.toml", `conditions = ["ceasefire"]`, "conditions = [\"ceasefire\"]\ninstruments = [\"treaty\"]"}},
			[]string{`content/data/pledges.toml:10:16: field "instruments": "treaty" is not a known instrument; expected one of (none defined)`},
		},
		{
			"an instrument without parties or a source",
			[]edit{{"instruments.toml", "", "[[instrument]]\nid = \"decl\"\ntitle = \"A declaration\"\ndate = 2026-01-06\nparties = [\"FR\", \"XX\"]\n"}},
			[]string{
				`content/data/instruments.toml:1:1: no source: add a [[instrument.source]] table with ref and the exact quote`,
				`content/data/instruments.toml:5:18: field "parties": "XX" is not a country in content/data/; expected one of FR, GB, coalition (or add it to countries.toml)`,
			},
		},
		{
			"a role with an unknown part",
			[]edit{{"vocabulary.toml", "id          = \"lead\"\n", "id          = \"lead\"\npart        = \"protected\"\n"}},
			[]string{`content/data/vocabulary.toml:43:15: field "part": "protected" is not a part; expected one of guarantor, beneficiary, adversary, group`},
		},
		{
			"a pledge by the country the guarantees are for",
			[]edit{{"countries.toml", "role    = \"lead\"\nleaders = [\"Emmanuel Macron, President\"]", "role    = \"host\"\nleaders = [\"Emmanuel Macron, President\"]"}},
			[]string{`content/data/pledges.toml:3:14: field "country": France is the country the guarantees are for (role "host"), which neither gives nor refuses the guarantees: record a document it is party to as an [[instrument]]`},
		},
		{
			"a file that does not decode hides nothing of the others, and adds nothing false",
			[]edit{{"sources.toml", "date      = 2026-01-06", "date      = 2026-13-06"}, {"pledges.toml", `status     = "announced"`, `status     = "anounced"`}},
			[]string{
				`content/data/pledges.toml:5:14: field "status": "anounced" is not a known status; expected one of declined, considering, announced, delivered, withdrawn; did you mean "announced"?`,
				`content/data/sources.toml:5:13: invalid TOML: field "source.date": invalid datetime: "2026-13-06"; expected a date such as 2026-01-06 (a real day: month 01 to 12, day within the month); a month or a year alone is written in quotes, "2026-01" or "2026"`,
			},
		},
		{
			"wrong type",
			[]edit{{"pledges.toml", `conditions = ["ceasefire"]`, `conditions = "x"`}},
			[]string{`content/data/pledges.toml:9:14: field "pledge.conditions": expected a list like ["a", "b"], found a string`},
		},
		{
			"bad date",
			[]edit{{"pledges.toml", `date     = "2026-01"`, `date     = "January 2026"`}},
			[]string{`content/data/pledges.toml:25:12: field "pledge.date": "January 2026" is not a date: expected YYYY-MM-DD, YYYY-MM, YYYY or an RFC 3339 time`},
		},
		{
			"unknown field in a pledge",
			[]edit{{"pledges.toml", `status   = "considering"`, `staus    = "considering"`}},
			[]string{
				`content/data/pledges.toml:20:1: field "status" is required: one of ` + allStatuses,
				`content/data/pledges.toml:24:1: unknown field "staus"; did you mean "status"?`,
			},
		},
		{
			"unknown field in a citation",
			[]edit{{"pledges.toml", `  speaker = "Emmanuel Macron"`, `  speakr  = "Emmanuel Macron"`}},
			[]string{`content/data/pledges.toml:14:3: unknown field "speakr"; did you mean "speaker"?`},
		},
		{
			"unknown table",
			[]edit{{"extra.toml", "", "[[pledges]]\nid = \"x\"\n"}},
			[]string{
				`content/data/extra.toml:1:1: unknown field "pledges"; did you mean "pledge"?`,
				`content/data/extra.toml:2:1: unknown field "id" (check its spelling in docs/content.md)`,
			},
		},
		{
			"errors in two files in one run",
			[]edit{
				{"pledges.toml", `status     = "announced"`, `status     = "pledged"`},
				{"countries.toml", `role    = "group"`, `role    = "gruop"`},
				{"sources.toml", `url       = "https://example.org/report"`, `url       = "ftp://example.org/report"`},
			},
			[]string{
				`content/data/countries.toml:11:11: field "role": "gruop" is not a known role; expected one of lead, group, host; did you mean "group"?`,
				`content/data/pledges.toml:5:14: field "status": "pledged" is not a known status; expected one of ` + allStatuses,
				`content/data/sources.toml:6:13: field "url": "ftp://example.org/report" is not an http(s) URL like "https://example.org/report"`,
			},
		},
		{
			"a syntax error and a reference error in one run",
			[]edit{
				{"extra.toml", "", "title = \n"},
				{"pledges.toml", `country  = "GB"`, `country  = "UK"`},
			},
			[]string{
				`content/data/extra.toml:1:9: invalid TOML: field "title": expected value but found '\n' instead; write a value after the =: a "quoted string", a number, a date, true, false or a [list]`,
				`content/data/pledges.toml:22:12: field "country": "UK" is not a country in content/data/; expected one of FR, GB, coalition (or add it to countries.toml); did you mean "GB" (United Kingdom)?`,
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := testsite.FS(t, "small")
			for _, e := range tc.edits {
				name := Dir + "/" + e.file
				if e.old == "" {
					fsys[name] = &fstest.MapFile{Data: []byte(e.new)}
					continue
				}
				testsite.Edit(t, fsys, name, e.old, e.new)
			}
			d, errs := Load(fsys)
			if d == nil {
				t.Fatal("Load returned no dataset; it should return what it read even with errors")
			}
			if have := errStrings(errs); !slices.Equal(have, tc.want) {
				t.Errorf("input (edits to testsite small) %q\nhave %s\nwant %s", tc.edits, strings.Join(have, "\n     "), strings.Join(tc.want, "\n     "))
			}
		})
	}
}

func TestLoadEmpty(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  []string
	}{
		{
			"no dataset folder",
			fstest.MapFS{"site.toml": {}},
			[]string{
				"content/data: no [[category]] entries: the matrix needs at least one kind of commitment",
				"content/data: no [[status]] entries: the vocabulary must define " + allStatuses,
				"content/data: no dataset: expected TOML files such as content/data/pledges.toml",
			},
		},
		{
			"only sources",
			fstest.MapFS{"content/data/sources.toml": testsite.FS(t, "small")["content/data/sources.toml"]},
			[]string{
				"content/data: no [[category]] entries: the matrix needs at least one kind of commitment",
				"content/data: no [[status]] entries: the vocabulary must define " + allStatuses,
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := Load(tc.files)
			if have := errStrings(errs); !slices.Equal(have, tc.want) {
				t.Errorf("input files %q\nhave %q\nwant %q", slices.Sorted(maps.Keys(tc.files)), have, tc.want)
			}
		})
	}
}

func errStrings(l diag.List) []string {
	var out []string
	for _, e := range l.Sort() {
		out = append(out, e.Error())
	}
	return out
}

// TestStrength: the order of strength ranks every required status, and
// only those.
func TestStrength(t *testing.T) {
	if !slices.Equal(slices.Sorted(slices.Values(byStrength)), slices.Sorted(slices.Values(RequiredStatuses))) {
		t.Errorf("byStrength %q does not hold the required statuses %q", byStrength, RequiredStatuses)
	}
	if Strength("declined") >= Strength("considering") || Strength("signed") >= Strength("delivered") || Strength("custom") != -1 {
		t.Errorf("Strength: declined %d, considering %d, signed %d, delivered %d, custom %d",
			Strength("declined"), Strength("considering"), Strength("signed"), Strength("delivered"), Strength("custom"))
	}
}

func TestFigures(t *testing.T) {
	fsys := testsite.FS(t, "small")
	fsys["content/data/figures.toml"] = &fstest.MapFile{Data: []byte(`[[figure]]
id    = "summit-countries"
value = 35
label = "countries represented at the Paris summit"

  [[figure.source]]
  ref   = "paris-report"
  quote = "representatives of 35 countries"

[[figure]]
id    = "nothing"
label = " "

[[figure]]
id    = "negative"
value = -3
label = "countries"

  [[figure.source]]
  ref   = "paris-report"
  quote = "representatives of 35 countries"
`)}
	d, errs := Load(fsys)
	var have []string
	for _, e := range errs.Sort() {
		have = append(have, e.Error())
	}
	want := []string{
		`content/data/figures.toml:10:1: field "value" is required: the number the source states, like 35`,
		`content/data/figures.toml:10:1: no source: add a [[figure.source]] table with ref and the exact quote`,
		`content/data/figures.toml:12:9: field "label" is required`,
		`content/data/figures.toml:16:9: field "value": -3; a figure is a positive whole number, like 35`,
	}
	if !slices.Equal(have, want) {
		t.Errorf("errors\nhave %q\nwant %q", have, want)
	}
	if len(d.Figures) != 3 || d.Figures[0].Value != 35 || d.Figures[0].Sources[0].Source != d.Source("paris-report") {
		t.Errorf("figures: have %+v", d.Figures)
	}
}

func TestAsk(t *testing.T) {
	own := &Term{Label: "Troops in Ukraine", Question: "Who would put troops in Ukraine?"}
	made := &Term{Label: "Ceasefire monitoring"}
	if own.Ask() != "Who would put troops in Ukraine?" || made.Ask() != "Who has a position on ceasefire monitoring?" {
		t.Errorf("Ask: %q, %q", own.Ask(), made.Ask())
	}
}
