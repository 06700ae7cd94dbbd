package output

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// mountTmpfs mounts a tmpfs of options at dir for the rest of the test, or
// skips the test where mounting is not allowed.
func mountTmpfs(t *testing.T, dir, options string) {
	t.Helper()
	os.MkdirAll(dir, 0o755)
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, options); err != nil {
		t.Skipf("skipping: cannot mount a tmpfs (%v): this test needs root", err)
	}
	t.Cleanup(func() { unix.Unmount(dir, unix.MNT_DETACH) })
}

// TestRemovalStaysOnItsFileSystem: a folder mounted inside the previous
// output, another file system or a bind mount of a folder of the same one,
// is never entered when the previous output is removed. The new site is in
// place, the error says so and names the mount, and once it is unmounted
// the next build removes the rest.
func TestRemovalStaysOnItsFileSystem(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "public")
	build(t, target, map[string]string{"index.html": "one"})
	media, photos := filepath.Join(target, "media"), filepath.Join(target, "a", "photos")
	mountTmpfs(t, media, "size=64k")
	os.WriteFile(filepath.Join(media, "film.txt"), []byte("mine"), 0o644)
	kept := filepath.Join(dir, "kept")
	os.MkdirAll(kept, 0o755)
	os.WriteFile(filepath.Join(kept, "photo.txt"), []byte("mine too"), 0o644)
	os.MkdirAll(photos, 0o755)
	if err := unix.Mount(kept, photos, "", unix.MS_BIND, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Unmount(photos, unix.MNT_DETACH) })

	d, err := Create(target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, map[string]string{"index.html": "two"})
	work := d.work
	err = d.Commit()
	want := "the new site is in place in " + target + ", but the previous one is left in " + work + ": " +
		filepath.Join(work, siteName, "a", "photos") + ", " + filepath.Join(work, siteName, "media") +
		" are other file systems, mounted there, and a build never removes anything from one; unmount them, and the next build removes the rest"
	if err == nil || err.Error() != want {
		t.Errorf("commit:\nhave %v\nwant %s", err, want)
	}
	if have := tree(t, target); len(have) != 1 || have["index.html"] != "two" {
		t.Errorf("the new site: %v", have)
	}
	for file, data := range map[string]string{
		filepath.Join(work, siteName, "media", "film.txt"):        "mine",
		filepath.Join(work, siteName, "a", "photos", "photo.txt"): "mine too",
		filepath.Join(kept, "photo.txt"):                          "mine too",
	} {
		if have, err := os.ReadFile(file); string(have) != data {
			t.Errorf("%s: %q, %v", file, have, err)
		}
	}
	if _, err := os.Stat(filepath.Join(work, siteName, "index.html")); !os.IsNotExist(err) {
		t.Errorf("the previous site beside the mounts was not removed: %v", err)
	}

	// Still mounted: the next build leaves it, and says so.
	next, err := Create(target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	next.Abort()
	if n := next.Notes(); len(n) != 1 || !strings.HasPrefix(n[0], "output folder "+target+": the leftover of an earlier build, "+work+", cannot be removed: ") {
		t.Errorf("notes: %q", n)
	}
	unix.Unmount(filepath.Join(work, siteName, "media"), 0)
	unix.Unmount(filepath.Join(work, siteName, "a", "photos"), 0)
	next, _ = Create(target, Options{})
	next.Abort()
	if names := siblings(t, target); !slices.Equal(names, []string{"kept", "public"}) {
		t.Errorf("beside the target once unmounted: %v", names)
	}
	if have, _ := os.ReadFile(filepath.Join(kept, "photo.txt")); string(have) != "mine too" {
		t.Errorf("the bind-mounted folder lost its file")
	}
}

// TestFullDisk: when the disk fills as the site is written, no file is
// blamed: Write takes every file, Err says once what happened to the
// folder, Commit refuses, and the previous output and the disk are as they
// were. A disk too full to make the build's own folder is refused the
// same way by Create.
func TestFullDisk(t *testing.T) {
	disk := filepath.Join(t.TempDir(), "disk")
	mountTmpfs(t, disk, "size=256k,nr_inodes=64")
	target := filepath.Join(disk, "public")
	build(t, target, map[string]string{"index.html": "one"})
	before := tree(t, target)
	filler := filepath.Join(disk, "filler")
	fill(t, filler)
	if err := os.Truncate(filler, must(os.Stat(filler)).Size()-16<<10); err != nil { // room for a few pages
		t.Fatal(err)
	}

	d, err := Create(target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	page := strings.Repeat("x", 5000)
	for i := range 20 {
		if _, err := d.Write(filepath.Join("briefs", string(rune('a'+i)), "index.html"), []byte(page)); err != nil {
			t.Errorf("Write blamed a file: %v", err)
		}
	}
	want := "output folder " + target + ": cannot write the site: no space left on device; free some space on its disk, or choose another -out"
	if err := d.Err(); err == nil || err.Error() != want {
		t.Errorf("Err:\nhave %v\nwant %s", err, want)
	}
	if err := d.Commit(); err == nil || err.Error() != want+"; "+target+" was left as it was" {
		t.Errorf("Commit: %v", err)
	}
	if have := tree(t, target); !slices.Equal(slices.Sorted(maps.Keys(have)), slices.Sorted(maps.Keys(before))) || have["index.html"] != "one" {
		t.Errorf("the previous output: %v", have)
	}
	if names := siblings(t, target); !slices.Equal(names, []string{"filler", "public"}) {
		t.Errorf("on the disk: %v", names)
	}

	// No room for a folder: the inodes are all used.
	for i := 0; ; i++ {
		if err := os.Mkdir(filepath.Join(disk, "f"+string(rune('a'+i%26))+strings.Repeat("x", i/26)), 0o755); err != nil {
			break
		}
	}
	want = "output folder " + target + ": cannot write in " + disk + ": no space left on device; free some space on its disk, or choose another -out"
	if _, err := Create(target, Options{}); err == nil || err.Error() != want {
		t.Errorf("Create on a full disk:\nhave %v\nwant %s", err, want)
	}
	if have := tree(t, target); have["index.html"] != "one" {
		t.Errorf("the previous output: %v", have)
	}
}

// fill writes file until its disk is full.
func fill(t *testing.T, file string) {
	t.Helper()
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 4096)
	for {
		if _, err := f.Write(block); err != nil {
			return
		}
	}
}

// TestExchangeFailsLeavesTarget: when the target is a mount point, which
// the exchange cannot move, the error says the previous site was left as
// it was, and it was.
func TestExchangeFailsLeavesTarget(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	mountTmpfs(t, target, "size=64k")
	os.WriteFile(filepath.Join(target, "index.html"), []byte("one"), 0o644)
	d, _ := Create(target, Options{})
	write(t, d, map[string]string{"index.html": "two"})
	want := "output folder " + target + ": cannot replace it with the new site: device or resource busy; " + target + " was left as it was"
	if err := d.Commit(); err == nil || err.Error() != want {
		t.Errorf("commit:\nhave %v\nwant %s", err, want)
	}
	if have := tree(t, target); len(have) != 1 || have["index.html"] != "one" {
		t.Errorf("after a failed swap: %v", have)
	}
	if names := siblings(t, target); !slices.Equal(names, []string{"public"}) {
		t.Errorf("beside the target: %v", names)
	}
}
