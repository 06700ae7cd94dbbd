package site

import (
	"slices"
	"strings"

	"github.com/briefing/briefing/internal/dataset"
)

// Matrix is countries by kinds of commitment.
type Matrix struct {
	Categories []*dataset.Term
	Rows       []Row
	Totals     []int // pledges per category, in Categories order
	Total      int
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
	Pledges  []*Pledge
}

func newMatrix(categories []*dataset.Term, countries []*Country) Matrix {
	m := Matrix{Categories: categories, Totals: make([]int, len(categories))}
	for _, c := range countries {
		row := Row{Country: c, Cells: make([]Cell, len(categories))}
		for i, cat := range categories {
			row.Cells[i].Category = cat
			for _, p := range c.Pledges {
				if p.Category == cat {
					row.Cells[i].Pledges = append(row.Cells[i].Pledges, p)
				}
			}
			n := len(row.Cells[i].Pledges)
			row.Total += n
			m.Totals[i] += n
		}
		m.Total += row.Total
		m.Rows = append(m.Rows, row)
	}
	return m
}

// Rank is the cell's strongest status on the scale of Country.Strongest, for
// sorting a column; -1 when the cell is empty.
func (c Cell) Rank() int {
	rank := -1
	for _, p := range c.Pledges {
		rank = max(rank, slices.Index(strength, p.Status.ID))
	}
	return rank
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
