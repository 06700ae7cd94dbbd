package content

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
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

var rootCtxKey = parser.NewContextKey()

// render turns a Markdown body into HTML. root is the path from the page the
// body appears on back to the site root ("../../" for a brief): links an
// editor writes from the root ("/countries/france/") are made relative, so the
// site works under any subpath and from disk.
func (m *Markdown) render(src []byte, root string) template.HTML {
	var buf bytes.Buffer
	ctx := parser.NewContext()
	ctx.Set(rootCtxKey, root)
	// goldmark's HTML renderer writes to a bytes.Buffer, which cannot fail.
	_ = m.md.Convert(src, &buf, parser.WithContext(ctx))
	return template.HTML(buf.String())
}

// rootLinks rewrites root-relative link and image destinations.
type rootLinks struct{}

func (rootLinks) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	root, _ := pc.Get(rootCtxKey).(string)
	if root == "" {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = relative(n.Destination, root)
		case *ast.Image:
			n.Destination = relative(n.Destination, root)
		}
		return ast.WalkContinue, nil
	})
}

func relative(dest []byte, root string) []byte {
	s := string(dest)
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
		return dest
	}
	return []byte(root + s[1:])
}
