package slug

import "testing"

// FuzzMake: whatever the name, the slug is only a-z, 0-9 and single dashes
// between them (so it is one safe path segment: no "..", no "/", no
// percent sign), and making a slug of a slug changes nothing. Seeds are in
// testdata/fuzz/FuzzMake.
func FuzzMake(f *testing.F) {
	f.Add("Côte d’Ivoire")
	f.Fuzz(func(t *testing.T, name string) {
		s := Make(name)
		if s != "" && !Valid(s) {
			t.Fatalf("Make(%q) = %q: not lowercase letters and digits joined by single dashes", name, s)
		}
		if again := Make(s); again != s {
			t.Fatalf("Make(%q) = %q, but Make(%q) = %q", name, s, s, again)
		}
	})
}
