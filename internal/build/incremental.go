package build

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/minify"
	"github.com/briefing/briefing/internal/render"
	"github.com/briefing/briefing/internal/site"
)

// Incremental builds a site again and again, as the dev server does after
// every save. It keeps what the last good build read and made, and reads
// again and renders again only what a change reaches: a brief's own page
// and the feed when only its text changed; the lists, countries and pledges
// that show it when its front matter changed (see render.Page.Inputs);
// every page of a kind whose template changed, every page for the layout or
// the partials; when the dataset changed, every page but those that say
// what they show of it (briefs, pledges, countries and snapshots: see
// render.ShowsOfDataset) and show what they did.
// Anything else (settings, standalone pages, static files) builds
// everything, as does the first build. Either way the files are the ones a
// full build of the same folder makes, byte for byte; a randomised test
// holds it to that.
//
// Incremental is not safe for concurrent use; the dev server builds one at
// a time.
type Incremental struct {
	opts Options
	last *state // the last good build; nil before the first
	// pending are the files changed since the last good build: a build
	// that fails keeps them, so the next one starts from the last good
	// build with everything that changed since.
	pending map[string]bool
	full    bool // the next build must be full: a change could not be named
}

// state is a good build: what it read, what it made.
type state struct {
	*built
	byFile map[string]*content.Brief // the briefs as loaded, by file
	files  map[string][]byte         // every file of the site
	inputs map[string][]any          // each page's Inputs, by file, once a patch has needed them
}

// NewIncremental returns a builder that builds everything the first time.
func NewIncremental(opts Options) *Incremental {
	return &Incremental{opts: opts, pending: map[string]bool{}, full: true}
}

// Result is one build of an Incremental.
type Result struct {
	Summary
	// Files are every file of the site. The map is new with every
	// successful build and never changed afterwards, so it may be served
	// while the next build runs; the byte slices may be shared between
	// builds.
	Files map[string][]byte
	// Rendered are the files this build made, by name; the rest are the
	// previous build's. Every file, for a full build.
	Rendered []string
	Full     bool // everything was built
}

// Build brings the site in src up to date after changed, the paths of the
// files that changed (slash paths in the site folder; nil when unknown,
// which builds everything). On error, nothing of the last good build is
// lost and the next Build starts from it.
func (b *Incremental) Build(src fs.FS, changed []string) (Result, error) {
	if changed == nil {
		b.full = true
	}
	for _, name := range changed {
		b.pending[name] = true
	}
	if b.last != nil && !b.full {
		res, ok, err := b.text(src)
		if !ok {
			res, ok, err = b.patch(src)
		}
		if ok {
			if err == nil {
				clear(b.pending)
			}
			return res, err
		}
	}
	return b.rebuild(src)
}

// rebuild builds everything.
func (b *Incremental) rebuild(src fs.FS) (Result, error) {
	sink := memory{}
	done, sum, err := full(src, b.opts, sink, true)
	if err != nil {
		return Result{Summary: sum}, err
	}
	st := &state{built: done, byFile: map[string]*content.Brief{}, files: sink}
	for _, br := range done.in.briefs {
		st.byFile[br.File()] = br
	}
	b.last, b.full = st, false
	clear(b.pending)
	return Result{Summary: sum, Files: sink, Rendered: slices.Sorted(maps.Keys(sink)), Full: true}, nil
}

// patch builds from the last good build when every pending change is a
// brief, a template or a data file; ok is false when it cannot. Its errors
// are the ones a full build of the folder would report: the last good build
// had none, and everything the changes can break is checked again.
func (b *Incremental) patch(src fs.FS) (res Result, ok bool, err error) {
	start := time.Now()
	last := b.last
	in := *last.in // a copy: the last good build keeps its own
	byFile := last.byFile
	kinds := map[string]bool{} // page kinds whose template changed
	var briefs []string
	data := false // the dataset changed
	for name := range b.pending {
		kind, isTemplate := strings.CutSuffix(strings.TrimPrefix(name, render.Dir+"/"), ".html")
		switch {
		case unread(name):
		case path.Dir(name) == content.BriefsDir && path.Ext(name) == ".md":
			briefs = append(briefs, name)
		case path.Dir(name) == render.Dir && isTemplate && slices.Contains(render.Kinds, kind):
			kinds[kind] = true
		case name == render.Dir+"/layout.html" || name == render.Dir+"/partials.html":
			for _, kind := range render.Kinds {
				kinds[kind] = true
			}
		case path.Dir(name) == dataset.Dir && path.Ext(name) == ".toml":
			data = true
		default:
			return Result{}, false, nil
		}
	}
	slices.Sort(briefs)

	var errs diag.List
	if len(briefs) > 0 {
		byFile = maps.Clone(byFile)
		for _, name := range briefs {
			delete(byFile, name)
			if _, err := fs.Stat(src, name); errors.Is(err, fs.ErrNotExist) {
				continue // removed
			}
			br, berrs := in.md.LoadBrief(src, name)
			errs = append(errs, berrs...)
			if br != nil {
				byFile[name] = br
			}
		}
		var cerrs diag.List
		in.briefs, cerrs = content.Collate(slices.Collect(maps.Values(byFile)))
		errs = append(errs, cerrs...)
	}
	if len(kinds) > 0 {
		var rerrs diag.List
		in.r, rerrs = render.New(overlay{src, b.opts.Theme})
		errs = append(errs, rerrs...)
	}
	if data {
		var derrs diag.List
		in.data, derrs = dataset.Load(src)
		errs = append(errs, derrs...)
	}
	s, serrs := in.model(b.opts)
	sum := Summary{Pages: map[string]int{}}
	if errs = append(errs, serrs...); len(errs) > 0 {
		return Result{Summary: sum}, true, errs.Err()
	}

	files := maps.Clone(last.files)
	w := &writer{min: minify.New(), sum: &sum, links: last.links.clone(), published: last.static}
	pages := w.unique(render.Pages(s, last.assets))

	// Which pages to render: those new, those whose template changed, those
	// whose Inputs changed, or all when the briefing's date moved (every
	// page shows it); when the dataset changed, those that do not say what
	// they show of it and those whose DatasetInputs changed.
	before := make(map[string]*render.Page, len(last.pages))
	for _, p := range last.pages {
		before[p.File()] = p
	}
	everything := s.AsOf.String() != last.site.AsOf.String()
	var shown *render.DatasetInputs // what pages show of the dataset, when it changed
	if data {
		shown = render.NewDatasetInputs()
	}
	var todo []*render.Page
	inputs := make(map[string][]any, len(pages))
	for _, p := range pages {
		old := before[p.File()]
		delete(before, p.File())
		// The links written on the page, when it is new or its brief was
		// read again; the rest are the last build's.
		if old == nil || p.Brief == nil || old.Brief == nil || p.Brief.Brief != old.Brief.Brief {
			w.links.collectPage(p)
		}
		inputs[p.File()] = p.Inputs()
		if everything || old == nil || old.Kind != p.Kind || kinds[p.Kind] || data && !render.ShowsOfDataset(p.Kind) {
			todo = append(todo, p)
			continue
		}
		was, ok := last.inputs[p.File()]
		if !ok {
			was = old.Inputs()
		}
		if !slices.Equal(was, inputs[p.File()]) || data && !slices.Equal(shown.Of(old), shown.Of(p)) {
			todo = append(todo, p)
		}
	}
	for name := range before { // pages that are no more
		delete(files, name)
		w.links.forget(name)
	}
	which := 0
	if len(briefs) > 0 {
		which |= feedFile // it carries the newest briefs whole: cheaper to make than to compare
	}
	if everything || data {
		which |= dataFiles | feedFile
	}
	if everything || len(before) > 0 || !slices.Equal(sitemapURLs(last.pages), sitemapURLs(pages)) {
		which |= sitemapFiles
		for name := range files { // parts of a split sitemap that may be no more
			if strings.HasPrefix(name, "sitemap-") && path.Ext(name) == ".xml" {
				delete(files, name)
			}
		}
	}

	var rendered []string
	w.sink = recorder{files, &rendered}
	w.run(w.jobs(s, in.r, todo, pages, which))

	// The link check needs every file's name, and on the pages that were
	// not rendered again, the fragments links want of them: the last
	// build's findings when links want no more of a page than they did
	// then, else the page is read again from memory.
	w.links.files = make(map[string]bool, len(files))
	for name := range files {
		w.links.files[name] = true
	}
	fresh := make(map[string]bool, len(rendered))
	for _, name := range rendered {
		fresh[name] = true
	}
	for name, want := range w.links.want {
		if fresh[name] || files[name] == nil || last.static[name] {
			continue // static files are not looked into, as in a full build
		}
		if !subset(want, last.links.want[name]) {
			w.links.built(name, w.links.fragments(name, files[name]))
		}
	}
	if w.errs = append(w.errs, w.links.check()...); len(w.errs) > 0 {
		return Result{Summary: sum}, true, w.errs.Err()
	}

	b.last = &state{built: &built{in: &in, site: s, assets: last.assets, static: last.static, pages: pages, links: w.links}, byFile: byFile, files: files, inputs: inputs}
	sum.Links = w.links.n
	sum.Duration = time.Since(start)
	slices.Sort(rendered)
	return Result{Summary: sum, Files: files, Rendered: rendered}, true, nil
}

// text builds from the last good build when every pending change is to the
// text of a brief, its front matter as it was: the most common save by far.
// Then no list, country or pledge page changes, and the model stays as it
// was but for the briefs' bodies: only their pages and the feed are made
// again, and only the links that can have changed are checked again (those
// written in the briefs, and those into their pages). ok is false when the
// changes are more than that.
func (b *Incremental) text(src fs.FS) (res Result, ok bool, err error) {
	start := time.Now()
	last := b.last
	type swap struct {
		brief    *site.Brief // nil when the brief is not published
		old, new *content.Brief
	}
	var swaps []swap
	for name := range b.pending {
		if unread(name) {
			continue
		}
		old := last.byFile[name]
		if old == nil || path.Dir(name) != content.BriefsDir {
			return Result{}, false, nil
		}
		br, errs := last.in.md.LoadBrief(src, name)
		if len(errs) > 0 || br == nil || !sameFront(old, br) {
			return Result{}, false, nil
		}
		swaps = append(swaps, swap{old: old, new: br})
	}
	slices.SortFunc(swaps, func(a, b swap) int { return strings.Compare(a.old.File(), b.old.File()) })

	// The published briefs among them, and their pages. A draft that is
	// not built changes nothing.
	for _, sb := range last.site.Briefs {
		for i := range swaps {
			if sb.Brief == swaps[i].old {
				swaps[i].brief = sb
			}
		}
	}
	var todo []*render.Page
	for _, p := range last.pages {
		for _, sw := range swaps {
			if p.Brief != nil && p.Brief == sw.brief {
				todo = append(todo, p)
			}
		}
	}

	// The model is the last build's with the new bodies, swapped in place
	// and back if the build fails, so that the last good build stays as it
	// was.
	for _, sw := range swaps {
		if sw.brief != nil {
			sw.brief.Brief = sw.new
		}
	}
	defer func() {
		if err != nil {
			for _, sw := range swaps {
				if sw.brief != nil {
					sw.brief.Brief = sw.old
				}
			}
		}
	}()

	sum := Summary{Pages: map[string]int{}}
	files := maps.Clone(last.files)
	var rendered []string
	w := &writer{sink: recorder{files, &rendered}, min: minify.New(), sum: &sum, links: last.links.clone(), published: last.static}
	changed := map[string]bool{}
	for _, p := range todo {
		w.links.collectPage(p)
		changed[p.File()] = true
	}
	// Fragments the new links want of pages not made again are looked
	// for there, unless the last build already did.
	for _, p := range todo {
		for _, l := range w.links.links[p.File()] {
			target := w.links.file(l.target)
			if l.fragment != "" && !changed[target] && !last.links.want[target][l.fragment] && files[target] != nil && !last.static[target] {
				w.links.built(target, w.links.fragments(target, files[target]))
			}
		}
	}
	which := 0
	if len(todo) > 0 {
		which = feedFile
	}
	w.run(w.jobs(last.site, last.in.r, todo, last.pages, which))

	var links []mdLink
	for page, written := range w.links.links {
		if changed[page] {
			links = append(links, written...)
			continue
		}
		for _, l := range written {
			if l.fragment != "" && changed[w.links.file(l.target)] {
				links = append(links, l)
			}
		}
	}
	if w.errs = append(w.errs, w.links.checkLinks(links)...); len(w.errs) > 0 {
		return Result{Summary: sum}, true, w.errs.Err()
	}

	in := *last.in
	in.briefs = slices.Clone(in.briefs)
	byFile := maps.Clone(last.byFile)
	for _, sw := range swaps {
		byFile[sw.old.File()] = sw.new
		in.briefs[slices.Index(in.briefs, sw.old)] = sw.new
	}
	inputs := last.inputs // the brief pages' own, which name the new bodies
	if inputs != nil {
		for _, p := range todo {
			inputs[p.File()] = p.Inputs()
		}
	}
	b.last = &state{built: &built{in: &in, site: last.site, assets: last.assets, static: last.static, pages: last.pages, links: w.links}, byFile: byFile, files: files, inputs: inputs}
	sum.Links = w.links.n
	sum.Duration = time.Since(start)
	slices.Sort(rendered)
	return Result{Summary: sum, Files: files, Rendered: rendered}, true, nil
}

// unread reports whether a build never reads the file name, though it lies
// in a folder it reads: an editor's temporary file among the briefs (saved
// and renamed over a brief, which is then a change of its own), a note
// among the templates.
func unread(name string) bool {
	dir, ext := path.Dir(name), path.Ext(name)
	return dir == content.BriefsDir && ext != ".md" && ext != "" || dir == render.Dir && ext != ".html" && ext != "" ||
		dir == dataset.Dir && ext != ".toml" && ext != ""
}

// sameFront reports whether two loads of a brief differ at most in their
// text.
func sameFront(a, b *content.Brief) bool {
	return a.Slug == b.Slug && a.Title == b.Title && a.Summary == b.Summary && a.Draft == b.Draft &&
		a.Date.String() == b.Date.String() && a.Updated.String() == b.Updated.String() &&
		slices.Equal(a.Countries, b.Countries) && slices.Equal(a.Sources, b.Sources) &&
		len(a.Problems) == 0 && len(b.Problems) == 0
}

func subset(a, b map[string]bool) bool {
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// memory is a Sink that keeps every file, as the dev server serves them.
type memory map[string][]byte

func (m memory) Write(name string, data []byte) (int, error) {
	if _, ok := m[name]; ok {
		return 0, errors.New("written twice: two files of the site have the same name")
	}
	m[name] = bytes.Clone(data) // the build reuses its buffers
	return len(data), nil
}

// recorder is a Sink that replaces files of the last build and notes
// which.
type recorder struct {
	files map[string][]byte
	names *[]string
}

func (r recorder) Write(name string, data []byte) (int, error) {
	*r.names = append(*r.names, name)
	r.files[name] = bytes.Clone(data) // the build reuses its buffers
	return len(data), nil
}
