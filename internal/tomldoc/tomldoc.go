// Package tomldoc decodes a TOML document into typed Go values and remembers
// where every key and value was written, so that later validation can point
// an editor at file:line:col. BurntSushi/toml reports positions for syntax
// errors but does not expose the position of each decoded key; a small
// scanner over the (already valid) document recovers them. It runs on first
// need, not at decode time: a build without errors never asks for a
// position, and the positions of a large dataset would outweigh the
// document itself.
//
// Keys are named by paths with array-of-table indices: "title",
// "pledge[2].status", "pledge[2].source[0].quote".
//
// An error about a field is nearly always about what it holds, so
// [Doc.Pos] gives where a key's value starts: the first character after
// "key =", which is a string's opening quote, a list's "[" or an inline
// table's "{", on the key's line even when the value runs over several. A
// [table] or [[table]] is at its header, and a field that was not written
// at the table that would hold it. [Doc.ElemPos] gives one element of a
// list, for an error about that element alone. [Doc.KeyPos] gives where
// the key itself was written, for the few errors about the key: a field
// that is unknown, not allowed there, or written twice.
package tomldoc

import (
	"errors"
	"fmt"
	"iter"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/suggest"
)

// Doc holds the key and value positions of one decoded document. It keeps the
// document's text until a position is first asked for, then scans it once
// into the index below and lets it go; a Doc is safe for concurrent use.
type Doc struct {
	file  string
	first int    // line of the document's first line in the file
	text  string // the document, until the index is built

	once   sync.Once
	keys   map[string]diag.Pos // indexed path -> position of the key (or table header)
	values map[string]diag.Pos // indexed path of a key -> position of its value
	elems  map[string]diag.Pos // indexed path of a list value + "[i]" -> position of its element i
	tables map[string]bool     // indexed paths written as [table] or [[table]] headers
	order  []string            // paths in document order
	ends   map[string]int      // indexed table path -> its last line (see End)
}

// Decode decodes src into v. src may be an excerpt of a larger file (front
// matter): firstLine is the line on which it starts, so positions are the
// file's own. A syntax or type error, or a key v has no field for, is reported
// with its position. The Doc is nil when v could not be decoded (a syntax or
// type error): its half-filled values would only produce more, confusing
// errors. Unknown keys do not stop decoding.
func Decode(file string, src []byte, firstLine int, v any) (*Doc, diag.List) {
	var errs diag.List
	if e := InvalidUTF8(file, src, firstLine); e != nil {
		return nil, append(errs, e)
	}
	text := strings.TrimPrefix(string(src), "\ufeff") // as the parser does; else the first key is lost
	if line, col, msg := checkLimits(text); msg != "" {
		errs.Add(diag.Pos{File: file, Line: line + firstLine - 1, Col: col}, "invalid TOML: %s", msg)
		return nil, errs
	}
	d := &Doc{file: file, first: firstLine, text: text}
	md, err := toml.Decode(string(src), v)
	if err != nil {
		if typeErrs := d.typeErrors(text, v); len(typeErrs) > 0 {
			return nil, append(errs, typeErrs...)
		}
		errs = append(errs, d.decodeError(src, err))
		return nil, errs
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		d.index()
		written := map[string][]string{} // unindexed path -> indexed paths, in document order
		for _, p := range d.order {
			k := indexRE.ReplaceAllString(p, "")
			written[k] = append(written[k], p)
		}
		for _, k := range undecoded { // once per element of a list of tables
			paths := written[k.String()]
			delete(written, k.String())
			for _, path := range paths {
				name := k[len(k)-1]
				if hint := suggest.DidYouMean(name, fieldsAt(v, k)); hint != "" {
					errs.Add(d.keys[path], "unknown field %q; %s", name, hint)
				} else {
					errs.Add(d.keys[path], "unknown field %q (check its spelling in docs/content.md)", name)
				}
			}
		}
	}
	return d, errs
}

// File is the name of the file the document came from.
func (d *Doc) File() string { return d.file }

// Pos returns where the value of path starts, the header of the table at
// path, or (for "countries[2]") the element of a list. A path that was not
// written (a missing field) falls back to the nearest enclosing table, list
// element or inline table, then to the document start.
func (d *Doc) Pos(path string) diag.Pos {
	d.index()
	for p := path; p != ""; p = parent(p) {
		if pos, ok := d.values[p]; ok {
			return pos
		}
		if pos, ok := d.keys[p]; ok {
			return pos
		}
		if pos, ok := d.elems[p]; ok {
			return pos
		}
	}
	return diag.Pos{File: d.file, Line: d.first, Col: 1}
}

// KeyPos returns where the key path was written, for an error about the
// key rather than its value (a field not allowed in its table); Pos's
// fallbacks when it was not written.
func (d *Doc) KeyPos(path string) diag.Pos {
	d.index()
	if pos, ok := d.keys[path]; ok {
		return pos
	}
	return d.Pos(path)
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

var lineRE = regexp.MustCompile(`^toml: (?:line (\d+) )?\(last key "([^"]*)"\): (.*)$`)

func (d *Doc) decodeError(src []byte, err error) *diag.Error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		// The line and column come from the byte offset: BurntSushi's own
		// Line has already moved past a newline the error is about ("[[pledge]"
		// is reported on the next line) and its Col is off by one at a line start.
		// Start counts from after a byte order mark, which the parser skips.
		before := strings.TrimPrefix(string(src), "\ufeff")
		before = before[:min(max(pe.Position.Start, 0), len(before))]
		line := strings.Count(before, "\n") + 1
		col := len(before) - strings.LastIndexByte(before, '\n')
		pos := diag.Pos{File: d.file, Line: line + d.first - 1, Col: col}

		var generic map[string]any
		if _, serr := toml.Decode(string(src), &generic); serr == nil {
			// Valid TOML, but a value of the wrong kind.
			msg := pe.Message
			if pe.LastKey != "" {
				msg = fmt.Sprintf("field %q: %s", pe.LastKey, msg)
			}
			return &diag.Error{Pos: pos, Msg: msg}
		}
		lineText := strings.TrimPrefix(string(src), "\ufeff")[len(before)-col+1:]
		lineText, _, _ = strings.Cut(lineText, "\n")
		header := strings.HasPrefix(strings.TrimLeft(lineText, " \t"), "[")
		return &diag.Error{Pos: pos, Msg: "invalid TOML: " + d.syntaxMessage(pe, pos, header)}
	}
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		d.index()
		pos := diag.Pos{File: d.file, Line: d.first, Col: 1}
		if m[1] != "" {
			line, _ := strconv.Atoi(m[1])
			pos.Line = line + d.first - 1
			for _, p := range d.order { // the value of the key written on that line
				if kp := d.keys[p]; kp.Line == pos.Line {
					pos = d.Pos(p)
					break
				}
			}
		} else {
			for _, p := range d.order { // no line: the value of the key first written
				if indexRE.ReplaceAllString(p, "") == m[2] {
					pos = d.Pos(p)
					break
				}
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
	found := map[string]string{"int64": "number", "float64": "number", "bool": "boolean", "string": "string", "time.Time": "date",
		"[]interface {}": "list", "[]any": "list", "map[string]interface {}": "table", "map[string]any": "table"}[m[1]]
	if found == "" {
		found = m[1]
	}
	return fmt.Sprintf("expected %s, found a %s", want, found)
}

// index builds the position index from the kept text, once; every reader of
// keys, tables or order calls it first. The text is dropped afterwards, as
// nothing else needs it.
func (d *Doc) index() {
	d.once.Do(func() {
		d.keys, d.values, d.tables, d.elems, d.ends = map[string]diag.Pos{}, map[string]diag.Pos{}, map[string]bool{}, map[string]diag.Pos{}, map[string]int{}
		d.scan(d.text)
		d.text = ""
	})
}

// scan records the position of every key, value and table header in a
// valid TOML document. It tracks strings and brackets so that keys inside multi-line
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
		if inStr != "" || depth > 0 { // a value's later lines are its table's too
			d.extend(table, pos.Line)
		} else {
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
				d.recordTable(table, pos)
				d.extend(table, pos.Line)
				continue
			case trimmed[0] == '[':
				parts, _ := parseKey(trimmed[1:])
				table = indexed(parts)
				d.recordTable(table, pos)
				d.extend(table, pos.Line)
				continue
			default:
				parts, n := parseKey(trimmed)
				path := strings.Join(parts, ".")
				if table != "" {
					path = table + "." + path
				}
				d.record(path, pos)
				d.extend(table, pos.Line)
				rest = trimmed[n:]
				value := strings.TrimLeft(rest, " \t") // TOML starts a value on its key's line
				if _, ok := d.values[path]; !ok {
					d.values[path] = diag.Pos{File: d.file, Line: pos.Line, Col: len(line) - len(value) + 1}
				}
				if strings.HasPrefix(value, "[") {
					d.recordElems(lines, i, len(line)-len(value), path)
				}
			}
		}
		inStr, depth = scanValue(rest, inStr, depth)
	}
}

// extend notes that line belongs to table and so to each table holding it.
func (d *Doc) extend(table string, line int) {
	for p := table; p != ""; p = parent(p) {
		d.ends[p] = line
	}
}

// End returns the last line of what the table at path holds: its header,
// its keys and their values, and its sub-tables, up to the next table that
// is not its own; blank lines and comments after its last key are not its.
// It is where an entry of the table ends, for a tool that adds to it
// ("pledge[2]" ends after its last [[pledge.history]]). It is 0 when no
// such table was written.
func (d *Doc) End(path string) int {
	d.index()
	return d.ends[path]
}

// recordTable records a table header's path, noting that it names a table.
func (d *Doc) recordTable(path string, pos diag.Pos) {
	if _, ok := d.keys[path]; !ok {
		d.tables[path] = true
	}
	d.record(path, pos)
}

// record notes where path was first written. A valid document writes each
// path once; in an invalid one, the first place is what an error about a
// second one refers to.
func (d *Doc) record(path string, pos diag.Pos) {
	if _, ok := d.keys[path]; !ok {
		d.order = append(d.order, path)
		d.keys[path] = pos
	}
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
	d.index()
	var out []string
	for _, p := range d.order {
		if parent(p) == table && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

var definedRE = regexp.MustCompile(`^Key '([^']*)' has already been defined\.?$`)

// syntaxHints say what to do about the TOML library's syntax errors, by a
// part of its message.
var syntaxHints = []struct{ contains, hint string }{
	{"strings cannot contain newlines", `close the quote on the same line, or write text of several lines between """ and """`},
	{"unexpected EOF", "the file ends inside a value: close what was opened"},
	{"invalid escape in string", `write a backslash as \\, or use a 'literal string', which has no escapes`},
	{"array terminator", "separate the items of a list with commas and close it with ]"},
	{"expected value but found", `write a value after the =: a "quoted string", a number, a date, true, false or a [list]`},
	{"expected '.' or '='", `write key = value, with text in "quotes"`},
	{"expected a top-level item to end with a newline", `write one key = value per line, with text in "quotes"`},
	{"table array name delimiter", "close the header with ]], like [[pledge]]"},
	{"table name delimiter", "close the header with ], like [table]"},
	{"bare keys cannot contain", `a key is letters, digits, - and _; put any other key in "quotes"`},
	{"control characters", "remove the invisible control character, or write it as an escape like \\t"},
	{"inline table", "write an inline table on one line, like { a = 1, b = 2 }"},
	{"invalid datetime", `expected a date such as 2026-01-06 (a real day: month 01 to 12, day within the month); a month or a year alone is written in quotes, "2026-01" or "2026"`},
}

// syntaxMessage is the TOML library's message for a syntax error at pos,
// with what to do; header says whether pos is on a [table] header.
func (d *Doc) syntaxMessage(pe toml.ParseError, pos diag.Pos, header bool) string {
	if m := definedRE.FindStringSubmatch(pe.Message); m != nil {
		return d.redefined(m[1], pos, header)
	}
	msg := pe.Message
	if pe.LastKey != "" {
		msg = fmt.Sprintf("field %q: %s", pe.LastKey, msg)
	}
	for _, h := range syntaxHints {
		if strings.Contains(pe.Message, h.contains) {
			return msg + "; " + h.hint
		}
	}
	return msg + "; see docs/content.md for how this file is written"
}

// redefined explains a key or table written a second time, naming the line
// of the first.
func (d *Doc) redefined(key string, pos diag.Pos, header bool) string {
	d.index()
	first, firstPath := 0, ""
	for _, p := range d.order {
		if kp := d.keys[p]; indexRE.ReplaceAllString(p, "") == key && kp.Line < pos.Line && kp.Line > first {
			first, firstPath = kp.Line, p
		}
	}
	where := "above"
	if first > 0 {
		where = fmt.Sprintf("at line %d", first)
	}
	parts := strings.Split(key, ".")
	last := parts[len(parts)-1]
	switch {
	case header && d.tables[firstPath]:
		return fmt.Sprintf("[%s] is already defined %s; write each table once, and start every entry of a list with [[%s]]", key, where, key)
	case header:
		return fmt.Sprintf("[%s] is already a field, set %s; give the table another name", key, where)
	}
	return fmt.Sprintf("field %q is already set %s; write each key once in a table", last, where)
}

// ElemPos returns where element i of the list written at path starts
// ("countries", 2: the third code of a brief's countries); the list's
// position when the element cannot be found.
func (d *Doc) ElemPos(path string, i int) diag.Pos { return d.Pos(Path(path, i, "")) }

// recordElems records where each element of the list value that opens at
// byte col of lines[row] starts, for ElemPos. It walks the value once,
// over as many lines as it takes, past strings, comments and nested lists
// and tables.
func (d *Doc) recordElems(lines []string, row, col int, path string) {
	depth, n, want := 0, 0, false // want: the next value starts an element
	for r := row; r < len(lines); r++ {
		line := lines[r]
		for c := col; c < len(line); c++ {
			ch := line[c]
			if ch == ' ' || ch == '\t' || ch == '\r' {
				continue
			}
			if ch == '#' {
				break
			}
			if depth == 1 && want && ch != ']' && ch != ',' {
				d.elems[Path(path, n, "")] = diag.Pos{File: d.file, Line: r + d.first, Col: c + 1}
				n, want = n+1, false
			}
			switch ch {
			case '[', '{':
				depth++
				want = depth == 1
			case ']', '}':
				if depth--; depth == 0 {
					return
				}
			case ',':
				want = depth == 1
			case '"', '\'':
				end, ok := skipString(lines, &r, c)
				if !ok {
					return
				}
				line, c = lines[r], end
			}
		}
		col = 0
	}
}

// skipString returns the column of the last byte of the string that opens
// at byte c of lines[*r], and moves *r to the line where it ends; false
// when it does not end.
func skipString(lines []string, r *int, c int) (int, bool) {
	q := lines[*r][c]
	delim := string(q)
	if strings.HasPrefix(lines[*r][c:], strings.Repeat(delim, 3)) {
		delim = strings.Repeat(delim, 3)
	}
	for start := c + len(delim); *r < len(lines); *r, start = *r+1, 0 {
		line := lines[*r]
		for i := start; i < len(line); i++ {
			if q == '"' && line[i] == '\\' {
				i++
				continue
			}
			if strings.HasPrefix(line[i:], delim) {
				for len(delim) == 3 && i+3 < len(line) && line[i+3] == q {
					i++ // a closing """ may follow up to two quotes of the string's own
				}
				return i + len(delim) - 1, true
			}
		}
		if len(delim) == 1 {
			return 0, false
		}
	}
	return 0, false
}

// Repeated reports each value that vals, the list written at path, holds
// more than once, at its second place, with its first: a list that names
// one country a thousand times would list a brief a thousand times on
// that country's page, so a repeat is a mistake, never a way to say more.
func (d *Doc) Repeated(path string, vals []string) diag.List {
	var errs diag.List
	first := make(map[string]int, len(vals))
	count := map[string]int{}
	for i, v := range vals {
		if _, ok := first[v]; !ok {
			first[v] = i
		}
		count[v]++
	}
	field := path[strings.LastIndexByte(path, '.')+1:]
	for i, v := range vals {
		n := count[v]
		if n < 2 || first[v] == i {
			continue
		}
		count[v] = 0 // once per value
		times := "twice"
		if n > 2 {
			times = strconv.Itoa(n) + " times"
		}
		at := d.ElemPos(path, first[v])
		errs.Add(d.ElemPos(path, i), "field %q: %q is listed %s (first at line %d, column %d): list each once", field, v, times, at.Line, at.Col)
	}
	return errs
}

// Firsts yields each value of vals once, with the index of its first
// place, for ElemPos: a check of what a list holds then reports a wrong
// value once, where it is first written, and its repeats are Repeated's.
func Firsts(vals []string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		seen := make(map[string]bool, len(vals))
		for i, v := range vals {
			if seen[v] {
				continue
			}
			seen[v] = true
			if !yield(i, v) {
				return
			}
		}
	}
}
