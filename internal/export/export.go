// Package export turns the site model into the data downloads: the dataset
// as JSON and as CSV, and a JSON Schema for the JSON. Files returns them, in
// this order:
//
//	data/pledges.json    the whole dataset, one JSON document
//	data/pledges.csv     one row per pledge
//	data/pledge-history.csv  one row per entry of a pledge's history
//	data/countries.csv   one row per country or group
//	data/schema.json     a JSON Schema (draft 2020-12) that pledges.json is valid against
//
// # pledges.json
//
// One object. Every key below is always present: where the data says
// nothing, a string is empty ("") and a list is empty ([]), never null or
// missing. Lists keep the site's order.
//
//	$schema       "schema.json": the schema, beside this file
//	title         the site's title (site.toml)
//	description   the site's description (site.toml)
//	publisher     who publishes it (site.toml)
//	as_of         the date the briefing is current to (see Dates)
//	license       the licence of the data, e.g. "CC BY 4.0" (site.toml; may be empty)
//	license_url   where the licence text is (site.toml; may be empty)
//	statuses      [{id, label, symbol, description}]  vocabulary order, the legend's
//	categories    [{id, label, description}]          vocabulary order, the matrix's columns
//	roles         [{id, label, description}]          vocabulary order
//	locations     [{id, label, description}]          vocabulary order
//	conditions    [{id, label, description}]          vocabulary order: label is the
//	              short phrase ("after a ceasefire"), description the longer text
//	instruments   [{id, title, date, parties, signed, summary, sources}]
//	              the documents that record pledges; parties are countries
//	              codes; signed only where the sources say it was signed
//	countries     [{code, name, slug, role, part, group, leaders, url}]
//	              groups first, then by name. code is ISO 3166-1 alpha-2, or a
//	              lowercase id for a group (group true); role is a roles id;
//	              part is what the country is to the guarantees: guarantor,
//	              beneficiary, adversary or group;
//	              leaders are strings like "Emmanuel Macron, President"; url is
//	              the country's page.
//	pledges       [{id, country, country_name, category, status, since, location,
//	                date, summary, conditions, instruments, url, sources, history}]
//	              the matrix's order: by country as above, then category, then
//	              date. country is a countries code; category, status and
//	              location are vocabulary ids, location "" when the sources do
//	              not say where; conditions are conditions ids; instruments
//	              are instruments ids; summary is what the pledge now is (the
//	              latest entry's); url is the pledge's page.
//	  sources     [{title, publisher, date, url, quote, speaker}], at least one:
//	              the source document (publisher and url may be empty), the
//	              exact words quoted from it, and who said them ("" for the
//	              document's own words).
//	  history     [{date, status, from, summary, note, url, sources}], oldest first,
//	              at least one: every status the pledge has had. The first
//	              entry is the pledge as made (from and note ""); status and
//	              since are the last entry's.
//
// # pledges.csv
//
// A header row, then one row per pledge in the order of pledges.json:
//
//	id, country, country_name, category, status, location, date, conditions,
//	summary, source_title, source_publisher, source_date, source_url, quote,
//	speaker, url
//
// The columns mean what the same keys of pledges.json mean. A cell holding
// several values joins them: conditions with "; ", and the sources with " | "
// — each source column holds one value per source, in the same order, so the
// n-th parts of source_title, quote and speaker belong together (an empty
// publisher leaves an empty part, so the parts stay aligned). Text that itself
// contains "; " or " | " makes a joined cell ambiguous; pledges.json never is.
//
// # pledge-history.csv
//
// A header row, then one row per entry of every pledge's history, in the
// order of pledges.json and then of history:
//
//	pledge_id, country, country_name, category, date, status, from, note,
//	source_title, source_publisher, source_date, source_url, quote, speaker, url
//
// Several sources are joined as in pledges.csv.
//
// # countries.csv
//
// A header row, then one row per country in the order of pledges.json:
//
//	code, name, slug, role, role_label, group, leaders, pledges, url
//
// group is "true" or "false", leaders are joined with "; ", and pledges is
// how many pledges the country has.
//
// # Conventions
//
// Dates are ISO 8601 and as precise as the sources: "2026-01-06", or "2026-01"
// or "2026" when only the month or year is known. URLs of pages are absolute
// (base_url followed by the page's path). CSV files are UTF-8 with a byte
// order mark, CRLF line ends and RFC 4180 quoting; a line break inside a cell
// is written as CRLF too. A CSV cell that would begin with =, +, -, @, a tab
// or a carriage return begins with an apostrophe (') before it, in every
// column of every CSV file, so that a spreadsheet takes it for text and
// never for a formula (OWASP's advice on CSV injection); pledges.json keeps
// the exact text.
package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/site"
	"github.com/briefing/briefing/internal/weburl"
)

// dir holds the downloads in the site.
const dir = "data"

// Download is one file of the downloads, made when asked. The downloads of
// a large briefing are hundreds of megabytes (pledges.json alone is 150 MB
// at 100,000 pledges): made one at a time and written before the next, they
// are never all held at once.
type Download struct {
	Name string
	Make func() ([]byte, error)
}

// Downloads lists the data downloads of the site, in a fixed order:
// data/pledges.json, data/pledges.csv, data/pledge-history.csv,
// data/countries.csv, data/schema.json; each to be made when asked. Each is
// written pledge by pledge into its one buffer, from values made for that
// pledge and dropped after it: no file holds a copy of the whole dataset
// besides its own bytes.
func Downloads(s *site.Site) ([]Download, error) {
	base := s.Config.BaseURL
	if !weburl.IsAbs(base) || !strings.HasSuffix(base, "/") {
		return nil, fmt.Errorf("export: base_url %q is not an absolute http(s) URL ending in \"/\"; the downloads link to pages by absolute URL", base)
	}
	made := func(name string, data []byte, err error) ([]byte, error) {
		if err != nil {
			return nil, fmt.Errorf("export: %s: %v", name, err)
		}
		return data, nil
	}
	return []Download{
		{dir + "/pledges.json", func() ([]byte, error) {
			data, err := pledgesJSON(s)
			return made("pledges.json", data, err)
		}},
		{dir + "/pledges.csv", func() ([]byte, error) {
			data, err := writeCSV(pledgeHeader, len(s.Pledges), pledgeRows(s))
			return made("pledges.csv", data, err)
		}},
		{dir + "/pledge-history.csv", func() ([]byte, error) {
			// s.Changes holds every entry of every pledge: one a row.
			data, err := writeCSV(historyHeader, len(s.Changes), historyRows(s))
			return made("pledge-history.csv", data, err)
		}},
		{dir + "/countries.csv", func() ([]byte, error) {
			data, err := writeCSV(countryHeader, len(s.Countries), countryRows(s))
			return made("countries.csv", data, err)
		}},
		{dir + "/" + schemaName, func() ([]byte, error) {
			data, err := json.Marshal(newSchema(s))
			return made(schemaName, data, err)
		}},
	}, nil
}

// pledgesJSON is pledges.json for s, the same bytes as json.Marshal of the
// whole document but written one pledge at a time: at 100,000 pledges the
// document would copy every citation and entry of the model, and Marshal
// would grow its buffer by doubling and then copy it.
func pledgesJSON(s *site.Site) ([]byte, error) {
	head, err := json.Marshal(newHead(s))
	if err != nil {
		return nil, err
	}
	// pledges is the last key, so the head ends with its empty list, which
	// the pledges are written into. Were it not, that would be a mistake in
	// this package's own types, which any test run catches.
	open, ok := bytes.CutSuffix(head, []byte("[]}"))
	if !ok {
		panic("export: pledges is not the last field of document")
	}
	var buf bytes.Buffer
	buf.Write(open)
	buf.WriteByte('[')
	// An Encoder escapes <, > and & as Marshal does, and writes into buf
	// without a copy of each pledge of its own.
	enc := json.NewEncoder(&buf)
	for i, p := range s.Pledges {
		if i > 0 {
			buf.WriteByte(',')
		}
		out := newPledge(s.Config.BaseURL, p)
		if err := enc.Encode(&out); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1) // the newline Encode ends a value with
		if i+1 == sample(len(s.Pledges)) {
			presize(&buf, len(open)+1, i+1, len(s.Pledges))
		}
	}
	buf.WriteString("]}")
	return buf.Bytes(), nil
}

// sample is after how many of n items the file's buffer is presized: a
// sixteenth of them.
func sample(n int) int { return (n + 15) / 16 }

// presize grows buf, which holds a head of size head and then the first
// done of n items, to the size they predict for all n and an eighth more.
// A buffer grown by doubling would end up to twice the file's size and,
// while copying itself at its last growth, take three times it.
func presize(buf *bytes.Buffer, head, done, n int) {
	want := head + (buf.Len()-head)/done*n
	buf.Grow(want + want/8 - buf.Len())
}

// schemaName is the schema's file name, which pledges.json refers to
// relative to itself.
const schemaName = "schema.json"

// The shape of pledges.json. schema.json is generated from these types (see
// schema.go), so the two cannot drift apart: a doc tag becomes the field's
// description, and a schema tag names a constraint from kinds.
type (
	document struct {
		Schema      string       `json:"$schema" doc:"The JSON Schema this document is valid against, relative to it."`
		Title       string       `json:"title" schema:"nonempty" doc:"The site's title."`
		Description string       `json:"description" schema:"nonempty" doc:"The site's description."`
		Publisher   string       `json:"publisher" schema:"nonempty" doc:"Who publishes the briefing."`
		AsOf        string       `json:"as_of" schema:"date-or-empty" doc:"The date the briefing is current to: YYYY-MM-DD, or YYYY-MM or YYYY when only that much is known."`
		License     string       `json:"license" doc:"The licence of the data, e.g. \"CC BY 4.0\"; empty when not stated."`
		LicenseURL  string       `json:"license_url" schema:"url-or-empty" doc:"Where the licence text is; empty when not stated."`
		Statuses    []status     `json:"statuses" schema:"nonempty" doc:"How far a pledge has got, in the legend's order."`
		Categories  []term       `json:"categories" schema:"nonempty" doc:"Kinds of commitment: the columns of the matrix."`
		Roles       []term       `json:"roles" doc:"The parts countries play."`
		Locations   []term       `json:"locations" doc:"Where a contribution is based."`
		Conditions  []term       `json:"conditions" doc:"What a pledge may wait on: label is a short phrase, description the longer text."`
		Instruments []instrument `json:"instruments" doc:"The documents that record pledges: statements, declarations, laws."`
		Countries   []country    `json:"countries" doc:"Countries, and groups of them such as the coalition; groups first, then by name."`
		Pledges     []pledge     `json:"pledges" doc:"Who promised what, on what condition, on whose word; by country, then category, then date."`
	}

	status struct {
		ID          string `json:"id" schema:"id" doc:"Stable id, referred to by pledges[].status."`
		Label       string `json:"label" schema:"nonempty" doc:"The name shown on the site."`
		Symbol      string `json:"symbol" schema:"nonempty" doc:"The symbol shown beside the label."`
		Description string `json:"description" schema:"nonempty" doc:"What the status means."`
	}

	term struct {
		ID          string `json:"id" schema:"id" doc:"Stable id, referred to by pledges and countries."`
		Label       string `json:"label" schema:"nonempty" doc:"The name shown on the site."`
		Description string `json:"description" schema:"nonempty" doc:"What the term means."`
	}

	country struct {
		Code    string   `json:"code" schema:"code" doc:"ISO 3166-1 alpha-2 code, or a lowercase id for a group."`
		Name    string   `json:"name" schema:"nonempty" doc:"The country's name."`
		Slug    string   `json:"slug" schema:"id" doc:"The country's URL segment."`
		Role    string   `json:"role" doc:"A roles id."`
		Part    string   `json:"part" doc:"What the country is to the guarantees: guarantor, beneficiary, adversary or group."`
		Group   bool     `json:"group" doc:"Whether this is a group of countries rather than one."`
		Leaders []string `json:"leaders" doc:"People the sources name, with their office."`
		URL     string   `json:"url" schema:"url" doc:"The country's page."`
	}

	pledge struct {
		ID          string     `json:"id" schema:"id" doc:"Stable id; never reused."`
		Country     string     `json:"country" doc:"A countries code."`
		CountryName string     `json:"country_name" schema:"nonempty" doc:"The country's name."`
		Category    string     `json:"category" doc:"A categories id."`
		Status      string     `json:"status" doc:"A statuses id: the current status, the last entry's of history."`
		Since       string     `json:"since" schema:"date" doc:"When the current status began."`
		Location    string     `json:"location" doc:"A locations id; empty when the sources do not say."`
		Date        string     `json:"date" schema:"date" doc:"When the pledge was made: YYYY-MM-DD, YYYY-MM or YYYY."`
		Summary     string     `json:"summary" schema:"nonempty" doc:"What was pledged, in the site's words."`
		Conditions  []string   `json:"conditions" doc:"Conditions ids: what the pledge waits on."`
		Instruments []string   `json:"instruments" doc:"Instruments ids: the documents that record the pledge."`
		URL         string     `json:"url" schema:"url" doc:"The pledge's own page, with its history."`
		Sources     []citation `json:"sources" schema:"nonempty" doc:"The sources' own words for the pledge."`
		History     []entry    `json:"history" schema:"nonempty" doc:"Every status the pledge has had, oldest first; the first entry is the pledge as made."`
	}

	entry struct {
		Date    string     `json:"date" schema:"date" doc:"When the pledge took this status."`
		Status  string     `json:"status" doc:"A statuses id."`
		From    string     `json:"from" doc:"The statuses id before this entry; empty for the first."`
		Summary string     `json:"summary" schema:"nonempty" doc:"What the pledge was from this entry on."`
		Note    string     `json:"note" doc:"Why the status changed, in the site's words; empty for the first entry."`
		URL     string     `json:"url" schema:"url" doc:"The entry on the pledge's page."`
		Sources []citation `json:"sources" schema:"nonempty" doc:"The sources' own words for this entry."`
	}

	instrument struct {
		ID      string     `json:"id" schema:"id" doc:"Stable id, referred to by pledges[].instruments."`
		Title   string     `json:"title" schema:"nonempty" doc:"The document's name."`
		Date    string     `json:"date" schema:"date" doc:"When it was made: YYYY-MM-DD, YYYY-MM or YYYY."`
		Parties []string   `json:"parties" schema:"nonempty" doc:"Countries codes of its parties."`
		Signed  bool       `json:"signed" doc:"Whether the sources say it was signed."`
		Summary string     `json:"summary" doc:"What it is, in the site's words."`
		Sources []citation `json:"sources" schema:"nonempty" doc:"The sources' own words for it."`
	}

	citation struct {
		Title     string `json:"title" schema:"nonempty" doc:"The source document's title."`
		Publisher string `json:"publisher" doc:"Who published it; empty when not stated."`
		Date      string `json:"date" schema:"date" doc:"When it was published: YYYY-MM-DD, YYYY-MM or YYYY."`
		URL       string `json:"url" schema:"url-or-empty" doc:"Where it is; empty when it is not online."`
		Quote     string `json:"quote" schema:"nonempty" doc:"The exact words quoted from it."`
		Speaker   string `json:"speaker" doc:"Who said them; empty for the document's own words."`
	}
)

// newHead is pledges.json for s without its pledges, which newPledge
// makes one at a time. Lists are made non-nil so they encode as [] rather
// than null.
func newHead(s *site.Site) *document {
	cfg := s.Config
	doc := &document{
		Schema:      schemaName,
		Title:       cfg.Title,
		Description: cfg.Description,
		Publisher:   cfg.Publisher,
		AsOf:        s.AsOf.String(),
		License:     cfg.License,
		LicenseURL:  cfg.LicenseURL,
		Statuses:    make([]status, 0, len(s.Data.Statuses)),
		Categories:  terms(s.Data.Categories),
		Roles:       terms(s.Data.Roles),
		Locations:   terms(s.Data.Locations),
		Conditions:  terms(s.Data.Conditions),
		Instruments: make([]instrument, 0, len(s.Instruments)),
		Countries:   make([]country, 0, len(s.Countries)),
		Pledges:     []pledge{},
	}
	for _, t := range s.Data.Statuses {
		doc.Statuses = append(doc.Statuses, status{t.ID, t.Label, t.Symbol, t.Description})
	}
	for _, in := range s.Instruments {
		doc.Instruments = append(doc.Instruments, instrument{
			ID: in.ID, Title: in.Title, Date: in.Date.String(), Parties: strs(in.Instrument.Parties),
			Signed: in.Signed, Summary: in.Summary, Sources: citations(in.Sources),
		})
	}
	for _, c := range s.Countries {
		doc.Countries = append(doc.Countries, country{
			Code: c.Code, Name: c.Name, Slug: c.Slug, Role: c.Country.Role, Part: string(c.Part), Group: c.Group(),
			Leaders: strs(c.Leaders), URL: cfg.BaseURL + c.URL(),
		})
	}
	return doc
}

// newPledge is p as an item of pledges.json's pledges; base is the site's
// base_url.
func newPledge(base string, p *site.Pledge) pledge {
	out := pledge{
		ID: p.ID, Country: p.Country.Code, CountryName: p.Country.Name,
		Category: p.Category.ID, Status: p.Status.ID, Since: p.Since.String(), Location: id(p.Location),
		Date: p.Date.String(), Summary: p.Summary, Conditions: strs(p.Pledge.Conditions),
		Instruments: strs(p.Pledge.Instruments),
		URL:         base + p.URL(), Sources: citations(p.Sources),
		History: make([]entry, 0, len(p.History)),
	}
	for _, st := range p.History {
		out.History = append(out.History, entry{
			Date: st.Date.String(), Status: st.Status.ID, From: id(st.From), Summary: st.Summary, Note: st.Note,
			URL: base + st.URL(), Sources: citations(st.Sources),
		})
	}
	return out
}

func citations(cs []*dataset.Citation) []citation {
	out := make([]citation, 0, len(cs))
	for _, c := range cs {
		var src dataset.Source // empty only in a dataset with errors
		if c.Source != nil {
			src = *c.Source
		}
		out = append(out, citation{
			Title: src.Title, Publisher: src.Publisher, Date: src.Date.String(), URL: src.URL,
			Quote: c.Quote, Speaker: c.Speaker,
		})
	}
	return out
}

func terms(ts []*dataset.Term) []term {
	out := make([]term, 0, len(ts))
	for _, t := range ts {
		out = append(out, term{t.ID, t.Label, t.Description})
	}
	return out
}

func id(t *dataset.Term) string {
	if t == nil {
		return ""
	}
	return t.ID
}

func strs(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
