package geomap

import (
	"os"
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
	delivered = &dataset.Term{ID: "delivered", Label: "Delivered", Symbol: "✔"}
	declined  = &dataset.Term{ID: "declined", Label: "Declined", Symbol: "✕"}
	statuses  = []*dataset.Term{declined, announced, delivered}

	troops = &dataset.Term{ID: "ground-forces", Label: "Troops in Ukraine", Question: "Who would put troops in Ukraine?"}
	words  = &dataset.Term{ID: "political", Label: "Declarations"}
)

// pledge is a pledge of a category with a status.
type pledge struct {
	cat *dataset.Term
	st  *dataset.Term
}

func country(code, name string, pledges ...pledge) *site.Country {
	c := &site.Country{Country: &dataset.Country{Code: code, Name: name, Slug: strings.ToLower(strings.ReplaceAll(name, " ", "-")), Part: partOf(code)}}
	for _, p := range pledges {
		c.Pledges = append(c.Pledges, &site.Pledge{Category: p.cat, Status: p.st, Country: c})
	}
	return c
}

// partOf gives the test countries the parts the shipped data gives them:
// Ukraine the beneficiary, Russia the adversary.
func partOf(code string) dataset.Part {
	switch code {
	case "UA":
		return dataset.Beneficiary
	case "RU":
		return dataset.Adversary
	}
	return dataset.Guarantor
}

// The markup is the templates "map" and "map-answers" of
// templates/charts.html; their tests, which parse the SVG, are
// internal/render's TestMapSVG. These check the layout.
func TestDraw(t *testing.T) {
	m, err := New()
	if err != nil {
		t.Fatal(err)
	}
	group := country("coalition", "Coalition & Friends", pledge{troops, delivered})
	group.Part = dataset.GroupPart
	s := &site.Site{Countries: []*site.Country{
		group,
		// France delivered something else but only declined troops: the
		// troops map shows the refusal, not the stronger answer elsewhere.
		country("FR", "France", pledge{troops, declined}, pledge{words, delivered}),
		country("GB", "United Kingdom", pledge{troops, announced}, pledge{troops, declined}),
		country("PL", "Poland", pledge{words, announced}),
		country("RU", "Russia"),
		country("UA", "Ukraine", pledge{troops, delivered}),
		country("US", "United States", pledge{troops, announced}),
	}}
	const root = "../"
	d := m.Draw(s.Countries, troops, statuses, root)
	if again := m.Draw(s.Countries, troops, statuses, root); !reflect.DeepEqual(again, d) {
		t.Error("two calls differ")
	}

	if d.Width != 1000 || d.Height != 800 || d.ID != "map-ground-forces" || d.Title != "Who would put troops in Ukraine?" {
		t.Errorf("size %d×%d, id %q, title %q", d.Width, d.Height, d.ID, d.Title)
	}
	for _, want := range []string{"Who would put troops in Ukraine?", "Declined: France.", "Announced: United Kingdom, United States.", "Nothing reported: Poland."} {
		if !strings.Contains(d.Desc, want) {
			t.Errorf("desc %q\nlacks %q", d.Desc, want)
		}
	}
	if strings.Contains(d.Desc, "Coalition") || strings.Contains(d.Desc, "Delivered:") {
		t.Errorf("desc %q names the group or Ukraine's own pledge as an answer", d.Desc)
	}
	// Every outline is defined once, and every country drawn by reference.
	var wantDefs []Shape
	for _, code := range m.codes {
		if m.Has(code) {
			wantDefs = append(wantDefs, Shape{ID: "map-shape-" + strings.ToLower(code), D: m.shapes[code].d})
		}
	}
	if !reflect.DeepEqual(d.Defs, wantDefs) {
		t.Errorf("defs: %d shapes, want every country's, %d", len(d.Defs), len(wantDefs))
	}
	if !slices.Equal(d.Hatched, []string{"map-shape-ru"}) || !slices.Equal(d.Outlined, []string{"map-shape-ua"}) {
		t.Errorf("hatched %q, outlined %q; want Russia's and Ukraine's outlines", d.Hatched, d.Outlined)
	}

	// The land is every country drawn but the five of the briefing, each
	// once, without a class or fill of its own (its group is pale).
	drawn := 0
	for _, code := range m.codes {
		if m.Has(code) {
			drawn++
		}
	}
	if len(d.Land) != drawn-5 {
		t.Errorf("%d countries as land, want %d", len(d.Land), drawn-5)
	}
	for _, sh := range d.Land {
		if sh.Class != "" || sh.Fill != "" || sh.D != "" || sh.Use == "" || sh.Use == "map-shape-fr" || sh.Use == "map-shape-pl" {
			t.Errorf("land shape %+.60v: want a use of a country not in the briefing", sh)
		}
	}

	fr, gb := labelPoint(m.shapes["FR"].rings), labelPoint(m.shapes["GB"].rings)
	want := []Country{
		{Href: "../countries/france/index.html", Title: "France: Declined", Shape: Shape{Class: "status-declined", Fill: Fills["declined"], Use: "map-shape-fr"},
			Symbol: &Text{Text: "✕", X: num(fr.x), Y: num(fr.y), Size: symbolSize}},
		// Of two pledges of one kind, the more advanced.
		{Href: "../countries/united-kingdom/index.html", Title: "United Kingdom: Announced", Shape: Shape{Class: "status-announced", Fill: Fills["announced"], Use: "map-shape-gb"},
			Symbol: &Text{Text: "◐", X: num(gb.x), Y: num(gb.y), Size: symbolSize}},
		// A pledge of another kind is no answer to this question.
		{Href: "../countries/poland/index.html", Title: "Poland: Nothing reported", Shape: Shape{Class: "status-none", Fill: NoneFill, Use: "map-shape-pl"}},
		// Russia and Ukraine are marked, pale, whatever they pledged.
		{Href: "../countries/russia/index.html", Title: "Russia: the country the guarantees are meant to deter", Shape: Shape{Class: "map-marked", Fill: LandFill, Use: "map-shape-ru"}},
		{Href: "../countries/ukraine/index.html", Title: "Ukraine: the country the guarantees are for", Shape: Shape{Class: "map-marked", Fill: LandFill, Use: "map-shape-ua"}},
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

	var labels []string
	for _, l := range d.Labels {
		labels = append(labels, l.Class+" "+l.Text)
	}
	if want := []string{"map-label Russia", "map-note to be deterred", "map-label Ukraine", "map-note to be protected"}; !slices.Equal(labels, want) {
		t.Errorf("labels %q, want %q", labels, want)
	}

	// The legend: only the answers shown, in the vocabulary's order,
	// nothing reported last; Ukraine and Russia in none.
	wantAnswers := []Answer{
		{Status: declined, Label: "Declined", Fill: Fills["declined"], Countries: []Link{{"France", "../countries/france/index.html"}}},
		{Status: announced, Label: "Announced", Fill: Fills["announced"], Countries: []Link{{"United Kingdom", "../countries/united-kingdom/index.html"}, {"United States", "../countries/united-states/index.html"}}},
		{Label: "Nothing reported", Fill: NoneFill, Countries: []Link{{"Poland", "../countries/poland/index.html"}}},
	}
	if !reflect.DeepEqual(d.Answers, wantAnswers) {
		t.Errorf("answers\nhave %+v\nwant %+v", d.Answers, wantAnswers)
	}
	// The group is not drawn but listed, and its pledge is among those
	// whose sources the source line names.
	if want := []Group{{Link{"Coalition & Friends", "../countries/coalition-&-friends/index.html"}, delivered}}; !reflect.DeepEqual(d.Groups, want) {
		t.Errorf("groups %+v, want %+v", d.Groups, want)
	}
	if len(d.Pledges) != 6 {
		t.Errorf("%d pledges, want the 6 of this kind", len(d.Pledges))
	}

	// One line off the map: the box is two lines of 22 and a padding of 8
	// high, in the bottom left corner, and as wide as 27 characters of 0.6
	// em at 15 plus 8 each side.
	wantInset := &Inset{X: 0, Y: 748, Width: 259, Height: 52,
		Heading: Text{Text: "Off the map:", X: "8", Y: "766", Size: captionSize},
		Lines:   []Caption{{Href: "../countries/united-states/index.html", Line: Text{Text: "◐ United States — Announced", X: "8", Y: "788", Size: captionSize}}},
	}
	if !reflect.DeepEqual(d.Inset, wantInset) {
		t.Errorf("inset\nhave %+v\nwant %+v", d.Inset, wantInset)
	}

	// Another question, another map: France answers with its signature.
	w := m.Draw(s.Countries, words, statuses, root)
	if w.ID != "map-political" || w.Title != "Who has a position on declarations?" || w.Countries[0].Shape.Fill != Fills["delivered"] || w.Countries[1].Shape.Fill != NoneFill {
		t.Errorf("declarations map: id %q, title %q, France %q, United Kingdom %q", w.ID, w.Title, w.Countries[0].Shape.Fill, w.Countries[1].Shape.Fill)
	}
}

// What a country is to the guarantees comes from the data, never from its
// code: a briefing without Ukraine and Russia marks nothing, and draws them
// as land; a country the data makes the beneficiary is outlined, whatever
// its code.
func TestDrawMarksByPart(t *testing.T) {
	m, err := New()
	if err != nil {
		t.Fatal(err)
	}
	d := m.Draw([]*site.Country{country("FR", "France", pledge{troops, announced})}, troops, statuses, "")
	if len(d.Labels) != 0 || len(d.Hatched) != 0 || len(d.Outlined) != 0 || len(d.Marked) != 0 {
		t.Errorf("without a beneficiary or an adversary: labels %+v, hatched %q, outlined %q, marked %+v", d.Labels, d.Hatched, d.Outlined, d.Marked)
	}
	var uses []string
	for _, sh := range d.Land {
		if sh.Use == "map-shape-ru" || sh.Use == "map-shape-ua" {
			uses = append(uses, sh.Use)
		}
	}
	if !slices.Equal(uses, []string{"map-shape-ru", "map-shape-ua"}) {
		t.Errorf("land uses %q, want Russia's and Ukraine's outlines", uses)
	}
	if len(d.Answers) != 1 || d.Answers[0].Status != announced {
		t.Errorf("answers %+v, want Announced alone", d.Answers)
	}

	md := country("MD", "Moldova")
	md.Part = dataset.Beneficiary
	d = m.Draw([]*site.Country{country("FR", "France", pledge{troops, announced}), md}, troops, statuses, "")
	if !slices.Equal(d.Outlined, []string{"map-shape-md"}) || len(d.Hatched) != 0 {
		t.Errorf("outlined %q, hatched %q; want Moldova's outline alone", d.Outlined, d.Hatched)
	}
	want := []Marked{{Link{"Moldova", "countries/moldova/index.html"}, "outlined", "the country the guarantees are for"}}
	if !reflect.DeepEqual(d.Marked, want) {
		t.Errorf("marked %+v, want %+v", d.Marked, want)
	}
	if !strings.Contains(d.Desc, "Moldova, the country the guarantees are for, is outlined.") {
		t.Errorf("desc %q does not say what Moldova is", d.Desc)
	}
	for _, a := range d.Answers {
		for _, c := range a.Countries {
			if c.Name == "Moldova" {
				t.Errorf("Moldova is listed as answering %q", a.Label)
			}
		}
	}
}

// The fills are the stylesheet's status colours.
func TestColoursMatchStylesheet(t *testing.T) {
	css, err := os.ReadFile("../../static/css/site.css")
	if err != nil {
		t.Fatal(err)
	}
	// The light scheme: the stylesheet's first :root block.
	light, _, _ := strings.Cut(string(css), "@media (prefers-color-scheme: dark)")
	vars := map[string]string{"--map-none": NoneFill, "--map-land": LandFill, "--map-sea": SeaFill, "--map-border": Border, "--fg": MarkStroke, "--bg": SymbolFill}
	for id, fill := range Fills {
		vars["--"+id] = fill
	}
	for _, id := range dataset.RequiredStatuses {
		if Fills[id] == "" {
			t.Errorf("status %q has no fill", id)
		}
	}
	for name, want := range vars {
		if !strings.Contains(light, name+": "+want+";") {
			t.Errorf("site.css does not set %s: %s;", name, want)
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

// A page of maps carries the outlines once: the first map defines them.
func TestDrawAll(t *testing.T) {
	m, err := New()
	if err != nil {
		t.Fatal(err)
	}
	cs := []*site.Country{country("FR", "France", pledge{troops, declined}, pledge{words, delivered})}
	all := m.DrawAll(cs, []*dataset.Term{troops, words}, statuses, "")
	if len(all) != 2 || len(all[0].Defs) == 0 || all[1].Defs != nil {
		t.Fatalf("%d maps; defs %d, then %d; want the first alone to define the outlines", len(all), len(all[0].Defs), len(all[1].Defs))
	}
	one := m.Draw(cs, words, statuses, "")
	one.Defs = nil
	if !reflect.DeepEqual(all[1], one) || all[0].ID == all[1].ID {
		t.Error("the second map differs from Draw's but for its outlines")
	}
}
