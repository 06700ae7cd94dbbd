package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/build"
	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/humanize"
	"github.com/briefing/briefing/internal/output"
	"github.com/briefing/briefing/internal/render"
	"github.com/briefing/briefing/internal/sitefs"
)

func runBuild(args []string, stdout, stderr io.Writer) int {
	flags, sf := newFlags("build", stderr)
	out := flags.String("out", "public", "output `folder`, replaced whole when the build succeeds")
	baseURL := flags.String("base-url", "", "absolute `URL` the site is published at (default: base_url in site.toml)")
	compress := flags.Bool("compress", false, "also write .gz and .br beside each text file, for hosts that serve precompressed files")
	strict := flags.Bool("strict", false, "fail on warnings too (an example base_url or contact), leaving the output as it was")
	if !parse(flags, args, stderr) {
		return 2
	}
	if strings.TrimSpace(*out) == "" {
		fmt.Fprintln(stderr, "briefing build: -out is empty: give the folder to write the site to, such as -out public")
		return 2
	}
	outDir := *out
	if !filepath.IsAbs(outDir) && *sf.src != "." && !flagSet(flags, "out") {
		outDir = filepath.Join(*sf.src, outDir) // the default output goes beside the site it belongs to
	}
	// The folders a build reads may not hold its output: the next build
	// would read it, and replacing it would remove what the editor wrote.
	if err := output.Check(*sf.src, outDir, content.Dir, render.Dir, build.StaticDir); err != nil {
		fmt.Fprintf(stderr, "briefing build: %v\n", err)
		return 1
	}
	src, err := sitefs.Open(*sf.src)
	if err != nil {
		fmt.Fprintf(stderr, "briefing build: %v\n", err)
		return 1
	}
	defer src.Close()

	opts := buildOptions(sf, time.Now())
	opts.BaseURL = *baseURL
	dir, err := output.Create(outDir, output.Options{Compress: *compress})
	if err != nil {
		fmt.Fprintf(stderr, "briefing build: %v\n", err)
		return 1
	}
	for _, note := range dir.Notes() {
		fmt.Fprintf(stderr, "briefing build: %s\n", note)
	}
	sum, err := build.Run(src, opts, dir)
	err = src.Join(err)
	if werr := dir.Err(); err != nil || werr != nil {
		dir.Abort()
		if err != nil {
			report(stderr, *sf.src, err)
		}
		if werr != nil { // a full disk: one error for the folder, none for the files
			fmt.Fprintf(stderr, "briefing build: %v\n", werr)
		}
		fmt.Fprintf(stderr, "briefing build: failed; %s was left as it was\n", outDir)
		return 1
	}
	// Warnings are printed when the build would otherwise succeed: beside
	// errors, which must be fixed first, they would only hide them.
	if n := len(sum.Warnings); n > 0 {
		report(stderr, *sf.src, sum.Warnings)
		if *strict {
			dir.Abort()
			fmt.Fprintf(stderr, "briefing build: failed on %d %s (-strict); %s was left as it was\n", n, humanize.Plural(n, "warning", "warnings"), outDir)
			return 1
		}
	}
	// Commit's error says what is in place.
	if err := dir.Commit(); err != nil {
		fmt.Fprintf(stderr, "briefing build: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "built %s, %d static %s, %s in %s -> %s (%d %s written, %d unchanged)\n",
		pageCounts(sum.Pages), sum.Static, humanize.Plural(sum.Static, "file", "files"), humanize.Bytes(sum.Bytes), sum.Duration.Round(time.Millisecond), outDir,
		dir.Written, humanize.Plural(dir.Written, "file", "files"), dir.Kept)
	return 0
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func pageCounts(pages map[string]int) string {
	kinds := make([]string, 0, len(pages))
	total := 0
	for k, n := range pages {
		kinds = append(kinds, k)
		total += n
	}
	sort.Strings(kinds)
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%d %s", pages[k], k)
	}
	return fmt.Sprintf("%d %s (%s)", total, humanize.Plural(total, "page", "pages"), strings.Join(parts, ", "))
}
