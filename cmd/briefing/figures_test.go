package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestFrontFigures reads the figures "At a glance" off the built front
// page and counts them again from content/data with the TOML library alone,
// without the model: the figures the source states (figures.toml), the
// countries with a pledge and with a refusal (guarantors only: not the
// beneficiary, the adversary or a group), the pledges by stage in the
// vocabulary's order (refusals apart), and the refusals. A front page that
// counted anything else, or in another order, fails.
func TestFrontFigures(t *testing.T) {
	t.Parallel()
	page, err := os.Open(filepath.Join(shipped(t), "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer page.Close()
	doc, err := html.Parse(page)
	if err != nil {
		t.Fatal(err)
	}
	have := frontFigures(doc)
	want := countFigures(t, filepath.Join(repo, "content/data"))
	if len(want) < 5 {
		t.Fatalf("bad test: the shipped dataset gives only %q", want)
	}
	if !slices.Equal(have, want) {
		t.Errorf("the front page's figures\nhave %q\nwant %q", have, want)
	}
}

// frontFigures lists the figures of the front page's "At a glance", in
// order, as "what: number": a stated figure by its id and label, the
// counts by their ids, and a stage by its status's class.
func frontFigures(doc *html.Node) []string {
	var out []string
	for li := range doc.Descendants() {
		if li.DataAtom != atom.Li || !inFigures(li) {
			continue
		}
		var n string
		for c := range li.Descendants() {
			if c.DataAtom == atom.Strong {
				n = words(textOf(c))
				break
			}
		}
		id, class := attr(li, "id"), attr(li, "class")
		switch {
		case class == "figure-stage":
			for c := range li.Descendants() {
				for _, cl := range strings.Fields(attr(c, "class")) {
					if st, ok := strings.CutPrefix(cl, "status-"); ok {
						id = "stage " + st
					}
				}
			}
		case id == "figure-pledging" || id == "figure-refusing" || id == "figure-refusals":
		default: // a stated figure: its label follows the number
			label, _, _ := strings.Cut(strings.TrimSpace(strings.TrimPrefix(words(textOf(li)), n)), " (source:")
			id += " " + label
		}
		out = append(out, id+": "+n)
	}
	return out
}

// inFigures reports whether n is in a ul.figures.
func inFigures(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Ul && hasClass(p, "figures") {
			return true
		}
	}
	return false
}

// words is s with its runs of white space made one space.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// countFigures decodes every file of the dataset folder with BurntSushi/toml
// and counts what the front page should show, in its order.
func countFigures(t *testing.T, dir string) []string {
	t.Helper()
	var data struct {
		Status  []struct{ ID string }
		Role    []struct{ ID, Part string }
		Country []struct{ Code, Role string }
		Pledge  []struct {
			Country, Status string
			History         []struct {
				Status string
				Draft  bool
			}
		}
		Figure []struct {
			ID    string
			Value int
			Label string
		}
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.toml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no dataset in %s: %v", dir, err)
	}
	for _, f := range files { // each file may hold any of the tables; the lists add up
		if _, err := toml.DecodeFile(f, &data); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}

	var out []string
	for _, f := range data.Figure {
		out = append(out, fmt.Sprintf("figure-%s %s: %d", f.ID, f.Label, f.Value))
	}
	part := map[string]string{} // role -> part; a role without one is a guarantor's
	for _, r := range data.Role {
		part[r.ID] = r.Part
	}
	guarantor := map[string]bool{}
	for _, c := range data.Country {
		guarantor[c.Code] = part[c.Role] == "" || part[c.Role] == "guarantor"
	}
	pledging, refusing := map[string]bool{}, map[string]bool{}
	stages := map[string]int{}
	refusals := 0
	for _, p := range data.Pledge {
		status := p.Status // the pledge's stage now: its last published change's
		for _, h := range p.History {
			if h.Status != "" && !h.Draft {
				status = h.Status
			}
		}
		switch status {
		case "declined":
			refusals++
			refusing[p.Country] = refusing[p.Country] || guarantor[p.Country]
		case "withdrawn":
			stages[status]++
		default:
			stages[status]++
			pledging[p.Country] = pledging[p.Country] || guarantor[p.Country]
		}
	}
	count := func(m map[string]bool) (n int) {
		for _, ok := range m {
			if ok {
				n++
			}
		}
		return n
	}
	out = append(out, "figure-pledging: "+strconv.Itoa(count(pledging)), "figure-refusing: "+strconv.Itoa(count(refusing)))
	for _, s := range data.Status {
		if n := stages[s.ID]; n > 0 {
			out = append(out, fmt.Sprintf("stage %s: %d", s.ID, n))
		}
	}
	if refusals > 0 {
		out = append(out, "figure-refusals: "+strconv.Itoa(refusals))
	}
	return out
}

// TestCountryCharts: on every country page of the shipped site, the chart
// draws only the kinds of commitment the country has pledges in (no row
// totals 0), and a country without pledges says so in a sentence.
func TestCountryCharts(t *testing.T) {
	t.Parallel()
	pages, err := filepath.Glob(filepath.Join(shipped(t), "countries/*/index.html"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no country pages: %v", err)
	}
	rows, without := 0, 0
	for _, p := range pages {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(p))
		var charted, said bool
		for n := range doc.Descendants() {
			switch {
			case hasClass(n, "chart-total"):
				rows++
				if total := words(textOf(n)); total == "0" || total == "" {
					t.Errorf("%s: the chart draws a row of %q", name, total)
				}
			case hasClass(n, "chart") || hasClass(n, "chart-note"):
				charted = true
			case n.DataAtom == atom.P && strings.HasPrefix(words(textOf(n)), "No pledge reported for "):
				said = true
			}
		}
		if !charted && !said {
			t.Errorf("%s: neither a chart nor a sentence saying it has no pledges", name)
		}
		if said {
			without++
		}
	}
	if rows == 0 || without == 0 {
		t.Errorf("bad test: %d chart rows and %d countries without pledges in the shipped site", rows, without)
	}
}
