package export

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/briefing/briefing/internal/testsite"
)

// formulaSite is the quoting site with every text value of the dataset
// that reaches a CSV column starting with the trigger T: source titles,
// publishers, quotes and speakers, country names and leaders, a role's
// label, pledges' summaries, and a history entry's note. (Conditions are
// ids in the CSV, which cannot start with a trigger.)
const formulaSite = `
-- content/data/sources.toml --
[[source]]
id        = "paris-report"
title     = "T1+1 title"
publisher = "Tpublisher"
date      = 2026-01-06
url       = "https://example.com/paris"
-- content/data/countries.toml --
[[country]]
code    = "FR"
name    = "TFrance"
role    = "lead"
leaders = ["Tcmd|' /C calc'!A0", "TBarrot"]
-- content/data/pledges.toml --
[[pledge]]
id         = "fr-ground"
country    = "FR"
category   = "ground-forces"
status     = "announced"
location   = "inside"
date       = 2026-01-06
summary    = "TSUM(A1:A9)"
conditions = ["ceasefire", "un-mandate"]

  [[pledge.source]]
  ref     = "paris-report"
  quote   = "Tquote"
  speaker = "Tspeaker"

  [[pledge.history]]
  date   = 2026-01-07
  status = "delivered"
  note   = "Tnote"

  [[pledge.history.source]]
  ref     = "paris-report"
  quote   = "Tlater"
  speaker = "Tsomeone"
`

// TestCSVFormulas checks every text column of every CSV file with each
// character that makes a spreadsheet read a cell as a formula: the cell
// starts with an apostrophe, no cell of any column starts with a trigger,
// and pledges.json keeps the exact text.
func TestCSVFormulas(t *testing.T) {
	textColumns := map[string][]string{
		"data/pledges.csv":        {"country_name", "summary", "source_title", "source_publisher", "quote", "speaker"},
		"data/pledge-history.csv": {"country_name", "note", "source_title", "source_publisher", "quote", "speaker"},
		"data/countries.csv":      {"name", "role_label", "leaders"},
	}
	for _, trigger := range []string{"=", "+", "-", "@", "\t", "\r"} {
		t.Run(strings.NewReplacer("\t", "tab", "\r", "cr").Replace(trigger), func(t *testing.T) {
			esc := strings.NewReplacer("\t", `\t`, "\r", `\r`).Replace(trigger)
			fsys := testsite.FS(t, "quoting", strings.ReplaceAll(formulaSite, `"T`, `"`+esc))
			testsite.Edit(t, fsys, "content/data/vocabulary.toml", `"Lead nation"`, `"`+esc+`Lead nation"`)
			s := model(t, fsys, testConfig())
			out := exported(t, s)
			// encoding/csv writes a lone carriage return as nothing when
			// lines end in CRLF, so a cell that began with one begins with
			// the apostrophe and then the text after it.
			want := "'" + strings.TrimPrefix(trigger, "\r")
			for name, columns := range textColumns {
				rows := readCSV(t, name, out[name])
				for _, col := range columns {
					i := indexOf(rows[0], col)
					if i < 0 {
						t.Fatalf("%s has no column %s: %q", name, col, rows[0])
					}
					seen := 0
					for _, row := range rows[1:] {
						if row[i] == "" { // the note of a pledge's first entry
							continue
						}
						seen++
						if !strings.HasPrefix(row[i], want) {
							t.Errorf("%s, column %s: %q does not start with %q", name, col, row[i], want)
						}
					}
					if seen == 0 {
						t.Errorf("%s, column %s: no cell has text, so nothing was tested", name, col)
					}
				}
				for _, row := range rows {
					for i, cell := range row {
						if cell != "" && strings.ContainsAny(cell[:1], "=+-@\t\r") {
							t.Errorf("%s, column %s: %q starts with a formula trigger", name, rows[0][i], cell)
						}
					}
				}
			}
			var doc document
			if err := json.Unmarshal(out["data/pledges.json"], &doc); err != nil {
				t.Fatal(err)
			}
			p := doc.Pledges[0]
			if want := trigger + "SUM(A1:A9)"; p.Summary != want ||
				p.Sources[0].Quote != trigger+"quote" || p.History[1].Note != trigger+"note" || doc.Countries[0].Name != trigger+"France" {
				t.Errorf("pledges.json does not keep the exact text: %+v %+v", p, doc.Countries[0])
			}
		})
	}
}

func indexOf(header []string, col string) int {
	for i, h := range header {
		if h == col {
			return i
		}
	}
	return -1
}
