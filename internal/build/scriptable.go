package build

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/briefing/briefing/internal/diag"
)

// checkScriptable refuses a file of static/ (name, in the site folder)
// that a browser would run script from, or that would ask another origin
// for something, since the site's Content-Security-Policy cannot reach it
// everywhere: a host that reads _headers sends the policy with every file,
// but one that does not sends none, and then only a page's meta tag
// carries it. So HTML in static/ is refused (its pages are made from
// Markdown and templates, which carry the meta tag), and an SVG, which
// cannot carry a policy at all, is published only when it holds nothing
// that runs or loads: no script, foreignObject or frame, no event
// handler, and no link but to its own #fragments.
func checkScriptable(name string, data []byte) error {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm", ".xhtml", ".xht", ".shtml":
		return &diag.Error{Pos: diag.Pos{File: name}, Msg: "an HTML file in static/ is published as it is, and runs its scripts where the host does not send the site's Content-Security-Policy: make it a page (content/*.md) instead"}
	case ".svgz":
		return &diag.Error{Pos: diag.Pos{File: name}, Msg: "a compressed SVG cannot be checked for script, which it could run without the site's Content-Security-Policy: publish it uncompressed, as .svg"}
	case ".xsl", ".xslt":
		return &diag.Error{Pos: diag.Pos{File: name}, Msg: "an XSLT stylesheet in static/ turns XML into pages that run script where the host does not send the site's Content-Security-Policy: leave it out"}
	case ".svg":
		return checkSVG(name, data, "an SVG")
	case ".xml", ".rss", ".atom", ".rdf":
		// A browser shows XML as XHTML where it holds XHTML elements, and
		// runs their script: the same rules as an SVG's.
		return checkSVG(name, data, "an XML file")
	}
	return nil
}

// checkSVG finds the first thing in an SVG document (or another XML
// document, kind says which) that could run script or load from
// elsewhere, and says where it is.
func checkSVG(name string, data []byte, kind string) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false // as browsers read SVG served as a file: entities and all
	fix := "remove it"
	if kind == "an SVG" {
		fix = "remove it, or publish the picture as PNG"
	}
	refuse := func(what string) error {
		line, col := d.InputPos()
		return &diag.Error{Pos: diag.Pos{File: name, Line: line, Col: col}, Msg: what + ": " + kind + " in static/ cannot carry the site's Content-Security-Policy, so it may hold no script, event handler, frame or link to another file; " + fix}
	}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return &diag.Error{Pos: diag.Pos{File: name}, Msg: fmt.Sprintf("not an SVG document that can be checked for script: %v", err)}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch strings.ToLower(t.Name.Local) {
			case "script", "foreignobject", "iframe", "embed", "object", "handler", "listener":
				return refuse(fmt.Sprintf("element <%s>", t.Name.Local))
			case "style":
				return refuse("element <style>") // it can @import or url() another file
			case "set", "animate", "animatemotion", "animatetransform":
				// An animation can set any attribute: an href to a
				// javascript: URL, or an event handler.
				for _, a := range t.Attr {
					if v := strings.ToLower(a.Value); strings.ToLower(a.Name.Local) == "attributename" && (strings.HasSuffix(v, "href") || strings.HasPrefix(v, "on")) {
						return refuse(fmt.Sprintf("element <%s> that sets %s", t.Name.Local, a.Value))
					}
				}
			}
			if t.Name.Space == "http://www.w3.org/1999/xhtml" {
				return refuse(fmt.Sprintf("XHTML element <%s>", t.Name.Local))
			}
			for _, a := range t.Attr {
				n := strings.ToLower(a.Name.Local)
				v := strings.TrimSpace(a.Value)
				switch {
				case strings.HasPrefix(n, "on"):
					return refuse(fmt.Sprintf("event handler %s", a.Name.Local))
				case (n == "href" || n == "src") && !strings.HasPrefix(v, "#"):
					return refuse(fmt.Sprintf("link %s=%q", a.Name.Local, a.Value))
				case strings.Contains(strings.ToLower(v), "url(") && !onlyFragmentURLs(v):
					return refuse(fmt.Sprintf("attribute %s=%q", a.Name.Local, a.Value))
				}
			}
		case xml.ProcInst:
			if t.Target == "xml-stylesheet" {
				return refuse("an xml-stylesheet instruction")
			}
		}
	}
}

// onlyFragmentURLs reports whether every url(...) in v names a #fragment
// of the document itself ("url(#gradient)").
func onlyFragmentURLs(v string) bool {
	rest := strings.ToLower(v)
	for {
		i := strings.Index(rest, "url(")
		if i < 0 {
			return true
		}
		rest = strings.TrimLeft(rest[i+4:], " \t\n\r'\"")
		if !strings.HasPrefix(rest, "#") {
			return false
		}
	}
}
