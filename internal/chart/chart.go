// Package chart draws the small chart of pledges by category and status as
// inline SVG, at build time: no script and no chart library in the browser,
// and a status change in the dataset recolours it on the next build.
//
// ByCategory draws a horizontal stacked bar chart with one row per category,
// in the order given (categories with no pledges included, so the chart reads
// as complete). Each row is three lines:
//
//	Ceasefire monitoring                      the category's Label
//	[███████████|▒▒▒▒▒            ]  3         the bar, then the row's total
//	◐ 2  ○ 1                                  a count per status, or "none"
//
// The bar has one segment per status with at least one pledge, in the order
// of statuses (the vocabulary's). Bars share one scale: the longest row fills
// the bar area. The counts line repeats the segments in the same order as
// text, each the status's Symbol, a no-break space and the count ("◐ 2"),
// so status is never told by colour alone; counts are written beside the
// bar, not on top of colour, so their contrast depends only on the page's
// background. Each segment has a <title> ("Ceasefire monitoring: 2 Announced") that browsers
// show on hover.
//
// Accessibility: the <svg> has role="img" and aria-labelledby naming its
// <title> (the title argument) and its <desc>, which states the data in
// words: "Ceasefire monitoring: 3 pledges — 1 under consideration,
// 2 announced. Troops in Ukraine: no pledges." Both are read by screen
// readers; the drawing itself is not.
//
// Colour comes only from CSS; the SVG has no fill or stroke of its own.
// Classes:
//
//	chart                         the <svg>
//	chart-row                     a category's <g>
//	chart-label                   the category's label <text>
//	chart-track                   the bar's full-length background <rect>
//	chart-segment status-<id>     a status's <rect> in the bar
//	chart-total                   the row's total <text>
//	chart-counts                  the counts line <text>
//	chart-count status-<id>       one status's "◐ 2" <tspan>
//	chart-none                    the "none" <tspan> of an empty row
//
// Layout: there is no viewBox, so nothing is scaled and text stays the size
// it is written in (labels 15px, counts 14px) on a phone as on a desktop.
// The <svg> is width="100%" of its container and its height grows with the
// number of rows (64px each). The bar area is the left 86% of the width and
// each total follows it 8px to the right, which leaves room for three
// digits in a 288px column; horizontal positions are percentages, vertical
// ones pixels. SVG text does not wrap, so a label of more than 30 characters
// is broken at spaces into lines of at most 30 (19px apart, the row growing
// to fit): 30 characters of 15px semibold text fit the narrowest column,
// 288px on a 320px phone.
//
// IDs: the <title> and <desc> ids are "chart-" plus 8 hex digits of the
// SHA-256 of the title, then "-title" or "-desc". Two charts on one page must
// therefore have different titles, which screen-reader users need anyway to
// tell them apart.
//
// Pledges whose category or status is not among those given are not counted
// (site.New drops such pledges already). Terms are matched by ID. The output
// depends only on the arguments.
package chart

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/site"
)

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

// ByCategory draws pledges as a stacked bar per category; see the package
// documentation for what it shows. title names the chart for screen readers
// and must differ between charts on one page.
func ByCategory(pledges []*site.Pledge, categories, statuses []*dataset.Term, title string) template.HTML {
	// counts[i][j] is the number of pledges of category i with status j.
	counts := make([][]int, len(categories))
	for i := range counts {
		counts[i] = make([]int, len(statuses))
	}
	catIndex := index(categories)
	statusIndex := index(statuses)
	for _, p := range pledges {
		if p == nil || p.Category == nil || p.Status == nil {
			continue
		}
		i, ok1 := catIndex[p.Category.ID]
		j, ok2 := statusIndex[p.Status.ID]
		if ok1 && ok2 {
			counts[i][j]++
		}
	}
	totals := make([]int, len(categories))
	most := 0
	for i, row := range counts {
		for _, n := range row {
			totals[i] += n
		}
		most = max(most, totals[i])
	}

	id := ID(title)
	height := bottomSpace - rowHeight
	for _, cat := range categories {
		height += rowHeight + (len(wrap(cat.Label, labelRunes))-1)*labelLine
	}
	height = max(height, 0)

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" role="img" aria-labelledby="%s-title %s-desc" width="100%%" height="%d">`, id, id, height)
	fmt.Fprintf(&b, "\n<title id=\"%s-title\">%s</title>", id, esc(title))
	fmt.Fprintf(&b, "\n<desc id=\"%s-desc\">%s</desc>", id, esc(describe(categories, statuses, counts, totals)))
	top := 0 // of the row, which a label of several lines pushes down
	for i, cat := range categories {
		lines := wrap(cat.Label, labelRunes)
		fmt.Fprintf(&b, "\n<g class=\"chart-row\">")
		if len(lines) == 1 {
			fmt.Fprintf(&b, "\n<text class=\"chart-label\" x=\"0\" y=\"%d\" font-size=\"%d\">%s</text>", top+labelBase, labelSize, esc(cat.Label))
		} else {
			fmt.Fprintf(&b, "\n<text class=\"chart-label\" x=\"0\" y=\"%d\" font-size=\"%d\">", top+labelBase, labelSize)
			for k, line := range lines {
				fmt.Fprintf(&b, `<tspan x="0" y="%d">%s</tspan>`, top+labelBase+k*labelLine, esc(line))
			}
			b.WriteString("</text>")
		}
		y := top + (len(lines)-1)*labelLine // the row's top as if its label were one line
		top = y + rowHeight
		fmt.Fprintf(&b, "\n<rect class=\"chart-track\" x=\"0\" y=\"%d\" width=\"%s\" height=\"%d\"/>", y+barTop, pct(barEnd), barHeight)
		// Segments are placed from running sums so that rounding never
		// opens a gap or an overlap between them.
		before := 0
		for j, st := range statuses {
			n := counts[i][j]
			if n == 0 {
				continue
			}
			x0 := float64(barEnd) * float64(before) / float64(most)
			x1 := float64(barEnd) * float64(before+n) / float64(most)
			before += n
			fmt.Fprintf(&b, "\n<rect class=\"chart-segment status-%s\" x=\"%s\" y=\"%d\" width=\"%s\" height=\"%d\"><title>%s: %d %s</title></rect>",
				esc(st.ID), pct(x0), y+barTop, pct(round2(x1)-round2(x0)), barHeight, esc(cat.Label), n, esc(st.Label))
		}
		fmt.Fprintf(&b, "\n<text class=\"chart-total\" x=\"%s\" dx=\"%d\" y=\"%d\" font-size=\"%d\">%d</text>", pct(barEnd), totalGap, y+totalBase, labelSize, totals[i])
		fmt.Fprintf(&b, "\n<text class=\"chart-counts\" x=\"0\" y=\"%d\" font-size=\"%d\">", y+countsBase, countSize)
		if totals[i] == 0 {
			b.WriteString(`<tspan class="chart-none">none</tspan>`)
		}
		first := true
		for j, st := range statuses {
			n := counts[i][j]
			if n == 0 {
				continue
			}
			// Spaces between tspans would collapse into one; dx keeps a
			// fixed gap instead.
			dx := ""
			if !first {
				dx = fmt.Sprintf(` dx="%d"`, countGap)
			}
			first = false
			fmt.Fprintf(&b, `<tspan class="chart-count status-%s"%s>%s</tspan>`, esc(st.ID), dx, esc(countText(st, n)))
		}
		b.WriteString("</text>\n</g>")
	}
	b.WriteString("\n</svg>")
	return template.HTML(b.String())
}

// ID is the prefix of the ids of the chart titled title: "chart-" and 8 hex
// digits of the title's SHA-256. A page that links to a chart's <title> or
// <desc> can use it.
func ID(title string) string {
	sum := sha256.Sum256([]byte(title))
	return "chart-" + hex.EncodeToString(sum[:4])
}

// describe states the chart's data in words, for its <desc>.
func describe(categories, statuses []*dataset.Term, counts [][]int, totals []int) string {
	var sentences []string
	for i, cat := range categories {
		if totals[i] == 0 {
			sentences = append(sentences, cat.Label+": no pledges.")
			continue
		}
		var parts []string
		for j, st := range statuses {
			if n := counts[i][j]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, lowerFirst(st.Label)))
			}
		}
		sentences = append(sentences, fmt.Sprintf("%s: %d %s — %s.", cat.Label, totals[i], plural(totals[i], "pledge", "pledges"), strings.Join(parts, ", ")))
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

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
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

// esc escapes text and attribute values: <, >, &, ' and ".
func esc(s string) string { return html.EscapeString(s) }

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// pct writes a percentage with at most two decimals, so output is short and
// the same on every platform.
func pct(v float64) string {
	return strconv.FormatFloat(round2(v), 'f', -1, 64) + "%"
}
