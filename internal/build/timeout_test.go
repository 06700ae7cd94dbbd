package build

import (
	"context"
	"testing"
	"testing/fstest"
)

// slowCountry is a country template whose loop would run for minutes, a
// loop that does not end as far as the test can tell; it writes, so the
// render given up on stops at its next write (RenderContext). The timeout
// is long beside the other pages, which take milliseconds, however busy
// the machine.
const slowCountry = `{{define "content"}}{{range 2000000000}}.{{end}}{{end}}`

// TestRenderTimeout: a page that takes longer than site.toml's timeout
// fails, naming its template and the page; the other pages of that
// template fail at once with the same error rather than start renders of
// their own that may not end either, so one goroutine is left behind; and
// a build reports it once. The test waits for no render to end: its wall
// time is bound by the timeout. (The hostile case template-timeout builds
// the shipped site with such a template.)
func TestRenderTimeout(t *testing.T) {
	site := fixture(t)
	site["site.toml"].Data = append(site["site.toml"].Data, "timeout = \"1s\"\n"...)
	site["templates/country.html"] = &fstest.MapFile{Data: []byte(slowCountry)}
	s, err := NewCache(Options{Theme: theme}).Load(site)
	if err != nil {
		t.Fatal(err)
	}
	const want = "templates/country.html: the page /countries/atlantis/ took longer than 1s to render (timeout in site.toml): a loop in the template that does not end?"
	for _, name := range []string{"countries/atlantis/index.html", "countries/belgica/index.html"} {
		if _, ok, err := s.File(name); !ok || err == nil || err.Error() != want {
			t.Errorf("%s: have %v, want %s", name, err, want)
		}
	}
	if _, _, err := s.File("countries/index.html"); err != nil {
		t.Errorf("countries/index.html, of another template: %v", err)
	}
	// The pages of the template and a light page of another, which no
	// busy machine keeps past the timeout.
	files := memory{}
	names := []string{"countries/index.html", "countries/the-coalition/index.html", "countries/atlantis/index.html", "countries/belgica/index.html"}
	_, err = s.Write(context.Background(), files, names)
	if err == nil || err.Error() != want {
		t.Errorf("Write: have %v, want %s", err, want)
	}
	if len(files) != 1 || files["countries/index.html"] == nil {
		t.Errorf("Write made %d files, want countries/index.html alone", len(files))
	}
}
