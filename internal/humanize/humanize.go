// Package humanize writes numbers the way the site's pages and messages say
// them, so that each form is decided in one place.
package humanize

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Plural is the word for n things: one when n is 1, many otherwise
// ("0 pledges", "1 pledge", "2 pledges"). Templates call it as
// {{plural n "pledge" "pledges"}}.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Bytes is a size in bytes, kibibytes, mebibytes or gibibytes, to one
// decimal that is dropped when it is 0: "900 B", "551.6 KiB", "512 KiB",
// "20 MiB". Limits and measured sizes are written alike, so a message can
// set one beside the other.
func Bytes(n int64) string {
	if n < 1<<10 {
		return strconv.FormatInt(n, 10) + " B"
	}
	v, unit := float64(n)/(1<<10), "KiB"
	for _, u := range []string{"MiB", "GiB"} {
		if v < 1<<10 {
			break
		}
		v, unit = v/(1<<10), u
	}
	return strings.TrimSuffix(strconv.FormatFloat(v, 'f', 1, 64), ".0") + " " + unit
}

// Clip shortens s to at most n characters, at the last space before the
// limit where there is one, and ends it with "…": for text that lands in an
// attribute (a page's meta description, shown by search engines and link
// previews at about 160 to 300 characters). Besides, it bounds what the
// minifier reads there, whose time grows with the square of an attribute
// full of character references.
func Clip(n int, s string) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for range n - 1 { // leave room for the ellipsis
		_, size := utf8.DecodeRuneInString(s[cut:])
		cut += size
	}
	head := s[:cut]
	if sp := strings.LastIndexByte(head, ' '); sp > len(head)/2 {
		head = head[:sp]
	}
	return strings.TrimRight(head, " ,;:") + "…"
}
