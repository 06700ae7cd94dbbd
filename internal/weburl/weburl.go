// Package weburl says which addresses may stand for a place on the web: the
// site's own address and its license's (site.toml), a source's (the
// dataset), and the base of the downloads and the sitemap, which name pages
// by absolute URL.
package weburl

import "net/url"

// IsAbs reports whether s is an absolute http or https URL with a host,
// such as "https://example.org/report". Anything else (a path, "//host",
// "mailto:", "javascript:") cannot be linked to from every copy of the
// site, or should not be.
func IsAbs(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
