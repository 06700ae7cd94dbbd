//go:build !unix

package output

import "os"

// deviceOf cannot tell file systems apart here (Windows mounts a volume as
// a junction, which removal deletes as a link without entering it).
func deviceOf(name string) (dev uint64, mountRoot bool, err error) {
	_, err = os.Lstat(name)
	return 0, false, err
}
