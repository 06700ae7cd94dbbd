package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/briefing/briefing/internal/linkcheck"
	"github.com/briefing/briefing/internal/testenv"
)

// serveBuilt serves the built shipped site over HTTP on loopback under the
// path of its base_url, as a host would. (TestDiskInBrowser opens it from
// disk.)
func serveBuilt(t *testing.T) (out, url string) {
	t.Helper()
	out = shipped(t)
	mux := http.NewServeMux()
	mux.Handle("/briefing/", http.StripPrefix("/briefing/", http.FileServer(http.Dir(out))))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return out, srv.URL + "/briefing/"
}

func htmlPages(t *testing.T, out string) []string {
	var pages []string
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && filepath.Ext(p) == ".html" {
			rel, _ := filepath.Rel(out, p)
			pages = append(pages, filepath.ToSlash(rel))
		}
		return err
	})
	return pages
}

func colorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

type axeResult struct {
	Violations []struct {
		ID, Impact, Help string
		Nodes            []struct {
			Target []any `json:"target"`
		}
	}
	Passes int
}

// TestAccessibility runs axe-core (WCAG 2.2 A and AA rules and best
// practices) on every page of the shipped site, in the light and the dark
// theme, and expects no violation. The dark theme changes only colours (the
// stylesheet's prefers-color-scheme sets colour variables), so on each page
// the dark theme is checked with axe's colour rules (cat.color: contrast,
// links told apart from text), on the same load; a long run
// (BRIEFING_LONG=1) checks it with every rule.
func TestAccessibility(t *testing.T) {
	t.Parallel()
	axe, err := os.ReadFile(filepath.Join(repo, "node_modules/axe-core/axe.min.js"))
	if err != nil {
		testenv.Missing(t, fmt.Sprintf("no axe-core (make test installs it with npm ci): %v", err))
	}
	tab := browser.Tab(t)
	out, base := serveBuilt(t)
	// axe-core is added to every page the tab opens, before the page's own
	// scripts, rather than sent again for each page.
	if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: string(axe)}); err != nil {
		t.Fatal(err)
	}
	const tags = `["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]`
	all := `axe.run(document, {runOnly: {type: "tag", values: ` + tags + `}})`
	colour := `axe.run(document, {runOnly: {type: "rule", values: axe.getRules(` + tags + `).filter(r => r.tags.includes("cat.color")).map(r => r.ruleId)}})`
	rules := map[string]string{"light": all, "dark": colour}
	if testenv.Long() {
		rules["dark"] = all
	}
	checked := 0
	for _, name := range htmlPages(t, out) {
		ctx, cancel := context.WithTimeout(tab, 60*time.Second)
		if err := chromedp.Do(ctx, colorScheme("light"), chromedp.Navigate(base+name)); err != nil {
			cancel()
			t.Fatalf("%s: %v", name, err)
		}
		for _, scheme := range []string{"light", "dark"} {
			err := chromedp.Do(ctx, colorScheme(scheme))
			var raw string
			if err == nil {
				run := rules[scheme] + `.then(r => JSON.stringify({violations: r.violations, passes: r.passes.length}))`
				raw, err = chromedp.Run(ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
			}
			if err != nil {
				cancel()
				t.Fatalf("%s (%s): %v", name, scheme, err)
			}
			var res axeResult
			if err := json.Unmarshal([]byte(raw), &res); err != nil {
				t.Fatal(err)
			}
			for _, v := range res.Violations {
				var where []string
				for _, n := range v.Nodes {
					where = append(where, fmt.Sprint(n.Target...))
				}
				t.Errorf("%s (%s theme): %s (%s): %s at %s", name, scheme, v.ID, v.Impact, v.Help, strings.Join(where, ", "))
			}
			if res.Passes == 0 {
				t.Errorf("%s (%s theme): axe checked nothing", name, scheme)
			}
			checked++
		}
		cancel()
	}
	t.Logf("axe-core ran on %d page views", checked)
}

// TestScreenshots loads the front page, the matrix, a country page, the
// timeline, the lists of countries, pledges and changes at a phone's and a
// desktop's width, in both themes, and checks
// that nothing scrolls sideways except the matrix's own scroller, and that
// nothing shifts after loading. With BRIEFING_ARTEFACTS=DIR it keeps a
// full-page screenshot of each in DIR/screenshots, for people to look at.
func TestScreenshots(t *testing.T) {
	t.Parallel()
	tab := browser.Tab(t)
	_, base := serveBuilt(t)
	dir := testenv.Artefacts(t, "screenshots")
	pages := map[string]string{"home": "index.html", "matrix": "matrix/index.html", "country": "countries/germany/index.html", "timeline": "timeline/index.html", "pledges": "pledges/index.html", "changes": "changes/index.html", "countries": "countries/index.html", "map": "map/index.html"}
	cls := `new Promise(done => { let sum = 0;
		new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) sum += e.value; }).observe({type: "layout-shift", buffered: true});
		setTimeout(() => done(sum), 300); })`
	for _, width := range []int64{320, 390, 1280} {
		for _, scheme := range []string{"light", "dark"} {
			for name, page := range pages {
				ctx, cancel := context.WithTimeout(tab, 30*time.Second)
				err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800), colorScheme(scheme), chromedp.Navigate(base+page))
				if err != nil {
					cancel()
					t.Fatal(err)
				}
				overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
				if err != nil || overflow {
					t.Errorf("%s at %dpx: the page scrolls sideways (%v)", name, width, err)
				}
				// A reserved slot or a script that moved the page would shift
				// it by a tenth or more (Lighthouse's "good" is below 0.1). On
				// a loaded machine the first paint can fall between the
				// stylesheet and the deferred script, which measured shifts
				// of 0.002 to 0.008 that no reader sees; 0.01 leaves those
				// and fails anything a reader would.
				const maxShift = 0.01
				shift, err := chromedp.Run(ctx, chromedp.Evaluate[float64](cls, chromedp.EvalAwaitPromise))
				if err != nil || shift > maxShift {
					t.Errorf("%s at %dpx: layout shift %.3f after load (%v)", name, width, shift, err)
				}
				if width != 320 && dir != "" {
					png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 gives a lossless PNG
					if err != nil {
						t.Fatal(err)
					}
					os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d-%s.png", name, width, scheme)), png, 0o644)
				}
				cancel()
			}
		}
	}
	if dir != "" {
		t.Logf("screenshots in %s", dir)
	} else {
		t.Logf("no screenshots kept: set BRIEFING_ARTEFACTS to a folder to keep them")
	}
}

// TestKeyboard: the first Tab reaches the skip link, visibly; following it
// moves focus to the main content; every control shows where focus is.
func TestKeyboard(t *testing.T) {
	t.Parallel()
	tab := browser.Tab(t)
	_, base := serveBuilt(t)
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"matrix/index.html"), chromedp.KeyEvent("\t")); err != nil {
		t.Fatal(err)
	}
	first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.className + "|" + getComputedStyle(document.activeElement).outlineStyle + "|" + (document.activeElement.getBoundingClientRect().top >= 0)`))
	if err != nil || first != "skip-link|solid|true" {
		t.Errorf("first Tab: %q (%v), want the visible skip link with an outline", first, err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	if id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); id != "main" {
		t.Errorf("after the skip link, focus is on %q, want main", id)
	}
	// Tab through every control of the page: each shows a focus outline.
	total, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("a[href], button, input, select, [tabindex='0']").length`))
	for i := 0; i < total; i++ {
		chromedp.Do(ctx, chromedp.KeyEvent("\t"))
		focus, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement === document.body ? "" : document.activeElement.tagName + " " + (document.activeElement.textContent || "").trim().slice(0, 30) + "|" + getComputedStyle(document.activeElement).outlineStyle`))
		if focus != "" && !strings.HasSuffix(focus, "|solid") {
			t.Errorf("focus on %q shows no outline", focus)
		}
	}
}

// TestEnhancements uses the matrix and timeline controls the script adds,
// and checks that the state is kept in the URL so a view can be shared.
func TestEnhancements(t *testing.T) {
	t.Parallel()
	tab := browser.Tab(t)
	_, base := serveBuilt(t)
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	visible := `[...document.querySelectorAll("table.matrix tbody tr")].filter(r => !r.hidden).map(r => r.dataset.country).join(" ")`

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"matrix/index.html"), chromedp.SetValue(chromedp.CSS(`select[name="status"]`), "declined")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('select[name="status"]').dispatchEvent(new Event("change"))`)); err != nil {
		t.Fatal(err)
	}
	if rows, _ := chromedp.Run(ctx, chromedp.Evaluate[string](visible)); rows != "HR CZ" {
		t.Errorf("status declined shows %q, want HR CZ", rows)
	}
	url, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
	if url != "?status=declined" {
		t.Errorf("URL state %q", url)
	}

	// The shared URL restores the view, sorted by a column.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"matrix/index.html?category=ground-forces&sort=0-")); err != nil {
		t.Fatal(err)
	}
	rows, _ := chromedp.Run(ctx, chromedp.Evaluate[string](visible))
	if rows != "GB FR CZ HR" {
		t.Errorf("troops, sorted by country descending: %q", rows)
	}
	sorted, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("thead th[aria-sort]").textContent + ":" + document.querySelector("thead th[aria-sort]").getAttribute("aria-sort")`))
	if sorted != "Country:descending" {
		t.Errorf("aria-sort: %q", sorted)
	}
	hidden, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("thead th")].filter(h => h.hidden).length`))
	if hidden != 6 {
		t.Errorf("%d columns hidden when one kind of commitment is chosen, want the other 6", hidden)
	}
	status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".filter-count").textContent`))
	if status != "Showing 4 of 10 countries." {
		t.Errorf("live count: %q", status)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"timeline/index.html?kind=event&country=Ukraine")); err != nil {
		t.Fatal(err)
	}
	entries, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll(".entry")].filter(e => !e.hidden).map(e => e.dataset.kind).join(" ")`))
	if entries == "" || strings.Trim(entries, "event ") != "" {
		t.Errorf("timeline filtered to Ukraine's events shows %q", entries)
	}
	months, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("[data-timeline] section")].filter(s => !s.hidden).length`))
	if months == 0 {
		t.Errorf("no month left visible")
	}
}

// TestPageWeight holds every page, with the stylesheet and script it loads,
// to 60 KB before compression; a page with the map may spend up to 150 KB.
func TestPageWeight(t *testing.T) {
	t.Parallel()
	out := shipped(t)
	heaviest, heaviestPage := 0, ""
	for _, page := range htmlPages(t, out) {
		src := must(os.ReadFile(filepath.Join(out, page)))
		size := len(src)
		doc := linkcheck.Parse(src)
		for _, link := range doc.Links { // what a browser fetches to show the page
			if strings.HasSuffix(link, ".css") || strings.HasSuffix(link, ".js") {
				file, _, _ := linkcheck.Target(page, link, "/briefing/")
				info, err := os.Stat(filepath.Join(out, file))
				if err != nil {
					t.Fatal(err)
				}
				size += int(info.Size())
			}
		}
		budget := 60 << 10
		if strings.Contains(string(src), `<svg class="map"`) {
			budget = 150 << 10
		}
		if size > budget {
			t.Errorf("%s weighs %d bytes with its CSS and JS; the budget is %d", page, size, budget)
		}
		if size > heaviest {
			heaviest, heaviestPage = size, page
		}
	}
	t.Logf("heaviest page: %s, %d bytes with its CSS and JS", heaviestPage, heaviest)
}

// TestPrint: printed, the matrix page puts the whole table on its first
// landscape page.
func TestPrint(t *testing.T) {
	t.Parallel()
	tab := browser.Tab(t)
	_, base := serveBuilt(t)
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	// A4 landscape less 10 mm margins, in CSS pixels (96 per inch).
	const width, height = 1047, 718
	media := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height), media, chromedp.Navigate(base+"matrix/index.html")); err != nil {
		t.Fatal(err)
	}
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(r => [r.bottom, r.right, r.top])(document.querySelector("table.matrix").getBoundingClientRect())`))
	if err != nil {
		t.Fatal(err)
	}
	if box[0] > height || box[1] > width {
		t.Errorf("printed, the matrix spans %.0f to %.0f px down and %.0f px across; a landscape page holds %d×%d", box[2], box[0], box[1], width, height)
	}
	pdf, err := chromedp.Run(ctx, chromedp.Action[[]byte](func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		css := true // the stylesheet's @page decides the paper and its orientation
		r, err := cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &css})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	if dir := testenv.Artefacts(t, "screenshots"); dir != "" {
		os.WriteFile(filepath.Join(dir, "matrix-print.pdf"), pdf, 0o644)
	}
}
