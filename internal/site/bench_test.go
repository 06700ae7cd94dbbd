package site

import (
	"testing"

	"github.com/briefing/briefing/internal/config"
	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/synth"
	"github.com/briefing/briefing/internal/testsite"
)

// BenchmarkNew measures New alone on the synthetic site of
// internal/build's BenchmarkBuild/10k, loaded before the timer starts: the
// dev server makes the model again on every save.
//
//	go test ./internal/site -run '^$' -bench New -benchmem
func BenchmarkNew(b *testing.B) {
	fsys, err := testsite.Synth(synth.Config{Briefs: 10000, Countries: 200, Pledges: 20000, Events: -1, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Load(fsys, "")
	if err != nil {
		b.Fatal(err)
	}
	md := content.NewMarkdown()
	briefs, errs := md.LoadBriefs(fsys)
	pages, perrs := md.LoadPages(fsys)
	data, derrs := dataset.Load(fsys)
	if errs = append(append(errs, perrs...), derrs...); len(errs) > 0 {
		b.Fatal(errs)
	}
	for b.Loop() {
		if _, errs := New(cfg, data, briefs, pages, Options{}); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}
