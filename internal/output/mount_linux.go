package output

import (
	"errors"

	"golang.org/x/sys/unix"
)

// deviceOf is the file system name is on, and whether name is the root of
// a mount: a bind mount of a folder of the same file system has the same
// device, and only statx tells it apart.
func deviceOf(name string) (dev uint64, mountRoot bool, err error) {
	var stx unix.Statx_t
	err = unix.Statx(unix.AT_FDCWD, name, unix.AT_SYMLINK_NOFOLLOW, unix.STATX_TYPE, &stx)
	if err == nil {
		root := stx.Attributes_mask&unix.STATX_ATTR_MOUNT_ROOT != 0 && stx.Attributes&unix.STATX_ATTR_MOUNT_ROOT != 0
		return unix.Mkdev(stx.Dev_major, stx.Dev_minor), root, nil
	}
	if !errors.Is(err, unix.ENOSYS) {
		return 0, false, err
	}
	var st unix.Stat_t // a kernel older than statx (4.11)
	if err := unix.Lstat(name, &st); err != nil {
		return 0, false, err
	}
	return uint64(st.Dev), false, nil
}
