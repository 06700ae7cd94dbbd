package render

import (
	"bytes"
	"html/template"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/briefing/briefing/internal/chart"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/geomap"
	"github.com/briefing/briefing/internal/site"
)

// These tests run the shipped templates of charts.html on the layouts of
// internal/chart and internal/geomap, and parse what they write as a
// browser parses a page: the markup must carry every number and label of
// the layout, escaped once, and nothing may come out as html/template's
// ZgotmplZ.

// theme is the repository's own templates.
var theme = os.DirFS("../..")

// TestPictureFuncs: the functions hand templates data to draw, never
// markup to trust; only the cached header, footer and status badges are
// HTML already.
func TestPictureFuncs(t *testing.T) {
	f := funcs(nil, nil, nil)
	if _, ok := f["chartData"].(func([]*site.Pledge, []*dataset.Term, []*dataset.Term, string) chart.Chart); !ok {
		t.Errorf("chartData is %T, want a func returning chart.Chart", f["chartData"])
	}
	if _, ok := f["mapData"].(func([]*site.Country, *dataset.Term, []*dataset.Term, string) geomap.Drawing); !ok {
		t.Errorf("mapData is %T, want a func returning geomap.Drawing", f["mapData"])
	}
	trusted := []reflect.Type{reflect.TypeFor[template.HTML](), reflect.TypeFor[template.HTMLAttr](), reflect.TypeFor[template.JS](),
		reflect.TypeFor[template.CSS](), reflect.TypeFor[template.URL](), reflect.TypeFor[template.Srcset](), reflect.TypeFor[template.JSStr]()}
	for name, fn := range f {
		ft := reflect.TypeOf(fn)
		for i := range ft.NumOut() {
			if slices.Contains(trusted, ft.Out(i)) && name != "status" && name != "chrome" {
				t.Errorf("%s returns %v, which html/template does not escape", name, ft.Out(i))
			}
		}
	}
}

var (
	declined  = &dataset.Term{ID: "declined", Label: "Declined", Symbol: "✕"}
	announced = &dataset.Term{ID: "announced", Label: "Announced", Symbol: "◐"}
	odd       = &dataset.Term{ID: "odd", Label: `A<n>&"'+`, Symbol: "<"}
	statuses  = []*dataset.Term{declined, announced, odd}
)

func TestChartSVG(t *testing.T) {
	r := shipped(t)
	hostile := &dataset.Term{ID: "arming", Label: `Arms <b>&amp; "aid" 'now' +`}
	long := &dataset.Term{ID: "long", Label: "Ceasefire monitoring and verification by the coalition's partners"}
	empty := &dataset.Term{ID: "empty", Label: "Nothing here"}
	cats := []*dataset.Term{hostile, long, empty}
	var pledges []*site.Pledge
	for i, p := range []struct{ cat, st *dataset.Term }{{hostile, announced}, {hostile, odd}, {long, declined}, {long, announced}, {long, announced}} {
		pledges = append(pledges, &site.Pledge{Pledge: &dataset.Pledge{ID: strconv.Itoa(i)}, Category: p.cat, Status: p.st})
	}
	const title = `Pledges <by> "kind" & 'status'`
	c := chart.ByCategory(pledges, cats, statuses, title)
	if len(c.Rows) != 2 || c.Unreported == "" {
		t.Fatalf("bad test: %d rows, unreported %q; want the empty category without a row, named in Unreported", len(c.Rows), c.Unreported)
	}
	c.Unreported = "" // the drawing alone; TestChartSentences checks what follows it
	out, svg := drawSVG(t, r, "chart", c)

	if role := attr(svg, "role"); role != "img" {
		t.Errorf(`role %q, want "img"`, role)
	}
	if attr(svg, "width") != "100%" || attr(svg, "height") != strconv.Itoa(c.Height) || attr(svg, "viewBox") != "" {
		t.Errorf("width %q height %q viewBox %q; want 100%%, %d and none", attr(svg, "width"), attr(svg, "height"), attr(svg, "viewBox"), c.Height)
	}
	labelled := strings.Fields(attr(svg, "aria-labelledby"))
	if len(labelled) != 2 {
		t.Fatalf("aria-labelledby %q, want the ids of <title> and <desc>", attr(svg, "aria-labelledby"))
	}
	for i, want := range []string{"title", "desc"} {
		if el := byID(svg, labelled[i]); el == nil || el.Data != want || el.Parent != svg {
			t.Errorf("aria-labelledby id %q does not name the chart's <%s>", labelled[i], want)
		}
	}
	if have := text(child(svg, "title")); have != title {
		t.Errorf("<title> %q, want %q", have, title)
	}
	if have := text(child(svg, "desc")); have != c.Desc {
		t.Errorf("<desc>\nhave %q\nwant %q", have, c.Desc)
	}
	for _, raw := range []string{"<b>", "<by>", "<n>", `"aid"`} {
		if strings.Contains(out, raw) {
			t.Errorf("%q is not escaped", raw)
		}
	}

	rows := findAll(svg, func(n *html.Node) bool { return hasClass(n, "chart-row") })
	if len(rows) != len(c.Rows) {
		t.Fatalf("%d rows, want %d", len(rows), len(c.Rows))
	}
	for i, row := range c.Rows {
		g := rows[i]
		label := findClass(g, "chart-label")
		var haveLines, wantLines, words []string
		for ts := range label.ChildNodes() {
			if ts.Type == html.ElementNode {
				haveLines = append(haveLines, attrs(attr(ts, "x"), attr(ts, "y"), text(ts)))
			}
		}
		for _, l := range row.Wrapped {
			wantLines = append(wantLines, attrs(l.X, strconv.Itoa(l.Y), l.Text))
			words = append(words, l.Text)
		}
		if !slices.Equal(haveLines, wantLines) {
			t.Errorf("row %d: label lines\nhave %q\nwant %q", i, haveLines, wantLines)
		}
		if row.Wrapped == nil && text(label) != row.Label.Text || row.Wrapped != nil && strings.Join(words, " ") != strings.Join(strings.Fields(row.Label.Text), " ") {
			t.Errorf("row %d: label %q, want %q", i, text(label), row.Label.Text)
		}
		if have, want := attrs(attr(label, "x"), attr(label, "y"), attr(label, "font-size")), attrs(row.Label.X, strconv.Itoa(row.Label.Y), strconv.Itoa(row.Label.Size)); have != want {
			t.Errorf("row %d: label at %s, want %s", i, have, want)
		}
		if have, want := box(findClass(g, "chart-track")), attrs(row.Track.X, strconv.Itoa(row.Track.Y), row.Track.Width, strconv.Itoa(row.Track.Height)); have != want {
			t.Errorf("row %d: track %s, want %s", i, have, want)
		}

		var haveSegs, wantSegs []string
		for _, n := range findAll(g, func(n *html.Node) bool { return hasClass(n, "chart-segment") }) {
			haveSegs = append(haveSegs, attrs(attr(n, "class"), box(n), text(child(n, "title"))))
		}
		for _, s := range row.Segments {
			wantSegs = append(wantSegs, attrs("chart-segment "+s.Class, attrs(s.X, strconv.Itoa(s.Y), s.Width, strconv.Itoa(s.Height)), s.Title))
		}
		if !slices.Equal(haveSegs, wantSegs) {
			t.Errorf("row %d: segments\nhave %q\nwant %q", i, haveSegs, wantSegs)
		}

		total := findClass(g, "chart-total")
		if have, want := attrs(attr(total, "x"), attr(total, "dx"), attr(total, "y"), attr(total, "font-size"), text(total)),
			attrs(row.Total.X, strconv.Itoa(row.Total.DX), strconv.Itoa(row.Total.Y), strconv.Itoa(row.Total.Size), row.Total.Text); have != want {
			t.Errorf("row %d: total %s, want %s", i, have, want)
		}

		counts := findClass(g, "chart-counts")
		if have, want := attrs(attr(counts, "x"), attr(counts, "y"), attr(counts, "font-size")), attrs(row.CountLine.X, strconv.Itoa(row.CountLine.Y), strconv.Itoa(row.CountLine.Size)); have != want {
			t.Errorf("row %d: counts line at %s, want %s", i, have, want)
		}
		var haveCounts, wantCounts []string
		for n := range counts.ChildNodes() {
			dx, _ := attrValue(n, "dx")
			haveCounts = append(haveCounts, attrs(attr(n, "class"), dx, text(n)))
		}
		for _, k := range row.Counts {
			dx := ""
			if k.DX != 0 {
				dx = strconv.Itoa(k.DX)
			}
			wantCounts = append(wantCounts, attrs("chart-count "+k.Class, dx, k.Text))
		}
		if !slices.Equal(haveCounts, wantCounts) {
			t.Errorf("row %d: counts\nhave %q\nwant %q", i, haveCounts, wantCounts)
		}
	}
	noColour(t, svg, []string{"none"}) // the track's, for a page without its stylesheet

	// Two charts on one page: every id is unique.
	var page bytes.Buffer
	for _, title := range []string{"One", "Two"} {
		if err := r.base.ExecuteTemplate(&page, "chart", chart.ByCategory(pledges, cats, statuses, title)); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	for _, n := range findAll(parseFragment(t, page.String()), func(n *html.Node) bool { return attr(n, "id") != "" }) {
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

// TestChartSentences: the sentences under a chart, and a chart with
// nothing to draw, which is its sentences alone: no empty <svg>.
func TestChartSentences(t *testing.T) {
	r := shipped(t)
	troops := &dataset.Term{ID: "troops", Label: "Troops <in> Ukraine"}
	hubs := &dataset.Term{ID: "hubs", Label: "Military hubs"}
	arming := &dataset.Term{ID: "arming", Label: "Arming & training"}
	cz := &site.Country{Country: &dataset.Country{Code: "CZ", Name: "Czech Republic"}}
	refusal := &site.Pledge{Pledge: &dataset.Pledge{ID: "cz-troops"}, Country: cz, Category: troops, Status: declined}
	pledge := &site.Pledge{Pledge: &dataset.Pledge{ID: "cz-hubs"}, Country: cz, Category: hubs, Status: announced}
	for _, tc := range []struct {
		name    string
		pledges []*site.Pledge
		svg     bool
		notes   []string
	}{
		{"a pledge and a refusal", []*site.Pledge{refusal, pledge}, true, []string{
			"chart-note: Refusals, not counted above: Troops <in> Ukraine — Czech Republic.",
			"chart-note chart-unreported: No pledge or refusal reported so far on: Arming & training.",
		}},
		{"a refusal alone", []*site.Pledge{refusal}, false, []string{
			"chart-note: Refusals: Troops <in> Ukraine — Czech Republic.",
			"chart-note chart-unreported: No pledge or refusal reported so far on: Military hubs; Arming & training.",
		}},
	} {
		var buf bytes.Buffer
		if err := r.base.ExecuteTemplate(&buf, "chart", chart.ByCategory(tc.pledges, []*dataset.Term{troops, hubs, arming}, statuses, "t")); err != nil {
			t.Fatal(err)
		}
		var svg bool
		var notes []string
		for n := range parseFragment(t, buf.String()).ChildNodes() {
			switch {
			case n.Type == html.ElementNode && n.Data == "svg":
				svg = true
			case n.Type == html.ElementNode && n.Data == "p":
				notes = append(notes, attr(n, "class")+": "+text(n))
			case n.Type != html.TextNode || strings.TrimSpace(n.Data) != "":
				t.Errorf("%s: unexpected %q", tc.name, n.Data)
			}
		}
		if svg != tc.svg || !slices.Equal(notes, tc.notes) {
			t.Errorf("%s: svg %v, sentences %q\nwant svg %v, sentences %q", tc.name, svg, notes, tc.svg, tc.notes)
		}
	}
}

func TestMapSVG(t *testing.T) {
	r := shipped(t)
	geo, err := geomap.New()
	if err != nil {
		t.Fatal(err)
	}
	hostile := country("PL", `Poland <b>& "friends"`, "poland", odd)
	group := country("coalition", "Coalition", "coalition", announced)
	group.Part = dataset.GroupPart
	countries := []*site.Country{
		group,
		country("FR", "France", "france", declined, announced),
		hostile,
		country("RU", "Russia", "russia"),
		country("UA", "Ukraine", "ukraine", announced),
		country("US", "United States", "united-states", announced),
		country("XK", `Nowhere <i>land</i>`, "nowhere"),
	}
	troops := &dataset.Term{ID: "ground-forces", Label: "Troops in Ukraine", Question: "Who would put troops in Ukraine?"}
	for _, c := range countries {
		for _, p := range c.Pledges {
			p.Category = troops
		}
	}
	d := geo.Draw(countries, troops, []*dataset.Term{declined, announced, odd}, "../")
	out, svg := drawSVG(t, r, "map", d)
	if len(out) > 100_000 {
		t.Errorf("the SVG is %d bytes; keep it under 100 KB", len(out))
	}

	if attr(svg, "role") != "group" || attr(svg, "viewBox") != "0 0 1000 800" {
		t.Errorf("role %q viewBox %q, want group and 0 0 1000 800", attr(svg, "role"), attr(svg, "viewBox"))
	}
	ids := map[string]*html.Node{}
	for _, n := range findAll(svg, func(*html.Node) bool { return true }) {
		if id := attr(n, "id"); id != "" {
			if !strings.HasPrefix(id, "map-") || ids[id] != nil {
				t.Errorf("id %q: not prefixed map- or not unique", id)
			}
			ids[id] = n
		}
	}
	labelled := strings.Fields(attr(svg, "aria-labelledby"))
	if len(labelled) != 2 || ids[labelled[0]] == nil || ids[labelled[0]].Data != "title" || ids[labelled[1]] == nil || ids[labelled[1]].Data != "desc" {
		t.Errorf("aria-labelledby %q should name the title and desc", labelled)
	}
	if have := text(ids["map-ground-forces-title"]); have != "Map: Who would put troops in Ukraine?" {
		t.Errorf("title %q, want the question", have)
	}
	if have := text(ids["map-ground-forces-desc"]); have != d.Desc {
		t.Errorf("desc\nhave %q\nwant %q", have, d.Desc)
	}
	for _, raw := range []string{"<b>", "<i>", `"friends"`} {
		if strings.Contains(out, raw) {
			t.Errorf("%q is not escaped", raw)
		}
	}
	// Colours are attributes, so the map is right without a stylesheet:
	// every shape has its fill (checked with the shapes below).
	for _, n := range findAll(svg, func(n *html.Node) bool {
		return (n.Data == "path" || n.Data == "use") && n.Parent.Data != "defs" && n.Parent.Data != "pattern"
	}) {
		if attr(n, "fill") == "" && attr(n.Parent, "fill") == "" {
			t.Errorf("<%s class=%q> has no fill", n.Data, attr(n, "class"))
		}
	}

	// The outlines drawn twice are defined once, with their path data as
	// europe.txt has it, and every use points at one.
	for _, def := range d.Defs {
		if p := ids[def.ID]; p == nil || p.Data != "path" || attr(p, "d") != def.D || p.Parent.Data != "defs" {
			t.Errorf("%s is not defined with its path", def.ID)
		}
	}
	for _, u := range findAll(svg, func(n *html.Node) bool { return n.Data == "use" }) {
		if href := attr(u, "href"); ids[strings.TrimPrefix(href, "#")] == nil {
			t.Errorf("<use href=%q> points at nothing", href)
		}
	}
	if ids["map-ground-forces-hatch"] == nil || ids["map-ground-forces-hatch"].Data != "pattern" {
		t.Error("no hatch pattern")
	}

	land := findClass(svg, "map-land")
	var haveLand, wantLand []string
	for n := range land.ChildNodes() {
		haveLand = append(haveLand, shape(n))
	}
	for _, s := range d.Land {
		wantLand = append(wantLand, shapeOf(s))
	}
	if !slices.Equal(haveLand, wantLand) {
		t.Errorf("land: %d shapes, want %d, or not the same", len(haveLand), len(wantLand))
	}

	// The countries of the briefing, then the inset's, are the links.
	links := findAll(svg, func(n *html.Node) bool { return n.Data == "a" })
	if len(links) != len(d.Countries)+len(d.Inset.Lines) {
		t.Fatalf("%d links, want %d", len(links), len(d.Countries)+len(d.Inset.Lines))
	}
	for i, c := range d.Countries {
		a := links[i]
		var shapes, symbol []string
		for n := range a.ChildNodes() {
			switch n.Data {
			case "path", "use":
				shapes = append(shapes, shape(n))
			case "text":
				symbol = append(symbol, attrs(attr(n, "class"), attr(n, "x"), attr(n, "y"), attr(n, "font-size"), text(n)))
			}
		}
		var wantSymbol []string
		if s := c.Symbol; s != nil {
			wantSymbol = []string{attrs("map-symbol", s.X, s.Y, strconv.Itoa(s.Size), s.Text)}
		}
		if attr(a, "href") != c.Href || text(child(a, "title")) != c.Title || !slices.Equal(shapes, []string{shapeOf(c.Shape)}) || !slices.Equal(symbol, wantSymbol) {
			t.Errorf("link %d: href %q, title %q, shapes %.80q, symbol %q; want %q, %q, %.80q, %q", i, attr(a, "href"), text(child(a, "title")), shapes, symbol, c.Href, c.Title, shapeOf(c.Shape), wantSymbol)
		}
	}
	if text(child(links[1], "title")) != `Poland <b>& "friends": A<n>&"'+` {
		t.Errorf("the hostile name reads %q", text(child(links[1], "title")))
	}

	var marks []string
	for _, u := range findAll(svg, func(n *html.Node) bool { return n.Data == "use" && n.Parent == svg }) {
		marks = append(marks, attrs(attr(u, "href"), attr(u, "class"), attr(u, "pointer-events")))
	}
	if want := []string{attrs("#"+d.Hatched[0], "map-russia", "none"), attrs("#"+d.Outlined[0], "map-ukraine", "none")}; !slices.Equal(marks, want) {
		t.Errorf("marks on top %q, want %q", marks, want)
	}
	var labels, wantLabels []string
	for _, n := range findAll(svg, func(n *html.Node) bool { return hasClass(n, "map-label") || hasClass(n, "map-note") }) {
		labels = append(labels, attrs(attr(n, "x"), attr(n, "y"), attr(n, "font-size"), text(n)))
	}
	for _, l := range d.Labels {
		wantLabels = append(wantLabels, attrs(l.X, l.Y, strconv.Itoa(l.Size), l.Text))
	}
	if !slices.Equal(labels, wantLabels) {
		t.Errorf("labels %q, want %q", labels, wantLabels)
	}

	inset := findClass(svg, "map-inset")
	in := d.Inset
	if have, want := box(child(inset, "rect")), attrs(strconv.Itoa(in.X), strconv.Itoa(in.Y), strconv.Itoa(in.Width), strconv.Itoa(in.Height)); have != want {
		t.Errorf("inset box %s, want %s", have, want)
	}
	var captions, wantCaptions []string
	for _, n := range findAll(inset, func(n *html.Node) bool { return hasClass(n, "map-caption") }) {
		href := ""
		if n.Parent.Data == "a" {
			href = attr(n.Parent, "href")
		}
		captions = append(captions, attrs(href, attr(n, "x"), attr(n, "y"), attr(n, "font-size"), text(n)))
	}
	h := in.Heading
	wantCaptions = append(wantCaptions, attrs("", h.X, h.Y, strconv.Itoa(h.Size), h.Text))
	for _, l := range in.Lines {
		wantCaptions = append(wantCaptions, attrs(l.Href, l.Line.X, l.Line.Y, strconv.Itoa(l.Line.Size), l.Line.Text))
	}
	if !slices.Equal(captions, wantCaptions) {
		t.Errorf("inset\nhave %q\nwant %q", captions, wantCaptions)
	}
}

func shipped(t *testing.T) *Renderer {
	t.Helper()
	r, errs := New(theme)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return r
}

// drawSVG runs the template name on data and returns what it wrote and its
// <svg>, which must be all it wrote.
func drawSVG(t *testing.T, r *Renderer, name string, data any) (string, *html.Node) {
	t.Helper()
	var buf bytes.Buffer
	if err := r.base.ExecuteTemplate(&buf, name, data); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "ZgotmplZ") {
		t.Errorf("html/template refused a value (ZgotmplZ):\n%s", out)
	}
	var svg *html.Node
	for n := range parseFragment(t, out).ChildNodes() {
		if n.Type == html.ElementNode && n.Data == "svg" && n.Namespace == "svg" && svg == nil {
			svg = n
		} else if n.Type != html.TextNode || strings.TrimSpace(n.Data) != "" {
			t.Fatalf("unexpected top-level node %q in\n%s", n.Data, out)
		}
	}
	if svg == nil {
		t.Fatalf("no <svg> in\n%s", out)
	}
	return out, svg
}

// parseFragment parses s as the body of a page, as a browser would.
func parseFragment(t *testing.T, s string) *html.Node {
	t.Helper()
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(s), body)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	return body
}

func country(code, name, slug string, statuses ...*dataset.Term) *site.Country {
	c := &site.Country{Country: &dataset.Country{Code: code, Name: name, Slug: slug}}
	switch code { // the parts the shipped data gives them
	case "UA":
		c.Part = dataset.Beneficiary
	case "RU":
		c.Part = dataset.Adversary
	default:
		c.Part = dataset.Guarantor
	}
	for _, st := range statuses {
		c.Pledges = append(c.Pledges, &site.Pledge{Status: st})
	}
	return c
}

// noColour fails for a fill, stroke, style or color attribute, except of
// the values allowed: colour belongs in the stylesheet.
func noColour(t *testing.T, root *html.Node, allowed []string) {
	t.Helper()
	for _, n := range findAll(root, func(*html.Node) bool { return true }) {
		for _, a := range n.Attr {
			if (a.Key == "fill" || a.Key == "stroke" || a.Key == "style" || a.Key == "color") && !slices.Contains(allowed, a.Val) {
				t.Errorf("<%s %s=%q>: colour must come from CSS", n.Data, a.Key, a.Val)
			}
		}
	}
}

// shape describes a <path> or <use> by its attributes; shapeOf describes
// the geomap.Shape the same way.
func shape(n *html.Node) string {
	return attrs(n.Data, attr(n, "class"), attr(n, "fill"), attr(n, "d"), attr(n, "href"))
}

func shapeOf(s geomap.Shape) string {
	if s.Use != "" {
		return attrs("use", s.Class, s.Fill, "", "#"+s.Use)
	}
	return attrs("path", s.Class, s.Fill, s.D, "")
}

// box is a <rect>'s x, y, width and height.
func box(n *html.Node) string {
	return attrs(attr(n, "x"), attr(n, "y"), attr(n, "width"), attr(n, "height"))
}

func attrs(v ...string) string { return strings.Join(v, " | ") }

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
	v, _ := attrValue(n, key)
	return v
}

func attrValue(n *html.Node, key string) (string, bool) {
	if n == nil {
		return "", false
	}
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// text is the text under n, leaving out the <title>s of its descendants.
func text(n *html.Node) string {
	if n == nil {
		return ""
	}
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := range n.ChildNodes() {
		if c.Type == html.ElementNode && c.Data == "title" && n.Data != "title" {
			continue
		}
		b.WriteString(text(c))
	}
	return b.String()
}
