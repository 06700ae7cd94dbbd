// Package build runs the stages that turn a site folder into a site: load the
// settings, the dataset and the content; join them into the model; render
// every page; hand each file to a Sink. build, serve and check drive it; only
// the Sink differs.
package build

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/briefing/briefing/internal/config"
	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/export"
	"github.com/briefing/briefing/internal/feed"
	"github.com/briefing/briefing/internal/minify"
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
	Bytes    int64
	Duration time.Duration
}

// inputs are what a build reads from the site folder: the settings, the
// dataset, the content and the parsed templates. Incremental keeps them
// between builds and reads again only what changed.
type inputs struct {
	md     *content.Markdown
	cfg    config.Config
	data   *dataset.Dataset
	pages  []*content.Page
	briefs []*content.Brief
	r      *render.Renderer
}

// load reads and validates the site folder. Every problem found is
// returned together. The briefs, the bulk of the work, load on one
// goroutine while the rest loads on another.
func load(src fs.FS, opts Options) (*inputs, diag.List) {
	in := &inputs{md: content.NewMarkdown()}
	var (
		berrs diag.List
		done  = make(chan struct{})
	)
	go func() {
		defer close(done)
		in.briefs, berrs = in.md.LoadBriefs(src)
	}()
	var errs, perrs, derrs, rerrs diag.List
	var err error
	in.cfg, err = config.Load(src, opts.BaseURL)
	errs.Append(config.File, err)
	in.pages, perrs = in.md.LoadPages(src)
	in.data, derrs = dataset.Load(src)
	in.r, rerrs = render.New(overlay{src, opts.Theme})
	<-done
	return in, append(append(append(append(errs, berrs...), perrs...), derrs...), rerrs...)
}

// model joins the inputs into the site the pages show.
func (in *inputs) model(opts Options) (*site.Site, diag.List) {
	return site.New(in.cfg, in.data, in.briefs, in.pages, site.Options{Drafts: opts.Drafts, Future: opts.Future, Today: opts.Today})
}

// Run builds the site in src and writes every file, minified, to sink.
// Nothing is written unless the whole site loaded and validated. Links
// written in Markdown are checked against what was built; when one leads
// nowhere, Run returns the error after writing, and the caller discards what
// the sink got.
//
// Pages are rendered and minified on every core, but handed to the sink one
// at a time, from the calling goroutine, in a fixed order: the sink sees the
// same calls with the same bytes as from a serial build, and needs no locks.
// Only a few rendered pages are held at once (see pipeline).
func Run(src fs.FS, opts Options, sink Sink) (Summary, error) {
	_, sum, err := full(src, opts, sink, false)
	return sum, err
}

// built is what a build made, as Incremental keeps it for the next one.
type built struct {
	in     *inputs
	site   *site.Site
	assets map[string]render.Asset
	static map[string]bool // the files published from static/, by name
	pages  []*render.Page
	links  *linkCheck
}

// full builds everything; see Run. A build that is not kept for the next
// one lets each brief's HTML go once its page is made.
func full(src fs.FS, opts Options, sink Sink, keep bool) (*built, Summary, error) {
	start := time.Now()
	sum := Summary{Pages: map[string]int{}}
	in, errs := load(src, opts)
	s, serrs := in.model(opts)
	if errs = append(errs, serrs...); len(errs) > 0 {
		return nil, sum, errs.Err()
	}
	w := &writer{sink: sink, min: minify.New(), sum: &sum, links: newLinkCheck(), release: !keep}

	// Static files first: pages name stylesheets and scripts by their
	// fingerprinted names.
	assets, err := w.static(overlay{src, opts.Theme})
	if err != nil {
		w.errs.Append(StaticDir, err)
	}
	pages := w.unique(render.Pages(s, assets))
	w.links.collect(pages)
	w.run(w.jobs(s, in.r, pages, pages, allFiles))
	w.put(headers(s.Config.BaseURL, assets))
	w.errs = append(w.errs, w.links.check()...)
	sum.Links = w.links.n
	sum.Duration = time.Since(start)
	return &built{in: in, site: s, assets: assets, static: w.published, pages: pages, links: w.links}, sum, w.errs.Err()
}

// writer minifies files and hands them to the sink, keeping count and
// collecting errors.
type writer struct {
	sink      Sink
	min       *minify.Minifier
	sum       *Summary
	links     *linkCheck
	errs      diag.List
	published map[string]bool // the files published from static/
	release   bool            // let each brief's body go once its page is made
}

// A job makes files of the site: one page, or the data downloads. Jobs run
// on any goroutine, so they only read the model. buf is the worker's own, to
// render into. A job hands each file to emit as soon as it is made; emit
// waits while the job's last file is not yet on its way to the sink, so a
// job that makes several large files (the downloads) holds about one at a time.
type job func(buf *bytes.Buffer, emit func(file))

// file is a job's output, minified by the worker that made it.
type file struct {
	name string
	kind string // the page kind; "" for files that are not pages
	data []byte
	buf  *[]byte  // data's buffer, from outPool; nil when data is the job's own
	ids  []string // the fragments links want that the page has
	err  error    // set instead of data when the file could not be made
	pos  string   // where err belongs: the templates, or the file
}

// outPool recycles the buffers minified files are written into: a file's
// buffer goes back once the sink has it.
var outPool = sync.Pool{New: func() any { return new([]byte) }}

// maxPooled is the largest buffer kept for reuse; the rare huge file (a long
// list page, the data downloads) gets its own, so the pool never pins it.
const maxPooled = 1 << 20

// The files made from the whole model rather than a page, as jobs may
// include them.
const (
	dataFiles    = 1 << iota // the downloads (export)
	feedFile                 // the Atom feed
	sitemapFiles             // the sitemap and robots.txt
	allFiles     = dataFiles | feedFile | sitemapFiles
)

// jobs lists everything the site is made of after its static files, in the
// order the sink gets it: the pages, then those of the files machines read
// that which asks for. pages are those to render; the sitemap lists all,
// every page of the site, even when only some are rendered.
func (w *writer) jobs(s *site.Site, r *render.Renderer, pages, all []*render.Page, which int) []job {
	jobs := make([]job, 0, len(pages)+4)
	for _, p := range pages {
		jobs = append(jobs, func(buf *bytes.Buffer, emit func(file)) {
			buf.Reset()
			if err := r.Render(buf, p); err != nil {
				emit(file{err: err, pos: render.Dir})
				return
			}
			if w.release && p.Kind == "brief" {
				p.Brief.Release()
			}
			emit(w.finish(p.File(), p.Kind, buf.Bytes()))
		})
	}
	if which&dataFiles != 0 {
		// One job for all: the downloads of a large briefing are hundreds
		// of megabytes, made one file at a time and written before the
		// next but one is made.
		jobs = append(jobs, func(_ *bytes.Buffer, emit func(file)) {
			downloads, err := export.Downloads(s)
			if err != nil {
				emit(file{err: err, pos: config.File})
				return
			}
			for _, d := range downloads {
				data, err := d.Make()
				if err != nil {
					emit(file{err: err, pos: config.File})
					return
				}
				// Not minified: encoding/json writes no space to take out
				// (the minifier would return the same bytes, after copying
				// 150 MB of them at 100,000 pledges), and CSV has none.
				emit(file{name: d.Name, data: data})
			}
		})
	}
	if which&feedFile != 0 {
		jobs = append(jobs, func(_ *bytes.Buffer, emit func(file)) {
			atom, err := feed.Atom(s)
			if err != nil {
				emit(file{err: err, pos: feed.File})
				return
			}
			emit(w.finish(feed.File, "", atom))
		})
	}
	if which&sitemapFiles != 0 {
		jobs = append(jobs, func(_ *bytes.Buffer, emit func(file)) {
			urls := sitemapURLs(all)
			// Past 50,000 URLs, sitemap.xml is an index of numbered parts.
			docs, err := sitemap.Files(s.Config.BaseURL, urls)
			if err != nil {
				emit(file{err: err, pos: sitemap.File})
				return
			}
			for _, d := range docs {
				emit(w.finish(d.Name, "", d.Data))
			}
			emit(w.finish(sitemap.Robots, "", sitemap.RobotsTxt(s.Config.BaseURL)))
		})
	}
	return jobs
}

// sitemapURLs are what the sitemap says of pages.
func sitemapURLs(pages []*render.Page) []sitemap.URL {
	urls := make([]sitemap.URL, 0, len(pages))
	for _, p := range pages {
		if p.Kind != "404" {
			urls = append(urls, sitemap.URL{Loc: p.Canonical(), LastMod: p.Modified().String()})
		}
	}
	return urls
}

// finish minifies a file and looks in a page for the fragments that links
// want; it runs on the worker that made the file.
func (w *writer) finish(name, kind string, data []byte) file {
	f := file{name: name, kind: kind, data: data}
	if w.min.Minifies(path.Ext(name)) {
		f.buf = outPool.Get().(*[]byte)
		min, err := w.min.Append((*f.buf)[:0], path.Ext(name), data)
		if err != nil {
			outPool.Put(f.buf)
			return file{err: fmt.Errorf("minify: %w", err), pos: name}
		}
		f.data, *f.buf = min, min
	}
	f.ids = w.links.fragments(name, f.data)
	return f
}

// run does the jobs on every core and writes what they made in job order.
//
// A feeder hands out jobs in order and queues, for each, the channel its
// files will come back on; this goroutine takes the files from that queue
// in the same order. The queue's capacity bounds how many jobs are started
// but not yet written, and so how much rendered output is held at once,
// whatever the size of the site.
func (w *writer) run(jobs []job) {
	workers := runtime.GOMAXPROCS(0)
	type task struct {
		do   job
		done chan file
	}
	tasks := make(chan task)
	queue := make(chan chan file, 2*workers)
	go func() {
		for _, do := range jobs {
			// Room for one file: a worker that made a page goes on to the
			// next job without waiting for the sink.
			done := make(chan file, 1)
			queue <- done
			tasks <- task{do, done}
		}
		close(tasks)
		close(queue)
	}()
	for range workers {
		go func() {
			buf := new(bytes.Buffer)
			for t := range tasks {
				t.do(buf, func(f file) { t.done <- f })
				close(t.done)
				if buf.Cap() > maxPooled {
					buf = new(bytes.Buffer) // let a huge page's buffer go
				}
			}
		}()
	}
	for done := range queue {
		for f := range done {
			w.put(f)
			if f.buf != nil && cap(*f.buf) <= maxPooled {
				outPool.Put(f.buf)
			}
		}
	}
}

// put hands a finished file to the sink, or records why there is none.
func (w *writer) put(f file) {
	if f.err != nil {
		w.errs.Append(f.pos, f.err)
		return
	}
	w.links.built(f.name, f.ids)
	n, err := w.sink.Write(f.name, f.data)
	if err != nil {
		w.errs.Append(f.name, err)
		return
	}
	w.sum.Bytes += int64(n)
	if f.kind != "" {
		w.sum.Pages[f.kind]++
	}
}

// fingerprinted are the extensions published under a name with a content hash.
var fingerprinted = map[string]bool{".css": true, ".js": true}

// static publishes every regular file of static/ at the site root, minified;
// stylesheets and scripts get a content hash in their names. Symbolic links
// and other special files are not published.
func (w *writer) static(fsys fs.FS) (map[string]render.Asset, error) {
	assets := map[string]render.Asset{}
	err := fs.WalkDir(fsys, StaticDir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		rel := path.Clean(name[len(StaticDir)+1:])
		ext := path.Ext(rel)
		if data, err = w.min.Minify(ext, data); err != nil {
			return fmt.Errorf("%s: minify: %w", name, err)
		}
		published := rel
		if fingerprinted[ext] {
			sum := sha256.Sum256(data)
			published = strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:4]) + ext
			sri := sha512.Sum384(data)
			assets[rel] = render.Asset{Path: published, Integrity: "sha384-" + base64.StdEncoding.EncodeToString(sri[:])}
		}
		n, err := w.sink.Write(published, data)
		if err != nil {
			return err
		}
		if w.published == nil {
			w.published = map[string]bool{}
		}
		w.published[published] = true
		w.links.built(published, nil)
		w.sum.Static++
		w.sum.Bytes += int64(n)
		return nil
	})
	return assets, err
}
