// Package tomldoc decodes a TOML document into typed Go values and remembers
// where every key was written, so that later validation can point an editor at
// file:line:col. BurntSushi/toml reports positions for syntax errors but does
// not expose the position of each decoded key; a small scanner over the
// (already valid) document recovers them.
//
// Keys are named by paths with array-of-table indices: "title",
// "pledge[2].status", "pledge[2].source[0].quote".
package tomldoc

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/briefing/briefing/internal/diag"
)

// Doc holds the key positions of one decoded document.
type Doc struct {
	file  string
	first int                 // line of the document's first line in the file
	keys  map[string]diag.Pos // indexed path -> position of the key (or table header)
	order []string            // paths in document order
}

// Decode decodes src into v. src may be an excerpt of a larger file (front
// matter): firstLine is the line on which it starts, so positions are the
// file's own. A syntax or type error, or a key v has no field for, is reported
// with its position. The Doc is nil when v could not be decoded (a syntax or
// type error): its half-filled values would only produce more, confusing
// errors. Unknown keys do not stop decoding.
func Decode(file string, src []byte, firstLine int, v any) (*Doc, diag.List) {
	d := &Doc{file: file, first: firstLine, keys: map[string]diag.Pos{}}
	d.scan(strings.TrimPrefix(string(src), "\ufeff")) // as the parser does; else the first key is lost
	var errs diag.List
	md, err := toml.Decode(string(src), v)
	if err != nil {
		errs = append(errs, d.decodeError(src, err))
		return nil, errs
	}
	for _, k := range md.Undecoded() {
		for _, path := range d.matching(k) {
			errs.Add(d.keys[path], "unknown field %q (check its spelling in docs/content.md)", k[len(k)-1])
		}
	}
	return d, errs
}

// File is the name of the file the document came from.
func (d *Doc) File() string { return d.file }

// Pos returns where path was written. A path that was not written (a missing
// field) falls back to the nearest enclosing table, then to the document start.
func (d *Doc) Pos(path string) diag.Pos {
	for p := path; p != ""; p = parent(p) {
		if pos, ok := d.keys[p]; ok {
			return pos
		}
	}
	return diag.Pos{File: d.file, Line: d.first, Col: 1}
}

// Path joins a table path and a key, and formats an array element: Path("pledge", 2, "status") is "pledge[2].status".
func Path(table string, index int, key string) string {
	p := table + "[" + strconv.Itoa(index) + "]"
	if key != "" {
		p += "." + key
	}
	return p
}

func parent(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

// matching returns the indexed paths written in the document that name key.
func (d *Doc) matching(key toml.Key) []string {
	want := key.String()
	var out []string
	for _, p := range d.order {
		if indexRE.ReplaceAllString(p, "") == want {
			out = append(out, p)
		}
	}
	return out
}

var lineRE = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)

func (d *Doc) decodeError(src []byte, err error) *diag.Error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if pe.LastKey != "" {
			msg = fmt.Sprintf("field %q: %s", pe.LastKey, msg)
		}
		var generic map[string]any
		if _, serr := toml.Decode(string(src), &generic); serr != nil {
			msg = "invalid TOML: " + msg // a syntax error, not a value of the wrong kind
		}
		// The line and column come from the byte offset: BurntSushi's own
		// Line has already moved past a newline the error is about ("[[pledge]"
		// is reported on the next line) and its Col is off by one at a line start.
		// Start counts from after a byte order mark, which the parser skips.
		before := strings.TrimPrefix(string(src), "\ufeff")
		before = before[:min(max(pe.Position.Start, 0), len(before))]
		line := strings.Count(before, "\n") + 1
		col := len(before) - strings.LastIndexByte(before, '\n')
		return &diag.Error{Pos: diag.Pos{File: d.file, Line: line + d.first - 1, Col: col}, Msg: msg}
	}
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		pos := diag.Pos{File: d.file, Line: line + d.first - 1, Col: 1}
		for _, p := range d.order { // the key's column, if it was written on that line
			if kp := d.keys[p]; kp.Line == pos.Line {
				pos = kp
				break
			}
		}
		return &diag.Error{Pos: pos, Msg: fmt.Sprintf("field %q: %s", m[2], friendlyType(m[3]))}
	}
	return &diag.Error{Pos: diag.Pos{File: d.file, Line: d.first, Col: 1}, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
}

var typeRE = regexp.MustCompile(`incompatible types: TOML value has type (\S+); destination has type (\S+)`)

func friendlyType(msg string) string {
	m := typeRE.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	want := map[string]string{"string": "a quoted string", "slice": "a list like [\"a\", \"b\"]", "bool": "true or false", "int": "a whole number", "struct": "a table"}[m[2]]
	if want == "" {
		want = m[2]
	}
	found := map[string]string{"int64": "number", "float64": "number", "bool": "boolean", "string": "string", "time.Time": "date", "[]interface {}": "list", "map[string]interface {}": "table"}[m[1]]
	if found == "" {
		found = m[1]
	}
	return fmt.Sprintf("expected %s, found a %s", want, found)
}

// scan records the position of every key and table header in a valid TOML
// document. It tracks strings and brackets so that keys inside multi-line
// strings, arrays and inline tables are not mistaken for top-level keys.
func (d *Doc) scan(src string) {
	var (
		count   = map[string]int{} // unindexed array-of-tables path -> elements seen
		table   string             // indexed path of the current table
		inStr   string             // open multi-line string delimiter
		depth   int                // open [ and { in a value
		lines   = strings.Split(src, "\n")
		indexed = func(parts []string) string {
			var b strings.Builder
			for i, p := range parts {
				if i > 0 {
					b.WriteByte('.')
				}
				b.WriteString(p)
				if n, ok := count[strings.Join(parts[:i+1], ".")]; ok {
					b.WriteString("[" + strconv.Itoa(n-1) + "]")
				}
			}
			return b.String()
		}
	)
	for i, line := range lines {
		pos := diag.Pos{File: d.file, Line: i + d.first}
		rest := line
		if inStr == "" && depth == 0 {
			trimmed := strings.TrimLeft(line, " \t")
			pos.Col = len(line) - len(trimmed) + 1
			switch {
			case trimmed == "" || trimmed[0] == '#' || trimmed == "\r":
				continue
			case strings.HasPrefix(trimmed, "[["):
				parts, _ := parseKey(trimmed[2:])
				key := strings.Join(parts, ".")
				count[key]++
				for k := range count { // a new element starts its sub-arrays afresh
					if strings.HasPrefix(k, key+".") {
						delete(count, k)
					}
				}
				table = indexed(parts)
				d.record(table, pos)
				continue
			case trimmed[0] == '[':
				parts, _ := parseKey(trimmed[1:])
				table = indexed(parts)
				d.record(table, pos)
				continue
			default:
				parts, n := parseKey(trimmed)
				path := strings.Join(parts, ".")
				if table != "" {
					path = table + "." + path
				}
				d.record(path, pos)
				rest = trimmed[n:]
			}
		}
		inStr, depth = scanValue(rest, inStr, depth)
	}
}

func (d *Doc) record(path string, pos diag.Pos) {
	if _, ok := d.keys[path]; !ok {
		d.order = append(d.order, path)
	}
	d.keys[path] = pos
}

// parseKey reads a dotted key (bare or quoted parts) and returns its parts and
// the number of bytes consumed, up to and including '=' or ']'.
func parseKey(s string) ([]string, int) {
	var parts []string
	i := 0
	for i < len(s) {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '.':
			i++
		case c == '=' || c == ']':
			return parts, i + 1
		case c == '"' || c == '\'':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return append(parts, s[i+1:]), len(s)
			}
			raw := s[i : i+j+2]
			if c == '"' {
				if u, err := strconv.Unquote(raw); err == nil {
					raw = `"` + u + `"`
				}
			}
			parts = append(parts, raw[1:len(raw)-1])
			i += j + 2
		default:
			j := i
			for j < len(s) && (isBare(s[j])) {
				j++
			}
			if j == i {
				return parts, i
			}
			parts = append(parts, s[i:j])
			i = j
		}
	}
	return parts, i
}

func isBare(c byte) bool {
	return c == '_' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// scanValue walks the rest of a line, carrying the open multi-line string and
// bracket depth over to the next line.
func scanValue(s, inStr string, depth int) (string, int) {
	for i := 0; i < len(s); i++ {
		if inStr != "" {
			if inStr == `"""` && s[i] == '\\' {
				i++
				continue
			}
			if strings.HasPrefix(s[i:], inStr) {
				i += 2
				inStr = ""
			}
			continue
		}
		switch c := s[i]; c {
		case '#':
			return "", depth
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		case '"', '\'':
			delim := string(c)
			if strings.HasPrefix(s[i:], strings.Repeat(delim, 3)) {
				inStr = strings.Repeat(delim, 3)
				i += 2
				continue
			}
			for i++; i < len(s) && s[i] != c; i++ {
				if c == '"' && s[i] == '\\' {
					i++
				}
			}
		}
	}
	return inStr, depth
}

// Keys lists the written paths that are direct children of table, in document
// order; used to report fields that are present but not allowed.
func (d *Doc) Keys(table string) []string {
	var out []string
	for _, p := range d.order {
		if parent(p) == table && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}
