package tomldoc

import (
	"strings"
	"sync"
	"testing"
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
	for path, want := range map[string]string{
		"title":                    "p.toml:1:1",
		"pledge[0]":                "p.toml:6:1",
		"pledge[1].id":             "p.toml:12:1",
		"pledge[1].source[1].ref":  "p.toml:19:3",
		"pledge[1].source[1].what": "p.toml:18:3", // missing: the enclosing table
		"pledge[0].source[0].ref":  "p.toml:9:3",
	} {
		if have := d.Pos(path).String(); have != want {
			t.Errorf("Pos(%q) = %s, want %s", path, have, want)
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
		{"wrong type", "[[pledge]]\nid = \"a\"\n[[pledge]]\nid = \"b\"\nconditions = \"after\"\n", "p.toml:7:1: field \"pledge.conditions\": expected a list"},
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
// at its key, in document order, the same on every run (BurntSushi/toml
// alone reports one of them, chosen by map order).
func TestTypeErrorsAllAndInOrder(t *testing.T) {
	src := "title = 3\n\n[[pledge]]\nid = \"a\"\nconditions = \"after\"\n\n[[pledge]]\nid = true\n"
	want := []string{
		`p.toml:1:1: field "title": expected a quoted string, found a number`,
		`p.toml:5:1: field "pledge.conditions": expected a list like ["a", "b"], found a string`,
		`p.toml:8:1: field "pledge.id": expected a quoted string, found a boolean`,
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
	if have, want := d.Pos("pledge[0].source[0].ref").String(), "p.toml:6:3"; have != want {
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
			if have := d.Pos("pledge[1].source[1].ref").String(); have != "p.toml:19:3" {
				t.Errorf("Pos = %s", have)
			}
			if have := strings.Join(d.Keys("pledge[1]"), " "); have != "pledge[1].id pledge[1].conditions" {
				t.Errorf("Keys = %s", have)
			}
		})
	}
	wg.Wait()
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
		{"a", 4, "f.toml:5:3"}, {"a", 5, "f.toml:3:1"}, {"b", 0, "f.toml:6:1"}, {"t.c", 0, "f.toml:8:7"}, {"t.c", 1, "f.toml:8:1"},
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
