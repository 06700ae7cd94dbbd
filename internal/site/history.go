package site

import (
	"cmp"
	"slices"

	"github.com/briefing/briefing/internal/date"
)

// Snapshot is the matrix as it stood at the end of a day on which some
// pledge was made or changed status.
type Snapshot struct {
	Date       date.Date
	Changes    []*Step // the entries of that day, in matrix order
	Prev, Next *Snapshot

	site *Site
}

// Matrix is the matrix at the end of the snapshot's day. It is made when
// asked for, as the snapshot's page is rendered, and not kept: a briefing
// with pledges made on a thousand days would otherwise hold a thousand
// matrices of nearly every pledge for the whole build (767 MiB of 963 at
// 10,000 briefs and 20,000 pledges; see docs/performance.md).
//
// In a compact matrix (more than CompactAt pledges) only the rows of the
// countries that changed that day are shown: a page per day with every
// country on it would make the snapshots grow with days times pledges
// (3.7 GiB of pages at 20,000 pledges), where the rows of the day grow only
// with its changes.
func (s *Snapshot) Matrix() Matrix {
	countries := s.site.Pledgers
	if s.Partial() {
		countries = s.Countries()
	}
	return newMatrix(s.site.Data.Categories, countries, s.site.Matrix.Compact, on(s.Date))
}

// Partial reports whether the snapshot shows only the countries that changed
// that day: in a compact matrix, or past FullSnapshots days, since a page
// per day each with every row would make the output grow with days times
// countries (500 changes of one pledge, 83 KB of TOML, wrote 13 MB: 158
// bytes for each byte added).
func (s *Snapshot) Partial() bool {
	return s.site.Matrix.Compact || len(s.site.Snapshots) > FullSnapshots
}

// Countries are the countries with a change that day, in matrix order.
func (s *Snapshot) Countries() []*Country {
	var out []*Country
	for _, c := range s.site.Countries {
		for _, st := range s.Changes {
			if st.Pledge.Country == c {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// URL is the snapshot's page: "matrix/2026-01-06/".
func (s *Snapshot) URL() string { return "matrix/" + s.Date.String() + "/" }

// history lists every entry of every pledge, newest first, and the matrix
// at the end of each day that has one.
func (s *Site) history() {
	days := map[string]*Snapshot{}
	for _, p := range s.Pledges {
		for _, st := range p.History {
			s.Changes = append(s.Changes, st)
			key := st.Date.String()
			if days[key] == nil {
				days[key] = &Snapshot{Date: st.Date, site: s}
				s.Snapshots = append(s.Snapshots, days[key])
			}
			days[key].Changes = append(days[key].Changes, st)
		}
	}
	slices.SortStableFunc(s.Changes, func(a, b *Step) int { return b.Date.Compare(a.Date) })
	slices.SortFunc(s.Snapshots, func(a, b *Snapshot) int { return cmp.Compare(a.Date.String(), b.Date.String()) })
	for i, snap := range s.Snapshots {
		if i > 0 {
			snap.Prev, s.Snapshots[i-1].Next = s.Snapshots[i-1], snap
		}
	}
}

// Snapshot returns the snapshot of day d, or nil. Snapshots are sorted by
// their dates' strings, so this is a binary search: the changes page looks
// up one per change.
func (s *Site) Snapshot(d date.Date) *Snapshot {
	key := d.String()
	i, ok := slices.BinarySearchFunc(s.Snapshots, key, func(snap *Snapshot, key string) int { return cmp.Compare(snap.Date.String(), key) })
	if !ok {
		return nil
	}
	return s.Snapshots[i]
}
