// Package linkcheck finds internal links that lead nowhere in a built site:
// a page or file that does not exist, or a #fragment with no element of
// that id on the target page. Links to other origins are not followed (the
// site works offline; checking them is not its job). The build resolves
// the links written in Markdown with Target and looks for their fragments
// with IDs; briefing check runs a Checker over every page the build wrote,
// for the links the templates write.
package linkcheck

import (
	"bytes"
	"fmt"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// Broken is one link that does not resolve.
type Broken struct {
	Page   string // the file the link is on
	Link   string // as written
	Reason string
}

func (b Broken) String() string { return fmt.Sprintf("%s: link %q: %s", b.Page, b.Link, b.Reason) }

// Page is what the checker learned about one HTML file.
type Page struct {
	IDs   map[string]bool
	Links []string // href and src values, in document order
}

// A Checker learns the files of a built site one at a time, as a build
// writes them, and then reports each broken internal link of its pages.
// It keeps every page's links and ids, never a page.
type Checker struct {
	files map[string]bool  // every file
	dirs  map[string]bool  // every folder that holds a file
	pages map[string]*Page // the HTML files
}

// NewChecker returns a Checker that has seen no file.
func NewChecker() *Checker {
	return &Checker{files: map[string]bool{}, dirs: map[string]bool{}, pages: map[string]*Page{}}
}

// Add records the file name (a slash path in the site); data is its
// bytes, which only an HTML file's need be.
func (c *Checker) Add(name string, data []byte) {
	c.files[name] = true
	for dir := path.Dir(name); dir != "." && !c.dirs[dir]; dir = path.Dir(dir) {
		c.dirs[dir] = true
	}
	if path.Ext(name) == ".html" {
		c.pages[name] = Parse(data)
	}
}

// Broken reports each link of the pages added that leads to no file
// added, or to a #fragment that is not on its page, by page and link. base
// is the path the site is published under ("/briefing/"): a link that
// starts with it is resolved from the site root (the 404 page needs such
// links, as hosts serve it at any depth); any other path from the root is
// reported, since it breaks under a subpath.
func (c *Checker) Broken(base string) []Broken {
	var broken []Broken
	for _, name := range slices.Sorted(maps.Keys(c.pages)) {
		for _, link := range c.pages[name].Links {
			if reason := c.resolve(name, link, base); reason != "" {
				broken = append(broken, Broken{Page: name, Link: link, Reason: reason})
			}
		}
	}
	return broken
}

// Parse collects the ids and the links of an HTML document.
func Parse(src []byte) *Page {
	p := &Page{IDs: map[string]bool{}}
	scan(src, func(tag, key, val string) {
		switch {
		case key == "id", key == "name" && tag == "a":
			p.IDs[val] = true
		case key == "href" && tag != "base", key == "src":
			p.Links = append(p.Links, val)
		}
	})
	return p
}

// IDs returns the ids of the elements of an HTML document (and the names
// of its <a name> anchors, which links may point at too) for which want is
// true, in document order. The build looks for the fragments that links
// written in Markdown want this way, on every page that they point into.
func IDs(src []byte, want func(id string) bool) []string {
	var found []string
	scan(src, func(tag, key, val string) {
		if (key == "id" || key == "name" && tag == "a") && want(val) {
			found = append(found, val)
		}
	})
	return found
}

// scan calls attr for every attribute of every element of an HTML
// document, with the element's tag, without building a tree of it.
func scan(src []byte, attr func(tag, key, val string)) {
	z := html.NewTokenizer(bytes.NewReader(src))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			tag := string(name)
			for more {
				var key, val []byte
				key, val, more = z.TagAttr()
				attr(tag, string(key), string(val))
			}
		}
	}
}

// resolve returns why link on page name does not resolve, or "".
func (c *Checker) resolve(name, link, base string) string {
	target, fragment, why := Target(name, link, base)
	if why != "" || target == "" {
		return why
	}
	if !c.files[target] {
		switch {
		case c.files[path.Join(target, "index.html")] && path.Ext(target) == "":
			target = path.Join(target, "index.html") // a folder linked without its slash
		case c.dirs[target]:
			return "a folder with no index.html: " + target
		default:
			return "no such file: " + target
		}
	}
	if fragment == "" {
		return ""
	}
	p := c.pages[target]
	if p == nil {
		return "#" + fragment + " on a file that is not a page: " + target
	}
	if !p.IDs[fragment] {
		return "no element with id " + fragment + " on " + target
	}
	return ""
}

// Target resolves link, found on the page stored at file from, to the file it
// names inside the site and its fragment. A link to another origin (or
// mailto: and the like) gives an empty target and no reason. Paths from the
// root are resolved only when they start with base (the path the site is
// published under); why says what is wrong otherwise. A link to a folder
// names its index.html.
func Target(from, link, base string) (target, fragment, why string) {
	u, err := url.Parse(link)
	if err != nil {
		return "", "", "not a valid URL"
	}
	if u.Scheme != "" || u.Host != "" {
		return "", "", ""
	}
	target = from
	if u.Path != "" {
		switch {
		case strings.HasPrefix(u.Path, base):
			target = path.Join(".", strings.TrimPrefix(u.Path, base))
		case strings.HasPrefix(u.Path, "/"):
			return "", "", "root-relative: breaks when the site is served under a subpath; use a relative link"
		default:
			target = path.Join(path.Dir(from), u.Path)
		}
		if strings.HasPrefix(target, "../") || target == ".." {
			return "", "", "leads outside the site"
		}
		if strings.HasSuffix(u.Path, "/") || target == "." {
			target = path.Join(target, "index.html")
		}
	}
	return target, u.Fragment, ""
}
