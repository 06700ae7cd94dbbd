package build

import (
	"strings"

	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/linkcheck"
	"github.com/briefing/briefing/internal/render"
)

// linkCheck verifies the links editors write in Markdown against the files
// a build produces. It keeps only what it needs: the names of the files and
// the ids of the pages that some link points into.
type linkCheck struct {
	links []mdLink
	want  map[string]bool            // pages whose ids are needed
	files map[string]bool            // every file built
	ids   map[string]map[string]bool // ids of the wanted pages
}

type mdLink struct {
	content.Link
	target, fragment, why string
}

func newLinkCheck() *linkCheck {
	return &linkCheck{want: map[string]bool{}, files: map[string]bool{}, ids: map[string]map[string]bool{}}
}

// collect gathers the links written in the Markdown of pages.
func (c *linkCheck) collect(pages []*render.Page) {
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
			target, fragment, why := linkcheck.Target(p.File(), l.Dest, "/")
			if target == "" && why == "" {
				continue // another origin: not checked offline
			}
			c.links = append(c.links, mdLink{l, target, fragment, why})
			if fragment != "" {
				c.want[target] = true
			}
		}
	}
}

// built records a file of the site; page is its HTML when it is a page.
func (c *linkCheck) built(name string, page []byte) {
	c.files[name] = true
	if c.want[name] && page != nil {
		if p, err := linkcheck.Parse(page); err == nil {
			c.ids[name] = p.IDs
		}
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
