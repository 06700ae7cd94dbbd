package output

import (
	"os"
	"path/filepath"
	"slices"
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

// killedWork makes, beside target, the work folder a build killed while it
// wrote would leave: marked, with a part of a site in it.
func killedWork(t *testing.T, target, hexDigits string) string {
	t.Helper()
	base := filepath.Base(target)
	work := filepath.Join(filepath.Dir(target), "."+base+"."+hexDigits+".tmp")
	if err := os.MkdirAll(filepath.Join(work, siteName, "briefs"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(work, siteName, "briefs", "index.html"), []byte("half"), 0o644)
	os.WriteFile(filepath.Join(work, markerName), []byte(markerText(base)), 0o644)
	return work
}

// TestOnlyMarkedLeftoversRemoved: a folder is taken for a killed build's
// leftover only when it has a work folder's name and the marker a build
// writes in it first (or is empty). Folders that merely have such a name,
// or hold a marker for another output, or hold a marker that is not the
// build's, stay. Output names with glob metacharacters match nothing else.
func TestOnlyMarkedLeftoversRemoved(t *testing.T) {
	for _, base := range []string{"public", "pub[lic]", "*", "?", `a\b`, "[!x]", "{a,b}"} {
		t.Run(base, func(t *testing.T) {
			dir := t.TempDir()
			target := filepath.Join(dir, base)
			mk := func(name string, files map[string]string) {
				os.MkdirAll(filepath.Join(dir, name), 0o755)
				for f, data := range files {
					os.WriteFile(filepath.Join(dir, name, f), []byte(data), 0o644)
				}
			}
			killed := filepath.Base(killedWork(t, target, "0123456789ab"))
			mk("."+base+".ba9876543210.tmp", nil)                               // empty: a build killed as it made it
			mk("."+base+".cafe00000000.tmp", map[string]string{markerName: ""}) // killed as it marked it
			stay := []string{
				"." + base + ".0123456789ac.tmp",     // the name, without the marker
				"." + base + ".0123456789ad.tmp",     // a marker for another output
				"." + base + ".0123456789ae.tmp",     // a marker that is not the build's
				"." + base + ".0123456789af.tmp.old", // an old name, no longer made
				".publicity.tmp", ".pubc.0123456789ab.tmp", ".x.0123456789ab.tmp", "public-notes",
			}
			mk(stay[0], map[string]string{"notes.txt": "mine"})
			mk(stay[1], map[string]string{markerName: markerText("other"), "notes.txt": "mine"})
			mk(stay[2], map[string]string{markerName: "mine", "notes.txt": "mine"})
			for _, name := range stay[3:] {
				mk(name, map[string]string{"notes.txt": "mine", markerName: markerText(base)})
			}
			if l := Leftovers(target); len(l) != 3 || filepath.Base(l[0]) != killed {
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
			slices.Sort(stay)
			if !slices.Equal(names, stay) {
				t.Errorf("after a build started: %q\nwant %q", names, stay)
			}
		})
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
