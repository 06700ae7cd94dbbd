package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"
)

// TestDiskAssetNames: every page links the site's stylesheet and script by
// a name that carries the first 8 hex digits of the SHA-256 of the file's
// bytes, and without an integrity or crossorigin attribute. The name is
// what pins the file (hosts cache it forever); an integrity attribute would
// add nothing for a file of the site's own, and Chromium refuses such a
// file on a page opened from disk (TestDiskInBrowser).
func TestDiskAssetNames(t *testing.T) {
	t.Parallel()
	out := shipped(t)
	seen := map[string]bool{}
	for _, name := range htmlPages(t, out) {
		doc, err := html.Parse(bytes.NewReader(must(os.ReadFile(filepath.Join(out, name)))))
		if err != nil {
			t.Fatal(err)
		}
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			var ref string
			switch {
			case n.Data == "link" && attr["rel"] == "stylesheet":
				ref = attr["href"]
			case n.Data == "script" && attr["src"] != "":
				ref = attr["src"]
			default:
				continue
			}
			for _, k := range []string{"integrity", "crossorigin"} {
				if v, ok := attr[k]; ok {
					t.Errorf("%s: <%s> of %s has %s=%q", name, n.Data, ref, k, v)
				}
			}
			file := strings.TrimPrefix(ref, "/briefing/") // the 404 page links from the base URL's path
			if file == ref {
				file = path.Join(path.Dir(name), ref)
			}
			if seen[file] {
				continue
			}
			seen[file] = true
			data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(file)))
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			sum := sha256.Sum256(data)
			ext := path.Ext(file)
			if want := "." + hex.EncodeToString(sum[:4]) + ext; !strings.HasSuffix(file, want) {
				t.Errorf("%s: %s does not carry its content's hash (want a name ending %s)", name, file, want)
			}
		}
	}
	if len(seen) < 2 {
		t.Errorf("the pages link %d stylesheets and scripts, want the stylesheet and the script: %v", len(seen), seen)
	}
}

// diskErrors collects what a page opened from disk reports as going wrong:
// uncaught exceptions, console errors and the browser's own error log
// (where a refused stylesheet or script is reported). Listen's handler must
// not block, so it only appends under a lock.
type diskErrors struct {
	mu   sync.Mutex
	errs []string
}

func (d *diskErrors) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		msg = "exception: " + ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			msg += " " + ev.ExceptionDetails.Exception.Description
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var args []string
		for _, a := range ev.Args {
			args = append(args, string(a.Value)+a.Description)
		}
		msg = "console." + string(ev.Type) + ": " + strings.Join(args, " ")
	case *log.EventEntryAdded:
		if ev.Entry.Level != log.EntryLevelError {
			return
		}
		msg = fmt.Sprintf("%s error: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
	default:
		return
	}
	d.mu.Lock()
	d.errs = append(d.errs, msg)
	d.mu.Unlock()
}

func (d *diskErrors) take() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	errs := d.errs
	d.errs = nil
	return errs
}

// TestDiskInBrowser opens the front page, the matrix, a country and a pledge
// from file://, in Chromium with no special flags, the way a reader opens a
// copied folder, and expects them to look as they do on a host: the
// stylesheet applies under the pages' Content-Security-Policy, the script
// runs, nothing reports an error, and the map and charts are painted in
// their colours (unstyled SVG fills black: the map was one black rectangle
// and every bar looked full length). TestFromDisk follows the links.
func TestDiskInBrowser(t *testing.T) {
	t.Parallel()
	tab := browser.Tab(t)
	out := shipped(t)
	pledges := must(filepath.Glob(filepath.Join(out, "pledges", "*", "index.html")))
	if len(pledges) == 0 {
		t.Fatal("the shipped site has no pledge pages")
	}
	pledge, _ := filepath.Rel(out, pledges[0])

	var errs diskErrors
	if err := chromedp.Listen(tab, errs.listen); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspListener}); err != nil {
		t.Fatal(err)
	}

	// Each check is an expression that gives "" when the page is right,
	// or what is wrong.
	styled := `(() => {
		const body = getComputedStyle(document.body), root = getComputedStyle(document.documentElement);
		if (root.getPropertyValue("--bg").trim() === "") return "the stylesheet's variables are not set";
		if (body.marginTop !== "0px") return "body margin " + body.marginTop + ", the browser's default";
		if (getComputedStyle(document.querySelector(".skip-link")).position !== "absolute") return "the skip link is not positioned";
		return "";
	})()`
	scripted := `document.querySelectorAll("[data-filters] form select").length > 0 ? "" : "the matrix has no filter controls: the script did not run"`
	const black, none = "rgb(0, 0, 0)", "none"
	mapped := `(() => {
		const map = document.querySelector("svg.map");
		if (!map) return "no map";
		const sea = getComputedStyle(map.querySelector(".map-sea")).fill;
		if (sea === "` + black + `" || sea === "` + none + `") return "the sea is filled " + sea;
		const shapes = [...map.querySelectorAll("a > path, a > use")];
		if (shapes.length === 0) return "no country on the map";
		const fills = new Set();
		for (const s of shapes) {
			const st = getComputedStyle(s), fill = st.fill;
			if (fill === "` + black + `" || fill !== st.color) return s.getAttribute("class") + " filled " + fill + ", its colour " + st.color;
			fills.add(fill);
		}
		const land = getComputedStyle(map.querySelector(".map-land > *")).fill;
		if (land === "` + black + `") return "the land is filled black";
		if (fills.size < 2) return "every country on the map has the one fill " + [...fills];
		return "";
	})()`
	// charted takes needPartial: whether the page has a bar shorter than
	// its track (the front page's have; a country's may all be full).
	charted := `((needPartial) => {
		const rows = [...document.querySelectorAll("svg.chart .chart-row")];
		if (rows.length === 0) return "no chart";
		let partial = false;
		for (const row of rows) {
			const track = row.querySelector(".chart-track"), tfill = getComputedStyle(track).fill;
			if (tfill === "` + black + `" || tfill === "` + none + `") return "a bar's track is filled " + tfill;
			let width = 0;
			for (const seg of row.querySelectorAll(".chart-segment")) {
				const st = getComputedStyle(seg);
				if (st.fill === "` + black + `" || st.fill === tfill || st.fill !== st.color) return seg.getAttribute("class") + " filled " + st.fill + " on a track filled " + tfill;
				width += seg.getBBox().width;
			}
			if (width > 0 && width < track.getBBox().width - 1) partial = true;
		}
		return partial || !needPartial ? "" : "no bar is drawn shorter than its track";
	})`

	for _, tc := range []struct {
		page   string
		checks []string
	}{
		{"index.html", []string{styled, mapped, charted + "(true)"}},
		{"matrix/index.html", []string{styled, scripted}},
		{"countries/germany/index.html", []string{styled, charted + "(false)"}},
		{filepath.ToSlash(pledge), []string{styled}},
	} {
		u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(out, tc.page))}).String()
		ctx, cancel := context.WithTimeout(tab, 30*time.Second)
		if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
			cancel()
			t.Fatalf("%s: %v", u, err)
		}
		for _, check := range tc.checks {
			problem, err := chromedp.Run(ctx, chromedp.Evaluate[string](check))
			if err != nil {
				t.Errorf("%s: %v", tc.page, err)
			} else if problem != "" {
				t.Errorf("%s from disk: %s", tc.page, problem)
			}
		}
		time.Sleep(50 * time.Millisecond) // reports are dispatched as tasks
		for _, v := range violationsOf(t, ctx) {
			t.Errorf("%s from disk: policy violation: %s", tc.page, v)
		}
		for _, e := range errs.take() {
			t.Errorf("%s from disk: %s", tc.page, e)
		}
		cancel()
	}
}

// violationsOf returns the policy violations cspListener collected.
func violationsOf(t *testing.T, ctx context.Context) []string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp || ["no listener"]`))
	if err != nil {
		t.Fatal(err)
	}
	return v
}
