// Package slug makes URL path segments from names: "United Kingdom" becomes
// "united-kingdom", "Türkiye" becomes "turkiye".
package slug

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Pattern is what a slug looks like, as a regular expression: runs of a-z
// and 0-9 joined by single dashes. Briefs' and pages' slugs, the dataset's
// ids and the JSON schema of the downloads all follow it; Make writes
// nothing else.
const Pattern = `^[a-z0-9]+(-[a-z0-9]+)*$`

var valid = regexp.MustCompile(Pattern)

// Valid reports whether s is a slug: it matches Pattern.
func Valid(s string) bool { return valid.MatchString(s) }

// Make lowercases s, strips accents, and joins runs of letters and digits
// with single dashes. The result contains only a-z, 0-9 and '-', never starts
// or ends with '-', and is empty when s has no letters or digits, so it is
// always safe as one path segment.
func Make(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r): // a combining accent left by NFKD
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			b.WriteRune(r)
			dash = false
		case 'A' <= r && r <= 'Z':
			b.WriteRune(unicode.ToLower(r))
			dash = false
		case r == '\'' || r == '’': // "Côte d’Ivoire" -> "cote-divoire"
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
