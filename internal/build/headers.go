package build

import (
	"fmt"
	neturl "net/url"
	"slices"
	"strings"

	"github.com/briefing/briefing/internal/csp"
	"github.com/briefing/briefing/internal/render"
)

// HeadersFile is the file of response headers that Netlify, Cloudflare
// Pages and hosts like them read from the root of a published folder; other
// hosts publish it as a plain file, which does no harm.
const HeadersFile = "_headers"

// Policy is the published site's Content-Security-Policy, written once in
// internal/csp, for a site that allows no other origin; every page carries
// it in a meta tag too (the template function "policy").
const Policy = csp.Site

// Policy is the site's Content-Security-Policy: Policy, with the origins
// site.toml allows images from (csp.For).
func (s *Site) Policy() string { return csp.For(s.model.Config.AllowedOrigins) }

// headers writes HeadersFile: the security headers for every URL, and
// caching forever for the stylesheets and scripts whose names carry a hash
// of their content, at the path the site is published under.
func headers(baseURL, policy string, assets map[string]render.Asset) []byte {
	base := "/"
	if u, err := neturl.Parse(baseURL); err == nil && strings.HasPrefix(u.Path, "/") {
		base = u.Path
	}
	var b strings.Builder
	b.WriteString("# Response headers, for hosts that read this file (Netlify, Cloudflare Pages).\n")
	fmt.Fprintf(&b, "/*\n  Content-Security-Policy: %s\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n  X-Frame-Options: DENY\n", policy)
	var paths []string
	for _, a := range assets {
		paths = append(paths, a.Path)
	}
	slices.Sort(paths)
	for _, p := range paths {
		fmt.Fprintf(&b, "\n%s%s\n  Cache-Control: public, max-age=31536000, immutable\n", base, p)
	}
	return []byte(b.String())
}
