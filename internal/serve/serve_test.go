package serve

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefing/briefing/internal/build"
	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/synth"
)

// startServer copies the build fixture to a temporary folder and serves it
// on a free loopback port until the test ends.
func startServer(t *testing.T) (srv *Server, site, base string) {
	t.Helper()
	return startServerWith(t, nil)
}

// startServerWith is startServer with a chance to configure the server
// before it serves.
func startServerWith(t *testing.T, configure func(*Server)) (srv *Server, site, base string) {
	t.Helper()
	site = t.TempDir()
	if err := os.CopyFS(site, os.DirFS("../build/testdata/site")); err != nil {
		t.Fatal(err)
	}
	srv = New(Options{Src: site, Build: build.Options{Theme: os.DirFS("../.."), Drafts: true, Future: true, Today: date.Of(time.Date(2026, 1, 7, 12, 0, 0, 0, time.UTC))}, Debounce: 20 * time.Millisecond})
	return srv, site, serveSite(t, srv, configure)
}

// serveSite builds the site of srv and serves it until the test ends.
func serveSite(t testing.TB, srv *Server, configure func(*Server)) (base string) {
	t.Helper()
	if configure != nil {
		configure(srv)
	}
	if err := srv.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("Serve did not return after its context ended")
		}
	})
	return "http://" + ln.Addr().String()
}

// listeners counts the open event streams.
func (s *Server) listeners() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.clients)
}

func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// events connects to the event stream and returns the event names as they
// arrive.
func events(t testing.TB, base string) <-chan string {
	t.Helper()
	resp, err := http.Get(base + eventsPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	c := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				c <- name
			}
		}
	}()
	if name := next(t, c); name != "hello" {
		t.Fatalf("first event %q, want hello", name)
	}
	return c
}

// next waits at most a second for the next event.
func next(t testing.TB, c <-chan string) string {
	t.Helper()
	select {
	case name := <-c:
		return name
	case <-time.After(10 * time.Second): // a bound on liveness, not a timing: a loaded machine may take seconds
		t.Fatal("no event within 10 s")
		return ""
	}
}

// edit changes the text of the fixture's first brief and rebuilds for it,
// as the watcher would.
func edit(t testing.TB, srv *Server, site string) {
	t.Helper()
	const brief = "content/briefs/2026-01-06-first.md"
	f, err := os.OpenFile(filepath.Join(site, brief), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "\nEdited at %d.\n", time.Now().UnixNano())
	f.Close()
	if err := srv.Rebuild(context.Background(), brief); err != nil {
		t.Fatal(err)
	}
}

func write(t testing.TB, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestEditReloads(t *testing.T) {
	var log lockedBuffer
	_, site, base := startServerWith(t, func(s *Server) { s.opts.Log = &log })
	ev := events(t, base)
	brief := filepath.Join(site, "content/briefs/2026-01-06-first.md")
	src, _ := os.ReadFile(brief)

	write(t, brief, strings.Replace(string(src), "Atlantis [pledged]", "Atlantis has now [pledged]", 1))
	if name := next(t, ev); name != "reload" {
		t.Fatalf("event %q after an edit, want reload", name)
	}
	if _, page := get(t, base+"/briefs/first/"); !strings.Contains(page, "Atlantis has now") {
		t.Errorf("the edit is not served")
	}

	// Break it: the last good site is still served, with the error on top.
	write(t, brief, strings.Replace(string(src), `title     = "First brief"`, `title     = "First brief`, 1))
	if name := next(t, ev); name != "reload" {
		t.Fatalf("event %q after a broken edit, want reload", name)
	}
	status, page := get(t, base+"/countries/atlantis/")
	want := filepath.Join(site, "content/briefs/2026-01-06-first.md") + ":2:25: invalid TOML: field &#34;title&#34;: strings cannot contain newlines"
	if status != http.StatusOK || !strings.Contains(page, `id="briefing-errors"`) || !strings.Contains(page, want) {
		t.Errorf("status %d; the overlay with %q is not on the page:\n%s", status, want, page)
	}
	if !strings.Contains(page, "<h1>Atlantis</h1>") {
		t.Errorf("the last good page is not served under the overlay")
	}

	// Fix it the way editors' tools save: a temporary file renamed over it.
	// The server reads and parses that brief again, and nothing else.
	tmp := filepath.Join(site, "content/briefs/.first.md.tmp")
	write(t, tmp, string(src))
	if err := os.Rename(tmp, brief); err != nil {
		t.Fatal(err)
	}
	if name := next(t, ev); name != "reload" {
		t.Fatalf("event %q after the fix, want reload", name)
	}
	if _, page := get(t, base+"/briefs/first/"); strings.Contains(page, "briefing-errors") || strings.Contains(page, "Atlantis has now") {
		t.Errorf("after the fix, the overlay is still there or the old text is served")
	}
	loads := regexp.MustCompile(`loaded in \S+ \((.*) parsed again\)\n`).FindAllStringSubmatch(log.String(), -1)
	if len(loads) == 0 || loads[len(loads)-1][1] != "1 file" {
		t.Errorf("the fix did not parse the one brief alone; the log says:\n%s", log.String())
	}
}

// lockedBuffer is a log the server and a test may use at once.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestStylesheetOnlySwapsCSS(t *testing.T) {
	_, site, base := startServer(t)
	ev := events(t, base)
	css := filepath.Join(site, "static/css")
	if err := os.MkdirAll(css, 0o755); err != nil { // a folder created after start is watched too
		t.Fatal(err)
	}
	// The folder's own event may come first, and be the one the stylesheet
	// is read with: a reload, or else a swap.
	write(t, filepath.Join(css, "site.css"), "body { color: blue }")
	if name := next(t, ev); name != "reload" && name != "css" {
		t.Fatalf("event %q after a stylesheet in a new folder, want reload or css", name)
	}
	write(t, filepath.Join(css, "site.css"), "body { color: red }")
	if name := next(t, ev); name != "css" {
		t.Fatalf("event %q after a stylesheet change, want css", name)
	}
	_, page := get(t, base+"/")
	_, rest, _ := strings.Cut(page, `<link rel="stylesheet" href="`)
	href, _, _ := strings.Cut(rest, `"`)
	if _, body := get(t, base+"/"+href); body != "body{color:red}" {
		t.Errorf("stylesheet %s served: %q", href, body)
	}
}

func TestNewBriefAndSiteToml(t *testing.T) {
	_, site, base := startServer(t)
	ev := events(t, base)
	write(t, filepath.Join(site, "content/briefs/2026-01-08-second.md"), "+++\ntitle = \"Second\"\ndate = 2026-01-08\nsummary = \"S\"\n+++\nNew.\n")
	if name := next(t, ev); name != "reload" {
		t.Fatalf("event %q after a new brief, want reload", name)
	}
	if status, _ := get(t, base+"/briefs/second/"); status != http.StatusOK {
		t.Errorf("new brief: status %d", status)
	}
	config, _ := os.ReadFile(filepath.Join(site, "site.toml"))
	write(t, filepath.Join(site, "site.toml"), strings.Replace(string(config), "Fixture briefing", "Renamed briefing", 1))
	if name := next(t, ev); name != "reload" {
		t.Fatalf("event %q after site.toml changed, want reload", name)
	}
	if _, page := get(t, base+"/"); !strings.Contains(page, "Renamed briefing") {
		t.Errorf("site.toml change not served")
	}
}

func TestServing(t *testing.T) {
	_, _, base := startServer(t)
	for _, tc := range []struct {
		path   string
		status int
		want   string
	}{
		{"/", 200, `<script src="/_briefing/live.js" data-version="1"></script></body>`},
		{"/matrix/", 200, "<caption"},
		{"/countries/atlantis", 200, "<h1>Atlantis</h1>"}, // redirected to the folder
		{"/nope/", 404, "Page not found"},
		{"/../../etc/passwd", 404, "Page not found"},
		{"/briefs/draft/", 200, "Draft</strong>"},
		{"/briefs/draft/", 200, "Scheduled: not published until 8 January 2026</strong>"},
		{scriptPath, 200, "EventSource"},
	} {
		status, body := get(t, base+tc.path)
		if status != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("GET %s: status %d, want %d with %q", tc.path, status, tc.status, tc.want)
		}
	}
	resp, err := http.Post(base+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d", resp.StatusCode)
	}
}

// TestBurst: many saves at once, through fsnotify, reload open pages
// (that they make one rebuild is TestBatch's to say).
func TestBurst(t *testing.T) {
	_, site, base := startServer(t)
	ev := events(t, base)
	for i := range 20 {
		write(t, filepath.Join(site, "content/briefs", "2026-01-0"+string(rune('1'+i%9))+"-burst-"+string(rune('a'+i))+".md"),
			"+++\ntitle = \"Burst\"\ndate = 2026-01-01\nsummary = \"S\"\n+++\n")
	}
	if name := next(t, ev); name != "reload" {
		t.Fatalf("event %q, want reload", name)
	}
}

// TestCheckFindsPageErrors: a template that fails only when its pages are
// made (here, every country's) reaches the overlay of a page that is open
// and made fine, through the background check; a failing page asked for
// says why itself.
func TestCheckFindsPageErrors(t *testing.T) {
	_, site, base := startServer(t)
	ev := events(t, base)
	country, err := os.ReadFile("../../templates/country.html")
	os.MkdirAll(filepath.Join(site, "templates"), 0o755)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(site, "templates/country.html"), strings.Replace(string(country), `{{define "content"}}`, `{{define "content"}}{{.Nope}}`, 1))
	if name := next(t, ev); name != "reload" {
		t.Fatalf("event %q after a template change, want reload", name)
	}
	if name := next(t, ev); name != "reload" {
		t.Fatalf("event %q after the check, want reload", name)
	}
	want := filepath.Join(site, "templates/country.html") + ":"
	if status, page := get(t, base+"/"); status != http.StatusOK || !strings.Contains(page, `id="briefing-errors"`) || !strings.Contains(page, want) || !strings.Contains(page, "Nope") {
		t.Errorf("front page: status %d; the overlay with %s is not on it", status, want)
	}
	if status, page := get(t, base+"/countries/atlantis/"); status != http.StatusInternalServerError || !strings.Contains(page, "Nope") {
		t.Errorf("a failing page: status %d, want 500 and why:\n%s", status, page)
	}
	write(t, filepath.Join(site, "templates/country.html"), string(country))
	if name := next(t, ev); name != "reload" {
		t.Fatalf("event %q after the fix, want reload", name)
	}
	if status, page := get(t, base+"/countries/atlantis/"); status != http.StatusOK || strings.Contains(page, "briefing-errors") {
		t.Errorf("after the fix: status %d, or the overlay is still there", status)
	}
}

// TestSameBytesNoReload saves a brief as it was, and an editor's temporary
// file beside it: no file of the site changes, so open pages are not told
// to reload; then a real edit is.
func TestSameBytesNoReload(t *testing.T) {
	srv, site, _ := startServer(t)
	const name = "content/briefs/2026-01-06-first.md"
	brief := filepath.Join(site, name)
	src, err := os.ReadFile(brief)
	if err != nil {
		t.Fatal(err)
	}
	version := func() int {
		srv.mu.RLock()
		defer srv.mu.RUnlock()
		return srv.version
	}
	before := version()
	write(t, brief, string(src))
	write(t, brief+".swp", "half a save")
	if err := srv.Rebuild(context.Background(), name, name+".swp"); err != nil {
		t.Fatal(err)
	}
	if v := version(); v != before {
		t.Errorf("open pages told to reload (version %d -> %d) after saves that changed nothing", before, v)
	}
	write(t, brief, string(src)+"\nOne more line.\n")
	if err := srv.Rebuild(context.Background(), name); err != nil {
		t.Fatal(err)
	}
	if v := version(); v == before {
		t.Errorf("open pages not told to reload after an edit")
	}
}

// BenchmarkSaveToReload measures what an editor waits for on the site of
// build's BenchmarkBuild/10k (10,000 briefs, 200 countries, 20,000
// pledges): from a brief's text saved to its page, with the edit, in the
// browser's hands: through fsnotify, the debounce (the default, 50 ms),
// the load, the event stream and the request for the page, made then.
//
//	go test ./internal/serve -run '^$' -bench SaveToReload -benchtime 20x
func BenchmarkSaveToReload(b *testing.B) {
	base, ev, _, brief, src, page := serveBigSite(b)
	i := 0
	for b.Loop() {
		i++
		edit := fmt.Sprintf("Edit number %d.", i)
		write(b, brief, fmt.Sprintf("%s\n%s\n", src, edit))
		if name := next(b, ev); name != "reload" {
			b.Fatalf("event %q, want reload", name)
		}
		if _, body := get(b, base+page); !strings.Contains(body, edit) {
			b.Fatalf("the page does not show the edit")
		}
	}
}

// BenchmarkErrorsToOverlay measures, on the same site, the time from a
// save that breaks a brief to the error in the overlay of the page the
// browser asks for then: a link to a page that does not exist (found when
// the site loads), and a link to a #fragment that is not on its page
// (found by the check that follows, once it has made the pages that links
// want fragments of, the saved brief's first), and a template that fails
// on every page of its kind (found by the check, on the first page of each
// kind it makes first).
//
//	go test ./internal/serve -run '^$' -bench ErrorsToOverlay -benchtime 10x
func BenchmarkErrorsToOverlay(b *testing.B) {
	base, ev, site, brief, src, page := serveBigSite(b)
	pledge, err := os.ReadFile("../../templates/pledge.html")
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name, link string
		events     int // reload events until the error shows
	}{
		{"page", "/countries/nowhere-%d/", 1},
		{"fragment", "/matrix/#nowhere-%d", 2},
		{"template", "Nowhere%d", 2}, // a field pledge pages do not have
	} {
		b.Run(c.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				broken := fmt.Sprintf(c.link, i)
				if c.name == "template" {
					write(b, filepath.Join(site, "templates/pledge.html"), strings.Replace(string(pledge), `{{define "content"}}`, `{{define "content"}}{{.`+broken+`}}`, 1))
				} else {
					write(b, brief, fmt.Sprintf("%s\nSee [nowhere](%s).\n", src, broken))
				}
				for range c.events {
					if name := next(b, ev); name != "reload" {
						b.Fatalf("event %q, want reload", name)
					}
				}
				if _, body := get(b, base+page); !strings.Contains(body, "briefing-errors") || !strings.Contains(body, broken) {
					b.Fatalf("the overlay does not show the error")
				}
			}
		})
	}
}

// serveBigSite serves the site of build's BenchmarkBuild/10k from a
// folder, with the default debounce, and returns its address, an open
// event stream, the folder, its newest brief (so that the feed changes too), that
// brief's text and its URL path.
func serveBigSite(b *testing.B) (base string, ev <-chan string, site, brief string, src []byte, page string) {
	site = b.TempDir()
	if err := synth.WriteDir(site, synth.Config{Briefs: 10000, Countries: 200, Pledges: 20000, Events: -1, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	briefs, err := filepath.Glob(filepath.Join(site, "content/briefs/*.md"))
	if err != nil || len(briefs) == 0 {
		b.Fatal("no briefs", err)
	}
	brief = briefs[len(briefs)-1]
	if src, err = os.ReadFile(brief); err != nil {
		b.Fatal(err)
	}
	base = serveSite(b, New(Options{Src: site, Build: build.Options{Theme: os.DirFS("../..")}}), nil)
	os.MkdirAll(filepath.Join(site, "templates"), 0o755)
	return base, events(b, base), site, brief, src, "/briefs/" + strings.TrimSuffix(filepath.Base(brief)[len("2026-01-02-"):], ".md") + "/"
}
