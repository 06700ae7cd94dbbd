package main

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/briefing/briefing/internal/dataset"
)

// TestPledgesIndex: the index of pledges lists every pledge of the shipped
// dataset, in a table, each linked to its own page.
func TestPledgesIndex(t *testing.T) {
	t.Parallel()
	out := shipped(t)
	doc := parseBuilt(t, out, "pledges/index.html")
	data, errs := dataset.Load(os.DirFS(repo))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var links []string
	rows := 0
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch {
		case n.Data == "tr" && n.Parent != nil && n.Parent.Data == "tbody":
			rows++
		case n.Data == "a" && inside(n, "tbody"):
			links = append(links, attr(n, "href"))
		}
	}
	for _, p := range data.Pledges {
		href := "../pledges/" + p.ID + "/index.html"
		if !slices.Contains(links, href) {
			t.Errorf("pledge %s is not linked from the index of pledges", p.ID)
		} else if _, err := os.Stat(filepath.Join(out, "pledges", p.ID, "index.html")); err != nil {
			t.Errorf("pledge %s: %v", p.ID, err)
		}
	}
	if rows != len(data.Pledges) {
		t.Errorf("%d rows for %d pledges", rows, len(data.Pledges))
	}
}

// TestSourceLines: every picture (the map, each chart, the matrix) on the
// front page, the matrix page and every country page has a source line
// after it, before the next picture, with the as-of date and a link to a
// data download that was built.
func TestSourceLines(t *testing.T) {
	t.Parallel()
	out := shipped(t)
	pages := []string{"index.html", "matrix/index.html", "map/index.html"}
	countries, _ := filepath.Glob(filepath.Join(out, "countries", "*", "index.html"))
	for _, c := range countries {
		rel, _ := filepath.Rel(out, c)
		pages = append(pages, filepath.ToSlash(rel))
	}
	pictures := map[string]int{}
	for _, name := range pages {
		doc := parseBuilt(t, out, name)
		var pending string // the picture that still wants its source line
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			class := " " + attr(n, "class") + " "
			switch {
			case n.Data == "svg" && (strings.Contains(class, " chart ") || strings.Contains(class, " map ")),
				n.Data == "table" && strings.Contains(class, " matrix "):
				if pending != "" {
					t.Errorf("%s: the %s has no source line", name, pending)
				}
				pending = strings.TrimSpace(class)
				pictures[name]++
			case n.Data == "p" && strings.Contains(class, " source "):
				if pending == "" {
					continue
				}
				checkSource(t, out, name, pending, n)
				pending = ""
			}
		}
		if pending != "" {
			t.Errorf("%s: the %s has no source line", name, pending)
		}
	}
	if pictures["index.html"] != 3 || pictures["matrix/index.html"] != 1 {
		t.Errorf("pictures: %v; want the chart, the map and the matrix on the front page, the matrix on its own", pictures)
	}
}

// checkSource checks a source line: a cited report, the date, and a link to
// a data download that exists.
func checkSource(t *testing.T, out, page, picture string, p *html.Node) {
	t.Helper()
	var cites, times int
	var data []string
	for n := range p.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "cite":
			cites++
		case "time":
			times++
		case "a":
			href := attr(n, "href")
			if strings.Contains(href, "data/pledges.") {
				data = append(data, href)
			}
		}
	}
	if cites == 0 || times == 0 || len(data) == 0 {
		t.Errorf("%s: the %s's source line has %d reports, %d dates, %d downloads", page, picture, cites, times, len(data))
	}
	for _, href := range data {
		file := path.Join(path.Dir(page), href)
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(file))); err != nil {
			t.Errorf("%s: the %s's source line links %s, which was not built", page, picture, href)
		}
	}
}

func parseBuilt(t *testing.T, out, name string) *html.Node {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func inside(n *html.Node, tag string) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == tag {
			return true
		}
	}
	return false
}
