package output

import (
	"bytes"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Minifier minifies files by extension with tdewolff/minify. It is safe for
// concurrent use.
type Minifier struct {
	m *minify.M
}

// NewMinifier configures the minifiers for every text format the site
// writes. The document tags are kept so the output stays obviously valid
// HTML5 to any reader.
func NewMinifier() *Minifier {
	m := minify.New()
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
