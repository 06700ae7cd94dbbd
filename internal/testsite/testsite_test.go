package testsite

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestSites: every archive gives a site with a vocabulary, and a base's
// files are laid under the archive's own.
func TestSites(t *testing.T) {
	names, err := fs.Glob(archives, "testdata/*.txtar")
	if err != nil || len(names) == 0 {
		t.Fatalf("no archives: %v", err)
	}
	for _, n := range names {
		name := strings.TrimSuffix(filepath.Base(n), ".txtar")
		fsys := FS(t, name)
		if fsys["content/data/vocabulary.toml"] == nil || fsys["site.toml"] == nil {
			t.Errorf("%s: no vocabulary or site.toml", name)
		}
		if err := fstest.TestFS(fsys, "site.toml"); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	small, matrix := FS(t, "small"), FS(t, "matrix")
	if string(matrix["content/data/vocabulary.toml"].Data) != string(small["content/data/vocabulary.toml"].Data) {
		t.Errorf("matrix does not take small's vocabulary")
	}
	if string(matrix["content/data/pledges.toml"].Data) == string(small["content/data/pledges.toml"].Data) {
		t.Errorf("matrix's own pledges are not laid over small's")
	}
}

func TestOverridesAndEdit(t *testing.T) {
	fsys := FS(t, "small", "-- content/data/extra.toml --\na = 1\n-- site.toml --\ntitle = \"T\"\n")
	if string(fsys["content/data/extra.toml"].Data) != "a = 1\n" || string(fsys["site.toml"].Data) != "title = \"T\"\n" {
		t.Errorf("overrides not laid over: %q %q", fsys["content/data/extra.toml"].Data, fsys["site.toml"].Data)
	}
	Edit(t, fsys, "site.toml", `"T"`, `"U"`)
	if string(fsys["site.toml"].Data) != "title = \"U\"\n" {
		t.Errorf("edit: %q", fsys["site.toml"].Data)
	}
	if again := FS(t, "small"); string(again["site.toml"].Data) == "title = \"U\"\n" {
		t.Errorf("a change to one call's files reached another's")
	}
	dir := Dir(t, "small")
	data, err := os.ReadFile(filepath.Join(dir, "content/data/pledges.toml"))
	if err != nil || string(data) != string(FS(t, "small")["content/data/pledges.toml"].Data) {
		t.Errorf("Dir: %v", err)
	}
}
