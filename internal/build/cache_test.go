package build

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefing/briefing/internal/site"
	"github.com/briefing/briefing/internal/synth"
	"github.com/briefing/briefing/internal/testenv"
	"github.com/briefing/briefing/internal/testsite"
)

// TestCacheMatchesFull applies random edits, one after another, to a
// generated site (past the thresholds that split the briefs index and the
// timeline), and after each compares what the dev server shows, a Site
// loaded through a Cache that was told which files changed, with what a
// full build of the same folder makes: every file, byte for byte, made
// one by one (File) and all together (Write), or the same errors. The
// edits are the ones editors make: a brief's text, title, summary, date,
// countries or draft flag; new, deleted and restored briefs; broken links
// and missing fields, and their fixes; a page kind's template; in the
// dataset, most of what pages show of it, and new, deleted and moved
// pledges. The third site overrides templates to show what the shipped
// ones do not (every brief's text on its countries' pages, the dataset's
// every pledge on each brief's page).
//
// BRIEFING_LONG=1 (make test-long) runs a longer sequence; the seed is in the test's name.
func TestCacheMatchesFull(t *testing.T) {
	edits := testenv.Scale(25, 300)
	// The second site has one pledge more than site.CompactAt: its matrix
	// is compact, and its snapshots show only the rows of their day, until
	// a pledge is deleted (and until it is restored).
	for _, c := range []struct {
		seed      uint64
		pledges   int
		overrides bool
	}{{1, 100, false}, {2, site.CompactAt + 1, false}, {3, 60, true}} {
		t.Run(fmt.Sprint("seed", c.seed), func(t *testing.T) {
			t.Parallel()
			fsys, err := testsite.Synth(synth.Config{Briefs: 150, Countries: 10, Pledges: c.pledges, Events: -1, Seed: c.seed})
			if err != nil {
				t.Fatal(err)
			}
			if c.overrides {
				override(t, fsys)
			}
			e := &editor{t: t, fsys: fsys, rnd: rand.New(rand.NewPCG(c.seed, 7))}
			cache := loaded(t, fsys)
			for i := range edits {
				what, changed := e.edit(i)
				if err := buildBoth(t, cache, fsys, fmt.Sprintf("edit %d (%s)", i, what), changed...); err != nil {
					t.Logf("edit %d (%s): %.150v", i, what, err)
				}
			}
		})
	}
}

// override gives fsys templates that show more than the theme's: each
// country's page shows the text of its every brief, each brief's page the
// status of every pledge of the dataset.
func override(t testing.TB, fsys fstest.MapFS) {
	t.Helper()
	country := must(fs.ReadFile(theme, "templates/country.html"))
	fsys["templates/country.html"] = &fstest.MapFile{Data: bytes.Replace(country, []byte(`{{define "content"}}`),
		[]byte(`{{define "content"}}{{range .Country.Briefs}}<div class="text">{{.Body}}</div>{{end}}`), 1)}
	brief := must(fs.ReadFile(theme, "templates/brief.html"))
	fsys["templates/brief.html"] = &fstest.MapFile{Data: bytes.Replace(brief, []byte(`{{define "content"}}`),
		[]byte(`{{define "content"}}<ul>{{range .Site.Pledges}}<li>{{.ID}}: {{.Status.Label}}</li>{{end}}</ul>`), 1)}
	if bytes.Equal(country, fsys["templates/country.html"].Data) || bytes.Equal(brief, fsys["templates/brief.html"].Data) {
		t.Fatal("the theme's templates no longer define content where override looks for it")
	}
}

// TestOverriddenTemplates: a site whose country pages show the text of
// their briefs sees a brief's new text there after a save, and a site whose
// brief pages show every pledge's status sees a new status there.
func TestOverriddenTemplates(t *testing.T) {
	t.Parallel()
	fsys, err := testsite.Synth(synth.Config{Briefs: 20, Countries: 5, Pledges: 20, Events: -1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	override(t, fsys)
	cache := loaded(t, fsys)
	name := (&editor{fsys: fsys}).briefs()[0]
	fsys[name] = &fstest.MapFile{Data: append(bytes.Clone(fsys[name].Data), "\nA sentence only this save wrote.\n"...)}
	if err := buildBoth(t, cache, fsys, "a brief's text", name); err != nil {
		t.Fatal(err)
	}
	s := must(cache.Load(fsys))
	found := 0
	for _, n := range s.Names() {
		if strings.HasPrefix(n, "countries/") && bytes.Contains(must3(s.File(n)), []byte("A sentence only this save wrote.")) {
			found++
		}
	}
	if found == 0 {
		t.Error("no country page shows the brief's new text")
	}
}

// TestUnchangedLoad: a load after saves that changed no byte a build reads
// (the same bytes saved again, an editor's temporary file, a file the site
// does not read) returns the last Site itself; a real change does not, and
// is read again alone.
func TestUnchangedLoad(t *testing.T) {
	t.Parallel()
	fsys, err := testsite.Synth(synth.Config{Briefs: 20, Countries: 5, Pledges: 20, Events: -1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	cache := loaded(t, fsys)
	first := must(cache.Load(fsys))
	name := (&editor{fsys: fsys}).briefs()[0]
	fsys[name+".swp"] = &fstest.MapFile{Data: []byte("half a save")}
	fsys["content/notes.txt"] = &fstest.MapFile{Data: []byte("not part of the site")}
	cache.Changed(name, name+".swp", "content/notes.txt")
	if s := must(cache.Load(fsys)); s != first {
		t.Error("saves that changed nothing the build reads made a new Site")
	}
	cache.Changed() // anything may have changed: everything is read again, nothing parsed again
	if s := must(cache.Load(fsys)); s != first {
		t.Error("reading everything again, unchanged, made a new Site")
	}
	fsys[name] = &fstest.MapFile{Data: append(bytes.Clone(fsys[name].Data), "\nMore.\n"...)}
	cache.Changed(name)
	if s := must(cache.Load(fsys)); s == first {
		t.Error("a real change gave the last Site")
	}
}

// buildBoth loads fsys through cache after the files changed, and builds
// it with Run, and fails the test when the two differ in a file or in
// their errors. It returns the error both builds had.
func buildBoth(t *testing.T, cache *Cache, fsys fstest.MapFS, what string, changed ...string) error {
	t.Helper()
	cache.Changed(changed...)
	have := memory{}
	s, err := cache.Load(fsys)
	if s != nil {
		_, werr := s.Write(context.Background(), have, nil)
		err = join(err, werr)
	}
	want := memory{}
	_, werr := Run(fsys, cache.opts, want)
	switch {
	case (err == nil) != (werr == nil):
		t.Fatalf("%s: served error %v, full build error %v", what, err, werr)
	case err != nil:
		if err.Error() != werr.Error() {
			t.Fatalf("%s: errors differ\nserved:\n%v\nfull:\n%v", what, err, werr)
		}
		if s == nil {
			return err
		}
	}
	for name, data := range want {
		if h, ok := have[name]; !ok {
			t.Fatalf("%s: served site lacks %s", what, name)
		} else if !bytes.Equal(h, data) {
			t.Fatalf("%s: %s differs from a full build\n%s", what, name, firstDiff(h, data))
		}
	}
	if len(have) != len(want) {
		t.Fatalf("%s: served site has %d files, a full build %d", what, len(have), len(want))
	}
	// A page made alone, as the dev server makes it when asked, is the
	// same too.
	names := s.Names()
	for range 3 {
		name := names[rand.IntN(len(names))]
		if want[name] == nil {
			continue // a page that could not be made
		}
		if data, ok, err := s.File(name); !ok || err != nil || !bytes.Equal(data, want[name]) {
			t.Fatalf("%s: %s made alone differs from a full build (ok %v, error %v)", what, name, ok, err)
		}
	}
	return err
}

// loaded is a Cache that has loaded fsys once.
func loaded(tb testing.TB, fsys fs.FS) *Cache {
	tb.Helper()
	cache := NewCache(Options{Theme: theme})
	if _, err := cache.Load(fsys); err != nil {
		tb.Fatal(err)
	}
	return cache
}

func must3[T any](v T, _ bool, err error) T { return must(v, err) }

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
	case 0, 1:
		what = "text"
		data = append(data, fmt.Sprintf("\nEdit %d: a new paragraph.\n", i)...)
	case 2: // a standalone page's text, and a link in it, which may lead nowhere until mended
		const page = "content/about.md"
		link := "/countries/"
		if e.broken == "" && e.rnd.IntN(3) == 0 {
			link = "/countries/nowhere/"
			e.broken, e.mend = page, e.fsys[page].Data
		}
		e.fsys[page] = &fstest.MapFile{Data: fmt.Appendf(bytes.Clone(e.fsys[page].Data), "\nEdit %d: see [the countries](%s).\n", i, link)}
		return "page text " + page, []string{page}
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
			statuses := []string{"declined", "considering", "announced", "delivered", "withdrawn"}
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
				return fmt.Appendf(nil, `conditions = [%q, %q]`, e.pick(e.ids("condition")), e.pick(e.ids("condition")))
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
		"summary = \"A pledge of edit %d.\"\nconditions = [%q]\n\n  [[pledge.source]]\n  ref = \"src-00001\"\n  quote = \"The words of edit %d\"\n",
		i, e.pick(e.codes()), e.pick(e.ids("category")), e.pick(e.ids("status")), day, i, e.pick(e.ids("condition")), i)
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
	return fmt.Sprintf("served: …%s…\nfull:   …%s…", a[from:min(len(a), i+120)], b[from:min(len(b), i+120)])
}

func TestCacheBriefsPageCount(t *testing.T) {
	fsys, err := testsite.Synth(synth.Config{Briefs: 2 * site.BriefsPerPage, Countries: 10, Pledges: 100, Events: -1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	cache := loaded(t, fsys)
	name := "content/briefs/2021-06-01-the-oldest-brief.md"
	fsys[name] = &fstest.MapFile{Data: []byte("+++\ntitle = \"The oldest brief\"\ndate = 2021-06-01\nsummary = \"Before everything else.\"\n+++\n\nIt came first.\n")}
	if err := buildBoth(t, cache, fsys, "new oldest brief", name); err != nil {
		t.Fatal(err)
	}
}

// TestCacheFolderLinks: a link to a brief's heading may leave out the
// folder's slash (/briefs/x#h, for briefs/x/index.html). Brief a links to
// a heading of brief x with the slash, brief b without; then one text edit
// either renames the heading or takes a's link out.
func TestCacheFolderLinks(t *testing.T) {
	for _, edit := range []string{"heading renamed", "link with the slash removed"} {
		t.Run(edit, func(t *testing.T) {
			fsys, err := testsite.Synth(synth.Config{Briefs: 20, Countries: 5, Pledges: 20, Events: -1, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			var briefs []string // x, a, b; x does not link to its own heading
			for _, name := range (&editor{fsys: fsys}).briefs() {
				if len(briefs) > 0 || !bytes.Contains(fsys[name].Data, []byte("(#h-what-was-said)")) {
					briefs = append(briefs, name)
				}
			}
			x, a, b := briefs[0], briefs[1], briefs[2]
			slug := strings.TrimSuffix(x[len("content/briefs/")+len("2026-01-02-"):], ".md")
			withSlash := fmt.Sprintf("\nSee [what was said](/briefs/%s/#h-what-was-said).\n", slug)
			without := fmt.Sprintf("\nSee [what was said](/briefs/%s#h-what-was-said).\n", slug)
			before := bytes.Clone(fsys[a].Data)
			fsys[a] = &fstest.MapFile{Data: append(bytes.Clone(before), withSlash...)}
			fsys[b] = &fstest.MapFile{Data: append(bytes.Clone(fsys[b].Data), without...)}
			cache := loaded(t, fsys)
			switch edit {
			case "heading renamed":
				fsys[x] = &fstest.MapFile{Data: bytes.Replace(fsys[x].Data, []byte("## What was said"), []byte("## What was reported"), 1)}
				buildBoth(t, cache, fsys, edit, x)
			case "link with the slash removed":
				fsys[a] = &fstest.MapFile{Data: before}
				buildBoth(t, cache, fsys, edit, a)
			}
		})
	}
}

// TestCacheStaticFragment links to a symbol of an SVG sprite among
// the site's static files: the dev server and full builds must agree on
// whether the fragment is there.
func TestCacheStaticFragment(t *testing.T) {
	fsys, err := testsite.Synth(synth.Config{Briefs: 20, Countries: 5, Pledges: 20, Events: -1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	fsys["static/icons.svg"] = &fstest.MapFile{Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><symbol id="arrow" viewBox="0 0 8 8"><path d="M0 4h8"/></symbol></svg>`)}
	cache := loaded(t, fsys)
	name := (&editor{fsys: fsys}).briefs()[0]
	fsys[name] = &fstest.MapFile{Data: append(bytes.Clone(fsys[name].Data), "\n![An arrow](/icons.svg#arrow)\n"...)}
	buildBoth(t, cache, fsys, "a link to a static file's fragment", name)
}

// TestCacheStaticPageClash adds a brief whose page is a file added among
// the static files (a redirect kept from a renamed brief): a full build
// refuses the HTML file in static/, and the cache says the same.
func TestCacheStaticPageClash(t *testing.T) {
	fsys, err := testsite.Synth(synth.Config{Briefs: 20, Countries: 5, Pledges: 20, Events: -1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	cache := loaded(t, fsys)
	// HTML in static/ is refused (scriptable.go), so the clash can only
	// come with that error: the cache must still say what Run says.
	fsys["static/briefs/moved/index.html"] = &fstest.MapFile{Data: []byte(`<!DOCTYPE html><meta http-equiv="refresh" content="0; url=../elsewhere/"><title>Moved</title>`)}
	name := "content/briefs/2023-03-03-moved.md"
	fsys[name] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Moved\"\ndate = 2023-03-03\nsummary = \"A brief where a redirect was.\"\n+++\n\nText.\n")}
	buildBoth(t, cache, fsys, "a brief named like a static file", name, "static/briefs/moved/index.html")
}

// TestCacheHeadersLink links to the headers file with a change of
// title, which takes the path that re-reads the lists: whether the link
// leads somewhere must not depend on the path.
func TestCacheHeadersLink(t *testing.T) {
	fsys, err := testsite.Synth(synth.Config{Briefs: 20, Countries: 5, Pledges: 20, Events: -1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	cache := loaded(t, fsys)
	name := (&editor{fsys: fsys}).briefs()[0]
	data := titleRE.ReplaceAll(fsys[name].Data, []byte(`title = "Where the headers are"`))
	fsys[name] = &fstest.MapFile{Data: append(data, "\nThe [headers](/_headers) say it.\n"...)}
	buildBoth(t, cache, fsys, "a link to the headers file", name)
}

// buildBoth builds fsys with inc after the files changed and with Run, and
// fails the test when the two differ in a file or in their errors. It

// A save that writes a new file and renames it over the old one (sed -i,
// many editors) names two paths, the temporary file's and the file's; it
// parses again only what a save in place would.
func TestRenameSave(t *testing.T) {
	t.Parallel()
	fsys, err := testsite.Synth(synth.Config{Briefs: 20, Countries: 5, Pledges: 20, Events: -1, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	brief := (&editor{fsys: fsys}).briefs()[0]
	const data = "content/data/pledges.toml"
	for _, file := range []string{brief, data} {
		parsed := map[string]int{}
		for _, how := range []string{"in place", "renamed over"} {
			cache := loaded(t, fsys)
			fsys[file] = &fstest.MapFile{Data: append(bytes.Clone(fsys[file].Data), "\n# "+how+"\n"...)}
			changed := []string{file}
			if how == "renamed over" {
				// The temporary file was written, then renamed: it is gone
				// by the time the site loads.
				changed = []string{path.Dir(file) + "/sedAb12Cd", file}
			}
			cache.Changed(changed...)
			if _, err := cache.Load(fsys); err != nil {
				t.Fatal(err)
			}
			parsed[how] = cache.Parsed()
		}
		if parsed["in place"] != parsed["renamed over"] || parsed["in place"] == 0 {
			t.Errorf("%s: parsed again %d files after a save in place, %d after a rename", file, parsed["in place"], parsed["renamed over"])
		}
	}
}

// TestPrepareCommit: a load changes nothing an earlier Site shows until it
// is committed, so the dev server, making pages of the site it serves
// while the next loads, never shows the text of a load that failed or was
// not put in place; and a load not committed is forgotten by the next,
// which shows the folder as it is.
func TestPrepareCommit(t *testing.T) {
	t.Parallel()
	site := fixture(t)
	const brief = "content/briefs/2026-01-06-first.md"
	const page = "briefs/first/index.html"
	original := site[brief].Data
	setText := func(text string) {
		site[brief] = &fstest.MapFile{Data: append(bytes.Clone(original), "\n"+text+"\n"...)}
	}
	shows := func(s *Site, text string) bool {
		t.Helper()
		data, _, err := s.File(page)
		if err != nil {
			t.Fatal(err)
		}
		return bytes.Contains(data, []byte(text))
	}
	cache := NewCache(Options{Theme: theme})
	first := must(cache.Load(site))

	// A load that will fail, of a new text: the site served shows the old.
	setText("Text of a load that failed.")
	site["content/data/pledges.toml"] = &fstest.MapFile{Data: append(bytes.Clone(site["content/data/pledges.toml"].Data), "[[nope\n"...)}
	cache.Changed(brief, "content/data/pledges.toml")
	if s, err := cache.Prepare(context.Background(), site); s != nil || err == nil {
		t.Fatalf("a broken dataset loaded: %v", err)
	}
	cache.Commit() // nothing to commit
	if shows(first, "Text of a load that failed.") {
		t.Error("the site served shows the text of a load that failed")
	}
	site["content/data/pledges.toml"] = fixture(t)["content/data/pledges.toml"]

	// A load that succeeds but is not committed: the site served is as it was.
	setText("Text of a load not put in place.")
	cache.Changed(brief, "content/data/pledges.toml")
	second, err := cache.Prepare(context.Background(), site)
	if err != nil {
		t.Fatal(err)
	}
	if shows(first, "Text of a load not put in place.") {
		t.Error("a load that was not committed changed the site served")
	}

	// The next load forgets it, and shows the folder as it is once committed.
	setText("Text of the load put in place.")
	cache.Changed(brief)
	third, err := cache.Prepare(context.Background(), site)
	if err != nil {
		t.Fatal(err)
	}
	if third == second {
		t.Error("the load after one not committed returned that one's Site")
	}
	cache.Commit()
	if !shows(third, "Text of the load put in place.") {
		t.Error("the committed load does not show its text")
	}

	// A load stopped on the way is forgotten too; the next reads what it was to read.
	setText("Text of a load that was stopped.")
	cache.Changed(brief)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if s, err := cache.Prepare(ctx, site); s != nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("a stopped load: %v, %v", s, err)
	}
	if shows(third, "Text of a load that was stopped.") {
		t.Error("a stopped load changed the site served")
	}
	fourth := must(cache.Load(site))
	if !shows(fourth, "Text of a load that was stopped.") {
		t.Error("the load after a stopped one did not read the file it was to read")
	}
}
