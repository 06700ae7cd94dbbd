package date

import (
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in     string
		prec   Precision
		time   string // Time() in RFC 3339
		str    string
		human  string
		month  string // MonthKey
		monthH string // MonthHuman
	}{
		{"2014", Year, "2014-01-01T00:00:00Z", "2014", "2014", "2014", "2014"},
		{"2014-03", Month, "2014-03-01T00:00:00Z", "2014-03", "March 2014", "2014-03", "March 2014"},
		{"2026-01-06", Day, "2026-01-06T00:00:00Z", "2026-01-06", "6 January 2026", "2026-01", "January 2026"},
		// The day in the time's own zone: 23:30 in New York is already the 7th in UTC.
		{"2026-01-06T23:30:00-05:00", Day, "2026-01-06T00:00:00Z", "2026-01-06", "6 January 2026", "2026-01", "January 2026"},
		// And 00:30 in Paris is still the 5th in UTC.
		{"2026-01-06T00:30:00+01:00", Day, "2026-01-06T00:00:00Z", "2026-01-06", "6 January 2026", "2026-01", "January 2026"},
		{"2026-12-31T10:00:00Z", Day, "2026-12-31T00:00:00Z", "2026-12-31", "31 December 2026", "2026-12", "December 2026"},
	} {
		d, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): unexpected error %v", tc.in, err)
			continue
		}
		for _, c := range []struct{ what, have, want string }{
			{"Time", d.Time().Format(time.RFC3339), tc.time},
			{"String", d.String(), tc.str},
			{"Human", d.Human(), tc.human},
			{"MonthKey", d.MonthKey(), tc.month},
			{"MonthHuman", d.MonthHuman(), tc.monthH},
		} {
			if c.have != c.want {
				t.Errorf("Parse(%q).%s()\nhave %q\nwant %q", tc.in, c.what, c.have, c.want)
			}
		}
		if d.Precision() != tc.prec {
			t.Errorf("Parse(%q).Precision(): have %d, want %d", tc.in, d.Precision(), tc.prec)
		}
		if d.IsZero() {
			t.Errorf("Parse(%q).IsZero() = true, want false", tc.in)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{"2026-13-01", "2026-02-30", "yesterday", "", "14", "2014-3", "06/01/2026", "2026-01-06 10:00", "2026-01-06T10:00:00"} {
		d, err := Parse(in)
		if err == nil {
			t.Errorf("Parse(%q) = %v, want an error", in, d)
			continue
		}
		if want := `"` + in + `" is not a date`; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Parse(%q) error\nhave %q\nwant prefix %q", in, err, want)
		}
		if !d.IsZero() {
			t.Errorf("Parse(%q) returned a non-zero date %v with its error", in, d)
		}
	}
}

func TestZero(t *testing.T) {
	var d Date
	if !d.IsZero() || d.String() != "" || d.Human() != "" || d.Precision() != 0 {
		t.Errorf("zero Date: IsZero=%v String=%q Human=%q Precision=%d; want true, \"\", \"\", 0", d.IsZero(), d.String(), d.Human(), d.Precision())
	}
}

func TestOf(t *testing.T) {
	loc := time.FixedZone("UTC+10", 10*3600)
	in := time.Date(2026, 1, 7, 2, 0, 0, 0, loc) // 6 January in UTC
	if have := Of(in).String(); have != "2026-01-07" {
		t.Errorf("Of(%v) = %s, want 2026-01-07 (the day in its own zone)", in, have)
	}
}

func mustParse(t *testing.T, s string) Date {
	t.Helper()
	d, err := Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int // sign
	}{
		{"2014", "2014-01-01", -1}, // a year sorts before a day on the same first day
		{"2014", "2014-01", -1},
		{"2014-01", "2014-01-01", -1},
		{"2014-01-01", "2014", 1},
		{"2014", "2014", 0},
		{"2026-01-06", "2026-01-06T12:00:00Z", 0},
		{"2014", "2013-12-31", 1},
		{"2014-03", "2014-02-28", 1},
		{"2026-01-05", "2026-01-06", -1},
		{"2025", "2014-06", 1},
	} {
		a, b := mustParse(t, tc.a), mustParse(t, tc.b)
		if have := sign(a.Compare(b)); have != tc.want {
			t.Errorf("Compare(%s, %s): have %d, want %d", tc.a, tc.b, have, tc.want)
		}
	}
	if a, b := mustParse(t, "2026-01-07"), mustParse(t, "2026-01-06"); !a.After(b) || b.After(a) || a.After(a) {
		t.Errorf("After: 2026-01-07 after 2026-01-06 = %v, reverse = %v, self = %v; want true, false, false", a.After(b), b.After(a), a.After(a))
	}
	if y, d := mustParse(t, "2014"), mustParse(t, "2014-01-01"); y.After(d) || d.After(y) {
		t.Errorf("After: a year and its first day start together; neither is after the other")
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func TestUnmarshalTOML(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // String() of the decoded date
		prec Precision
	}{
		{`d = 2026-01-06`, "2026-01-06", Day},
		{`d = 2026-01-06T23:30:00-05:00`, "2026-01-06", Day},
		{`d = 2026-01-06T18:30:00`, "2026-01-06", Day},
		{`d = "2014"`, "2014", Year},
		{`d = "2014-03"`, "2014-03", Month},
		{`d = "2026-01-06"`, "2026-01-06", Day},
		{`d = 2014`, "2014", Year},
	} {
		var v struct {
			D Date `toml:"d"`
		}
		if _, err := toml.Decode(tc.in, &v); err != nil {
			t.Errorf("input %s: unexpected error %v", tc.in, err)
			continue
		}
		if v.D.String() != tc.want || v.D.Precision() != tc.prec {
			t.Errorf("input %s\nhave %s (precision %d)\nwant %s (precision %d)", tc.in, v.D, v.D.Precision(), tc.want, tc.prec)
		}
	}
}

func TestUnmarshalTOMLErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`d = "yesterday"`, `"yesterday" is not a date`},
		{`d = "2026-13-01"`, `"2026-13-01" is not a date`},
		{`d = 14`, `"14" is not a date`},
		{`d = true`, "expected a date like 2026-01-06, found bool"},
		{`d = 2026.5`, "expected a date like 2026-01-06, found float64"},
		{`d = 10:30:00`, "expected a date like 2026-01-06, found a time of day (10:30:00)"}, // a TOML local time has no day
	} {
		var v struct {
			D Date `toml:"d"`
		}
		_, err := toml.Decode(tc.in, &v)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("input %s\nhave error %v\nwant one containing %q", tc.in, err, tc.want)
		}
	}
}
