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
	"github.com/briefing/briefing/internal/testsite"
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
			fsys, err := testsite.Synth(synth.Config{Briefs: size.briefs, Countries: 200, Pledges: 2 * size.briefs, Events: -1, Seed: 1})
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

// BenchmarkReload measures what the dev server does after a save, on the
// site of BenchmarkBuild/10k, before the browser asks for the page again:
// the changed file read and parsed again, the model and the list of files
// made again from what the Cache kept, the links checked, and the saved
// page made. The edits: a brief's text, its title, a page template, a
// pledge's status (the page made after it: the pledge's). The first load
// is not timed.
//
//	go test ./internal/build -run '^$' -bench Reload -benchmem
func BenchmarkReload(b *testing.B) {
	fsys, err := testsite.Synth(synth.Config{Briefs: 10000, Countries: 200, Pledges: 20000, Events: -1, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	cache := loaded(b, fsys)
	var name string
	for n := range fsys {
		if strings.HasPrefix(n, "content/briefs/") && n > name {
			name = n // the newest
		}
	}
	page := "briefs/" + strings.TrimSuffix(name[len("content/briefs/")+len("2026-01-02-"):], ".md") + "/index.html"
	original := fsys[name].Data
	tmpl, err := fs.ReadFile(theme, "templates/brief.html")
	if err != nil {
		b.Fatal(err)
	}
	pledges := fsys["content/data/pledges.toml"].Data
	first := statusRE.FindIndex(pledges)
	pledge := "pledges/" + string(idRE.FindSubmatch(pledges)[1]) + "/index.html"
	for _, edit := range []struct {
		name, changed, page string
		apply               func(i int)
	}{
		{"text", name, page, func(i int) { fsys[name] = &fstest.MapFile{Data: fmt.Appendf(bytes.Clone(original), "\nEdit %d.\n", i)} }},
		{"title", name, page, func(i int) {
			fsys[name] = &fstest.MapFile{Data: titleRE.ReplaceAll(original, fmt.Appendf(nil, "title = \"Edit %d\"", i))}
		}},
		{"template", "templates/brief.html", page, func(i int) {
			fsys["templates/brief.html"] = &fstest.MapFile{Data: fmt.Appendf(bytes.Clone(tmpl), "{{/* %d */}}", i)}
		}},
		{"status", "content/data/pledges.toml", pledge, func(i int) {
			status := []string{"delivered", "withdrawn"}[i%2]
			data := append(append(bytes.Clone(pledges[:first[0]]), fmt.Sprintf("status = %q", status)...), pledges[first[1]:]...)
			fsys["content/data/pledges.toml"] = &fstest.MapFile{Data: data}
		}},
	} {
		b.Run(edit.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				edit.apply(i)
				cache.Changed(edit.changed)
				s, err := cache.Load(fsys)
				if err != nil {
					b.Fatal(err)
				}
				if _, ok, err := s.File(edit.page); !ok || err != nil {
					b.Fatal(edit.page, ok, err)
				}
			}
		})
	}
}

// BenchmarkKinds renders 200 pages of each kind of the site of
// BenchmarkBuild/10k, without minifying: what a page of each kind costs in
// its template.
//
//	go test ./internal/build -run '^$' -bench Kinds -benchtime 5x
func BenchmarkKinds(b *testing.B) {
	fsys, err := testsite.Synth(synth.Config{Briefs: 10000, Countries: 200, Pledges: 20000, Events: -1, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	s, err := NewCache(Options{Theme: theme}).Load(fsys)
	if err != nil {
		b.Fatal(err)
	}
	by := map[render.Kind][]*render.Page{}
	for _, e := range s.list {
		if e.page != nil && len(by[e.kind]) < 200 {
			by[e.kind] = append(by[e.kind], e.page)
		}
	}
	for _, kind := range []render.Kind{render.Brief, render.Pledge, render.Snapshot, render.Country, render.Changes, render.Timeline} {
		b.Run(string(kind), func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				for _, p := range by[kind] {
					buf.Reset()
					if err := s.r.Render(&buf, p, s.memo); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(by[kind])), "µs/page")
		})
	}
}
