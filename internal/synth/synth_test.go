package synth_test

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/briefing/briefing"
	"github.com/briefing/briefing/internal/build"
	"github.com/briefing/briefing/internal/synth"
	"github.com/briefing/briefing/internal/testsite"
)

// count is a Sink that keeps the names written.
type count map[string]int

func (c count) Write(name string, data []byte) (int, error) {
	c[name] = len(data)
	return len(data), nil
}

// TestBuilds checks that generated sites are valid: they build with no error,
// every Markdown link resolving, and have the pages the config asks for.
func TestBuilds(t *testing.T) {
	for _, cfg := range []synth.Config{
		{Briefs: 60, Countries: 30, Pledges: 120, Events: -1, Seed: 1},
		{Briefs: 1, Countries: 1, Pledges: 0, Events: 0, Seed: 2},
		{Briefs: 3, Countries: synth.MaxCountries, Pledges: 40, Events: 3, Seed: 3},
	} {
		fsys, err := testsite.Synth(cfg)
		if err != nil {
			t.Fatal(err)
		}
		out := count{}
		sum, err := build.Run(fsys, build.Options{Theme: briefing.Theme}, out)
		if err != nil {
			t.Fatalf("%+v: %v", cfg, err)
		}
		if sum.Pages["brief"] != cfg.Briefs || sum.Pages["country"] != cfg.Countries+1 {
			t.Errorf("%+v: pages %v, want %d briefs and %d countries (with the coalition)", cfg, sum.Pages, cfg.Briefs, cfg.Countries+1)
		}
		if sum.Links < 7*cfg.Briefs {
			t.Errorf("%+v: %d links checked, want at least 7 a brief", cfg, sum.Links)
		}
	}
}

// TestDeterministic checks that the same config gives the same bytes, and
// another seed other bytes.
func TestDeterministic(t *testing.T) {
	cfg := synth.Config{Briefs: 40, Countries: 20, Pledges: 80, Events: -1, Seed: 7}
	a, _ := testsite.Synth(cfg)
	b, _ := testsite.Synth(cfg)
	if !slices.Equal(slices.Sorted(maps.Keys(a)), slices.Sorted(maps.Keys(b))) {
		t.Fatal("same config, different files")
	}
	for name := range a {
		if !bytes.Equal(a[name].Data, b[name].Data) {
			t.Errorf("same config, different bytes in %s", name)
		}
	}
	cfg.Seed++
	c, _ := testsite.Synth(cfg)
	if bytes.Equal(a["content/data/pledges.toml"].Data, c["content/data/pledges.toml"].Data) {
		t.Error("another seed gave the same pledges")
	}
}

// TestBriefShape checks that a brief has what the benchmarks rely on: about
// 700 words and every kind of Markdown block.
func TestBriefShape(t *testing.T) {
	fsys, _ := testsite.Synth(synth.Config{Briefs: 50, Countries: 10, Pledges: 100, Events: -1, Seed: 1})
	words := 0
	for name, f := range fsys {
		if !strings.HasPrefix(name, "content/briefs/") {
			continue
		}
		body := string(f.Data)
		_, body, _ = strings.Cut(body[3:], "+++\n")
		words += len(strings.Fields(body))
		for _, want := range []string{"\n## ", "\n- [", "\n1. ", "\n|---|", "\n> ", "](/briefs/", "](/countries/"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s has no %q", name, want)
			}
		}
	}
	if avg := words / 50; avg < 600 || avg > 800 {
		t.Errorf("briefs average %d words, want about 700", avg)
	}
}

func TestConfigLimits(t *testing.T) {
	for _, cfg := range []synth.Config{{Countries: 0}, {Countries: synth.MaxCountries + 1}, {Countries: 1, Briefs: -1}} {
		if _, err := testsite.Synth(cfg); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
}
