package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestMountInOutput: a folder mounted inside the previous output (media
// served from another disk) is never emptied when the previous output is
// removed. The build says truthfully that the new site is in place and
// where the previous one is left, and why; once the folder is unmounted,
// the next build removes the rest.
func TestMountInOutput(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	out := filepath.Join(root, "public")
	copyBuilt(t, shipped(t), out)
	media := filepath.Join(out, "media")
	os.Mkdir(media, 0o755)
	if err := unix.Mount("tmpfs", media, "tmpfs", 0, "size=64k"); err != nil {
		t.Skipf("skipping: cannot mount a tmpfs (%v): this test needs root", err)
	}
	t.Cleanup(func() { unix.Unmount(media, unix.MNT_DETACH) })
	os.WriteFile(filepath.Join(media, "film.txt"), []byte("mine"), 0o644)

	var stdout, stderr bytes.Buffer
	code := run([]string{"build", "-src", repo, "-out", out}, &stdout, &stderr)
	works, _ := filepath.Glob(filepath.Join(root, ".public.*.tmp"))
	if len(works) != 1 {
		t.Fatalf("exit %d, beside the output: %v\n%s", code, works, stderr.String())
	}
	work := works[0]
	moved := filepath.Join(work, "site", "media")
	t.Cleanup(func() { unix.Unmount(moved, unix.MNT_DETACH) })
	want := "briefing build: the new site is in place in " + out + ", but the previous one is left in " + work + ": " + moved +
		" is another file system, mounted there, and a build never removes anything from one; unmount it, and the next build removes the rest\n"
	if code != 1 || withoutWarnings(stderr.String()) != want {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and:\n%s", code, stderr.String(), want)
	}
	if !sameTree(readTree(t, out), readTree(t, shipped(t))) {
		t.Errorf("the new site is not what is in place")
	}
	if data, err := os.ReadFile(filepath.Join(moved, "film.txt")); string(data) != "mine" {
		t.Errorf("the mounted folder lost its file: %q, %v", data, err)
	}

	if err := unix.Unmount(moved, 0); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := run([]string{"build", "-src", repo, "-out", out}, &stdout, &stderr); code != 0 || withoutWarnings(stderr.String()) != "" {
		t.Errorf("the build after unmounting: exit %d\n%s", code, stderr.String())
	}
	var names []string
	for _, e := range must(os.ReadDir(root)) {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "public" {
		t.Errorf("beside the output: %v", names)
	}
}
