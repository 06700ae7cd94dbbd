package suggest

import (
	"slices"
	"testing"
)

var statuses = []string{"declined", "considering", "announced", "delivered", "withdrawn"}

func TestNearest(t *testing.T) {
	for _, tc := range []struct {
		name       string
		candidates []string
		want       []string
	}{
		{"anounced", statuses, []string{"announced"}},
		{"Announced", statuses, []string{"announced"}},
		{"annnounced", statuses, []string{"announced"}},
		{"annoucned", statuses, []string{"announced"}}, // a swap of neighbours is one edit
		{"pledged", statuses, nil},
		{"announced", statuses, nil}, // an exact match needs no suggestion
		{"germny", []string{"france", "germany", "belgium"}, []string{"germany"}},
		{"UK", []string{"FR", "GB", "UA", "US"}, []string{"UA", "US"}},
		{"fr", []string{"FR", "GB"}, []string{"FR"}},
		{"x", []string{"ab", "cd"}, nil},
		{"paris", []string{"paris-report"}, nil}, // seven letters away: not a typo
		{"paris-reprot", []string{"paris-report", "paris-report"}, []string{"paris-report"}},
		{"", statuses, nil},
		{"ceasefire", nil, nil},
	} {
		if have := Nearest(tc.name, tc.candidates); !slices.Equal(have, tc.want) && (len(have) != 0 || len(tc.want) != 0) {
			t.Errorf("Nearest(%q): have %q, want %q", tc.name, have, tc.want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"anounced", `did you mean "announced"?`},
		{"UK", `did you mean "UA" or "US"?`},
		{"pledged", ""},
	} {
		if have := DidYouMean(tc.name, append(statuses, "FR", "GB", "UA", "US")); have != tc.want {
			t.Errorf("DidYouMean(%q) = %q, want %q", tc.name, have, tc.want)
		}
	}
	if have := Append("not a status", "anounced", statuses); have != `not a status; did you mean "announced"?` {
		t.Errorf("Append: %q", have)
	}
	if have := Append("not a status", "pledged", statuses); have != "not a status" {
		t.Errorf("Append without a suggestion: %q", have)
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"ab", "ba", 1}, {"türkiye", "turkiye", 1}, {"abc", "abc", 0},
	} {
		if have := distance(tc.a, tc.b); have != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, have, tc.want)
		}
	}
}
