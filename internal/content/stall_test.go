package content

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestNoStall loads briefs of the largest size allowed, written to be slow
// to render: every one must load, or be refused, in seconds, not the
// minutes such documents took before the limits. Times on an idle machine
// are about a second at most; the bound leaves room for a busy one.
func TestNoStall(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping in -short mode: renders several large documents")
	}
	bound := 20 * time.Second
	if race {
		bound *= 10
	}
	fill := func(unit string) string {
		return strings.Repeat(unit, (MaxDocument-100)/len(unit))
	}
	var refs strings.Builder
	for i := 0; refs.Len() < MaxDocument-20000; i++ {
		fmt.Fprintf(&refs, "[r%d]: /x\n", i)
	}
	for name, body := range map[string]string{
		"nested quotes":      fill(strings.Repeat("> ", MaxNesting) + "x\n"),
		"nested lists":       fill(strings.Repeat("- ", MaxNesting) + "x\n"),
		"unclosed brackets":  fill("["),
		"emphasis":           fill("*a_"),
		"emphasis per line":  fill(strings.Repeat("*a_", MaxMarks/3-1) + "\n\n"),
		"links":              fill("[a](/b) "),
		"autolinks":          fill("<https://a.example/> "),
		"refused links":      fill("[a](javascript:b) "),
		"references":         refs.String() + strings.Repeat("[r1] ", 1000),
		"typographer":        fill("\"'-"),
		"backticks":          fill("`a"),
		"table":              "|a|b|\n|-|-|\n" + fill("|x|y|\n"),
		"footnotes":          fill("[^a]") + "\n\n[^a]: x\n",
		"one very long line": fill("word "),
	} {
		src := "+++\ntitle = \"T\"\ndate = 2026-01-06\nsummary = \"S\"\n+++\n" + body
		if len(src) > MaxDocument {
			src = src[:MaxDocument]
		}
		start := time.Now()
		done := make(chan int, 1)
		go func() {
			_, errs := NewMarkdown().LoadBriefs(fstest.MapFS{"content/briefs/x.md": {Data: []byte(src)}})
			done <- len(errs)
		}()
		select {
		case errs := <-done:
			took := time.Since(start)
			t.Logf("%s (%d KiB): %s, %d errors", name, len(src)>>10, took.Round(time.Millisecond), errs)
			if took > bound {
				t.Errorf("%s: %s to load %d KiB", name, took, len(src)>>10)
			}
		case <-time.After(2 * bound):
			t.Fatalf("%s: no result after %s for %d KiB", name, 2*bound, len(src)>>10)
		}
	}
}
