package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/sitefs"
)

// listKinds are what "briefing list" lists: the ids an editor writes in
// the dataset and the flags of "briefing new".
var listKinds = []string{"statuses", "categories", "locations", "conditions", "roles", "countries", "sources", "instruments", "pledges"}

var listUsage = `usage: briefing list [-src DIR] [-json] ` + strings.Join(listKinds, "|") + `

Lists the ids of one kind with their labels, as a table, or with -json as an
array of objects with the table's columns as keys, for scripts.
`

func runList(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("list", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() { fmt.Fprint(stderr, listUsage); flags.PrintDefaults() }
	src := flags.String("src", ".", "site `folder`")
	asJSON := flags.Bool("json", false, "print a JSON array of objects")
	// The kind may come before or after the flags.
	if err := flags.Parse(args); err != nil {
		return 2
	}
	rest := flags.Args()
	if len(rest) > 0 {
		if err := flags.Parse(rest[1:]); err != nil {
			return 2
		}
		rest = append(rest[:1], flags.Args()...)
	}
	if len(rest) != 1 || !slices.Contains(listKinds, rest[0]) {
		fmt.Fprint(stderr, listUsage)
		return 2
	}
	fsys, err := sitefs.Open(*src)
	if err != nil {
		fmt.Fprintf(stderr, "briefing list: %v\n", err)
		return 1
	}
	defer fsys.Close()
	set, errs := dataset.Load(fsys)
	t := tabulate(set, rest[0])
	if *asJSON {
		err = t.json(stdout)
	} else {
		err = t.text(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "briefing list: %v\n", err)
		return 1
	}
	if len(errs) > 0 { // listed all the same, to help fix them
		report(stderr, *src, errs.Sort())
		return 1
	}
	return 0
}

// table is a list of entries: a row of values per entry under the columns.
type table struct {
	cols []string
	rows [][]string
}

// tabulate lists the entries of kind, one of listKinds, in the order they
// are written, id first.
func tabulate(set *dataset.Dataset, kind string) table {
	terms := func(ts []*dataset.Term, extra string, val func(*dataset.Term) string) table {
		t := table{cols: []string{"id", "label"}}
		if extra != "" {
			t.cols = []string{"id", extra, "label"}
		}
		for _, term := range ts {
			row := []string{term.ID, term.Label}
			if extra != "" {
				row = []string{term.ID, val(term), term.Label}
			}
			t.rows = append(t.rows, row)
		}
		return t
	}
	var t table
	switch kind {
	case "statuses":
		return terms(set.Statuses, "symbol", func(t *dataset.Term) string { return t.Symbol })
	case "categories":
		return terms(set.Categories, "", nil)
	case "locations":
		return terms(set.Locations, "", nil)
	case "conditions":
		return terms(set.Conditions, "", nil)
	case "roles":
		return terms(set.Roles, "part", func(t *dataset.Term) string { return string(t.Part) })
	case "countries":
		t.cols = []string{"code", "name", "role", "part"}
		for _, c := range set.Countries {
			t.rows = append(t.rows, []string{c.Code, c.Name, c.Role, string(c.Part)})
		}
	case "sources":
		t.cols = []string{"id", "date", "title"}
		for _, s := range set.Sources {
			t.rows = append(t.rows, []string{s.ID, s.Date.String(), s.Title})
		}
	case "instruments":
		t.cols = []string{"id", "date", "title"}
		for _, in := range set.Instruments {
			t.rows = append(t.rows, []string{in.ID, in.Date.String(), in.Title})
		}
	case "pledges":
		// A pledge's status is its latest published entry's, as the site
		// shows it; a draft entry prepared ahead is not yet its status.
		t.cols = []string{"id", "country", "category", "status", "since"}
		for _, p := range set.Pledges {
			status, since := p.Status, p.Date
			for _, c := range p.History {
				if !c.Draft {
					status, since = c.Status, c.Date
				}
			}
			t.rows = append(t.rows, []string{p.ID, p.Country, p.Category, status, since.String()})
		}
	}
	return t
}

// text writes the table with its columns aligned, under a header.
func (t table) text(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.ToUpper(strings.Join(t.cols, "\t")))
	for _, row := range t.rows {
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	return tw.Flush()
}

// json writes the table as an array of objects, one a line, with the keys
// in the columns' order.
func (t table) json(w io.Writer) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	b.WriteString("[")
	for i, row := range t.rows {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  {")
		for j, col := range t.cols {
			if j > 0 {
				b.WriteString(", ")
			}
			enc.Encode(col)
			b.Truncate(b.Len() - 1) // Encode ends each value with a newline
			b.WriteString(": ")
			enc.Encode(row[j])
			b.Truncate(b.Len() - 1)
		}
		b.WriteString("}")
	}
	if len(t.rows) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	_, err := w.Write(b.Bytes())
	return err
}

// choices are the ids a flag takes, with their labels, from the table of
// kind, for a prompt to list; keep, when set, says which rows to offer.
func choices(set *dataset.Dataset, kind string, keep func(row []string) bool) [][2]string {
	t := tabulate(set, kind)
	var out [][2]string
	for _, row := range t.rows {
		label := row[len(row)-1] // a term's label, a source's title
		switch kind {
		case "countries":
			label = row[1]
		case "pledges":
			label = strings.Join(row[1:4], " ") // "DE monitoring considering"
		}
		if keep == nil || keep(row) {
			out = append(out, [2]string{row[0], label})
		}
	}
	return out
}
