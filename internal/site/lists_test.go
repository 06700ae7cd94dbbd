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

func TestChangesByMonth(t *testing.T) {
	var changes []*Step
	for _, d := range []string{"2026-03-02", "2026-03-01", "2026-02-10", "2025-12-31", "2025-12-01"} { // newest first, as Site.Changes
		day, _ := date.Parse(d)
		changes = append(changes, &Step{Date: day})
	}
	months := changesByMonth(changes)
	var have []string
	for i, m := range months {
		have = append(have, fmt.Sprint(m.Key, ":", len(m.Changes)))
		if (i > 0) != (m.Next == months[max(i-1, 0)] && m.Next != nil) || (i < len(months)-1) != (m.Prev == months[min(i+1, len(months)-1)] && m.Prev != nil) {
			t.Errorf("month %s: Prev (older) and Next (newer) are wrong", m.Key)
		}
	}
	if want := "[2026-03:2 2026-02:1 2025-12:2]"; fmt.Sprint(have) != want {
		t.Errorf("months %v, want %s", have, want)
	}
	if months[0].URL() != "changes/2026-03/" {
		t.Errorf("URL %q", months[0].URL())
	}
	s := &Site{Changes: make([]*Step, ChangesSplitAt)}
	if s.ChangesSplit() {
		t.Errorf("%d changes split", ChangesSplitAt)
	}
	s.Changes = append(s.Changes, &Step{})
	if !s.ChangesSplit() {
		t.Errorf("%d changes not split", ChangesSplitAt+1)
	}
}
