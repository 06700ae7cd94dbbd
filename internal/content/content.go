// Package content loads the Markdown documents of a site: briefs under
// content/briefs/ and standalone pages directly under content/.
//
// Every document starts with TOML front matter between two "+++" lines.
// Brief keys:
//
//	title     required  headline
//	date      required  a date or RFC 3339 time
//	summary   required  one or two sentences for lists and previews (a draft
//	                    may leave it empty)
//	countries optional  country codes from the dataset
//	sources   optional  source ids from the dataset
//	updated   optional  date of the last substantive change: not before date, nor after
//	                    the briefing's date (as_of, or today)
//	draft     optional  true leaves the brief out unless drafts are asked for
//	lead      optional  true makes it the lead brief, first on the front page
//	                    whatever its date; at most one published brief may set it
//
// A file that cannot be read as a brief (bad TOML, a bad file name, a slug
// used twice, a country or source listed twice) is always an error; a missing field is reported in
// Brief.Problems, for the caller to report only if it builds the brief, as
// is text left from the skeleton of a new brief in a published one
// (Skeleton).
// Page keys: title and description, both required.
//
// A brief's slug is its file name without ".md" and without a leading
// "YYYY-MM-DD-". Markdown is rendered by goldmark with tables,
// strikethrough, footnotes, typographic quotes and heading IDs, each
// HeadingIDPrefix and the slug of the heading ("h-what-was-agreed"); raw
// HTML is dropped, never passed through.
//
// Hostile or broken input is an error at its position, never a crash or a
// stall: a document is at most MaxDocument bytes of UTF-8 (a UTF-8 byte
// order mark and CRLF line ends are accepted), block quotes and lists nest at
// most MaxNesting deep, the shapes goldmark parses slowly are refused
// before parsing (shapes.go: MaxMarks, MaxBrackets, MaxQuoteRun,
// MaxFootnotes, table rows shorter than their header), and a link or
// image may only lead to a page or file of the site or to an http:, https:, mailto: or tel: address; javascript:,
// vbscript:, data:, file: and every other scheme are refused (and never
// reach the page).
package content

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/humanize"
	"github.com/briefing/briefing/internal/slug"
	"github.com/briefing/briefing/internal/tomldoc"
)

// Dir is the content folder of a site; BriefsDir holds the briefs.
const (
	Dir       = "content"
	BriefsDir = Dir + "/briefs"
)

// Brief is one dated update.
type Brief struct {
	Slug      string
	Title     string    `toml:"title"`
	Date      date.Date `toml:"date"`
	Updated   date.Date `toml:"updated"`
	Summary   string    `toml:"summary"`
	Countries []string  `toml:"countries"`
	Sources   []string  `toml:"sources"`
	Draft     bool      `toml:"draft"`
	Lead      bool      `toml:"lead"`
	// Problems are missing fields: reported only when the brief is built,
	// so an unfinished draft does not stop the site from building.
	Problems diag.List

	doc  *tomldoc.Doc
	text atomic.Pointer[Text]
}

// Text is what a brief's body gives: its HTML and the links written in it.
type Text struct {
	Body  template.HTML
	Links []Link
}

// Body is the brief's text as HTML. It is held, not read again: nothing
// reads a source file after loading.
func (b *Brief) Body() template.HTML {
	if t := b.text.Load(); t != nil {
		return t.Body
	}
	return "" // made in code, not loaded
}

// Links are the links written in the brief's body.
func (b *Brief) Links() []Link {
	if t := b.text.Load(); t != nil {
		return t.Links
	}
	return nil
}

// TakeText gives b the text of other, a later load of the same file whose
// front matter is the same bytes, and so gives the same brief but for its
// text. A model is made from the front matter alone; the build's cache
// takes the text of a save that changed only the text this way, and keeps
// the model made from b. The text is swapped whole, atomically, so pages
// being made from b at the time see the old text or the new.
func (b *Brief) TakeText(other *Brief) { b.text.Store(other.text.Load()) }

// Pos says where the value of a front-matter field of the brief starts.
func (b *Brief) Pos(field string) diag.Pos { return b.doc.Pos(field) }

// ElemPos says where element i of a list field of the brief starts.
func (b *Brief) ElemPos(field string, i int) diag.Pos { return b.doc.ElemPos(field, i) }

// File is the brief's path in the site folder.
func (b *Brief) File() string { return b.doc.File() }

// Page is a standalone page such as the methodology.
type Page struct {
	Slug        string
	Title       string `toml:"title"`
	Description string `toml:"description"`
	Body        template.HTML
	Links       []Link // as written in the body

	doc *tomldoc.Doc
}

// File is the page's path in the site folder.
func (p *Page) File() string { return p.doc.File() }

// MaxDocument is the size limit of a brief or page. The longest real brief
// is a few kilobytes; Markdown that is meant to hurt can keep the renderer
// busy for seconds per hundred kilobytes, so the limit keeps the worst case
// to about a second.
const MaxDocument = 512 << 10

var datePrefixRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}-`)

// Misnamed reports whether file, in the folder of briefs or of pages, is
// meant as one but is not read as one, since only names ending in ".md"
// are: "x.MD", "x.Md", "x.markdown". It returns the name to give it.
func Misnamed(file string) (rename string, ok bool) {
	base := path.Base(file)
	ext := path.Ext(base)
	if ext == ".md" || !strings.EqualFold(ext, ".md") && !strings.EqualFold(ext, ".markdown") {
		return "", false
	}
	return strings.TrimSuffix(base, ext) + ".md", true
}

// LoadBriefs reads every content/briefs/*.md, sorted newest first (then by
// slug, so the order never depends on the file system).
func (m *Markdown) LoadBriefs(fsys fs.FS) ([]*Brief, diag.List) {
	var briefs []*Brief
	var errs diag.List
	files, err := fs.Glob(fsys, BriefsDir+"/*.md")
	if err != nil {
		errs.Append(BriefsDir, err)
		return nil, errs
	}
	for _, file := range files {
		b, ferrs := m.LoadBrief(fsys, file)
		errs = append(errs, ferrs...)
		if b != nil {
			briefs = append(briefs, b)
		}
	}
	briefs, serrs := Collate(briefs)
	return briefs, append(errs, serrs...)
}

// LoadBrief reads one brief. It returns nil when the file cannot be read as
// a brief at all; a brief with problems comes with errors. Whether its slug
// is taken is for Collate to say, which sees all of them.
func (m *Markdown) LoadBrief(fsys fs.FS, file string) (*Brief, diag.List) {
	return load(fsys, file, m.ParseBrief)
}

// load reads file and parses it with parse.
func load[T any](fsys fs.FS, file string, parse func(string, []byte) (*T, diag.List)) (*T, diag.List) {
	src, err := ReadDocument(fsys, file)
	if err != nil {
		var errs diag.List
		errs.Append(file, err)
		return nil, errs
	}
	return parse(file, src)
}

// ParseBrief reads a brief from src, the bytes of file.
func (m *Markdown) ParseBrief(file string, src []byte) (*Brief, diag.List) {
	b := &Brief{}
	body, at, doc, errs := m.parse(file, src, b)
	if doc == nil {
		return nil, errs
	}
	b.doc = doc
	b.Slug = datePrefixRE.ReplaceAllString(strings.TrimSuffix(path.Base(file), ".md"), "")
	if !slug.Valid(b.Slug) {
		errs.Add(diag.Pos{File: file, Line: 1, Col: 1}, "file name gives the slug %q: name briefs with lowercase letters, digits and dashes, like 2026-01-06-what-was-agreed.md", b.Slug)
	}
	for _, f := range []struct{ key, val string }{{"title", b.Title}, {"summary", b.Summary}} {
		if strings.TrimSpace(f.val) == "" && (f.key == "title" || !b.Draft) { // a draft previews without its summary
			b.Problems.Add(doc.Pos(f.key), "field %q is required", f.key)
		}
	}
	if b.Date.IsZero() {
		b.Problems.Add(doc.Pos("date"), "field \"date\" is required (a date like 2026-01-06)")
	} else if !b.Updated.IsZero() && b.Updated.Compare(b.Date) < 0 {
		b.Problems.Add(doc.Pos("updated"), "field \"updated\": %s is before the brief's date, %s: a brief is updated after it is published; correct one of them", b.Updated, b.Date)
	}
	errs = append(errs, doc.Repeated("countries", b.Countries)...)
	errs = append(errs, doc.Repeated("sources", b.Sources)...)
	if !b.Draft {
		b.Problems = append(b.Problems, leftovers(body, at)...)
	}
	t := new(Text)
	var rerrs diag.List
	t.Body, t.Links, rerrs = m.renderChecked(body, "../../", at)
	b.text.Store(t)
	return b, append(errs, rerrs...)
}

// Collate sorts briefs newest first (then by slug) and reports every slug
// that two files give, at the later file by name.
func Collate(briefs []*Brief) ([]*Brief, diag.List) {
	var errs diag.List
	slices.SortFunc(briefs, func(a, b *Brief) int { return strings.Compare(a.File(), b.File()) }) // a file system may list a folder in any order
	seen := map[string]string{}
	for _, b := range briefs {
		if other, ok := seen[b.Slug]; ok && slug.Valid(b.Slug) {
			errs.Add(diag.Pos{File: b.File(), Line: 1, Col: 1}, "slug %q is already used by %s: two briefs cannot share a URL; rename one file", b.Slug, other)
		}
		seen[b.Slug] = b.File()
	}
	sortBriefs(briefs)
	return briefs, errs
}

// LoadPages reads every content/*.md.
func (m *Markdown) LoadPages(fsys fs.FS) ([]*Page, diag.List) {
	var pages []*Page
	var errs diag.List
	files, err := fs.Glob(fsys, Dir+"/*.md")
	if err != nil {
		errs.Append(Dir, err)
		return nil, errs
	}
	slices.Sort(files) // a file system may list a folder in any order
	for _, file := range files {
		p, ferrs := m.LoadPage(fsys, file)
		errs = append(errs, ferrs...)
		if p != nil {
			pages = append(pages, p)
		}
	}
	return pages, errs
}

// LoadPage reads one standalone page. It returns nil when the file cannot
// be read as a page at all.
func (m *Markdown) LoadPage(fsys fs.FS, file string) (*Page, diag.List) {
	return load(fsys, file, m.ParsePage)
}

// ParsePage reads a standalone page from src, the bytes of file.
func (m *Markdown) ParsePage(file string, src []byte) (*Page, diag.List) {
	p := &Page{Slug: strings.TrimSuffix(path.Base(file), ".md")}
	body, at, doc, errs := m.parse(file, src, p)
	if doc == nil {
		return nil, errs
	}
	p.doc = doc
	if !slug.Valid(p.Slug) {
		errs.Add(diag.Pos{File: file, Line: 1, Col: 1}, "file name gives the slug %q: name pages with lowercase letters, digits and dashes", p.Slug)
	}
	for _, f := range []struct{ key, val string }{{"title", p.Title}, {"description", p.Description}} {
		if strings.TrimSpace(f.val) == "" {
			errs.Add(doc.Pos(f.key), "field %q is required", f.key)
		}
	}
	var rerrs diag.List
	p.Body, p.Links, rerrs = m.renderChecked(body, "../", at)
	return p, append(errs, rerrs...)
}

// parse decodes the front matter of src, the bytes of file, into v and
// returns the Markdown body and where it starts. A nil Doc means the file
// could not be read as a document at all.
func (m *Markdown) parse(file string, src []byte, v any) ([]byte, diag.Pos, *tomldoc.Doc, diag.List) {
	var errs diag.List
	if e := tomldoc.InvalidUTF8(file, src, 1); e != nil {
		return nil, diag.Pos{}, nil, append(errs, e)
	}
	front, body, line, err := SplitFrontMatter(src)
	if err != nil {
		errs.Add(diag.Pos{File: file, Line: line, Col: 1}, "%v", err)
		return nil, diag.Pos{}, nil, errs
	}
	at := diag.Pos{File: file, Line: line + 1, Col: 1}
	if e := checkShapes(body, at); e != nil {
		return nil, diag.Pos{}, nil, append(errs, e)
	}
	doc, derrs := tomldoc.Decode(file, front, 2, v)
	return body, at, doc, derrs
}

// ReadDocument reads a brief or page, refusing one over MaxDocument bytes
// before reading it all.
func ReadDocument(fsys fs.FS, file string) ([]byte, error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tooBig := func(size int64) error {
		return &diag.Error{Pos: diag.Pos{File: file}, Msg: fmt.Sprintf("the file is %s; a brief or page is at most %s: split it into several, or move long material to a linked source", humanize.Bytes(size), humanize.Bytes(MaxDocument))}
	}
	if info, err := f.Stat(); err == nil && info.Size() > MaxDocument {
		return nil, tooBig(info.Size())
	}
	// The size may change between Stat and Read: read one byte past the
	// limit to know.
	src, err := io.ReadAll(io.LimitReader(f, MaxDocument+1))
	if err != nil {
		return nil, err
	}
	if len(src) > MaxDocument {
		return nil, tooBig(int64(len(src)))
	}
	return src, nil
}

// SplitFrontMatter splits a document into its TOML front matter and its body.
// The front matter starts on the document's second line, so positions in it
// are the file's own. A UTF-8 byte order mark and CRLF line ends are
// accepted. On error, line says where the problem is.
func SplitFrontMatter(src []byte) (front, body []byte, line int, err error) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimRight(first, " \t\r")) != "+++" {
		return nil, nil, 1, errFrontMatter("the file must start with a line of +++, then TOML front matter, then another +++ line")
	}
	for off, n := 0, 2; off <= len(rest); n++ {
		end := bytes.IndexByte(rest[off:], '\n')
		next := len(rest)
		if end >= 0 {
			next = off + end + 1
		}
		if string(bytes.TrimRight(rest[off:next], " \t\r\n")) == "+++" {
			return rest[:off], rest[next:], n, nil
		}
		if end < 0 {
			break
		}
		off = next
	}
	return nil, nil, 1, errFrontMatter("the front matter opened here is never closed: add a line of +++ after it")
}

type errFrontMatter string

func (e errFrontMatter) Error() string { return string(e) }

// sortBriefs orders briefs newest first, then by slug.
func sortBriefs(briefs []*Brief) {
	slices.SortStableFunc(briefs, func(a, b *Brief) int {
		return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(a.Slug, b.Slug))
	})
}
