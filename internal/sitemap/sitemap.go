// Package sitemap writes sitemap.xml (sitemaps.org protocol 0.9), listing
// every page by its absolute URL, and a robots.txt that points to it.
package sitemap

import (
	"encoding/xml"
)

// Files are where the sitemap and robots.txt are published.
const (
	File   = "sitemap.xml"
	Robots = "robots.txt"
)

// URL is one page of the sitemap.
type URL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"` // YYYY-MM-DD, when known
}

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []URL    `xml:"url"`
}

// XML returns the sitemap of urls.
func XML(urls []URL) ([]byte, error) {
	out, err := xml.Marshal(urlset{URLs: urls})
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}

// RobotsTxt allows every crawler and names the sitemap, at base (the site's
// absolute URL, ending in "/").
func RobotsTxt(base string) []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + base + File + "\n")
}
