package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// topology is a decoded TopoJSON topology: its arcs in longitude and latitude,
// and the geometries of its "countries" object.
type topology struct {
	Arcs       [][]pt // x is longitude, y latitude, in degrees
	Geometries []geometry
}

// geometry is one country: polygons of rings of arc references. A reference
// i >= 0 is arc i; a negative one, ^i (written ~i in the TopoJSON
// specification), is arc i reversed.
type geometry struct {
	ID, Name string
	Polygons [][][]int
}

type pt struct{ X, Y float64 }

// decode reads a TopoJSON topology with a "countries" object, as world-atlas
// writes it: quantized (a transform, and arcs whose positions after the first
// are deltas) or not.
func decode(src []byte) (*topology, error) {
	var raw struct {
		Type      string
		Transform *struct{ Scale, Translate [2]float64 }
		Objects   map[string]struct {
			Type       string
			Geometries []struct {
				Type       string
				ID         json.RawMessage
				Properties struct{ Name string }
				Arcs       json.RawMessage
			}
		}
		Arcs [][][]float64
	}
	if err := json.Unmarshal(src, &raw); err != nil {
		return nil, err
	}
	if raw.Type != "Topology" {
		return nil, fmt.Errorf("type %q, want Topology", raw.Type)
	}
	obj, ok := raw.Objects["countries"]
	if !ok {
		return nil, errors.New(`no "countries" object`)
	}

	t := &topology{Arcs: make([][]pt, len(raw.Arcs))}
	for i, arc := range raw.Arcs {
		pts := make([]pt, len(arc))
		var x, y float64
		for j, p := range arc {
			if len(p) < 2 {
				return nil, fmt.Errorf("arc %d: position %d has %d coordinates", i, j, len(p))
			}
			if tr := raw.Transform; tr != nil {
				x, y = x+p[0], y+p[1] // deltas of whole quantized steps: exact in float64
				pts[j] = pt{x*tr.Scale[0] + tr.Translate[0], y*tr.Scale[1] + tr.Translate[1]}
			} else {
				pts[j] = pt{p[0], p[1]}
			}
		}
		if len(pts) < 2 {
			return nil, fmt.Errorf("arc %d has %d positions", i, len(pts))
		}
		t.Arcs[i] = pts
	}

	for i, g := range obj.Geometries {
		geo := geometry{ID: id(g.ID), Name: g.Properties.Name}
		var err error
		switch g.Type {
		case "Polygon":
			var p [][]int
			err = json.Unmarshal(g.Arcs, &p)
			geo.Polygons = [][][]int{p}
		case "MultiPolygon":
			err = json.Unmarshal(g.Arcs, &geo.Polygons)
		default:
			continue // points and lines have no area; null geometries nothing
		}
		if err != nil {
			return nil, fmt.Errorf("countries geometry %d (%s): %w", i, geo.Name, err)
		}
		for _, poly := range geo.Polygons {
			for _, ring := range poly {
				for _, ref := range ring {
					if a := arcIndex(ref); a >= len(t.Arcs) {
						return nil, fmt.Errorf("countries geometry %d (%s): arc %d out of range", i, geo.Name, a)
					}
				}
			}
		}
		t.Geometries = append(t.Geometries, geo)
	}
	return t, nil
}

// id reads a geometry's id, a string in world-atlas but a number in some
// other topologies.
func id(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

func arcIndex(ref int) int {
	if ref < 0 {
		return ^ref
	}
	return ref
}

// ring joins the arcs of a ring, in order: each arc starts where the last
// one ended, so the shared position is kept once. arcs are the topology's
// arcs, or the same arcs projected and simplified.
func ring(arcs [][]pt, refs []int) []pt {
	var out []pt
	for _, ref := range refs {
		a := arcs[arcIndex(ref)]
		n := len(a)
		for k := range n {
			if len(out) > 0 && k == 0 {
				continue
			}
			if ref < 0 {
				out = append(out, a[n-1-k])
			} else {
				out = append(out, a[k])
			}
		}
	}
	return out
}

// merge joins rings that share borders, as when one geometry is added to
// another: an arc used in both directions is an inner border and is dropped,
// and the arcs left are chained into rings again. Each arc is followed, where
// it can be, by the one it followed before, so rings untouched by the merge
// come out as they went in. All rings go into one path, filled even-odd, so
// which are outer and which are holes need not be worked out.
func merge(arcs [][]pt, rings [][]int) ([][]int, error) {
	used := map[int]int{}
	for _, r := range rings {
		for _, ref := range r {
			used[ref]++
		}
	}
	start := func(ref int) pt {
		a := arcs[arcIndex(ref)]
		if ref < 0 {
			return a[len(a)-1]
		}
		return a[0]
	}
	end := func(ref int) pt { return start(^ref) }

	type slot struct{ ring, pos int }
	var order []slot       // the arcs kept, in the order they came
	next := map[int]int{}  // the arc each came before
	from := map[pt][]int{} // arcs kept, by where they start
	for i, r := range rings {
		for k, ref := range r {
			if used[^ref] > 0 {
				continue
			}
			order = append(order, slot{i, k})
			next[ref] = r[(k+1)%len(r)]
			from[start(ref)] = append(from[start(ref)], ref)
		}
	}

	done := map[int]bool{}
	var out [][]int
	for _, s := range order {
		first := rings[s.ring][s.pos]
		if done[first] {
			continue
		}
		var r []int
		for ref := first; ; {
			r = append(r, ref)
			done[ref] = true
			at := end(ref)
			if at == start(first) {
				break
			}
			cands := from[at]
			ref = 0
			found := false
			for _, c := range cands {
				if !done[c] && (!found || c == next[r[len(r)-1]]) {
					ref, found = c, true
				}
			}
			if !found {
				return nil, fmt.Errorf("merging rings: nothing continues arc %d at %v", r[len(r)-1], at)
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// parseCode checks an ISO 3166-1 alpha-2 code as the site writes it.
func parseCode(s string) error {
	if len(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' {
		return fmt.Errorf("code %s is not two capital letters", strconv.Quote(s))
	}
	return nil
}
