package tomldoc

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

type source struct {
	Ref   string `toml:"ref"`
	Quote string `toml:"quote"`
}

type pledge struct {
	ID         string   `toml:"id"`
	Conditions []string `toml:"conditions"`
	Source     []source `toml:"source"`
}

type file struct {
	Title  string   `toml:"title"`
	Pledge []pledge `toml:"pledge"`
}

const doc = `title = "x" # comment
notes = """
not = "a key"
"""

[[pledge]]
id = "a"
  [[pledge.source]]
  ref = "r"

[[pledge]]
id = "b"
conditions = [
  "x = y",
]
  [[pledge.source]]
  ref = "r"
  [[pledge.source]]
  ref   = "s"
  qoute = "typo"
`

func TestPositions(t *testing.T) {
	var f file
	d, errs := Decode("p.toml", []byte(doc), 1, &f)
	if d == nil {
		t.Fatalf("Decode: %v", errs)
	}
	for path, want := range map[string]string{ // value, key
		"title":                    "p.toml:1:9 p.toml:1:1",
		"pledge[0]":                "p.toml:6:1 p.toml:6:1",
		"pledge[1].id":             "p.toml:12:6 p.toml:12:1",
		"pledge[1].conditions":     "p.toml:13:14 p.toml:13:1",
		"pledge[1].source[1].ref":  "p.toml:19:11 p.toml:19:3",
		"pledge[1].source[1].what": "p.toml:18:3 p.toml:18:3", // missing: the enclosing table
		"pledge[0].source[0].ref":  "p.toml:9:9 p.toml:9:3",
	} {
		if have := d.Pos(path).String() + " " + d.KeyPos(path).String(); have != want {
			t.Errorf("Pos, KeyPos(%q) = %s, want %s", path, have, want)
		}
	}
	if len(errs) != 2 || errs[0].Error() != `p.toml:2:1: unknown field "notes" (check its spelling in docs/content.md)` ||
		errs[1].Error() != `p.toml:20:3: unknown field "qoute"; did you mean "quote"?` {
		t.Errorf("errors = %v", errs)
	}
	if _, ok := d.keys["not"]; ok {
		t.Errorf("a line inside a multi-line string was taken for a key")
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"unclosed string", "title = \"x\n", "p.toml:3:11: invalid TOML: field \"title\": strings cannot contain newlines"},
		{"wrong type", "[[pledge]]\nid = \"a\"\n[[pledge]]\nid = \"b\"\nconditions = \"after\"\n", "p.toml:7:14: field \"pledge.conditions\": expected a list"},
		{"duplicate key", "title = \"a\"\ntitle = \"b\"\n", "p.toml:4:1: invalid TOML: field \"title\" is already set at line 3; write each key once in a table"},
		{"unclosed table header", "a = 1\n[[pledge]\nid = \"x\"\n", "p.toml:4:9: invalid TOML: expected end of table array name delimiter ']', but got '\\n' instead"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var f file
			_, errs := Decode("p.toml", []byte(tc.src), 3, &f)
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tc.want) {
				t.Errorf("have %v, want prefix %q", errs, tc.want)
			}
		})
	}
}

// TestTypeErrorsAllAndInOrder: every value of the wrong kind is reported,
// at its value, in document order, the same on every run (BurntSushi/toml
// alone reports one of them, chosen by map order).
func TestTypeErrorsAllAndInOrder(t *testing.T) {
	src := "title = 3\n\n[[pledge]]\nid = \"a\"\nconditions = \"after\"\n\n[[pledge]]\nid = true\n"
	want := []string{
		`p.toml:1:9: field "title": expected a quoted string, found a number`,
		`p.toml:5:14: field "pledge.conditions": expected a list like ["a", "b"], found a string`,
		`p.toml:8:6: field "pledge.id": expected a quoted string, found a boolean`,
	}
	for range 20 {
		var f file
		_, errs := Decode("p.toml", []byte(src), 1, &f)
		var have []string
		for _, e := range errs {
			have = append(have, e.Error())
		}
		if strings.Join(have, "\n") != strings.Join(want, "\n") {
			t.Fatalf("have\n%s\nwant\n%s", strings.Join(have, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestIndexIsLazy: a document that decodes without errors is not scanned
// for positions until one is asked for, and then gives the same ones.
func TestIndexIsLazy(t *testing.T) {
	src := "title = \"x\"\n\n[[pledge]]\nid = \"a\"\n  [[pledge.source]]\n  ref = \"r\"\n"
	var f file
	d, errs := Decode("p.toml", []byte(src), 1, &f)
	if d == nil || len(errs) > 0 {
		t.Fatalf("Decode: %v", errs)
	}
	if d.keys != nil || d.text == "" {
		t.Fatalf("the index was built at decode time")
	}
	if have, want := d.Pos("pledge[0].source[0].ref").String(), "p.toml:6:9"; have != want {
		t.Errorf("Pos = %s, want %s", have, want)
	}
	if d.text != "" {
		t.Errorf("the text is kept after the index is built")
	}
}

// TestConcurrentPos: the first Pos or Keys may come from several
// goroutines at once (run with -race).
func TestConcurrentPos(t *testing.T) {
	d := &Doc{file: "p.toml", first: 1, text: doc} // as Decode leaves it: not yet indexed
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if have := d.Pos("pledge[1].source[1].ref").String(); have != "p.toml:19:11" {
				t.Errorf("Pos = %s", have)
			}
			if have := strings.Join(d.Keys("pledge[1]"), " "); have != "pledge[1].id pledge[1].conditions" {
				t.Errorf("Keys = %s", have)
			}
		})
	}
	wg.Wait()
}

// TestValuePos: a field's position is where its value starts, whatever the
// value, on the key's line even when it runs over several; the same in
// front matter that starts on a later line of its file, with CRLF line
// ends, and after a byte order mark (which an editor does not count).
func TestValuePos(t *testing.T) {
	const src = "s = \"x\"\n" +
		"n   =\t42 # a comment\n" +
		"d = 2026-01-06\n" +
		"l = [\"a\", \"b\"]\n" +
		"t = { k = \"v\" }\n" +
		"m = [\n  1,\n    2,\n]\n" +
		"ml = \"\"\"\none\n\"\"\"\n" +
		"\"q k\" = 'lit'\n" +
		"[tab]\n  x.y = true\n"
	type value struct {
		S   string             `toml:"s"`
		N   int                `toml:"n"`
		D   time.Time          `toml:"d"`
		L   []string           `toml:"l"`
		T   struct{ K string } `toml:"t"`
		M   []int              `toml:"m"`
		ML  string             `toml:"ml"`
		Q   string             `toml:"q k"`
		Tab struct {
			X struct{ Y bool } `toml:"x"`
		} `toml:"tab"`
	}
	want := []struct{ path, pos string }{
		{"s", "1:5"}, {"n", "2:7"}, {"d", "3:5"}, {"l", "4:5"}, {"l[1]", "4:11"},
		{"t", "5:5"}, {"t.k", "5:5"}, // keys of an inline table are at the table
		{"m", "6:5"}, {"m[1]", "8:5"}, {"ml", "10:6"}, {"q k", "13:9"},
		{"tab", "14:1"}, {"tab.x.y", "15:9"}, {"tab.z", "14:1"}, // missing: its table
	}
	for _, tc := range []struct {
		name, src string
		first     int
	}{
		{"plain", src, 1},
		{"front matter", src, 4},
		{"CRLF", strings.ReplaceAll(src, "\n", "\r\n"), 1},
		{"BOM", "\ufeff" + src, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v value
			d, errs := Decode("v.toml", []byte(tc.src), tc.first, &v)
			if d == nil || len(errs) > 0 {
				t.Fatalf("Decode: %v", errs)
			}
			for _, w := range want {
				var line, col int
				fmt.Sscanf(w.pos, "%d:%d", &line, &col)
				if have, want := d.Pos(w.path).String(), fmt.Sprintf("v.toml:%d:%d", line+tc.first-1, col); have != want {
					t.Errorf("Pos(%q) = %s, want %s", w.path, have, want)
				}
			}
			if have, want := d.KeyPos("n").String(), fmt.Sprintf("v.toml:%d:1", tc.first+1); have != want {
				t.Errorf("KeyPos(\"n\") = %s, want %s", have, want)
			}
		})
	}
}

func TestElemPos(t *testing.T) {
	src := "a = [\"x\", 'y',\"\"\"z\n]\"\"\", [1, [2]],  # c, d\n  {k = \"v,w\"}, ]\nb = []\n[t]\nc = [ \"p\" ] # [\"q\"]\n"
	var v struct {
		A []any                `toml:"a"`
		B []any                `toml:"b"`
		T struct{ C []string } `toml:"t"`
	}
	d, errs := Decode("f.toml", []byte(src), 3, &v)
	if d == nil || len(errs) > 0 {
		t.Fatalf("Decode: %v", errs)
	}
	for _, tc := range []struct {
		path string
		i    int
		want string
	}{
		{"a", 0, "f.toml:3:6"}, {"a", 1, "f.toml:3:11"}, {"a", 2, "f.toml:3:15"}, {"a", 3, "f.toml:4:7"},
		{"a", 4, "f.toml:5:3"}, {"a", 5, "f.toml:3:5"}, {"b", 0, "f.toml:6:5"}, {"t.c", 0, "f.toml:8:7"}, {"t.c", 1, "f.toml:8:5"},
	} {
		if have := d.ElemPos(tc.path, tc.i).String(); have != tc.want {
			t.Errorf("ElemPos(%q, %d) = %s, want %s", tc.path, tc.i, have, tc.want)
		}
	}
}

// TestEnd: a table ends at its last key, value line or sub-table, before the
// blank lines and comments that lead to the next table.
func TestEnd(t *testing.T) {
	var f file
	src := doc + "  # about b, after its last key\n\n# the next section\n[[pledge]]\nid = \"c\"\n"
	d, _ := Decode("p.toml", []byte(src), 1, &f)
	if d == nil {
		t.Fatal("Decode failed")
	}
	for path, want := range map[string]int{
		"pledge[0]":           9,  // its source's ref
		"pledge[1]":           20, // the last source's quote, past a multi-line list
		"pledge[1].source[0]": 17,
		"pledge[2]":           25,
		"pledge[3]":           0, // not written
		"title":               0, // a key, not a table
	} {
		if have := d.End(path); have != want {
			t.Errorf("End(%q) = %d, want %d", path, have, want)
		}
	}
	// A multi-line string's last line is its table's.
	d, _ = Decode("q.toml", []byte("[[pledge]]\nid = \"\"\"\na\n\n\"\"\"\n\n[[pledge]]\n"), 1, &f)
	if d == nil || d.End("pledge[0]") != 5 {
		t.Errorf("End over a multi-line string = %d, want 5", d.End("pledge[0]"))
	}
}

// TestQuote: whatever the text, the quoted form decodes back to it.
func TestQuote(t *testing.T) {
	for _, s := range []string{"", "plain", `a "quote" and a \ backslash`, "two\nlines\tand\r\x00\x7f", "Türkiye ’s – ✕"} {
		var v struct {
			S string `toml:"s"`
		}
		if d, errs := Decode("q.toml", []byte("s = "+Quote(s)+"\n"), 1, &v); d == nil || len(errs) > 0 || v.S != s {
			t.Errorf("Quote(%q) = %s decodes to %q (%v)", s, Quote(s), v.S, errs)
		}
	}
}
