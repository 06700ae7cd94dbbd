package render

import (
	"html/template"

	"github.com/briefing/briefing/internal/chart"
	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/csp"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/geomap"
	"github.com/briefing/briefing/internal/humanize"
	"github.com/briefing/briefing/internal/site"
)

// funcs is the one FuncMap every template set shares. Each function is small
// and pure; the map's outlines are parsed once, before.
func funcs(geo *geomap.Map, chrome func(string, *Page) (template.HTML, error), status func(*dataset.Term) (template.HTML, error)) template.FuncMap {
	return template.FuncMap{
		// status is the partial "status" for a status, rendered once.
		"status": status,
		// chrome is the page's header or footer, rendered once for all the
		// pages that share it (see Chrome).
		"chrome": chrome,
		// mapData lays out the map of one question, a category's, for the
		// templates "map" and "map-figure" (charts.html).
		"mapData": geo.Draw,
		// mapsData lays out the maps of every category for one page,
		// which share their outlines (geomap.Map.DrawAll).
		"mapsData": geo.DrawAll,
		// frontQuestion is the category of the front page's map: troops
		// in Ukraine, the site's central question, or else the first.
		"frontQuestion": FrontQuestion,
		"link":          content.Href,
		// chartData lays out pledges by category and status for the
		// template "chart" (charts.html).
		"chartData": chart.ByCategory,
		// sourcesOf is what the source line under a picture names.
		"sourcesOf": site.SourcesOf,
		// byDay gives each day of a list of changes its heading.
		"byDay": site.ByDay,
		// policy is the site's Content-Security-Policy as a meta tag
		// carries it: <meta http-equiv="Content-Security-Policy" content="{{policy .Site}}">;
		// without the site, the policy of a site that allows no other origin.
		"policy": func(s ...*site.Site) string {
			if len(s) == 1 && s[0] != nil {
				return csp.Meta(csp.For(s[0].Config.AllowedOrigins))
			}
			return csp.Meta(csp.Site)
		},
		// plural picks the word for n: {{plural 2 "pledge" "pledges"}}.
		"plural": humanize.Plural,
		// clip shortens text for an attribute, such as a page's meta
		// description: {{clip 300 .Description}} (humanize.Clip).
		"clip": humanize.Clip,
		// statusClass is the CSS class for a status; colour only ever
		// repeats what the symbol and label already say.
		"statusClass": dataset.StatusClass,
		// args bundles values for a partial, which takes one argument:
		// {{template "matrix" (args $.Root .Site.Matrix "caption")}}; the
		// partial reads them back with index.
		"args": func(v ...any) []any { return v },
	}
}

// FrontQuestion is the category whose map the front page shows: troops in
// Ukraine ("ground-forces"), the site's central question, or, in a
// vocabulary without it, the first category (validation requires one).
func FrontQuestion(d *dataset.Dataset) *dataset.Term {
	if t := d.Category("ground-forces"); t != nil {
		return t
	}
	if len(d.Categories) == 0 {
		return nil
	}
	return d.Categories[0]
}
