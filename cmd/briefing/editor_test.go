package main

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/briefing/briefing/internal/testenv"
)

// TestCheck: one brief with a link of each broken kind gives exactly these
// lines, in file:line:col form, sorted.
func TestCheck(t *testing.T) {
	t.Parallel()
	dir := copySite(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "-src", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("check of the shipped site: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "ok: ") || !strings.Contains(stdout.String(), "no problems") {
		t.Errorf("summary: %q", stdout.String())
	}

	brief := "+++\ntitle = \"Links\"\ndate = 2026-01-06\nsummary = \"S\"\ncountries = [\"DE\"]\n+++\n\n" +
		"A [good one](/countries/germany/#pledge-de-monitoring), [a missing page](/countries/germny/),\n" +
		"[a missing anchor](/matrix/#nowhere) and ![a missing image](/img/none.png).\n" +
		"A [good relative](../the-us-role/), [a bad relative](../nope/), [outside](/../../etc/passwd),\n" +
		"[external](https://example.org/), [a heading](#h-a-heading), [a missing heading](#nope).\n\n## A heading\n"
	os.WriteFile(filepath.Join(dir, "content/briefs/2026-01-06-links.md"), []byte(brief), 0o644)
	stdout.Reset()
	if code := run([]string{"check", "-src", dir}, &stdout, &stderr); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	file := filepath.Join(dir, "content/briefs/2026-01-06-links.md")
	want := []string{
		file + `:8:57: link "/countries/germny/" leads to no page or file: /countries/germny/ does not exist; did you mean "/countries/germany/"?`,
		file + `:9:1: link "/matrix/#nowhere": /matrix/ has no element with id "nowhere"`,
		file + `:9:42: link "/img/none.png" leads to no page or file: /img/none.png does not exist`,
		file + `:10:37: link "../nope/" leads to no page or file: /briefs/nope/ does not exist`,
		file + `:10:65: link "/../../etc/passwd" leads outside the site`,
		file + `:11:62: link "#nope": /briefs/links/ has no element with id "nope"`,
	}
	if have := strings.Split(strings.TrimSpace(stdout.String()), "\n"); strings.Join(have, "\n") != strings.Join(want, "\n") {
		t.Errorf("have:\n%s\nwant:\n%s", strings.Join(have, "\n"), strings.Join(want, "\n"))
	}

	// build fails on the same errors.
	stderr.Reset()
	if code := run([]string{"build", "-src", dir, "-out", filepath.Join(t.TempDir(), "out")}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), want[0]) {
		t.Errorf("build: exit %d\n%s", code, stderr.String())
	}
}

// TestCheckTemplateLinks: check also follows every link on every page, so
// a site's own template that links nowhere is reported, with the page.
func TestCheckTemplateLinks(t *testing.T) {
	t.Parallel()
	dir := copySite(t)
	page := filepath.Join(dir, "templates/page.html")
	tmpl := strings.Replace(string(must(os.ReadFile(page))), `<h1>{{.Title}}</h1>`, `<h1>{{.Title}}</h1><a href="../nowhere/">More</a>`, 1)
	if err := os.WriteFile(page, []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "-src", dir}, &stdout, &stderr); code != 1 {
		t.Errorf("exit %d, want 1\n%s%s", code, stdout.String(), stderr.String())
	}
	want := filepath.Join(dir, "templates") + `: on /about/: link "../nowhere/": no such file: nowhere/index.html`
	if !strings.Contains(stdout.String(), want) {
		t.Errorf("check says:\n%s\nwant a line\n%s", stdout.String(), want)
	}
}

func TestNewBrief(t *testing.T) {
	t.Parallel()
	dir := copySite(t)
	now := time.Date(2026, 1, 9, 10, 0, 0, 0, time.UTC)
	var stdout, stderr bytes.Buffer
	if code := runNew([]string{"brief", "-src", dir, `Berlin's "new" offer`}, nil, &stdout, &stderr, now); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	path := strings.TrimSpace(stdout.String())
	if want := filepath.Join(dir, "content/briefs/2026-01-09-berlins-new-offer.md"); path != want {
		t.Errorf("printed %q, want %q", path, want)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`title     = "Berlin's \"new\" offer"`, "date      = 2026-01-09", `summary   = ""`, "countries = []", "draft     = true"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("the new brief lacks %q:\n%s", want, src)
		}
	}

	// The new brief previews as it is: a draft may leave its summary
	// empty and keep the skeleton's text. Published, both are errors.
	buildSite(t, dir, filepath.Join(t.TempDir(), "out"))
	checkOK(t, dir, "-drafts")
	os.WriteFile(path, bytes.Replace(src, []byte("draft     = true  # delete this line to publish\n"), nil, 1), 0o644)
	stdout.Reset()
	if code := run([]string{"check", "-src", dir}, &stdout, &stderr); code != 1 {
		t.Errorf("check of the published skeleton: exit %d", code)
	}
	want := path + `:4:13: field "summary" is required` + "\n" +
		path + `:9:1: "Write the brief here, in Markdown: what happened, who said what, and what it changes." is left from the skeleton of a new brief: write the brief in its place before publishing (a draft may keep it)` + "\n" +
		path + `:10:1: "Quote people exactly, in quotation marks, and say who said it." is left from the skeleton of a new brief: write the brief in its place before publishing (a draft may keep it)` + "\n"
	if stdout.String() != want {
		t.Errorf("check of the published skeleton:\n%s\nwant:\n%s", stdout.String(), want)
	}

	stdout.Reset()
	stderr.Reset()
	os.WriteFile(path, []byte("edited"), 0o644)
	if code := runNew([]string{"brief", "-src", dir, `Berlin's "new" offer`}, nil, &stdout, &stderr, now); code != 1 || !strings.Contains(stderr.String(), "already exists") {
		t.Errorf("second new: exit %d, %q", code, stderr.String())
	}
	if data, _ := os.ReadFile(path); string(data) != "edited" {
		t.Errorf("new overwrote an existing brief")
	}
	for _, args := range [][]string{{}, {"pladge"}, {"brief"}, {"brief", "a", "b"}, {"brief", "---"}} {
		if code := runNew(args, nil, &stdout, &stderr, now); code != 2 {
			t.Errorf("new %q: exit %d, want 2", args, code)
		}
	}
}

// TestScheduled: a brief dated after today is left out of a build, and the
// dev server's build shows it marked.
func TestScheduled(t *testing.T) {
	t.Parallel()
	dir := copySite(t)
	future := time.Now().AddDate(0, 0, 3).Format("2006-01-02")
	os.WriteFile(filepath.Join(dir, "content/briefs/"+future+"-later.md"),
		[]byte("+++\ntitle = \"Later\"\ndate = "+future+"\nsummary = \"S\"\n+++\nSoon.\n"), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	buildSite(t, dir, out)
	if _, err := os.Stat(filepath.Join(out, "briefs/later/index.html")); !os.IsNotExist(err) {
		t.Errorf("a brief dated %s was built", future)
	}
}

// syncBuffer is a bytes.Buffer that a command may write while a test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeCtrlC starts "briefing serve", fetches a page, sends the process
// the interrupt that Ctrl-C sends, and expects a clean exit. Not parallel:
// the signal goes to the whole test process, so nothing else may run then.
func TestServeCtrlC(t *testing.T) {
	dir := copySite(t)
	var stdout, stderr syncBuffer
	code := make(chan int)
	go func() { code <- run([]string{"serve", "-src", dir, "-addr", "127.0.0.1:0"}, &stdout, &stderr) }()
	stalled := testenv.Stalled(t)
	var addr string
	for ; addr == ""; time.Sleep(10 * time.Millisecond) {
		select {
		case c := <-code:
			t.Fatalf("serve exited (%d) before it served: %s%s", c, stdout.String(), stderr.String())
		case <-stalled:
			t.Fatalf("serve did not start: %s%s", stdout.String(), stderr.String())
		default:
		}
		if _, rest, ok := strings.Cut(stdout.String(), "at http://"); ok {
			addr, _, _ = strings.Cut(rest, "/")
		}
	}
	resp, err := http.Get("http://" + addr + "/matrix/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /matrix/: %d", resp.StatusCode)
	}
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	select {
	case c := <-code:
		if c != 0 || !strings.Contains(stdout.String(), "stopped") {
			t.Errorf("exit %d, output %q %q", c, stdout.String(), stderr.String())
		}
	case <-stalled:
		t.Fatal("serve did not stop on SIGINT")
	}
	if strings.Contains(stderr.String(), "warning") {
		t.Errorf("a loopback address warned: %s", stderr.String())
	}
}
