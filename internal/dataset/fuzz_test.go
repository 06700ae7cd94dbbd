package dataset_test

import (
	"bytes"
	"os"
	"testing"
	"testing/fstest"

	"github.com/briefing/briefing/internal/dataset"
)

// FuzzLoad decodes and validates a fuzzed dataset file beside the shipped
// vocabulary and sources, so that validation is reached, not only the TOML
// parser. It must never panic; every error must name a file, and one in the
// fuzzed file a line inside it; and a dataset without errors must have
// every reference resolved. Seeds are in testdata/fuzz/FuzzLoad.
func FuzzLoad(f *testing.F) {
	vocabulary, err := os.ReadFile("../../content/data/vocabulary.toml")
	if err != nil {
		f.Fatal(err)
	}
	sources, err := os.ReadFile("../../content/data/sources.toml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("[[country]]\ncode = \"FR\"\nname = \"France\"\nrole = \"lead\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = dataset.Dir + "/fuzzed.toml"
		d, errs := dataset.Load(fstest.MapFS{
			dataset.Dir + "/vocabulary.toml": {Data: vocabulary},
			dataset.Dir + "/sources.toml":    {Data: sources},
			name:                             {Data: data},
		})
		if d == nil {
			t.Fatal("Load returned no dataset")
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, e := range errs {
			if e.Pos.File == "" {
				t.Fatalf("input %q: an error without a file: %v", data, e)
			}
			if e.Pos.File == name && (e.Pos.Line < 0 || e.Pos.Line > lines) {
				t.Fatalf("input %q: an error at line %d of %d: %v", data, e.Pos.Line, lines, e)
			}
		}
		if len(errs) > 0 {
			return
		}
		for _, p := range d.Pledges {
			if d.Country(p.Country) == nil || d.Status(p.Status) == nil || d.Category(p.Category) == nil {
				t.Fatalf("input %q: pledge %q was accepted with an unknown reference", data, p.ID)
			}
			for _, c := range p.Sources {
				if c.Source == nil {
					t.Fatalf("input %q: a citation of pledge %q was accepted without its source", data, p.ID)
				}
			}
		}
		for _, c := range d.Countries {
			if c.Slug == "" {
				t.Fatalf("input %q: country %q was accepted without a slug", data, c.Code)
			}
		}
	})
}
