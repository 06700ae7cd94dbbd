package main

import (
	"bytes"
	"io/fs"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/build"
	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/sitefs"
)

// shuffled lists every folder of fsys in a random order, as a file system
// may: fs.ReadDir sorts a plain folder listing, but the ReadDir of a
// ReadDirFS is returned as it comes. Open passes through, so folders
// opened and read as files list shuffled too.
type shuffled struct {
	fsys fs.FS
	rng  *rand.Rand
}

func (s shuffled) Open(name string) (fs.File, error) {
	f, err := s.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	if d, ok := f.(fs.ReadDirFile); ok {
		return shuffledDir{d, s.rng}, nil
	}
	return f, nil
}

func (s shuffled) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(s.fsys, name)
	s.rng.Shuffle(len(entries), func(i, j int) { entries[i], entries[j] = entries[j], entries[i] })
	return entries, err
}

type shuffledDir struct {
	fs.ReadDirFile
	rng *rand.Rand
}

func (d shuffledDir) ReadDir(n int) ([]fs.DirEntry, error) {
	entries, err := d.ReadDirFile.ReadDir(n)
	d.rng.Shuffle(len(entries), func(i, j int) { entries[i], entries[j] = entries[j], entries[i] })
	return entries, err
}

// files is a sink that keeps what it is given.
type files map[string][]byte

func (f files) Write(name string, data []byte) (int, error) {
	f[name] = bytes.Clone(data)
	return len(data), nil
}

// TestDeterministicListing builds the shipped site from a file system that
// lists folders in a different random order each time, site and theme
// alike, and expects the bytes of a build from the sorted folders.
func TestDeterministicListing(t *testing.T) {
	t.Parallel()
	// The shipped site, with entries of one kind in several files and two
	// standalone pages, so that the order files are read in could show.
	dir := copySite(t)
	for _, kind := range []string{"pledge", "event", "question"} {
		name := dir + "/content/data/" + kind + "s.toml"
		data := string(must(os.ReadFile(name)))
		half := strings.Index(data[len(data)/2:], "\n[["+kind+"]]") + len(data)/2
		if half < len(data)/2 {
			t.Fatalf("bad test: cannot split %s", name)
		}
		os.WriteFile(name, []byte(data[:half]), 0o644)
		os.WriteFile(dir+"/content/data/more-"+kind+"s.toml", []byte(data[half:]), 0o644)
	}
	os.WriteFile(dir+"/content/methods.md", []byte("+++\ntitle = \"Methods\"\ndescription = \"D\"\n+++\nHow.\n"), 0o644)

	src, err := sitefs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	opts := build.Options{Theme: briefing.Theme, Today: date.Of(time.Now())}
	want := files{}
	if _, err := build.Run(src, opts, want); err != nil {
		t.Fatal(err)
	}
	for seed := range uint64(5) {
		rng := rand.New(rand.NewPCG(seed, 1))
		opts := opts
		opts.Theme = shuffled{briefing.Theme, rng}
		have := files{}
		if _, err := build.Run(shuffled{src, rng}, opts, have); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if len(have) != len(want) {
			t.Errorf("seed %d: %d files, want %d", seed, len(have), len(want))
		}
		for name, data := range want {
			if !bytes.Equal(have[name], data) {
				t.Errorf("seed %d: %s differs when folders are listed in another order", seed, name)
			}
		}
	}
	// The shuffling must really shuffle, or the test proves nothing.
	rng := rand.New(rand.NewPCG(0, 1))
	a := must(shuffled{os.DirFS(dir), rng}.ReadDir("content/data"))
	b := must(fs.ReadDir(os.DirFS(dir), "content/data"))
	same := true
	for i := range a {
		same = same && a[i].Name() == b[i].Name()
	}
	if same {
		t.Errorf("bad test: the shuffled listing of content/data is in order")
	}
}
