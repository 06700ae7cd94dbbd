package diag

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

func TestPosString(t *testing.T) {
	for _, tc := range []struct {
		in   Pos
		want string
	}{
		{Pos{File: "a.toml", Line: 3, Col: 7}, "a.toml:3:7"},
		{Pos{File: "a.toml", Line: 3}, "a.toml:3"},
		{Pos{File: "a.toml"}, "a.toml"},
		{Pos{File: "a.toml", Col: 5}, "a.toml"}, // a column without a line means nothing
	} {
		if have := tc.in.String(); have != tc.want {
			t.Errorf("input %#v\nhave %q\nwant %q", tc.in, have, tc.want)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	for _, tc := range []struct {
		in   *Error
		want string
	}{
		{&Error{Pos{"site.toml", 2, 9}, `field "title" is required`}, `site.toml:2:9: field "title" is required`},
		{&Error{Pos{"site.toml", 2, 0}, "bad"}, "site.toml:2: bad"},
		{&Error{Pos{File: "content/data"}, "no dataset"}, "content/data: no dataset"},
	} {
		if have := tc.in.Error(); have != tc.want {
			t.Errorf("input %#v\nhave %q\nwant %q", tc.in, have, tc.want)
		}
	}
}

func TestAdd(t *testing.T) {
	var l List
	l.Add(Pos{"f", 1, 2}, "field %q: %d", "x", 3)
	if len(l) != 1 || l[0].Error() != `f:1:2: field "x": 3` {
		t.Errorf("have %v, want one error f:1:2: field \"x\": 3", l)
	}
}

func TestSort(t *testing.T) {
	e := func(file string, line, col int, msg string) *Error {
		return &Error{Pos{file, line, col}, msg}
	}
	for _, tc := range []struct {
		name string
		in   List
		want []string
	}{
		{"empty", nil, nil},
		{
			"by file, line, column, message",
			List{e("b", 1, 1, "x"), e("a", 10, 1, "x"), e("a", 2, 5, "x"), e("a", 2, 1, "z"), e("a", 2, 1, "y"), e("a", 0, 0, "whole file")},
			[]string{"a: whole file", "a:2:1: y", "a:2:1: z", "a:2:5: x", "a:10:1: x", "b:1:1: x"},
		},
		{
			"exact duplicates dropped, distinct pointers",
			List{e("a", 1, 1, "x"), e("b", 1, 1, "x"), e("a", 1, 1, "x"), e("a", 1, 1, "x")},
			[]string{"a:1:1: x", "b:1:1: x"},
		},
		{
			"same place, different messages kept",
			List{e("a", 1, 1, "x"), e("a", 1, 1, "y"), e("a", 1, 1, "x")},
			[]string{"a:1:1: x", "a:1:1: y"},
		},
		{
			"same message, different columns kept",
			List{e("a", 1, 2, "x"), e("a", 1, 1, "x")},
			[]string{"a:1:1: x", "a:1:2: x"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			input := fmt.Sprint(tc.in)
			have := strs(tc.in.Sort())
			if !slices.Equal(have, tc.want) {
				t.Errorf("input %s\nhave %q\nwant %q", input, have, tc.want)
			}
		})
	}
}

func TestErr(t *testing.T) {
	var l List
	if err := l.Err(); err != nil {
		t.Fatalf("empty list: have %v, want nil", err)
	}
	l.Add(Pos{"b", 1, 1}, "second")
	l.Add(Pos{"a", 3, 4}, "first")
	l.Add(Pos{"b", 1, 1}, "second")
	err := l.Err()
	want := "a:3:4: first\nb:1:1: second"
	if err == nil || err.Error() != want {
		t.Fatalf("have %v, want %q", err, want)
	}
	var list List
	if !errors.As(err, &list) || len(list) != 2 {
		t.Errorf("errors.As(err, *List): have %v (%d entries), want the sorted list of 2", list, len(list))
	}
}

func TestAppend(t *testing.T) {
	inner := List{{Pos{"x.toml", 4, 2}, "inner one"}, {Pos{"y.toml", 1, 1}, "inner two"}}
	var wrapped error = inner // as config.Load returns it
	for _, tc := range []struct {
		name string
		file string
		err  error
		want []string
	}{
		{"nil", "f", nil, nil},
		{"typed nil list", "f", List(nil), nil},
		{"list keeps positions", "f", wrapped, []string{"x.toml:4:2: inner one", "y.toml:1:1: inner two"}},
		{"*Error keeps position", "f", &Error{Pos{"z.md", 7, 3}, "msg"}, []string{"z.md:7:3: msg"}},
		{"plain error gets the file", "content/briefs", errors.New("permission denied"), []string{"content/briefs: permission denied"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := List{{Pos{"a", 1, 1}, "before"}}
			l.Append(tc.file, tc.err)
			want := append([]string{"a:1:1: before"}, tc.want...)
			if have := strs(l); !slices.Equal(have, want) {
				t.Errorf("Append(%q, %v)\nhave %q\nwant %q", tc.file, tc.err, have, want)
			}
		})
	}
}

func TestListError(t *testing.T) {
	l := List{{Pos{"a", 1, 1}, "one"}, {Pos{"b", 0, 0}, "two"}}
	if have, want := l.Error(), "a:1:1: one\nb: two"; have != want {
		t.Errorf("have %q, want %q", have, want)
	}
	if have := (List{}).Error(); have != "" {
		t.Errorf("empty list: have %q, want \"\"", have)
	}
}

func strs(l List) []string {
	var out []string
	for _, e := range l {
		out = append(out, e.Error())
	}
	return out
}

// TestPosEscapesFileName: a file name with a newline or another control
// character, or bytes that are not UTF-8, is written escaped, so that an
// error is one line; other names are written as they are.
func TestPosEscapesFileName(t *testing.T) {
	for _, tc := range []struct {
		file, want string
	}{
		{"content/briefs/a\nb.md", `content/briefs/a\nb.md:3:1`},
		{"content/briefs/a\tb\x1b[31m.md", `content/briefs/a\tb\x1b[31m.md:3:1`},
		{"content/briefs/a\u2028b.md", `content/briefs/a\u2028b.md:3:1`},
		{"content/briefs/a\xffb.md", `content/briefs/a\xffb.md:3:1`},
		{`content/briefs/a "quoted" b\c ünï.md`, `content/briefs/a "quoted" b\c ünï.md:3:1`},
	} {
		if have := (Pos{File: tc.file, Line: 3, Col: 1}).String(); have != tc.want {
			t.Errorf("%q: have %s, want %s", tc.file, have, tc.want)
		}
	}
}
