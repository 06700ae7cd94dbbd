package humanize

import "testing"

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "pledges", 1: "pledge", 2: "pledges", -1: "pledges"} {
		if have := Plural(n, "pledge", "pledges"); have != want {
			t.Errorf("Plural(%d) = %q, want %q", n, have, want)
		}
	}
}
