package build

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"

	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/linkcheck"
	"github.com/briefing/briefing/internal/render"
)

// linkCheck verifies the links editors write in Markdown against the files
// a build produces. It keeps only what it needs: the names of the files, and
// for the pages that links point into with a #fragment, which of those
// fragments they have. A page is never held or parsed whole.
type linkCheck struct {
	links []mdLink
	want  map[string]map[string]bool // page -> the fragments links want on it
	files map[string]bool            // every file built
	ids   map[string]map[string]bool // page -> the wanted fragments it has
}

type mdLink struct {
	content.Link
	target, fragment, why string
}

func newLinkCheck() *linkCheck {
	return &linkCheck{want: map[string]map[string]bool{}, files: map[string]bool{}, ids: map[string]map[string]bool{}}
}

// collect gathers the links written in the Markdown of pages.
func (c *linkCheck) collect(pages []*render.Page) {
	// Most links are written from the site root and lead to a few hundred
	// pages; they resolve the same way from any page, once.
	type resolved struct{ target, fragment, why string }
	fromRoot := map[string]resolved{}
	for _, p := range pages {
		var links []content.Link
		switch {
		case p.Brief != nil:
			links = p.Brief.Links
		case p.Doc != nil:
			links = p.Doc.Links
		}
		for _, l := range links {
			// Editors write links from the site root; the page's own folder
			// resolves the relative ones.
			r, ok := fromRoot[l.Dest]
			if !ok {
				r.target, r.fragment, r.why = linkcheck.Target(p.File(), l.Dest, "/")
				if strings.HasPrefix(l.Dest, "/") && !strings.HasPrefix(l.Dest, "//") {
					fromRoot[l.Dest] = r
				}
			}
			target, fragment, why := r.target, r.fragment, r.why
			if target == "" && why == "" {
				continue // another origin: not checked offline
			}
			c.links = append(c.links, mdLink{l, target, fragment, why})
			if fragment != "" {
				if c.want[target] == nil {
					c.want[target] = map[string]bool{}
				}
				c.want[target][fragment] = true
			}
		}
	}
}

// fragments returns the fragments that links want on the page name and that its
// HTML has as an element id (or an <a name>). It only reads what collect
// gathered, so pages may be scanned concurrently.
func (c *linkCheck) fragments(name string, page []byte) []string {
	want := c.want[name]
	if want == nil {
		return nil
	}
	var found []string
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return found
		case html.StartTagToken, html.SelfClosingTagToken:
			tag, more := z.TagName()
			for more {
				var key, val []byte
				key, val, more = z.TagAttr()
				if (string(key) == "id" || string(key) == "name" && string(tag) == "a") && want[string(val)] {
					found = append(found, string(val))
				}
			}
		}
	}
}

// built records a file of the site, with the wanted fragments it has.
func (c *linkCheck) built(name string, ids []string) {
	c.files[name] = true
	if len(ids) > 0 && c.ids[name] == nil {
		c.ids[name] = map[string]bool{}
	}
	for _, id := range ids {
		c.ids[name][id] = true
	}
}

// check reports every Markdown link that leads nowhere, at its source.
func (c *linkCheck) check() diag.List {
	var errs diag.List
	for _, l := range c.links {
		target := l.target
		if !c.files[target] && c.files[target+"/index.html"] { // a folder linked without its slash
			target += "/index.html"
		}
		switch {
		case l.why != "":
			errs.Add(l.Pos, "link %q %s", l.Dest, l.why)
		case !c.files[target]:
			errs.Add(l.Pos, "link %q leads to no page or file: %s does not exist", l.Dest, url(target))
		case l.fragment != "" && !c.ids[target][l.fragment]:
			errs.Add(l.Pos, "link %q: %s has no element with id %q", l.Dest, url(target), l.fragment)
		}
	}
	return errs
}

// url shows a file of the site as readers address it.
func url(file string) string {
	if dir, ok := strings.CutSuffix(file, "index.html"); ok {
		return "/" + dir
	}
	return "/" + file
}
