package output

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// swap exchanges the staging and target folders in one atomic step, so a
// reader of the target sees either the whole old site or the whole new one.
// Afterwards staging holds the old site. A target that does not exist yet is
// simply renamed into place. On a file system without the exchange, it
// falls back to two renames, which leave the old site at aside.
func swap(staging, target, aside string) error {
	if os.Getenv(testSwap) != "" {
		return swapRename(staging, target, aside)
	}
	err := unix.Renameat2(unix.AT_FDCWD, staging, unix.AT_FDCWD, target, unix.RENAME_EXCHANGE)
	if errors.Is(err, fs.ErrNotExist) {
		return os.Rename(staging, target)
	}
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) { // a file system without exchange
		return swapRename(staging, target, aside)
	}
	return err
}
