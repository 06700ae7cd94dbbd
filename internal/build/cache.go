package build

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/briefing/briefing/internal/config"
	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/render"
)

// A Cache keeps what loading a site folder read and parsed, by the content
// hash of the files it came from, so that the next load reads again only
// the files said to have changed and parses again only those whose bytes
// did. What else a load keeps from the last is decided by what it is made
// of, never by what a page shows: the model and the list of files while
// every file they are made of is the same bytes (see Load), a page's links
// while its text is. So nothing needs to know what a page shows to be
// right after a change, whatever the templates.
//
// The dev server keeps one Cache for as long as it runs; a one-shot build
// uses a new one. A Cache is not safe for concurrent use.
type Cache struct {
	opts Options
	md   *content.Markdown

	// changed are the paths said to have changed since the last load; a
	// folder stands for everything in it.
	changed map[string]bool
	sumsMu  sync.Mutex          // the briefs load on a goroutine of their own
	sums    map[string]sum      // each file's hash when it was last read; files not here are read again
	globs   map[string][]string // the files that matched each pattern at the last load, sorted
	relist  bool                // list every folder again: anything may have changed

	briefs map[string]*parsed[*content.Brief]
	pages  map[string]*parsed[*content.Page]
	// The briefs and pages as collated at the last load, and from what.
	briefsIn collated[*content.Brief]
	pagesIn  collated[*content.Page]
	config   parsed[config.Config]
	data     parsed[*dataset.Dataset]
	tmpl     parsed[*render.Renderer]
	static   map[string]*parsed[staticFile]

	files   *files    // the model and the files of the last load that made them
	links   *linkMemo // the links of pages, resolved
	last    *Site     // the last load, returned again while nothing changed
	lastErr error
	parses  atomic.Int32 // files parsed again by the last load
	// pending are the new texts of briefs the last load kept, which Commit
	// gives them; a load that is not committed is forgotten (forgetPending).
	pending []pendingText
}

// pendingText is the text of a later load of a brief's file (text) that
// the brief kept from an earlier load (brief) is to take.
type pendingText struct {
	file        string
	brief, text *content.Brief
}

// sum is a content hash; for a group of files (the dataset, the
// templates), the hash of their names and hashes.
type sum [sha256.Size]byte

// parsed is what a file or a group of files gave when it was read: the
// value and its problems, and the hash of the bytes they came from.
type parsed[T any] struct {
	sum   sum
	front sum  // of a document's front matter
	ok    bool // read at least once
	v     T
	errs  diag.List
}

// NewCache returns a cache that has read nothing yet, for builds with opts.
func NewCache(opts Options) *Cache {
	return &Cache{opts: opts, md: content.NewMarkdown(), changed: map[string]bool{}, sums: map[string]sum{}, globs: map[string][]string{},
		briefs: map[string]*parsed[*content.Brief]{}, pages: map[string]*parsed[*content.Page]{},
		static: map[string]*parsed[staticFile]{}, links: newLinkMemo()}
}

// Changed says that the files or folders at paths (slash paths in the site
// folder) changed, or, with no paths, that anything may have: then every
// file is read again at the next load, and parsed again if its bytes
// changed.
func (c *Cache) Changed(paths ...string) {
	if len(paths) == 0 {
		c.sumsMu.Lock()
		clear(c.sums)
		c.relist = true
		c.sumsMu.Unlock()
	}
	for _, p := range paths {
		c.changed[path.Clean(p)] = true
	}
}

// Load loads the site folder src (Prepare) and commits it (Commit), for a
// caller that makes no file of an earlier load while it loads.
func (c *Cache) Load(src fs.FS) (*Site, error) {
	s, err := c.Prepare(context.Background(), src)
	c.Commit()
	return s, err
}

// Prepare loads the site folder src, reading again what changed since the
// last load. It returns the last load's Site itself (and its error) when no
// file it reads changed, so that a caller can tell a save that changed
// nothing. A site whose only errors are links written in Markdown that
// lead to no file of it comes with them: its files can be made.
//
// Prepare changes nothing the Site of an earlier load shows, which a dev
// server may be making pages of meanwhile: a brief whose text alone
// changed is kept, with the model made from it, and takes the new text at
// Commit, which the caller calls when the new Site takes the place of the
// old. A load that is not committed (it failed, or the caller moved on to
// a later one) is forgotten by the next.
//
// When ctx is done, Prepare stops early and returns ctx's error; what it
// read and parsed is kept, and the next load reads again what this one was
// to read.
func (c *Cache) Prepare(ctx context.Context, src fs.FS) (*Site, error) {
	c.forgetPending()
	c.parses.Store(0)
	theme := overlay{src, c.opts.Theme}
	var briefs docs[*content.Brief]
	done := make(chan struct{})
	go func() { // the briefs, the bulk of the work, load beside the rest
		defer close(done)
		briefs = c.loadBriefs(ctx, src)
	}()
	var errs diag.List
	pages := c.loadPages(ctx, src)
	changed := group(c, &c.config, src, []string{config.File}, func(snap fs.FS) (config.Config, diag.List) {
		var errs diag.List
		cfg, err := config.Load(snap, c.opts.BaseURL)
		errs.Append(config.File, err)
		return cfg, errs
	})
	dataFiles, err := fs.Glob(src, dataset.Dir+"/*.toml")
	errs.Append(dataset.Dir, err)
	changed = group(c, &c.data, src, dataFiles, dataset.Load) || changed
	templates, err := fs.Glob(theme, render.Dir+"/*.html")
	errs.Append(render.Dir, err)
	changed = group(c, &c.tmpl, theme, templates, render.New) || changed
	static, staticSum, serrs, schanged := c.loadStatic(theme)
	<-done
	c.pending = briefs.pending
	if err := ctx.Err(); err != nil {
		c.forgetPending()
		return nil, err // c.changed stays, for the next load
	}
	clear(c.changed)
	c.relist = false
	if !changed && !schanged && !briefs.changed && !pages.changed && c.last != nil {
		return c.last, c.lastErr
	}
	errs = append(errs, c.config.errs...)
	errs = append(errs, briefs.errs...)
	errs = append(errs, pages.errs...)
	errs = append(errs, c.data.errs...)
	errs = append(errs, c.tmpl.errs...)
	errs = append(errs, serrs...)
	// The model and the files of the site are made of the settings, the
	// dataset, the front matter of briefs, the pages and the static files:
	// when none of them changed, the last ones serve again.
	h := sha256.New()
	for _, s := range []sum{c.config.sum, c.data.sum, briefs.model, pages.model, staticSum} {
		h.Write(s[:])
	}
	key := sum(h.Sum(nil))
	texts := make(map[*content.Brief]*content.Brief, len(c.pending))
	for _, p := range c.pending {
		texts[p.brief] = p.text
	}
	if len(errs) == 0 && c.files != nil && c.files.key == key {
		c.last, c.lastErr = newSite(c.files, c.tmpl.v, c.links, texts)
	} else {
		c.files, c.last = nil, nil
		var f *files
		f, c.lastErr = newFiles(c.opts, c.config.v, c.data.v, briefs.list, pages.list, static, errs)
		if f != nil {
			f.key, c.files = key, f
			c.last, c.lastErr = newSite(f, c.tmpl.v, c.links, texts)
		}
	}
	if c.last == nil {
		c.forgetPending()
	}
	return c.last, c.lastErr
}

// Commit gives the briefs whose text alone changed at the last load their
// new text, so that the Site it returned shows it. Nothing else changes.
func (c *Cache) Commit() {
	for _, p := range c.pending {
		p.brief.TakeText(p.text)
	}
	c.pending = nil
}

// forgetPending forgets a load that was not committed: the briefs it
// parsed are parsed again by the next load, which makes the model and the
// Site anew (the ones kept hold the briefs with their old text).
func (c *Cache) forgetPending() {
	if len(c.pending) == 0 {
		return
	}
	for _, p := range c.pending {
		delete(c.briefs, p.file)
		c.forget(p.file)
	}
	c.pending, c.files, c.last = nil, nil, nil
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

// glob returns the files that match pattern (a pattern of file names in
// one folder), sorted. A folder of 10,000 briefs takes tens of
// milliseconds to list, most of a load after a save: so the last listing
// is kept, and only the files named as changed in the folder are looked
// at again, as long as the folder itself was not.
func (c *Cache) glob(fsys fs.FS, pattern string) ([]string, error) {
	dir := path.Dir(pattern)
	c.sumsMu.Lock()
	files, ok := c.globs[pattern]
	c.sumsMu.Unlock()
	if !ok || c.relist || c.stale(dir) {
		files, err := fs.Glob(fsys, pattern)
		if err != nil {
			return nil, err
		}
		slices.Sort(files) // a file system may list a folder in any order
		c.sumsMu.Lock()
		c.globs[pattern] = files
		if r, ok := fsys.(refuser); ok && r.Refused(dir) {
			delete(c.globs, pattern) // every load must meet what it refused, to report it
		}
		c.sumsMu.Unlock()
		return files, nil
	}
	files = slices.Clone(files)
	for name := range c.changed {
		if matched, _ := path.Match(pattern, name); !matched {
			continue
		}
		i, listed := slices.BinarySearch(files, name)
		info, err := fs.Stat(fsys, name)
		switch {
		case err == nil && info.Mode().IsRegular():
			if !listed {
				files = slices.Insert(files, i, name)
			}
		case errors.Is(err, fs.ErrNotExist):
			if listed {
				files = slices.Delete(files, i, i+1)
			}
		default: // a folder, a link out, a file that cannot be looked at: as a listing sees it
			c.sumsMu.Lock()
			delete(c.globs, pattern)
			c.sumsMu.Unlock()
			return c.glob(fsys, pattern)
		}
	}
	c.sumsMu.Lock()
	c.globs[pattern] = files
	c.sumsMu.Unlock()
	return files, nil
}

// A refuser is a file system whose listings leave out entries it refuses,
// and report them later (sitefs: links out of the site folder).
type refuser interface{ Refused(dir string) bool }

// forget makes the next read of name read it.
func (c *Cache) forget(name string) {
	c.sumsMu.Lock()
	delete(c.sums, name)
	c.sumsMu.Unlock()
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

// group brings p up to date with the files names, parsing them again with
// parse when any changed; it reports whether they did. parse reads the
// bytes group read (a snapshot), never the folder: each file is read once
// per load, and the group's hash is of what was parsed.
func group[T any](c *Cache, p *parsed[T], fsys fs.FS, names []string, parse func(fs.FS) (T, diag.List)) bool {
	snap := make(snapshot, len(names))
	sums := make([]sum, len(names))
	read := func(i int) {
		s, data, err := c.read(fsys, names[i], fs.ReadFile)
		switch {
		case err != nil:
			s = sum{} // parse meets the error again, and says what is wrong
			snap[names[i]] = snapshotFile{err: err}
		case data != nil:
			snap[names[i]] = snapshotFile{data: data}
		}
		sums[i] = s
	}
	key := func() sum {
		h := sha256.New()
		for i, name := range names {
			h.Write([]byte(name))
			h.Write(sums[i][:])
		}
		return sum(h.Sum(nil))
	}
	for i := range names {
		read(i)
	}
	if p.ok && p.sum == key() {
		return false
	}
	// The files known by their hash alone are read now, once, for parse.
	for i, name := range names {
		if _, ok := snap[name]; !ok {
			c.forget(name)
			read(i)
		}
	}
	p.v, p.errs = parse(snap)
	p.sum, p.ok = key(), true
	c.parses.Add(int32(len(names)))
	return true
}

// docs are the documents of one folder as a load brought them up to date.
type docs[T any] struct {
	list    []T
	errs    diag.List
	changed bool // a file was parsed again, or dropped
	// model is the hash of what a model is made of: each file's name and
	// front matter. It stays the same for saves that change only text.
	model sum
	// pending are the new texts of the briefs kept (see Commit).
	pending []pendingText
}

// loadBriefs brings the briefs up to date: a file is read again only when
// it changed, and parsed again only when its bytes did. A brief whose
// front matter is as it was is kept, to take the new text at Commit, so
// that the model made from it may be kept too.
func (c *Cache) loadBriefs(ctx context.Context, src fs.FS) docs[*content.Brief] {
	return loadDocs(ctx, c, src, content.BriefsDir+"/*.md", "a brief", c.briefs, &c.briefsIn, c.md.ParseBrief, content.Collate,
		func(d *docs[*content.Brief], file string, old, new *content.Brief) {
			d.pending = append(d.pending, pendingText{file, old, new})
		})
}

// loadPages brings the standalone pages up to date, as loadBriefs does
// the briefs, but for text: a page's text changes only its page.
func (c *Cache) loadPages(ctx context.Context, src fs.FS) docs[*content.Page] {
	return loadDocs(ctx, c, src, content.Dir+"/*.md", "a page", c.pages, &c.pagesIn, c.md.ParsePage, func(p []*content.Page) ([]*content.Page, diag.List) {
		return p, nil
	}, nil)
}

// loadDocs brings the documents matching pattern up to date in cached.
// what names one in messages ("a brief"). collate orders them (they are
// listed in file order) and checks them as a whole; keepText, when set, keeps a document whose front matter is as
// it was, to take the text of the later parse. It stops early when ctx is
// done, leaving cached as it was for the files it did not come to.
func loadDocs[T comparable](ctx context.Context, c *Cache, src fs.FS, pattern, what string, cached map[string]*parsed[T], last *collated[T], parse func(string, []byte) (T, diag.List),
	collate func([]T) ([]T, diag.List), keepText func(d *docs[T], file string, old, new T)) docs[T] {
	var d docs[T]
	// The folder is listed whole, for the files that look meant to be
	// read but are not (Misnamed): a brief saved as x.MD would otherwise
	// go unpublished without a word.
	all, err := c.glob(src, path.Dir(pattern)+"/*")
	if err != nil {
		d.errs.Append(path.Dir(pattern), err)
	}
	files := make([]string, 0, len(all))
	for _, file := range all {
		if ok, _ := path.Match(pattern, file); ok {
			files = append(files, file)
		} else if rename, ok := content.Misnamed(file); ok {
			d.errs.Add(diag.Pos{File: file}, "%s must end in .md (lowercase) to be published: rename it %s", what, rename)
		}
	}
	listed := make(map[string]bool, len(files))
	model := sha256.New()
	var none T // a file that could not be read as a document at all
	for _, file := range files {
		if ctx.Err() != nil {
			return d
		}
		listed[file] = true
		p := cached[file]
		if p == nil || !p.ok {
			c.forget(file) // never parsed, or forgotten: read it whatever its hash
		}
		s, data, err := c.read(src, file, content.ReadDocument)
		switch {
		case err != nil:
			p = &parsed[T]{}
			p.errs.Append(file, err)
			cached[file], d.changed = p, true
		case p != nil && p.ok && p.sum == s:
		default:
			next := &parsed[T]{sum: s, front: frontSum(data), ok: true}
			next.v, next.errs = parse(file, data)
			c.parses.Add(1)
			if keepText != nil && p != nil && p.ok && p.front == next.front && p.v != none && next.v != none {
				keepText(&d, file, p.v, next.v)
				next.v = p.v
			}
			p, cached[file], d.changed = next, next, true
		}
		d.errs = append(d.errs, p.errs...)
		model.Write([]byte(file))
		if keepText != nil {
			model.Write(p.front[:]) // a new text is taken, not made into a new model
		} else {
			model.Write(p.sum[:]) // a page is in the model whole, text and all
		}
		if p.v != none {
			d.list = append(d.list, p.v)
		}
	}
	for file := range maps.Keys(cached) {
		if !listed[file] {
			delete(cached, file)
			d.changed = true
		}
	}
	d.model = sum(model.Sum(nil))
	// The same documents collate as they did: 10,000 briefs take
	// milliseconds to sort, and a save of a brief's text keeps its Brief.
	if !slices.Equal(d.list, last.in) {
		last.in = slices.Clone(d.list)
		last.out, last.errs = collate(d.list)
	}
	d.list = slices.Clone(last.out) // the model may reorder its own
	d.errs = append(d.errs, last.errs...)
	return d
}

// collated are documents as collate ordered and checked them (out, errs),
// and as they were given to it (in).
type collated[T any] struct {
	in, out []T
	errs    diag.List
}

// frontSum is the hash of a document's front matter, or of all of it when
// it has none.
func frontSum(data []byte) sum {
	if front, _, _, err := content.SplitFrontMatter(data); err == nil {
		return sha256.Sum256(front)
	}
	return sha256.Sum256(data)
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
// order of their names, with the hash of their names and bytes.
func (c *Cache) loadStatic(fsys fs.FS) ([]staticFile, sum, diag.List, bool) {
	changed := false
	listed := map[string]bool{}
	var min *minifier
	var errs diag.List
	// A file that cannot be read or minified is an error, and is read
	// again at the next load; the rest are published.
	failed := func(name string, err error) error {
		errs.Append(StaticDir, err)
		c.forget(name)
		delete(c.static, name)
		return nil
	}
	err := fs.WalkDir(fsys, StaticDir, func(name string, d fs.DirEntry, err error) error {
		if err == nil && d.Type()&(fs.ModeNamedPipe|fs.ModeSocket|fs.ModeDevice|fs.ModeCharDevice|fs.ModeIrregular) != 0 {
			// What a file is not, say: an editor meant to publish it.
			_, err := fs.Stat(fsys, name)
			return failed(name, cmp.Or(err, fmt.Errorf("%s: not a regular file", name)))
		}
		if err != nil || !d.Type().IsRegular() {
			return err // symbolic links are not published
		}
		if strings.ContainsFunc(name, unicode.IsControl) {
			return failed(name, &diag.Error{Pos: diag.Pos{File: name}, Msg: "a file name with a control character (a newline, a tab) cannot be part of a URL: rename it"})
		}
		listed[name] = true
		s, data, err := c.read(fsys, name, fs.ReadFile)
		if err != nil {
			return failed(name, err)
		}
		if p := c.static[name]; p != nil && p.sum == s {
			return nil
		}
		if data == nil { // its bytes were read before, and not kept
			c.forget(name)
			if s, data, err = c.read(fsys, name, fs.ReadFile); err != nil {
				return failed(name, err)
			}
		}
		if err := checkScriptable(name, data); err != nil {
			return failed(name, err)
		}
		if min == nil {
			min = newMinifier()
		}
		f, err := publish(min, strings.TrimPrefix(name, StaticDir+"/"), data)
		if err != nil {
			return failed(name, fmt.Errorf("%s: %w", name, err))
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
	h := sha256.New()
	for _, name := range slices.Sorted(maps.Keys(c.static)) {
		files = append(files, c.static[name].v)
		h.Write([]byte(name))
		h.Write(c.static[name].sum[:])
	}
	errs.Append(StaticDir, err)
	return files, sum(h.Sum(nil)), errs, changed
}
