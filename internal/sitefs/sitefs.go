// Package sitefs opens a site folder as a read-only fs.FS that cannot read
// anything outside it, whatever the folder holds. It is what build, check and
// serve read a site through; tests use fstest.MapFS instead.
//
//   - Names are resolved inside the folder with os.Root: "..", absolute
//     names and symbolic links that lead out of the folder are refused, at
//     every step of the path, with no window between check and use.
//   - A symbolic link that leads out of the folder is never followed. Opening
//     one is an error that names it and says what to do; a folder listing
//     leaves it out (so a walk over static/ publishes everything else) and
//     remembers it, and Join adds every link met that way to the build's
//     errors. Links that stay inside the folder are followed when a file is
//     opened by name; listings show them as links.
//   - No file over MaxFile bytes is opened or read, so a stray disk image or
//     log cannot take the machine's memory.
package sitefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sync"
	"syscall"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/humanize"
)

// MaxFile is the largest file the build reads. Briefs and pages have a far
// lower limit of their own (content.MaxDocument); data files of a large
// dataset and static files such as PDFs may be big, but not unbounded.
const MaxFile = 256 << 20

// FS is a site folder. Close it when done. It is safe for concurrent use.
type FS struct {
	root *os.Root
	fsys fs.FS

	mu      sync.Mutex
	refused map[string]*diag.Error // links out of the folder met in listings
}

// Open opens the site folder dir.
func Open(dir string) (*FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot open the site folder %s: %w", dir, err)
	}
	return &FS{root: root, fsys: root.FS(), refused: map[string]*diag.Error{}}, nil
}

// Join returns err with an error added for every link out of the folder
// that a listing left out. A build that met one fails, even when the rest
// of it succeeded: a file the editor meant to publish is missing.
func (f *FS) Join(err error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.refused) == 0 {
		return err
	}
	var errs diag.List
	errs.Append("", err)
	for _, e := range f.refused {
		errs = append(errs, e)
	}
	return errs.Err()
}

// Refused reports whether a listing of the folder dir left out a link out
// of the site folder. A caller that keeps a listing to save reading the
// folder again must not keep that one: the refusal is reported (Join) only
// by the FS whose listing met it.
func (f *FS) Refused(dir string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for p := range f.refused {
		if path.Dir(p) == dir {
			return true
		}
	}
	return false
}

// Close releases the folder.
func (f *FS) Close() error { return f.root.Close() }

// Open opens the named file for reading, refusing a file over MaxFile
// bytes (readers that go through Open, like fs.ReadFile over an overlay,
// are held to the limit too).
func (f *FS) Open(name string) (fs.File, error) {
	// Only regular files (and folders) are opened: opening a named pipe
	// blocks until something writes to it, for good if nothing does.
	if info, err := fs.Stat(f.fsys, name); err != nil {
		return nil, f.explain(name, err)
	} else if what := Special(info.Mode()); what != "" {
		return nil, &diag.Error{Pos: diag.Pos{File: name}, Msg: fmt.Sprintf("%s, not a file: the build reads only regular files; remove it or put a file in its place", what)}
	}
	file, err := f.fsys.Open(name)
	if err != nil {
		return nil, f.explain(name, err)
	}
	if info, err := file.Stat(); err == nil && info.Mode().IsRegular() && info.Size() > MaxFile {
		file.Close()
		return nil, tooBig(name, info.Size())
	}
	return file, nil
}

// Special names what a file of mode is when it is neither a regular file
// nor a folder (nor a link, which is followed): "a named pipe (FIFO)", "a
// socket", "a device"; "" otherwise.
func Special(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		return "a device"
	case mode&fs.ModeIrregular != 0:
		return "a special file"
	}
	return ""
}

// Stat describes the named file, following links inside the folder.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	info, err := fs.Stat(f.fsys, name)
	if err != nil {
		return nil, f.explain(name, err)
	}
	return info, nil
}

// ReadFile reads the named file, refusing one over MaxFile bytes.
func (f *FS) ReadFile(name string) ([]byte, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() > MaxFile {
		return nil, tooBig(name, info.Size())
	}
	// The size can change between Stat and Read, and some files have no
	// size: read at most one byte past the limit to know.
	data, err := io.ReadAll(io.LimitReader(file, MaxFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFile {
		return nil, tooBig(name, int64(len(data)))
	}
	return data, nil
}

func tooBig(name string, size int64) error {
	return &diag.Error{Pos: diag.Pos{File: name}, Msg: fmt.Sprintf("the file is %s; the build reads no file over %s: move it out of the site folder", humanize.Bytes(size), humanize.Bytes(MaxFile))}
}

// ReadDir lists the named folder, sorted by name, without the symbolic
// links that lead out of the site folder (see Join).
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(f.fsys, name)
	if err != nil {
		return nil, f.explain(name, err)
	}
	kept := entries[:0]
	for _, e := range entries {
		if e.Type()&fs.ModeSymlink != 0 {
			p := path.Join(name, e.Name())
			if _, err := f.root.Stat(p); err != nil {
				// A link that leads out, nowhere or round in a loop.
				if e, ok := f.explain(p, err).(*diag.Error); ok {
					f.mu.Lock()
					f.refused[p] = e
					f.mu.Unlock()
					continue
				}
			}
		}
		kept = append(kept, e)
	}
	return kept, nil
}

// explain turns the refusal of a symbolic link on the way to name (name
// itself, or one of its folders) into an error an editor can act on: one
// that leads out of the folder, one whose target does not exist, and a
// loop of links. Other errors pass as they are.
func (f *FS) explain(name string, err error) error {
	if errors.Is(err, fs.ErrInvalid) {
		return err
	}
	for p := name; p != "." && p != "/" && p != ""; p = path.Dir(p) {
		info, lerr := f.root.Lstat(p)
		if lerr != nil || info.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		_, serr := f.root.Stat(p)
		if serr == nil {
			continue
		}
		target, _ := f.root.Readlink(p)
		what := "a symbolic link"
		if p != name {
			what = "in " + p + "/, a symbolic link"
		}
		var why string
		switch {
		case errors.Is(serr, syscall.ELOOP):
			why = "%s to %s, which is part of a loop of links that leads to no file: point it at a file, or remove it"
		case errors.Is(serr, fs.ErrNotExist):
			why = "%s to %s, which does not exist: point it at a file of the site folder, or remove it"
		default:
			why = "%s to %s, which is outside the site folder: the build reads nothing outside the site folder: put a copy in the site folder instead of a link"
		}
		return &diag.Error{Pos: diag.Pos{File: name}, Msg: fmt.Sprintf(why, what, target)}
	}
	return err
}
