package dataset

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/slug"
	"github.com/briefing/briefing/internal/suggest"
	"github.com/briefing/briefing/internal/tomldoc"
	"github.com/briefing/briefing/internal/weburl"
)

// A country's code is an ISO 3166-1 alpha-2 code ("FR"); a group's is a
// slug that starts with a letter ("coalition"), so the two never meet.
// CodePattern matches either, for the downloads' schema.
const (
	isoCode     = `[A-Z]{2}`
	groupCode   = `[a-z][a-z0-9]*(-[a-z0-9]+)*`
	CodePattern = `^(` + isoCode + `|` + groupCode + `)$`
)

var (
	isoRE   = regexp.MustCompile(`^` + isoCode + `$`)
	groupRE = regexp.MustCompile(`^` + groupCode + `$`)
)

// validate checks every entry and resolves references, collecting every
// problem rather than stopping at the first. The steps run in the order the
// tables are documented; each reports into one list.
func (d *Dataset) validate() diag.List {
	v := &validator{d: d}
	v.vocabularies()
	v.sources()
	v.countries()
	v.instruments()
	v.pledges()
	v.events()
	v.questions()
	v.figures()
	return v.errs
}

// validator collects the problems of one dataset.
type validator struct {
	d    *Dataset
	errs diag.List
}

// vocabularies checks every term, and that the statuses the site relies on
// and at least one category are defined.
func (v *validator) vocabularies() {
	d := v.d
	for _, vocab := range []struct {
		name  string
		terms []*Term
	}{{"status", d.Statuses}, {"category", d.Categories}, {"role", d.Roles}, {"location", d.Locations}, {"condition", d.Conditions}} {
		seen := map[string]bool{}
		for _, t := range vocab.terms {
			v.id(t.at, vocab.name, t.ID, seen)
			v.required(t.at, "label", t.Label)
			v.short(t.at, "label", t.Label)
			v.required(t.at, "description", t.Description)
			if vocab.name == "status" {
				v.required(t.at, "symbol", t.Symbol)
			}
			switch q := strings.TrimSpace(t.Question); {
			case t.Question == "":
			case vocab.name != "category":
				v.errs.Add(t.KeyPos("question"), "field \"question\": only a category has a question (the question its map answers)")
			case q == "" || !strings.HasSuffix(q, "?"):
				v.errs.Add(t.Pos("question"), "field \"question\": %q is not a question: write one that ends with \"?\", like \"Who would put troops in Ukraine?\"", t.Question)
			}
			switch {
			case t.Part == "" && vocab.name == "role":
				t.Part = Guarantor
			case t.Part == "":
			case vocab.name != "role":
				v.errs.Add(t.KeyPos("part"), "field \"part\": only a role has a part (the part its countries play in the guarantees)")
			case !slices.Contains(Parts(), t.Part):
				v.errs.Add(t.Pos("part"), "field \"part\": %q is not a part; expected one of %s", t.Part, partList())
				t.Part = Guarantor // reported once, here, not again by every country of the role
			}
		}
	}
	if len(d.Statuses) > 0 {
		for _, id := range RequiredStatuses {
			if find(d.Statuses, id) == nil {
				v.unresolved("status", d.Statuses[0].Pos(""), "status %q is missing: the vocabulary must define %s", id, strings.Join(RequiredStatuses, ", "))
			}
		}
	} else {
		v.unresolved("status", diag.Pos{File: Dir}, "no [[status]] entries: the vocabulary must define %s", strings.Join(RequiredStatuses, ", "))
	}
	if len(d.Categories) == 0 {
		v.unresolved("category", diag.Pos{File: Dir}, "no [[category]] entries: the matrix needs at least one kind of commitment")
	}
}

func (v *validator) sources() {
	seen := map[string]bool{}
	for _, s := range v.d.Sources {
		v.id(s.at, "source", s.ID, seen)
		v.required(s.at, "title", s.Title)
		v.dated(s.at, s.Date)
		if s.URL != "" {
			if err := weburl.Check(s.URL); err != nil {
				v.errs.Add(s.Pos("url"), "field \"url\": %q %v", s.URL, err)
			}
		}
	}
}

// countries checks codes and names, and gives each country its URL slug.
func (v *validator) countries() {
	codes := map[string]bool{}
	slugs := map[string]string{} // the name that gave each slug
	for _, c := range v.d.Countries {
		v.oneOf(c.at, "role", c.Role, v.d.Roles, "role")
		role := v.d.Role(c.Role)
		c.Part = Guarantor
		if role != nil {
			c.Part = role.Part // vocabularies gave every role one
		}
		switch {
		case role == nil && (isoRE.MatchString(c.Code) || groupRE.MatchString(c.Code)):
			// the role's error says it all
		case c.Group() && !groupRE.MatchString(c.Code):
			v.errs.Add(c.Pos("code"), "field \"code\": %q is not a group id: use lowercase letters, digits and dashes, like \"coalition\"", c.Code)
		case !c.Group() && !isoRE.MatchString(c.Code):
			v.errs.Add(c.Pos("code"), "field \"code\": %q is not an ISO 3166-1 alpha-2 code like \"FR\" (for a group of countries, give it a role whose part is \"group\")", c.Code)
		case codes[c.Code]:
			v.errs.Add(c.Pos("code"), "field \"code\": country %q is defined twice", c.Code)
		}
		codes[c.Code] = true
		v.required(c.at, "name", c.Name)
		v.short(c.at, "name", c.Name)
		v.repeated(c.at, "leaders", c.Leaders)
		if c.Slug = slug.Make(c.Name); c.Name != "" {
			if c.Slug == "" {
				v.errs.Add(c.Pos("name"), "field \"name\": %q gives an empty URL slug: write the name in Latin letters", c.Name)
			} else if other, ok := slugs[c.Slug]; ok {
				v.errs.Add(c.Pos("name"), "field \"name\": %q gives the URL /countries/%s/, already used by %s", c.Name, c.Slug, other)
			}
			slugs[c.Slug] = c.Name
		}
	}
}

// instruments checks each document that records pledges: what it is, when,
// who is party to it, and on whose word.
func (v *validator) instruments() {
	seen := map[string]bool{}
	for _, in := range v.d.Instruments {
		v.id(in.at, "instrument", in.ID, seen)
		v.required(in.at, "title", in.Title)
		v.dated(in.at, in.Date)
		if len(in.Parties) == 0 {
			v.errs.Add(in.Pos("parties"), "field \"parties\" is required: the codes of the countries or groups party to it, like [\"FR\", \"GB\"]")
		}
		for i, code := range tomldoc.Firsts(in.Parties) {
			v.country(in.ElemPos("parties", i), "parties", code)
		}
		v.repeated(in.at, "parties", in.Parties)
		v.cite(in.at, in.Sources, true)
	}
}

// pledges checks each pledge and its history, whose entries go in date
// order, one per day.
func (v *validator) pledges() {
	d := v.d
	seen := map[string]bool{}
	for _, p := range d.Pledges {
		v.id(p.at, "pledge", p.ID, seen)
		v.country(p.Pos("country"), "country", p.Country)
		if c := d.Country(p.Country); c != nil && !c.Part.Pledges() {
			v.errs.Add(p.Pos("country"), "field \"country\": %s is %s (role %q), which neither gives nor refuses the guarantees: record a document it is party to as an [[instrument]]", c.Name, c.Part.Describe(), c.Role)
		}
		v.oneOf(p.at, "category", p.Category, d.Categories, "category")
		v.oneOf(p.at, "status", p.Status, d.Statuses, "status")
		if p.Location != "" {
			v.oneOf(p.at, "location", p.Location, d.Locations, "location")
		}
		for i, id := range tomldoc.Firsts(p.Conditions) {
			if find(d.Conditions, id) == nil {
				v.unresolved("condition", p.ElemPos("conditions", i), "%s", suggest.Append(fmt.Sprintf("field \"conditions\": %q is not a known condition; expected ids of [[condition]] terms: %s (a condition is a short phrase defined once, like \"after a ceasefire\")", id, orNone(join(termIDs(d.Conditions)))), id, termIDs(d.Conditions)))
			}
		}
		for i, id := range tomldoc.Firsts(p.Instruments) {
			if v.d.Instrument(id) == nil {
				v.unresolved("instrument", p.ElemPos("instruments", i), "%s", suggest.Append(fmt.Sprintf("field \"instruments\": %q is not a known instrument; expected one of %s", id, orNone(join(instrumentIDs(d.Instruments)))), id, instrumentIDs(d.Instruments)))
			}
		}
		v.dated(p.at, p.Date)
		v.required(p.at, "summary", p.Summary)
		v.repeated(p.at, "conditions", p.Conditions)
		v.repeated(p.at, "instruments", p.Instruments)
		v.cite(p.at, p.Sources, true)
		prev := p.Date
		for _, c := range p.History {
			v.oneOf(c.at, "status", c.Status, d.Statuses, "status")
			switch {
			case c.Date.IsZero():
				v.errs.Add(c.Pos("date"), "field \"date\" is required: when the status changed, like 2026-01-20")
			case c.Date.Precision() != date.Day:
				v.errs.Add(c.Pos("date"), "field \"date\": %q is not a day: a change of status needs its full date, like 2026-01-20", c.Date)
			case !prev.IsZero() && c.Date.Compare(prev) <= 0:
				v.errs.Add(c.Pos("date"), "field \"date\": %s is not after %s: history entries go in date order, after the pledge's own date, one per day", c.Date, prev)
			}
			prev = c.Date
			v.required(c.at, "note", c.Note)
			v.cite(c.at, c.Sources, true)
		}
	}
}

// events checks each event; an event's sources need no quote.
func (v *validator) events() {
	for _, e := range v.d.Events {
		if e.Date.IsZero() {
			v.errs.Add(e.Pos("date"), "field \"date\" is required (a date like 2026-01-06, or \"2014\" when only the year is known)")
		}
		v.required(e.at, "title", e.Title)
		for i, code := range tomldoc.Firsts(e.Countries) {
			v.country(e.ElemPos("countries", i), "countries", code)
		}
		v.repeated(e.at, "countries", e.Countries)
		v.cite(e.at, e.Sources, false)
		if len(e.Sources) == 0 {
			v.errs.Add(e.Pos(""), "no source: add an [[event.source]] table with ref")
		}
	}
}

func (v *validator) questions() {
	seen := map[string]bool{}
	for _, q := range v.d.Questions {
		v.id(q.at, "question", q.ID, seen)
		v.required(q.at, "title", q.Title)
		v.required(q.at, "summary", q.Summary)
		v.cite(q.at, q.Sources, true)
	}
}

func (v *validator) figures() {
	seen := map[string]bool{}
	for _, f := range v.d.Figures {
		v.id(f.at, "figure", f.ID, seen)
		v.required(f.at, "label", f.Label)
		switch {
		case !f.written("value"):
			v.errs.Add(f.Pos(""), "field \"value\" is required: the number the source states, like 35")
		case f.Value <= 0:
			v.errs.Add(f.Pos("value"), "field \"value\": %d; a figure is a positive whole number, like 35", f.Value)
		}
		v.cite(f.at, f.Sources, true)
	}
}

// repeated reports every value that the list field of an entry holds more
// than once.
func (v *validator) repeated(a at, field string, vals []string) {
	v.errs = append(v.errs, a.doc.Repeated(a.path+"."+field, vals)...)
}

// MaxLabel is the most characters a label or a name may have: it is
// written into attributes on every page that shows it (a matrix cell's
// data-label, a row's data-name), where a long one costs every page.
const MaxLabel = 200

// short reports a label or name longer than MaxLabel.
func (v *validator) short(a at, field, val string) {
	if n := utf8.RuneCountInString(val); n > MaxLabel {
		v.errs.Add(a.Pos(field), "field %q: %d characters; a %s is at most %d: shorten it, and say the rest in the description", field, n, field, MaxLabel)
	}
}

// unresolved reports a reference that names nothing, or a definition that
// is missing, of table, unless a dataset file that could not be read has
// such tables: what is missing may be in it, and its syntax error is the
// one to fix first. Without
// this, one bad date in sources.toml made every citation of every other
// file "not a known source".
func (v *validator) unresolved(table string, pos diag.Pos, format string, args ...any) {
	if v.d.Resolvable(table) {
		v.errs.Add(pos, format, args...)
	}
}

// dated reports an entry's date left out.
func (v *validator) dated(a at, d date.Date) {
	if d.IsZero() {
		v.errs.Add(a.Pos("date"), "field \"date\" is required (a date like 2026-01-06)")
	}
}

// required reports a field left empty.
func (v *validator) required(a at, field, val string) {
	if strings.TrimSpace(val) == "" {
		v.errs.Add(a.Pos(field), "field %q is required", field)
	}
}

// id checks an entry's id: well formed, and not used before by an entry of
// the same kind (seen).
func (v *validator) id(a at, kind, val string, seen map[string]bool) {
	if !slug.Valid(val) {
		v.errs.Add(a.Pos("id"), "field \"id\": %q is not an id: use lowercase letters, digits and dashes, like \"fr-ground-forces\"", val)
	} else if seen[val] {
		v.errs.Add(a.Pos("id"), "field \"id\": %s %q is defined twice; ids must be unique", kind, val)
	}
	seen[val] = true
}

// oneOf checks that field is set to a term of vocab.
func (v *validator) oneOf(a at, field, val string, vocab []*Term, what string) {
	if val == "" {
		v.errs.Add(a.Pos(field), "field %q is required: one of %s", field, join(termIDs(vocab)))
	} else if find(vocab, val) == nil {
		v.unresolved(what, a.Pos(field), "%s", suggest.Append(fmt.Sprintf("field %q: %q is not a known %s; expected one of %s", field, val, what, join(termIDs(vocab))), val, termIDs(vocab)))
	}
}

// cite resolves the citations of owner to their sources, and checks that
// there is one, with its quote, where quoteRequired.
func (v *validator) cite(owner at, cs []*Citation, quoteRequired bool) {
	if len(cs) == 0 && quoteRequired {
		table := indexRE.ReplaceAllString(owner.path, "") // "pledge[2].history[0]" -> "pledge.history"
		v.errs.Add(owner.Pos(""), "no source: add a [[%s.source]] table with ref and the exact quote", table)
	}
	type words struct{ ref, quote, speaker string }
	seen := make(map[words]*Citation, len(cs))
	for _, c := range cs {
		key := words{c.Ref, c.Quote, c.Speaker}
		if first, ok := seen[key]; ok {
			v.errs.Add(c.Pos(""), "source %q is cited twice with the same words (first at line %d): cite it once", c.Ref, first.Pos("").Line)
		} else {
			seen[key] = c
		}
		c.Source = v.d.Source(c.Ref)
		switch {
		case c.Ref == "":
			v.errs.Add(c.Pos("ref"), "field \"ref\" is required: the id of a [[source]]")
		case c.Source == nil:
			v.unresolved("source", c.Pos("ref"), "%s", suggest.Append(fmt.Sprintf("field \"ref\": %q is not a known source; expected one of %s", c.Ref, join(sourceIDs(v.d.Sources))), c.Ref, sourceIDs(v.d.Sources)))
		}
		if quoteRequired {
			v.required(c.at, "quote", c.Quote)
		}
	}
}

// country reports a reference to a country the dataset does not define,
// written at pos (a field's value, or one element of a list).
func (v *validator) country(pos diag.Pos, field, code string) {
	if code == "" {
		v.errs.Add(pos, "field %q is required: a country code from [[country]]", field)
	} else if v.d.Country(code) == nil {
		v.unresolved("country", pos, "field %q: %s", field, v.d.UnknownCountry(code))
	}
}

// UnknownCountry explains a code that names no country of the dataset.
func (d *Dataset) UnknownCountry(code string) string {
	codes := make([]string, len(d.Countries))
	for i, c := range d.Countries {
		codes[i] = c.Code
	}
	slices.Sort(codes)
	codes = slices.Compact(codes)
	msg := fmt.Sprintf("%q is not a country in %s/; expected one of %s (or add it to countries.toml)", code, Dir, strings.Join(codes, ", "))
	if c := d.countryMeant(code); c != nil {
		return fmt.Sprintf("%s; did you mean %q (%s)?", msg, c.Code, c.Name)
	}
	return suggest.Append(msg, code, codes)
}

// countryMeant is the country a code that names none most likely means:
// the one whose ISO code it is in another form ("UK", "GBR" and "gb" are
// "GB", as CLDR has it), or whose name it is, near enough ("Ukraine",
// "Untied Kingdom"); nil when none is.
func (d *Dataset) countryMeant(code string) *Country {
	if r, err := language.ParseRegion(code); err == nil {
		if c := d.Country(r.Canonicalize().String()); c != nil {
			return c
		}
	}
	names := make([]string, len(d.Countries))
	for i, c := range d.Countries {
		names[i] = c.Name
	}
	if near := suggest.Nearest(code, names); len(near) > 0 {
		for _, c := range d.Countries {
			if c.Name == near[0] {
				return c
			}
		}
	}
	for _, c := range d.Countries {
		if strings.EqualFold(c.Name, code) {
			return c
		}
	}
	return nil
}

// index builds the lookup maps of Country and Source. Where a code or id is
// used twice (a validation error), the first entry wins, as in a search.
func (d *Dataset) index() {
	d.byCode = make(map[string]*Country, len(d.Countries))
	for _, c := range d.Countries {
		if _, ok := d.byCode[c.Code]; !ok {
			d.byCode[c.Code] = c
		}
	}
	d.byID = make(map[string]*Source, len(d.Sources))
	for _, s := range d.Sources {
		if _, ok := d.byID[s.ID]; !ok {
			d.byID[s.ID] = s
		}
	}
}

// Country returns the country with code, or nil.
func (d *Dataset) Country(code string) *Country {
	if d.byCode != nil {
		return d.byCode[code]
	}
	for _, c := range d.Countries {
		if c.Code == code {
			return c
		}
	}
	return nil
}

// Source returns the source with id, or nil.
func (d *Dataset) Source(id string) *Source {
	if d.byID != nil {
		return d.byID[id]
	}
	for _, s := range d.Sources {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// Instrument returns the instrument with id, or nil.
func (d *Dataset) Instrument(id string) *Instrument {
	for _, in := range d.Instruments {
		if in.ID == id {
			return in
		}
	}
	return nil
}

// Status, Category, Role, Location and Condition look up a vocabulary term by id.
func (d *Dataset) Status(id string) *Term    { return find(d.Statuses, id) }
func (d *Dataset) Category(id string) *Term  { return find(d.Categories, id) }
func (d *Dataset) Role(id string) *Term      { return find(d.Roles, id) }
func (d *Dataset) Location(id string) *Term  { return find(d.Locations, id) }
func (d *Dataset) Condition(id string) *Term { return find(d.Conditions, id) }

// Describe says what a country of the part is, after "is".
func (p Part) Describe() string {
	switch p {
	case Beneficiary:
		return "the country the guarantees are for"
	case Adversary:
		return "the country the guarantees are meant to deter"
	case GroupPart:
		return "a group acting together"
	}
	return "a country that gives or refuses guarantees"
}

func partList() string {
	out := make([]string, 0, 4)
	for _, p := range Parts() {
		out = append(out, string(p))
	}
	return strings.Join(out, ", ")
}

func orNone(list string) string {
	if list == "" {
		return "(none defined)"
	}
	return list
}

func find(terms []*Term, id string) *Term {
	for _, t := range terms {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// idsOf lists the ids of entries, in order, for messages and suggestions.
func idsOf[T any](entries []T, id func(T) string) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = id(e)
	}
	return out
}

func termIDs(terms []*Term) []string { return idsOf(terms, func(t *Term) string { return t.ID }) }
func sourceIDs(sources []*Source) []string {
	return idsOf(sources, func(s *Source) string { return s.ID })
}
func instrumentIDs(ins []*Instrument) []string {
	return idsOf(ins, func(i *Instrument) string { return i.ID })
}

func join(ids []string) string { return strings.Join(ids, ", ") }

// indexRE matches the index of an element of a list of tables in a path.
var indexRE = regexp.MustCompile(`\[\d+\]`)
