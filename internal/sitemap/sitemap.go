// Package sitemap writes the sitemap of a site (sitemaps.org protocol 0.9),
// listing every page by its absolute URL, and a robots.txt that points to it.
//
// One sitemap file holds at most MaxURLs URLs and MaxBytes bytes. Files
// writes sitemap.xml alone when every URL fits in one file. Past that,
// sitemap.xml is a sitemap index naming sitemap-1.xml, sitemap-2.xml, ...
// by absolute URL: each part is a sitemap of the next URLs in order, as many
// as fit, with the newest lastmod of its URLs as its lastmod in the index.
// robots.txt names sitemap.xml either way.
//
// A lastmod is a W3C datetime: "2006", "2006-01", "2006-01-02", or a time
// with its zone ("2006-01-02T15:04Z07:00", "2006-01-02T15:04:05Z07:00",
// with or without fractions of a second). The newest is the one that starts
// latest; of two that start at the same instant, the more precise.
package sitemap

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/weburl"
)

// Files are where the sitemap and robots.txt are published.
const (
	File   = "sitemap.xml" // the sitemap, or the index of its parts
	Robots = "robots.txt"
)

// The protocol's limits on one sitemap file, and on one sitemap index.
const (
	MaxURLs  = 50_000   // URLs in a sitemap; sitemaps in an index
	MaxBytes = 50 << 20 // 52,428,800 bytes, before any compression
)

// ns is the namespace of sitemaps and sitemap indexes.
const ns = "http://www.sitemaps.org/schemas/sitemap/0.9"

// URL is one page of the sitemap.
type URL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"` // YYYY-MM-DD, when known
}

// Doc is one file of the sitemap. (Not "File": that name is the constant
// above, which the build already uses.)
type Doc struct {
	Name string // slash path inside the site: "sitemap.xml", "sitemap-1.xml", ...
	Data []byte
}

// Files returns the sitemap of urls: sitemap.xml alone when they fit in one
// file; else sitemap.xml is a sitemap index naming sitemap-1.xml,
// sitemap-2.xml, ..., which come after it. base is the site's absolute URL,
// ending in "/"; the index names the parts by it.
func Files(base string, urls []URL) ([]Doc, error) {
	return files(base, slices.Values(urls), limits{urls: MaxURLs, bytes: MaxBytes, sitemaps: MaxURLs})
}

// RobotsTxt allows every crawler and names the sitemap, at base (the site's
// absolute URL, ending in "/").
func RobotsTxt(base string) []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + base + File + "\n")
}

// limits are the protocol's, or a test's smaller ones.
type limits struct {
	urls, bytes int // of one file
	sitemaps    int // in the index
}

// partName is the name of the i-th part (from 1) of a split sitemap.
func partName(i int) string { return fmt.Sprintf("sitemap-%d.xml", i) }

// files streams urls into parts of at most lim each, then returns the one
// part as sitemap.xml, or an index and the parts. It reports every lastmod it
// cannot read, and every URL too large for a file on its own.
func files(base string, urls iter.Seq[URL], lim limits) ([]Doc, error) {
	var (
		parts []*part
		cur   = newPart()
		entry bytes.Buffer // one <url> element, before it goes in a part
		errs  []error
		n     int
	)
	for u := range urls {
		n++
		mod, err := parseLastMod(u.LastMod)
		if err != nil {
			errs = append(errs, fmt.Errorf("url %d (%s): %w", n, u.Loc, err))
			continue
		}
		entry.Reset()
		writeURL(&entry, u)
		if len(open)+entry.Len()+len(end) > lim.bytes {
			errs = append(errs, fmt.Errorf("url %d (%s): its entry is %d bytes, too large for a sitemap file of at most %d", n, u.Loc, entry.Len(), lim.bytes))
			continue
		}
		if errs != nil {
			continue // no output now, but read on to report every error
		}
		if cur.n == lim.urls || cur.size()+entry.Len() > lim.bytes {
			parts = append(parts, cur)
			cur = newPart()
		}
		cur.add(entry.Bytes(), mod)
	}
	parts = append(parts, cur)
	if errs != nil {
		return nil, errors.Join(errs...)
	}
	if len(parts) == 1 {
		return []Doc{{Name: File, Data: parts[0].close()}}, nil
	}

	if !weburl.IsAbs(base) || !strings.HasSuffix(base, "/") {
		return nil, fmt.Errorf("%d URLs need a sitemap index, which names its parts by absolute URL: the site's URL %q is not absolute or does not end in \"/\"", n, base)
	}
	if len(parts) > lim.sitemaps {
		return nil, fmt.Errorf("%d URLs need %d sitemap files; an index names at most %d", n, len(parts), lim.sitemaps)
	}
	docs := make([]Doc, 1, 1+len(parts))
	var index bytes.Buffer
	index.WriteString(xml.Header + `<sitemapindex xmlns="` + ns + `">`)
	for i, p := range parts {
		name := partName(i + 1)
		index.WriteString("<sitemap><loc>")
		xml.EscapeText(&index, []byte(base+name))
		index.WriteString("</loc>")
		if p.newest.s != "" {
			index.WriteString("<lastmod>")
			xml.EscapeText(&index, []byte(p.newest.s))
			index.WriteString("</lastmod>")
		}
		index.WriteString("</sitemap>")
		docs = append(docs, Doc{Name: name, Data: p.close()})
	}
	index.WriteString("</sitemapindex>")
	if index.Len() > lim.bytes {
		return nil, fmt.Errorf("%d URLs need a sitemap index of %d bytes; a file holds at most %d", n, index.Len(), lim.bytes)
	}
	docs[0] = Doc{Name: File, Data: index.Bytes()}
	return docs, nil
}

// open and end wrap the <url> elements of a sitemap file.
const (
	open = xml.Header + `<urlset xmlns="` + ns + `">`
	end  = `</urlset>`
)

// part is one sitemap file being written.
type part struct {
	buf    bytes.Buffer // open and the <url> elements so far
	n      int          // URLs in buf
	newest lastMod
}

func newPart() *part {
	p := new(part)
	p.buf.WriteString(open)
	return p
}

// size is the length the file would have if closed now.
func (p *part) size() int { return p.buf.Len() + len(end) }

func (p *part) add(entry []byte, mod lastMod) {
	p.buf.Write(entry)
	p.n++
	if mod.after(p.newest) {
		p.newest = mod
	}
}

func (p *part) close() []byte {
	p.buf.WriteString(end)
	return p.buf.Bytes()
}

// writeURL writes u as a <url> element, escaped as encoding/xml escapes
// character data, so that a sitemap is byte for byte what xml.Marshal made
// of it before sitemaps were split.
func writeURL(b *bytes.Buffer, u URL) {
	b.WriteString("<url><loc>")
	xml.EscapeText(b, []byte(u.Loc)) // a bytes.Buffer does not fail
	b.WriteString("</loc>")
	if u.LastMod != "" {
		b.WriteString("<lastmod>")
		xml.EscapeText(b, []byte(u.LastMod))
		b.WriteString("</lastmod>")
	}
	b.WriteString("</url>")
}

// lastMod is a lastmod as read for comparison.
type lastMod struct {
	s    string
	t    time.Time // the instant it starts
	prec int       // higher is more precise; 0 for no lastmod
}

// parseLastMod reads a W3C datetime; "" is no lastmod.
func parseLastMod(s string) (lastMod, error) {
	if s == "" {
		return lastMod{}, nil
	}
	// Least precise first. time.Parse takes fractions of a second after the
	// seconds, so RFC 3339 covers the W3C form with them too.
	for i, layout := range [...]string{"2006", "2006-01", "2006-01-02", "2006-01-02T15:04Z07:00", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return lastMod{s: s, t: t, prec: i + 1}, nil
		}
	}
	return lastMod{}, fmt.Errorf("lastmod %q is not a W3C datetime like 2006-01-02 or 2006-01-02T15:04:05Z07:00", s)
}

// after reports whether m is newer than o: it starts later, or at the same
// instant and is more precise. Any lastmod is newer than none.
func (m lastMod) after(o lastMod) bool {
	if m.prec == 0 || o.prec == 0 {
		return m.prec > o.prec
	}
	if c := m.t.Compare(o.t); c != 0 {
		return c > 0
	}
	return m.prec > o.prec
}
