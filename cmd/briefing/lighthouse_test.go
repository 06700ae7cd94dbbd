package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/briefing/briefing/internal/browsertest"
	"github.com/briefing/briefing/internal/build"
	"github.com/briefing/briefing/internal/testenv"
)

// The scores issue 14 asks of Lighthouse on a phone (its default form
// factor): 100 for accessibility, best practices and SEO on every page it
// runs on, and at least 98 for performance on the front page and the
// matrix.
var lighthouseWant = map[string]int{"accessibility": 100, "best-practices": 100, "seo": 100}

const lighthousePerformance = 98

// TestLighthouse runs Lighthouse on the front page and the matrix (and,
// under BRIEFING_LONG, on the map, the list of pledges, a country and a
// pledge), one page at a time, against the shipped site served over HTTP
// on loopback with its _headers, as a static host serves it. It fails with
// the audits that cost points.
//
// Performance is measured, so it varies with what else the machine is
// doing: a page below the bar is run again, up to three runs in all, and
// the best run counts, as Lighthouse's own advice on variability says. The
// other three categories are not measured and are asserted on one run.
func TestLighthouse(t *testing.T) {
	// Not parallel: Lighthouse's performance score is a simulation fed by
	// the timings it observes, which this package's other tests, run
	// alongside, would slow.
	cli, _ := filepath.Abs(filepath.Join(repo, "node_modules/lighthouse/cli/index.js"))
	if _, err := os.Stat(cli); err != nil {
		testenv.Missing(t, fmt.Sprintf("no Lighthouse (make test installs it with npm ci): %v", err))
	}
	node, err := exec.LookPath("node")
	if err != nil {
		testenv.Missing(t, "Lighthouse needs node (apt-get install nodejs)")
	}
	chromium := browsertest.Chromium()
	if chromium == "" {
		testenv.Missing(t, "Lighthouse needs Chromium (apt-get install chromium)")
	}

	base := serveForLighthouse(t)
	pages := []string{"", "matrix/"}
	if testenv.Long() {
		out := filepath.Join(scratch, "lighthouse", "public")
		pages = append(pages, "map/", "pledges/", firstPage(t, out, "countries"), firstPage(t, out, "pledges"))
	}
	for _, page := range pages {
		perfBar := 0
		if page == "" || page == "matrix/" {
			perfBar = lighthousePerformance
		}
		var best lighthouseReport
		for run := 1; run <= 3; run++ {
			r := runLighthouse(t, node, cli, chromium, base+page)
			if run == 1 || r.score("performance") > best.score("performance") {
				best = r
			}
			t.Logf("/%s, run %d: %s", page, run, r.summary())
			if run == 1 {
				for category, want := range lighthouseWant {
					if have := r.score(category); have < want {
						t.Errorf("/%s: %s %d, want %d:\n%s", page, category, have, want, r.lost(category))
					}
				}
			}
			if best.score("performance") >= perfBar {
				break
			}
		}
		if have := best.score("performance"); have < perfBar {
			t.Errorf("/%s: performance %d at best of 3 runs, want at least %d:\n%s", page, have, perfBar, best.lost("performance"))
		}
	}
}

// serveForLighthouse builds the shipped site for the root of a loopback
// server, so that its canonical links and robots.txt are where Lighthouse
// looks for them, and serves it with the headers of its _headers file.
func serveForLighthouse(t *testing.T) string {
	t.Helper()
	var rules []headerRule
	var files http.Handler
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, rule := range rules {
			if rule.matches(r.URL.Path) {
				for _, h := range rule.headers {
					w.Header().Add(h[0], h[1])
				}
			}
		}
		files.ServeHTTP(w, r)
	}))
	base := "http://" + srv.Listener.Addr().String() + "/"
	out := filepath.Join(scratch, "lighthouse", "public")
	buildSite(t, repo, out, "-base-url", base)
	rules = parseHeaders(t, must(os.ReadFile(filepath.Join(out, build.HeadersFile))))
	files = http.FileServer(http.Dir(out))
	srv.Start()
	t.Cleanup(srv.Close)
	return base
}

// firstPage returns the first page, by name, of a section of the built
// site ("countries" gives "countries/belgium/").
func firstPage(t *testing.T, out, section string) string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(out, section))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			return section + "/" + e.Name() + "/"
		}
	}
	t.Fatalf("%s has no pages", section)
	return ""
}

// runLighthouse runs one Lighthouse process on url and decodes its report.
// Lighthouse starts and stops its own Chromium; the process group is killed
// if the test's time runs out, so no browser outlives the test.
func runLighthouse(t *testing.T, node, cli, chromium, url string) lighthouseReport {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, cli, url,
		"--chrome-flags=--headless=new --no-sandbox --disable-gpu",
		"--only-categories=performance,accessibility,best-practices,seo",
		"--output=json", "--output-path=stdout", "--quiet")
	cmd.Env = append(os.Environ(), "CHROME_PATH="+chromium, "TMPDIR="+t.TempDir())
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("lighthouse %s: %v\n%s", url, err, stderr.String())
	}
	var r lighthouseReport
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("lighthouse %s: reading its report: %v", url, err)
	}
	if r.RuntimeError != nil && r.RuntimeError.Code != "" {
		t.Fatalf("lighthouse %s: %s: %s", url, r.RuntimeError.Code, r.RuntimeError.Message)
	}
	for _, c := range []string{"performance", "accessibility", "best-practices", "seo"} {
		if r.Categories[c].Score == nil {
			t.Fatalf("lighthouse %s: no %s score (%v)", url, c, r.RunWarnings)
		}
	}
	return r
}

// lighthouseReport is the part of Lighthouse's JSON report the test reads.
type lighthouseReport struct {
	Categories map[string]struct {
		Score     *float64 `json:"score"`
		AuditRefs []struct {
			ID     string  `json:"id"`
			Weight float64 `json:"weight"`
		} `json:"auditRefs"`
	} `json:"categories"`
	Audits map[string]struct {
		Title        string   `json:"title"`
		Score        *float64 `json:"score"`
		DisplayValue string   `json:"displayValue"`
		Explanation  string   `json:"explanation"`
	} `json:"audits"`
	RuntimeError *struct{ Code, Message string } `json:"runtimeError"`
	RunWarnings  []string                        `json:"runWarnings"`
}

// score is a category's score as Lighthouse shows it, 0 to 100.
func (r lighthouseReport) score(category string) int {
	s := r.Categories[category].Score
	if s == nil {
		return 0
	}
	return int(math.Round(*s * 100))
}

func (r lighthouseReport) summary() string {
	var parts []string
	for _, c := range []string{"performance", "accessibility", "best-practices", "seo"} {
		parts = append(parts, fmt.Sprintf("%s %d", c, r.score(c)))
	}
	return strings.Join(parts, ", ")
}

// lost lists the audits of a category that cost it points, one a line.
func (r lighthouseReport) lost(category string) string {
	var lines []string
	for _, ref := range r.Categories[category].AuditRefs {
		a := r.Audits[ref.ID]
		if ref.Weight == 0 || a.Score == nil || *a.Score >= 1 {
			continue
		}
		line := fmt.Sprintf("\t%s (%s): score %.2f", ref.ID, a.Title, *a.Score)
		for _, s := range []string{a.DisplayValue, a.Explanation} {
			if s != "" {
				line += "; " + s
			}
		}
		lines = append(lines, line)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
