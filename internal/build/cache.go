package build

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/briefing/briefing/internal/config"
	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/render"
)

// A Cache keeps what loading a site folder read and parsed, by the content
// hash of the files it came from, so that the next load reads again only
// the files said to have changed and parses again only those whose bytes
// did. Everything else a Site is (the model, the list of its files, the
// link check) is made again from the parsed files every time: nothing
// needs to know what a page shows to be right after a change.
//
// The dev server keeps one Cache for as long as it runs; a one-shot build
// uses a new one. A Cache is not safe for concurrent use.
type Cache struct {
	opts Options
	md   *content.Markdown

	// changed are the paths said to have changed since the last load; a
	// folder stands for everything in it.
	changed map[string]bool
	sumsMu  sync.Mutex     // the briefs load on a goroutine of their own
	sums    map[string]sum // each file's hash when it was last read; files not here are read again

	briefs map[string]*parsed[*content.Brief]
	pages  map[string]*parsed[*content.Page]
	config parsed[config.Config]
	data   parsed[*dataset.Dataset]
	tmpl   parsed[*render.Renderer]
	static map[string]*parsed[staticFile]

	last    *Site // the last load, returned again while nothing changed
	lastErr error
	parses  atomic.Int32 // files parsed again by the last load
}

// sum is a content hash; for a group of files (the dataset, the
// templates), the hash of their names and hashes.
type sum [sha256.Size]byte

// parsed is what a file or a group of files gave when it was read: the
// value and its problems, and the hash of the bytes they came from.
type parsed[T any] struct {
	sum  sum
	ok   bool // read at least once
	v    T
	errs diag.List
}

// NewCache returns a cache that has read nothing yet, for builds with opts.
func NewCache(opts Options) *Cache {
	return &Cache{opts: opts, md: content.NewMarkdown(), changed: map[string]bool{}, sums: map[string]sum{},
		briefs: map[string]*parsed[*content.Brief]{}, pages: map[string]*parsed[*content.Page]{},
		static: map[string]*parsed[staticFile]{}}
}

// Changed says that the files or folders at paths (slash paths in the site
// folder) changed, or, with no paths, that anything may have: then every
// file is read again at the next load, and parsed again if its bytes
// changed.
func (c *Cache) Changed(paths ...string) {
	if len(paths) == 0 {
		c.sumsMu.Lock()
		clear(c.sums)
		c.sumsMu.Unlock()
	}
	for _, p := range paths {
		c.changed[path.Clean(p)] = true
	}
}

// stale reports whether name, which was read before, may have changed
// since. Loads only read changed, so it may be read concurrently.
func (c *Cache) stale(name string) bool {
	for p := name; p != "." && p != "/"; p = path.Dir(p) {
		if c.changed[p] {
			return true
		}
	}
	return false
}

// Load loads the site folder src, reading again what changed since the
// last load. It returns the last load's Site itself (and its error) when no
// file it reads changed, so that a caller can tell a save that changed
// nothing.
func (c *Cache) Load(src fs.FS) (*Site, error) {
	c.parses.Store(0)
	theme := overlay{src, c.opts.Theme}
	var (
		briefs   []*content.Brief
		berrs    diag.List
		bchanged bool
		done     = make(chan struct{})
	)
	go func() { // the briefs, the bulk of the work, load beside the rest
		defer close(done)
		briefs, berrs, bchanged = c.loadBriefs(src)
	}()
	var errs diag.List
	pages, perrs, changed := c.loadPages(src)
	changed = group(c, &c.config, src, []string{config.File}, func() (config.Config, diag.List) {
		var errs diag.List
		cfg, err := config.Load(src, c.opts.BaseURL)
		errs.Append(config.File, err)
		return cfg, errs
	}) || changed
	dataFiles, err := fs.Glob(src, dataset.Dir+"/*.toml")
	errs.Append(dataset.Dir, err)
	changed = group(c, &c.data, src, dataFiles, func() (*dataset.Dataset, diag.List) { return dataset.Load(src) }) || changed
	templates, err := fs.Glob(theme, render.Dir+"/*.html")
	errs.Append(render.Dir, err)
	changed = group(c, &c.tmpl, theme, templates, func() (*render.Renderer, diag.List) { return render.New(theme) }) || changed
	static, serr, schanged := c.loadStatic(theme)
	<-done
	clear(c.changed)
	if !changed && !schanged && !bchanged && c.last != nil {
		return c.last, c.lastErr
	}
	errs = append(errs, c.config.errs...)
	errs = append(errs, berrs...)
	errs = append(errs, perrs...)
	errs = append(errs, c.data.errs...)
	errs = append(errs, c.tmpl.errs...)
	if serr != nil {
		errs.Append(StaticDir, serr)
	}
	c.last, c.lastErr = newSite(c.opts, c.config.v, c.data.v, briefs, pages, c.tmpl.v, static, errs)
	return c.last, c.lastErr
}

// Parsed says how many files the last load parsed (or minified, for
// static files) again: those whose bytes changed, and every file of a group
// (the dataset, the templates) of which one did.
func (c *Cache) Parsed() int { return int(c.parses.Load()) }

// read returns the hash of name and, when it had to read it, its bytes;
// read is the reader (documents have their own, which refuses large ones
// before reading them).
func (c *Cache) read(fsys fs.FS, name string, read func(fs.FS, string) ([]byte, error)) (sum, []byte, error) {
	c.sumsMu.Lock()
	s, ok := c.sums[name]
	c.sumsMu.Unlock()
	if ok && !c.stale(name) {
		return s, nil, nil
	}
	data, err := read(fsys, name)
	c.sumsMu.Lock()
	defer c.sumsMu.Unlock()
	if err != nil {
		delete(c.sums, name)
		return sum{}, nil, err
	}
	s = sha256.Sum256(data)
	c.sums[name] = s
	return s, data, nil
}

// group brings p up to date with the files names, parsing them again with
// parse when any changed; it reports whether they did.
func group[T any](c *Cache, p *parsed[T], fsys fs.FS, names []string, parse func() (T, diag.List)) bool {
	h := sha256.New()
	for _, name := range names {
		s, _, err := c.read(fsys, name, fs.ReadFile)
		if err != nil {
			s = sum{} // parse reads it again, and says what is wrong
		}
		h.Write([]byte(name))
		h.Write(s[:])
	}
	key := sum(h.Sum(nil))
	if p.ok && p.sum == key {
		return false
	}
	p.v, p.errs = parse()
	p.sum, p.ok = key, true
	c.parses.Add(int32(len(names)))
	return true
}

// loadBriefs brings the briefs up to date: a file is read again only when
// it changed, and parsed again only when its bytes did.
func (c *Cache) loadBriefs(src fs.FS) ([]*content.Brief, diag.List, bool) {
	return loadDocs(c, src, content.BriefsDir+"/*.md", c.briefs, c.md.ParseBrief, func(b []*content.Brief) ([]*content.Brief, diag.List) {
		return content.Collate(b)
	})
}

// loadPages brings the standalone pages up to date, as loadBriefs does
// the briefs.
func (c *Cache) loadPages(src fs.FS) ([]*content.Page, diag.List, bool) {
	return loadDocs(c, src, content.Dir+"/*.md", c.pages, c.md.ParsePage, func(p []*content.Page) ([]*content.Page, diag.List) {
		return p, nil
	})
}

// loadDocs brings the documents matching pattern up to date in docs.
// collate orders them (they are listed in file order) and checks them as a
// whole.
func loadDocs[T any](c *Cache, src fs.FS, pattern string, docs map[string]*parsed[T], parse func(string, []byte) (T, diag.List), collate func([]T) ([]T, diag.List)) ([]T, diag.List, bool) {
	var errs diag.List
	files, err := fs.Glob(src, pattern)
	if err != nil {
		errs.Append(path.Dir(pattern), err)
	}
	slices.Sort(files) // a file system may list a folder in any order
	changed := false
	listed := make(map[string]bool, len(files))
	var out []T
	for _, file := range files {
		listed[file] = true
		s, data, err := c.read(src, file, content.ReadDocument)
		p := docs[file]
		switch {
		case err != nil:
			p = &parsed[T]{}
			p.errs.Append(file, err)
			docs[file], changed = p, true
		case p != nil && p.ok && p.sum == s:
		default:
			p = &parsed[T]{sum: s, ok: true}
			p.v, p.errs = parse(file, data)
			c.parses.Add(1)
			docs[file], changed = p, true
		}
		errs = append(errs, p.errs...)
		var none T // a file that could not be read as a document at all
		if any(p.v) != any(none) {
			out = append(out, p.v)
		}
	}
	for file := range maps.Keys(docs) {
		if !listed[file] {
			delete(docs, file)
			changed = true
		}
	}
	out, cerrs := collate(out)
	return out, append(errs, cerrs...), changed
}

// staticFile is a file of static/ as published.
type staticFile struct {
	rel   string // its name in static/
	name  string // where it is published: fingerprinted for stylesheets and scripts
	data  []byte // minified
	asset *render.Asset
}

// loadStatic brings the files of static/ up to date: each is read again
// when it changed, minified again when its bytes did. They come in the
// order of their names.
func (c *Cache) loadStatic(fsys fs.FS) ([]staticFile, error, bool) {
	changed := false
	listed := map[string]bool{}
	var min *minifier
	err := fs.WalkDir(fsys, StaticDir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err // symbolic links and other special files are not published
		}
		listed[name] = true
		s, data, err := c.read(fsys, name, fs.ReadFile)
		if err != nil {
			return err
		}
		if p := c.static[name]; p != nil && p.sum == s {
			return nil
		}
		if min == nil {
			min = newMinifier()
		}
		f, err := publish(min, strings.TrimPrefix(name, StaticDir+"/"), data)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		c.static[name], changed = &parsed[staticFile]{sum: s, ok: true, v: f}, true
		c.parses.Add(1)
		return nil
	})
	for name := range maps.Keys(c.static) {
		if !listed[name] {
			delete(c.static, name)
			changed = true
		}
	}
	files := make([]staticFile, 0, len(c.static))
	for _, name := range slices.Sorted(maps.Keys(c.static)) {
		files = append(files, c.static[name].v)
	}
	return files, err, changed
}
