// Package date provides Date, a calendar date that may be known only to the
// year or the month. Sources are often vague ("in 2014"); the site keeps them
// vague rather than inventing a day.
package date

import (
	"fmt"
	"strconv"
	"time"
)

// Precision says how much of a Date is known.
type Precision int

const (
	Year Precision = iota + 1
	Month
	Day
)

// Date is a day, month or year. The zero Date is unset.
type Date struct {
	t    time.Time // midnight UTC of the first day the date covers
	prec Precision
}

// Of returns the day of t (its year, month and day in t's own location).
func Of(t time.Time) Date {
	return Date{t: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), prec: Day}
}

// Parse reads "2006", "2006-01", "2006-01-02" or an RFC 3339 time.
func Parse(s string) (Date, error) {
	for _, f := range []struct {
		layout string
		prec   Precision
	}{{"2006", Year}, {"2006-01", Month}, {"2006-01-02", Day}} {
		if t, err := time.Parse(f.layout, s); err == nil {
			return Date{t: t, prec: f.prec}, nil
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return Of(t), nil
	}
	return Date{}, fmt.Errorf("%q is not a date: expected YYYY-MM-DD, YYYY-MM, YYYY or an RFC 3339 time", s)
}

// UnmarshalTOML accepts a TOML date or date-time, or a string Parse accepts.
func (d *Date) UnmarshalTOML(v any) error {
	var err error
	switch v := v.(type) {
	case time.Time:
		// A TOML local time (10:30:00) decodes to 0000-01-01 in BurntSushi's
		// "time-local" zone; it has no day, so it is not a date.
		if v.Location().String() == "time-local" {
			return fmt.Errorf("expected a date like 2026-01-06, found a time of day (%s)", v.Format("15:04:05"))
		}
		*d = Of(v)
	case string:
		*d, err = Parse(v)
	case int64:
		*d, err = Parse(strconv.FormatInt(v, 10))
	default:
		err = fmt.Errorf("expected a date like 2026-01-06, found %T", v)
	}
	return err
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.prec == 0 }

// Precision says whether the year, month or day is known.
func (d Date) Precision() Precision { return d.prec }

// Time is the first instant the date covers, in UTC.
func (d Date) Time() time.Time { return d.t }

// Compare orders dates by their first day; a vaguer date sorts before a
// precise one that starts on the same day.
func (d Date) Compare(e Date) int {
	if c := d.t.Compare(e.t); c != 0 {
		return c
	}
	return int(d.prec) - int(e.prec)
}

// After reports whether d starts after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// String is the ISO form, as precise as the date: "2014", "2014-03", "2026-01-06".
func (d Date) String() string {
	switch d.prec {
	case Year:
		return d.t.Format("2006")
	case Month:
		return d.t.Format("2006-01")
	case Day:
		return d.t.Format("2006-01-02")
	}
	return ""
}

// Human is the reader's form: "2014", "March 2014", "6 January 2026".
func (d Date) Human() string {
	switch d.prec {
	case Year:
		return d.t.Format("2006")
	case Month:
		return d.t.Format("January 2006")
	case Day:
		return d.t.Format("2 January 2006")
	}
	return ""
}

// MonthKey is the month the date falls in ("2026-01"), or the year for a
// year-only date; the timeline groups by it.
func (d Date) MonthKey() string {
	if d.prec == Year {
		return d.t.Format("2006")
	}
	return d.t.Format("2006-01")
}

// MonthHuman is MonthKey for readers: "January 2026" or "2014".
func (d Date) MonthHuman() string {
	if d.prec == Year {
		return d.t.Format("2006")
	}
	return d.t.Format("January 2006")
}
