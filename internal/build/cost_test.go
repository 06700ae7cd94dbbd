package build

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/diag"
)

// MaxOutputPerByte is how many bytes of output (page, feed and every list
// the brief is on) a byte of a brief may add, past what any brief adds.
const maxOutputPerByte = 20

// TestCostCorpus builds the fixture site with a brief of each shape of
// Markdown that costs goldmark, or the site, more than its length, made
// as the limits allow (content/shapes.go). Each brief must build,
// adding at most maxOutputPerByte bytes of output a byte, or be refused at
// a position in it. The time they take is measured by BenchmarkShapes, not
// asserted.
func TestCostCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping in -short mode: builds the site once per shape")
	}
	t.Parallel()
	// The output a byte adds does not depend on the size, once it is well
	// past the page around the text: 64 KiB keeps the test quick.
	shapes := costShapes(64 << 10)
	base := costOf(t, "x\n")
	for name, body := range shapes {
		t.Run(name, func(t *testing.T) {
			added, err := addBrief(t, body)
			if err != nil {
				for _, e := range err.(diag.List) {
					if e.Pos.Line < 6 {
						t.Errorf("refused without a position in the body: %v", e)
					}
				}
				t.Logf("refused: %v", err)
				return
			}
			ratio := float64(added-base) / float64(len(body))
			t.Logf("%s: %d bytes: %d bytes of output, %.1f a byte", name, len(body), added-base, ratio)
			if ratio > maxOutputPerByte {
				t.Errorf("%d bytes of Markdown add %d bytes of output: %.1f a byte, more than %d", len(body), added-base, ratio, maxOutputPerByte)
			}
		})
	}
}

// costShapes are the bodies of briefs of the cost corpus, each of at most
// size bytes.
func costShapes(size int) map[string]string {
	fill := func(unit string) string { return strings.Repeat(unit, size/len(unit)) }
	paragraphs := func(unit string, n int) string { return fill(strings.Repeat(unit, n) + "\n\n") }
	shapes := map[string]string{
		"links":               paragraphs("[a](/) ", content.MaxBrackets),
		"nested brackets":     paragraphs(strings.Repeat("[", content.MaxBrackets)+strings.Repeat("]", content.MaxBrackets), 1),
		"unclosed links":      paragraphs("[a](", content.MaxBrackets),
		"unclosed brackets":   paragraphs("[", content.MaxBrackets),
		"images":              paragraphs("![](/) ", content.MaxBrackets),
		"footnotes":           paragraphs("a[^1] ", content.MaxBrackets-1)[:2*(6*content.MaxBrackets-4)] + "[^1]: x\n\n" + paragraphs("y ", 1000),
		"quotes":              fill(strings.Repeat(`"`, content.MaxQuoteRun) + " "),
		"apostrophes":         fill(strings.Repeat(`'`, content.MaxQuoteRun) + "a"),
		"emphasis":            paragraphs("*a_", content.MaxMarks/3),
		"emphasis in cells":   "|a|\n|-|\n" + fill("|"+strings.Repeat("*a_", content.MaxMarks/3)+"|\n"),
		"wide table":          "|" + strings.Repeat("a|", 2000) + "\n|" + strings.Repeat("-|", 2000) + "\n" + fill(strings.Repeat("x|", 2000)+"\n"),
		"aligned table":       "|" + strings.Repeat("a|", 200) + "\n|" + strings.Repeat(":-:|", 200) + "\n" + fill(strings.Repeat("x|", 200)+"\n"),
		"empty aligned cells": "|" + strings.Repeat("a|", 100) + "\n|" + strings.Repeat(":-:|", 100) + "\n" + fill("|a"+strings.Repeat("|", 100)+"\n"),
		"short rows":          "|" + strings.Repeat("a|", 2000) + "\n|" + strings.Repeat("-|", 2000) + "\n" + fill("|x|\n"),
		"table rows":          "|a|\n|-|\n" + fill("|x\n"),
		"empty table rows":    "|a|\n|-|\n" + fill("|\n"),
		"headings":            fill("# a\n\n"),
		"empty headings":      fill("#\n"),
		"same headings":       fill("# a\n"),
		"quotes nested":       fill(">\n"),
		"list items":          fill("-\n"),
		"autolinks":           fill("<http://a> "),
		"code spans":          fill("`a` "),
		"thematic breaks":     fill("***\n"),
		"references":          refDefs(size),
		"plain text":          paragraphs("word ", 1000),
		// Text the minifier shortens, a reference at a time (minify.go):
		// before textRefs, 512 KiB of "&" took over ten minutes.
		"ampersands":         fill("&"),
		"angle brackets":     fill("<"),
		"greater-than signs": fill("a>"),
		"quotation marks":    fill("`\"` "),
		"ellipses":           fill("a... "),
		"angle quotes":       fill("<<a>> "),
		"escaped references": fill("&amp;amp; "),
		"numeric references": fill("&#62;&#x22;"),
		"named references":   fill("&hellip;&quot;&copy;"),
		"references in code": "```\n" + fill("&gt;&&quot;\n"),
		"control characters": fill("a\x01\x0b\ufffe "),
	}
	for name, body := range shapes {
		if len(body) > size { // cut at a line's end, keeping the shape whole
			shapes[name] = body[:strings.LastIndexByte(body[:size], '\n')+1]
		}
	}
	return shapes
}

// BenchmarkShapes builds the fixture with a brief of each shape of the
// cost corpus, as large as a brief may be, and reports the time per MiB of
// brief (of Markdown). A refused shape costs its refusal.
//
//	go test ./internal/build -run '^$' -bench Shapes
func BenchmarkShapes(b *testing.B) {
	for name, body := range costShapes(content.MaxDocument - 1024) {
		b.Run(name, func(b *testing.B) {
			site := fixture(b)
			site["content/briefs/2026-01-07-cost.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Cost\"\ndate = 2026-01-07\nsummary = \"S\"\ncountries = [\"AT\"]\n+++\n" + body)}
			for b.Loop() {
				Run(site, Options{Theme: theme}, discard{})
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/(float64(len(body))/(1<<20)), "s/MiB")
		})
	}
}

func refDefs(size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size/2; i++ {
		fmt.Fprintf(&b, "[r%d]: /\n", i)
	}
	b.WriteString("\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "[r%d] ", i%content.MaxBrackets)
		if i%content.MaxBrackets == content.MaxBrackets-1 {
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

// costOf is how many bytes of output a brief with body adds to the site.
func costOf(t *testing.T, body string) int {
	n, err := addBrief(t, body)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// addBrief builds the fixture with a brief of body added, and returns how
// many bytes more the site has than without it.
func addBrief(t *testing.T, body string) (int, error) {
	t.Helper()
	site := fixture(t)
	before := total(t, site)
	site["content/briefs/2026-01-07-cost.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Cost\"\ndate = 2026-01-07\nsummary = \"S\"\ncountries = [\"AT\"]\n+++\n" + body)}
	out := memory{}
	if _, err := Run(site, Options{Theme: theme}, out); err != nil {
		return 0, err
	}
	// The feed carries the brief's HTML as XML: it must still parse.
	dec := xml.NewDecoder(bytes.NewReader(out["feed.xml"]))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("feed.xml does not parse: %v", err)
		}
	}
	after := 0
	for _, data := range out {
		after += len(data)
	}
	return after - before, nil
}

func total(t *testing.T, site fstest.MapFS) int {
	out := memory{}
	if _, err := Run(site, Options{Theme: theme}, out); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, data := range out {
		n += len(data)
	}
	return n
}
