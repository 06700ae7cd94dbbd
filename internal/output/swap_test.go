package output

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// build writes files as a whole build into target and commits them.
func build(t *testing.T, target string, files map[string]string) {
	t.Helper()
	d, err := Create(target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, files)
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestLinkedOutput: an output folder given as a symbolic link is replaced
// where the link leads, and the link stays a link (it was the user's; a
// folder in its place would leave what it led to stale). A link that
// leads nowhere is refused, naming where it leads.
func TestLinkedOutput(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "www", "site")
	build(t, real, map[string]string{"index.html": "one", "gone.html": "gone"})
	link := filepath.Join(dir, "public")
	if err := os.Symlink(filepath.Join("www", "site"), link); err != nil {
		t.Fatal(err)
	}
	build(t, link, map[string]string{"index.html": "two"})
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link is no longer a link: %v %v", info.Mode(), err)
	}
	if have := tree(t, real); len(have) != 1 || have["index.html"] != "two" {
		t.Errorf("where the link leads: %v", have)
	}
	if names := siblings(t, link); !slices.Equal(names, []string{"public", "www"}) {
		t.Errorf("beside the link: %v", names)
	}
	if names := siblings(t, real); !slices.Equal(names, []string{"site"}) {
		t.Errorf("beside the folder it leads to: %v", names)
	}

	dangling := filepath.Join(dir, "dangling")
	os.Symlink(filepath.Join(dir, "gone"), dangling)
	want := "output folder " + dangling + " is a symbolic link to " + filepath.Join(dir, "gone") + ", which does not exist: make that folder, or choose another -out"
	if _, err := Create(dangling, Options{}); err == nil || err.Error() != want {
		t.Errorf("a link that leads nowhere:\nhave %v\nwant %s", err, want)
	}
	if err := Check(filepath.Join(dir, "src"), dangling); err == nil || err.Error() != want {
		t.Errorf("Check, a link that leads nowhere:\nhave %v\nwant %s", err, want)
	}
	loop := filepath.Join(dir, "loop")
	os.Symlink("loop", loop)
	want = "output folder " + loop + " is a symbolic link that leads round in a loop: choose another -out"
	if _, err := Create(loop, Options{}); err == nil || err.Error() != want {
		t.Errorf("a loop of links:\nhave %v\nwant %s", err, want)
	}
	if _, err := os.Lstat(filepath.Join(dir, "gone")); !os.IsNotExist(err) {
		t.Errorf("the refused build made where the link leads: %v", err)
	}
}

// TestRenameSwap: the two-rename swap of systems without an exchange (and
// of file systems without one) gives what the exchange gives.
func TestRenameSwap(t *testing.T) {
	t.Setenv(testSwap, "rename")
	target := filepath.Join(t.TempDir(), "public")
	build(t, target, map[string]string{"index.html": "one", "gone.html": "gone"})
	build(t, target, map[string]string{"index.html": "two"})
	if have := tree(t, target); len(have) != 1 || have["index.html"] != "two" {
		t.Errorf("after two builds: %v", have)
	}
	if names := siblings(t, target); !slices.Equal(names, []string{"public"}) {
		t.Errorf("beside the target: %v, want only public", names)
	}
}

// TestRenameSwapKilledBetween: a build killed between the two renames
// leaves the target missing and the previous site in its marked work
// folder. The next build puts that site back, says so, and removes
// nothing of it. (cmd/briefing's TestKilledBuilds kills a real process
// there.)
func TestRenameSwapKilledBetween(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	build(t, target, map[string]string{"index.html": "one", "briefs/index.html": "briefs"})
	d, err := Create(target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	write(t, d, map[string]string{"index.html": "two"})
	if err := os.Rename(target, filepath.Join(d.work, oldName)); err != nil { // the first rename
		t.Fatal(err)
	}
	d.unlock() // the process died here: the kernel releases its lock

	next, err := Create(target, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"output folder " + target + " was missing (a build was killed while it replaced it): the previous site is back in place"}
	if !slices.Equal(next.Notes(), want) {
		t.Errorf("notes: %q\nwant %q", next.Notes(), want)
	}
	next.Abort()
	if have := tree(t, target); len(have) != 2 || have["index.html"] != "one" || have["briefs/index.html"] != "briefs" {
		t.Errorf("after the next build started: %v", have)
	}
	if names := siblings(t, target); !slices.Equal(names, []string{"public"}) {
		t.Errorf("beside the target: %v, want only public", names)
	}
}

// TestSwapFailsLeavesTarget: when the swap cannot be made, the error says
// the previous site was left as it was, and it was: with the two renames,
// when the second fails the first is undone. (TestExchangeFailsLeavesTarget
// tries the exchange.)
func TestSwapFailsLeavesTarget(t *testing.T) {
	t.Run("rename", func(t *testing.T) {
		t.Setenv(testSwap, "rename")
		target := filepath.Join(t.TempDir(), "public")
		build(t, target, map[string]string{"index.html": "one"})
		d, _ := Create(target, Options{})
		write(t, d, map[string]string{"index.html": "two"})
		os.RemoveAll(d.staging) // the second rename has nothing to move
		want := "output folder " + target + ": cannot replace it with the new site: no such file or directory; " + target + " was left as it was"
		if err := d.Commit(); err == nil || err.Error() != want {
			t.Errorf("commit:\nhave %v\nwant %s", err, want)
		}
		if have := tree(t, target); len(have) != 1 || have["index.html"] != "one" {
			t.Errorf("after a failed swap: %v", have)
		}
		if names := siblings(t, target); !slices.Equal(names, []string{"public"}) {
			t.Errorf("beside the target: %v", names)
		}
	})
}
