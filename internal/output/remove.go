package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// remove deletes dir, a build's work folder, and everything in it that is
// on dir's own file system. Its marker goes last, so that whatever could
// not be removed is still known for a leftover by the next build. A folder mounted inside it (another file
// system, or a bind mount of the same one) is never entered: a user who
// mounted something in the previous output would lose it. Such a folder is
// left, with the folders that hold it, and the error names it.
func remove(dir string) error {
	dev, _, err := deviceOf(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var mounts []string
	err = removeIn(dir, dev, &mounts, markerName)
	slices.Sort(mounts) // folders are read in no order
	switch len(mounts) {
	case 0:
		return err
	case 1:
		return fmt.Errorf("%s is another file system, mounted there, and a build never removes anything from one; unmount it, and the next build removes the rest", mounts[0])
	}
	return fmt.Errorf("%s are other file systems, mounted there, and a build never removes anything from one; unmount them, and the next build removes the rest", strings.Join(mounts, ", "))
}

// removeIn removes what is in dir on the file system dev, then the entry
// named last (if any), then dir, unless a mount point was found under it or
// something could not be removed. It goes on past an error, to remove what
// it can, and returns the first. The files of a folder are removed through
// an os.Root of it: by name in the open folder, as os.RemoveAll does,
// rather than by a whole path looked up again for each, and never outside it.
func removeIn(dir string, dev uint64, mounts *[]string, last string) error {
	found := len(*mounts)
	root, err := os.OpenRoot(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var entries []fs.DirEntry
	f, first := root.Open(".")
	if first == nil {
		entries, first = f.ReadDir(-1) // unsorted, and without a stat of each
		f.Close()
	}
	for _, e := range entries {
		if e.Name() == last {
			continue
		}
		var err error
		if e.IsDir() { // not for a link to a folder, which is removed as a link
			p := filepath.Join(dir, e.Name())
			if d, mountRoot, serr := deviceOf(p); serr == nil && (d != dev || mountRoot) {
				*mounts = append(*mounts, p)
				continue
			}
			err = removeIn(p, dev, mounts, "")
		} else {
			err = root.Remove(e.Name())
		}
		if first == nil && !errors.Is(err, fs.ErrNotExist) {
			first = err
		}
	}
	if len(*mounts) == found && first == nil && last != "" {
		if err := root.Remove(last); !errors.Is(err, fs.ErrNotExist) {
			first = err
		}
	}
	root.Close()
	if len(*mounts) > found || first != nil {
		return first
	}
	if err := os.Remove(dir); !errors.Is(err, fs.ErrNotExist) {
		first = err
	}
	return first
}
