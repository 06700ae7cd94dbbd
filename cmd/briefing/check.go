package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/briefing/briefing/internal/build"
)

// discard is a sink that only counts: check builds everything and keeps
// nothing.
type discard struct{}

func (discard) Write(_ string, data []byte) (int, error) { return len(data), nil }

func runCheck(args []string, stdout, stderr io.Writer) int {
	flags, sf := newFlags("check", stderr)
	if !parse(flags, args, stderr) {
		return 2
	}
	sum, err := build.Run(os.DirFS(*sf.src), buildOptions(sf, time.Now()), discard{})
	if err != nil {
		report(stdout, *sf.src, err)
		return 1
	}
	pages := 0
	for _, n := range sum.Pages {
		pages += n
	}
	fmt.Fprintf(stdout, "ok: %d %s and %d static %s, %d %s in Markdown, no problems\n",
		pages, plural(pages, "page", "pages"), sum.Static, plural(sum.Static, "file", "files"), sum.Links, plural(sum.Links, "link", "links"))
	return 0
}
