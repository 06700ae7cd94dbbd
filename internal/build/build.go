// Package build runs the stages that turn a site folder into a site: load the
// settings, the dataset and the content; join them into the model; render
// every page; hand each file to a Sink. build, serve and check drive it; only
// the Sink differs.
package build

import (
	"bytes"
	"io/fs"
	"path"
	"time"

	"github.com/briefing/briefing/internal/config"
	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/render"
	"github.com/briefing/briefing/internal/site"
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

// Run builds the site in src and writes every file to sink. Nothing is
// written unless the whole site loaded and validated. Links written in
// Markdown are checked against what was built; when one leads nowhere, Run
// returns the error after writing, and the caller discards what the sink got.
func Run(src fs.FS, opts Options, sink Sink) (Summary, error) {
	start := time.Now()
	sum := Summary{Pages: map[string]int{}}
	s, r, err := Load(src, opts)
	if err != nil {
		return sum, err
	}
	pages := render.Pages(s)
	links := newLinkCheck(pages)
	var errs diag.List
	var buf bytes.Buffer
	for _, p := range pages {
		buf.Reset()
		if err := r.Render(&buf, p); err != nil {
			errs.Append(render.Dir, err)
			continue
		}
		links.built(p.File(), buf.Bytes())
		n, err := sink.Write(p.File(), buf.Bytes())
		if err != nil {
			errs.Append(p.File(), err)
			continue
		}
		sum.Pages[p.Kind]++
		sum.Bytes += int64(n)
	}
	static := overlay{src, opts.Theme}
	err = fs.WalkDir(static, StaticDir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err // symlinks and other special files are not published
		}
		data, err := fs.ReadFile(static, name)
		if err != nil {
			return err
		}
		rel := path.Clean(name[len(StaticDir)+1:])
		links.built(rel, nil)
		n, err := sink.Write(rel, data)
		if err != nil {
			return err
		}
		sum.Static++
		sum.Bytes += int64(n)
		return nil
	})
	if err != nil {
		errs.Append(StaticDir, err)
	}
	errs = append(errs, links.check()...)
	sum.Links = len(links.links)
	sum.Duration = time.Since(start)
	return sum, errs.Err()
}
