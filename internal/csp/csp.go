// Package csp holds the site's Content-Security-Policy, written once, and
// makes from it the forms the policy takes: the header the published site
// sends (build's _headers), the meta tag every page carries (the template
// function "policy"), and the dev server's header, which lets pages connect
// back to the server.
package csp

import "strings"

// Site is the published site's policy. Pages load only the site's own
// stylesheet, script and images, have no inline script or style, and
// connect to no other site; the JSON-LD block is data, which a policy does
// not govern. connect-src is 'self' rather than 'none' because crawlers'
// checkers fetch /robots.txt from inside the page (Lighthouse does, and
// fails its SEO audit under 'none'); since only the site's own script may
// run, 'self' lets nothing connect that 'none' kept out of reach.
const Site = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// For is the site's policy for a site that allows images from origins
// (site.toml's allowed_origins, each "https://host" or "https://host:port"):
// Site, with those origins named in img-src. Images are all that Markdown
// can ask of another origin (raw HTML, and so video, audio and frames, is
// dropped), so no other directive names them.
func For(origins []string) string {
	if len(origins) == 0 {
		return Site
	}
	return With(Site, "img-src 'self' "+strings.Join(origins, " "))
}

// With returns policy with directive ("connect-src 'self'") in place of the
// directive of the same name, or added at the end when policy has none.
func With(policy, directive string) string {
	list := directives(policy)
	name := nameOf(directive)
	for i, d := range list {
		if nameOf(d) == name {
			list[i] = directive
			return strings.Join(list, "; ")
		}
	}
	return strings.Join(append(list, directive), "; ")
}

// Meta returns policy as a <meta http-equiv> tag can carry it: without
// frame-ancestors, report-uri and sandbox, which a browser ignores there
// (CSP Level 3, section 3.3) and warns about.
func Meta(policy string) string {
	var kept []string
	for _, d := range directives(policy) {
		switch nameOf(d) {
		case "frame-ancestors", "report-uri", "sandbox":
		default:
			kept = append(kept, d)
		}
	}
	return strings.Join(kept, "; ")
}

// directives splits a policy into its directives, trimmed, dropping empty
// ones.
func directives(policy string) []string {
	var list []string
	for d := range strings.SplitSeq(policy, ";") {
		if d = strings.TrimSpace(d); d != "" {
			list = append(list, d)
		}
	}
	return list
}

// nameOf is a directive's name, lowercased as browsers compare it.
func nameOf(directive string) string {
	name, _, _ := strings.Cut(strings.TrimSpace(directive), " ")
	return strings.ToLower(name)
}
