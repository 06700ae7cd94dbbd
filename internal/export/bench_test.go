package export

import (
	"testing"

	"github.com/briefing/briefing/internal/config"
	"github.com/briefing/briefing/internal/synth"
	"github.com/briefing/briefing/internal/testsite"
)

// BenchmarkDownloads makes every download of the synthetic site of
// internal/build's BenchmarkBuild/10k (200 countries, 20,000 pledges), one
// file at a time as the build does, dropping each before the next. B/op is
// what the downloads allocate; the model is loaded before the timer starts.
//
//	go test ./internal/export -run '^$' -bench Downloads -benchmem
func BenchmarkDownloads(b *testing.B) {
	fsys, err := testsite.Synth(synth.Config{Briefs: 10000, Countries: 200, Pledges: 20000, Events: -1, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Load(fsys, "")
	if err != nil {
		b.Fatal(err)
	}
	s := model(b, fsys, cfg)
	for b.Loop() {
		downloads, err := Downloads(s)
		if err != nil {
			b.Fatal(err)
		}
		size := 0
		for _, d := range downloads {
			data, err := d.Make()
			if err != nil {
				b.Fatal(err)
			}
			size += len(data)
		}
		b.SetBytes(int64(size))
	}
}
