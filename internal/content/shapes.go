package content

import (
	"fmt"
	"strings"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/humanize"
)

// The limits below refuse, before goldmark parses a body, the shapes of
// Markdown that goldmark (v1.8.7, the latest) parses in time that grows
// with the square of their size, and tables that would write far more than
// their text. Each is far beyond what an editor writes; a body within them
// renders in time and output that grow with its length (TestCostCorpus in
// build measures the output, BenchmarkShapes the time).
const (
	// MaxNesting is how deep block quotes and lists may nest. The
	// renderer's time grows with the square of the depth; a few hundred
	// kilobytes of ">" would stall it for minutes.
	MaxNesting = 32

	// MaxMarks is how many emphasis and strikethrough marks (*, _ and ~)
	// one paragraph, or one table row, may hold. Pairing marks of
	// different kinds takes time that grows with the square of their
	// number: a paragraph of 100,000 takes a quarter of a minute. Real
	// paragraphs hold a few dozen.
	MaxMarks = 2000

	// MaxBrackets is how many link and image openers ('[') one paragraph,
	// or one table row, may hold. Each one that is not closed as a link
	// makes goldmark read on to the end of the line or paragraph ("[a](",
	// "[[[[...]]]]"): 8,000 in a paragraph of 32 KiB take a third of a
	// second, 64,000 a minute; 250 nested ones in each of many paragraphs,
	// seconds a megabyte. Real paragraphs hold a few links.
	MaxBrackets = 100

	// MaxQuoteRun is how many quote marks (" or ') may stand in a row.
	// The typographer reads the rest of a run at each of its marks: a run
	// of 100,000 takes seconds.
	MaxQuoteRun = 16

	// MaxFootnotes is how many footnote references and definitions ("[^")
	// a document may hold. goldmark looks up every reference among all the
	// definitions, and each reference writes a link and a link back, each
	// with its id and role: some 250 bytes of page and feed for the six of
	// "a[^1] ", which no option of goldmark's makes much smaller. A limit
	// per byte would refuse a sentence with three notes; this one keeps
	// what footnotes add to at most some 50 KB a document, whatever its
	// length.
	MaxFootnotes = 200
)

// checkShapes reports the first place in body where it goes past one of
// the limits above, a table row with fewer cells than its header
// (goldmark pads every such row to the header's width: a header of 2,000
// columns over rows of one cell writes 2,000 cells a row), or a table row
// with nothing in it ("|" writes a row of empty cells: some 37 bytes of
// page and feed a byte). It reads the
// body once, line by line, outside fenced code: the markers that open
// block quotes and list items at the start of each line, and the marks,
// brackets and quotes of each paragraph (the lines between blank lines or
// list items) or table row.
func checkShapes(body []byte, at diag.Pos) *diag.Error {
	fail := func(line, col int, format string, args ...any) *diag.Error {
		return &diag.Error{Pos: diag.Pos{File: at.File, Line: at.Line + line, Col: col}, Msg: fmt.Sprintf(format, args...)}
	}
	var (
		fence     string
		marks     int // in the paragraph that starts at line start
		brackets  int
		start     int
		footnotes int
		columns   int // of the table the line is in; 0 outside tables
		prev      string
	)
	for n, raw := range strings.Split(string(body), "\n") {
		raw = strings.TrimSuffix(raw, "\r")
		trimmed := strings.TrimLeft(raw, " \t")
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence, marks, brackets, columns = trimmed[:3], 0, 0, 0
			continue
		}
		depth, list, rest := containers(trimmed)
		if depth > MaxNesting {
			return fail(n, 1, "block quotes and lists nested %d deep; at most %d are allowed: flatten the text", depth, MaxNesting)
		}
		if i := runOfQuotes(raw); i >= 0 {
			return fail(n, i+1, "more than %d quote marks in a row: write fewer", MaxQuoteRun)
		}
		if footnotes += strings.Count(raw, "[^"); footnotes > MaxFootnotes {
			return fail(n, 1, "more than %d footnote references and definitions in one document: cite fewer, or split the text", MaxFootnotes)
		}
		blank := strings.TrimSpace(rest) == ""
		if emptyHeading(rest) {
			return fail(n, 1, "a heading with no text: write its words, or remove the #")
		}
		if definition(rest) || thematicBreak(rest) {
			columns, marks, brackets, prev = 0, 0, 0, ""
			continue // not inline text: a link or footnote definition, or a rule
		}
		switch {
		case blank || list || depth > 0 && columns > 0 || strings.HasPrefix(rest, "#"):
			columns, marks, brackets = 0, 0, 0 // a table, paragraph or list item ends
		case columns == 0 && prev != "" && isDelimiterRow(rest):
			columns = cells(prev) // the line above was the table's header
		case columns > 0 && strings.Trim(rest, "| \t") == "":
			return fail(n, 1, "a table row with nothing in it: remove it, or write its cells")
		case columns > 0:
			if c := cells(rest); c < columns {
				return fail(n, 1, "a table row of %d %s under a header of %d: write every cell, an empty one as | |", c, humanize.Plural(c, "cell", "cells"), columns)
			}
		}
		row := columns > 0 || strings.HasPrefix(rest, "|")
		if row {
			marks, brackets = 0, 0 // each row of a table is parsed on its own
		}
		if marks == 0 && brackets == 0 {
			start = n
		}
		prev = rest
		if blank {
			prev = ""
		}
		if marks += strings.Count(rest, "*") + strings.Count(rest, "_") + strings.Count(rest, "~"); marks > MaxMarks {
			return fail(start, 1, "a paragraph or table row with more than %d emphasis marks (*, _ and ~): split it with blank lines", MaxMarks)
		}
		if brackets += strings.Count(rest, "["); brackets > MaxBrackets {
			return fail(start, 1, "a paragraph or table row with more than %d link or image brackets ([): split it with blank lines", MaxBrackets)
		}
		if row {
			marks, brackets = 0, 0
		}
	}
	return nil
}

// emptyHeading reports whether line is a heading with no text ("#", "## #"),
// which has nothing to link to and writes some 38 bytes of page and feed a
// byte.
func emptyHeading(line string) bool {
	level := len(line) - len(strings.TrimLeft(line, "#"))
	if level == 0 || level > 6 || len(line) > level && line[level] != ' ' && line[level] != '\t' {
		return false
	}
	return strings.Trim(line, "# \t") == ""
}

// definition reports whether line starts a link reference or footnote
// definition ("[label]: /url", "[^1]: text"), whose brackets are not
// parsed as links.
func definition(line string) bool {
	end := strings.Index(line, "]:")
	return strings.HasPrefix(line, "[") && end > 0 && !strings.Contains(line[1:end], "[")
}

// thematicBreak reports whether line is a rule ("***", "- - -", "___").
func thematicBreak(line string) bool {
	line = strings.TrimSpace(line)
	return len(line) >= 3 && strings.Trim(line, "*-_ \t") == "" && strings.Trim(line, string(line[0])+" \t") == ""
}

// runOfQuotes returns the byte offset in line of the first run of more
// than MaxQuoteRun quote marks of one kind, or -1.
func runOfQuotes(line string) int {
	for _, q := range []string{`"`, `'`} {
		if i := strings.Index(line, strings.Repeat(q, MaxQuoteRun+1)); i >= 0 {
			return i
		}
	}
	return -1
}

// isDelimiterRow reports whether line is a table's delimiter row, like
// "|---|:-:|" or "--- | ---".
func isDelimiterRow(line string) bool {
	line = strings.TrimSpace(line)
	if !strings.Contains(line, "-") || strings.Trim(line, "|:- \t") != "" {
		return false
	}
	return strings.Contains(line, "|") || strings.Contains(line, ":")
}

// cells counts the cells of a table row as GFM splits it: at every pipe
// not escaped with a backslash, less a leading and a trailing one.
func cells(line string) int {
	line = strings.TrimSpace(line)
	pipes := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			pipes++
		}
	}
	n := pipes + 1
	if strings.HasPrefix(line, "|") {
		n--
	}
	if len(line) > 1 && strings.HasSuffix(line, "|") && !strings.HasSuffix(line, `\|`) {
		n--
	}
	return max(n, 1)
}

// containers counts the block quote and list markers that open line,
// says whether one of them opens a list item, and returns the rest of it.
func containers(line string) (depth int, list bool, rest string) {
	for {
		line = strings.TrimLeft(line, " \t")
		if line == "" {
			return depth, list, line
		}
		switch c := line[0]; {
		case c == '>':
			line = line[1:]
		case c == '-' || c == '+' || c == '*':
			if len(line) > 1 && line[1] != ' ' && line[1] != '\t' {
				return depth, list, line
			}
			if strings.Trim(line, string(c)+" \t") == "" {
				return depth, list, line // a thematic break, "- - -", not a list
			}
			line, list = line[1:], true
		case '0' <= c && c <= '9':
			i := 1
			for i < len(line) && i < 10 && '0' <= line[i] && line[i] <= '9' {
				i++
			}
			if i >= len(line) || (line[i] != '.' && line[i] != ')') {
				return depth, list, line
			}
			line, list = line[i+1:], true
		default:
			return depth, list, line
		}
		depth++
	}
}
