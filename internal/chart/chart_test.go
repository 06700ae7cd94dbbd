package chart

import (
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/site"
)

// The markup is the template "chart" of templates/charts.html; its tests,
// which parse the SVG, are internal/render's TestChartSVG. These check the
// layout.

var (
	declined    = &dataset.Term{ID: "declined", Label: "Declined", Symbol: "✕"}
	considering = &dataset.Term{ID: "considering", Label: "Under consideration", Symbol: "○"}
	announced   = &dataset.Term{ID: "announced", Label: "Announced", Symbol: "◐"}
	statuses    = []*dataset.Term{declined, considering, announced}

	monitoring = &dataset.Term{ID: "monitoring", Label: "Ceasefire monitoring"}
	troops     = &dataset.Term{ID: "ground-forces", Label: "Troops in Ukraine"}
	hubs       = &dataset.Term{ID: "hubs", Label: "Military hubs"}
	categories = []*dataset.Term{monitoring, troops, hubs}
)

func pledge(id string, cat, status *dataset.Term) *site.Pledge {
	country := &site.Country{Country: &dataset.Country{Code: strings.ToUpper(id[:min(2, len(id))]), Name: strings.ToUpper(id[:min(2, len(id))])}}
	return &site.Pledge{Pledge: &dataset.Pledge{ID: id, Category: cat.ID, Status: status.ID}, Country: country, Category: cat, Status: status}
}

// sample: monitoring 1 considering + 2 announced; troops 1 announced and
// a refusal, which is not counted; hubs none.
func sample() []*site.Pledge {
	return []*site.Pledge{
		pledge("us-monitoring", monitoring, announced),
		pledge("de-monitoring", monitoring, considering),
		pledge("cz-troops", troops, declined),
		pledge("coalition-monitoring", monitoring, announced),
		pledge("fr-troops", troops, announced),
	}
}

func TestByCategory(t *testing.T) {
	const title = "Pledges by category and status"
	have := ByCategory(sample(), categories, statuses, title)
	// Rows are 64px apart; in each, the label's baseline is at 15, the bar
	// at 22 (14 high), the total's baseline at 34 and the counts' at 53.
	// The longest row (3 pledges) fills the 86% of the bar area.
	want := Chart{
		ID:    ID(title),
		Title: title,
		Desc: "Ceasefire monitoring: 3 pledges — 1 under consideration, 2 announced. " +
			"Troops in Ukraine: 1 pledge — 1 announced. " +
			"Refusals, not counted above: Troops in Ukraine — CZ. " +
			"No pledge or refusal reported so far on: Military hubs.",
		Note:       "Refusals, not counted above: Troops in Ukraine — CZ.",
		Unreported: "No pledge or refusal reported so far on: Military hubs.",
		Height:     124, // two rows, the last without the gap below; hubs, with nothing, has none
		Rows: []Row{{
			Label: Text{Text: "Ceasefire monitoring", X: "0", Y: 15, Size: 15},
			Track: Box{X: "0", Y: 22, Width: "86%", Height: 14},
			Segments: []Segment{
				{Box{X: "0%", Y: 22, Width: "28.67%", Height: 14}, "status-considering", "Ceasefire monitoring: 1 Under consideration"},
				{Box{X: "28.67%", Y: 22, Width: "57.33%", Height: 14}, "status-announced", "Ceasefire monitoring: 2 Announced"},
			},
			Total:     Text{Text: "3", X: "86%", DX: 8, Y: 34, Size: 15},
			CountLine: Text{X: "0", Y: 53, Size: 14},
			Counts:    []Count{{"status-considering", "○\u00a01", 0}, {"status-announced", "◐\u00a02", 14}},
		}, {
			Label: Text{Text: "Troops in Ukraine", X: "0", Y: 79, Size: 15},
			Track: Box{X: "0", Y: 86, Width: "86%", Height: 14},
			// The refusal has no segment: it is not a pledge.
			Segments: []Segment{
				{Box{X: "0%", Y: 86, Width: "28.67%", Height: 14}, "status-announced", "Troops in Ukraine: 1 Announced"},
			},
			Total:     Text{Text: "1", X: "86%", DX: 8, Y: 98, Size: 15},
			CountLine: Text{X: "0", Y: 117, Size: 14},
			Counts:    []Count{{"status-announced", "◐\u00a01", 0}},
		}},
	}
	if have.ID != want.ID || have.Title != want.Title || have.Desc != want.Desc || have.Note != want.Note || have.Unreported != want.Unreported || have.Height != want.Height {
		t.Errorf("chart\nhave %q %q %q %q %q %d\nwant %q %q %q %q %q %d", have.ID, have.Title, have.Desc, have.Note, have.Unreported, have.Height, want.ID, want.Title, want.Desc, want.Note, want.Unreported, want.Height)
	}
	if len(have.Rows) != len(want.Rows) {
		t.Fatalf("%d rows, want one per category with pledges (%d)", len(have.Rows), len(want.Rows))
	}
	for i := range want.Rows {
		if !reflect.DeepEqual(have.Rows[i], want.Rows[i]) {
			t.Errorf("row %d\nhave %+v\nwant %+v", i, have.Rows[i], want.Rows[i])
		}
	}
}

// TestFullRow checks that the longest row fills the bar area exactly and its
// segments abut, however the shares round.
func TestFullRow(t *testing.T) {
	var ps []*site.Pledge
	signed := &dataset.Term{ID: "signed", Label: "Signed", Symbol: "●"}
	for i, st := range []*dataset.Term{considering, announced, signed} {
		ps = append(ps, pledge("p"+string(rune('a'+i)), monitoring, st))
	}
	c := ByCategory(ps, categories[:1], append(statuses, signed), "t")
	if len(c.Rows) != 1 || len(c.Rows[0].Segments) != 3 {
		t.Fatalf("want one row of three segments, have %+v", c.Rows)
	}
	end := 0.0
	for _, s := range c.Rows[0].Segments {
		x, w := percent(t, s.X), percent(t, s.Width)
		if diff := x - end; diff > 0.001 || diff < -0.001 {
			t.Errorf("segment at %v%%, want it to start where the last ended (%v%%)", x, end)
		}
		end = x + w
	}
	if diff := end - barEnd; diff > 0.001 || diff < -0.001 {
		t.Errorf("full row ends at %v%%, want %d%%", end, barEnd)
	}
}

// TestEmpty: a category without pledges has no row, so no row of zeros is
// drawn; one that has neither a pledge nor a refusal is named in
// Unreported. A chart of refusals alone has no rows, and its Note says
// "Refusals:", since there is nothing above it to not count them in.
func TestEmpty(t *testing.T) {
	c := ByCategory(nil, categories, statuses, "Nothing yet")
	want := "No pledge or refusal reported so far on: Ceasefire monitoring; Troops in Ukraine; Military hubs."
	if len(c.Rows) != 0 || c.Height != 0 || c.Unreported != want || c.Desc != want || c.Note != "" {
		t.Errorf("no pledges: %d rows, height %d, Unreported %q, Desc %q, Note %q; want no rows and Unreported and Desc %q", len(c.Rows), c.Height, c.Unreported, c.Desc, c.Note, want)
	}
	c = ByCategory([]*site.Pledge{pledge("cz-troops", troops, declined)}, categories, statuses, "Refusals alone")
	note := "Refusals: Troops in Ukraine — CZ."
	unreported := "No pledge or refusal reported so far on: Ceasefire monitoring; Military hubs."
	if len(c.Rows) != 0 || c.Note != note || c.Unreported != unreported || c.Desc != note+" "+unreported {
		t.Errorf("a refusal alone: %d rows, Note %q, Unreported %q, Desc %q", len(c.Rows), c.Note, c.Unreported, c.Desc)
	}
	c = ByCategory([]*site.Pledge{pledge("us-monitoring", monitoring, announced)}, categories, statuses, "One kind")
	if len(c.Rows) != 1 || c.Rows[0].Label.Text != "Ceasefire monitoring" || c.Rows[0].Label.Y != 15 || c.Height != 60 {
		t.Errorf("one kind of three: %d rows, height %d; want one row, at the top, 60px high", len(c.Rows), c.Height)
	}
	if c := ByCategory(nil, nil, statuses, "No categories"); len(c.Rows) != 0 || c.Height != 0 {
		t.Errorf("no categories: %d rows, height %d", len(c.Rows), c.Height)
	}
}

// TestUncounted: pledges outside the vocabularies given are left out, not
// drawn in a wrong row.
func TestUncounted(t *testing.T) {
	other := &dataset.Term{ID: "other", Label: "Other"}
	ps := append(sample(), pledge("x", other, announced), pledge("y", monitoring, other),
		&site.Pledge{Pledge: &dataset.Pledge{ID: "z"}, Category: monitoring}, nil)
	have := ByCategory(ps, categories, statuses, "t")
	if want := ByCategory(sample(), categories, statuses, "t"); !reflect.DeepEqual(have, want) {
		t.Errorf("pledges of unknown terms changed the chart:\nhave %+v\nwant %+v", have, want)
	}
}

func TestDeterministic(t *testing.T) {
	a := ByCategory(sample(), categories, statuses, "t")
	if b := ByCategory(sample(), categories, statuses, "t"); !reflect.DeepEqual(a, b) {
		t.Fatalf("two runs differ:\n%+v\n%+v", a, b)
	}
	reversed := sample()
	slices.Reverse(reversed)
	if b := ByCategory(reversed, categories, statuses, "t"); !reflect.DeepEqual(a, b) {
		t.Errorf("pledge order changed the chart:\n%+v\n%+v", a, b)
	}
}

// TestVerbatim: labels are kept as written; escaping them is the
// template's job, and escaping twice would show "&amp;" to readers.
func TestVerbatim(t *testing.T) {
	label := `Arms <b>&amp; "aid" 'now'`
	cat := &dataset.Term{ID: "arming", Label: label}
	st := &dataset.Term{ID: "announced", Label: `A<n>&"'`, Symbol: "<"}
	title := `Pledges <by> "kind" & 'status'`
	c := ByCategory([]*site.Pledge{pledge("p", cat, st)}, []*dataset.Term{cat}, []*dataset.Term{st}, title)
	r := c.Rows[0]
	if c.Title != title || r.Label.Text != label || r.Segments[0].Title != label+`: 1 A<n>&"'` || r.Counts[0].Text != "<\u00a01" {
		t.Errorf("labels changed: %q, %q, %q, %q", c.Title, r.Label.Text, r.Segments[0].Title, r.Counts[0].Text)
	}
	if !strings.HasPrefix(c.Desc, label+": 1 pledge — 1 a<n>&\"'.") {
		t.Errorf("Desc %q does not start with the label as written", c.Desc)
	}
}

func TestIDs(t *testing.T) {
	valid := regexp.MustCompile(`^chart-[0-9a-f]{8}$`)
	a, b := ID("Pledges by category and status"), ID("France's pledges by category and status")
	if !valid.MatchString(a) || !valid.MatchString(b) {
		t.Errorf("ids %q, %q are not chart- and 8 hex digits", a, b)
	}
	if a == b {
		t.Errorf("two titles share the id %q", a)
	}
	if c := ByCategory(sample(), categories, statuses, "One"); c.ID != ID("One") {
		t.Errorf("chart id %q, want ID(title) %q", c.ID, ID("One"))
	}
}

func TestHeight(t *testing.T) {
	var ps []*site.Pledge
	for _, cat := range categories {
		ps = append(ps, pledge("p-"+cat.ID, cat, announced))
	}
	for _, n := range []int{1, 3} {
		c := ByCategory(ps[:n], categories[:n], statuses, "t")
		if want := bottomSpace + (n-1)*rowHeight; c.Height != want {
			t.Errorf("%d rows: height %d, want %d", n, c.Height, want)
		}
	}
}

func percent(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil || !strings.HasSuffix(s, "%") {
		t.Fatalf("%q is not a percentage", s)
	}
	return v
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Coordination", []string{"Coordination"}},
		{"Arming and training Ukraine's", []string{"Arming and training Ukraine's"}}, // 29
		{"Arming and training Ukraine's army", []string{"Arming and training Ukraine's", "army"}},
		{"Ceasefire monitoring and verification by the coalition's partners", []string{"Ceasefire monitoring and", "verification by the", "coalition's partners"}},
		{"Überwachungsmechanismusverantwortlichkeiten x", []string{"Überwachungsmechanismusverantwortlichkeiten", "x"}},
		{"", []string{""}},
	} {
		if have := wrap(tc.in, labelRunes); !slices.Equal(have, tc.want) {
			t.Errorf("wrap(%q)\nhave %q\nwant %q", tc.in, have, tc.want)
		}
	}
}

// TestLongLabel: a label that wraps keeps its words, one Line each 19px
// apart, and pushes the rows below it down.
func TestLongLabel(t *testing.T) {
	long := &dataset.Term{ID: "arming", Label: "Arming and training Ukraine's army"}
	cats := []*dataset.Term{long, monitoring}
	c := ByCategory([]*site.Pledge{pledge("p", monitoring, announced), pledge("q", long, announced)}, cats, statuses, "t")
	wantLines := []Line{{"Arming and training Ukraine's", "0", labelBase}, {"army", "0", labelBase + labelLine}}
	if have := c.Rows[0].Wrapped; !slices.Equal(have, wantLines) {
		t.Errorf("wrapped label\nhave %+v\nwant %+v", have, wantLines)
	}
	if c.Rows[1].Wrapped != nil {
		t.Errorf("a short label wrapped: %+v", c.Rows[1].Wrapped)
	}
	if want := bottomSpace + rowHeight + labelLine; c.Height != want {
		t.Errorf("height %d, want %d", c.Height, want)
	}
	if have, want := c.Rows[0].Track.Y, labelLine+barTop; have != want {
		t.Errorf("first row's bar at y=%d, want %d, below its label's second line", have, want)
	}
	if have, want := c.Rows[1].Segments[0].Y, rowHeight+labelLine+barTop; have != want {
		t.Errorf("second row's bar at y=%d, want %d", have, want)
	}
}
