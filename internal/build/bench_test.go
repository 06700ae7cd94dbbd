package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing/internal/render"
	"github.com/briefing/briefing/internal/synth"
)

// discard is a Sink that keeps nothing, so a benchmark measures the build
// and not the disk.
type discard struct{}

func (discard) Write(name string, data []byte) (int, error) { return len(data), nil }

// BenchmarkBuild builds synthetic sites (internal/synth) of 200 countries
// and twice as many pledges as briefs, generated in memory before the timer
// starts. "make bench" measures whole processes instead, with their memory.
//
//	go test ./internal/build -run '^$' -bench Build/10k -benchmem -cpuprofile cpu.out
func BenchmarkBuild(b *testing.B) {
	for _, size := range []struct {
		name   string
		briefs int
	}{{"100", 100}, {"1k", 1000}, {"10k", 10000}} {
		b.Run(size.name, func(b *testing.B) {
			fsys, err := synth.MapFS(synth.Config{Briefs: size.briefs, Countries: 200, Pledges: 2 * size.briefs, Events: -1, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			pages := 0
			for b.Loop() {
				sum, err := Run(fsys, Options{Theme: theme}, discard{})
				if err != nil {
					b.Fatal(err)
				}
				for _, n := range sum.Pages {
					pages += n
				}
			}
			b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// BenchmarkIncremental measures what the dev server does after a save, on
// the site of BenchmarkBuild/10k: a brief's text edited (its page and the
// feed made again), its title edited (the lists that show it too), a page
// template edited (every page of that kind), and a pledge's status changed
// (every page but the briefs'). The first, full build is
// not timed.
//
//	go test ./internal/build -run '^$' -bench Incremental -benchmem
func BenchmarkIncremental(b *testing.B) {
	fsys, err := synth.MapFS(synth.Config{Briefs: 10000, Countries: 200, Pledges: 20000, Events: -1, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	inc := builtIncremental(b, fsys)
	var name string
	for n := range fsys {
		if strings.HasPrefix(n, "content/briefs/") && n > name {
			name = n // the newest
		}
	}
	original := fsys[name].Data
	tmpl, err := fs.ReadFile(theme, "templates/brief.html")
	if err != nil {
		b.Fatal(err)
	}
	pledges := fsys["content/data/pledges.toml"].Data
	first := statusRE.FindIndex(pledges)
	for _, edit := range []struct {
		name    string
		changed string
		apply   func(i int)
	}{
		{"text", name, func(i int) { fsys[name] = &fstest.MapFile{Data: fmt.Appendf(bytes.Clone(original), "\nEdit %d.\n", i)} }},
		{"title", name, func(i int) {
			fsys[name] = &fstest.MapFile{Data: titleRE.ReplaceAll(original, fmt.Appendf(nil, "title = \"Edit %d\"", i))}
		}},
		{"template", "templates/brief.html", func(i int) {
			fsys["templates/brief.html"] = &fstest.MapFile{Data: fmt.Appendf(bytes.Clone(tmpl), "{{/* %d */}}", i)}
		}},
		{"status", "content/data/pledges.toml", func(i int) {
			status := []string{"signed", "withdrawn"}[i%2]
			data := append(append(bytes.Clone(pledges[:first[0]]), fmt.Sprintf("status = %q", status)...), pledges[first[1]:]...)
			fsys["content/data/pledges.toml"] = &fstest.MapFile{Data: data}
		}},
	} {
		b.Run(edit.name, func(b *testing.B) {
			files, i := 0, 0
			for b.Loop() {
				i++
				edit.apply(i)
				res, err := inc.Build(fsys, []string{edit.changed})
				if err != nil || res.Full {
					b.Fatal("not an incremental build: ", err)
				}
				files += len(res.Rendered)
			}
			b.ReportMetric(float64(files)/float64(b.N), "files/op")
		})
	}
}

// BenchmarkKinds renders 200 pages of each kind of the site of
// BenchmarkBuild/10k, without minifying: what a page of each kind costs in
// its template.
//
//	go test ./internal/build -run '^$' -bench Kinds -benchtime 5x
func BenchmarkKinds(b *testing.B) {
	fsys, err := synth.MapFS(synth.Config{Briefs: 10000, Countries: 200, Pledges: 20000, Events: -1, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	in, errs := load(fsys, Options{Theme: theme})
	s, serrs := in.model(Options{})
	if len(errs)+len(serrs) > 0 {
		b.Fatal(errs, serrs)
	}
	pages := render.Pages(s, map[string]render.Asset{"css/site.css": {}, "js/site.js": {}})
	by := map[string][]*render.Page{}
	for _, p := range pages {
		if len(by[p.Kind]) < 200 {
			by[p.Kind] = append(by[p.Kind], p)
		}
	}
	for _, kind := range []string{"brief", "pledge", "snapshot", "country", "changes", "timeline"} {
		b.Run(kind, func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				for _, p := range by[kind] {
					buf.Reset()
					if err := in.r.Render(&buf, p); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(by[kind])), "µs/page")
		})
	}
}
