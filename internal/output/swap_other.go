//go:build !linux

package output

// swap puts staging in target's place with two renames; elsewhere than Linux
// there is no portable atomic exchange of folders.
func swap(staging, target string) error { return swapRename(staging, target) }
