//go:build unix && !linux

package output

import "golang.org/x/sys/unix"

// deviceOf is the file system name is on. Only the device tells a mount
// point here; a bind mount (nullfs) of the same file system is not told.
func deviceOf(name string) (dev uint64, mountRoot bool, err error) {
	var st unix.Stat_t
	if err := unix.Lstat(name, &st); err != nil {
		return 0, false, err
	}
	return uint64(st.Dev), false, nil
}
