//go:build unix

package output

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// lock takes an exclusive lock on the folder dir, where the target and its
// staging folders live, for as long as a build writes there. The kernel
// releases it when the process ends, however it ends, so a killed build
// never leaves a stale lock. Without it, a second build would remove the
// first one's staging folder as a leftover, and the first would commit
// whatever it wrote after that.
func lock(dir string) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, fmt.Errorf("another build is writing it right now; wait for that one to finish")
		}
		return nil, fmt.Errorf("cannot lock %s: %w", dir, err)
	}
	return func() { f.Close() }, nil // closing the last descriptor releases the lock
}
