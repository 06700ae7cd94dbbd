package build

import (
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/linkcheck"
	"github.com/briefing/briefing/internal/render"
)

// linkCheck verifies the links editors write in Markdown against the files
// of a site. That a link leads to a file is known from the site's names
// alone; that the page has the link's #fragment, only once the page is
// made. So it keeps, for the pages links point into with a #fragment,
// which of those fragments they have; a page is never held or parsed
// whole.
type linkCheck struct {
	links []mdLink
	n     int                        // links in all
	want  map[string]map[string]bool // page -> the fragments links want on it
	ids   map[string]map[string]bool // page -> the wanted fragments it has, once it is made
}

// mdLink is a link as written and where it leads. Both halves are shared
// (the link with the page's content, the resolution with every link to the
// same place written from the root), so the check keeps two pointers a
// link: a large briefing has hundreds of thousands.
type mdLink struct {
	*content.Link
	*resolved
}

type resolved struct{ target, fragment, why string }

// newLinkCheck gathers the links written in the Markdown of pages.
func newLinkCheck(pages []*render.Page) *linkCheck {
	c := &linkCheck{want: map[string]map[string]bool{}, ids: map[string]map[string]bool{}}
	fromRoot := map[string]*resolved{}
	for _, p := range pages {
		var written []content.Link
		switch {
		case p.Brief != nil:
			written = p.Brief.Links
		case p.Doc != nil:
			written = p.Doc.Links
		}
		for i := range written {
			l := &written[i]
			// Editors write links from the site root; the page's own
			// folder resolves the relative ones. Most lead to a few
			// hundred pages and resolve the same way from any page: once.
			r := fromRoot[l.Dest]
			if r == nil {
				r = new(resolved)
				r.target, r.fragment, r.why = linkcheck.Target(p.File(), l.Dest, "/")
				if strings.HasPrefix(l.Dest, "/") && !strings.HasPrefix(l.Dest, "//") {
					fromRoot[l.Dest] = r
				}
			}
			if r.target == "" && r.why == "" {
				continue // another origin: not checked offline
			}
			c.links = append(c.links, mdLink{l, r})
			if r.fragment != "" {
				c.wantFragment(r.target, r.fragment)
				if path.Ext(r.target) == "" { // maybe a folder linked without its slash
					c.wantFragment(r.target+"/index.html", r.fragment)
				}
			}
		}
	}
	c.n = len(c.links)
	return c
}

func (c *linkCheck) wantFragment(page, fragment string) {
	if c.want[page] == nil {
		c.want[page] = map[string]bool{}
	}
	c.want[page][fragment] = true
}

// wanted lists the files links want fragments of, sorted.
func (c *linkCheck) wanted() []string { return slices.Sorted(maps.Keys(c.want)) }

// fragments returns the fragments that links want on the page name and
// that its HTML has as an element id (or an <a name>). It only reads what
// newLinkCheck gathered, so pages may be scanned concurrently.
func (c *linkCheck) fragments(name string, page []byte) []string {
	want := c.want[name]
	if want == nil {
		return nil
	}
	return linkcheck.IDs(page, func(id string) bool { return want[id] })
}

// built records the wanted fragments a made file has.
func (c *linkCheck) built(name string, ids []string) {
	if c.want[name] == nil {
		return
	}
	has := make(map[string]bool, len(ids))
	for _, id := range ids {
		has[id] = true
	}
	c.ids[name] = has
}

// check reports every link that leads to no file of the site, and, with
// fragments, every link whose #fragment is not on a page made so far.
func (c *linkCheck) check(files map[string]*entry, fragments bool) diag.List {
	var errs diag.List
	for _, l := range c.links {
		target := l.target
		if files[target] == nil && files[target+"/index.html"] != nil {
			target += "/index.html" // a folder linked without its slash
		}
		has, made := c.ids[target]
		switch {
		case fragments:
			if l.why == "" && files[target] != nil && l.fragment != "" && (made || files[target].make == nil) && !has[l.fragment] {
				errs.Add(l.Pos, "link %q: %s has no element with id %q", l.Dest, url(target), l.fragment)
			}
		case l.why != "":
			errs.Add(l.Pos, "link %q %s", l.Dest, l.why)
		case files[target] == nil:
			errs.Add(l.Pos, "link %q leads to no page or file: %s does not exist", l.Dest, url(target))
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
