package export

import (
	"bytes"
	"encoding/csv"
	"iter"
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
// so that the two files cannot disagree. A row is only valid until the next
// is yielded.
func pledgeRows(s *site.Site) iter.Seq[[]string] {
	return func(yield func([]string) bool) {
		var row []string
		for _, m := range s.Pledges {
			p := newPledge(s.Config.BaseURL, m)
			row = append(row[:0], p.ID, p.Country, p.CountryName, p.Category, p.Status, p.Location, p.Date, strings.Join(p.Conditions, listSep), p.Summary)
			row = append(appendSources(row, p.Sources), p.URL)
			if !yield(row) {
				return
			}
		}
	}
}

var historyHeader = []string{"pledge_id", "country", "country_name", "category", "date", "status", "from", "note",
	"source_title", "source_publisher", "source_date", "source_url", "quote", "speaker", "url"}

// historyRows are the rows of pledge-history.csv. A row is only valid until
// the next is yielded.
func historyRows(s *site.Site) iter.Seq[[]string] {
	return func(yield func([]string) bool) {
		var row []string
		for _, m := range s.Pledges {
			p := newPledge(s.Config.BaseURL, m)
			for _, e := range p.History {
				row = append(row[:0], p.ID, p.Country, p.CountryName, p.Category, e.Date, e.Status, e.From, e.Note)
				row = append(appendSources(row, e.Sources), e.URL)
				if !yield(row) {
					return
				}
			}
		}
	}
}

// appendSources appends the source columns to row: each field of the
// sources joined into one cell.
func appendSources(row []string, cs []citation) []string {
	field := func(f func(citation) string) string {
		parts := make([]string, len(cs))
		for i, c := range cs {
			parts[i] = f(c)
		}
		return strings.Join(parts, sourceSep)
	}
	return append(row,
		field(func(c citation) string { return c.Title }),
		field(func(c citation) string { return c.Publisher }),
		field(func(c citation) string { return c.Date }),
		field(func(c citation) string { return c.URL }),
		field(func(c citation) string { return c.Quote }),
		field(func(c citation) string { return c.Speaker }),
	)
}

// countryRows are the rows of countries.csv.
func countryRows(s *site.Site) iter.Seq[[]string] {
	return func(yield func([]string) bool) {
		for _, c := range s.Countries {
			label := ""
			if c.Role != nil {
				label = c.Role.Label
			}
			if !yield([]string{
				c.Code, c.Name, c.Slug, c.Country.Role, label, strconv.FormatBool(c.Group()),
				strings.Join(c.Leaders, listSep), strconv.Itoa(len(c.Pledges)), s.Config.BaseURL + c.URL(),
			}) {
				return
			}
		}
	}
}

// writeCSV encodes header and then n rows for spreadsheets as much as for
// programs, each row as it comes, so that only the file is ever held. Every
// cell passes through neutralise here, the one writer of every CSV, so no
// column of any file can be left out. It starts with a UTF-8 byte order mark: RFC 4180 does not need one and most
// programs skip it, but without it Excel reads the file as the local ANSI
// code page and garbles every é and ’. Lines end in CRLF, as RFC 4180 and
// Excel expect.
func writeCSV(header []string, n int, rows iter.Seq[[]string]) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.Write(header); err != nil {
		return nil, err
	}
	w.Flush()
	head := buf.Len()
	done := 0
	for row := range rows {
		for i, cell := range row {
			row[i] = neutralise(cell)
		}
		if err := w.Write(row); err != nil {
			return nil, err
		}
		done++
		if done == sample(n) {
			w.Flush() // so that buf holds every row written
			presize(&buf, head, done, n)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// neutralise keeps a spreadsheet from reading cell as a formula: a cell
// that begins with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, as OWASP's "CSV injection" page recommends, so the cell is
// text to a spreadsheet. The apostrophe is part of the cell for a program
// that reads the file; pledges.json keeps the exact text. Quoting alone
// would not do: a spreadsheet unquotes a cell before it looks for a formula.
func neutralise(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}
