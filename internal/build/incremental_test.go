package build

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefing/briefing/internal/site"
	"github.com/briefing/briefing/internal/synth"
)

var edits = flag.Int("edits", 120, "edits in TestIncrementalMatchesFull")

// TestIncrementalMatchesFull applies random edits, one after another, to a
// generated site (past the thresholds that split the briefs index and the
// timeline), and after each compares what Incremental makes with what a
// full build of the same folder makes: every file, byte for byte, or the
// same errors. The edits are the ones editors make: a brief's text, title,
// summary, date, countries or draft flag; new, deleted and restored briefs;
// broken links and missing fields, and their fixes; a page kind's template;
// in the dataset, most of what the pages show of it (see editor.dataset)
// and new, deleted and moved pledges.
// Run with -edits N for a longer sequence; the seed is in the test's name.
func TestIncrementalMatchesFull(t *testing.T) {
	// The second site has one pledge more than site.CompactAt: its matrix
	// is compact, and its snapshots show only the rows of their day, until
	// a pledge is deleted (and until it is restored).
	for _, c := range []struct {
		seed    uint64
		pledges int
	}{{1, 100}, {2, site.CompactAt + 1}} {
		seed := c.seed
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			fsys, err := synth.MapFS(synth.Config{Briefs: 150, Countries: 10, Pledges: c.pledges, Events: -1, Seed: seed})
			if err != nil {
				t.Fatal(err)
			}
			e := &editor{t: t, fsys: fsys, rnd: rand.New(rand.NewPCG(seed, 7))}
			inc := builtIncremental(t, fsys)
			patched := 0
			for i := range *edits {
				what, changed := e.edit(i)
				res, err := inc.Build(fsys, changed)
				want := memory{}
				_, werr := Run(fsys, Options{Theme: theme}, want)
				switch {
				case (err == nil) != (werr == nil):
					t.Fatalf("edit %d (%s): incremental error %v, full build error %v", i, what, err, werr)
				case err != nil:
					t.Logf("edit %d (%s): %.150v", i, what, err)
					if err.Error() != werr.Error() {
						t.Fatalf("edit %d (%s): errors differ\nincremental:\n%v\nfull:\n%v", i, what, err, werr)
					}
					continue
				}
				if !res.Full {
					patched++
				} else {
					t.Logf("edit %d (%s): full build", i, what)
				}
				for name, data := range want {
					if have, ok := res.Files[name]; !ok {
						t.Fatalf("edit %d (%s): incremental build lacks %s", i, what, name)
					} else if !bytes.Equal(have, data) {
						t.Fatalf("edit %d (%s): %s differs from a full build (rendered: %d files)\n%s", i, what, name, len(res.Rendered), firstDiff(have, data))
					}
				}
				for name := range res.Files {
					if _, ok := want[name]; !ok {
						t.Fatalf("edit %d (%s): incremental build has %s, which a full build does not", i, what, name)
					}
				}
			}
			if patched < *edits/3 {
				t.Errorf("only %d of %d edits were built incrementally", patched, *edits)
			}
		})
	}
}

// TestIncrementalRendersOnlyDependents checks what a save re-renders: the
// brief's page and the feed when only its text changed; with its title, the
// lists that show it too; nothing but the pages of a kind whose template
// changed; with a pledge's status, the pages that show the pledge.
func TestIncrementalRendersOnlyDependents(t *testing.T) {
	fsys, err := synth.MapFS(synth.Config{Briefs: 150, Countries: 10, Pledges: 100, Events: -1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	inc := builtIncremental(t, fsys)
	names := slices.Sorted(maps.Keys(fsys))
	var name string
	for _, n := range names {
		if strings.HasPrefix(n, "content/briefs/") {
			name = n // the newest brief sorts last by file name
		}
	}
	f := fsys[name]
	slug := strings.TrimSuffix(name[len("content/briefs/")+len("2026-01-02-"):], ".md")

	f.Data = append(bytes.Clone(f.Data), "\nOne more paragraph.\n"...)
	res, err := inc.Build(fsys, []string{name})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"briefs/" + slug + "/index.html", "feed.xml"}; !slices.Equal(res.Rendered, want) || res.Full {
		t.Errorf("after a change of text, rendered %v, want %v", res.Rendered, want)
	}

	f.Data = regexp.MustCompile(`(?m)^title\s*=.*$`).ReplaceAll(f.Data, []byte(`title = "A new title"`))
	res, err = inc.Build(fsys, []string{name})
	if err != nil {
		t.Fatal(err)
	}
	have := strings.Join(res.Rendered, " ")
	for _, want := range []string{"briefs/" + slug + "/index.html", "briefs/index.html", "index.html", "feed.xml", "countries/"} {
		if !strings.Contains(have, want) {
			t.Errorf("after a change of title, %s was not rendered again", want)
		}
	}
	for _, not := range []string{"matrix/", "changes/", "data/", "sitemap.xml", "briefs/page/2/"} {
		if strings.Contains(have, not) {
			t.Errorf("after a change of title, %s was rendered again: it does not show the brief", not)
		}
	}

	theme := must(fs.ReadFile(theme, "templates/changes.html"))
	fsys["templates/changes.html"] = &fstest.MapFile{Data: bytes.Replace(theme, []byte("<h1>Changes</h1>"), []byte("<h1>Every change</h1>"), 1)}
	res, err = inc.Build(fsys, []string{"templates/changes.html"})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range res.Rendered {
		if !strings.HasPrefix(n, "changes/") {
			t.Errorf("after a change of the changes template, %s was rendered again", n)
		}
	}
	if len(res.Rendered) == 0 || !bytes.Contains(res.Files["changes/index.html"], []byte("Every change")) {
		t.Errorf("the changes template's change is not in the changes page")
	}

	// One pledge's new status reaches the pages that show it: its own page,
	// its country's, the snapshots from its date to its next entry's (which
	// says what it changed from), and the pages that show all the dataset
	// (the matrix, the downloads); not the briefs' pages, which show only
	// the countries and sources they name, nor other pledges and countries.
	pledges := fsys["content/data/pledges.toml"]
	id := string(idRE.FindSubmatch(pledges.Data)[1])
	at := statusRE.FindIndex(pledges.Data) // the first pledge's own
	status := "withdrawn"
	if bytes.Contains(pledges.Data[at[0]:at[1]], []byte(status)) {
		status = "signed"
	}
	pledges.Data = slices.Concat(pledges.Data[:at[0]], fmt.Appendf(nil, "status = %q", status), pledges.Data[at[1]:])
	var p *site.Pledge
	for _, sp := range inc.last.site.Pledges {
		if sp.ID == id {
			p = sp
		}
	}
	res, err = inc.Build(fsys, []string{"content/data/pledges.toml"})
	if err != nil {
		t.Fatal(err)
	}
	have = strings.Join(res.Rendered, " ")
	if res.Full || !strings.Contains(have, "matrix/index.html") || !strings.Contains(have, "data/pledges.json") {
		t.Errorf("after a change of status, rendered %d files: not the matrix and downloads", len(res.Rendered))
	}
	snapshots := 0
	for _, name := range res.Rendered {
		dir, _ := strings.CutSuffix(name, "/index.html")
		kind, rest, _ := strings.Cut(dir, "/")
		switch {
		case rest == "":
		case kind == "pledges" && rest != p.ID, kind == "countries" && dir+"/" != p.Country.URL(),
			kind == "briefs" && !strings.HasPrefix(rest, "page/"):
			t.Errorf("after a change of status of %s, %s was rendered again", p.ID, name)
		case kind == "matrix":
			snapshots++
			if rest < p.Date.String() || len(p.History) > 1 && rest > p.History[1].Date.String() {
				t.Errorf("after a change of status of %s on %s, %s was rendered again", p.ID, p.Date, name)
			}
		}
	}
	for _, want := range []string{p.URL() + "index.html", p.Country.URL() + "index.html", "matrix/" + p.Date.String() + "/index.html"} {
		if !slices.Contains(res.Rendered, want) {
			t.Errorf("after a change of status of %s, %s was not rendered again", p.ID, want)
		}
	}
	t.Logf("after a change of status: %d files rendered again, %d of them snapshots, of %d files", len(res.Rendered), snapshots, len(res.Files))
}

// editor makes random edits to a site in memory.
type editor struct {
	t      *testing.T
	fsys   fstest.MapFS
	rnd    *rand.Rand
	broken string // a brief deleted, made a draft or broken, to mend
	mend   []byte // what it was before
}

var (
	titleRE     = regexp.MustCompile(`(?m)^title\s*=.*$`)
	summaryRE   = regexp.MustCompile(`(?m)^summary\s*=.*$`)
	dateRE      = regexp.MustCompile(`(?m)^date\s*=.*$`)
	countriesRE = regexp.MustCompile(`(?m)^countries\s*=.*$`)
	statusRE    = regexp.MustCompile(`(?m)^\s*status\s*=.*$`)
	nameRE      = regexp.MustCompile(`(?m)^name\s*=.*$`)
	labelRE     = regexp.MustCompile(`(?m)^label\s*=.*$`)
	codeRE      = regexp.MustCompile(`(?m)^code\s*=\s*"(\w+)"`)
	draftRE     = regexp.MustCompile(`(?m)^draft\s*=.*$`)

	headerRE      = regexp.MustCompile(`(?m)^[ \t]*\[\[([\w.]+)\]\]`)
	pledgeRE      = regexp.MustCompile(`(?m)^\[\[pledge\]\]`)
	idRE          = regexp.MustCompile(`(?m)^id\s*=\s*"([\w-]+)"`)
	descriptionRE = regexp.MustCompile(`(?m)^description\s*=.*$`)
	symbolRE      = regexp.MustCompile(`(?m)^symbol\s*=.*$`)
	profileRE     = regexp.MustCompile(`(?m)^profile\s*=.*$`)
	roleRE        = regexp.MustCompile(`(?m)^role\s*=.*$`)
	leadersRE     = regexp.MustCompile(`(?m)^leaders\s*=.*$`)
	countryRE     = regexp.MustCompile(`(?m)^country\s*=.*$`)
	categoryRE    = regexp.MustCompile(`(?m)^category\s*=.*$`)
	locationRE    = regexp.MustCompile(`(?m)^location\s*=.*$`)
	conditionsRE  = regexp.MustCompile(`(?m)^conditions\s*=.*$`)
	publisherRE   = regexp.MustCompile(`(?m)^publisher\s*=.*$`)
	urlRE         = regexp.MustCompile(`(?m)^url\s*=.*$`)
	nestedDateRE  = regexp.MustCompile(`(?m)^[ \t]+date\s*=.*$`)
	noteRE        = regexp.MustCompile(`(?m)^[ \t]*note\s*=.*$`)
	quoteRE       = regexp.MustCompile(`(?m)^[ \t]*quote\s*=.*$`)
	speakerRE     = regexp.MustCompile(`(?m)^[ \t]*speaker\s*=.*$`)
	dayRE         = regexp.MustCompile(`\d{4}-\d\d-\d\d`)
	nameQuotedRE  = regexp.MustCompile(`"(.*)"`)
)

// edit makes one edit and returns what it was and the files it changed.
func (e *editor) edit(i int) (string, []string) {
	briefs := e.briefs()
	name := briefs[e.rnd.IntN(len(briefs))]
	f := e.fsys[name]
	data := bytes.Clone(f.Data)
	front := func(re *regexp.Regexp, line string) {
		if re.Match(data) {
			data = re.ReplaceAll(data, []byte(line))
		} else {
			data = bytes.Replace(data, []byte("+++\n"), []byte("+++\n"+line+"\n"), 1)
		}
	}
	// Edits that may break the site (a brief that others link to
	// deleted or made a draft, a broken link, a missing field) are undone
	// a few edits later, one at a time, so that most edits build.
	if e.broken != "" && (name == e.broken || e.rnd.IntN(2) == 0) {
		name = e.broken
		e.fsys[name] = &fstest.MapFile{Data: e.mend}
		e.broken = ""
		return "mend " + name, []string{name}
	}
	what := ""
	switch op := e.rnd.IntN(30); op {
	case 0, 1, 2:
		what = "text"
		data = append(data, fmt.Sprintf("\nEdit %d: a new paragraph.\n", i)...)
	case 3:
		what = "title"
		front(titleRE, fmt.Sprintf("title = %q", fmt.Sprint("Title of edit ", i)))
	case 4:
		what = "summary"
		front(summaryRE, fmt.Sprintf("summary = %q", fmt.Sprint("Summary of edit ", i)))
	case 5:
		what = "date"
		front(dateRE, fmt.Sprintf("date = %d-%02d-%02d", 2022+e.rnd.IntN(5), 1+e.rnd.IntN(12), 1+e.rnd.IntN(28)))
	case 6:
		what = "countries"
		front(countriesRE, fmt.Sprintf("countries = [%q, %q]", e.pick(e.codes()), e.pick(e.codes())))
	case 12, 13:
		return e.data(i, "content/data/pledges.toml", statusRE, func(old []byte) []byte {
			statuses := []string{"declined", "considering", "announced", "signed", "delivered", "withdrawn"}
			return fmt.Appendf(nil, `status = %q`, statuses[e.rnd.IntN(len(statuses))])
		})
	case 14:
		return e.data(i, "content/data/sources.toml", titleRE, func(old []byte) []byte {
			return fmt.Appendf(nil, `title = "Source title of edit %d"`, i)
		})
	case 16:
		return e.data(i, "content/data/pledges.toml", summaryRE, func(old []byte) []byte {
			return fmt.Appendf(nil, `summary = "Pledge summary of edit %d"`, i)
		})
	case 17:
		return e.data(i, "content/data/vocabulary.toml", labelRE, func(old []byte) []byte {
			return fmt.Appendf(nil, `label = "Label of edit %d"`, i)
		})
	case 18, 19, 20, 21, 22, 23, 24, 25, 26, 27:
		return e.dataset(i)
	case 7:
		what = "new brief"
		name = fmt.Sprintf("content/briefs/2025-%02d-%02d-new-brief-%d.md", 1+e.rnd.IntN(12), 1+e.rnd.IntN(28), i)
		front(titleRE, fmt.Sprintf("title = %q", fmt.Sprint("New brief ", i)))
	default:
		if e.broken != "" {
			return e.edit(i)
		}
		e.broken, e.mend = name, f.Data
		switch op {
		case 8:
			what = "draft"
			front(draftRE, "draft = true")
		case 9:
			delete(e.fsys, name)
			return "delete " + name, []string{name}
		case 10:
			what = "broken link"
			data = append(data, "\nSee [nothing](/briefs/no-such-brief/).\n"...)
		case 11:
			what = "missing title"
			data = titleRE.ReplaceAll(data, nil)
		case 15: // a new name is a new URL, which links in briefs miss
			e.broken, e.mend = "content/data/countries.toml", e.fsys["content/data/countries.toml"].Data
			return e.data(i, e.broken, nameRE, func(old []byte) []byte { return fmt.Appendf(nil, `name = "Renamed %d"`, i) })
		case 28, 29:
			// Each may break the site (links want a pledge on its
			// country's page; history goes in date order), or tip the
			// matrix over site.CompactAt or back.
			const file = "content/data/pledges.toml"
			e.broken, e.mend = file, e.fsys[file].Data
			switch e.rnd.IntN(5) {
			case 0:
				return e.field(i, file, "pledge.history", nestedDateRE, func(old []byte) []byte {
					d := must(time.Parse("2006-01-02", string(dayRE.Find(old))))
					return fmt.Appendf(nil, "  date = %s", d.AddDate(0, 0, e.rnd.IntN(11)-5).Format("2006-01-02"))
				})
			case 1:
				return e.field(i, file, "pledge.history", noteRE, func(old []byte) []byte { return append(bytes.Clone(old), "\n  draft = true"...) })
			case 2:
				return e.field(i, file, "pledge", countryRE, func(old []byte) []byte { return fmt.Appendf(nil, "country = %q", e.pick(e.codes())) })
			case 3:
				return e.newPledge(i)
			default:
				src := e.fsys[file].Data
				all := pledgeRE.FindAllIndex(src, -1)
				k := e.rnd.IntN(len(all))
				end := len(src)
				if k+1 < len(all) {
					end = all[k+1][0]
				}
				e.fsys[file] = &fstest.MapFile{Data: append(bytes.Clone(src[:all[k][0]]), src[end:]...)}
				return fmt.Sprintf("data %s: pledge deleted (edit %d)", file, i), []string{file}
			}
		}
	}
	e.fsys[name] = &fstest.MapFile{Data: data}
	if e.rnd.IntN(15) == 0 { // sometimes a template changes in the same save
		kinds := []string{"brief", "briefs", "country", "timeline", "pledge", "home", "layout", "partials"}
		kind := kinds[e.rnd.IntN(len(kinds))]
		tmpl := "templates/" + kind + ".html"
		src := must(fs.ReadFile(theme, tmpl))
		src = bytes.Replace(src, []byte(`{{define "content"}}`), fmt.Appendf(nil, `{{define "content"}}<p hidden>%d</p>`, i), 1)
		src = bytes.Replace(src, []byte(`<main id="main"`), fmt.Appendf(nil, `<main data-edit="%d" id="main"`, i), 1)
		src = bytes.Replace(src, []byte(`<span class="status `), fmt.Appendf(nil, `<span data-edit="%d" class="status `, i), 1)
		e.fsys[tmpl] = &fstest.MapFile{Data: src}
		return what + " and template " + kind, []string{name, tmpl}
	}
	return what + " " + name, []string{name}
}

// data replaces one line of a data file that re matches, chosen at random,
// with what line makes of it.
func (e *editor) data(i int, file string, re *regexp.Regexp, line func([]byte) []byte) (string, []string) {
	return e.field(i, file, "", re, line)
}

// field is data for the lines in tables of one kind only ("pledge.history");
// "" is any.
func (e *editor) field(i int, file, table string, re *regexp.Regexp, line func([]byte) []byte) (string, []string) {
	src := e.fsys[file].Data
	heads := headerRE.FindAllSubmatchIndex(src, -1)
	var all [][]int
	for _, at := range re.FindAllIndex(src, -1) {
		k := 0 // the header the line is under, plus one
		for k < len(heads) && heads[k][0] < at[0] {
			k++
		}
		if table == "" || k > 0 && string(src[heads[k-1][2]:heads[k-1][3]]) == table {
			all = append(all, at)
		}
	}
	if len(all) == 0 {
		e.t.Fatalf("edit %d: no line of %s matches %v in a [[%s]]", i, file, re, table)
	}
	at := all[e.rnd.IntN(len(all))]
	out := append(append(bytes.Clone(src[:at[0]]), line(src[at[0]:at[1]])...), src[at[1]:]...)
	e.fsys[file] = &fstest.MapFile{Data: out}
	return fmt.Sprintf("data %s [[%s]] %q (edit %d)", file, cmp.Or(table, "*"), src[at[0]:at[1]], i), []string{file}
}

// dataset makes an edit to the dataset that leaves the site whole, of what
// the pages of countries, pledges and snapshots show of it: the
// vocabularies' words and order; a country's name (not its address),
// profile, role and leaders; an event's title, date, summary, countries and
// quotes; a pledge's category, location, date and conditions, its history's
// notes, and quotes and speakers; a source's date, publisher and address.
func (e *editor) dataset(i int) (string, []string) {
	const (
		vocabulary = "content/data/vocabulary.toml"
		countries  = "content/data/countries.toml"
		events     = "content/data/events.toml"
		pledges    = "content/data/pledges.toml"
		sources    = "content/data/sources.toml"
	)
	set := func(format string, v ...any) func([]byte) []byte {
		return func(old []byte) []byte { return fmt.Appendf(nil, format, v...) }
	}
	day := func(from, years int) string {
		return fmt.Sprintf("%d-%02d-%02d", from+e.rnd.IntN(years), 1+e.rnd.IntN(12), 1+e.rnd.IntN(28))
	}
	switch e.rnd.IntN(24) {
	case 0:
		return e.field(i, vocabulary, "category", labelRE, set(`label = "Category of edit %d"`, i))
	case 1:
		return e.field(i, vocabulary, "location", labelRE, set(`label = "Location of edit %d"`, i))
	case 2:
		return e.field(i, vocabulary, "role", labelRE, set(`label = "Role of edit %d"`, i))
	case 3:
		return e.field(i, vocabulary, "role", descriptionRE, set(`description = "What the role of edit %d does."`, i))
	case 4:
		return e.field(i, vocabulary, "status", symbolRE, set(`symbol = "%c"`, 'α'+rune(i%24)))
	case 5:
		return e.field(i, countries, "country", profileRE, set(`profile = "The profile of edit %d."`, i))
	case 6:
		return e.field(i, countries, "country", roleRE, set(`role = %q`, e.pick([]string{"lead", "backstop", "host", "participant", "coalition", "non-member"})))
	case 7:
		leaders := []string{`[]`, fmt.Sprintf(`["Envoy of edit %d"]`, i), fmt.Sprintf(`["Envoy of edit %d", "Minister of edit %d"]`, i, i)}
		return e.field(i, countries, "country", leadersRE, set(`leaders = %s`, e.pick(leaders)))
	case 8:
		return e.field(i, events, "event", titleRE, set(`title = "Event of edit %d"`, i))
	case 9: // a day later or earlier mostly moves it on its pages, not among other entries
		return e.field(i, events, "event", dateRE, func(old []byte) []byte {
			if d, err := time.Parse("2006-01-02", string(dayRE.Find(old))); err == nil && e.rnd.IntN(3) > 0 {
				return fmt.Appendf(nil, "date = %s", d.AddDate(0, 0, 1-2*e.rnd.IntN(2)).Format("2006-01-02"))
			}
			return fmt.Appendf(nil, "date = %s", e.pick([]string{day(2021, 6), `"2023"`, `"2024-03"`}))
		})
	case 10:
		return e.field(i, events, "event", summaryRE, set(`summary = "What happened in edit %d."`, i))
	case 11:
		return e.field(i, events, "event", countriesRE, set(`countries = [%q, %q]`, e.pick(e.codes()), e.pick(e.codes())))
	case 12:
		return e.field(i, e.pick([]string{events, pledges}), "", quoteRE, set(`  quote = "The words of edit %d"`, i))
	case 13:
		return e.field(i, pledges, "", speakerRE, set(`  speaker = "Speaker of edit %d"`, i))
	case 14:
		return e.field(i, pledges, "pledge", categoryRE, set(`category = %q`, e.pick(e.ids("category"))))
	case 15:
		return e.field(i, pledges, "pledge", locationRE, set(`location = %q`, e.pick([]string{"inside", "outside", ""})))
	case 16:
		return e.field(i, pledges, "pledge", dateRE, set(`date = %s`, day(2021, 1))) // before every entry of its history
	case 17, 21:
		return e.field(i, pledges, "pledge", conditionsRE, func(old []byte) []byte { // none, or some: the matrix says which
			if bytes.HasSuffix(old, []byte("[]")) || e.rnd.IntN(2) == 0 {
				return fmt.Appendf(nil, `conditions = ["If edit %d holds", "With a UN mandate"]`, i)
			}
			return []byte(`conditions = []`)
		})
	case 18:
		return e.field(i, sources, "source", []*regexp.Regexp{dateRE, publisherRE, urlRE}[e.rnd.IntN(3)], func(old []byte) []byte {
			switch {
			case dateRE.Match(old):
				return fmt.Appendf(nil, "date = %s", day(2022, 4))
			case publisherRE.Match(old):
				return fmt.Appendf(nil, `publisher = "Publisher of edit %d"`, i)
			}
			return fmt.Appendf(nil, `url = "https://example.org/edit/%d"`, i)
		})
	case 19: // the same address: a new one breaks the links to it
		return e.field(i, countries, "country", nameRE, func(old []byte) []byte {
			name := strings.TrimRight(string(nameQuotedRE.FindSubmatch(old)[1]), "!")
			return fmt.Appendf(nil, "name = %q", e.pick([]string{strings.ToUpper(name), strings.ToLower(name), name + "!"}))
		})
	case 20: // the first of a vocabulary's terms last
		src := e.fsys[vocabulary].Data
		heads := headerRE.FindAllSubmatchIndex(src, -1)
		kind := e.pick([]string{"status", "category"})
		for k, h := range heads {
			if string(src[h[2]:h[3]]) == kind {
				end := len(src)
				if k+1 < len(heads) {
					end = heads[k+1][0]
				}
				out := slices.Concat(src[:h[0]], src[end:], []byte("\n"), src[h[0]:end])
				e.fsys[vocabulary] = &fstest.MapFile{Data: out}
				break
			}
		}
		return fmt.Sprintf("data %s: the first %s last (edit %d)", vocabulary, kind, i), []string{vocabulary}
	default:
		return e.field(i, pledges, "pledge.history", noteRE, set(`  note = "Why edit %d changed it."`, i))
	}
}

// newPledge adds a pledge at the end of the pledges.
func (e *editor) newPledge(i int) (string, []string) {
	const file = "content/data/pledges.toml"
	day := fmt.Sprintf("%d-%02d-%02d", 2022+e.rnd.IntN(5), 1+e.rnd.IntN(12), 1+e.rnd.IntN(28))
	pledge := fmt.Sprintf("\n[[pledge]]\nid = \"new-%d\"\ncountry = %q\ncategory = %q\nstatus = %q\nlocation = \"inside\"\ndate = %s\n"+
		"summary = \"A pledge of edit %d.\"\nconditions = [\"If edit %d holds\"]\n\n  [[pledge.source]]\n  ref = \"src-00001\"\n  quote = \"The words of edit %d\"\n",
		i, e.pick(e.codes()), e.pick(e.ids("category")), e.pick(e.ids("status")), day, i, i, i)
	e.fsys[file] = &fstest.MapFile{Data: append(bytes.Clone(e.fsys[file].Data), pledge...)}
	return fmt.Sprintf("data %s: new pledge (edit %d)", file, i), []string{file}
}

// codes are the codes of the dataset's countries.
func (e *editor) codes() []string {
	var codes []string
	for _, m := range codeRE.FindAllSubmatch(e.fsys["content/data/countries.toml"].Data, -1) {
		codes = append(codes, string(m[1]))
	}
	return codes
}

// ids are the ids of a vocabulary's terms ("status", "category").
func (e *editor) ids(vocabulary string) []string {
	src := e.fsys["content/data/vocabulary.toml"].Data
	heads := headerRE.FindAllSubmatchIndex(src, -1)
	var ids []string
	for k, h := range heads {
		end := len(src)
		if k+1 < len(heads) {
			end = heads[k+1][0]
		}
		if string(src[h[2]:h[3]]) == vocabulary {
			if m := idRE.FindSubmatch(src[h[1]:end]); m != nil {
				ids = append(ids, string(m[1]))
			}
		}
	}
	return ids
}

func (e *editor) pick(from []string) string { return from[e.rnd.IntN(len(from))] }

func (e *editor) briefs() []string {
	var out []string
	for name := range e.fsys {
		if strings.HasPrefix(name, "content/briefs/") {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// firstDiff shows where two files part.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-120)
	return fmt.Sprintf("incremental: …%s…\nfull:        …%s…", a[from:min(len(a), i+120)], b[from:min(len(b), i+120)])
}

// TestIncrementalBriefsPageCount adds the oldest brief to a site with
// exactly two pages of briefs: a third page appears, and every page of the
// index says how many there are ("Page 1 of 3"), though the first page's
// briefs and neighbours are as they were.
func TestIncrementalBriefsPageCount(t *testing.T) {
	fsys, err := synth.MapFS(synth.Config{Briefs: 2 * site.BriefsPerPage, Countries: 10, Pledges: 100, Events: -1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	inc := builtIncremental(t, fsys)
	name := "content/briefs/2021-06-01-the-oldest-brief.md"
	fsys[name] = &fstest.MapFile{Data: []byte("+++\ntitle = \"The oldest brief\"\ndate = 2021-06-01\nsummary = \"Before everything else.\"\n+++\n\nIt came first.\n")}
	if err := buildBoth(t, inc, fsys, "new oldest brief", name); err != nil {
		t.Fatal(err)
	}
}

// TestIncrementalFolderLinks: a link to a brief's heading may leave out the
// folder's slash (/briefs/x#h, for briefs/x/index.html). Brief a links to
// a heading of brief x with the slash, brief b without; then one text edit
// either renames the heading or takes a's link out.
func TestIncrementalFolderLinks(t *testing.T) {
	for _, edit := range []string{"heading renamed", "link with the slash removed"} {
		t.Run(edit, func(t *testing.T) {
			fsys, err := synth.MapFS(synth.Config{Briefs: 20, Countries: 5, Pledges: 20, Events: -1, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			var briefs []string // x, a, b; x does not link to its own heading
			for _, name := range (&editor{fsys: fsys}).briefs() {
				if len(briefs) > 0 || !bytes.Contains(fsys[name].Data, []byte("(#what-was-said)")) {
					briefs = append(briefs, name)
				}
			}
			x, a, b := briefs[0], briefs[1], briefs[2]
			slug := strings.TrimSuffix(x[len("content/briefs/")+len("2026-01-02-"):], ".md")
			withSlash := fmt.Sprintf("\nSee [what was said](/briefs/%s/#what-was-said).\n", slug)
			without := fmt.Sprintf("\nSee [what was said](/briefs/%s#what-was-said).\n", slug)
			before := bytes.Clone(fsys[a].Data)
			fsys[a] = &fstest.MapFile{Data: append(bytes.Clone(before), withSlash...)}
			fsys[b] = &fstest.MapFile{Data: append(bytes.Clone(fsys[b].Data), without...)}
			inc := builtIncremental(t, fsys)
			switch edit {
			case "heading renamed":
				fsys[x] = &fstest.MapFile{Data: bytes.Replace(fsys[x].Data, []byte("## What was said"), []byte("## What was reported"), 1)}
				buildBoth(t, inc, fsys, edit, x)
			case "link with the slash removed":
				fsys[a] = &fstest.MapFile{Data: before}
				buildBoth(t, inc, fsys, edit, a)
			}
		})
	}
}

// TestIncrementalStaticFragment links to a symbol of an SVG sprite among
// the site's static files: incremental and full builds must agree on
// whether the fragment is there.
func TestIncrementalStaticFragment(t *testing.T) {
	fsys, err := synth.MapFS(synth.Config{Briefs: 20, Countries: 5, Pledges: 20, Events: -1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	fsys["static/icons.svg"] = &fstest.MapFile{Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><symbol id="arrow" viewBox="0 0 8 8"><path d="M0 4h8"/></symbol></svg>`)}
	inc := builtIncremental(t, fsys)
	name := (&editor{fsys: fsys}).briefs()[0]
	fsys[name] = &fstest.MapFile{Data: append(bytes.Clone(fsys[name].Data), "\n![An arrow](/icons.svg#arrow)\n"...)}
	buildBoth(t, inc, fsys, "a link to a static file's fragment", name)
}

// TestIncrementalStaticPageClash adds a brief whose page is a file the
// site already has among its static files (a redirect kept from a renamed
// brief): a full build refuses to write the name twice.
func TestIncrementalStaticPageClash(t *testing.T) {
	fsys, err := synth.MapFS(synth.Config{Briefs: 20, Countries: 5, Pledges: 20, Events: -1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	fsys["static/briefs/moved/index.html"] = &fstest.MapFile{Data: []byte(`<!DOCTYPE html><meta http-equiv="refresh" content="0; url=../elsewhere/"><title>Moved</title>`)}
	inc := builtIncremental(t, fsys)
	name := "content/briefs/2023-03-03-moved.md"
	fsys[name] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Moved\"\ndate = 2023-03-03\nsummary = \"A brief where a redirect was.\"\n+++\n\nText.\n")}
	buildBoth(t, inc, fsys, "a brief named like a static file", name)
}

// TestIncrementalHeadersLink links to the headers file with a change of
// title, which takes the path that re-reads the lists: whether the link
// leads somewhere must not depend on the path.
func TestIncrementalHeadersLink(t *testing.T) {
	fsys, err := synth.MapFS(synth.Config{Briefs: 20, Countries: 5, Pledges: 20, Events: -1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	inc := builtIncremental(t, fsys)
	name := (&editor{fsys: fsys}).briefs()[0]
	data := titleRE.ReplaceAll(fsys[name].Data, []byte(`title = "Where the headers are"`))
	fsys[name] = &fstest.MapFile{Data: append(data, "\nThe [headers](/_headers) say it.\n"...)}
	buildBoth(t, inc, fsys, "a link to the headers file", name)
}

// buildBoth builds fsys with inc after the files changed and with Run, and
// fails the test when the two differ in a file or in their errors. It
// returns the error both builds had.
func buildBoth(t *testing.T, inc *Incremental, fsys fstest.MapFS, what string, changed ...string) error {
	t.Helper()
	res, err := inc.Build(fsys, changed)
	want := memory{}
	_, werr := Run(fsys, inc.opts, want)
	switch {
	case (err == nil) != (werr == nil):
		t.Fatalf("%s: incremental error %v, full build error %v", what, err, werr)
	case err != nil:
		if err.Error() != werr.Error() {
			t.Fatalf("%s: errors differ\nincremental:\n%v\nfull:\n%v", what, err, werr)
		}
		return err
	}
	for name, data := range want {
		if have, ok := res.Files[name]; !ok {
			t.Fatalf("%s: incremental build lacks %s", what, name)
		} else if !bytes.Equal(have, data) {
			t.Fatalf("%s: %s differs from a full build (rendered: %d files)\n%s", what, name, len(res.Rendered), firstDiff(have, data))
		}
	}
	for name := range res.Files {
		if _, ok := want[name]; !ok {
			t.Fatalf("%s: incremental build has %s, which a full build does not", what, name)
		}
	}
	return nil
}

// builtIncremental is an Incremental that has built fsys once, in full.
func builtIncremental(tb testing.TB, fsys fs.FS) *Incremental {
	tb.Helper()
	inc := NewIncremental(Options{Theme: theme})
	if _, err := inc.Build(fsys, nil); err != nil {
		tb.Fatal(err)
	}
	return inc
}
