package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/briefing/briefing/internal/browsertest"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/linkcheck"
	"github.com/briefing/briefing/internal/testenv"
)

// repo is the repository root: the shipped site folder.
const repo = "../.."

// The tests of this package share what costs most to make and is only read:
// the shipped site built once, plainly (shipped) and precompressed
// (shippedCompressed), the briefing binary built once (buildBinary) and one
// Chromium, a tab for each test (browser). TestMain removes them at the end.
var (
	scratch string // a temporary folder for what the tests share
	browser browsertest.Browser

	plain, compressed sharedBuild
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "briefing-test-")
	if err == nil {
		err = os.Chmod(dir, 0o755) // nginx reads the built site as whoever it runs as
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	scratch = dir
	code := m.Run()
	browser.Close()
	os.RemoveAll(scratch)
	os.Exit(code)
}

// A sharedBuild is the shipped site built once for the whole package.
// Tests only read it; one that changes the output copies it first.
type sharedBuild struct {
	once    sync.Once
	out     string
	summary string // what the build printed
	err     error
}

func (b *sharedBuild) get(t *testing.T, name string, extra ...string) string {
	t.Helper()
	b.once.Do(func() {
		b.out = filepath.Join(scratch, name, "public")
		args := append([]string{"build", "-src", repo, "-out", b.out}, extra...)
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 0 {
			b.err = fmt.Errorf("briefing %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
		}
		b.summary = stdout.String()
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.out
}

// shipped returns the folder the shipped site was built into.
func shipped(t *testing.T) string { return plain.get(t, "shipped") }

// shippedCompressed returns the folder the shipped site was built into
// with -compress.
func shippedCompressed(t *testing.T) string { return compressed.get(t, "compressed", "-compress") }

// copyBuilt copies the folder built to out, as the output of an earlier
// build there: the bytes that build would have written.
func copyBuilt(t *testing.T, built, out string) {
	t.Helper()
	if err := os.CopyFS(out, os.DirFS(built)); err != nil {
		t.Fatal(err)
	}
}

// buildSite runs "briefing build" and fails the test unless it succeeds.
func buildSite(t *testing.T, src, out string, extra ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args := append([]string{"build", "-src", src, "-out", out}, extra...)
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("briefing %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	return stdout.String()
}

// TestShippedSite builds the shipped briefing and walks every page.
func TestShippedSite(t *testing.T) {
	t.Parallel()
	out := shipped(t)
	summary := plain.summary
	if !strings.HasPrefix(summary, "built ") || !strings.Contains(summary, " country") {
		t.Errorf("summary = %q", summary)
	}
	site := os.DirFS(out)

	pages := map[string]*linkcheck.Page{}
	links := linkcheck.NewChecker()
	err := fs.WalkDir(site, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if filepath.Ext(name) != ".html" {
			links.Add(name, nil)
			return nil
		}
		src, _ := fs.ReadFile(site, name)
		links.Add(name, src)
		if _, err := html.Parse(bytes.NewReader(src)); err != nil {
			t.Errorf("%s does not parse as HTML: %v", name, err)
		}
		if bytes.Contains(src, []byte("http://")) || bytes.Contains(src, []byte("//cdn")) {
			t.Errorf("%s refers to another origin", name)
		}
		if bytes.Contains(src, []byte("_briefing")) {
			t.Errorf("%s has the dev server's reload script, which must never reach a build", name)
		}
		if err := scriptsAllowed(src); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		pages[name] = linkcheck.Parse(src)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"index.html", "briefs/index.html", "countries/index.html", "timeline/index.html", "matrix/index.html", "about/index.html", "404.html"} {
		if pages[want] == nil {
			t.Errorf("no %s", want)
		}
	}

	for _, b := range links.Broken("/briefing/") {
		t.Errorf("broken link: %s", b)
	}

	data, errs := dataset.Load(os.DirFS(repo))
	if len(errs) > 0 {
		t.Fatalf("shipped dataset: %v", errs)
	}
	matrix := pages["matrix/index.html"]
	for _, c := range data.Countries {
		page := pages["countries/"+c.Slug+"/index.html"]
		if page == nil {
			t.Errorf("country %s has no page", c.Code)
			continue
		}
		for _, p := range data.Pledges {
			if p.Country != c.Code {
				continue
			}
			if !page.IDs["pledge-"+p.ID] {
				t.Errorf("pledge %s is not on its country page", p.ID)
			}
			if !contains(matrix.Links, "../pledges/"+p.ID+"/index.html") {
				t.Errorf("pledge %s is not linked from the matrix", p.ID)
			}
			if !contains(page.Links, "../../pledges/"+p.ID+"/index.html") || pages["pledges/"+p.ID+"/index.html"] == nil {
				t.Errorf("pledge %s has no page of its own, linked from its country's", p.ID)
			}
		}
	}
	if len(data.Pledges) == 0 || len(data.Countries) < 10 {
		t.Errorf("the shipped dataset has %d countries and %d pledges", len(data.Countries), len(data.Pledges))
	}
}

var siteScript = regexp.MustCompile(`^(\.\./)*js/site\.[0-9a-f]{8}\.js$`)

// scriptsAllowed accepts only JSON-LD data blocks and the site's own script
// (ownScript); never inline code.
func scriptsAllowed(page []byte) error {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return err
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.Data != "script" {
			continue
		}
		attr := map[string]string{}
		for _, a := range n.Attr {
			attr[a.Key] = a.Val
		}
		switch {
		case attr["type"] == "application/ld+json":
		case ownScript(n, attr):
		default:
			return fmt.Errorf("a script that is not the site's own: %v", attr)
		}
	}
	return nil
}

// ownScript reports whether a <script> is the site's own: its file, named by
// a hash of its content, with nothing inside and no integrity or crossorigin
// attribute. The name pins the file; an integrity attribute would only make
// Chromium refuse it on a page opened from disk (see TestDiskInBrowser).
func ownScript(n *html.Node, attr map[string]string) bool {
	_, sri := attr["integrity"]
	_, cors := attr["crossorigin"]
	return siteScript.MatchString(attr["src"]) && !sri && !cors && n.FirstChild == nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestValidHTML runs the Nu Html Checker (the W3C validator) over every page.
func TestValidHTML(t *testing.T) {
	t.Parallel()
	jar, _ := filepath.Abs(filepath.Join(repo, "node_modules/vnu-jar/build/dist/vnu.jar"))
	java, err := exec.LookPath("java")
	if err != nil {
		testenv.Missing(t, "the HTML validator needs java (apt-get install default-jre-headless)")
	}
	if _, err := os.Stat(jar); err != nil {
		testenv.Missing(t, fmt.Sprintf("the HTML validator needs %s (make test installs it with npm ci): %v", jar, err))
	}
	out := shipped(t)
	// C1 alone compiles the checker's code sooner than the JIT's second tier
	// would pay back in a run this short: half the CPU time. Its larger
	// frames need a larger stack than the default for the HTML schema.
	cmd := exec.Command(java, "-XX:TieredStopAtLevel=1", "-Xss64m", "-jar", jar, "--errors-only", "--skip-non-html", "--format", "json", out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr // vnu writes its report to stderr
	runErr := cmd.Run()
	var report struct {
		Messages []struct {
			URL, Type, Message string
			LastLine           int
		}
	}
	if err := json.Unmarshal(stderr.Bytes(), &report); err != nil {
		t.Fatalf("validator: %v, %v\n%s", runErr, err, stderr.String())
	}
	for _, m := range report.Messages {
		t.Errorf("%s:%d: %s: %s", strings.TrimPrefix(m.URL, "file:"+out+"/"), m.LastLine, m.Type, m.Message)
	}
	if runErr != nil && len(report.Messages) == 0 {
		t.Errorf("validator failed: %v", runErr)
	}
	pages := 0
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if filepath.Ext(p) == ".html" {
			pages++
		}
		return err
	})
	t.Logf("validated %d pages", pages)
}

// TestDeterministic builds the site a second time and compares every byte.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	a, b := shipped(t), filepath.Join(t.TempDir(), "b")
	buildSite(t, repo, b)
	if diff := compareTrees(t, a, b); diff != "" {
		t.Error(diff)
	}
}

// compareTrees reports the first difference between two folders, or "".
func compareTrees(t *testing.T, a, b string) string {
	t.Helper()
	files := func(root string) map[string][]byte {
		m := map[string][]byte{}
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := os.ReadFile(p)
				rel, _ := filepath.Rel(root, p)
				m[rel] = data
			}
			return err
		})
		return m
	}
	fa, fb := files(a), files(b)
	if len(fa) != len(fb) {
		return "different numbers of files: " + strconv.Itoa(len(fa)) + " and " + strconv.Itoa(len(fb))
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			return name + " differs"
		}
	}
	return ""
}

func TestUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "usage: briefing <command>"},
		{[]string{"publish"}, 2, `unknown command "publish"`},
		{[]string{"build", "-nope"}, 2, "flag provided but not defined: -nope"},
		{[]string{"build", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"build", "-src", repo, "-out", repo}, 1, "would replace the site folder"},
		{[]string{"build", "-src", repo, "-out", filepath.Join(repo, "content", "out")}, 1, "is inside the site's content/ folder"},
		{[]string{"help"}, 0, "usage: briefing <command>"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(tc.args, &stdout, &stderr)
		if code != tc.code || !strings.Contains(stdout.String()+stderr.String(), tc.want) {
			t.Errorf("briefing %q: exit %d, output %q; want exit %d and %q", tc.args, code, stdout.String()+stderr.String(), tc.code, tc.want)
		}
	}
}
