package humanize

import "testing"

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
