package site

import "strconv"

// Long lists are split so that every page stays light: the briefs index
// into numbered pages, the timeline into one page per month once it grows.
const (
	BriefsPerPage   = 100
	TimelineSplitAt = 300 // entries; beyond this the timeline gets a page per month
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
