package main

import (
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/build"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/humanize"
	"github.com/briefing/briefing/internal/linkcheck"
	"github.com/briefing/briefing/internal/render"
	"github.com/briefing/briefing/internal/sitefs"
)

// links is the sink of check: it keeps nothing of the site but what a
// link check of every page needs (each page's links and ids, every file's
// name), and refuses a name written twice, as a real build does.
type links struct {
	seen map[string]bool
	*linkcheck.Checker
}

func (l links) Write(name string, data []byte) (int, error) {
	if l.seen[name] {
		return 0, fmt.Errorf("refusing to write %q twice: two files of the site have the same name", name)
	}
	l.seen[name] = true
	l.Add(name, data)
	return len(data), nil
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	flags, sf := newFlags("check", stderr)
	strict := flags.Bool("strict", false, "fail on warnings too (an example base_url or contact)")
	if !parse(flags, args, stderr) {
		return 2
	}
	src, err := sitefs.Open(*sf.src)
	if err != nil {
		fmt.Fprintf(stdout, "briefing check: %v\n", err)
		return 1
	}
	defer src.Close()
	// The links on the pages are checked once the build succeeded: the
	// build reports those written in Markdown at their source, and the
	// rest are the templates'.
	sink := links{map[string]bool{}, linkcheck.NewChecker()}
	sum, err := build.Run(src, buildOptions(sf, time.Now()), sink)
	err = src.Join(err)
	if err == nil {
		err = templateLinks(sink.Checker, sum.BaseURL)
	}
	if err != nil {
		report(stdout, *sf.src, err)
		return 1
	}
	if n := len(sum.Warnings); n > 0 {
		report(stderr, *sf.src, sum.Warnings)
		if *strict {
			fmt.Fprintf(stderr, "briefing check: failed on %d %s (-strict)\n", n, humanize.Plural(n, "warning", "warnings"))
			return 1
		}
	}
	pages := 0
	for _, n := range sum.Pages {
		pages += n
	}
	fmt.Fprintf(stdout, "ok: %d %s and %d static %s, %d %s in Markdown, no problems\n",
		pages, humanize.Plural(pages, "page", "pages"), sum.Static, humanize.Plural(sum.Static, "file", "files"), sum.Links, humanize.Plural(sum.Links, "link", "links"))
	return 0
}

// templateLinks reports the links the templates wrote that lead nowhere,
// each at the templates, with the page it is on.
func templateLinks(c *linkcheck.Checker, baseURL string) error {
	base := "/"
	if u, err := url.Parse(baseURL); err == nil && strings.HasPrefix(u.Path, "/") {
		base = u.Path
	}
	var errs diag.List
	for _, b := range c.Broken(base) {
		errs.Add(diag.Pos{File: render.Dir}, "on /%s: link %q: %s", strings.TrimSuffix(b.Page, "index.html"), b.Link, b.Reason)
	}
	return errs.Err()
}
