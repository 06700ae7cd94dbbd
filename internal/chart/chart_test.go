package chart

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/site"
)

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
	return &site.Pledge{Pledge: &dataset.Pledge{ID: id, Category: cat.ID, Status: status.ID}, Category: cat, Status: status}
}

// sample: monitoring 1 considering + 2 announced; troops 1 declined +
// 1 announced; hubs none.
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
	out := string(ByCategory(sample(), categories, statuses, title))
	svg := parse(t, out)

	if have := attr(svg, "role"); have != "img" {
		t.Errorf(`role = %q, want "img"`, have)
	}
	labelled := strings.Fields(attr(svg, "aria-labelledby"))
	if len(labelled) != 2 {
		t.Fatalf("aria-labelledby = %q, want the ids of <title> and <desc>", attr(svg, "aria-labelledby"))
	}
	for i, want := range []string{"title", "desc"} {
		el := byID(svg, labelled[i])
		if el == nil || el.Data != want || el.Parent != svg {
			t.Errorf("aria-labelledby id %q does not name the chart's <%s>", labelled[i], want)
		}
	}
	if have := text(child(svg, "title")); have != title {
		t.Errorf("<title> = %q, want %q", have, title)
	}
	wantDesc := "Ceasefire monitoring: 3 pledges — 1 under consideration, 2 announced. " +
		"Troops in Ukraine: 2 pledges — 1 declined, 1 announced. " +
		"Military hubs: no pledges."
	if have := text(child(svg, "desc")); have != wantDesc {
		t.Errorf("<desc>\nhave %q\nwant %q", have, wantDesc)
	}

	type segment struct{ class, width, title string }
	for i, want := range []struct {
		label    string
		segments []segment
		counts   []string // the counts line's tspans, class then text
		total    string
	}{
		{"Ceasefire monitoring", []segment{
			{"chart-segment status-considering", "28.67%", "Ceasefire monitoring: 1 Under consideration"},
			{"chart-segment status-announced", "57.33%", "Ceasefire monitoring: 2 Announced"},
		}, []string{"chart-count status-considering ○\u00a01", "chart-count status-announced ◐\u00a02"}, "3"},
		{"Troops in Ukraine", []segment{
			{"chart-segment status-declined", "28.67%", "Troops in Ukraine: 1 Declined"},
			// 57.33% - 28.67%: placed from running sums, so no gap opens.
			{"chart-segment status-announced", "28.66%", "Troops in Ukraine: 1 Announced"},
		}, []string{"chart-count status-declined ✕\u00a01", "chart-count status-announced ◐\u00a01"}, "2"},
		{"Military hubs", nil, []string{"chart-none none"}, "0"},
	} {
		rows := findAll(svg, func(n *html.Node) bool { return hasClass(n, "chart-row") })
		if len(rows) != len(categories) {
			t.Fatalf("%d rows, want one per category (%d)", len(rows), len(categories))
		}
		row := rows[i]
		if have := text(findClass(row, "chart-label")); have != want.label {
			t.Errorf("row %d: label %q, want %q", i, have, want.label)
		}
		if findClass(row, "chart-track") == nil {
			t.Errorf("row %d: no chart-track", i)
		}
		var segs []segment
		for _, r := range findAll(row, func(n *html.Node) bool { return hasClass(n, "chart-segment") }) {
			segs = append(segs, segment{attr(r, "class"), attr(r, "width"), text(child(r, "title"))})
		}
		if !slices.Equal(segs, want.segments) {
			t.Errorf("row %d: segments\nhave %q\nwant %q", i, segs, want.segments)
		}
		var counts []string
		for c := range findClass(row, "chart-counts").ChildNodes() {
			counts = append(counts, attr(c, "class")+" "+text(c))
		}
		if !slices.Equal(counts, want.counts) {
			t.Errorf("row %d: counts\nhave %q\nwant %q", i, counts, want.counts)
		}
		if have := text(findClass(row, "chart-total")); have != want.total {
			t.Errorf("row %d: total %q, want %q", i, have, want.total)
		}
	}
}

// TestFullRow checks that the longest row fills the bar area exactly and its
// segments abut, however the shares round.
func TestFullRow(t *testing.T) {
	var ps []*site.Pledge
	for i, st := range []*dataset.Term{declined, considering, announced} {
		ps = append(ps, pledge("p"+string(rune('a'+i)), monitoring, st))
	}
	svg := parse(t, string(ByCategory(ps, categories[:1], statuses, "t")))
	end := 0.0
	for _, r := range findAll(svg, func(n *html.Node) bool { return hasClass(n, "chart-segment") }) {
		x, w := percent(t, attr(r, "x")), percent(t, attr(r, "width"))
		if diff := x - end; diff > 0.001 || diff < -0.001 {
			t.Errorf("segment at %v%%, want it to start where the last ended (%v%%)", x, end)
		}
		end = x + w
	}
	if diff := end - barEnd; diff > 0.001 || diff < -0.001 {
		t.Errorf("full row ends at %v%%, want %d%%", end, barEnd)
	}
}

func TestEmpty(t *testing.T) {
	svg := parse(t, string(ByCategory(nil, categories, statuses, "Nothing yet")))
	if n := len(findAll(svg, func(n *html.Node) bool { return hasClass(n, "chart-segment") })); n != 0 {
		t.Errorf("%d segments for no pledges, want none", n)
	}
	rows := findAll(svg, func(n *html.Node) bool { return hasClass(n, "chart-row") })
	if len(rows) != len(categories) {
		t.Errorf("%d rows, want %d", len(rows), len(categories))
	}
	want := "Ceasefire monitoring: no pledges. Troops in Ukraine: no pledges. Military hubs: no pledges."
	if have := text(child(svg, "desc")); have != want {
		t.Errorf("<desc>\nhave %q\nwant %q", have, want)
	}
}

// TestUncounted: pledges outside the vocabularies given are left out, not
// drawn in a wrong row.
func TestUncounted(t *testing.T) {
	other := &dataset.Term{ID: "other", Label: "Other"}
	ps := append(sample(), pledge("x", other, announced), pledge("y", monitoring, other),
		&site.Pledge{Pledge: &dataset.Pledge{ID: "z"}, Category: monitoring})
	have := ByCategory(ps, categories, statuses, "t")
	if want := ByCategory(sample(), categories, statuses, "t"); have != want {
		t.Errorf("pledges of unknown terms changed the chart:\nhave %s\nwant %s", have, want)
	}
}

func TestDeterministic(t *testing.T) {
	a := ByCategory(sample(), categories, statuses, "t")
	if b := ByCategory(sample(), categories, statuses, "t"); a != b {
		t.Fatalf("two runs differ:\n%s\n%s", a, b)
	}
	reversed := sample()
	slices.Reverse(reversed)
	if b := ByCategory(reversed, categories, statuses, "t"); a != b {
		t.Errorf("pledge order changed the chart:\n%s\n%s", a, b)
	}
}

func TestEscaping(t *testing.T) {
	label := `Arms <b>&amp; "aid" 'now'`
	cat := &dataset.Term{ID: "arming", Label: label}
	st := &dataset.Term{ID: "announced", Label: `A<n>&"'`, Symbol: "<"}
	title := `Pledges <by> "kind" & 'status'`
	out := string(ByCategory([]*site.Pledge{pledge("p", cat, st)}, []*dataset.Term{cat}, []*dataset.Term{st}, title))
	for _, raw := range []string{"<b>", `"aid"`, "'now'", "<by>", `"kind"`, "<n>"} {
		if strings.Contains(out, raw) {
			t.Errorf("output contains %q unescaped:\n%s", raw, out)
		}
	}
	svg := parse(t, out)
	if have := text(findClass(svg, "chart-label")); have != label {
		t.Errorf("label %q, want %q", have, label)
	}
	if have := text(child(svg, "title")); have != title {
		t.Errorf("<title> %q, want %q", have, title)
	}
	seg := findClass(svg, "chart-segment")
	if have, want := text(child(seg, "title")), label+`: 1 A<n>&"'`; have != want {
		t.Errorf("segment title %q, want %q", have, want)
	}
	if have := text(findClass(svg, "chart-count")); have != "<\u00a01" {
		t.Errorf("count %q, want %q", have, "<\u00a01")
	}
	if have := text(child(svg, "desc")); !strings.HasPrefix(have, label+": 1 pledge — 1 a<n>&\"'.") {
		t.Errorf("<desc> %q does not start with the label as written", have)
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
	// Two charts on one page: every id is unique.
	page := string(ByCategory(sample(), categories, statuses, "One")) + string(ByCategory(sample(), categories, statuses, "Two"))
	seen := map[string]bool{}
	for _, n := range findAll(parse(t, page).Parent, func(n *html.Node) bool { return attr(n, "id") != "" }) {
		if id := attr(n, "id"); seen[id] {
			t.Errorf("id %q used twice on one page", id)
		} else {
			seen[id] = true
		}
	}
	if len(seen) != 4 {
		t.Errorf("%d ids on a page of two charts, want 4", len(seen))
	}
}

// TestNoColour: colour comes from CSS classes only.
func TestNoColour(t *testing.T) {
	svg := parse(t, string(ByCategory(sample(), categories, statuses, "t")))
	for _, n := range findAll(svg, func(*html.Node) bool { return true }) {
		for _, a := range n.Attr {
			if a.Key == "fill" || a.Key == "stroke" || a.Key == "style" || a.Key == "color" {
				t.Errorf("<%s %s=%q>: colour must come from CSS", n.Data, a.Key, a.Val)
			}
		}
	}
}

func TestHeight(t *testing.T) {
	for _, n := range []int{1, 3} {
		svg := parse(t, string(ByCategory(nil, categories[:n], statuses, "t")))
		want := bottomSpace + (n-1)*rowHeight
		if have := attr(svg, "height"); have != strconv.Itoa(want) {
			t.Errorf("%d rows: height %s, want %d", n, have, want)
		}
	}
}

// parse returns the <svg> element of out, parsed as the HTML page will
// parse it, and fails unless out is one <svg> at the top level.
func parse(t *testing.T, out string) *html.Node {
	t.Helper()
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(out), body)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	var svg *html.Node
	for _, n := range nodes {
		if n.Type == html.ElementNode && n.Data == "svg" && n.Namespace == "svg" {
			if svg == nil {
				svg = n
			}
		} else if n.Type != html.TextNode || strings.TrimSpace(n.Data) != "" {
			t.Fatalf("unexpected top-level node %q in\n%s", n.Data, out)
		}
	}
	if svg == nil {
		t.Fatalf("no <svg> in\n%s", out)
	}
	return svg
}

func findAll(root *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for n := range root.Descendants() {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
	}
	return out
}

func findClass(root *html.Node, class string) *html.Node {
	all := findAll(root, func(n *html.Node) bool { return hasClass(n, class) })
	if len(all) == 0 {
		return nil
	}
	return all[0]
}

func byID(root *html.Node, id string) *html.Node {
	all := findAll(root, func(n *html.Node) bool { return attr(n, "id") == id })
	if len(all) != 1 {
		return nil
	}
	return all[0]
}

func child(n *html.Node, name string) *html.Node {
	if n == nil {
		return nil
	}
	for c := range n.ChildNodes() {
		if c.Type == html.ElementNode && c.Data == name {
			return c
		}
	}
	return nil
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), class)
}

func attr(n *html.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
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

// TestLongLabel: a label that wraps keeps its words, and pushes the rows
// below it down.
func TestLongLabel(t *testing.T) {
	long := &dataset.Term{ID: "arming", Label: "Arming and training Ukraine's army"}
	cats := []*dataset.Term{long, monitoring}
	svg := parse(t, string(ByCategory([]*site.Pledge{pledge("p", monitoring, announced)}, cats, statuses, "t")))
	label := findClass(svg, "chart-label")
	var lines []string
	for c := range label.ChildNodes() {
		lines = append(lines, text(c))
	}
	if have := strings.Join(lines, " "); len(lines) != 2 || have != long.Label {
		t.Errorf("wrapped label %q, want %q in 2 lines", lines, long.Label)
	}
	if have, want := attr(svg, "height"), strconv.Itoa(bottomSpace+rowHeight+labelLine); have != want {
		t.Errorf("height %s, want %s", have, want)
	}
	rows := findAll(svg, func(n *html.Node) bool { return hasClass(n, "chart-row") })
	if have, want := attr(findClass(rows[1], "chart-segment"), "y"), strconv.Itoa(rowHeight+labelLine+barTop); have != want {
		t.Errorf("second row's bar at y=%s, want %s", have, want)
	}
}
