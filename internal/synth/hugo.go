package synth

import (
	"maps"
	"slices"
)

// WriteHugo writes the briefs of the site cfg describes as a Hugo site in
// dir, for comparing build times: the same Markdown bodies, with TOML front
// matter of title, date, summary, two country codes (a taxonomy) and a tag;
// a home page with the latest briefs, a page per brief, a page per country
// term, the briefs section list and a timeline of every brief by month, all
// minified (minifyOutput). Hugo has no dataset, so pledges, events and their
// pages have no counterpart; the briefing build does strictly more work.
func WriteHugo(dir string, cfg Config) error {
	g, err := newGen(cfg)
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(hugoFiles)) {
		if err := writeFile(dir, File{name, []byte(hugoFiles[name])}); err != nil {
			return err
		}
	}
	for i := range g.briefs {
		if err := writeFile(dir, File{g.briefs[i].file(), g.brief(i, true)}); err != nil {
			return err
		}
	}
	return nil
}

var hugoFiles = map[string]string{
	"config.toml": `baseURL      = "https://example.org/briefing/"
title        = "Synthetic briefing"
languageCode = "en"

[taxonomies]
  country = "countries"
  tag     = "tags"

[permalinks]
  briefs = "/briefs/:slug/"

[minify]
  minifyOutput = true

# One feed, like the briefing's feed.xml; every HTML page.
[outputs]
  home     = ["HTML", "RSS"]
  section  = ["HTML"]
  taxonomy = ["HTML"]
  term     = ["HTML"]
`,
	"content/timeline.md": "+++\ntitle  = \"Timeline\"\nlayout = \"timeline\"\n+++\n",
	"layouts/_default/baseof.html": `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<header><a href="{{ "" | relURL }}">{{ site.Title }}</a>
<nav><ul>
<li><a href="{{ "countries/" | relURL }}">Countries</a></li>
<li><a href="{{ "timeline/" | relURL }}">Timeline</a></li>
<li><a href="{{ "briefs/" | relURL }}">Briefs</a></li>
</ul></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>Published by the synthetic desk.</p></footer>
</body>
</html>
`,
	"layouts/_default/single.html": `{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
<p class="lede">{{ .Params.summary }}</p>
{{ with .GetTerms "countries" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
<div class="prose">{{ .Content }}</div>
</article>
{{ end }}
`,
	"layouts/_default/list.html": `{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="cards">
{{ range .Pages.ByDate.Reverse }}
<li><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
<p>{{ .Params.summary }}</p></li>
{{ end }}
</ul>
{{ end }}
`,
	"layouts/_default/terms.html": `{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
`,
	"layouts/_default/timeline.html": `{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ range (where site.RegularPages "Section" "briefs").GroupByDate "January 2006" "asc" }}
<section><h2>{{ .Key }}</h2>
<ol>{{ range .Pages.ByDate }}<li><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Params.summary }}</p></li>{{ end }}</ol>
</section>
{{ end }}
{{ end }}
`,
	"layouts/index.html": `{{ define "main" }}
<h1>{{ site.Title }}</h1>
<h2>Latest briefs</h2>
<ul class="cards">
{{ range first 5 (where site.RegularPages.ByDate.Reverse "Section" "briefs") }}
<li><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3><p>{{ .Params.summary }}</p></li>
{{ end }}
</ul>
<p><a href="{{ "briefs/" | relURL }}">All briefs</a></p>
{{ end }}
`,
}
