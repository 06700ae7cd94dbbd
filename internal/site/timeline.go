package site

import (
	"cmp"
	"iter"
	"slices"
	"strconv"

	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/date"
)

// Entry kinds on the timeline, in the order they sort within one day.
const (
	KindEvent  = "event"
	KindPledge = "pledge" // a pledge made
	KindChange = "change" // a pledge's status changed
	KindBrief  = "brief"
)

var kindOrder = map[string]int{KindEvent: 0, KindPledge: 1, KindChange: 2, KindBrief: 3}

// Entry is one dated item of a timeline.
type Entry struct {
	Date      date.Date
	Kind      string
	Title     string
	Summary   string
	URL       string // the item's detail page; empty for events, which have none
	Anchor    string // the entry's own fragment id on the timeline page
	Countries []*Country
	Pledge    *Pledge // set for pledges made and changed
	Sources   []*dataset.Citation
}

// Month is the timeline entries of one month (or one year, for events dated
// only by year).
type Month struct {
	Key        string // "2026-01", or "2014"
	Label      string // "January 2026", or "2014"
	Entries    []Entry
	Prev, Next *Month // the neighbouring months, for a split timeline
}

// timeline joins events, pledges and briefs into one chronology, oldest
// first, and gives each country its share of it.
func (s *Site) timeline(byCode map[string]*Country) []*Month {
	n := len(s.Data.Events) + len(s.Briefs)
	for _, p := range s.Pledges {
		n += len(p.History)
	}
	all := make([]Entry, 0, n)
	for i, e := range s.Data.Events {
		entry := Entry{Date: e.Date, Kind: KindEvent, Title: e.Title, Summary: e.Summary, Anchor: "event-" + strconv.Itoa(i+1), Sources: e.Sources}
		for _, code := range e.Countries {
			if c := byCode[code]; c != nil {
				entry.Countries = append(entry.Countries, c)
			}
		}
		all = append(all, entry)
	}
	for _, p := range s.Pledges {
		for _, st := range p.History {
			e := Entry{Date: st.Date, Kind: KindChange, Title: st.Title(), Summary: st.Note, URL: st.URL(),
				Anchor: "tl-" + p.Anchor() + "-" + st.Anchor(), Countries: []*Country{p.Country}, Pledge: p, Sources: st.Sources}
			if st.From == nil {
				e.Kind, e.Summary, e.Anchor = KindPledge, st.Summary, "tl-"+p.Anchor() // as made, not as it is now
			}
			all = append(all, e)
		}
	}
	for _, b := range s.Briefs {
		all = append(all, Entry{Date: b.Date, Kind: KindBrief, Title: b.Title, Summary: b.Summary, URL: b.URL(), Anchor: "brief-" + b.Slug, Countries: b.Mentions})
	}
	all = sortEntries(all)

	var months []*Month
	for run := range byMonth(all, func(e Entry) date.Date { return e.Date }) {
		m := &Month{Key: run[0].Date.MonthKey(), Label: run[0].Date.MonthHuman(), Entries: run}
		if len(months) > 0 {
			m.Prev, months[len(months)-1].Next = months[len(months)-1], m
		}
		months = append(months, m)
	}
	// Each country's share is sized first: grown one append at a time, the
	// countries' copies of the entries were a fifth of New's allocations.
	shares := map[*Country]int{}
	for _, e := range all {
		for _, c := range e.Countries {
			shares[c]++
		}
	}
	for c, n := range shares {
		c.Events = slices.Grow(c.Events, n)
	}
	for _, e := range all {
		for _, c := range e.Countries {
			c.Events = append(c.Events, e)
		}
	}
	return months
}

// sortEntries returns the entries by date, then kind (kindOrder), keeping
// the order they came in where both are the same. It sorts their positions
// rather than the entries: a stable sort of the entries themselves moved
// each of these large values about log² n times, and took half of New at
// 10,000 briefs. With the position as the last key, an unstable sort gives
// the stable order.
func sortEntries(entries []Entry) []Entry {
	order := make([]int, len(entries))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		a, b := &entries[i], &entries[j]
		if c := a.Date.Compare(b.Date); c != 0 {
			return c // most pairs: no need to look up their kinds
		}
		return cmp.Or(cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind]), cmp.Compare(i, j))
	})
	sorted := make([]Entry, len(entries))
	for k, i := range order {
		sorted[k] = entries[i]
	}
	return sorted
}

// byMonth yields the runs of items, in date order (either way), that fall
// in one month each.
func byMonth[T any](items []T, day func(T) date.Date) iter.Seq[[]T] {
	return func(yield func([]T) bool) {
		for start := 0; start < len(items); {
			key := day(items[start]).MonthKey()
			end := start + 1
			for end < len(items) && day(items[end]).MonthKey() == key {
				end++
			}
			if !yield(items[start:end:end]) {
				return
			}
			start = end
		}
	}
}
