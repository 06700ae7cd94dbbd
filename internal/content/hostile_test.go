package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestRefusedScheme(t *testing.T) {
	for dest, want := range map[string]string{
		"javascript:alert(1)":        "javascript",
		"JaVaScRiPt:alert(1)":        "javascript",
		" \x01javascript:alert(1)":   "javascript",
		"java\tscript:alert(1)":      "javascript", // a browser drops the tab
		"java&#x09;script:alert(1)":  "javascript",
		"&#106;avascript:alert(1)":   "javascript",
		"javascript&colon;alert(1)":  "javascript",
		"vbscript:msgbox":            "vbscript",
		"data:text/html,x":           "data",
		"data:image/png;base64,AAAA": "data",
		"file:///etc/passwd":         "file",
		"ms-msdt:/id":                "ms-msdt",
		"https://example.org/":       "",
		"HTTP://example.org/":        "",
		"mailto:desk@example.org":    "",
		"tel:+33100000000":           "",
		"/countries/france/":         "",
		"../briefs/":                 "",
		"#anchor":                    "",
		"%6Aavascript:alert(1)":      "", // a relative path to a browser
		"\\javascript:alert(1)":      "",
		"countries/a:b":              "",
		"":                           "",
		"//example.org/x":            "",
		"1javascript:alert(1)":       "",
	} {
		if have := RefusedScheme(dest); have != want {
			t.Errorf("RefusedScheme(%q) = %q, want %q", dest, have, want)
		}
	}
}

func TestHostileDocuments(t *testing.T) {
	front := "+++\ntitle = \"T\"\ndate = 2026-01-06\nsummary = \"S\"\n+++\n"
	f := "content/briefs/2026-01-06-x.md"
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"too big", strings.Repeat("x", MaxDocument), []string{f + ": the file is 512.1 KiB; a brief or page is at most 512 KiB: split it into several, or move long material to a linked source"}},
		{"nested too deep", "ok\n\n" + strings.Repeat("> ", MaxNesting+1) + "deep\n", []string{f + ":8:1: block quotes and lists nested 33 deep; at most 32 are allowed: flatten the text"}},
		{"lists too deep", strings.Repeat("- ", MaxNesting) + "1. x\n", []string{f + ":6:1: block quotes and lists nested 33 deep; at most 32 are allowed: flatten the text"}},
		{"deep but fenced", "```\n" + strings.Repeat("> ", 40) + "\n```\n", nil},
		{"a thematic break", strings.Repeat("- ", 40) + "\n", nil},
		{"too much emphasis", "fine\n\n" + strings.Repeat("*a_\n", MaxMarks/2+1) + "\nfine\n", []string{f + ":8:1: a paragraph or table row with more than 2000 emphasis marks (*, _ and ~): split it with blank lines"}},
		{"emphasis in table rows", "|a|b|\n|-|-|\n" + strings.Repeat("|**a**|_b_|\n", MaxMarks), nil},
		{"autolinks", "<javascript:alert(1)> <https://example.org/> <Vbscript:x>\n", []string{
			f + `:6:1: link "javascript:alert(1)": javascript: URLs are not allowed in Markdown; link to a page of the site, or to an http(s), mailto: or tel: address`,
			f + `:6:46: link "Vbscript:x": vbscript: URLs are not allowed in Markdown; link to a page of the site, or to an http(s), mailto: or tel: address`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			briefs, errs := NewMarkdown().LoadBriefs(fstest.MapFS{f: {Data: []byte(front + tc.body)}})
			have := errStrings(errs)
			if strings.Join(have, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("have %q\nwant %q", have, tc.want)
			}
			for _, b := range briefs {
				if body := strings.ToLower(bodyOf(t, b)); strings.Contains(body, `href="javascript:`) || strings.Contains(body, `href="vbscript:`) {
					t.Errorf("a refused link reached the page: %s", body)
				}
			}
		})
	}
}

// TestManyLinksOnOneLine: the position of every link of a body of long
// lines of links (as many as a paragraph may hold, MaxBrackets) is right.
// positions finds them in one pass, so that such a body costs no more than
// its length; that cost is measured by BenchmarkManyLinksOnOneLine, not
// asserted here.
func TestManyLinksOnOneLine(t *testing.T) {
	briefs, errs := NewMarkdown().LoadBriefs(fstest.MapFS{"content/briefs/x.md": {Data: manyLinks()}})
	if len(errs) > 0 || len(briefs) != 1 {
		t.Fatalf("%d briefs, errors %v", len(briefs), errs)
	}
	links := briefs[0].Links()
	if want := MaxBrackets * ((MaxDocument - 100) / (8*MaxBrackets + 2)); len(links) != want {
		t.Fatalf("%d links, want %d", len(links), want)
	}
	for i, l := range links {
		if line, col := 6+2*(i/MaxBrackets), 8*(i%MaxBrackets)+1; l.Pos.Line != line || l.Pos.Col != col {
			t.Fatalf("link %d of %d at %s, want line %d, column %d", i, len(links), l.Pos, line, col)
		}
	}
}

func BenchmarkManyLinksOnOneLine(b *testing.B) {
	src := manyLinks()
	for b.Loop() {
		NewMarkdown().LoadBriefs(fstest.MapFS{"content/briefs/x.md": {Data: src}})
	}
}

// manyLinks is a brief whose body is as long as allowed: paragraphs of one
// line each, of as many links as a paragraph may hold.
func manyLinks() []byte {
	line := strings.Repeat("[a](/b) ", MaxBrackets) + "\n\n"
	return []byte("+++\ntitle = \"T\"\ndate = 2026-01-06\nsummary = \"S\"\n+++\n" + strings.Repeat(line, (MaxDocument-100)/len(line)))
}

// TestTableAlignment: an aligned column gets a class, never the style
// attribute goldmark writes by default, which the site's policy forbids.
func TestTableAlignment(t *testing.T) {
	briefs, errs := NewMarkdown().LoadBriefs(fstest.MapFS{"content/briefs/x.md": {Data: []byte(
		"+++\ntitle = \"T\"\ndate = 2026-01-06\nsummary = \"S\"\n+++\n| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n")}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	body := bodyOf(t, briefs[0])
	if strings.Contains(body, "style=") {
		t.Errorf("a style attribute: %s", body)
	}
	for _, want := range []string{`<th class="left">a</th>`, `<th class="center">b</th>`, `<td class="right">3</td>`, `<td>4</td>`} {
		if !strings.Contains(body, want) {
			t.Errorf("no %s in %s", want, body)
		}
	}
}
