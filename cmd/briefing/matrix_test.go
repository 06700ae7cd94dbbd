package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/briefing/briefing/internal/dataset"
)

// matrixPages are the built pages that show the pledge matrix: the front
// page, the matrix page and every snapshot.
func matrixPages(t *testing.T, out string) []string {
	t.Helper()
	snaps, err := filepath.Glob(filepath.Join(out, "matrix", "*", "index.html"))
	if err != nil || len(snaps) == 0 {
		t.Fatalf("no snapshot pages in %s (%v)", out, err)
	}
	pages := []string{"index.html", "matrix/index.html"}
	for _, s := range snaps {
		rel, _ := filepath.Rel(out, s)
		pages = append(pages, filepath.ToSlash(rel))
	}
	return pages
}

// fitsScript reports, as a list of sentences, what in the page is wider
// than the window: the page itself, any element that scrolls sideways,
// any cell of the matrix outside the window, the filters outside their
// slot. At a desktop's width it also checks that the matrix is a table
// whose totals line up with their headings; at a phone's, that it is a
// card per country, each shown cell labelled with its column's name.
const fitsScript = `(() => {
	const problems = [];
	const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "");
	const se = document.scrollingElement;
	if (se.scrollWidth > innerWidth) problems.push("the page is " + se.scrollWidth + " px wide in a " + innerWidth + " px window");
	for (const e of document.querySelectorAll("*")) {
		const o = getComputedStyle(e).overflowX;
		if ((o === "auto" || o === "scroll") && e.scrollWidth > e.clientWidth + 1) {
			problems.push(name(e) + " scrolls sideways (" + e.scrollWidth + " > " + e.clientWidth + " px)");
		}
	}
	const slot = document.querySelector(".filters-slot");
	if (slot && slot.scrollHeight > slot.clientHeight + 1) problems.push("the filters overflow their slot (" + slot.scrollHeight + " > " + slot.clientHeight + " px)");
	const table = document.querySelector("table.matrix");
	if (!table) return ["no matrix"];
	const shown = e => e.getClientRects().length > 0;
	const headsHidden = table.tHead.rows[0].getBoundingClientRect().width <= 1; // visually hidden, clipped to a pixel
	for (const c of table.querySelectorAll("th, td")) {
		if (!shown(c) || (headsHidden && c.closest("thead"))) continue;
		const r = c.getBoundingClientRect();
		if (r.left < -1 || r.right > innerWidth + 1) problems.push("a cell spans " + Math.round(r.left) + " to " + Math.round(r.right) + " px: " + c.textContent.trim().slice(0, 40));
	}
	const heads = [...table.tHead.rows[0].cells];
	const text = e => { const r = document.createRange(); r.selectNodeContents(e); return r.getBoundingClientRect(); };
	if (innerWidth >= 1000) {
		if (getComputedStyle(table).display !== "table") problems.push("the matrix is not laid out as a table");
		const totals = [...table.tFoot.rows[0].cells];
		totals.forEach((c, i) => {
			if (i === 0) return;
			const h = text(heads[i]), n = text(c);
			const last = i === totals.length - 1;
			const off = last ? Math.abs(h.right - n.right) : Math.abs(h.left - n.left);
			if (off > 1) problems.push("the total under " + heads[i].textContent.trim() + " is " + Math.round(off) + " px off its heading's " + (last ? "right" : "left") + " edge");
		});
	} else {
		for (const r of table.querySelectorAll("tbody tr, tfoot tr")) {
			if (getComputedStyle(r).display !== "block") { problems.push("a row is not a card: " + r.textContent.trim().slice(0, 30)); break; }
		}
		for (const c of table.querySelectorAll("td")) {
			const head = heads[c.cellIndex].textContent.trim();
			if (c.classList.contains("empty")) {
				if (shown(c)) problems.push("an empty cell is shown under " + head);
				continue;
			}
			const label = getComputedStyle(c, "::before").content;
			if (!shown(c) || !c.dataset.label || label === "none" || label === "normal") problems.push("a cell under " + head + " is not shown with its label");
			else if (c.closest("tbody") && c.dataset.label !== head) problems.push("a cell under " + head + " is labelled " + c.dataset.label);
		}
		const note = document.querySelector(".matrix-note");
		if (!note || !shown(note)) problems.push("no note says empty cells are left out");
	}
	return problems;
})()`

// TestMatrixFits loads the pages that show the matrix at a desktop's and a
// phone's size: at 1280 px every column and the totals are in view and the
// totals sit under their headings; at 390 px each country is a card; at
// both, nothing is wider than the window and nothing scrolls sideways.
func TestMatrixFits(t *testing.T) {
	t.Parallel()
	tab := browser.Tab(t)
	out, base := serveBuilt(t)
	pages := matrixPages(t, out)[:3] // the front page, the matrix and a snapshot
	for _, size := range [][2]int64{{1280, 900}, {390, 844}} {
		for _, page := range pages {
			ctx, cancel := context.WithTimeout(tab, 30*time.Second)
			err := chromedp.Do(ctx, chromedp.EmulateViewport(size[0], size[1]), chromedp.Navigate(base+page))
			var problems []string
			if err == nil {
				problems, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](fitsScript))
			}
			if err == nil && page == "matrix/index.html" {
				// The sort buttons the script adds to the headings can be
				// reached by keyboard, and show when they are, cards or not.
				var seen bool
				seen, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`(b => { b.focus(); const r = b.getBoundingClientRect();
					return document.activeElement === b && r.width > 20 && r.height > 10 && r.left >= 0 && r.right <= innerWidth; })(document.querySelector("table.matrix thead button.sort:not([hidden])"))`))
				if err == nil && !seen {
					problems = append(problems, "a focused sort button is not in view")
				}
			}
			cancel()
			if err != nil {
				t.Fatalf("%s at %d×%d: %v", page, size[0], size[1], err)
			}
			for _, p := range problems {
				t.Errorf("%s at %d×%d: %s", page, size[0], size[1], p)
			}
		}
	}
}

// TestMatrixConditions: in every matrix of the built site, the cell of a
// pledge that holds only under conditions states them in words, as the
// shipped dataset has them.
func TestMatrixConditions(t *testing.T) {
	t.Parallel()
	out := shipped(t)
	data, errs := dataset.Load(os.DirFS(repo))
	if len(errs) > 0 {
		t.Fatalf("shipped dataset: %v", errs)
	}
	conditions := map[string][]string{} // a pledge's conditions in words: their short phrases
	for _, p := range data.Pledges {
		for _, id := range p.Conditions {
			c := data.Condition(id)
			if c == nil {
				t.Fatalf("pledge %s: condition %q is not in the vocabulary", p.ID, id)
			}
			conditions[p.ID] = append(conditions[p.ID], c.Label)
		}
	}
	if len(conditions) == 0 {
		t.Fatal("no pledge of the shipped dataset has conditions")
	}
	pledgeLink := regexp.MustCompile(`(?:^|/)pledges/([^/]+)/index\.html$`)
	for _, page := range matrixPages(t, out) {
		doc, err := html.Parse(bytes.NewReader(must(os.ReadFile(filepath.Join(out, page)))))
		if err != nil {
			t.Fatal(err)
		}
		tables := 0
		seen := map[string]bool{}
		for table := range doc.Descendants() {
			if table.DataAtom != atom.Table || !hasClass(table, "matrix") {
				continue
			}
			tables++
			for a := range table.Descendants() {
				m := pledgeLink.FindStringSubmatch(attr(a, "href"))
				if a.DataAtom != atom.A || !hasClass(a, "cell") || m == nil {
					continue
				}
				text := strings.Join(strings.Fields(textOf(a)), " ")
				if strings.Contains(text, "if conditions met") {
					t.Errorf("%s: the cell of %s says %q", page, m[1], text)
				}
				for _, c := range conditions[m[1]] {
					if !strings.Contains(text, strings.Join(strings.Fields(c), " ")) {
						t.Errorf("%s: the cell of %s reads %q, without its condition %q", page, m[1], text, c)
					}
				}
				seen[m[1]] = true
			}
		}
		if tables != 1 {
			t.Errorf("%s: %d matrices, want 1", page, tables)
		}
		if page == "matrix/index.html" {
			for id := range conditions {
				if !seen[id] {
					t.Errorf("%s: no cell for the conditional pledge %s", page, id)
				}
			}
		}
	}
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), class)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}
