package render

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing/internal/config"
	"github.com/briefing/briefing/internal/site"
)

func TestPagePaths(t *testing.T) {
	s := &site.Site{Config: config.Config{BaseURL: "https://example.org/sub/"}}
	for _, tc := range []struct {
		kind            Kind
		url, root, file string
	}{
		{"home", "", "", "index.html"},
		{"briefs", "briefs/", "../", "briefs/index.html"},
		{"country", "countries/united-kingdom/", "../../", "countries/united-kingdom/index.html"},
		{"404", "404.html", "/sub/", "404.html"},
	} {
		p := &Page{Site: s, Kind: tc.kind, URL: tc.url}
		if p.Root() != tc.root || p.File() != tc.file || p.Canonical() != "https://example.org/sub/"+tc.url {
			t.Errorf("%s %q: root %q file %q canonical %q; want %q %q", tc.kind, tc.url, p.Root(), p.File(), p.Canonical(), tc.root, tc.file)
		}
	}
}

// templates is a minimal valid template set with one broken kind swapped in.
func templates(kind, text string) fstest.MapFS {
	fsys := fstest.MapFS{
		"templates/layout.html":   {Data: []byte(`{{define "layout"}}<main>{{template "content" .}}</main>{{end}}`)},
		"templates/partials.html": {Data: []byte(`{{define "status"}}{{.Label}}{{end}}`)},
		"templates/charts.html":   {Data: []byte(`{{define "chart"}}{{end}}{{define "map"}}{{end}}`)},
	}
	for _, k := range Kinds() {
		fsys["templates/"+string(k)+".html"] = &fstest.MapFile{Data: []byte(`{{define "content"}}` + string(k) + `{{end}}`)}
	}
	if kind != "" {
		fsys["templates/"+kind+".html"] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

func TestTemplateErrors(t *testing.T) {
	if _, errs := New(templates("", "")); len(errs) != 0 {
		t.Fatalf("valid templates: %v", errs)
	}
	_, errs := New(templates("matrix", "{{define \"content\"}}\n\n{{range}}{{end}}"))
	if len(errs) != 1 || errs[0].Error() != "templates/matrix.html:3: template: missing value for range" {
		t.Errorf("parse error: %v", errs)
	}

	r, errs := New(templates("brief", "{{define \"content\"}}\n  {{.Brief.Title}}{{end}}"))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	var buf bytes.Buffer
	buf.WriteString("before")
	err := r.Render(&buf, &Page{Kind: "brief", Site: &site.Site{}}, nil)
	want := `templates/brief.html:2:10: template: executing "content" at <.Brief.Title>: nil pointer evaluating *site.Brief.Title`
	if err == nil || err.Error() != want {
		t.Errorf("execution error:\nhave %v\nwant %s", err, want)
	}
	if buf.String() != "before" {
		t.Errorf("a failed page wrote %q", strings.TrimPrefix(buf.String(), "before"))
	}
}

func TestFuncs(t *testing.T) {
	f := funcs(nil, nil, nil)
	plural := f["plural"].(func(int, string, string) string)
	if plural(1, "pledge", "pledges") != "pledge" || plural(0, "pledge", "pledges") != "pledges" {
		t.Errorf("plural is wrong")
	}
}

// TestRenderContextStops: a template that loops while it writes stops at
// its next write once its context is done, and leaves nothing in the
// buffer; without that it would run on for minutes after the build gave up.
func TestRenderContextStops(t *testing.T) {
	r, errs := New(templates("brief", `{{define "content"}}{{range 2000000000}}.{{end}}{{end}}`))
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var buf bytes.Buffer
	buf.WriteString("before")
	done := make(chan error, 1)
	go func() { done <- r.RenderContext(ctx, &buf, &Page{Kind: "brief", Site: &site.Site{}}, nil) }()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if buf.String() != "before" {
		t.Errorf("a stopped page left %d bytes", buf.Len()-len("before"))
	}
}
