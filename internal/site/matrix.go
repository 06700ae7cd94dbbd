package site

import (
	"strings"

	"github.com/briefing/briefing/internal/dataset"
	"github.com/briefing/briefing/internal/date"
)

// Matrix is countries by kinds of commitment.
type Matrix struct {
	Categories []*dataset.Term
	Rows       []Row
	Totals     []int // pledges per category, in Categories order
	Total      int
	// Compact is set when the briefing has more pledges than CompactAt: each
	// cell then sums up its pledges (the strongest status and how many)
	// instead of listing them, so the table stays readable on a phone and
	// its size grows with the countries, not the pledges.
	Compact bool
}

// Row is one country's line of the matrix.
type Row struct {
	Country *Country
	Cells   []Cell // in Categories order
	Total   int
}

// Cell holds a country's pledges of one category: usually one, none when the
// sources report nothing, several when a country made distinct pledges.
type Cell struct {
	Category *dataset.Term
	Pledges  []Mark
}

// Mark is a pledge as a matrix shows it on its date.
type Mark struct {
	*Pledge
	Status  *dataset.Term // the status on the matrix's date
	Changed bool          // the status was set on that very day
	From    *dataset.Term // the status before, when Changed; nil for a new pledge
}

// current marks every pledge with its status now.
func current(p *Pledge) (Mark, bool) { return Mark{Pledge: p, Status: p.Status}, true }

// on marks pledges as they stood at the end of day d.
func on(d date.Date) func(*Pledge) (Mark, bool) {
	return func(p *Pledge) (Mark, bool) {
		s := p.On(d)
		if s == nil {
			return Mark{}, false
		}
		changed := s.Date.Compare(d) == 0
		m := Mark{Pledge: p, Status: s.Status, Changed: changed}
		if changed {
			m.From = s.From
		}
		return m, true
	}
}

// newMatrix lays out the countries' pledges, each marked by mark, which
// leaves out a pledge when it reports false.
func newMatrix(categories []*dataset.Term, countries []*Country, compact bool, mark func(*Pledge) (Mark, bool)) Matrix {
	m := Matrix{Categories: categories, Totals: make([]int, len(categories)), Compact: compact}
	column := make(map[*dataset.Term]int, len(categories))
	for i, cat := range categories {
		column[cat] = i
	}
	for _, c := range countries {
		row := Row{Country: c, Cells: make([]Cell, len(categories))}
		for i, cat := range categories {
			row.Cells[i].Category = cat
		}
		// One pass over the country's pledges, in their order, so each
		// cell lists its pledges in that order.
		for _, p := range c.Pledges {
			i, ok := column[p.Category]
			if !ok {
				continue
			}
			if mk, ok := mark(p); ok {
				row.Cells[i].Pledges = append(row.Cells[i].Pledges, mk)
			}
		}
		for i := range row.Cells {
			n := len(row.Cells[i].Pledges)
			row.Total += n
			m.Totals[i] += n
		}
		m.Total += row.Total
		m.Rows = append(m.Rows, row)
	}
	return m
}

// Rank is the cell's strongest status on the scale of dataset.Strength, for
// sorting a column; -1 when the cell is empty.
func (c Cell) Rank() int {
	rank := -1
	for _, p := range c.Pledges {
		rank = max(rank, dataset.Strength(p.Status.ID))
	}
	return rank
}

// Strongest is the status of the cell's most advanced pledge (see
// Stronger); nil when the cell is empty.
func (c Cell) Strongest() *dataset.Term {
	var best *dataset.Term
	for _, p := range c.Pledges {
		if Stronger(p.Status, best) {
			best = p.Status
		}
	}
	return best
}

// Changed counts the cell's pledges made or changed on the matrix's day.
func (c Cell) Changed() int {
	n := 0
	for _, p := range c.Pledges {
		if p.Changed {
			n++
		}
	}
	return n
}

// Statuses lists the ids of the cell's statuses, space-separated, for
// filtering in the browser.
func (c Cell) Statuses() string {
	ids := make([]string, len(c.Pledges))
	for i, p := range c.Pledges {
		ids[i] = p.Status.ID
	}
	return strings.Join(ids, " ")
}
