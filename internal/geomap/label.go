package geomap

import "math"

// labelPoint is where a country's name or symbol goes: the point of its
// largest ring farthest from the ring's edges, found on a grid refined three
// times (polylabel's idea, without its priority queue, which a few rings do
// not need). A point far from the edges is inside even a crescent, like
// Croatia, where the centre of the box around it is not.
func labelPoint(rings [][]point) point {
	r := rings[0]
	for _, q := range rings[1:] {
		if math.Abs(area(q)) > math.Abs(area(r)) {
			r = q
		}
	}
	x0, y0, x1, y1 := r[0].x, r[0].y, r[0].x, r[0].y
	for _, p := range r {
		x0, y0, x1, y1 = math.Min(x0, p.x), math.Min(y0, p.y), math.Max(x1, p.x), math.Max(y1, p.y)
	}
	best, bestD := point{(x0 + x1) / 2, (y0 + y1) / 2}, -1.0
	const n = 24
	step := math.Max(x1-x0, y1-y0) / n
	for range 4 {
		for y := y0 + step/2; y < y1; y += step {
			for x := x0 + step/2; x < x1; x += step {
				p := point{x, y}
				if !contains(r, p) {
					continue
				}
				if d := edgeDist(r, p); d > bestD {
					best, bestD = p, d
				}
			}
		}
		x0, y0, x1, y1 = best.x-step, best.y-step, best.x+step, best.y+step
		step /= n / 4
	}
	return best
}

// area is a ring's signed area.
func area(r []point) float64 {
	s := 0.0
	for i, p := range r {
		q := r[(i+1)%len(r)]
		s += p.x*q.y - q.x*p.y
	}
	return s / 2
}

// contains reports whether p is inside ring r (even-odd).
func contains(r []point, p point) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a.y > p.y) != (b.y > p.y) && p.x < (b.x-a.x)*(p.y-a.y)/(b.y-a.y)+a.x {
			in = !in
		}
	}
	return in
}

// edgeDist is the distance from p to the nearest edge of ring r.
func edgeDist(r []point, p point) float64 {
	d := math.Inf(1)
	for i, a := range r {
		b := r[(i+1)%len(r)]
		dx, dy := b.x-a.x, b.y-a.y
		t := 0.0
		if l := dx*dx + dy*dy; l > 0 {
			t = math.Max(0, math.Min(1, ((p.x-a.x)*dx+(p.y-a.y)*dy)/l))
		}
		d = math.Min(d, math.Hypot(p.x-(a.x+t*dx), p.y-(a.y+t*dy)))
	}
	return d
}
