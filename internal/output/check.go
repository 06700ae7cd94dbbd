package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Check refuses an output folder out whose replacement would lose anything
// but an earlier build: Commit's swap removes whatever was there. So out may
// not be the site folder src or hold it, may not lie in the folders of src
// that a build reads (reads, as named inside src: "content", ...), and, when
// it exists, must be a folder that is empty or holds a built site (an
// index.html). Symbolic links are resolved first, so a link cannot disguise
// any of these; a link at out that leads nowhere is refused. Call it before
// Create, which would make the folder out goes in.
func Check(src, out string, reads ...string) error {
	if _, err := resolve(out); err != nil {
		return err
	}
	s, err := realPath(src)
	if err != nil {
		return err
	}
	o, err := realPath(out)
	if err != nil {
		return err
	}
	if o == s || strings.HasPrefix(s+string(filepath.Separator), o+string(filepath.Separator)) {
		return fmt.Errorf("output folder %s would replace the site folder %s: choose another -out", out, src)
	}
	for _, d := range reads {
		in := filepath.Join(s, d)
		if o == in || strings.HasPrefix(o, in+string(filepath.Separator)) {
			return fmt.Errorf("output folder %s is inside the site's %s/ folder: choose another -out", out, d)
		}
	}
	info, err := os.Stat(o)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("output folder %s: %v", out, err)
	case !info.IsDir():
		return fmt.Errorf("output folder %s is a file, not a folder; a build would replace it: choose another -out", out)
	}
	entries, err := os.ReadDir(o)
	if err != nil {
		return fmt.Errorf("output folder %s: %v", out, err)
	}
	if _, err := os.Stat(filepath.Join(o, "index.html")); len(entries) > 0 && err != nil {
		return fmt.Errorf("output folder %s is not empty and holds no built site (no index.html); a build would replace everything in it: choose an empty or new folder with -out", out)
	}
	return nil
}

// realPath is the absolute path of name with every symbolic link resolved,
// as far as it exists; what does not exist yet is joined as written.
func realPath(name string) (string, error) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return "", err
	}
	rest := ""
	for p := abs; ; p = filepath.Dir(p) {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(real, rest), nil
		}
		if filepath.Dir(p) == p {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
}
