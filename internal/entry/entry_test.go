package entry

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/date"
)

var today = must(date.Parse("2026-11-28"))

// shipped copies the shipped site's settings and dataset into a folder.
func shipped(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, dataset.Dir), os.DirFS(filepath.Join("../..", dataset.Dir))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), must(os.ReadFile("../../site.toml")), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// inserted returns what now has that was has not, failing unless now is
// was with one run of bytes inserted.
func inserted(t *testing.T, was, now []byte) []byte {
	t.Helper()
	p := 0
	for p < len(was) && p < len(now) && was[p] == now[p] {
		p++
	}
	s := 0
	for s < len(was)-p && s < len(now)-p && was[len(was)-1-s] == now[len(now)-1-s] {
		s++
	}
	if p+s != len(was) {
		t.Fatalf("the file changed outside the entry added:\nwas:\n%s\nnow:\n%s", was, now)
	}
	return bytes.Trim(now[p:len(now)-s], "\n") // which blank line is "the inserted one" is arbitrary
}

func TestAddPledge(t *testing.T) {
	dir := shipped(t)
	file := filepath.Join(dir, "content/data/pledges.toml")
	os.Chmod(file, 0o600)
	was := must(os.ReadFile(file))
	d := must(Open(dir, today))
	p := &dataset.Pledge{ID: "fr-support", Country: "FR", Category: "support", Status: "considering", Location: "outside",
		Date: must(date.Parse("2026-01-07")), Summary: `France "might" help.`, Conditions: []string{"ceasefire"},
		Sources: []*dataset.Citation{{Ref: "paris-report", Quote: "several thousand", Speaker: "Emmanuel Macron"}}}
	added, err := d.AddPledge(p)
	if err != nil {
		t.Fatal(err)
	}
	now := must(os.ReadFile(file))
	want := `[[pledge]]
id         = "fr-support"
country    = "FR"
category   = "support"
status     = "considering"
location   = "outside"
date       = 2026-01-07
summary    = "France \"might\" help."
conditions = ["ceasefire"]

  [[pledge.source]]
  ref     = "paris-report"
  quote   = "several thousand"
  speaker = "Emmanuel Macron"`
	if have := string(inserted(t, was, now)); have != want {
		t.Errorf("inserted:\n%s\nwant:\n%s", have, want)
	}
	// After France's last pledge, before the next country's section.
	lines := strings.Split(string(now), "\n")
	if lines[added.Line-1] != "[[pledge]]" || !strings.HasPrefix(lines[added.Line+added.Lines], "") ||
		!strings.Contains(strings.Join(lines[added.Line+added.Lines:added.Line+added.Lines+3], "\n"), "United Kingdom") {
		t.Errorf("added at line %d (%d lines):\n%s", added.Line, added.Lines, strings.Join(lines[added.Line-3:added.Line+added.Lines+3], "\n"))
	}
	if info, _ := os.Stat(file); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}
	set, errs := dataset.Load(fstest.MapFS{"content/data/a.toml": {Data: now}, "content/data/v.toml": {Data: must(os.ReadFile(filepath.Join(dir, "content/data/vocabulary.toml")))},
		"content/data/c.toml": {Data: must(os.ReadFile(filepath.Join(dir, "content/data/countries.toml")))}, "content/data/s.toml": {Data: must(os.ReadFile(filepath.Join(dir, "content/data/sources.toml")))},
		"content/data/i.toml": {Data: must(os.ReadFile(filepath.Join(dir, "content/data/instruments.toml")))}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got *dataset.Pledge
	for _, q := range set.Pledges {
		if q.ID == "fr-support" {
			got = q
		}
	}
	if got == nil || got.Summary != p.Summary || got.Location != "outside" || got.Sources[0].Speaker != "Emmanuel Macron" || got.Date != p.Date {
		t.Errorf("the pledge reads back as %+v", got)
	}

	// The same id again is refused, and nothing is written.
	_, err = d.AddPledge(p)
	var r *Refused
	if !errors.As(err, &r) || len(r.Problems) != 1 || r.Problems[0].Field != "id" ||
		r.Problems[0].Msg != fmt.Sprintf(`field "id": pledge "fr-support" already exists (content/data/pledges.toml:%d:1); choose another id`, added.Line) {
		t.Errorf("a second fr-support: %v", err)
	}
	if !bytes.Equal(must(os.ReadFile(file)), now) {
		t.Error("a refused entry was written")
	}
}

// TestAddPledgeRefused: every mistake is named with its field, and nothing
// is written.
func TestAddPledgeRefused(t *testing.T) {
	dir := shipped(t)
	d := must(Open(dir, today))
	_, err := d.AddPledge(&dataset.Pledge{ID: "ua-x", Country: "UA", Category: "troops", Status: "anounced", Date: must(date.Parse("2027-01-01")),
		Sources: []*dataset.Citation{{Ref: "paris-report", Quote: "q"}, {Ref: "nowhere"}}})
	var r *Refused
	if !errors.As(err, &r) {
		t.Fatalf("err = %v", err)
	}
	var have []string
	for _, p := range r.Problems {
		have = append(have, p.Field+" "+string(rune('0'+p.Cite+1))+" "+p.Msg)
	}
	want := []string{
		`country 0 field "country": Ukraine is the country the guarantees are for (role "host"), which neither gives nor refuses the guarantees: record a document it is party to as an [[instrument]]`,
		`category 0 field "category": "troops" is not a known category; expected one of monitoring, ground-forces, hubs, support, arming, coordination, political`,
		`status 0 field "status": "anounced" is not a known status; expected one of declined, considering, announced, delivered, withdrawn; did you mean "announced"?`,
		`summary 0 field "summary" is required`,
		`ref 2 field "ref": "nowhere" is not a known source; expected one of paris-report`,
		`quote 2 field "quote" is required`,
	}
	if strings.Join(have, "\n") != strings.Join(want, "\n") || len(r.Elsewhere) != 0 {
		t.Errorf("problems:\n%s\nwant:\n%s\nelsewhere: %v", strings.Join(have, "\n"), strings.Join(want, "\n"), r.Elsewhere)
	}
	for name, src := range d.files {
		if !bytes.Equal(must(os.ReadFile(filepath.Join(dir, name))), src) {
			t.Errorf("%s was written", name)
		}
	}
}

func TestAddChange(t *testing.T) {
	dir := shipped(t)
	file := filepath.Join(dir, "content/data/pledges.toml")
	was := must(os.ReadFile(file))
	d := must(Open(dir, today))
	c := &dataset.Change{Date: must(date.Parse("2026-01-20")), Status: "announced", Note: "Germany confirmed it.",
		Sources: []*dataset.Citation{{Ref: "paris-report", Quote: "We will certainly have to make compromises", Speaker: "Friedrich Merz"}}}
	added, err := d.AddChange("de-monitoring", c)
	if err != nil {
		t.Fatal(err)
	}
	now := must(os.ReadFile(file))
	want := `  [[pledge.history]]
  date   = 2026-01-20
  status = "announced"
  note   = "Germany confirmed it."

    [[pledge.history.source]]
    ref     = "paris-report"
    quote   = "We will certainly have to make compromises"
    speaker = "Friedrich Merz"`
	if have := string(inserted(t, was, now)); have != want {
		t.Errorf("inserted:\n%s\nwant:\n%s", have, want)
	}
	// Right after the pledge's last source, before the next section's comment.
	lines := strings.Split(string(now), "\n")
	if !strings.Contains(lines[added.Line-4], "We will certainly") || !strings.HasPrefix(lines[added.Line+added.Lines], "# --- Belgium") {
		t.Errorf("added at line %d:\n%s", added.Line, strings.Join(lines[added.Line-4:added.Line+added.Lines+2], "\n"))
	}

	// A second change goes after the first; one dated later than the
	// briefing needs draft; an unknown pledge is named with its neighbours.
	c2 := &dataset.Change{Date: must(date.Parse("2026-12-01")), Status: "delivered", Note: "n", Sources: c.Sources}
	var r *Refused
	if _, err := d.AddChange("de-monitoring", c2); !errors.As(err, &r) || len(r.Problems) != 1 ||
		r.Problems[0].Msg != `field "date": 2026-12-01 is after the briefing's date, 2026-11-28: an entry prepared ahead needs draft = true` {
		t.Errorf("a change after today: %v", err)
	}
	c2.Draft = true
	if _, err := d.AddChange("de-monitoring", c2); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(must(os.ReadFile(file))), "[[pledge.history]]"); n != 2 {
		t.Errorf("%d history entries, want 2", n)
	}
	if _, err := d.AddChange("de-monitorin", c2); err == nil || !strings.Contains(err.Error(), `; did you mean "de-monitoring"`) {
		t.Errorf("an unknown pledge: %v", err)
	}
}

func TestAddSourceAndEvent(t *testing.T) {
	dir := shipped(t)
	d := must(Open(dir, today))
	src := &dataset.Source{ID: "berlin-statement", Title: "Statement", Date: must(date.Parse("2026-01-20")), URL: "https://example.org/s"}
	if _, err := d.AddSource(src); err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddSource(src); err == nil || !strings.Contains(err.Error(), `source "berlin-statement" already exists (content/data/sources.toml:8:1)`) {
		t.Errorf("a second source: %v", err)
	}
	ev := &dataset.Event{Date: must(date.Parse("2026-01")), Title: "Talks", Countries: []string{"DE"},
		Sources: []*dataset.Citation{{Ref: "berlin-statement"}}}
	file := filepath.Join(dir, "content/data/events.toml")
	was := must(os.ReadFile(file))
	if _, err := d.AddEvent(ev); err != nil {
		t.Fatal(err)
	}
	want := "[[event]]\ndate      = \"2026-01\"\ntitle     = \"Talks\"\ncountries = [\"DE\"]\n\n  [[event.source]]\n  ref = \"berlin-statement\""
	if have := string(inserted(t, was, must(os.ReadFile(file)))); have != want {
		t.Errorf("inserted:\n%q\nwant:\n%q", have, want)
	}
	if _, err := d.AddEvent(ev); err == nil || !strings.Contains(err.Error(), `the event "Talks" of 2026-01 already exists`) {
		t.Errorf("the same event again: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "content/data/.*")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// TestBrokenDataset: a dataset with a problem already takes no entry.
func TestBrokenDataset(t *testing.T) {
	dir := shipped(t)
	os.WriteFile(filepath.Join(dir, "content/data/x.toml"), []byte("[[source]]\nid = \"x\"\n"), 0o644)
	d := must(Open(dir, today))
	if d.Err() == nil {
		t.Fatal("no problem found")
	}
	_, err := d.AddSource(&dataset.Source{ID: "y", Title: "Y", Date: today})
	if err == nil || !strings.Contains(err.Error(), "fix them first") || !strings.Contains(err.Error(), `x.toml:1:1: field "title" is required`) {
		t.Errorf("err = %v", err)
	}
}

func TestSplice(t *testing.T) {
	for _, tc := range []struct {
		src   string
		after int
		want  string
		first int
	}{
		{"", 0, "A\nB\n", 1},
		{"x = 1", 0, "x = 1\n\nA\nB\n", 3},
		{"x = 1\n", 0, "x = 1\n\nA\nB\n", 3},
		{"x = 1\n\n", 0, "x = 1\n\nA\nB\n", 3},
		{"a\nb\n\nc\n", 2, "a\nb\n\nA\nB\n\nc\n", 4},
		{"a\nb\n# c\n", 2, "a\nb\n\nA\nB\n\n# c\n", 4},
		{"a\r\nb\r\n\r\nc\r\n", 1, "a\r\n\r\nA\r\nB\r\n\r\nb\r\n\r\nc\r\n", 3},
	} {
		have, first := splice([]byte(tc.src), tc.after, []string{"A", "B"})
		if string(have) != tc.want || first != tc.first {
			t.Errorf("splice(%q, %d) = %q, %d; want %q, %d", tc.src, tc.after, have, first, tc.want, tc.first)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestChangedMeanwhile: a file saved by an editor after it was read is not
// overwritten.
func TestChangedMeanwhile(t *testing.T) {
	dir := shipped(t)
	d := must(Open(dir, today))
	file := filepath.Join(dir, "content/data/sources.toml")
	saved := append(must(os.ReadFile(file)), "# saved meanwhile\n"...)
	os.WriteFile(file, saved, 0o644)
	_, err := d.AddSource(&dataset.Source{ID: "new", Title: "New", Date: today})
	if err == nil || !strings.Contains(err.Error(), "sources.toml changed while the entry was being added; nothing was written") {
		t.Errorf("err = %v", err)
	}
	if !bytes.Equal(must(os.ReadFile(file)), saved) {
		t.Error("the editor's save was overwritten")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "content/data/.*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}
