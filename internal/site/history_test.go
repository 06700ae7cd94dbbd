package site

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefing/briefing/internal/config"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/date"
)

// change appends a history entry to the pledge text before it.
func change(date, status, note string) string {
	return "  [[pledge.history]]\n  date = " + date + "\n  status = \"" + status + "\"\n  note = \"" + note + "\"\n" +
		"    [[pledge.history.source]]\n    ref = \"paris-report\"\n    quote = \"q\"\n\n"
}

// historyFiles: Germany considers monitoring on the 6th, announces it on
// the 10th and delivers it on the 20th; Britain's troops are announced on the 6th
// and withdrawn on the 10th; France pledges hubs on the 10th.
func historyFiles(t *testing.T) fstest.MapFS {
	f := matrix(t)
	f["content/data/pledges.toml"] = file(pledge("de-monitoring", "DE", "monitoring", "considering", "2026-01-06") +
		change("2026-01-10", "announced", "Berlin confirmed it.") + change("2026-01-20", "delivered", "Delivered in Berlin.") +
		pledge("gb-ground", "GB", "ground-forces", "announced", "2026-01-06") +
		change("2026-01-10", "withdrawn", "London withdrew.") +
		pledge("fr-hubs", "FR", "hubs", "announced", "2026-01-10"))
	return f
}

func TestSnapshots(t *testing.T) {
	s, errs := load(t, historyFiles(t), config.Default(), Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	// Every day anything changed, with every cell as it stood that evening;
	// "*" marks a cell that changed that day.
	want := map[string]string{
		"2026-01-06": "DE monitoring considering* | GB ground-forces announced*",
		"2026-01-10": "DE monitoring announced* | FR hubs announced* | GB ground-forces withdrawn*",
		"2026-01-20": "DE monitoring delivered* | FR hubs announced | GB ground-forces withdrawn",
	}
	var days []string
	for _, snap := range s.Snapshots {
		days = append(days, snap.Date.String())
		var cells []string
		for _, row := range snap.Matrix().Rows {
			for _, cell := range row.Cells {
				for _, m := range cell.Pledges {
					mark := row.Country.Code + " " + cell.Category.ID + " " + m.Status.ID
					if m.Changed {
						mark += "*"
					}
					cells = append(cells, mark)
				}
			}
		}
		slices.Sort(cells)
		if have := strings.Join(cells, " | "); have != want[snap.Date.String()] {
			t.Errorf("%s:\nhave %s\nwant %s", snap.Date, have, want[snap.Date.String()])
		}
	}
	if strings.Join(days, " ") != "2026-01-06 2026-01-10 2026-01-20" {
		t.Errorf("snapshot days: %v", days)
	}
	first, last := s.Snapshots[0], s.Snapshots[2]
	if first.Prev != nil || first.Next != s.Snapshots[1] || last.Next != nil || last.Prev != s.Snapshots[1] || last.URL() != "matrix/2026-01-20/" {
		t.Errorf("snapshots are not linked in order")
	}
	gb := s.Snapshots[1].Matrix().Rows
	for _, row := range gb {
		for _, cell := range row.Cells {
			for _, m := range cell.Pledges {
				if m.ID == "gb-ground" && (m.From == nil || m.From.ID != "announced") {
					t.Errorf("the withdrawn cell does not say it was announced before")
				}
			}
		}
	}
	de := s.Pledges[slices.IndexFunc(s.Pledges, func(p *Pledge) bool { return p.ID == "de-monitoring" })]
	if s.Matrix.Total != 3 || de.Status.ID != "delivered" || de.Since.String() != "2026-01-20" || de.Date.String() != "2026-01-06" {
		t.Errorf("now: %d pledges; Germany's monitoring %s since %s, first made %s", s.Matrix.Total, de.Status.ID, de.Since, de.Date)
	}
	if s.AsOf.String() != "2026-01-20" {
		t.Errorf("as of %s, want the last change, 2026-01-20", s.AsOf)
	}
}

func TestChanges(t *testing.T) {
	s, errs := load(t, historyFiles(t), config.Default(), Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var have []string
	for _, st := range s.Changes {
		have = append(have, st.Date.String()+" "+st.Title()+" "+st.URL())
	}
	expect := []string{
		"2026-01-20 Germany's pledge on ceasefire monitoring went from announced to delivered pledges/de-monitoring/#entry-3",
		"2026-01-10 France's pledge on logistics hubs was recorded as announced pledges/fr-hubs/#entry-1", // one day's in matrix order
		"2026-01-10 Germany's pledge on ceasefire monitoring went from under consideration to announced pledges/de-monitoring/#entry-2",
		"2026-01-10 United Kingdom's pledge on troops in Ukraine went from announced to withdrawn pledges/gb-ground/#entry-2",
		"2026-01-06 Germany's pledge on ceasefire monitoring was recorded as under consideration pledges/de-monitoring/#entry-1",
		"2026-01-06 United Kingdom's pledge on troops in Ukraine was recorded as announced pledges/gb-ground/#entry-1",
	}
	if !slices.Equal(have, expect) {
		t.Errorf("changes\nhave %s\nwant %s", strings.Join(have, "\n     "), strings.Join(expect, "\n     "))
	}
	var kinds []string
	for _, m := range s.Timeline {
		for _, e := range m.Entries {
			if e.Pledge != nil {
				kinds = append(kinds, e.Date.String()+" "+e.Kind+" "+e.Pledge.ID)
			}
		}
	}
	if strings.Join(kinds, ", ") != "2026-01-06 pledge de-monitoring, 2026-01-06 pledge gb-ground, 2026-01-10 pledge fr-hubs, 2026-01-10 change de-monitoring, 2026-01-10 change gb-ground, 2026-01-20 change de-monitoring" {
		t.Errorf("timeline: %s", strings.Join(kinds, ", "))
	}
}

func TestHistoryErrors(t *testing.T) {
	for _, tc := range []struct {
		name, pledges string
		cfg           string // as_of
		want          string
	}{
		{"out of order", pledge("de", "DE", "monitoring", "considering", "2026-01-06") + change("2026-01-10", "announced", "n") + change("2026-01-08", "delivered", "n"),
			"", `content/data/pledges.toml:21:10: field "date": 2026-01-08 is not after 2026-01-10: history entries go in date order, after the pledge's own date, one per day`},
		{"before the pledge", pledge("de", "DE", "monitoring", "considering", "2026-01-06") + change("2026-01-06", "announced", "n"),
			"", `content/data/pledges.toml:13:10: field "date": 2026-01-06 is not after 2026-01-06`},
		{"unsourced", pledge("de", "DE", "monitoring", "considering", "2026-01-06") + "  [[pledge.history]]\n  date = 2026-01-10\n  status = \"announced\"\n  note = \"n\"\n",
			"", `content/data/pledges.toml:12:3: no source: add a [[pledge.history.source]] table with ref and the exact quote`},
		{"unknown status", pledge("de", "DE", "monitoring", "considering", "2026-01-06") + change("2026-01-10", "anounced", "n"),
			"", `content/data/pledges.toml:14:12: field "status": "anounced" is not a known status`},
		{"no note", pledge("de", "DE", "monitoring", "considering", "2026-01-06") + change("2026-01-10", "announced", ""),
			"", `content/data/pledges.toml:15:10: field "note" is required`},
		{"after as_of", pledge("de", "DE", "monitoring", "considering", "2026-01-06") + change("2026-01-10", "announced", "n"),
			"2026-01-08", `content/data/pledges.toml:13:10: field "date": 2026-01-10 is after the briefing's date, 2026-01-08: an entry prepared ahead needs draft = true`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := historyFiles(t)
			fsys["content/data/pledges.toml"] = file(tc.pledges)
			data, errs := dataset.Load(fsys)
			cfg := config.Default()
			if tc.cfg != "" {
				cfg.AsOf = mustDate(t, tc.cfg)
			}
			_, serrs := New(cfg, data, nil, nil, Options{})
			errs = append(errs, serrs...)
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tc.want) {
				t.Errorf("have %v\nwant %s", errs, tc.want)
			}
		})
	}
}

// A draft entry after the briefing's date is allowed, and shown only when
// drafts are built.
func TestDraftEntry(t *testing.T) {
	f := historyFiles(t)
	f["content/data/pledges.toml"] = file(pledge("de", "DE", "monitoring", "considering", "2026-01-06") +
		strings.Replace(change("2026-02-10", "announced", "Prepared."), "  note", "  draft = true\n  note", 1))
	cfg := config.Default()
	cfg.AsOf = mustDate(t, "2026-01-31")
	for _, drafts := range []bool{false, true} {
		s, errs := load(t, f, cfg, Options{Drafts: drafts})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if n := len(s.Pledges[0].History); n != map[bool]int{false: 1, true: 2}[drafts] {
			t.Errorf("drafts %v: %d entries", drafts, n)
		}
	}
}

func mustDate(t *testing.T, s string) date.Date {
	t.Helper()
	d, err := date.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestChangesByDay(t *testing.T) {
	s, errs := load(t, historyFiles(t), config.Default(), Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var have []string
	for _, d := range ByDay(s.Changes) {
		have = append(have, d.Date.String()+" "+strconv.Itoa(len(d.Steps)))
	}
	if want := []string{"2026-01-20 1", "2026-01-10 3", "2026-01-06 2"}; !slices.Equal(have, want) {
		t.Errorf("days: have %v, want %v", have, want)
	}
	if got := ByDay(nil); len(got) != 0 {
		t.Errorf("no changes: %d days", len(got))
	}
}

func TestPledgeTitles(t *testing.T) {
	f := historyFiles(t)
	f["content/data/pledges.toml"] = file(string(f["content/data/pledges.toml"].Data) +
		pledge("fr-ground", "FR", "ground-forces", "declined", "2026-01-06") +
		strings.Replace(pledge("gb-hubs", "GB", "hubs", "announced", "2026-01-06"), "\n", "\nconditions = [\"ceasefire\"]\n", 1))
	s, errs := load(t, f, config.Default(), Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := map[string]string{
		"de-monitoring": "Germany's pledge on ceasefire monitoring",
		"fr-ground":     "France's position on troops in Ukraine",
		"gb-hubs":       "United Kingdom's pledge on logistics hubs", // its conditions are in words on its page, not in a vague suffix
	}
	for _, p := range s.Pledges {
		if w, ok := want[p.ID]; ok && p.Title() != w {
			t.Errorf("%s: title %q, want %q", p.ID, p.Title(), w)
		}
	}
	for in, out := range map[string]string{"Troops in Ukraine": "troops in Ukraine", "EU accession": "EU accession", "Éclair": "éclair", "": "", "A": "a"} {
		if got := lowerFirst(in); got != out {
			t.Errorf("lowerFirst(%q) = %q, want %q", in, got, out)
		}
	}
}

func TestSourcesOf(t *testing.T) {
	s, errs := load(t, historyFiles(t), config.Default(), Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	srcs := SourcesOf(s.Pledges)
	if len(srcs) != 1 || srcs[0].ID != "paris-report" {
		t.Errorf("sources of every pledge: %v", srcs)
	}
	if len(SourcesOf(nil)) != 0 {
		t.Errorf("sources of no pledge")
	}
}

// An instrument is resolved once, with its parties and the pledges that
// cite it; conditions resolve to their terms; an entry's own summary says
// what the pledge is from then on.
func TestInstrumentsConditionsAndSummaries(t *testing.T) {
	f := historyFiles(t)
	f["content/data/pledges.toml"] = file(strings.Replace(string(f["content/data/pledges.toml"].Data),
		"id = \"de-monitoring\"\n", "id = \"de-monitoring\"\nconditions = [\"ceasefire\"]\ninstruments = [\"decl\"]\n", 1) +
		strings.Replace(pledge("gb-hubs", "GB", "hubs", "announced", "2026-01-06"), "\n", "\ninstruments = [\"decl\"]\n", 1))
	f["content/data/pledges.toml"] = file(strings.Replace(string(f["content/data/pledges.toml"].Data),
		"note = \"Berlin confirmed it.\"\n", "note = \"Berlin confirmed it.\"\nsummary = \"Germany will monitor.\"\n", 1))
	f["content/data/instruments.toml"] = file("[[instrument]]\nid = \"decl\"\ntitle = \"A declaration\"\ndate = 2026-01-06\nparties = [\"DE\", \"GB\", \"UA\"]\nsigned = true\n\n  [[instrument.source]]\n  ref = \"paris-report\"\n  quote = \"q\"\n")
	s, errs := load(t, f, config.Default(), Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(s.Instruments) != 1 {
		t.Fatalf("%d instruments, want 1", len(s.Instruments))
	}
	in := s.Instruments[0]
	var parties, pledges []string
	for _, c := range in.Parties {
		parties = append(parties, c.Code)
	}
	for _, p := range in.Pledges {
		pledges = append(pledges, p.ID)
	}
	if !slices.Equal(parties, []string{"DE", "GB", "UA"}) || !slices.Equal(pledges, []string{"de-monitoring", "gb-hubs"}) {
		t.Errorf("parties %v, pledges %v", parties, pledges)
	}
	ua := s.CountryByCode("UA")
	if len(ua.Instruments) != 1 || ua.Instruments[0] != in || len(ua.Pledges) != 0 {
		t.Errorf("Ukraine: instruments %v, pledges %d", ua.Instruments, len(ua.Pledges))
	}
	if slices.Contains(s.Pledgers, ua) {
		t.Error("Ukraine, the beneficiary, is a row of the matrix")
	}
	var de *Pledge
	for _, p := range s.Pledges {
		if p.ID == "de-monitoring" {
			de = p
		}
	}
	if len(de.Conditions) != 1 || de.Conditions[0].Label != "after a ceasefire" || len(de.Instruments) != 1 {
		t.Errorf("de-monitoring: conditions %v, instruments %v", de.Conditions, de.Instruments)
	}
	var summaries []string
	for _, st := range de.History {
		summaries = append(summaries, fmt.Sprintf("%s %v", st.Summary, st.Restated))
	}
	if want := []string{"s false", "Germany will monitor. true", "Germany will monitor. false"}; !slices.Equal(summaries, want) {
		t.Errorf("summaries by entry %q, want %q", summaries, want)
	}
	if de.Summary != "Germany will monitor." {
		t.Errorf("current summary %q", de.Summary)
	}
}

// TestPartialSnapshots: past FullSnapshots days, a day's snapshot shows
// only the rows of the countries that changed that day, so the output
// grows with the changes, not with days times countries.
func TestPartialSnapshots(t *testing.T) {
	f := matrix(t)
	var b strings.Builder
	b.WriteString(pledge("de-monitoring", "DE", "monitoring", "considering", "2025-01-01"))
	day := mustDate(t, "2025-01-01")
	for i := range FullSnapshots {
		d, _ := time.Parse("2006-01-02", day.String())
		day = mustDate(t, d.AddDate(0, 0, i+1).Format("2006-01-02"))
		b.WriteString(change(day.String(), []string{"announced", "considering"}[i%2], "n"))
	}
	f["content/data/pledges.toml"] = file(b.String() + pledge("gb-ground", "GB", "ground-forces", "announced", "2024-06-01"))
	s, errs := load(t, f, config.Default(), Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(s.Snapshots) != FullSnapshots+2 {
		t.Fatalf("%d snapshots, want %d", len(s.Snapshots), FullSnapshots+2)
	}
	last := s.Snapshots[len(s.Snapshots)-1]
	if !last.Partial() || len(last.Matrix().Rows) != 1 || last.Matrix().Rows[0].Country.Code != "DE" {
		t.Errorf("past %d days: partial %v, %d rows; want Germany's alone", FullSnapshots, last.Partial(), len(last.Matrix().Rows))
	}
	f["content/data/pledges.toml"] = file(pledge("de-monitoring", "DE", "monitoring", "considering", "2025-01-01") + pledge("gb-ground", "GB", "ground-forces", "announced", "2024-06-01"))
	if s, _ = load(t, f, config.Default(), Options{}); s.Snapshots[0].Partial() {
		t.Error("two days: a partial snapshot")
	}
}
