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

func TestCheckBase(t *testing.T) {
	for s, want := range map[string]string{
		"https://example.org/briefing/": "",
		"http://example.org":            "",
		"https://example.org:8443/b/":   "",
		"http://[::1]:8080/":            "",
		"http://[::1]/":                 "",
		"example.org/":                  `is not an absolute http(s) URL like "https://example.org/briefing/"`,
		"https://example.org/?x=1":      `has a query ("?x=1"); end it with its path, like "https://example.org/briefing/": every page's address is the base URL followed by the page's path`,
		"https://example.org/b?":        `has a query ("?"); end it with its path, like "https://example.org/briefing/": every page's address is the base URL followed by the page's path`,
		"https://example.org/b/#top":    `has a fragment ("#top"); end it with its path, like "https://example.org/briefing/": every page's address is the base URL followed by the page's path`,
		"https://example.org/#":         `has a fragment ("#"); end it with its path, like "https://example.org/briefing/": every page's address is the base URL followed by the page's path`,
		"https://user:pw@example.org/":  `has a user name or password ("user:pw@") before its host; leave it out: the address is published on every page`,
		"https://example.org:99999/":    `has the port "99999", which is not a number from 1 to 65535; leave it out for the scheme's own`,
		"https://example.org:0/":        `has the port "0", which is not a number from 1 to 65535; leave it out for the scheme's own`,
		"https://example.org:http/":     `has the port "http", which is not a number from 1 to 65535; leave it out for the scheme's own`,
		"https://example.org:/":         `has the port "", which is not a number from 1 to 65535; leave it out for the scheme's own`,
		"https://[::1]:99999/":          `has the port "99999", which is not a number from 1 to 65535; leave it out for the scheme's own`,
	} {
		have := ""
		if err := CheckBase(s); err != nil {
			have = err.Error()
		}
		if have != want {
			t.Errorf("CheckBase(%q)\nhave %s\nwant %s", s, have, want)
		}
	}
}

func TestOrigin(t *testing.T) {
	for s, want := range map[string]string{
		"https://img.example.org":       "https://img.example.org",
		"HTTPS://Img.Example.org/":      "https://img.example.org",
		"https://img.example.org:8443":  "https://img.example.org:8443",
		"https://img.example.org/x/":    "",
		"https://img.example.org/?a":    "",
		"https://u@img.example.org":     "",
		"https://img.example.org:99999": "",
		"img.example.org":               "",
		"*":                             "",
		"'unsafe-inline'":               "",
	} {
		have, err := Origin(s)
		if have != want || (err == nil) != (want != "") {
			t.Errorf("Origin(%q) = %q, %v; want %q", s, have, err, want)
		}
	}
}

func TestCheck(t *testing.T) {
	for s, want := range map[string]string{
		"https://example.org/report?id=3#p2": "",
		"http://example.org":                 "",
		"https://user:pw@x.org/a":            `has a user name or password ("user:pw@") before its host; leave it out: the address is published on every page`,
		"https://x.org:99999/a":              `has the port "99999", which is not a number from 1 to 65535; leave it out for the scheme's own`,
		"ftp://x.org/a":                      `is not an http(s) URL like "https://example.org/report"`,
		"/local/path":                        `is not an http(s) URL like "https://example.org/report"`,
	} {
		have := ""
		if err := Check(s); err != nil {
			have = err.Error()
		}
		if have != want {
			t.Errorf("Check(%q) = %q, want %q", s, have, want)
		}
	}
}
