// Command briefing builds the briefing site from a site folder.
//
//	briefing build [-src DIR] [-out DIR] [-base-url URL] [-drafts]
//
// Exit status: 0 on success, 1 when the content has errors (all of them are
// printed as file:line:col: message), 2 on bad usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/build"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/output"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: briefing <command> [flags]

commands:
  build   build the site into a folder

run "briefing <command> -h" for a command's flags
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "briefing: unknown command %q\n%s", args[0], usage)
	return 2
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("build", flag.ContinueOnError)
	flags.SetOutput(stderr)
	src := flags.String("src", ".", "site `folder` to build: site.toml, content/, templates/, static/")
	out := flags.String("out", "public", "output `folder`, replaced whole when the build succeeds")
	baseURL := flags.String("base-url", "", "absolute `URL` the site is published at (default: base_url in site.toml)")
	drafts := flags.Bool("drafts", false, "include briefs marked draft")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "briefing build: unexpected argument %q\n", flags.Arg(0))
		return 2
	}
	outDir := *out
	if !filepath.IsAbs(outDir) && *src != "." && !flagSet(flags, "out") {
		outDir = filepath.Join(*src, outDir) // the default output goes beside the site it belongs to
	}
	if err := checkFolders(*src, outDir); err != nil {
		fmt.Fprintf(stderr, "briefing build: %v\n", err)
		return 2
	}

	opts := build.Options{BaseURL: *baseURL, Drafts: *drafts, Theme: briefing.Theme}
	dir, err := output.Create(outDir, output.NewMinifier())
	if err != nil {
		fmt.Fprintf(stderr, "briefing build: %v\n", err)
		return 1
	}
	sum, err := build.Run(os.DirFS(*src), opts, dir)
	if err == nil {
		err = dir.Commit()
	} else {
		dir.Abort()
	}
	if err != nil {
		report(stderr, *src, err)
		fmt.Fprintf(stderr, "briefing build: failed; %s was left as it was\n", outDir)
		return 1
	}
	fmt.Fprintf(stdout, "built %s, %d static %s, %s in %s -> %s\n",
		pageCounts(sum.Pages), sum.Static, plural(sum.Static, "file", "files"), bytesHuman(sum.Bytes), sum.Duration.Round(time.Millisecond), outDir)
	return 0
}

// report prints every error, with paths relative to the working folder so an
// editor's tools can open them.
func report(w io.Writer, src string, err error) {
	var list diag.List
	if !errors.As(err, &list) {
		fmt.Fprintln(w, err)
		return
	}
	for _, e := range list {
		pos := e.Pos
		if src != "." && pos.File != "" {
			pos.File = filepath.Join(src, pos.File)
		}
		fmt.Fprintf(w, "%s: %s\n", pos, e.Msg)
	}
}

// checkFolders refuses an output folder that would replace the site's own
// files: the swap at the end of a build removes what was there.
func checkFolders(src, out string) error {
	s, err := filepath.Abs(src)
	if err != nil {
		return err
	}
	o, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	if o == s || strings.HasPrefix(s+string(filepath.Separator), o+string(filepath.Separator)) {
		return fmt.Errorf("output folder %s would replace the site folder %s: choose another -out", out, src)
	}
	for _, d := range []string{"content", "templates", "static"} {
		in := filepath.Join(s, d)
		if o == in || strings.HasPrefix(o, in+string(filepath.Separator)) {
			return fmt.Errorf("output folder %s is inside the site's %s/ folder: choose another -out", out, d)
		}
	}
	return nil
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
	return fmt.Sprintf("%d %s (%s)", total, plural(total, "page", "pages"), strings.Join(parts, ", "))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func bytesHuman(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
