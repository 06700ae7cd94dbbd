package output

import (
	"bytes"
	"compress/gzip"
	"io"
	"maps"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func write(t *testing.T, d *Dir, files map[string]string) {
	t.Helper()
	for name, data := range files {
		if _, err := d.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
}

// tree lists a folder's files with their contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			m[filepath.ToSlash(rel)] = string(data)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func siblings(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestCommitReplacesWhole(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	d, err := Create(target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, map[string]string{"index.html": "<p>one</p>", "old/index.html": "<p>gone soon</p>"})
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	d, _ = Create(target, Options{})
	write(t, d, map[string]string{"index.html": "<p>two</p>"})
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	have := tree(t, target)
	if len(have) != 1 || have["index.html"] != "<p>two</p>" {
		t.Errorf("after the second build: %v", have)
	}
	if names := siblings(t, target); !slices.Equal(names, []string{"public"}) {
		t.Errorf("beside the target: %v, want only public", names)
	}
}

func TestAbortLeavesTarget(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	d, _ := Create(target, Options{})
	write(t, d, map[string]string{"index.html": "<p>kept</p>"})
	d.Commit()
	d, _ = Create(target, Options{})
	write(t, d, map[string]string{"index.html": "<p>half</p>"})
	d.Abort()
	if have := tree(t, target); have["index.html"] != "<p>kept</p>" || len(have) != 1 {
		t.Errorf("after abort: %v", have)
	}
	if names := siblings(t, target); !slices.Equal(names, []string{"public"}) {
		t.Errorf("beside the target: %v, want only public", names)
	}
}

func TestLeftoversRemoved(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	killed := killedWork(t, target, "0123456789ab")
	d, err := Create(target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	if _, err := os.Stat(killed); !os.IsNotExist(err) {
		t.Errorf("the work folder of a killed build is still there")
	}
}

func TestWriteRefusesPathsOutside(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	d, _ := Create(target, Options{})
	defer d.Abort()
	for _, name := range []string{"../x.html", "/etc/x.html", "a/../../x.html", `a\..\x.html`, ""} {
		if _, err := d.Write(name, []byte("x")); err == nil {
			t.Errorf("Write(%q) succeeded", name)
		}
	}
}

// TestIncremental: a rebuild keeps unchanged files as they were (same
// inode, same modification time), rewrites changed ones, and drops the rest.
func TestIncremental(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	build := func(files map[string]string) {
		d, err := Create(target, Options{Compress: true})
		if err != nil {
			t.Fatal(err)
		}
		write(t, d, files)
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	build(map[string]string{"same.html": "<p>same</p>", "changed.html": "<p>one</p>", "gone.html": "<p>gone</p>", "logo.png": "PNG"})
	old := time.Now().Add(-time.Hour)
	for _, f := range []string{"same.html", "same.html.gz", "same.html.br", "changed.html", "logo.png"} {
		os.Chtimes(filepath.Join(target, f), old, old)
	}
	build(map[string]string{"same.html": "<p>same</p>", "changed.html": "<p>two</p>", "logo.png": "PNG"})

	for _, f := range []string{"same.html", "same.html.gz", "same.html.br", "logo.png"} {
		info, err := os.Stat(filepath.Join(target, f))
		if err != nil || !info.ModTime().Equal(old) {
			t.Errorf("%s: unchanged, but its time moved (%v)", f, err)
		}
	}
	if info, _ := os.Stat(filepath.Join(target, "changed.html")); info.ModTime().Equal(old) {
		t.Errorf("changed.html was not rewritten")
	}
	have := tree(t, target)
	if _, ok := have["gone.html"]; ok {
		t.Errorf("gone.html is still there")
	}
	if _, ok := have["logo.png.gz"]; ok {
		t.Errorf("a binary file was compressed")
	}
	if len(have) != 7 { // 3 files, and a .gz and a .br beside each of the 2 HTML files
		t.Errorf("files: %v", slices.Sorted(maps.Keys(have)))
	}
}

func TestCompressed(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	d, _ := Create(target, Options{Compress: true})
	page := strings.Repeat("<p>Pledges by country and kind of commitment.</p>", 50)
	write(t, d, map[string]string{"index.html": page})
	d.Commit()

	gz, err := gzip.NewReader(bytes.NewReader(must(os.ReadFile(filepath.Join(target, "index.html.gz")))))
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := io.ReadAll(gz); string(data) != page {
		t.Errorf(".gz does not decompress to the page")
	}
	br := brotli.NewReader(bytes.NewReader(must(os.ReadFile(filepath.Join(target, "index.html.br")))))
	if data, _ := io.ReadAll(br); string(data) != page {
		t.Errorf(".br does not decompress to the page")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestLinkInPreviousOutputNotKept: a symbolic link put in the previous
// output, leading to a file with the very bytes of a new page, is not
// linked into the new site (it would be published as a link to a file
// outside); the page is written.
func TestLinkInPreviousOutputNotKept(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "public")
	build(t, target, map[string]string{"index.html": "one"})
	os.WriteFile(filepath.Join(dir, "outside.html"), []byte("page"), 0o644)
	os.Symlink(filepath.Join(dir, "outside.html"), filepath.Join(target, "page.html"))
	d, _ := Create(target, Options{})
	write(t, d, map[string]string{"index.html": "one", "page.html": "page"})
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(filepath.Join(target, "page.html")); err != nil || !info.Mode().IsRegular() {
		t.Errorf("page.html is not a regular file: %v, %v", info.Mode(), err)
	}
	if d.Kept != 1 || d.Written != 1 {
		t.Errorf("kept %d, written %d; want 1 and 1", d.Kept, d.Written)
	}
}
