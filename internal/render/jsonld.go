package render

import (
	"encoding/json"
	"html/template"

	"github.com/briefing/briefing/internal/date"
)

// Data downloads, as the site publishes them; the Dataset description names
// them.
var downloads = []struct{ file, format string }{
	{"data/pledges.json", "application/json"},
	{"data/pledges.csv", "text/csv"},
	{"data/countries.csv", "text/csv"},
}

// Modified is when the page's content last changed: a brief's date or update,
// else the date the whole briefing is current to.
func (p *Page) Modified() date.Date {
	if b := p.Brief; b != nil {
		if b.Updated.Compare(b.Date) > 0 {
			return b.Updated
		}
		return b.Date
	}
	return p.Site.AsOf
}

type organization struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type newsArticle struct {
	Context       string       `json:"@context"`
	Type          string       `json:"@type"`
	Headline      string       `json:"headline"`
	Description   string       `json:"description"`
	URL           string       `json:"url"`
	DatePublished string       `json:"datePublished"`
	DateModified  string       `json:"dateModified"`
	InLanguage    string       `json:"inLanguage"`
	Author        organization `json:"author"`
	Publisher     organization `json:"publisher"`
	About         []place      `json:"about,omitempty"`
}

type place struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type datasetLD struct {
	Context       string         `json:"@context"`
	Type          string         `json:"@type"`
	Name          string         `json:"name"`
	Description   string         `json:"description"`
	URL           string         `json:"url"`
	DateModified  string         `json:"dateModified"`
	InLanguage    string         `json:"inLanguage"`
	License       string         `json:"license,omitempty"`
	Creator       organization   `json:"creator"`
	Distribution  []dataDownload `json:"distribution"`
	IsAccessibleF bool           `json:"isAccessibleForFree"`
}

type dataDownload struct {
	Type           string `json:"@type"`
	EncodingFormat string `json:"encodingFormat"`
	ContentURL     string `json:"contentUrl"`
}

// JSONLD is the page's schema.org description for search engines: a
// NewsArticle for a brief, the Dataset on the pages that offer the data
// downloads (the front page, the matrix and the methodology), nothing
// elsewhere. encoding/json escapes <, > and &, so the result is safe inside
// a script element.
func (p *Page) JSONLD() (template.JS, error) {
	cfg := p.Site.Config
	publisher := organization{"Organization", cfg.Publisher}
	var v any
	switch {
	case p.Brief != nil:
		a := newsArticle{
			Context: "https://schema.org", Type: "NewsArticle",
			Headline: p.Brief.Title, Description: p.Brief.Summary, URL: p.Canonical(),
			DatePublished: p.Brief.Date.String(), DateModified: p.Modified().String(),
			InLanguage: cfg.Language, Author: publisher, Publisher: publisher,
		}
		for _, c := range p.Brief.Mentions {
			a.About = append(a.About, place{"Country", c.Name})
		}
		v = a
	case p.Kind == Home || p.Kind == Matrix || p.Doc != nil && p.Doc.Slug == "about":
		d := datasetLD{
			Context: "https://schema.org", Type: "Dataset",
			Name: cfg.Title + ": pledges", Description: cfg.Description, URL: cfg.BaseURL + "matrix/",
			DateModified: p.Site.AsOf.String(), InLanguage: cfg.Language, License: cfg.LicenseURL,
			Creator: publisher, IsAccessibleF: true,
		}
		if d.License == "" {
			d.License = cfg.License
		}
		for _, dl := range downloads {
			d.Distribution = append(d.Distribution, dataDownload{"DataDownload", dl.format, cfg.BaseURL + dl.file})
		}
		v = d
	default:
		return "", nil
	}
	out, err := json.Marshal(v)
	return template.JS(out), err
}
