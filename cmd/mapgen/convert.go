package main

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// config is what to draw and how.
type config struct {
	Lon0, Lat0     float64 // the projection's centre, degrees
	X0, Y0, X1, Y1 float64 // the frame on the projection plane, Earth radii, y north
	Width          int     // of the viewBox
	Tolerance      float64 // Douglas–Peucker, viewBox units
	MinArea        float64 // smaller rings are dropped, square viewBox units
	Window         [4]float64
	Codes          map[string]string // ISO 3166-1 numeric to alpha-2
	Names          map[string]string // alpha-2 for geometries with no id, by name
	OffMap         []string          // countries written with no path
	Moves          []move
	Comment        string
}

// move gives the polygon of one country that contains a point to another.
type move struct {
	From, To string
	Lon, Lat float64
	What     string
}

// Height is the viewBox's height, in proportion to the frame.
func (c config) Height() int {
	return int(math.Round(float64(c.Width) * (c.Y1 - c.Y0) / (c.X1 - c.X0)))
}

// country is one line of the output.
type country struct {
	Code  string
	Rings [][]ipt
}

type ipt struct{ X, Y int }

// convert projects, simplifies, clips and rounds every country that reaches
// the frame. Its result is sorted by code.
func convert(t *topology, c config) ([]country, error) {
	var errs []error
	codes := slices.Concat(slices.Collect(maps.Values(c.Codes)), slices.Collect(maps.Values(c.Names)), c.OffMap)
	slices.Sort(codes)
	for _, code := range codes {
		if err := parseCode(code); err != nil {
			errs = append(errs, err)
		}
	}

	// Each arc is projected and simplified once, so that the countries on
	// either side of a border keep the same line.
	proj := make([][]pt, len(t.Arcs))
	for i, a := range t.Arcs {
		p := make([]pt, len(a))
		for j, q := range a {
			p[j] = c.project(q.X, q.Y)
		}
		proj[i] = simplify(p, c.Tolerance)
	}

	// The polygons of each code, and how many pieces went into them.
	polys := map[string][][][]int{}
	pieces := map[string]int{}
	moved := make([]int, len(c.Moves))
	for _, g := range t.Geometries {
		code := c.Codes[g.ID]
		if g.ID == "" || g.ID == "-99" {
			code = c.Names[g.Name]
		}
		var kept [][][]int
		for _, poly := range g.Polygons {
			if !c.inWindow(ring(t.Arcs, poly[0])) {
				continue
			}
			to := code
			for i, m := range c.Moves {
				if m.From == code && contains(ring(t.Arcs, poly[0]), pt{m.Lon, m.Lat}) {
					to = m.To
					pieces[to]++
					moved[i]++
				}
			}
			if to == code {
				kept = append(kept, poly)
			} else {
				polys[to] = append(polys[to], poly)
			}
		}
		if len(kept) == 0 {
			continue
		}
		if code == "" {
			if len(c.clip(kept, proj)) > 0 {
				errs = append(errs, fmt.Errorf("%s (id %q) reaches the frame but has no alpha-2 code: add it to the table in codes.go", g.Name, g.ID))
			}
			continue
		}
		polys[code] = append(polys[code], kept...)
		pieces[code]++
	}
	for i, m := range c.Moves {
		if moved[i] != 1 {
			errs = append(errs, fmt.Errorf("moving %s from %s to %s: %d polygons of %s contain %g°E %g°N, want 1", m.What, m.From, m.To, moved[i], m.From, m.Lon, m.Lat))
		}
	}

	var out []country
	for _, code := range slices.Sorted(maps.Keys(polys)) {
		ps := polys[code]
		if pieces[code] > 1 {
			var rings [][]int
			for _, p := range ps {
				rings = append(rings, p...)
			}
			merged, err := merge(t.Arcs, rings)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", code, err))
				continue
			}
			ps = [][][]int{merged}
		}
		if rings := c.clip(ps, proj); len(rings) > 0 {
			out = append(out, country{code, rings})
		}
	}
	for _, code := range c.OffMap {
		if slices.ContainsFunc(out, func(k country) bool { return k.Code == code }) {
			errs = append(errs, fmt.Errorf("%s is listed as off the map but reaches the frame", code))
			continue
		}
		out = append(out, country{Code: code})
	}
	slices.SortFunc(out, func(a, b country) int { return strings.Compare(a.Code, b.Code) })
	return out, errors.Join(errs...)
}

// clip joins the projected arcs of polygons into rings, clips them to the
// frame and rounds them. Rings too small to see are dropped; a country all
// of whose rings are (Monaco) keeps its largest.
func (c config) clip(polys [][][]int, proj [][]pt) [][]ipt {
	// A margin outside the viewBox keeps the edges clipping makes out of
	// sight, so a country cut by the frame has no border drawn along it.
	const margin = 3
	w, h := float64(c.Width), float64(c.Height())
	var rings [][]ipt
	var areas []float64
	for _, poly := range polys {
		for _, refs := range poly {
			r := round(clipRect(ring(proj, refs), -margin, -margin, w+margin, h+margin))
			if len(r) < 3 {
				continue
			}
			rings = append(rings, r)
			areas = append(areas, math.Abs(area(r)))
		}
	}
	var kept [][]ipt
	for i, r := range rings {
		if areas[i] >= c.MinArea {
			kept = append(kept, r)
		}
	}
	if len(kept) == 0 && len(rings) > 0 {
		i := 0
		for j := range rings {
			if areas[j] > areas[i] {
				i = j
			}
		}
		if areas[i] > 0 {
			kept = append(kept, rings[i])
		}
	}
	return kept
}

// project is the Lambert azimuthal equal-area projection (Snyder, Map
// Projections: A Working Manual, p. 185) on a unit sphere, scaled and
// shifted into the viewBox, where y points down.
func (c config) project(lon, lat float64) pt {
	x, y := laea(lon, lat, c.Lon0, c.Lat0)
	s := float64(c.Width) / (c.X1 - c.X0)
	return pt{(x - c.X0) * s, (c.Y1 - y) * s}
}

func laea(lon, lat, lon0, lat0 float64) (x, y float64) {
	const rad = math.Pi / 180
	l, p, p0 := (lon-lon0)*rad, lat*rad, lat0*rad
	d := 1 + math.Sin(p0)*math.Sin(p) + math.Cos(p0)*math.Cos(p)*math.Cos(l)
	// Only the point opposite the centre, in the South Pacific, has no
	// image; the window keeps everything far from it.
	k := math.Sqrt(2 / math.Max(d, 1e-12))
	return k * math.Cos(p) * math.Sin(l), k * (math.Cos(p0)*math.Sin(p) - math.Sin(p0)*math.Cos(p)*math.Cos(l))
}

func (c config) inWindow(r []pt) bool {
	for _, p := range r {
		if p.X >= c.Window[0] && p.Y >= c.Window[1] && p.X <= c.Window[2] && p.Y <= c.Window[3] {
			return true
		}
	}
	return false
}

// contains reports whether p is inside ring r (even-odd).
func contains(r []pt, p pt) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a.Y > p.Y) != (b.Y > p.Y) && p.X < (b.X-a.X)*(p.Y-a.Y)/(b.Y-a.Y)+a.X {
			in = !in
		}
	}
	return in
}

// simplify is Douglas–Peucker: it keeps the ends of a line and, of the
// points between, those that lie farther than tol from the line kept.
// Distances are to the segment, so a closed arc (an island drawn as one
// arc, whose ends are one point) is simplified too.
func simplify(p []pt, tol float64) []pt {
	if len(p) <= 2 {
		return p
	}
	keep := make([]bool, len(p))
	keep[0], keep[len(p)-1] = true, true
	type span struct{ i, j int }
	stack := []span{{0, len(p) - 1}}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		far, at := tol, -1
		for k := s.i + 1; k < s.j; k++ {
			if d := segDist(p[k], p[s.i], p[s.j]); d > far {
				far, at = d, k
			}
		}
		if at >= 0 {
			keep[at] = true
			stack = append(stack, span{s.i, at}, span{at, s.j})
		}
	}
	var out []pt
	for k, ok := range keep {
		if ok {
			out = append(out, p[k])
		}
	}
	return out
}

func segDist(p, a, b pt) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((p.X-a.X)*dx+(p.Y-a.Y)*dy)/l))
	}
	return math.Hypot(p.X-(a.X+t*dx), p.Y-(a.Y+t*dy))
}

// clipRect is Sutherland–Hodgman against a rectangle. A concave ring cut in
// two comes out as one ring joined along the edge, which the margin hides.
func clipRect(r []pt, x0, y0, x1, y1 float64) []pt {
	edges := []struct {
		in  func(pt) bool
		cut func(a, b pt) pt
	}{
		{func(p pt) bool { return p.X >= x0 }, func(a, b pt) pt { return atX(a, b, x0) }},
		{func(p pt) bool { return p.X <= x1 }, func(a, b pt) pt { return atX(a, b, x1) }},
		{func(p pt) bool { return p.Y >= y0 }, func(a, b pt) pt { return atY(a, b, y0) }},
		{func(p pt) bool { return p.Y <= y1 }, func(a, b pt) pt { return atY(a, b, y1) }},
	}
	for _, e := range edges {
		if len(r) == 0 {
			return nil
		}
		var out []pt
		prev := r[len(r)-1]
		for _, p := range r {
			switch {
			case e.in(p) && e.in(prev):
				out = append(out, p)
			case e.in(p):
				out = append(out, e.cut(prev, p), p)
			case e.in(prev):
				out = append(out, e.cut(prev, p))
			}
			prev = p
		}
		r = out
	}
	return r
}

// atX and atY cut segment ab at a line. They order a and b first, so a
// border shared by two countries, which they walk in opposite directions,
// is cut at the same point for both.
func atX(a, b pt, x float64) pt {
	if b.X < a.X || b.X == a.X && b.Y < a.Y {
		a, b = b, a
	}
	return pt{x, a.Y + (b.Y-a.Y)*(x-a.X)/(b.X-a.X)}
}

func atY(a, b pt, y float64) pt {
	if b.Y < a.Y || b.Y == a.Y && b.X < a.X {
		a, b = b, a
	}
	return pt{a.X + (b.X-a.X)*(y-a.Y)/(b.Y-a.Y), y}
}

// round rounds a ring to whole units and drops the points rounding makes
// redundant: repeats, and points on a straight line between their
// neighbours (which also removes spikes that fold back on themselves).
func round(r []pt) []ipt {
	var out []ipt
	for _, p := range r {
		q := ipt{int(math.Round(p.X)), int(math.Round(p.Y))}
		if len(out) == 0 || q != out[len(out)-1] {
			out = append(out, q)
		}
	}
	for len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1] // the closing point: z closes the ring
	}
	for {
		n := len(out)
		if n < 3 {
			return out
		}
		var kept []ipt
		for i, p := range out {
			prev, next := out[(i+n-1)%n], out[(i+1)%n]
			if len(kept) > 0 {
				prev = kept[len(kept)-1]
			}
			if cross(prev, p, next) != 0 { // zero also when p repeats a neighbour
				kept = append(kept, p)
			}
		}
		out = kept
		if len(out) == n {
			return out
		}
	}
}

func cross(a, b, c ipt) int {
	return (b.X-a.X)*(c.Y-b.Y) - (b.Y-a.Y)*(c.X-b.X)
}

// area is the ring's signed area (the shoelace formula).
func area(r []ipt) float64 {
	s := 0
	for i, p := range r {
		q := r[(i+1)%len(r)]
		s += p.X*q.Y - q.X*p.Y
	}
	return float64(s) / 2
}

// format writes the path file: a comment, the size, then one country a line,
// its rings as SVG path data: an absolute moveto, relative linetos, close.
func format(countries []country, c config) []byte {
	var b []byte
	b = append(b, "# "...)
	b = append(b, c.Comment...)
	b = append(b, '\n')
	b = fmt.Appendf(b, "size %d %d\n", c.Width, c.Height())
	for _, k := range countries {
		b = append(b, k.Code...)
		for i, r := range k.Rings {
			if i == 0 {
				b = append(b, ' ')
			}
			b = append(b, 'M')
			b = strconv.AppendInt(b, int64(r[0].X), 10)
			b = number(b, r[0].Y)
			b = append(b, 'l')
			for j := 1; j < len(r); j++ {
				if j > 1 {
					b = number(b, r[j].X-r[j-1].X)
				} else {
					b = strconv.AppendInt(b, int64(r[j].X-r[j-1].X), 10)
				}
				b = number(b, r[j].Y-r[j-1].Y)
			}
			b = append(b, 'z')
		}
		b = append(b, '\n')
	}
	return b
}

// number appends n after another number: a minus sign separates them by
// itself, anything else needs a space.
func number(b []byte, n int) []byte {
	if n >= 0 {
		b = append(b, ' ')
	}
	return strconv.AppendInt(b, int64(n), 10)
}
