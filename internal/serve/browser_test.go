package serve

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/briefing/briefing/internal/browsertest"
)

// TestBrowserReloads opens a page in headless Chromium, edits the brief, and
// waits for the open page to show the edit by itself; then breaks the brief
// and waits for the overlay.
func TestBrowserReloads(t *testing.T) {
	browser := browsertest.New(t)
	srv, site, base := startServer(t)
	ctx, cancel := context.WithTimeout(browser, 30*time.Second)
	defer cancel()

	// Every violation of the server's Content-Security-Policy is collected,
	// from before the page's own scripts run.
	if _, err := chromedp.Call(browser, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__csp = []; document.addEventListener("securitypolicyviolation", function (e) { window.__csp.push(e.effectiveDirective + " " + e.blockedURI); });`,
	}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/briefs/first/")); err != nil {
		t.Fatal(err)
	}
	if title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1"))); err != nil || title != "First brief" {
		t.Fatalf("h1 = %q, %v", title, err)
	}
	// The page must be listening before the edit.
	for deadline := time.Now().Add(5 * time.Second); srv.listeners() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the page never opened the event stream")
		}
	}

	brief := filepath.Join(site, "content/briefs/2026-01-06-first.md")
	src, _ := os.ReadFile(brief)
	write(t, brief, strings.Replace(string(src), `"First brief"`, `"Edited in the editor"`, 1))
	start := time.Now()
	edited := `document.querySelector("h1") && document.querySelector("h1").textContent === "Edited in the editor"`
	if !eventually(ctx, edited, 5*time.Second) {
		t.Fatalf("the open page did not reload with the edit")
	}
	// The event itself is held to a second in TestEditReloads; the browser's
	// own reload time is only reported.
	t.Logf("the page showed the edit %s after the save", time.Since(start).Round(time.Millisecond))

	// A stylesheet change swaps the styles without reloading the page.
	os.MkdirAll(filepath.Join(site, "static/css"), 0o755)
	write(t, filepath.Join(site, "static/css/site.css"), "h1 { color: rgb(1, 2, 3) }")
	if !eventually(ctx, `getComputedStyle(document.querySelector("h1")).color === "rgb(1, 2, 3)"`, 5*time.Second) {
		t.Fatalf("the new stylesheet never applied")
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.stayed = true`)); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(site, "static/css/site.css"), "h1 { color: rgb(4, 5, 6) }")
	if !eventually(ctx, `getComputedStyle(document.querySelector("h1")).color === "rgb(4, 5, 6)"`, 5*time.Second) {
		t.Fatalf("the changed stylesheet never applied")
	}
	if stayed, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.stayed === true`)); err != nil || !stayed {
		t.Errorf("the page reloaded for a stylesheet change (%v)", err)
	}

	write(t, brief, strings.Replace(string(src), `"First brief"`, `"Broken`, 1))
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#briefing-errors"))); err != nil {
		t.Fatalf("no overlay after a broken edit: %v", err)
	}
	overlay, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#briefing-errors pre")))
	if err != nil || !strings.Contains(overlay, "2026-01-06-first.md:2:") {
		t.Errorf("overlay says %q (%v)", overlay, err)
	}
	// The overlay is styled (by the server's stylesheet: the policy allows
	// no inline style), and live reload, the stylesheet swap and the overlay
	// broke no rule of the policy.
	if fixed, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.querySelector("#briefing-errors")).position === "fixed"`)); err != nil || !fixed {
		t.Errorf("the overlay is not styled (%v)", err)
	}
	if v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(window.__csp)`)); err != nil || v != "[]" {
		t.Errorf("policy violations on the dev server: %s (%v)", v, err)
	}
}

// eventually evaluates expr in the page until it is true or timeout passes.
// Errors are expected while the page reloads, and retried.
func eventually(ctx context.Context, expr string, timeout time.Duration) bool {
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr)); err == nil && ok {
			return true
		}
	}
	return false
}
