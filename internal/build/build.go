// Package build runs the stages that turn a site folder into a site: load the
// settings, the dataset and the content; join them into the model; render
// every page; hand each file to a Sink. build, serve and check drive it; only
// the Sink differs.
package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/briefing/briefing/internal/config"
	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/csp"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/export"
	"github.com/briefing/briefing/internal/feed"
	"github.com/briefing/briefing/internal/render"
	"github.com/briefing/briefing/internal/site"
	"github.com/briefing/briefing/internal/sitemap"
)

// StaticDir is the folder of files copied as they are (minified where they
// are text) to the root of the output.
const StaticDir = "static"

// Options say what to build.
type Options struct {
	BaseURL string    // overrides site.toml's base_url when set
	Drafts  bool      // include draft briefs
	Future  bool      // include briefs dated after Today, marked as scheduled
	Today   date.Date // the day of the build; zero publishes every date
	// Theme supplies the templates and static files that the site folder
	// does not have itself, file by file.
	Theme fs.FS
}

// A Sink receives the built files: a folder on disk, or memory in serve.
type Sink interface {
	// Write stores data at name, a slash path inside the site, and returns
	// how many bytes it stored.
	Write(name string, data []byte) (int, error)
}

// Summary says what a build wrote.
type Summary struct {
	Pages    map[string]int // by page kind
	Static   int
	Links    int // internal links written in Markdown, all checked
	BaseURL  string
	Warnings diag.List // settings that build but should not be published as they are (config.Config.Warnings)
	Bytes    int64
	Duration time.Duration
}

// Run builds the site in src and writes every file, minified, to sink.
// Nothing is written unless the whole site loaded and validated. A link
// written in Markdown that leads nowhere does not keep pages from being
// made, and whether a link's #fragment is on the page it names is known
// only once that page is made: so Run reports every such link, and every
// page that could not be made, after writing, and the caller discards what
// the sink got.
func Run(src fs.FS, opts Options, sink Sink) (Summary, error) {
	start := time.Now()
	s, err := NewCache(opts).Load(src)
	if s == nil {
		return Summary{Pages: map[string]int{}}, err
	}
	sum, werr := s.Write(context.Background(), sink, nil)
	sum.Duration = time.Since(start)
	return sum, join(err, werr)
}

// join is the errors of a and b as one list.
func join(a, b error) error {
	var errs diag.List
	errs.Append(".", a)
	errs.Append(".", b)
	return errs.Err()
}

// A Site is a site folder loaded, validated and joined into its model, with
// every file of the site named and ready to be made: a build makes them
// all (Write), the dev server each when it is asked for (File). Either way
// a file is made from the model and the templates as they are, so the two
// give the same bytes for any site, whatever its templates show.
//
// A Site is safe for concurrent use, but for Write, which must not run
// twice at once.
type Site struct {
	*files
	r     *render.Renderer
	memo  *render.Memo // what the site's pages share, made once
	links *linkCheck
	stuck sync.Map // render.Kind -> *timedOut: the first of its pages that took too long
}

// files are the model and every file of a site: what is made of the
// settings, the dataset, the front matter of briefs, the pages and the
// static files. A Cache keeps them for as long as none of those changes:
// after a save that changed only the text of briefs, or the templates,
// the next Site has the same files.
type files struct {
	key    sum // of what they were made of
	model  *site.Site
	min    *minifier
	list   []*entry // in the order a build writes them
	byName map[string]*entry
}

// entry is one file of a site and how to make it.
type entry struct {
	name   string
	kind   render.Kind  // of a page; "" for other files
	page   *render.Page // nil for other files
	static []byte       // a file of static/, as published
	// make makes the file's bytes, minified after if its extension
	// calls for it; pos is where its errors belong.
	make func(s *Site, buf *bytes.Buffer) ([]byte, error)
	pos  string
}

// newFiles joins what was loaded into the model and names every file of
// the site. errs are the loading's own; the model's and two files with one
// name are added to them. A site with errors is no use to anyone: then
// there are no files.
func newFiles(opts Options, cfg config.Config, data *dataset.Dataset, briefs []*content.Brief, docs []*content.Page,
	static []staticFile, errs diag.List) (*files, error) {
	model, merrs := site.New(cfg, data, briefs, docs, site.Options{Drafts: opts.Drafts, Future: opts.Future, Today: opts.Today})
	if errs = append(errs, merrs...); len(errs) > 0 {
		return nil, errs.Err()
	}
	f := &files{model: model, min: newMinifier(), byName: map[string]*entry{}}
	// Static files first: pages name stylesheets and scripts by their
	// fingerprinted names.
	assets := map[string]render.Asset{}
	for _, sf := range static {
		f.add(&entry{name: sf.name, static: sf.data})
		if sf.asset != nil {
			assets[sf.rel] = *sf.asset
		}
	}
	pages := f.unique(render.Pages(model, assets), &errs)
	for _, p := range pages {
		f.add(&entry{name: p.File(), kind: p.Kind, page: p, pos: render.Dir, make: func(s *Site, buf *bytes.Buffer) ([]byte, error) {
			if err := s.render(p, buf); err != nil {
				return nil, err
			}
			return buf.Bytes(), nil
		}})
	}
	errs = append(errs, f.generated(pages, assets)...)
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	return f, nil
}

// newSite is a site of files rendered with r, and the links written in
// Markdown that lead to no file of it. memo has the links of pages resolved
// by earlier loads; texts are the briefs' texts to come (Cache.Commit),
// whose links are the ones to check.
func newSite(f *files, r *render.Renderer, memo *linkMemo, texts map[*content.Brief]*content.Brief) (*Site, error) {
	var pages []*render.Page
	for _, e := range f.list {
		if e.page != nil {
			pages = append(pages, e.page)
		}
	}
	s := &Site{files: f, r: r, memo: render.NewMemo(), links: newLinkCheck(pages, memo, texts)}
	return s, s.links.missing(f).Err()
}

// add names a file of the site.
func (f *files) add(e *entry) {
	f.list = append(f.list, e)
	f.byName[e.name] = e
}

// generated names the files made from the whole model rather than a page,
// after the pages: the data downloads, the feed, the sitemap, robots.txt
// and _headers.
func (f *files) generated(pages []*render.Page, assets map[string]render.Asset) diag.List {
	var errs diag.List
	model := f.model
	add := func(e *entry) {
		if f.byName[e.name] != nil { // a file of static/, published first
			errs.Add(diag.Pos{File: StaticDir + "/" + e.name}, "the build makes %s itself: remove or rename this file", e.name)
			return
		}
		f.add(e)
	}
	downloads, err := export.Downloads(model)
	if err != nil {
		errs.Append(config.File, err)
	}
	for _, d := range downloads {
		// Not minified: encoding/json writes no space to take out (the
		// minifier would return the same bytes, after copying 150 MB of
		// them at 100,000 pledges), and CSV has none.
		add(&entry{name: d.Name, pos: config.File, make: func(*Site, *bytes.Buffer) ([]byte, error) { return d.Make() }})
	}
	add(&entry{name: feed.File, pos: feed.File, make: func(*Site, *bytes.Buffer) ([]byte, error) { return feed.Atom(model) }})
	// Past 50,000 URLs, sitemap.xml is an index of numbered parts.
	docs, err := sitemap.Files(model.Config.BaseURL, sitemapURLs(pages))
	if err != nil {
		errs.Append(sitemap.File, err)
	}
	for _, d := range docs {
		add(&entry{name: d.Name, pos: sitemap.File, make: func(*Site, *bytes.Buffer) ([]byte, error) { return d.Data, nil }})
	}
	add(&entry{name: sitemap.Robots, make: func(*Site, *bytes.Buffer) ([]byte, error) { return sitemap.RobotsTxt(model.Config.BaseURL), nil }})
	add(&entry{name: HeadersFile, make: func(*Site, *bytes.Buffer) ([]byte, error) {
		return headers(model.Config.BaseURL, csp.For(model.Config.AllowedOrigins), assets), nil
	}})
	return errs
}

// Has reports whether the site has a file name.
func (s *Site) Has(name string) bool { return s.byName[name] != nil }

// Names lists every file of the site, in the order Write makes them.
func (s *Site) Names() []string {
	names := make([]string, len(s.list))
	for i, e := range s.list {
		names[i] = e.name
	}
	return names
}

// File makes the file name of the site, minified, as Write would. ok is
// false when the site has no such file.
func (s *Site) File(name string) (data []byte, ok bool, err error) {
	e := s.byName[name]
	if e == nil {
		return nil, false, nil
	}
	f := s.make(e, new(bytes.Buffer), nil)
	var late *timedOut
	if errors.As(f.err, &late) {
		return nil, true, diag.List{late.err}
	}
	if f.err != nil {
		var errs diag.List
		errs.Append(f.pos, f.err)
		return nil, true, errs.Err()
	}
	if e.make == nil {
		return bytes.Clone(f.data), true, nil // the site's own copy
	}
	return f.data, true, nil
}

// Samples lists the first page of each kind, in the order Write makes
// them: a template fails on one page of its kind more often than not when
// it fails on any, so a check that makes these first finds most template
// errors within moments, whatever the size of the site.
func (s *Site) Samples() []string {
	var names []string
	seen := map[render.Kind]bool{}
	for _, e := range s.list {
		if e.page != nil && !seen[e.kind] {
			seen[e.kind] = true
			names = append(names, e.name)
		}
	}
	return names
}

// Wanted lists the pages that links written in Markdown want a #fragment
// of: Write them first to check those links early (LinkErrors). first are
// those that the links written in the briefs and pages whose text this
// load read anew want, and those briefs and pages themselves: where a save
// is most likely to have broken a link.
func (s *Site) Wanted() (first, then []string) { return s.links.wanted() }

// LinkErrors reports every link written in Markdown whose #fragment is not
// on the page it names, of the pages Write has made so far.
func (s *Site) LinkErrors() diag.List { return s.links.fragmentErrors(s.files) }

// Write makes the files named (every file of the site when names is nil)
// on every core, and hands each, minified, to sink, one at a time, from
// the calling goroutine, in a fixed order: the sink sees the same calls
// with the same bytes as from a serial build, and needs no locks. Only a
// few made files are held at once (see run). When all were made, it
// reports the links whose #fragment is not on their page too. It stops
// early when ctx is done, and hands nothing more to sink.
func (s *Site) Write(ctx context.Context, sink Sink, names []string) (Summary, error) {
	sum := Summary{Pages: map[string]int{}, Links: s.links.n, BaseURL: s.model.Config.BaseURL, Warnings: s.model.Config.Warnings}
	todo := s.list
	if names != nil {
		todo = make([]*entry, 0, len(names))
		for _, name := range names {
			if e := s.byName[name]; e != nil {
				todo = append(todo, e)
			}
		}
	}
	w := &writer{site: s, sink: sink, sum: &sum, timedOut: map[render.Kind]bool{}}
	w.run(ctx, todo)
	if names == nil && ctx.Err() == nil {
		w.errs = append(w.errs, s.LinkErrors()...)
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	return sum, w.errs.Err()
}

// writer hands made files to the sink, keeping count and collecting
// errors.
type writer struct {
	site     *Site
	sink     Sink
	sum      *Summary
	errs     diag.List
	timedOut map[render.Kind]bool // the templates a page of which took too long, reported
}

// file is a made file of the site, minified by the worker that made it.
type file struct {
	name   string
	kind   render.Kind // the page kind; "" for files that are not pages
	data   []byte
	buf    *[]byte  // data's buffer, from outPool; nil when data is the job's own
	ids    []string // the fragments links want that the page has
	static bool     // a file of static/
	err    error    // set instead of data when the file could not be made
	pos    string   // where err belongs: the templates, or the file
}

// outPool recycles the buffers minified files are written into: a file's
// buffer goes back once the sink has it.
var outPool = sync.Pool{New: func() any { return new([]byte) }}

// maxPooled is the largest buffer kept for reuse; the rare huge file (a long
// list page, the data downloads) gets its own, so the pool never pins it.
const maxPooled = 1 << 20

// make makes e's file into buf and minifies it into a buffer of outPool
// (when pool is set) or a new one; for a page that links want fragments
// of, it notes which it has. It runs on any goroutine.
func (s *Site) make(e *entry, buf *bytes.Buffer, pool *sync.Pool) file {
	f := file{name: e.name, kind: e.kind}
	if e.make == nil {
		f.data, f.static = e.static, true
		return f
	}
	buf.Reset()
	data, err := e.make(s, buf)
	if err != nil {
		return file{err: err, pos: e.pos}
	}
	f.data = data
	if ext := path.Ext(e.name); s.min.minifies(ext) {
		var dst []byte
		if pool != nil {
			f.buf = pool.Get().(*[]byte)
			dst = (*f.buf)[:0]
		}
		min, err := s.min.append(dst, ext, data)
		if err != nil {
			if f.buf != nil {
				pool.Put(f.buf)
			}
			return file{err: fmt.Errorf("minify: %w", err), pos: e.name}
		}
		f.data = min
		if f.buf != nil {
			*f.buf = min
		}
	}
	if e.page != nil {
		f.ids = s.links.fragments(e.name, f.data)
	}
	return f
}

// render renders page p into buf, or gives up on it once it has taken
// longer than the site's timeout. Templates are trusted, but one may loop
// for good (a range over a huge number, a template that calls itself), and
// a goroutine cannot be stopped: the render runs on a goroutine of its own
// that is left to run on, writing into buf, which the caller must then not
// use again (abandoned). Nothing it makes is used. Once a page of a
// template timed out, the template's other pages are not rendered at all,
// so a site of a thousand such pages leaves one goroutine behind, not a
// thousand.
func (s *Site) render(p *render.Page, buf *bytes.Buffer) error {
	if first, ok := s.stuck.Load(p.Kind); ok {
		return &timedOut{kind: p.Kind, skipped: true, err: first.(*timedOut).err}
	}
	limit := time.Duration(s.model.Config.Timeout)
	if limit <= 0 {
		limit = time.Duration(config.DefaultTimeout)
	}
	done := make(chan error, 1) // the render that is given up on does not wait
	ctx, stop := context.WithCancel(context.Background())
	defer stop() // a render given up on stops at its next write
	go func() { done <- s.r.RenderContext(ctx, buf, p, s.memo) }()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
	}
	late := &timedOut{kind: p.Kind, err: &diag.Error{
		Pos: diag.Pos{File: render.Dir + "/" + string(p.Kind) + ".html"},
		Msg: fmt.Sprintf("the page /%s took longer than %s to render (timeout in %s): a loop in the template that does not end?", p.URL, limit, config.File),
	}}
	s.stuck.LoadOrStore(p.Kind, late)
	return late
}

// timedOut is the error of a page whose render took longer than the
// site's timeout (err), or that was not rendered because another page of
// its template did (skipped; err is that page's).
type timedOut struct {
	kind    render.Kind
	skipped bool
	err     *diag.Error
}

func (t *timedOut) Error() string { return t.err.Error() }

// abandoned reports whether err is of a render that was given up on and
// still runs, writing into the buffer it was given.
func abandoned(err error) bool {
	var late *timedOut
	return errors.As(err, &late) && !late.skipped
}

// sitemapURLs are what the sitemap says of pages.
func sitemapURLs(pages []*render.Page) []sitemap.URL {
	urls := make([]sitemap.URL, 0, len(pages))
	for _, p := range pages {
		if p.Kind != render.NotFound {
			urls = append(urls, sitemap.URL{Loc: p.Canonical(), LastMod: p.Modified().String()})
		}
	}
	return urls
}

// run makes the files of todo on every core and hands them to the sink
// in order.
//
// A feeder hands out entries in order and queues, for each, the channel its
// file will come back on; this goroutine takes the files from that queue
// in the same order. The queue's capacity bounds how many files are made
// but not yet written, and so how much is held at once, whatever the size
// of the site.
func (w *writer) run(ctx context.Context, todo []*entry) {
	workers := runtime.GOMAXPROCS(0)
	type task struct {
		e    *entry
		done chan file
	}
	tasks := make(chan task)
	queue := make(chan chan file, 2*workers)
	go func() {
		defer close(queue)
		defer close(tasks)
		for _, e := range todo {
			// Room for the file: a worker that made a page goes on to the
			// next without waiting for the sink.
			done := make(chan file, 1)
			select {
			case queue <- done:
			case <-ctx.Done():
				return
			}
			select {
			case tasks <- task{e, done}:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range workers {
		go func() {
			buf := new(bytes.Buffer)
			for t := range tasks {
				f := w.site.make(t.e, buf, &outPool)
				t.done <- f
				if buf.Cap() > maxPooled || abandoned(f.err) {
					buf = new(bytes.Buffer) // let a huge page's buffer go, or one a render still writes into
				}
			}
		}()
	}
	// Once ctx is done, nothing more reaches the sink: the files being
	// made are let go when they are.
	for done := range queue {
		select {
		case f := <-done:
			w.put(f)
			if f.buf != nil && cap(*f.buf) <= maxPooled {
				outPool.Put(f.buf)
			}
		case <-ctx.Done():
			return
		}
	}
}

// put hands a made file to the sink, or records why there is none.
func (w *writer) put(f file) {
	var late *timedOut
	if errors.As(f.err, &late) {
		// Once a page of a template timed out, the template's other pages
		// are given up on at once, and at most one goroutine per template
		// runs on. The one reported is the first in order, and the other
		// pages of the template that timed out at the same time are not:
		// the build reports the same errors on any number of cores.
		if _, seen := w.timedOut[late.kind]; !seen {
			w.timedOut[late.kind] = true
			w.errs = append(w.errs, late.err)
		}
		return
	}
	if f.err != nil {
		w.errs.Append(f.pos, f.err)
		return
	}
	w.site.links.built(f.name, f.ids)
	n, err := w.sink.Write(f.name, f.data)
	if err != nil {
		w.errs.Append(f.name, err)
		return
	}
	w.sum.Bytes += int64(n)
	switch {
	case f.kind != "":
		w.sum.Pages[string(f.kind)]++
	case f.static:
		w.sum.Static++
	}
}

// fingerprinted are the extensions published under a name with a content hash.
var fingerprinted = map[string]bool{".css": true, ".js": true}

// publish minifies a file of static/, named rel there, and names it as it
// is published: stylesheets and scripts get a content hash in their names.
func publish(min *minifier, rel string, data []byte) (staticFile, error) {
	rel = path.Clean(rel)
	ext := path.Ext(rel)
	data, err := min.minify(ext, data)
	if err != nil {
		return staticFile{}, fmt.Errorf("minify: %w", err)
	}
	f := staticFile{rel: rel, name: rel, data: data}
	if fingerprinted[ext] {
		sum := sha256.Sum256(data)
		f.name = strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		f.asset = &render.Asset{Path: f.name}
	}
	return f, nil
}
