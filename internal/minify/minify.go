// Package minify minifies the text files a site is made of (HTML, CSS, JS,
// SVG, JSON, XML) with tdewolff/minify, chosen by file extension.
package minify

import (
	tdmin "github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
	"github.com/tdewolff/parse/v2/buffer"
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

// Minifies reports whether files with the extension ext are minified.
func (m *Minifier) Minifies(ext string) bool {
	_, ok := types[ext]
	return ok
}

// Minify returns data minified for the file extension ext; other files are
// returned as they are.
func (m *Minifier) Minify(ext string, data []byte) ([]byte, error) {
	if _, ok := types[ext]; !ok {
		return data, nil
	}
	return m.Append(make([]byte, 0, len(data)), ext, data)
}

// Append appends data, minified for the file extension ext (or as it is, for
// other files), to dst and returns the extended buffer, so that callers can
// reuse buffers. data is read in place, never copied, and is unchanged when
// Append returns.
func (m *Minifier) Append(dst []byte, ext string, data []byte) ([]byte, error) {
	mediatype, ok := types[ext]
	if !ok {
		return append(dst, data...), nil
	}
	w := buffer.NewWriter(dst)
	// buffer.Reader has a Bytes method, so the parser reads data where it is
	// instead of copying it whole first, as it does from other readers.
	if err := m.m.Minify(mediatype, w, buffer.NewReader(data)); err != nil {
		return dst, err
	}
	return w.Bytes(), nil
}
