package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/briefing/briefing/internal/diag"
)

// site makes a site folder beside a secret, with links of every kind.
func site(t *testing.T) (dir, secret string) {
	t.Helper()
	root := t.TempDir()
	dir = filepath.Join(root, "site")
	secret = filepath.Join(root, "secret.txt")
	for name, data := range map[string]string{
		"site/static/a.css":      "a",
		"site/content/about.md":  "about",
		"secret.txt":             "secret",
		"private/notes.txt":      "private",
		"site/static/sub/b.html": "b",
	} {
		os.MkdirAll(filepath.Join(root, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(root, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{
		"static/abs.txt":     secret,
		"static/rel.txt":     "../../secret.txt",
		"static/private":     filepath.Join(root, "private"),
		"static/inside.css":  "a.css",
		"static/dangling":    "nothing-here",
		"content/linked.md":  "about.md",
		"content/escape.md":  "../../secret.txt",
		"static/sub/up.html": "../a.css",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	return dir, secret
}

func TestNothingOutside(t *testing.T) {
	dir, secret := site(t)
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	for _, name := range []string{"static/abs.txt", "static/rel.txt", "static/private/notes.txt", "content/escape.md", "../secret.txt", "static/../../secret.txt", secret} {
		data, err := fs.ReadFile(f, name)
		if err == nil || strings.Contains(string(data), "secret") || strings.Contains(string(data), "private") {
			t.Errorf("ReadFile(%q) = %q, %v; want an error", name, data, err)
		}
	}
	var e *diag.Error
	if _, err := fs.ReadFile(f, "static/abs.txt"); !errors.As(err, &e) || e.Pos.File != "static/abs.txt" ||
		e.Msg != "a symbolic link to "+secret+", which is outside the site folder: the build reads nothing outside the site folder: put a copy in the site folder instead of a link" {
		t.Errorf("the error for a link out: %v", err)
	}
	if _, err := fs.ReadFile(f, "static/private/notes.txt"); err == nil || !strings.Contains(err.Error(), "in static/private/, a symbolic link to") {
		t.Errorf("the error for a file under a folder link out: %v", err)
	}

	// Links inside the folder are followed.
	for name, want := range map[string]string{"static/inside.css": "a", "content/linked.md": "about", "static/sub/up.html": "a"} {
		if data, err := fs.ReadFile(f, name); err != nil || string(data) != want {
			t.Errorf("ReadFile(%q) = %q, %v; want %q", name, data, err, want)
		}
	}

	// Listings leave out the links that lead out or nowhere, and Join
	// reports each.
	var names []string
	fs.WalkDir(f, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Errorf("walk %s: %v", p, err)
		}
		names = append(names, p)
		return nil
	})
	for _, n := range names {
		if strings.Contains(n, "abs") || strings.Contains(n, "rel.txt") || strings.Contains(n, "private") || strings.Contains(n, "escape") {
			t.Errorf("listed %s", n)
		}
	}
	err = f.Join(nil)
	var list diag.List
	if !errors.As(err, &list) || len(list) != 5 {
		t.Fatalf("Join: %v", err)
	}
	if list[2].Msg != "a symbolic link to nothing-here, which does not exist: point it at a file of the site folder, or remove it" {
		t.Errorf("the error for a dangling link: %v", list[2])
	}
	for i, want := range []string{"content/escape.md", "static/abs.txt", "static/dangling", "static/private", "static/rel.txt"} {
		if list[i].Pos.File != want {
			t.Errorf("Join: error %d is for %s, want %s", i, list[i].Pos.File, want)
		}
	}
	// Join keeps the build's own errors.
	var build diag.List
	build.Add(diag.Pos{File: "site.toml", Line: 1, Col: 1}, "broken")
	if err := f.Join(build); !errors.As(err, &list) || len(list) != 6 {
		t.Errorf("Join(build errors): %v", err)
	}
}

func TestTooBig(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.bin")
	file, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	file.Truncate(MaxFile + 1) // sparse: no disk used
	file.Close()
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := fs.ReadFile(f, "big.bin"); err == nil || !strings.Contains(err.Error(), "the build reads no file over 256 MiB") {
		t.Errorf("ReadFile of a file over the limit: %v", err)
	}
	if _, err := f.Open("big.bin"); err == nil || !strings.Contains(err.Error(), "the build reads no file over 256 MiB") {
		t.Errorf("Open of a file over the limit: %v", err)
	}
	if _, err := Open(filepath.Join(dir, "nope")); err == nil || !strings.Contains(err.Error(), "cannot open the site folder") {
		t.Errorf("Open of a missing folder: %v", err)
	}
}

// TestOnlyRegularFiles: a named pipe is refused by name at once; opening
// it would wait for a writer for good.
func TestOnlyRegularFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := "pipe.md: a named pipe (FIFO), not a file: the build reads only regular files; remove it or put a file in its place"
	if _, err := f.Open("pipe.md"); err == nil || err.Error() != want {
		t.Errorf("Open of a named pipe: %v\nwant %s", err, want)
	}
	if _, err := fs.ReadFile(f, "pipe.md"); err == nil || err.Error() != want {
		t.Errorf("ReadFile of a named pipe: %v", err)
	}
}
