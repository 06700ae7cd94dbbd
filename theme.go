// Package briefing holds the default theme, the templates and static files
// in this repository, built into the binary so that a site folder without
// its own templates/ or static/ still builds.
package briefing

import "embed"

// Theme holds templates/ and static/ as shipped.
//
//go:embed templates static
var Theme embed.FS
