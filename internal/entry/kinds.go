package entry

import (
	"fmt"
	"strings"

	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/suggest"
	"github.com/briefing/briefing/internal/tomldoc"
)

// AddPledge writes p as a new [[pledge]] with its [[pledge.source]]
// citations, after the last pledge of its country. Its history is not
// written: changes are added one by one (AddChange).
func (d *Data) AddPledge(p *dataset.Pledge) (Added, error) {
	e := &text{}
	if prev := d.pledge(p.ID); prev != nil && p.ID != "" {
		e.refuse("id", "field \"id\": pledge %q already exists (%s); choose another id", p.ID, prev.Pos(""))
	}
	e.table("", "[[pledge]]", -1,
		kv{"id", quote(p.ID)}, kv{"country", quote(p.Country)}, kv{"category", quote(p.Category)},
		kv{"status", quote(p.Status)}, kv{"location", optional(p.Location)}, kv{"date", day(p.Date)},
		kv{"summary", quote(p.Summary)}, kv{"conditions", list(p.Conditions)}, kv{"instruments", list(p.Instruments)})
	e.cites("  ", "[[pledge.source]]", p.Sources, true)

	var last *dataset.Pledge
	for _, q := range d.set.Pledges {
		if q.Country == p.Country {
			last = q
		}
	}
	if last != nil {
		return d.add(last.Pos("").File, last.End(), e)
	}
	var files []string
	for _, q := range d.set.Pledges {
		files = append(files, q.Pos("").File)
	}
	return d.add(mostOf("pledge", files), 0, e)
}

// AddChange writes c as a new [[pledge.history]] entry of the pledge with
// id, with its [[pledge.history.source]] citations, right after the
// pledge's last line.
func (d *Data) AddChange(id string, c *dataset.Change) (Added, error) {
	p := d.pledge(id)
	if p == nil {
		ids := make([]string, len(d.set.Pledges))
		for i, q := range d.set.Pledges {
			ids[i] = q.ID
		}
		msg := fmt.Sprintf("field \"pledge\": %q is not a known pledge; expected one of %s", id, strings.Join(ids, ", "))
		if len(ids) > 40 { // a large briefing: thousands
			msg = fmt.Sprintf("field \"pledge\": %q is not a known pledge; expected the id of one of the %d pledges", id, len(ids))
		}
		return Added{}, refuse("pledge", "%s", suggest.Append(msg, id, ids))
	}
	e := &text{}
	draft := ""
	if c.Draft {
		draft = "true"
	}
	e.table("  ", "[[pledge.history]]", -1,
		kv{"date", day(c.Date)}, kv{"status", quote(c.Status)}, kv{"note", quote(c.Note)},
		kv{"summary", optional(c.Summary)}, kv{"draft", draft})
	e.cites("    ", "[[pledge.history.source]]", c.Sources, true)
	return d.add(p.Pos("").File, p.End(), e)
}

// AddSource writes s as a new [[source]], after the last source.
func (d *Data) AddSource(s *dataset.Source) (Added, error) {
	e := &text{}
	if prev := d.set.Source(s.ID); prev != nil && s.ID != "" {
		e.refuse("id", "field \"id\": source %q already exists (%s); choose another id", s.ID, prev.Pos(""))
	}
	e.table("", "[[source]]", -1,
		kv{"id", quote(s.ID)}, kv{"title", quote(s.Title)}, kv{"publisher", optional(s.Publisher)},
		kv{"date", day(s.Date)}, kv{"url", optional(s.URL)})
	if n := len(d.set.Sources); n > 0 {
		last := d.set.Sources[n-1]
		return d.add(last.Pos("").File, last.End(), e)
	}
	return d.add(mostOf("source", nil), 0, e)
}

// AddEvent writes ev as a new [[event]] with its [[event.source]]
// citations, after the last event. An event of the same title on the same
// date is taken for the same event, and refused.
func (d *Data) AddEvent(ev *dataset.Event) (Added, error) {
	e := &text{}
	for _, prev := range d.set.Events {
		if prev.Title == ev.Title && prev.Date.Compare(ev.Date) == 0 && ev.Title != "" {
			e.refuse("title", "field \"title\": the event %q of %s already exists (%s)", ev.Title, ev.Date, prev.Pos(""))
		}
	}
	e.table("", "[[event]]", -1,
		kv{"date", day(ev.Date)}, kv{"title", quote(ev.Title)}, kv{"summary", optional(ev.Summary)},
		kv{"countries", list(ev.Countries)})
	e.cites("  ", "[[event.source]]", ev.Sources, false)
	if n := len(d.set.Events); n > 0 {
		last := d.set.Events[n-1]
		return d.add(last.Pos("").File, last.End(), e)
	}
	return d.add(mostOf("event", nil), 0, e)
}

// pledge returns the pledge with id, or nil.
func (d *Data) pledge(id string) *dataset.Pledge {
	for _, p := range d.set.Pledges {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// kv is a key and its value as TOML; an empty value is not written.
type kv struct{ key, val string }

// table writes a table: its header, then its keys with their = aligned,
// as the shipped files are written, all indented by indent.
func (e *text) table(indent, header string, cite int, kvs ...kv) {
	width := 0
	for _, f := range kvs {
		if f.val != "" {
			width = max(width, len(f.key))
		}
	}
	e.line(indent+header, key{"", cite})
	for _, f := range kvs {
		if f.val != "" {
			e.line(indent+f.key+strings.Repeat(" ", width-len(f.key))+" = "+f.val, key{f.key, cite})
		}
	}
}

// cites writes each citation as a table of its own, after a blank line;
// its quote even when empty where one is required, so that validation
// says so at its line.
func (e *text) cites(indent, header string, cs []*dataset.Citation, quoteRequired bool) {
	q := optional
	if quoteRequired {
		q = quote
	}
	for i, c := range cs {
		e.line("", key{"", -1})
		e.table(indent, header, i, kv{"ref", quote(c.Ref)}, kv{"quote", q(c.Quote)}, kv{"speaker", optional(c.Speaker)})
	}
}

// refuse notes a problem with field found before validation.
func (e *text) refuse(field, format string, args ...any) {
	e.known = append(e.known, Problem{Field: field, Cite: -1, Msg: fmt.Sprintf(format, args...)})
}

func (e *text) line(s string, k key) {
	e.lines = append(e.lines, s)
	e.keys = append(e.keys, k)
}

// quote is a string value that is written even when empty, so that
// validation reports it at its own line.
func quote(s string) string { return tomldoc.Quote(s) }

// optional is a string value, or nothing when s is empty.
func optional(s string) string {
	if s == "" {
		return ""
	}
	return tomldoc.Quote(s)
}

// day is a date as the shipped files write it: a TOML date when the day is
// known, else a string ("2014"), since TOML has no year or month alone.
func day(d date.Date) string {
	switch {
	case d.IsZero():
		return ""
	case d.Precision() == date.Day:
		return d.String()
	}
	return tomldoc.Quote(d.String())
}

// list is a list of ids, or nothing when it is empty.
func list(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = tomldoc.Quote(id)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}
