package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOneBuildAtATime: while a build writes beside a folder, a second one
// is refused (it would take the first one's staging folder for a leftover);
// once the first commits or aborts, the next may start.
func TestOneBuildAtATime(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	first, err := Create(target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	write(t, first, map[string]string{"index.html": "one"})
	if _, err := Create(target, Options{}); err == nil || !strings.Contains(err.Error(), "another build is writing it right now") {
		t.Fatalf("a second build at the same time: %v", err)
	}
	if err := first.Commit(); err != nil {
		t.Fatalf("the first build, after a second was refused: %v", err)
	}
	if have := tree(t, target); have["index.html"] != "one" {
		t.Errorf("after commit: %v", have)
	}
	second, err := Create(target, Options{})
	if err != nil {
		t.Fatalf("a build after the first committed: %v", err)
	}
	second.Abort()
	if third, err := Create(target, Options{}); err != nil {
		t.Fatalf("a build after one aborted: %v", err)
	} else {
		third.Abort()
	}
}

func TestWriteTwiceRefused(t *testing.T) {
	d, err := Create(filepath.Join(t.TempDir(), "public"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	write(t, d, map[string]string{"briefs/index.html": "list"})
	if _, err := d.Write("briefs/index.html", []byte("a page named briefs")); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("a second write of one name: %v", err)
	}
}

// TestAllLeftoversRemoved: the staging folder of a killed build, and the
// old site a killed two-rename swap left aside, are both removed; folders of
// other names are not.
func TestAllLeftoversRemoved(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "public")
	for _, name := range []string{".public.0123456789ab.tmp", ".public.ba9876543210.tmp.old", ".publicity.tmp", "public-notes"} {
		os.MkdirAll(filepath.Join(dir, name, "briefs"), 0o755)
	}
	if l := Leftovers(target); len(l) != 2 {
		t.Errorf("Leftovers: %v", l)
	}
	d, err := Create(target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d.Abort()
	var names []string
	for _, e := range must(os.ReadDir(dir)) {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != ".publicity.tmp public-notes" {
		t.Errorf("after a build started: %v", names)
	}
}

func TestUnwritable(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	if _, err := Create(filepath.Join(file, "public"), Options{}); err == nil || !strings.Contains(err.Error(), "choose another -out") {
		t.Errorf("an output folder under a file: %v", err)
	}
}
