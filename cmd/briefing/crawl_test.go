package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/briefing/briefing/internal/linkcheck"
)

// crawl walks a served site from start, as a reader's browser would: it
// fetches every page and file that pages link to under start's folder, and
// reports each link that does not answer 200 OK or whose #fragment is
// missing on its page. Links elsewhere are not followed. It returns the
// number of URLs fetched.
func crawl(client *http.Client, start string) (int, []linkcheck.Broken, error) {
	root, err := url.Parse(start)
	if err != nil {
		return 0, nil, err
	}
	scope := root.Path[:strings.LastIndex(root.Path, "/")+1] // the folder the site is published in
	ids := map[string]map[string]bool{}                      // fetched page URL (no fragment) -> its ids
	status := map[string]int{}
	var seen []pageLink
	var broken []linkcheck.Broken
	queue := []string{root.String()}
	status[root.String()] = 0
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		resp, err := client.Get(u)
		if err != nil {
			return len(status), broken, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return len(status), broken, err
		}
		status[u] = resp.StatusCode
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		p := linkcheck.Parse(body)
		ids[u] = p.IDs
		base, _ := url.Parse(u)
		for _, link := range p.Links {
			ref, err := base.Parse(link)
			if err != nil {
				broken = append(broken, linkcheck.Broken{Page: u, Link: link, Reason: "not a valid URL"})
				continue
			}
			if ref.Scheme != root.Scheme || ref.Host != root.Host || !strings.HasPrefix(ref.Path, scope) {
				continue // another site, or above the published folder
			}
			seen = append(seen, pageLink{u, link})
			target := *ref
			target.Fragment = ""
			if _, seen := status[target.String()]; !seen {
				status[target.String()] = 0
				queue = append(queue, target.String())
			}
		}
	}
	for _, f := range seen {
		base, _ := url.Parse(f.from)
		ref, _ := base.Parse(f.link)
		frag := ref.Fragment
		ref.Fragment = ""
		switch code := status[ref.String()]; {
		case code != http.StatusOK:
			broken = append(broken, linkcheck.Broken{Page: f.from, Link: f.link, Reason: fmt.Sprintf("%s answered %d", ref, code)})
		case frag != "" && ids[ref.String()] != nil && !ids[ref.String()][frag]:
			broken = append(broken, linkcheck.Broken{Page: f.from, Link: f.link, Reason: "no element with id " + frag + " on " + ref.String()})
		}
	}
	return len(status), broken, nil
}

// pageLink is a link as found on a fetched page.
type pageLink struct{ from, link string }

func TestCrawl(t *testing.T) {
	site := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte("<!DOCTYPE html><html><head><title>t</title></head><body>" + body + "</body></html>"))
		}
	}
	site.Handle("/sub/index.html", page(`<h1 id="top">Home</h1><a href="a/index.html#x">a</a> <a href="a/index.html#nope">bad anchor</a>
		<a href="missing/index.html">missing</a> <a href="../outside/">outside</a> <a href="https://example.org/">external</a>
		<link rel="stylesheet" href="site.css"> <a href="#top">top</a>`))
	site.Handle("/sub/a/index.html", page(`<p id="x">A</p><a href="../index.html#top">home</a>`))
	site.HandleFunc("/sub/site.css", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("body{}")) })
	srv := httptest.NewServer(site)
	defer srv.Close()

	n, broken, err := crawl(srv.Client(), srv.URL+"/sub/index.html")
	if err != nil {
		t.Fatal(err)
	}
	var have []string
	for _, b := range broken {
		have = append(have, strings.TrimPrefix(b.String(), srv.URL))
	}
	want := []string{
		`/sub/index.html: link "a/index.html#nope": no element with id nope on ` + srv.URL + `/sub/a/index.html`,
		`/sub/index.html: link "missing/index.html": ` + srv.URL + `/sub/missing/index.html answered 404`,
	}
	if !slices.Equal(have, want) || n != 4 {
		t.Errorf("fetched %d, want 4; broken:\n%q\nwant:\n%q", n, have, want)
	}
}
