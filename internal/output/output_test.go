package output

import (
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
	killed := filepath.Join(filepath.Dir(target), ".public.0123456789ab.tmp")
	os.MkdirAll(filepath.Join(killed, "briefs"), 0o755)
	d, err := Create(target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	if _, err := os.Stat(killed); !os.IsNotExist(err) {
		t.Errorf("the staging folder of a killed build is still there")
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
