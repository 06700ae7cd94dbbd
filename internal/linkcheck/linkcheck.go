// Package linkcheck walks a built site and finds internal links that lead
// nowhere: a page or file that does not exist, or a #fragment with no
// element of that id on the target page. Links to other origins are not
// followed (the site works offline; checking them is not its job).
package linkcheck

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/http"
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

// Check reads every .html file of site and reports each broken internal link.
// base is the path the site is published under ("/briefing/"): a link that
// starts with it is resolved from the site root (the 404 page needs such
// links, as hosts serve it at any depth); any other path from the root is
// reported, since it breaks under a subpath.
func Check(site fs.FS, base string) ([]Broken, error) {
	pages := map[string]*Page{}
	err := fs.WalkDir(site, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(name) != ".html" {
			return err
		}
		src, err := fs.ReadFile(site, name)
		if err != nil {
			return err
		}
		p, err := Parse(src)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		pages[name] = p
		return nil
	})
	if err != nil {
		return nil, err
	}
	var broken []Broken
	names := make([]string, 0, len(pages))
	for name := range pages {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, link := range pages[name].Links {
			if reason := resolve(site, pages, name, link, base); reason != "" {
				broken = append(broken, Broken{Page: name, Link: link, Reason: reason})
			}
		}
	}
	return broken, nil
}

// Parse collects the ids and the links of an HTML document.
func Parse(src []byte) (*Page, error) {
	p := &Page{IDs: map[string]bool{}}
	scan(src, func(tag, key, val string) {
		switch {
		case key == "id", key == "name" && tag == "a":
			p.IDs[val] = true
		case key == "href" && tag != "base", key == "src":
			p.Links = append(p.Links, val)
		}
	})
	return p, nil
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
func resolve(site fs.FS, pages map[string]*Page, name, link, base string) string {
	target, fragment, why := Target(name, link, base)
	if why != "" || target == "" {
		return why
	}
	if info, err := fs.Stat(site, target); err != nil {
		alt := path.Join(target, "index.html") // a folder linked without its slash
		if _, aerr := fs.Stat(site, alt); aerr != nil || path.Ext(target) != "" {
			return "no such file: " + target
		}
		target = alt
	} else if info.IsDir() {
		if _, err := fs.Stat(site, path.Join(target, "index.html")); err != nil {
			return "a folder with no index.html: " + target
		}
		target = path.Join(target, "index.html")
	}
	if fragment == "" {
		return ""
	}
	p := pages[target]
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

// Crawl walks a served site from start, as a reader's browser would: it
// fetches every page and file that pages link to under start's folder, and
// reports each link that does not answer 200 OK or whose #fragment is
// missing on its page. Links elsewhere are not followed. It returns the
// number of URLs fetched.
func Crawl(client *http.Client, start string) (int, []Broken, error) {
	root, err := url.Parse(start)
	if err != nil {
		return 0, nil, err
	}
	scope := root.Path[:strings.LastIndex(root.Path, "/")+1] // the folder the site is published in
	ids := map[string]map[string]bool{}                      // fetched page URL (no fragment) -> its ids
	status := map[string]int{}
	var seen []pageLink
	var broken []Broken
	queue := []string{root.String()}
	status[root.String()] = 0
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		resp, err := client.Get(u)
		if err != nil {
			return len(status), broken, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return len(status), broken, err
		}
		status[u] = resp.StatusCode
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		p, err := Parse(body)
		if err != nil {
			return len(status), broken, fmt.Errorf("%s: %w", u, err)
		}
		ids[u] = p.IDs
		base, _ := url.Parse(u)
		for _, link := range p.Links {
			ref, err := base.Parse(link)
			if err != nil {
				broken = append(broken, Broken{Page: u, Link: link, Reason: "not a valid URL"})
				continue
			}
			if ref.Scheme != root.Scheme || ref.Host != root.Host || !strings.HasPrefix(ref.Path, scope) {
				continue // another site, or above the published folder
			}
			seen = append(seen, pageLink{u, link})
			target := *ref
			target.Fragment = ""
			if _, seen := status[target.String()]; !seen {
				status[target.String()] = 0
				queue = append(queue, target.String())
			}
		}
	}
	for _, f := range seen {
		base, _ := url.Parse(f.from)
		ref, _ := base.Parse(f.link)
		frag := ref.Fragment
		ref.Fragment = ""
		switch code := status[ref.String()]; {
		case code != http.StatusOK:
			broken = append(broken, Broken{Page: f.from, Link: f.link, Reason: fmt.Sprintf("%s answered %d", ref, code)})
		case frag != "" && ids[ref.String()] != nil && !ids[ref.String()][frag]:
			broken = append(broken, Broken{Page: f.from, Link: f.link, Reason: "no element with id " + frag + " on " + ref.String()})
		}
	}
	return len(status), broken, nil
}

// pageLink is a link as found on a fetched page.
type pageLink struct{ from, link string }
