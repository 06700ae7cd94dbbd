// Package site joins the briefs and the dataset into the model the pages
// show: each country with its pledges, briefs and events; the pledge matrix;
// the timeline; the headline figures. Everything here is derived, never typed
// twice, and computed without I/O.
//
// URLs in the model are relative to the site root and have no leading slash
// ("countries/france/"); templates prefix them with the page's way back to
// the root, so the site works under any path.
package site

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefing/briefing/internal/config"
	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/suggest"
	"github.com/briefing/briefing/internal/tomldoc"
)

// Site is the whole briefing, ready to render.
type Site struct {
	Config      config.Config
	AsOf        date.Date
	Data        *dataset.Dataset
	Briefs      []*Brief      // published briefs, newest first
	BriefsBy    []*BriefsPage // the briefs index, page by page
	Pages       []*content.Page
	Countries   []*Country      // groups first, then by name
	Pledgers    []*Country      // the countries and groups whose part is to give or refuse guarantees (dataset.Part.Pledges): the matrix's rows
	Pledges     []*Pledge       // in matrix order
	Instruments []*Instrument   // the documents that record pledges, in dataset order
	Matrix      Matrix          // as things stand
	Snapshots   []*Snapshot     // the matrix at the end of each day anything changed, oldest first
	Changes     []*Step         // every entry of every pledge, newest first
	ChangesBy   []*ChangesMonth // the changes by month, newest first
	Timeline    []*Month
	Lead        *Brief // the brief the editors chose to lead the front page; nil if none

	// The headline figures. Each counts one thing; a refusal (a pledge
	// whose status is "declined") is never counted as a pledge.
	Nations  int           // countries that give or refuse guarantees (part guarantor): not groups, not the beneficiary or the adversary
	Pledging int           // countries (not groups) with at least one pledge neither declined nor withdrawn
	Refusing int           // countries (not groups) with at least one refusal
	Refusals int           // pledges declined
	ByStatus []StatusCount // pledges by status, refusals left out, in vocabulary order
}

// Promises counts the pledges that are not refusals.
func (s *Site) Promises() int { return len(s.Pledges) - s.Refusals }

// Refused is the status of a refusal: a country said it would not make the
// commitment. Refusals are recorded as pledges of that status, so the matrix
// can show them beside the pledges, but no figure or chart counts them as
// pledges.
const Refused = "declined"

// Country is a dataset country with everything that refers to it.
type Country struct {
	*dataset.Country
	Role        *dataset.Term
	Pledges     []*Pledge
	Instruments []*Instrument // the documents it is party to
	Briefs      []*Brief
	Events      []Entry // its own timeline, oldest first
}

// URL is the country's page.
func (c *Country) URL() string { return "countries/" + c.Slug + "/" }

// LatestBriefs are the country's newest briefs, at most LatestBriefs of
// them, for pages that point to the country's briefs rather than list them.
func (c *Country) LatestBriefs() []*Brief { return c.Briefs[:min(len(c.Briefs), LatestBriefs)] }

// Stronger reports whether status a has gone further than b (see
// dataset.Strength); any status is stronger than none.
func Stronger(a, b *dataset.Term) bool {
	return b == nil || dataset.Strength(a.ID) > dataset.Strength(b.ID)
}

// Brief is a brief with the countries and sources it names resolved.
type Brief struct {
	*content.Brief
	Mentions  []*Country
	Cites     []*dataset.Source
	Scheduled bool // dated after today: shown only by the dev server
}

// Latest are the briefs the front page lists: the lead brief first, then
// the newest, n in all.
func (s *Site) Latest(n int) []*Brief {
	var out []*Brief
	if s.Lead != nil {
		out = append(out, s.Lead)
	}
	for _, b := range s.Briefs {
		if len(out) >= n {
			break
		}
		if b != s.Lead {
			out = append(out, b)
		}
	}
	return out[:min(len(out), n)]
}

// URL is the brief's page.
func (b *Brief) URL() string { return "briefs/" + b.Slug + "/" }

// Pledge is a dataset pledge with its references resolved and its history
// laid out.
type Pledge struct {
	*dataset.Pledge
	Country     *Country
	Category    *dataset.Term
	Status      *dataset.Term   // the current status (its stage): the latest entry's
	Since       date.Date       // when the current status began
	Summary     string          // what the pledge now is: the latest entry's summary, or the pledge's own
	Location    *dataset.Term   // nil when the source does not say
	Conditions  []*dataset.Term // what it waits on, short phrases from the [[condition]] vocabulary
	Instruments []*Instrument   // the documents that record it
	History     []*Step         // oldest first; the first is the pledge's own entry
}

// Instrument is a document that records pledges (see dataset.Instrument),
// with its parties and the pledges that cite it resolved.
type Instrument struct {
	*dataset.Instrument
	Parties []*Country
	Pledges []*Pledge // in matrix order
}

// Anchor is the instrument's fragment id on the About page, which lists
// every instrument.
func (in *Instrument) Anchor() string { return "instrument-" + in.ID }

// URL links to the instrument on the About page.
func (in *Instrument) URL() string { return "about/#" + in.Anchor() }

// Refusal reports whether the pledge is a refusal (see Refused).
func (p *Pledge) Refusal() bool { return p.Status != nil && p.Status.ID == Refused }

// Standing reports whether the pledge is a commitment in force: neither
// refused nor withdrawn.
func (p *Pledge) Standing() bool {
	return p.Status != nil && p.Status.ID != Refused && p.Status.ID != "withdrawn"
}

// Anchor is the pledge's fragment id on its country page.
func (p *Pledge) Anchor() string { return "pledge-" + p.ID }

// URL is the pledge's own page, with its history and how to cite it.
func (p *Pledge) URL() string { return "pledges/" + p.ID + "/" }

// OnCountryPage links to the pledge among its country's.
func (p *Pledge) OnCountryPage() string { return p.Country.URL() + "#" + p.Anchor() }

// On returns the entry in force at the end of day d, or nil when the
// pledge had not been made by then.
func (p *Pledge) On(d date.Date) *Step {
	var in *Step
	for _, s := range p.History {
		if s.Date.Compare(d) > 0 {
			break
		}
		in = s
	}
	return in
}

// Step is one entry of a pledge's history: the status it took, when, why,
// and on whose word.
type Step struct {
	Pledge   *Pledge
	N        int // 1 for the pledge's own entry, then counting up
	Date     date.Date
	Status   *dataset.Term
	From     *dataset.Term // the status before; nil for the first entry
	Summary  string        // what the pledge was from this entry on: the entry's own summary, or the one before
	Restated bool          // the entry says what the pledge now is in a summary of its own
	Note     string
	Sources  []*dataset.Citation
	Draft    bool
}

// Anchor is the entry's fragment id on the pledge's page. It never changes,
// since history is only ever appended to.
func (s *Step) Anchor() string { return "entry-" + strconv.Itoa(s.N) }

// URL links to the entry on the pledge's page.
func (s *Step) URL() string { return s.Pledge.URL() + "#" + s.Anchor() }

// Title says what happened, as a sentence: "Germany's pledge on ceasefire
// monitoring went from under consideration to announced", or "… was
// recorded as announced" for a first entry.
func (s *Step) Title() string {
	what := s.Pledge.subject()
	if s.From == nil {
		return what + " was recorded as " + lowerFirst(s.Status.Label)
	}
	return what + " went from " + lowerFirst(s.From.Label) + " to " + lowerFirst(s.Status.Label)
}

// Title names the pledge as a reader would: "France's pledge on troops in
// Ukraine"; a refusal is a position, not a pledge ("Croatia's position on
// troops in Ukraine"). Conditions are said in their own words wherever the
// pledge is shown (its page lists them under the title), never as a vague
// "if conditions are met": they are sentences, too long for a title.
func (p *Pledge) Title() string { return p.subject() }

// subject is "France's pledge on troops in Ukraine" (or "position", for a
// pledge that now stands declined), the same for every step of its history.
func (p *Pledge) subject() string {
	noun := "pledge"
	if p.Refusal() {
		noun = "position"
	}
	return p.Country.Name + "'s " + noun + " on " + lowerFirst(p.Category.Label)
}

// lowerFirst lowers a label's first letter to put it inside a sentence
// ("Troops in Ukraine" -> "troops in Ukraine"), unless the label starts
// with an acronym ("EU accession").
func lowerFirst(label string) string {
	first, n := utf8.DecodeRuneInString(label)
	second, _ := utf8.DecodeRuneInString(label[n:])
	if label == "" || unicode.IsUpper(second) {
		return label
	}
	return string(unicode.ToLower(first)) + label[n:]
}

// SourcesOf lists the sources cited by pledges, in any entry of their
// history, each once, in the order they are first cited: what a picture
// drawn from those pledges is sourced from.
func SourcesOf(pledges []*Pledge) []*dataset.Source {
	var out []*dataset.Source
	seen := map[*dataset.Source]bool{}
	for _, p := range pledges {
		for _, st := range p.History {
			for _, c := range st.Sources {
				if c.Source != nil && !seen[c.Source] {
					seen[c.Source] = true
					out = append(out, c.Source)
				}
			}
		}
	}
	return out
}

// Day is the steps of one day, for lists that give each day a heading.
type Day struct {
	Date  date.Date
	Steps []*Step
}

// ByDay groups steps listed by date (newest or oldest first) into their
// days, in the same order.
func ByDay(steps []*Step) []Day {
	var days []Day
	for _, st := range steps {
		if n := len(days); n > 0 && days[n-1].Date.Compare(st.Date) == 0 {
			days[n-1].Steps = append(days[n-1].Steps, st)
			continue
		}
		days = append(days, Day{Date: st.Date, Steps: []*Step{st}})
	}
	return days
}

// StatusCount is how many pledges have a status.
type StatusCount struct {
	Status *dataset.Term
	N      int
}

// Options choose what is published.
type Options struct {
	Drafts bool      // include briefs marked draft
	Future bool      // include briefs dated after Today (the dev server shows them, marked)
	Today  date.Date // briefs dated after it are scheduled; zero means no brief is
}

// New builds the model. Its errors are references between briefs and the
// dataset that do not resolve; the dataset's own are reported by dataset.Load.
func New(cfg config.Config, data *dataset.Dataset, briefs []*content.Brief, pages []*content.Page, opts Options) (*Site, diag.List) {
	s := &Site{Config: cfg, Data: data, Pages: pages}
	byCode := s.addCountries()
	errs := s.addPledges(byCode, entriesUntil(cfg, opts), opts.Drafts)
	s.addInstruments(byCode)
	errs = append(errs, s.addBriefs(briefs, byCode, opts)...)

	// Everything else is derived from the countries, pledges and briefs.
	s.BriefsBy = briefsPages(s.Briefs)
	s.Matrix = newMatrix(data.Categories, s.Pledgers, len(s.Pledges) > CompactAt, current)
	s.history()
	s.ChangesBy = changesByMonth(s.Changes)
	s.Timeline = s.timeline(byCode)
	s.ByStatus = s.statusCounts()
	s.countCountries()
	s.AsOf = cfg.AsOf
	if s.AsOf.IsZero() {
		s.AsOf = s.latest()
	}
	return s, errs
}

// addCountries makes the dataset's countries, groups first, then by name,
// and returns them by code.
func (s *Site) addCountries() map[string]*Country {
	byCode := map[string]*Country{}
	for _, dc := range s.Data.Countries {
		c := &Country{Country: dc, Role: s.Data.Role(dc.Role)}
		byCode[dc.Code] = c
		s.Countries = append(s.Countries, c)
		if dc.Part == dataset.Guarantor {
			s.Nations++
		}
	}
	slices.SortStableFunc(s.Countries, func(a, b *Country) int {
		if a.Group() != b.Group() {
			if a.Group() {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	for _, c := range s.Countries {
		if c.Part.Pledges() {
			s.Pledgers = append(s.Pledgers, c)
		}
	}
	return byCode
}

// addInstruments resolves each instrument's parties and the pledges that
// cite it, and gives each country the instruments it is party to.
func (s *Site) addInstruments(byCode map[string]*Country) {
	byID := map[string]*Instrument{}
	for _, di := range s.Data.Instruments {
		in := &Instrument{Instrument: di}
		if byID[di.ID] == nil {
			byID[di.ID] = in
		}
		for _, code := range di.Parties {
			if c := byCode[code]; c != nil {
				in.Parties = append(in.Parties, c)
				c.Instruments = append(c.Instruments, in)
			}
		}
		s.Instruments = append(s.Instruments, in)
	}
	for _, p := range s.Pledges {
		for _, id := range p.Pledge.Instruments {
			if in := byID[id]; in != nil {
				in.Pledges = append(in.Pledges, p)
				p.Instruments = append(p.Instruments, in)
			}
		}
	}
}

// entriesUntil is the last day an entry may be dated, unless it is a draft:
// the briefing's date, or today when site.toml sets none; zero when neither
// is known. A date in the future is almost always a typo.
func entriesUntil(cfg config.Config, opts Options) date.Date {
	if !cfg.AsOf.IsZero() {
		return cfg.AsOf
	}
	return opts.Today
}

// addPledges gives each country its pledges, in category order, then by
// date, and lists them all in matrix order. A pledge whose country,
// category or status does not resolve is left out (the dataset's validation
// reported it); drafts says whether draft entries of a history are kept.
func (s *Site) addPledges(byCode map[string]*Country, until date.Date, drafts bool) diag.List {
	var errs diag.List
	for _, dp := range s.Data.Pledges {
		c := byCode[dp.Country]
		if c == nil {
			continue
		}
		if p := newPledge(s.Data, dp, c, until, drafts, &errs); p != nil {
			c.Pledges = append(c.Pledges, p)
		}
	}
	catIndex := indexOf(s.Data.Categories)
	for _, c := range s.Countries {
		slices.SortStableFunc(c.Pledges, func(a, b *Pledge) int {
			return cmp.Or(cmp.Compare(catIndex[a.Category.ID], catIndex[b.Category.ID]), a.Date.Compare(b.Date))
		})
		s.Pledges = append(s.Pledges, c.Pledges...)
	}
	return errs
}

// newPledge lays out a pledge's history, its own entry first, and reports
// into errs the entries dated after until. It returns nil when the pledge's
// category or status does not resolve.
func newPledge(data *dataset.Dataset, dp *dataset.Pledge, c *Country, until date.Date, drafts bool, errs *diag.List) *Pledge {
	p := &Pledge{Pledge: dp, Country: c, Category: data.Category(dp.Category), Location: data.Location(dp.Location)}
	for _, id := range dp.Conditions {
		if t := data.Condition(id); t != nil {
			p.Conditions = append(p.Conditions, t)
		}
	}
	first := &Step{Pledge: p, N: 1, Date: dp.Date, Status: data.Status(dp.Status), Summary: dp.Summary, Sources: dp.Sources}
	if p.Category == nil || first.Status == nil {
		return nil
	}
	if !until.IsZero() && dp.Date.Compare(until) > 0 {
		errs.Add(dp.Pos("date"), "field \"date\": %s is after the briefing's date, %s: correct the date, or set as_of in site.toml", dp.Date, until)
	}
	p.History = []*Step{first}
	for i, ch := range dp.History {
		status := data.Status(ch.Status)
		if status == nil || ch.Draft && !drafts {
			continue
		}
		if !ch.Draft && !until.IsZero() && ch.Date.Compare(until) > 0 {
			errs.Add(ch.Pos("date"), "field \"date\": %s is after the briefing's date, %s: an entry prepared ahead needs draft = true", ch.Date, until)
		}
		prev := p.History[len(p.History)-1]
		summary := cmp.Or(ch.Summary, prev.Summary)
		p.History = append(p.History, &Step{Pledge: p, N: i + 2, Date: ch.Date, Status: status, From: prev.Status, Summary: summary, Restated: ch.Summary != "", Note: ch.Note, Sources: ch.Sources, Draft: ch.Draft})
	}
	last := p.History[len(p.History)-1]
	p.Status, p.Since, p.Summary = last.Status, last.Date, last.Summary
	return p
}

// addBriefs keeps the briefs that are published (see Options), resolves
// the countries and sources each names, and gives each country its briefs.
// A brief's own problems (missing fields) are reported here, when it is
// published, so that an unfinished draft does not stop a build.
func (s *Site) addBriefs(briefs []*content.Brief, byCode map[string]*Country, opts Options) diag.List {
	var errs diag.List
	for _, cb := range briefs {
		scheduled := !opts.Today.IsZero() && cb.Date.Compare(opts.Today) > 0
		if cb.Draft && !opts.Drafts || scheduled && !opts.Future {
			continue
		}
		b := &Brief{Brief: cb, Scheduled: scheduled}
		errs = append(errs, cb.Problems...)
		if until := entriesUntil(s.Config, opts); !scheduled && !until.IsZero() && cb.Updated.Compare(until) > 0 {
			errs.Add(b.Pos("updated"), "field \"updated\": %s is after the briefing's date, %s: correct the date, or set as_of in site.toml", cb.Updated, until)
		}
		for i, code := range tomldoc.Firsts(b.Countries) {
			if c := byCode[code]; c != nil {
				c.Briefs = append(c.Briefs, b)
				b.Mentions = append(b.Mentions, c)
			} else {
				if s.Data.Resolvable("country") { // else it may be in a file that could not be read
					errs.Add(b.ElemPos("countries", i), "field \"countries\": %s", s.Data.UnknownCountry(code))
				}
			}
		}
		for i, id := range tomldoc.Firsts(b.Sources) {
			if src := s.Data.Source(id); src != nil {
				b.Cites = append(b.Cites, src)
			} else {
				if s.Data.Resolvable("source") {
					errs.Add(b.ElemPos("sources", i), "%s", suggest.Append(fmt.Sprintf("field \"sources\": %q is not a source id from %s/", id, dataset.Dir), id, s.sourceIDs()))
				}
			}
		}
		if b.Lead {
			if s.Lead != nil {
				errs.Add(b.Pos("lead"), "field \"lead\": only one brief may set lead = true, and %s does already", s.Lead.Pos("lead"))
			} else {
				s.Lead = b
			}
		}
		s.Briefs = append(s.Briefs, b)
	}
	return errs
}

// statusCounts are how many pledges have each status, in vocabulary order,
// leaving out refusals, which Refusals counts.
func (s *Site) statusCounts() []StatusCount {
	var counts []StatusCount
	for _, p := range s.Pledges {
		if p.Refusal() {
			s.Refusals++
		}
	}
	for _, st := range s.Data.Statuses {
		if st.ID == Refused {
			continue
		}
		n := 0
		for _, p := range s.Pledges {
			if p.Status == st {
				n++
			}
		}
		counts = append(counts, StatusCount{st, n})
	}
	return counts
}

// countCountries counts the countries (guarantors: not groups) with a
// pledge in force and those with a refusal; a country may be in both.
func (s *Site) countCountries() {
	for _, c := range s.Pledgers {
		if c.Part != dataset.Guarantor {
			continue
		}
		if slices.ContainsFunc(c.Pledges, (*Pledge).Standing) {
			s.Pledging++
		}
		if slices.ContainsFunc(c.Pledges, (*Pledge).Refusal) {
			s.Refusing++
		}
	}
}

// sourceIDs are the ids of the dataset's sources, for suggestions.
func (s *Site) sourceIDs() []string {
	ids := make([]string, len(s.Data.Sources))
	for i, src := range s.Data.Sources {
		ids[i] = src.ID
	}
	return ids
}

// latest is the most recent date anywhere in the content.
func (s *Site) latest() date.Date {
	var d date.Date
	later := func(e date.Date) {
		if e.Compare(d) > 0 {
			d = e
		}
	}
	for _, b := range s.Briefs {
		later(b.Date)
		later(b.Updated)
	}
	for _, p := range s.Pledges {
		later(p.Since)
	}
	for _, e := range s.Data.Events {
		later(e.Date)
	}
	return d
}

// Page returns the standalone page with slug, or nil.
func (s *Site) Page(slug string) *content.Page {
	for _, p := range s.Pages {
		if p.Slug == slug {
			return p
		}
	}
	return nil
}

// CountryByCode returns the country with code, or nil.
func (s *Site) CountryByCode(code string) *Country {
	for _, c := range s.Countries {
		if c.Code == code {
			return c
		}
	}
	return nil
}

func indexOf(terms []*dataset.Term) map[string]int {
	m := make(map[string]int, len(terms))
	for i, t := range terms {
		m[t.ID] = i
	}
	return m
}
