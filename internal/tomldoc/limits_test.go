package tomldoc

import (
	"strings"
	"testing"
)

func TestLimits(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"deep list", "a = " + strings.Repeat("[", 40) + strings.Repeat("]", 40), "p.toml:1:37: invalid TOML: lists and inline tables nested more than 32 deep; flatten the value"},
		{"deep inline table", "a = " + strings.Repeat("{b=", 40), "p.toml:1:101: invalid TOML: lists and inline tables nested more than 32 deep; flatten the value"},
		{"long key", "a" + strings.Repeat(".a", 20) + " = 1", "p.toml:1:32: invalid TOML: a key or table name of more than 16 dotted parts; shorten it"},
		{"long table name", "x = 1\n[a" + strings.Repeat(".a", 20) + "]", "p.toml:2:33: invalid TOML: a key or table name of more than 16 dotted parts; shorten it"},
		{"many keys", strings.Repeat("[t]\n", 1) + func() string {
			var b strings.Builder
			for i := range 1001 {
				b.WriteString("k" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + strings.Repeat("y", i/182) + " = 1\n")
			}
			return b.String()
		}(), "invalid TOML: more than 1000 keys in one table; split the entries into tables"},
		{"invalid UTF-8", "title = \"Caf\xe9\"\n", "p.toml:1:13: invalid UTF-8 at byte offset 12 (0xe9): save the file as UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v map[string]any
			d, errs := Decode("p.toml", []byte(tc.src), 1, &v)
			if d != nil || len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.want) {
				t.Errorf("have %v, want %q", errs, tc.want)
			}
		})
	}
	// Within the limits, and with brackets, dots and equals signs in
	// strings and comments that must not count, documents decode.
	ok := "a = " + strings.Repeat("[", 32) + strings.Repeat("]", 32) + "\n" +
		"b.c.d = \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ . . . . . . . . . . . . . . . . . = = =\"\n" +
		"e = '''\n" + strings.Repeat("{", 40) + "\n'''\n" +
		"# " + strings.Repeat("[.=", 40) + "\n" +
		"f = { g = [1, 2], h = { i = \"]]}}\" } }\n" +
		"[" + strings.Repeat("j.", 15) + "k]\n"
	var v map[string]any
	if d, errs := Decode("p.toml", []byte(ok), 1, &v); d == nil || strings.Contains(errs.Error(), "invalid TOML") {
		t.Errorf("a valid document within the limits: %v", errs)
	}
}

// TestLimitsAreFast: documents that would take the TOML library minutes,
// or overflow its stack, are refused by the limits' scan, where the limit
// is first passed: the scan reads a few bytes of a megabyte and the parser
// is never called (its errors read otherwise). Work is bounded, not timed.
func TestLimitsAreFast(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"lists", "a = " + strings.Repeat("[", 1<<20), "p.toml:1:37: invalid TOML: lists and inline tables nested more than 32 deep"},
		{"inline tables", "a = " + strings.Repeat("{b=", 1<<18), "p.toml:1:101: invalid TOML: lists and inline tables nested more than 32 deep"},
		{"dotted key", "a" + strings.Repeat(".a", 1<<19) + "=1", "p.toml:1:32: invalid TOML: a key or table name of more than 16 dotted parts"},
		{"keys", strings.Repeat("k = 1\n", 1<<18), "p.toml:1001:3: invalid TOML: more than 1000 keys in one table"},
	} {
		var v map[string]any
		_, errs := Decode("p.toml", []byte(tc.src), 1, &v)
		if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tc.want) {
			t.Errorf("%s (%d KiB): have %v\nwant one error starting %s", tc.name, len(tc.src)>>10, errs, tc.want)
		}
	}
}

func TestSyntaxHints(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"a = \"x\na = 1\n", `p.toml:1:7: invalid TOML: field "a": strings cannot contain newlines; close the quote on the same line, or write text of several lines between """ and """`},
		{"[[p]]\nid = \"a\"\n[p]\n", `p.toml:3:2: invalid TOML: [p] is already defined at line 1; write each table once, and start every entry of a list with [[p]]`},
		{"t = 1\n[t]\n", `p.toml:2:2: invalid TOML: [t] is already a field, set at line 1; give the table another name`},
		{"a = 1\nb = 2\na = 3\n", `p.toml:3:1: invalid TOML: field "a" is already set at line 1; write each key once in a table`},
		{"a = \"\\q\"\n", `p.toml:1:6: invalid TOML: field "a": invalid escape in string '\q'; write a backslash as \\, or use a 'literal string', which has no escapes`},
		{"a = [1, 2\n", `invalid TOML: field "a": expected a comma (',') or array terminator (']'), but got end of file; separate the items of a list with commas and close it with ]`},
		{"a = \n", `p.toml:1:5: invalid TOML: field "a": expected value but found '\n' instead; write a value after the =`},
		{"[[p]\n", `p.toml:1:4: invalid TOML: expected end of table array name delimiter ']', but got '\n' instead; close the header with ]], like [[pledge]]`},
	} {
		var v map[string]any
		_, errs := Decode("p.toml", []byte(tc.src), 1, &v)
		if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tc.want) && !strings.Contains(errs[0].Error(), tc.want) {
			t.Errorf("input %q:\nhave %v\nwant %s", tc.src, errs, tc.want)
		}
	}
}
