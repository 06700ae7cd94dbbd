// Command benchtable measures full builds of synthetic sites (see
// internal/synth) at several sizes and prints a table: wall time, pages per
// second and peak memory (the maximum resident set size of the build
// process). "make bench" runs it.
//
//	benchtable -briefing BIN [-sizes 1000,10000,50000] [-countries 200] [-runs 3] [-timeout D] [-work DIR] [-hugo]
//
// Each size has twice as many pledges as briefs. Every run builds into an
// output folder that does not exist yet, so nothing is reused from an
// earlier build. The table shows the median wall time of the runs, the
// median CPU time (user and system: on a busy machine it says more than the
// wall time) and the highest peak memory. With -hugo, the same briefs are also built as a Hugo
// site (synth.WriteHugo) with the hugo on PATH, and the table sets the two
// side by side as ratios.
//
// Timings are for reading, not for asserting: nothing here fails because a
// build was slow.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/synth"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "benchtable: %v\n", err)
		os.Exit(1)
	}
}

// result is one measured build.
type result struct {
	pages int
	wall  time.Duration
	cpu   time.Duration // user and system time of the process
	peak  int64         // bytes; -1 when the system does not say
}

func run(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("benchtable", flag.ContinueOnError)
	flags.SetOutput(stderr)
	bin := flags.String("briefing", "", "the briefing `binary` to measure (required)")
	sizes := flags.String("sizes", "1000,10000,50000", "comma-separated numbers of briefs")
	countries := flags.Int("countries", 200, "countries in each site")
	runs := flags.Int("runs", 3, "builds per size")
	work := flags.String("work", filepath.Join(os.TempDir(), "briefing-bench"), "`folder` for the generated sites and their output")
	hugo := flags.Bool("hugo", false, "also build the same briefs with hugo and compare")
	timeout := flags.Duration("timeout", 0, "give up on a size, and the larger ones, when one build takes longer (0: never)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *bin == "" || *runs < 1 {
		flags.Usage()
		return fmt.Errorf("-briefing is required and -runs must be at least 1")
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-sizes: %q is not a positive number", s)
		}
		ns = append(ns, n)
	}

	type row struct {
		cfg           synth.Config
		briefing, hug result
	}
	var rows []row
	var gaveUp string
	for _, n := range ns {
		cfg := synth.Config{Briefs: n, Countries: *countries, Pledges: 2 * n, Events: -1, Seed: 1}
		r := row{cfg: cfg}
		fmt.Fprintf(stderr, "%d briefs: generating...\n", n)
		src := filepath.Join(*work, fmt.Sprintf("site-%d", n))
		if err := regenerate(src, func() error { return synth.WriteDir(src, cfg) }); err != nil {
			return err
		}
		out := filepath.Join(*work, fmt.Sprintf("out-%d", n))
		var err error
		r.briefing, err = measure(*runs, *timeout, out, stderr, func(ctx context.Context) *exec.Cmd {
			return exec.CommandContext(ctx, *bin, "build", "-src", src, "-out", out)
		}, builtPages)
		if errors.Is(err, errTimeout) {
			os.RemoveAll(out)
			gaveUp = fmt.Sprintf("%d briefs: a build took longer than %s; this size and larger ones were not measured.", n, *timeout)
			break
		}
		if err != nil {
			return fmt.Errorf("%d briefs: %w", n, err)
		}
		if *hugo {
			hsrc := filepath.Join(*work, fmt.Sprintf("hugo-%d", n))
			if err := regenerate(hsrc, func() error { return synth.WriteHugo(hsrc, cfg) }); err != nil {
				return err
			}
			hout := filepath.Join(*work, fmt.Sprintf("hugo-out-%d", n))
			r.hug, err = measure(*runs, *timeout, hout, stderr, func(ctx context.Context) *exec.Cmd {
				return exec.CommandContext(ctx, "hugo", "--quiet", "--source", hsrc, "--destination", hout)
			}, countHTML(hout))
			os.RemoveAll(hout)
			if errors.Is(err, errTimeout) {
				os.RemoveAll(out)
				gaveUp = fmt.Sprintf("%d briefs: a hugo build took longer than %s; this size and larger ones were not compared.", n, *timeout)
				break
			}
			if err != nil {
				return fmt.Errorf("%d briefs, hugo: %w", n, err)
			}
		}
		os.RemoveAll(out)
		rows = append(rows, r)
	}

	fmt.Fprintf(stdout, "Full builds, median of %d, on %d CPU cores (GOMAXPROCS of the child: its default)\n\n", *runs, runtime.NumCPU())
	if gaveUp != "" {
		defer fmt.Fprintf(stdout, "\n%s\n", gaveUp)
	}
	if !*hugo {
		fmt.Fprintln(stdout, "| briefs | countries | pledges | pages | wall time | pages/s | CPU time | peak memory |")
		fmt.Fprintln(stdout, "|---:|---:|---:|---:|---:|---:|---:|---:|")
		for _, r := range rows {
			fmt.Fprintf(stdout, "| %d | %d | %d | %d | %s | %.0f | %s | %s |\n", r.cfg.Briefs, r.cfg.Countries, r.cfg.Pledges,
				r.briefing.pages, seconds(r.briefing.wall), float64(r.briefing.pages)/r.briefing.wall.Seconds(), seconds(r.briefing.cpu), mib(r.briefing.peak))
		}
		return nil
	}
	fmt.Fprintln(stdout, "| briefs | briefing pages | briefing wall | briefing CPU | briefing peak | hugo pages | hugo wall | hugo CPU | hugo peak | wall: hugo/briefing | CPU: hugo/briefing | memory: hugo/briefing |")
	fmt.Fprintln(stdout, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		b, h := r.briefing, r.hug
		fmt.Fprintf(stdout, "| %d | %d | %s | %s | %s | %d | %s | %s | %s | %.1f× | %.1f× | %s |\n", r.cfg.Briefs,
			b.pages, seconds(b.wall), seconds(b.cpu), mib(b.peak), h.pages, seconds(h.wall), seconds(h.cpu), mib(h.peak),
			h.wall.Seconds()/b.wall.Seconds(), h.cpu.Seconds()/b.cpu.Seconds(), ratio(h.peak, b.peak))
	}
	return nil
}

// regenerate writes a site into dir afresh.
func regenerate(dir string, write func() error) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return write()
}

var errTimeout = errors.New("timed out")

// measure runs the command runs times, each time into a missing output
// folder out, and returns the median wall and CPU times, the highest peak
// memory and the pages that pages counts after the last run. A run that
// takes longer than timeout (unless 0) is killed, and measure returns
// errTimeout.
func measure(runs int, timeout time.Duration, out string, stderr io.Writer, cmd func(context.Context) *exec.Cmd, pages func(stdout []byte) (int, error)) (result, error) {
	var walls, cpus []time.Duration
	res := result{peak: -1}
	for i := range runs {
		if err := os.RemoveAll(out); err != nil {
			return res, err
		}
		ctx, cancel := context.Background(), context.CancelFunc(func() {})
		if timeout > 0 {
			ctx, cancel = context.WithTimeout(ctx, timeout)
		}
		c := cmd(ctx)
		var so, se bytes.Buffer
		c.Stdout, c.Stderr = &so, &se
		start := time.Now()
		err := c.Run()
		wall := time.Since(start)
		timedOut := errors.Is(ctx.Err(), context.DeadlineExceeded)
		cancel()
		if timedOut {
			fmt.Fprintf(stderr, "  %s: run %d: killed after %s\n", filepath.Base(c.Args[0]), i+1, seconds(wall))
			return res, errTimeout
		}
		if err != nil {
			return res, fmt.Errorf("%s: %v\n%s", strings.Join(c.Args, " "), err, se.Bytes())
		}
		cpu := c.ProcessState.UserTime() + c.ProcessState.SystemTime()
		walls, cpus = append(walls, wall), append(cpus, cpu)
		res.peak = max(res.peak, peakRSS(c.ProcessState))
		fmt.Fprintf(stderr, "  %s: run %d: %s wall, %s CPU, %s\n", filepath.Base(c.Args[0]), i+1, seconds(wall), seconds(cpu), mib(peakRSS(c.ProcessState)))
		if i == runs-1 {
			if res.pages, err = pages(so.Bytes()); err != nil {
				return res, err
			}
		}
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	res.wall, res.cpu = walls[len(walls)/2], cpus[len(cpus)/2]
	return res, nil
}

var builtRE = regexp.MustCompile(`^built (\d+) page`)

// builtPages reads the page count from briefing build's summary line.
func builtPages(stdout []byte) (int, error) {
	m := builtRE.FindSubmatch(stdout)
	if m == nil {
		return 0, fmt.Errorf("no page count in the output of the build: %q", stdout)
	}
	return strconv.Atoi(string(m[1]))
}

// countHTML counts the HTML files a build wrote into dir.
func countHTML(dir string) func([]byte) (int, error) {
	return func([]byte) (int, error) {
		n := 0
		err := filepath.WalkDir(dir, func(name string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(name, ".html") {
				n++
			}
			return err
		})
		return n, err
	}
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func mib(b int64) string {
	if b < 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
}

func ratio(a, b int64) string {
	if a < 0 || b <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f×", float64(a)/float64(b))
}
