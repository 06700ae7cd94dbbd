package geomap

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/site"
)

func TestNew(t *testing.T) {
	m, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if m.width != 1000 || m.height != 800 {
		t.Errorf("size %d×%d, want 1000×800", m.width, m.height)
	}
	// The European countries of content/data/countries.toml.
	for _, code := range []string{"FR", "GB", "DE", "BE", "HR", "CZ", "PL", "IT", "UA", "RU"} {
		if !m.Has(code) {
			t.Errorf("%s has no outline", code)
		}
	}
	if _, known := m.shapes["US"]; !known || m.Has("US") {
		t.Errorf("US should be listed with no outline")
	}
	if len(europe) > 100_000 {
		t.Errorf("europe.txt is %d bytes; keep it under 100 KB", len(europe))
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"FR M0 0l1 0 0 1z\n", "x.txt:1: a country before the size line"},
		{"size 10\n", `x.txt:1: size "10" is not two positive numbers`},
		{"# c\nsize 10 10\nfra M0 0l1 0 0 1z\n", `x.txt:3: "fra" is not a two-letter country code`},
		{"size 10 10\nFR M0 0l1 0 0 1z\nFR\n", "x.txt:3: FR again"},
		{"size 10 10\nFR M0 0l1 0 0 1\n", "x.txt:2: FR: the path does not end with z"},
		{"size 10 10\nFR M0 0l1 0z\n", "x.txt:2: FR: a ring of 2 points"},
		{"size 10 10\nFR M0 0C1 0 0 1z\n", `x.txt:2: FR: unexpected 'C' at byte 5`},
		{"size 10 10\nFR M0 0l100 0 0 1z\n", "x.txt:2: FR: point 100,0 lies outside the viewBox 0 0 10 10"},
		{"# nothing\n", "x.txt: no size line"},
	} {
		_, err := parse("x.txt", tc.src)
		if err == nil || err.Error() != tc.want {
			t.Errorf("parse(%q):\nhave %v\nwant %s", tc.src, err, tc.want)
		}
	}
	m, err := parse("x.txt", "size 10 10\nFR M0 0l4 0 0 4-4 0zM5 5l1.5 0 0 1z\nUS\n")
	if err != nil || len(m.shapes["FR"].rings) != 2 || m.shapes["FR"].rings[1][1] != (point{6.5, 5}) || !m.Has("FR") || m.Has("US") {
		t.Errorf("a good file: %v, %+v", err, m)
	}
}

var (
	announced = &dataset.Term{ID: "announced", Label: "Announced", Symbol: "◐"}
	signed    = &dataset.Term{ID: "signed", Label: "Signed", Symbol: "●"}
	declined  = &dataset.Term{ID: "declined", Label: "Declined", Symbol: "✕"}
)

func country(code, name string, statuses ...*dataset.Term) *site.Country {
	c := &site.Country{Country: &dataset.Country{Code: code, Name: name, Slug: strings.ToLower(strings.ReplaceAll(name, " ", "-"))}}
	for _, st := range statuses {
		c.Pledges = append(c.Pledges, &site.Pledge{Status: st})
	}
	return c
}

func TestSVG(t *testing.T) {
	m, err := New()
	if err != nil {
		t.Fatal(err)
	}
	group := country("coalition", "Coalition & Friends", signed)
	group.Group = true
	s := &site.Site{Countries: []*site.Country{
		group,
		country("FR", "France", declined, announced),
		country("PL", "Poland"),
		country("RU", "Russia"),
		country("UA", "Ukraine", announced, signed),
		country("US", "United States", announced),
	}}
	const root = "../"
	out := m.SVG(s.Countries, root)
	if len(out) > 100_000 {
		t.Errorf("the SVG is %d bytes; keep it under 100 KB", len(out))
	}
	if again := m.SVG(s.Countries, root); again != out {
		t.Error("two calls differ")
	}
	svg := parseSVG(t, string(out))

	if role := attr(svg, "role"); role != "group" {
		t.Errorf("role %q, want group", role)
	}
	ids := map[string]*html.Node{}
	for _, n := range all(svg, "") {
		if id := attr(n, "id"); id != "" {
			if !strings.HasPrefix(id, "map-") || ids[id] != nil {
				t.Errorf("id %q: not prefixed map- or not unique", id)
			}
			ids[id] = n
		}
		// No colours in the SVG: only "none" and the hatch pattern.
		for _, a := range n.Attr {
			if (a.Key == "fill" || a.Key == "stroke" || a.Key == "style" || a.Key == "color") && a.Val != "none" && a.Val != "url(#map-hatch)" {
				t.Errorf("<%s %s=%q>: colours belong in the stylesheet", n.Data, a.Key, a.Val)
			}
		}
	}
	labelled := strings.Fields(attr(svg, "aria-labelledby"))
	if len(labelled) != 2 || ids[labelled[0]] == nil || ids[labelled[0]].Data != "title" || ids[labelled[1]] == nil || ids[labelled[1]].Data != "desc" {
		t.Errorf("aria-labelledby %q should name the title and desc", labelled)
	}
	if desc := text(ids["map-desc"]); !strings.Contains(desc, "France: Announced.") || !strings.Contains(desc, "Off the map, United States: Announced.") {
		t.Errorf("desc %q", desc)
	}
	for _, u := range all(svg, "use") {
		if href := attr(u, "href"); ids[strings.TrimPrefix(href, "#")] == nil {
			t.Errorf("<use href=%q> points at nothing", href)
		}
	}

	links := map[string][]*html.Node{}
	for _, a := range all(svg, "a") {
		links[attr(a, "href")] = append(links[attr(a, "href")], a)
	}
	for _, tc := range []struct{ code, class, title string }{
		{"FR", "status-announced", "France: Announced"},
		{"PL", "status-none", "Poland: no pledge reported"},
		{"RU", "status-none", "Russia: no pledge reported"},
		{"UA", "status-signed", "Ukraine: Signed"},
	} {
		c := s.CountryByCode(tc.code)
		href := content.Href(root, c.URL())
		if len(links[href]) != 1 {
			t.Errorf("%s: %d links to %s, want 1", tc.code, len(links[href]), href)
			continue
		}
		a := links[href][0]
		if title := first(a, "title"); title == nil || text(title) != tc.title {
			t.Errorf("%s: title %q, want %q", tc.code, text(title), tc.title)
		}
		shapes := append(all(a, "path"), all(a, "use")...)
		if len(shapes) != 1 || attr(shapes[0], "class") != tc.class {
			t.Errorf("%s: shapes %d, class %q, want one of class %q", tc.code, len(shapes), attr(shapes[0], "class"), tc.class)
		}
	}
	if fr := links["../countries/france/index.html"]; len(fr) == 1 && !strings.Contains(text(fr[0]), "◐") {
		t.Error("France has no status symbol")
	}
	if len(links["../countries/coalition-&-friends/index.html"]) != 0 {
		t.Error("a group is drawn")
	}

	labels := map[string]bool{}
	for _, n := range all(svg, "text") {
		if attr(n, "class") == "map-label" {
			labels[text(n)] = true
		}
	}
	if !labels["● Ukraine"] || !labels["Russia"] {
		t.Errorf("labels %v, want Ukraine (with its symbol) and Russia", labels)
	}
	var hatch, outline bool
	for _, u := range all(svg, "use") {
		hatch = hatch || attr(u, "class") == "map-russia" && attr(u, "href") == "#map-shape-ru" && attr(u, "fill") == "url(#map-hatch)"
		outline = outline || attr(u, "class") == "map-ukraine" && attr(u, "href") == "#map-shape-ua"
	}
	if !hatch || !outline || ids["map-hatch"] == nil || ids["map-hatch"].Data != "pattern" {
		t.Errorf("Russia hatched %v, Ukraine outlined %v", hatch, outline)
	}

	us := links["../countries/united-states/index.html"]
	if len(us) != 1 || text(us[0]) != "◐ United States — Announced" {
		t.Errorf("the United States should be listed off the map")
	}
	var inset *html.Node
	for _, g := range all(svg, "g") {
		if attr(g, "class") == "map-inset" {
			inset = g
		}
	}
	if inset == nil || !strings.HasPrefix(text(inset), "Off the map:") || len(all(inset, "a")) != 1 {
		t.Errorf("inset: %q", text(inset))
	}
}

// Ukraine and Russia are marked even when the briefing does not list them.
func TestSVGMarksWithoutCountries(t *testing.T) {
	m, err := New()
	if err != nil {
		t.Fatal(err)
	}
	svg := parseSVG(t, string(m.SVG([]*site.Country{country("FR", "France", announced)}, "")))
	labels := map[string]bool{}
	for _, n := range all(svg, "text") {
		labels[text(n)] = attr(n, "class") == "map-label"
	}
	if !labels["Ukraine"] || !labels["Russia"] {
		t.Errorf("labels %v", labels)
	}
	if len(all(svg, "a")) != 1 {
		t.Errorf("%d links, want 1", len(all(svg, "a")))
	}
	for _, g := range all(svg, "g") {
		if attr(g, "class") == "map-inset" {
			t.Error("an inset with nothing off the map")
		}
	}
}

func TestLabelPoint(t *testing.T) {
	square := [][]point{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}}
	if p := labelPoint(square); p.x < 4.5 || p.x > 5.5 || p.y < 4.5 || p.y > 5.5 {
		t.Errorf("square: %v", p)
	}
	// A C shape: the middle of its box is outside it.
	c := [][]point{{{0, 0}, {10, 0}, {10, 2}, {2, 2}, {2, 8}, {10, 8}, {10, 10}, {0, 10}}, {{50, 50}, {51, 50}, {51, 51}}}
	if p := labelPoint(c); !contains(c[0], p) || p.x > 2 {
		t.Errorf("C: %v", p)
	}
}

func parseSVG(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader("<!doctype html><body>" + s))
	if err != nil {
		t.Fatal(err)
	}
	svg := first(doc, "svg")
	if svg == nil {
		t.Fatalf("no <svg> in %.200s", s)
	}
	return svg
}

// all lists the elements under n named tag, or every element for "".
func all(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && (tag == "" || d.Data == tag) {
			out = append(out, d)
		}
	}
	return out
}

func first(n *html.Node, tag string) *html.Node {
	if l := all(n, tag); len(l) > 0 {
		return l[0]
	}
	return nil
}

func attr(n *html.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text is the text under n, leaving out <title>s.
func text(n *html.Node) string {
	if n == nil {
		return ""
	}
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "title" && n.Data != "title" {
			continue
		}
		b.WriteString(text(c))
	}
	return b.String()
}
