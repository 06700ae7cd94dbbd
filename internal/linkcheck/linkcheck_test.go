package linkcheck

import (
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"
)

func TestCheck(t *testing.T) {
	page := func(body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("<!DOCTYPE html><html><head><title>t</title></head><body>" + body + "</body></html>")}
	}
	site := fstest.MapFS{
		"index.html": page(`<a href="countries/">ok</a> <a href="countries/france/#pledge-1">ok</a>
			<a href="#top">missing anchor</a> <a href="matrix/">missing page</a> <a href="https://example.org/">external</a>
			<img src="img/x.png" alt=""> <link href="css/site.css" rel="stylesheet"> <a href="/briefs/">root-relative</a> <a href="/sub/countries/">from the base</a> <a href="/sub/nope/">missing from the base</a>
			<a href="countries/france/#nope">missing anchor elsewhere</a> <a href="mailto:a@example.org">mail</a>`),
		"countries/index.html":        page(`<a href="../">home</a> <a href="france/">ok</a> <a href="../../x/">outside</a>`),
		"countries/france/index.html": page(`<h1 id="pledge-1">France</h1> <a href="../../#">ok</a>`),
		"css/site.css":                {Data: []byte("body{}")},
	}
	c := NewChecker()
	err := fs.WalkDir(site, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(site, name)
		c.Add(name, data)
		return err
	})
	broken := c.Broken("/sub/")
	if err != nil {
		t.Fatal(err)
	}
	var have []string
	for _, b := range broken {
		have = append(have, b.String())
	}
	want := []string{
		`countries/index.html: link "../../x/": leads outside the site`,
		`index.html: link "#top": no element with id top on index.html`,
		`index.html: link "matrix/": no such file: matrix/index.html`,
		`index.html: link "img/x.png": no such file: img/x.png`,
		`index.html: link "/briefs/": root-relative: breaks when the site is served under a subpath; use a relative link`,
		`index.html: link "/sub/nope/": no such file: nope/index.html`,
		`index.html: link "countries/france/#nope": no element with id nope on countries/france/index.html`,
	}
	if !slices.Equal(have, want) {
		t.Errorf("have:\n%q\nwant:\n%q", have, want)
	}
}
