package build

// The text files a site is made of (HTML, CSS, JS, SVG, JSON, XML) are
// minified with tdewolff/minify, chosen by file extension, before any sink
// sees them, so that serve and build give the same bytes.

import (
	"bytes"
	"sync"

	tdmin "github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/buffer"
)

// minifier minifies files by extension. It is safe for concurrent use.
type minifier struct {
	m    *tdmin.M
	text sync.Pool // of *[]byte, for files with their references replaced
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
	return &minifier{m: m, text: sync.Pool{New: func() any { return new([]byte) }}}
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
	if refs, ok := textRefs[mediatype]; ok {
		p := m.text.Get().(*[]byte)
		*p = refs.replace((*p)[:0], data)
		data = *p
		defer func() {
			if cap(*p) <= maxPooled {
				m.text.Put(p)
			}
		}()
	}
	w := buffer.NewWriter(dst)
	// buffer.Reader has a Bytes method, so the parser reads data where it is
	// instead of copying it whole first, as it does from other readers.
	if err := m.m.Minify(mediatype, w, buffer.NewReader(data)); err != nil {
		return dst, err
	}
	return w.Bytes(), nil
}

// The minifier replaces the character references in the text of HTML and
// XML with shorter ones ("&gt;" with ">", "&#34;" with `"`, "&amp;" with
// "&" where no name follows), but tdewolff/parse (v2.8.20, the latest)
// does it by moving the rest of the text between two tags along by the
// difference, each time: a paragraph of n references costs n times its
// length. A brief of 512 KiB of "&" ran for over ten minutes, a summary of
// 64 KiB of quote marks for seconds on every list it is on. So the text of
// every HTML and XML file is first given the same replacements here, with
// the minifier's own function and tables, one reference at a time, which
// costs its length; the minifier then finds nothing to replace, and writes
// the same bytes as before (TestTextRefs).
var textRefs = map[string]refTables{
	"text/html":       {html.EntitiesMap, html.TextRevEntitiesMap, true},
	"application/xml": {xml.EntitiesMap, xml.TextRevEntitiesMap, false},
}

// refTables are a format's tables of references, as its minifier uses
// them in text.
type refTables struct {
	entities map[string][]byte
	rev      map[byte][]byte
	html     bool // elements whose text is raw, kept or XML (script, pre, svg, ...)
}

// replace appends data to dst with the references in its text replaced
// as the minifier replaces them. Text is what is outside tags, comments,
// CDATA sections and the elements the minifier keeps as they are or
// minifies as another format (rawElements); each reference is replaced
// on its own, from its '&' to the next '&' or '<', which is all the
// minifier reads of it.
func (t refTables) replace(dst, data []byte) []byte {
	for i := 0; i < len(data); {
		switch data[i] {
		case '<':
			end := markupEnd(data, i, t.html)
			dst = append(dst, data[i:end]...)
			i = end
		case '&':
			end := i + 1 + textEnd(data[i+1:])
			n := len(dst)
			dst = append(dst, data[i:end]...)
			dst = dst[:n+len(parse.ReplaceEntities(dst[n:], t.entities, t.rev))]
			i = end
		default:
			end := i + textEnd(data[i:])
			dst = append(dst, data[i:end]...)
			i = end
		}
	}
	return dst
}

// textEnd is the index of the first '&' or '<' in b, or its length.
func textEnd(b []byte) int {
	if i := bytes.IndexAny(b, "&<"); i >= 0 {
		return i
	}
	return len(b)
}

// rawElements are the HTML elements whose content is kept whole: the
// minifier keeps, or minifies as CSS, JavaScript or XML, what is in them.
var rawElements = []string{
	"script", "style", "iframe", "textarea", "title", "xmp", "noembed",
	"noframes", "noscript", "plaintext", "pre", "svg", "math", "template",
}

// isRaw reports whether name is one of rawElements, in any case.
func isRaw(name []byte) bool {
	for _, raw := range rawElements {
		if len(name) == len(raw) && bytes.EqualFold(name, []byte(raw)) {
			return true
		}
	}
	return false
}

// markupEnd is the end of the markup that starts at data[i] ('<'): a
// comment, CDATA section, doctype or processing instruction, or a tag
// (with the content of an element of rawElements, when html is set, up to
// its end tag). A '<' that starts none of them is text, of length 1.
func markupEnd(data []byte, i int, html bool) int {
	rest := data[i:]
	to := func(s string) int {
		if j := bytes.Index(rest, []byte(s)); j >= 0 {
			return i + j + len(s)
		}
		return len(data)
	}
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		return to("-->")
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		return to("]]>")
	case bytes.HasPrefix(rest, []byte("<!")), bytes.HasPrefix(rest, []byte("<?")), bytes.HasPrefix(rest, []byte("</")):
		return to(">")
	case html && (len(rest) < 2 || !isLetter(rest[1])):
		return i + 1 // HTML reads "a < b" as text; XML has no such text
	}
	name := 1
	for name < len(rest) && (isLetter(rest[name]) || '0' <= rest[name] && rest[name] <= '9' || rest[name] == '-' || rest[name] == ':') {
		name++
	}
	end := tagEnd(rest, name)
	if !html || !isRaw(rest[1:name]) {
		return i + end
	}
	// The content, to the first end tag of the same name, in any case.
	closing := append([]byte("</"), bytes.ToLower(rest[1:name])...)
	for j := end; j < len(rest); {
		k := bytes.Index(rest[j:], []byte("</"))
		if k < 0 {
			break
		}
		j += k
		if len(rest)-j >= len(closing) && bytes.EqualFold(rest[j:j+len(closing)], closing) {
			return i + j + tagEnd(rest[j:], len(closing))
		}
		j += 2
	}
	return len(data)
}

// tagEnd is the index just past the '>' that ends the tag at the start of
// b, whose name ends at from: the first '>' outside quoted attribute
// values.
func tagEnd(b []byte, from int) int {
	for j := from; j < len(b); j++ {
		switch b[j] {
		case '>':
			return j + 1
		case '=':
			for j+1 < len(b) && (b[j+1] == ' ' || b[j+1] == '\t' || b[j+1] == '\n' || b[j+1] == '\r') {
				j++
			}
			if j+1 < len(b) && (b[j+1] == '"' || b[j+1] == '\'') {
				k := bytes.IndexByte(b[j+2:], b[j+1])
				if k < 0 {
					return len(b)
				}
				j += 2 + k
			}
		}
	}
	return len(b)
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
