package site

import "github.com/briefing/briefing/internal/dataset"

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
