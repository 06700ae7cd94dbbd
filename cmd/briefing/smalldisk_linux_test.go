package main

import (
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// mountSmallDisk mounts a tmpfs of 4 MiB at dir for the rest of the test,
// or skips the test where mounting is not allowed.
func mountSmallDisk(t *testing.T, dir string) {
	t.Helper()
	os.MkdirAll(dir, 0o755)
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, "size=4m"); err != nil {
		t.Skipf("skipping: cannot mount a tmpfs at %s (%v): the case needs root", dir, err)
	}
	t.Cleanup(func() { unix.Unmount(dir, unix.MNT_DETACH) })
}
