// Package browsertest starts headless Chromium for tests, driven with
// chromedp. Where no Chromium is installed the test is skipped with a
// message, except in CI (CI=true), where that is a failure: .ci/run
// installs Debian's chromium.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// New returns a browser tab's context that lives until the test ends. Give
// single actions their own timeouts; a timeout on this context would stop
// the browser.
func New(t testing.TB) context.Context {
	t.Helper()
	path := findChromium()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("no Chromium found; CI must run browser tests (.ci/run installs Debian's chromium)")
		}
		t.Skip("skipping: no Chromium found (apt-get install chromium); CI runs this test")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		// This machine has no network beyond its package registries: keep
		// Chromium from trying to reach Google's services.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil { // start the browser now, so failures say so
		t.Fatalf("starting %s: %v", path, err)
	}
	return ctx
}

func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}
