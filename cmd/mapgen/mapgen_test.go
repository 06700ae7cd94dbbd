package main

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// tiny is two squares side by side, sharing arc 0, quantized with a scale of
// 0.5 and a translation of 10°E 20°N, so the left square spans 10–11°E and
// the right 11–12°E, 20–21°N. The right one is a MultiPolygon that uses the
// shared arc reversed.
const tiny = `{
  "type": "Topology",
  "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
  "objects": {"countries": {"type": "GeometryCollection", "geometries": [
    {"type": "Polygon", "id": "250", "properties": {"name": "West"}, "arcs": [[0, 1]]},
    {"type": "MultiPolygon", "id": "276", "properties": {"name": "East"}, "arcs": [[[-1, 2]]]},
    {"type": null, "id": "999", "properties": {"name": "Nothing"}}
  ]}},
  "arcs": [
    [[2, 0], [0, 2]],
    [[2, 2], [-2, 0], [0, -2], [2, 0]],
    [[2, 0], [2, 0], [0, 2], [-2, 0]]
  ]
}`

func TestDecode(t *testing.T) {
	topo, err := decode([]byte(tiny))
	if err != nil {
		t.Fatal(err)
	}
	if have, want := topo.Arcs[1], []pt{{11, 21}, {10, 21}, {10, 20}, {11, 20}}; !reflect.DeepEqual(have, want) {
		t.Errorf("arc 1: have %v, want %v", have, want)
	}
	if len(topo.Geometries) != 2 {
		t.Fatalf("have %d geometries, want 2 (a null geometry is skipped)", len(topo.Geometries))
	}
	west, east := topo.Geometries[0], topo.Geometries[1]
	if west.ID != "250" || west.Name != "West" || !reflect.DeepEqual(west.Polygons, [][][]int{{{0, 1}}}) {
		t.Errorf("west: %+v", west)
	}
	if !reflect.DeepEqual(east.Polygons, [][][]int{{{-1, 2}}}) {
		t.Errorf("east: %+v", east)
	}
	// A reversed arc is walked backwards; each arc's first point repeats the
	// last one's end and is kept once.
	if have, want := ring(topo.Arcs, east.Polygons[0][0]), []pt{{11, 21}, {11, 20}, {12, 20}, {12, 21}, {11, 21}}; !reflect.DeepEqual(have, want) {
		t.Errorf("east ring: have %v, want %v", have, want)
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, src := range []string{
		`{"type": "FeatureCollection"}`,
		`{"type": "Topology", "objects": {}}`,
		`{"type": "Topology", "objects": {"countries": {"geometries": [{"type": "Polygon", "arcs": [[5]]}]}}, "arcs": [[[0, 0], [1, 1]]]}`,
		`{"type": "Topology", "objects": {"countries": {"geometries": []}}, "arcs": [[[0, 0]]]}`,
	} {
		if _, err := decode([]byte(src)); err == nil {
			t.Errorf("decode(%s): no error", src)
		}
	}
}

func TestMerge(t *testing.T) {
	topo, err := decode([]byte(tiny))
	if err != nil {
		t.Fatal(err)
	}
	// The shared arc, used both ways, goes; the rest is one ring.
	have, err := merge(topo.Arcs, [][]int{{0, 1}, {-1, 2}})
	if want := [][]int{{1, 2}}; err != nil || !reflect.DeepEqual(have, want) {
		t.Errorf("merge: have %v, %v, want %v", have, err, want)
	}
	// Rings that share nothing come out as they went in.
	have, err = merge(topo.Arcs, [][]int{{0, 1}})
	if want := [][]int{{0, 1}}; err != nil || !reflect.DeepEqual(have, want) {
		t.Errorf("merge one: have %v, %v, want %v", have, err, want)
	}
}

func TestProjection(t *testing.T) {
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if x, y := laea(15, 52, 15, 52); !near(x, 0) || !near(y, 0) {
		t.Errorf("centre: %g, %g", x, y)
	}
	// Distance from the centre is 2 sin(c/2) for a point c away on the
	// sphere: the pole is 38° from 52°N, straight up.
	if x, y := laea(100, 90, 15, 52); !near(x, 0) || !near(y, 2*math.Sin(19*math.Pi/180)) {
		t.Errorf("pole: %g, %g", x, y)
	}
	if x, y := laea(90, 0, 0, 0); !near(x, math.Sqrt2) || !near(y, 0) {
		t.Errorf("90°E from 0°E 0°N: %g, %g", x, y)
	}
	// In the viewBox, east is right and north is up (y smaller): nothing
	// mirrored.
	c := europe
	paris, berlin, oslo := c.project(2.35, 48.86), c.project(13.4, 52.52), c.project(10.75, 59.91)
	if !(paris.X < berlin.X && oslo.Y < berlin.Y) {
		t.Errorf("Paris %v, Berlin %v, Oslo %v: the map is mirrored", paris, berlin, oslo)
	}
	for _, p := range []pt{paris, berlin, oslo, c.project(30.5, 50.45), c.project(-21.9, 64.1), c.project(49.9, 40.4)} {
		if p.X < 0 || p.Y < 0 || p.X > float64(c.Width) || p.Y > float64(c.Height()) {
			t.Errorf("%v is outside the frame", p)
		}
	}
	if c.Height() != 800 {
		t.Errorf("height %d, want 800", c.Height())
	}
}

func TestSimplify(t *testing.T) {
	line := []pt{{0, 0}, {1, 0.1}, {2, 0}, {3, 5}, {4, 0}}
	have := simplify(line, 0.5)
	if want := []pt{{0, 0}, {2, 0}, {3, 5}, {4, 0}}; !reflect.DeepEqual(have, want) {
		t.Errorf("have %v, want %v", have, want)
	}
	// A closed arc keeps its farthest point and so stays a shape.
	closed := []pt{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}
	if have := simplify(closed, 0.5); len(have) < 4 {
		t.Errorf("closed arc simplified to %v", have)
	}
}

func TestClipAndRound(t *testing.T) {
	square := []pt{{-5, -5}, {5, -5}, {5, 5}, {-5, 5}}
	have := round(clipRect(square, 0, 0, 10, 10))
	if want := []ipt{{0, 0}, {5, 0}, {5, 5}, {0, 5}}; !sameRing(have, want) {
		t.Errorf("clipped: have %v, want %v", have, want)
	}
	if have := clipRect(square, 20, 20, 30, 30); len(have) != 0 {
		t.Errorf("outside: have %v", have)
	}
	// Rounding drops repeats and points on a straight line.
	have = round([]pt{{0, 0}, {0.2, 0}, {2, 0}, {4, 0.1}, {4, 4}, {0, 4}, {0, 0}})
	if want := []ipt{{0, 0}, {4, 0}, {4, 4}, {0, 4}}; !sameRing(have, want) {
		t.Errorf("rounded: have %v, want %v", have, want)
	}
}

// sameRing compares rings regardless of where they start.
func sameRing(a, b []ipt) bool {
	if len(a) != len(b) {
		return false
	}
	for s := range a {
		if reflect.DeepEqual(append(a[s:len(a):len(a)], a[:s]...), b) {
			return true
		}
	}
	return false
}

func tinyConfig() config {
	return config{
		Lon0: 11, Lat0: 20.5,
		X0: -0.02, Y0: -0.02, X1: 0.02, Y1: 0.02,
		Width: 100, Tolerance: 0.3, MinArea: 1,
		Window:  [4]float64{0, 0, 40, 40},
		Codes:   map[string]string{"250": "FR", "276": "DE"},
		OffMap:  []string{"US"},
		Comment: "test",
	}
}

func TestConvert(t *testing.T) {
	topo, err := decode([]byte(tiny))
	if err != nil {
		t.Fatal(err)
	}
	c := tinyConfig()
	countries, err := convert(topo, c)
	if err != nil {
		t.Fatal(err)
	}
	out := string(format(countries, c))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 5 || lines[0] != "# test" || lines[1] != "size 100 100" ||
		!strings.HasPrefix(lines[2], "DE M") || !strings.HasPrefix(lines[3], "FR M") || lines[4] != "US" {
		t.Fatalf("output:\n%s", out)
	}
	// Each square is about 1° (1.75 units of a 0.04-radian, 100-unit frame,
	// times 43.6); West lies west of East and they share a border.
	de, fr := countries[0].Rings[0], countries[1].Rings[0]
	if len(de) != 4 || len(fr) != 4 {
		t.Fatalf("rings: DE %v, FR %v", de, fr)
	}
	minX := func(r []ipt) int {
		m := r[0].X
		for _, p := range r {
			m = min(m, p.X)
		}
		return m
	}
	if minX(fr) >= minX(de) {
		t.Errorf("FR %v is not west of DE %v", fr, de)
	}
	shared := 0
	for _, p := range fr {
		for _, q := range de {
			if p == q {
				shared++
			}
		}
	}
	if shared != 2 {
		t.Errorf("FR %v and DE %v share %d corners, want 2", fr, de, shared)
	}
	if again := string(format(must(convert(topo, c)), c)); again != out {
		t.Errorf("not deterministic:\n%s\n%s", out, again)
	}
}

func TestConvertMove(t *testing.T) {
	topo, err := decode([]byte(tiny))
	if err != nil {
		t.Fatal(err)
	}
	c := tinyConfig()
	c.Moves = []move{{From: "DE", To: "FR", Lon: 11.5, Lat: 20.5, What: "the east"}}
	countries, err := convert(topo, c)
	if err != nil {
		t.Fatal(err)
	}
	// East's square joins West's, and their border goes: one rectangle.
	if len(countries) != 2 || countries[0].Code != "FR" || len(countries[0].Rings) != 1 || len(countries[0].Rings[0]) != 4 {
		t.Errorf("have %+v, want FR as one rectangle and US", countries)
	}

	c.Moves[0].Lon = 30
	if _, err := convert(topo, c); err == nil || !strings.Contains(err.Error(), "moving the east") {
		t.Errorf("a move that finds nothing: %v", err)
	}
}

func TestConvertUnknownCode(t *testing.T) {
	topo, err := decode([]byte(tiny))
	if err != nil {
		t.Fatal(err)
	}
	c := tinyConfig()
	delete(c.Codes, "276")
	if _, err := convert(topo, c); err == nil || !strings.Contains(err.Error(), `East (id "276")`) {
		t.Errorf("a country in the frame without a code: %v", err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
