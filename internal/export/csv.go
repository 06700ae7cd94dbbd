package export

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/briefing/briefing/internal/site"
)

// The CSV columns, in order; the package comment says what each holds.
var (
	pledgeHeader  = []string{"id", "country", "country_name", "category", "status", "location", "date", "conditions", "summary", "source_title", "source_publisher", "source_date", "source_url", "quote", "speaker", "url"}
	countryHeader = []string{"code", "name", "slug", "role", "role_label", "group", "leaders", "pledges", "url"}
)

// Separators of several values in one cell.
const (
	listSep   = "; "  // conditions, leaders
	sourceSep = " | " // one part per source
)

// pledgeRows are the rows of pledges.csv, made from pledges.json's values
// so that the two files cannot disagree.
func pledgeRows(doc *document) [][]string {
	rows := [][]string{pledgeHeader}
	for _, p := range doc.Pledges {
		row := []string{p.ID, p.Country, p.CountryName, p.Category, p.Status, p.Location, p.Date, strings.Join(p.Conditions, listSep), p.Summary}
		rows = append(rows, append(append(row, sourceColumns(p.Sources)...), p.URL))
	}
	return rows
}

var historyHeader = []string{"pledge_id", "country", "country_name", "category", "date", "status", "from", "note",
	"source_title", "source_publisher", "source_date", "source_url", "quote", "speaker", "url"}

// historyRows are the rows of pledge-history.csv.
func historyRows(doc *document) [][]string {
	rows := [][]string{historyHeader}
	for _, p := range doc.Pledges {
		for _, e := range p.History {
			rows = append(rows, append([]string{p.ID, p.Country, p.CountryName, p.Category, e.Date, e.Status, e.From, e.Note},
				append(sourceColumns(e.Sources), e.URL)...))
		}
	}
	return rows
}

// sourceColumns joins each field of the sources into one cell.
func sourceColumns(cs []citation) []string {
	field := func(f func(citation) string) string {
		parts := make([]string, len(cs))
		for i, c := range cs {
			parts[i] = f(c)
		}
		return strings.Join(parts, sourceSep)
	}
	return []string{
		field(func(c citation) string { return c.Title }),
		field(func(c citation) string { return c.Publisher }),
		field(func(c citation) string { return c.Date }),
		field(func(c citation) string { return c.URL }),
		field(func(c citation) string { return c.Quote }),
		field(func(c citation) string { return c.Speaker }),
	}
}

// countryRows are the rows of countries.csv.
func countryRows(s *site.Site) [][]string {
	rows := [][]string{countryHeader}
	for _, c := range s.Countries {
		label := ""
		if c.Role != nil {
			label = c.Role.Label
		}
		rows = append(rows, []string{
			c.Code, c.Name, c.Slug, c.Country.Role, label, strconv.FormatBool(c.Group),
			strings.Join(c.Leaders, listSep), strconv.Itoa(len(c.Pledges)), s.Config.BaseURL + c.URL(),
		})
	}
	return rows
}

// writeCSV encodes rows for spreadsheets as much as for programs. It starts
// with a UTF-8 byte order mark: RFC 4180 does not need one and most programs
// skip it, but without it Excel reads the file as the local ANSI code page and
// garbles every é and ’. Lines end in CRLF, as RFC 4180 and Excel expect.
func writeCSV(rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
