package output

import (
	"errors"
	"io/fs"
	"os"
)

// swapRename moves target aside, moves staging into its place, and leaves the
// old site at staging. Between the two renames the target is briefly absent.
func swapRename(staging, target string) error {
	aside := staging + ".old"
	if err := os.Rename(target, aside); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(staging, target); err != nil {
		os.Rename(aside, target)
		return err
	}
	return os.Rename(aside, staging)
}
