// Package synth generates synthetic briefing sites of any size, for
// benchmarks and scale tests. A site is valid against the project's own
// schema and builds with no error: every Markdown link it writes leads to a
// page or an anchor that the build produces.
//
// The same Config and seed always give the same bytes. What a site holds:
//
//	site.toml                       settings
//	content/about.md                a standalone page
//	content/briefs/<date>-<slug>.md Briefs briefs of about 700 words: headings,
//	                                paragraphs, a list, a numbered list, a
//	                                table, a blockquote, links to other briefs,
//	                                to countries and to pledges on their pages
//	content/data/vocabulary.toml    statuses, categories, roles, locations, conditions
//	content/data/sources.toml       Pledges/10 sources (at least 5)
//	content/data/countries.toml     the coalition (a group) and Countries nations
//	content/data/pledges.toml       Pledges pledges, each citing one or two sources;
//	                                a quarter of them change status later, with
//	                                history entries
//	content/data/events.toml        Events events, some dated only by month or year
//	content/data/questions.toml     five open questions
//
// Nations have two-letter codes drawn from AA..ZZ (so at most 676 of them)
// and made-up names with unique slugs. Dates fall between 2022-01-01 and
// 2026-06-30, so no brief is left out as scheduled.
//
// WriteHugo writes the same briefs as a Hugo site, for comparison (see its
// comment).
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/briefing/briefing/internal/slug"
)

// Config says how big a site to make.
type Config struct {
	Briefs    int
	Countries int    // nations, besides the one group; at most 676
	Pledges   int    // spread over the nations
	Events    int    // negative means the default, Briefs/20 + 10
	Seed      uint64 // the same seed gives the same site
}

// MaxCountries is how many distinct two-letter codes there are.
const MaxCountries = 26 * 26

// File is one file of a generated site.
type File struct {
	Name string // slash path inside the site folder
	Data []byte
}

// Generate calls emit with every file of the site, in a fixed order, and
// stops at the first error emit returns.
func Generate(cfg Config, emit func(File) error) error {
	g, err := newGen(cfg)
	if err != nil {
		return err
	}
	for _, f := range []File{
		{"site.toml", g.siteTOML()},
		{"content/about.md", g.about()},
		{"content/data/vocabulary.toml", []byte(vocabulary + conditionsTOML())},
		{"content/data/sources.toml", g.sourcesTOML()},
		{"content/data/countries.toml", g.countriesTOML()},
		{"content/data/pledges.toml", g.pledgesTOML()},
		{"content/data/events.toml", g.eventsTOML()},
		{"content/data/questions.toml", g.questionsTOML()},
	} {
		if err := emit(f); err != nil {
			return err
		}
	}
	for i := range g.briefs {
		if err := emit(File{g.briefs[i].file(), g.brief(i, false)}); err != nil {
			return err
		}
	}
	return nil
}

// WriteDir writes the site into dir, which should be empty or missing.
func WriteDir(dir string, cfg Config) error {
	return Generate(cfg, func(f File) error { return writeFile(dir, f) })
}

func writeFile(dir string, f File) error {
	name := filepath.Join(dir, filepath.FromSlash(f.Name))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, f.Data, 0o644)
}

// gen holds what the files refer to each other by, drawn once, in a fixed
// order, from one seeded generator. Brief bodies each have their own
// generator, seeded by the brief's number, so a body does not depend on
// how the others were drawn.
type gen struct {
	cfg       Config
	rng       *rand.Rand
	countries []country // the group first, then the nations
	sources   []source
	pledges   []pledge
	briefs    []briefMeta
}

type country struct {
	code, name, slug, role string
	group                  bool
	pledges                []int // indexes into gen.pledges
}

type source struct {
	id, title, publisher, url string
	date                      time.Time
}

type pledge struct {
	id, category, status, location string
	country                        int
	date                           time.Time
}

type briefMeta struct {
	slug, title, summary string
	date                 time.Time
	countries            [2]int
	source               int
	tag                  string // a category, for Hugo's tag taxonomy
}

func (b *briefMeta) file() string {
	return "content/briefs/" + b.date.Format("2006-01-02") + "-" + b.slug + ".md"
}

func (b *briefMeta) url() string { return "/briefs/" + b.slug + "/" }

var (
	firstDay = time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
)

func newGen(cfg Config) (*gen, error) {
	switch {
	case cfg.Briefs < 0 || cfg.Pledges < 0:
		return nil, fmt.Errorf("synth: negative size")
	case cfg.Countries < 1 || cfg.Countries > MaxCountries:
		return nil, fmt.Errorf("synth: %d countries: expected 1 to %d (two-letter codes)", cfg.Countries, MaxCountries)
	}
	if cfg.Events < 0 {
		cfg.Events = cfg.Briefs/20 + 10
	}
	g := &gen{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, 0x5eed))}
	g.makeCountries()
	g.makeSources()
	g.makePledges()
	g.makeBriefs()
	return g, nil
}

func (g *gen) day() time.Time { return g.dayFrom(g.rng) }

func (g *gen) makeCountries() {
	g.countries = append(g.countries, country{code: "coalition", name: "The Coalition", slug: "the-coalition", role: "coalition", group: true})
	codes := make([]string, 0, MaxCountries)
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			codes = append(codes, string([]rune{a, b}))
		}
	}
	g.rng.Shuffle(len(codes), func(i, j int) { codes[i], codes[j] = codes[j], codes[i] })
	seen := map[string]bool{"the-coalition": true}
	for i := 0; i < g.cfg.Countries; i++ {
		var name string
		for name == "" || seen[slug.Make(name)] {
			name = pick(g.rng, namePrefix) + pick(g.rng, nameMiddle) + pick(g.rng, nameSuffix)
		}
		seen[slug.Make(name)] = true
		role := "participant"
		switch r := g.rng.IntN(20); {
		case r == 0:
			role = "lead"
		case r == 1:
			role = "non-member"
		case r == 2:
			role = "backstop"
		}
		g.countries = append(g.countries, country{code: codes[i], name: name, slug: slug.Make(name), role: role})
	}
}

func (g *gen) makeSources() {
	n := max(5, g.cfg.Pledges/10)
	for i := range n {
		s := source{
			id:    fmt.Sprintf("src-%05d", i+1),
			title: capitalize(phrase(g.rng, 6+g.rng.IntN(6))),
			date:  g.day(),
		}
		if g.rng.IntN(2) == 0 {
			s.publisher = pick(g.rng, publishers)
		}
		if g.rng.IntN(3) > 0 {
			s.url = fmt.Sprintf("https://example.org/reports/%d", i+1)
		}
		g.sources = append(g.sources, s)
	}
}

func (g *gen) makePledges() {
	nations := len(g.countries) - 1
	seq := map[string]int{}
	for i := range g.cfg.Pledges {
		c := 1 + i%nations // every nation gets its share
		if i >= nations {
			c = 1 + g.rng.IntN(nations)
		}
		p := pledge{
			country:  c,
			category: pick(g.rng, categories),
			status:   pick(g.rng, weightedStatuses),
			date:     g.day(),
		}
		if g.rng.IntN(2) == 0 {
			p.location = pick(g.rng, []string{"inside", "outside"})
		}
		key := strings.ToLower(g.countries[c].code) + "-" + p.category
		seq[key]++
		p.id = fmt.Sprintf("%s-%d", key, seq[key])
		g.countries[c].pledges = append(g.countries[c].pledges, i)
		g.pledges = append(g.pledges, p)
	}
}

func (g *gen) makeBriefs() {
	nations := len(g.countries) - 1
	for i := range g.cfg.Briefs {
		b := briefMeta{date: g.day(), source: g.rng.IntN(len(g.sources)), tag: pick(g.rng, categories)}
		b.countries[0] = 1 + g.rng.IntN(nations)
		b.countries[1] = b.countries[0]
		if nations > 1 {
			for b.countries[1] == b.countries[0] {
				b.countries[1] = 1 + g.rng.IntN(nations)
			}
		}
		c := g.countries[b.countries[0]].name
		b.title = fmt.Sprintf(pick(g.rng, titles), c, pick(g.rng, topics))
		// The number keeps slugs unique whatever the titles.
		b.slug = fmt.Sprintf("%s-%d", slug.Make(b.title), i+1)
		b.summary = capitalize(sentence(g.rng, 14+g.rng.IntN(10)))
		g.briefs = append(g.briefs, b)
	}
}

// pick returns one element of list.
func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// phrase is n words of the prose vocabulary, lowercase, without stop.
func phrase(rng *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(pick(rng, words))
	}
	return b.String()
}

// sentence is about n words that read like a sentence of a report.
func sentence(rng *rand.Rand, n int) string {
	var b strings.Builder
	b.WriteString(pick(rng, subjects))
	b.WriteByte(' ')
	b.WriteString(pick(rng, verbs))
	b.WriteByte(' ')
	b.WriteString(phrase(rng, max(1, n-5)))
	if rng.IntN(3) == 0 {
		b.WriteString(", ")
		b.WriteString(pick(rng, clauses))
	}
	b.WriteByte('.')
	return b.String()
}

// tomlString quotes s as a TOML basic string. The generator writes only
// printable ASCII, so escaping quotes and backslashes is enough.
func tomlString(s string) string { return `"` + tomlEscaper.Replace(s) + `"` }

var tomlEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)
