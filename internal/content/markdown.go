package content

import (
	"bytes"
	xhtml "golang.org/x/net/html"
	stdhtml "html"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/slug"
)

// Markdown renders document bodies. It holds the one configured goldmark
// instance; it is safe for concurrent use.
type Markdown struct {
	md goldmark.Markdown
}

// NewMarkdown configures goldmark the way every document is rendered.
func NewMarkdown() *Markdown {
	return &Markdown{md: goldmark.New(
		goldmark.WithExtensions(
			// A column's alignment becomes a class, not goldmark's default
			// style attribute, which the site's Content-Security-Policy
			// forbids (see alignClasses).
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough,
			// The footnote links' classes go (the stylesheet reads none),
			// and the backlink is the character, not its references: each
			// reference writes two links (see MaxFootnotes).
			extension.NewFootnote(extension.WithFootnoteLinkClass(""), extension.WithFootnoteBacklinkClass(""),
				extension.WithFootnoteBacklinkHTML("↩\uFE0E")),
			extension.NewTypographer(extension.WithTypographicSubstitutions(typography))),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(rootLinks{}, 100), util.Prioritized(alignClasses{}, 100)),
		),
		// XHTML ("<br />") is HTML too, and the feed carries it as XML.
		// No html.WithUnsafe: raw HTML and javascript: links never reach a page.
		goldmark.WithRendererOptions(html.WithXHTML()),
	)}
}

// typography is what the typographer writes: characters rather than
// goldmark's named references ("&rsquo;"), which are longer, which XML
// (the feed) does not define, and some of which the minifier rewrites.
var typography = map[extension.TypographicPunctuation]string{
	extension.LeftSingleQuote:  "‘",
	extension.RightSingleQuote: "’",
	extension.LeftDoubleQuote:  "“",
	extension.RightDoubleQuote: "”",
	extension.EnDash:           "–",
	extension.EmDash:           "—",
	extension.Ellipsis:         "…",
	extension.LeftAngleQuote:   "«",
	extension.RightAngleQuote:  "»",
	extension.Apostrophe:       "’",
}

// Link is a link or image destination an editor wrote in Markdown, as
// written, and where; the build checks that internal ones resolve.
type Link struct {
	Dest  string
	Pos   diag.Pos
	Image bool // an image's source, not a link

	long string // what of it is longer than MaxAttribute ("alt text", "title"), which renderChecked reports
	raw  string // the element, when the URL is in raw HTML that would ask another origin for it ("img")
}

// MaxAttribute is the most characters an image's alt text or a link's title
// may have: they are written into an attribute, where the minifier's time
// grows with the square of the references it shortens (a quarter of a
// megabyte of & took ten seconds), and no reader needs more.
const MaxAttribute = 1000

var (
	rootCtxKey  = parser.NewContextKey()
	linksCtxKey = parser.NewContextKey()
)

// render turns a Markdown body into HTML and lists its links. root is the
// path from the page the body appears on back to the site root ("../../" for
// a brief): links an editor writes from the root ("/countries/france/") are
// made relative, so the site works under any subpath and from disk. at is
// where the body starts in its file.
func (m *Markdown) render(src []byte, root string, at diag.Pos) (template.HTML, []Link) {
	var buf bytes.Buffer
	var links []found
	ctx := parser.NewContext(parser.WithIDs(&headingIDs{taken: map[string]bool{}, last: map[string]int{}}))
	ctx.Set(rootCtxKey, root)
	ctx.Set(linksCtxKey, &links)
	// goldmark's HTML renderer writes to a bytes.Buffer, which cannot fail.
	_ = m.md.Convert(src, &buf, parser.WithContext(ctx))
	return template.HTML(buf.String()), positions(links, src, at)
}

// HeadingIDPrefix starts the id of every heading of a brief or page
// ("## Sources" is "h-sources"). A brief's headings can be any words, and
// the page around its text has ids of its own (main, sources, ...); no id
// a template writes starts with this prefix (build's TestHeadingIDs), so
// the two never meet, whatever the headings say.
const HeadingIDPrefix = "h-"

// headingIDs gives headings their ids: HeadingIDPrefix and the slug of
// their text ("section" when it has no letters or digits), with "-2",
// "-3", ... after the second and later uses of one id. It counts per id, so
// a thousand headings of the same words cost a thousand steps, not the
// square.
type headingIDs struct {
	taken map[string]bool
	last  map[string]int // id -> the last number put after it
}

func (h *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := slug.Make(string(value))
	if base == "" {
		base = "section"
	}
	id := HeadingIDPrefix + base
	if h.taken[id] {
		n := max(h.last[id], 1)
		for n++; h.taken[id+"-"+strconv.Itoa(n)]; n++ {
		}
		h.last[id] = n
		id += "-" + strconv.Itoa(n)
	}
	h.taken[id] = true
	return []byte(id)
}

// Put is for ids written by hand ({#id}), which the Markdown here does not
// take; goldmark calls it for those alone.
func (h *headingIDs) Put(value []byte) { h.taken[string(value)] = true }

// found is a link as the parser meets it: where it is, as a byte offset in
// the body (of the '[', "![" or '<' that opens it), until positions turns
// that into a line and column.
type found struct {
	Link
	off int
}

// renderChecked renders like render and reports every link or image whose
// URL scheme is refused; those are left out of the links (and their
// destinations out of the HTML).
func (m *Markdown) renderChecked(src []byte, root string, at diag.Pos) (template.HTML, []Link, diag.List) {
	body, links := m.render(src, root, at)
	var errs diag.List
	kept := links[:0] // in place: each is read before it can be overwritten
	for _, l := range links {
		what := "link"
		if l.Image {
			what = "image"
		}
		if l.long != "" {
			errs.Add(l.Pos, "%s %q: its %s is longer than %d characters: shorten it, and put the rest in the text", what, l.Dest, l.long, MaxAttribute)
		}
		switch scheme := RefusedScheme(l.Dest); {
		case l.raw != "":
			errs.Add(l.Pos, "raw HTML <%s> from another origin, %q: a page asks nothing of another site, and raw HTML is not published anyway; put the file in static/ and write it in Markdown, like ![what it shows](/img/picture.png)", l.raw, l.Dest)
		case scheme != "":
			fix := "link to a page of the site, or to an http(s), mailto: or tel: address"
			if l.Image {
				fix = "put the image in static/ and use its path"
			}
			errs.Add(l.Pos, "%s %q: %s: URLs are not allowed in Markdown; %s", what, l.Dest, scheme, fix)
		default:
			kept = append(kept, l)
		}
	}
	return body, kept, errs
}

// positions places the links the parser found at lines and columns of the
// file, in one pass over src: a body with many links on one long line must
// not cost the square of its length. It returns nil when there are none.
func positions(met []found, src []byte, at diag.Pos) []Link {
	if len(met) == 0 {
		return nil
	}
	links := make([]Link, len(met))
	order := make([]int, len(met))
	for i := range order {
		links[i], order[i] = met[i].Link, i
	}
	slices.SortStableFunc(order, func(a, b int) int { return met[a].off - met[b].off })
	line, off, col := 0, 0, 1
	for _, i := range order {
		target := min(max(met[i].off, 0), len(src))
		for off < target {
			r, n := utf8.DecodeRune(src[off:])
			off += n
			if r == '\n' {
				line++
				col = 1
			} else {
				col++
			}
		}
		links[i].Pos = diag.Pos{File: at.File, Line: at.Line + line, Col: col}
	}
	return links
}

// allowedSchemes are the URL schemes a link in Markdown may use; a link
// without a scheme leads into the site.
var allowedSchemes = map[string]bool{"http": true, "https": true, "mailto": true, "tel": true}

// RefusedScheme returns the scheme of dest, lowercased, when a link may not
// use it ("javascript", "data", ...), or "". dest is read the way a browser
// reads an href: character references decoded, tabs and line breaks
// dropped, leading spaces and control characters ignored.
func RefusedScheme(dest string) string {
	s := stdhtml.UnescapeString(dest)
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	s = strings.TrimLeftFunc(s, func(r rune) bool { return r <= ' ' })
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || scheme == "" || !isScheme(scheme) {
		return "" // no scheme: a path inside the site
	}
	scheme = strings.ToLower(scheme)
	if allowedSchemes[scheme] {
		return ""
	}
	return scheme
}

// isScheme reports whether s is a URL scheme: a letter, then letters,
// digits, '+', '-' and '.'.
func isScheme(s string) bool {
	for i, c := range []byte(s) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// rootLinks lists link and image destinations and rewrites root-relative ones.
type rootLinks struct{}

func (rootLinks) Transform(doc *ast.Document, src text.Reader, pc parser.Context) {
	root, _ := pc.Get(rootCtxKey).(string)
	links, _ := pc.Get(linksCtxKey).(*[]found)
	var refused []*ast.AutoLink // replaced by their text once the walk is done
	defer func() {
		for _, n := range refused {
			n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(n.Label(src.Source())))
		}
	}()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		image := false
		switch n := n.(type) {
		case *ast.Link:
			dest = &n.Destination
		case *ast.Image:
			dest, image = &n.Destination, true
		case *ast.RawHTML:
			for i := range n.Segments.Len() {
				seg := n.Segments.At(i)
				foreignRaw(seg.Value(src.Source()), seg.Start, links)
			}
			return ast.WalkContinue, nil
		case *ast.HTMLBlock:
			for i := range n.Lines().Len() {
				seg := n.Lines().At(i)
				foreignRaw(seg.Value(src.Source()), seg.Start, links)
			}
			return ast.WalkContinue, nil
		case *ast.AutoLink:
			// <https://...> has no destination to rewrite, only to check;
			// one with a refused scheme becomes plain text.
			if n.AutoLinkType != ast.AutoLinkURL {
				return ast.WalkContinue, nil
			}
			url := n.URL(src.Source())
			if links != nil {
				*links = append(*links, found{Link: Link{Dest: string(url)}, off: autoLinkOffset(n, url, src.Source())})
			}
			if RefusedScheme(string(url)) != "" {
				refused = append(refused, n)
			}
			return ast.WalkContinue, nil
		default:
			return ast.WalkContinue, nil
		}
		off := linkOffset(n) // before overlong, which may drop an image's text
		long := overlong(n, src.Source())
		if links != nil {
			*links = append(*links, found{Link: Link{Dest: string(*dest), Image: image, long: long}, off: off})
		}
		switch {
		case RefusedScheme(string(*dest)) != "":
			*dest = nil // reported by the caller; never on a page
		case root != "":
			*dest = relative(*dest, root)
		}
		return ast.WalkContinue, nil
	})
}

// loadAttrs are the attributes by which an element of raw HTML would load
// something: a link (<a href>) is not among them, since following one is the
// reader's choice.
var loadAttrs = map[string]bool{"src": true, "srcset": true, "href": true, "data": true, "poster": true, "background": true, "action": true, "formaction": true, "xlink:href": true}

// foreignRaw records, into links, every element of a piece of raw HTML
// (text, at byte offset off in the body) that would load from another
// origin: goldmark drops raw HTML from the page, but an editor who wrote
// one should learn that, and why, rather than see it vanish.
func foreignRaw(text []byte, off int, links *[]found) {
	if links == nil {
		return
	}
	z := xhtml.NewTokenizer(bytes.NewReader(text))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			return
		}
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if tok.Data == "a" {
			continue
		}
		for _, a := range tok.Attr {
			key := a.Key
			if a.Namespace != "" {
				key = a.Namespace + ":" + a.Key
			}
			v := strings.TrimSpace(a.Val)
			lv := strings.ToLower(v)
			if loadAttrs[key] && (strings.HasPrefix(lv, "http:") || strings.HasPrefix(lv, "https:") || strings.HasPrefix(lv, "//") || strings.Contains(lv, " http")) {
				at := off
				if i := bytes.Index(text, []byte(a.Val)); i >= 0 {
					at += i
				}
				*links = append(*links, found{Link: Link{Dest: v, Image: true, raw: tok.Data}, off: at})
			}
		}
	}
}

// overlong says what of a link or image would be written into an attribute
// at more than MaxAttribute characters ("alt text", "title"), and drops it
// from the page, whose build fails on it anyway; "" when nothing is.
func overlong(n ast.Node, source []byte) string {
	var title *[]byte
	switch n := n.(type) {
	case *ast.Link:
		title = &n.Title
	case *ast.Image:
		title = &n.Title
		size := 0
		_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if t, ok := c.(*ast.Text); ok && entering {
				size += t.Segment.Len()
			}
			return ast.WalkContinue, nil
		})
		if size > MaxAttribute {
			n.RemoveChildren(n)
			return "alt text"
		}
	}
	if utf8.RuneCount(*title) > MaxAttribute {
		*title = nil
		return "title"
	}
	return ""
}

// linkOffset is the byte offset of the '[' (or "![") that opens a link: goldmark
// keeps no position for the link itself, but its text starts just after it.
func linkOffset(n ast.Node) int {
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			off := t.Segment.Start - 1
			if _, img := n.(*ast.Image); img {
				off--
			}
			return max(off, 0)
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() { // no text: the start of its block
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

// alignClasses gives each table cell of an aligned column the class left,
// center or right, which the stylesheet aligns (.prose .center). The names
// are short because a table of one-letter cells writes one a cell.
type alignClasses struct{}

func (alignClasses) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		// An empty cell has nothing to align: a class on it would make a
		// row of empty cells write over 20 bytes for each | typed.
		if cell, ok := n.(*east.TableCell); ok && entering && cell.Alignment != east.AlignNone && cell.HasChildren() {
			cell.SetAttributeString("class", cell.Alignment.String())
		}
		return ast.WalkContinue, nil
	})
}

// autoLinkOffset is the byte offset of the '<' that opens an autolink: the
// first "<url" from the start of its block.
func autoLinkOffset(n ast.Node, url, source []byte) int {
	start := linkOffset(n)
	if i := bytes.Index(source[start:], append([]byte("<"), url...)); i >= 0 {
		return start + i
	}
	return start
}

// relative makes a link written from the site root ("/countries/france/")
// relative to the page it appears on.
func relative(dest []byte, root string) []byte {
	s := string(dest)
	if !FromRoot(s) {
		return dest
	}
	return []byte(Href(root, s[1:]))
}

// FromRoot reports whether dest, a link as an editor wrote it, is a path
// from the site root ("/countries/france/"): one slash, not two ("//host"
// is another site's address).
func FromRoot(dest string) bool {
	return strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//")
}

// Href is the href from a page to a URL of the site: root (the page's way
// back to the site root, "../../") and url ("countries/france/#pledge-x"),
// with a folder's index.html named. Hosts serve a folder's index.html by
// themselves; a browser reading files from disk does not, so naming it keeps
// the site working from disk.
func Href(root, url string) string {
	path, rest := url, ""
	if i := strings.IndexAny(url, "?#"); i >= 0 {
		path, rest = url[:i], url[i:]
	}
	if path == "" || strings.HasSuffix(path, "/") {
		path += "index.html"
	}
	return root + path + rest
}
