package content

import (
	"bytes"
	"strings"
	"testing"

	"github.com/briefing/briefing/internal/date"
)

// TestSkeleton: a new brief's skeleton is a draft with no problems; once
// published, its empty summary and each placeholder line are errors at
// their positions.
func TestSkeleton(t *testing.T) {
	day, _ := date.Parse("2026-01-09")
	src := Skeleton(`Berlin's "new" offer`, day)
	m := NewMarkdown()
	b, errs := m.ParseBrief("content/briefs/2026-01-09-x.md", src)
	if b == nil || len(errs) > 0 || len(b.Problems) > 0 || !b.Draft || b.Title != `Berlin's "new" offer` || b.Date != day {
		t.Fatalf("the skeleton reads as %+v, %v, problems %v", b, errs, b.Problems)
	}
	published := bytes.Replace(src, []byte("draft     = true  # delete this line to publish\n"), nil, 1)
	b, errs = m.ParseBrief("content/briefs/2026-01-09-x.md", published)
	if b == nil || len(errs) > 0 {
		t.Fatalf("published: %v", errs)
	}
	want := []string{
		`content/briefs/2026-01-09-x.md:4:13: field "summary" is required`,
		`content/briefs/2026-01-09-x.md:9:1: "` + placeholders[0] + `" is left from the skeleton of a new brief: write the brief in its place before publishing (a draft may keep it)`,
		`content/briefs/2026-01-09-x.md:10:1: "` + placeholders[1] + `" is left from the skeleton of a new brief: write the brief in its place before publishing (a draft may keep it)`,
	}
	if have := b.Problems.Error(); have != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", have, strings.Join(want, "\n"))
	}
	// A placeholder kept inside a line of the editor's own is found too, at its column.
	edited := bytes.Replace(published, []byte(placeholders[1]), []byte("So: "+placeholders[1]), 1)
	if b, _ = m.ParseBrief("content/briefs/2026-01-09-x.md", edited); !strings.Contains(b.Problems.Error(), "x.md:10:5: ") {
		t.Errorf("problems: %v", b.Problems)
	}
}
