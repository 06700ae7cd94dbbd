package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/briefing/briefing/internal/output"
	"github.com/briefing/briefing/internal/testenv"
)

var (
	binaryOnce sync.Once
	binary     string
	binaryErr  error
)

// buildBinary compiles briefing, once for the package, for tests that need
// a real process: to kill it, or to run it with another environment.
func buildBinary(t *testing.T) string {
	t.Helper()
	binaryOnce.Do(func() {
		bin := filepath.Join(scratch, "bin", "briefing")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			binaryErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
		binary = bin
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binary
}

// runBinary runs the built briefing and fails the test unless it succeeds.
func runBinary(t *testing.T, bin string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("briefing %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// readTree is every file under dir with its bytes, by slash path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameTree(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for name, data := range a {
		if d, ok := b[name]; !ok || d != data {
			return false
		}
	}
	return true
}

// TestKilledBuilds kills real builds with SIGKILL at moments spread over a
// whole build, before, while and after it writes and swaps, and checks each
// time that the output folder is exactly one of two complete sites: the one
// before the build or the one it was building. Then a normal build finishes
// and no leftover of the killed ones remains. It kills 8 builds, and 60 in
// a long run (BRIEFING_LONG=1), whose moments fall closer together; once
// with the atomic exchange, and once with the two renames of systems
// without it (forced here through the environment), where a build killed
// between the renames leaves the output missing and the next build must
// put the previous site back. One more build of that swap kills itself
// exactly there, so that moment is always tried.
func TestKilledBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping in -short mode: builds and kills processes")
	}
	t.Parallel()
	bin := buildBinary(t)

	// Two versions of the site, with different files and different bytes.
	srcA := copySite(t)
	srcB := copySite(t)
	if err := os.WriteFile(filepath.Join(srcB, "content/briefs/2026-01-06-extra.md"), []byte(brief), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(srcB, "content/briefs/2026-01-06-the-us-role.md")); err != nil {
		t.Fatal(err)
	}
	// Links to the removed brief would break the build; drop them.
	filepath.WalkDir(filepath.Join(srcB, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			data := must(os.ReadFile(p))
			os.WriteFile(p, bytes.ReplaceAll(data, []byte("(/briefs/the-us-role/)"), []byte("(/briefs/)")), 0o644)
		}
		return err
	})
	sites := []struct{ src, name string }{{srcA, "A"}, {srcB, "B"}}
	for _, swap := range []string{"exchange", "rename"} {
		t.Run(swap, func(t *testing.T) {
			t.Parallel()
			var env []string
			if swap == "rename" {
				env = []string{"BRIEFING_TEST_SWAP=rename"}
			}
			killBuilds(t, bin, env, sites)
		})
	}
}

// killBuilds is TestKilledBuilds with one way of swapping, named by env.
func killBuilds(t *testing.T, bin string, env []string, sites []struct{ src, name string }) {
	root := t.TempDir()
	// The two known-good snapshots, and how long a whole build takes.
	snaps := make([]map[string]string, 2)
	var took time.Duration
	for i, s := range sites {
		out := filepath.Join(root, "good-"+s.name)
		start := time.Now()
		runBinary(t, bin, env, "build", "-src", s.src, "-out", out)
		took = max(took, time.Since(start))
		snaps[i] = readTree(t, out)
	}
	if sameTree(snaps[0], snaps[1]) {
		t.Fatal("bad test: the two versions of the site build the same output")
	}

	out := filepath.Join(root, "public")
	runBinary(t, bin, env, "build", "-src", sites[0].src, "-out", out)
	current := 0
	// restore does what the next build does first, and checks that a
	// missing output comes back as the site it was.
	restored := 0
	restore := func(when string) {
		t.Helper()
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			return
		}
		if env == nil {
			t.Fatalf("%s: the output is missing, and the exchange never leaves it so", when)
		}
		d, err := output.Create(out, output.Options{})
		if err != nil {
			t.Fatal(err)
		}
		d.Abort()
		if !sameTree(readTree(t, out), snaps[current]) {
			t.Fatalf("%s: the output was missing, and the next build did not put the previous site back", when)
		}
		restored++
	}
	rounds := testenv.Scale(8, 60)
	var kept, replaced, leftovers int
	for i := range rounds {
		next := 1 - current
		// Delays sweep from nothing to a little past a whole build, so the
		// kill lands before the first write, among the writes, around the
		// swap and after the process would have finished.
		delay := time.Duration(int64(took) * 12 / 10 * int64(i) / int64(rounds-1))
		cmd := exec.Command(bin, "build", "-src", sites[next].src, "-out", out)
		cmd.Env = append(os.Environ(), env...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		if len(output.Leftovers(out)) > 0 {
			leftovers++
		}
		when := fmt.Sprintf("round %d, killed after %s", i, delay)
		restore(when)
		have := readTree(t, out)
		switch {
		case sameTree(have, snaps[current]):
			kept++
		case sameTree(have, snaps[next]):
			replaced++
			current = next
		default:
			t.Fatalf("%s: the output is neither the old nor the new site (%d files)", when, len(have))
		}
	}
	t.Logf("%d builds killed over 0..%s (a build takes %s): %d left the old site, %d the new one, %d none that the next build restored; %d left a work folder behind",
		rounds, took*12/10, took.Round(time.Millisecond), kept, replaced, restored, leftovers)

	if env != nil { // killed between the two renames, always
		cmd := exec.Command(bin, "build", "-src", sites[1-current].src, "-out", out)
		cmd.Env = append(os.Environ(), "BRIEFING_TEST_SWAP=killed")
		if out, err := cmd.CombinedOutput(); !strings.Contains(fmt.Sprint(err), "killed") {
			t.Fatalf("a build told to die between its renames: %v\n%s", err, out)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Fatalf("a build killed between its renames left the output there: %v", err)
		}
		if len(output.Leftovers(out)) != 1 {
			t.Fatalf("a build killed between its renames left %v", output.Leftovers(out))
		}
		restore("killed between the renames")
	}

	// A build that is let finish cleans up after the killed ones.
	next := 1 - current
	runBinary(t, bin, env, "build", "-src", sites[next].src, "-out", out)
	if !sameTree(readTree(t, out), snaps[next]) {
		t.Errorf("the build after the killed ones did not produce the site")
	}
	if l := output.Leftovers(out); len(l) > 0 {
		t.Errorf("leftovers of killed builds remain: %v", l)
	}
	var names []string
	for _, e := range must(os.ReadDir(root)) {
		names = append(names, e.Name())
	}
	if want := "good-A good-B public"; strings.Join(names, " ") != want {
		t.Errorf("beside the output: %v, want %s", names, want)
	}
}

// TestDeterministicProcs builds the shipped site with the real binary on one
// and on two cores (and on more cores than the machine has) and expects the
// same bytes.
func TestDeterministicProcs(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping in -short mode: builds the binary")
	}
	t.Parallel()
	bin := buildBinary(t)
	var first map[string]string
	for _, procs := range []int{1, 2, 8} {
		out := filepath.Join(t.TempDir(), "public")
		runBinary(t, bin, []string{fmt.Sprintf("GOMAXPROCS=%d", procs)}, "build", "-src", repo, "-out", out)
		tree := readTree(t, out)
		if first == nil {
			first = tree
			continue
		}
		for name, data := range first {
			if tree[name] != data {
				t.Errorf("GOMAXPROCS=%d: %s differs from GOMAXPROCS=1", procs, name)
			}
		}
		if len(tree) != len(first) {
			t.Errorf("GOMAXPROCS=%d: %d files, GOMAXPROCS=1: %d", procs, len(tree), len(first))
		}
	}
}
