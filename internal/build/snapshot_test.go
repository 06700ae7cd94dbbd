package build

import (
	"bytes"
	"context"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// counting is a file system that counts how often each file is opened or
// read whole.
type counting struct {
	fs.FS
	mu    sync.Mutex
	reads map[string]int
}

func (c *counting) count(name string) {
	if info, err := fs.Stat(c.FS, name); err == nil && info.Mode().IsRegular() {
		c.mu.Lock()
		c.reads[name]++
		c.mu.Unlock()
	}
}

func (c *counting) Open(name string) (fs.File, error) {
	c.count(name)
	return c.FS.Open(name)
}

// TestReadOnce: a build reads each file of the site folder once, so that
// everything it makes comes from one snapshot of the folder.
func TestReadOnce(t *testing.T) {
	src := &counting{FS: fixture(t), reads: map[string]int{}}
	if _, err := Run(src, Options{Theme: theme}, memory{}); err != nil {
		t.Fatal(err)
	}
	if len(src.reads) == 0 {
		t.Fatal("no file was read")
	}
	for name, n := range src.reads {
		if n != 1 {
			t.Errorf("%s read %d times, want once", name, n)
		}
	}
}

// TestOneSnapshot: a brief and a data file changed on disk after the site
// was loaded change nothing the build then makes: the brief's page, the
// feed and the downloads all show the bytes that were loaded and checked.
func TestOneSnapshot(t *testing.T) {
	src := fixture(t)
	s, err := NewCache(Options{Theme: theme}).Load(src)
	if err != nil {
		t.Fatal(err)
	}
	brief := src["content/briefs/2026-01-06-first.md"]
	brief.Data = bytes.ReplaceAll(brief.Data, []byte("to monitor"), []byte("UNCHECKED TEXT"))
	brief.Data = bytes.ReplaceAll(brief.Data, []byte("The first brief, about Atlantis."), []byte("UNCHECKED SUMMARY"))
	data := src["content/data/pledges.toml"]
	data.Data = bytes.ReplaceAll(data.Data, []byte("Atlantis would monitor from outside."), []byte("UNCHECKED PLEDGE"))
	src["content/briefs/2026-01-09-late.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"UNCHECKED BRIEF\"\ndate = 2026-01-09\nsummary = \"S\"\n+++\nText.\n")}

	files := memory{}
	if _, err := s.Write(context.Background(), files, nil); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if bytes.Contains(data, []byte("UNCHECKED")) {
			t.Errorf("%s shows text saved after the load", name)
		}
	}
	for name, want := range map[string]string{
		"briefs/first/index.html": "to monitor",
		"feed.xml":                "to monitor",
		"data/pledges.json":       "Atlantis would monitor from outside.",
		"data/pledges.csv":        "Atlantis would monitor from outside.",
	} {
		if !strings.Contains(string(files[name]), want) {
			t.Errorf("%s does not show the loaded text %q", name, want)
		}
	}
}
