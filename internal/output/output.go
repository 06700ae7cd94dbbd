// Package output writes a built site to a folder, in a way that suits static
// hosts and the tools that copy to them.
//
//   - Safe: Check refuses a folder whose replacement would lose anything but
//     an earlier build, such as the site folder or a folder of notes.
//   - Atomic: files go to a staging folder beside the target; only when every
//     file has been written does the staging folder take the target's place,
//     in one atomic exchange where the system offers it. A failed build
//     leaves the previous output exactly as it was.
//   - Incremental: a file whose bytes did not change is hard-linked from the
//     previous output instead of written again, so it keeps its modification
//     time and rsync or an object-store sync sends only the difference; files
//     that no longer belong are gone after the swap.
//   - Precompressed, on request: a .gz and a .br beside every text file, for
//     hosts that serve precompressed files (nginx gzip_static, brotli_static).
//   - Crash-safe: a build killed at any moment (SIGKILL, a power cut of the
//     process) leaves the previous output whole, because nothing is written
//     into the target itself; the next build removes the staging folder the
//     killed one left. One build at a time writes beside a folder: a second
//     is refused while the first holds the lock (on Unix, flock on the
//     parent folder, released by the kernel when a process dies).
//   - Each file once: writing a name twice is an error, so two pages that
//     would share a URL can never silently replace one another.
package output

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/andybalholm/brotli"
)

// Options say how to write.
type Options struct {
	Compress bool // also write .gz and .br beside each text file
}

// compressible are the extensions worth precompressing.
var compressible = map[string]bool{
	".html": true, ".css": true, ".js": true, ".svg": true, ".xml": true,
	".json": true, ".csv": true, ".txt": true,
}

// Dir is an output folder being written.
type Dir struct {
	target  string
	staging string
	opts    Options
	unlock  func()
	names   map[string]bool // written so far
	dirs    map[string]bool // folders made in staging so far
	old     bool            // whether target exists, with files to keep
	done    bool
	Written int // files written anew, counting compressed variants
	Kept    int // files unchanged since the previous build, linked
}

// Leftovers lists the staging folders that builds of target killed before
// they finished left beside it.
func Leftovers(target string) []string {
	target = filepath.Clean(target)
	parent, base := filepath.Dir(target), filepath.Base(target)
	var out []string
	for _, pattern := range []string{"." + base + ".*.tmp", "." + base + ".*.tmp.old"} {
		m, _ := filepath.Glob(filepath.Join(parent, pattern))
		out = append(out, m...)
	}
	return out
}

// Create starts writing a new version of the folder target. Leftovers of
// earlier builds that were killed before they finished are removed first.
// It fails when another build is writing target.
func Create(target string, opts Options) (*Dir, error) {
	target = filepath.Clean(target)
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("output folder %s: cannot create the folder it goes in: %w; choose another -out", target, unwrap(err))
	}
	unlock, err := lock(parent)
	if err != nil {
		return nil, fmt.Errorf("output folder %s: %w", target, err)
	}
	for _, o := range Leftovers(target) {
		os.RemoveAll(o)
	}
	var rnd [6]byte
	rand.Read(rnd[:])
	staging := filepath.Join(parent, "."+filepath.Base(target)+"."+hex.EncodeToString(rnd[:])+".tmp")
	if err := os.Mkdir(staging, 0o755); err != nil {
		unlock()
		return nil, fmt.Errorf("output folder %s: cannot write in %s: %w; choose another -out, or make %s writable", target, parent, unwrap(err), parent)
	}
	_, err = os.Stat(target)
	return &Dir{target: target, staging: staging, opts: opts, unlock: unlock, names: map[string]bool{},
		dirs: map[string]bool{".": true}, old: err == nil}, nil
}

// unwrap drops the path an *fs.PathError repeats, which the messages above
// already name.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Write stores data at name, a slash-separated path inside the site, and
// returns the bytes stored.
func (d *Dir) Write(name string, data []byte) (int, error) {
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, `\`) {
		return 0, fmt.Errorf("refusing to write %q: not a path inside the site", name)
	}
	if d.names[name] {
		return 0, fmt.Errorf("refusing to write %q twice: two files of the site have the same name", name)
	}
	d.names[name] = true
	if err := d.mkdir(path.Dir(name)); err != nil {
		return 0, err
	}
	file := filepath.FromSlash(name)
	kept, err := d.put(file, data)
	if err != nil {
		return 0, err
	}
	if d.opts.Compress && compressible[path.Ext(name)] {
		for _, c := range []struct {
			ext      string
			compress func([]byte) []byte
		}{{".gz", gzipped}, {".br", brotlied}} {
			if kept && d.keep(file+c.ext) == nil {
				continue // the source did not change, so neither did its compressed forms
			}
			if _, err := d.put(file+c.ext, c.compress(data)); err != nil {
				return 0, err
			}
		}
	}
	return len(data), nil
}

// mkdir makes the folder dir of the site in staging, and the folders it is
// in. It remembers what it made: a site of 30,000 pages has 30,000 folders,
// and asking the file system about each again (as os.MkdirAll does) is a
// fifth of the system calls of writing it.
func (d *Dir) mkdir(dir string) error {
	if d.dirs[dir] {
		return nil
	}
	if err := d.mkdir(path.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(d.staging, filepath.FromSlash(dir)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	d.dirs[dir] = true
	return nil
}

// put writes data at file in the staging folder, or links the previous
// build's file when it holds the same bytes. It reports whether it linked.
func (d *Dir) put(file string, data []byte) (bool, error) {
	if d.old {
		if old, err := os.ReadFile(filepath.Join(d.target, file)); err == nil && bytes.Equal(old, data) {
			if d.keep(file) == nil {
				return true, nil
			}
		}
	}
	d.Written++
	return false, os.WriteFile(filepath.Join(d.staging, file), data, 0o644)
}

// keep links the previous build's file into the staging folder.
func (d *Dir) keep(file string) error {
	if err := os.Link(filepath.Join(d.target, file), filepath.Join(d.staging, file)); err != nil {
		return err
	}
	d.Kept++
	return nil
}

// gzipped is data compressed with gzip at its best level. The header carries
// no name or time, so the bytes depend only on data.
func gzipped(data []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return buf.Bytes()
}

// brotlied is data compressed with brotli at its best quality.
func brotlied(data []byte) []byte {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, brotli.BestCompression)
	io.Copy(w, bytes.NewReader(data))
	w.Close()
	return buf.Bytes()
}

// Commit puts the new site in the target's place and removes the old one.
func (d *Dir) Commit() error {
	if d.done {
		return errors.New("output: already committed or aborted")
	}
	d.done = true
	defer d.unlock()
	if err := swap(d.staging, d.target); err != nil {
		os.RemoveAll(d.staging)
		return fmt.Errorf("output folder: cannot replace %s: %w", d.target, err)
	}
	return os.RemoveAll(d.staging) // now holds the previous site, if any
}

// Abort discards everything written; the target is untouched.
func (d *Dir) Abort() {
	if !d.done {
		d.done = true
		os.RemoveAll(d.staging)
		d.unlock()
	}
}
