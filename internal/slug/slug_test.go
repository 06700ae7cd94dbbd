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
