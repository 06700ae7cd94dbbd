package tomldoc

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/briefing/briefing/internal/diag"
)

// Limits on the shape of a document. The TOML library takes time that grows
// with the square (or worse) of some shapes no editor writes: lists nested
// thousands deep, keys of thousands of dotted parts, tables of a hundred
// thousand keys; a few kilobytes of them stall a build for minutes, and deep
// enough nesting overflows the stack, which no recover catches. A document
// is checked against these before it is parsed. Real content stays far
// below them.
const (
	MaxDepth    = 32   // lists and inline tables inside one another
	MaxKeyParts = 16   // parts of a dotted key or table name: a.b.c has 3
	MaxKeys     = 1000 // keys in one table
)

// InvalidUTF8 reports the first byte of src that is not UTF-8, as an error
// at its line and column (firstLine is the line src starts on) that gives
// the byte offset, or nil when src is valid.
func InvalidUTF8(file string, src []byte, firstLine int) *diag.Error {
	if utf8.Valid(src) {
		return nil
	}
	off := 0
	for off < len(src) {
		r, n := utf8.DecodeRune(src[off:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		off += n
	}
	line := firstLine + bytes.Count(src[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(src[:off], '\n')
	return &diag.Error{Pos: diag.Pos{File: file, Line: line, Col: col}, Msg: fmt.Sprintf("invalid UTF-8 at byte offset %d (0x%02x): save the file as UTF-8", off, src[off])}
}

// checkLimits reports the first place where src goes beyond the limits
// above. It is a scanner, not a parser: it follows strings, comments,
// brackets and keys well enough to measure them, and leaves everything else,
// malformed TOML included, to the parser.
func checkLimits(src string) (line, col int, msg string) {
	var (
		stack   []byte // open [ and { of the current value
		inValue bool   // after a key's '=', until the value ends
		parts   = 1    // parts of the key being read
		keys    = 0    // keys of the current table
		lineAt  = 0    // offset where the current line starts
	)
	line = 1
	at := func(i int) (int, int) { return line, utf8.RuneCountInString(src[lineAt:i]) + 1 }
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			line++
			lineAt = i + 1
			if len(stack) == 0 {
				inValue, parts = false, 1
			}
		case c == '#':
			if j := strings.IndexByte(src[i:], '\n'); j >= 0 {
				i += j - 1
			} else {
				i = len(src)
			}
		case c == '"' || c == '\'':
			end := stringEnd(src, i)
			// Count the lines a multi-line string spans.
			for j := strings.IndexByte(src[i:end], '\n'); j >= 0; j = strings.IndexByte(src[i:end], '\n') {
				i += j + 1
				line++
				lineAt = i
			}
			i = end - 1
		case !inValue && len(stack) == 0 && c == '[' && strings.TrimLeft(src[lineAt:i], " \t") == "":
			keys = 0 // a table header: a new table's keys follow; its name's dots count below
		case !inValue && c == '.':
			if parts++; parts > MaxKeyParts {
				l, c := at(i)
				return l, c, fmt.Sprintf("a key or table name of more than %d dotted parts; shorten it", MaxKeyParts)
			}
		case !inValue && c == '=':
			inValue, parts = true, 1
			if len(stack) == 0 {
				if keys++; keys > MaxKeys {
					l, c := at(i)
					return l, c, fmt.Sprintf("more than %d keys in one table; split the entries into tables", MaxKeys)
				}
			}
		case inValue && (c == '[' || c == '{'):
			if stack = append(stack, c); len(stack) > MaxDepth {
				l, c := at(i)
				return l, c, fmt.Sprintf("lists and inline tables nested more than %d deep; flatten the value", MaxDepth)
			}
			if c == '{' {
				inValue = false // an inline table starts with a key
			}
		case (c == ']' || c == '}') && len(stack) > 0:
			stack = stack[:len(stack)-1]
			inValue = true // what follows belongs to the enclosing value
		case c == ',' && len(stack) > 0 && stack[len(stack)-1] == '{':
			inValue, parts = false, 1 // the next key of an inline table
		}
	}
	return 0, 0, ""
}

// stringEnd returns the offset just past the string that starts at src[i],
// a quote; an unclosed string runs to the end of its line (or of src, for a
// multi-line one).
func stringEnd(src string, i int) int {
	q := src[i]
	if strings.HasPrefix(src[i:], strings.Repeat(string(q), 3)) {
		for j := i + 3; j < len(src); j++ {
			if q == '"' && src[j] == '\\' {
				j++
				continue
			}
			if strings.HasPrefix(src[j:], `"""`) && q == '"' || strings.HasPrefix(src[j:], `'''`) && q == '\'' {
				// Up to two more quotes may belong to the content.
				end := j + 3
				for k := 0; k < 2 && end < len(src) && src[end] == q; k++ {
					end++
				}
				return end
			}
		}
		return len(src)
	}
	for j := i + 1; j < len(src); j++ {
		switch {
		case src[j] == '\n':
			return j
		case q == '"' && src[j] == '\\':
			j++
		case src[j] == q:
			return j + 1
		}
	}
	return len(src)
}
