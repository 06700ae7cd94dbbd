package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/build"
	"github.com/briefing/briefing/internal/output"
	"github.com/briefing/briefing/internal/sitefs"
)

func runBuild(args []string, stdout, stderr io.Writer) int {
	flags, sf := newFlags("build", stderr)
	out := flags.String("out", "public", "output `folder`, replaced whole when the build succeeds")
	baseURL := flags.String("base-url", "", "absolute `URL` the site is published at (default: base_url in site.toml)")
	compress := flags.Bool("compress", false, "also write .gz and .br beside each text file, for hosts that serve precompressed files")
	if !parse(flags, args, stderr) {
		return 2
	}
	outDir := *out
	if !filepath.IsAbs(outDir) && *sf.src != "." && !flagSet(flags, "out") {
		outDir = filepath.Join(*sf.src, outDir) // the default output goes beside the site it belongs to
	}
	if err := checkFolders(*sf.src, outDir); err != nil {
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
	sum, err := build.Run(src, opts, dir)
	err = src.Join(err)
	if err == nil {
		err = dir.Commit()
	} else {
		dir.Abort()
	}
	if err != nil {
		report(stderr, *sf.src, err)
		fmt.Fprintf(stderr, "briefing build: failed; %s was left as it was\n", outDir)
		return 1
	}
	fmt.Fprintf(stdout, "built %s, %d static %s, %s in %s -> %s (%d %s written, %d unchanged)\n",
		pageCounts(sum.Pages), sum.Static, plural(sum.Static, "file", "files"), bytesHuman(sum.Bytes), sum.Duration.Round(time.Millisecond), outDir,
		dir.Written, plural(dir.Written, "file", "files"), dir.Kept)
	return 0
}

// checkFolders refuses an output folder whose replacement would lose
// anything but an earlier build: the swap at the end of a build removes
// whatever was there. So the output may not be the site folder or hold it,
// may not lie in the folders a build reads, and, when it exists, must be a
// folder that is empty or holds a built site (an index.html). Symbolic
// links are resolved first, so a link cannot disguise any of these.
func checkFolders(src, out string) error {
	s, err := realPath(src)
	if err != nil {
		return err
	}
	o, err := realPath(out)
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
	info, err := os.Stat(o)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("output folder %s: %v", out, err)
	case !info.IsDir():
		return fmt.Errorf("output folder %s is a file, not a folder; a build would replace it: choose another -out", out)
	}
	entries, err := os.ReadDir(o)
	if err != nil {
		return fmt.Errorf("output folder %s: %v", out, err)
	}
	if _, err := os.Stat(filepath.Join(o, "index.html")); len(entries) > 0 && err != nil {
		return fmt.Errorf("output folder %s is not empty and holds no built site (no index.html); a build would replace everything in it: choose an empty or new folder with -out", out)
	}
	return nil
}

// realPath is the absolute path of name with every symbolic link resolved,
// as far as it exists; what does not exist yet is joined as written.
func realPath(name string) (string, error) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return "", err
	}
	rest := ""
	for p := abs; ; p = filepath.Dir(p) {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(real, rest), nil
		}
		if filepath.Dir(p) == p {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
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

func bytesHuman(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
