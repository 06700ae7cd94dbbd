// Package geomap lays out the map of Europe and its neighbours that answers
// one question, one kind of commitment ("Who would put troops in
// Ukraine?"): each country of the briefing is shaded by the status of its
// pledge of that kind, or as nothing reported; never by a rank across kinds.
// It is drawn as inline SVG, with no script and no chart library. This
// package works out what is drawn, where and in which colour (Map.Draw
// returns a Drawing); the templates "map" and "map-answers" of
// templates/charts.html write the markup, so html/template escapes every
// name and link like the rest of the page.
//
// The outlines are Natural Earth's (public domain), converted once by
// cmd/mapgen into europe.txt, which is embedded: after comment lines that
// start with "#", a line "size W H" gives the viewBox, then each country has
// a line of its ISO 3166-1 alpha-2 code, a space and an SVG path (an absolute
// moveto, relative linetos and a close for each ring; rings are filled
// even-odd, so holes need no winding of their own). A code alone is a
// country known to lie off the map.
//
// A Drawing has: the countries that are not in the briefing, as pale land;
// each country of the briefing on the map, a link to its page, filled with
// its answer's colour (Fills, an SVG attribute, so the map needs no
// stylesheet) and class ("status-<id>", "status-none") and carrying the
// status's symbol, so colour is never the only cue; Ukraine (the country
// the guarantees are for) outlined and Russia (the one they would deter)
// hatched, both pale, named and described in words on the map; an inset
// listing the countries of the briefing that lie off the map; and the
// answers the map shows with the countries that gave each, the legend and
// the legible list under the map. Every id in the SVG starts with the
// Drawing's ID ("map-<category id>"), so a page may show one map for each
// question.
package geomap

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/site"
)

//go:embed europe.txt
var europe string

// Map is the parsed outlines. It is safe for concurrent use.
type Map struct {
	width, height int
	codes         []string          // every code in the file, in its order
	shapes        map[string]*shape // by code; nil for a country off the map
}

type shape struct {
	d     string    // the path data, as written
	rings [][]point // the same, parsed
}

type point struct{ x, y float64 }

// New parses the embedded outlines.
func New() (*Map, error) {
	return parse("europe.txt", europe)
}

// Has reports whether the map draws the country with code.
func (m *Map) Has(code string) bool { return m.shapes[code] != nil }

// parse reads a path file; errors name the line.
func parse(name, src string) (*Map, error) {
	m := &Map{shapes: map[string]*shape{}}
	var errs []string
	for i, line := range strings.Split(src, "\n") {
		fail := func(format string, args ...any) {
			errs = append(errs, fmt.Sprintf("%s:%d: %s", name, i+1, fmt.Sprintf(format, args...)))
		}
		line = strings.TrimSuffix(line, "\r")
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "size "):
			if m.width != 0 {
				fail("a second size line")
			}
			_, err := fmt.Sscanf(line, "size %d %d", &m.width, &m.height)
			if err != nil || m.width <= 0 || m.height <= 0 {
				fail("size %q is not two positive numbers", line[len("size "):])
			}
			continue
		}
		if m.width == 0 {
			fail("a country before the size line")
			continue
		}
		code, d, _ := strings.Cut(line, " ")
		if len(code) != 2 || !isUpper(code[0]) || !isUpper(code[1]) {
			fail("%q is not a two-letter country code", code)
			continue
		}
		if _, dup := m.shapes[code]; dup {
			fail("%s again", code)
			continue
		}
		m.codes = append(m.codes, code)
		if d == "" {
			m.shapes[code] = nil
			continue
		}
		rings, err := parsePath(d)
		if err == nil {
			err = m.inside(rings)
		}
		if err != nil {
			fail("%s: %v", code, err)
			m.shapes[code] = nil
			continue
		}
		m.shapes[code] = &shape{d: d, rings: rings}
	}
	if m.width == 0 && len(errs) == 0 {
		errs = append(errs, name+": no size line")
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	return m, nil
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// parsePath reads the path data mapgen writes: for each ring "M x y", then
// "l dx dy ..." and "z". Numbers may have a fraction.
func parsePath(d string) ([][]point, error) {
	var rings [][]point
	var cmd byte
	var nums []float64
	flush := func() error {
		switch cmd {
		case 0:
			if len(nums) > 0 {
				return fmt.Errorf("numbers before a command")
			}
		case 'M':
			if len(nums) != 2 {
				return fmt.Errorf("M takes 2 numbers, has %d", len(nums))
			}
			rings = append(rings, []point{{nums[0], nums[1]}})
		case 'l':
			if len(nums)%2 != 0 || len(rings) == 0 {
				return fmt.Errorf("l needs pairs of numbers after an M")
			}
			r := rings[len(rings)-1]
			for i := 0; i < len(nums); i += 2 {
				last := r[len(r)-1]
				r = append(r, point{last.x + nums[i], last.y + nums[i+1]})
			}
			rings[len(rings)-1] = r
		case 'z':
			if len(nums) > 0 || len(rings) == 0 {
				return fmt.Errorf("z takes no numbers and closes a ring")
			}
			if len(rings[len(rings)-1]) < 3 {
				return fmt.Errorf("a ring of %d points", len(rings[len(rings)-1]))
			}
		}
		nums = nums[:0]
		return nil
	}
	for i := 0; i < len(d); {
		c := d[i]
		switch {
		case c == 'M' || c == 'l' || c == 'z':
			if err := flush(); err != nil {
				return nil, err
			}
			cmd = c
			i++
		case c == ' ':
			i++
		case c == '-' || c == '.' || '0' <= c && c <= '9':
			j := i + 1
			for j < len(d) && (d[j] == '.' || '0' <= d[j] && d[j] <= '9') {
				j++
			}
			n, err := strconv.ParseFloat(d[i:j], 64)
			if err != nil {
				return nil, fmt.Errorf("%q is not a number", d[i:j])
			}
			nums = append(nums, n)
			i = j
		default:
			return nil, fmt.Errorf("unexpected %q at byte %d", c, i+1)
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if cmd != 'z' {
		return nil, fmt.Errorf("the path does not end with z")
	}
	return rings, nil
}

// inside checks that rings stay near the viewBox: mapgen clips them to it,
// with a small margin that keeps borders along the frame out of sight.
func (m *Map) inside(rings [][]point) error {
	const margin = 10
	for _, r := range rings {
		for _, p := range r {
			if p.x < -margin || p.y < -margin || p.x > float64(m.width+margin) || p.y > float64(m.height+margin) {
				return fmt.Errorf("point %g,%g lies outside the viewBox 0 0 %d %d", p.x, p.y, m.width, m.height)
			}
		}
	}
	return nil
}

// Sizes of text, in viewBox units.
const (
	labelSize   = 20
	noteSize    = 15
	symbolSize  = 16
	captionSize = 15
)

// Colours, written as SVG attributes so that the map is right without a
// stylesheet. Fills holds each required status's colour, by status id; they
// are static/css/site.css's status colours (--declined and the rest, light
// scheme), which TestColoursMatchStylesheet checks. The stylesheet repaints
// the map in the dark scheme through the classes.
var Fills = map[string]string{
	"declined":    "#a4161a",
	"considering": "#6b5300",
	"announced":   "#0b5a9c",
	"delivered":   "#0b5e5e",
	"withdrawn":   "#5c4a6e",
}

const (
	NoneFill   = "#c9ccd1" // a country of the briefing with nothing reported (--map-none)
	LandFill   = "#f7f7f5" // a country outside the briefing, and the beneficiary and the adversary (--map-land)
	SeaFill    = "#e8eef4" // --map-sea
	Border     = "#8a8f98" // --map-border
	MarkStroke = "#1b1d21" // the beneficiary's outline, the adversary's hatching and the labels (--fg)
	SymbolFill = "#fdfdfc" // a status's symbol on its colour (--bg)
	otherFill  = "#51555c" // a status an editor added, which has no colour of its own (--muted)
)

// Fill is the colour of a status; nil is nothing reported.
func Fill(st *dataset.Term) string {
	if st == nil {
		return NoneFill
	}
	if f, ok := Fills[st.ID]; ok {
		return f
	}
	return otherFill
}

// Drawing is the map of one question laid out for one page: what the
// templates "map" and "map-answers" draw. Coordinates are in the units of
// the viewBox, 0 0 Width Height.
type Drawing struct {
	ID            string // "map-ground-forces": every id in the SVG starts with it, so a page may show one map per question
	Width, Height int
	Category      *dataset.Term
	Title         string         // the question: "Who would put troops in Ukraine?"
	Desc          string         // the map in words
	Defs          []Shape        // the outlines, each drawn by reference: every country's, or none when an earlier map of the page defines them (DrawAll)
	Land          []Shape        // the countries that are not in the briefing, pale (the group's fill)
	Countries     []Country      // the countries of the briefing that the map covers
	Hatched       []string       // the ids in Defs of the outlines hatched on top: the adversary's (Russia's)
	Outlined      []string       // the ids in Defs of the outlines drawn on top: the beneficiary's (Ukraine's)
	Labels        []Text         // the names of the beneficiary and the adversary and, under each, what it is
	Inset         *Inset         // the countries of the briefing off the map; nil when there are none
	Answers       []Answer       // the answers the map shows, in the legend's order, nothing reported last
	Groups        []Group        // the groups of the briefing (the coalition) that answered together; not on the map
	Pledges       []*site.Pledge // the pledges of this kind, for the source line

	Marked []Marked // the beneficiary and the adversary on the map, for the legend
}

// Marked is a country the map marks rather than shades, and how.
type Marked struct {
	Link
	How  string // "outlined" (the beneficiary) or "hatched" (the adversary)
	What string // what it is to the guarantees: "the country the guarantees are for"
}

// Shape is a country's outline: in Defs, a path; elsewhere, a use of one.
type Shape struct {
	ID    string // in Defs, the path's id ("map-shape-ua")
	Class string // "status-<id>", "status-none", "map-marked", or "" for land
	Fill  string // its colour; "" for land, whose group carries it
	D     string // in Defs, the path data, as europe.txt has it
	Use   string // elsewhere, the id of the path in Defs drawn
}

// Country is a country of the briefing on the map, a link to its page.
type Country struct {
	Href   string
	Title  string // "France: Announced": its name and its answer
	Shape  Shape  // filled with its answer's colour
	Symbol *Text  // its answer's symbol; nil when there is none or the country is labelled
}

// Text is one line of text at X, Y: the middle of a symbol or label, the
// start of a caption's baseline. X and Y are formatted here, to a tenth of
// a unit at most, so the SVG is short and the same on every platform. Size
// is the font size.
type Text struct {
	Text  string
	X, Y  string
	Size  int
	Class string // "map-label" or "map-note" for labels
}

// Inset is the box, in the bottom left corner, that lists the countries of
// the briefing that lie off the map.
type Inset struct {
	X, Y, Width, Height int
	Heading             Text      // "Off the map:"
	Lines               []Caption // a country each, in the briefing's order
}

// Caption is a line of the inset, a link to the country's page.
type Caption struct {
	Href string
	Line Text // "◐ United States — Announced"
}

// Answer is one answer to the map's question and who gave it: the legend
// and, under the map, the list of countries by name.
type Answer struct {
	Status    *dataset.Term // nil for nothing reported
	Label     string        // the status's label, or "Nothing reported"
	Fill      string
	Countries []Link
}

// Link is a country by name, linking to its page.
type Link struct{ Name, Href string }

// Group is a group of countries that answered together, listed under the
// map, which draws countries alone.
type Group struct {
	Link
	Status *dataset.Term
}

// Draw lays out the map of one question, category's, for a page whose way
// back to the site root is root ("../../"). Each country of the briefing
// that the map covers is a link to its page, shaded by the status of its
// pledge of that kind (its most advanced, if it has several) or as nothing
// reported; statuses are the vocabulary's, in the legend's order. The
// beneficiary and the adversary (dataset.Part: Ukraine and Russia) are
// marked and named, never shaded. Countries that are not
// drawn (the United States) are listed in an inset. The result depends
// only on its arguments.
func (m *Map) Draw(countries []*site.Country, category *dataset.Term, statuses []*dataset.Term, root string) Drawing {
	on, off, inSite := m.place(countries)
	d := Drawing{ID: "map-" + category.ID, Width: m.width, Height: m.height, Category: category, Title: category.Ask()}
	answer := map[*site.Country]*dataset.Term{}
	for _, c := range countries {
		for _, p := range c.Pledges {
			if p.Category == nil || p.Category.ID != category.ID {
				continue
			}
			d.Pledges = append(d.Pledges, p)
			if site.Stronger(p.Status, answer[c]) {
				answer[c] = p.Status
			}
		}
	}
	// Every outline is defined once and drawn by reference: the marked
	// countries are drawn twice, and a page of several maps shares them.
	for _, code := range m.codes {
		if s := m.shapes[code]; s != nil {
			d.Defs = append(d.Defs, Shape{ID: shapeID(code), D: s.d})
		}
	}
	for _, code := range m.codes {
		if m.Has(code) && inSite[code] == nil {
			d.Land = append(d.Land, use(code, "", ""))
		}
	}
	// Countries of the briefing are drawn once, over the land: their own
	// shape is their land.
	for _, c := range on {
		d.Countries = append(d.Countries, d.country(m, c, answer[c], root))
	}
	for _, c := range on {
		mk := Marked{Link: Link{c.Name, content.Href(root, c.URL())}, What: c.Part.Describe()}
		switch c.Part {
		case dataset.Adversary:
			d.Hatched = append(d.Hatched, shapeID(c.Code))
			mk.How = "hatched"
		case dataset.Beneficiary:
			d.Outlined = append(d.Outlined, shapeID(c.Code))
			mk.How = "outlined"
		default:
			continue
		}
		d.Marked = append(d.Marked, mk)
	}
	d.Labels = m.labels(on)
	if len(off) > 0 {
		d.Inset = m.inset(off, answer, root)
	}
	d.Answers = answers(append(on, off...), answer, statuses, root)
	for _, c := range countries {
		if st := answer[c]; c.Group() && st != nil {
			d.Groups = append(d.Groups, Group{Link{c.Name, content.Href(root, c.URL())}, st})
		}
	}
	d.Desc = description(d)
	return d
}

// marked reports whether the country is marked and named rather than
// shaded: the country the guarantees are for, or the one they would deter.
func marked(c *site.Country) bool {
	return c.Part == dataset.Beneficiary || c.Part == dataset.Adversary
}

// place sorts the countries of the briefing into those the map draws and
// those it does not, and indexes them by code. Groups are neither.
func (m *Map) place(countries []*site.Country) (on, off []*site.Country, inSite map[string]*site.Country) {
	inSite = map[string]*site.Country{}
	for _, c := range countries {
		if c.Group() {
			continue
		}
		inSite[c.Code] = c
		if m.Has(c.Code) {
			on = append(on, c)
		} else {
			off = append(off, c)
		}
	}
	return on, off, inSite
}

// country is a country of the briefing on the map: its shape, shaded by its
// answer, with the answer's symbol on it; the beneficiary and the
// adversary are marked, and say what they are.
func (d *Drawing) country(m *Map, c *site.Country, st *dataset.Term, root string) Country {
	href := content.Href(root, c.URL())
	if marked(c) {
		return Country{Href: href, Title: c.Name + ": " + c.Part.Describe(), Shape: use(c.Code, "map-marked", LandFill)}
	}
	out := Country{Href: href, Title: c.Name + ": " + statusLabel(st), Shape: use(c.Code, dataset.StatusClass(st), Fill(st))}
	if st != nil && st.Symbol != "" {
		p := labelPoint(m.shapes[c.Code].rings)
		out.Symbol = &Text{Text: st.Symbol, X: num(p.x), Y: num(p.y), Size: symbolSize}
	}
	return out
}

// labels names the marked countries and says, in a line under each name,
// what they are to the guarantees.
func (m *Map) labels(on []*site.Country) []Text {
	var labels []Text
	for _, c := range on {
		if !marked(c) {
			continue
		}
		note := "to be protected"
		if c.Part == dataset.Adversary {
			note = "to be deterred"
		}
		p := labelPoint(m.shapes[c.Code].rings)
		labels = append(labels,
			Text{Text: c.Name, X: num(p.x), Y: num(p.y - noteSize/2), Size: labelSize, Class: "map-label"},
			Text{Text: note, X: num(p.x), Y: num(p.y + labelSize*3/4), Size: noteSize, Class: "map-note"})
	}
	return labels
}

// inset lists the countries that lie off the map in a box in the bottom
// left corner, over North Africa's Atlantic coast, each a link to its page.
func (m *Map) inset(off []*site.Country, answer map[*site.Country]*dataset.Term, root string) *Inset {
	const pad, lead = 8, captionSize * 3 / 2
	heading := "Off the map:"
	lines := make([]string, len(off))
	for i, c := range off {
		st := answer[c]
		lines[i] = c.Name + " — " + statusLabel(st)
		if st != nil && st.Symbol != "" {
			lines[i] = st.Symbol + " " + lines[i]
		}
	}
	// The box is sized without measuring text, which SVG cannot do: at
	// 0.6 em a character it is wide enough for the usual sans-serif fonts.
	wide := utf8.RuneCountInString(heading)
	for _, l := range lines {
		wide = max(wide, utf8.RuneCountInString(l))
	}
	h := (len(lines)+1)*lead + pad
	in := &Inset{Y: m.height - h, Width: int(math.Ceil(float64(wide)*0.6*captionSize)) + 2*pad, Height: h}
	// The nth line's baseline, the heading's the 0th.
	line := func(n int, text string) Text {
		return Text{Text: text, X: strconv.Itoa(pad), Y: strconv.Itoa(in.Y + (n+1)*lead - pad/2), Size: captionSize}
	}
	in.Heading = line(0, heading)
	for i, c := range off {
		in.Lines = append(in.Lines, Caption{Href: content.Href(root, c.URL()), Line: line(i+1, lines[i])})
	}
	return in
}

// answers groups the countries, Ukraine and Russia aside, by their answer:
// only the answers given, in the order of statuses (the legend's), then
// any status not among them, then nothing reported.
func answers(countries []*site.Country, answer map[*site.Country]*dataset.Term, statuses []*dataset.Term, root string) []Answer {
	var out []Answer
	index := map[string]int{}
	add := func(st *dataset.Term) {
		id := ""
		if st != nil {
			id = st.ID
		}
		if _, ok := index[id]; !ok {
			index[id] = len(out)
			out = append(out, Answer{Status: st, Label: statusLabel(st), Fill: Fill(st)})
		}
	}
	given := map[string]bool{}
	for _, c := range countries {
		if st := answer[c]; st != nil && !marked(c) {
			given[st.ID] = true
		}
	}
	for _, st := range statuses {
		if given[st.ID] {
			add(st)
		}
	}
	for _, c := range countries {
		if marked(c) {
			continue
		}
		st := answer[c]
		add(st)
		i := index[""]
		if st != nil {
			i = index[st.ID]
		}
		out[i].Countries = append(out[i].Countries, Link{Name: c.Name, Href: content.Href(root, c.URL())})
	}
	return out
}

// description is the map's text alternative: the question, then each
// answer and who gave it.
func description(d Drawing) string {
	parts := []string{d.Title, "A map of Europe and its neighbours; each country of the briefing is shaded by its answer."}
	for _, a := range d.Answers {
		names := make([]string, len(a.Countries))
		for i, c := range a.Countries {
			names[i] = c.Name
		}
		parts = append(parts, a.Label+": "+strings.Join(names, ", ")+".")
	}
	parts = append(parts, "Countries outside the briefing are left pale.")
	for _, c := range d.Marked {
		parts = append(parts, c.Name+", "+c.What+", is "+c.How+".")
	}
	return strings.Join(parts, " ")
}

// use draws a country by reference to its outline.
func use(code, class, fill string) Shape {
	return Shape{Class: class, Fill: fill, Use: shapeID(code)}
}

// shapeID is the id of a country's outline in Defs: one set a page.
func shapeID(code string) string { return "map-shape-" + strings.ToLower(code) }

// DrawAll draws the map of each category for one page: Draw's drawings,
// with the outlines defined by the first alone and used by all, so a page
// of small multiples carries the geometry once.
func (m *Map) DrawAll(countries []*site.Country, categories []*dataset.Term, statuses []*dataset.Term, root string) []Drawing {
	out := make([]Drawing, len(categories))
	for i, c := range categories {
		out[i] = m.Draw(countries, c, statuses, root)
		if i > 0 {
			out[i].Defs = nil
		}
	}
	return out
}

func statusLabel(st *dataset.Term) string {
	if st == nil {
		return "Nothing reported"
	}
	return st.Label
}

// num writes a coordinate to a tenth of a unit.
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
}

// The colours the template "map" writes that are not a country's own, as
// methods so the template can name them.
func (Drawing) Sea() string    { return SeaFill }
func (Drawing) Border() string { return Border }
func (Drawing) Ink() string    { return MarkStroke }
func (Drawing) Paper() string  { return SymbolFill }
func (Drawing) Pale() string   { return LandFill }
