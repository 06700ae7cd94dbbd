package serve

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefing/briefing/internal/build"
	"github.com/briefing/briefing/internal/date"
)

// TestStuckLoadIsLeftBehind: a load stuck on the way (here: opening the
// folder never returns, as a read from a hung network mount would not) is
// left behind when the next save calls for a load, which starts afresh and
// is served; and the stuck one, when it ends after all, puts nothing in
// place, though it read a later text.
func TestStuckLoadIsLeftBehind(t *testing.T) {
	t.Parallel()
	site := t.TempDir()
	if err := os.CopyFS(site, os.DirFS("../build/testdata/site")); err != nil {
		t.Fatal(err)
	}
	var logged lockedBuffer
	srv := New(Options{Src: site, Log: &logged, Build: build.Options{Theme: os.DirFS("../.."), Today: date.Of(time.Date(2026, 1, 7, 12, 0, 0, 0, time.UTC))}})
	srv.abandonAfter = 50 * time.Millisecond
	release := make(chan struct{})
	var stick atomic.Bool
	open := srv.open
	srv.open = func(dir string) (folder, error) {
		if stick.CompareAndSwap(true, false) {
			<-release
		}
		return open(dir)
	}
	ctx := context.Background()
	if err := srv.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}

	const brief = "content/briefs/2026-01-06-first.md"
	original, err := os.ReadFile(filepath.Join(site, brief))
	if err != nil {
		t.Fatal(err)
	}
	save := func(text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(site, brief), append(bytes.Clone(original), "\n"+text+"\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	shown := func() string {
		t.Helper()
		data, ok, err := srv.file(ctx, "briefs/first/index.html")
		if !ok || err != nil {
			t.Fatalf("the brief's page: %v", err)
		}
		return string(data)
	}

	save("The save whose load gets stuck.")
	stick.Store(true)
	stuck := srv.start(ctx, []string{brief})

	save("The next save.")
	if err := srv.Rebuild(ctx, brief); err != nil {
		t.Fatal(err)
	}
	if page := shown(); !strings.Contains(page, "The next save.") {
		t.Error("the save after a stuck load is not served")
	}
	if want := "the last load did not stop within 50ms"; !strings.Contains(logged.String(), want) {
		t.Errorf("log:\n%s\nwant %q", logged.String(), want)
	}

	save("A text that only the stuck load reads.")
	close(release)
	<-stuck.done
	if page := shown(); strings.Contains(page, "A text that only the stuck load reads.") || !strings.Contains(page, "The next save.") {
		t.Error("the load left behind put its site in place when it ended")
	}
}
