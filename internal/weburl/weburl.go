// Package weburl says which addresses may stand for a place on the web: the
// site's own address and its license's (site.toml), a source's (the
// dataset), and the base of the downloads and the sitemap, which name pages
// by absolute URL.
package weburl

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// IsAbs reports whether s is an absolute http or https URL with a host,
// such as "https://example.org/report". Anything else (a path, "//host",
// "mailto:", "javascript:") cannot be linked to from every copy of the
// site, or should not be.
func IsAbs(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// CheckBase says what keeps s from being the address a site is published
// at, or nil. Every page's address is s followed by the page's path, so s
// can hold nothing after its path: a query or a fragment would end up in
// the middle of every link. A user name or password would be published on
// every page, and a port must be a number a browser can connect to; the
// error says which, in words that follow the quoted address.
func CheckBase(s string) error {
	if err := checkAuthority(s); err != nil {
		return err
	}
	if !IsAbs(s) {
		return fmt.Errorf("is not an absolute http(s) URL like %q", "https://example.org/briefing/")
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		return fmt.Errorf("has a fragment (%q); end it with its path, like %q: every page's address is the base URL followed by the page's path", s[i:], "https://example.org/briefing/")
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		return fmt.Errorf("has a query (%q); end it with its path, like %q: every page's address is the base URL followed by the page's path", s[i:], "https://example.org/briefing/")
	}
	return nil
}

// Check says what keeps s from being an address the site may link to (a
// source's url), or nil: an absolute http(s) URL, without a user name or
// password, which would be published, and with a port a browser can use.
func Check(s string) error {
	if err := checkAuthority(s); err != nil {
		return err
	}
	if !IsAbs(s) {
		return fmt.Errorf("is not an http(s) URL like %q", "https://example.org/report")
	}
	return nil
}

// checkAuthority refuses user information and a port out of range in s.
func checkAuthority(s string) error {
	if _, rest, ok := strings.Cut(s, "://"); ok {
		authority := rest
		if i := strings.IndexAny(rest, "/?#"); i >= 0 {
			authority = rest[:i]
		}
		if at := strings.LastIndexByte(authority, '@'); at >= 0 {
			return fmt.Errorf("has a user name or password (%q) before its host; leave it out: the address is published on every page", authority[:at+1])
		}
		host := authority
		if i := strings.LastIndexByte(host, ']'); i >= 0 { // an IPv6 address holds colons
			host = host[i:]
		}
		if _, port, ok := strings.Cut(host, ":"); ok {
			if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 || port[0] == '0' {
				return fmt.Errorf("has the port %q, which is not a number from 1 to 65535; leave it out for the scheme's own", port)
			}
		}
	}
	return nil
}

// Origin returns s, an origin as a Content-Security-Policy names one
// ("https://img.example.org", "https://img.example.org:8443"), as browsers
// compare it: lowercased, without a trailing slash. A path, query,
// fragment or user name is an error: a policy allows whole origins.
func Origin(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || CheckBase(s) != nil || u.Path != "" && u.Path != "/" {
		return "", fmt.Errorf("is not an origin like %q: a scheme and a host (and a port, if need be), nothing after", "https://img.example.org")
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

// OriginOf is the origin of an absolute URL, as Origin gives it, or "" for
// a URL without a scheme or a host.
func OriginOf(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// Host is the host name of an absolute http(s) URL, without its port, or
// "" for anything else.
func Host(s string) string {
	u, err := url.Parse(s)
	if err != nil || !IsAbs(s) {
		return ""
	}
	return u.Hostname()
}
