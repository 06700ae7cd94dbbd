package humanize

import (
	"strings"
	"testing"
)

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "pledges", 1: "pledge", 2: "pledges", -1: "pledges"} {
		if have := Plural(n, "pledge", "pledges"); have != want {
			t.Errorf("Plural(%d) = %q, want %q", n, have, want)
		}
	}
}

func TestBytes(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 B", 1023: "1023 B", 1024: "1 KiB", 564838: "551.6 KiB", 512 << 10: "512 KiB",
		512<<10 + 60: "512.1 KiB", 1<<20 - 1: "1024 KiB", 20 << 20: "20 MiB", 256 << 20: "256 MiB",
		3 << 30: "3 GiB", 5 << 40: "5120 GiB",
	} {
		if have := Bytes(n); have != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, have, want)
		}
	}
}

func TestClip(t *testing.T) {
	for _, tc := range []struct {
		n        int
		in, want string
	}{
		{10, "short", "short"},
		{10, "exactly 10", "exactly 10"},
		{10, "one two three four", "one two…"},
		{5, "abcdefghij", "abcd…"},
		{6, "Türkiye und", "Türki…"},
		{12, "a, b, c, d, e, f", "a, b, c…"},
	} {
		if have := Clip(tc.n, tc.in); have != tc.want {
			t.Errorf("Clip(%d, %q) = %q, want %q", tc.n, tc.in, have, tc.want)
		}
	}
	long := strings.Repeat("&", 100000)
	if have := Clip(300, long); len([]rune(have)) != 300 {
		t.Errorf("a long run is clipped to %d characters, want 300", len([]rune(have)))
	}
}
