package content

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/briefing/briefing/internal/diag"
)

// FuzzSplitFrontMatter: the split never panics, and when it succeeds it
// keeps line numbers: the front matter is the document's text from its
// second line, the closing line is a +++ line, and the front matter's
// lines are exactly the lines between. Seeds are in
// testdata/fuzz/FuzzSplitFrontMatter.
func FuzzSplitFrontMatter(f *testing.F) {
	f.Add([]byte("+++\ntitle = \"T\"\n+++\nBody.\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		front, body, line, err := SplitFrontMatter(src)
		if err != nil {
			if line < 1 {
				t.Fatalf("error at line %d: %v", line, err)
			}
			return
		}
		s := bytes.TrimPrefix(src, []byte("\ufeff"))
		first, rest, ok := bytes.Cut(s, []byte("\n"))
		if !ok || string(bytes.TrimRight(first, " \t\r")) != "+++" {
			t.Fatalf("accepted a document whose first line is %q", first)
		}
		if !bytes.HasPrefix(rest, front) {
			t.Fatalf("the front matter %q is not the text after the first line", front)
		}
		if !bytes.HasSuffix(s, body) {
			t.Fatalf("the body %q is not the end of the document", body)
		}
		closing := rest[len(front) : len(rest)-len(body)]
		if string(bytes.TrimRight(closing, " \t\r\n")) != "+++" || bytes.Count(closing, []byte("\n")) > 1 {
			t.Fatalf("the closing line is %q", closing)
		}
		if n := bytes.Count(front, []byte("\n")); n != line-2 {
			t.Fatalf("closing line %d, but the front matter has %d lines: line numbers are lost", line, n)
		}
	})
}

// FuzzMarkdown: no Markdown, however hostile, puts a script, an event
// handler, an element that loads or frames content, or a URL with a scheme
// that runs or embeds (javascript:, vbscript:, data:, ...) on a page; and
// every link is reported inside the document. Seeds are in
// testdata/fuzz/FuzzMarkdown.
func FuzzMarkdown(f *testing.F) {
	f.Add([]byte("[x](javascript:alert(1)) <script>alert(1)</script>"))
	m := NewMarkdown()
	at := diag.Pos{File: "content/briefs/x.md", Line: 6, Col: 1}
	f.Fuzz(func(t *testing.T, src []byte) {
		body, links, _ := m.renderChecked(src, "../../", at)
		out := string(body)
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Fatalf("input %q\nrendered a script: %s", src, out)
		}
		nodes, err := html.ParseFragment(strings.NewReader(out), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
		if err != nil {
			t.Fatal(err)
		}
		for _, root := range nodes {
			for n := range root.Descendants() {
				checkNode(t, src, out, n)
			}
			checkNode(t, src, out, root)
		}
		lines := bytes.Count(src, []byte("\n"))
		for _, l := range links {
			if l.Pos.File != at.File || l.Pos.Line < at.Line || l.Pos.Line > at.Line+lines || l.Pos.Col < 1 {
				t.Fatalf("input %q: link %q reported at %s, outside the document", src, l.Dest, l.Pos)
			}
		}
	})
}

// dangerous are elements that run, load or frame content, or change how the
// page's URLs resolve.
var dangerous = map[string]bool{"script": true, "iframe": true, "frame": true, "object": true, "embed": true, "style": true,
	"base": true, "meta": true, "link": true, "form": true, "svg": true, "math": true, "template": true, "noscript": true, "applet": true}

func checkNode(t *testing.T, src []byte, out string, n *html.Node) {
	t.Helper()
	if n.Type != html.ElementNode {
		return
	}
	if dangerous[n.Data] {
		t.Fatalf("input %q\nrendered a <%s> element: %s", src, n.Data, out)
	}
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		switch {
		case strings.HasPrefix(key, "on"):
			t.Fatalf("input %q\nrendered an event handler %s=%q: %s", src, a.Key, a.Val, out)
		case key == "style" || key == "srcdoc" || key == "formaction":
			t.Fatalf("input %q\nrendered a %s attribute: %s", src, a.Key, out)
		case key == "href" || key == "src":
			if scheme := RefusedScheme(a.Val); scheme != "" {
				t.Fatalf("input %q\nrendered a %s: URL in %s=%q: %s", src, scheme, a.Key, a.Val, out)
			}
		}
	}
}
