package render

import (
	"strings"

	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/site"
)

// Inputs lists what the page shows of the briefs, the part of a site that
// editors change most. Two renderings of a page, from models that differ
// only in their briefs, are the same bytes when the page's Inputs are equal
// (compared element by element with ==) and the briefing's date (Site.AsOf)
// is the same. For the kinds for which ShowsOfDataset is true, the same
// holds of models that differ in the dataset too, when DatasetInputs are
// equal as well. The dev server re-renders only the pages whose Inputs
// changed after a brief was saved (build.Incremental), and a randomised
// test there compares the result with a full build, so a page kind that
// shows more of the briefs than it says here fails that test.
//
// A page kind that shows nothing of the briefs returns nil. A new page kind
// must say here what it shows.
func (p *Page) Inputs() []any {
	switch p.Kind {
	case "brief":
		// Everything of the brief: its body too.
		return []any{p.Brief.Brief, p.Brief.Scheduled}
	case "briefs":
		bp := p.Briefs
		return appendCards([]any{bp.N, len(p.Site.BriefsBy), bp.Prev != nil, bp.Next != nil}, bp.Briefs)
	case "home":
		return appendCards(nil, p.Site.Briefs[:min(len(p.Site.Briefs), LatestOnHome)])
	case "timeline":
		if m := p.Month; m != nil {
			return appendMonth([]any{neighbour(m.Prev), neighbour(m.Next)}, m)
		}
		in := []any{p.Site.TimelineSplit()}
		for _, m := range p.Site.Timeline {
			if p.Site.TimelineSplit() {
				in = append(in, m.Key, len(m.Entries))
			} else {
				in = appendMonth(in, m)
			}
		}
		return in
	case "country":
		c := p.Country
		in := appendCards([]any{len(c.Events)}, c.Briefs)
		return appendEntries(in, c.Events)
	case "pledge":
		c := p.Pledge.Country
		return appendCards([]any{len(c.Briefs)}, c.LatestBriefs())
	}
	return nil
}

// ShowsOfDataset reports whether DatasetInputs say what the pages of a kind
// show of the dataset, so that a change to the dataset need not render them
// again when their Inputs and DatasetInputs are as they were. Every other
// kind shows more of the dataset than it would be worth listing.
func ShowsOfDataset(kind string) bool { return kind == "brief" || kind == "pledge" }

// DatasetInputs lists what a page of a kind for which ShowsOfDataset is true
// shows of the dataset: for a brief, the countries it names and the sources
// it cites; for a pledge, the pledge and its history, with the country's,
// the vocabulary's and the sources' words it uses.
func (p *Page) DatasetInputs() []any {
	switch p.Kind {
	case "brief":
		var in []any
		for _, c := range p.Brief.Mentions {
			in = append(in, c.Code, c.Name, c.Slug)
		}
		for _, s := range p.Brief.Cites {
			in = append(in, s.ID, s.Title, s.URL, s.Publisher, s.Date.String())
		}
		return in
	case "pledge":
		return appendPledge(nil, p.Pledge)
	}
	return nil
}

// appendPledge adds what a pledge's page shows of it.
func appendPledge(in []any, p *site.Pledge) []any {
	in = append(in, p.ID, p.Country.Code, p.Country.Name, p.Country.Slug, p.Category.ID, p.Category.Label,
		p.Summary, strings.Join(p.Conditions, "\x00"), len(p.Conditions), p.Since.String())
	in = appendTerm(appendTerm(in, p.Status), p.Location)
	for _, st := range p.History {
		in = append(in, st.N, st.Date.String(), st.Draft, st.Note)
		in = appendTerm(appendTerm(in, st.From), st.Status)
		for _, c := range st.Sources {
			in = append(in, c.Quote, c.Speaker)
			if s := c.Source; s != nil {
				in = append(in, s.ID, s.Title, s.URL, s.Publisher, s.Date.String())
			}
		}
	}
	return in
}

func appendTerm(in []any, t *dataset.Term) []any {
	if t == nil {
		return append(in, "")
	}
	return append(in, t.ID, t.Label, t.Symbol)
}

// LatestOnHome is how many briefs the front page shows (templates/home.html).
const LatestOnHome = 5

// card is what lists show of a brief: everything but its body and sources.
type card struct {
	slug, title, summary, date, updated, countries string
	draft, scheduled                               bool
}

func appendCards(in []any, briefs []*site.Brief) []any {
	for _, b := range briefs {
		in = append(in, cardOf(b))
	}
	return in
}

func cardOf(b *site.Brief) card {
	return card{slug: b.Slug, title: b.Title, summary: b.Summary, date: b.Date.String(), updated: b.Updated.String(),
		countries: strings.Join(b.Countries, " "), draft: b.Draft, scheduled: b.Scheduled}
}

// appendMonth adds a month of the timeline: its key, and where its briefs
// fall among its other entries, which come from the dataset.
func appendMonth(in []any, m *site.Month) []any {
	return appendEntries(append(in, m.Key, len(m.Entries)), m.Entries)
}

// appendEntries adds the briefs among timeline entries with their places.
func appendEntries(in []any, entries []site.Entry) []any {
	for i, e := range entries {
		if e.Kind == site.KindBrief {
			in = append(in, i, e.Title, e.Summary, e.URL, e.Date.String(), countryCodes(e.Countries))
		}
	}
	return in
}

func countryCodes(cs []*site.Country) string {
	codes := make([]string, len(cs))
	for i, c := range cs {
		codes[i] = c.Code
	}
	return strings.Join(codes, " ")
}

func neighbour(m *site.Month) string {
	if m == nil {
		return ""
	}
	return m.Key
}
