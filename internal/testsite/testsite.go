// Package testsite holds the small sites that tests build and load, each a
// txtar archive (golang.org/x/tools/txtar) in testdata/: a comment that
// says what the site is for, then one section per file of the site folder.
//
//	fsys := testsite.FS(t, "small")      // testdata/small.txtar as an fstest.MapFS
//	dir := testsite.Dir(t, "small")      // the same files in a t.TempDir()
//
// An archive may start from another: a line "base: NAME" in its comment
// lays its files over those of NAME. A test changes a site with overrides,
// txtar text laid over last (a section replaces the file of its name or
// adds one), or with Edit, or by changing the MapFS it was given: every
// call returns fresh copies.
//
//	fsys := testsite.FS(t, "small", "-- content/data/extra.toml --\n[[country]]\ncode = \"DE\"\n...")
//	testsite.Edit(t, fsys, "content/data/pledges.toml", `status     = "announced"`, `status     = "pledged"`)
//
// The sites:
//
//	small    every kind of data entry once or twice (FR, GB and a group),
//	         and every term of the vocabulary the other sites use; no brief.
//	         The dataset's tests point into its files by line: append to
//	         them, never insert.
//	matrix   small with six countries written out of order, seven pledges
//	         over three categories, three events and three briefs (one a
//	         draft): the site model's tests.
//	quoting  small with sources, countries and pledges whose text CSV and
//	         JSON must quote and keep: the data downloads' tests.
//
// The sites hold content only; a build takes its templates from the theme.
package testsite

import (
	"embed"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/briefing/briefing/internal/synth"
)

//go:embed testdata/*.txtar
var archives embed.FS

// Synth returns a synthetic site (internal/synth) in memory, as the
// benchmarks and the randomised tests use them.
func Synth(cfg synth.Config) (fstest.MapFS, error) {
	fsys := fstest.MapFS{}
	err := synth.Generate(cfg, func(f synth.File) error {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
		return nil
	})
	return fsys, err
}

// FS returns the files of the site name, with overrides laid over them in
// order, as a MapFS the test may change. It fails the test when there is
// no such site or an override holds no file.
func FS(t testing.TB, name string, overrides ...string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	if err := lay(fsys, name, 0); err != nil {
		t.Fatalf("testsite: %v", err)
	}
	for i, o := range overrides {
		a := txtar.Parse([]byte(o))
		if len(a.Files) == 0 {
			t.Fatalf("testsite: override %d of %s has no file (a section starts with a line -- name --)", i+1, name)
		}
		add(fsys, a)
	}
	return fsys
}

// Dir writes the files of FS(t, name, overrides...) into a new temporary
// folder and returns its path.
func Dir(t testing.TB, name string, overrides ...string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, FS(t, name, overrides...)); err != nil {
		t.Fatalf("testsite: %v", err)
	}
	return dir
}

// Edit replaces old by new in the file name of fsys, failing the test
// unless old occurs there exactly once: an edit that silently did nothing,
// or did it twice, would test something else.
func Edit(t testing.TB, fsys fstest.MapFS, name, old, new string) {
	t.Helper()
	f := fsys[name]
	if f == nil {
		t.Fatalf("testsite: edit of %s: no such file", name)
	}
	if n := strings.Count(string(f.Data), old); n != 1 {
		t.Fatalf("testsite: edit of %s: %q occurs %d times, want once", name, old, n)
	}
	f.Data = []byte(strings.Replace(string(f.Data), old, new, 1))
}

// lay adds the files of the archive name to fsys, after those of its base.
func lay(fsys fstest.MapFS, name string, depth int) error {
	if depth > 8 {
		return fmt.Errorf("testdata/%s.txtar: more than 8 bases deep; do the base: lines go round in a circle?", name)
	}
	data, err := archives.ReadFile("testdata/" + name + ".txtar")
	if err != nil {
		return err
	}
	a := txtar.Parse(data)
	for _, line := range strings.Split(string(a.Comment), "\n") {
		if base, ok := strings.CutPrefix(line, "base: "); ok {
			if err := lay(fsys, strings.TrimSpace(base), depth+1); err != nil {
				return err
			}
		}
	}
	add(fsys, a)
	return nil
}

func add(fsys fstest.MapFS, a *txtar.Archive) {
	for _, f := range a.Files {
		fsys[f.Name] = &fstest.MapFile{Data: append([]byte(nil), f.Data...), Mode: 0o644}
	}
}
