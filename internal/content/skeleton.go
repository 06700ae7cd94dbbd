package content

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/briefing/briefing/internal/date"
	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/tomldoc"
)

// The skeleton of a new brief ("briefing new brief") has its title and
// date filled in, the rest of its front matter empty, and a body of
// placeholder lines. A draft may keep any of it, so that a new brief
// previews at once; a published brief may not: its summary is required,
// and a placeholder left in its body is an error at its line. The
// placeholders are defined here once, for the skeleton and the check.
var placeholders = []string{
	"Write the brief here, in Markdown: what happened, who said what, and what it changes.",
	"Quote people exactly, in quotation marks, and say who said it.",
}

// Skeleton is a new brief titled title, dated day, marked as a draft.
func Skeleton(title string, day date.Date) []byte {
	return fmt.Appendf(nil, `+++
title     = %s
date      = %s
summary   = ""    # one or two sentences for lists and previews (required to publish)
countries = []    # country codes from content/data/countries.toml, e.g. ["FR", "DE"]
sources   = []    # source ids from content/data/sources.toml, e.g. ["paris-report"]
draft     = true  # delete this line to publish
+++

%s
`, tomldoc.Quote(title), day, strings.Join(placeholders, "\n"))
}

// leftovers reports each line of body, which starts at at, that still
// holds a placeholder of the skeleton.
func leftovers(body []byte, at diag.Pos) diag.List {
	var errs diag.List
	for i, line := range bytes.Split(body, []byte("\n")) {
		for _, p := range placeholders {
			if j := bytes.Index(line, []byte(p)); j >= 0 {
				errs.Add(diag.Pos{File: at.File, Line: at.Line + i, Col: j + 1},
					"%q is left from the skeleton of a new brief: write the brief in its place before publishing (a draft may keep it)", p)
			}
		}
	}
	return errs
}
