// Package site joins the briefs and the dataset into the model the pages
// show: each country with its pledges, briefs and events; the pledge matrix;
// the timeline; the headline figures. Everything here is derived, never typed
// twice, and computed without I/O.
//
// URLs in the model are relative to the site root and have no leading slash
// ("countries/france/"); templates prefix them with the page's way back to
// the root, so the site works under any path.
package site

import (
	"cmp"
	"slices"
	"strings"

	"github.com/briefing/briefing/internal/config"
	"github.com/briefing/briefing/internal/content"
	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/diag"
)

// Site is the whole briefing, ready to render.
type Site struct {
	Config    config.Config
	AsOf      date.Date
	Data      *dataset.Dataset
	Briefs    []*Brief // published briefs, newest first
	Pages     []*content.Page
	Countries []*Country // groups first, then by name
	Pledges   []*Pledge  // in matrix order
	Matrix    Matrix
	Timeline  []Month
	ByStatus  []StatusCount // headline figures, in vocabulary order
	Nations   int           // countries, not counting groups
}

// Country is a dataset country with everything that refers to it.
type Country struct {
	*dataset.Country
	Role    *dataset.Term
	Pledges []*Pledge
	Briefs  []*Brief
	Events  []Entry // its own timeline, oldest first
}

// URL is the country's page.
func (c *Country) URL() string { return "countries/" + c.Slug + "/" }

// strength orders statuses by how far a commitment has gone; the map shades
// each country by its strongest. A status not listed here (one an editor
// added) ranks below all of these.
var strength = []string{"declined", "withdrawn", "considering", "announced", "signed", "delivered"}

// Strongest is the status of the country's most advanced pledge, or nil
// when it has none.
func (c *Country) Strongest() *dataset.Term {
	var best *dataset.Term
	rank := func(t *dataset.Term) int { return slices.Index(strength, t.ID) }
	for _, p := range c.Pledges {
		if best == nil || rank(p.Status) > rank(best) {
			best = p.Status
		}
	}
	return best
}

// Brief is a brief with the countries and sources it names resolved.
type Brief struct {
	*content.Brief
	Mentions  []*Country
	Cites     []*dataset.Source
	Scheduled bool // dated after today: shown only by the dev server
}

// URL is the brief's page.
func (b *Brief) URL() string { return "briefs/" + b.Slug + "/" }

// Pledge is a dataset pledge with its references resolved.
type Pledge struct {
	*dataset.Pledge
	Country  *Country
	Category *dataset.Term
	Status   *dataset.Term
	Location *dataset.Term // nil when the source does not say
}

// Anchor is the pledge's fragment id on its country page.
func (p *Pledge) Anchor() string { return "pledge-" + p.ID }

// URL links to the pledge on its country page.
func (p *Pledge) URL() string { return p.Country.URL() + "#" + p.Anchor() }

// StatusCount is how many pledges have a status.
type StatusCount struct {
	Status *dataset.Term
	N      int
}

// Options choose what is published.
type Options struct {
	Drafts bool      // include briefs marked draft
	Future bool      // include briefs dated after Today (the dev server shows them, marked)
	Today  date.Date // briefs dated after it are scheduled; zero means no brief is
}

// New builds the model. Its errors are references between briefs and the
// dataset that do not resolve; the dataset's own are reported by dataset.Load.
func New(cfg config.Config, data *dataset.Dataset, briefs []*content.Brief, pages []*content.Page, opts Options) (*Site, diag.List) {
	s := &Site{Config: cfg, Data: data, Pages: pages}
	var errs diag.List

	byCode := map[string]*Country{}
	for _, dc := range data.Countries {
		c := &Country{Country: dc, Role: data.Role(dc.Role)}
		byCode[dc.Code] = c
		s.Countries = append(s.Countries, c)
		if !dc.Group {
			s.Nations++
		}
	}
	slices.SortStableFunc(s.Countries, func(a, b *Country) int {
		if a.Group != b.Group {
			if a.Group {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})

	catIndex := indexOf(data.Categories)
	for _, dp := range data.Pledges {
		c := byCode[dp.Country]
		if c == nil {
			continue // reported by the dataset's validation
		}
		p := &Pledge{Pledge: dp, Country: c, Category: data.Category(dp.Category), Status: data.Status(dp.Status), Location: data.Location(dp.Location)}
		if p.Category == nil || p.Status == nil {
			continue
		}
		c.Pledges = append(c.Pledges, p)
	}
	for _, c := range s.Countries {
		slices.SortStableFunc(c.Pledges, func(a, b *Pledge) int {
			return cmp.Or(cmp.Compare(catIndex[a.Category.ID], catIndex[b.Category.ID]), a.Date.Compare(b.Date))
		})
		s.Pledges = append(s.Pledges, c.Pledges...)
	}

	for _, cb := range briefs {
		scheduled := !opts.Today.IsZero() && cb.Date.Compare(opts.Today) > 0
		if cb.Draft && !opts.Drafts || scheduled && !opts.Future {
			continue
		}
		b := &Brief{Brief: cb, Scheduled: scheduled}
		errs = append(errs, cb.Problems...)
		for _, code := range b.Countries {
			if c := byCode[code]; c != nil {
				c.Briefs = append(c.Briefs, b)
				b.Mentions = append(b.Mentions, c)
			} else {
				errs.Add(b.Pos("countries"), "field \"countries\": %s", data.UnknownCountry(code))
			}
		}
		for _, id := range b.Sources {
			if src := data.Source(id); src != nil {
				b.Cites = append(b.Cites, src)
			} else {
				errs.Add(b.Pos("sources"), "field \"sources\": %q is not a source id from %s/", id, dataset.Dir)
			}
		}
		s.Briefs = append(s.Briefs, b)
	}

	s.Matrix = newMatrix(data.Categories, s.Countries)
	s.Timeline = s.timeline(byCode)
	for _, st := range data.Statuses {
		n := 0
		for _, p := range s.Pledges {
			if p.Status == st {
				n++
			}
		}
		s.ByStatus = append(s.ByStatus, StatusCount{st, n})
	}
	s.AsOf = cfg.AsOf
	if s.AsOf.IsZero() {
		s.AsOf = s.latest()
	}
	return s, errs
}

// latest is the most recent date anywhere in the content.
func (s *Site) latest() date.Date {
	var d date.Date
	later := func(e date.Date) {
		if e.Compare(d) > 0 {
			d = e
		}
	}
	for _, b := range s.Briefs {
		later(b.Date)
		later(b.Updated)
	}
	for _, p := range s.Pledges {
		later(p.Date)
	}
	for _, e := range s.Data.Events {
		later(e.Date)
	}
	return d
}

// Page returns the standalone page with slug, or nil.
func (s *Site) Page(slug string) *content.Page {
	for _, p := range s.Pages {
		if p.Slug == slug {
			return p
		}
	}
	return nil
}

// CountryByCode returns the country with code, or nil.
func (s *Site) CountryByCode(code string) *Country {
	for _, c := range s.Countries {
		if c.Code == code {
			return c
		}
	}
	return nil
}

func indexOf(terms []*dataset.Term) map[string]int {
	m := make(map[string]int, len(terms))
	for i, t := range terms {
		m[t.ID] = i
	}
	return m
}
