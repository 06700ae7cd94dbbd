// Package feed writes the site's Atom 1.0 feed (RFC 4287): one entry per
// published brief and one per pledge made or changed, newest first, the
// latest Max of them. Entry ids are absolute URLs that never change: a
// brief's page (stable as long as its file name is), and a history entry's
// anchor on its pledge's page (history is only appended to), so readers
// never see an entry twice.
//
// A brief's entry carries its text as XHTML (type "xhtml"), inline rather
// than escaped: escaped HTML ("&lt;td&gt;") is some twice as long, and the
// text of the briefs in the feed is most of its size.
package feed

import (
	"encoding/xml"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/site"
)

// File is where the feed is published.
const File = "feed.xml"

// Max is how many entries the feed keeps, the newest. Readers poll a feed
// and only want what is new; the whole archive of a briefing that has run
// for months, thousands of briefs in full, would be megabytes on every poll
// (and most of a build's time and memory). The site's pages keep the archive.
const Max = 100

type feed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"xml:lang,attr,omitempty"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Sub     string   `xml:"subtitle,omitempty"`
	Updated string   `xml:"updated"`
	Author  person   `xml:"author"`
	Links   []link   `xml:"link"`
	Entries []entry  `xml:"entry"`
}

// person is an Atom author: the publisher, and where readers reach it
// with corrections (site.toml's contact), as an address or a page.
type person struct {
	Name  string `xml:"name"`
	URI   string `xml:"uri,omitempty"`
	Email string `xml:"email,omitempty"`
}

type link struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type entry struct {
	Base      string `xml:"xml:base,attr"` // relative links in the content resolve from the brief's page
	ID        string `xml:"id"`
	Title     string `xml:"title"`
	Published string `xml:"published"`
	Updated   string `xml:"updated"`
	Link      link   `xml:"link"`
	Summary   string `xml:"summary"`
	Content   *xhtml `xml:"content"`
}

// xhtml is Atom content of type xhtml: one XHTML div, written as it is.
type xhtml struct {
	Type string `xml:"type,attr"`
	Div  string `xml:",innerxml"`
}

// Atom returns the feed of the site's briefs.
func Atom(s *site.Site) ([]byte, error) {
	base := s.Config.BaseURL
	f := feed{
		Lang:    s.Config.Language,
		ID:      base,
		Title:   s.Config.Title,
		Sub:     s.Config.Description,
		Updated: stamp(s.AsOf),
		Author:  author(s.Config.Publisher, s.Config.Contact),
		Links: []link{
			{Rel: "self", Type: "application/atom+xml", Href: base + File},
			{Rel: "alternate", Type: "text/html", Href: base},
		},
	}
	// Every brief and every change is a candidate, newest first (on one
	// day, briefs before the changes they explain); only the newest Max
	// are made into entries, so the feed costs the same however long the
	// briefing runs.
	type candidate struct {
		updated date.Date
		brief   *site.Brief
		step    *site.Step
	}
	candidates := make([]candidate, 0, len(s.Briefs)+len(s.Changes))
	for _, b := range s.Briefs {
		updated := b.Date
		if b.Updated.Compare(updated) > 0 {
			updated = b.Updated
		}
		candidates = append(candidates, candidate{updated: updated, brief: b})
	}
	for _, st := range s.Changes {
		candidates = append(candidates, candidate{updated: st.Date, step: st})
	}
	slices.SortStableFunc(candidates, func(a, b candidate) int { return instant(b.updated).Compare(instant(a.updated)) })
	for _, c := range candidates[:min(len(candidates), Max)] {
		if b := c.brief; b != nil {
			body := b.Body()
			url := base + b.URL()
			f.Entries = append(f.Entries, entry{
				Base:      url,
				ID:        url,
				Title:     b.Title,
				Published: stamp(b.Date),
				Updated:   stamp(c.updated),
				Link:      link{Rel: "alternate", Type: "text/html", Href: url},
				Summary:   b.Summary,
				Content:   &xhtml{Type: "xhtml", Div: `<div xmlns="http://www.w3.org/1999/xhtml">` + forFeed(string(body)) + `</div>`},
			})
			continue
		}
		st := c.step
		url := base + st.URL()
		summary := st.Note
		if st.From == nil {
			summary = st.Summary // the pledge as it was made, not as it is now
		} else if st.Restated {
			summary += " From then on: " + st.Summary
		}
		f.Entries = append(f.Entries, entry{
			Base:      url,
			ID:        url,
			Title:     st.Title(),
			Published: stamp(st.Date),
			Updated:   stamp(st.Date),
			Link:      link{Rel: "alternate", Type: "text/html", Href: url},
			Summary:   summary,
		})
	}
	out, err := xml.Marshal(f)
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}

// forFeed is a brief's HTML as the content of its entry: content renders
// XHTML, which is well-formed XML, but text may hold characters XML does
// not allow (U+0001, ...), which become U+FFFD as encoding/xml makes them;
// and the classes go, which only the site's stylesheet reads (a cell's
// alignment, a footnote's link).
func forFeed(body string) string {
	var b strings.Builder
	b.Grow(len(body))
	for {
		// content writes every quote mark in text and in attribute
		// values as "&quot;": this finds class attributes and nothing else.
		i := strings.Index(body, ` class="`)
		if i < 0 {
			break
		}
		end := strings.IndexByte(body[i+len(` class="`):], '"')
		if end < 0 {
			break
		}
		b.WriteString(body[:i])
		body = body[i+len(` class="`)+end+1:]
	}
	b.WriteString(body)
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= utf8.MaxRune {
			return r
		}
		return utf8.RuneError
	}, b.String())
}

// stamp is the RFC 3339 time Atom wants: the start of the day, in UTC.
func stamp(d date.Date) string { return instant(d).Format(time.RFC3339) }

// instant is the start of the date's first day, in UTC; the epoch for no
// date.
func instant(d date.Date) time.Time {
	if d.IsZero() {
		return time.Unix(0, 0).UTC()
	}
	return d.Time().UTC()
}

// author is the feed's author: the publisher, with its contact as an email
// address or a URI, whichever it is (config validates it as one of them).
func author(publisher, contact string) person {
	p := person{Name: publisher}
	if strings.Contains(contact, "@") && !strings.Contains(contact, "://") {
		p.Email = contact
	} else {
		p.URI = contact
	}
	return p
}
