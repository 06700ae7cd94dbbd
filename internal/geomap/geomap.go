// Package geomap draws the map of Europe and its neighbours on which each
// country of the briefing is shaded by its strongest commitment, as inline
// SVG: no script, no chart library, no colours of its own.
//
// The outlines are Natural Earth's (public domain), converted once by
// cmd/mapgen into europe.txt, which is embedded: after comment lines that
// start with "#", a line "size W H" gives the viewBox, then each country has
// a line of its ISO 3166-1 alpha-2 code, a space and an SVG path (an absolute
// moveto, relative linetos and a close for each ring; rings are filled
// even-odd, so holes need no winding of their own). A code alone is a
// country known to lie off the map.
//
// The SVG sets no colours: the site's stylesheet paints it through these
// classes, so light and dark themes both work.
//
//	map            the <svg>
//	map-sea        the background
//	map-land       the group of countries that are not in the briefing
//	status-<id>    a country of the briefing, by its strongest status; status-none without a pledge
//	map-symbol     the status's symbol on a country, so colour is never the only cue
//	map-russia     Russia again on top, filled with the pattern map-hatch, whose lines are map-hatch-line
//	map-ukraine    Ukraine's outline on top (fill none)
//	map-label      the names "Ukraine" and "Russia"
//	map-inset      the box listing countries of the briefing that lie off the map; its text is map-caption
//
// Every id in the SVG starts with "map-", so there must be one map a page.
package geomap

import (
	_ "embed"
	"errors"
	"fmt"
	"html"
	"html/template"
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

// SVG draws the map for a page whose way back to the site root is root
// ("../../"). Each country of the briefing that the map covers is a link to
// its page, shaded by its strongest status; countries that are not drawn
// (the United States) are listed in an inset. The output depends only on its
// arguments.
func (m *Map) SVG(countries []*site.Country, root string) template.HTML {
	var on, off []*site.Country
	inSite := map[string]*site.Country{}
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

	var b strings.Builder
	// role="group", not "img": an image hides its children, and the country
	// links must stay reachable with a screen reader.
	fmt.Fprintf(&b, `<svg class="map" viewBox="0 0 %d %d" role="group" aria-labelledby="map-title map-desc" fill-rule="evenodd">`, m.width, m.height)
	b.WriteString(`<title id="map-title">Map: each country’s strongest commitment</title>`)
	b.WriteString(`<desc id="map-desc">`)
	b.WriteString(html.EscapeString(m.description(on, off)))
	b.WriteString(`</desc>`)

	// Ukraine and Russia are drawn twice, once as countries and once on
	// top, so their paths are defined once and used by reference.
	b.WriteString(`<defs><pattern id="map-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><path class="map-hatch-line" d="M0 0v6"/></pattern>`)
	for _, code := range []string{russia, ukraine} {
		if s := m.shapes[code]; s != nil {
			fmt.Fprintf(&b, `<path id="%s" d="%s"/>`, shapeID(code), s.d)
		}
	}
	b.WriteString(`</defs>`)
	fmt.Fprintf(&b, `<rect class="map-sea" width="%d" height="%d"/>`, m.width, m.height)

	b.WriteString(`<g class="map-land">`)
	for _, code := range m.codes {
		if s := m.shapes[code]; s != nil && inSite[code] == nil {
			b.WriteString(m.shape(code, ""))
		}
	}
	b.WriteString(`</g>`)

	// Countries of the briefing are drawn once, over the land: their own
	// shape is their land.
	for _, c := range on {
		st := c.Strongest()
		fmt.Fprintf(&b, `<a href="%s"><title>%s</title>%s`, html.EscapeString(content.Href(root, c.URL())), html.EscapeString(c.Name+": "+statusLabel(st)), m.shape(c.Code, statusClass(st)))
		if st != nil && st.Symbol != "" && c.Code != ukraine && c.Code != russia {
			p := labelPoint(m.shapes[c.Code].rings)
			fmt.Fprintf(&b, `<text class="map-symbol" x="%s" y="%s" font-size="%d" text-anchor="middle" dominant-baseline="central">%s</text>`, num(p.x), num(p.y), symbolSize, html.EscapeString(st.Symbol))
		}
		b.WriteString(`</a>`)
	}

	// The marks on top let clicks through to the links beneath.
	if m.Has(russia) {
		fmt.Fprintf(&b, `<use href="#%s" class="map-russia" fill="url(#map-hatch)" pointer-events="none"/>`, shapeID(russia))
	}
	if m.Has(ukraine) {
		fmt.Fprintf(&b, `<use href="#%s" class="map-ukraine" fill="none" pointer-events="none"/>`, shapeID(ukraine))
	}
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
		fmt.Fprintf(&b, `<text class="map-label" x="%s" y="%s" font-size="%d" text-anchor="middle" dominant-baseline="central" pointer-events="none">%s</text>`, num(p.x), num(p.y), labelSize, html.EscapeString(text))
	}

	if len(off) > 0 {
		m.inset(&b, off, root)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// inset lists the countries that lie off the map in a box in the bottom
// left corner, over North Africa's Atlantic coast, each a link to its page.
func (m *Map) inset(b *strings.Builder, off []*site.Country, root string) {
	const pad, lead = 8, captionSize * 3 / 2
	lines := []string{"Off the map:"}
	for _, c := range off {
		line := c.Name + " — " + statusLabel(c.Strongest())
		if st := c.Strongest(); st != nil && st.Symbol != "" {
			line = st.Symbol + " " + line
		}
		lines = append(lines, line)
	}
	// The box is sized without measuring text, which SVG cannot do: at
	// 0.6 em a character it is wide enough for the usual sans-serif fonts.
	wide := 0
	for _, l := range lines {
		wide = max(wide, utf8.RuneCountInString(l))
	}
	w := int(math.Ceil(float64(wide)*0.6*captionSize)) + 2*pad
	h := len(lines)*lead + pad
	y := m.height - h
	fmt.Fprintf(b, `<g class="map-inset"><rect x="0" y="%d" width="%d" height="%d"/>`, y, w, h)
	for i, l := range lines {
		text := fmt.Sprintf(`<text class="map-caption" x="%d" y="%d" font-size="%d">%s</text>`, pad, y+(i+1)*lead-pad/2, captionSize, html.EscapeString(l))
		if i > 0 {
			text = fmt.Sprintf(`<a href="%s">%s</a>`, html.EscapeString(content.Href(root, off[i-1].URL())), text)
		}
		b.WriteString(text)
	}
	b.WriteString(`</g>`)
}

// description is the map's text alternative, a sentence for each country.
func (m *Map) description(on, off []*site.Country) string {
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
func (m *Map) shape(code, class string) string {
	attr := ""
	if class != "" {
		attr = ` class="` + class + `"`
	}
	if code == ukraine || code == russia {
		return fmt.Sprintf(`<use href="#%s"%s/>`, shapeID(code), attr)
	}
	return fmt.Sprintf(`<path%s d="%s"/>`, attr, m.shapes[code].d)
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
