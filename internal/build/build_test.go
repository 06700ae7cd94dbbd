package build

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/testsite"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// theme is the repository's own templates and static files.
var theme = os.DirFS("../..")

// TestGolden builds the fixture site and compares every page, as published
// (minified), with testdata/golden. Run "go test ./internal/build -update" to accept changes;
// a mismatch writes the page it got beside the golden file as .have.
func TestGolden(t *testing.T) {
	files := memory{}
	sum, err := Run(os.DirFS("testdata/site"), Options{Theme: theme}, files)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"home": 1, "briefs": 1, "brief": 1, "countries": 1, "country": 3, "pledge": 2, "pledges": 1, "timeline": 1, "matrix": 1, "snapshot": 2, "changes": 1, "maps": 1, "page": 1, "404": 1}
	if !maps.Equal(sum.Pages, want) {
		t.Errorf("pages: have %v, want %v", sum.Pages, want)
	}
	golden := "testdata/golden"
	if *update {
		os.RemoveAll(golden)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		file := filepath.Join(golden, filepath.FromSlash(name))
		if *update {
			os.MkdirAll(filepath.Dir(file), 0o755)
			if err := os.WriteFile(file, files[name], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		wantData, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("%s: no golden file (run with -update): %v", name, err)
			continue
		}
		if !bytes.Equal(files[name], wantData) {
			os.WriteFile(file+".have", files[name], 0o644)
			t.Errorf("%s differs from %s; see %s.have (run with -update to accept)", name, file, file)
		}
	}
	if !*update {
		fs.WalkDir(os.DirFS(golden), ".", func(name string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && !strings.HasSuffix(name, ".have") && files[name] == nil {
				t.Errorf("%s: golden file for a page that was not built", name)
			}
			return err
		})
	}
}

// TestRunContent checks what the fixture's pages say, independent of markup.
func TestRunContent(t *testing.T) {
	files := memory{}
	if _, err := Run(os.DirFS("testdata/site"), Options{Theme: theme}, files); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ file, want string }{
		{"briefs/first/index.html", `href="../../countries/atlantis/index.html#pledge-at-monitoring"`}, // root link made relative
		{"briefs/first/index.html", `<table>`},
		{"briefs/first/index.html", `id="h-what-happened"`},
		{"countries/belgica/index.html", `<h1>Bélgica</h1>`},
		{"countries/atlantis/index.html", `id="pledge-at-monitoring"`},
		{"countries/atlantis/index.html", `From outside`},
		{"countries/atlantis/index.html", `After a ceasefire`},
		{"countries/belgica/index.html", `<a href="https://example.org/report"><cite>A linked report</cite></a>, The Gazette`},
		{"timeline/index.html", `<h2 id="m-2014">2014</h2>`},
		{"about/index.html", `“quoted”`},
		{"404.html", `href="/sub/matrix/index.html"`},
		{"index.html", `<link rel="stylesheet" href="css/site.`},
		{"index.html", `Current to <time datetime="2026-01-07">7 January 2026</time>`},
		{"pledges/at-monitoring/index.html", `<span class="status status-announced"><span class="symbol" aria-hidden="true">◐</span> Announced</span> → <span class="status status-delivered">`},
		{"pledges/at-monitoring/index.html", `Atlantis signed the monitoring protocol.`},
		{"matrix/2026-01-07/index.html", `<strong class="changed">changed from Announced</strong>`},
		{"matrix/2026-01-07/index.html", `rel="prev" href="../../matrix/2026-01-06/index.html"`},
		{"changes/index.html", `Atlantis's pledge on monitoring went from announced to delivered`},
		{"changes/index.html", `<h2 id="day-2026-01-07"><time datetime="2026-01-07">7 January 2026</time></h2>`},
		{"pledges/index.html", `<a href="../pledges/at-monitoring/index.html">Monitoring</a>`},
		{"countries/atlantis/index.html", `Data: <a href="../../data/pledges.csv" type="text/csv">pledges.csv</a>`},
	} {
		if !bytes.Contains(files[tc.file], []byte(tc.want)) {
			t.Errorf("%s lacks %s", tc.file, tc.want)
		}
	}
	for name, data := range files {
		scripts := bytes.Count(data, []byte("<script")) - bytes.Count(data, []byte(`<script type="application/ld+json">`)) -
			bytes.Count(data, []byte(`<script src="../js/site.`)) // the site's own script file, never inline code
		if scripts > 0 || bytes.Contains(data, []byte("A draft")) {
			t.Errorf("%s contains a script or the draft", name)
		}
	}

	drafts := memory{}
	if _, err := Run(os.DirFS("testdata/site"), Options{Theme: theme, Drafts: true}, drafts); err != nil {
		t.Fatal(err)
	}
	if drafts["briefs/draft/index.html"] == nil {
		t.Errorf("-drafts did not build the draft")
	}
}

// TestRunErrors: nothing reaches the sink when the site has errors, and the
// errors of every stage come back together.
func TestRunErrors(t *testing.T) {
	site := fixture(t)
	site["site.toml"] = &fstest.MapFile{Data: []byte("title = \"T\"\n")}
	site["content/briefs/2026-01-08-bad.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"x\"\n")}
	site["templates/layout.html"] = &fstest.MapFile{Data: []byte("{{define \"layout\"}}{{.Nope}{{end}}")}
	files := memory{}
	_, err := Run(site, Options{Theme: theme}, files)
	if len(files) != 0 {
		t.Errorf("%d files written despite errors", len(files))
	}
	var list diag.List
	if !asList(err, &list) {
		t.Fatalf("error is %T, want diag.List: %v", err, err)
	}
	var have []string
	for _, e := range list {
		have = append(have, e.Pos.String())
	}
	want := []string{"content/briefs/2026-01-08-bad.md:1:1", "site.toml:1:1", "site.toml:1:1", "site.toml:1:1", "templates/layout.html:1"}
	if !slices.Equal(have, want) {
		t.Errorf("positions: have %q, want %q\n%v", have, want, err)
	}
}

// fixture is the build's test site as a MapFS the test may change.
func fixture(t testing.TB) fstest.MapFS {
	t.Helper()
	site := fstest.MapFS{}
	if err := fs.WalkDir(os.DirFS("testdata/site"), ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			site[name] = &fstest.MapFile{Data: must(fs.ReadFile(os.DirFS("testdata/site"), name))}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return site
}

func asList(err error, list *diag.List) bool {
	l, ok := err.(diag.List)
	*list = l
	return ok
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// memory is a Sink that keeps every file.
type memory map[string][]byte

func (m memory) Write(name string, data []byte) (int, error) {
	if _, ok := m[name]; ok {
		return 0, errors.New("written twice: two files of the site have the same name")
	}
	m[name] = bytes.Clone(data) // the build reuses its buffers
	return len(data), nil
}

// TestStaticNamedLikeGenerated: a file of static/ named like one the build
// makes is an error at the file, not a name written twice.
func TestStaticNamedLikeGenerated(t *testing.T) {
	t.Parallel()
	site := fixture(t)
	site["static/robots.txt"] = &fstest.MapFile{Data: []byte("User-agent: *\n")}
	_, err := Run(site, Options{Theme: theme}, memory{})
	if want := "static/robots.txt: the build makes robots.txt itself: remove or rename this file"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}

// TestMapQuestions: the front page's map answers the site's central
// question, troops in Ukraine, and the map page has one map per kind of
// commitment, each titled with its question.
func TestMapQuestions(t *testing.T) {
	fsys := testsite.FS(t, "small")
	testsite.Edit(t, fsys, "content/data/vocabulary.toml", `description = "Soldiers on the ground."`,
		"description = \"Soldiers on the ground.\"\nquestion    = \"Who would put troops in Ukraine?\"")
	files := memory{}
	if _, err := Run(fsys, Options{Theme: theme}, files); err != nil {
		t.Fatal(err)
	}
	home, mapPage := string(files["index.html"]), string(files["map/index.html"])
	if n := strings.Count(home, `<svg class="map"`); n != 1 {
		t.Errorf("the front page has %d maps, want 1", n)
	}
	for _, want := range []string{
		`<h2 id="map-heading">Who would put troops in Ukraine?</h2>`,
		`<title id="map-ground-forces-title">Map: Who would put troops in Ukraine?</title>`,
		`<a href="map/index.html#q-monitoring">Who has a position on ceasefire monitoring?</a>`,
	} {
		if !strings.Contains(home, want) {
			t.Errorf("the front page lacks %s", want)
		}
	}
	if strings.Contains(home, `#q-ground-forces"`) {
		t.Error("the front page lists its own question among the others")
	}
	cats := []string{"monitoring", "ground-forces", "hubs"}
	if n := strings.Count(mapPage, `<svg class="map"`); n != len(cats) {
		t.Errorf("the map page has %d maps, want one per category, %d", n, len(cats))
	}
	for _, id := range cats {
		for _, want := range []string{`<a href="#q-` + id + `">`, `<h2 id="q-` + id + `">`, `<title id="map-` + id + `-title">Map: Who `} {
			if strings.Count(mapPage, want) != 1 {
				t.Errorf("the map page has %q %d times, want once", want, strings.Count(mapPage, want))
			}
		}
	}
}
