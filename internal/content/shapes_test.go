package content

import (
	"strings"
	"testing"
)

// BenchmarkShapes parses a body of the largest size allowed of each shape
// that goldmark parses slowly, made as large as shapes.go allows, and
// reports the time per MiB of Markdown. Before the limits, some of these
// took minutes.
func BenchmarkShapes(b *testing.B) {
	size := MaxDocument - 200
	paragraphs := func(unit string, n int) string {
		p := strings.Repeat(unit, n) + "\n\n"
		return strings.Repeat(p, size/len(p))
	}
	for name, body := range map[string]string{
		"unclosed links":     paragraphs("[a](", MaxBrackets),
		"nested brackets":    paragraphs(strings.Repeat("[", MaxBrackets)+strings.Repeat("]", MaxBrackets), 1),
		"unclosed brackets":  paragraphs("[", MaxBrackets),
		"quotes":             paragraphs(strings.Repeat(`"`, MaxQuoteRun)+" ", 1000),
		"emphasis in cells":  "|a|\n|-|\n" + paragraphs("|"+strings.Repeat("*a_", MaxMarks/3)+"|\n", 1),
		"footnotes":          strings.Repeat(strings.Repeat("a[^1] ", MaxBrackets-1)+"\n\n", 2) + "[^1]: x\n\n" + paragraphs("y ", 1000),
		"same headings":      paragraphs("# a\n", 1000),
		"plain text":         paragraphs("word ", 1000),
		"ampersands":         strings.Repeat("&", size),
		"greater-than signs": strings.Repeat("a>", size/2),
		"ellipses":           strings.Repeat("a... ", size/5),
		"escaped references": strings.Repeat("&amp;amp; ", size/10),
	} {
		src := []byte("+++\ntitle = \"T\"\ndate = 2026-01-06\nsummary = \"S\"\n+++\n" + body)
		if _, errs := NewMarkdown().ParseBrief("content/briefs/x.md", src); len(errs) > 0 {
			b.Fatalf("%s: %v", name, errs)
		}
		b.Run(name, func(b *testing.B) {
			m := NewMarkdown()
			for b.Loop() {
				m.ParseBrief("content/briefs/x.md", src)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(float64(len(src))/(1<<20)), "ns/MiB")
		})
	}
}
