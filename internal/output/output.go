// Package output writes a built site to a folder. Files are minified and
// written to a staging folder beside the target; only when every file has
// been written does the staging folder take the target's place, in one
// atomic exchange where the system offers it. A failed build leaves the
// previous output exactly as it was.
package output

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Dir is an output folder being written.
type Dir struct {
	target  string
	staging string
	min     *Minifier
	done    bool
}

// Create starts writing a new version of the folder target. Leftovers of
// earlier builds that were killed before they finished are removed first.
func Create(target string, min *Minifier) (*Dir, error) {
	target = filepath.Clean(target)
	parent, base := filepath.Dir(target), filepath.Base(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	if old, _ := filepath.Glob(filepath.Join(parent, "."+base+".*.tmp")); len(old) > 0 {
		for _, o := range old {
			os.RemoveAll(o)
		}
	}
	var rnd [6]byte
	rand.Read(rnd[:])
	staging := filepath.Join(parent, "."+base+"."+hex.EncodeToString(rnd[:])+".tmp")
	if err := os.Mkdir(staging, 0o755); err != nil {
		return nil, fmt.Errorf("output folder: cannot create a staging folder beside %s: %w", target, err)
	}
	return &Dir{target: target, staging: staging, min: min}, nil
}

// Write minifies data by the name's extension and writes it at name, a
// slash-separated path inside the site. It returns the bytes written.
func (d *Dir) Write(name string, data []byte) (int, error) {
	if !fs.ValidPath(name) || strings.Contains(name, `\`) {
		return 0, fmt.Errorf("refusing to write %q: not a path inside the site", name)
	}
	data, err := d.min.Minify(path.Ext(name), data)
	if err != nil {
		return 0, fmt.Errorf("minify %s: %w", name, err)
	}
	file := filepath.Join(d.staging, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return 0, err
	}
	return len(data), os.WriteFile(file, data, 0o644)
}

// Commit puts the new site in the target's place and removes the old one.
func (d *Dir) Commit() error {
	if d.done {
		return errors.New("output: already committed or aborted")
	}
	d.done = true
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
	}
}
