// Package diag provides positioned errors in the form editors' tools jump to,
// file:line:col: message, and a List that collects every error of a run so
// that one build reports all of them at once.
package diag

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Pos is a place in a source file. Line and Col start at 1; zero means unknown.
type Pos struct {
	File string
	Line int
	Col  int
}

// String is file:line:col, with control characters and bytes that are not
// UTF-8 in the file's name escaped as Go writes them in strings ("a\nb"):
// a file name may hold a newline, and a message is one line.
func (p Pos) String() string {
	file := p.File
	if strings.ContainsFunc(file, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' }) || !utf8.ValidString(file) {
		q := strconv.Quote(file)
		file = q[1 : len(q)-1]
	}
	switch {
	case p.Line == 0:
		return file
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", file, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", file, p.Line, p.Col)
}

// Error is one problem at one place.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// List collects errors. The zero value is ready to use.
type List []*Error

// Add records a problem at pos.
func (l *List) Add(pos Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Append adds err to the list, keeping a List's entries as they are and
// giving any other error the position of the file it came from.
func (l *List) Append(file string, err error) {
	switch e := err.(type) {
	case nil:
	case List:
		*l = append(*l, e...)
	case *Error:
		*l = append(*l, e)
	default:
		*l = append(*l, &Error{Pos: Pos{File: file}, Msg: err.Error()})
	}
}

// Sort orders the list by file, line and column, and drops exact duplicates,
// so output is stable whatever order the stages found the problems in.
func (l List) Sort() List {
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	return slices.CompactFunc(l, func(a, b *Error) bool { return *a == *b })
}

// In returns a copy of the list with every file placed in folder dir, so a
// site folder's errors read as the user named the folder.
func (l List) In(dir string) List {
	out := make(List, len(l))
	for i, e := range l {
		e := *e
		if dir != "." && dir != "" && e.Pos.File != "" {
			e.Pos.File = filepath.Join(dir, e.Pos.File)
		}
		out[i] = &e
	}
	return out
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l.Sort()
}

func (l List) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}
