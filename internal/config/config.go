// Package config reads site.toml into a typed Config.
//
// Keys (see docs/content.md):
//
//	title       required  the site's name
//	description required  one sentence, used in <meta name="description">
//	lede        optional  two to four sentences that open the front page: who promised what, on
//	                      what condition; plain text (no tags or entities), one paragraph of at most
//	                      MaxLede characters; default: description
//	base_url    required  absolute http(s) URL the site is published at
//	publisher   required  who publishes the briefing
//	language    optional  BCP 47 tag, default "en"
//	as_of       optional  date the briefing is current to; default: the latest date in the content
//	license     optional  the licence of the data downloads, e.g. "CC BY 4.0"
//	license_url optional  where the licence text is
//	contact     optional  where readers send corrections: an email address or an absolute http(s) URL
//	allowed_origins optional  origins ("https://img.example.org") that Markdown may show images from;
//	                      the site's Content-Security-Policy names them. Default: none, and an image
//	                      from another origin is an error where it is written
//	timeout     optional  how long one page may take to render, as a Go duration ("30s", "2m");
//	                      a page that takes longer fails the build, naming the page and its
//	                      template. Default: DefaultTimeout, as Hugo's timeout
package config

import (
	"cmp"
	"fmt"
	"html"
	"io/fs"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/tomldoc"
	"github.com/briefing/briefing/internal/weburl"
)

// File is the name of the settings file at the root of a site folder.
const File = "site.toml"

// Config is the site's settings.
type Config struct {
	Title       string    `toml:"title"`
	Description string    `toml:"description"`
	Lede        string    `toml:"lede"`
	BaseURL     string    `toml:"base_url"`
	Publisher   string    `toml:"publisher"`
	Language    string    `toml:"language"`
	AsOf        date.Date `toml:"as_of"`
	License     string    `toml:"license"`
	LicenseURL  string    `toml:"license_url"`
	Contact     string    `toml:"contact"`
	// AllowedOrigins are scheme://host[:port], lowercased, without a
	// trailing slash, once loaded.
	AllowedOrigins []string `toml:"allowed_origins"`

	// Warnings are settings that load but should not be published as
	// they are, such as an example base_url: build prints them, and
	// build -strict fails on them.
	Warnings diag.List `toml:"-"`

	// Timeout is the longest one page may take to render: templates are
	// trusted, but one that never ends must not keep a build, or the dev
	// server, waiting for good.
	Timeout Duration `toml:"timeout"`
}

// DefaultTimeout is Timeout when site.toml does not set it.
const DefaultTimeout = Duration(30 * time.Second)

// Duration is a length of time written as a Go duration: "30s", "2m".
type Duration time.Duration

// UnmarshalTOML accepts a positive Go duration in a string.
func (d *Duration) UnmarshalTOML(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("expected a duration in quotes, like \"30s\" or \"2m\"")
	}
	t, err := time.ParseDuration(s)
	if err != nil || t <= 0 {
		return fmt.Errorf("%q is not a duration like \"30s\" or \"2m\"", s)
	}
	*d = Duration(t)
	return nil
}

func (d Duration) String() string { return time.Duration(d).String() }

// MaxLede is the longest lede, in characters: four sentences of the length
// a reader takes in on a phone's first screen.
const MaxLede = 600

// Default is the Config before site.toml is read.
func Default() Config {
	return Config{Language: "en", Timeout: DefaultTimeout}
}

var langRE = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$`)

// emailRE is a plain address, local@domain.tld: no name, no "mailto:", no
// spaces, quotes or angle brackets.
var emailRE = regexp.MustCompile(`^[^@\s"<>()\[\],;:]+@[^@\s"<>()\[\],;:]+\.[a-zA-Z]{2,}$`)

// tagRE finds a tag or a comment, which a writer of HTML may put in a
// lede; refRE finds what may be a character reference, which is one when
// unescaping changes it (markup finds both). The lede is text, escaped
// where it lands, so either would be shown to readers as typed.
var (
	tagRE = regexp.MustCompile(`</?[A-Za-z][^<>]*>|<!--`)
	refRE = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?`)
)

// markup returns the first tag, comment or character reference in s, or "".
func markup(s string) string {
	if m := tagRE.FindString(s); m != "" {
		return m
	}
	for _, m := range refRE.FindAllString(s, -1) {
		if html.UnescapeString(m) != m {
			return m
		}
	}
	return ""
}

// Opening is the front page's first paragraph: the lede, or the
// description when there is none.
func (c Config) Opening() string { return cmp.Or(strings.TrimSpace(c.Lede), c.Description) }

// ContactHref is the link for Contact: "mailto:" and the address, or the
// URL itself; empty when no contact is set.
func (c Config) ContactHref() string {
	if emailRE.MatchString(c.Contact) {
		return "mailto:" + c.Contact
	}
	return c.Contact
}

// exampleHost reports whether host is reserved for examples and tests
// (RFC 2606, RFC 6761): example.com, .net and .org and the .example, .test,
// .invalid and .localhost domains, or a loopback name.
func exampleHost(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" {
		return false
	}
	for _, d := range []string{"example.com", "example.net", "example.org", "example", "test", "invalid", "localhost"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return host == "127.0.0.1" || host == "[::1]"
}

// Load reads and validates site.toml from fsys. baseURL, when not empty,
// overrides the file's base_url (the -base-url flag).
func Load(fsys fs.FS, baseURL string) (Config, error) {
	cfg := Default()
	src, err := fs.ReadFile(fsys, File)
	if err != nil {
		var errs diag.List
		errs.Add(diag.Pos{File: File}, "cannot read the site settings: %v (every site folder needs a site.toml)", err)
		return cfg, errs
	}
	doc, errs := tomldoc.Decode(File, src, 1, &cfg)
	if doc == nil {
		return cfg, errs
	}
	if baseURL != "" {
		cfg.BaseURL = baseURL
	}
	for _, f := range []struct{ key, val string }{
		{"title", cfg.Title}, {"description", cfg.Description}, {"publisher", cfg.Publisher}, {"base_url", cfg.BaseURL},
	} {
		if strings.TrimSpace(f.val) == "" {
			errs.Add(doc.Pos(f.key), "field %q is required", f.key)
		}
	}
	if cfg.BaseURL != "" {
		if err := weburl.CheckBase(cfg.BaseURL); err != nil {
			if baseURL != "" { // the flag's value, not the file's
				errs.Add(diag.Pos{File: "-base-url"}, "%q %v", cfg.BaseURL, err)
			} else {
				errs.Add(doc.Pos("base_url"), "field \"base_url\": %q %v", cfg.BaseURL, err)
			}
		} else if !strings.HasSuffix(cfg.BaseURL, "/") {
			cfg.BaseURL += "/"
		}
	}
	if cfg.LicenseURL != "" {
		if !weburl.IsAbs(cfg.LicenseURL) {
			errs.Add(doc.Pos("license_url"), "field \"license_url\": %q is not an absolute http(s) URL", cfg.LicenseURL)
		}
	}
	if cfg.Contact != "" && !emailRE.MatchString(cfg.Contact) && !weburl.IsAbs(cfg.Contact) {
		errs.Add(doc.Pos("contact"), "field \"contact\": %q is neither an email address like \"corrections@example.org\" nor an absolute http(s) URL", cfg.Contact)
	}
	errs = append(errs, doc.Repeated("allowed_origins", cfg.AllowedOrigins)...)
	for i, o := range cfg.AllowedOrigins {
		origin, err := weburl.Origin(o)
		if err != nil {
			errs.Add(doc.ElemPos("allowed_origins", i), "field \"allowed_origins\": %q %v", o, err)
		}
		cfg.AllowedOrigins[i] = origin
	}
	if n := utf8.RuneCountInString(cfg.Lede); n > MaxLede {
		errs.Add(doc.Pos("lede"), "field \"lede\": %d characters; a lede is two to four sentences of at most %d characters in all: move the rest into a brief", n, MaxLede)
	}
	if strings.ContainsAny(cfg.Lede, "\n\r") {
		errs.Add(doc.Pos("lede"), "field \"lede\": one paragraph, without line breaks")
	}
	if m := markup(cfg.Lede); m != "" {
		errs.Add(doc.Pos("lede"), "field \"lede\": plain text, without markup: %q would show on the front page as written", m)
	}
	if host := weburl.Host(cfg.BaseURL); cfg.BaseURL != "" && exampleHost(host) {
		cfg.Warnings.Add(doc.Pos("base_url"), "warning: field \"base_url\": %q is an example address, and every citation, the feed, the sitemap and the downloads name pages by it: set the address the site will be published at, or build with -base-url", cfg.BaseURL)
	}
	if _, domain, ok := strings.Cut(cfg.Contact, "@"); ok && exampleHost(domain) || exampleHost(weburl.Host(cfg.Contact)) {
		cfg.Warnings.Add(doc.Pos("contact"), "warning: field \"contact\": %q is an example address, so readers' corrections would go nowhere: set the publisher's own", cfg.Contact)
	}
	if !langRE.MatchString(cfg.Language) {
		errs.Add(doc.Pos("language"), "field \"language\": %q is not a language tag like \"en\" or \"en-GB\"", cfg.Language)
	}
	return cfg, errs.Err()
}
