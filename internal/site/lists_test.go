package site

import (
	"fmt"
	"testing"

	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/date"
)

func TestBriefsPages(t *testing.T) {
	for _, tc := range []struct {
		briefs int
		want   []int // briefs per page
	}{
		{0, []int{0}},
		{1, []int{1}},
		{BriefsPerPage, []int{BriefsPerPage}},
		{BriefsPerPage + 1, []int{BriefsPerPage, 1}},
		{2*BriefsPerPage + 50, []int{BriefsPerPage, BriefsPerPage, 50}},
	} {
		briefs := make([]*Brief, tc.briefs)
		for i := range briefs {
			briefs[i] = &Brief{Brief: &content.Brief{Slug: fmt.Sprint("b", i)}}
		}
		pages := briefsPages(briefs)
		var have []int
		for i, p := range pages {
			have = append(have, len(p.Briefs))
			if p.N != i+1 || (i > 0) != (p.Prev == pages[max(i-1, 0)] && p.Prev != nil) || (i < len(pages)-1) != (p.Next != nil) {
				t.Errorf("%d briefs: page %d is numbered or linked wrongly", tc.briefs, i+1)
			}
		}
		if fmt.Sprint(have) != fmt.Sprint(tc.want) {
			t.Errorf("%d briefs: pages hold %v, want %v", tc.briefs, have, tc.want)
		}
		if pages[0].URL() != "briefs/" || len(pages) > 1 && pages[1].URL() != "briefs/page/2/" {
			t.Errorf("URLs %q", pages[0].URL())
		}
		if len(briefs) > 0 && pages[0].Briefs[0] != briefs[0] {
			t.Errorf("the first page does not start with the newest brief")
		}
	}
}

func TestTimelineSplit(t *testing.T) {
	s := &Site{}
	day, _ := date.Parse("2026-01-06")
	add := func(n int) {
		m := &Month{Key: "2026-01", Label: "January 2026"}
		for range n {
			m.Entries = append(m.Entries, Entry{Date: day})
		}
		s.Timeline = append(s.Timeline, m)
	}
	add(TimelineSplitAt)
	if s.TimelineSplit() {
		t.Errorf("%d entries split the timeline", TimelineSplitAt)
	}
	add(1)
	if !s.TimelineSplit() || s.Timeline[0].URL() != "timeline/2026-01/" {
		t.Errorf("%d entries did not split the timeline", TimelineSplitAt+1)
	}
}
