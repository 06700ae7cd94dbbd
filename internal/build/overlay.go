package build

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
)

// overlay is a read-only file system where the site's own files hide the
// theme's of the same name, so a site can change one template or one
// stylesheet and keep the rest of the theme.
type overlay struct {
	top, base fs.FS
}

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil || o.base == nil || !errors.Is(err, fs.ErrNotExist) {
		return f, err
	}
	return o.base.Open(name)
}

// ReadDir lists a folder of either layer, merged, sorted by name.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	top, terr := fs.ReadDir(o.top, name)
	if o.base == nil {
		return top, terr
	}
	base, berr := fs.ReadDir(o.base, name)
	if terr != nil && berr != nil {
		return nil, terr
	}
	seen := map[string]bool{}
	for _, e := range top {
		seen[e.Name()] = true
	}
	for _, e := range base {
		if !seen[e.Name()] {
			top = append(top, e)
		}
	}
	slices.SortFunc(top, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return top, nil
}
