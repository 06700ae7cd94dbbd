package output

import (
	"errors"
	"io/fs"
	"os"
	"time"
)

// testSwap names the variable of the environment through which tests make
// a build use the two-rename swap where the exchange exists (on Linux):
// "rename" uses it, and "killed" also kills the process between the two
// renames, the moment a power cut could leave the target missing. Tests
// set it on the built binary; nothing else should.
const testSwap = "BRIEFING_TEST_SWAP"

// stuckError is a two-rename swap that could neither finish nor put the
// previous site back: the target is missing, and the previous site is in
// the work folder, where the next build finds it.
type stuckError struct{ replace, back error }

func (e *stuckError) Error() string { return e.replace.Error() + "; " + e.back.Error() }

// swapRename moves target to aside, in the build's marked work folder, and
// staging into target's place. Between the two renames the target is
// missing; a build killed then leaves the previous site at aside, and the
// next build puts it back (see Dir.tidy). Afterwards aside holds the
// previous site.
func swapRename(staging, target, aside string) error {
	if err := os.Rename(target, aside); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return os.Rename(staging, target)
		}
		return err
	}
	if os.Getenv(testSwap) == "killed" {
		p, _ := os.FindProcess(os.Getpid())
		p.Kill()
		for {
			time.Sleep(time.Second) // the kill is on its way
		}
	}
	if err := os.Rename(staging, target); err != nil {
		if back := os.Rename(aside, target); back != nil {
			return &stuckError{replace: err, back: back}
		}
		return err
	}
	return nil
}
