package build

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/linkcheck"
	"github.com/briefing/briefing/internal/render"
	"github.com/briefing/briefing/internal/suggest"
	"github.com/briefing/briefing/internal/weburl"
)

// linkCheck verifies the links editors write in Markdown against the files
// of a site. That a link leads to a file is known from the site's names
// alone; that the page has the link's #fragment, only once the page is
// made. So it keeps, for the pages links point into with a #fragment,
// which of those fragments they have; a page is never held or parsed
// whole.
type linkCheck struct {
	pages []*pageLinks
	n     int                        // links in all
	want  map[string]map[string]bool // page -> the fragments links want on it
	ids   map[string]map[string]bool // page -> the wanted fragments it has, once it is made
	// fresh are the pages whose links were resolved by this load, not
	// an earlier one: the pages whose text changed.
	fresh map[string]bool
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

// pageLinks are the links written on one page, resolved, and the
// fragments they want, of which page: what a page's links give, whatever
// the rest of the site, and so kept from one load to the next for as long
// as the page and its text are the same (linkMemo).
type pageLinks struct {
	file  string // the page's
	links []mdLink
	frags []mdLink // those with a #fragment
	wants [][2]string
	// images are the images from another origin, which only the origins
	// site.toml allows may serve (missing reports the rest).
	images []*content.Link

	// The links of links that lead to no file of checked, as missing
	// found them: a load that keeps the files of the last checks again
	// only the pages whose text changed.
	checked *files
	errs    diag.List
}

// linkMemo keeps each page's links, resolved, by the page and the text
// they were written in: a load after a save resolves again only the links
// of the text that changed. The resolutions of links from the root, which
// resolve the same from any page, are shared.
type linkMemo struct {
	pages    map[linkKey]*pageLinks
	fromRoot map[string]*resolved
}

// linkKey names a page's links: its file, and the links as loaded (a
// brief's new text comes with new links).
type linkKey struct {
	file  string
	first *content.Link
	n     int
}

func newLinkMemo() *linkMemo {
	return &linkMemo{pages: map[linkKey]*pageLinks{}, fromRoot: map[string]*resolved{}}
}

// newLinkCheck gathers the links written in the Markdown of pages, from
// memo where it has them, and leaves in memo those of these pages alone.
// A brief in texts is checked with the links of its text to come.
func newLinkCheck(pages []*render.Page, memo *linkMemo, texts map[*content.Brief]*content.Brief) *linkCheck {
	c := &linkCheck{want: map[string]map[string]bool{}, ids: map[string]map[string]bool{}, fresh: map[string]bool{}}
	used := make(map[linkKey]*pageLinks, len(memo.pages))
	for _, p := range pages {
		var written []content.Link
		switch {
		case p.Brief != nil && texts[p.Brief.Brief] != nil:
			written = texts[p.Brief.Brief].Links()
		case p.Brief != nil:
			written = p.Brief.Links()
		case p.Doc != nil:
			written = p.Doc.Links
		}
		if len(written) == 0 {
			continue
		}
		key := linkKey{p.File(), &written[0], len(written)}
		pl := memo.pages[key]
		if pl == nil {
			pl = memo.resolve(p.File(), written)
			c.fresh[p.File()] = true
		}
		used[key] = pl
		c.pages = append(c.pages, pl)
		c.n += len(pl.links)
		for _, w := range pl.wants {
			if c.want[w[0]] == nil {
				c.want[w[0]] = map[string]bool{}
			}
			c.want[w[0]][w[1]] = true
		}
	}
	memo.pages = used
	return c
}

// resolve resolves the links written on the page stored at file.
func (m *linkMemo) resolve(file string, written []content.Link) *pageLinks {
	pl := &pageLinks{file: file}
	for i := range written {
		l := &written[i]
		// Editors write links from the site root; the page's own folder
		// resolves the relative ones. Most lead to a few hundred pages and
		// resolve the same way from any page: once.
		r := m.fromRoot[l.Dest]
		if r == nil {
			r = new(resolved)
			r.target, r.fragment, r.why = linkcheck.Target(file, l.Dest, "/")
			if content.FromRoot(l.Dest) {
				m.fromRoot[l.Dest] = r
			}
		}
		if r.target == "" && r.why == "" {
			if l.Image {
				pl.images = append(pl.images, l)
			}
			continue // another origin: not checked offline
		}
		pl.links = append(pl.links, mdLink{l, r})
		if r.fragment != "" {
			pl.frags = append(pl.frags, mdLink{l, r})
			pl.wants = append(pl.wants, [2]string{r.target, r.fragment})
			if path.Ext(r.target) == "" { // maybe a folder linked without its slash
				pl.wants = append(pl.wants, [2]string{r.target + "/index.html", r.fragment})
			}
		}
	}
	return pl
}

// wanted lists the files links want fragments of, sorted, in two: first
// those that the links of fresh pages want, and the fresh pages that links
// want; then the others.
func (c *linkCheck) wanted() (first, then []string) {
	firsts := map[string]bool{}
	for _, pl := range c.pages {
		if len(pl.frags) > 0 && c.fresh[pl.file] {
			for _, w := range pl.wants {
				firsts[w[0]] = true
			}
		}
	}
	for page := range c.want {
		switch {
		case firsts[page] || c.fresh[page]:
			first = append(first, page)
		default:
			then = append(then, page)
		}
	}
	slices.Sort(first)
	slices.Sort(then)
	return first, then
}

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

// missing reports every link that leads to no file of f, and every image
// from an origin that site.toml does not allow.
func (c *linkCheck) missing(f *files) diag.List {
	var errs diag.List
	for _, pl := range c.pages {
		if pl.checked != f {
			pl.errs = foreignImages(pl.images, f.model.Config.AllowedOrigins)
			for _, l := range pl.links {
				switch {
				case l.why != "":
					pl.errs.Add(l.Pos, "link %q %s", l.Dest, l.why)
				case f.target(l.target) == nil:
					pl.errs.Add(l.Pos, "%s", suggest.Append(fmt.Sprintf("link %q leads to no page or file: %s does not exist", l.Dest, url(l.target)), url(l.target), f.siblings(l.target)))
				}
			}
			pl.checked = f
		}
		errs = append(errs, pl.errs...)
	}
	return errs
}

// fragmentErrors reports every link to a file of f whose #fragment is not
// on it, of the files made so far: a file of static/ has none.
func (c *linkCheck) fragmentErrors(f *files) diag.List {
	var errs diag.List
	for _, pl := range c.pages {
		for _, l := range pl.frags {
			e := f.target(l.target)
			if l.why != "" || e == nil {
				continue // missing's to report
			}
			has, made := c.ids[e.name]
			if (made || e.make == nil) && !has[l.fragment] {
				errs.Add(l.Pos, "link %q: %s has no element with id %q", l.Dest, url(e.name), l.fragment)
			}
		}
	}
	return errs
}

// target is the file a link's target names: a folder linked without its
// slash names its index.html.
func (f *files) target(target string) *entry {
	if e := f.byName[target]; e != nil {
		return e
	}
	return f.byName[target+"/index.html"]
}

// url shows a file of the site as readers address it.
// siblings are the URLs of the files in the folder of a link's target
// ("/countries/germany/" for "countries/germny/index.html"), sorted, from
// which a link that leads nowhere gets its "did you mean".
func (f *files) siblings(target string) []string {
	key := strings.TrimSuffix(target, "index.html")
	dir := path.Dir(strings.TrimSuffix(key, "/"))
	if dir == "." {
		dir = ""
	} else {
		dir += "/"
	}
	var out []string
	for name := range f.byName {
		k := strings.TrimSuffix(name, "index.html")
		rest, ok := strings.CutPrefix(k, dir)
		if ok && rest != "" && !strings.Contains(strings.TrimSuffix(rest, "/"), "/") {
			out = append(out, url(name))
		}
	}
	slices.Sort(out)
	return out
}

func url(file string) string {
	if dir, ok := strings.CutSuffix(file, "index.html"); ok {
		return "/" + dir
	}
	return "/" + file
}

// foreignImages reports the images of images whose origin is not one of
// allowed: a page that showed one would ask another site for it, telling
// it who reads the page and when, and the policy forbids it anyway.
func foreignImages(images []*content.Link, allowed []string) diag.List {
	var errs diag.List
	for _, l := range images {
		origin := weburl.OriginOf(l.Dest)
		switch {
		case origin == "":
			host := strings.TrimPrefix(l.Dest, "//")
			host, _, _ = strings.Cut(host, "/")
			errs.Add(l.Pos, "image %q is on another origin and names no scheme: put the image in static/ and use its path, or write https:// before it and allow the origin in site.toml (allowed_origins = [%q])", l.Dest, "https://"+host)
		case !slices.Contains(allowed, origin):
			errs.Add(l.Pos, "image %q is on another origin (%s): a page asks nothing of another site; put the image in static/ and use its path, or allow the origin in site.toml (allowed_origins = [%q])", l.Dest, origin, origin)
		}
	}
	return errs
}
