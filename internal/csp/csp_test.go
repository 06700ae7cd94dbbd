package csp

import (
	"strings"
	"testing"
)

func TestWith(t *testing.T) {
	for _, tc := range []struct{ policy, directive, want string }{
		{"default-src 'none'; connect-src 'none'; base-uri 'none'", "connect-src 'self'", "default-src 'none'; connect-src 'self'; base-uri 'none'"},
		{"default-src 'none'", "connect-src 'self'", "default-src 'none'; connect-src 'self'"},
		{"default-src 'none';  CONNECT-SRC 'none' ;", "connect-src 'self'", "default-src 'none'; connect-src 'self'"},
		{"", "connect-src 'self'", "connect-src 'self'"},
	} {
		if have := With(tc.policy, tc.directive); have != tc.want {
			t.Errorf("With(%q, %q)\nhave %q\nwant %q", tc.policy, tc.directive, have, tc.want)
		}
	}
}

func TestMeta(t *testing.T) {
	want := "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'"
	if have := Meta(Site); have != want {
		t.Errorf("Meta(Site)\nhave %q\nwant %q", have, want)
	}
	if have := Meta("sandbox; report-uri /r; img-src 'self'"); have != "img-src 'self'" {
		t.Errorf("Meta kept what a meta tag cannot carry: %q", have)
	}
}

// TestSiteFitsAnAttribute: the policy goes into a double-quoted attribute
// and a header line as it is.
func TestSiteFitsAnAttribute(t *testing.T) {
	if strings.ContainsAny(Site, "\"<>&\r\n") {
		t.Errorf("Site holds a character an attribute or header would need escaped: %q", Site)
	}
}
