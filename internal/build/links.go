package build

import (
	"bytes"
	"maps"
	"path"
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
	links    map[string][]mdLink        // by the file of the page they are written on
	n        int                        // links in all
	want     map[string]map[string]bool // page -> the fragments links want on it
	files    map[string]bool            // every file built
	ids      map[string]map[string]bool // page -> the wanted fragments it has
	fromRoot map[string]*resolved       // links written from the site root, resolved
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

func newLinkCheck() *linkCheck {
	return &linkCheck{links: map[string][]mdLink{}, want: map[string]map[string]bool{}, files: map[string]bool{},
		ids: map[string]map[string]bool{}, fromRoot: map[string]*resolved{}}
}

// collect gathers the links written in the Markdown of pages.
func (c *linkCheck) collect(pages []*render.Page) {
	for _, p := range pages {
		c.collectPage(p)
	}
}

// collectPage gathers the links written on one page, replacing any it had.
func (c *linkCheck) collectPage(p *render.Page) {
	var written []content.Link
	switch {
	case p.Brief != nil:
		written = p.Brief.Links
	case p.Doc != nil:
		written = p.Doc.Links
	}
	c.n -= len(c.links[p.File()])
	delete(c.links, p.File())
	for i := range written {
		l := &written[i]
		// Editors write links from the site root; the page's own folder
		// resolves the relative ones. Most lead to a few hundred pages and
		// resolve the same way from any page: once.
		r := c.fromRoot[l.Dest]
		if r == nil {
			r = new(resolved)
			r.target, r.fragment, r.why = linkcheck.Target(p.File(), l.Dest, "/")
			if strings.HasPrefix(l.Dest, "/") && !strings.HasPrefix(l.Dest, "//") {
				c.fromRoot[l.Dest] = r
			}
		}
		if r.target == "" && r.why == "" {
			continue // another origin: not checked offline
		}
		c.links[p.File()] = append(c.links[p.File()], mdLink{l, r})
		c.n++
		if r.fragment != "" {
			c.wantFragment(r.target, r.fragment)
			if path.Ext(r.target) == "" { // maybe a folder linked without its slash
				c.wantFragment(r.target+"/index.html", r.fragment)
			}
		}
	}
}

func (c *linkCheck) wantFragment(page, fragment string) {
	if c.want[page] == nil {
		c.want[page] = map[string]bool{}
	}
	c.want[page][fragment] = true
}

// file is the file a link's target names: a folder linked without its
// slash names its index.html.
func (c *linkCheck) file(target string) string {
	if !c.files[target] && c.files[target+"/index.html"] {
		return target + "/index.html"
	}
	return target
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
	delete(c.ids, name)
	if len(ids) > 0 {
		c.ids[name] = make(map[string]bool, len(ids))
	}
	for _, id := range ids {
		c.ids[name][id] = true
	}
}

// forget drops the links written on a page that is no more.
func (c *linkCheck) forget(page string) {
	c.n -= len(c.links[page])
	delete(c.links, page)
}

// clone copies the checker for a build that changes a few pages of the
// last one, which keeps its own.
func (c *linkCheck) clone() *linkCheck {
	want := make(map[string]map[string]bool, len(c.want))
	for page, fragments := range c.want {
		want[page] = maps.Clone(fragments)
	}
	return &linkCheck{links: maps.Clone(c.links), n: c.n, want: want, files: maps.Clone(c.files),
		ids: maps.Clone(c.ids), fromRoot: c.fromRoot}
}

// check reports every Markdown link that leads nowhere, at its source.
func (c *linkCheck) check() diag.List {
	var errs diag.List
	for _, links := range c.links {
		errs = append(errs, c.checkLinks(links)...)
	}
	return errs
}

// checkLinks reports those of links that lead nowhere.
func (c *linkCheck) checkLinks(links []mdLink) diag.List {
	var errs diag.List
	for _, l := range links {
		target := c.file(l.target)
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
