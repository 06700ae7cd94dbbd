package config

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing/internal/diag"
)

const valid = `title       = "Who guarantees Ukraine's security?"
description = "Who has promised what."
base_url    = "https://example.org/briefing"
publisher   = "The briefing desk"
language    = "en-GB"
as_of       = 2026-01-07
`

func fsys(src string) fstest.MapFS {
	return fstest.MapFS{File: {Data: []byte(src)}}
}

func TestLoad(t *testing.T) {
	cfg, err := Load(fsys(valid), "")
	if err != nil {
		t.Fatalf("input:\n%s\nunexpected error: %v", valid, err)
	}
	want := Config{
		Title:       "Who guarantees Ukraine's security?",
		Description: "Who has promised what.",
		BaseURL:     "https://example.org/briefing/", // the slash is added
		Publisher:   "The briefing desk",
		Language:    "en-GB",
		Timeout:     DefaultTimeout,
	}
	have := cfg
	have.AsOf = want.AsOf // compared below; date.Date has unexported fields
	have.Warnings = nil   // compared below
	if !reflect.DeepEqual(have, want) {
		t.Errorf("input:\n%s\nhave %+v\nwant %+v", valid, have, want)
	}
	if len(cfg.Warnings) != 1 || !strings.Contains(cfg.Warnings[0].Error(), `site.toml:3:15: warning: field "base_url": "https://example.org/briefing/" is an example address`) {
		t.Errorf("warnings: %v", cfg.Warnings)
	}
	if cfg.AsOf.String() != "2026-01-07" {
		t.Errorf("as_of: have %q, want 2026-01-07", cfg.AsOf)
	}
}

func TestLoadDefaults(t *testing.T) {
	src := `title = "T"
description = "D"
base_url = "http://localhost:8080/"
publisher = "P"
`
	cfg, err := Load(fsys(src), "")
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if cfg.Language != "en" {
		t.Errorf("language: have %q, want default \"en\"", cfg.Language)
	}
	if cfg.BaseURL != "http://localhost:8080/" {
		t.Errorf("base_url: have %q, want it unchanged", cfg.BaseURL)
	}
	if !cfg.AsOf.IsZero() {
		t.Errorf("as_of: have %s, want unset", cfg.AsOf)
	}
	if d := Default(); d.Language != "en" || d.BaseURL != "" {
		t.Errorf("Default() = %+v, want language \"en\" and nothing else", d)
	}
}

func TestBaseURLOverride(t *testing.T) {
	for _, tc := range []struct {
		name, src, flag, want string
	}{
		{"flag wins", valid, "http://localhost:8080", "http://localhost:8080/"},
		{"flag fills a missing base_url", "title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\n", "https://preview.example.org/x/", "https://preview.example.org/x/"},
		{"no flag", valid, "", "https://example.org/briefing/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := Load(fsys(tc.src), tc.flag)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if cfg.BaseURL != tc.want {
				t.Errorf("input -base-url=%q\nhave %q\nwant %q", tc.flag, cfg.BaseURL, tc.want)
			}
		})
	}
	// The flag is validated like the file's value, and its error names the
	// flag, not the file.
	_, err := Load(fsys(valid), "example.org")
	want := []string{`-base-url: "example.org" is not an absolute http(s) URL like "https://example.org/briefing/"`}
	if have := errStrings(err); !slices.Equal(have, want) {
		t.Errorf("-base-url=example.org\nhave %q\nwant %q", have, want)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []string
	}{
		{
			"missing required fields",
			"language = \"en\"\n",
			[]string{
				`site.toml:1:1: field "base_url" is required`,
				`site.toml:1:1: field "description" is required`,
				`site.toml:1:1: field "publisher" is required`,
				`site.toml:1:1: field "title" is required`,
			},
		},
		{
			"blank required field at its position",
			"# settings\ntitle = \"T\"\ndescription = \"D\"\nbase_url = \"https://example.org/\"\n  publisher = \"  \"\n",
			[]string{`site.toml:5:15: field "publisher" is required`},
		},
		{
			"base_url not absolute",
			"title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"/briefing/\"\n",
			[]string{`site.toml:4:12: field "base_url": "/briefing/" is not an absolute http(s) URL like "https://example.org/briefing/"`},
		},
		{
			"base_url not http",
			"title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"ftp://example.org/\"\n",
			[]string{`site.toml:4:12: field "base_url": "ftp://example.org/" is not an absolute http(s) URL like "https://example.org/briefing/"`},
		},
		{
			"base_url without host",
			"title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https:///x/\"\n",
			[]string{`site.toml:4:12: field "base_url": "https:///x/" is not an absolute http(s) URL like "https://example.org/briefing/"`},
		},
		{
			"lede too long",
			"title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https://example.org/\"\nlede = \"" + strings.Repeat("x", MaxLede+1) + "\"\n",
			[]string{`site.toml:5:8: field "lede": 601 characters; a lede is two to four sentences of at most 600 characters in all: move the rest into a brief`},
		},
		{
			"lede with a line break",
			"title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https://example.org/\"\nlede = \"\"\"\nOne.\nTwo.\"\"\"\n",
			[]string{`site.toml:5:8: field "lede": one paragraph, without line breaks`},
		},
		{
			"lede with markup",
			"title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https://example.org/\"\nlede = \"France and <em>Britain</em>.\"\n",
			[]string{`site.toml:5:8: field "lede": plain text, without markup: "<em>" would show on the front page as written`},
		},
		{
			"lede with a character reference",
			"title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https://example.org/\"\nlede = \"France &amp; Britain.\"\n",
			[]string{`site.toml:5:8: field "lede": plain text, without markup: "&amp;" would show on the front page as written`},
		},
		{
			"bad language",
			"title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https://example.org/\"\nlanguage = \"English\"\n",
			[]string{`site.toml:5:12: field "language": "English" is not a language tag like "en" or "en-GB"`},
		},
		{
			"empty language",
			"title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https://example.org/\"\nlanguage = \"\"\n",
			[]string{`site.toml:5:12: field "language": "" is not a language tag like "en" or "en-GB"`},
		},
		{
			"unknown field",
			"title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https://example.org/\"\n  langauge = \"en\"\n",
			[]string{`site.toml:5:3: unknown field "langauge"; did you mean "language"?`},
		},
		{
			"unknown field does not hide other problems",
			"titel = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https://example.org/\"\n",
			[]string{
				`site.toml:1:1: field "title" is required`,
				`site.toml:1:1: unknown field "titel"; did you mean "title"?`,
			},
		},
		{
			"unknown first field after a byte order mark",
			"\ufefftitel = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https://example.org/\"\n",
			[]string{
				`site.toml:1:1: field "title" is required`,
				`site.toml:1:1: unknown field "titel"; did you mean "title"?`,
			},
		},
		{
			"wrong type",
			"title = 3\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https://example.org/\"\n",
			[]string{`site.toml:1:9: field "title": expected a quoted string, found a number`},
		},
		{
			"bad as_of",
			"title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https://example.org/\"\nas_of = \"soon\"\n",
			[]string{`site.toml:5:9: field "as_of": "soon" is not a date: expected YYYY-MM-DD, YYYY-MM, YYYY or an RFC 3339 time`},
		},
		{
			"contact not an address",
			"title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https://example.org/\"\ncontact = \"the desk\"\n",
			[]string{`site.toml:5:11: field "contact": "the desk" is neither an email address like "corrections@example.org" nor an absolute http(s) URL`},
		},
		{
			"contact with a scheme other than http(s)",
			"title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https://example.org/\"\ncontact = \"javascript:alert(1)\"\n",
			[]string{`site.toml:5:11: field "contact": "javascript:alert(1)" is neither an email address like "corrections@example.org" nor an absolute http(s) URL`},
		},
		{
			"contact as a mailto: link, not a plain address",
			"title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https://example.org/\"\ncontact = \"mailto:desk@example.org\"\n",
			[]string{`site.toml:5:11: field "contact": "mailto:desk@example.org" is neither an email address like "corrections@example.org" nor an absolute http(s) URL`},
		},
		{
			"syntax error",
			"title = \"T\ndescription = \"D\"\n",
			[]string{`site.toml:1:11: invalid TOML: field "title": strings cannot contain newlines; close the quote on the same line, or write text of several lines between """ and """`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(fsys(tc.src), "")
			if have := errStrings(err); !slices.Equal(have, tc.want) {
				t.Errorf("input:\n%s\nhave %q\nwant %q", tc.src, have, tc.want)
			}
		})
	}
}

// TestContact: contact is optional; an email address is linked with mailto:,
// a web address as it is.
func TestContact(t *testing.T) {
	const base = "title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https://example.org/\"\n"
	for _, tc := range []struct{ contact, href string }{
		{"", ""},
		{"corrections@example.org", "mailto:corrections@example.org"},
		{"https://example.org/briefing/corrections", "https://example.org/briefing/corrections"},
	} {
		src := base
		if tc.contact != "" {
			src += "contact = \"" + tc.contact + "\"\n"
		}
		cfg, err := Load(fsys(src), "")
		if err != nil {
			t.Fatalf("input:\n%s\nunexpected error: %v", src, err)
		}
		if cfg.Contact != tc.contact || cfg.ContactHref() != tc.href {
			t.Errorf("contact %q: have %q linked to %q, want linked to %q", tc.contact, cfg.Contact, cfg.ContactHref(), tc.href)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(fstest.MapFS{"content/about.md": {}}, "")
	want := []string{"site.toml: cannot read the site settings: open site.toml: file does not exist (every site folder needs a site.toml)"}
	if have := errStrings(err); !slices.Equal(have, want) {
		t.Errorf("have %q\nwant %q", have, want)
	}
}

// errStrings returns the errors of a diag.List, sorted as a build prints them.
func errStrings(err error) []string {
	if err == nil {
		return nil
	}
	var l diag.List
	if !errors.As(err, &l) {
		return []string{"not a diag.List: " + err.Error()}
	}
	var out []string
	for _, e := range l.Sort() {
		out = append(out, e.Error())
	}
	return out
}

func TestOpening(t *testing.T) {
	c := Config{Description: "D."}
	if have := c.Opening(); have != "D." {
		t.Errorf("without a lede: have %q, want the description", have)
	}
	c.Lede = " France and the UK pledged troops. The US backed monitoring. "
	if have, want := c.Opening(), "France and the UK pledged troops. The US backed monitoring."; have != want {
		t.Errorf("with a lede: have %q, want %q", have, want)
	}
}

// TestAllowedOrigins: origins are kept as browsers compare them, and
// anything but an origin is an error that says what one looks like.
func TestAllowedOrigins(t *testing.T) {
	cfg, err := Load(fsys(valid+`allowed_origins = ["HTTPS://Img.Example.org/", "https://media.example.net:8443"]`+"\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"https://img.example.org", "https://media.example.net:8443"}; !slices.Equal(cfg.AllowedOrigins, want) {
		t.Errorf("allowed_origins: have %q, want %q", cfg.AllowedOrigins, want)
	}
	_, err = Load(fsys(valid+`allowed_origins = ["https://img.example.org/photos/", "*"]`+"\n"), "")
	want := `site.toml:7:20: field "allowed_origins": "https://img.example.org/photos/" is not an origin like "https://img.example.org": a scheme and a host (and a port, if need be), nothing after
site.toml:7:55: field "allowed_origins": "*" is not an origin like "https://img.example.org": a scheme and a host (and a port, if need be), nothing after`
	if err == nil || err.Error() != want {
		t.Errorf("have %v\nwant %s", err, want)
	}
}

// TestLedeText: a lede may hold the characters markup is made of, so long
// as they are not markup.
func TestLedeText(t *testing.T) {
	for _, lede := range []string{"Fewer than 5,000 troops, if 3 < 4 & Q&A; R&D.", "A <- B, and 2 > 1.", "AT&T"} {
		src := "title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https://example.org/\"\nlede = \"" + lede + "\"\n"
		if _, err := Load(fsys(src), ""); err != nil {
			t.Errorf("lede %q: %v", lede, err)
		}
	}
}

// TestExampleHosts: the names reserved for examples and tests (RFC 2606,
// RFC 6761) are warned about, and only they.
func TestExampleHosts(t *testing.T) {
	for host, want := range map[string]bool{
		"example.org": true, "www.example.com": true, "EXAMPLE.NET.": true, "site.example": true, "a.test": true,
		"x.invalid": true, "localhost": true, "127.0.0.1": true, "": false, "example.org.ua": false,
		"myexample.org": false, "briefing.kyiv.news": false, "examples.com": false,
	} {
		if have := exampleHost(host); have != want {
			t.Errorf("exampleHost(%q) = %v, want %v", host, have, want)
		}
	}
}

func TestTimeout(t *testing.T) {
	const head = "title = \"T\"\ndescription = \"D\"\npublisher = \"P\"\nbase_url = \"https://example.org/\"\n"
	for _, tc := range []struct {
		line, want string // want: the timeout, or the error
	}{
		{"", "30s"},
		{`timeout = "90s"`, "1m30s"},
		{`timeout = "250ms"`, "250ms"},
		{`timeout = "30"`, `site.toml:5:11: field "timeout": "30" is not a duration like "30s" or "2m"`},
		{`timeout = "-1s"`, `site.toml:5:11: field "timeout": "-1s" is not a duration like "30s" or "2m"`},
		{`timeout = 30`, `site.toml:5:11: field "timeout": expected a duration in quotes, like "30s" or "2m"`},
	} {
		cfg, err := Load(fsys(head+tc.line+"\n"), "")
		have := cfg.Timeout.String()
		if err != nil {
			have = err.Error()
		}
		if have != tc.want {
			t.Errorf("%s:\nhave %s\nwant %s", tc.line, have, tc.want)
		}
	}
}

// TestRepeatedOrigin: an origin listed twice is an error at the repeat.
func TestRepeatedOrigin(t *testing.T) {
	_, err := Load(fsys(valid+`allowed_origins = ["https://img.example.org", "https://img.example.org"]`+"\n"), "")
	want := `site.toml:7:47: field "allowed_origins": "https://img.example.org" is listed twice (first at line 7, column 20): list each once`
	if err == nil || err.Error() != want {
		t.Errorf("have %v\nwant %s", err, want)
	}
}
