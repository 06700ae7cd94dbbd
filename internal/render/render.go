// Package render turns the site model into HTML pages with html/template.
// It knows nothing about files: it is given the templates as an fs.FS and
// writes each page to an io.Writer.
//
// Templates (in templates/):
//
//	layout.html    defines "layout", the frame of every page; calls "content",
//	               and "header" and "footer" through chrome (see Chrome)
//	partials.html  shared pieces: "status", "citations", "countries", "pledge",
//	               "source" (the source line under every picture)
//	charts.html    the pictures, as inline SVG: "chart" draws a chart.Chart,
//	               "map" a geomap.Drawing
//	<kind>.html    one per page kind, defining "content": home, briefs, brief,
//	               countries, country, pledge, pledges, timeline, matrix, snapshot,
//	               changes, maps, page, 404
//
// Each template runs with a *Page as its data: .Site (the model), .Kind,
// .URL, .Title, .Description, .Root (the relative way back to the site root,
// to prefix every internal link), .Canonical, and the one thing the page
// shows: .Brief, .Country, .Pledge, .Snapshot, .Briefs, .Month, .Changes or
// .Doc.
//
// Functions (funcs.go):
//
//	chrome name page    the page's "header" or "footer", rendered once for
//	                    every page of its kind at its depth
//	status term         the partial "status" for a status, rendered once
//	link root url       a link to a site URL from a page: root + url, with
//	                    index.html named, so links work from disk too
//	chartData pledges categories statuses title
//	                    pledges by category and status laid out as a bar chart,
//	                    for the template "chart": a chart.Chart
//	mapData countries category statuses root
//	                    the map of Europe that answers one category's
//	                    question, each country shaded by its pledge of that
//	                    kind and linked to its page, for the templates "map"
//	                    and "map-figure": a geomap.Drawing
//	mapsData countries categories statuses root
//	                    the maps of every category for one page, the outlines
//	                    defined by the first: []geomap.Drawing
//	frontQuestion data  the category of the front page's map (troops in Ukraine)
//	sourcesOf pledges   the sources the pledges cite, each once, for the
//	                    source line under a picture drawn from them
//	byDay steps         steps grouped by their day (site.Day), in order
//	policy              the site's Content-Security-Policy as a meta tag
//	                    carries it (internal/csp)
//	plural n one many   the word for n things
//	statusClass term    the CSS class of a status ("status-announced")
//	args v...           bundles values for a partial, which takes one argument
package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/geomap"
	"github.com/briefing/briefing/internal/site"
)

// Dir is the templates folder of a site.
const Dir = "templates"

// Kind is a page kind. Each has its own template file, <kind>.html.
type Kind string

// The page kinds.
const (
	Home      Kind = "home"
	BriefList Kind = "briefs"
	Brief     Kind = "brief"
	Countries Kind = "countries"
	Country   Kind = "country"
	Pledge    Kind = "pledge"
	Pledges   Kind = "pledges" // the index of every pledge
	Timeline  Kind = "timeline"
	Matrix    Kind = "matrix"
	Snapshot  Kind = "snapshot"
	Changes   Kind = "changes"
	Maps      Kind = "maps" // one map per question, at map/
	Doc       Kind = "page"
	NotFound  Kind = "404"
)

// Kinds lists every page kind.
func Kinds() []Kind {
	return []Kind{Home, BriefList, Brief, Countries, Country, Pledge, Pledges, Timeline, Matrix, Snapshot, Changes, Maps, Doc, NotFound}
}

// Renderer holds one parsed template set per page kind.
type Renderer struct {
	sets map[Kind]*template.Template

	base *template.Template // the layout and partials alone, for status

	mu     sync.Mutex
	status map[*dataset.Term]template.HTML // see renderStatus
}

// A Memo keeps what the pages of one site share (their headers and
// footers; see Chrome), for as long as the site is rendered: a build or the
// dev server makes one for every site, however many sites share the
// templates or the model, so nothing made for one reaches another.
type Memo struct {
	mu     sync.Mutex
	chrome map[chromeKey]template.HTML
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{chrome: map[chromeKey]template.HTML{}} }

// New parses the templates. A template that does not parse is reported at
// its file and line.
func New(fsys fs.FS) (*Renderer, diag.List) {
	r := &Renderer{sets: map[Kind]*template.Template{}, status: map[*dataset.Term]template.HTML{}}
	var errs diag.List
	geo, err := geomap.New()
	if err != nil {
		errs.Append("internal/geomap", err)
		return r, errs
	}
	// ParseFS takes a file it cannot open (a named pipe, a link that leads
	// nowhere) for one that does not exist; opening each first says why.
	names := []string{Dir + "/layout.html", Dir + "/partials.html", Dir + "/charts.html"}
	for _, kind := range Kinds() {
		names = append(names, Dir+"/"+string(kind)+".html")
	}
	for _, name := range names {
		if f, err := fsys.Open(name); err != nil {
			errs.Append(name, err)
		} else {
			f.Close()
		}
	}
	if len(errs) > 0 {
		return r, errs
	}
	base := template.New("layout.html").Funcs(funcs(geo, r.renderChrome, r.renderStatus))
	base, err = base.ParseFS(fsys, Dir+"/layout.html", Dir+"/partials.html", Dir+"/charts.html")
	if err != nil {
		errs = append(errs, templateError(err))
		return r, errs
	}
	for _, kind := range Kinds() {
		t, err := template.Must(base.Clone()).ParseFS(fsys, Dir+"/"+string(kind)+".html")
		if err != nil {
			errs = append(errs, templateError(err))
			continue
		}
		r.sets[kind] = t
	}
	r.base = base // executed only once every set is cloned from it
	return r, errs
}

// Page is the data every template runs with: the site, where the page is,
// and the one thing it shows.
type Page struct {
	Site        *site.Site
	Kind        Kind
	URL         string // from the site root, no leading slash: "countries/france/"
	Title       string
	Description string

	Brief    *site.Brief        // brief
	Country  *site.Country      // country
	Pledge   *site.Pledge       // pledge
	Snapshot *site.Snapshot     // snapshot
	Briefs   *site.BriefsPage   // briefs: one page of the index
	Month    *site.Month        // timeline: one month of a split timeline; nil for the whole or its index
	Changes  *site.ChangesMonth // changes: one month of split changes; nil for all or their index
	Doc      *content.Page      // page

	assets map[string]Asset
	memo   *Memo // of the site being rendered, for the header and footer
}

// Asset is a stylesheet or script as published: its file name carries a hash
// of its content, so hosts may cache it forever. Pages link it without an
// integrity attribute: the asset is the site's own, pinned by its name, and
// Chromium refuses a file:// page's assets that carry one (the page's origin
// is opaque), which left pages opened from disk unstyled.
type Asset struct {
	Path string // "css/site.3f9a1c2b.css"
}

// Asset returns the published form of a static file named as it is in
// static/ ("css/site.css").
func (p *Page) Asset(name string) (Asset, error) {
	a, ok := p.assets[name]
	if !ok {
		return Asset{}, fmt.Errorf("no static file %q", name)
	}
	return a, nil
}

// Root is the way from the page back to the site root: "../../" for
// "countries/france/", "" for the front page. Links are relative so the site
// works at a domain's root, under a subpath and from disk. The 404 page is the
// exception: hosts serve it at any depth, so it links from the base URL's path.
func (p *Page) Root() string {
	if p.Kind == NotFound {
		if u, err := url.Parse(p.Site.Config.BaseURL); err == nil {
			return u.Path
		}
		return "/"
	}
	return strings.Repeat("../", strings.Count(p.URL, "/"))
}

// File is where the page is written in the output: pretty URLs are folders
// with an index.html.
func (p *Page) File() string {
	if p.URL == "" {
		return "index.html"
	}
	if path.Ext(p.URL) == ".html" {
		return p.URL
	}
	return p.URL + "index.html"
}

// Assets are the site's stylesheets and scripts as published, by their
// names in static/.
func (p *Page) Assets() map[string]Asset { return p.assets }

// Canonical is the page's absolute URL.
func (p *Page) Canonical() string { return p.Site.Config.BaseURL + p.URL }

// Pages lists every page of the site, in a fixed order. assets are the
// fingerprinted stylesheets and scripts, by their names in static/.
func Pages(s *site.Site, assets map[string]Asset) []*Page {
	pages := []*Page{
		{Kind: Home, URL: "", Title: s.Config.Title, Description: s.Config.Description},
		{Kind: Countries, URL: "countries/", Title: "Countries", Description: "Every country in the briefing, with its role and its pledges."},
		{Kind: Timeline, URL: "timeline/", Title: "Timeline", Description: "Every dated event, pledge and brief in one chronology."},
		{Kind: Pledges, URL: "pledges/", Title: "Every pledge", Description: "Every pledge and refusal as a table, by country and kind of commitment, with its status, conditions and date."},
		{Kind: Matrix, URL: "matrix/", Title: "Pledge matrix", Description: "Who pledged what: countries by kind of commitment, with the status of each pledge."},
		{Kind: Maps, URL: "map/", Title: "The map, question by question", Description: "One map for each kind of commitment: who would put troops in Ukraine, who would monitor a ceasefire, and the rest, each country shaded by its answer."},
		{Kind: Changes, URL: "changes/", Title: "Changes", Description: "Every pledge made and every change of status, newest first, each with its source."},
		{Kind: NotFound, URL: "404.html", Title: "Page not found", Description: "There is no page at this address."},
	}
	for _, bp := range s.BriefsBy {
		title := "Briefs"
		if bp.N > 1 {
			title = "Briefs, page " + strconv.Itoa(bp.N) + " of " + strconv.Itoa(len(s.BriefsBy))
		}
		pages = append(pages, &Page{Kind: BriefList, URL: bp.URL(), Title: title, Description: "Every brief, newest first.", Briefs: bp})
	}
	for _, b := range s.Briefs {
		pages = append(pages, &Page{Kind: Brief, URL: b.URL(), Title: b.Title, Description: b.Summary, Brief: b})
	}
	if s.TimelineSplit() {
		for _, m := range s.Timeline {
			pages = append(pages, &Page{Kind: Timeline, URL: m.URL(), Title: "Timeline: " + m.Label,
				Description: "Every dated event, pledge and brief of " + m.Label + ".", Month: m})
		}
	}
	if s.ChangesSplit() {
		for _, m := range s.ChangesBy {
			pages = append(pages, &Page{Kind: Changes, URL: m.URL(), Title: "Changes: " + m.Label,
				Description: "Every pledge made and every change of status in " + m.Label + ", newest first, each with its source.", Changes: m})
		}
	}
	for _, c := range s.Countries {
		pages = append(pages, &Page{Kind: Country, URL: c.URL(), Title: c.Name, Description: countryDescription(c), Country: c})
	}
	for _, p := range s.Pledges {
		pages = append(pages, &Page{Kind: Pledge, URL: p.URL(), Title: p.Title(), Description: p.Summary, Pledge: p})
	}
	for _, snap := range s.Snapshots {
		pages = append(pages, &Page{Kind: Snapshot, URL: snap.URL(), Title: "Pledge matrix on " + snap.Date.Human(),
			Description: "The pledge matrix as it stood at the end of " + snap.Date.Human() + ", with that day's changes marked.", Snapshot: snap})
	}
	for _, d := range s.Pages {
		pages = append(pages, &Page{Kind: Doc, URL: d.Slug + "/", Title: d.Title, Description: d.Description, Doc: d})
	}
	for _, p := range pages {
		p.Site = s
		p.assets = assets
	}
	return pages
}

func countryDescription(c *site.Country) string {
	switch n := len(c.Pledges); n {
	case 0:
		return c.Name + ": no pledge reported in the sources so far."
	case 1:
		return c.Name + ": one pledge, with its status, conditions and sources."
	default:
		return c.Name + ": " + strconv.Itoa(n) + " pledges, with their status, conditions and sources."
	}
}

// Render writes the page. Nothing is written when a template fails, so a
// failing build never leaves half a page. m keeps what pages of the site
// share; nil makes everything anew.
func (r *Renderer) Render(w io.Writer, p *Page, m *Memo) error {
	return r.RenderContext(context.Background(), w, p, m)
}

// RenderContext is Render, stopped at the template's next write once ctx
// is done: a template that loops while it writes ends, rather than running
// on unseen after the build has given up on it (Go cannot stop a template
// that neither writes nor returns). Its error is then ctx's.
func (r *Renderer) RenderContext(ctx context.Context, w io.Writer, p *Page, m *Memo) error {
	t := r.sets[p.Kind]
	if t == nil {
		return fmt.Errorf("no template for page kind %q", p.Kind)
	}
	if m != nil {
		withMemo := *p
		withMemo.memo = m
		p = &withMemo
	}
	if buf, ok := w.(*bytes.Buffer); ok { // the build's case: no second copy of the page
		n := buf.Len()
		var out io.Writer = buf
		if ctx.Done() != nil {
			out = stopWriter{ctx, buf}
		}
		if err := t.ExecuteTemplate(out, "layout", p); err != nil {
			buf.Truncate(n)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return templateError(err)
		}
		return nil
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return templateError(err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Chrome is what a page's header and footer see (templates/layout.html
// defines "header" and "footer"): nothing that differs between two pages of
// a kind at the same depth. So each is rendered once per kind and depth and
// reused, a fifth of the cost of a small page (35 µs of a pledge page's
// 175; docs/performance.md), and a site's own layout cannot make a cached
// header wrong, since it cannot reach anything else.
type Chrome struct {
	Site  *site.Site
	Kind  Kind
	Root  string
	About bool // the page is the about page, for the menu to mark it
}

type chromeKey struct {
	name string
	Chrome
}

// renderChrome renders the template name ("header" or "footer") for the
// page p, once for every page of its site that shares its Chrome:
// {{chrome "header" .}}.
func (r *Renderer) renderChrome(name string, p *Page) (template.HTML, error) {
	key := chromeKey{name, Chrome{Site: p.Site, Kind: p.Kind, Root: p.Root(), About: p.Doc != nil && p.Doc.Slug == "about"}}
	t := r.sets[p.Kind]
	if t == nil {
		return "", fmt.Errorf("no template for page kind %q", p.Kind)
	}
	m := p.memo
	if m == nil {
		return execute(t, name, key.Chrome)
	}
	m.mu.Lock()
	html, ok := m.chrome[key]
	m.mu.Unlock()
	if ok {
		return html, nil
	}
	html, err := execute(t, name, key.Chrome)
	if err == nil {
		m.mu.Lock()
		m.chrome[key] = html
		m.mu.Unlock()
	}
	return html, err
}

// renderStatus renders the partial "status" of partials.html for a status,
// once: {{status .Status}}. A badge is in every matrix cell, pledge and
// history entry, some 200,000 times at 10,000 briefs, and depends on
// nothing but its status, a term that is never changed once loaded: the
// badge of a term holds for any site. Terms of datasets loaded since (the
// dev server loads one for every save of a data file) are let go now and
// then.
func (r *Renderer) renderStatus(t *dataset.Term) (template.HTML, error) {
	r.mu.Lock()
	html, ok := r.status[t]
	r.mu.Unlock()
	if ok {
		return html, nil
	}
	html, err := execute(r.base, "status", t)
	if err == nil {
		r.mu.Lock()
		if len(r.status) >= maxStatuses {
			clear(r.status)
		}
		r.status[t] = html
		r.mu.Unlock()
	}
	return html, err
}

// maxStatuses bounds the badges kept: a vocabulary has a few statuses.
const maxStatuses = 1024

// execute runs the template name of t for data.
func execute(t *template.Template, name string, data any) (template.HTML, error) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

var templateErrRE = regexp.MustCompile(`^template: ([^:]+):(\d+)(?::(\d+))?: (.*)$`)

// templateError gives a template failure the file:line:col form.
func templateError(err error) *diag.Error {
	var te *diag.Error
	if errors.As(err, &te) {
		return te
	}
	msg := err.Error()
	if m := templateErrRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		return &diag.Error{Pos: diag.Pos{File: Dir + "/" + m[1], Line: line, Col: col}, Msg: "template: " + m[4]}
	}
	return &diag.Error{Pos: diag.Pos{File: Dir}, Msg: msg}
}

// stopWriter writes to w until ctx is done, then fails every write, which
// ends the template's execution.
type stopWriter struct {
	ctx context.Context
	w   io.Writer
}

func (s stopWriter) Write(b []byte) (int, error) {
	if err := s.ctx.Err(); err != nil {
		return 0, err
	}
	return s.w.Write(b)
}
