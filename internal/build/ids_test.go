package build

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"github.com/briefing/briefing/internal/content"
)

// TestHeadingIDs: a brief's headings can be any words, and the ids of the
// page around them stay unique, with every section still labelled by its
// own heading. The brief's headings are every id that any page of the
// site has (so the test needs no list of them kept by hand), written as
// words, and each twice.
func TestHeadingIDs(t *testing.T) {
	t.Parallel()
	site := fixture(t)
	before := memory{}
	if _, err := Run(site, Options{Theme: theme}, before); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for name, data := range before {
		if strings.HasSuffix(name, ".html") {
			for id := range pageIDs(t, name, data) {
				ids[id] = true
			}
		}
	}
	for _, want := range []string{"main", "sources"} {
		if !ids[want] {
			t.Fatalf("no page has the id %q: the test would prove nothing", want)
		}
	}
	var body strings.Builder
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		if strings.HasPrefix(id, content.HeadingIDPrefix) {
			t.Errorf("a page of the site has the id %q, which only a heading of a brief may have", id)
		}
		words := strings.NewReplacer("-", " ", ":", " ").Replace(id)
		fmt.Fprintf(&body, "## %s\n\nText.\n\n### %s\n\n", words, id)
	}
	site["content/briefs/2026-01-07-ids.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Ids\"\ndate = 2026-01-07\nsummary = \"S\"\n" +
		"countries = [\"AT\", \"coalition\"]\nsources = [\"report\"]\n+++\n\n" + body.String() + "A note.[^1]\n\n[^1]: The note.\n")}
	after := memory{}
	if _, err := Run(site, Options{Theme: theme}, after); err != nil {
		t.Fatal(err)
	}
	page := after["briefs/ids/index.html"]
	if page == nil {
		t.Fatal("no page for the brief")
	}
	if n := bytes.Count(page, []byte(`id="`+content.HeadingIDPrefix)); n != 2*len(ids) {
		t.Errorf("%d headings with ids on the brief's page, want %d", n, 2*len(ids))
	}
	for name, data := range after {
		if strings.HasSuffix(name, ".html") {
			pageIDs(t, name, data)
		}
	}
}

// pageIDs parses an HTML page and returns the ids its template gave (those
// outside the text of a brief or page, class "prose"), reporting any id
// given twice, any section whose aria-labelledby names no element inside
// it and any other element whose aria-labelledby names none.
func pageIDs(t *testing.T, name string, data []byte) map[string]bool {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	ids, theirs := map[string]bool{}, map[string]bool{}
	var labelled []*html.Node
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		for _, a := range n.Attr {
			switch a.Key {
			case "id":
				if ids[a.Val] {
					t.Errorf("%s: id %q is given twice", name, a.Val)
				}
				ids[a.Val] = true
				if !inProse(n) {
					theirs[a.Val] = true
				}
			case "aria-labelledby":
				labelled = append(labelled, n)
			}
		}
	}
	for _, n := range labelled {
		for _, id := range strings.Fields(attr(n, "aria-labelledby")) {
			inside := false
			for d := range n.Descendants() {
				inside = inside || d.Type == html.ElementNode && attr(d, "id") == id
			}
			switch {
			case n.Data == "section" && !inside:
				t.Errorf("%s: <section aria-labelledby=%q>: no element with that id inside it", name, id)
			case !ids[id]:
				t.Errorf("%s: <%s aria-labelledby=%q>: no element with that id", name, n.Data, id)
			}
		}
	}
	return theirs
}

// inProse reports whether n is inside the text of a brief or page.
func inProse(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if slices.Contains(strings.Fields(attr(p, "class")), "prose") {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
