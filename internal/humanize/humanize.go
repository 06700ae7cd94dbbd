// Package humanize writes numbers the way the site's pages and messages say
// them, so that each form is decided in one place.
package humanize

// Plural is the word for n things: one when n is 1, many otherwise
// ("0 pledges", "1 pledge", "2 pledges"). Templates call it as
// {{plural n "pledge" "pledges"}}.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
