// Package chart lays out the small chart of pledges by category and status,
// drawn as inline SVG at build time: no script and no chart library in the
// browser, and a status change in the dataset recolours it on the next
// build. This package works out what is drawn and where; the template
// "chart" of templates/charts.html writes the markup, so html/template
// escapes every label like the rest of the page.
//
// ByCategory lays out a horizontal stacked bar chart with one row per
// category that has pledges, in the order given. A category with none has
// no row, since a row of zeros would draw nothing at the size of something
// (a country's chart would be mostly such rows); so that the chart still
// reads as complete, Unreported names the categories with neither a pledge
// nor a refusal in a sentence. Each row is three lines:
//
//	Ceasefire monitoring                      the category's Label
//	[███████████|▒▒▒▒▒            ]  3         the bar, then the row's total
//	◐ 2  ○ 1                                  a count per status
//
// The bar has one segment per status with at least one pledge, in the order
// of statuses (the vocabulary's). Bars share one scale: the longest row fills
// the bar area. The counts line repeats the segments in the same order as
// text, each the status's Symbol, a no-break space and the count ("◐ 2"),
// so status is never told by colour alone; counts are written beside the
// bar, not on top of colour, so their contrast depends only on the page's
// background. Each segment has a title ("Ceasefire monitoring: 2 Announced")
// that browsers show on hover.
//
// Accessibility: the chart's Title names it and its Desc states the data in
// words: "Ceasefire monitoring: 3 pledges — 1 under consideration,
// 2 announced.", then Note and Unreported. The template makes them the
// <svg>'s <title> and <desc> and names both in its aria-labelledby, so
// screen readers read them; the drawing itself is not read.
//
// Colour comes only from CSS: each segment and count has the class of its
// status (Class, "status-<id>"); the template gives only the bar's track
// fill="none", so that with no stylesheet a bar is still its true length.
//
// Layout: there is no viewBox, so nothing is scaled and text stays the size
// it is written in (labels 15px, counts 14px) on a phone as on a desktop.
// The <svg> is 100% of its container's width and its Height grows with the
// number of rows (64px each). The bar area is the left 86% of the width and
// each total follows it 8px to the right, which leaves room for three
// digits in a 288px column; horizontal positions are percentages, vertical
// ones pixels. SVG text does not wrap, so a label of more than 30 characters
// is broken at spaces into lines of at most 30 (19px apart, the row growing
// to fit): 30 characters of 15px semibold text fit the narrowest column,
// 288px on a 320px phone. Positions are strings and integers formatted as
// they are to be written (percentages with at most two decimals), so the
// output is short and the same on every platform.
//
// IDs: the chart's ID is "chart-" plus 8 hex digits of the SHA-256 of the
// title; the template gives its <title> and <desc> the ids ID+"-title" and
// ID+"-desc". Two charts on one page must therefore have different titles,
// which screen-reader users need anyway to tell them apart.
//
// Refusals (site.Pledge.Refusal) are never counted as pledges: they have no
// bar, and Note lists them apart, by category, with their countries
// ("Refusals, not counted above: Troops in Ukraine — Croatia, Czech
// Republic."; "Refusals: ..." when there is no bar above), which Desc
// repeats. A chart with no rows (only refusals, or nothing) has no drawing:
// the template writes the <svg> only when there are rows, and Note and
// Unreported under it in any case.
//
// Pledges whose category or status is not among those given are not counted
// (site.New drops such pledges already). Terms are matched by ID. The result
// depends only on the arguments.
package chart

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/humanize"
	"github.com/briefing/briefing/internal/site"
)

// Chart is the chart laid out: what the template "chart" draws.
type Chart struct {
	ID    string // the prefix of its ids; see the package doc
	Title string // names the chart
	Desc  string // states its data in words
	Note  string // the refusals, apart; empty when there are none
	// Unreported names the categories with neither a pledge nor a refusal;
	// empty when there are none.
	Unreported string
	Height     int   // in pixels; 0 without rows
	Rows       []Row // one a category with pledges
}

// Row is a category's three lines.
type Row struct {
	Label     Text      // the category's label
	Wrapped   []Line    // the label's lines when it is too long for one; nil if it fits
	Track     Box       // the bar's full length, behind the segments
	Segments  []Segment // a status with pledges each, left to right
	Total     Text      // the number of pledges, after the bar
	CountLine Text      // where the counts line goes; its Text is empty, its parts are Counts
	Counts    []Count   // a status with pledges each
}

// Text is a line of text: X as written, pixels ("0") or a percentage of
// the width ("86%"); DX a shift to the right, Y the baseline and Size the
// font size, in pixels.
type Text struct {
	Text string
	X    string
	DX   int
	Y    int
	Size int
}

// Line is one line of a wrapped label.
type Line struct {
	Text string
	X    string
	Y    int
}

// Box is a rectangle: X and Width as written, a percentage of the width
// ("17.2%") or pixels ("0"); Y and Height in pixels.
type Box struct {
	X, Width  string
	Y, Height int
}

// Segment is the part of a bar for one status.
type Segment struct {
	Box
	Class string // "status-<id>"
	Title string // "Ceasefire monitoring: 2 Announced"
}

// Count is one status's entry on the counts line.
type Count struct {
	Class string // "status-<id>"
	Text  string // "◐ 2": the symbol, a no-break space, the count
	DX    int    // the gap before it, in pixels; 0 for the first
}

// Geometry, in CSS pixels except where a percentage of the width.
const (
	rowHeight   = 64
	labelSize   = 15 // font size of labels and totals
	countSize   = 14 // font size of the counts line
	labelBase   = 15 // baseline of the label, from the row's top
	labelLine   = 19 // between the lines of a label that wraps
	labelRunes  = 30 // a longer label wraps; see the package doc
	barTop      = 22
	barHeight   = 14
	totalBase   = barTop + 12 // baseline of the total, level with the bar
	countsBase  = 53
	bottomSpace = 60 // the last row needs no gap below its counts
	barEnd      = 86 // percent of the width the bar area takes
	totalGap    = 8  // between the bar area and the total
	countGap    = 14 // space between two counts on the counts line
)

// ByCategory lays out pledges as a stacked bar per category; see the package
// documentation for what it shows. title names the chart for screen readers
// and must differ between charts on one page.
func ByCategory(pledges []*site.Pledge, categories, statuses []*dataset.Term, title string) Chart {
	t := count(pledges, categories, statuses)
	refused := refusals(pledges, categories)
	c := Chart{ID: ID(title), Title: title}
	top := 0 // of the row, which a label of several lines pushes down
	var unreported []string
	for i, cat := range categories {
		switch {
		case t.totals[i] > 0:
			var r Row
			r, top = t.row(i, top)
			c.Rows = append(c.Rows, r)
		case refused[i] == nil:
			unreported = append(unreported, cat.Label)
		}
	}
	c.Note = t.note(refused, len(c.Rows) > 0)
	if unreported != nil {
		c.Unreported = "No pledge or refusal reported so far on: " + strings.Join(unreported, "; ") + "."
	}
	c.Desc = strings.Join(slices.DeleteFunc([]string{t.describe(), c.Note, c.Unreported}, func(s string) bool { return s == "" }), " ")
	c.Height = max(top-rowHeight+bottomSpace, 0)
	return c
}

// ID is the prefix of the ids of the chart titled title: "chart-" and 8 hex
// digits of the title's SHA-256. A page that links to a chart's <title> or
// <desc> can use it.
func ID(title string) string {
	sum := sha256.Sum256([]byte(title))
	return "chart-" + hex.EncodeToString(sum[:4])
}

// tally is the number of pledges of each category and status.
type tally struct {
	categories, statuses []*dataset.Term
	counts               [][]int // counts[i][j]: pledges of category i with status j
	totals               []int   // by category
	most                 int     // the largest total, which fills the bar area
}

func count(pledges []*site.Pledge, categories, statuses []*dataset.Term) *tally {
	t := &tally{categories: categories, statuses: statuses, counts: make([][]int, len(categories)), totals: make([]int, len(categories))}
	for i := range t.counts {
		t.counts[i] = make([]int, len(statuses))
	}
	catIndex := index(categories)
	statusIndex := index(statuses)
	for _, p := range pledges {
		if p == nil || p.Category == nil || p.Status == nil || p.Refusal() {
			continue
		}
		i, ok1 := catIndex[p.Category.ID]
		j, ok2 := statusIndex[p.Status.ID]
		if ok1 && ok2 {
			t.counts[i][j]++
			t.totals[i]++
		}
	}
	for _, n := range t.totals {
		t.most = max(t.most, n)
	}
	return t
}

// row lays out category i with its top at top, and returns it with the top
// of the next row.
func (t *tally) row(i, top int) (Row, int) {
	cat := t.categories[i]
	r := Row{Label: Text{Text: cat.Label, X: "0", Y: top + labelBase, Size: labelSize}}
	if lines := wrap(cat.Label, labelRunes); len(lines) > 1 {
		for k, line := range lines {
			r.Wrapped = append(r.Wrapped, Line{Text: line, X: "0", Y: top + labelBase + k*labelLine})
		}
		top += (len(lines) - 1) * labelLine // the row's top as if its label were one line
	}
	r.Track = Box{X: "0", Y: top + barTop, Width: pct(barEnd), Height: barHeight}
	r.Segments = t.segments(i, top+barTop)
	r.Total = Text{Text: strconv.Itoa(t.totals[i]), X: pct(barEnd), DX: totalGap, Y: top + totalBase, Size: labelSize}
	r.CountLine = Text{X: "0", Y: top + countsBase, Size: countSize}
	for j, st := range t.statuses {
		if n := t.counts[i][j]; n > 0 {
			// Spaces between the parts of a line of SVG text would
			// collapse into one; a shift keeps a fixed gap instead.
			dx := countGap
			if len(r.Counts) == 0 {
				dx = 0
			}
			r.Counts = append(r.Counts, Count{Class: statusClass(st), Text: countText(st, n), DX: dx})
		}
	}
	return r, top + rowHeight
}

// segments lays out the bar of category i at y.
func (t *tally) segments(i, y int) []Segment {
	var segs []Segment
	// Segments are placed from running sums so that rounding never opens a
	// gap or an overlap between them.
	before := 0
	for j, st := range t.statuses {
		n := t.counts[i][j]
		if n == 0 {
			continue
		}
		x0 := float64(barEnd) * float64(before) / float64(t.most)
		x1 := float64(barEnd) * float64(before+n) / float64(t.most)
		before += n
		segs = append(segs, Segment{
			Box:   Box{X: pct(x0), Y: y, Width: pct(round2(x1) - round2(x0)), Height: barHeight},
			Class: statusClass(st),
			Title: fmt.Sprintf("%s: %d %s", t.categories[i].Label, n, st.Label),
		})
	}
	return segs
}

// refusals lists, for each category, the countries that refused it, in
// the order of the pledges given; nil for a category without refusals.
func refusals(pledges []*site.Pledge, categories []*dataset.Term) [][]string {
	names := make([][]string, len(categories))
	for i, cat := range categories {
		for _, p := range pledges {
			if p != nil && p.Refusal() && p.Category != nil && p.Category.ID == cat.ID && p.Country != nil {
				names[i] = append(names[i], p.Country.Name)
			}
		}
	}
	return names
}

// note is the sentence of the refusals, by category: "Refusals, not
// counted above: ..." under bars, "Refusals: ..." without any.
func (t *tally) note(refused [][]string, bars bool) string {
	var parts []string
	for i, names := range refused {
		if names != nil {
			parts = append(parts, t.categories[i].Label+" — "+strings.Join(names, ", "))
		}
	}
	if parts == nil {
		return ""
	}
	lead := "Refusals: "
	if bars {
		lead = "Refusals, not counted above: "
	}
	return lead + strings.Join(parts, "; ") + "."
}

// describe states the rows' data in words, for the chart's <desc>.
func (t *tally) describe() string {
	var sentences []string
	for i, cat := range t.categories {
		if t.totals[i] == 0 {
			continue // no row; Unreported or Note names it
		}
		var parts []string
		for j, st := range t.statuses {
			if n := t.counts[i][j]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, lowerFirst(st.Label)))
			}
		}
		sentences = append(sentences, fmt.Sprintf("%s: %d %s — %s.", cat.Label, t.totals[i], humanize.Plural(t.totals[i], "pledge", "pledges"), strings.Join(parts, ", ")))
	}
	return strings.Join(sentences, " ")
}

// countText is a status's entry on the counts line: "◐ 2", or "2" for a
// status without a symbol.
func countText(st *dataset.Term, n int) string {
	if st.Symbol == "" {
		return strconv.Itoa(n)
	}
	return st.Symbol + "\u00a0" + strconv.Itoa(n)
}

func statusClass(st *dataset.Term) string { return "status-" + st.ID }

// lowerFirst lowercases a label for use inside a sentence ("Under
// consideration" -> "under consideration"), but leaves acronyms ("NATO")
// and labels that start with a lowercase letter alone.
func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	next, _ := utf8.DecodeRuneInString(s[size:])
	if !unicode.IsUpper(r) || unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}

// wrap breaks s into lines of at most width runes at spaces; a word longer
// than width has a line of its own. SVG text does not wrap by itself, and a
// build cannot measure text, so counting runes stands in for measuring.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

func index(terms []*dataset.Term) map[string]int {
	m := make(map[string]int, len(terms))
	for i, t := range terms {
		if _, dup := m[t.ID]; !dup {
			m[t.ID] = i
		}
	}
	return m
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// pct writes a percentage with at most two decimals, so output is short and
// the same on every platform.
func pct(v float64) string {
	return strconv.FormatFloat(round2(v), 'f', -1, 64) + "%"
}
