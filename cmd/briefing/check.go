package main

import (
	"fmt"
	"io"
	"time"

	"github.com/briefing/briefing/internal/build"
	"github.com/briefing/briefing/internal/humanize"
	"github.com/briefing/briefing/internal/sitefs"
)

// discard is a sink that only counts: check builds everything and keeps
// nothing, but refuses a name written twice, as a real build does.
type discard map[string]bool

func (d discard) Write(name string, data []byte) (int, error) {
	if d[name] {
		return 0, fmt.Errorf("refusing to write %q twice: two files of the site have the same name", name)
	}
	d[name] = true
	return len(data), nil
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	flags, sf := newFlags("check", stderr)
	if !parse(flags, args, stderr) {
		return 2
	}
	src, err := sitefs.Open(*sf.src)
	if err != nil {
		fmt.Fprintf(stdout, "briefing check: %v\n", err)
		return 1
	}
	defer src.Close()
	sum, err := build.Run(src, buildOptions(sf, time.Now()), discard{})
	err = src.Join(err)
	if err != nil {
		report(stdout, *sf.src, err)
		return 1
	}
	pages := 0
	for _, n := range sum.Pages {
		pages += n
	}
	fmt.Fprintf(stdout, "ok: %d %s and %d static %s, %d %s in Markdown, no problems\n",
		pages, humanize.Plural(pages, "page", "pages"), sum.Static, humanize.Plural(sum.Static, "file", "files"), sum.Links, humanize.Plural(sum.Links, "link", "links"))
	return 0
}
