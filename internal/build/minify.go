package build

// The text files a site is made of (HTML, CSS, JS, SVG, JSON, XML) are
// minified with tdewolff/minify, chosen by file extension, before any sink
// sees them, so that serve and build give the same bytes.

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

// minifier minifies files by extension. It is safe for concurrent use.
type minifier struct {
	m *tdmin.M
}

// newMinifier configures the minifiers for every text format the site
// writes. The document tags are kept so the output stays obviously valid
// HTML5 to any reader.
func newMinifier() *minifier {
	m := tdmin.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFunc("application/json", json.Minify)
	m.AddFunc("application/xml", xml.Minify)
	return &minifier{m: m}
}

var minified = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".svg":  "image/svg+xml",
	".js":   "application/javascript",
	".json": "application/json",
	".xml":  "application/xml",
}

// minifies reports whether files with the extension ext are minified.
func (m *minifier) minifies(ext string) bool {
	_, ok := minified[ext]
	return ok
}

// minify returns data minified for the file extension ext; other files are
// returned as they are.
func (m *minifier) minify(ext string, data []byte) ([]byte, error) {
	if _, ok := minified[ext]; !ok {
		return data, nil
	}
	return m.append(make([]byte, 0, len(data)), ext, data)
}

// append appends data, minified for the file extension ext (or as it is, for
// other files), to dst and returns the extended buffer, so that callers can
// reuse buffers. data is read in place, never copied, and is unchanged when
// Append returns.
func (m *minifier) append(dst []byte, ext string, data []byte) ([]byte, error) {
	mediatype, ok := minified[ext]
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
