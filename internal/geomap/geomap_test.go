package geomap

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

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

// The markup is the template "map" of templates/charts.html; its tests,
// which parse the SVG, are internal/render's TestMapSVG. These check the
// layout.
func TestDraw(t *testing.T) {
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
	d := m.Draw(s.Countries, root)
	if again := m.Draw(s.Countries, root); !reflect.DeepEqual(again, d) {
		t.Error("two calls differ")
	}

	if d.Width != 1000 || d.Height != 800 {
		t.Errorf("size %d×%d, want the viewBox's 1000×800", d.Width, d.Height)
	}
	if !strings.Contains(d.Desc, "France: Announced.") || !strings.Contains(d.Desc, "Off the map, United States: Announced.") || strings.Contains(d.Desc, "Coalition") {
		t.Errorf("desc %q", d.Desc)
	}
	wantDefs := []Shape{{ID: "map-shape-ru", D: m.shapes["RU"].d}, {ID: "map-shape-ua", D: m.shapes["UA"].d}}
	if !reflect.DeepEqual(d.Defs, wantDefs) {
		t.Errorf("defs: %d shapes, want Russia's and Ukraine's", len(d.Defs))
	}
	if d.Hatched != "map-shape-ru" || d.Outlined != "map-shape-ua" {
		t.Errorf("hatched %q, outlined %q; want Russia's and Ukraine's outlines", d.Hatched, d.Outlined)
	}

	// The land is every country drawn but the four of the briefing, each
	// once, without a class.
	drawn := 0
	for _, code := range m.codes {
		if m.Has(code) {
			drawn++
		}
	}
	if len(d.Land) != drawn-4 {
		t.Errorf("%d countries as land, want %d", len(d.Land), drawn-4)
	}
	for _, sh := range d.Land {
		if sh.Class != "" || sh.Use != "" || sh.D == "" || sh.D == m.shapes["FR"].d || sh.D == m.shapes["PL"].d {
			t.Errorf("land shape %+.60v: want a plain path of a country not in the briefing", sh)
		}
	}

	fr := labelPoint(m.shapes["FR"].rings)
	want := []Country{
		{Href: "../countries/france/index.html", Title: "France: Announced", Shape: Shape{Class: "status-announced", D: m.shapes["FR"].d},
			Symbol: &Text{Text: "◐", X: num(fr.x), Y: num(fr.y), Size: symbolSize}},
		{Href: "../countries/poland/index.html", Title: "Poland: no pledge reported", Shape: Shape{Class: "status-none", D: m.shapes["PL"].d}},
		// Russia and Ukraine are labelled by name, so carry no symbol.
		{Href: "../countries/russia/index.html", Title: "Russia: no pledge reported", Shape: Shape{Class: "status-none", Use: "map-shape-ru"}},
		{Href: "../countries/ukraine/index.html", Title: "Ukraine: Signed", Shape: Shape{Class: "status-signed", Use: "map-shape-ua"}},
	}
	if len(d.Countries) != len(want) {
		t.Fatalf("%d countries on the map, want %d", len(d.Countries), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(d.Countries[i], want[i]) {
			t.Errorf("country %d\nhave %+.200v\nwant %+.200v", i, d.Countries[i], want[i])
		}
	}
	// The symbol sits inside France, not merely inside the box around it.
	x, _ := strconv.ParseFloat(d.Countries[0].Symbol.X, 64)
	y, _ := strconv.ParseFloat(d.Countries[0].Symbol.Y, 64)
	if !slices.ContainsFunc(m.shapes["FR"].rings, func(r []point) bool { return contains(r, point{x, y}) }) {
		t.Errorf("France's symbol at %v,%v lies outside France", x, y)
	}

	ua, ru := labelPoint(m.shapes["UA"].rings), labelPoint(m.shapes["RU"].rings)
	wantLabels := []Text{{"● Ukraine", num(ua.x), num(ua.y), labelSize}, {"Russia", num(ru.x), num(ru.y), labelSize}}
	if !reflect.DeepEqual(d.Labels, wantLabels) {
		t.Errorf("labels\nhave %+v\nwant %+v", d.Labels, wantLabels)
	}

	// One line off the map: the box is two lines of 22 and a padding of 8
	// high, in the bottom left corner, and as wide as 27 characters of 0.6
	// em at 15 plus 8 each side.
	wantInset := &Inset{X: 0, Y: 748, Width: 259, Height: 52,
		Heading: Text{"Off the map:", "8", "766", captionSize},
		Lines:   []Caption{{Href: "../countries/united-states/index.html", Line: Text{"◐ United States — Announced", "8", "788", captionSize}}},
	}
	if !reflect.DeepEqual(d.Inset, wantInset) {
		t.Errorf("inset\nhave %+v\nwant %+v", d.Inset, wantInset)
	}
}

// Ukraine and Russia are marked even when the briefing does not list them.
func TestDrawMarksWithoutCountries(t *testing.T) {
	m, err := New()
	if err != nil {
		t.Fatal(err)
	}
	d := m.Draw([]*site.Country{country("FR", "France", announced)}, "")
	var labels []string
	for _, l := range d.Labels {
		labels = append(labels, l.Text)
	}
	if !slices.Equal(labels, []string{"Ukraine", "Russia"}) {
		t.Errorf("labels %q", labels)
	}
	if d.Hatched == "" || d.Outlined == "" {
		t.Errorf("hatched %q, outlined %q", d.Hatched, d.Outlined)
	}
	if len(d.Countries) != 1 || d.Countries[0].Href != "countries/france/index.html" {
		t.Errorf("countries %+.100v, want France alone", d.Countries)
	}
	// As land, they are drawn by reference to their outlines in Defs.
	var uses []string
	for _, sh := range d.Land {
		if sh.Use != "" {
			uses = append(uses, sh.Use)
		}
	}
	if !slices.Equal(uses, []string{"map-shape-ru", "map-shape-ua"}) {
		t.Errorf("land uses %q, want Russia's and Ukraine's outlines", uses)
	}
	if d.Inset != nil {
		t.Errorf("an inset with nothing off the map: %+v", d.Inset)
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
