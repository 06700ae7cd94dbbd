// Package dataset loads the pledge dataset: the vocabularies, sources,
// countries, pledges, timeline events and open questions, from every
// content/data/*.toml file, into typed values, and validates them.
//
// Tables (see docs/content.md for every field):
//
//	[[status]], [[category]], [[role]], [[location]], [[condition]]
//	              vocabularies: id, label, description (status: symbol; category: question; role: part)
//	[[source]]    id, title, publisher, date, url
//	[[instrument]] id, title, date, parties, signed, summary, [[instrument.source]]: a document
//	              that records pledges (a statement, a declaration, a law)
//	[[country]]   code, name, role, leaders, profile
//	[[pledge]]    id, country, category, status, location, date, summary, conditions, instruments,
//	              [[pledge.source]], [[pledge.history]]: date, status, summary, note, draft,
//	              [[pledge.history.source]]
//	[[event]]     date, title, summary, countries, [[event.source]]
//	[[question]]  id, title, summary, [[question.source]]
//	[[figure]]    id, value, label, [[figure.source]]: a number the sources state that the
//	              dataset cannot count (how many countries met), shown on the front page
//
// A citation ([[*.source]]) has ref (a source id), quote (the exact words)
// and speaker (who said them; empty for the source's own words).
//
// A pledge's status is its stage: how far it has got (considering,
// announced, delivered, ...). What records it (a statement, a signed
// declaration) is a separate thing, an instrument the pledge cites, so a
// document is never ranked as a stronger pledge and is counted once.
// Conditions are ids of the [[condition]] vocabulary: short phrases ("after
// a ceasefire") defined once, with their longer text beside them.
//
// A pledge's own status, date and sources are its first entry. Each later
// change of status is appended as a [[pledge.history]] entry with its own
// date, a short note and its own sources; entries are never edited away, so
// the site can show how a promise moved. The latest entry is the current
// status.
//
// Entries may be split across files as an editor likes; files are read in
// name order and entries keep the order they were written in.
package dataset

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/tomldoc"
)

// Dir holds the dataset files.
const Dir = "content/data"

// RequiredStatuses are the stages every vocabulary must define; the site's
// legend and methodology rely on them. They say how far a pledge has got,
// never what document records it (see Instrument).
var RequiredStatuses = []string{"declined", "considering", "announced", "delivered", "withdrawn"}

// byStrength is RequiredStatuses by how far a commitment has gone, weakest
// first: where a country has several pledges of one kind, a map of that
// kind shades it, and the compact matrix sums up its cell, by the one that
// has gone furthest.
var byStrength = []string{"declined", "withdrawn", "considering", "announced", "delivered"}

// Strength ranks the status with id by how far a commitment has gone:
// declined lowest, delivered highest. A status an editor added, which is
// not required, ranks -1, below all of these.
func Strength(id string) int { return slices.Index(byStrength, id) }

// Resolvable reports whether a reference to an entry of table ("source",
// "country", "status") that names nothing is an error: it is not while a
// file that could not be decoded has tables of that name, since the entry
// may be there.
func (d *Dataset) Resolvable(table string) bool { return !d.unreadTables[table] }

// tableRE finds the [[table]] headers of a file, even one that does not
// decode.
var tableRE = regexp.MustCompile(`(?m)^[ \t]*\[\[[ \t]*([A-Za-z_.-]+)[ \t]*\]\]`)

// Dataset is everything in content/data.
type Dataset struct {
	Statuses    []*Term
	Categories  []*Term
	Roles       []*Term
	Locations   []*Term
	Conditions  []*Term
	Sources     []*Source
	Instruments []*Instrument
	Countries   []*Country
	Pledges     []*Pledge
	Events      []*Event
	Questions   []*Question
	Figures     []*Figure

	// unreadTables are the tables written in the files that could not be
	// decoded (their errors say why): what the dataset lacks may be in
	// them (Resolvable).
	unreadTables map[string]bool

	// Indexes for Country and Source, built by Load once every file is
	// read; a Dataset made otherwise is searched instead.
	byCode map[string]*Country
	byID   map[string]*Source
}

// Term is one entry of a vocabulary.
type Term struct {
	ID          string `toml:"id"`
	Label       string `toml:"label"`
	Symbol      string `toml:"symbol"`
	Description string `toml:"description"`
	// Question is, for a category, the question its map answers ("Who
	// would put troops in Ukraine?"); optional, and only categories take
	// one. Ask gives it, or one made from the label.
	Question string `toml:"question"`
	// Part is, for a role, the part its countries play in the guarantees
	// (see Part); only roles take one, and a role without one is a
	// guarantor's.
	Part Part `toml:"part"`
	at
}

// Part is the part a country plays in the guarantees. The pictures treat
// the parts apart: only guarantors are shaded by their answers and counted
// in the figures; the beneficiary and the adversary are marked and named;
// a group is listed beside the map, since it has no outline.
type Part string

const (
	Guarantor   Part = "guarantor"   // gives the guarantees, or refuses to
	Beneficiary Part = "beneficiary" // the country the guarantees are for
	Adversary   Part = "adversary"   // the country the guarantees are meant to deter
	GroupPart   Part = "group"       // countries acting together, such as the coalition
)

// Parts are the parts a role may take, in the order the About page lists them.
func Parts() []Part { return []Part{Guarantor, Beneficiary, Adversary, GroupPart} }

// Pledges reports whether a country of this part may have pledges: only
// those who give the guarantees, alone or together, make or refuse them.
func (p Part) Pledges() bool { return p == Guarantor || p == GroupPart }

// Ask is the question a category's map answers: its own Question, or "Who
// has a position on <label, lowercased>?".
func (t *Term) Ask() string {
	if t.Question != "" {
		return t.Question
	}
	return "Who has a position on " + strings.ToLower(t.Label) + "?"
}

// StatusClass is the CSS class of a status ("status-announced";
// "status-none" for none), which the stylesheet colours; colour only ever
// repeats what the symbol and label already say.
func StatusClass(t *Term) string {
	if t == nil {
		return "status-none"
	}
	return "status-" + t.ID
}

// Source is a document the site cites.
type Source struct {
	ID        string    `toml:"id"`
	Title     string    `toml:"title"`
	Publisher string    `toml:"publisher"`
	Date      date.Date `toml:"date"`
	URL       string    `toml:"url"`
	at
}

// Citation is an exact quote from a source, and who said it.
type Citation struct {
	Ref     string  `toml:"ref"`
	Quote   string  `toml:"quote"`
	Speaker string  `toml:"speaker"`
	Source  *Source `toml:"-"` // resolved from Ref by validation
	at
}

// Group reports whether the country is a group of countries acting
// together, such as the coalition, by its part.
func (c *Country) Group() bool { return c.Part == GroupPart }

// Instrument is a document that records pledges: a statement, a
// declaration, a law. Pledges cite it; it is not itself a pledge, so it is
// counted once however many countries are party to it. Signed says that the
// sources report it signed; its sources must say so.
type Instrument struct {
	ID      string      `toml:"id"`
	Title   string      `toml:"title"`
	Date    date.Date   `toml:"date"`
	Parties []string    `toml:"parties"` // country codes
	Signed  bool        `toml:"signed"`
	Summary string      `toml:"summary"`
	Sources []*Citation `toml:"source"`
	at
}

// Country is a state, or a group of states such as the coalition itself.
type Country struct {
	Code    string   `toml:"code"`
	Name    string   `toml:"name"`
	Role    string   `toml:"role"`
	Leaders []string `toml:"leaders"`
	Profile string   `toml:"profile"`
	Part    Part     `toml:"-"` // from the role (see Part), set by validation
	Slug    string   `toml:"-"` // made from Name by validation
	at
}

// Pledge is one country's commitment, or refusal, of one kind.
type Pledge struct {
	ID          string      `toml:"id"`
	Country     string      `toml:"country"`
	Category    string      `toml:"category"`
	Status      string      `toml:"status"`
	Location    string      `toml:"location"`
	Date        date.Date   `toml:"date"`
	Summary     string      `toml:"summary"`
	Conditions  []string    `toml:"conditions"`  // ids of [[condition]] terms
	Instruments []string    `toml:"instruments"` // ids of the [[instrument]]s that record it
	Sources     []*Citation `toml:"source"`
	History     []*Change   `toml:"history"`
	at
}

// Change is a later status of a pledge: when, what, why, and on whose word.
// Summary, when set, says what the pledge now is, replacing the pledge's own
// summary from that date on.
type Change struct {
	Date    date.Date   `toml:"date"`
	Status  string      `toml:"status"`
	Summary string      `toml:"summary"`
	Note    string      `toml:"note"`
	Draft   bool        `toml:"draft"` // prepared ahead; published only with drafts
	Sources []*Citation `toml:"source"`
	at
}

// Event is a dated happening for the timeline.
type Event struct {
	Date      date.Date   `toml:"date"`
	Title     string      `toml:"title"`
	Summary   string      `toml:"summary"`
	Countries []string    `toml:"countries"`
	Sources   []*Citation `toml:"source"`
	at
}

// Question is something the sources say is still unresolved.
type Question struct {
	ID      string      `toml:"id"`
	Title   string      `toml:"title"`
	Summary string      `toml:"summary"`
	Sources []*Citation `toml:"source"`
	at
}

// Figure is a number that a source states and the dataset cannot count
// itself, such as how many countries attended a summit: Label says what
// is counted, in words that follow the number ("countries represented at
// the Paris summit").
type Figure struct {
	ID      string      `toml:"id"`
	Value   int         `toml:"value"`
	Label   string      `toml:"label"`
	Sources []*Citation `toml:"source"`
	at
}

// at remembers where an entry was written.
type at struct {
	doc  *tomldoc.Doc
	path string
}

// written reports whether field was written in the entry's own table.
func (a at) written(field string) bool {
	return slices.Contains(a.doc.Keys(a.path), a.path+"."+field)
}

// Pos says where the value of field of the entry starts (or the entry's
// header, for "").
func (a at) Pos(field string) diag.Pos {
	if field == "" {
		return a.doc.Pos(a.path)
	}
	return a.doc.Pos(a.path + "." + field)
}

// ElemPos says where element i of the entry's list field starts.
func (a at) ElemPos(field string, i int) diag.Pos { return a.doc.ElemPos(a.path+"."+field, i) }

// KeyPos says where field's key was written, for an error about the
// field being there at all.
func (a at) KeyPos(field string) diag.Pos { return a.doc.KeyPos(a.path + "." + field) }

// End is the last line of the entry as written: its last key, value line
// or sub-table, before the comments that lead to the next. A tool that adds
// to an entry (a [[pledge.history]]) writes after it.
func (a at) End() int { return a.doc.End(a.path) }

// file is the shape of one dataset file: any of the tables, in any mix.
type file struct {
	Status     []*Term       `toml:"status"`
	Category   []*Term       `toml:"category"`
	Role       []*Term       `toml:"role"`
	Location   []*Term       `toml:"location"`
	Condition  []*Term       `toml:"condition"`
	Source     []*Source     `toml:"source"`
	Instrument []*Instrument `toml:"instrument"`
	Country    []*Country    `toml:"country"`
	Pledge     []*Pledge     `toml:"pledge"`
	Event      []*Event      `toml:"event"`
	Question   []*Question   `toml:"question"`
	Figure     []*Figure     `toml:"figure"`
}

// Load reads and validates every content/data/*.toml file of fsys. It returns
// the dataset even when there are errors, so that later stages can report
// their own problems too.
func Load(fsys fs.FS) (*Dataset, diag.List) {
	var errs diag.List
	files, err := fs.Glob(fsys, Dir+"/*.toml")
	slices.Sort(files) // "read in name order", whatever order the file system lists them in
	if err != nil {
		errs.Append(Dir, err)
	}
	if len(files) == 0 {
		errs.Add(diag.Pos{File: Dir}, "no dataset: expected TOML files such as %s/pledges.toml", Dir)
	}
	d := &Dataset{}
	for _, name := range files {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs.Append(name, err)
			continue
		}
		var f file
		doc, ferrs := tomldoc.Decode(name, src, 1, &f)
		errs = append(errs, ferrs...)
		if doc == nil {
			// A file that did not decode would add half-read entries;
			// what it was meant to define is remembered by its headers.
			for _, m := range tableRE.FindAllSubmatch(src, -1) {
				if d.unreadTables == nil {
					d.unreadTables = map[string]bool{}
				}
				d.unreadTables[string(m[1])] = true
			}
			continue
		}
		d.add(doc, &f)
	}
	d.index()
	errs = append(errs, d.validate()...)
	return d, errs
}

// add appends a decoded file's entries, remembering where each was written.
func (d *Dataset) add(doc *tomldoc.Doc, f *file) {
	locate := func(table string, i int) at { return at{doc, tomldoc.Path(table, i, "")} }
	cite := func(table string, i int, cs []*Citation) {
		for j, c := range cs {
			c.at = at{doc, tomldoc.Path(tomldoc.Path(table, i, "source"), j, "")}
		}
	}
	for _, v := range []struct {
		table string
		src   []*Term
		dst   *[]*Term
	}{{"status", f.Status, &d.Statuses}, {"category", f.Category, &d.Categories}, {"role", f.Role, &d.Roles}, {"location", f.Location, &d.Locations}, {"condition", f.Condition, &d.Conditions}} {
		for i, t := range v.src {
			t.at = locate(v.table, i)
			*v.dst = append(*v.dst, t)
		}
	}
	for i, s := range f.Source {
		s.at = locate("source", i)
		d.Sources = append(d.Sources, s)
	}
	for i, in := range f.Instrument {
		in.at = locate("instrument", i)
		cite("instrument", i, in.Sources)
		d.Instruments = append(d.Instruments, in)
	}
	for i, c := range f.Country {
		c.at = locate("country", i)
		d.Countries = append(d.Countries, c)
	}
	for i, p := range f.Pledge {
		p.at = locate("pledge", i)
		cite("pledge", i, p.Sources)
		for j, c := range p.History {
			c.at = at{doc, tomldoc.Path(tomldoc.Path("pledge", i, "history"), j, "")}
			for k, src := range c.Sources {
				src.at = at{doc, tomldoc.Path(c.at.path+".source", k, "")}
			}
		}
		d.Pledges = append(d.Pledges, p)
	}
	for i, e := range f.Event {
		e.at = locate("event", i)
		cite("event", i, e.Sources)
		d.Events = append(d.Events, e)
	}
	for i, q := range f.Question {
		q.at = locate("question", i)
		cite("question", i, q.Sources)
		d.Questions = append(d.Questions, q)
	}
	for i, f := range f.Figure {
		f.at = locate("figure", i)
		cite("figure", i, f.Sources)
		d.Figures = append(d.Figures, f)
	}
}
