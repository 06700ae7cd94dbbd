package content

import (
	"bytes"
	"html/template"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/briefing/briefing/internal/diag"
)

// Markdown renders document bodies. It holds the one configured goldmark
// instance; it is safe for concurrent use.
type Markdown struct {
	md goldmark.Markdown
}

// NewMarkdown configures goldmark the way every document is rendered.
func NewMarkdown() *Markdown {
	return &Markdown{md: goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(rootLinks{}, 100)),
		),
		// No html.WithUnsafe: raw HTML and javascript: links never reach a page.
	)}
}

// Link is a link or image destination an editor wrote in Markdown, as
// written, and where; the build checks that internal ones resolve.
type Link struct {
	Dest string
	Pos  diag.Pos
}

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
	var links []Link
	ctx := parser.NewContext()
	ctx.Set(rootCtxKey, root)
	ctx.Set(linksCtxKey, &links)
	// goldmark's HTML renderer writes to a bytes.Buffer, which cannot fail.
	_ = m.md.Convert(src, &buf, parser.WithContext(ctx))
	for i := range links {
		off := links[i].Pos.Col // the byte offset in src, until here
		before := src[:min(off, len(src))]
		links[i].Pos = diag.Pos{
			File: at.File,
			Line: at.Line + bytes.Count(before, []byte("\n")),
			Col:  utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1,
		}
	}
	return template.HTML(buf.String()), links
}

// rootLinks lists link and image destinations and rewrites root-relative ones.
type rootLinks struct{}

func (rootLinks) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	root, _ := pc.Get(rootCtxKey).(string)
	links, _ := pc.Get(linksCtxKey).(*[]Link)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		switch n := n.(type) {
		case *ast.Link:
			dest = &n.Destination
		case *ast.Image:
			dest = &n.Destination
		default:
			return ast.WalkContinue, nil
		}
		if links != nil {
			*links = append(*links, Link{Dest: string(*dest), Pos: diag.Pos{Col: linkOffset(n)}})
		}
		if root != "" {
			*dest = relative(*dest, root)
		}
		return ast.WalkContinue, nil
	})
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

// relative makes a link written from the site root ("/countries/france/")
// relative to the page it appears on.
func relative(dest []byte, root string) []byte {
	s := string(dest)
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
		return dest
	}
	return []byte(Href(root, s[1:]))
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
