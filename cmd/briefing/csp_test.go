package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"github.com/briefing/briefing/internal/build"
)

// headerRule is one block of a _headers file: a path pattern and the
// headers for the URLs it matches.
type headerRule struct {
	pattern string
	headers [][2]string
}

// parseHeaders reads a _headers file as Netlify and Cloudflare Pages do: a
// line with a path (a trailing * matches any rest), then the headers for it
// indented on the lines below. Anything else is an error.
func parseHeaders(t *testing.T, data []byte) []headerRule {
	t.Helper()
	var rules []headerRule
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "/"):
			rules = append(rules, headerRule{pattern: line})
		case strings.HasPrefix(line, "  ") && len(rules) > 0:
			name, value, ok := strings.Cut(strings.TrimSpace(line), ": ")
			if !ok || strings.ContainsAny(name, " \t") {
				t.Fatalf("_headers:%d: not a header: %q", n, line)
			}
			r := &rules[len(rules)-1]
			r.headers = append(r.headers, [2]string{name, value})
		default:
			t.Fatalf("_headers:%d: %q is neither a path nor an indented header", n, line)
		}
	}
	return rules
}

func (r headerRule) matches(path string) bool {
	if prefix, ok := strings.CutSuffix(r.pattern, "*"); ok {
		return strings.HasPrefix(path, prefix)
	}
	return path == r.pattern
}

// serveWithHeaders serves a built folder under /briefing/ as a host that
// reads _headers would: every response gets the headers of every rule that
// matches its path.
func serveWithHeaders(t *testing.T, out string) string {
	t.Helper()
	rules := parseHeaders(t, must(os.ReadFile(filepath.Join(out, build.HeadersFile))))
	files := http.StripPrefix("/briefing/", http.FileServer(http.Dir(out)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, rule := range rules {
			if rule.matches(r.URL.Path) {
				for _, h := range rule.headers {
					w.Header().Add(h[0], h[1])
				}
			}
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/briefing/"
}

// TestPolicyEverywhere: every page carries the published policy in a meta
// tag, before anything it governs; _headers carries the same policy with
// frame-ancestors (which a meta tag cannot), the protective headers, and
// caching forever for exactly the fingerprinted stylesheets and scripts.
func TestPolicyEverywhere(t *testing.T) {
	t.Parallel()
	out := shipped(t)
	meta := strings.TrimSuffix(build.Policy, "; frame-ancestors 'none'")
	if meta == build.Policy {
		t.Fatal("bad test: the policy has no frame-ancestors")
	}
	for _, name := range htmlPages(t, out) {
		doc, err := html.Parse(bytes.NewReader(must(os.ReadFile(filepath.Join(out, name)))))
		if err != nil {
			t.Fatal(err)
		}
		var head *html.Node
		for n := range doc.Descendants() {
			if n.Type == html.ElementNode && n.Data == "head" {
				head = n
				break
			}
		}
		found := false
		for n := head.FirstChild; n != nil && !found; n = n.NextSibling {
			if n.Type != html.ElementNode {
				continue
			}
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			switch {
			case n.Data == "meta" && strings.EqualFold(attr["http-equiv"], "content-security-policy"):
				found = true
				if attr["content"] != meta {
					t.Errorf("%s: policy %q, want %q", name, attr["content"], meta)
				}
			case n.Data == "meta" && attr["charset"] != "":
			default:
				t.Errorf("%s: <%s> comes before the Content-Security-Policy", name, n.Data)
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no Content-Security-Policy meta tag", name)
		}
	}

	rules := parseHeaders(t, must(os.ReadFile(filepath.Join(out, build.HeadersFile))))
	all := map[string]string{}
	immutable := map[string]bool{}
	for _, r := range rules {
		for _, h := range r.headers {
			switch {
			case r.pattern == "/*":
				all[h[0]] = h[1]
			case h[0] == "Cache-Control" && h[1] == "public, max-age=31536000, immutable":
				immutable[r.pattern] = true
			default:
				t.Errorf("_headers: unexpected %s: %s for %s", h[0], h[1], r.pattern)
			}
		}
	}
	for k, v := range map[string]string{"Content-Security-Policy": build.Policy, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"} {
		if all[k] != v {
			t.Errorf("_headers: /* has %s: %q, want %q", k, all[k], v)
		}
	}
	var assets []string
	for _, dir := range []string{"css", "js"} {
		for _, f := range must(filepath.Glob(filepath.Join(out, dir, "*"))) {
			assets = append(assets, "/briefing/"+dir+"/"+filepath.Base(f))
		}
	}
	for _, a := range assets {
		if !immutable[a] {
			t.Errorf("_headers: %s is not cached forever", a)
		}
	}
	if len(immutable) != len(assets) {
		t.Errorf("_headers: %d files cached forever, %d fingerprinted files built", len(immutable), len(assets))
	}
}

// cspListener collects the page's Content-Security-Policy violations into
// window.__csp; it runs before any script of the page.
const cspListener = `window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.effectiveDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});`

// TestPolicyInBrowser opens every page of the shipped site in Chromium,
// served with its _headers, and expects no violation of the policy, while
// the site's own script still works. A page that breaks the policy on
// purpose proves the violations would be seen.
func TestPolicyInBrowser(t *testing.T) {
	t.Parallel()
	tab := browser.Tab(t)
	out := shipped(t)
	base := serveWithHeaders(t, out)

	resp, err := http.Get(base)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Content-Security-Policy") != build.Policy {
		t.Fatalf("the test server does not apply _headers: %q", resp.Header.Get("Content-Security-Policy"))
	}

	if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspListener}); err != nil {
		t.Fatal(err)
	}
	violations := func(ctx context.Context) []string {
		// Reports are dispatched as tasks; give the page a moment.
		time.Sleep(50 * time.Millisecond)
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(window.__csp || ["no listener"])`))
		if err != nil {
			t.Fatal(err)
		}
		var v []string
		json.Unmarshal([]byte(raw), &v)
		return v
	}

	pages := htmlPages(t, out)
	for _, name := range pages {
		ctx, cancel := context.WithTimeout(tab, 30*time.Second)
		if err := chromedp.Do(ctx, chromedp.Navigate(base+name)); err != nil {
			cancel()
			t.Fatalf("%s: %v", name, err)
		}
		for _, v := range violations(ctx) {
			t.Errorf("%s: %s", name, v)
		}
		cancel()
	}
	t.Logf("%d pages loaded under the policy", len(pages))

	// The site's script ran: the matrix has its filter controls.
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"matrix/index.html")); err != nil {
		t.Fatal(err)
	}
	if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelectorAll("[data-filters] form select").length > 0`)); err != nil || !ok {
		t.Errorf("the matrix has no filter controls under the policy (%v)", err)
	}

	// Inline script and style are refused, and reported.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function () {
		var s = document.createElement("script"); s.textContent = "window.__ran = true"; document.body.appendChild(s);
		document.body.setAttribute("style", "color: red");
		return true; })()`)); err != nil {
		t.Fatal(err)
	}
	if ran, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__ran === true`)); ran {
		t.Errorf("an inline script ran under the policy")
	}
	v := violations(ctx)
	if len(v) < 2 || !strings.Contains(strings.Join(v, "\n"), "script-src-elem") || !strings.Contains(strings.Join(v, "\n"), "style-src-attr") {
		t.Errorf("an inline script and style were not reported as violations: %q", v)
	}
}
