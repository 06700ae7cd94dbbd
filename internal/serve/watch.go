package serve

import (
	"context"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/briefing/briefing/internal/build"
	"github.com/briefing/briefing/internal/config"
	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/render"
)

// watchedDirs are the folders of a site folder the build reads; with
// site.toml, their changes call for a rebuild.
func watchedDirs() []string { return []string{content.Dir, render.Dir, build.StaticDir} }

// watcher reports changes under the site folder's content/, templates/ and
// static/ (including folders created later) and to its site.toml.
type watcher struct {
	root string
	fw   *fsnotify.Watcher
}

func newWatcher(root string) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, fw: fw}
	// The root itself, for site.toml and for watched folders created later.
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, d := range watchedDirs() {
		w.addTree(filepath.Join(root, d))
	}
	return w, nil
}

// addTree watches dir and every folder below it. fsnotify watches one folder
// at a time; editors' "write a temp file, rename it over" shows up as events
// in the folder, so watching folders, not files, catches every save.
func (w *watcher) addTree(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			w.fw.Add(p)
		}
		return nil
	})
}

func (w *watcher) close() { w.fw.Close() }

// run calls rebuild once a burst of relevant changes has been quiet for
// debounce, with the paths that changed (slash-separated, relative to the
// site folder; nil when events were lost), until ctx is done.
func (w *watcher) run(ctx context.Context, debounce time.Duration, rebuild func(changed []string)) {
	changes := make(chan change)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-w.fw.Events:
				if !ok {
					return
				}
				if !w.relevant(ev) {
					continue
				}
				if ev.Has(fsnotify.Create) {
					if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
						w.addTree(ev.Name) // a new folder, or a watched one created after start
					}
				}
				rel, _ := filepath.Rel(w.root, ev.Name)
				select {
				case changes <- change{path: filepath.ToSlash(rel)}:
				case <-ctx.Done():
					return
				}
			case _, ok := <-w.fw.Errors:
				if !ok {
					return
				}
				// A lost event (overflow) is made good by rebuilding everything.
				select {
				case changes <- change{lost: true}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	batch(ctx, changes, debounce, rebuild)
}

// change is a path that changed, or word that some changes were lost.
type change struct {
	path string
	lost bool
}

// batch calls rebuild once changes have been quiet for debounce, with the
// paths that came, sorted, or nil when some were lost; until ctx is done.
// A burst of saves (an editor's temporary file and its rename, a folder
// copied in) is one rebuild.
func batch(ctx context.Context, changes <-chan change, debounce time.Duration, rebuild func(changed []string)) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	changed := map[string]bool{}
	lost := false
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case c := <-changes:
			if c.lost {
				lost = true
			} else {
				changed[c.path] = true
			}
			timer.Reset(debounce)
		case <-timer.C:
			var paths []string
			if !lost {
				paths = slices.Sorted(maps.Keys(changed))
			}
			clear(changed)
			lost = false
			rebuild(paths)
		}
	}
}

// relevant keeps events for site.toml and anything under the watched
// folders, except editors' swap and backup files.
func (w *watcher) relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	rel, err := filepath.Rel(w.root, ev.Name)
	if err != nil {
		return false
	}
	top, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
	if top != config.File && !slices.Contains(watchedDirs(), top) {
		return false
	}
	base := filepath.Base(ev.Name)
	return !(strings.HasPrefix(base, ".#") || strings.HasSuffix(base, "~") ||
		strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") || base == "4913")
}
