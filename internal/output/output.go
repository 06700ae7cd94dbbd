// Package output writes a built site to a folder, in a way that suits static
// hosts and the tools that copy to them.
//
//   - Safe: Check refuses a folder whose replacement would lose anything but
//     an earlier build, such as the site folder or a folder of notes. A
//     symbolic link given as the output is followed: the folder it leads to
//     is replaced and the link stays (a link is how a web server's root is
//     often set, and it is the user's, not the build's, to replace).
//   - Touches only what it made: the build works in a folder of its own
//     beside the target, marked by a file it writes there first; only such
//     a marked folder is ever taken for a leftover, never a folder by its
//     name. Removal never enters another file system mounted inside what it
//     removes: it leaves it, and says so.
//   - Atomic: files go to a staging folder in that work folder; only when
//     every file has been written does the staging folder take the target's
//     place, in one atomic exchange where the system offers it. A failed
//     build leaves the previous output exactly as it was. A full disk is one
//     error for the folder, not one for each file.
//   - Incremental: a file whose bytes did not change is hard-linked from the
//     previous output instead of written again, so it keeps its modification
//     time and rsync or an object-store sync sends only the difference; files
//     that no longer belong are gone after the swap.
//   - Precompressed, on request: a .gz and a .br beside every text file, for
//     hosts that serve precompressed files (nginx gzip_static, brotli_static).
//   - Crash-safe: a build killed at any moment (SIGKILL, a power cut of the
//     process) leaves the previous output whole, because nothing is written
//     into the target itself; the next build removes the work folder the
//     killed one left. Where there is no exchange (other systems, some file
//     systems) two renames replace the target, and a build killed between
//     them leaves the target missing and the previous site in its marked
//     work folder: the next build puts it back. One build at a time writes
//     beside a folder: a second is refused while the first holds the lock
//     (on Unix, flock on the parent folder, released by the kernel when a
//     process dies).
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
	"syscall"

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
	name    string // the output folder as the caller named it, for messages
	target  string // the folder replaced: name made absolute, with a link at name followed
	work    string // the build's own folder beside target, marked as such (see Leftovers)
	staging string // work/site, where the new site is written
	opts    Options
	unlock  func()
	names   map[string]bool // written so far
	dirs    map[string]bool // folders made in staging so far
	old     bool            // whether target exists, with files to keep
	err     error           // the first failure of the output folder itself
	notes   []string
	done    bool
	Written int // files written anew, counting compressed variants
	Kept    int // files unchanged since the previous build, linked
}

// A build's own folder beside the target is named ".NAME.XXXXXXXXXXXX.tmp"
// (twelve hex digits) and holds a marker file, written before anything
// else. Only a folder with both is ever taken for a leftover: a name alone
// could be a user's folder.
const (
	markerName = ".briefing-build"
	siteName   = "site" // the new site, in the work folder
	oldName    = "old"  // the previous site, while two renames replace it
)

func markerText(base string) string {
	return "This folder was made by a build of " + base + " (briefing build) and is removed by the next one.\n"
}

// workFolder reports whether name, in the folder beside target, is the name
// a build of target gives its work folder.
func workFolder(name, base string) bool {
	rest, ok := strings.CutPrefix(name, "."+base+".")
	if !ok {
		return false
	}
	hexDigits, ok := strings.CutSuffix(rest, ".tmp")
	if !ok || len(hexDigits) != 12 {
		return false
	}
	_, err := hex.DecodeString(hexDigits)
	return err == nil
}

// Leftovers lists the work folders that builds of the output folder name,
// killed before they finished, left beside it: folders with a work folder's
// name that hold the marker a build writes first, or that are empty, or
// hold only an empty marker (a build killed as it made the folder).
// Removing them loses nothing a build did not make.
func Leftovers(name string) []string {
	target, err := resolve(name)
	if err != nil {
		return nil
	}
	parent, base := filepath.Dir(target), filepath.Base(target)
	entries, _ := os.ReadDir(parent)
	var out []string
	for _, e := range entries {
		if !e.IsDir() || !workFolder(e.Name(), base) { // IsDir is false for a link
			continue
		}
		dir := filepath.Join(parent, e.Name())
		if marked(dir, base) || unmarkedEmpty(dir) {
			out = append(out, dir)
		}
	}
	return out
}

// marked reports whether dir holds the marker of a build of base.
func marked(dir, base string) bool {
	file := filepath.Join(dir, markerName)
	info, err := os.Lstat(file)
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(markerText(base))) {
		return false
	}
	data, err := os.ReadFile(file)
	return err == nil && string(data) == markerText(base)
}

// unmarkedEmpty reports whether dir is empty but for an empty marker.
func unmarkedEmpty(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) > 1 {
		return false
	}
	if len(entries) == 0 {
		return true
	}
	info, err := entries[0].Info()
	return err == nil && entries[0].Name() == markerName && info.Mode().IsRegular() && info.Size() == 0
}

// Create starts writing a new version of the output folder name. A
// symbolic link at name is followed: the folder it leads to is replaced and
// the link is left as it is. Leftovers of earlier builds killed before they
// finished are dealt with first (see Notes). It fails when another build is
// writing the folder.
func Create(name string, opts Options) (*Dir, error) {
	name = filepath.Clean(name)
	target, err := resolve(name)
	if err != nil {
		return nil, err
	}
	parent, base := filepath.Dir(target), filepath.Base(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("output folder %s: cannot create the folder it goes in: %w; choose another -out", name, unwrap(err))
	}
	unlock, err := lock(parent)
	if err != nil {
		return nil, fmt.Errorf("output folder %s: %w", name, err)
	}
	d := &Dir{name: name, target: target, opts: opts, unlock: unlock, names: map[string]bool{}, dirs: map[string]bool{".": true}}
	d.tidy()
	var rnd [6]byte
	rand.Read(rnd[:])
	d.work = filepath.Join(parent, "."+base+"."+hex.EncodeToString(rnd[:])+".tmp")
	d.staging = filepath.Join(d.work, siteName)
	if err := makeWork(d.work, base); err != nil {
		os.Remove(filepath.Join(d.work, markerName))
		os.Remove(d.work)
		unlock()
		return nil, fmt.Errorf("output folder %s: cannot write in %s: %w; %s", name, parent, unwrap(err), advice(err, parent))
	}
	_, err = os.Stat(target)
	d.old = err == nil
	return d, nil
}

// makeWork makes the work folder, marks it, and makes the staging folder in
// it. The marker is one write of a new file, so a killed build leaves it
// whole or empty.
func makeWork(work, base string) error {
	if err := os.Mkdir(work, 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(work, markerName), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.WriteString(markerText(base))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Mkdir(filepath.Join(work, siteName), 0o755)
}

// tidy deals with what killed builds left beside the target. A build killed
// between the two renames of the fallback swap left the target missing and
// the previous site in its work folder: that site is put back, never
// removed. Then the leftovers are removed, all but what lies on another file
// system.
func (d *Dir) tidy() {
	for _, l := range Leftovers(d.target) {
		if !marked(l, filepath.Base(d.target)) {
			os.Remove(filepath.Join(l, markerName)) // empty, see unmarkedEmpty
			os.Remove(l)
			continue
		}
		old := filepath.Join(l, oldName)
		if _, err := os.Lstat(d.target); errors.Is(err, fs.ErrNotExist) {
			if info, err := os.Lstat(old); err == nil && info.IsDir() {
				if err := os.Rename(old, d.target); err != nil {
					d.notes = append(d.notes, fmt.Sprintf("output folder %s is missing, and the previous site that a killed build left in %s cannot be put back: %v; move it back by hand", d.name, old, unwrap(err)))
					continue // never removed
				}
				d.notes = append(d.notes, fmt.Sprintf("output folder %s was missing (a build was killed while it replaced it): the previous site is back in place", d.name))
			}
		}
		if err := remove(l); err != nil {
			d.notes = append(d.notes, fmt.Sprintf("output folder %s: the leftover of an earlier build, %s, cannot be removed: %v", d.name, l, err))
		}
	}
}

// Notes are what Create found and did that the user should know: a site
// put back after a killed build, a leftover that could not be removed.
func (d *Dir) Notes() []string { return d.notes }

// resolve is name made absolute, with a symbolic link at name followed to
// the folder it leads to. A link that leads nowhere, or round in a loop, is
// refused: which folder is meant is not known.
func resolve(name string) (string, error) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return "", fmt.Errorf("output folder %s: %w", name, err)
	}
	p := abs
	for hops := 0; ; hops++ {
		info, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist) && p == abs:
			return abs, nil // a new folder
		case errors.Is(err, fs.ErrNotExist):
			return "", fmt.Errorf("output folder %s is a symbolic link to %s, which does not exist: make that folder, or choose another -out", name, p)
		case err != nil:
			return "", fmt.Errorf("output folder %s: %w; choose another -out", name, unwrap(err))
		case info.Mode()&fs.ModeSymlink == 0:
			if real, err := filepath.EvalSymlinks(p); err == nil {
				return real, nil // with the links in its parents resolved too
			}
			return p, nil
		case hops == 40:
			return "", fmt.Errorf("output folder %s is a symbolic link that leads round in a loop: choose another -out", name)
		}
		to, err := os.Readlink(p)
		if err != nil {
			return "", fmt.Errorf("output folder %s: %w; choose another -out", name, unwrap(err))
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(p), to)
		}
		p = to
	}
}

// advice says what to do about err, a failure to write in the folder dir.
func advice(err error, dir string) string {
	switch {
	case errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT):
		return "free some space on its disk, or choose another -out"
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
		return "choose another -out, or make " + dir + " writable"
	}
	return "choose another -out"
}

// unwrap drops the paths an *fs.PathError or *os.LinkError repeats, which
// the messages here already name.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// Write stores data at name, a slash-separated path inside the site, and
// returns the bytes stored. A failure of the output folder itself, such as a
// full disk, is not an error of the file: Write keeps it for Err and writes
// nothing more, so it is reported once, for the folder, and not as one error
// for each file that came after.
func (d *Dir) Write(name string, data []byte) (int, error) {
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, `\`) {
		return 0, fmt.Errorf("refusing to write %q: not a path inside the site", name)
	}
	if d.names[name] {
		return 0, fmt.Errorf("refusing to write %q twice: two files of the site have the same name", name)
	}
	d.names[name] = true
	if d.err != nil {
		return len(data), nil
	}
	if err := d.write(name, data); err != nil {
		if !namesFault(err) {
			d.err = err
			return len(data), nil
		}
		return 0, fmt.Errorf("cannot be written: %w", unwrap(err))
	}
	return len(data), nil
}

// namesFault reports whether err, from writing a file of the site, is the
// fault of the file's name (too long, or a file where a folder must be),
// rather than of the output folder.
func namesFault(err error) bool {
	for _, e := range []error{syscall.ENAMETOOLONG, syscall.ENOTDIR, syscall.EISDIR, syscall.EEXIST, syscall.EINVAL, syscall.EILSEQ} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// Err is the failure of the output folder itself (a full disk, an I/O
// error) that stopped Write, if any: the build cannot be committed.
func (d *Dir) Err() error {
	if d.err == nil {
		return nil
	}
	return fmt.Errorf("output folder %s: cannot write the site: %v; %s", d.name, unwrap(d.err), advice(d.err, filepath.Dir(d.target)))
}

func (d *Dir) write(name string, data []byte) error {
	if err := d.mkdir(path.Dir(name)); err != nil {
		return err
	}
	file := filepath.FromSlash(name)
	kept, err := d.put(file, data)
	if err != nil {
		return err
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
				return err
			}
		}
	}
	return nil
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

// keep links the previous build's file into the staging folder. Only a
// regular file is kept: a symbolic link someone put in the previous output
// would be published as a link.
func (d *Dir) keep(file string) error {
	prev := filepath.Join(d.target, file)
	if info, err := os.Lstat(prev); err != nil || !info.Mode().IsRegular() {
		return errors.New("not a regular file")
	}
	if err := os.Link(prev, filepath.Join(d.staging, file)); err != nil {
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
// Its error says what is in place: the previous site, untouched, unless
// the error says otherwise.
func (d *Dir) Commit() error {
	if d.done {
		return errors.New("output: already committed or aborted")
	}
	d.done = true
	defer d.unlock()
	if err := d.Err(); err != nil {
		remove(d.work)
		return fmt.Errorf("%w; %s was left as it was", err, d.name)
	}
	aside := filepath.Join(d.work, oldName)
	if err := swap(d.staging, d.target, aside); err != nil {
		var stuck *stuckError
		if errors.As(err, &stuck) {
			return fmt.Errorf("output folder %s: cannot replace it: %v, nor put the previous site back: %v; the previous site is in %s, and the next build puts it back", d.name, unwrap(stuck.replace), unwrap(stuck.back), aside)
		}
		remove(d.work)
		return fmt.Errorf("output folder %s: cannot replace it with the new site: %v; %s was left as it was", d.name, unwrap(err), d.name)
	}
	// The new site is in place; the work folder holds the previous one.
	if err := remove(d.work); err != nil {
		return fmt.Errorf("the new site is in place in %s, but the previous one is left in %s: %v", d.name, d.work, err)
	}
	return nil
}

// Abort discards everything written; the target is untouched.
func (d *Dir) Abort() {
	if !d.done {
		d.done = true
		remove(d.work)
		d.unlock()
	}
}
