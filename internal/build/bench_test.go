package build

import (
	"testing"

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
