package slug

import "testing"

func TestMake(t *testing.T) {
	for in, want := range map[string]string{
		"United Kingdom":           "united-kingdom",
		"Türkiye":                  "turkiye",
		"Côte d’Ivoire":            "cote-divoire",
		"  Czech   Republic  ":     "czech-republic",
		"Coalition of the Willing": "coalition-of-the-willing",
		"../../etc/passwd":         "etc-passwd",
		"%2e%2e/x":                 "2e-2e-x",
		"":                         "",
		"---":                      "",
		"Ελλάδα":                   "",
	} {
		if have := Make(in); have != want {
			t.Errorf("Make(%q) = %q, want %q", in, have, want)
		}
	}
}

func TestValid(t *testing.T) {
	for s, want := range map[string]bool{
		"fr-ground-forces": true, "2026": true, "a": true,
		"": false, "-a": false, "a-": false, "a--b": false, "A": false, "a_b": false, "a/b": false, "é": false,
	} {
		if have := Valid(s); have != want {
			t.Errorf("Valid(%q) = %v, want %v", s, have, want)
		}
	}
}
