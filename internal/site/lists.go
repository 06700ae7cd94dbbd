package site

import (
	"strconv"

	"github.com/briefing/briefing/internal/date"
)

// Long lists are split or summed up so that every page stays light, and the
// site grows with its content rather than with its square: the briefs index
// into numbered pages, the timeline and the changes into one page per month
// once they grow, the matrix into counts once it holds too many pledges to
// list in a cell.
const (
	BriefsPerPage   = 100
	TimelineSplitAt = 300 // entries; beyond this the timeline gets a page per month
	ChangesSplitAt  = 300 // changes; beyond this the changes get a page per month
	CompactAt       = 300 // pledges; beyond this the matrix is compact (see Matrix)
	FullSnapshots   = 60  // days with changes; beyond this a day's snapshot shows only the rows that changed
	LatestBriefs    = 5   // briefs a pledge page lists about its country
)

// BriefsPage is one page of the briefs index.
type BriefsPage struct {
	N          int // from 1
	Briefs     []*Brief
	Prev, Next *BriefsPage
}

// URL is "briefs/" for the first page, "briefs/page/2/" for the next.
func (p *BriefsPage) URL() string {
	if p.N == 1 {
		return "briefs/"
	}
	return "briefs/page/" + strconv.Itoa(p.N) + "/"
}

// briefsPages splits the briefs, newest first, into pages.
func briefsPages(briefs []*Brief) []*BriefsPage {
	pages := []*BriefsPage{{N: 1}}
	for i, b := range briefs {
		if i > 0 && i%BriefsPerPage == 0 {
			prev := pages[len(pages)-1]
			next := &BriefsPage{N: prev.N + 1, Prev: prev}
			prev.Next = next
			pages = append(pages, next)
		}
		last := pages[len(pages)-1]
		last.Briefs = append(last.Briefs, b)
	}
	return pages
}

// TimelineSplit reports whether the timeline is long enough to get a page
// per month.
func (s *Site) TimelineSplit() bool {
	n := 0
	for _, m := range s.Timeline {
		n += len(m.Entries)
	}
	return n > TimelineSplitAt
}

// URL is the month's own page, when the timeline is split.
func (m *Month) URL() string { return "timeline/" + m.Key + "/" }

// ChangesMonth is the changes of one month, newest first, when the changes
// are split.
type ChangesMonth struct {
	Key        string // "2026-01"
	Label      string // "January 2026"
	Changes    []*Step
	Prev, Next *ChangesMonth // Prev is the month before (older), Next the one after
}

// URL is the month's page of changes.
func (m *ChangesMonth) URL() string { return "changes/" + m.Key + "/" }

// ChangesSplit reports whether the changes are many enough to get a page
// per month.
func (s *Site) ChangesSplit() bool { return len(s.Changes) > ChangesSplitAt }

// changesByMonth groups the changes, newest first, by month.
func changesByMonth(changes []*Step) []*ChangesMonth {
	var months []*ChangesMonth
	for run := range byMonth(changes, func(st *Step) date.Date { return st.Date }) {
		m := &ChangesMonth{Key: run[0].Date.MonthKey(), Label: run[0].Date.MonthHuman(), Changes: run}
		if len(months) > 0 {
			m.Next, months[len(months)-1].Prev = months[len(months)-1], m
		}
		months = append(months, m)
	}
	return months
}
