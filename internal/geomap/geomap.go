// Package geomap lays out the map of Europe and its neighbours on which each
// country of the briefing is shaded by its strongest commitment, drawn as
// inline SVG: no script, no chart library, no colours of its own. This
// package works out what is drawn and where (Map.Draw returns a Drawing);
// the template "map" of templates/charts.html writes the markup, so
// html/template escapes every name and link like the rest of the page.
//
// The outlines are Natural Earth's (public domain), converted once by
// cmd/mapgen into europe.txt, which is embedded: after comment lines that
// start with "#", a line "size W H" gives the viewBox, then each country has
// a line of its ISO 3166-1 alpha-2 code, a space and an SVG path (an absolute
// moveto, relative linetos and a close for each ring; rings are filled
// even-odd, so holes need no winding of their own). A code alone is a
// country known to lie off the map.
//
// A Drawing has: the countries that are not in the briefing, as land; each
// country of the briefing on the map, a link to its page, with the class of
// its strongest status (Class, "status-<id>", or "status-none" without a
// pledge) and that status's symbol on it, so colour is never the only cue;
// Russia hatched and Ukraine outlined on top, both labelled by name; and an
// inset listing the countries of the briefing that lie off the map. Russia's
// and Ukraine's outlines are drawn twice and so are defined once (Defs), with
// the ids "map-shape-ru" and "map-shape-ua". The template gives every other
// id a "map-" prefix too, so there must be one map a page.
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

// Whatever the briefing says about them, Ukraine and Russia are marked:
// the country the guarantees are for, and the one they are against.
const (
	ukraine = "UA"
	russia  = "RU"
)

// Sizes of text, in viewBox units.
const (
	labelSize   = 20
	symbolSize  = 16
	captionSize = 15
)

// Drawing is the map laid out for one page: what the template "map" draws.
// Coordinates are in the units of the viewBox, 0 0 Width Height.
type Drawing struct {
	Width, Height int
	Desc          string    // the map in words: a sentence a country
	Defs          []Shape   // outlines drawn more than once, by reference: Russia's and Ukraine's
	Land          []Shape   // the countries that are not in the briefing
	Countries     []Country // the countries of the briefing that the map covers
	Hatched       string    // the id in Defs of the outline hatched on top (Russia's); "" if not drawn
	Outlined      string    // the id in Defs of the outline drawn on top (Ukraine's); "" if not drawn
	Labels        []Text    // the names of Ukraine and Russia
	Inset         *Inset    // the countries of the briefing off the map; nil when there are none
}

// Shape is a country's outline: a path, or a use of a path in Defs.
type Shape struct {
	ID    string // in Defs, the path's id ("map-shape-ua")
	Class string // "status-<id>", "status-none", or "" for none
	D     string // the path data, as europe.txt has it; "" for a use
	Use   string // the id of the path in Defs drawn instead of D
}

// Country is a country of the briefing on the map, a link to its page.
type Country struct {
	Href   string
	Title  string // "France: Announced": its name and strongest status
	Shape  Shape  // of its strongest status's class
	Symbol *Text  // its strongest status's symbol; nil when the status has none or the country is labelled
}

// Text is one line of text at X, Y: the middle of a symbol or label, the
// start of a caption's baseline. X and Y are formatted here, to a tenth of
// a unit at most, so the SVG is short and the same on every platform. Size
// is the font size.
type Text struct {
	Text string
	X, Y string
	Size int
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

// Draw lays out the map for a page whose way back to the site root is root
// ("../../"). Each country of the briefing that the map covers is a link to
// its page, shaded by its strongest status; countries that are not drawn
// (the United States) are listed in an inset. The result depends only on
// its arguments.
func (m *Map) Draw(countries []*site.Country, root string) Drawing {
	on, off, inSite := m.place(countries)
	d := Drawing{Width: m.width, Height: m.height, Desc: description(on, off)}
	// Ukraine and Russia are drawn twice, once as countries and once on
	// top, so their paths are defined once and used by reference.
	for _, code := range []string{russia, ukraine} {
		if s := m.shapes[code]; s != nil {
			d.Defs = append(d.Defs, Shape{ID: shapeID(code), D: s.d})
		}
	}
	for _, code := range m.codes {
		if m.Has(code) && inSite[code] == nil {
			d.Land = append(d.Land, m.shape(code, ""))
		}
	}
	// Countries of the briefing are drawn once, over the land: their own
	// shape is their land.
	for _, c := range on {
		d.Countries = append(d.Countries, m.country(c, root))
	}
	if m.Has(russia) {
		d.Hatched = shapeID(russia)
	}
	if m.Has(ukraine) {
		d.Outlined = shapeID(ukraine)
	}
	d.Labels = m.labels(inSite)
	if len(off) > 0 {
		d.Inset = m.inset(off, root)
	}
	return d
}

// place sorts the countries of the briefing into those the map draws and
// those it does not, and indexes them by code. Groups are neither.
func (m *Map) place(countries []*site.Country) (on, off []*site.Country, inSite map[string]*site.Country) {
	inSite = map[string]*site.Country{}
	for _, c := range countries {
		if c.Group {
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
// strongest status, with the status's symbol on it unless it is labelled.
func (m *Map) country(c *site.Country, root string) Country {
	st := c.Strongest()
	out := Country{Href: content.Href(root, c.URL()), Title: c.Name + ": " + statusLabel(st), Shape: m.shape(c.Code, statusClass(st))}
	if st != nil && st.Symbol != "" && c.Code != ukraine && c.Code != russia {
		p := labelPoint(m.shapes[c.Code].rings)
		out.Symbol = &Text{Text: st.Symbol, X: num(p.x), Y: num(p.y), Size: symbolSize}
	}
	return out
}

// labels names Ukraine and Russia, with their symbols when they are in the
// briefing.
func (m *Map) labels(inSite map[string]*site.Country) []Text {
	var labels []Text
	for _, code := range []string{ukraine, russia} {
		if !m.Has(code) {
			continue
		}
		text := map[string]string{ukraine: "Ukraine", russia: "Russia"}[code]
		if c := inSite[code]; c != nil {
			text = c.Name
			if st := c.Strongest(); st != nil && st.Symbol != "" {
				text = st.Symbol + " " + text
			}
		}
		p := labelPoint(m.shapes[code].rings)
		labels = append(labels, Text{Text: text, X: num(p.x), Y: num(p.y), Size: labelSize})
	}
	return labels
}

// inset lists the countries that lie off the map in a box in the bottom
// left corner, over North Africa's Atlantic coast, each a link to its page.
func (m *Map) inset(off []*site.Country, root string) *Inset {
	const pad, lead = 8, captionSize * 3 / 2
	heading := "Off the map:"
	lines := make([]string, len(off))
	for i, c := range off {
		lines[i] = c.Name + " — " + statusLabel(c.Strongest())
		if st := c.Strongest(); st != nil && st.Symbol != "" {
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

// description is the map's text alternative, a sentence for each country.
func description(on, off []*site.Country) string {
	var parts []string
	parts = append(parts, "Europe and its neighbours, each country of the briefing shaded by the status of its most advanced pledge.")
	for _, c := range on {
		parts = append(parts, c.Name+": "+statusLabel(c.Strongest())+".")
	}
	for _, c := range off {
		parts = append(parts, "Off the map, "+c.Name+": "+statusLabel(c.Strongest())+".")
	}
	parts = append(parts, "Ukraine is outlined and Russia hatched. The matrix lists every pledge.")
	return strings.Join(parts, " ")
}

// shape is a country's path, or for Ukraine and Russia a use of it.
func (m *Map) shape(code, class string) Shape {
	if code == ukraine || code == russia {
		return Shape{Class: class, Use: shapeID(code)}
	}
	return Shape{Class: class, D: m.shapes[code].d}
}

func shapeID(code string) string { return "map-shape-" + strings.ToLower(code) }

func statusClass(st *dataset.Term) string {
	if st == nil {
		return "status-none"
	}
	return "status-" + st.ID
}

func statusLabel(st *dataset.Term) string {
	if st == nil {
		return "no pledge reported"
	}
	return st.Label
}

// num writes a coordinate to a tenth of a unit.
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
}
