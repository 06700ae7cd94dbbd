package main

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/briefing/briefing/internal/dataset"
)

// The editors' commands run as of this day; check runs as of today, which
// is later.
var editDay = time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)

// siteFiles reads every file of a site folder.
func siteFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	all := map[string][]byte{}
	err := filepath.WalkDir(dir, func(name string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			all[name], err = os.ReadFile(name)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// insertion checks that the site folder is as before but for one run of
// lines inserted into file, and returns them (without the blank lines
// around them, which are as much the file's as the entry's).
func insertion(t *testing.T, before map[string][]byte, dir, file string) string {
	t.Helper()
	after := siteFiles(t, dir)
	file = filepath.Join(dir, file)
	for name, was := range before {
		if now, ok := after[name]; !ok || name != file && !bytes.Equal(now, was) {
			t.Errorf("%s changed or went away", name)
		}
	}
	if len(after) != len(before) {
		t.Errorf("%d files, were %d", len(after), len(before))
	}
	was, now := before[file], after[file]
	p := 0
	for p < len(was) && was[p] == now[p] {
		p++
	}
	s := 0
	for s < len(was)-p && was[len(was)-1-s] == now[len(now)-1-s] {
		s++
	}
	if p+s != len(was) || len(now) <= len(was) {
		t.Fatalf("%s changed outside the entry added:\nwas:\n%s\nnow:\n%s", file, was, now)
	}
	return strings.Trim(string(now[p:len(now)-s]), "\n")
}

// newOK runs "briefing new" with args, no terminal, and expects success.
func newOK(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := runNew(args, nil, &stdout, &stderr, editDay); code != 0 {
		t.Fatalf("briefing new %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	return stdout.String()
}

// newFails runs "briefing new" with args and expects exit code and exactly
// the stderr want, and that the site folder is unchanged.
func newFails(t *testing.T, dir string, code int, want string, args ...string) {
	t.Helper()
	before := siteFiles(t, dir)
	var stdout, stderr bytes.Buffer
	if have := runNew(args, nil, &stdout, &stderr, editDay); have != code || stderr.String() != want {
		t.Errorf("briefing new %s: exit %d, want %d\nstderr:\n%s\nwant:\n%s", strings.Join(args, " "), have, code, stderr.String(), want)
	}
	for name, data := range siteFiles(t, dir) {
		if !bytes.Equal(data, before[name]) {
			t.Errorf("a refused entry changed %s", name)
		}
	}
}

// checkOK runs "briefing check" over the site folder.
func checkOK(t *testing.T, dir string, extra ...string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(append([]string{"check", "-src", dir}, extra...), &stdout, &stderr); code != 0 {
		t.Fatalf("check %s: exit %d\n%s%s", strings.Join(extra, " "), code, stdout.String(), stderr.String())
	}
}

// loadData reads the dataset of the site folder, which must be valid.
func loadData(t *testing.T, dir string) *dataset.Dataset {
	t.Helper()
	set, errs := dataset.Load(os.DirFS(dir))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return set
}

func TestNewPledge(t *testing.T) {
	t.Parallel()
	dir := copySite(t)
	before := siteFiles(t, dir)
	out := newOK(t, "pledge", "-src", dir, "-country", "DE", "-category", "hubs", "-status", "considering", "-location", "outside",
		"-date", "2026-01-08", "-summary", `Germany "could" help build hubs.`, "-conditions", "ceasefire, binding-commitments",
		"-source", "paris-report", "-quote", "We will certainly have to make compromises", "-speaker", "Friedrich Merz",
		"-source", "paris-report", "-quote", "German forces could join to monitor a ceasefire but would be based in a neighbouring country")
	want := `[[pledge]]
id         = "de-hubs"
country    = "DE"
category   = "hubs"
status     = "considering"
location   = "outside"
date       = 2026-01-08
summary    = "Germany \"could\" help build hubs."
conditions = ["ceasefire", "binding-commitments"]

  [[pledge.source]]
  ref     = "paris-report"
  quote   = "We will certainly have to make compromises"
  speaker = "Friedrich Merz"

  [[pledge.source]]
  ref   = "paris-report"
  quote = "German forces could join to monitor a ceasefire but would be based in a neighbouring country"`
	if have := insertion(t, before, dir, "content/data/pledges.toml"); have != want {
		t.Errorf("inserted:\n%s\nwant:\n%s", have, want)
	}
	// It follows Germany's last pledge, in Germany's section.
	src := string(must(os.ReadFile(filepath.Join(dir, "content/data/pledges.toml"))))
	if i, j, k := strings.Index(src, `id         = "de-monitoring"`), strings.Index(src, `id         = "de-hubs"`), strings.Index(src, "# --- Belgium"); !(i < j && j < k) {
		t.Errorf("de-hubs is not between de-monitoring and Belgium's section")
	}
	line := strings.Count(src[:strings.Index(src, `id         = "de-hubs"`)], "\n")
	if wantOut := filepath.Join(dir, "content/data/pledges.toml") + ":" + strconv.Itoa(line) + ": added pledge \"de-hubs\"\n"; out != wantOut {
		t.Errorf("printed %q, want %q", out, wantOut)
	}
	var p *dataset.Pledge
	for _, q := range loadData(t, dir).Pledges {
		if q.ID == "de-hubs" {
			p = q
		}
	}
	if p == nil || p.Summary != `Germany "could" help build hubs.` || p.Date.String() != "2026-01-08" || len(p.Sources) != 2 ||
		p.Sources[0].Speaker != "Friedrich Merz" || p.Sources[1].Speaker != "" || strings.Join(p.Conditions, " ") != "ceasefire binding-commitments" {
		t.Errorf("the pledge reads back as %+v", p)
	}
	checkOK(t, dir)

	// A country's first pledge goes at the end of the file of pledges.
	before = siteFiles(t, dir)
	newOK(t, "pledge", "-src", dir, "-id", "pl-support", "-country", "PL", "-category", "support", "-status", "declined",
		"-date", "2026-01-06", "-summary", "Poland would not.", "-source", "paris-report", "-quote", "Croatia")
	insertion(t, before, dir, "content/data/pledges.toml")
	if src := must(os.ReadFile(filepath.Join(dir, "content/data/pledges.toml"))); !bytes.HasSuffix(src, []byte("  quote = \"Croatia\"\n")) {
		t.Errorf("Poland's first pledge is not at the end:\n%s", src[len(src)-200:])
	}
	checkOK(t, dir)
}

// TestNewPledgeRefused: a duplicate id, an unknown status or country, a
// country that cannot pledge, all named with the flag and what it takes;
// nothing is written.
func TestNewPledgeRefused(t *testing.T) {
	t.Parallel()
	dir := copySite(t)
	args := func(extra ...string) []string {
		return append([]string{"pledge", "-src", dir, "-category", "hubs", "-summary", "S",
			"-source", "paris-report", "-quote", "Q"}, extra...)
	}
	newFails(t, dir, 1, `briefing new pledge: -id: pledge "fr-hubs" already exists (content/data/pledges.toml:29:1); choose another id
briefing new pledge: -status: "anounced" is not a known status; expected one of declined, considering, announced, delivered, withdrawn; did you mean "announced"?
nothing was written
`, args("-country", "FR", "-status", "anounced", "-date", "2026-01-08")...)
	newFails(t, dir, 1, `briefing new pledge: -country: "XX" is not a country in content/data/; expected one of BE, CZ, DE, FR, GB, HR, IT, PL, RU, UA, US, coalition (or add it to countries.toml)
briefing new pledge: -status: "anounced" is not a known status; expected one of declined, considering, announced, delivered, withdrawn; did you mean "announced"?
nothing was written
`, args("-country", "XX", "-status", "anounced", "-date", "2026-01-08")...)
	newFails(t, dir, 1, `briefing new pledge: -country: Russia is the country the guarantees are meant to deter (role "non-member"), which neither gives nor refuses the guarantees: record a document it is party to as an [[instrument]]
briefing new pledge: -source (citation 2): "paris-reprt" is not a known source; expected one of paris-report; did you mean "paris-report"?
briefing new pledge: -quote (citation 2) is required
nothing was written
`, args("-country", "RU", "-status", "announced", "-date", "2026-01-08", "-source", "paris-reprt")...)
	newFails(t, dir, 2, `briefing new pledge: missing -country: one of FR, GB, US, DE, BE, HR, CZ, PL, IT, coalition
briefing new pledge: missing -status: one of declined, considering, announced, delivered, withdrawn
briefing new pledge: missing -date
run "briefing new pledge -h" for every flag, "briefing list" for the ids
`, args()...)
	newFails(t, dir, 2, "briefing new pledge: -date: \"2026-13-01\" is not a date: expected YYYY-MM-DD, YYYY-MM, YYYY or an RFC 3339 time\n",
		args("-country", "FR", "-status", "announced", "-date", "2026-13-01")...)
}

func TestNewChange(t *testing.T) {
	t.Parallel()
	dir := copySite(t)
	before := siteFiles(t, dir)
	newOK(t, "change", "-src", dir, "-pledge", "de-monitoring", "-status", "announced", "-date", "2026-01-20",
		"-note", "Germany confirmed it would take part.", "-summary", "Germany will help monitor a ceasefire from a neighbouring country.",
		"-source", "paris-report", "-quote", "We will certainly have to make compromises", "-speaker", "Friedrich Merz")
	want := `  [[pledge.history]]
  date    = 2026-01-20
  status  = "announced"
  note    = "Germany confirmed it would take part."
  summary = "Germany will help monitor a ceasefire from a neighbouring country."

    [[pledge.history.source]]
    ref     = "paris-report"
    quote   = "We will certainly have to make compromises"
    speaker = "Friedrich Merz"`
	if have := insertion(t, before, dir, "content/data/pledges.toml"); have != want {
		t.Errorf("inserted:\n%s\nwant:\n%s", have, want)
	}
	// Right after the pledge's last source, not at the end of the file.
	src := string(must(os.ReadFile(filepath.Join(dir, "content/data/pledges.toml"))))
	if !strings.Contains(src, "  speaker = \"Friedrich Merz\"\n\n"+want+"\n\n# --- Belgium") {
		t.Errorf("the change is not right after de-monitoring's last line:\n%s", src)
	}
	checkOK(t, dir)

	// One prepared ahead needs -draft, and then previews.
	future := editDay.AddDate(0, 0, 3).Format("2006-01-02")
	args := []string{"change", "-src", dir, "-pledge", "de-monitoring", "-status", "delivered", "-date", future,
		"-note", "In place.", "-source", "paris-report", "-quote", "We will"}
	newFails(t, dir, 1, "briefing new change: -date: "+future+" is after the briefing's date, 2026-11-28: an entry prepared ahead needs draft = true\nnothing was written\n", args...)
	before = siteFiles(t, dir)
	newOK(t, append(args, "-draft")...)
	if have := insertion(t, before, dir, "content/data/pledges.toml"); !strings.HasSuffix(have, "  draft  = true\n\n    [[pledge.history.source]]\n    ref   = \"paris-report\"\n    quote = \"We will\"") {
		t.Errorf("inserted:\n%s", have)
	}
	set := loadData(t, dir)
	for _, p := range set.Pledges {
		if p.ID == "de-monitoring" && (len(p.History) != 2 || p.History[0].Status != "announced" || !p.History[1].Draft) {
			t.Errorf("de-monitoring's history: %+v", p.History)
		}
	}
	checkOK(t, dir, "-drafts")

	newFails(t, dir, 1, `briefing new change: -pledge: "de-monitorin" is not a known pledge; expected one of fr-ground-forces, fr-hubs, gb-ground-forces, gb-hubs, us-monitoring, us-backstop, de-monitoring, be-support, hr-ground-forces, cz-ground-forces, coalition-monitoring, coalition-coordination, coalition-arming, coalition-support; did you mean "de-monitoring" or "us-monitoring"?
nothing was written
`, "change", "-src", dir, "-pledge", "de-monitorin", "-status", "announced", "-date", "2026-01-21", "-note", "N", "-source", "paris-report", "-quote", "Q")
}

func TestNewSourceAndEvent(t *testing.T) {
	t.Parallel()
	dir := copySite(t)
	before := siteFiles(t, dir)
	newOK(t, "source", "-src", dir, "-id", "berlin-statement", "-title", "Statement on the monitoring mission",
		"-publisher", "Federal Government of Germany", "-date", "2026-01-20", "-url", "https://example.org/statement")
	want := `[[source]]
id        = "berlin-statement"
title     = "Statement on the monitoring mission"
publisher = "Federal Government of Germany"
date      = 2026-01-20
url       = "https://example.org/statement"`
	if have := insertion(t, before, dir, "content/data/sources.toml"); have != want {
		t.Errorf("inserted:\n%s\nwant:\n%s", have, want)
	}
	newFails(t, dir, 1, "briefing new source: -id: source \"berlin-statement\" already exists (content/data/sources.toml:8:1); choose another id\nnothing was written\n",
		"source", "-src", dir, "-id", "berlin-statement", "-title", "T", "-date", "2026-01-20")
	newFails(t, dir, 1, "briefing new source: -url: \"example.org\" is not an http(s) URL like \"https://example.org/report\"\nnothing was written\n",
		"source", "-src", dir, "-id", "other", "-title", "T", "-date", "2026-01-20", "-url", "example.org")

	before = siteFiles(t, dir)
	newOK(t, "event", "-src", dir, "-date", "2026-01-20", "-title", "Berlin confirms its offer", "-countries", "DE",
		"-source", "berlin-statement")
	want = `[[event]]
date      = 2026-01-20
title     = "Berlin confirms its offer"
countries = ["DE"]

  [[event.source]]
  ref = "berlin-statement"`
	if have := insertion(t, before, dir, "content/data/events.toml"); have != want {
		t.Errorf("inserted:\n%s\nwant:\n%s", have, want)
	}
	checkOK(t, dir)
	newFails(t, dir, 1, "briefing new event: -title: the event \"Berlin confirms its offer\" of 2026-01-20 already exists (content/data/events.toml:69:1)\nnothing was written\n",
		"event", "-src", dir, "-date", "2026-01-20", "-title", "Berlin confirms its offer", "-source", "berlin-statement")
}

// TestNewPrompts: at a terminal, what the flags leave out is asked for,
// with the ids it may take listed; a wrong answer is asked again.
func TestNewPrompts(t *testing.T) {
	t.Parallel()
	dir := copySite(t)
	answers := "XX\nDE\nhubz\nhubs\nannounced\n2026-01-08\nGermany would help.\nparis-report\nWe will certainly have to make compromises\n"
	var stdout, stderr bytes.Buffer
	if code := runNew([]string{"pledge", "-src", dir}, strings.NewReader(answers), &stdout, &stderr, editDay); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	for _, want := range []string{
		"-country, one of:\n  FR         France\n",
		"  coalition  Coalition of the Willing\ncountry: ", // a group may pledge
		`"XX" is not one of them` + "\ncountry: ",
		`"hubz" is not one of them; did you mean "hubs"?`,
		"-status, one of:\n  declined     Declined\n",
		"date: summary: -source, one of:\n  paris-report  US backs",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("the prompts lack %q:\n%s", want, stderr.String())
		}
	}
	if strings.Contains(stderr.String(), "  UA ") || strings.Contains(stderr.String(), "  RU ") {
		t.Errorf("the prompt offers a country that cannot pledge:\n%s", stderr.String())
	}
	if !strings.HasSuffix(stdout.String(), `: added pledge "de-hubs"`+"\n") {
		t.Errorf("stdout: %q", stdout.String())
	}
	// Input that ends first leaves the rest missing, and nothing written.
	stderr.Reset()
	if code := runNew([]string{"source", "-src", dir}, strings.NewReader("a-source\n"), &stdout, &stderr, editDay); code != 2 ||
		!strings.Contains(stderr.String(), "missing -title\n") {
		t.Errorf("exit %d\n%s", code, stderr.String())
	}
	checkOK(t, dir)
}

func TestList(t *testing.T) {
	t.Parallel()
	dir := copySite(t)
	list := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"list", "-src", dir}, args...), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	code, out, _ := list("statuses")
	want := `ID           SYMBOL  LABEL
declined     ✕       Declined
considering  ○       Under consideration
announced    ◐       Announced
delivered    ✔       Delivered
withdrawn    ⊘       Withdrawn
`
	if code != 0 || out != want {
		t.Errorf("list statuses: exit %d\n%s\nwant:\n%s", code, out, want)
	}
	code, out, _ = list("roles", "-json") // the kind before the flag, too
	want = `[
  {"id": "troops", "part": "guarantor", "label": "Pledged troops"},`
	if code != 0 || !strings.HasPrefix(out, want) || !strings.HasSuffix(out, "}\n]\n") {
		t.Errorf("list roles -json: exit %d\n%s", code, out)
	}
	for kind, line := range map[string]string{
		"categories":  "hubs           Military hubs and facilities\n",
		"locations":   "inside ",
		"conditions":  "ceasefire ",
		"countries":   "coalition  Coalition of the Willing  coalition    group\n",
		"sources":     "paris-report  2026-01-06  US backs security guarantees",
		"instruments": "declaration-of-intent ",
		"pledges":     "de-monitoring           DE         monitoring     considering  2026-01-06\n",
	} {
		if code, out, errs := list(kind); code != 0 || !strings.Contains(out, line) {
			t.Errorf("list %s: exit %d, lacks %q:\n%s%s", kind, code, line, out, errs)
		}
	}
	code, out, _ = list("-json", "sources")
	if want := "[\n  {\"id\": \"paris-report\", \"date\": \"2026-01-06\", \"title\": \"US backs security guarantees for Ukraine, as France and UK pledge troops\"}\n]\n"; code != 0 || out != want {
		t.Errorf("list -json sources: exit %d\n%q\nwant\n%q", code, out, want)
	}
	for _, args := range [][]string{{}, {"status"}, {"statuses", "extra"}, {"-yaml", "statuses"}} {
		if code, _, _ := list(args...); code != 2 {
			t.Errorf("list %q: exit %d, want 2", args, code)
		}
	}
	// A dataset with a problem is listed all the same, with the problem.
	os.WriteFile(filepath.Join(dir, "content/data/x.toml"), []byte("[[status]]\nid = \"x\"\n"), 0o644)
	code, out, errs := list("statuses")
	if code != 1 || !strings.Contains(out, "\nx  ") || !strings.Contains(errs, `x.toml:1:1: field "label" is required`) {
		t.Errorf("list on a broken dataset: exit %d\n%s%s", code, out, errs)
	}
}

// TestPromptLongList: past maxOffer ids a prompt names the list instead of
// printing thousands, and still takes only a known id.
func TestPromptLongList(t *testing.T) {
	var offer [][2]string
	for i := range maxOffer + 1 {
		offer = append(offer, [2]string{"p-" + strconv.Itoa(i), "label"})
	}
	var out bytes.Buffer
	p := &prompter{in: bufio.NewReader(strings.NewReader("p-99\np-7\n")), out: &out}
	v, ok := p.ask(&field{name: "pledge", list: "pledges"}, offer)
	want := "-pledge: one of the 41 ids \"briefing list pledges\" prints\npledge: \"p-99\" is not one of them; did you mean \"p-9\", \"p-19\" or \"p-29\"?\npledge: "
	if v != "p-7" || !ok || out.String() != want {
		t.Errorf("ask = %q, %v; printed\n%s\nwant\n%s", v, ok, out.String(), want)
	}
}

// TestTerminal: only a terminal is asked; not a file, not /dev/null.
func TestTerminal(t *testing.T) {
	for _, name := range []string{os.DevNull, filepath.Join(repo, "site.toml")} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		if terminal(f) != nil {
			t.Errorf("%s taken for a terminal", name)
		}
		f.Close()
	}
}
