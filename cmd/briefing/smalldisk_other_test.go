//go:build !linux

package main

import "testing"

// mountSmallDisk skips the test: mounting a tmpfs is Linux's.
func mountSmallDisk(t *testing.T, dir string) {
	t.Skip("skipping: the case mounts a tmpfs, which only Linux has")
}
