package build

import (
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/render"
)

// unique drops every page whose file an earlier page or a file of static/
// already has, with an error at the later page's source: a standalone page
// named like a section of the site (content/briefs.md) would otherwise
// replace that section, and a brief named like a file of static/ that file.
// Briefs, countries and pledges are kept apart by their own checks; this is
// the net under all of them.
func (f *files) unique(pages []*render.Page, errs *diag.List) []*render.Page {
	by := map[string]*render.Page{}
	kept := pages[:0:0]
	for _, p := range pages {
		first, taken := by[p.File()]
		if !taken && f.byName[p.File()] == nil {
			by[p.File()] = p
			kept = append(kept, p)
			continue
		}
		pos := diag.Pos{File: render.Dir}
		switch {
		case p.Doc != nil:
			pos = diag.Pos{File: p.Doc.File(), Line: 1, Col: 1}
		case p.Brief != nil:
			pos = diag.Pos{File: p.Brief.File(), Line: 1, Col: 1}
		}
		if !taken {
			errs.Add(pos, "the URL /%s is the file %s/%s: rename one of them", p.URL, StaticDir, p.File())
			continue
		}
		errs.Add(pos, "the URL /%s belongs to the site's own page %q: rename the file", p.URL, first.Title)
	}
	return kept
}
