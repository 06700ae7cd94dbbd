// Package testenv reads, in one place, what the environment asks of the
// tests, so that every package reads the same variables the same way:
//
//	BRIEFING_LONG=1         the long runs: randomised comparisons and kill
//	                        loops at full length (make test-long; CI runs it
//	                        as its own step after make test). Without it they
//	                        run short, so make test stays quick.
//	CI=true                 a test that needs a tool (Chromium, Java and the
//	                        Nu Html Checker, axe-core, nginx) fails when the
//	                        tool is missing, instead of skipping.
//	BRIEFING_ARTEFACTS=DIR  files for people to look at (screenshots, a
//	                        printed PDF) are written under DIR. Without it
//	                        they are not kept: no test writes into the
//	                        working tree unasked.
//
// A long run is chosen by the environment rather than a test flag because
// one variable reaches every package of go test ./..., where a flag that
// one test binary does not define stops it.
package testenv

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// LongVar is the environment variable that asks for long runs.
const LongVar = "BRIEFING_LONG"

// Long reports whether the long runs were asked for (BRIEFING_LONG=1).
func Long() bool {
	v := os.Getenv(LongVar)
	return v == "1" || v == "true"
}

// Scale returns short in a normal run and long when the long runs were
// asked for: the number of edits, rounds or seeds of a randomised test.
func Scale(short, long int) int {
	if Long() {
		return long
	}
	return short
}

// CI reports whether the tests run in CI (CI=true).
func CI() bool { return os.Getenv("CI") == "true" }

// Missing ends a test that cannot run because something it needs is not
// installed: a skip where the tool may simply be absent, a failure in CI,
// which installs everything the tests need (.ci/run). why says what is
// missing and how to install it.
func Missing(t testing.TB, why string) {
	t.Helper()
	if CI() {
		t.Fatalf("%s; CI must run this test (.ci/run installs it)", why)
	}
	t.Skipf("skipping: %s; CI runs this test", why)
}

// Artefacts returns the folder $BRIEFING_ARTEFACTS/sub, made if need be,
// where a test may leave files for people to look at; or "" when
// BRIEFING_ARTEFACTS is not set, and the test should keep nothing.
func Artefacts(t testing.TB, sub string) string {
	t.Helper()
	root := os.Getenv("BRIEFING_ARTEFACTS")
	if root == "" {
		return ""
	}
	dir, err := filepath.Abs(filepath.Join(root, sub))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Stalled returns a channel that receives a little before the run's
// deadline (go test -timeout), for a test that waits on work which might
// never end: it can then fail saying which work stalled, rather than the
// whole run being killed with a dump of every goroutine. How long the work
// takes is not asserted; a slow machine only waits longer. Without a
// deadline (-timeout 0), the channel never receives.
func Stalled(t *testing.T) <-chan time.Time {
	deadline, ok := t.Deadline()
	if !ok {
		return nil
	}
	left := time.Until(deadline)
	return time.After(left - min(left/10, 10*time.Second))
}
