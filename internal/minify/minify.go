// Package minify minifies the text files a site is made of (HTML, CSS, JS,
// SVG, JSON, XML) with tdewolff/minify, chosen by file extension.
package minify

import (
	"bytes"

	tdmin "github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Minifier minifies files by extension. It is safe for concurrent use.
type Minifier struct {
	m *tdmin.M
}

// New configures the minifiers for every text format the site
// writes. The document tags are kept so the output stays obviously valid
// HTML5 to any reader.
func New() *Minifier {
	m := tdmin.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("application/json", json.Minify)
	m.AddFunc("application/xml", xml.Minify)
	return &Minifier{m: m}
}

var types = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".svg":  "image/svg+xml",
	".js":   "application/javascript",
	".json": "application/json",
	".xml":  "application/xml",
}

// Minify returns data minified for the file extension ext; other files are
// returned as they are.
func (m *Minifier) Minify(ext string, data []byte) ([]byte, error) {
	mediatype, ok := types[ext]
	if !ok {
		return data, nil
	}
	var buf bytes.Buffer
	buf.Grow(len(data))
	if err := m.m.Minify(mediatype, &buf, bytes.NewReader(data)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
