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
	"strings"
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

// Load reads and validates the site folder and builds the model and the
// renderer. Every problem found is returned together, sorted.
func Load(src fs.FS, opts Options) (*site.Site, *render.Renderer, error) {
	var errs diag.List
	cfg, err := config.Load(src, opts.BaseURL)
	errs.Append(config.File, err)
	md := content.NewMarkdown()
	briefs, berrs := md.LoadBriefs(src)
	pages, perrs := md.LoadPages(src)
	data, derrs := dataset.Load(src)
	errs = append(append(append(errs, berrs...), perrs...), derrs...)
	s, serrs := site.New(cfg, data, briefs, pages, site.Options{Drafts: opts.Drafts, Future: opts.Future, Today: opts.Today})
	errs = append(errs, serrs...)
	r, rerrs := render.New(overlay{src, opts.Theme})
	errs = append(errs, rerrs...)
	return s, r, errs.Err()
}

// Run builds the site in src and writes every file, minified, to sink.
// Nothing is written unless the whole site loaded and validated. Links
// written in Markdown are checked against what was built; when one leads
// nowhere, Run returns the error after writing, and the caller discards what
// the sink got.
func Run(src fs.FS, opts Options, sink Sink) (Summary, error) {
	start := time.Now()
	sum := Summary{Pages: map[string]int{}}
	s, r, err := Load(src, opts)
	if err != nil {
		return sum, err
	}
	w := &writer{sink: sink, min: minify.New(), sum: &sum, links: newLinkCheck()}

	// Static files first: pages name stylesheets and scripts by their
	// fingerprinted names.
	assets, err := w.static(overlay{src, opts.Theme})
	if err != nil {
		w.errs.Append(StaticDir, err)
	}
	pages := render.Pages(s, assets)
	w.links.collect(pages)
	var buf bytes.Buffer
	for _, p := range pages {
		buf.Reset()
		if err := r.Render(&buf, p); err != nil {
			w.errs.Append(render.Dir, err)
			continue
		}
		if w.write(p.File(), buf.Bytes()) {
			sum.Pages[p.Kind]++
		}
	}
	w.indexes(s, pages)
	w.errs = append(w.errs, w.links.check()...)
	sum.Links = len(w.links.links)
	sum.Duration = time.Since(start)
	return sum, w.errs.Err()
}

// writer minifies files and hands them to the sink, keeping count and
// collecting errors.
type writer struct {
	sink  Sink
	min   *minify.Minifier
	sum   *Summary
	links *linkCheck
	errs  diag.List
}

// write minifies data and stores it at name; it reports success.
func (w *writer) write(name string, data []byte) bool {
	data, err := w.min.Minify(path.Ext(name), data)
	if err != nil {
		w.errs.Add(diag.Pos{File: name}, "minify: %v", err)
		return false
	}
	w.links.built(name, data)
	n, err := w.sink.Write(name, data)
	if err != nil {
		w.errs.Append(name, err)
		return false
	}
	w.sum.Bytes += int64(n)
	return true
}

// indexes writes the files machines read: the data downloads, the Atom
// feed, the sitemap and robots.txt.
func (w *writer) indexes(s *site.Site, pages []*render.Page) {
	files, err := export.Files(s)
	if err != nil {
		w.errs.Append(config.File, err)
	}
	for _, f := range files {
		w.write(f.Name, f.Data)
	}
	atom, err := feed.Atom(s)
	if err != nil {
		w.errs.Append(feed.File, err)
	} else {
		w.write(feed.File, atom)
	}
	var urls []sitemap.URL
	for _, p := range pages {
		if p.Kind != "404" {
			urls = append(urls, sitemap.URL{Loc: p.Canonical(), LastMod: p.Modified().String()})
		}
	}
	if xml, err := sitemap.XML(urls); err != nil {
		w.errs.Append(sitemap.File, err)
	} else {
		w.write(sitemap.File, xml)
	}
	w.write(sitemap.Robots, sitemap.RobotsTxt(s.Config.BaseURL))
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
		w.links.built(published, nil)
		w.sum.Static++
		w.sum.Bytes += int64(n)
		return nil
	})
	return assets, err
}
