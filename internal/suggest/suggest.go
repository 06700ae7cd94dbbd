// Package suggest finds the known names nearest to a mistyped one, so that
// an error can ask "did you mean", as the Go toolchain and cargo do.
//
// Names are compared case-insensitively by optimal string alignment
// distance: an insertion, a deletion, a substitution or a swap of two
// neighbouring characters each cost one. "anounced", "Announced" and
// "annnounced" all suggest "announced"; "germny" suggests "germany".
package suggest

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// maxNames is how many suggestions a message gives at most: more is a list
// of everything, which the message gives anyway.
const maxNames = 3

// Nearest returns the candidates nearest to name, best first (ties in the
// candidates' order), at most three: those within a distance that grows
// with name's length (one edit for up to four characters, two up to eight,
// three beyond), so a short id is not matched to any other short id. An
// exact match is no suggestion; a match in another case is the best one.
func Nearest(name string, candidates []string) []string {
	folded := strings.ToLower(name)
	n := utf8.RuneCountInString(folded)
	limit := min(3, max(1, (n+3)/4))
	type hit struct {
		name string
		d, i int
	}
	var hits []hit
	seen := map[string]bool{}
	for i, c := range candidates {
		if c == name || c == "" || seen[c] {
			continue
		}
		seen[c] = true
		if d := distance(folded, strings.ToLower(c)); d <= limit {
			hits = append(hits, hit{c, d, i})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return a.d - b.d })
	out := make([]string, 0, min(len(hits), maxNames))
	for _, h := range hits[:min(len(hits), maxNames)] {
		out = append(out, h.name)
	}
	return out
}

// DidYouMean is the suggestion for name as the end of a message,
// `did you mean "announced"?` or `did you mean "a" or "b"?`, or "" when no
// candidate is near.
func DidYouMean(name string, candidates []string) string {
	near := Nearest(name, candidates)
	if len(near) == 0 {
		return ""
	}
	quoted := make([]string, len(near))
	for i, s := range near {
		quoted[i] = `"` + s + `"`
	}
	if len(quoted) == 1 {
		return "did you mean " + quoted[0] + "?"
	}
	return "did you mean " + strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1] + "?"
}

// Append adds DidYouMean's suggestion to msg after "; ", or returns msg as
// it is when there is none.
func Append(msg, name string, candidates []string) string {
	if s := DidYouMean(name, candidates); s != "" {
		return msg + "; " + s
	}
	return msg
}

// distance is the optimal string alignment distance between a and b, in
// runes. Its cost is the product of their lengths; callers compare ids and
// names, which are short.
func distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	if len(x) == 0 || len(y) == 0 {
		return max(len(x), len(y))
	}
	// Three rows of the table: two back (for a swap), one back, this one.
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}
