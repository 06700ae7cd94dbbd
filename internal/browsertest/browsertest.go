// Package browsertest starts headless Chromium for tests, driven with
// chromedp. Where no Chromium is installed the test is skipped with a
// message, except in CI (CI=true), where that is a failure: .ci/run
// installs Debian's chromium.
//
// New gives a test a tab in a browser of its own. A package whose tests
// open many pages shares one browser instead, a tab each, since starting
// Chromium costs more than most tests' pages:
//
//	var browser browsertest.Browser
//
//	func TestMain(m *testing.M) {
//		code := m.Run()
//		browser.Close()
//		os.Exit(code)
//	}
//
//	func TestPage(t *testing.T) {
//		tab := browser.Tab(t)
//		...
//	}
//
// Tabs of one browser are safe to use from parallel tests.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/briefing/briefing/internal/testenv"
)

// New returns a browser tab's context that lives until the test ends, in a
// Chromium of the test's own. Give single actions their own timeouts; a
// timeout on this context would close the tab.
func New(t testing.TB) context.Context {
	t.Helper()
	b := &Browser{}
	t.Cleanup(b.Close)
	return b.Tab(t)
}

// A Browser is one headless Chromium, started by the first Tab and stopped
// by Close. The zero value is ready to use.
type Browser struct {
	mu   sync.Mutex
	ctx  context.Context // the browser's first tab, once started
	err  error           // why it did not start
	stop func()
}

// Tab returns a new tab's context that lives until the test ends. The
// first call starts the browser. Give single actions their own timeouts;
// a timeout on this context would close the tab.
func (b *Browser) Tab(t testing.TB) context.Context {
	t.Helper()
	path := Chromium()
	if path == "" {
		testenv.Missing(t, "no Chromium found (apt-get install chromium)")
	}
	b.mu.Lock()
	if b.ctx == nil && b.err == nil {
		b.err = b.start(path)
	}
	ctx, err := b.ctx, b.err
	b.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil { // open the tab now, so failures say so
		t.Fatalf("opening a tab in %s: %v", path, err)
	}
	return tab
}

// Close stops the browser, if it started, and removes its profile.
func (b *Browser) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stop != nil {
		b.stop()
		b.stop = nil
	}
	b.ctx, b.err = nil, nil
}

func (b *Browser) start(path string) error {
	profile, err := os.MkdirTemp("", "browsertest-")
	if err != nil {
		return err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // tests run as root in CI
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		// This machine has no network beyond its package registries: keep
		// Chromium from trying to reach Google's services.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		// Tabs of parallel tests run side by side: none may be slowed as
		// a page in the background would be.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	b.stop = func() {
		cancelCtx()
		cancelAlloc()
		os.RemoveAll(profile)
	}
	if err := chromedp.Do(ctx); err != nil { // start the browser now, so failures say so
		b.stop()
		b.stop = nil
		return fmt.Errorf("starting %s: %v", path, err)
	}
	b.ctx = ctx
	return nil
}

// Chromium returns the path of the Chromium the tests drive, or "" when
// none is installed. Tools that start a browser of their own (Lighthouse)
// are given this one.
func Chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}
