package weburl

import "testing"

func TestIsAbs(t *testing.T) {
	for s, want := range map[string]bool{
		"https://example.org/report": true,
		"http://example.org":         true,
		"HTTPS://EXAMPLE.ORG/":       true, // url.Parse lowercases the scheme
		"https://":                   false,
		"//example.org/":             false,
		"/briefs/":                   false,
		"example.org":                false,
		"ftp://example.org/":         false,
		"javascript:alert(1)":        false,
		"mailto:desk@example.org":    false,
		"https://exa mple.org/":      false,
		"":                           false,
	} {
		if have := IsAbs(s); have != want {
			t.Errorf("IsAbs(%q) = %v, want %v", s, have, want)
		}
	}
}
