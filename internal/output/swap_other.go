//go:build !linux

package output

// swap puts staging in target's place with two renames, leaving the old
// site at aside; elsewhere than Linux there is no portable atomic exchange
// of folders.
func swap(staging, target, aside string) error { return swapRename(staging, target, aside) }
