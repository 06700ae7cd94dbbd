package render

import (
	"slices"
	"strconv"
	"strings"

	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/site"
)

// Inputs lists what the page shows of the briefs, the part of a site that
// editors change most. Two renderings of a page, from models that differ
// only in their briefs, are the same bytes when the page's Inputs are equal
// (compared element by element with ==) and the briefing's date (Site.AsOf)
// is the same. For the kinds for which ShowsOfDataset is true, the same
// holds of models that differ in the dataset too, when DatasetInputs are
// equal as well (DatasetInputs.Of). The dev server re-renders only the pages whose Inputs
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
func ShowsOfDataset(kind string) bool {
	switch kind {
	case "brief", "pledge", "country", "snapshot":
		return true
	}
	return false
}

// DatasetInputs says what pages show of the dataset (see Of), doing once
// the work that pages share: each pledge as its page and its country's
// show it, and each country's row of the matrix through time,
// which every snapshot it has a row in shows a part of. It keeps that work
// for as long as it is kept, for pages of any number of sites (it goes by
// the model's pointers), and is not safe for concurrent use.
//
// Most of what it lists is written as strings of words (see words): listed
// value by value in a []any, with each snapshot's matrix made, what country
// and snapshot pages show took 2.2 s a save at 10,000 briefs, about what
// rendering them again took.
type DatasetInputs struct {
	pledges map[*site.Pledge]string
	rows    map[*site.Country]*rowLog
	buf     words // reused: the words of one page at a time
}

// NewDatasetInputs returns a DatasetInputs that has done no work yet.
func NewDatasetInputs() *DatasetInputs {
	return &DatasetInputs{pledges: map[*site.Pledge]string{}, rows: map[*site.Country]*rowLog{}}
}

// Of lists what p, of a kind for which ShowsOfDataset is true, shows of
// the dataset: for a brief, the countries it names and the sources it
// cites; for a pledge, the pledge and its history, with the country's, the
// vocabulary's and the sources' words it uses; for a country, the country,
// its role, its pledges, the vocabularies its chart counts by, and its
// timeline; for a snapshot, its date and neighbours, that day's changes,
// and its matrix row by row. What every page shows (the site's settings and
// its date) is not listed: a change to either builds every page.
func (d *DatasetInputs) Of(p *Page) []any {
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
		return []any{d.pledge(p.Pledge)}
	case "country":
		return d.country(p)
	case "snapshot":
		return d.snapshot(p)
	}
	return nil
}

// pledge is what a pledge's page shows of it (templates/pledge.html), with
// its country's and its vocabularies' words, which is more than its card
// on its country's page shows (the partial "pledge").
func (d *DatasetInputs) pledge(p *site.Pledge) string {
	if w, ok := d.pledges[p]; ok {
		return w
	}
	w := d.buf[:0]
	w = w.add(p.ID, p.Country.Code, p.Country.Name, p.Country.Slug, p.Category.ID, p.Category.Label,
		p.Summary, p.Since.String(), p.Date.String()).num(len(p.Conditions)).add(p.Conditions...)
	w = w.term(p.Status).term(p.Location).citations(p.Sources).num(len(p.History))
	for _, st := range p.History {
		w = w.num(st.N).add(st.Date.String(), st.Note).flag(st.Draft).term(st.From).term(st.Status).citations(st.Sources)
	}
	d.buf = w
	in := string(w)
	d.pledges[p] = in
	return in
}

// country is what templates/country.html shows of the dataset: the title
// and description (the name and the number of pledges), the header, the
// chart (every category and status, in order, whether or not the country
// has pledges of it), each pledge's card, and the timeline, every entry of
// it: the countries a brief names are shown by their names, from the
// dataset.
func (d *DatasetInputs) country(p *Page) []any {
	c := p.Country
	w := d.buf[:0]
	w = w.add(p.Title, p.Description, c.Code, c.Name, c.Slug, c.Profile).flag(c.Group).num(len(c.Leaders)).add(c.Leaders...)
	w = w.term(c.Role)
	if c.Role != nil {
		w = w.add(c.Role.Description)
	}
	w = w.terms(p.Site.Data.Categories).terms(p.Site.Data.Statuses).num(len(c.Events))
	for _, e := range c.Events {
		w = w.add(e.Kind, e.Date.String(), e.Title, e.Summary, e.URL, e.Anchor).num(len(e.Countries))
		for _, ec := range e.Countries {
			w = w.add(ec.Code, ec.Name, ec.Slug)
		}
		w = w.citations(e.Sources)
	}
	d.buf = w
	in := make([]any, 0, 2+len(c.Pledges))
	in = append(in, string(w), len(c.Pledges))
	for _, pl := range c.Pledges {
		in = append(in, d.pledge(pl))
	}
	return in
}

// snapshot is what templates/snapshot.html shows of the dataset: the date
// and its neighbours, that day's changes, and the matrix that evening (the
// partial "matrix"): whether it is compact, its columns, and each row
// (rowLog.on), from which its cells and totals follow. Making the matrix
// and listing its cells cost about half of what rendering the page does
// (0.47 of about 1 ms at 10,000 briefs), for each of the two builds
// compared.
func (d *DatasetInputs) snapshot(p *Page) []any {
	sn := p.Snapshot
	w := d.buf[:0]
	w = w.add(p.Title, p.Description, sn.Date.String(), snapshotDate(sn.Prev), snapshotDate(sn.Next)).num(len(sn.Changes))
	for _, st := range sn.Changes {
		w = w.add(st.URL(), st.Title(), st.Note)
	}
	countries := p.Site.Countries
	if sn.Partial() {
		countries = sn.Countries() // as Snapshot.Matrix has them
	}
	w = w.flag(sn.Partial()).flag(p.Site.Matrix.Compact).terms(p.Site.Data.Categories)
	d.buf = w
	in := make([]any, 0, 2+len(countries))
	in = append(in, string(w), len(countries))
	for _, c := range countries {
		log := d.rows[c]
		if log == nil {
			log, d.buf = newRowLog(c, d.buf[:0])
			d.rows[c] = log
		}
		in = append(in, log.on(sn.Date))
	}
	return in
}

func snapshotDate(s *site.Snapshot) string {
	if s == nil {
		return ""
	}
	return s.Date.String()
}

// rowLog is a country's row of the matrix through time, written as words:
// the country, then every entry of its pledges' histories in date order,
// each with the place of its pledge among the country's, its status and
// the one it changed from, and for a pledge's first entry what the cells
// show of the pledge besides (its id, category, location and whether it has
// conditions). The row at the end of a day is a prefix of it, up to that
// day's last entry: a pledge's mark on a day (site.Pledge.On) depends on
// nothing later, so a change to a pledge changes the rows of the days from
// that of its first entry that changed, and no others.
type rowLog struct {
	log   string
	dates []date.Date // of the entries, in order
	ends  []int       // ends[k] is where the country and its first k entries end
}

// newRowLog makes the row's log, writing it in buf, which it returns for
// reuse.
func newRowLog(c *site.Country, buf words) (*rowLog, words) {
	type entry struct {
		pledge int // its place in c.Pledges
		step   *site.Step
	}
	var entries []entry
	for i, p := range c.Pledges {
		for _, st := range p.History {
			entries = append(entries, entry{i, st})
		}
	}
	// A pledge's history is in date order (dataset validation), so its
	// first entry comes before its others.
	slices.SortStableFunc(entries, func(a, b entry) int { return a.step.Date.Compare(b.step.Date) })
	w := buf.add(c.Code, c.Name, c.Slug)
	l := &rowLog{dates: make([]date.Date, 0, len(entries)), ends: make([]int, 1, len(entries)+1)}
	l.ends[0] = len(w)
	for _, e := range entries {
		st, p := e.step, e.step.Pledge
		w = w.num(e.pledge)
		if st.N == 1 {
			w = w.add(p.ID, p.Category.ID).num(len(p.Conditions)).term(p.Location)
		}
		w = w.num(st.N).add(st.Date.String()).term(st.Status).term(st.From)
		l.dates = append(l.dates, st.Date)
		l.ends = append(l.ends, len(w))
	}
	l.log = string(w)
	return l, w
}

// on is the row at the end of day d.
func (l *rowLog) on(d date.Date) string {
	k, _ := slices.BinarySearchFunc(l.dates, d, func(e, d date.Date) int {
		if e.Compare(d) <= 0 {
			return -1
		}
		return 1
	})
	return l.log[:l.ends[k]]
}

// words are a list written as one string: each string with its length
// before it ("3:abc"), each number followed by ";", a flag as "T" or "F",
// no term as "-", so that no two lists are written the same.
type words []byte

func (w words) add(ss ...string) words {
	for _, s := range ss {
		w = append(append(strconv.AppendInt(w, int64(len(s)), 10), ':'), s...)
	}
	return w
}

func (w words) num(n int) words { return append(strconv.AppendInt(w, int64(n), 10), ';') }

func (w words) flag(b bool) words {
	if b {
		return append(w, 'T')
	}
	return append(w, 'F')
}

// term writes what pages show of a term but its description: its id (a
// status's CSS class), label and symbol.
func (w words) term(t *dataset.Term) words {
	if t == nil {
		return append(w, '-')
	}
	return w.add(t.ID, t.Label, t.Symbol)
}

func (w words) terms(ts []*dataset.Term) words {
	w = w.num(len(ts))
	for _, t := range ts {
		w = w.term(t)
	}
	return w
}

// citations writes what the partial "citations" shows.
func (w words) citations(cs []*dataset.Citation) words {
	w = w.num(len(cs))
	for _, c := range cs {
		w = w.add(c.Quote, c.Speaker).flag(c.Source != nil)
		if s := c.Source; s != nil {
			w = w.add(s.ID, s.Title, s.URL, s.Publisher, s.Date.String())
		}
	}
	return w
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
