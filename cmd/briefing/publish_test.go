package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/testenv"
)

const base = "https://example.org/briefing/"

// TestFeedSitemapRobots parses what machines read and checks the required
// elements and that every URL in them is absolute.
func TestFeedSitemapRobots(t *testing.T) {
	t.Parallel()
	out := shipped(t)

	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Title   string   `xml:"title"`
		Updated string   `xml:"updated"`
		Author  string   `xml:"author>name"`
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			ID        string `xml:"id"`
			Title     string `xml:"title"`
			Updated   string `xml:"updated"`
			Published string `xml:"published"`
			Summary   string `xml:"summary"`
			Link      struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Content struct {
				Type string `xml:"type,attr"`
				Div  struct {
					Body string `xml:",innerxml"`
				} `xml:"http://www.w3.org/1999/xhtml div"`
			} `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(must(os.ReadFile(filepath.Join(out, "feed.xml"))), &feed); err != nil {
		t.Fatalf("feed.xml: %v", err)
	}
	if feed.ID != base || feed.Title == "" || feed.Author == "" || !isTime(feed.Updated) {
		t.Errorf("feed head: id %q title %q author %q updated %q", feed.ID, feed.Title, feed.Author, feed.Updated)
	}
	if len(feed.Links) != 2 || feed.Links[0].Rel != "self" || feed.Links[0].Href != base+"feed.xml" {
		t.Errorf("feed links: %+v", feed.Links)
	}
	briefs := must(filepath.Glob(filepath.Join(repo, "content/briefs/*.md")))
	data, errs := dataset.Load(os.DirFS(repo))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	changes := 0
	for _, p := range data.Pledges {
		changes += 1 + len(p.History)
	}
	if len(feed.Entries) != len(briefs)+changes {
		t.Errorf("%d entries for %d briefs and %d pledges made or changed", len(feed.Entries), len(briefs), changes)
	}
	ids := map[string]bool{}
	for i, e := range feed.Entries {
		brief := strings.HasPrefix(e.ID, base+"briefs/")
		change := strings.HasPrefix(e.ID, base+"pledges/") && strings.Contains(e.ID, "/#entry-")
		if !brief && !change || e.Link.Href != e.ID || e.Title == "" || !isTime(e.Updated) || !isTime(e.Published) || e.Summary == "" {
			t.Errorf("entry %+v", e)
		}
		if brief && (e.Content.Type != "xhtml" || !strings.Contains(e.Content.Div.Body, "<p>")) {
			t.Errorf("brief entry %s has no content", e.ID)
		}
		if i > 0 && e.Updated > feed.Entries[i-1].Updated {
			t.Errorf("entry %s is newer than the one before it", e.ID)
		}
		if ids[e.ID] {
			t.Errorf("entry id %s twice", e.ID)
		}
		ids[e.ID] = true
	}

	var sitemap struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(must(os.ReadFile(filepath.Join(out, "sitemap.xml"))), &sitemap); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	pages := 0
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if filepath.Ext(p) == ".html" && filepath.Base(p) != "404.html" {
			pages++
		}
		return err
	})
	if len(sitemap.URLs) != pages {
		t.Errorf("sitemap has %d URLs for %d pages", len(sitemap.URLs), pages)
	}
	for _, u := range sitemap.URLs {
		rel := strings.TrimPrefix(u.Loc, base)
		if rel == u.Loc || u.LastMod == "" {
			t.Errorf("sitemap URL %+v", u)
		} else if _, err := os.Stat(filepath.Join(out, rel, "index.html")); err != nil {
			t.Errorf("sitemap URL %s has no page", u.Loc)
		}
	}
	if robots := string(must(os.ReadFile(filepath.Join(out, "robots.txt")))); !strings.Contains(robots, "Sitemap: "+base+"sitemap.xml\n") {
		t.Errorf("robots.txt: %q", robots)
	}
}

func isTime(s string) bool {
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

// TestDataDownloads reads the CSV back and checks that the data the pages
// describe in JSON-LD is there.
func TestDataDownloads(t *testing.T) {
	t.Parallel()
	out := shipped(t)
	src := must(os.ReadFile(filepath.Join(out, "data/pledges.csv")))
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(src, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Pledges []struct{ ID string } `json:"pledges"`
	}
	if err := json.Unmarshal(must(os.ReadFile(filepath.Join(out, "data/pledges.json"))), &doc); err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(doc.Pledges)+1 || rows[0][0] != "id" || len(doc.Pledges) == 0 {
		t.Errorf("%d CSV rows for %d pledges", len(rows), len(doc.Pledges))
	}
	for i, p := range doc.Pledges {
		if rows[i+1][0] != p.ID {
			t.Errorf("row %d is %s, want %s", i+1, rows[i+1][0], p.ID)
		}
	}
	matrix := string(must(os.ReadFile(filepath.Join(out, "matrix/index.html"))))
	_, ld, _ := strings.Cut(matrix, `<script type="application/ld+json">`)
	ld, _, _ = strings.Cut(ld, "</script>")
	var dataset struct {
		Type         string `json:"@type"`
		License      string `json:"license"`
		Distribution []struct {
			ContentURL string `json:"contentUrl"`
		} `json:"distribution"`
	}
	if err := json.Unmarshal([]byte(ld), &dataset); err != nil || dataset.Type != "Dataset" || dataset.License == "" || len(dataset.Distribution) != 3 {
		t.Fatalf("matrix JSON-LD %q: %v", ld, err)
	}
	for _, d := range dataset.Distribution {
		if _, err := os.Stat(filepath.Join(out, strings.TrimPrefix(d.ContentURL, base))); err != nil {
			t.Errorf("JSON-LD names %s, which was not built", d.ContentURL)
		}
	}
}

// TestRebuildTouchesOnlyChanged edits one brief's text and rebuilds: only the
// brief's page and the feed (which carries the text) are written again.
func TestRebuildTouchesOnlyChanged(t *testing.T) {
	t.Parallel()
	dir := copySite(t)
	out := filepath.Join(t.TempDir(), "public")
	copyBuilt(t, shippedCompressed(t), out) // as if built from dir with -compress
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.Chtimes(p, old, old)
		}
		return err
	})
	brief := filepath.Join(dir, "content/briefs/2026-01-06-the-us-role.md")
	os.WriteFile(brief, append(must(os.ReadFile(brief)), "\nOne more sentence.\n"...), 0o644)
	os.WriteFile(filepath.Join(out, "stray.html"), []byte("not part of the site"), 0o644)
	buildSite(t, dir, out, "-compress")

	var touched []string
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, _ := d.Info(); !info.ModTime().Equal(old) {
				rel, _ := filepath.Rel(out, p)
				touched = append(touched, rel)
			}
		}
		return err
	})
	want := []string{"briefs/the-us-role/index.html", "briefs/the-us-role/index.html.br", "briefs/the-us-role/index.html.gz", "feed.xml", "feed.xml.br", "feed.xml.gz"}
	if strings.Join(touched, " ") != strings.Join(want, " ") {
		t.Errorf("rewritten: %v\nwant only: %v", touched, want)
	}
	if _, err := os.Stat(filepath.Join(out, "stray.html")); !os.IsNotExist(err) {
		t.Errorf("a file that is not part of the site survived the rebuild")
	}
}

// TestNginxSubpath serves the built site with nginx under /briefing/ on a
// loopback port, and at the root of another, and crawls both from the front
// page: every page, asset and anchor must answer.
func TestNginxSubpath(t *testing.T) {
	t.Parallel()
	nginx := findTool("nginx", "/usr/sbin/nginx")
	if nginx == "" {
		testenv.Missing(t, "no nginx (apt-get install nginx)")
	}
	out := shippedCompressed(t) // in a folder nginx may read, whoever it runs as

	prefix := t.TempDir()
	os.Chmod(prefix, 0o755)
	port, rootPort := freePort(t), freePort(t)
	conf := fmt.Sprintf(`daemon off;
master_process off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path %[1]s/body;
  proxy_temp_path %[1]s/proxy;
  fastcgi_temp_path %[1]s/fastcgi;
  uwsgi_temp_path %[1]s/uwsgi;
  scgi_temp_path %[1]s/scgi;
  server {
    listen 127.0.0.1:%[2]d;
    gzip_static on;
    location /briefing/ { alias %[3]s/; error_page 404 /briefing/404.html; }
  }
  server {
    listen 127.0.0.1:%[4]d;
    root %[3]s;
  }
}
`, prefix, port, out, rootPort)
	os.WriteFile(filepath.Join(prefix, "nginx.conf"), []byte(conf), 0o644)
	cmd := exec.Command(nginx, "-p", prefix, "-c", filepath.Join(prefix, "nginx.conf"), "-e", filepath.Join(prefix, "error.log"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-exited })
	site := fmt.Sprintf("http://127.0.0.1:%d/briefing/", port)
	stalled := testenv.Stalled(t)
	for ; ; time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(site); err == nil {
			resp.Body.Close()
			break
		}
		select {
		case <-exited:
			t.Fatalf("nginx exited: %s %s", stderr.String(), must(os.ReadFile(filepath.Join(prefix, "error.log"))))
		case <-stalled:
			t.Fatalf("nginx did not answer: %s %s", stderr.String(), must(os.ReadFile(filepath.Join(prefix, "error.log"))))
		default:
		}
	}

	client := &http.Client{Timeout: 5 * time.Second}
	for _, start := range []string{site, fmt.Sprintf("http://127.0.0.1:%d/", rootPort)} {
		n, broken, err := crawl(client, start)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range broken {
			t.Errorf("broken: %s", b)
		}
		if n < 30 {
			t.Errorf("crawled only %d URLs from %s", n, start)
		}
		t.Logf("crawled %d URLs from %s", n, start)
	}

	// What else a host is expected to do with the output.
	resp, err := client.Get(site + "no/such/page/")
	if err != nil {
		t.Fatal(err)
	}
	body := new(bytes.Buffer)
	body.ReadFrom(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 || !strings.Contains(body.String(), "Page not found") || !strings.Contains(body.String(), `href="/briefing/css/site.`) {
		t.Errorf("a missing page: status %d, not the site's 404 page with working links", resp.StatusCode)
	}
	req, _ := http.NewRequest("GET", site+"matrix/index.html", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err = http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("nginx did not serve the precompressed page (gzip_static)")
	}
}

func findTool(name string, paths ...string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// TestFromDisk opens the front page through file:// in Chromium and follows
// every navigation link, and the links to a country and a brief: each must
// open its page, not a folder listing or an error.
func TestFromDisk(t *testing.T) {
	t.Parallel()
	tab := browser.Tab(t)
	out := shipped(t)
	ctx, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()

	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+out+"/index.html")); err != nil {
		t.Fatal(err)
	}
	hrefs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("header a, main a.cell, main .cards a")].map(a => a.href)`))
	if err != nil || len(hrefs) < 10 {
		t.Fatalf("links on the front page: %v, %v", hrefs, err)
	}
	for _, href := range hrefs {
		if err := chromedp.Do(ctx, chromedp.Navigate(href)); err != nil {
			t.Errorf("%s: %v", href, err)
			continue
		}
		h1, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main h1") ? document.querySelector("main h1").textContent : ""`))
		if err != nil || h1 == "" {
			t.Errorf("%s opened no page of the site (%v)", href, err)
		}
		if fragment, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!location.hash || !!document.getElementById(location.hash.slice(1))`)); !fragment {
			t.Errorf("%s: no element for its #fragment", href)
		}
	}
}
