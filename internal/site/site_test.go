package site

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefing/briefing/internal/config"
	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/testsite"
)

// matrix is testsite's matrix site: six countries written out of order,
// seven pledges over three categories, three events and three briefs.
func matrix(t *testing.T) fstest.MapFS {
	t.Helper()
	return testsite.FS(t, "matrix")
}

// file is a MapFS file of the text src.
func file(src string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(src)} }

func pledge(id, country, category, status, date string) string {
	return fmt.Sprintf("[[pledge]]\nid = %q\ncountry = %q\ncategory = %q\nstatus = %q\ndate = %s\nsummary = \"s\"\n  [[pledge.source]]\n  ref = \"paris-report\"\n  quote = \"q\"\n\n",
		id, country, category, status, date)
}

func event(title, date string, countries ...string) string {
	return fmt.Sprintf("[[event]]\ntitle = %q\ndate = %s\nsummary = \"s\"\ncountries = [\"%s\"]\n  [[event.source]]\n  ref = \"paris-report\"\n\n",
		title, date, strings.Join(countries, `", "`))
}

// brief puts title on line 2, date on 3, summary on 4 and extra from line 5.
func brief(title, date string, extra ...string) string {
	return fmt.Sprintf("+++\ntitle = %q\ndate = %s\nsummary = \"s\"\n%s\n+++\n\nBody.\n", title, date, strings.Join(extra, "\n"))
}

// load builds the model from the files of fsys, failing on any load error.
func load(t *testing.T, fsys fstest.MapFS, cfg config.Config, opts Options) (*Site, diag.List) {
	t.Helper()
	data, errs := dataset.Load(fsys)
	if len(errs) > 0 {
		t.Fatalf("dataset: %v", errs.Sort())
	}
	briefs, errs := content.NewMarkdown().LoadBriefs(fsys)
	if len(errs) > 0 {
		t.Fatalf("briefs: %v", errs.Sort())
	}
	return New(cfg, data, briefs, nil, opts)
}

func mustLoad(t *testing.T, opts Options) *Site {
	t.Helper()
	s, errs := load(t, matrix(t), config.Default(), opts)
	if len(errs) > 0 {
		t.Fatalf("site.New: %v", errs.Sort())
	}
	return s
}

func TestCountries(t *testing.T) {
	s := mustLoad(t, Options{})
	var have []string
	for _, c := range s.Countries {
		have = append(have, c.Code)
	}
	// Groups first, then by name.
	if want := []string{"coalition", "nordic-baltic", "FR", "DE", "UA", "GB"}; !slices.Equal(have, want) {
		t.Errorf("country order\nhave %q\nwant %q", have, want)
	}
	if s.Nations != 3 {
		t.Errorf("Nations: have %d, want 3 (groups and the beneficiary not counted)", s.Nations)
	}
	fr := s.CountryByCode("FR")
	if fr == nil || fr.URL() != "countries/france/" || fr.Role == nil || fr.Role.ID != "lead" {
		t.Fatalf("CountryByCode(FR) = %+v", fr)
	}
	if s.CountryByCode("XX") != nil {
		t.Errorf("CountryByCode(XX) should be nil")
	}
	var pledges []string
	for _, p := range fr.Pledges {
		pledges = append(pledges, p.ID)
	}
	// In category order, then by date.
	if want := []string{"fr-monitoring", "fr-ground", "fr-hubs-2", "fr-hubs-1"}; !slices.Equal(pledges, want) {
		t.Errorf("France's pledges\nhave %q\nwant %q", pledges, want)
	}
	p := fr.Pledges[0]
	if p.Country != fr || p.Category.ID != "monitoring" || p.Status.ID != "delivered" || p.Location != nil ||
		p.Anchor() != "pledge-fr-monitoring" || p.URL() != "pledges/fr-monitoring/" || p.OnCountryPage() != "countries/france/#pledge-fr-monitoring" {
		t.Errorf("resolved pledge: have country %s, category %v, status %v, location %v, URL %s", p.Country.Code, p.Category, p.Status, p.Location, p.URL())
	}
	var all []string
	for _, p := range s.Pledges {
		all = append(all, p.ID)
	}
	if want := []string{"coalition-monitoring", "fr-monitoring", "fr-ground", "fr-hubs-2", "fr-hubs-1", "de-ground", "gb-ground"}; !slices.Equal(all, want) {
		t.Errorf("Site.Pledges in matrix order\nhave %q\nwant %q", all, want)
	}
}

func TestMatrix(t *testing.T) {
	s := mustLoad(t, Options{})
	m := s.Matrix
	var cats []string
	for _, c := range m.Categories {
		cats = append(cats, c.ID)
	}
	if want := []string{"monitoring", "ground-forces", "hubs"}; !slices.Equal(cats, want) {
		t.Fatalf("columns: have %q, want %q", cats, want)
	}
	var rows []string
	for _, r := range m.Rows {
		var cells []string
		for i, c := range r.Cells {
			if c.Category != m.Categories[i] {
				t.Errorf("row %s cell %d: category %s, want %s", r.Country.Code, i, c.Category.ID, m.Categories[i].ID)
			}
			var ids []string
			for _, p := range c.Pledges {
				ids = append(ids, p.ID)
			}
			cells = append(cells, "["+strings.Join(ids, " ")+"]")
		}
		rows = append(rows, fmt.Sprintf("%s %s =%d", r.Country.Code, strings.Join(cells, ""), r.Total))
	}
	want := []string{
		"coalition [coalition-monitoring][][] =1",
		"nordic-baltic [][][] =0",
		"FR [fr-monitoring][fr-ground][fr-hubs-2 fr-hubs-1] =4",
		"DE [][de-ground][] =1",
		"GB [][gb-ground][] =1",
	}
	if !slices.Equal(rows, want) {
		t.Errorf("matrix rows\nhave %s\nwant %s", strings.Join(rows, "\n     "), strings.Join(want, "\n     "))
	}
	if !slices.Equal(m.Totals, []int{2, 3, 2}) || m.Total != 7 {
		t.Errorf("totals: have %v = %d, want [2 3 2] = 7", m.Totals, m.Total)
	}

	// Every pledge of the dataset is in exactly one cell, the one of its country and category.
	seen := map[string]int{}
	for _, r := range m.Rows {
		for _, c := range r.Cells {
			for _, p := range c.Pledges {
				seen[p.ID]++
				if p.Country != r.Country || p.Category != c.Category {
					t.Errorf("pledge %s in the cell of %s/%s", p.ID, r.Country.Code, c.Category.ID)
				}
			}
		}
	}
	for _, p := range s.Data.Pledges {
		if seen[p.ID] != 1 {
			t.Errorf("pledge %s is in %d cells, want 1", p.ID, seen[p.ID])
		}
	}
	if len(seen) != len(s.Data.Pledges) {
		t.Errorf("matrix holds %d pledges, the dataset %d", len(seen), len(s.Data.Pledges))
	}
}

func TestByStatus(t *testing.T) {
	s := mustLoad(t, Options{})
	var have []string
	for _, sc := range s.ByStatus {
		have = append(have, fmt.Sprintf("%s=%d", sc.Status.ID, sc.N))
	}
	// The refusal is counted apart, never as a pledge.
	want := []string{"considering=1", "announced=3", "delivered=2", "withdrawn=0"}
	if !slices.Equal(have, want) {
		t.Errorf("ByStatus\nhave %q\nwant %q", have, want)
	}
	if s.Refusals != 1 {
		t.Errorf("Refusals: have %d, want 1", s.Refusals)
	}
}

// TestShippedFigures checks the front page's figures against the dataset
// the project ships (content/data/), counted by hand from the source report.
func TestShippedFigures(t *testing.T) {
	fsys := os.DirFS("../..")
	data, errs := dataset.Load(fsys)
	if len(errs) > 0 {
		t.Fatalf("dataset: %v", errs.Sort())
	}
	briefs, errs := content.NewMarkdown().LoadBriefs(fsys)
	if len(errs) > 0 {
		t.Fatalf("briefs: %v", errs.Sort())
	}
	s, errs := New(config.Default(), data, briefs, nil, Options{})
	if len(errs) > 0 {
		t.Fatalf("site.New: %v", errs.Sort())
	}
	// Pledges in force: France, the UK, Ukraine, the US, Germany, Belgium.
	// Refusals: Croatia and the Czech Republic (troops). Poland, Italy and
	// Russia have a stated position but neither. The coalition is a group.
	// Nine countries give or refuse guarantees: Ukraine (the beneficiary),
	// Russia (the adversary) and the coalition (a group) are not counted.
	if s.Nations != 9 || s.Pledging != 5 || s.Refusing != 2 || s.Refusals != 2 {
		t.Errorf("countries %d, with a pledge %d, with a refusal %d, refusals %d; want 9, 5, 2, 2", s.Nations, s.Pledging, s.Refusing, s.Refusals)
	}
	var have []string
	for _, sc := range s.ByStatus {
		have = append(have, fmt.Sprintf("%s=%d", sc.Status.ID, sc.N))
	}
	want := []string{"considering=1", "announced=11", "delivered=0", "withdrawn=0"}
	if !slices.Equal(have, want) {
		t.Errorf("ByStatus\nhave %q\nwant %q", have, want)
	}
	if len(data.Figures) != 1 || data.Figures[0].Value != 35 {
		t.Errorf("figures: have %+v, want the 35 countries at the summit", data.Figures)
	}
	if s.Lead == nil || s.Lead.Slug != "what-was-agreed-in-paris" || s.Latest(5)[0] != s.Lead {
		t.Errorf("the summit's main brief should lead: lead %v", s.Lead)
	}
}

func TestLeadBrief(t *testing.T) {
	f := matrix(t)
	f["content/briefs/2025-12-01-old.md"] = file(brief("Old", "2025-12-01", "lead = true"))
	s := mustLoadFS(t, f)
	var have []string
	for _, b := range s.Latest(2) {
		have = append(have, b.Slug)
	}
	// The lead first whatever its date, then the newest; n in all.
	if want := []string{"old", "agreed"}; !slices.Equal(have, want) {
		t.Errorf("Latest(2): have %q, want %q", have, want)
	}
	if s := mustLoad(t, Options{}); s.Lead != nil || len(s.Latest(5)) != 2 {
		t.Errorf("without a lead: lead %v, %d latest; want nil, 2", s.Lead, len(s.Latest(5)))
	}

	f["content/briefs/2025-12-02-older.md"] = file(brief("Older", "2025-12-02", "lead = true"))
	_, errs := load(t, f, config.Default(), Options{})
	var msgs []string
	for _, e := range errs.Sort() {
		msgs = append(msgs, e.Error())
	}
	want := []string{`content/briefs/2025-12-01-old.md:5:8: field "lead": only one brief may set lead = true, and content/briefs/2025-12-02-older.md:5:8 does already`}
	if !slices.Equal(msgs, want) {
		t.Errorf("two leads\nhave %q\nwant %q", msgs, want)
	}
}

func mustLoadFS(t *testing.T, f fstest.MapFS) *Site {
	t.Helper()
	s, errs := load(t, f, config.Default(), Options{})
	if len(errs) > 0 {
		t.Fatalf("site.New: %v", errs.Sort())
	}
	return s
}

func TestBriefs(t *testing.T) {
	for _, tc := range []struct {
		drafts bool
		want   []string
	}{
		{false, []string{"agreed", "earlier"}},
		{true, []string{"draft", "agreed", "earlier"}},
	} {
		s := mustLoad(t, Options{Drafts: tc.drafts})
		var have []string
		for _, b := range s.Briefs {
			have = append(have, b.Slug)
		}
		if !slices.Equal(have, tc.want) {
			t.Errorf("Drafts=%v: briefs\nhave %q\nwant %q", tc.drafts, have, tc.want)
		}
		de := s.CountryByCode("DE")
		if n := len(de.Briefs); n != map[bool]int{false: 0, true: 1}[tc.drafts] {
			t.Errorf("Drafts=%v: Germany has %d briefs; the draft should count only with drafts", tc.drafts, n)
		}
	}

	s := mustLoad(t, Options{})
	b := s.Briefs[0]
	var mentions []string
	for _, c := range b.Mentions {
		mentions = append(mentions, c.Code)
	}
	if !slices.Equal(mentions, []string{"FR", "GB", "coalition"}) || len(b.Cites) != 1 || b.Cites[0].ID != "paris-report" || b.URL() != "briefs/agreed/" {
		t.Errorf("brief agreed: mentions %q, cites %v, URL %s", mentions, b.Cites, b.URL())
	}
	if fr := s.CountryByCode("FR"); len(fr.Briefs) != 1 || fr.Briefs[0] != b {
		t.Errorf("France's briefs: have %d, want the agreed brief", len(fr.Briefs))
	}
}

func TestBriefReferenceErrors(t *testing.T) {
	f := matrix(t)
	f["content/briefs/2026-01-07-bad.md"] = file(brief("Bad", "2026-01-07", `countries = ["FR", "XX"]`, `  sources = ["nope"]`))
	f["content/briefs/2026-01-08-bad-draft.md"] = file(brief("Bad draft", "2026-01-08", `countries = ["YY"]`, "draft = true"))
	for _, tc := range []struct {
		drafts bool
		want   []string
	}{
		{false, []string{
			`content/briefs/2026-01-07-bad.md:5:20: field "countries": "XX" is not a country in content/data/; expected one of DE, FR, GB, UA, coalition, nordic-baltic (or add it to countries.toml)`,
			`content/briefs/2026-01-07-bad.md:6:14: field "sources": "nope" is not a source id from content/data/`,
		}},
		{true, []string{
			`content/briefs/2026-01-07-bad.md:5:20: field "countries": "XX" is not a country in content/data/; expected one of DE, FR, GB, UA, coalition, nordic-baltic (or add it to countries.toml)`,
			`content/briefs/2026-01-07-bad.md:6:14: field "sources": "nope" is not a source id from content/data/`,
			`content/briefs/2026-01-08-bad-draft.md:5:14: field "countries": "YY" is not a country in content/data/; expected one of DE, FR, GB, UA, coalition, nordic-baltic (or add it to countries.toml)`,
		}},
	} {
		s, errs := load(t, f, config.Default(), Options{Drafts: tc.drafts})
		var have []string
		for _, e := range errs.Sort() {
			have = append(have, e.Error())
		}
		if !slices.Equal(have, tc.want) {
			t.Errorf("Drafts=%v\nhave %s\nwant %s", tc.drafts, strings.Join(have, "\n     "), strings.Join(tc.want, "\n     "))
		}
		// The model is still built, with what did resolve.
		i := slices.IndexFunc(s.Briefs, func(b *Brief) bool { return b.Slug == "bad" })
		if i < 0 || !slices.Contains(s.CountryByCode("FR").Briefs, s.Briefs[i]) || len(s.Briefs[i].Mentions) != 1 {
			t.Errorf("Drafts=%v: the brief with a bad reference should still be in the model, linked to France only", tc.drafts)
		}
	}
}

func TestTimeline(t *testing.T) {
	s := mustLoad(t, Options{})
	var have []string
	for _, m := range s.Timeline {
		have = append(have, "# "+m.Key+" "+m.Label)
		for _, e := range m.Entries {
			have = append(have, fmt.Sprintf("%s %s %s %s", e.Date, e.Kind, e.Anchor, e.URL))
		}
	}
	want := []string{
		"# 2014 2014",
		"2014 event event-2 ",
		"# 2022-02 February 2022",
		"2022-02-24 event event-3 ",
		"# 2026-01 January 2026",
		"2026-01 pledge tl-pledge-de-ground pledges/de-ground/#entry-1", // a month sorts before its days
		"2026-01-04 pledge tl-pledge-fr-hubs-2 pledges/fr-hubs-2/#entry-1",
		"2026-01-05 pledge tl-pledge-fr-hubs-1 pledges/fr-hubs-1/#entry-1",
		"2026-01-05 brief brief-earlier briefs/earlier/",
		"2026-01-06 event event-1 ", // events, then pledges, then briefs on one day
		"2026-01-06 pledge tl-pledge-coalition-monitoring pledges/coalition-monitoring/#entry-1",
		"2026-01-06 pledge tl-pledge-fr-monitoring pledges/fr-monitoring/#entry-1",
		"2026-01-06 pledge tl-pledge-fr-ground pledges/fr-ground/#entry-1",
		"2026-01-06 pledge tl-pledge-gb-ground pledges/gb-ground/#entry-1",
		"2026-01-06 brief brief-agreed briefs/agreed/",
	}
	if !slices.Equal(have, want) {
		t.Errorf("timeline\nhave %s\nwant %s", strings.Join(have, "\n     "), strings.Join(want, "\n     "))
	}

	e := s.Timeline[2].Entries[5] // the coalition's pledge
	if e.Pledge == nil || e.Pledge.ID != "coalition-monitoring" || e.Title != "Coalition of the Willing's pledge on ceasefire monitoring was recorded as delivered" ||
		len(e.Countries) != 1 || e.Countries[0].Code != "coalition" || len(e.Sources) != 1 || e.Sources[0].Source == nil {
		t.Errorf("pledge entry: have %+v", e)
	}
	e = s.Timeline[2].Entries[4] // the summit
	if e.Title != "Summit in Paris" || e.Pledge != nil || len(e.Countries) != 3 || len(e.Sources) != 1 {
		t.Errorf("event entry: have %+v", e)
	}

	with := mustLoad(t, Options{Drafts: true}).Timeline
	if last := with[len(with)-1].Entries; last[len(last)-1].Anchor != "brief-draft" {
		t.Errorf("with drafts, the draft brief should end the timeline; have %s", last[len(last)-1].Anchor)
	}
}

func TestCountryEvents(t *testing.T) {
	s := mustLoad(t, Options{})
	for _, tc := range []struct {
		code string
		want []string
	}{
		{"FR", []string{"tl-pledge-fr-hubs-2", "tl-pledge-fr-hubs-1", "event-1", "tl-pledge-fr-monitoring", "tl-pledge-fr-ground", "brief-agreed"}},
		{"UA", []string{"event-2", "event-3", "brief-earlier"}},
		{"coalition", []string{"event-1", "tl-pledge-coalition-monitoring", "brief-agreed"}},
		{"DE", []string{"tl-pledge-de-ground"}}, // not the draft brief
		{"nordic-baltic", nil},
	} {
		var have []string
		for _, e := range s.CountryByCode(tc.code).Events {
			have = append(have, e.Anchor)
		}
		if !slices.Equal(have, tc.want) {
			t.Errorf("%s's events\nhave %q\nwant %q", tc.code, have, tc.want)
		}
	}
}

func TestAsOf(t *testing.T) {
	override, err := date.Parse("2026-03-31")
	if err != nil {
		t.Fatal(err)
	}
	noUpdate := matrix(t)
	noUpdate["content/briefs/2026-01-05-earlier.md"] = file(brief("Earlier", "2026-01-05", `countries = ["UA"]`))
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		asOf  date.Date
		opts  Options
		want  string
	}{
		{"latest date: a brief's update", matrix(t), date.Date{}, Options{}, "2026-01-08"},
		{"latest date: pledges and briefs", noUpdate, date.Date{}, Options{}, "2026-01-06"},
		{"drafts count when published", matrix(t), date.Date{}, Options{Drafts: true}, "2026-01-09"},
		{"config wins", matrix(t), override, Options{Drafts: true}, "2026-03-31"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config.Default()
			cfg.AsOf = tc.asOf
			s, errs := load(t, tc.files, cfg, tc.opts)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if have := s.AsOf.String(); have != tc.want {
				t.Errorf("AsOf: have %s, want %s", have, tc.want)
			}
		})
	}
}

func TestAsOfEventOnly(t *testing.T) {
	// A later event counts too, even one known only to the year.
	f := matrix(t)
	f["content/data/later.toml"] = file(event("Elections", `"2027"`, "UA"))
	s, errs := load(t, f, config.Default(), Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if have := s.AsOf.String(); have != "2027" {
		t.Errorf("AsOf: have %s, want 2027", have)
	}
}

func TestScheduledBriefs(t *testing.T) {
	fsys := fstest.MapFS{
		"content/briefs/2026-01-06-today.md": {Data: []byte("+++\ntitle = \"Today\"\ndate = 2026-01-06\nsummary = \"S\"\n+++\n")},
		"content/briefs/2026-01-07-later.md": {Data: []byte("+++\ntitle = \"Later\"\ndate = 2026-01-07\nsummary = \"\"\n+++\n")},
	}
	briefs, errs := content.NewMarkdown().LoadBriefs(fsys)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	today := date.Of(time.Date(2026, 1, 6, 23, 0, 0, 0, time.UTC))
	data := &dataset.Dataset{}
	s, errs := New(config.Default(), data, briefs, nil, Options{Today: today})
	if len(errs) > 0 || len(s.Briefs) != 1 || s.Briefs[0].Slug != "today" || s.AsOf.String() != "2026-01-06" {
		t.Errorf("build: %d briefs, as of %s, errors %v; want only today's, as of 2026-01-06, no error (the scheduled one is not checked)", len(s.Briefs), s.AsOf, errs)
	}
	s, errs = New(config.Default(), data, briefs, nil, Options{Today: today, Future: true})
	if len(s.Briefs) != 2 || !s.Briefs[0].Scheduled || s.Briefs[1].Scheduled {
		t.Errorf("preview: want the scheduled brief first and marked")
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), `field "summary" is required`) {
		t.Errorf("preview errors: %v", errs)
	}
}

func TestStrongest(t *testing.T) {
	terms := map[string]*dataset.Term{}
	for _, id := range []string{"declined", "withdrawn", "considering", "announced", "delivered", "custom"} {
		terms[id] = &dataset.Term{ID: id}
	}
	for _, tc := range []struct {
		statuses []string
		want     string
	}{
		{nil, ""},
		{[]string{"declined"}, "declined"},
		{[]string{"declined", "considering"}, "considering"},
		{[]string{"delivered", "announced", "withdrawn"}, "delivered"},
		{[]string{"custom", "declined"}, "declined"},
		{[]string{"announced", "delivered"}, "delivered"},
	} {
		var c Cell
		for _, id := range tc.statuses {
			c.Pledges = append(c.Pledges, Mark{Status: terms[id]})
		}
		have := ""
		if s := c.Strongest(); s != nil {
			have = s.ID
		}
		if have != tc.want {
			t.Errorf("Strongest of %v = %q, want %q", tc.statuses, have, tc.want)
		}
	}
}
