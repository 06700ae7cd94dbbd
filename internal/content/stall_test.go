package content

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefing/briefing/internal/testenv"
)

// TestNoStall loads briefs of the largest size allowed, written to be slow
// to render: every one must load, or be refused. Before the limits such
// documents took minutes; now each takes about a second at most on an idle
// machine, which is logged, not asserted (a busy machine is slower). One
// that stalls fails by name before the run's -timeout.
func TestNoStall(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping in -short mode: renders several large documents")
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
		t.Run(name, func(t *testing.T) {
			t.Parallel()
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
				t.Logf("%d KiB: %s, %d errors", len(src)>>10, time.Since(start).Round(time.Millisecond), errs)
			case <-testenv.Stalled(t):
				t.Fatalf("no result after %s for %d KiB: loading stalls", time.Since(start).Round(time.Second), len(src)>>10)
			}
		})
	}
}
