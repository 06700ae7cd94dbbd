package content

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"github.com/briefing/briefing/internal/diag"
)

func TestSplitFrontMatter(t *testing.T) {
	for _, tc := range []struct {
		name        string
		in          string
		front, body string
		line        int
		err         string // substring; empty for no error
	}{
		{"normal", "+++\ntitle = \"x\"\n+++\nBody\n", "title = \"x\"\n", "Body\n", 3, ""},
		{"byte order mark", "\ufeff+++\ntitle = \"x\"\n+++\nBody\n", "title = \"x\"\n", "Body\n", 3, ""},
		{"CRLF", "+++\r\ntitle = \"x\"\r\ndate = 2026-01-06\r\n+++\r\nBody\r\n", "title = \"x\"\r\ndate = 2026-01-06\r\n", "Body\r\n", 4, ""},
		{"trailing blanks on delimiters", "+++ \t\ntitle = \"x\"\n+++  \nBody", "title = \"x\"\n", "Body", 3, ""},
		{"empty front matter", "+++\n+++\nBody\n", "", "Body\n", 2, ""},
		{"no body, no final newline", "+++\na = 1\n+++", "a = 1\n", "", 3, ""},
		{"later +++ is body", "+++\na = 1\n+++\ntext\n+++\n", "a = 1\n", "text\n+++\n", 3, ""},
		{"missing opening +++", "title = \"x\"\n+++\nBody\n", "", "", 1, "must start with a line of +++"},
		{"opening not alone", "+++ title = \"x\"\n+++\n", "", "", 1, "must start with a line of +++"},
		{"four pluses", "++++\na = 1\n++++\n", "", "", 1, "must start with a line of +++"},
		{"leading blank line", "\n+++\na = 1\n+++\n", "", "", 1, "must start with a line of +++"},
		{"unterminated", "+++\ntitle = \"x\"\n\nBody\n", "", "", 1, "never closed"},
		{"only opening", "+++", "", "", 1, "never closed"},
		{"empty file", "", "", "", 1, "must start with a line of +++"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			front, body, line, err := SplitFrontMatter([]byte(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || line != tc.line {
					t.Errorf("input %q\nhave error %v at line %d\nwant error containing %q at line %d", tc.in, err, line, tc.err, tc.line)
				}
				return
			}
			if err != nil {
				t.Fatalf("input %q: unexpected error %v", tc.in, err)
			}
			if string(front) != tc.front || string(body) != tc.body || line != tc.line {
				t.Errorf("input %q\nhave front %q, body %q, line %d\nwant front %q, body %q, line %d", tc.in, front, body, line, tc.front, tc.body, tc.line)
			}
		})
	}
}

// brief writes a brief file with the usual front matter; extra lines are
// added after summary (so the first extra line is line 5 of the file).
func brief(title, date, summary string, extra ...string) *fstest.MapFile {
	var b strings.Builder
	b.WriteString("+++\n")
	for _, kv := range []struct{ k, v string }{{"title", title}, {"date", date}, {"summary", summary}} {
		if kv.v != "" {
			b.WriteString(kv.k + " = " + kv.v + "\n")
		}
	}
	for _, l := range extra {
		b.WriteString(l + "\n")
	}
	b.WriteString("+++\n\nBody.\n")
	return &fstest.MapFile{Data: []byte(b.String())}
}

func TestLoadBriefs(t *testing.T) {
	fsys := fstest.MapFS{
		"content/briefs/2026-01-06-what-was-agreed.md": brief(`"Agreed"`, "2026-01-06", `"S"`,
			`countries = ["FR", "GB"]`, `sources = ["paris-report"]`, "updated = 2026-01-08", "draft = true"),
		"content/briefs/no-date-prefix.md":    brief(`"No prefix"`, `"2026-01"`, `"S"`),
		"content/briefs/2026-01-06-aaa.md":    brief(`"Same day"`, "2026-01-06T23:30:00-05:00", `"S"`),
		"content/briefs/2025-05-05-newest.md": brief(`"Newest"`, "2026-02-01", `"S"`), // the prefix is not the date
		"content/briefs/2026-year-only.md":    brief(`"Year"`, `"2026"`, `"S"`),
		"content/briefs/notes.txt":            {Data: []byte("not a brief")},
		"content/about.md":                    {Data: []byte("+++\ntitle = \"About\"\ndescription = \"D\"\n+++\n")},
	}
	briefs, errs := NewMarkdown().LoadBriefs(fsys)
	if len(errs) > 0 {
		t.Fatalf("unexpected errors:\n%v", errs)
	}
	var have []string
	for _, b := range briefs {
		have = append(have, b.Slug+" "+b.Date.String())
	}
	// Newest first; the same day by slug; a month before its first day, a year before its first month.
	want := []string{
		"newest 2026-02-01",
		"aaa 2026-01-06",
		"what-was-agreed 2026-01-06",
		"no-date-prefix 2026-01",
		"2026-year-only 2026",
	}
	if !slices.Equal(have, want) {
		t.Errorf("slugs and order\nhave %q\nwant %q", have, want)
	}
	b := briefs[2]
	if b.Title != "Agreed" || b.Summary != "S" || !b.Draft || b.Updated.String() != "2026-01-08" ||
		!slices.Equal(b.Countries, []string{"FR", "GB"}) || !slices.Equal(b.Sources, []string{"paris-report"}) {
		t.Errorf("fields of %s: have %+v", b.File(), b)
	}
	if b.File() != "content/briefs/2026-01-06-what-was-agreed.md" {
		t.Errorf("File(): have %q", b.File())
	}
	// Front matter positions are the file's own: countries is on line 5.
	if have := b.Pos("countries").String(); have != "content/briefs/2026-01-06-what-was-agreed.md:5:13" {
		t.Errorf("Pos(countries): have %s, want content/briefs/2026-01-06-what-was-agreed.md:5:13", have)
	}
}

func TestLoadBriefsNone(t *testing.T) {
	briefs, errs := NewMarkdown().LoadBriefs(fstest.MapFS{"site.toml": {}})
	if len(briefs) != 0 || len(errs) != 0 {
		t.Errorf("no briefs folder: have %d briefs, errors %v; want none", len(briefs), errs)
	}
}

func TestLoadBriefsErrors(t *testing.T) {
	const f = "content/briefs/2026-01-06-x.md"
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  []string
	}{
		{
			"missing title",
			fstest.MapFS{f: brief("", "2026-01-06", `"S"`)},
			[]string{f + `:2:1: field "title" is required`},
		},
		{
			"missing date",
			fstest.MapFS{f: brief(`"T"`, "", `"S"`)},
			[]string{f + `:2:1: field "date" is required (a date like 2026-01-06)`},
		},
		{
			"missing summary",
			fstest.MapFS{f: brief(`"T"`, "2026-01-06", "")},
			[]string{f + `:2:1: field "summary" is required`},
		},
		{
			"everything missing",
			fstest.MapFS{f: {Data: []byte("+++\n+++\nBody\n")}},
			[]string{
				f + `:2:1: field "date" is required (a date like 2026-01-06)`,
				f + `:2:1: field "summary" is required`,
				f + `:2:1: field "title" is required`,
			},
		},
		{
			"blank title on line 2",
			fstest.MapFS{f: brief(`"  "`, "2026-01-06", `"S"`)},
			[]string{f + `:2:9: field "title" is required`},
		},
		{
			"blank summary on line 4, indented",
			fstest.MapFS{f: {Data: []byte("+++\ntitle = \"T\"\ndate = 2026-01-06\n  summary = \"\"\n+++\n")}},
			[]string{f + `:4:13: field "summary" is required`},
		},
		{
			"blank title after a comment: line 3",
			fstest.MapFS{f: {Data: []byte("+++\n# a comment\ntitle = \"\"\ndate = 2026-01-06\nsummary = \"S\"\n+++\n")}},
			[]string{f + `:3:9: field "title" is required`},
		},
		{
			"bad date",
			fstest.MapFS{f: brief(`"T"`, `"yesterday"`, `"S"`)},
			[]string{f + `:3:8: field "date": "yesterday" is not a date: expected YYYY-MM-DD, YYYY-MM, YYYY or an RFC 3339 time`},
		},
		{
			"impossible date",
			fstest.MapFS{f: brief(`"T"`, `"2026-13-01"`, `"S"`)},
			[]string{f + `:3:8: field "date": "2026-13-01" is not a date: expected YYYY-MM-DD, YYYY-MM, YYYY or an RFC 3339 time`},
		},
		{
			"unknown field",
			fstest.MapFS{f: brief(`"T"`, "2026-01-06", `"S"`, `contries = ["FR"]`)},
			[]string{f + `:5:1: unknown field "contries"; did you mean "countries"?`},
		},
		{
			"wrong type",
			fstest.MapFS{f: brief(`"T"`, "2026-01-06", `"S"`, `countries = "FR"`)},
			[]string{f + `:5:13: field "countries": expected a list like ["a", "b"], found a string`},
		},
		{
			"TOML syntax error",
			fstest.MapFS{f: brief(`"T`, "2026-01-06", `"S"`)},
			[]string{f + `:2:11: invalid TOML: field "title": strings cannot contain newlines; close the quote on the same line, or write text of several lines between """ and """`},
		},
		{
			"invalid UTF-8",
			fstest.MapFS{f: {Data: []byte("+++\ntitle = \"Caf\xe9\"\n+++\n")}},
			[]string{f + `:2:13: invalid UTF-8 at byte offset 16 (0xe9): save the file as UTF-8`},
		},
		{
			"invalid UTF-8 on the first line",
			fstest.MapFS{f: {Data: []byte("\xff+++\n")}},
			[]string{f + `:1:1: invalid UTF-8 at byte offset 0 (0xff): save the file as UTF-8`},
		},
		{
			"invalid UTF-8 after a valid multi-byte rune",
			fstest.MapFS{f: {Data: []byte("+++\ntitle = \"é\"\n+++\n\n€ \xc3(")}},
			[]string{f + `:5:5: invalid UTF-8 at byte offset 26 (0xc3): save the file as UTF-8`},
		},
		{
			"no front matter",
			fstest.MapFS{f: {Data: []byte("# Title\n\nBody\n")}},
			[]string{f + `:1:1: the file must start with a line of +++, then TOML front matter, then another +++ line`},
		},
		{
			"unterminated front matter",
			fstest.MapFS{f: {Data: []byte("+++\ntitle = \"T\"\n\nBody\n")}},
			[]string{f + `:1:1: the front matter opened here is never closed: add a line of +++ after it`},
		},
		{
			"empty file",
			fstest.MapFS{f: {}},
			[]string{f + `:1:1: the file must start with a line of +++, then TOML front matter, then another +++ line`},
		},
		{
			"duplicate slug",
			fstest.MapFS{
				"content/briefs/2026-01-06-x.md": brief(`"A"`, "2026-01-06", `"S"`),
				"content/briefs/2026-01-07-x.md": brief(`"B"`, "2026-01-07", `"S"`),
				"content/briefs/x.md":            brief(`"C"`, "2026-01-08", `"S"`),
			},
			[]string{
				`content/briefs/2026-01-07-x.md:1:1: slug "x" is already used by content/briefs/2026-01-06-x.md: two briefs cannot share a URL; rename one file`,
				`content/briefs/x.md:1:1: slug "x" is already used by content/briefs/2026-01-07-x.md: two briefs cannot share a URL; rename one file`,
			},
		},
		{
			"uppercase file name",
			fstest.MapFS{"content/briefs/2026-01-06-Paris.md": brief(`"T"`, "2026-01-06", `"S"`)},
			[]string{`content/briefs/2026-01-06-Paris.md:1:1: file name gives the slug "Paris": name briefs with lowercase letters, digits and dashes, like 2026-01-06-what-was-agreed.md`},
		},
		{
			"spaces in file name",
			fstest.MapFS{"content/briefs/what was agreed.md": brief(`"T"`, "2026-01-06", `"S"`)},
			[]string{`content/briefs/what was agreed.md:1:1: file name gives the slug "what was agreed": name briefs with lowercase letters, digits and dashes, like 2026-01-06-what-was-agreed.md`},
		},
		{
			"nothing left after the date",
			fstest.MapFS{"content/briefs/2026-01-06-.md": brief(`"T"`, "2026-01-06", `"S"`)},
			[]string{`content/briefs/2026-01-06-.md:1:1: file name gives the slug "": name briefs with lowercase letters, digits and dashes, like 2026-01-06-what-was-agreed.md`},
		},
		{
			"errors in several files are all reported",
			fstest.MapFS{
				"content/briefs/a.md": brief("", "2026-01-06", `"S"`),
				"content/briefs/b.md": {Data: []byte("no front matter")},
				"content/briefs/c.md": brief(`"T"`, `"soon"`, `"S"`),
			},
			[]string{
				`content/briefs/a.md:2:1: field "title" is required`,
				`content/briefs/b.md:1:1: the file must start with a line of +++, then TOML front matter, then another +++ line`,
				`content/briefs/c.md:3:8: field "date": "soon" is not a date: expected YYYY-MM-DD, YYYY-MM, YYYY or an RFC 3339 time`,
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			briefs, errs := NewMarkdown().LoadBriefs(tc.files)
			for _, b := range briefs { // missing fields wait until the brief is built
				errs = append(errs, b.Problems...)
			}
			if have := errStrings(errs.Sort()); !slices.Equal(have, tc.want) {
				t.Errorf("input %s\nhave %q\nwant %q", files(tc.files), have, tc.want)
			}
		})
	}
}

func TestLoadBriefsCRLFAndBOM(t *testing.T) {
	src := "\ufeff+++\r\ntitle = \"T\"\r\ndate = 2026-01-06\r\nsummary = \"\"\r\n+++\r\n\r\nBody *text*.\r\n"
	briefs, errs := NewMarkdown().LoadBriefs(fstest.MapFS{"content/briefs/x.md": {Data: []byte(src)}})
	if len(errs) > 0 {
		t.Errorf("input %q: %v", src, errs)
	}
	want := []string{`content/briefs/x.md:4:11: field "summary" is required`}
	if len(briefs) == 1 && !slices.Equal(errStrings(briefs[0].Problems), want) {
		t.Errorf("input %q\nhave %q\nwant %q", src, errStrings(briefs[0].Problems), want)
	}
	if len(briefs) != 1 || briefs[0].Title != "T" || !strings.Contains(bodyOf(t, briefs[0]), "<em>text</em>") {
		t.Errorf("input %q: have %d briefs, want one titled T with rendered body", src, len(briefs))
	}
}

func TestLoadPages(t *testing.T) {
	fsys := fstest.MapFS{
		"content/about.md":    {Data: []byte("+++\ntitle = \"About\"\ndescription = \"How this is made.\"\n+++\n\nSee [France](/countries/france/).\n")},
		"content/methods.md":  {Data: []byte("+++\ntitle = \"Methods\"\ndescription = \"D\"\n+++\n")},
		"content/briefs/x.md": brief(`"T"`, "2026-01-06", `"S"`),
		"content/data/x.toml": {Data: []byte("")},
	}
	pages, errs := NewMarkdown().LoadPages(fsys)
	if len(errs) > 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	if len(pages) != 2 || pages[0].Slug != "about" || pages[1].Slug != "methods" {
		t.Fatalf("have %d pages, want about and methods", len(pages))
	}
	p := pages[0]
	if p.Title != "About" || p.Description != "How this is made." || p.File() != "content/about.md" {
		t.Errorf("page fields: have %+v", *p)
	}
	// A page is one level below the root.
	if have := hrefs(t, string(p.Body)); !slices.Equal(have, []string{"../countries/france/index.html"}) {
		t.Errorf("page links: have %q, want [../countries/france/]", have)
	}
}

func TestLoadPagesErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  []string
	}{
		{
			"missing title and description",
			fstest.MapFS{"content/about.md": {Data: []byte("+++\n+++\n")}},
			[]string{
				`content/about.md:2:1: field "description" is required`,
				`content/about.md:2:1: field "title" is required`,
			},
		},
		{
			"blank description",
			fstest.MapFS{"content/about.md": {Data: []byte("+++\ntitle = \"About\"\ndescription = \" \"\n+++\n")}},
			[]string{`content/about.md:3:15: field "description" is required`},
		},
		{
			"brief fields are not page fields",
			fstest.MapFS{"content/about.md": {Data: []byte("+++\ntitle = \"About\"\ndescription = \"D\"\ndate = 2026-01-06\n+++\n")}},
			[]string{`content/about.md:4:1: unknown field "date" (check its spelling in docs/content.md)`},
		},
		{
			"bad file name",
			fstest.MapFS{"content/About_Us.md": {Data: []byte("+++\ntitle = \"About\"\ndescription = \"D\"\n+++\n")}},
			[]string{`content/About_Us.md:1:1: file name gives the slug "About_Us": name pages with lowercase letters, digits and dashes`},
		},
		{
			"no front matter",
			fstest.MapFS{"content/about.md": {Data: []byte("About\n")}},
			[]string{`content/about.md:1:1: the file must start with a line of +++, then TOML front matter, then another +++ line`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := NewMarkdown().LoadPages(tc.files)
			if have := errStrings(errs); !slices.Equal(have, tc.want) {
				t.Errorf("input %s\nhave %q\nwant %q", files(tc.files), have, tc.want)
			}
		})
	}
}

func TestMarkdown(t *testing.T) {
	const md = `## What was agreed

A "quoted" phrase -- and it's ~~gone~~ here.[^1]

| Country | Status |
|---------|--------|
| France  | Announced |

<script>alert("x")</script>

<div onclick="evil()">raw block</div>

Inline <b onmouseover="evil()">bold</b> html.

[bad](javascript:alert(1)) and [also bad](JAVASCRIPT:alert(2))
[France](/countries/france/) [report](https://example.org/r) [anchor](#what-was-agreed)
[ref link][fr] ![map](/img/map.png) [proto-relative](//example.org/x) [relative](../briefs/)

[fr]: /countries/france/#pledge-fr-ground-forces

[^1]: A footnote.
`
	briefs, errs := NewMarkdown().LoadBriefs(fstest.MapFS{
		"content/briefs/x.md": {Data: []byte("+++\ntitle = \"T\"\ndate = 2026-01-06\nsummary = \"S\"\n+++\n" + md)},
	})
	// javascript: links are errors, and never reach the page either.
	const fix = ": URLs are not allowed in Markdown; link to a page of the site, or to an http(s), mailto: or tel: address"
	wantErrs := []string{
		`content/briefs/x.md:20:1: link "javascript:alert(1)": javascript` + fix,
		`content/briefs/x.md:20:32: link "JAVASCRIPT:alert(2)": javascript` + fix,
	}
	if have := errStrings(errs); !slices.Equal(have, wantErrs) || len(briefs) != 1 {
		t.Fatalf("have %d briefs and errors %q, want 1 and %q", len(briefs), have, wantErrs)
	}
	body := bodyOf(t, briefs[0])
	doc := parse(t, body)

	for _, bad := range []string{"<script", "alert(", "onclick", "onmouseover", "evil()", "javascript:", "JAVASCRIPT:"} {
		if strings.Contains(body, bad) {
			t.Errorf("input:\n%s\nbody contains %q:\n%s", md, bad, body)
		}
	}
	for _, tag := range []string{"script", "b"} {
		if n := len(elements(doc, tag)); n > 0 {
			t.Errorf("raw HTML passed through: %d <%s> elements in\n%s", n, tag, body)
		}
	}

	wantHrefs := []string{
		"", "", // javascript: links keep their text but lose their destination
		"../../countries/france/index.html", // index.html named, so it works from disk too
		"https://example.org/r",
		"#what-was-agreed",
		"../../countries/france/index.html#pledge-fr-ground-forces",
		"//example.org/x",
		"../briefs/",
	}
	var links []string
	for _, h := range hrefs(t, body) {
		if !strings.HasPrefix(h, "#fn") { // footnote plumbing, checked below
			links = append(links, h)
		}
	}
	if !slices.Equal(links, wantHrefs) {
		t.Errorf("input:\n%s\nhrefs\nhave %q\nwant %q", md, links, wantHrefs)
	}
	if imgs := elements(doc, "img"); len(imgs) != 1 || attr(imgs[0], "src") != "../../img/map.png" {
		t.Errorf("image src: want ../../img/map.png in\n%s", body)
	}

	checks := []struct {
		what string
		ok   bool
	}{
		{"heading id", len(elements(doc, "h2")) == 1 && attr(elements(doc, "h2")[0], "id") == "h-what-was-agreed"},
		{"table", len(elements(doc, "table")) == 1 && len(elements(doc, "td")) == 2 && len(elements(doc, "th")) == 2},
		{"strikethrough", len(elements(doc, "del")) == 1 && textOf(elements(doc, "del")[0]) == "gone"},
		{"footnote reference", len(elements(doc, "sup")) == 1},
		{"footnote list", strings.Contains(body, "A footnote.") && len(elements(doc, "ol")) == 1},
		{"smart quotes", strings.Contains(textOf(doc), "“quoted”") && strings.Contains(textOf(doc), "it’s")},
		{"en dash", strings.Contains(textOf(doc), "–")},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s not rendered:\n%s", c.what, body)
		}
	}
}

func parse(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatalf("parsing %q: %v", s, err)
	}
	return doc
}

func elements(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && d.Data == tag {
			out = append(out, d)
		}
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

func hrefs(t *testing.T, body string) []string {
	var out []string
	for _, a := range elements(parse(t, body), "a") {
		out = append(out, attr(a, "href"))
	}
	return out
}

func errStrings(l diag.List) []string {
	var out []string
	for _, e := range l.Sort() {
		out = append(out, e.Error())
	}
	return out
}

func files(m fstest.MapFS) string {
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(m)) {
		b.WriteString("\n--- " + name + "\n" + string(m[name].Data))
	}
	return b.String()
}

// bodyOf is b's HTML.
func bodyOf(t *testing.T, b *Brief) string {
	t.Helper()
	return string(b.Body())
}

// A loaded brief holds its text: nothing reads its file again, so the file
// may change or go once it is loaded.
func TestLoadedBriefHoldsItsBody(t *testing.T) {
	fsys := fstest.MapFS{"content/briefs/x.md": {Data: []byte("+++\ntitle = \"T\"\ndate = 2026-01-06\nsummary = \"S\"\n+++\nSee [France](/countries/france/#x) and *this*.\n")}}
	briefs, errs := NewMarkdown().LoadBriefs(fsys)
	if len(errs) > 0 || len(briefs) != 1 {
		t.Fatal(errs)
	}
	before := bodyOf(t, briefs[0])
	delete(fsys, "content/briefs/x.md")
	if after := bodyOf(t, briefs[0]); after != before || !strings.Contains(after, "<em>this</em>") {
		t.Errorf("after the file went:\n%s\nwant\n%s", after, before)
	}
}
